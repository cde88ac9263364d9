"""The rows the template registry reads and writes: pending documents, templates, verdicts.

SQL only. What the rows say (canonical order, enrollment, verdicts, alert texts, audit events) is
decided by ``towerkit.drift.registry``, which calls these loaders and writers inside the ingest
run's transaction. Pending documents are numbered in canonical order into the temporary table
``_tk_pending`` (:func:`open_pending`) so the registry can read them a chunk at a time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from towerkit.models import FieldValue, Fingerprint, Word
from towerkit.store.db import Connection, utcnow

ALL_PAGES = 2**31 - 1
"""Page bound meaning "every page" where a caller gives no ``analysis_pages``."""

PendingRow = tuple[str, str | None, str | None, str | None, str, str | None, str | None, str | None]
"""(doc_id, doc_type, issuer, site_id, sha256, path, run_id, route) of one pending document."""
RevisionRow = tuple[str, str | None, str | None, int, Fingerprint, dict[str, dict[str, Any]]]
"""(template_id, doc_type, issuer, revision, fingerprint, field positions as plain dicts)."""


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """A ``templates`` row to insert; ``positions`` maps a field to its position as a plain dict."""

    template_id: str
    doc_type: str | None
    issuer: str | None
    fingerprint: Fingerprint
    positions: Mapping[str, Mapping[str, Any]]
    revision: int
    parent_id: str | None
    baseline_docs: int
    source_doc_id: str | None
    approved_by: str | None = None


@dataclass(frozen=True, slots=True)
class VerdictRow:
    """What resolution decided for one document: its status, template, layout and first reasons."""

    doc_id: str
    status: str
    template_id: str | None
    fingerprint: Fingerprint | None
    reason: str | None
    similarity: float


DriftEventRow = tuple[str, str | None, str, str | None, str | None, str | None, float | None, str]
"""(doc_id, template_id, kind, field, expected, observed, delta_pt, severity) of a ``drift_events`` row."""
QuarantineRow = tuple[str, Sequence[str], str | None]
"""(doc_id, reasons, template_id) of a ``quarantine`` row."""
AlertRow = tuple[str | None, str, str, str]
"""(site_id, doc_id, kind, message) of a major ``alerts`` row."""


# -- pending documents -----------------------------------------------------------------------------


def open_pending(conn: Connection, date_fields: Sequence[str]) -> list[tuple[str | None, str | None, int, int]]:
    """Number the pending documents into ``_tk_pending`` in canonical order; return their families.

    The order is family (``doc_type``, ``issuer``, NULLs last), document date (the earliest value of
    ``date_fields``, NULLs last), then ``doc_id``. Each family is returned as
    ``(doc_type, issuer, first rn, last rn)``, in that order.
    """
    conn.execute("DROP TABLE IF EXISTS _tk_pending")
    conn.execute(
        """CREATE TEMP TABLE _tk_pending AS
        SELECT row_number() OVER (ORDER BY d.doc_type NULLS LAST, d.issuer NULLS LAST,
                                           dd.doc_date NULLS LAST, d.doc_id) AS rn,
               d.doc_id, d.doc_type, d.issuer, d.site_id, d.sha256, d.path, d.run_id, d.route, dd.doc_date
        FROM documents d
        LEFT JOIN (SELECT doc_id, min(value_date) AS doc_date FROM fields
                   WHERE list_contains(?, field) GROUP BY doc_id) dd USING (doc_id)
        WHERE d.status = 'pending'""",
        [list(date_fields)],
    )
    return [
        (dt, iss, int(lo), int(hi))
        for dt, iss, lo, hi in conn.execute(
            "SELECT doc_type, issuer, min(rn), max(rn) FROM _tk_pending GROUP BY ALL ORDER BY min(rn)"
        ).fetchall()
    ]


def close_pending(conn: Connection) -> None:
    """Drop ``_tk_pending`` (the end of a resolution)."""
    conn.execute("DROP TABLE IF EXISTS _tk_pending")


def pending_docs(conn: Connection, lo: int, hi: int) -> list[PendingRow]:
    """The pending documents numbered ``lo`` to ``hi`` (inclusive), in canonical order."""
    return conn.execute(
        "SELECT doc_id, doc_type, issuer, site_id, sha256, path, run_id, route FROM _tk_pending "
        "WHERE rn BETWEEN ? AND ? ORDER BY rn",
        [lo, hi],
    ).fetchall()


def pending_dates(conn: Connection, lo: int, hi: int) -> list[tuple[str, Any, str | None]]:
    """(doc_id, document date, route) of the pending documents numbered ``lo`` to ``hi``, in order."""
    return [
        (str(d), date, route)
        for d, date, route in conn.execute(
            "SELECT doc_id, doc_date, route FROM _tk_pending WHERE rn BETWEEN ? AND ? ORDER BY rn", [lo, hi]
        ).fetchall()
    ]


# -- what a decision reads -------------------------------------------------------------------------


def load_revisions(conn: Connection, doc_type: str | None, issuer: str | None) -> list[RevisionRow]:
    """The active template revisions of a family, oldest revision first."""
    rows = conn.execute(
        "SELECT template_id, doc_type, issuer, revision, fingerprint, shingles, signature, field_positions "
        "FROM templates WHERE status = 'active' "
        "AND doc_type IS NOT DISTINCT FROM ? AND issuer IS NOT DISTINCT FROM ? ORDER BY revision, template_id",
        [doc_type, issuer],
    ).fetchall()
    out: list[RevisionRow] = []
    for tid, dt, iss, rev, exact, shingles, sig, positions in rows:
        fp = Fingerprint(
            exact, frozenset(json.loads(shingles) if shingles else ()), tuple(json.loads(sig) if sig else ())
        )
        out.append((tid, dt, iss, int(rev or 1), fp, dict(json.loads(positions) if positions else {})))
    return out


def _for_ids(conn: Connection, ids: Sequence[str], sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql``, which joins ``_tk_ids`` (one ``doc_id`` column: ``ids``) to pick its documents."""
    conn.register("_tk_ids", pa.table({"doc_id": list(ids)}))
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.unregister("_tk_ids")


def load_words(conn: Connection, ids: Sequence[str], analysis_pages: int | None = None) -> dict[str, list[Word]]:
    """The stored words of documents (of their first ``analysis_pages`` pages: what was analysed)."""
    out: dict[str, list[Word]] = {i: [] for i in ids}
    rows = _for_ids(
        conn,
        ids,
        "SELECT t.doc_id, t.text, t.page, t.x0, t.top, t.x1, t.bottom, t.conf FROM tokens t "
        "JOIN _tk_ids USING (doc_id) WHERE t.page <= ?",
        [analysis_pages if analysis_pages is not None else ALL_PAGES],
    )
    for d, text, page, x0, top, x1, bottom, conf in rows:
        if text is None:
            continue
        out[d].append(Word(text, int(page or 1), x0 or 0.0, top or 0.0, x1 or 0.0, bottom or 0.0, conf))
    return out


def load_fields(conn: Connection, ids: Sequence[str]) -> dict[str, list[FieldValue]]:
    """The stored fields of documents, per doc_id (an empty list for a document without any)."""
    out: dict[str, list[FieldValue]] = {i: [] for i in ids}
    rows = _for_ids(
        conn,
        ids,
        "SELECT f.doc_id, field, value, raw_text, page, x0, top, x1, bottom, confidence, "
        "value_num, value_date, error, label FROM fields f JOIN _tk_ids USING (doc_id)",
    )
    for d, name, value, raw, page, x0, top, x1, bottom, conf, vnum, vdate, err, label in rows:
        out[d].append(
            FieldValue(
                name,
                value,
                raw or "",
                page,
                x0,
                top,
                x1,
                bottom,
                1.0 if conf is None else conf,
                vnum,
                vdate,
                err,
                label,
            )
        )
    return out


def load_layouts(conn: Connection, ids: Sequence[str]) -> dict[str, Fingerprint]:
    """The fingerprints the workers stored in ``doc_layouts`` (documents without one are left out)."""
    rows = _for_ids(
        conn,
        ids,
        "SELECT l.doc_id, l.fingerprint, l.shingles, l.signature FROM doc_layouts l JOIN _tk_ids USING (doc_id)",
    )
    return {
        doc_id: Fingerprint(exact, frozenset(shingles or ()), tuple(signature or ()))
        for doc_id, exact, shingles, signature in rows
    }


# -- what a decision writes ------------------------------------------------------------------------


def insert_template(conn: Connection, row: TemplateRow) -> None:
    """Insert a template revision (a revision already stored under its id is left as it is)."""
    fp = row.fingerprint
    pos_json = json.dumps({k: dict(v) for k, v in sorted(row.positions.items())}, sort_keys=True)
    conn.execute(
        "INSERT INTO templates (template_id, doc_type, issuer, fingerprint, signature, revision, parent_id, status, "
        "first_seen, shingles, field_positions, baseline_docs, approved_by, source_doc_id) "
        "SELECT ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ? "
        # Not ON CONFLICT: a DuckLake store has no keys to conflict on (towerkit.store.lake).
        "WHERE NOT EXISTS (SELECT 1 FROM templates WHERE template_id = $1)",
        [
            row.template_id,
            row.doc_type,
            row.issuer,
            fp.exact,
            json.dumps(list(fp.signature)),
            row.revision,
            row.parent_id,
            utcnow(),
            json.dumps(sorted(fp.shingles)),
            pos_json,
            row.baseline_docs,
            row.approved_by,
            row.source_doc_id,
        ],
    )


def write_verdicts(conn: Connection, rows: Sequence[VerdictRow]) -> None:
    """Set documents' status and template, their paths' outcome and their layouts' match.

    Also clears the documents' earlier drift events and quarantine rows (a document resolved again
    after a crash gets exactly the rows of its new verdict).
    """
    upd = pa.table(
        {
            "doc_id": [r.doc_id for r in rows],
            "status": [r.status for r in rows],
            "template_id": [r.template_id for r in rows],
            "fingerprint": [r.fingerprint.exact if r.fingerprint else None for r in rows],
            "reason": [r.reason for r in rows],
            "similarity": [r.similarity for r in rows],
            "shingles": [sorted(r.fingerprint.shingles) if r.fingerprint else [] for r in rows],
            "signature": [list(r.fingerprint.signature) if r.fingerprint else [] for r in rows],
        }
    )
    conn.register("_tk_upd", upd)
    try:
        conn.execute(
            "UPDATE documents SET status = u.status, template_id = u.template_id, fingerprint = u.fingerprint "
            "FROM _tk_upd u WHERE documents.doc_id = u.doc_id"
        )
        conn.execute(
            "UPDATE document_paths SET outcome = u.status, reason = coalesce(u.reason, document_paths.reason) "
            "FROM _tk_upd u WHERE document_paths.doc_id = u.doc_id AND document_paths.outcome = 'pending'"
        )
        # The worker's row is there already (towerkit.pipeline.pack): set what resolution decided, and do not
        # rewrite its shingles (a delete and re-insert doubled them in the transaction's memory).
        conn.execute(
            "UPDATE doc_layouts SET similarity = u.similarity, "
            "template_id = u.template_id FROM _tk_upd u WHERE doc_layouts.doc_id = u.doc_id"
        )
        conn.execute(
            "INSERT INTO doc_layouts SELECT doc_id, fingerprint, shingles, signature, similarity, template_id "
            "FROM _tk_upd u WHERE NOT EXISTS (SELECT 1 FROM doc_layouts l WHERE l.doc_id = u.doc_id)"
        )
        conn.execute("DELETE FROM drift_events WHERE doc_id IN (SELECT doc_id FROM _tk_upd)")
        conn.execute("DELETE FROM quarantine WHERE doc_id IN (SELECT doc_id FROM _tk_upd)")
    finally:
        conn.unregister("_tk_upd")


_EVENT_COLUMNS = ("doc_id", "template_id", "kind", "field", "expected", "observed", "delta_pt", "severity")


def insert_drift_events(conn: Connection, rows: Sequence[DriftEventRow], detected_at: datetime) -> None:
    """Insert ``drift_events`` rows (one statement; nothing when there are none)."""
    if not rows:
        return
    cols = {k: [r[i] for r in rows] for i, k in enumerate(_EVENT_COLUMNS)}
    schema = pa.schema([(k, pa.float64() if k == "delta_pt" else pa.string()) for k in _EVENT_COLUMNS])
    conn.register("_tk_ev", pa.table(cols, schema=schema))
    try:
        conn.execute(
            "INSERT INTO drift_events (doc_id, template_id, kind, field, expected, observed, delta_pt, "
            "severity, detected_at) SELECT *, ? FROM _tk_ev",
            [detected_at],
        )
    finally:
        conn.unregister("_tk_ev")


def insert_quarantine(conn: Connection, rows: Sequence[QuarantineRow], queued_at: datetime) -> None:
    """Queue documents for review (``quarantine`` rows, status ``pending``; reasons as a JSON list)."""
    conn.executemany(  # at most one chunk of rows; quarantine is the rare path
        "INSERT INTO quarantine (doc_id, reasons, status, queued_at, template_id) VALUES (?, ?, 'pending', ?, ?)",
        [[doc_id, json.dumps(reasons), queued_at, template_id] for doc_id, reasons, template_id in rows],
    )


def insert_alerts(conn: Connection, rows: Sequence[AlertRow], created_at: datetime) -> list[int]:
    """Insert major ``alerts`` rows in order; return their alert ids, in the same order."""
    # Numbered here, not by the alert_ids sequence: a DuckLake store has none, and its writes are
    # serialised (towerkit.store.lake.CLOCK), so the next number is the largest one plus one.
    top = conn.execute("SELECT coalesce(max(alert_id), 0) FROM alerts").fetchone()
    first = int(top[0]) + 1 if top else 1
    ids = list(range(first, first + len(rows)))
    for alert_id, (site_id, doc_id, kind, message) in zip(ids, rows, strict=True):
        conn.execute(
            "INSERT INTO alerts (alert_id, created_at, severity, site_id, doc_id, kind, message) "
            "VALUES (?, ?, 'major', ?, ?, ?, ?)",
            [alert_id, created_at, site_id, doc_id, kind, message],
        )
    return ids
