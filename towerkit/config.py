"""Settings: one frozen dataclass that every stage reads, passed to worker processes as is.

Extraction must be a pure function of a file's bytes and these settings (DESIGN.md), so
everything that changes a result lives here and is recorded in each run's manifest.
Importing this module does nothing; ``Settings.from_env()`` reads ``TOWERKIT_*`` variables.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from typing import Any

MIN_OCR_DPI = 36
"""Lowest ocr_dpi accepted: below it a 10-point line of text is under 5 pixels tall, too few to read."""
MAX_OCR_DPI = 1200
"""Highest ocr_dpi accepted: at 1200 an A4 page is already about 140 M pixels, past ``max_image_pixels``."""


def _default_workers() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Everything that changes an extraction's result or a run's resources; validated on creation."""

    # --- pipeline -------------------------------------------------------------------------
    workers: int = dataclasses.field(default_factory=_default_workers)
    """Extraction processes. 1 runs everything in this process (tests, notebook debugging)."""
    cluster: str | None = None
    """``ingest --cluster``: extract on a Dask cluster instead of this machine's process pool, for a
    backlog one machine cannot get through: ``tcp://HOST:PORT`` (a running scheduler) or ``local:N``
    (N worker processes started for the run). ``workers`` is then unused; None is the process pool."""
    queue_size: int = 64
    """Paths waiting for a worker; the discovery walk waits when the queue is full."""
    result_queue_size: int = 64
    """Extracted documents waiting for the writer; workers wait when it is full."""
    stall_timeout_s: float = 60.0
    """The stall timer (``ingest --timeout``): seconds a file may go without finishing a step (a page
    probed, read or OCRed; a window of a log; its fields read). It restarts at every step, so a file's
    allowance grows with its pages and a 2,000-page report on a loaded machine never runs out while it
    progresses; an OCR page gets ``OCR_S_PER_MEGAPIXEL`` more per million pixels it renders. A page past
    it fails alone (``pages.reason`` ``failed: page timeout after N s``), the rest of the file is kept."""
    file_timeout_s: float = 3600.0
    """The hard ceiling (``ingest --max-file-time``): wall-clock seconds one file may take however it
    progresses; past it the file fails as ``timeout``. An hour covers a 2 GB log read in windows (about
    ten minutes here) with room for a loaded machine; a stuck page is the stall timer's business."""
    max_tasks_per_child: int = 40
    """Worker processes are replaced after this many files, capping slow leaks in the parsers."""
    worker_memory_mb: int = 3072
    """Address-space cap (RLIMIT_AS) of each worker process: one file cannot take the machine down."""
    max_file_mb: int = 512
    """Larger PDFs and images are hashed (streamed) and recorded as failed without being parsed. Text
    logs are exempt: they are read in windows of bounded memory, and ``max_pages`` bounds them."""
    max_pages: int = 5000
    """PDFs and images with more pages fail with a clear reason instead of running for an hour. A text
    log past its analysed head is read in 1 MiB windows, one page each (``engines.text``), so the
    default admits logs up to about 4.8 GiB."""
    analysis_pages: int = 50
    """Fields, document type and layout fingerprint are read from a document's first this-many
    pages; the words of later pages are stored (``tokens``) but never analysed, so a 2,000-page
    report costs the memory and CPU of 50 pages beyond its extraction."""
    batch_docs: int = 2048
    """The writer commits one transaction per this many documents, or sooner (batch_rows, batch_seconds)."""
    batch_rows: int = 122_880
    """...or once one table's rows in the batch reach this: one DuckDB row group, which a transaction
    writes straight into the database file instead of through the WAL (1.6x the rows/s measured)."""
    batch_seconds: float = 1.0
    """...or every this many seconds, whichever comes first. A time-cut batch holds what the workers
    produced in that time, and the main process's memory follows the batches in flight: 2 s left it
    about 30 MB larger on 5,000 small documents than 1 s, for no measurable gain in documents/s
    (BENCHMARKS.md, bench_memory)."""
    zone_failure_budget: int = 5
    """Consecutive unreadable-source errors (I/O, not bad content) after which a zone is paused."""

    # --- routing ------------------------------------------------------------------------
    text_min_chars: int = 25
    """A page with fewer usable characters has no text layer worth trusting."""
    text_min_density: float = 0.05
    """Usable characters per 100 square points of page below which the text layer is too thin."""
    text_max_unmapped: float = 0.10
    """Share of unmapped glyphs ((cid:NN), private-use, control) above which the layer is garbage."""
    ocr_image_coverage: float = 0.60
    """A page whose images cover this share of its area and whose text is thin is a scan."""
    ocr_vector_paths: int = 100
    """A page with no text but this many vector paths has its text drawn as curves: OCR it."""

    # --- OCR ----------------------------------------------------------------------------
    ocr_dpi: int = 200
    """Render DPI for image-only PDF pages: twice as fast as 300 for ~0.5% less word recall."""
    ocr_lang: str = "eng"
    ocr_psm: int = 3
    max_image_pixels: int = 120_000_000
    """Larger images are refused as decompression bombs instead of exhausting memory."""
    ocr_page_timeout_s: float = 120.0
    """Wall-clock limit for one Tesseract call on one page (~1.3 s normally), and never more than the
    page's stall allowance; past it the page fails (``failed: page timeout``), not the file."""

    # --- fields, drift, alerts ----------------------------------------------------------
    catalog_path: str | None = None
    """A TOML file of extra or overriding field-catalog entries."""
    drift_tolerance_pt: float = 24.0
    """How far (points) a field may move from its template position before it counts as moved."""
    template_match_threshold: float = 0.55
    """Layout similarity at or above which a document belongs to a known template revision."""
    alert_webhook: str | None = None
    review_min_confidence: float = 0.6
    """A field read with less confidence than this puts its document in the review queue. On the
    sample corpus 1 in 400 field values falls below it (all OCR'd), so the queue stays short enough
    to read while every doubtful scan value still reaches a person."""

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError(f"setting workers must be 0 (extract in this process) or more, got {self.workers!r}")
        positive = (
            "queue_size",
            "result_queue_size",
            "stall_timeout_s",
            "file_timeout_s",
            "max_tasks_per_child",
            "worker_memory_mb",
            "max_file_mb",
            "max_pages",
            "analysis_pages",
            "batch_docs",
            "batch_rows",
            "batch_seconds",
            "zone_failure_budget",
            "ocr_dpi",
            "max_image_pixels",
            "drift_tolerance_pt",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"setting {name} must be positive, got {getattr(self, name)!r}")
        for name in ("text_max_unmapped", "ocr_image_coverage", "template_match_threshold", "review_min_confidence"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"setting {name} must be between 0 and 1, got {getattr(self, name)!r}")
        if not MIN_OCR_DPI <= self.ocr_dpi <= MAX_OCR_DPI:
            raise ValueError(f"setting ocr_dpi must be between {MIN_OCR_DPI} and {MAX_OCR_DPI}, got {self.ocr_dpi}")

    @classmethod
    def resolve(cls, value: Settings | dict[str, Any] | None = None, **overrides: Any) -> Settings:
        """Accept None (defaults and environment), a dict of overrides, or a Settings."""
        if isinstance(value, Settings):
            base = value
        else:
            base = cls.from_env()
            if value:
                overrides = {**value, **overrides}
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(base, **{k: v for k, v in overrides.items() if v is not None})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Defaults overridden by ``TOWERKIT_<NAME>`` variables (e.g. ``TOWERKIT_OCR_DPI=300``)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"TOWERKIT_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _coerce(f.name, str(f.type), raw)
        return cls(**values)

    def manifest(self) -> dict[str, Any]:
        """The settings that change results, for the run manifest (not paths, not tuning knobs)."""
        return dataclasses.asdict(self)


def _coerce(name: str, type_name: str, raw: str) -> Any:
    """An environment variable's text as the field's type (int, float, else text; empty is None)."""
    try:
        if type_name.startswith("int"):
            return int(raw)
        if type_name.startswith("float"):
            return float(raw)
    except ValueError:
        raise ValueError(f"TOWERKIT_{name.upper()}={raw!r} is not a number") from None
    return raw or None
