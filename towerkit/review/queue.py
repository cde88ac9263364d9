"""Which documents need a person, and what a reviewer sees of one.

A document joins the review queue when its type is unknown, a critical field of its type was not
found, a value was read with low confidence, or a value did not normalise. It stays ``ingested``
and queryable meanwhile; compliance tags built on it say ``under_review``. The queue is apart from
drift quarantine: quarantine holds a layout back, review asks about values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from towerkit.errors import InputError
from towerkit.fields import Catalog, load_catalog
from towerkit.models import FieldValue
from towerkit.store.db import Connection, utcnow
from towerkit.store.review_queue import (
    correction_dicts,
    doc_head,
    enqueue,
    field_dicts,
    page_dicts,
    pair_dicts,
    queue_rows,
    run_documents,
)

ENQUEUE_BATCH = 5000
"""Documents whose queue rows are written per statement at the end of a run."""
UNKNOWN_TYPE = "unknown document type"
"""The reason of a document no document type fits: none of its type's fields could be expected."""


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One document waiting for (or done with) review."""

    doc_id: str
    status: str
    reasons: tuple[str, ...]
    doc_type: str | None
    site_id: str | None
    path: str | None
    queued_at: datetime


@dataclass(frozen=True, slots=True)
class DocReview:
    """Everything a reviewer needs about one document: its fields, what is missing, the pairs, corrections."""

    doc_id: str
    path: str | None
    doc_type: str | None
    site_id: str | None
    zone: str | None
    status: str | None
    reasons: tuple[str, ...]
    fields: list[dict[str, Any]]
    missing: tuple[str, ...]
    pairs: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    extraction_revision: int | None = None


def expected_fields(catalog: Catalog, doc_type: str | None) -> list[str]:
    """The fields the catalog reads on ``doc_type``, critical first (decoys, which emit nothing, left out)."""
    if doc_type is None:
        return []
    crit = catalog.critical(doc_type)
    names = [s.name for s in catalog.for_type(doc_type) if s.emit]
    return sorted(names, key=lambda n: (n not in crit, names.index(n)))


def missing_fields(catalog: Catalog, doc_type: str | None, found: Iterable[str]) -> tuple[str, ...]:
    """The expected fields of ``doc_type`` that have no value, critical first."""
    have = set(found)
    return tuple(n for n in expected_fields(catalog, doc_type) if n not in have)


def review_reasons(
    doc_type: str | None, fields: Sequence[FieldValue], catalog: Catalog, *, min_confidence: float
) -> list[str]:
    """Why a document needs a person (empty: it does not); pure, so ingest and re-extraction agree."""
    if doc_type is None:
        return [UNKNOWN_TYPE]
    found = {f.field for f in fields if f.value is not None}
    crit = catalog.critical(doc_type)
    reasons = [f"missing critical field {n}" for n in missing_fields(catalog, doc_type, found) if n in crit]
    for f in sorted(fields, key=lambda f: f.field):
        if f.value is None:
            reasons.append(f"{f.field} did not normalise: {f.error or 'no value'} ({f.raw_text[:40]!r})")
        elif f.confidence < min_confidence:
            reasons.append(f"{f.field} read with low confidence {f.confidence:.2f} ({f.raw_text[:40]!r})")
    return reasons


def reasons_from_rows(
    doc_type: str | None, rows: Sequence[Mapping[str, Any]], catalog: Catalog, *, min_confidence: float
) -> list[str]:
    """``review_reasons`` over stored field rows; a correction answers every doubt about its field."""
    corrected = {r["field"] for r in rows if r.get("source") == "correction"}
    values = [
        FieldValue(
            field=r["field"],
            value=r["value"],
            raw_text=r.get("raw_text") or "",
            confidence=1.0 if r["field"] in corrected else float(r.get("confidence") or 0.0),
            error=r.get("error"),
        )
        for r in rows
    ]
    return review_reasons(doc_type, values, catalog, min_confidence=min_confidence)


def refresh_queue(
    conn: Connection,
    docs: Mapping[str, tuple[str | None, Sequence[Mapping[str, Any]]]],
    catalog: Catalog,
    *,
    min_confidence: float,
    cleared_by: str,
) -> dict[str, list[str]]:
    """Requeue or clear each document of ``docs`` (doc_id -> (doc_type, its field rows in force))."""
    reasons = {
        doc_id: reasons_from_rows(doc_type, rows, catalog, min_confidence=min_confidence)
        for doc_id, (doc_type, rows) in docs.items()
    }
    enqueue(conn, reasons, utcnow(), cleared_by)
    return reasons


def refresh_docs(conn: Connection, doc_ids: Sequence[str], catalog: Catalog, *, min_confidence: float, by: str) -> None:
    """``refresh_queue`` for stored documents, their type and fields read from the database."""
    docs: dict[str, tuple[str | None, Sequence[Mapping[str, Any]]]] = {}
    for doc_id in doc_ids:
        head = doc_head(conn, doc_id)
        if head is not None and head["status"] == "ingested":
            docs[doc_id] = (head["doc_type"], field_dicts(conn, doc_id))
    refresh_queue(conn, docs, catalog, min_confidence=min_confidence, cleared_by=by)


def enqueue_run(conn: Connection, run_id: str, catalog: Catalog, *, min_confidence: float) -> int:
    """Queue every document the run ingested that needs a person; returns how many were queued."""
    queued, after = 0, ""
    while page := run_documents(conn, run_id, after, ENQUEUE_BATCH):
        batch = {doc_id: (doc_type, rows) for doc_id, doc_type, rows in page}
        found = refresh_queue(conn, batch, catalog, min_confidence=min_confidence, cleared_by=run_id)
        queued += sum(1 for why in found.values() if why)
        after = page[-1][0]
    return queued


def _item(row: Mapping[str, Any]) -> QueueItem:
    return QueueItem(
        row["doc_id"],
        row["status"],
        tuple(row["reasons"] or ()),
        row["doc_type"],
        row["site_id"],
        row["path"],
        row["queued_at"],
    )


def list_queue(conn: Connection, *, all_: bool = False) -> list[QueueItem]:
    """Documents waiting for review, oldest first (``all_``: accepted and cleared ones too)."""
    return [_item(r) for r in queue_rows(conn, all_=all_)]


def doc_review(conn: Connection, doc_id: str, catalog: Catalog | None = None) -> DocReview:
    """What a reviewer sees of one stored document (it need not be in the queue)."""
    cat = catalog if catalog is not None else load_catalog(None)
    head = doc_head(conn, doc_id)
    if head is None:
        raise InputError(f"unknown document {doc_id}")
    rows = queue_rows(conn, doc_id=doc_id)
    q = rows[0] if rows else None
    fields = field_dicts(conn, doc_id)
    found = {f["field"] for f in fields if f["value"] is not None}
    return DocReview(
        doc_id=doc_id,
        path=head["path"],
        doc_type=head["doc_type"],
        site_id=head["site_id"],
        zone=head["zone"],
        status=None if q is None else q["status"],
        reasons=() if q is None else tuple(q["reasons"] or ()),
        fields=fields,
        missing=missing_fields(cat, head["doc_type"], found),
        pairs=pair_dicts(conn, doc_id),
        corrections=correction_dicts(conn, doc_id),
        pages=page_dicts(conn, doc_id),
        extraction_revision=head["extraction_revision"],
    )
