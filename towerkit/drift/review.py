"""Quarantine review: approve a drifted layout as the family's next revision, reject, list alerts.

Approving re-extracts fields from the stored words (no second OCR, ``towerkit.fields``) and
releases every pending quarantined document of the family that matches the new revision, in one
transaction. Every decision is recorded in the audit chain with who made it (``run_id =
'review'``). The resolution of pending documents itself is ``towerkit.drift.registry``; the rows
read and written here are ``towerkit.store.review``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from towerkit.compliance import refresh_tags
from towerkit.config import Settings
from towerkit.drift.alerts import Alert
from towerkit.drift.assessment import assess, median_positions
from towerkit.drift.enrollment import BASELINE_DOCS
from towerkit.drift.fingerprint import consensus, fingerprint, similarity
from towerkit.drift.outcomes import AuditEntryPlan, PendingDoc, append_audit
from towerkit.drift.reads import CHUNK_DOCS, doc_fingerprints
from towerkit.drift.records import TemplateRevision
from towerkit.drift.registry import critical_fields, new_revision, store_revision
from towerkit.errors import UsageError
from towerkit.fields import Catalog, classify, load_catalog, read_fields
from towerkit.models import Engine, ExtractedDoc, FieldValue, Fingerprint, Pair
from towerkit.store.db import Connection
from towerkit.store.review import (
    alert_rows,
    doc_ids_with_prefix,
    load_stored_doc,
    mark_rejected,
    mark_released,
    max_revision,
    pending_in_family,
    quarantined_template,
    replace_fields,
    replace_pairs,
    review_doc,
    transaction,
)
from towerkit.store.templates import load_fields, load_words

log = logging.getLogger(__name__)

REVIEW_RUN = "review"
"""run_id of the audit events written by approve/reject (they belong to no ingest run)."""
MIN_PREFIX = 8
"""Characters of a doc_id a reviewer must give: shorter prefixes match too many documents by chance."""
MIN_CONSENSUS_DOCS = 3
"""Similar documents (the approved one included) before the new revision is their consensus, not the approved one's."""
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What a review decided: for an approval, the new revision and the documents it released."""

    doc_id: str
    decision: str
    template_id: str | None = None
    revision: int | None = None
    released: tuple[str, ...] = ()


def find_doc(conn: Connection, prefix: str) -> str:
    """The full doc_id for an id or a prefix of at least 8 characters (UsageError otherwise)."""
    p = prefix.strip().lower()
    if len(p) < MIN_PREFIX:
        raise UsageError(f"document id {prefix!r} is too short: give at least 8 characters")
    ids = doc_ids_with_prefix(conn, p)
    if not ids:
        raise UsageError(f"no document with id {prefix}")
    if len(ids) > 1:
        raise UsageError(f"document id {prefix} is ambiguous; give more characters")
    return ids[0]


def _pending_review(conn: Connection, doc_id: str) -> PendingDoc:
    """The document, which must be waiting for review (UsageError otherwise)."""
    found = review_doc(conn, doc_id)
    status = None if found is None else found[1]
    if found is None or status is None:
        raise UsageError(f"document {doc_id[:12]} is not in quarantine")
    if status != "pending":
        raise UsageError(f"document {doc_id[:12]} was already reviewed ({status})")
    return PendingDoc.from_row(found[0])


def rebuild_extracted(conn: Connection, doc_id: str, analysis_pages: int | None = None) -> ExtractedDoc:
    """An ExtractedDoc from stored pages, tokens and tables: re-extraction without a second OCR.

    With ``analysis_pages`` only the words and tables of the pages the worker analysed are loaded,
    so fields read again come from what the worker read them from.
    """
    stored = load_stored_doc(conn, doc_id, analysis_pages)
    engine = stored.engine
    low = (stored.path or "").lower()
    kind: Literal["pdf", "image", "text"] = (
        "text" if engine == "text" else "image" if low.endswith(_IMAGE_SUFFIXES) else "pdf"
    )
    return ExtractedDoc(
        kind,
        cast("Engine", engine or "pdfplumber"),  # the engine column only ever holds Engine values
        stored.route_reason or "",
        stored.pages,
        stored.words,
        stored.tables,
    )


def reextract(
    conn: Connection, doc_id: str, catalog: Catalog | None, analysis_pages: int | None = None
) -> tuple[list[FieldValue], tuple[Pair, ...]]:
    """Fields and label/value pairs of a stored document read again from its stored words (towerkit.fields)."""
    cat = catalog if catalog is not None else load_catalog(None)
    doc = rebuild_extracted(conn, doc_id, analysis_pages)
    fields, pairs = read_fields(doc, classify(doc, cat), cat)
    return list(fields), pairs


def _similar_members(conn: Connection, fp: Fingerprint, others: list[str], settings: Settings) -> list[Fingerprint]:
    """``fp`` and up to ``BASELINE_DOCS - 1`` of ``others`` (in order) whose layout is similar to it."""
    members = [fp]
    for start in range(0, len(others), CHUNK_DOCS):
        if len(members) >= BASELINE_DOCS:
            break
        for ofp in doc_fingerprints(conn, others[start : start + CHUNK_DOCS], settings.analysis_pages).values():
            if len(members) < BASELINE_DOCS and similarity(fp, ofp) >= settings.template_match_threshold:
                members.append(ofp)
    return members


def _register_approved(
    conn: Connection, d: PendingDoc, fields: list[FieldValue], others: list[str], by: str, settings: Settings
) -> TemplateRevision:
    """Register the approved document's layout as its family's next revision."""
    fp = fingerprint(load_words(conn, [d.doc_id], settings.analysis_pages)[d.doc_id], fields)
    members = _similar_members(conn, fp, others, settings)
    core = consensus(members) if len(members) >= MIN_CONSENSUS_DOCS else fp
    revision = max_revision(conn, d.doc_type, d.issuer) + 1
    parent = quarantined_template(conn, d.doc_id)
    positions = median_positions([fields], tolerance_pt=settings.drift_tolerance_pt)
    rev = new_revision(d.doc_type, d.issuer, core, positions, revision)
    store_revision(conn, rev, parent_id=parent, baseline_docs=len(members), source_doc_id=d.doc_id, approved_by=by)
    return rev


def _release(
    conn: Connection,
    d: PendingDoc,
    read: tuple[list[FieldValue], tuple[Pair, ...]],
    template_id: str,
    decision: str,
    by: str,
) -> None:
    """Store re-extracted fields and pairs (so ``kv_pairs`` agrees with them) and ingest under ``template_id``."""
    replace_fields(conn, d.doc_id, read[0])
    replace_pairs(conn, d.doc_id, read[1])
    mark_released(conn, d.doc_id, template_id, decision, by)


def _release_matches(
    conn: Connection,
    rev: TemplateRevision,
    others: list[str],
    doc_id: str,
    by: str,
    catalog: Catalog | None,
    settings: Settings,
    audit: list[AuditEntryPlan],
) -> list[str]:
    """Release every document of ``others`` that matches ``rev`` without major drift; return their ids.

    Each release appends its audit entry to ``audit`` (written with the approval's, in that order).
    """
    crit = critical_fields(catalog, rev.doc_type)
    released: list[str] = []
    for o in others:
        od = _pending_review(conn, o)
        ofields, opairs = reextract(conn, o, catalog, settings.analysis_pages)
        owords = load_words(conn, [o], settings.analysis_pages)[o]
        a = assess(
            fingerprint(owords, ofields),
            ofields,
            [rev],
            crit,
            tolerance_pt=settings.drift_tolerance_pt,
            threshold=settings.template_match_threshold,
            ocr=od.route == "ocr",
            words=owords,
        )
        if a.major:
            continue
        _release(conn, od, (ofields, opairs), rev.template_id, "released", by)
        audit.append(
            (REVIEW_RUN, "released", od, ofields, {"by": by, "template_id": rev.template_id, "approved_doc": doc_id})
        )
        released.append(o)
    return released


AfterRelease = Callable[[Connection, list[str]], None]
"""Called inside the approval's transaction with the documents it ingested (the approved one first)."""


def approve(
    conn: Connection,
    doc_id: str,
    by: str,
    settings: Settings,
    catalog: Catalog | None = None,
    after: AfterRelease | None = None,
) -> ReviewResult:
    """Register a quarantined document's layout as its family's next revision and release its matches.

    The new revision's fingerprint is the consensus of the approved document and up to
    ``BASELINE_DOCS - 1`` pending quarantined documents of its family similar to it; its field
    positions are the approved document's (re-extracted) fields. Every pending quarantined document
    of the family that then matches the new revision without major drift is released with its
    fields re-extracted from stored words. The facts and compliance tags are rebuilt in the same
    transaction (the released documents count from the moment the approval commits, and no later
    query finds the facts stale), after ``after`` has seen the released documents.
    """
    doc_id = find_doc(conn, doc_id)
    with transaction(conn):
        result = _approve(conn, doc_id, by, settings, catalog)
        if after is not None:
            after(conn, [result.doc_id, *result.released])
        refresh_tags(conn)
        return result


def _approve(conn: Connection, doc_id: str, by: str, settings: Settings, catalog: Catalog | None) -> ReviewResult:
    d = _pending_review(conn, doc_id)
    fields, pairs = reextract(conn, doc_id, catalog, settings.analysis_pages)
    others = pending_in_family(conn, doc_id, d.doc_type, d.issuer)
    rev = _register_approved(conn, d, fields, others, by, settings)
    _release(conn, d, (fields, pairs), rev.template_id, "approved", by)
    audit: list[AuditEntryPlan] = [
        (REVIEW_RUN, "approved", d, fields, {"by": by, "template_id": rev.template_id, "revision": rev.revision})
    ]
    released = _release_matches(conn, rev, others, doc_id, by, catalog, settings, audit)
    append_audit(conn, audit)
    log.info("approved %s as %s rev %d; released %d", doc_id[:12], rev.template_id, rev.revision, len(released))
    return ReviewResult(doc_id, "approved", rev.template_id, rev.revision, tuple(released))


def reject(conn: Connection, doc_id: str, by: str) -> ReviewResult:
    """Reject a quarantined document: it stays ``quarantined`` (out of facts), its review is closed."""
    doc_id = find_doc(conn, doc_id)
    with transaction(conn):
        d = _pending_review(conn, doc_id)
        mark_rejected(conn, doc_id, by)
        append_audit(conn, [(REVIEW_RUN, "rejected", d, load_fields(conn, [doc_id])[doc_id], {"by": by})])
        refresh_tags(conn)
    return ReviewResult(doc_id, "rejected")


def list_alerts(conn: Connection, *, all_: bool = False) -> list[Alert]:
    """Open alerts (``all_``: every alert), oldest first."""
    return [Alert(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in alert_rows(conn, all_=all_)]
