"""Is this content stored already? Asked once per hashed file, answered in batches on a lake.

On a DuckDB file the question is a primary-key lookup (well under a millisecond), asked inline. A
DuckLake store has no index: each lookup is a query that reads the catalog and scans ``documents``,
about 0.1 s here however few rows it finds (``docs/scale.md``). Asked one file at a time on the event
loop, that alone would cap an ingest near ten files a second. So on a lake the async workers' questions
are gathered while one lookup runs and answered together by the next, off the loop: one query per batch,
as many files per batch as are waiting (the extraction pool's capacity).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from towerkit.store.db import Connection
from towerkit.store.writer import Writer


class StoredLookup:
    """``await lookup.known(sha)``: the stored outcome of a content, None when it is new or worth reading again."""

    def __init__(self, writer: Writer, cursor: Connection, run_on: Callable[..., Any]) -> None:
        self.writer = writer
        self.cursor = cursor
        self.run_on = run_on
        """Runs a blocking call off the loop (the ingest's database thread)."""
        self._waiting: dict[str, list[asyncio.Future[str | None]]] = {}
        self._flushing = False

    async def known(self, sha256: str) -> str | None:
        """The stored outcome of ``sha256`` (``Writer.known``), batched with other waiting files on a lake."""
        if not self.writer.on_lake:
            return self.writer.known(self.cursor, sha256)
        answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(sha256, []).append(answer)
        if not self._flushing:
            self._flushing = True
            asyncio.get_running_loop().create_task(self._flush())
        return await answer

    async def _flush(self) -> None:
        """Answer everything waiting, batch after batch, until nothing waits."""
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, {}
                try:
                    found = await self.run_on(self.writer.known_many, self.cursor, list(batch))
                except BaseException as e:
                    for futures in batch.values():
                        for f in futures:
                            if not f.done():
                                f.set_exception(e)
                    raise
                for sha, futures in batch.items():
                    for f in futures:
                        if not f.done():
                            f.set_result(found.get(sha))
        finally:
            self._flushing = False
