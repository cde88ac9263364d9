"""What a run does when the machine under it fails: a full disk, a source file gone mid-run, a dead task.

Kept apart from ``ingest`` so the run's happy path reads on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import os
import tempfile
from collections.abc import Iterator
from typing import Any

from towerkit.errors import DiskFull, is_disk_full
from towerkit.models import DocResult

VANISHED = "unreadable: the file vanished during the run (moved or deleted after it was found)"
"""Why a file found by the walk but gone when read failed: a folder renamed or removed mid-run."""

TEMP_HINT = "free space there (or set TMPDIR to a larger disk)"
"""What to do when the temp folder's filesystem is full."""


def temp_disk_full(err: OSError | None = None) -> DiskFull:
    """``DiskFull`` for the run's temp folder (the spool, Tesseract's and multiprocessing's files)."""
    where = err.filename if err is not None and err.filename else tempfile.gettempdir()
    return DiskFull("the temp folder", os.fspath(where), TEMP_HINT)


@contextlib.contextmanager
def temp_full_is_disk_full() -> Iterator[None]:
    """Turn ENOSPC raised in this process (making the run folder, the spool) into ``DiskFull``."""
    try:
        yield
    except OSError as e:
        if is_disk_full(e):
            raise temp_disk_full(e) from e
        raise


def unreadable(err: OSError) -> str:
    """The failure reason of a source file that could not be read; one gone since the walk says so."""
    return VANISHED if err.errno == errno.ENOENT else f"unreadable: {err.strerror or err}"


def checked(result: DocResult, path: str) -> DocResult:
    """A worker's result, or ``DiskFull`` when it failed only because the temp folder filled up.

    Stored as failed, such a file would never be tried again (a failure is final); so the run
    stops before it is written and the same command picks it up once space is freed. A file that
    failed because it was gone by then says so.

    Raises:
        DiskFull: the failure reads "No space left on device".

    """
    if not result.failed:
        return result
    if is_disk_full(result.error):
        raise temp_disk_full()
    if not os.path.lexists(path):
        return dataclasses.replace(result, error_kind="unreadable", error=VANISHED)
    return result


def stop_when_one_fails(tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel the running task (the run) as soon as one of ``tasks`` fails.

    The producer would otherwise wait forever on a queue nobody drains once the writer died.
    """
    run = asyncio.current_task()

    def _check(t: asyncio.Task[Any]) -> None:
        if run is not None and not t.cancelled() and t.exception() is not None:
            run.cancel()

    for t in tasks:
        t.add_done_callback(_check)


def first_failure(tasks: list[asyncio.Task[Any]]) -> BaseException | None:
    """Cancel ``tasks``; the error of the first that had failed (not cancelled), if any."""
    for t in tasks:
        t.cancel()
    failures = [t.exception() for t in tasks if t.done() and not t.cancelled()]  # retrieved: no "never retrieved"
    return next((f for f in failures if f is not None), None)
