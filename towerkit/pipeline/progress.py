"""Progress of an ingest: files done of files found, by outcome, with rate and time left.

Drawn by ``tqdm.auto``: a bar with rate and ETA on a terminal, a widget in Jupyter. Shown by default
only where someone watches (stderr is a terminal, or an IPython kernel runs the code), so cron, CI,
logs and ``--json`` output stay clean; ``--progress``/``--no-progress`` decide otherwise.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any, TextIO

from tqdm.auto import tqdm

REDRAW_S = 0.1
"""Seconds between redraws at most: faster than the eye reads, and the terminal is not flooded."""


def watched(stream: TextIO) -> bool:
    """Whether a person is likely watching: a terminal, or a Jupyter kernel (its stderr is no tty)."""
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return True
    shell = sys.modules.get("IPython")
    get = getattr(shell, "get_ipython", None)
    return bool(callable(get) and get() is not None and "ipykernel" in sys.modules)


class Progress:
    """Files done of files found (the total grows while the folder walk runs), by outcome."""

    def __init__(self, *, enabled: bool | None = None, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = watched(self.stream) if enabled is None else enabled
        self.found = 0
        self.discovering = True
        self.outcomes: Counter[str] = Counter()
        self._bar: Any = None
        if self.enabled:
            self._bar = tqdm(
                total=0, desc="ingest", unit="file", file=self.stream, mininterval=REDRAW_S, dynamic_ncols=True
            )

    @property
    def done(self) -> int:
        """Files with an outcome so far."""
        return sum(self.outcomes.values())

    def add_found(self, n: int = 1) -> None:
        """Count files discovered (the total stays open until ``finish_discovery``)."""
        self.found += n
        if self._bar is not None:
            self._bar.total = self.found
            self._bar.set_description("ingest (finding files)", refresh=False)

    def finish_discovery(self) -> None:
        """The walk is over: the total is final."""
        self.discovering = False
        if self._bar is not None:
            self._bar.total = self.found
            self._bar.set_description("ingest", refresh=False)
            self._bar.refresh()

    def record(self, outcome: str, n: int = 1) -> None:
        """Count files finished with ``outcome`` (stored, failed, duplicate...)."""
        self.outcomes[outcome] += n
        if self._bar is not None:
            self._bar.set_postfix(dict(sorted(self.outcomes.items())), refresh=False)
            self._bar.update(n)

    def close(self) -> None:
        """Draw the final state and end the bar, so later output starts on a line of its own."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
