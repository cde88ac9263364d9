"""``towerkit ingest`` and ``towerkit demo``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from towerkit.cli.common import add_db, positive_int, worker_count
from towerkit.errors import ExitCode, InputError
from towerkit.store import default_db_path


def register(sub: Any) -> None:
    """Add ``ingest`` and ``demo`` to the ``towerkit`` sub-command parsers."""
    _add_ingest(sub)
    _add_demo(sub)


def _add_ingest(sub: Any) -> None:
    """``towerkit ingest``: every setting a run may override has its option here."""
    p = sub.add_parser(
        "ingest",
        help="ingest files or folders into the database",
        description=(
            "Ingest PDFs, scans (PNG/TIFF/JPEG, image-only PDFs) and legacy text logs. A folder's first "
            "level of sub-folders are its zones (ROOT/<zone>/<site_id>/<file>). Content already stored is "
            "recorded as a duplicate and not processed again. Exit 0 when the run completed, even if some "
            "files failed or were quarantined (see 'towerkit quarantine list'). Every setting also reads "
            "TOWERKIT_<NAME> from the environment (e.g. TOWERKIT_BATCH_DOCS=512)."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    add_db(p)
    p.add_argument(
        "--workers",
        type=worker_count,
        metavar="N",
        help="extraction processes (default: CPU cores); 0 extracts in this process, one file at a "
        "time, for debugging and profiling",
    )
    p.add_argument("--json", action="store_true", help="print one JSON summary on stdout")
    p.add_argument("--catalog", metavar="FILE", help="TOML with extra or overriding field-catalog entries")
    p.add_argument("--timeout", type=float, metavar="S", help="per-file extraction timeout in seconds (default 300)")
    p.add_argument(
        "--ocr-dpi", type=positive_int, metavar="N", help="render DPI for image-only PDF pages (default 200)"
    )
    p.add_argument(
        "--analysis-pages",
        type=positive_int,
        metavar="N",
        help="read fields, type and layout from the first N pages; later pages are stored, not analysed (default 50)",
    )
    p.add_argument("--alert-webhook", metavar="URL", help="POST drift alerts as JSON to this URL")
    p.add_argument("--log", metavar="FILE", help="JSON-lines event log (default: logs/ beside the database)")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show progress on stderr (default: when stderr is a terminal)",
    )
    p.set_defaults(func=run_ingest)


def _add_demo(sub: Any) -> None:
    """``towerkit demo``."""
    d = sub.add_parser(
        "demo",
        help="sample corpus -> ingest -> compliance report, on the default database",
        description="Generate a sample corpus (unless it exists), ingest it, and write the compliance report.",
    )
    d.add_argument("--sample", default="data/sample", metavar="DIR", help="sample corpus folder (default data/sample)")
    d.add_argument("--docs", type=positive_int, default=60, help="documents to generate (default 60)")
    d.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    d.add_argument("--workers", type=worker_count, metavar="N", help="extraction processes (default: CPU cores)")
    add_db(d)
    d.add_argument("--out", metavar="DIR", help="report folder (default data/reports/<timestamp>)")
    d.set_defaults(func=run_demo)


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the paths and print the run's summary (one JSON line with ``--json``); exit 0 once it completed."""
    overrides = {
        "catalog_path": args.catalog,
        "file_timeout_s": args.timeout,
        "ocr_dpi": args.ocr_dpi,
        "analysis_pages": args.analysis_pages,
        "alert_webhook": args.alert_webhook,
    }
    if args.catalog and not Path(args.catalog).is_file():
        raise InputError(f"catalog {args.catalog} does not exist")
    from towerkit.pipeline.ingest import ingest  # noqa: PLC0415  # deferred: pdfplumber, pypdfium2, pyarrow

    summary = ingest(
        args.paths,
        args.db,
        workers=args.workers,
        settings={k: v for k, v in overrides.items() if v},
        progress=False if args.json else args.progress,
        event_log=args.log,
    )
    if args.json:
        print(json.dumps(summary.as_json()))
    else:
        print(
            f"run {summary.run_id}: {summary.files} files, {summary.ingested} ingested, "
            f"{summary.quarantined} quarantined, {summary.failed} failed, {summary.duplicates} duplicates "
            f"in {summary.seconds:.1f} s -> {summary.db}"
        )
        if summary.paused_zones:
            print(f"paused zones (too many read errors): {', '.join(summary.paused_zones)}", file=sys.stderr)
        if summary.quarantined:
            print(f"{summary.quarantined} documents await review: towerkit quarantine list --db {summary.db}")
    return int(ExitCode.OK)


def run_demo(args: argparse.Namespace) -> int:
    """Sample corpus (kept if it exists), ingest, compliance report: the whole tour in one command."""
    from towerkit.pipeline.ingest import ingest  # noqa: PLC0415  # deferred: pdfplumber, pypdfium2, pyarrow
    from towerkit.reports.jobs import run_report  # noqa: PLC0415  # deferred: matplotlib, papermill
    from towerkit.sample import generate  # noqa: PLC0415  # deferred: reportlab, pypdf

    sample = Path(args.sample)
    if (sample / "ground_truth.jsonl").is_file():
        print(f"sample corpus: {sample} (exists; delete it to regenerate)")
    else:
        rows = generate(sample, docs=args.docs, seed=args.seed)
        print(f"sample corpus: {len(rows)} files in {sample}")
    db = Path(args.db) if args.db else default_db_path()
    summary = ingest([sample], db, workers=args.workers, progress=None)
    print(
        f"ingested into {db}: {summary.files} files, {summary.ingested} ingested, {summary.quarantined} "
        f"quarantined, {summary.failed} failed, {summary.duplicates} duplicates in {summary.seconds:.1f} s"
    )
    result = run_report("compliance_report", db, {}, Path(args.out) if args.out else None)
    print(f"compliance report: {result.html}")
    return int(ExitCode.OK)
