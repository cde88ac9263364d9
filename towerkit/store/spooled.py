"""Rows a worker streamed to Parquet (pages past ``analysis_pages``), moved into their table.

A huge document's words never pass through the ingest's Python memory: the worker writes them to a
Parquet file in the run's spool folder and the writer inserts that file in the document's transaction.

DuckDB does not keep that bounded by itself. The insert writes the table's new row groups to the
database file as it goes, but leaves every block it wrote cached in its buffer pool, and caches the
Parquet file it read as well (the external file cache). Both are capped only by ``memory_limit``, 80%
of the machine by default, so the main process grew with the log: about 1 GB for the 92 M words of a
500 MB log. Lowering the limit for this one statement makes DuckDB drop those blocks (they are
already on disk) instead of keeping them. The statement still runs in file order, with insertion
order preserved, so each page's words keep their order in ``rowid``, which re-extraction reads.
"""

from __future__ import annotations

import weakref
from contextlib import suppress

import duckdb

from towerkit.store.db import Connection

SPOOLED_INSERT_MEMORY = "32MB"
"""DuckDB's buffer limit while a spooled file is inserted. Inserting the 92 M words of a 500 MB log, the
process peaked at 1,056 MB without a limit; with the 370 M of a 2 GB log, at 301 MB with 64MB and at
252 MB with 32MB (172 MB for the 500 MB log; what is left grows with the table's row groups, outside
the buffer pool). The
statement pins only the row groups its threads fill; DuckDB spills to its temp directory past that
(32 threads ran in the same limit)."""

_SETTINGS: weakref.WeakKeyDictionary[Connection, tuple[str, bool]] = weakref.WeakKeyDictionary()
"""Each connection's memory limit and file cache as first seen here, what every insert sets back.
DuckDB reports the limit rounded down to a tenth of a GiB, so setting back the value read before
each insert would lower the limit a little with every huge document."""


def insert_spooled(conn: Connection, table: str, doc_id: str, path: str) -> None:
    """Insert one spooled Parquet file's rows into ``table`` for ``doc_id`` (the caller's transaction).

    The memory limit and file cache are set back afterwards: they hold for the whole database, and the
    rest of the ingest (the end-of-run resolution) is sized for them. A failed insert leaves DuckDB's
    transaction aborted, refusing every statement but ROLLBACK, so it is rolled back here before
    they are set back, and the insert's own error propagates (the caller's ROLLBACK then finds none,
    as after a failed COMMIT).
    """
    if conn not in _SETTINGS:
        row = conn.execute(
            "SELECT current_setting('memory_limit'), current_setting('enable_external_file_cache')"
        ).fetchone()
        if row is None:  # pragma: no cover - current_setting always answers one row
            raise duckdb.InvalidInputException("current_setting('memory_limit') answered nothing")
        _SETTINGS[conn] = (str(row[0]), bool(row[1]))
    conn.execute(f"SET memory_limit = '{SPOOLED_INSERT_MEMORY}'")
    conn.execute("SET enable_external_file_cache = false")
    try:
        conn.execute(
            f"INSERT INTO {table} BY NAME SELECT ? AS doc_id, * FROM read_parquet(?)",  # noqa: S608 (fixed names)
            [doc_id, path],
        )
    except BaseException:
        try:
            _restore(conn)
        except duckdb.Error:
            with suppress(duckdb.Error):
                conn.execute("ROLLBACK")
                _restore(conn)
        raise
    _restore(conn)


def _restore(conn: Connection) -> None:
    """Set the first-seen limit back with SET, never RESET.

    At DuckDB 1.5.5 ``RESET memory_limit`` changes the reported setting but leaves the buffer pool at
    32MB, and the next commit failed ("could not allocate block ... 30.5 MiB used") on the public corpus.
    """
    limit, file_cache = _SETTINGS[conn]
    conn.execute(f"SET memory_limit = '{limit}'")
    conn.execute(f"SET enable_external_file_cache = {'true' if file_cache else 'false'}")
