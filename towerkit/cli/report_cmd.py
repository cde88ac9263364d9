"""``towerkit report NAME --db FILE [-p KEY VALUE ...] [--out DIR]``: a notebook as a batch job.

Parameters are checked against the notebook's ``parameters`` cell before a kernel starts; the
executed notebook and a self-contained HTML page land in ``--out`` (default
``data/reports/<timestamp>-<name>-<hex>/``) and the HTML path is printed on stdout.
"""

from __future__ import annotations

import argparse
import ast
import sys

from towerkit.cli.common import DB_HELP, add_db, add_params, add_snapshot, print_json
from towerkit.errors import ExitCode, UsageError
from towerkit.parameters import merge_params
from towerkit.reports import jobs
from towerkit.reports.data import DEFAULT_WAIT_S
from towerkit.store import default_db


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
    add_db(parser, f"the notebook's db_path; {DB_HELP}")
    add_snapshot(parser)
    add_params(parser, "as_of=2026-01-31")
    parser.add_argument("--out", help="output folder (default data/reports/<timestamp>-<name>-<hex>/)")
    parser.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for an ingest holding the database (default 10)",
    )
    parser.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    parser.add_argument("--json", action="store_true", help="one JSON object (the report's files, or --list's reports)")
    parser.set_defaults(func=run)


def _literal(source: object) -> object:
    """A parameters-cell default as a JSON value (``None`` -> null, ``"x"`` -> x); odd source stays text."""
    try:
        return ast.literal_eval(str(source))
    except (ValueError, SyntaxError):
        return str(source)


def run(args: argparse.Namespace) -> int:
    """List the reports (``--list``) or run one, printing the HTML path; parameters are checked first."""
    if args.list and args.json:
        reports = []
        for n in jobs.available_reports():
            declared = jobs.declared_parameters(jobs.notebook_path(n))
            reports.append({"name": n, "parameters": {k: _literal(v["default"]) for k, v in declared.items()}})
        print_json({"reports": reports})
        return ExitCode.OK
    if args.list:
        for name in jobs.available_reports():
            defaults = jobs.declared_parameters(jobs.notebook_path(name))
            listed = " ".join(f"{k}={v['default']}" for k, v in defaults.items())
            print(f"{name}  {listed}")
        return ExitCode.OK
    if not args.name:
        raise UsageError(f"name a report; available: {', '.join(jobs.available_reports())}")
    params = merge_params(args.param_pairs, args.param_items, args.param_files)
    if "db_path" in params and args.db:
        raise UsageError("give the database either as --db or as -p db_path, not both")
    declared = jobs.declared_parameters(jobs.notebook_path(args.name))
    db = args.db or params.pop("db_path", None)
    if db is None and "db_path" in declared:
        db = default_db()
    wait_s = DEFAULT_WAIT_S if args.wait is None else args.wait
    if wait_s < 0:
        raise UsageError("--wait must be ≥ 0 seconds")
    result = jobs.run_report(
        args.name, db, params, args.out, wait_s=wait_s, show_code=args.show_code, snapshot=args.snapshot
    )
    if args.json:
        files = {"html": str(result.html), "ipynb": str(result.ipynb)}
        print_json({"report": args.name, **files, "seconds": result.seconds, "snapshot": result.snapshot})
        return ExitCode.OK
    print(result.html)
    read = "" if result.snapshot is None else f", DuckLake snapshot {result.snapshot}"
    print(f"executed notebook: {result.ipynb} ({result.seconds:.1f} s{read})", file=sys.stderr)
    return ExitCode.OK
