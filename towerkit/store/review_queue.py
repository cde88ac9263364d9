"""The rows review & teach reads and writes: the review queue, corrections, extraction revisions.

SQL only; which documents need a person, what a correction may say and when fields are read again
is ``towerkit.review``'s. Writers run inside the caller's transaction (``store.review.transaction``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from towerkit.audit.canonical import CORRECTION_KEYS
from towerkit.models import FieldValue
from towerkit.store.db import Connection

FIELD_COLUMNS = (
    "field, value, value_num, value_date, raw_text, page, x0, top, x1, bottom, confidence, value_sha256, error, label"
)
"""The ``fields`` columns a reviewer sees, in the table's order (``revision`` and ``source`` follow)."""

CORRECTION_COLUMNS = (*CORRECTION_KEYS, "record_sha256")
"""A correction row: what its record hash covers, and that hash."""


def _dicts(conn: Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, list(params))
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# -- the queue ---------------------------------------------------------------------------------------
def queue_status(conn: Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    """The review status of each of ``doc_ids`` that has a queue row."""
    rows = conn.execute(
        "SELECT doc_id, status FROM review_queue WHERE list_contains(?, doc_id)", [list(doc_ids)]
    ).fetchall()
    return {str(d): str(s) for d, s in rows}


def enqueue(conn: Connection, reasons: Mapping[str, Sequence[str]], now: datetime, cleared_by: str) -> None:
    """Bring the queue in line with ``reasons`` (doc_id -> why it needs a person; empty: nothing).

    A document with reasons is (re)queued as pending unless a reviewer already accepted it; a
    pending document with none left is closed as ``cleared`` by ``cleared_by``.
    """
    if not reasons:
        return
    status = queue_status(conn, list(reasons))
    queued = [[doc_id, list(why), now] for doc_id, why in reasons.items() if why and status.get(doc_id) != "accepted"]
    if queued:  # re-queued in place, else added (no ON CONFLICT: a DuckLake store has no keys)
        again = [[why, doc_id] for doc_id, why, _ in queued if doc_id in status]
        if again:
            conn.executemany(
                "UPDATE review_queue SET reasons = ?, status = 'pending', resolved_at = NULL, resolved_by = NULL "
                "WHERE doc_id = ?",
                again,
            )
        added = [row for row in queued if row[0] not in status]
        if added:
            conn.executemany(
                "INSERT INTO review_queue (doc_id, reasons, status, queued_at) VALUES (?, ?, 'pending', ?)", added
            )
    cleared = [doc_id for doc_id, why in reasons.items() if not why and status.get(doc_id) == "pending"]
    if cleared:
        conn.execute(
            "UPDATE review_queue SET status = 'cleared', reasons = [], resolved_at = ?, resolved_by = ? "
            "WHERE list_contains(?, doc_id)",
            [now, cleared_by, cleared],
        )


def queue_rows(conn: Connection, *, all_: bool = False, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Queue rows with their document's type, site, zone and path, oldest first (pending only unless ``all_``)."""
    return _dicts(
        conn,
        "SELECT q.doc_id, q.status, q.reasons, q.queued_at, q.resolved_at, q.resolved_by, d.doc_type, d.site_id, "
        "d.zone, d.path, d.issuer, d.template_id, d.extraction_revision FROM review_queue q "
        "JOIN documents d USING (doc_id) WHERE (q.status = 'pending' OR ?) AND (? IS NULL OR q.doc_id = ?) "
        "ORDER BY q.queued_at, q.doc_id",
        [all_ or doc_id is not None, doc_id, doc_id],
    )


def run_documents(
    conn: Connection, run_id: str, after: str, limit: int
) -> list[tuple[str, str | None, list[dict[str, Any]]]]:
    """(doc_id, doc_type, its field rows) of up to ``limit`` documents a run ingested, doc_id above ``after``.

    Paged by doc_id and read on ``conn`` itself (a cursor would not see the caller's open
    transaction, in which the run's verdicts were just written), so memory stays flat.
    """
    docs = conn.execute(
        "SELECT doc_id, doc_type FROM documents WHERE run_id = ? AND status = 'ingested' AND doc_id > ? "
        "ORDER BY doc_id LIMIT ?",
        [run_id, after, limit],
    ).fetchall()
    rows: dict[str, list[dict[str, Any]]] = {str(d): [] for d, _ in docs}
    for doc_id, field, value, raw, conf, error, source in conn.execute(
        "SELECT doc_id, field, value, raw_text, confidence, error, source FROM fields WHERE list_contains(?, doc_id)",
        [list(rows)],
    ).fetchall():
        row = {"field": field, "value": value, "raw_text": raw, "confidence": conf, "error": error}
        rows[doc_id].append({**row, "source": source})
    return [(str(d), t, rows[str(d)]) for d, t in docs]


def accept_doc(conn: Connection, doc_id: str, by: str, now: datetime) -> bool:
    """Close a pending review as accepted; False when the document has no pending review."""
    row = conn.execute(
        "UPDATE review_queue SET status = 'accepted', resolved_at = ?, resolved_by = ? "
        "WHERE doc_id = ? AND status = 'pending' RETURNING doc_id",
        [now, by, doc_id],
    ).fetchone()
    return row is not None


def pending_doc_ids(conn: Connection) -> list[str]:
    """Every document waiting for review."""
    return [str(r[0]) for r in conn.execute("SELECT doc_id FROM review_queue WHERE status = 'pending'").fetchall()]


# -- documents and their fields ------------------------------------------------------------------------
def doc_head(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """The ``documents`` row a reviewer needs, None when there is no such document."""
    rows = _dicts(
        conn,
        "SELECT doc_id, sha256, path, zone, site_id, doc_type, doc_type_confidence, issuer, engine, route, status, "
        "template_id, run_id, extraction_revision FROM documents WHERE doc_id = ?",
        [doc_id],
    )
    return rows[0] if rows else None


def field_dicts(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    """The fields in force of a document, with their revision and source, by field name."""
    return _dicts(
        conn,
        f"SELECT {FIELD_COLUMNS}, revision, source FROM fields WHERE doc_id = ? ORDER BY field, page, top",  # noqa: S608
        [doc_id],
    )


def history_dicts(conn: Connection, doc_id: str, field: str | None = None) -> list[dict[str, Any]]:
    """Rows that left ``fields`` (older revisions, values a correction replaced), oldest first."""
    return _dicts(
        conn,
        f"SELECT {FIELD_COLUMNS}, revision, source, superseded_at, superseded_by FROM field_history "  # noqa: S608
        "WHERE doc_id = ? AND (? IS NULL OR field = ?) ORDER BY superseded_at, field",
        [doc_id, field, field],
    )


def pair_dicts(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    """Every label -> value pair the layout reader found in a document, in reading order."""
    return _dicts(
        conn,
        "SELECT page, label, value, label_x0, label_top, label_x1, label_bottom, value_x0, value_top, value_x1, "
        "value_bottom, kind, confidence, field, chosen FROM kv_pairs WHERE doc_id = ? ORDER BY pair_no",
        [doc_id],
    )


def page_dicts(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    """A document's pages: size in points, route and engine."""
    return _dicts(conn, "SELECT page, width, height, route, engine FROM pages WHERE doc_id = ? ORDER BY page", [doc_id])


def supersede_fields(conn: Connection, doc_id: str, by: str, now: datetime, field: str | None = None) -> int:
    """Move a document's rows in force (of one ``field``, or all) to ``field_history``; returns how many."""
    where = "doc_id = ? AND (? IS NULL OR field = ?)"
    moved = conn.execute(
        f"INSERT INTO field_history SELECT doc_id, {FIELD_COLUMNS}, revision, source, ?, ? FROM fields "  # noqa: S608
        f"WHERE {where}",
        [now, by, doc_id, field, field],
    ).fetchone()
    conn.execute(f"DELETE FROM fields WHERE {where}", [doc_id, field, field])  # noqa: S608
    return int(moved[0]) if moved else 0


def insert_fields(conn: Connection, doc_id: str, fields: Sequence[FieldValue], revision: int, source: str) -> None:
    """Insert field rows in force for a document at ``revision`` from ``source`` (extracted | correction)."""
    if not fields:
        return
    conn.executemany(
        f"INSERT INTO fields (doc_id, {FIELD_COLUMNS}, revision, source) "  # noqa: S608
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                doc_id,
                f.field,
                f.value,
                f.value_num,
                f.value_date,
                f.raw_text,
                f.page,
                f.x0,
                f.top,
                f.x1,
                f.bottom,
                f.confidence,
                f.value_sha256,
                f.error,
                f.label,
                revision,
                source,
            ]
            for f in fields
        ],
    )


def set_extraction(
    conn: Connection,
    doc_id: str,
    *,
    doc_type: str | None,
    confidence: float | None,
    issuer: str | None,
    site_id: str | None,
    revision: int,
) -> None:
    """Record a document's re-read type, issuer and site, and its extraction revision."""
    conn.execute(
        "UPDATE documents SET doc_type = ?, doc_type_confidence = ?, issuer = ?, site_id = coalesce(?, site_id), "
        "extraction_revision = ? WHERE doc_id = ?",
        [doc_type, confidence, issuer, site_id, revision, doc_id],
    )


def set_site(conn: Connection, doc_id: str, site_id: str) -> None:
    """Record a document's site as a reviewer corrected it (facts group by ``documents.site_id``)."""
    conn.execute("UPDATE documents SET site_id = ? WHERE doc_id = ?", [site_id, doc_id])


def select_doc_ids(
    conn: Connection, *, doc_ids: Sequence[str] | None, template: str | None, since: date | None
) -> list[str]:
    """Stored documents (ingested or quarantined) matching every given selector, by doc_id."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT doc_id FROM documents WHERE status <> 'failed' AND (? IS NULL OR list_contains(?, doc_id)) "
            "AND (? IS NULL OR template_id = ?) AND (? IS NULL OR CAST(ingested_at AS DATE) >= ?) ORDER BY doc_id",
            [
                None if doc_ids is None else 1,
                list(doc_ids or ()),
                template,
                template,
                since,
                since,
            ],
        ).fetchall()
    ]


def template_exists(conn: Connection, template: str) -> bool:
    """Whether a template id is known."""
    return conn.execute("SELECT 1 FROM templates WHERE template_id = ?", [template]).fetchone() is not None


def template_ids(conn: Connection) -> list[str]:
    """Every template id, to name the closest ones when a given id is unknown."""
    return [str(r[0]) for r in conn.execute("SELECT template_id FROM templates ORDER BY template_id").fetchall()]


# -- corrections --------------------------------------------------------------------------------------------
def next_correction_id(conn: Connection) -> int:
    """The id the next correction will get: its record hash covers its id."""
    # The largest id plus one, not the correction_ids sequence: a DuckLake store has none, and
    # writes on either store are serialised (one writer, or towerkit.store.lake.CLOCK).
    got = conn.execute("SELECT coalesce(max(correction_id), 0) + 1 FROM corrections").fetchone()
    return int(got[0]) if got else 1


def insert_correction_with_id(conn: Connection, row: Mapping[str, Any]) -> None:
    """Store a correction whose id was drawn with ``next_correction_id``."""
    conn.execute(
        f"INSERT INTO corrections ({', '.join(CORRECTION_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join('?' for _ in CORRECTION_COLUMNS)})",
        [row[n] for n in CORRECTION_COLUMNS],
    )


def correction_dicts(conn: Connection, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Corrections (of one document, or all), oldest first."""
    return _dicts(
        conn,
        f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM corrections "  # noqa: S608
        "WHERE ? IS NULL OR doc_id = ? ORDER BY correction_id",
        [doc_id, doc_id],
    )


def corrected_doc_ids(conn: Connection, doc_ids: Sequence[str]) -> set[str]:
    """Those of ``doc_ids`` that carry a correction."""
    rows = conn.execute(
        "SELECT DISTINCT doc_id FROM corrections WHERE list_contains(?, doc_id)", [list(doc_ids)]
    ).fetchall()
    return {str(r[0]) for r in rows}
