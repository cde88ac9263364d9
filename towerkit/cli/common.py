"""Arguments every command family shares, so they read and behave the same everywhere."""

from __future__ import annotations

import argparse


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="FILE", help="database file (default: $TOWERKIT_DB, else data/towerkit.duckdb)")


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1, with a one-line message otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value
