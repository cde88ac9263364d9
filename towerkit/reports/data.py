"""Reading a towerkit database from a report: read-only, briefly, waiting a bounded time for a writer.

DuckDB lets one process write a file, and a read-only open fails while another process writes
(and a reader blocks a writer from opening). So a notebook opens the database once, through
``reading()``, loads every frame it needs into memory, and closes it within a second or so; it
never holds the file for the length of a report. When an ingest holds the write lock, ``reading``
retries for a short bounded time and then raises ``DatabaseBusy`` with one clear line; it never
hangs and never touches the writer's file beyond a shared read lock.

What each notebook loads through it is in ``towerkit.reports.loaders``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.store import Connection, connect

log = logging.getLogger(__name__)

DEFAULT_WAIT_S = 10.0
"""How long a report waits for a writing process to release the database before giving up."""
WAIT_ENV = "TOWERKIT_DB_WAIT_S"
"""Overrides the wait; ``towerkit report --wait`` sets it for the notebook's kernel."""
SNAPSHOT_ENV = "TOWERKIT_SNAPSHOT"
"""The DuckLake snapshot a report reads; ``towerkit report`` pins it for the notebook's kernel, so
every frame of one report comes from the same commit however many ingests commit meanwhile."""


def pinned_snapshot() -> int | None:
    """The snapshot ``$TOWERKIT_SNAPSHOT`` pins (None when unset or not a whole number)."""
    text = os.environ.get(SNAPSHOT_ENV, "").strip()
    return int(text) if text.isdigit() else None


def wait_seconds(wait_s: float | None = None) -> float:
    """``wait_s`` if given, else ``$TOWERKIT_DB_WAIT_S``, else ten seconds."""
    if wait_s is not None:
        return wait_s
    try:
        return float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


def open_read_only(db: str | Path, wait_s: float | None = None) -> Connection:
    """Open ``db`` read-only, retrying while another process writes it, for at most ``wait_s``.

    Args:
        db: the database file.
        wait_s: seconds to keep retrying (None: ``wait_seconds()``).

    Raises:
        DatabaseBusy: still locked after ``wait_s`` seconds.
        InputError: the file does not exist or is not a database.

    """
    return connect(db, read_only=True, wait_s=wait_seconds(wait_s), snapshot=pinned_snapshot())


@contextlib.contextmanager
def reading(db: str | Path, wait_s: float | None = None) -> Iterator[Connection]:
    """A read-only connection that is closed on leaving the block: hold it only to load frames."""
    conn = open_read_only(db, wait_s)
    try:
        yield conn
    finally:
        conn.close()


def query_frame(conn: Connection, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Run ``sql`` with DuckDB named parameters (``$zone``) and return the result as a polars frame."""
    return conn.execute(sql, dict(params or {})).pl()
