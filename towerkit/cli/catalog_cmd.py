"""``towerkit catalog suggest|add-label``: teach the field catalog a printed label, without a code change.

``suggest`` proposes entries from the labels no field took (those whose values look like a field
their documents lack) and prints the command that adds each. ``add-label`` writes the user catalog
beside the database (or ``--catalog FILE``) and records its sha256 in the database; ``ingest`` and
``reextract`` then read it by default.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from towerkit.cli.common import add_db, add_wait, print_json
from towerkit.cli.coverage_cmd import ensure_documents, open_catalog
from towerkit.errors import ExitCode
from towerkit.fields import load_catalog
from towerkit.review.teach import add_label, check_field, clean_label, label_known, suggest
from towerkit.review.user_catalog import current_user, default_catalog_path, file_sha256, record_user_catalog
from towerkit.store import default_db, open_db, utcnow
from towerkit.store.db import db_label


def register(sub: Any) -> None:
    """Add ``catalog suggest|add-label`` to the ``towerkit`` sub-command parsers."""
    c = sub.add_parser(
        "catalog",
        help="teach the field catalog a printed label (suggest, add-label)",
        description=(
            "'suggest' proposes catalog entries from the printed labels no field took whose values look like "
            "a field their documents lack. 'add-label FIELD LABEL' adds a wording to the user catalog beside "
            "the database (<db stem>.catalog.toml, recorded in the database by sha256), which ingest and "
            "reextract then read by default; run 'towerkit reextract' to apply it to stored documents."
        ),
    )
    csub = c.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    s = csub.add_parser("suggest", help="propose catalog entries from unmapped labels")
    add_db(s)
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.set_defaults(func=run_suggest)
    a = csub.add_parser("add-label", help="add a printed label to a field of the user catalog")
    a.add_argument("field", metavar="FIELD", help="catalog field name (e.g. structure_height_ft)")
    a.add_argument("label", metavar="LABEL", help="the label as the documents print it (quote it)")
    a.add_argument("--catalog", metavar="FILE", help="catalog file to write (default: beside the database)")
    add_db(a)
    add_wait(a)
    a.set_defaults(func=run_add_label)


def run_suggest(args: argparse.Namespace) -> int:
    """Print proposed catalog entries with the command that adds each (one JSON object with ``--json``)."""
    db = args.db or default_db()  # as typed: Path would fold a lake URI's //
    catalog, catalog_path = open_catalog(db)
    with open_db(db, read_only=True) as conn:
        ensure_documents(conn, db)
        found = suggest(conn, catalog)
    if args.json:
        out = {
            "generated_at": utcnow().replace(microsecond=0),
            "db": db_label(db),
            "catalog": catalog_path,
            "suggestions": [
                {
                    "label": s.label,
                    "field": s.field,
                    "documents": s.documents,
                    "lacking": s.lacking,
                    "example_value": s.example_value,
                    "example_doc": s.example_doc,
                    "command": s.command(args.db and db_label(args.db)),
                }
                for s in found
            ],
        }
        print_json(out)
        return ExitCode.OK
    if not found:
        print("no unmapped label looks like a field its documents lack")
        return ExitCode.OK
    for s in found:
        print(
            f'"{s.label}" looks like {s.field}: printed in {s.documents} document(s), {s.lacking} of them '
            f'lack {s.field}; e.g. "{s.example_value}" in {(s.example_doc or "")[:12]}'
        )
        print(f"  {s.command(args.db and db_label(args.db))}")
    return ExitCode.OK


def run_add_label(args: argparse.Namespace) -> int:
    """Add the label to the user catalog, record the file's sha256 in the database, say what changed."""
    db = args.db or default_db()  # as typed: Path would fold a lake URI's //
    target = Path(args.catalog) if args.catalog else default_catalog_path(db)
    catalog = load_catalog(target if target.is_file() else None)
    check_field(catalog, args.field)
    label = clean_label(args.label)
    if label_known(catalog, args.field, label):
        print(f'{args.field} already reads "{label}" ({target if target.is_file() else "packaged catalog"})')
        return ExitCode.OK
    add_label(target, args.field, label, catalog)
    sha = file_sha256(target)
    if args.catalog is None and Path(db).is_file():
        with open_db(db, wait_s=args.wait) as conn:
            record_user_catalog(conn, target, current_user())
        where = f"recorded in {db_label(db)}; ingest and reextract read it by default"
    else:
        where = "pass it as --catalog to ingest and reextract"
    print(f'added "{label}" to {args.field} in {target} (sha256 {sha[:12]}; {where})')
    print("apply it to stored documents with: towerkit reextract")
    return ExitCode.OK
