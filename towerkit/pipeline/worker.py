"""What runs inside an extraction process: one file in, one ``DocResult`` out.

Extraction is a pure function of the file's bytes and the settings (DESIGN.md), so this module
holds no state but caches (the field catalog). Every failure becomes a one-line reason on the
result; nothing but a dying process escapes, and the parent retries that once.

Time (``PageClock``): the engines report each step they start; a step that outlives its allowance
(``stall_timeout_s``, plus ``OCR_S_PER_MEGAPIXEL`` for an OCR page) is interrupted by SIGALRM and
costs its page; a file past ``file_timeout_s`` (the hard ceiling) fails. The parent sees the same
clock through ``report`` (``pipeline.pool``) and stops a worker whose page hung where no signal
reaches (C code).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from towerkit.config import Settings
from towerkit.engines.budget import OCR_S_PER_MEGAPIXEL, PageStalled
from towerkit.engines.extract import extract
from towerkit.engines.sniff import HEAD_BYTES, sniff
from towerkit.errors import ExtractionError
from towerkit.fields import Catalog, classify, load_catalog, read_fields
from towerkit.models import DocResult
from towerkit.pipeline.pack import pack

log = logging.getLogger(__name__)

REFIRE_S = 0.5
"""Seconds between repeats of the deadline alarm once it has fired (see ``deadline``)."""

MAX_DETAIL_CHARS = 200
"""An internal error's message is cut to this many characters: it is one line of a report."""

# What every executor (the process pool, the Dask cluster) keeps to, so a file costs the same whichever runs it.
KILL_GRACE_S = 15.0
"""Seconds past a step's allowance (or the ceiling) before the driver gives up on a worker that ignored
its own alarm (a C-level loop inside a parser cannot be interrupted by a Python signal handler)."""
MIN_GRACE_S = 2.0
"""The grace is never longer than the stall timer itself, nor shorter than this: a short
``--timeout`` means the user wants hung workers stopped soon."""
QUEUED_FILES = 2
"""Files waiting in the executor beyond one per worker, so none waits for the event loop between files."""
MAX_DEATHS = 2
"""Worker deaths on one file before it is failed as "crashed": the first may be another file's doing."""


def grace_s(settings: Settings) -> float:
    """The grace past a step's allowance or the ceiling (``KILL_GRACE_S`` within the stall timer). Pure."""
    return min(KILL_GRACE_S, max(MIN_GRACE_S, settings.stall_timeout_s))


def one_line(err: BaseException) -> str:
    """An error as one short line for a failure reason: its message, or its type when it has none. Pure."""
    return " ".join(str(err).split())[:MAX_DETAIL_CHARS] or type(err).__name__


OCR_ALARM_MARGIN_S = 5.0
"""Seconds an OCR page's alarm waits past its allowance, so Tesseract's own timeout (set to the
allowance, ``engines.budget.within``) fires first and kills its process; the alarm alone would leave
Tesseract running while the worker moved on."""

Report = Callable[[float, float, int], None]
"""``(monotonic time, seconds allowed from then, page)``: a step started, for the parent's watch."""


@dataclass(frozen=True, slots=True)
class FileTask:
    """A file handed to a worker: its hash and size are already known from the streaming pass."""

    path: str
    display: str
    zone: str | None
    site_hint: str | None
    sha256: str
    size_bytes: int
    spool_dir: str | None = None
    """The run's folder for rows streamed to Parquet (pages past ``analysis_pages``)."""
    skip_pages: frozenset[int] = field(default_factory=frozenset)
    """Pages that hung a worker beyond its own timer on an earlier try: recorded failed, not read."""


def init_worker(memory_mb: int) -> None:
    """Process-pool initializer: single-threaded Tesseract and an address-space cap.

    ``OMP_THREAD_LIMIT=1``: Debian's Tesseract is built with OpenMP and is 4-5x slower per page with
    its default threading when processes already run side by side (PERFORMANCE_NOTES.md).
    ``RLIMIT_AS`` turns one runaway file into a MemoryError in its own process, not a dead machine.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        import resource  # noqa: PLC0415  POSIX-only stdlib module: its ImportError is the platform check

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError) as e:  # not on this platform, or a lower hard cap
        log.debug("no address-space cap for workers: %s", e)


def exit_with(run_pid: int) -> None:
    """End this worker when the run's process ends, however it ends (SIGKILL, the OOM killer).

    A worker's parent is the forkserver, not the run, and it holds both ends of the pool's queues: with
    the run gone it would block forever, keeping the forkserver and the resource tracker alive with it.
    """
    try:
        fd = os.pidfd_open(run_pid)
    except ProcessLookupError:
        os._exit(1)  # the run is already gone
    except (AttributeError, OSError) as e:  # no pidfd here (not Linux >= 5.3): no watch
        log.debug("workers will not follow the run's end: %s", e)
        return

    def _watch() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())  # the page alarm is the main thread's
        select.select([fd], [], [])  # readable once the process has exited
        os._exit(1)

    threading.Thread(target=_watch, name="towerkit-run-watch", daemon=True).start()


@lru_cache(maxsize=4)
def _catalog(path: str | None) -> Catalog:
    return load_catalog(path)


@contextmanager
def deadline(seconds: float, path: str) -> Iterator[None]:
    """Raise ExtractionError('timeout') in this thread after ``seconds``, where signals allow it.

    Only the main thread of a process can take SIGALRM; in other threads the caller's outer
    timeout is the only guard.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(_signum: int, _frame: object) -> None:
        raise ExtractionError("timeout", f"extraction took longer than {seconds:g} s", path=path)

    previous = signal.signal(signal.SIGALRM, _expired)
    # Re-fire every half second: a parser's broad ``except Exception`` (pdfminer has a few) can
    # swallow one alarm, not all of them.
    signal.setitimer(signal.ITIMER_REAL, seconds, REFIRE_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class PageClock:
    """The stall timer and hard ceiling of one file: an engine's ``Progress`` (``engines.budget``).

    Each call starts a step: the alarm is set to the step's allowance (never past the ceiling), and
    re-fires every ``REFIRE_S`` once it has gone off, because a parser's broad ``except Exception``
    (pdfminer has a few) can swallow one alarm, not all of them. Only the main thread of a process
    can take SIGALRM; elsewhere (a notebook's thread) the clock only checks the ceiling at each step.
    """

    def __init__(self, settings: Settings, path: str, report: Report | None = None) -> None:
        self.stall = settings.stall_timeout_s
        self.ceiling = settings.file_timeout_s
        self.path = path
        self.report = report
        self.started = time.monotonic()
        self.page = 0
        self.allowance = self.stall
        self.armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        self._previous: Any = None

    def __enter__(self) -> Self:
        if self.armed:
            self._previous = signal.signal(signal.SIGALRM, self._expired)
        self(0)
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)

    def __call__(self, page: int, megapixels: float = 0.0) -> float:
        """Start a step of ``page`` (0: a step of the whole file); returns its allowance in seconds."""
        now = time.monotonic()
        left = self.started + self.ceiling - now
        if left <= 0:
            raise self._over_ceiling()
        allowance = self.stall + megapixels * OCR_S_PER_MEGAPIXEL
        alarm = min(allowance + (OCR_ALARM_MARGIN_S if megapixels else 0.0), left)
        self.page, self.allowance = page, allowance
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, alarm, REFIRE_S)
        if self.report is not None:
            self.report(now, alarm, page)
        return allowance

    def _over_ceiling(self) -> ExtractionError:
        return ExtractionError("timeout", f"over the {self.ceiling:g} s ceiling for one file", path=self.path)

    def _expired(self, _signum: int, _frame: object) -> None:
        if time.monotonic() >= self.started + self.ceiling:
            raise self._over_ceiling()
        raise PageStalled(self.page, self.allowance, path=self.path)


def process_file(task: FileTask, settings: Settings, report: Report | None = None) -> DocResult:
    """Extract, classify and read the fields and label/value pairs of one file. Never raises for a bad file.

    ``report`` is told when each step starts (the pool's watch on hung workers).
    """
    started = time.perf_counter()
    try:
        return _process(task, settings, started, report)
    except ExtractionError as e:
        # A re-fired deadline alarm can land while the first one is being handled, outside the
        # inner try; it still means the file ran out of time.
        return failed_result(task, e.kind, e.reason, started)


def failed_result(task: FileTask, kind: str, reason: str, started: float) -> DocResult:
    """The result of a file that could not be processed, timed from ``started`` (perf_counter)."""
    return DocResult(
        path=task.display,
        zone=task.zone,
        sha256=task.sha256,
        size_bytes=task.size_bytes,
        site_hint=task.site_hint,
        error_kind=kind,
        error=reason,
        seconds=time.perf_counter() - started,
    )


def _check_size(task: FileTask, settings: Settings) -> None:
    """Refuse empty and oversized files before any parser sees them (logs are read in windows)."""
    if task.size_bytes == 0:
        raise ExtractionError("empty", "0 bytes")
    if task.size_bytes > settings.max_file_mb * 1024 * 1024 and not _is_text(task.path):
        raise ExtractionError(
            "too_large", f"{task.size_bytes / 2**20:.0f} MiB exceeds max_file_mb={settings.max_file_mb}"
        )


def _is_text(path: str) -> bool:
    """Whether the file's first bytes are text (a log, whose memory does not grow with its size)."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return False  # extraction names the read error
    return sniff(head, path).kind == "text"


def _extract_and_pack(task: FileTask, settings: Settings, report: Report | None = None) -> DocResult:
    """Everything a worker computes for one readable file, under its stall timer and ceiling."""
    _check_size(task, settings)
    with PageClock(settings, task.display, report) as clock:
        doc = extract(task.path, settings, spool_dir=task.spool_dir, progress=clock, skip_pages=task.skip_pages)
        clock(0)
        catalog = _catalog(settings.catalog_path)
        classification = classify(doc, catalog)
        fields, pairs = read_fields(doc, classification, catalog)
        clock(0)
        # Rows and fingerprint are built here, in parallel, so the single writer only inserts.
        return pack(
            DocResult(
                path=task.display,
                zone=task.zone,
                sha256=task.sha256,
                size_bytes=task.size_bytes,
                site_hint=task.site_hint,
                extracted=doc,
                classification=classification,
                fields=fields,
                pairs=pairs,
            )
        )


def _process(task: FileTask, settings: Settings, started: float, report: Report | None) -> DocResult:
    try:
        packed = _extract_and_pack(task, settings, report)
    except ExtractionError as e:
        return failed_result(task, e.kind, e.reason, started)
    except MemoryError:
        reason = f"too large: out of memory (worker cap {settings.worker_memory_mb} MB)"
        return failed_result(task, "too_large", reason, started)
    except Exception as e:  # a parser bug must cost one file, not the run
        log.exception("internal error on %s", task.display)
        detail = " ".join(str(e).split())[:MAX_DETAIL_CHARS] or type(e).__name__
        return failed_result(task, "internal", f"internal: {type(e).__name__}: {detail}", started)
    return dataclasses.replace(packed, seconds=time.perf_counter() - started)
