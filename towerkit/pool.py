"""The extraction process pool, and what happens when one of its processes dies or hangs.

asyncio orchestrates and processes compute: pdfminer is pure Python and Tesseract CPU-bound, so
threads gain nothing (0.94x measured) where two processes gain 1.91x (PERFORMANCE_NOTES.md).
A process killed mid-file (OOM killer, a segfault in a parser, our own timeout) breaks a
``ProcessPoolExecutor`` for every in-flight task; the pool is then replaced and each affected file is
tried once more, so one bad file costs one file, never the run.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from towerkit.config import Settings
from towerkit.models import DocResult
from towerkit.worker import FileTask, init_worker, process_file

log = logging.getLogger(__name__)

KILL_GRACE_S = 15.0
"""Seconds past ``file_timeout_s`` before the parent kills a worker that ignored its own alarm
(a C-level loop inside a parser cannot be interrupted by a Python signal handler)."""

_PRELOAD = ["towerkit.worker", "towerkit.extract", "towerkit.fields"]


class ExtractionPool:
    """A restartable process pool with a per-file timeout and one retry on a dead worker."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.generation = 0
        self.restarts = 0
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        self._ctx = ctx
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=self._ctx,
            initializer=init_worker,
            initargs=(self.settings.worker_memory_mb,),
            max_tasks_per_child=self.settings.max_tasks_per_child,
        )

    def _restart(self, generation: int) -> None:
        """Replace the pool once per breakage, however many tasks noticed it."""
        if generation != self.generation:
            return
        old = self._pool
        for proc in list(getattr(old, "_processes", {}).values()):
            if proc.is_alive():
                proc.kill()
        old.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.restarts += 1
        self._pool = self._new_pool()
        log.warning("extraction pool restarted (%d so far)", self.restarts)

    async def run(self, task: FileTask) -> DocResult:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        for attempt in (1, 2):
            generation, pool = self.generation, self._pool
            try:
                future = loop.run_in_executor(pool, process_file, task, self.settings)
                return await asyncio.wait_for(future, timeout=self.settings.file_timeout_s + KILL_GRACE_S)
            except asyncio.TimeoutError:
                self._restart(generation)
                return _failed(task, "timeout", f"timeout: no result after {self.settings.file_timeout_s:g} s "
                               "(worker killed)", started)
            except BrokenProcessPool:
                self._restart(generation)
                if attempt == 2:
                    return _failed(task, "crashed", "crashed: the worker process died twice on this file", started)
                log.warning("worker died while extracting %s; retrying once", task.display)
            except RuntimeError as e:  # "cannot schedule new futures after shutdown": a restart raced us
                if "shutdown" not in str(e) or attempt == 2:
                    return _failed(task, "internal", f"internal: {one_line(e)}", started)
            except Exception as e:  # whatever a worker raises costs its file, never the run
                log.exception("worker raised on %s", task.display)
                return _failed(task, "internal", f"internal: {type(e).__name__}: {one_line(e)}", started)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def kill(self) -> None:
        """Stop at once (the run was interrupted): no worker outlives its parent's run."""
        for proc in list(getattr(self._pool, "_processes", {}).values()):
            if proc.is_alive():
                proc.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)


class SerialExtractor:
    """workers=0: everything in this process, in order, as tests, profiling and debugging want it.

    The event loop waits while a file is extracted, so nothing is written meanwhile; ``workers=1``
    is the real pipeline with one extraction process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.restarts = 0

    async def run(self, task: FileTask) -> DocResult:
        # Called in the loop's thread on purpose: SIGALRM (the per-file timeout) needs the main thread.
        return process_file(task, self.settings)

    def close(self) -> None:
        pass

    def kill(self) -> None:
        pass


def _failed(task: FileTask, kind: str, reason: str, started: float) -> DocResult:
    return DocResult(path=task.display, zone=task.zone, sha256=task.sha256, size_bytes=task.size_bytes,
                     site_hint=task.site_hint, error_kind=kind, error=reason, seconds=time.perf_counter() - started)


def one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


def make_extractor(settings: Settings) -> ExtractionPool | SerialExtractor:
    return SerialExtractor(settings) if settings.workers == 0 else ExtractionPool(settings)


__all__ = ["ExtractionPool", "SerialExtractor", "make_extractor"]
