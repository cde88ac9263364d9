"""Arguments every command family shares, so they read and behave the same everywhere."""

from __future__ import annotations

import argparse


def add_db(p: argparse.ArgumentParser) -> None:
    """``--db FILE``: every command that opens the database takes it the same way."""
    p.add_argument("--db", metavar="FILE", help="database file (default: $TOWERKIT_DB, else data/towerkit.duckdb)")


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
