"""A structured JSON-lines log per run: one object per file outcome and per run event.

Operators grep it, ship it to their log stack, or replay a run's history without the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from towerkit.errors import DiskFull, is_disk_full
from towerkit.store.db import utcnow


class EventLog:
    """Appends JSON lines to a file (or nowhere, when path is None)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fh: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = path.open("a", encoding="utf-8", buffering=1)

    def emit(self, event: str, **data: Any) -> None:
        """Append one event with a UTC timestamp; values JSON cannot encode are written as text."""
        if self._fh is None:
            return
        record = {"ts": utcnow().isoformat(timespec="milliseconds") + "Z", "event": event, **data}
        try:
            self._fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        except OSError as e:
            if is_disk_full(e):
                raise DiskFull("the event log", str(self.path)) from e
            raise

    def close(self) -> None:
        """Close the file; later events are dropped. Safe to call twice, and on a full disk."""
        if self._fh is not None:
            fh, self._fh = self._fh, None
            try:
                fh.close()
            except OSError as e:
                if not is_disk_full(e):
                    raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
