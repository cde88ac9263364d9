"""The ingest pipeline: discovery -> bounded queue -> async workers -> bounded queue -> one writer.

::

    zones (round-robin) ─► paths queue (maxsize) ─► N async workers ─► results queue (maxsize) ─► writer
                           producer waits when full   │ stream-hash, skip known content               batched
                                                      └ process pool: extract, classify, fields       transactions

Both queues are bounded, so memory does not grow with the corpus: the walk waits for workers, the
workers wait for the writer. Verdicts that depend on other documents (template drift) are decided
once at the end of the run over every pending document, so they do not depend on scheduling, and
a run killed midway and started again decides exactly as one clean run would.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from towerkit import __version__
from towerkit.audit.chain import merkle_root
from towerkit.compliance import refresh_tags
from towerkit.config import Settings
from towerkit.drift.alerts import post_alerts
from towerkit.drift.registry import resolve_pending
from towerkit.errors import InputError, TowerkitError
from towerkit.fields import Catalog, load_catalog
from towerkit.models import DocResult
from towerkit.pipeline.discover import FileItem, display_path, interleave, missing_paths, zone_sources
from towerkit.pipeline.eventlog import EventLog
from towerkit.pipeline.faults import checked, first_failure, stop_when_one_fails, temp_full_is_disk_full, unreadable
from towerkit.pipeline.hashing import sha256_file
from towerkit.pipeline.lookup import StoredLookup
from towerkit.pipeline.malloc import return_freed_memory
from towerkit.pipeline.manifest import build_manifest
from towerkit.pipeline.pool import make_extractor
from towerkit.pipeline.progress import Progress
from towerkit.pipeline.runfolder import new_run_id, run_folder
from towerkit.pipeline.worker import FileTask
from towerkit.review.coverage import record_catalog
from towerkit.review.queue import enqueue_run
from towerkit.store import connect
from towerkit.store.batch import PathRecord, Prepared, prepare, weight
from towerkit.store.db import Connection, close_quietly, db_anchor, db_label
from towerkit.store.lake import cursor
from towerkit.store.writer import RunCounts, Writer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunSummary:
    """What one ingest did; ``as_json()`` is the CLI's ``--json`` contract (DESIGN.md)."""

    run_id: str
    files: int
    ingested: int
    quarantined: int
    failed: int
    duplicates: int
    seconds: float
    paused_zones: tuple[str, ...] = ()
    db: str = ""
    event_log: str | None = None
    alerts: int = 0

    def as_json(self) -> dict[str, Any]:
        """The keys scripts rely on: adding one is fine, renaming or dropping one breaks them."""
        keys = ("run_id", "files", "ingested", "quarantined", "failed", "duplicates", "seconds")
        return {k: getattr(self, k) for k in keys}

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in asdict(self).items())
        return f"<table><caption>towerkit ingest</caption>{rows}</table>"


def ingest(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    db: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    settings: Settings | dict[str, Any] | None = None,
    progress: bool | None = None,
    event_log: str | os.PathLike[str] | None = None,
    wait_s: float = 0.0,
) -> RunSummary:
    """Ingest files and folders into a towerkit database; works inside a running Jupyter kernel.

    Args:
        paths: files or folders (a folder's first level of sub-folders are its zones).
        db: database file; default ``$TOWERKIT_DB``, else ``data/towerkit.duckdb``.
        workers: extraction processes (default: the machine's cores; 0 = none, all in this process).
        settings: a Settings, or a dict of overrides.
        progress: show progress on stderr (default: when stderr is a terminal).
        event_log: JSON-lines log file (default: ``logs/ingest-<run_id>.jsonl`` beside the database).
        wait_s: how long to wait for another process to release the database before giving up.

    Raises:
        InputError: a path does not exist, or the database cannot be used.
        DatabaseBusy: another process is writing the database.
        DiskFull: the database's, log's or temp folder's filesystem is full; what was committed stays.

    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    resolved = Settings.resolve(settings, workers=workers)
    missing = missing_paths(paths)
    if missing:
        raise InputError(
            f"no such file or folder: {display_path(missing[0])}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
        )
    coro = _ingest(list(paths), db, resolved, progress=progress, event_log=event_log, wait_s=wait_s)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Inside Jupyter a loop is already running: let ours nest in it. Deferred: the third-party
    # nest_asyncio patches asyncio and is needed only there.
    import nest_asyncio  # noqa: PLC0415  optional third-party, loaded only inside a running loop

    nest_asyncio.apply(loop)
    return loop.run_until_complete(coro)


async def _ingest(
    paths: list[Any], db: Any, settings: Settings, *, progress: bool | None, event_log: Any, wait_s: float = 0.0
) -> RunSummary:
    return_freed_memory()
    conn = connect(db, wait_s=wait_s)
    label = db_label(db)
    run_id = new_run_id()
    if event_log is None and label != ":memory:":
        event_log = db_anchor(db).resolve().parent / "logs" / f"ingest-{run_id}.jsonl"
    log_path = Path(event_log) if event_log else None
    try:
        with EventLog(log_path) as events, temp_full_is_disk_full(), run_folder(run_id):
            run = _Run(paths, conn, label, settings, run_id, Progress(enabled=progress), events)
            summary = await run.execute()
    finally:
        close_quietly(conn)
    return RunSummary(**{**asdict(summary), "db": label, "event_log": str(log_path) if log_path else None})


@dataclass
class _Run:
    paths: list[Any]
    conn: Connection
    db_label: str
    settings: Settings
    run_id: str
    progress: Progress
    events: EventLog
    inflight: set[str] = field(default_factory=set)
    zone_failures: dict[str | None, int] = field(default_factory=dict)
    paused: dict[str | None, str] = field(default_factory=dict)
    # Every database call runs on one writer thread and every batch is prepared on one other: the
    # allocators under DuckDB and Arrow keep freed memory per thread, so spreading their work over
    # asyncio's default pool left the main process about 40 MB larger on 5,000 small documents.
    db_thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="towerkit-writer")
    )
    prep_thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="towerkit-prepare")
    )

    async def on(self, thread: ThreadPoolExecutor, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(thread, fn, *args)

    async def execute(self) -> RunSummary:
        try:
            return await self._execute()
        finally:
            self.db_thread.shutdown(wait=False)
            self.prep_thread.shutdown(wait=False)

    async def _execute(self) -> RunSummary:
        loop = asyncio.get_running_loop()
        started = loop.time()
        writer = Writer(self.conn, self.db_label)
        self.writer = writer
        self.lookup = StoredLookup(writer, cursor(self.conn), lambda *a: self.on(self.db_thread, *a))
        catalog = load_catalog(self.settings.catalog_path)  # a bad --catalog fails here, before any work
        manifest = build_manifest(self.settings, getattr(catalog, "digest", None))
        args = {"paths": [display_path(os.fspath(p)) for p in self.paths], "workers": self.settings.workers}
        args |= {"cluster": self.settings.cluster} if self.settings.cluster else {}
        # Rows of very long documents stream through here (towerkit.pipeline.pack); whatever a killed worker
        # left behind goes with the folder at the end of the run.
        self.spool_dir = tempfile.mkdtemp(prefix="towerkit-spool-")
        # A bad --cluster, or one whose workers cannot see the inputs, fails here, before the run is recorded.
        self.extractor = make_extractor(self.settings, shared=[*map(os.fspath, self.paths), self.spool_dir])
        try:
            await self.on(self.db_thread, writer.start_run, self.run_id, args, manifest, __version__)
        except BaseException:
            self.extractor.kill()
            raise
        self.events.emit("run_start", run_id=self.run_id, args=args, manifest=manifest)
        paths_q: asyncio.Queue[FileItem | None] = asyncio.Queue(maxsize=self.settings.queue_size)
        results_q: asyncio.Queue[DocResult | PathRecord | None] = asyncio.Queue(maxsize=self.settings.result_queue_size)
        n_async = self.extractor.capacity  # files hashed or extracted at once: the pool's queue, full
        writer_task = asyncio.create_task(self._write(results_q))
        worker_tasks = [asyncio.create_task(self._work(paths_q, results_q)) for _ in range(n_async)]
        stop_when_one_fails(tasks := [writer_task, *worker_tasks])
        try:
            await self._produce(paths_q, results_q)
            for _ in worker_tasks:
                await paths_q.put(None)
            await asyncio.gather(*worker_tasks)
            # Nothing is left to extract: the workers go before the last batches are written, so
            # their memory and the writer's final checkpoint never add up to the run's peak.
            await asyncio.to_thread(self.extractor.close)
            await results_q.put(None)
            await writer_task
        except BaseException as e:
            failed = first_failure(tasks)  # a writer's or worker's own error (a full disk), not the cancel it caused
            await asyncio.gather(*tasks, return_exceptions=True)  # their pool futures cancelled before the kill
            self.extractor.kill()
            self.progress.close()
            if failed is not None and failed is not e:
                raise failed from None
            raise
        finally:
            shutil.rmtree(self.spool_dir, ignore_errors=True)
        self.progress.close()
        counts, alerts = await self.on(self.db_thread, self._finish, catalog)
        seconds = round(loop.time() - started, 3)
        self.events.emit(
            "run_end", run_id=self.run_id, seconds=seconds, paused_zones=list(self.paused), **asdict(counts)
        )
        _post_alerts(alerts, self.settings)
        return RunSummary(
            self.run_id,
            counts.files,
            counts.ingested,
            counts.quarantined,
            counts.failed,
            counts.duplicates,
            seconds,
            tuple(str(z) for z in self.paused),
            alerts=len(alerts),
        )

    # -- producer -----------------------------------------------------------------------------
    async def _produce(
        self, paths_q: asyncio.Queue[FileItem | None], results_q: asyncio.Queue[DocResult | PathRecord | None]
    ) -> None:
        """Round-robin over zones so each gets a fair share; put() waits while the queue is full."""
        for item in interleave(zone_sources(self.paths)):
            self.progress.add_found()
            if item.zone in self.paused:
                await results_q.put(
                    PathRecord(item.display, item.zone, None, "failed", f"zone paused: {self.paused[item.zone]}")
                )
                continue
            await paths_q.put(item)
        self.progress.finish_discovery()

    # -- workers ------------------------------------------------------------------------------
    async def _work(
        self, paths_q: asyncio.Queue[FileItem | None], results_q: asyncio.Queue[DocResult | PathRecord | None]
    ) -> None:
        while (item := await paths_q.get()) is not None:
            await results_q.put(await self._handle(item))

    async def _handle(self, item: FileItem) -> DocResult | PathRecord:
        if item.zone in self.paused:
            return PathRecord(item.display, item.zone, None, "failed", f"zone paused: {self.paused[item.zone]}")
        if item.error:
            self._source_failed(item.zone, item.error)
            return PathRecord(item.display, item.zone, None, "failed", item.error)
        try:
            sha, size = await asyncio.to_thread(sha256_file, item.path)
        except OSError as e:
            reason = unreadable(e)
            self._source_failed(item.zone, reason)
            return PathRecord(item.display, item.zone, None, "failed", reason)
        self.zone_failures[item.zone] = 0
        if sha in self.inflight or await self.lookup.known(sha) is not None:
            return PathRecord(item.display, item.zone, sha, "duplicate", "content already stored", sha256=sha)
        self.inflight.add(sha)
        task = FileTask(item.path, item.display, item.zone, item.site_hint, sha, size, self.spool_dir)
        return checked(await self.extractor.run(task), item.path)

    def _source_failed(self, zone: str | None, reason: str) -> None:
        """Count consecutive unreadable sources per zone; past the budget the zone is paused."""
        n = self.zone_failures.get(zone, 0) + 1
        self.zone_failures[zone] = n
        if n >= self.settings.zone_failure_budget and zone not in self.paused:
            self.paused[zone] = f"{n} consecutive read errors (last: {reason})"
            log.warning("zone %s paused: %s", zone, self.paused[zone])
            self.events.emit("zone_paused", zone=zone, reason=self.paused[zone])

    # -- writer -------------------------------------------------------------------------------
    async def _write(self, results_q: asyncio.Queue[DocResult | PathRecord | None]) -> None:
        batch: list[DocResult | PathRecord] = []
        rows = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.batch_seconds
        done = False
        committing: asyncio.Task[None] | None = None  # the previous batch, committing while this one is prepared
        while not done:
            try:
                item = await asyncio.wait_for(results_q.get(), timeout=max(0.01, deadline - loop.time()))
                if item is None:
                    done = True
                else:
                    batch.append(item)
                    rows += weight(item)
            except TimeoutError:
                pass
            full = len(batch) >= self.settings.batch_docs or rows >= self.settings.batch_rows
            if batch and (done or full or loop.time() >= deadline):
                prepared = await self.on(self.prep_thread, prepare, self.run_id, batch)
                if committing is not None:
                    await committing
                committing = asyncio.create_task(self._commit(prepared, batch))
                batch, rows = [], 0
            if loop.time() >= deadline:
                deadline = loop.time() + self.settings.batch_seconds
        if committing is not None:
            await committing

    async def _commit(self, prepared: Prepared, batch: list[DocResult | PathRecord]) -> None:
        await self.on(self.db_thread, self.writer.commit, prepared)
        self._committed(batch)

    def _committed(self, batch: list[DocResult | PathRecord]) -> None:
        for item in batch:
            if isinstance(item, DocResult):
                self.inflight.discard(item.sha256)
                outcome = "failed" if item.failed else "stored"
                self.events.emit(
                    "file",
                    path=item.path,
                    zone=item.zone,
                    doc_id=item.sha256,
                    outcome=outcome,
                    reason=item.error,
                    engine=item.extracted.engine if item.extracted else None,
                    seconds=round(item.seconds, 3),
                )
            else:
                outcome = item.outcome
                self.events.emit(
                    "file", path=item.path, zone=item.zone, doc_id=item.doc_id, outcome=outcome, reason=item.reason
                )
            self.progress.record(outcome)

    # -- end of run ---------------------------------------------------------------------------
    def _finish(self, catalog: Catalog) -> tuple[RunCounts, list[Any]]:
        """Decide drift over every pending document and close the run, in one transaction.

        The compliance tags are then refreshed in a second one, so a broken rule query can cost the
        tags, never the run's verdicts.
        """
        self.writer.end_writes()
        resolved, counts = self.writer.retried(lambda c: self._close(c, catalog))
        if resolved.ingested + resolved.quarantined == 0:
            # Nothing new reached the facts (a re-run of known files): the tags stand as they were,
            # dated by the run that last changed them; 'towerkit tags' re-dates them on demand.
            return counts, list(resolved.alerts)
        try:
            tags = self.writer.retried(refresh_tags)
            self.events.emit("compliance_tags", run_id=self.run_id, tags=tags)
        except TowerkitError as e:
            # One line for the user, no traceback: the error is typed and says what is wrong.
            log.error("compliance tags not refreshed: %s (run 'towerkit tags' once fixed)", e)  # noqa: TRY400
            self.events.emit("compliance_tags_failed", run_id=self.run_id, error=str(e))
        return counts, list(resolved.alerts)

    def _close(self, c: Connection, catalog: Catalog) -> tuple[Any, RunCounts]:
        """Verdicts, review queue and the run's end, in the caller's transaction (run again on a lost race)."""
        resolved = resolve_pending(c, self.settings, catalog, run_id=self.run_id)
        enqueue_run(c, self.run_id, catalog, min_confidence=self.settings.review_min_confidence)
        record_catalog(c, catalog)
        root = merkle_root(self.writer.run_entry_hashes(self.run_id))
        status = "finished" if not self.paused else "finished_with_paused_zones"
        paused = list(map(str, self.paused))
        return resolved, self.writer.finish_run(c, self.run_id, status, {"merkle_root": root, "paused_zones": paused})


ALERT_WAIT_S = 20.0
"""How long the end of a run waits for the webhook thread (its retries are bounded too)."""


def _post_alerts(alerts: list[Any], settings: Settings) -> None:
    """Send drift alerts after the commit; a dead webhook delays the end of a run, never the run."""
    if not alerts or not settings.alert_webhook:
        return
    thread = post_alerts(alerts, settings.alert_webhook)
    if thread is not None:
        thread.join(ALERT_WAIT_S)
