"""Arrow schemas of the per-document tables, and the builders that turn records into their rows.

The database rows of one extracted document, built as Arrow tables in the process that extracted it.

Why here and not in the writer: there is one writer and N extraction processes. Turning a
document's words, fields, pages and tables into columns is per-row Python work; done in the worker
it runs in parallel and off the single writer's critical path, and the result crosses the process
boundary as a few Arrow buffers instead of hundreds of thousands of pickled ``Word`` objects (a
2,000-page PDF: ~20 MB of columns against ~165 MB of Python objects in the main process). The
writer then only concatenates and inserts (``INSERT ... BY NAME SELECT``, about 1 M rows/s).

The document's layout fingerprint and its fields digest (the audit chain's ``fields_sha256``) are
computed here too, for the same reason: both need every word or field of the document, and the
worker still holds them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from towerkit.audit.canonical import fields_digest
from towerkit.models import DocResult, DocRows, Fingerprint, Pair, StoredOnly, Table, Word

_ID = pa.dictionary(pa.int32(), pa.string())
"""doc_id repeats on every row of a document: dictionary-encoded it costs 4 bytes a row, not 64."""

SCHEMAS: dict[str, pa.Schema] = {
    "pages": pa.schema(
        [
            ("doc_id", _ID),
            ("page", pa.int32()),
            ("route", pa.string()),
            ("engine", pa.string()),
            ("chars", pa.int32()),
            ("char_density", pa.float64()),
            ("unmapped_ratio", pa.float64()),
            ("image_coverage", pa.float64()),
            ("width", pa.float64()),
            ("height", pa.float64()),
            ("reason", pa.string()),
            ("seconds", pa.float64()),
        ]
    ),
    "fields": pa.schema(
        [
            ("doc_id", _ID),
            ("field", pa.string()),
            ("value", pa.string()),
            ("value_num", pa.float64()),
            ("value_date", pa.date32()),
            ("raw_text", pa.string()),
            ("page", pa.int32()),
            ("x0", pa.float64()),
            ("top", pa.float64()),
            ("x1", pa.float64()),
            ("bottom", pa.float64()),
            ("confidence", pa.float64()),
            ("value_sha256", pa.string()),
            ("error", pa.string()),
            ("label", pa.string()),
        ]
    ),
    "tokens": pa.schema(
        [
            ("doc_id", _ID),
            ("page", pa.int32()),
            ("text", pa.string()),
            ("x0", pa.float64()),
            ("top", pa.float64()),
            ("x1", pa.float64()),
            ("bottom", pa.float64()),
            ("conf", pa.float64()),
        ]
    ),
    "doc_tables": pa.schema(
        [
            ("doc_id", _ID),
            ("page", pa.int32()),
            ("table_no", pa.int32()),
            ("row_no", pa.int32()),
            ("cells", pa.list_(pa.string())),
        ]
    ),
    "doc_layouts": pa.schema(
        [
            ("doc_id", _ID),
            ("fingerprint", pa.string()),
            ("shingles", pa.list_(pa.string())),
            ("signature", pa.list_(pa.int64())),
        ]
    ),
    "kv_pairs": pa.schema(
        [
            ("doc_id", _ID),
            ("pair_no", pa.int32()),
            ("page", pa.int32()),
            ("label", pa.string()),
            ("value", pa.string()),
            ("label_x0", pa.float64()),
            ("label_top", pa.float64()),
            ("label_x1", pa.float64()),
            ("label_bottom", pa.float64()),
            ("value_x0", pa.float64()),
            ("value_top", pa.float64()),
            ("value_x1", pa.float64()),
            ("value_bottom", pa.float64()),
            ("kind", pa.string()),
            ("confidence", pa.float64()),
            ("field", pa.string()),
            ("field_score", pa.float64()),
            ("chosen", pa.bool_()),
        ]
    ),
}
"""One fixed schema per table, so every document's frames concatenate into one batch frame."""


SPOOL_ROWS = 65_536
"""Rows buffered before a row group goes to the spool file: few, large row groups for DuckDB."""


class StoredOnlyBuilder:
    """Turns pages into compact rows as they are read, so their ``Word`` objects can go at once.

    With a spool folder the rows stream to Parquet (at most ``SPOOL_ROWS`` rows in memory); the
    worker's memory and the result it sends back then do not grow with the document.
    """

    def __init__(self, spool_dir: str | None = None) -> None:
        self.spool_dir = spool_dir
        self._parts: dict[str, list[pa.Table]] = {"tokens": [], "doc_tables": []}
        self._buffered = {"tokens": 0, "doc_tables": 0}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._files: dict[str, str] = {}
        self._total = {"tokens": 0, "doc_tables": 0}

    def add(self, words: Sequence[Word], tables: Sequence[Table]) -> None:
        """Take one page's words and tables as rows; spool them once ``SPOOL_ROWS`` are buffered."""
        cols = _table_columns(tables)
        for name, frame in (
            ("tokens", _frame("tokens", None, _columns("tokens", words), len(words))),
            ("doc_tables", _frame("doc_tables", None, cols, len(cols["page"]))),
        ):
            if frame.num_rows:
                self._parts[name].append(frame)
                self._buffered[name] += frame.num_rows
                self._total[name] += frame.num_rows
                if self.spool_dir is not None and self._buffered[name] >= SPOOL_ROWS:
                    self._flush(name)

    def _flush(self, name: str) -> None:
        if not self._parts[name]:
            return
        if name not in self._writers:
            fd, path = tempfile.mkstemp(prefix=f"{name}-", suffix=".parquet", dir=self.spool_dir)
            os.close(fd)
            self._files[name] = path
            self._writers[name] = pq.ParquetWriter(path, _without_id(name))
        self._writers[name].write_table(pa.concat_tables(self._parts[name]))
        self._parts[name], self._buffered[name] = [], 0

    def build(self) -> StoredOnly | None:
        """The rows taken so far, spool files closed (None when no page had any words or tables)."""
        if not any(self._total.values()):
            return None
        if self.spool_dir is not None:
            for name in self._parts:
                self._flush(name)
            for w in self._writers.values():
                w.close()
        tables = {name: pa.concat_tables(parts) for name, parts in self._parts.items() if parts}
        return StoredOnly(dict(self._files), tables, max(self._total.values()))


def _columns(name: str, objects: Sequence[object]) -> dict[str, list[object]]:
    """A table's columns from objects whose attributes carry the schema's column names."""
    return {k: [getattr(o, k) for o in objects] for k in _without_id(name).names}


def _table_columns(tables: Sequence[Table]) -> dict[str, list[object]]:
    cols: dict[str, list[object]] = {"page": [], "table_no": [], "row_no": [], "cells": []}
    for t in tables:
        for row_no, cells in enumerate(t.rows):
            cols["page"].append(t.page)
            cols["table_no"].append(t.table_no)
            cols["row_no"].append(row_no)
            cols["cells"].append(list(cells))
    return cols


def _pair_columns(pairs: Sequence[Pair]) -> dict[str, list[object]]:
    """``kv_pairs`` columns: each box spread over four columns, pairs numbered from 1 in reading order."""
    cols: dict[str, list[object]] = {name: [] for name in _without_id("kv_pairs").names}
    for no, p in enumerate(pairs, start=1):
        cols["pair_no"].append(no)
        for name in ("page", "label", "value", "kind", "confidence", "field", "field_score", "chosen"):
            cols[name].append(getattr(p, name))
        for side, box in (("label", p.label_box), ("value", p.value_box)):
            for edge, v in zip(("x0", "top", "x1", "bottom"), box, strict=True):
                cols[f"{side}_{edge}"].append(v)
    return cols


def pair_rows(doc_id: str, pairs: Sequence[Pair]) -> pa.Table:
    """One document's ``kv_pairs`` rows (re-extraction replaces them as ingest wrote them)."""
    return _frame("kv_pairs", doc_id, _pair_columns(pairs), len(pairs))


def _doc_ids(doc_id: str, n: int) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([doc_id]))


def _frame(name: str, doc_id: str | None, columns: dict[str, list[object]], n: int) -> pa.Table:
    """A table's frame for one document; without ``doc_id`` (None) for rows stored only."""
    schema = SCHEMAS[name]
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema if f.name != "doc_id"]
    if doc_id is None:
        return pa.Table.from_arrays(arrays, schema=_without_id(name))
    return pa.Table.from_arrays([_doc_ids(doc_id, n), *arrays], schema=schema)


def _without_id(name: str) -> pa.Schema:
    return SCHEMAS[name].remove(SCHEMAS[name].get_field_index("doc_id"))


def _with_id(doc_id: str, frame: pa.Table, name: str) -> pa.Table:
    return frame.add_column(0, SCHEMAS[name].field("doc_id"), _doc_ids(doc_id, frame.num_rows))


def doc_rows(result: DocResult, fp: Fingerprint | None = None) -> DocRows | None:
    """The rows of a processed document (None for a failed one, which has none); ``fp`` its layout."""
    ex = result.extracted
    if ex is None:
        return None
    doc_id = result.sha256
    tables = _table_columns(ex.tables)
    frames = {
        "pages": _frame("pages", doc_id, _columns("pages", ex.pages), len(ex.pages)),
        "fields": _frame("fields", doc_id, _columns("fields", result.fields), len(result.fields)),
        "tokens": _frame("tokens", doc_id, _columns("tokens", ex.words), len(ex.words)),
        "doc_tables": _frame("doc_tables", doc_id, tables, len(tables["page"])),
        "kv_pairs": _frame("kv_pairs", doc_id, _pair_columns(result.pairs), len(result.pairs)),
    }
    if fp is not None:
        frames["doc_layouts"] = _frame(
            "doc_layouts",
            doc_id,
            {"fingerprint": [fp.exact], "shingles": [sorted(fp.shingles)], "signature": [list(fp.signature)]},
            1,
        )
    site = next((f.value for f in result.fields if f.field == "site_id" and f.value), None)
    later = ex.stored_only
    if later is None:
        return DocRows(tables=frames, fields_sha256=fields_digest(result.fields), site_id=site)
    for name, rest in later.tables.items():
        frames[name] = pa.concat_tables([frames[name], _with_id(doc_id, rest, name)])
    return DocRows(
        tables=frames,
        fields_sha256=fields_digest(result.fields),
        site_id=site,
        spooled=dict(later.files),
        spooled_rows=later.rows if later.files else 0,
    )
