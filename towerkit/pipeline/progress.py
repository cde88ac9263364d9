"""Progress on a terminal: files done of files found, by outcome, with a rate.

Shown only when stderr is a terminal (or when asked), so logs and ``--json`` output stay clean.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO


class Progress:
    """A one-line progress display redrawn at most ten times a second."""

    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.found = 0
        self.discovering = True
        self.outcomes: Counter[str] = Counter()
        self.started = time.monotonic()
        self._last = 0.0

    @property
    def done(self) -> int:
        return sum(self.outcomes.values())

    def add_found(self, n: int = 1) -> None:
        self.found += n
        self._draw()

    def finish_discovery(self) -> None:
        self.discovering = False
        self._draw(force=True)

    def record(self, outcome: str, n: int = 1) -> None:
        self.outcomes[outcome] += n
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        total = f"{self.found}{'+' if self.discovering else ''}"
        rate = self.done / max(now - self.started, 1e-6)
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        self.stream.write(f"\r\x1b[Kingest: {self.done}/{total} files  {rate:.1f}/s  {parts}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
