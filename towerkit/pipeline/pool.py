"""The extraction process pool, and what happens when one of its processes dies or hangs.

asyncio orchestrates and processes compute: pdfminer is pure Python and Tesseract CPU-bound, so
threads gain nothing (0.94x measured) where two processes gain 1.91x (PERFORMANCE_NOTES.md).
A process killed mid-file (OOM killer, a segfault in a parser, our own timeout) breaks a
``ProcessPoolExecutor`` for every in-flight task; the pool is then replaced and each affected file is
tried once more, so one bad file costs one file, never the run.

Hung workers: each worker writes, per slot, when its file started and when its current step started
with that step's allowance (``worker.PageClock``). A worker whose step outlives the allowance by
a grace period ignored its own alarm (a loop inside C code): the pool is replaced and the file read
again with that page skipped and recorded failed, so a stuck page costs the page, not the file. A
file past the hard ceiling (``file_timeout_s``) fails whatever its progress.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from towerkit.config import Settings
from towerkit.errors import MissingExtra
from towerkit.models import DocResult
from towerkit.pipeline.worker import (
    MAX_DEATHS,
    QUEUED_FILES,
    FileTask,
    exit_with,
    failed_result,
    grace_s,
    init_worker,
    one_line,
    process_file,
)

if TYPE_CHECKING:
    from towerkit.pipeline.dask_pool import DaskExecutor

log = logging.getLogger(__name__)

SLOT_FIELDS = 4
"""Per slot in the shared table: file started, step started, step allowance (s), page (0 = none)."""

MAX_SUBMITS = 5
"""Times one file is handed to the pool before it is given up: a second dead worker on the file
fails it sooner; the rest are restarts caused by other files."""

_PRELOAD = ["towerkit.pipeline.worker", "towerkit.engines.extract", "towerkit.fields", "pdfplumber"]
"""Modules the forkserver imports once, so each new worker process starts with them loaded
(pdfplumber too: ``engines.pdf`` defers it to keep it out of the ingest's main process)."""


class _RecyclingExecutor(ProcessPoolExecutor):
    """A ``ProcessPoolExecutor`` that always replaces a worker retired by ``max_tasks_per_child``.

    CPython 3.11 decides whether to replace a retired worker by taking a token from a semaphore that
    counts finished tasks, not idle workers (python/cpython#115634; the fix, #140900, went to newer
    branches only). When the last files of a run were queued behind a worker at its limit, a stale
    token left no worker at all: with ``--workers 1`` they waited out the per-file timeout and then
    failed as "timeout". Versions with the fix replace workers through another method and never
    call this from the manager thread.
    """

    def _adjust_process_count(self) -> None:
        if threading.current_thread() is getattr(self, "_executor_manager_thread", None):
            # Called by the manager thread only after a worker exited: top the pool back up.
            if len(self._processes) < self._max_workers:  # type: ignore[attr-defined]
                self._spawn_process()  # type: ignore[attr-defined]
            return
        super()._adjust_process_count()


class ExtractionPool:
    """A restartable process pool with a per-file timeout and one retry on a dead worker.

    Each file's timer starts when its worker starts it, not when it is submitted: the pool queues
    a file or two behind each process so no process waits for the event loop between files, and
    a file queued behind a slow scan must not use up its own time waiting.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.generation = 0
        self.restarts = 0
        self.capacity = settings.workers + QUEUED_FILES
        self._killed: set[int] = set()
        """Generations we killed for a timeout: their other files were not at fault."""
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        self._ctx = ctx
        self._starts = ctx.RawArray("d", self.capacity * SLOT_FIELDS)
        """Per slot, ``SLOT_FIELDS`` numbers a worker writes (CLOCK_MONOTONIC, system-wide on Linux)."""
        self.grace = grace_s(settings)
        self._free = list(range(self.capacity))
        self._slots = asyncio.Semaphore(self.capacity)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return _RecyclingExecutor(
            max_workers=self.settings.workers,
            mp_context=self._ctx,
            initializer=_init_process,
            initargs=(self.settings.worker_memory_mb, self._starts, os.getpid()),
            max_tasks_per_child=self.settings.max_tasks_per_child,
        )

    def _restart(self, generation: int, *, killed: bool = False) -> None:
        """Replace the pool once per breakage, however many tasks noticed it."""
        if generation != self.generation:
            return
        if killed:
            self._killed.add(generation)
        old = self._pool
        _kill_processes(old)
        old.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.restarts += 1
        self._pool = self._new_pool()
        log.warning("extraction pool restarted (%d so far)", self.restarts)

    async def run(self, task: FileTask) -> DocResult:
        """Extract one file in the pool; a dead or hung worker costs this file at most, never the run."""
        async with self._slots:
            slot = self._free.pop()
            try:
                return await self._run(task, slot)
            finally:
                self._free.append(slot)

    async def _run(self, task: FileTask, slot: int) -> DocResult:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        deaths = 0
        first_start = 0.0  # when a worker first started this file: the ceiling counts from there
        for _ in range(MAX_SUBMITS):
            generation, pool = self.generation, self._pool
            future: asyncio.Future[DocResult] | None = None
            try:
                self._starts[slot * SLOT_FIELDS : (slot + 1) * SLOT_FIELDS] = [0.0] * SLOT_FIELDS
                future = loop.run_in_executor(pool, _process_in_slot, slot, task, self.settings)
                return await self._result(future, slot, first_start)
            except _Stuck as stuck:
                _forget(future)
                self._restart(generation, killed=True)
                first_start = first_start or stuck.file_started
                again = stuck.again(task)
                if again is None:
                    return failed_result(task, "timeout", stuck.reason(self.settings), started)
                task = again
            except asyncio.CancelledError:
                if not _cancelled_by_restart(future):
                    _forget(future)  # the run stopped: its kill fails this future, and nobody waits for it
                    raise
                # Another file's timeout replaced the pool before this file started: submit it again.
            except BrokenProcessPool:
                if generation in self._killed:
                    continue  # we killed the pool for another file's timeout: not this file's doing
                self._restart(generation)
                deaths += 1
                if deaths == MAX_DEATHS:
                    return failed_result(
                        task, "crashed", "crashed: the worker process died twice on this file", started
                    )
                log.warning("worker died while extracting %s; retrying once", task.display)
            except RuntimeError as e:  # "cannot schedule new futures after shutdown": a restart raced us
                if "shutdown" not in str(e):
                    return failed_result(task, "internal", f"internal: {one_line(e)}", started)
            except Exception as e:  # whatever a worker raises costs its file, never the run
                log.exception("worker raised on %s", task.display)
                return failed_result(task, "internal", f"internal: {type(e).__name__}: {one_line(e)}", started)
        return failed_result(
            task,
            "internal",
            f"internal: the extraction pool was replaced {MAX_SUBMITS} times before this file could finish",
            started,
        )

    async def _result(self, future: asyncio.Future[DocResult], slot: int, first_start: float) -> DocResult:
        """Wait for the file while its worker makes progress, up to the ceiling.

        Raises _Hung when the worker's current step outlived its allowance plus the grace, or the
        file the ceiling plus the grace; _NeverStarted when no worker started it while none of
        the pool's workers made any progress either (a wedged pool).
        """
        submitted = time.monotonic()
        while True:
            began, step, allowed, page = self._slot(slot)
            now = time.monotonic()
            if began:
                since = first_start or began
                ceiling_at = since + self.settings.file_timeout_s + self.grace
                stall_at = step + allowed + self.grace
                if now >= min(ceiling_at, stall_at):
                    raise _Hung(since, int(page), allowed, ceiling=now >= ceiling_at)
                remaining = min(ceiling_at, stall_at) - now
            else:
                # Busy workers are fine while any of them is within its current step's allowance.
                steps = [self._slot(s) for s in range(self.capacity)]
                due = max([submitted + self.settings.stall_timeout_s] + [st[1] + st[2] for st in steps if st[1]])
                remaining = due + self.grace - now
                if remaining <= 0:
                    raise _NeverStarted
            try:
                return await asyncio.wait_for(asyncio.shield(future), timeout=remaining)
            except TimeoutError:
                continue  # look again: the file may have started, or progressed, meanwhile

    def _slot(self, slot: int) -> tuple[float, float, float, float]:
        base = slot * SLOT_FIELDS
        began, step, allowed, page = self._starts[base : base + SLOT_FIELDS]
        return began, step, allowed, page

    def close(self) -> None:
        """Let the workers finish and exit (the run has nothing left to extract)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def kill(self) -> None:
        """Stop at once (the run was interrupted): no worker outlives its parent's run."""
        _kill_processes(self._pool)
        self._pool.shutdown(wait=False, cancel_futures=True)


class SerialExtractor:
    """workers=0: everything in this process, in order, as tests, profiling and debugging want it.

    The event loop waits while a file is extracted, so nothing is written meanwhile; ``workers=1``
    is the real pipeline with one extraction process.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.restarts = 0
        self.capacity = 1

    async def run(self, task: FileTask) -> DocResult:
        """Extract one file in this process, blocking the event loop meanwhile."""
        # Called in the loop's thread on purpose: SIGALRM (the per-file timeout) needs the main thread.
        return process_file(task, self.settings)

    def close(self) -> None:
        """Nothing to release: there is no pool."""

    def kill(self) -> None:
        """Nothing to stop: there is no pool."""


class _Stuck(Exception):
    """A file the pool cannot finish as it stands: its pool is replaced, and ``again`` says what next."""

    file_started = 0.0

    def again(self, task: FileTask) -> FileTask | None:
        """The file to submit again, or None when it is lost (then ``reason`` says why)."""
        log.warning("%s never started in the extraction pool; submitted again", task.display)
        return task

    def reason(self, settings: Settings) -> str:  # noqa: ARG002  overridden with the settings in use
        """The file's failure reason when it is given up."""
        return "timeout: never started"


class _NeverStarted(_Stuck):
    """A submitted file was not started by any worker while no worker made progress."""


class _Hung(_Stuck):
    """The worker on a file made no progress past its step's allowance, or the file passed the ceiling."""

    def __init__(self, file_started: float, page: int, allowed: float, *, ceiling: bool) -> None:
        super().__init__(f"page {page}")
        self.file_started = file_started
        self.page = page
        self.allowed = allowed
        self.ceiling = ceiling

    def again(self, task: FileTask) -> FileTask | None:
        """The file without the page that hung its worker (None: lost).

        Lost past the ceiling, when the file hung outside any page, or again on a page it skips.
        """
        if self.ceiling or not self.page or self.page in task.skip_pages:
            return None
        log.warning("%s: page %d hung its worker; read again without it", task.display, self.page)
        return dataclasses.replace(task, skip_pages=task.skip_pages | {self.page})

    def reason(self, settings: Settings) -> str:
        """The file's failure reason when it is given up."""
        if self.ceiling:
            return f"timeout: over the {settings.file_timeout_s:g} s ceiling for one file (worker killed)"
        where = f" on page {self.page}" if self.page else ""
        return f"timeout: no progress for {self.allowed:g} s{where} (worker killed)"


_STARTS: Any = None
"""In a worker process: the pool's shared table of start times (set by ``_init_process``)."""


def _init_process(memory_mb: int, starts: Any, run_pid: int) -> None:
    # An initializer can hand state to the tasks that follow only through a module global.
    global _STARTS  # noqa: PLW0603  the pool's initializer is the one writer, once per process
    _STARTS = starts
    init_worker(memory_mb)
    exit_with(run_pid)


def _process_in_slot(slot: int, task: FileTask, settings: Settings) -> DocResult:
    """Runs in a worker: note when the file and each of its steps start, for the parent's watch."""
    base = slot * SLOT_FIELDS

    def report(now: float, allowed: float, page: int) -> None:
        # The step first, its start last: the parent reads a consistent or an older step, never a
        # new start with an old allowance.
        _STARTS[base + 2], _STARTS[base + 3], _STARTS[base + 1] = allowed, float(page), now

    now = time.monotonic()
    report(now, settings.stall_timeout_s, 0)
    _STARTS[base] = now
    return process_file(task, settings, report)


def _kill_processes(pool: ProcessPoolExecutor) -> None:
    # A pool that has shut down sets its process table to None.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()


def _forget(future: asyncio.Future[DocResult] | None) -> None:
    """Retrieve the outcome of an abandoned future, so asyncio does not log it as an error nobody saw.

    An abandoned future still fails when its pool is killed.
    """
    if future is not None:
        future.add_done_callback(lambda f: f.cancelled() or f.exception())


def _cancelled_by_restart(future: asyncio.Future[DocResult] | None) -> bool:
    """True when the pool cancelled the file's future (``_restart``), not the run itself.

    Only a cancelled run may stop the run; a cancelled future means the file is submitted again.
    """
    task = asyncio.current_task()
    return future is not None and future.cancelled() and (task is None or task.cancelling() == 0)


def make_extractor(settings: Settings, shared: Sequence[str] = ()) -> ExtractionPool | SerialExtractor | DaskExecutor:
    """The process pool, with ``workers=0`` the in-process extractor, or with ``cluster`` a Dask cluster.

    ``shared``: folders a remote cluster's workers must see (the inputs, the spool folder), checked now
    so a run never starts that would fail at its first large file.

    Raises:
        MissingExtra: ``cluster`` is set and the ``scale`` extra (Dask distributed) is not installed.
        UsageError: the cluster's address is wrong, nothing answers there, or a worker cannot see ``shared``.

    """
    if settings.cluster:
        MissingExtra.check("scale", "ingest --cluster")
        from towerkit.pipeline.dask_pool import DaskExecutor  # noqa: PLC0415  # deferred: distributed

        executor = DaskExecutor(settings)
        try:
            executor.check_shared(list(shared))
        except BaseException:
            executor.kill()
            raise
        return executor
    return SerialExtractor(settings) if settings.workers == 0 else ExtractionPool(settings)


__all__ = ["ExtractionPool", "SerialExtractor", "make_extractor"]
