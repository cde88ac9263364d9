"""Queries behind lineage, run diffs and evidence bundles (the SQL; the logic is in towerkit.lineage/bundle).

All reads: these functions work on a read-only connection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from towerkit.audit.canonical import FIELD_KEYS, AuditEntry
from towerkit.errors import InputError, UsageError
from towerkit.store.audit_log import iter_entries
from towerkit.store.db import Connection

HEX_PREFIX = re.compile(r"^[0-9a-f]{8,64}$")
"""A doc id as a user may type it: a sha256 or a prefix of at least 8 of its hex digits."""


def _dicts(cur: Connection) -> list[dict[str, Any]]:
    """An executed cursor's rows as dicts keyed by column name."""
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def resolve_doc_id(conn: Connection, doc_id: str) -> str:
    """The full doc id for a doc id or a unique prefix of at least 8 hex characters."""
    key = doc_id.strip().lower()
    if not HEX_PREFIX.match(key):
        raise UsageError(f"document id {doc_id!r} must be at least 8 hex characters (a sha256 or its prefix)")
    rows = conn.execute(
        "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) ORDER BY doc_id LIMIT 3", [key]
    ).fetchall()
    if not rows:
        raise InputError(f"unknown document {doc_id}")
    if len(rows) > 1:
        raise InputError(
            f"document id prefix {doc_id} is ambiguous ({rows[0][0][:16]}…, {rows[1][0][:16]}…); give more characters"
        )
    return str(rows[0][0])


def field_rows(conn: Connection, doc_id: str, field: str) -> list[dict[str, Any]]:
    """Every row of a document's field, in force first, then those superseded (newest first).

    Joined with its document, page and template; a correction's row also with who made it and why.
    """
    cur = conn.execute(
        """WITH r AS (
               SELECT doc_id, field, value, value_num, value_date, raw_text, page, x0, top, x1, bottom, confidence,
                      value_sha256, error, label, revision, source, true AS in_force,
                      NULL::TIMESTAMP AS superseded_at, NULL::VARCHAR AS superseded_by
               FROM fields WHERE doc_id = $doc AND field = $field
               UNION ALL
               SELECT doc_id, field, value, value_num, value_date, raw_text, page, x0, top, x1, bottom, confidence,
                      value_sha256, error, label, revision, source, false, superseded_at, superseded_by
               FROM field_history WHERE doc_id = $doc AND field = $field
           ),
           c AS (
               SELECT typed, arg_max(corrected_by, correction_id) AS corrected_by,
                      arg_max(reason, correction_id) AS correction_reason,
                      arg_max(corrected_at, correction_id) AS corrected_at
               FROM corrections WHERE doc_id = $doc AND field = $field GROUP BY typed
           )
           SELECT f.*, c.corrected_by, c.correction_reason, c.corrected_at,
                  d.sha256, d.path, d.site_id, d.doc_type, d.status, d.engine AS doc_engine, d.route AS doc_route,
                  d.route_reason, d.template_id, t.revision AS template_revision, t.status AS template_status,
                  p.route AS page_route, p.engine AS page_engine, p.reason AS page_reason
           FROM r f JOIN documents d ON d.doc_id = f.doc_id
           LEFT JOIN c ON f.source = 'correction' AND c.typed = f.raw_text
           LEFT JOIN templates t ON t.template_id = d.template_id
           LEFT JOIN pages p ON p.doc_id = f.doc_id AND p.page = f.page
           ORDER BY f.in_force DESC, f.superseded_at DESC NULLS FIRST, f.page NULLS LAST, f.top NULLS LAST""",
        {"doc": doc_id, "field": field},
    )
    return _dicts(cur)


def field_names(conn: Connection, doc_id: str) -> list[str]:
    """The fields a document has rows for, by name (to suggest one when the asked field is absent)."""
    return [
        r[0]
        for r in conn.execute("SELECT DISTINCT field FROM fields WHERE doc_id = ? ORDER BY field", [doc_id]).fetchall()
    ]


def doc_paths(conn: Connection, doc_id: str) -> list[str]:
    """Every path the content was seen at, first seen first."""
    rows = conn.execute(
        """SELECT path FROM (SELECT path, min(seen_at) AS first FROM document_paths WHERE doc_id = ? GROUP BY path
           UNION ALL SELECT path, NULL FROM documents WHERE doc_id = ?)
           GROUP BY path ORDER BY min(first) NULLS FIRST, path""",
        [doc_id, doc_id],
    ).fetchall()
    return [r[0] for r in rows]


def covering_entry(conn: Connection, doc_id: str) -> AuditEntry | None:
    """The latest entry carrying a fields digest for the document (the one its fields verify against)."""
    row = conn.execute(
        "SELECT max(seq) FROM audit_log WHERE doc_id = ? AND fields_sha256 IS NOT NULL", [doc_id]
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return next(iter_entries(conn, "seq = ?", [int(row[0])]), None)


# -- runs -----------------------------------------------------------------------------------------
def run_exists(conn: Connection, run_id: str) -> bool:
    """Whether the run is recorded in ``runs``, or (for a run killed early) saw any path."""
    return _counts_any(conn, "SELECT count(*) FROM runs WHERE run_id = ?", run_id) or _counts_any(
        conn, "SELECT count(*) FROM document_paths WHERE run_id = ?", run_id
    )


def _counts_any(conn: Connection, count_sql: str, run_id: str) -> bool:
    """Whether a ``SELECT count(*) ... WHERE run_id = ?`` counts more than nothing."""
    row = conn.execute(count_sql, [run_id]).fetchone()
    return row is not None and row[0] > 0


def run_digests(conn: Connection, run_id: str) -> dict[str, dict[str, Any]]:
    """Per document the run saw: its paths, outcome and the fields digest the chain held at the run's end.

    "At the run's end" is the latest entry with a fields digest for the document whose seq is not after the
    run's last entry, so a duplicate (not re-extracted) gets the digest its content had then.
    """
    top = conn.execute("SELECT max(seq) FROM audit_log WHERE run_id = ?", [run_id]).fetchone()
    last = top[0] if top is not None else None
    cur = conn.execute(
        """WITH seen AS (
               SELECT doc_id, list(path ORDER BY path) AS paths, min(outcome) AS outcome
               FROM document_paths WHERE run_id = ? AND doc_id IS NOT NULL GROUP BY doc_id)
           SELECT s.doc_id, s.paths, s.outcome,
                  (SELECT arg_max(a.fields_sha256, a.seq) FROM audit_log a
                   WHERE a.doc_id = s.doc_id AND a.fields_sha256 IS NOT NULL AND a.seq <= coalesce(?, 9e18)) AS digest
           FROM seen s ORDER BY s.doc_id""",
        [run_id, last],
    )
    return {r["doc_id"]: r for r in _dicts(cur)}


def fields_by_doc(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Current ``fields`` rows (FIELD_KEYS plus confidence and label) per document."""
    cols = ", ".join(FIELD_KEYS)
    cur = conn.execute(
        f"""SELECT doc_id, {cols}, confidence, label FROM fields WHERE list_contains(?, doc_id)
            ORDER BY doc_id, field, page NULLS LAST, top NULLS LAST, x0 NULLS LAST""",  # noqa: S608 (fixed names)
        [list(doc_ids)],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _dicts(cur):
        out.setdefault(row.pop("doc_id"), []).append(row)
    return out


# -- evidence bundles -----------------------------------------------------------------------------
def site_documents(conn: Connection, site_id: str) -> list[dict[str, Any]]:
    """The site's documents with every path they were seen at."""
    cur = conn.execute(
        """SELECT d.doc_id, d.sha256, d.path, d.size_bytes, d.zone, d.site_id, d.doc_type, d.issuer, d.engine,
                  d.route, d.route_reason, d.page_count, d.template_id, t.revision AS template_revision,
                  d.status, d.error_kind, d.error, d.run_id, d.ingested_at,
                  (SELECT list(DISTINCT p.path ORDER BY p.path) FROM document_paths p
                   WHERE p.doc_id = d.doc_id) AS paths
           FROM documents d LEFT JOIN templates t ON t.template_id = d.template_id
           WHERE d.site_id = ? ORDER BY d.doc_id""",
        [site_id],
    )
    return _dicts(cur)


def entries_for_docs(conn: Connection, doc_ids: Sequence[str]) -> list[AuditEntry]:
    """Every entry naming one of the documents, plus the run_start/run_end entries of their runs."""
    ids = list(doc_ids)
    return list(
        iter_entries(
            conn,
            "list_contains(?, doc_id) OR (event IN ('run_start', 'run_end') AND run_id IN "
            "(SELECT run_id FROM audit_log WHERE list_contains(?, doc_id)))",
            [ids, ids],
        )
    )


def run_leaves(conn: Connection, run_id: str, before_seq: int) -> list[tuple[int, str]]:
    """(seq, entry_hash) of a run's entries before ``before_seq`` in chain order: its Merkle leaves."""
    return [
        (int(a), str(b))
        for a, b in conn.execute(
            "SELECT seq, entry_hash FROM audit_log WHERE run_id = ? AND seq < ? ORDER BY seq", [run_id, before_seq]
        ).fetchall()
    ]


def parse_detail(detail: Any) -> Any:
    """An entry's ``detail`` as JSON values: parsed when DuckDB returns it as text, else as given."""
    return json.loads(detail) if isinstance(detail, str) else detail
