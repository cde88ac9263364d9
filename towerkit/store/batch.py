"""Write batches built without touching the database: Arrow frames and audit events per batch.

``prepare`` is pure Arrow and Python work, so ingest (and ``Writer.write_all``) build the next batch
in one thread while the previous one commits in another; ``batches`` cuts results into batches the
way ingest does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from towerkit.audit.canonical import AuditEvent
from towerkit.columns import SCHEMAS
from towerkit.models import DocResult
from towerkit.store.db import utcnow


@dataclass(frozen=True, slots=True)
class PathRecord:
    """A path that adds no new document: a duplicate, or a file that could not be read at all."""

    path: str
    zone: str | None
    doc_id: str | None
    outcome: str
    reason: str | None = None
    sha256: str | None = None


def weight(item: DocResult | PathRecord) -> int:
    """Rows an item adds to its batch's largest table (1 for a path or a failure)."""
    rows = item.rows if isinstance(item, DocResult) else None
    return max(1, rows.most_rows) if rows is not None else 1


def batches(
    items: Iterable[DocResult | PathRecord], max_docs: int, max_rows: int
) -> Iterator[list[DocResult | PathRecord]]:
    """Cut items into write batches the way ingest does (``Settings.batch_docs`` / ``batch_rows``)."""
    batch: list[DocResult | PathRecord] = []
    rows = 0
    for item in items:
        batch.append(item)
        rows += weight(item)
        if len(batch) >= max_docs or rows >= max_rows:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


@dataclass(frozen=True, slots=True)
class Prepared:
    """A batch ready to commit: its frames and audit events, built without touching the database."""

    docs: list[DocResult]
    frames: dict[str, pa.Table]
    events: list[AuditEvent]
    run_id: str = ""
    items: Sequence[DocResult | PathRecord] = ()
    """What the batch was built from: a DuckLake writer rebuilds it when another writer stored one of
    its contents first (``Writer.commit``)."""


def prepare(run_id: str, items: Sequence[DocResult | PathRecord]) -> Prepared:
    """Build a batch's frames and events, without touching the database.

    Pure Arrow and Python work, so it can run in one thread while the previous batch commits in
    another (DuckDB releases the GIL while it inserts).
    """
    docs = [i for i in items if isinstance(i, DocResult)]
    unpacked = next((d.path for d in docs if d.extracted is not None and d.rows is None), None)
    if unpacked is not None:  # the worker packs (towerkit.pipeline.pack); the store only stores
        raise ValueError(f"{unpacked}: a processed document reached the writer without its rows")
    paths = [i for i in items if isinstance(i, PathRecord)]
    batch = Prepared(docs, _frames(run_id, docs, paths, utcnow()), _events(run_id, docs, paths), run_id, items)
    # Arrow's allocator (mimalloc) otherwise keeps the pages of earlier batches' frames, freed since,
    # in this thread's heap: about 10 MB of the main process on 5,000 small documents.
    pa.default_memory_pool().release_unused()
    return batch


def as_duplicates(items: Sequence[DocResult | PathRecord], stored: set[str]) -> list[DocResult | PathRecord]:
    """``items`` with each document whose content is in ``stored`` turned into a duplicate path. Pure."""
    return [
        PathRecord(i.path, i.zone, i.sha256, "duplicate", "content already stored", sha256=i.sha256)
        if isinstance(i, DocResult) and i.sha256 in stored
        else i
        for i in items
    ]


def _frames(run_id: str, docs: Sequence[DocResult], paths: Sequence[PathRecord], now: Any) -> dict[str, pa.Table]:
    """One Arrow frame per table.

    The bulky rows were built by the workers (``towerkit.pipeline.pack``); here only the
    one-row-per-document tables are assembled and the workers' frames concatenated.
    """
    documents = [_document_row(run_id, d, now) for d in docs]
    dpaths = [_path_row(run_id, d.path, d.sha256, _status(d), d.error, d.zone, now) for d in docs]
    dpaths += [_path_row(run_id, p.path, p.doc_id, p.outcome, p.reason, p.zone, now) for p in paths]
    parts: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}
    for d in docs:
        for name, frame in d.rows.tables.items() if d.rows else ():  # a failed document has no rows
            if frame.num_rows:
                parts[name].append(frame)
    out = {
        "documents": _table(_transpose(DOCUMENT_COLUMNS, documents)),
        "document_paths": _table(_transpose(PATH_COLUMNS, dpaths)),
    }
    for name, frames in parts.items():
        # One contiguous frame: DuckDB scans a few large chunks far faster than one small chunk per document.
        out[name] = pa.concat_tables(frames).combine_chunks() if frames else SCHEMAS[name].empty_table()
    return out


DOCUMENT_COLUMNS = (
    "doc_id", "sha256", "path", "size_bytes", "zone", "site_id", "doc_type", "doc_type_confidence", "issuer",
    "engine", "route", "route_reason", "page_count", "status", "error_kind", "error", "run_id", "ingested_at",
)  # fmt: skip
"""The ``documents`` columns the writer fills, in insert order (``template_id`` is set at resolution)."""
PATH_COLUMNS = ("run_id", "path", "doc_id", "outcome", "reason", "zone", "seen_at")
"""The ``document_paths`` columns, in insert order."""


def _status(d: DocResult) -> str:
    """A stored document waits for the end-of-run drift verdict; a failed one is final."""
    return "failed" if d.failed else "pending"


def _document_row(run_id: str, d: DocResult, now: Any) -> tuple[Any, ...]:
    """A document's ``documents`` row, in ``DOCUMENT_COLUMNS`` order."""
    ex, cls = d.extracted, d.classification
    site = (d.rows.site_id if d.rows else None) or d.site_hint
    return (
        d.sha256, d.sha256, d.path, d.size_bytes, d.zone, site,
        cls.doc_type if cls else None, cls.confidence if cls else None, cls.issuer if cls else None,
        ex.engine if ex else None, ex.route if ex else None, ex.route_reason if ex else None,
        ex.page_count if ex else None,
        _status(d), d.error_kind, d.error, run_id, now,
    )  # fmt: skip


def _path_row(
    run_id: str, path: str, doc_id: str | None, outcome: str, reason: str | None, zone: str | None, now: Any
) -> tuple[Any, ...]:
    """A ``document_paths`` row, in ``PATH_COLUMNS`` order."""
    return (run_id, path, doc_id, outcome, reason, zone, now)


def _transpose(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """Rows to named columns (every column present, empty when there are no rows)."""
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


def _table(cols: dict[str, list[Any]]) -> pa.Table:
    """An Arrow table; all-None columns become strings so DuckDB casts them on insert."""
    arrays = {}
    for k, v in cols.items():
        arr = pa.array(v)
        arrays[k] = arr.cast(pa.string()) if pa.types.is_null(arr.type) else arr
    return pa.table(arrays)


def _events(run_id: str, docs: Sequence[DocResult], paths: Sequence[PathRecord]) -> list[AuditEvent]:
    """The audit events of a batch: one per document, then one per duplicate or unreadable path."""
    events = [
        AuditEvent(
            run_id,
            "document",
            doc_id=d.sha256,
            file_sha256=d.sha256,
            fields_sha256=d.rows.fields_sha256 if d.rows else None,
            detail={
                "path": d.path,
                "zone": d.zone,
                "outcome": "failed" if d.failed else "stored",
                "error": d.error,
            },
        )
        for d in docs
    ]
    events.extend(
        AuditEvent(
            run_id,
            "duplicate" if p.outcome == "duplicate" else "document",
            doc_id=p.doc_id,
            file_sha256=p.sha256,
            detail={"path": p.path, "zone": p.zone, "outcome": p.outcome, "error": p.reason},
        )
        for p in paths
    )
    return events
