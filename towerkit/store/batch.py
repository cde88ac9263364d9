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
    batch = Prepared(docs, _frames(run_id, docs, paths, utcnow()), _events(run_id, docs, paths))
    # Arrow's allocator (mimalloc) otherwise keeps the pages of earlier batches' frames, freed since,
    # in this thread's heap: about 10 MB of the main process on 5,000 small documents.
    pa.default_memory_pool().release_unused()
    return batch


def _frames(run_id: str, docs: Sequence[DocResult], paths: Sequence[PathRecord], now: Any) -> dict[str, pa.Table]:
    """One Arrow frame per table.

    The bulky rows were built by the workers (``towerkit.pipeline.pack``); here only the
    one-row-per-document tables are assembled and the workers' frames concatenated.
    """
    documents: dict[str, list[Any]] = {
        k: []
        for k in (
            "doc_id",
            "sha256",
            "path",
            "size_bytes",
            "zone",
            "site_id",
            "doc_type",
            "issuer",
            "engine",
            "route",
            "route_reason",
            "page_count",
            "status",
            "error_kind",
            "error",
            "run_id",
            "ingested_at",
        )
    }
    dpaths: dict[str, list[Any]] = {k: [] for k in ("run_id", "path", "doc_id", "outcome", "reason", "zone", "seen_at")}
    parts: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}

    for d in docs:
        doc_id = d.sha256
        ex = d.extracted
        cls = d.classification
        site = (d.rows.site_id if d.rows else None) or d.site_hint
        status = "failed" if d.failed else "pending"
        row = {
            "doc_id": doc_id,
            "sha256": d.sha256,
            "path": d.path,
            "size_bytes": d.size_bytes,
            "zone": d.zone,
            "site_id": site,
            "doc_type": cls.doc_type if cls else None,
            "issuer": cls.issuer if cls else None,
            "engine": ex.engine if ex else None,
            "route": ex.route if ex else None,
            "route_reason": ex.route_reason if ex else None,
            "page_count": ex.page_count if ex else None,
            "status": status,
            "error_kind": d.error_kind,
            "error": d.error,
            "run_id": run_id,
            "ingested_at": now,
        }
        for k, v in row.items():
            documents[k].append(v)
        for k, v in (
            ("run_id", run_id),
            ("path", d.path),
            ("doc_id", doc_id),
            ("outcome", status),
            ("reason", d.error),
            ("zone", d.zone),
            ("seen_at", now),
        ):
            dpaths[k].append(v)
        if d.rows is None:  # a failed document has no rows
            continue
        for name, frame in d.rows.tables.items():
            if frame.num_rows:
                parts[name].append(frame)

    for p in paths:
        for k, v in (
            ("run_id", run_id),
            ("path", p.path),
            ("doc_id", p.doc_id),
            ("outcome", p.outcome),
            ("reason", p.reason),
            ("zone", p.zone),
            ("seen_at", now),
        ):
            dpaths[k].append(v)

    out = {"documents": _table(documents), "document_paths": _table(dpaths)}
    for name, frames in parts.items():
        # One contiguous frame: DuckDB scans a few large chunks far faster than one small chunk per document.
        out[name] = pa.concat_tables(frames).combine_chunks() if frames else SCHEMAS[name].empty_table()
    return out


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
