"""DuckLake stores: the address a user types, the offline extensions, the attach, the dialect.

``--db`` takes a path (the embedded DuckDB file) or a DuckLake catalog: ``ducklake:sqlite:PATH`` (one
machine: an ingest writes while analysts read) or ``ducklake:postgres:CONNINFO`` (many machines and
writers), with the Parquet files under ``--data-path`` (``$TOWERKIT_DATA_PATH``). A lake is attached
to an in-memory DuckDB as ``lake`` and made the default catalog, so every query above reads the same
table names on both stores.

DuckLake 1.5.5's extension comes from PyPI wheels that hold the signed files but register nothing
(DESIGN.md): each is loaded by its path inside the installed package, the scanner before ``ATTACH``,
with autoinstall off (CI has no internet but the package registries).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

import duckdb

from towerkit.errors import InputError, MissingExtra, StoreError, UsageError

PREFIX = "ducklake:"
"""How a ``--db`` value names a DuckLake catalog instead of a DuckDB file."""
LAKE = "lake"
"""The name the catalog is attached under: ``current_database()`` says which store a connection is on."""
DATA_PATH_ENV = "TOWERKIT_DATA_PATH"
"""Where ``--data-path`` is kept for the rest of the process and its children (notebooks run by
papermill, worker processes), the way ``$TOWERKIT_DB`` carries ``--db``."""
SQLITE_TIMEOUT_MS = 30_000
"""How long the SQLite catalog waits on a lock held by another process's commit before the commit
fails (and the writer retries it): commits hold it for milliseconds, a checkpoint of the WAL longer."""

T = TypeVar("T")

INIT_TRIES = 5
"""Times a new catalog's attach is tried while another process creates the same catalog."""

_SCANNER = {"sqlite": "sqlite_scanner", "postgres": "postgres_scanner"}
_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_URI_PASSWORD = re.compile(r"(://[^:/@\s]+:)([^@\s]+)(@)")


@dataclass(frozen=True, slots=True)
class LakeAddress:
    """A DuckLake catalog: its kind (``sqlite`` or ``postgres``), where it is, and its data folder."""

    kind: str
    target: str
    """The SQLite file, or the libpq connection string of the PostgreSQL catalog."""
    data_path: Path | None

    @property
    def label(self) -> str:
        """The address as messages, ``runs`` and reports may show it: no password."""
        return redact(f"{PREFIX}{self.kind}:{self.target}")

    @property
    def anchor(self) -> Path:
        """A local path standing for the store, beside which its user catalog and run logs live.

        The SQLite catalog file; for PostgreSQL, a name in the data folder every machine shares.
        """
        if self.kind == "sqlite":
            return Path(self.target)
        return (self.data_path or Path("data")) / "towerkit-lake"


def is_lake(db: str | os.PathLike[str] | None) -> bool:
    """True when ``db`` names a DuckLake catalog rather than a DuckDB file."""
    return db is not None and os.fspath(db).startswith(PREFIX)


def parse(db: str | os.PathLike[str], data_path: str | os.PathLike[str] | None = None) -> LakeAddress:
    """The DuckLake address in ``db`` (``ducklake:sqlite:PATH`` or ``ducklake:postgres:CONNINFO``).

    Raises:
        UsageError: another kind, or nothing after the kind (a bad ``--db`` value).

    """
    text = os.fspath(db)[len(PREFIX) :]
    kind, _, target = text.partition(":")
    if kind not in _SCANNER:
        raise UsageError(
            f"unknown DuckLake catalog {kind!r} in --db (use ducklake:sqlite:PATH or ducklake:postgres:CONNINFO)"
        )
    if not target.strip():
        what = "PATH" if kind == "sqlite" else "CONNINFO"
        raise UsageError(f"--db {PREFIX}{kind}: names no catalog (ducklake:{kind}:{what})")
    folder = data_path if data_path is not None else os.environ.get(DATA_PATH_ENV) or None
    return LakeAddress(kind, target.strip(), Path(folder) if folder else None)


def redact(text: str) -> str:
    """``text`` with any connection password replaced by ``***`` (keyword or URI form). Pure."""
    return _URI_PASSWORD.sub(r"\1***\3", _PASSWORD.sub(r"\1***", text))


def split_password(text: str) -> tuple[str, str | None]:
    """``text`` without its connection password, and the password (None when it names none). Pure.

    For a process that must connect but may not show the password (a report's notebook records its
    ``db_path``): libpq reads the password from ``$PGPASSWORD`` when the conninfo names none.
    """
    found = _PASSWORD.search(text)
    if found is not None:
        value = found.group(2)
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        rest = (text[: found.start()].rstrip() + " " + text[found.end() :].lstrip()).strip()
        return rest, value
    found = _URI_PASSWORD.search(text)
    if found is not None:
        return text[: found.start()] + found.group(1)[:-1] + "@" + text[found.end() :], unquote(found.group(2))
    return text, None


def _extension_file(package: str, name: str) -> str:
    """The ``.duckdb_extension`` file a wheel installed, found by its path inside the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtra("scale", "a DuckLake store", (package,))
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).rglob(f"{name}.duckdb_extension"))
        if found:
            return str(found[-1])
    raise MissingExtra("scale", "a DuckLake store", (package,))


def _sqlite_wal(path: Path) -> None:
    """Create the SQLite catalog in WAL journal mode: 4-7x faster commits here, and readers never block the writer.

    The mode is kept in the file, so this runs once, when the catalog is new.
    """
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA journal_mode=WAL")


def attach(addr: LakeAddress, *, read_only: bool, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as ``lake`` and in use.

    Raises:
        InputError: a new catalog without a data folder, or one DuckLake refuses.
        MissingExtra: the ``scale`` extra (the extension wheels) is not installed.

    """
    scanner = _extension_file(f"duckdb_extension_{_SCANNER[addr.kind]}", _SCANNER[addr.kind])
    ducklake = _extension_file("duckdb_extension_ducklake", "ducklake")
    if addr.kind == "sqlite" and read_only and not Path(addr.target).is_file():
        raise InputError(f"database {addr.label} does not exist (run towerkit ingest first)")
    conn = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        conn.execute(f"LOAD '{scanner}'")
        conn.execute(f"LOAD '{ducklake}'")
        if addr.kind == "sqlite":
            _sqlite_wal(Path(addr.target))
        options = []
        if addr.data_path is not None:
            addr.data_path.mkdir(parents=True, exist_ok=True)
            options.append(f"DATA_PATH '{_quote(str(addr.data_path.resolve()))}/'")
        # Inlining (small inserts kept in the catalog's own tables) loses DATE fields inside STRUCTs
        # at 1.5.5 ("invalid date field format: CAST('2023-09-21' AS DATE)" on reading the facts
        # tables back): every commit writes Parquet instead.
        options.append("DATA_INLINING_ROW_LIMIT 0")
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        if addr.kind == "sqlite":
            options.append("METADATA_PARAMETERS MAP {'busy_timeout': " + str(SQLITE_TIMEOUT_MS) + "}")
        opts = f" ({', '.join(options)})" if options else ""
        _attach_retrying(conn, f"ATTACH '{_quote(PREFIX + addr.kind + ':' + addr.target)}' AS {LAKE}{opts}")
        conn.execute(f"USE {LAKE}")
    except duckdb.Error as e:
        conn.close()
        raise _attach_error(e, addr) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _attach_retrying(conn: duckdb.DuckDBPyConnection, attach_sql: str) -> None:
    """``ATTACH``, tried again while another process is creating the same new catalog.

    Two ingests started at once on a new PostgreSQL catalog both try to create DuckLake's metadata
    tables; the loser's transaction fails on PostgreSQL's own catalog ("duplicate key value") and, a
    moment later, finds the tables there.
    """
    for attempt in range(1, INIT_TRIES + 1):
        try:
            conn.execute(attach_sql)
        except duckdb.Error as e:
            text = str(e).lower()
            racing = "initialize ducklake" in text and ("duplicate key" in text or "already exists" in text)
            if not racing or attempt == INIT_TRIES:
                raise
            time.sleep(0.2 * attempt)
        else:
            return


def _attach_error(err: duckdb.Error, addr: LakeAddress) -> InputError:
    text = redact(" ".join(str(err).split()))
    recorded = re.search(r'existing data path in the catalog "([^"]*)"', text)
    if recorded:
        return InputError(
            f"database {addr.label}: --data-path (or $TOWERKIT_DATA_PATH) {addr.data_path} differs from the folder "
            f"its catalog records, {recorded.group(1)}: leave it out to use that one"
        )
    if "data_path is not set" in text.lower():
        return InputError(f"database {addr.label}: a new DuckLake catalog needs --data-path DIR for its Parquet files")
    return InputError(f"database {addr.label}: {text[:300]}")


def _quote(text: str) -> str:
    return text.replace("'", "''")


def on_lake(conn: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's default catalog is an attached lake."""
    row = conn.execute("SELECT current_database()").fetchone()
    return row is not None and row[0] == LAKE


def snapshot_id(conn: duckdb.DuckDBPyConnection) -> int | None:
    """The lake snapshot this connection reads (None on a DuckDB file)."""
    if not on_lake(conn):
        return None
    row = conn.execute(f"SELECT id FROM {LAKE}.current_snapshot()").fetchone()  # noqa: S608  a constant
    return int(row[0]) if row else None


_DROP_STATEMENTS = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?(?:SEQUENCE|INDEX)\b[^;]*;\s*$", re.IGNORECASE | re.MULTILINE
)
_TABLE_KEY = re.compile(r",\s*(?:PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(r"\s+(?:PRIMARY\s+KEY|UNIQUE)\b", re.IGNORECASE)
_NEXTVAL = re.compile(r"\s+DEFAULT\s+nextval\('[^']*'\)", re.IGNORECASE)
_BOOL_DEFAULT = re.compile(r"(\bDEFAULT\s+)(true|false)\b", re.IGNORECASE)


def lake_ddl(sql: str) -> str:
    """A migration as DuckLake takes it: no keys, indexes or sequences. Pure.

    DuckLake has none of them; the store layer keeps what they guarded (one row per key, ids) by
    serialising commits (``writes.begin``) and numbering rows itself.
    """
    sql = _DROP_STATEMENTS.sub("", sql)
    sql = _TABLE_KEY.sub("", sql)
    sql = _NEXTVAL.sub("", sql)
    sql = _BOOL_DEFAULT.sub(r"\1'\2'", sql)  # DuckLake takes only literals as an added column's default
    return _COLUMN_KEY.sub("", sql)


CLOCK = "store_clock"
"""A one-row table every write transaction on a lake updates first. DuckLake lets two transactions
append to one table side by side, so two writers could each store a content the other stored a moment
ago, and each extend the audit chain from the same head. Two updates of the same row conflict
instead: the second commit fails, is retried in a new transaction that sees the first, and commits
are serialised without a lock held for a run (their bodies, extraction and reads, still overlap)."""
CONFLICT_MARKS = ("failed to commit ducklake transaction", "transaction conflict", "database is locked")
"""What a commit refused because another one got there first says (DuckLake 1.5.5 on SQLite and PostgreSQL)."""


def ensure_clock(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the commit clock of a lake (in the caller's transaction)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {CLOCK} (n BIGINT NOT NULL)")
    row = conn.execute(f"SELECT count(*) FROM {CLOCK}").fetchone()  # noqa: S608  a constant
    if row is not None and row[0] == 0:
        conn.execute(f"INSERT INTO {CLOCK} VALUES (0)")  # noqa: S608  a constant


def begin_write(conn: duckdb.DuckDBPyConnection) -> None:
    """Begin a write transaction; on a lake, take the commit clock (see ``CLOCK``) first."""
    conn.execute("BEGIN TRANSACTION")
    if on_lake(conn):
        conn.execute(f"UPDATE {CLOCK} SET n = n + 1")  # noqa: S608  a constant


def is_conflict(err: BaseException) -> bool:
    """True when a commit lost a race with another writer's (retry it in a new transaction)."""
    text = str(err).lower()
    return any(mark in text for mark in CONFLICT_MARKS)


def retry_conflicts(call: Callable[[], T], tries: int, pause_s: float) -> T:
    """``call()``, again after a growing pause while DuckLake says it lost a race (``is_conflict``).

    Any other error, or the last try's, propagates as DuckDB raised it.
    """
    for attempt in range(1, tries + 1):
        try:
            return call()
        except duckdb.Error as e:
            if attempt == tries or not is_conflict(e):
                raise
            time.sleep(pause_s * attempt)
    raise AssertionError  # unreachable: the last try returns or raises


def cursor(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A second connection to the same database (another thread reads on it), on the same store.

    DuckDB's cursor starts on the in-memory default catalog, not on the lake its parent uses.
    """
    cur = conn.cursor()
    if on_lake(conn):
        cur.execute(f"USE {LAKE}")
    return cur


COMPACT_TRIES = 10
"""Times a compaction is tried while ingests commit: DuckLake refuses one that overlaps a commit."""


def live_files(conn: duckdb.DuckDBPyConnection) -> int:
    """Parquet data files the lake's newest snapshot reads (what a lookup scans)."""
    row = conn.execute(
        f"SELECT count(*) FROM __ducklake_metadata_{LAKE}.ducklake_data_file WHERE end_snapshot IS NULL"  # noqa: S608
    ).fetchone()
    return int(row[0]) if row else 0


def compact(conn: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Merge each table's small Parquet files; returns the live files (before, after).

    Every commit writes a file per table it touches, so a long ingest leaves thousands, and a lake
    lookup (no index) reads each one. A compaction is its own DuckLake transaction (DuckLake refuses one
    that also changes data), retried when a commit overlaps it. Older snapshots keep the files they
    read, so ``--snapshot`` still answers as before.
    """
    before = live_files(conn)
    try:
        retry_conflicts(lambda: conn.execute(f"CALL ducklake_merge_adjacent_files('{LAKE}')"), COMPACT_TRIES, 0.2)
    except duckdb.Error as e:
        first = redact(" ".join(str(e).split()))[:300]
        raise StoreError(f"compacting {LAKE} failed: {first}") from e
    return before, live_files(conn)
