"""``towerkit query NAME|--list`` runs a ``queries/*.sql`` file; ``towerkit tags`` refreshes compliance tags.

``query`` opens the database read-only (a report never blocks or risks the writer); ``tags`` opens
it read-write, rebuilds the facts tables and replaces ``compliance_tags`` (the ingest does the same
at the end of every run).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

import polars as pl

from towerkit.cli.common import add_db, add_params, add_snapshot, add_wait, print_json
from towerkit.compliance import refresh_tags
from towerkit.errors import ExitCode, UsageError
from towerkit.parameters import check_against_data, merge_params
from towerkit.queries import list_queries, load, run_query, today, with_review_flags
from towerkit.reports.tables import frame_records
from towerkit.store import connect, utcnow
from towerkit.store.db import db_label
from towerkit.store.transactions import retried


def register(sub: Any) -> None:
    """Add ``query`` and ``tags`` to the ``towerkit`` sub-command parsers."""
    _add_query(sub)
    _add_tags(sub)


def _add_query(sub: Any) -> None:
    """``towerkit query``."""
    q = sub.add_parser(
        "query",
        help="run a compliance rule or report query from queries/",
        description=(
            "Run queries/NAME.sql against the database (opened read-only). Parameters are typed by the "
            "query's header (DATE as YYYY-MM-DD or 'today', INTEGER, DOUBLE, VARCHAR, BOOLEAN, NULL) and "
            "bound, never pasted into the SQL. 'towerkit query --list' shows every query; "
            "'towerkit query NAME --describe' its rules, row meaning, boundaries and parameters. Rule "
            "queries read facts tables refreshed at the end of each ingest or by 'towerkit tags'."
        ),
    )
    q.add_argument("name", nargs="?", metavar="NAME", help="query name (file stem in queries/)")
    q.add_argument("--list", action="store_true", help="list every query with its description")
    q.add_argument("--describe", action="store_true", help="print the query's header instead of running it")
    add_db(q)
    add_snapshot(q)
    add_params(q, "as_of=2026-01-31")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    add_wait(q)  # a DuckDB file being ingested: the busy message names --wait (a lake never waits)
    q.set_defaults(func=run_query_cmd)


def _add_tags(sub: Any) -> None:
    """``towerkit tags``."""
    t = sub.add_parser(
        "tags",
        help="refresh the facts tables and compliance tags now",
        description=(
            "Rebuild doc_facts/site_doc_facts from the ingested documents and replace compliance_tags with "
            "the findings of every rule query (kind: rule) as of --as-of. Ingest does this at the end of "
            "each run; run it after quarantine approvals or to evaluate another date. Opens the database "
            "read-write."
        ),
    )
    add_db(t)
    t.add_argument("--as-of", metavar="DATE", help="evaluation date YYYY-MM-DD (default today)")
    t.add_argument(
        "--horizon-days", type=int, default=90, metavar="N", help="how far ahead expiring/due rules look (default 90)"
    )
    t.add_argument("--json", action="store_true", help="one JSON object: tags, as_of, computed_at")
    add_wait(t)
    t.set_defaults(func=run_tags_cmd)


def run_query_cmd(args: argparse.Namespace) -> int:
    """List the queries, describe one, or run it read-only and print its rows in ``--format``."""
    if args.list:
        for query in list_queries():
            rules = f" [{', '.join(query.rules)}]" if query.rules else ""
            print(f"{query.name:<28} {query.kind:<6} {query.description}{rules}")
        return int(ExitCode.OK)
    if not args.name:
        raise UsageError("name a query (towerkit query --list shows them)")
    query = load(args.name)
    if args.describe:
        print(_header(query.sql))
        return int(ExitCode.OK)
    # Any: bind() already refused every name but the query's own, so none can reach run_query's folder
    params: dict[str, Any] = merge_params(args.param_pairs, args.param_items, args.param_files)
    query.bind(params)  # unknown or malformed parameters fail before the database is opened
    conn = connect(args.db, read_only=True, snapshot=args.snapshot, wait_s=args.wait)
    try:
        check_against_data(conn, params)  # a misspelt zone is an error, never an empty all-clear
        frame = run_query(conn, args.name, **params)
        if query.kind == "rule":
            frame = with_review_flags(conn, frame)
    finally:
        conn.close()
    write_frame(frame, args.format)
    return int(ExitCode.OK)


def _header(sql: str) -> str:
    """The leading ``--`` comment lines of a query file: what ``--describe`` prints."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return "\n".join(lines)


def write_frame(frame: pl.DataFrame, fmt: str) -> None:
    """Print a result as an aligned table, CSV (lists joined with ';') or a JSON list of objects."""
    if fmt == "json":
        json.dump(frame_records(frame), sys.stdout, indent=None, default=str)
        sys.stdout.write("\n")
        return
    flat = frame.with_columns(
        [pl.col(c).cast(pl.List(pl.String)).list.join(";") for c, t in frame.schema.items() if isinstance(t, pl.List)]
    )
    if fmt == "csv":
        sys.stdout.write(flat.write_csv())
        return
    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        fmt_str_lengths=80,
        tbl_width_chars=60_000,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_formatting="ASCII_MARKDOWN",
    ):
        print(flat)
    print(f"({frame.height} rows)")


def run_tags_cmd(args: argparse.Namespace) -> int:
    """Refresh the facts tables and compliance tags read-write, and print how many tags there are."""
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise UsageError(f"--as-of must be YYYY-MM-DD, got {args.as_of!r}") from None
    conn = connect(args.db, wait_s=args.wait)
    try:
        n = retried(conn, lambda c: refresh_tags(c, as_of=as_of, horizon_days=args.horizon_days), db_label(args.db))
    finally:
        conn.close()
    if args.json:
        print_json({"tags": n, "as_of": as_of or today(), "computed_at": utcnow()})
    else:
        print(f"{n} compliance tags as of {(as_of or today()).isoformat()}")
    return int(ExitCode.OK)
