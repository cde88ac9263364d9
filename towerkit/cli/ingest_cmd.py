"""``towerkit ingest`` and ``towerkit demo``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from towerkit.cli.common import add_db, add_wait, positive_int, print_json, worker_count
from towerkit.config import Settings
from towerkit.errors import ExitCode, InputError, MissingExtra
from towerkit.fields import load_catalog
from towerkit.review.user_catalog import current_user, effective_catalog_path, record_user_catalog
from towerkit.store import default_db, open_db
from towerkit.store.db import db_label
from towerkit.store.run_items import run_items


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
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="extract on a Dask cluster instead of this machine's process pool: tcp://host:8786 a running "
        "scheduler (files over 8 MiB and TMPDIR must be shared with its workers), local:N a LocalCluster of N "
        "single-threaded worker processes started for the run (default: none, the local process pool); "
        "needs towerkit[scale]",
    )
    p.add_argument("--json", action="store_true", help="print one JSON summary on stdout")
    p.add_argument("--catalog", metavar="FILE", help="TOML with extra or overriding field-catalog entries")
    p.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="the stall timer: seconds a file may go without finishing a page (OCR pages get 5 s more per "
        "megapixel); it restarts at every page, and a page past it is stored as failed while the rest of "
        "the file is kept and a later run retries it (default 60)",
    )
    p.add_argument(
        "--max-file-time",
        type=float,
        metavar="S",
        help="the hard ceiling: seconds one file may take in all, however it progresses; past it the file "
        "fails as timeout (default 3600)",
    )
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
        help="show a progress bar with rate and time left on stderr (default: on a terminal or in Jupyter; "
        "never in cron or CI unless asked)",
    )
    p.add_argument(
        "--fail-on",
        action="append",
        default=[],
        choices=FAIL_ON,
        metavar="failed|quarantined|findings",
        help="exit non-zero when the completed run has failed files (exit 5), quarantined documents (6) or "
        "compliance findings (7); repeatable; the first that applies, in that order, sets the code",
    )
    add_wait(p)
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
        "stall_timeout_s": args.timeout,
        "file_timeout_s": args.max_file_time,
        "ocr_dpi": args.ocr_dpi,
        "analysis_pages": args.analysis_pages,
        "alert_webhook": args.alert_webhook,
        "cluster": args.cluster,
    }
    if args.catalog and not Path(args.catalog).is_file():
        raise InputError(f"catalog {args.catalog} does not exist")
    overrides["catalog_path"] = _catalog_in_force(args)
    from towerkit.pipeline.ingest import ingest  # noqa: PLC0415  # deferred: pdfplumber, pypdfium2, pyarrow

    db = args.db or default_db()
    summary = ingest(
        args.paths,
        db,
        workers=args.workers,
        settings={k: v for k, v in overrides.items() if v},
        progress=False if args.json else args.progress,
        event_log=args.log,
        wait_s=args.wait,
    )
    # The address as given: summary.db is the label, whose password (if any) is ***.
    items = _run_items(db, summary.run_id)
    if args.json:
        print_json({**summary.as_json(), "paused_zones": list(summary.paused_zones), "db": summary.db, **items})
    else:
        print(
            f"run {summary.run_id}: {summary.files} files, {summary.ingested} ingested, "
            f"{summary.quarantined} quarantined, {summary.failed} failed, {summary.duplicates} duplicates "
            f"in {summary.seconds:.1f} s -> {summary.db}"
        )
        if summary.paused_zones:
            print(f"paused zones (too many read errors): {', '.join(summary.paused_zones)}", file=sys.stderr)
        if items.get("failed_pages"):
            pages = items["failed_pages"]
            print(
                f"{len(pages)} pages could not be read and were stored as failed (e.g. {pages[0]['path']} page "
                f"{pages[0]['page']}: {pages[0]['reason']}); the same command reads them again",
                file=sys.stderr,
            )
        if summary.quarantined:
            print(f"{summary.quarantined} documents await review: towerkit quarantine list --db {summary.db}")
        if items.get("review_queued"):
            print(f"{items['review_queued']} documents have values to check: towerkit review list --db {summary.db}")
    return int(fail_on_code(args.fail_on, summary.failed, summary.quarantined, int(items.get("findings", 0))))


FAIL_ON = ("failed", "quarantined", "findings")
"""What ``--fail-on`` may name, in the order their exit codes are tried."""


def fail_on_code(fail_on: list[str], failed: int, quarantined: int, findings: int) -> ExitCode:
    """The exit code a scheduler sees: 0 unless a ``--fail-on`` condition holds (the first, in FAIL_ON order)."""
    hits = {"failed": failed > 0, "quarantined": quarantined > 0, "findings": findings > 0}
    codes = {"failed": ExitCode.FAILED_FILES, "quarantined": ExitCode.QUARANTINED, "findings": ExitCode.FINDINGS}
    for name in FAIL_ON:
        if name in fail_on and hits[name]:
            return codes[name]
    return ExitCode.OK


def _run_items(db: str, run_id: str) -> dict[str, Any]:
    """The run's failed and quarantined files, queued reviews and findings, read back once the run is over."""
    if db == ":memory:":
        return {}
    with open_db(db, read_only=True, wait_s=5.0) as conn:
        return run_items(conn, run_id)


def _catalog_in_force(args: argparse.Namespace) -> str | None:
    """``--catalog``, else ``$TOWERKIT_CATALOG_PATH``, else the user catalog beside the database, recorded in it.

    The catalog is loaded first, so a broken one fails before anything is recorded or read.
    """
    given = args.catalog or Settings.from_env().catalog_path
    db = args.db or default_db()
    path = effective_catalog_path(db, given)
    if path is not None and not given:
        load_catalog(path)
        with open_db(db) as conn:
            record_user_catalog(conn, path, current_user())
    return path


def run_demo(args: argparse.Namespace) -> int:
    """Sample corpus (kept if it exists), ingest, compliance report: the whole tour in one command."""
    MissingExtra.check("sample", "towerkit demo")
    MissingExtra.check("reports", "towerkit demo")
    from towerkit.pipeline.ingest import ingest  # noqa: PLC0415  # deferred: pdfplumber, pypdfium2, pyarrow
    from towerkit.reports.jobs import run_report  # noqa: PLC0415  # deferred: matplotlib, papermill
    from towerkit.sample import generate  # noqa: PLC0415  # deferred: reportlab, pypdf

    sample = Path(args.sample)
    if (sample / "ground_truth.jsonl").is_file():
        print(f"sample corpus: {sample} (exists; delete it to regenerate)")
    else:
        rows = generate(sample, docs=args.docs, seed=args.seed)
        print(f"sample corpus: {len(rows)} files in {sample}")
    db = args.db or default_db()
    summary = ingest([sample], db, workers=args.workers, progress=None)
    print(
        f"ingested into {db_label(db)}: {summary.files} files, {summary.ingested} ingested, {summary.quarantined} "
        f"quarantined, {summary.failed} failed, {summary.duplicates} duplicates in {summary.seconds:.1f} s"
    )
    result = run_report("compliance_report", db, {}, Path(args.out) if args.out else None)
    print(f"compliance report: {result.html}")
    return int(ExitCode.OK)
