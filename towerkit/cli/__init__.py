"""The ``towerkit`` command: one argparse parser, one module per command family.

Each ``*_cmd`` module has ``register(subparsers)`` that adds its commands and sets ``func`` (a
callable taking the parsed namespace and returning an exit code). Errors a user can cause are
``TowerkitError``s: printed as one line, exit non-zero, no traceback.

The top floor: it may import anything in towerkit, and nothing in towerkit imports it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from towerkit import __version__
from towerkit.errors import ExitCode, TowerkitError
from towerkit.store.lake import DATA_PATH_ENV

COMMAND_MODULES = (
    "sample_cmd",
    "ingest_cmd",
    "query_cmd",
    "report_cmd",
    "review_cmd",
    "audit_cmd",
    "pairs_cmd",
    "review_queue_cmd",
    "reextract_cmd",
    "coverage_cmd",
    "catalog_cmd",
    "compact_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """The whole ``towerkit`` parser, each command family added by its module's ``register``."""
    parser = argparse.ArgumentParser(
        prog="towerkit",
        description=(
            "Ingest telecom tower documents (inspection reports, leases, permits, FAA "
            "determinations, field logs) into an auditable DuckDB database, and check them."
        ),
        epilog="Run 'towerkit COMMAND --help' for a command's options. --db defaults to "
        "$TOWERKIT_DB, else data/towerkit.duckdb.",
    )
    parser.add_argument("--version", action="version", version=f"towerkit {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"towerkit.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"towerkit.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; a ``TowerkitError`` becomes one line on stderr.

    Args:
        argv: the arguments after ``towerkit`` (default: ``sys.argv[1:]``).

    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return ExitCode.USAGE
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if getattr(args, "data_path", None):  # kept for the notebooks and workers this command starts
        os.environ[DATA_PATH_ENV] = str(Path(args.data_path).resolve())
    try:
        return int(args.func(args))
    except TowerkitError as e:
        print(f"towerkit: {e}", file=sys.stderr)
        return int(e.exit_code)
    except ValueError as e:  # Settings validation and friends: bad parameters
        print(f"towerkit: {e}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("towerkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
