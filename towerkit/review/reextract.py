"""Re-extraction: type and fields read again from stored words under the catalog in force.

No OCR and no source file: the words, boxes and tables stored at ingest are all a document is read
from again (``drift.review.rebuild_extracted``), the same ones a fresh ingest would hand the field
reader, so with the same catalog the new rows equal a fresh ingest's. The new rows are a new
extraction revision; the rows they replace move to ``field_history``. Corrections outlive the
revision: each field's newest correction is put back in force over the re-read value. Every
re-extracted document gets an audit entry with its new fields digest and the catalog's sha256.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from towerkit.audit.canonical import AuditEvent
from towerkit.compliance import refresh_tags
from towerkit.config import Settings
from towerkit.drift.review import rebuild_extracted
from towerkit.errors import UsageError
from towerkit.fields import Catalog, classify, read_fields
from towerkit.review.corrections import REVIEW_RUN, apply_correction, correction_value, latest_corrections
from towerkit.review.coverage import record_catalog
from towerkit.review.queue import refresh_docs
from towerkit.store.audit_log import append_events, stored_fields_digest
from towerkit.store.db import Connection, utcnow
from towerkit.store.review import replace_pairs, transaction
from towerkit.store.review_queue import (
    correction_dicts,
    doc_head,
    insert_fields,
    select_doc_ids,
    set_extraction,
    supersede_fields,
    template_exists,
    template_ids,
)

CHUNK_DOCS = 200
"""Documents per transaction: an interrupted re-extraction keeps what it finished, in whole documents."""

Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all) after each document."""


@dataclass(frozen=True, slots=True)
class ReextractResult:
    """What a re-extraction did: the documents read again, those whose fields changed, the catalog used."""

    documents: int
    changed: tuple[str, ...]
    corrections_kept: int
    catalog_sha256: str | None
    seconds: float


def _check_template(conn: Connection, template: str | None) -> None:
    if template is None or template_exists(conn, template):
        return
    close = difflib.get_close_matches(template, template_ids(conn), n=3, cutoff=0.4)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise UsageError(f"no template {template!r} in the database{hint}")


def _reextract_one(conn: Connection, doc_id: str, catalog: Catalog, settings: Settings, by: str) -> tuple[bool, int]:
    """Read one document again and put the new revision in force; (fields changed?, corrections kept)."""
    head = doc_head(conn, doc_id)
    if head is None:  # selected a moment ago inside this transaction
        return False, 0
    before = stored_fields_digest(conn, doc_id)
    doc = rebuild_extracted(conn, doc_id, settings.analysis_pages)
    cls = classify(doc, catalog)
    fields, pairs = read_fields(doc, cls, catalog)
    revision = int(head["extraction_revision"] or 1) + 1
    supersede_fields(conn, doc_id, "reextract", utcnow())
    insert_fields(conn, doc_id, fields, revision, "extracted")
    replace_pairs(conn, doc_id, pairs)
    kept = latest_corrections(correction_dicts(conn, doc_id))
    for c in kept.values():
        apply_correction(conn, doc_id, correction_value(c), revision, f"correction {c['correction_id']}")
    site = next((f.value for f in fields if f.field == "site_id" and f.value), None)
    if "site_id" in kept:
        site = str(kept["site_id"]["value"])
    set_extraction(
        conn,
        doc_id,
        doc_type=cls.doc_type,
        confidence=cls.confidence,
        issuer=cls.issuer,
        site_id=site,
        revision=revision,
    )
    after = stored_fields_digest(conn, doc_id)
    detail = {
        "by": by,
        "revision": revision,
        "doc_type": cls.doc_type,
        "catalog_sha256": catalog.digest,
        "corrections_kept": sorted(kept),
        "fields_before": before,
    }
    append_events(conn, [AuditEvent(REVIEW_RUN, "reextracted", doc_id, head["sha256"], after, detail)])
    return after != before, len(kept)


def reextract(
    conn: Connection,
    *,
    doc_ids: Sequence[str] | None = None,
    template: str | None = None,
    since: date | None = None,
    catalog: Catalog,
    settings: Settings,
    by: str,
    progress: Progress | None = None,
) -> ReextractResult:
    """Read the selected stored documents again (all of them when no selector is given).

    Facts, compliance tags and the review queue are refreshed once at the end.

    Raises:
        UsageError: an unknown template, or no stored document matches the selection.

    """
    started = time.perf_counter()
    _check_template(conn, template)
    ids = select_doc_ids(conn, doc_ids=doc_ids, template=template, since=since)
    if not ids:
        raise UsageError("no stored document matches the selection; nothing to re-extract")
    changed: list[str] = []
    kept = 0
    for start in range(0, len(ids), CHUNK_DOCS):
        chunk = ids[start : start + CHUNK_DOCS]
        with transaction(conn):
            for i, doc_id in enumerate(chunk, start + 1):
                moved, n = _reextract_one(conn, doc_id, catalog, settings, by)
                kept += n
                if moved:
                    changed.append(doc_id)
                if progress is not None:
                    progress(i, len(ids))
            refresh_docs(conn, chunk, catalog, min_confidence=settings.review_min_confidence, by="reextract")
    with transaction(conn):
        record_catalog(conn, catalog)
        refresh_tags(conn)
    return ReextractResult(len(ids), tuple(changed), kept, catalog.digest, time.perf_counter() - started)
