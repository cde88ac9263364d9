"""What runs inside an extraction process: one file in, one ``DocResult`` out.

Extraction is a pure function of the file's bytes and the settings (DESIGN.md), so this module
holds no state but caches (the field catalog). Every failure becomes a one-line reason on the
result; nothing but a dying process escapes, and the parent retries that once.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.errors import ExtractionError
from towerkit.fields import Catalog, classify, load_catalog, read_fields
from towerkit.models import DocResult
from towerkit.pipeline.pack import pack

log = logging.getLogger(__name__)

REFIRE_S = 0.5
"""Seconds between repeats of the deadline alarm once it has fired (see ``deadline``)."""

MAX_DETAIL_CHARS = 200
"""An internal error's message is cut to this many characters: it is one line of a report."""


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


def process_file(task: FileTask, settings: Settings) -> DocResult:
    """Extract, classify and read the fields and label/value pairs of one file. Never raises for a bad file."""
    started = time.perf_counter()
    try:
        return _process(task, settings, started)
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
    """Refuse empty and oversized files before any parser sees them."""
    if task.size_bytes == 0:
        raise ExtractionError("empty", "0 bytes")
    if task.size_bytes > settings.max_file_mb * 1024 * 1024:
        raise ExtractionError(
            "too_large", f"{task.size_bytes / 2**20:.0f} MiB exceeds max_file_mb={settings.max_file_mb}"
        )


def _extract_and_pack(task: FileTask, settings: Settings) -> DocResult:
    """Everything a worker computes for one readable file, under the per-file deadline."""
    _check_size(task, settings)
    with deadline(settings.file_timeout_s, task.display):
        doc = extract(task.path, settings, spool_dir=task.spool_dir)
        catalog = _catalog(settings.catalog_path)
        classification = classify(doc, catalog)
        fields, pairs = read_fields(doc, classification, catalog)
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


def _process(task: FileTask, settings: Settings, started: float) -> DocResult:
    try:
        packed = _extract_and_pack(task, settings)
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
