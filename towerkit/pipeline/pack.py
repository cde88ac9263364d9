"""Packing a processed document for the writer: its rows, layout fingerprint and fields digest.

Runs in the extraction worker, in parallel, so the single writer only concatenates and inserts
(see ``towerkit.columns``). The fingerprint needs every word and field of the document, which the
worker still holds; afterwards they cross to the main process only as Arrow columns.
"""

from __future__ import annotations

import dataclasses

from towerkit.columns import doc_rows
from towerkit.drift.fingerprint import fingerprint
from towerkit.fields.filing import document_site
from towerkit.models import DocResult, Fingerprint


def layout_of(result: DocResult) -> Fingerprint | None:
    """The document's layout fingerprint (what the template registry matches), None if it failed."""
    if result.extracted is None:
        return None
    return fingerprint(result.extracted.words, result.fields)


def pack(result: DocResult) -> DocResult:
    """The result as it should cross to the writer: its rows built, its Python objects dropped.

    Words, tables, fields, pairs and the fingerprint's shingles live on only as Arrow columns in ``rows``,
    so the main process handles a few buffers per document, not thousands of small objects (their
    churn fragmented its heap: memory grew with the corpus). Page records stay: the event log and
    ``documents`` read them.
    """
    if result.extracted is None or result.rows is not None:
        return result
    rows = doc_rows(result, result.fingerprint or layout_of(result))
    if rows is not None:
        scanned = result.extracted.route == "ocr"
        raw = next((f.raw_text for f in result.fields if f.field == "site_id" and f.value == rows.site_id), None)
        site = document_site(rows.site_id, result.site_hint, scanned=scanned, raw=raw)
        rows = dataclasses.replace(rows, site_id=site)
    light = dataclasses.replace(result.extracted, words=(), tables=(), stored_only=None)
    return dataclasses.replace(result, extracted=light, rows=rows, fields=(), pairs=(), fingerprint=None)
