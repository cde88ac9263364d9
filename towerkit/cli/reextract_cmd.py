"""``towerkit reextract``: read stored documents again under the catalog in force, without OCR.

After teaching the catalog a label (``towerkit catalog add-label``) this brings the stored
documents up to it: type and fields are read again from the words stored at ingest (no source
file, no Tesseract), as a new extraction revision; the older rows stay in ``field_history``;
corrections stay in force; facts, compliance tags and the review queue are refreshed; every
document gets an audit entry.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from towerkit.cli.common import add_db, add_wait, print_json
from towerkit.config import Settings
from towerkit.errors import ExitCode, UsageError
from towerkit.review.reextract import reextract
from towerkit.review.user_catalog import catalog_in_force, record_user_catalog
from towerkit.store import open_db
from towerkit.store.lineage import resolve_doc_id

PROGRESS_EVERY = 50
"""Documents between two progress lines on an interactive terminal."""


def _since(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: Any) -> None:
    """Add ``reextract`` to the CLI's subparsers."""
    p = sub.add_parser(
        "reextract",
        help="read stored documents again under the catalog in force (no OCR, no source files)",
        description=(
            "Re-run document typing and field extraction from the words stored at ingest: no OCR and no "
            "access to the source files. The new field rows are a new extraction revision (older rows stay in "
            "field_history), corrections stay in force, facts, compliance tags and the review queue are "
            "refreshed, and the audit chain records each re-extraction. Without a selector every stored "
            "document is read again; selectors combine."
        ),
    )
    add_db(p)
    p.add_argument(
        "--template", metavar="ID", help="only documents of this template (see 'towerkit coverage --by template')"
    )
    p.add_argument(
        "--doc", metavar="DOC", action="append", help="only this document (id or 8+ character prefix); repeatable"
    )
    p.add_argument("--since", metavar="DATE", type=_since, help="only documents ingested on or after DATE (YYYY-MM-DD)")
    p.add_argument(
        "--catalog", metavar="FILE", help="field catalog TOML (default: the user catalog beside the database)"
    )
    p.add_argument(
        "--by", default="reextract", metavar="NAME", help="who asked, recorded in the audit (default: reextract)"
    )
    p.add_argument("--json", action="store_true", help="one JSON summary object")
    add_wait(p)
    p.set_defaults(func=run_reextract)


def run_reextract(args: argparse.Namespace) -> int:
    """Re-extract the selected documents and print what changed."""
    path, catalog = catalog_in_force(args.db, args.catalog)
    settings = Settings.from_env()
    shown = sys.stderr.isatty() and not args.json

    def progress(done: int, total: int) -> None:
        if shown and (done % PROGRESS_EVERY == 0 or done == total):
            print(f"\rre-extracted {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    with open_db(args.db, wait_s=args.wait) as conn:
        ids = [resolve_doc_id(conn, d) for d in args.doc] if args.doc else None
        if path is not None:
            record_user_catalog(conn, path, args.by)
        r = reextract(
            conn,
            doc_ids=ids,
            template=args.template,
            since=args.since,
            catalog=catalog,
            settings=settings,
            by=args.by,
            progress=progress,
        )
    if args.json:
        print_json(
            {
                "documents": r.documents,
                "changed": len(r.changed),
                "changed_doc_ids": list(r.changed),
                "corrections_kept": r.corrections_kept,
                "catalog_sha256": r.catalog_sha256,
                "seconds": round(r.seconds, 3),
            }
        )
        return ExitCode.OK
    if r.documents == 0:
        raise UsageError("nothing to re-extract")
    print(
        f"re-extracted {r.documents} document(s) in {r.seconds:.1f} s: fields changed in {len(r.changed)}, "
        f"{r.corrections_kept} correction(s) kept in force"
    )
    return ExitCode.OK
