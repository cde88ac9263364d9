"""Opening the database: default path, lock errors turned into one clear line, migrations.

Only modules under ``towerkit.store`` import duckdb (DESIGN.md: one module family speaks SQL, so the
embedded file can later give way to DuckLake without touching the pipeline).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from towerkit.errors import DatabaseBusy, InputError, SchemaError, StoreError

log = logging.getLogger(__name__)

DEFAULT_DB = Path("data") / "towerkit.duckdb"
"""Where the database lives unless ``--db`` or ``$TOWERKIT_DB`` says otherwise (relative to the cwd)."""
Connection = duckdb.DuckDBPyConnection
"""The connection type other floors name in signatures, so none of them imports duckdb."""


def default_db_path() -> Path:
    """``$TOWERKIT_DB`` if set, else ``data/towerkit.duckdb``."""
    return Path(os.environ.get("TOWERKIT_DB") or DEFAULT_DB)


def utcnow() -> datetime:
    """Naive UTC timestamp: DuckDB TIMESTAMP columns carry no zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def convert_error(err: duckdb.Error, db: str | Path) -> StoreError:
    """Map a duckdb error to a towerkit one with a one-line message."""
    text = str(err)
    if "lock" in text.lower() and ("conflicting" in text.lower() or "could not set lock" in text.lower()):
        pid = re.search(r"PID (\d+)", text)
        holder = f" (held by process {pid.group(1)})" if pid else ""
        return DatabaseBusy(f"database {db} is busy: another process is writing it{holder}; try again when it finishes")
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return StoreError(f"database {db}: {first}")


def connect(db: str | Path | None = None, *, read_only: bool = False, migrate: bool = True) -> Connection:
    """Open (and create and upgrade, unless read-only) a towerkit database.

    Raises:
        DatabaseBusy: another process holds the write lock.
        InputError: the file is not a database, or a read-only open names a missing file.
        SchemaError: the database was written by a newer towerkit.

    """
    path = Path(db) if db is not None else default_db_path()
    if str(path) != ":memory:":
        if read_only and not path.exists():
            raise InputError(f"database {path} does not exist (run towerkit ingest first)")
        if path.is_dir():
            raise InputError(f"database {path} is a folder, not a file")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        text = str(e).lower()
        if "not a valid duckdb database" in text or ("unable to open" in text and "version" in text):
            raise InputError(f"{path} is not a towerkit (DuckDB) database") from e
        raise convert_error(e, path) from e
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


@contextlib.contextmanager
def open_db(db: str | Path | None = None, *, read_only: bool = False) -> Iterator[Connection]:
    """``connect`` as a context manager: the connection is closed however the block ends."""
    conn = connect(db, read_only=read_only)
    try:
        yield conn
    finally:
        conn.close()


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every packaged migration, in order."""
    out = []
    for entry in resources.files("towerkit.store.migrations").iterdir():
        m = re.match(r"(\d+)_.*\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def apply_migrations(conn: Connection) -> list[str]:
    """Bring the schema up to date in place; returns the names of the migrations applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    files = migration_files()
    known = {v for v, _, _ in files}
    if done - known:
        raise SchemaError(
            f"database schema version {max(done)} is newer than this towerkit knows ({max(known)}); upgrade towerkit"
        )
    applied = []
    for version, name, sql in files:
        if version in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, utcnow()])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        # Each migration goes straight into the database file, never only into the WAL: DuckDB 1.5.5
        # cannot replay DDL whose default calls a function (``nextval`` in 001, an ALTER ... ADD
        # COLUMN) after a crash ("GetDefaultDatabase with no default database set"), which would
        # brick a killed database. Checkpointing once after all of them left 001's DDL in the WAL
        # while the later ones ran, a window a kill could hit.
        conn.execute("CHECKPOINT")
        log.info("applied migration %s", name)
        applied.append(name)
    return applied
