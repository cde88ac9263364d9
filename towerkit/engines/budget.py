"""Time budgets that follow the work: how the engines report progress and give up on one page.

A wall-clock limit per file punished a 2,000-page report that was progressing on a loaded machine
and let a small file that hung wait as long as a huge one. Instead, the engines call
``progress(page, megapixels)`` each time they start a step (probing, reading or OCRing a page; a
window of a log; classification), and the worker restarts its stall timer there
(``pipeline.worker.PageClock``). When a step outlives its allowance, the timer raises
``PageStalled`` inside it; the engine records that page as failed and goes on with the next, so a
stuck page costs that page, not the file. The engines never arm timers themselves: without a clock
(tests, ``plan``) ``NO_PROGRESS`` does nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from towerkit.config import Settings
from towerkit.errors import ExtractionError
from towerkit.models import FAILED_PAGE_PREFIX

OCR_S_PER_MEGAPIXEL = 5.0
"""Stall allowance added per million pixels an OCR page renders: Tesseract takes ~0.35 s per
megapixel here (1.3 s for a 200-dpi letter page), so this leaves about 15x for a loaded machine, and a
120 M pixel scan gets ten minutes more than a text page."""


class Progress(Protocol):
    """Called by the engines when a step starts; returns the step's allowance in seconds (0 = none)."""

    def __call__(self, page: int, megapixels: float = 0.0) -> float:
        """Start the stall timer for ``page`` (0 for a step that belongs to no page)."""
        ...


class _NoProgress:
    """The progress of an extraction nobody times: a call does nothing."""

    def __call__(self, page: int, megapixels: float = 0.0) -> float:  # noqa: ARG002  the Progress signature
        return 0.0


NO_PROGRESS: Progress = _NoProgress()
"""For callers without a stall timer (``extract`` run directly, tests, dry runs)."""


class PageStalled(ExtractionError):
    """One page (or step) outlived its stall allowance; raised by the worker's timer inside it."""

    def __init__(self, page: int, seconds: float, *, path: str | None = None) -> None:
        super().__init__("timeout", f"no progress for {seconds:g} s", path=path, page=page or None)
        self.seconds = seconds

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_stalled, (self.page or 0, self.seconds, self.path))


def _rebuild_stalled(page: int, seconds: float, path: str | None) -> PageStalled:
    """Unpickle a PageStalled with its keyword-only path (see ``ExtractionError.__reduce__``)."""
    return PageStalled(page, seconds, path=path)


def failed_page_reason(seconds: float, *, stopped: bool = False) -> str:
    """The ``pages.reason`` of a page given up after ``seconds`` without progress.

    ``stopped``: the page hung where the worker's own timer could not interrupt it (inside C code),
    so the parent stopped the worker and the file was read again without that page.
    """
    how = " (worker stopped)" if stopped else ""
    return f"{FAILED_PAGE_PREFIX}page timeout after {seconds:g} s{how}"


def is_failed_page(reason: str | None) -> bool:
    """True for a page record that was given up (``pages.reason`` starts with ``failed: ``). Pure.

    The store's SQL twin: ``starts_with(reason, 'failed: ')``.
    """
    return reason is not None and reason.startswith(FAILED_PAGE_PREFIX)


def ocr_megapixels(width_pt: float, height_pt: float, dpi: float) -> float:
    """Millions of pixels a page of ``width_pt`` x ``height_pt`` points renders to at ``dpi``. Pure."""
    return (width_pt / 72.0 * dpi) * (height_pt / 72.0 * dpi) / 1e6


def within(settings: Settings, allowance: float) -> Settings:
    """Settings whose Tesseract timeout fits an OCR page's stall allowance (0: no allowance, unchanged).

    Tesseract's own timeout kills its process; the worker's timer interrupting the wait would leave
    it running.
    """
    if not allowance or allowance >= settings.ocr_page_timeout_s:
        return settings
    return dataclasses.replace(settings, ocr_page_timeout_s=allowance)
