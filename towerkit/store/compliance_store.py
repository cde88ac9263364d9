"""Writing ``compliance_tags``: replace the whole set in one statement pair, from a polars frame."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl
from polars.datatypes import DataType, DataTypeClass

from towerkit.errors import StoreError
from towerkit.store.db import Connection

TAG_SCHEMA: dict[str, DataType | DataTypeClass] = {
    "site_id": pl.String,
    "rule_id": pl.String,
    "tag": pl.String,
    "severity": pl.String,
    "due_date": pl.Date,
    "doc_ids": pl.List(pl.String),
    "query": pl.String,
}
"""The columns of ``compliance_tags`` a caller supplies (``as_of`` and ``computed_at`` are added here)."""


def replace_tags(conn: Connection, tags: pl.DataFrame, as_of: date, computed_at: datetime) -> int:
    """Replace every compliance tag with ``tags`` (columns of ``TAG_SCHEMA``); returns the count.

    ``under_review`` marks a tag that rests on a document waiting for review, so a finding built
    on a value nobody has checked yet says so.

    Runs in the caller's transaction when there is one, so a reader sees the old set or the new one.

    Raises:
        StoreError: DuckDB failed (e.g. a read-only connection).

    """
    frame = tags.select([pl.col(c).cast(t) for c, t in TAG_SCHEMA.items()])
    try:
        conn.execute("DELETE FROM compliance_tags")
        conn.execute(
            "INSERT INTO compliance_tags (site_id, rule_id, tag, severity, due_date, doc_ids, query, as_of, "
            "computed_at, under_review) SELECT site_id, rule_id, tag, severity, due_date, doc_ids, query, $as_of, "
            "$computed_at, EXISTS (SELECT 1 FROM review_queue q WHERE q.status = 'pending' "
            "AND list_contains(frame.doc_ids, q.doc_id)) FROM frame",
            {"as_of": as_of, "computed_at": computed_at},
        )
    except duckdb.Error as e:
        text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise StoreError(f"writing compliance tags failed: {text}") from e
    return frame.height
