"""Arguments every command family shares, so they read and behave the same everywhere."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime

DB_HELP = (
    "database: a DuckDB file, or a DuckLake catalog ducklake:sqlite:PATH or ducklake:postgres:CONNINFO "
    "(default: $TOWERKIT_DB, else data/towerkit.duckdb; docs/scale.md)"
)


def add_db(p: argparse.ArgumentParser, help_text: str = DB_HELP) -> None:
    """``--db`` and ``--data-path``: every command that opens the database takes them the same way."""
    p.add_argument("--db", metavar="DB", help=help_text)
    p.add_argument(
        "--data-path",
        metavar="DIR",
        help="a DuckLake store's Parquet folder (default $TOWERKIT_DATA_PATH; needed when a lake is created)",
    )


def add_snapshot(p: argparse.ArgumentParser) -> None:
    """``--snapshot ID``: read a DuckLake store as it was at that snapshot (a report records the one it read)."""
    p.add_argument(
        "--snapshot",
        type=lambda text: _whole(text, 0, "a snapshot id (0 or more)"),
        metavar="ID",
        help="DuckLake store only: read snapshot ID (a report prints the one it read) instead of the newest",
    )


def _whole(text: str, minimum: int, meaning: str) -> int:
    """A whole number of at least ``minimum``, or an argparse error of one line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{value} must be {meaning}")
    return value


def worker_count(text: str) -> int:
    """Argparse type for --workers: 0 (extract in this process) or more."""
    return _whole(text, 0, "0 (extract in this process) or more")


def positive_int(text: str) -> int:
    """Argparse type: a whole number of at least 1."""
    return _whole(text, 1, "at least 1")


def iso_utc(value: object) -> object:
    """JSON for what ``json`` cannot write itself: timestamps as ISO-8601 UTC (``Z``), dates ISO, the rest text.

    Stored timestamps are naive UTC (``store.db.utcnow``), so a naive one is marked UTC, not converted.
    """
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def print_json(obj: object) -> None:
    """One JSON object on stdout: the ``--json`` contract of summaries and listings (DESIGN.md)."""
    print(json.dumps(obj, default=iso_utc, ensure_ascii=False))


def add_params(p: argparse.ArgumentParser, example: str) -> None:
    """``-p KEY VALUE`` (papermill's form), ``--param KEY=VALUE``, ``--params FILE.yaml``: one way everywhere."""
    p.add_argument(
        "-p",
        nargs=2,
        action="append",
        default=[],
        dest="param_pairs",
        metavar=("KEY", "VALUE"),
        help=f"a parameter as papermill takes it, repeatable (e.g. -p {example.replace('=', ' ', 1)})",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        dest="param_items",
        metavar="KEY=VALUE",
        help=f"a parameter split at the first '=', repeatable (e.g. --param {example})",
    )
    p.add_argument(
        "--params",
        action="append",
        default=[],
        dest="param_files",
        metavar="FILE.yaml",
        help="parameters from a YAML mapping (typed); the command line overrides it",
    )


def add_wait(p: argparse.ArgumentParser) -> None:
    """``--wait SECONDS``: a command that writes waits this long for another process to let go of the database."""
    p.add_argument(
        "--wait",
        type=seconds,
        default=0.0,
        metavar="SECONDS",
        help="wait up to SECONDS for another process (an ingest, a notebook) to release the database (default 0)",
    )


def seconds(text: str) -> float:
    """Argparse type: a number of seconds, zero or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0:  # also refuses NaN
        raise argparse.ArgumentTypeError(f"{text} must be 0 or more seconds")
    return value
