"""The rows quarantine review reads and writes; the approve and reject policy is ``towerkit.drift.review``.

SQL only: looking documents up, reading a stored document back (pages, words, tables) for
re-extraction, the family's pending reviews, closing a review, replacing fields, listing the
quarantine and the alerts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from towerkit.columns import pair_rows
from towerkit.errors import StoreError
from towerkit.models import FieldValue, PageRecord, Pair, Table, Word
from towerkit.store.db import Connection, utcnow
from towerkit.store.lake import begin_write
from towerkit.store.review_queue import insert_fields, supersede_fields
from towerkit.store.templates import ALL_PAGES, PendingRow

DEFAULT_PAGE_W = 612.0
"""Page width (points, US Letter) assumed for a page stored without one."""
DEFAULT_PAGE_H = 792.0
"""Page height (points, US Letter) assumed for a page stored without one."""


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """A stored document read back: what re-extraction needs instead of the file (no second OCR)."""

    path: str | None
    engine: str | None
    route_reason: str | None
    pages: tuple[PageRecord, ...]
    words: tuple[Word, ...]
    tables: tuple[Table, ...]


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back on any exception (re-raised)."""
    begin_write(conn)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT has rolled back already
            conn.execute("ROLLBACK")
        raise


def doc_ids_with_prefix(conn: Connection, prefix: str) -> list[str]:
    """At most two doc_ids starting with ``prefix``, smallest first (two: the prefix is ambiguous)."""
    rows = conn.execute(
        "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) ORDER BY doc_id LIMIT 2", [prefix]
    ).fetchall()
    return [str(r[0]) for r in rows]


def review_doc(conn: Connection, doc_id: str) -> tuple[PendingRow, str | None] | None:
    """A document and its quarantine row's status (None without one); None when there is no such document."""
    row = conn.execute(
        "SELECT d.doc_id, d.doc_type, d.issuer, d.site_id, d.sha256, d.path, d.run_id, d.route, q.status "
        "FROM documents d LEFT JOIN quarantine q USING (doc_id) WHERE d.doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        return None
    d, doc_type, issuer, site_id, sha256, path, run_id, route, status = row
    return (d, doc_type, issuer, site_id, sha256, path, run_id, route), status


def load_stored_doc(conn: Connection, doc_id: str, analysis_pages: int | None = None) -> StoredDoc:
    """A document's stored pages, and the words and tables of its first ``analysis_pages`` pages."""
    last = analysis_pages if analysis_pages is not None else ALL_PAGES
    head = conn.execute("SELECT path, engine, route_reason FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if head is None:
        raise StoreError(f"no document {doc_id[:12]} in the database")
    path, engine, route_reason = head
    pages = tuple(
        PageRecord(
            int(p),
            r or "text",
            e or engine or "pdfplumber",
            w or DEFAULT_PAGE_W,
            h or DEFAULT_PAGE_H,
            c or 0,
            cd or 0.0,
            u or 0.0,
            ic or 0.0,
            reason or "",
            s or 0.0,
        )
        for p, r, e, w, h, c, cd, u, ic, reason, s in conn.execute(
            "SELECT page, route, engine, width, height, chars, char_density, unmapped_ratio, image_coverage, reason, "
            "seconds FROM pages WHERE doc_id = ? ORDER BY page",
            [doc_id],
        ).fetchall()
    )
    words = tuple(
        Word(t, int(p or 1), x0, top, x1, b, conf)
        for t, p, x0, top, x1, b, conf in conn.execute(
            "SELECT text, page, x0, top, x1, bottom, conf FROM tokens WHERE doc_id = ? AND page <= ? ORDER BY rowid",
            [doc_id, last],
        ).fetchall()
        if t is not None
    )
    tables: dict[tuple[int, int], list[tuple[str | None, ...]]] = {}
    for p, n, _, cells in conn.execute(
        "SELECT page, table_no, row_no, cells FROM doc_tables WHERE doc_id = ? AND page <= ? "
        "ORDER BY page, table_no, row_no",
        [doc_id, last],
    ).fetchall():
        tables.setdefault((int(p or 1), int(n or 0)), []).append(tuple(cells or ()))
    return StoredDoc(
        path,
        engine,
        route_reason,
        pages,
        words,
        tuple(Table(p, n, tuple(rows)) for (p, n), rows in sorted(tables.items())),
    )


def pending_in_family(conn: Connection, doc_id: str, doc_type: str | None, issuer: str | None) -> list[str]:
    """The other documents of a family waiting for review, by doc_id."""
    rows = conn.execute(
        "SELECT q.doc_id FROM quarantine q JOIN documents d USING (doc_id) WHERE q.status = 'pending' "
        "AND q.doc_id <> ? AND d.doc_type IS NOT DISTINCT FROM ? AND d.issuer IS NOT DISTINCT FROM ? "
        "ORDER BY q.doc_id",
        [doc_id, doc_type, issuer],
    ).fetchall()
    return [r[0] for r in rows]


def max_revision(conn: Connection, doc_type: str | None, issuer: str | None) -> int:
    """The family's highest template revision (0 when it has none)."""
    row = conn.execute(
        "SELECT coalesce(max(revision), 0) FROM templates "
        "WHERE doc_type IS NOT DISTINCT FROM ? AND issuer IS NOT DISTINCT FROM ?",
        [doc_type, issuer],
    ).fetchone()
    return int(row[0]) if row is not None else 0


def quarantined_template(conn: Connection, doc_id: str) -> str | None:
    """The template a quarantined document was held against (its quarantine row's)."""
    row = conn.execute("SELECT template_id FROM quarantine WHERE doc_id = ?", [doc_id]).fetchone()
    return None if row is None else row[0]


def replace_fields(conn: Connection, doc_id: str, fields: Sequence[FieldValue]) -> None:
    """Put re-read fields in force for a document; the rows they replace move to ``field_history``."""
    supersede_fields(conn, doc_id, "approval", utcnow())
    row = conn.execute("SELECT coalesce(extraction_revision, 1) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    insert_fields(conn, doc_id, fields, int(row[0]) if row else 1, "extracted")


def replace_pairs(conn: Connection, doc_id: str, pairs: Sequence[Pair]) -> None:
    """Replace a document's ``kv_pairs`` rows, so its pairs agree with fields read again."""
    conn.execute("DELETE FROM kv_pairs WHERE doc_id = ?", [doc_id])
    if not pairs:
        return
    conn.register("_pairs", pair_rows(doc_id, pairs))
    try:
        conn.execute("INSERT INTO kv_pairs BY NAME SELECT * FROM _pairs")
    finally:
        conn.unregister("_pairs")


def mark_released(conn: Connection, doc_id: str, template_id: str, decision: str, by: str) -> None:
    """Ingest a reviewed document under ``template_id``, close its review as ``decision``, ack its alerts."""
    now = utcnow()
    conn.execute("UPDATE documents SET status = 'ingested', template_id = ? WHERE doc_id = ?", [template_id, doc_id])
    conn.execute(
        "UPDATE quarantine SET status = ?, resolved_at = ?, resolved_by = ? WHERE doc_id = ?",
        [decision, now, by, doc_id],
    )
    conn.execute(
        "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE doc_id = ? AND NOT acknowledged",
        [now, doc_id],
    )


def mark_rejected(conn: Connection, doc_id: str, by: str) -> None:
    """Close a document's review as ``rejected`` (its status stays) and ack its alerts."""
    now = utcnow()
    conn.execute(
        "UPDATE quarantine SET status = 'rejected', resolved_at = ?, resolved_by = ? WHERE doc_id = ?",
        [now, by, doc_id],
    )
    conn.execute(
        "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE doc_id = ? AND NOT acknowledged",
        [now, doc_id],
    )


def list_quarantine(conn: Connection, *, all_: bool = False) -> list[tuple[Any, ...]]:
    """(doc_id, status, doc_type, issuer, site_id, path, queued_at, reasons) rows, oldest first."""
    sql = (
        "SELECT q.doc_id, q.status, d.doc_type, d.issuer, d.site_id, d.path, q.queued_at, q.reasons "
        "FROM quarantine q JOIN documents d USING (doc_id) "
        "WHERE q.status = 'pending' OR ? ORDER BY q.queued_at, q.doc_id"
    )
    return conn.execute(sql, [all_]).fetchall()


def alert_rows(conn: Connection, *, all_: bool = False) -> list[tuple[Any, ...]]:
    """(alert_id, created_at, severity, site_id, doc_id, kind, message, acknowledged) rows, by id.

    Only open (unacknowledged) alerts unless ``all_``.
    """
    return conn.execute(
        "SELECT alert_id, created_at, severity, site_id, doc_id, kind, message, acknowledged FROM alerts "
        "WHERE NOT acknowledged OR ? ORDER BY alert_id",
        [all_],
    ).fetchall()


def ack_alert(conn: Connection, alert_id: int) -> bool:
    """Acknowledge one alert; False when there is no such alert."""
    row = conn.execute(
        "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE alert_id = ? RETURNING alert_id",
        [utcnow(), alert_id],
    ).fetchone()
    return row is not None
