"""Schema migrations: the packaged ones, the version a database holds, and applying the rest in order.

Split from ``towerkit.store.db`` (opening a database, which re-exports these names) so each stays small.
"""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb

from towerkit.errors import SchemaError
from towerkit.store import lake

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection
"""The connection type other floors name in signatures, so none of them imports duckdb (``db`` re-exports it)."""


def utcnow() -> datetime:
    """Naive UTC timestamp: DuckDB TIMESTAMP columns carry no zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def path_of(conn: Connection) -> str:
    """How messages name the database behind a connection (a lake's address without its password)."""
    row = conn.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return lake.redact(str(row[0])) if row and row[0] else "(in memory)"


def schema_version(conn: Connection) -> int | None:
    """The newest migration applied to the connection's database (None before the first)."""
    found = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations' "
        "AND database_name = current_database()"
    ).fetchone()
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone() if found and found[0] else None
    return int(row[0]) if row and row[0] is not None else None


def newer_schema(path: Path | str, version: int, newest: int) -> SchemaError:
    """The one-line refusal of a database a newer towerkit wrote: nothing is written to it."""
    return SchemaError(
        f"database {path} was written by a newer towerkit (schema version {version}; this towerkit knows up to "
        f"{newest}): upgrade towerkit (pip install -U towerkit) to use it; nothing was written to it"
    )


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every packaged migration, in order."""
    out = []
    for entry in resources.files("towerkit.store.migrations").iterdir():
        m = re.match(r"(\d+)_.*\.sql$", entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


@lru_cache(maxsize=1)
def newest_version() -> int:
    """The highest packaged migration: read once, as every open checks a database against it."""
    return max(v for v, _, _ in migration_files())


def _applied_since(conn: Connection, version: int) -> bool:
    """Whether ``version`` is applied as this transaction sees the lake.

    Another towerkit creating the same new lake may have applied it since ``done`` was read: running
    ``031`` again after its ``031`` would drop a view over the table it made.
    """
    row = conn.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [version]).fetchone()
    return bool(row and row[0])


def apply_migrations(conn: Connection) -> list[str]:
    """Bring the schema up to date in place; returns the names of the migrations applied."""
    on_lake = lake.on_lake(conn)
    key = "" if on_lake else " PRIMARY KEY"
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER{key}, name VARCHAR, applied_at TIMESTAMP)"
    )
    if on_lake:
        conn.execute("BEGIN TRANSACTION")
        try:
            lake.ensure_clock(conn)
            conn.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.Error):
                conn.execute("ROLLBACK")
            raise
    done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    files = migration_files()
    known = {v for v, _, _ in files}
    if done - known:
        raise newer_schema(path_of(conn), max(done), max(known))
    applied = []
    for version, name, sql in files:
        if version in done:
            continue
        lake.begin_write(conn)
        try:
            if on_lake and _applied_since(conn, version):
                conn.execute("ROLLBACK")  # another towerkit creating the same lake applied it after `done` was read
                continue
            if on_lake:
                _run_on_lake(conn, sql)
            else:
                conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, utcnow()])
            conn.execute("COMMIT")
        except Exception:
            # A COMMIT that failed (a lake commit that lost a race) has rolled back already: a second
            # ROLLBACK would fail and hide the error that says what happened.
            with contextlib.suppress(duckdb.Error):
                conn.execute("ROLLBACK")
            raise
        if on_lake:  # no WAL to protect: a lake commits to its catalog and Parquet files
            applied.append(name)
            continue
        # Each migration goes straight into the database file, never only into the WAL: DuckDB 1.5.5
        # cannot replay DDL whose default calls a function (``nextval`` in 001, an ALTER ... ADD
        # COLUMN) after a crash ("GetDefaultDatabase with no default database set"), which would
        # brick a killed database. Checkpointing once after all of them left 001's DDL in the WAL
        # while the later ones ran, a window a kill could hit.
        conn.execute("CHECKPOINT")
        log.info("applied migration %s", name)
        applied.append(name)
    return applied


_VIEW_COLUMN_COMMENT = re.compile(r"^\s*COMMENT\s+ON\s+COLUMN\s+(\w+)\.", re.IGNORECASE)


def _run_on_lake(conn: Connection, sql: str) -> None:
    """A migration in DuckLake's dialect (``lake.lake_ddl``), statement by statement.

    DuckLake keeps comments on tables and their columns, not on a view's columns: those are skipped
    (docs/schema.md, built from a DuckDB file, still shows them).
    """
    views = {r[0] for r in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    for statement in conn.extract_statements(lake.lake_ddl(sql)):
        m = _VIEW_COLUMN_COMMENT.match(statement.query)
        if m and m.group(1) in views:
            continue
        conn.execute(statement.query)
        if statement.query.lstrip().upper().startswith("CREATE") and "VIEW" in statement.query.upper()[:60]:
            views = {r[0] for r in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
