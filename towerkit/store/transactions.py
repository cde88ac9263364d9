"""Write transactions that survive other writers: run again while a lake commit loses a race.

On a DuckDB file one process writes, so a transaction runs once. On a DuckLake store every write
transaction takes the commit clock first (``lake.begin_write``); when another writer commits in
between, this commit fails and the whole body runs again in a new transaction that sees the other
commit. Bodies must therefore read what they depend on inside the transaction.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

import duckdb

from towerkit.errors import StoreError
from towerkit.store import lake
from towerkit.store.db import Connection, convert_error

log = logging.getLogger(__name__)

COMMIT_TRIES = 30
"""Times a transaction on a lake is tried while other writers' commits win the race (each loss
means another writer committed, so the writers as a whole always advance)."""
RETRY_PAUSE_S = 0.05
"""Base pause before trying a lost commit again, grown with each try and jittered so two writers
that collided do not collide again in step."""

T = TypeVar("T")


@contextmanager
def transaction(conn: Connection, label: str) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises.

    Raises:
        StoreError: DuckDB failed (``DatabaseBusy`` when another process holds the file's lock).

    """
    try:
        lake.begin_write(conn)
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed (a full disk, a lost race) has already rolled back: a second
            # ROLLBACK would fail too and hide the error that says what happened.
            with suppress(duckdb.Error):
                conn.execute("ROLLBACK")
            raise
    except duckdb.Error as e:
        raise convert_error(e, label) from e


def retried(conn: Connection, body: Callable[[Connection], T], label: str) -> T:
    """``body`` in a transaction, run again in a new one while a lake commit loses a race."""
    on_lake = lake.on_lake(conn)
    for attempt in range(1, COMMIT_TRIES + 1):
        try:
            with transaction(conn, label) as c:
                return body(c)
        except StoreError as e:
            if not on_lake or not lake.is_conflict(e) or attempt == COMMIT_TRIES:
                raise
            log.debug("commit lost to another writer (try %d): %s", attempt, e)
            time.sleep(RETRY_PAUSE_S * attempt * (1 + random.random()))  # noqa: S311  jitter, not secrecy
    raise AssertionError  # unreachable: the last try returns or raises
