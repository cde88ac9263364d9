"""Opening the database: default path, lock errors turned into one clear line, migrations.

Only modules under ``towerkit.store`` import duckdb (DESIGN.md: one module family speaks SQL, so the
embedded file can later give way to DuckLake without touching the pipeline).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from towerkit.errors import DatabaseBusy, InputError, StoreError, UsageError
from towerkit.store import lake
from towerkit.store.integrity import check_file, check_length, classify
from towerkit.store.lock_holder import describe_holder
from towerkit.store.migrate import (  # re-exported: callers open databases and migrate through db
    Connection,
    apply_migrations,
    migration_files,
    newer_schema,
    newest_version,
    path_of,
    schema_version,
    utcnow,
)

log = logging.getLogger(__name__)

__all__ = [
    "Connection",
    "apply_migrations",
    "connect",
    "default_db",
    "default_db_path",
    "migration_files",
    "open_db",
    "schema_version",
    "utcnow",
]

FULL_SCAN_MAX_BYTES = 1 << 30
"""Largest file a writing command reads whole before writing: 20 MB took 0.07 s here (~270 MB/s), so
1 GiB costs about 4 s; a million-document store (several GB) would add half a minute to each write."""
FIRST_RETRY_S = 0.2
"""First pause before retrying a busy database; it doubles up to ``MAX_RETRY_S``."""
MAX_RETRY_S = 1.0
"""Longest pause between tries, so a freed database is seen within a second."""
DEFAULT_DB = Path("data") / "towerkit.duckdb"
"""Where the database lives unless ``--db`` or ``$TOWERKIT_DB`` says otherwise (relative to the cwd)."""


MIGRATION_TRIES = 12
"""Times a lake's migrations are tried when another process migrates the same new catalog at once."""


def default_db_path() -> Path:
    """``$TOWERKIT_DB`` if set, else ``data/towerkit.duckdb``: a DuckDB file's path (see ``default_db``)."""
    return Path(os.environ.get("TOWERKIT_DB") or DEFAULT_DB)


def default_db() -> str:
    """``$TOWERKIT_DB`` if set, else ``data/towerkit.duckdb``, as typed: a lake address is no path.

    ``Path`` folds the ``//`` of ``ducklake:postgres:postgresql://user:pw@host/db`` into one slash,
    which names no server and leaves the password where ``redact`` no longer finds it.
    """
    return os.environ.get("TOWERKIT_DB") or os.fspath(DEFAULT_DB)


def db_label(db: str | os.PathLike[str] | None) -> str:
    """How messages, run records and reports name a store: its path, or a lake address without password."""
    return lake.redact(os.fspath(db if db is not None else default_db()))


def db_anchor(db: str | os.PathLike[str] | None) -> Path:
    """A local path standing for the store: the DuckDB file, or a lake's (``LakeAddress.anchor``).

    What lives beside a store (its user catalog, run logs) is named from it.
    """
    chosen = db if db is not None else os.environ.get("TOWERKIT_DB") or DEFAULT_DB
    return lake.parse(chosen).anchor if lake.is_lake(chosen) else Path(chosen)


def convert_error(err: duckdb.Error, db: str | Path) -> StoreError:
    """Map a duckdb error to a towerkit one with a one-line message (never a connection password)."""
    text = lake.redact(str(err))
    if "lock" in text.lower() and ("conflicting" in text.lower() or "could not set lock" in text.lower()):
        pid = re.search(r"PID (\d+)", text)
        holder = describe_holder(int(pid.group(1)), db) if pid else "another process holds it"
        return DatabaseBusy(f"database {db} is busy: {holder}; try again when it finishes, or pass --wait SECONDS")
    known = classify(err, db)
    if known is not None:
        return known
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return StoreError(f"database {db}: {first}")


def connect(
    db: str | Path | None = None,
    *,
    read_only: bool = False,
    migrate: bool = True,
    wait_s: float = 0.0,
    snapshot: int | None = None,
) -> Connection:
    """Open (and create and upgrade, unless read-only) a towerkit database.

    While another process holds it, retry for up to ``wait_s`` seconds (backing off to one second
    between tries) before giving up. ``db`` may be a DuckLake address (``towerkit.store.lake``);
    a read-only connection to a lake reads one snapshot for its whole life (``snapshot``, else the
    newest when it opens), so a report never mixes data from before and after an ingest's commit.

    Raises:
        DatabaseBusy: another process holds the write lock.
        InputError: the file is not a database, or a read-only open names a missing file.
        SchemaError: the database was written by a newer towerkit.

    """
    chosen = db if db is not None else os.environ.get("TOWERKIT_DB") or DEFAULT_DB
    if lake.is_lake(chosen):
        return _connect_lake(lake.parse(chosen), read_only=read_only, migrate=migrate, snapshot=snapshot)
    if snapshot is not None:
        raise UsageError("--snapshot needs a DuckLake store (--db ducklake:...); a DuckDB file keeps no snapshots")
    path = Path(chosen)
    if str(path) != ":memory:":
        if read_only and not path.exists():
            raise InputError(f"database {path} does not exist (run towerkit ingest first)")
        if path.is_dir():
            raise InputError(f"database {path} is a folder, not a file")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise InputError(f"cannot create the folder of database {path}: {e.strerror or e}") from e
    checking = _open_checked(path, read_only=read_only, wait_s=wait_s)
    if read_only and checking is not None:
        return checking
    conn = _open_waiting(path, read_only=read_only, wait_s=wait_s)
    if not read_only:
        # FSST string compression costs the single writer about a fifth of its insert rate (its
        # analysis runs at every checkpoint) for about a tenth of the file: field values, hashes and
        # words compress nearly as well with DuckDB's dictionary and other methods (BENCHMARKS.md).
        conn.execute("SET disabled_compression_methods = 'fsst'")
        # DuckDB's allocator keeps up to 128 MB of freed memory by default; a long ingest's writer
        # frees as much at every checkpoint. Returning it sooner, from DuckDB's own background
        # threads, cut the main process by 20-30 MB on 5,000 small documents (BENCHMARKS.md).
        conn.execute("SET allocator_flush_threshold = '8MB'")
        conn.execute("SET allocator_background_threads = true")
    if migrate and not read_only:
        try:
            apply_migrations(conn)
        except duckdb.Error as e:
            conn.close()
            raise convert_error(e, path) from e
    return conn


def _connect_lake(addr: lake.LakeAddress, *, read_only: bool, migrate: bool, snapshot: int | None) -> Connection:
    """A lake attached as ``lake``: migrated when writing, pinned to one snapshot when reading."""
    conn = lake.attach(addr, read_only=read_only, snapshot=snapshot)
    try:
        if read_only:
            if snapshot is None:
                # One read transaction for the connection's life: DuckLake reads the snapshot it
                # began on (a second attach at SNAPSHOT_VERSION would cost another 0.6 s here).
                conn.execute("BEGIN TRANSACTION")
            _check_before_use(conn, None, whole=False)
            _check_lake_schema(conn, addr, snapshot)
        elif migrate:
            _migrate_lake(conn, addr)
    except duckdb.Error as e:
        conn.close()
        raise convert_error(e, addr.label) from e
    except BaseException:
        conn.close()
        raise
    return conn


def _check_lake_schema(conn: Connection, addr: lake.LakeAddress, snapshot: int | None) -> None:
    """Refuse to read a lake whose towerkit schema is not all there at the snapshot read.

    A new lake's schema takes a dozen commits: a reader that starts between them, or a ``--snapshot``
    taken before them, would fail on the first missing table with DuckDB's message. A reader cannot
    migrate, so it says what it found and what to do.
    """
    done = schema_version(conn) or 0
    newest = newest_version()
    if done >= newest:
        return
    if snapshot is not None:
        raise InputError(
            f"snapshot {snapshot} of {addr.label} predates towerkit's schema (version {done} of {newest} there): "
            "pick a later snapshot (a report's --json prints the one it read)"
        )
    raise InputError(
        f"{addr.label} holds towerkit's schema up to version {done} of {newest}: another towerkit is creating or "
        "upgrading it (try again once its ingest has committed), or it was written by an older towerkit "
        "(towerkit tags --db ... upgrades it)"
    )


def _migrate_lake(conn: Connection, addr: lake.LakeAddress) -> None:
    """Migrations on a lake, tried again when another process is migrating the same new catalog.

    ``apply_migrations`` rolls back its own transactions, so each try starts clean.
    """
    try:
        lake.retry_conflicts(lambda: apply_migrations(conn), MIGRATION_TRIES, FIRST_RETRY_S)
    except duckdb.Error as e:
        raise convert_error(e, addr.label) from e


def _open_checked(path: Path, *, read_only: bool, wait_s: float) -> Connection | None:
    """A read-only connection to an existing database, checked (``_check_before_use``); None if new.

    A command that writes reads the whole file first, on this connection: a read-write open would
    replay a left-over WAL into the file before anything could be checked. The caller closes it,
    or uses it when it wanted a read-only one anyway.
    """
    if str(path) == ":memory:" or not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        checking = _open_waiting(path, read_only=True, wait_s=wait_s, writing=not read_only)
    except StoreError as e:
        if "different configuration" in str(e):
            return None  # this process has it open for writing already: it was checked then
        raise
    try:
        _check_before_use(checking, path, whole=not read_only)
    except BaseException:
        checking.close()
        raise
    if not read_only:
        checking.close()
    return checking


def _check_before_use(conn: Connection, path: Path | None, *, whole: bool) -> None:
    """Refuse a database this towerkit cannot trust before anything reads or writes it.

    A newer schema and a file cut short are refused for every command; a command that writes
    also reads every block first (``integrity.check_file``), so it never appends to a damaged file,
    as long as the file is at most ``FULL_SCAN_MAX_BYTES``: past that the read would cost every
    write command (a correction, a tag refresh) tens of seconds, and ``towerkit audit verify``,
    which reads every block too, is the check to schedule.
    """
    if path is not None:  # a lake's Parquet files are checked by DuckLake as it reads them
        check_length(conn, path)
        if whole and path.stat().st_size <= FULL_SCAN_MAX_BYTES:
            check_file(conn, path)
    try:
        done = schema_version(conn)
    except duckdb.Error as e:
        raise convert_error(e, path or path_of(conn)) from e
    newest = newest_version()
    if done is not None and done > newest:
        raise newer_schema(path or path_of(conn), done, newest)


def _open_once(path: Path, *, read_only: bool, writing: bool = False) -> Connection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        text = str(e).lower()
        if "failure while replaying wal" in text:
            return _without_wal(path, e, read_only=read_only, writing=writing or not read_only)
        if "not a valid duckdb database" in text or ("unable to open" in text and "version" in text):
            raise InputError(
                f"{path} is not a towerkit (DuckDB) database, or its header is damaged: check the --db path, "
                "or restore the file from a backup"
            ) from e
        raise convert_error(e, path) from e


def _without_wal(path: Path, error: duckdb.Error, *, read_only: bool, writing: bool) -> Connection:
    """Open a database whose write-ahead log DuckDB cannot replay, as of its last checkpoint.

    A run killed mid-write can leave a log that DuckDB 1.5 refuses to replay (duckdb#22044: a drop whose
    table the checkpoint already lacks), and then refuses the whole file. What the log held is one
    killed run's work since its last checkpoint: files the next ingest reads again, with the audit
    chain rows of the same work. The log is kept beside the file, renamed, never deleted; only a command
    that writes (``writing``, even on the read-only connection that checks the file first) moves it, and
    a reading command says which does.
    """
    wal = path.with_name(path.name + ".wal")
    first = str(error).strip().splitlines()[0]
    if not writing or not wal.exists():
        raise StoreError(
            f"database {path}: its write-ahead log cannot be replayed (a run was killed mid-write; {first}); "
            "run `towerkit ingest` on it to set the log aside and open it as of its last checkpoint"
        ) from error
    kept = wal.with_name(f"{wal.name}.unreplayable-{time.strftime('%Y%m%dT%H%M%S')}")
    wal.replace(kept)
    log.warning("database %s: write-ahead log could not be replayed (%s); kept as %s", path, first, kept.name)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        raise convert_error(e, path) from e


def _open_waiting(path: Path, *, read_only: bool, wait_s: float, writing: bool = False) -> Connection:
    """``_open_once``, retried while the database is busy, for at most ``wait_s`` seconds."""
    deadline = time.monotonic() + max(0.0, wait_s)
    delay = FIRST_RETRY_S
    while True:
        try:
            return _open_once(path, read_only=read_only, writing=writing)
        except DatabaseBusy as e:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if wait_s > 0:
                    raise DatabaseBusy(f"{e} (waited {wait_s:g} s)") from e
                raise
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, MAX_RETRY_S)


@contextlib.contextmanager
def open_db(db: str | Path | None = None, *, read_only: bool = False, wait_s: float = 0.0) -> Iterator[Connection]:
    """``connect`` as a context manager: the connection is closed however the block ends."""
    conn = connect(db, read_only=read_only, wait_s=wait_s)
    try:
        yield conn
    finally:
        conn.close()


def close_quietly(conn: Connection) -> None:
    """Close a connection even when its last checkpoint cannot be written (a full disk).

    What was committed is in the write-ahead log then, and the next open replays it.
    """
    try:
        conn.close()
    except duckdb.Error as e:
        log.warning("database closed without its last checkpoint: %s", str(e).strip().splitlines()[0])
