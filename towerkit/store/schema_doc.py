"""The schema as the database describes itself: every table, view and column with its comment.

Migration 060 puts a ``COMMENT ON`` on each of them, so the meaning of a column travels with the
file and shows in any DuckDB client; this module only reads those comments back (through
``duckdb_tables()``, ``duckdb_views()``, ``duckdb_columns()`` and ``duckdb_constraints()``) for
``towerkit.reports.schema_page`` to render. SQL only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from towerkit.store.db import Connection, connect

_RELATIONS_SQL = """
SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
WHERE NOT internal AND NOT temporary AND schema_name = 'main' AND database_name = current_database()
UNION ALL
SELECT view_name, 'view', comment FROM duckdb_views()
WHERE NOT internal AND NOT temporary AND schema_name = 'main' AND database_name = current_database()
ORDER BY name
"""

_COLUMNS_SQL = """
SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns()
WHERE NOT internal AND schema_name = 'main' AND database_name = current_database()
ORDER BY table_name, column_index
"""

_KEYS_SQL = """
SELECT table_name, constraint_column_names FROM duckdb_constraints()
WHERE constraint_type = 'PRIMARY KEY' AND schema_name = 'main' AND database_name = current_database()
"""


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    """One column: its DuckDB type, whether it is part of the primary key, and its comment."""

    name: str
    data_type: str
    nullable: bool
    key: bool
    comment: str | None


@dataclass(frozen=True, slots=True)
class RelationDoc:
    """One table or view with its comment and its columns in their stored order."""

    name: str
    kind: Literal["table", "view"]
    comment: str | None
    columns: tuple[ColumnDoc, ...]


def read_schema_docs(conn: Connection) -> list[RelationDoc]:
    """Every table and view of the database's main schema (temporary ones left out), by name."""
    keys: dict[str, set[str]] = {}
    for table, names in conn.execute(_KEYS_SQL).fetchall():
        keys.setdefault(str(table), set()).update(str(n) for n in names)
    columns: dict[str, list[ColumnDoc]] = {}
    for table, column, data_type, nullable, comment in conn.execute(_COLUMNS_SQL).fetchall():
        col = ColumnDoc(
            str(column), str(data_type), bool(nullable), str(column) in keys.get(str(table), set()), comment or None
        )
        columns.setdefault(str(table), []).append(col)
    return [
        RelationDoc(str(name), "view" if kind == "view" else "table", comment or None, tuple(columns.get(name, ())))
        for name, kind, comment in conn.execute(_RELATIONS_SQL).fetchall()
    ]


def fresh_schema_docs() -> list[RelationDoc]:
    """``read_schema_docs`` of a new in-memory database with every migration applied.

    What the reference documents is the schema this towerkit creates, not whatever a user's file
    happens to hold, so the generated page is the same on every machine.
    """
    conn = connect(":memory:")
    try:
        return read_schema_docs(conn)
    finally:
        conn.close()
