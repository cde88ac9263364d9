"""Rows a worker streamed to Parquet (pages past ``analysis_pages``), moved into their table.

A huge document's words never pass through the ingest's Python memory: the worker writes them to a
Parquet file in the run's spool folder and the writer inserts that file in the document's transaction.
"""

from __future__ import annotations

from towerkit.store.db import Connection


def insert_spooled(conn: Connection, table: str, doc_id: str, path: str) -> None:
    """Insert one spooled Parquet file's rows into ``table`` for ``doc_id`` (the caller's transaction)."""
    conn.execute(
        f"INSERT INTO {table} BY NAME SELECT ? AS doc_id, * FROM read_parquet(?)",  # noqa: S608 (fixed names)
        [doc_id, path],
    )
