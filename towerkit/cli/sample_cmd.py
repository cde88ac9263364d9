"""``towerkit sample``: write the demo/test corpus with its ground truth."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import Any

from towerkit.cli.common import print_json
from towerkit.errors import MissingExtra, UsageError

MAX_DOCS = 5000
"""The largest corpus ``towerkit sample`` writes: enough for benchmarks, small enough to finish in minutes."""


def register(sub: Any) -> None:
    """Add ``sample`` to the ``towerkit`` sub-command parsers."""
    p = sub.add_parser(
        "sample",
        help="write a realistic sample corpus of tower documents with ground truth",
        description=(
            "Write a deterministic corpus of tower documents under DIR/<zone>/<site_id>/: structural "
            "inspections, lease amendments, municipal permits, FAA determinations (PDFs from several "
            "issuers, some with later template revisions that drift), scans (PNG, TIFF, image-only PDF), "
            "legacy field logs (.log Latin-1, .txt UTF-8) and a few broken files. DIR/ground_truth.jsonl "
            "gives each file's type, route, template, expected status and canonical field values. The "
            "same --docs and --seed give byte-identical files."
        ),
        epilog="DIR must be empty, missing, or a previous sample corpus (which is replaced).",
    )
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write the corpus into")
    p.add_argument("--docs", type=int, default=60, metavar="N", help="number of files to write (default 60)")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.add_argument(
        "--era",
        choices=("all", "baseline", "later"),
        default="all",
        help="all (default); baseline: revision-1 layouts only; later: revised layouts and a new issuer",
    )
    p.add_argument("--json", action="store_true", help="one JSON object: files, by route and expected status")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the corpus and print what it holds; ``--docs`` outside 1..MAX_DOCS is a usage error."""
    if not 1 <= args.docs <= MAX_DOCS:
        raise UsageError(f"--docs must be between 1 and {MAX_DOCS}, not {args.docs}")
    MissingExtra.check("sample", "the sample generator")
    from towerkit.sample import generate  # noqa: PLC0415  # deferred: reportlab, pypdf, numpy

    t0 = time.monotonic()
    rows = generate(args.out, docs=args.docs, seed=args.seed, era=args.era)
    status = Counter(r["expect_status"] for r in rows)
    ocr = sum(1 for r in rows if r["route"] == "ocr")
    drifted = sum(1 for r in rows if r["drifted"])
    if args.json:
        print_json(
            {
                "out": str(args.out),
                "files": len(rows),
                "ocr": ocr,
                "drifted": drifted,
                "expect_status": dict(sorted(status.items())),
                "seconds": round(time.monotonic() - t0, 3),
            }
        )
        return 0
    print(
        f"sample corpus: {len(rows)} files in {args.out} ({ocr} routed to OCR, {drifted} drifted, "
        f"{status['quarantined']} expected quarantined, {status['failed']} broken) in "
        f"{time.monotonic() - t0:.1f} s"
    )
    return 0
