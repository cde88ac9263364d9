"""``towerkit report NAME --db FILE [-p KEY VALUE ...] [--out DIR]``: a notebook as a batch job.

Parameters are checked against the notebook's ``parameters`` cell before a kernel starts; the
executed notebook and a self-contained HTML page land in ``--out`` (default
``data/reports/<timestamp>-<name>-<hex>/``) and the HTML path is printed on stdout.
"""

from __future__ import annotations

import argparse
import sys

from towerkit.errors import ExitCode, UsageError
from towerkit.reports import jobs
from towerkit.reports.data import DEFAULT_WAIT_S
from towerkit.store import default_db_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``towerkit report`` to the command's subparsers."""
    parser = subparsers.add_parser(
        "report",
        help="run a notebook report (papermill) and export it to HTML",
        description="Run notebooks/NAME.ipynb with papermill; write the executed notebook and a "
        "self-contained HTML export, and print the HTML path. Parameters are checked against the "
        "notebook's parameters cell before it runs.",
    )
    parser.add_argument("name", nargs="?", help="report name, e.g. compliance_report (see --list)")
    parser.add_argument("--list", action="store_true", help="list the available reports and their parameters")
    parser.add_argument(
        "--db", help="database (the notebook's db_path; default $TOWERKIT_DB, else data/towerkit.duckdb)"
    )
    parser.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("KEY", "VALUE"),
        help="a notebook parameter, e.g. -p as_of 2026-01-31 (repeatable)",
    )
    parser.add_argument("--out", help="output folder (default data/reports/<timestamp>-<name>-<hex>/)")
    parser.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for an ingest holding the database (default 10)",
    )
    parser.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List the reports (``--list``) or run one, printing the HTML path; parameters are checked first."""
    if args.list:
        for name in jobs.available_reports():
            defaults = jobs.declared_parameters(jobs.notebook_path(name))
            listed = " ".join(f"{k}={v['default']}" for k, v in defaults.items())
            print(f"{name}  {listed}")
        return ExitCode.OK
    if not args.name:
        raise UsageError(f"name a report; available: {', '.join(jobs.available_reports())}")
    params: dict[str, str] = {}
    for key, value in args.param:
        if key in params:
            raise UsageError(f"parameter {key} given twice")
        params[key] = value
    if "db_path" in params and args.db:
        raise UsageError("give the database either as --db or as -p db_path, not both")
    declared = jobs.declared_parameters(jobs.notebook_path(args.name))
    db = args.db or params.pop("db_path", None)
    if db is None and "db_path" in declared:
        db = str(default_db_path())
    wait_s = DEFAULT_WAIT_S if args.wait is None else args.wait
    if wait_s < 0:
        raise UsageError("--wait must be ≥ 0 seconds")
    result = jobs.run_report(args.name, db, params, args.out, wait_s=wait_s, show_code=args.show_code)
    print(result.html)
    print(f"executed notebook: {result.ipynb} ({result.seconds:.1f} s)", file=sys.stderr)
    return ExitCode.OK
