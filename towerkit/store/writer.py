"""The single writer: batched, transactional inserts of a run's results and their audit entries.

DuckDB has one writer (DESIGN.md). One ``Writer`` owns the write connection; each batch of results
becomes one transaction that inserts every table's rows as Arrow frames with ``INSERT ... BY NAME
SELECT`` (about 1 M rows/s here, against 5.6 k rows/s for ``executemany``; PERFORMANCE_NOTES.md)
and appends the audit chain entries describing them, so a crash never leaves the chain and the data
out of step. The batches themselves are built by ``towerkit.store.batch``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from towerkit.audit.canonical import AuditEvent
from towerkit.errors import StoreError
from towerkit.models import FAILED_PAGE_PREFIX, DocResult
from towerkit.store import lake
from towerkit.store.audit_log import append_events
from towerkit.store.batch import PathRecord, Prepared, as_duplicates, prepare
from towerkit.store.db import Connection, utcnow
from towerkit.store.spooled import insert_spooled
from towerkit.store.transactions import retried, transaction

log = logging.getLogger(__name__)

RETRYABLE_FAILURES = frozenset({"ocr_unavailable", "crashed"})
"""Failed documents whose cause can go away (Tesseract installed later, a worker killed): a later
run extracts them again instead of calling them duplicates."""

DOC_ROWS = ("pages", "tokens", "fields", "field_history", "doc_tables", "kv_pairs", "drift_events", "doc_layouts")
"""What one extraction of a document stored: a retried document's rows, replaced by the new read.
Its pending quarantine entry goes too; its review queue entry and facts are recomputed at the end of
the run; its alerts and audit entries stay (they happened)."""

_DECIDED_SQL = f"""
    SELECT EXISTS (SELECT 1 FROM pages p WHERE p.doc_id = $1 AND starts_with(p.reason, '{FAILED_PAGE_PREFIX}'))
           AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.doc_id = $1)
           AND NOT EXISTS (SELECT 1 FROM review_queue r WHERE r.doc_id = $1 AND r.status = 'accepted')
           AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.doc_id = $1 AND q.status <> 'pending')"""  # noqa: S608
"""Whether a stored document has a failed page and no person's verdict on it (see ``Writer.known``)."""


@dataclass(frozen=True, slots=True)
class RunCounts:
    """How a run's paths ended up (its ``document_paths`` rows by outcome), for ``runs`` and run_end."""

    files: int
    ingested: int
    quarantined: int
    failed: int
    duplicates: int


COMMIT_TRIES = 30
"""Times a batch is rebuilt while other writers store its contents first."""

T = TypeVar("T")


class _StoredMeanwhile(Exception):
    """Another writer stored some of this batch's contents since they were looked up."""

    def __init__(self, doc_ids: set[str]) -> None:
        super().__init__(f"{len(doc_ids)} contents stored by another writer")
        self.doc_ids = doc_ids


class Writer:
    """Owns the write connection of one ingest run."""

    def __init__(self, conn: Connection, db_label: str = "database") -> None:
        self.conn = conn
        self.db_label = db_label
        self.retrying: set[str] = set()
        """Contents whose stored failure is being retried: their old row is replaced on write."""
        self.on_lake = lake.on_lake(conn)
        """A DuckLake store: other writers may commit between this one's commits."""

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Raises:
            StoreError: DuckDB failed (``DatabaseBusy`` when another process holds the lock).

        """
        with transaction(self.conn, self.db_label) as c:
            yield c

    def retried(self, body: Callable[[Connection], T]) -> T:
        """``body`` in a transaction, run again in a new one while a lake commit loses a race.

        On a DuckDB file (one writer) it runs once. ``body`` must be safe to run again: it reads
        what it writes from the database inside its transaction.
        """
        return retried(self.conn, body, self.db_label)

    # -- run bookkeeping ------------------------------------------------------------------------
    def start_run(self, run_id: str, args: dict[str, Any], manifest: dict[str, Any], version: str) -> None:
        """Record the run; runs left 'running' by a killed process are marked interrupted.

        Holding the write lock proves no other process is still running them.
        """

        def record(c: Connection) -> None:
            if not self.on_lake:  # on a lake, other writers' runs may well be running
                c.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            c.execute(
                "INSERT INTO runs (run_id, started_at, args, version, manifest, status) "
                "VALUES (?, ?, ?, ?, ?, 'running')",
                [run_id, utcnow(), json.dumps(args, default=str), version, json.dumps(manifest, default=str)],
            )
            append_events(c, [AuditEvent(run_id, "run_start", detail={"args": args, "manifest": manifest})])

        self.retried(record)
        self.begin_writes()

    def begin_writes(self) -> None:
        """Batches follow: checkpoints stop compacting until ``end_writes``."""
        # A batch cut at batch_rows commits whole row groups straight to the file plus a short tail.
        # At the next checkpoint DuckDB's vacuum compacts each tail with its neighbours, rewriting a
        # full row group per batch: about a fifth of the writer's time (bench_writer, 500k field rows).
        # The batches delete next to nothing (a retried failure's old row), so vacuum can wait for
        # end_writes().
        if not self.on_lake:
            self.conn.execute("SET max_vacuum_tasks = 0")

    def end_writes(self) -> None:
        """The run's batches are in: checkpoints compact again, and one runs now.

        The end-of-run work deletes rows, so vacuum is back on; the checkpoint runs before the
        end-of-run transaction rather than at its commit.
        """
        if self.on_lake:  # a lake's CHECKPOINT is maintenance (compaction, expiry), not a flush
            return
        self.conn.execute("RESET max_vacuum_tasks")
        # Rows committed since the last automatic checkpoint are held in memory (about 40 MB at the
        # 16 MB WAL threshold). Written out here, that memory is reused by the drift verdicts and
        # compliance facts instead of adding to it: the 5,000-document peak at --workers 1 fell from
        # 472-481 MB to 437-440 MB (bench_memory). Only memory is at stake, so a refusal is no error.
        try:
            self.conn.execute("CHECKPOINT")
        except duckdb.Error as e:
            log.debug("checkpoint before the end of the run skipped: %s", e)

    def known(self, cursor: Connection, sha256: str) -> str | None:
        """The stored outcome of a content (None if new, or worth reading again).

        Read again: a failure whose cause can go away (``RETRYABLE_FAILURES``), and a document stored
        with pages given up (a page timeout), unless a person has decided on it (a correction, a review
        accepted, a quarantine approved or rejected): a new read would undo a verdict on the old one,
        so it stays as they left it.
        """
        row = cursor.execute("SELECT status, error_kind FROM documents WHERE doc_id = ?", [sha256]).fetchone()
        if row is None:  # the common case, and one lookup: new content
            return None
        status, kind = row
        if status == "failed":
            retry = kind in RETRYABLE_FAILURES
        else:
            again = cursor.execute(_DECIDED_SQL, [sha256]).fetchone()
            retry = bool(again and again[0])
        if retry:
            self.retrying.add(sha256)
            return None
        return str(status)

    def known_many(self, cursor: Connection, shas: Sequence[str]) -> dict[str, str]:
        """``known`` for many contents with one query for the new ones (a lake's lookups cost a query each).

        Returns the stored outcome of each content that has one; the others are new or read again.
        """
        rows = cursor.execute("SELECT doc_id FROM documents WHERE list_contains(?, doc_id)", [list(shas)]).fetchall()
        out = {}
        for (sha,) in rows:  # stored: the rare case, asked one by one for failed pages and verdicts
            status = self.known(cursor, str(sha))
            if status is not None:
                out[str(sha)] = status
        return out

    def counts(self, run_id: str) -> RunCounts:
        """A run's outcomes so far, counted from its ``document_paths`` rows."""
        rows = dict(
            self.conn.execute(
                "SELECT outcome, count(*) FROM document_paths WHERE run_id = ? GROUP BY outcome", [run_id]
            ).fetchall()
        )
        return RunCounts(
            files=sum(rows.values()),
            ingested=rows.get("ingested", 0),
            quarantined=rows.get("quarantined", 0),
            failed=rows.get("failed", 0),
            duplicates=rows.get("duplicate", 0),
        )

    def run_entry_hashes(self, run_id: str) -> list[str]:
        """The entry hashes of a run's audit entries in chain order (the leaves of its Merkle root)."""
        rows = self.conn.execute("SELECT entry_hash FROM audit_log WHERE run_id = ? ORDER BY seq", [run_id]).fetchall()
        return [r[0] for r in rows]

    def finish_run(self, c: Connection, run_id: str, status: str, merkle_detail: dict[str, Any]) -> RunCounts:
        """Close the run inside the caller's transaction: counts, status and the run_end entry."""
        counts = self.counts(run_id)
        c.execute(
            """UPDATE runs SET finished_at = ?, files = ?, ingested = ?, quarantined = ?, failed = ?,
                   duplicates = ?, status = ? WHERE run_id = ?""",
            [
                utcnow(),
                counts.files,
                counts.ingested,
                counts.quarantined,
                counts.failed,
                counts.duplicates,
                status,
                run_id,
            ],
        )
        append_events(c, [AuditEvent(run_id, "run_end", detail={**asdict(counts), "status": status, **merkle_detail})])
        return counts

    # -- the hot path -----------------------------------------------------------------------------
    def write_batch(self, run_id: str, items: Sequence[DocResult | PathRecord]) -> None:
        """Insert one batch of results, with their audit entries, in one transaction."""
        self.commit(prepare(run_id, items))

    def write_all(self, run_id: str, batches: Iterable[Sequence[DocResult | PathRecord]]) -> None:
        """Write batches in order, preparing each next one while DuckDB commits the last.

        The pipelining ``towerkit ingest`` does in its writer task, for callers without an event loop
        (the writer benchmark, bulk loads).
        """
        with ThreadPoolExecutor(1, thread_name_prefix="towerkit-commit") as pool:
            pending: Future[None] | None = None
            for items in batches:
                batch = prepare(run_id, items)
                if pending is not None:
                    pending.result()
                pending = pool.submit(self.commit, batch)
            if pending is not None:
                pending.result()

    def commit(self, batch: Prepared) -> None:
        """One transaction: every table's frame, the spooled pages, the audit entries.

        On a lake, a commit that lost a race is tried again, and a content another writer stored
        meanwhile becomes a duplicate path of this run: each content is stored once.
        """
        spooled = [path for d in batch.docs for path in (d.rows.spooled.values() if d.rows else ())]
        try:
            for attempt in range(1, COMMIT_TRIES + 1):
                current = batch
                try:
                    self.retried(lambda c, b=current: self._commit_once(c, b))  # type: ignore[misc]
                except _StoredMeanwhile as e:
                    log.info("%s: written as duplicates (try %d)", e, attempt)
                    batch = prepare(batch.run_id, as_duplicates(batch.items, e.doc_ids))
                else:
                    return
            raise StoreError(f"database {self.db_label}: a batch kept losing to other writers")
        finally:
            for path in spooled:
                with suppress(OSError):
                    Path(path).unlink()

    def _commit_once(self, c: Connection, batch: Prepared) -> None:
        if self.on_lake:  # this transaction holds the commit clock: it sees every earlier commit
            fresh = [d.sha256 for d in batch.docs if d.sha256 not in self.retrying]
            stored = c.execute("SELECT doc_id FROM documents WHERE list_contains(?, doc_id)", [fresh]).fetchall()
            if stored:
                raise _StoredMeanwhile({str(r[0]) for r in stored})
        retried = [d.sha256 for d in batch.docs if d.sha256 in self.retrying]
        if retried:  # a document read again (see known) replaces what its last read stored
            for table in ("documents", *DOC_ROWS):
                c.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [retried])  # noqa: S608
            c.execute("DELETE FROM quarantine WHERE status = 'pending' AND list_contains(?, doc_id)", [retried])
        for table, frame in batch.frames.items():
            if frame.num_rows:
                c.register("_batch", frame)
                try:
                    c.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")  # noqa: S608 (fixed names)
                finally:
                    c.unregister("_batch")
        for d in batch.docs:  # rows a worker streamed to Parquet (pages past analysis_pages)
            for table, path in d.rows.spooled.items() if d.rows else ():
                insert_spooled(c, table, d.sha256, path)
        append_events(c, batch.events)
