"""``towerkit coverage``: what extraction missed, per group of documents.

For each group: its documents, and per field the catalog expects for their type the share of
documents where it was found (critical fields first); then the printed labels no field took, those
whose values look like a field the documents lack first, with an example value and document.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.cli.common import add_db, print_json
from towerkit.errors import ExitCode, InputError
from towerkit.fields import Catalog, load_catalog
from towerkit.review.coverage import BY, check_by, coverage_frames, record_catalog
from towerkit.review.user_catalog import effective_catalog_path
from towerkit.store import Connection, default_db, open_db, utcnow
from towerkit.store.coverage_store import catalog_field_count, ingested_count
from towerkit.store.db import db_label

LABELS_SHOWN = 5
"""Unmapped labels printed per group in the table (``--json`` gives all of them)."""
ID_CHARS = 12
"""Characters of a document id shown in tables (unique in practice, and what ``review show`` accepts)."""


def register(sub: Any) -> None:
    """Add ``coverage`` to the ``towerkit`` sub-command parsers."""
    p = sub.add_parser(
        "coverage",
        help="per group of documents, how often each expected field was found, and labels no field took",
        description=(
            "For each group of ingested documents: how many there are, and for each field the catalog "
            "expects for their type the share where it was found (critical fields, marked *, first); then "
            "the printed labels no field took, those whose values look like a field the documents lack "
            "first. Teach one with 'towerkit catalog add-label' (see 'towerkit catalog suggest')."
        ),
    )
    p.add_argument("--by", default="doc_type", metavar="|".join(BY), help="how to group documents (default doc_type)")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run_coverage)


def open_catalog(db: str | Path) -> tuple[Catalog, str | None]:
    """The catalog in force for ``db`` (the user catalog beside it, else the packaged one) and its file."""
    path = effective_catalog_path(db, None)
    return load_catalog(path), path


def ensure_documents(conn: Connection, db: str | Path) -> None:
    """A one-line ``InputError`` when the database holds no ingested document to report on."""
    if ingested_count(conn) == 0:
        raise InputError(f"database {db_label(db)} holds no ingested documents (run towerkit ingest first)")


def _frames(db: str | Path, by: str, catalog: Catalog) -> tuple[pl.DataFrame, pl.DataFrame]:
    with open_db(db, read_only=True) as conn:
        ensure_documents(conn, db)
        recorded = catalog_field_count(conn) > 0
    if not recorded:  # a database ingested before catalogs were recorded: record the one in force now
        with open_db(db) as conn:
            record_catalog(conn, catalog)
    with open_db(db, read_only=True) as conn:
        return coverage_frames(conn, by, catalog=catalog)


def run_coverage(args: argparse.Namespace) -> int:
    """Print coverage per group (a table, or one JSON object with ``--json``)."""
    by = check_by(args.by)
    db = args.db or default_db()  # as typed: Path would fold a lake URI's //
    catalog, catalog_path = open_catalog(db)
    fields, labels = _frames(db, by, catalog)
    groups = _groups(fields, labels)
    if args.json:
        out = {
            "generated_at": utcnow().replace(microsecond=0),
            "db": db_label(db),
            "by": by,
            "catalog": catalog_path,
            "catalog_sha256": catalog.digest,
            "groups": groups,
        }
        print_json(out)
        return ExitCode.OK
    for g in groups:
        _print_group(g)
    return ExitCode.OK


def _groups(fields: pl.DataFrame, labels: pl.DataFrame) -> list[dict[str, Any]]:
    """One dict per group: its documents, its field rows and its unmapped labels, in the frames' order."""
    out: dict[str, dict[str, Any]] = {}
    for r in fields.iter_rows(named=True):
        g = out.setdefault(
            r["group_id"],
            {"group": r["group"], "group_id": r["group_id"], "documents": 0, "doc_types": {}, "fields": [],
             "unmapped_labels": []},
        )  # fmt: skip
        g["doc_types"][r["doc_type"]] = r["documents"]
        if r["field"] is not None:
            g["fields"].append({k: r[k] for k in ("doc_type", "field", "critical", "found", "documents", "share",
                                                   "unmapped_labels")})  # fmt: skip
    for r in labels.iter_rows(named=True):
        if r["group_id"] in out:
            out[r["group_id"]]["unmapped_labels"].append(
                {k: r[k] for k in ("label", "documents", "example_value", "example_doc", "likely_field", "lacking")}
            )
    for g in out.values():
        g["documents"] = sum(g["doc_types"].values())
    return list(out.values())


def _print_group(g: dict[str, Any]) -> None:
    types = ", ".join(f"{n} {t}" for t, n in g["doc_types"].items())
    print(f"{g['group']}: {g['documents']} documents ({types})")
    guesses = {lab["likely_field"]: lab for lab in g["unmapped_labels"] if lab["likely_field"] and lab["lacking"]}
    rows = []
    for f in g["fields"]:
        note = ""
        lab = guesses.get(f["field"]) if f["found"] < f["documents"] else None
        if lab is not None:
            note = f'unmapped "{lab["label"]}" looks like it ({lab["example_value"]})'
        rows.append(
            [
                ("* " if f["critical"] else "  ") + f["field"],
                f"{f['found']}/{f['documents']}",
                f"{100 * (f['share'] or 0):.0f}%",
                note,
            ]
        )
    _table(["  FIELD", "FOUND", "SHARE", ""], rows, indent=2)
    shown = g["unmapped_labels"][:LABELS_SHOWN]
    if shown:
        print("  labels no field took:")
        _table(
            ["LABEL", "DOCS", "LOOKS LIKE", "EXAMPLE", "DOC"],
            [
                [
                    _short(lab["label"], 40),
                    str(lab["documents"]),
                    lab["likely_field"] or "",
                    _short(lab["example_value"], 40),
                    (lab["example_doc"] or "")[:ID_CHARS],
                ]
                for lab in shown
            ],
            indent=4,
        )
    print()


def _short(text: Any, width: int) -> str:
    s = "" if text is None else " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[str]], *, indent: int) -> None:
    cols = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    pad = " " * indent
    print(pad + "  ".join(h.ljust(c) for h, c in zip(headers, cols, strict=True)).rstrip())
    for r in rows:
        print(pad + "  ".join(v.ljust(c) for v, c in zip(r, cols, strict=True)).rstrip())
