"""Quarantine review: approve a drifted layout as the family's next revision, reject, list; alerts.

Approving re-extracts fields from the stored words (no second OCR) and releases every pending
quarantined document of the family that matches the new revision, in one transaction. Every
decision is recorded in the audit chain with who made it (``run_id = 'review'``). The resolution of
pending documents itself lives in ``towerkit.store.templates``; this module reuses its loaders.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from towerkit.config import Settings
from towerkit.drift.alerts import Alert
from towerkit.drift.assessment import assess, median_positions
from towerkit.drift.fingerprint import consensus, fingerprint, similarity
from towerkit.models import FieldValue, Word
from towerkit.store.db import Connection, utcnow
from towerkit.store.templates import (
    ALL_PAGES,
    BASELINE_DOCS,
    CHUNK_DOCS,
    _audit,
    _Doc,
    _family_sql,
    _fields,
    _insert_template,
    _words,
    critical_fields,
    doc_fingerprints,
)

log = logging.getLogger(__name__)

REVIEW_RUN = "review"
"""run_id of the audit events written by approve/reject (they belong to no ingest run)."""
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")


@dataclass(frozen=True, slots=True)
class ReviewResult:
    doc_id: str
    decision: str
    template_id: str | None = None
    revision: int | None = None
    released: tuple[str, ...] = ()


def find_doc(conn: Connection, prefix: str) -> str:
    """The full doc_id for an id or a prefix of at least 8 characters (UsageError otherwise)."""
    from towerkit.errors import UsageError

    p = prefix.strip().lower()
    if len(p) < 8:
        raise UsageError(f"document id {prefix!r} is too short: give at least 8 characters")
    rows = conn.execute(
        "SELECT doc_id FROM documents WHERE starts_with(doc_id, ?) ORDER BY doc_id LIMIT 2", [p]
    ).fetchall()
    if not rows:
        raise UsageError(f"no document with id {prefix}")
    if len(rows) > 1:
        raise UsageError(f"document id {prefix} is ambiguous; give more characters")
    return str(rows[0][0])


def _pending_review(conn: Connection, doc_id: str) -> _Doc:
    from towerkit.errors import UsageError

    row = conn.execute(
        "SELECT d.doc_id, d.doc_type, d.issuer, d.site_id, d.sha256, d.path, d.run_id, d.route, q.status "
        "FROM documents d LEFT JOIN quarantine q USING (doc_id) WHERE d.doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None or row[8] is None:
        raise UsageError(f"document {doc_id[:12]} is not in quarantine")
    if row[8] != "pending":
        raise UsageError(f"document {doc_id[:12]} was already reviewed ({row[8]})")
    return _Doc(*row[:8])


def rebuild_extracted(conn: Connection, doc_id: str, analysis_pages: int | None = None) -> Any:
    """An ExtractedDoc from stored pages, tokens and tables: re-extraction without a second OCR.

    With ``analysis_pages`` only the words and tables of the pages the worker analysed are loaded,
    so fields read again come from what the worker read them from.
    """
    last = analysis_pages if analysis_pages is not None else ALL_PAGES
    from towerkit.models import ExtractedDoc, PageRecord, Table

    path, engine, route_reason = conn.execute(
        "SELECT path, engine, route_reason FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone()
    pages = tuple(
        PageRecord(
            int(p),
            r or "text",
            e or engine or "pdfplumber",
            w or 612.0,
            h or 792.0,
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
    low = (path or "").lower()
    kind = "text" if engine == "text" else "image" if low.endswith(_IMAGE_SUFFIXES) else "pdf"
    return ExtractedDoc(
        kind,
        engine or "pdfplumber",
        route_reason or "",
        pages,
        words,
        tuple(Table(p, n, tuple(rows)) for (p, n), rows in sorted(tables.items())),
    )


def reextract(conn: Connection, doc_id: str, catalog: Any, analysis_pages: int | None = None) -> list[FieldValue]:
    """Fields of a stored document read again from its stored words (towerkit.fields)."""
    from towerkit.fields import classify, extract_fields, load_catalog

    cat = catalog if catalog is not None else load_catalog(None)
    doc = rebuild_extracted(conn, doc_id, analysis_pages)
    return list(extract_fields(doc, classify(doc, cat), cat))


def _replace_fields(conn: Connection, doc_id: str, fields: Sequence[FieldValue]) -> None:
    conn.execute("DELETE FROM fields WHERE doc_id = ?", [doc_id])
    if fields:
        conn.executemany(
            "INSERT INTO fields (doc_id, field, value, value_num, value_date, raw_text, page, x0, top, x1, bottom, "
            "confidence, value_sha256, error, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ]
                for f in fields
            ],
        )


def _release(conn: Connection, d: _Doc, fields: Sequence[FieldValue], template_id: str, decision: str, by: str) -> None:
    now = utcnow()
    _replace_fields(conn, d.doc_id, fields)
    conn.execute("UPDATE documents SET status = 'ingested', template_id = ? WHERE doc_id = ?", [template_id, d.doc_id])
    conn.execute(
        "UPDATE quarantine SET status = ?, resolved_at = ?, resolved_by = ? WHERE doc_id = ?",
        [decision, now, by, d.doc_id],
    )
    conn.execute(
        "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE doc_id = ? AND NOT acknowledged",
        [now, d.doc_id],
    )


def approve(conn: Connection, doc_id: str, by: str, settings: Settings, catalog: Any = None) -> ReviewResult:
    """Register a quarantined document's layout as its family's next revision and release its matches.

    The new revision's fingerprint is the consensus of the approved document and up to
    ``BASELINE_DOCS - 1`` pending quarantined documents of its family similar to it; its field
    positions are the approved document's (re-extracted) fields. Every pending quarantined document
    of the family that then matches the new revision without major drift is released with its
    fields re-extracted from stored words. One transaction.
    """
    doc_id = find_doc(conn, doc_id)
    conn.execute("BEGIN TRANSACTION")
    try:
        result = _approve(conn, doc_id, by, settings, catalog)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


def _approve(conn: Connection, doc_id: str, by: str, settings: Settings, catalog: Any) -> ReviewResult:
    d = _pending_review(conn, doc_id)
    fields = reextract(conn, doc_id, catalog, settings.analysis_pages)
    fp = fingerprint(_words(conn, [doc_id], settings.analysis_pages)[doc_id], fields)
    others = [
        r[0]
        for r in conn.execute(
            f"SELECT q.doc_id FROM quarantine q JOIN documents d USING (doc_id) WHERE q.status = 'pending' "
            f"AND q.doc_id <> ? AND {_family_sql('d')} ORDER BY q.doc_id",
            [doc_id, d.doc_type, d.issuer],
        ).fetchall()
    ]
    threshold = settings.template_match_threshold
    members = [fp]
    for start in range(0, len(others), CHUNK_DOCS):
        if len(members) >= BASELINE_DOCS:
            break
        for o, ofp in doc_fingerprints(conn, others[start : start + CHUNK_DOCS], settings.analysis_pages).items():
            if len(members) < BASELINE_DOCS and similarity(fp, ofp) >= threshold:
                members.append(ofp)
    core = consensus(members) if len(members) > 2 else fp
    (max_rev,) = conn.execute(
        f"SELECT coalesce(max(revision), 0) FROM templates WHERE {_family_sql()}", [d.doc_type, d.issuer]
    ).fetchone()
    parent = conn.execute("SELECT template_id FROM quarantine WHERE doc_id = ?", [doc_id]).fetchone()[0]
    rev = _insert_template(
        conn,
        d.doc_type,
        d.issuer,
        core,
        median_positions([fields], tolerance_pt=settings.drift_tolerance_pt),
        revision=int(max_rev) + 1,
        parent_id=parent,
        baseline_docs=len(members),
        source_doc_id=doc_id,
        approved_by=by,
    )
    crit = critical_fields(catalog, d.doc_type)
    _release(conn, d, fields, rev.template_id, "approved", by)
    audit = [(REVIEW_RUN, "approved", d, fields, {"by": by, "template_id": rev.template_id, "revision": rev.revision})]
    released: list[str] = []
    for o in others:
        od = _pending_review(conn, o)
        ofields = reextract(conn, o, catalog, settings.analysis_pages)
        owords = _words(conn, [o], settings.analysis_pages)[o]
        ofp = fingerprint(owords, ofields)
        a = assess(
            ofp,
            ofields,
            [rev],
            crit,
            tolerance_pt=settings.drift_tolerance_pt,
            threshold=threshold,
            ocr=od.route == "ocr",
            words=owords,
        )
        if a.major:
            continue
        _release(conn, od, ofields, rev.template_id, "released", by)
        audit.append(
            (REVIEW_RUN, "released", od, ofields, {"by": by, "template_id": rev.template_id, "approved_doc": doc_id})
        )
        released.append(o)
    _audit(conn, audit)
    log.info("approved %s as %s rev %d; released %d", doc_id[:12], rev.template_id, rev.revision, len(released))
    return ReviewResult(doc_id, "approved", rev.template_id, rev.revision, tuple(released))


def reject(conn: Connection, doc_id: str, by: str) -> ReviewResult:
    """Reject a quarantined document: it stays ``quarantined`` (out of facts), its review is closed."""
    doc_id = find_doc(conn, doc_id)
    conn.execute("BEGIN TRANSACTION")
    try:
        d = _pending_review(conn, doc_id)
        now = utcnow()
        conn.execute(
            "UPDATE quarantine SET status = 'rejected', resolved_at = ?, resolved_by = ? WHERE doc_id = ?",
            [now, by, doc_id],
        )
        conn.execute(
            "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE doc_id = ? AND NOT acknowledged",
            [now, doc_id],
        )
        _audit(conn, [(REVIEW_RUN, "rejected", d, _fields(conn, [doc_id])[doc_id], {"by": by})])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return ReviewResult(doc_id, "rejected")


def list_quarantine(conn: Connection, *, all_: bool = False) -> list[tuple[Any, ...]]:
    """(doc_id, status, doc_type, issuer, site_id, path, queued_at, reasons) rows, oldest first."""
    where = "" if all_ else "WHERE q.status = 'pending'"
    return conn.execute(
        f"SELECT q.doc_id, q.status, d.doc_type, d.issuer, d.site_id, d.path, q.queued_at, q.reasons "
        f"FROM quarantine q JOIN documents d USING (doc_id) {where} ORDER BY q.queued_at, q.doc_id"
    ).fetchall()


def list_alerts(conn: Connection, *, all_: bool = False) -> list[Alert]:
    where = "" if all_ else "WHERE NOT acknowledged"
    return [
        Alert(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        for r in conn.execute(
            f"SELECT alert_id, created_at, severity, site_id, doc_id, kind, message, acknowledged FROM alerts {where} "
            f"ORDER BY alert_id"
        ).fetchall()
    ]


def ack_alert(conn: Connection, alert_id: int) -> bool:
    """Acknowledge one alert; False when there is no such alert."""
    row = conn.execute(
        "UPDATE alerts SET acknowledged = true, acknowledged_at = ? WHERE alert_id = ? RETURNING alert_id",
        [utcnow(), alert_id],
    ).fetchone()
    return row is not None
