"""What resolution reads of pending documents: their stored layouts, fields and (scans) words.

A chunk at a time (``CHUNK_DOCS``), through ``towerkit.store.templates``; ``towerkit.drift.registry``
decides on what these return, ``towerkit.drift.review`` re-reads documents under review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from towerkit.config import Settings
from towerkit.drift.enrollment import ClusterInput
from towerkit.drift.fingerprint import fingerprint
from towerkit.models import FieldValue, Fingerprint, Word
from towerkit.store.db import Connection
from towerkit.store.templates import load_fields, load_layouts, load_words, pending_dates

CHUNK_DOCS = 500
"""Pending documents read and decided at a time: bounds the words and fields held in memory."""


def stored_layouts(
    conn: Connection, ids: Sequence[str], fields: dict[str, list[FieldValue]], analysis_pages: int | None = None
) -> dict[str, Fingerprint]:
    """Fingerprints of pending documents as their workers computed them (``doc_layouts``).

    Reading them back costs a few shingles per document; recomputing them would fetch every token
    of every pending document into Python at the end of the run (664 MB for one 2,000-page PDF).
    Documents stored without one (by an older towerkit) are fingerprinted from their tokens.
    """
    out = load_layouts(conn, ids)
    missing = [i for i in ids if i not in out]
    if missing:
        words = load_words(conn, missing, analysis_pages)
        out.update({i: fingerprint(words[i], fields[i]) for i in missing})
    return out


def doc_fingerprints(conn: Connection, ids: Sequence[str], analysis_pages: int | None = None) -> dict[str, Fingerprint]:
    """Fingerprints of stored documents from their tokens and fields (what resolve computes)."""
    words, fields = load_words(conn, ids, analysis_pages), load_fields(conn, ids)
    return {i: fingerprint(words[i], fields[i]) for i in ids}


def chunk_inputs(
    conn: Connection,
    ids: Sequence[str],
    scan_ids: Sequence[str],
    settings: Settings,
) -> tuple[dict[str, list[FieldValue]], dict[str, Fingerprint], dict[str, list[Word]]]:
    """What deciding a chunk of pending documents reads: fields, stored layouts, words of its scans.

    Only the scans' words are read: ``assess`` looks for garbled labels in place on OCRed documents.
    """
    fields = load_fields(conn, ids)
    return (
        fields,
        stored_layouts(conn, ids, fields, settings.analysis_pages),
        load_words(conn, scan_ids, settings.analysis_pages),
    )


def cluster_inputs(
    conn: Connection, lo: int, hi: int, settings: Settings, keep: Callable[[Fingerprint], bool] | None = None
) -> Iterator[ClusterInput]:
    """The pending documents numbered ``lo`` to ``hi`` as clustering sees them, a chunk read at a time.

    With ``keep``, only the documents whose stored layout it keeps: their fields and words are read,
    the others' never.
    """
    for start in range(lo, hi + 1, CHUNK_DOCS):
        rows = pending_dates(conn, start, min(hi, start + CHUNK_DOCS - 1))
        if keep is not None:
            layouts = load_layouts(conn, [r[0] for r in rows])
            rows = [r for r in rows if r[0] not in layouts or keep(layouts[r[0]])]
        ids = [r[0] for r in rows]
        fields, layouts, scans = chunk_inputs(conn, ids, [r[0] for r in rows if r[2] == "ocr"], settings)
        for doc_id, doc_date, route in rows:
            if keep is None or keep(layouts[doc_id]):
                yield ClusterInput(doc_id, doc_date, layouts[doc_id], fields[doc_id], route == "ocr", scans.get(doc_id))
