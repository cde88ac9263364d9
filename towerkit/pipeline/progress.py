"""Progress on a terminal: files done of files found, by outcome, with a rate.

Shown only when stderr is a terminal (or when asked), so logs and ``--json`` output stay clean.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO

REDRAW_S = 0.1
"""Seconds between redraws at most: faster than the eye reads, and the terminal is not flooded."""


class Progress:
    """A one-line progress display redrawn at most ten times a second."""

    def __init__(self, *, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.found = 0
        self.discovering = True
        self.outcomes: Counter[str] = Counter()
        self.started = time.monotonic()
        self._last = 0.0

    @property
    def done(self) -> int:
        """Files with an outcome so far."""
        return sum(self.outcomes.values())

    def add_found(self, n: int = 1) -> None:
        """Count files discovered (the total stays open until ``finish_discovery``)."""
        self.found += n
        self._draw()

    def finish_discovery(self) -> None:
        """The walk is over: the total is final."""
        self.discovering = False
        self._draw(force=True)

    def record(self, outcome: str, n: int = 1) -> None:
        """Count files finished with ``outcome`` (stored, failed, duplicate...)."""
        self.outcomes[outcome] += n
        self._draw()

    def _draw(self, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < REDRAW_S:
            return
        self._last = now
        total = f"{self.found}{'+' if self.discovering else ''}"
        rate = self.done / max(now - self.started, 1e-6)
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        self.stream.write(f"\r\x1b[Kingest: {self.done}/{total} files  {rate:.1f}/s  {parts}")
        self.stream.flush()

    def close(self) -> None:
        """Draw the final line and end it, so later output starts on a line of its own."""
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
