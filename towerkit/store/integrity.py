"""Telling a damaged or foreign database apart before anything is written to it.

DuckDB checks a block's checksum only when it reads the block, and reads only what a query needs:
a command could append to a file whose other blocks are damaged, and a checkpoint would rewrite
them. So every open compares the file's length with the last block its tables use (a file cut
short), and a command that writes first reads every column of every table (``check_file``:
flipped bytes fail their block's checksum). Messages say what is wrong and what to do, in one line.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from towerkit.errors import DatabaseDamaged, DiskFull, StoreError, is_disk_full

HEADER_BYTES = 3 * 4096
"""DuckDB's file header: the main header and two database headers, before the first block."""
SCAN_MEMORY_LIMIT = "256MB"
"""DuckDB's buffer limit while the blocks are read: a scan of a large database otherwise keeps
every block it read cached, up to 80% of the machine's memory, for the rest of the ingest."""

_DAMAGE_SIGNS = (
    "corrupt database file",
    "checksum",
    "data corruption",
    "datacorruption",
    "invalid block",
    "serialization error",
    "failed to deserialize",
)
"""Fragments of DuckDB's messages when a file's bytes are not what it wrote."""


def damaged(db: str | Path, detail: str) -> DatabaseDamaged:
    """The one-line error for a damaged database file."""
    return DatabaseDamaged(
        f"database {db} is damaged ({detail}): restore it from a backup; nothing was written to it "
        f"(towerkit audit verify --db {db} shows whether a copy is intact)"
    )


def classify(err: duckdb.Error, db: str | Path) -> StoreError | None:
    """A towerkit error for DuckDB errors that are about the file, not the query; None for others."""
    text = str(err)
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    low = text.lower()
    if is_disk_full(text):
        return DiskFull("the database", str(db))
    if "could not read enough bytes" in low:
        return damaged(db, "cut short: the file ends before its data does")
    if any(sign in low for sign in _DAMAGE_SIGNS):
        return damaged(db, first.removeprefix("IO Error: "))
    if "read-only file system" in low or ("cannot open file" in low and "permission denied" in low):
        if "read-only file system" in low:
            why, fix = "its filesystem is read-only", "copy it to writable storage (or remount read-write)"
        else:
            why, fix = "it is not writable by this user", "give this user write access to it and its folder"
        return StoreError(
            f"database {db} cannot be written: {why}; {fix} to ingest or change it; "
            "query, report and audit verify read it as it is"
        )
    return None


def database_path(conn: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection (None in memory, or when even the catalog cannot be read)."""
    try:
        row = conn.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    except duckdb.Error:
        return None
    return Path(row[0]) if row and row[0] else None


def file_error(conn: duckdb.DuckDBPyConnection, err: duckdb.Error) -> StoreError | None:
    """``classify`` for a caller that holds only the connection."""
    return classify(err, database_path(conn) or "(in memory)")


def check_length(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise ``DatabaseDamaged`` when the file ends before the last block a table's data is in (cut short).

    Reads the tables' storage layout, not their data, so every open runs it, read-only ones too.
    (The header's block count is no measure: free blocks at the end need not be on disk.)
    """
    try:
        size = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()
        last = -1
        for schema, table in _tables(conn):
            row = conn.execute(
                "SELECT max(block_id) FROM pragma_storage_info(?) WHERE persistent", [f'"{schema}"."{table}"']
            ).fetchone()
            if row and row[0] is not None:
                last = max(last, int(row[0]))
    except duckdb.Error as e:
        raise classify(e, path) or damaged(path, _first_line(e)) from e
    if size is None or last < 0:
        return
    expected = HEADER_BYTES + (last + 1) * int(size[0])
    actual = Path(path).stat().st_size
    if actual < expected:
        raise damaged(path, f"cut short: {actual} bytes, its data reaches byte {expected}")


def _tables(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall()
    return [(str(s), str(t)) for s, t in rows]


def _first_line(e: duckdb.Error) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def check_file(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every column of every table; raise ``DatabaseDamaged`` if a block is missing or damaged.

    Raises:
        DatabaseDamaged: the file is shorter than its blocks, or a block fails its checksum.

    """
    try:
        tables = _tables(conn)
        limit = conn.execute("SELECT current_setting('memory_limit')").fetchone()
        conn.execute(f"SET memory_limit = '{SCAN_MEMORY_LIMIT}'")
        try:
            for schema, table in tables:
                # hash() of every column makes DuckDB load (and checksum) each column's blocks.
                conn.execute(f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{schema}"."{table}"').fetchall()  # noqa: S608
        finally:
            conn.execute(f"SET memory_limit = '{limit[0]}'" if limit else "RESET memory_limit")
    except duckdb.Error as e:
        known = classify(e, path)
        if known is not None:
            raise known from e
        raise StoreError(f"database {path}: {_first_line(e)}") from e
