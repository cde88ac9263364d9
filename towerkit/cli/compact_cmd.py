"""``towerkit compact``: merge a DuckLake store's small Parquet files (docs/scale.md).

A lake has no index: whether a content is stored is answered by reading every live file of
``documents``, so its lookups slow as commits add files. A DuckDB file needs nothing of the kind.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from towerkit.cli.common import add_db, add_wait, print_json
from towerkit.errors import ExitCode
from towerkit.store import open_db
from towerkit.store.db import db_label
from towerkit.store.lake import compact, is_lake


def register(sub: Any) -> None:
    """Add ``compact`` to the ``towerkit`` sub-command parsers."""
    p = sub.add_parser(
        "compact",
        help="merge a DuckLake store's small Parquet files (after a backlog, then monthly)",
        description=(
            "Merge each table's small Parquet files in a DuckLake store (--db ducklake:...). Every commit "
            "writes a file per table, and lookups read each live file of documents, so run it after a large "
            "backlog and then monthly; it may run while ingests commit. Older snapshots keep their files, so "
            "reports re-run with --snapshot answer as before. A DuckDB file needs no compaction."
        ),
    )
    add_db(p)
    add_wait(p)
    p.add_argument("--json", action="store_true", help="one JSON object: files before and after, seconds")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compact a lake and say how many files it had and has; on a DuckDB file, say there is nothing to do."""
    label = db_label(args.db)
    if not is_lake(args.db or label):
        message = f"{label} is a DuckDB file: it compacts itself at checkpoints; nothing to do"
        print_json({"db": label, "compacted": False, "reason": message}) if args.json else print(message)
        return int(ExitCode.OK)
    started = time.monotonic()
    with open_db(args.db, wait_s=args.wait) as conn:
        before, after = compact(conn)
    seconds = round(time.monotonic() - started, 2)
    if args.json:
        print_json({"db": label, "compacted": True, "files_before": before, "files_after": after, "seconds": seconds})
    else:
        print(f"{label}: {before} data files -> {after} in {seconds:.1f} s")
    return int(ExitCode.OK)
