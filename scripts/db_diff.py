"""Compare two towerkit databases row for row, leaving out what legitimately differs between runs.

A refactor that claims "behaviour unchanged" proves it here: ingest the same corpus with the code
before and after, then

    python scripts/db_diff.py before.duckdb after.duckdb

Every table of the first database is compared with the same table of the second as a multiset of
rows (``EXCEPT ALL`` both ways), without the columns that name a run or a moment (run ids,
timestamps, the audit sequence, which follows the order batches commit in), that time work (``seconds``), or that hash those (the audit chain's ``prev_hash`` and
``entry_hash``, and the ``detail`` of its ``run_end`` entries, which carries the run's Merkle root). Exit 0 when every table
matches, 1 naming each table that differs and by how many rows.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

VOLATILE = frozenset({
    "run_id", "seconds", "started_at", "finished_at", "ingested_at", "seen_at", "queued_at", "resolved_at",
    "detected_at", "created_at", "logged_at", "first_seen", "prev_hash", "entry_hash", "computed_at",
    "refreshed_at", "applied_at", "acknowledged_at", "seq",
})
"""Columns that name a run or a moment, time the work, or hash those; everything else must match."""


def _tables(conn: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_type = 'BASE TABLE' "
        "ORDER BY 1",
        [catalog],
    ).fetchall()
    return [r[0] for r in rows]


def _columns(conn: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? AND table_name = ? "
        "ORDER BY ordinal_position",
        [catalog, table],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in VOLATILE]


def _expr(table: str, column: str) -> str:
    if (table, column) == ("facts_state", "signature"):  # a cache key built from ingest timestamps
        return "NULL"
    if table == "audit_log" and column == "detail":  # run_end's detail holds the run's Merkle root
        return "CASE WHEN event = 'run_end' THEN NULL ELSE detail END"
    return f'"{column}"'


def diff(before: str, after: str) -> list[str]:
    """One line per table that differs (missing, other columns, or other rows)."""
    conn = duckdb.connect()
    conn.execute(f"ATTACH '{before}' AS a (READ_ONLY)")
    conn.execute(f"ATTACH '{after}' AS b (READ_ONLY)")
    problems = []
    tables_a, tables_b = _tables(conn, "a"), _tables(conn, "b")
    problems += [f"{t}: only in {after}" for t in sorted(set(tables_b) - set(tables_a))]
    for table in tables_a:
        if table not in tables_b:
            problems.append(f"{table}: only in {before}")
            continue
        cols_a, cols_b = _columns(conn, "a", table), _columns(conn, "b", table)
        if cols_a != cols_b:
            problems.append(f"{table}: columns differ: {cols_a} vs {cols_b}")
            continue
        select = ", ".join(_expr(table, c) for c in cols_a)
        only = [
            conn.execute(f"SELECT count(*) FROM (SELECT {select} FROM {x}.{table} EXCEPT ALL "
                         f"SELECT {select} FROM {y}.{table})").fetchone()[0]
            for x, y in (("a", "b"), ("b", "a"))
        ]
        total = conn.execute(f"SELECT count(*) FROM a.{table}").fetchone()[0]
        if any(only):
            problems.append(f"{table}: {only[0]} rows only in {before}, {only[1]} only in {after} (of {total})")
        else:
            print(f"{table}: {total} rows identical ({len(cols_a)} columns compared)")
    return problems


def main() -> int:
    """Print the per-table verdicts; exit 1 if any table differs."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    args = ap.parse_args()
    problems = diff(args.before, args.after)
    for p in problems:
        print("DIFFERS", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
