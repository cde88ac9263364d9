"""``towerkit audit verify|diff|export|verify-bundle`` and ``towerkit lineage``.

Exit codes: 0 verified / same, 1 (``ExitCode.CHECK_FAILED``) a problem found, 3 a database or
folder that cannot be used. Problems print one per line, the first bad entry first.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from towerkit.audit.chain import Problem
from towerkit.cli.common import add_db, print_json
from towerkit.errors import ExitCode
from towerkit.reports.bundle import export_bundle, verify_bundle
from towerkit.reports.lineage import diff_runs, lineage_db
from towerkit.store import open_db, utcnow
from towerkit.store.audit_log import verify_db

MAX_PRINTED = 10
"""Problems printed before the rest are only counted: the first one is what to look at."""


def register(sub: Any) -> None:
    """Add ``audit`` (with its actions) and ``lineage`` to the ``towerkit`` sub-command parsers."""
    audit = sub.add_parser(
        "audit",
        help="verify the audit chain, compare runs, export and check evidence bundles",
        description="The audit trail: a hash chain over every ingest, approval and release.",
    )
    asub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    _add_verify(asub)
    _add_diff(asub)
    _add_export(asub)
    _add_verify_bundle(asub)
    _add_lineage(sub)


def _add_verify(asub: Any) -> None:
    """``towerkit audit verify``."""
    v = asub.add_parser(
        "verify",
        help="recompute the hash chain and check documents and fields against it",
        description=(
            "Recompute every entry's hash and link, every document's file hash and every document's fields "
            "digest (against the latest entry carrying one). Exit 0 printing the entry count and head hash "
            "when intact, 1 naming the first bad entry."
        ),
    )
    add_db(v)
    v.add_argument("--json", action="store_true", help="one JSON object: ok, entries, head, problems")
    v.add_argument(
        "--expect-head",
        metavar="HASH",
        help="also require the chain's last entry hash to be HASH (recorded from an earlier verify)",
    )
    v.set_defaults(func=run_verify)


def _add_diff(asub: Any) -> None:
    """``towerkit audit diff``."""
    d = asub.add_parser(
        "diff",
        help="did two runs over the same files produce the same fields?",
        description=(
            "Compare, per document seen by each run (document_paths), the fields digest the chain held for it "
            "at the end of that run. Exit 0 when the same, 1 when different (listing documents and fields)."
        ),
    )
    d.add_argument("run_a", metavar="RUN_A")
    d.add_argument("run_b", metavar="RUN_B")
    add_db(d)
    d.add_argument("--db-b", metavar="FILE", help="database holding RUN_B, if not the same (e.g. another machine's)")
    d.add_argument("--json", action="store_true", help="one JSON object: same, compared, documents that differ")
    d.set_defaults(func=run_diff)


def _add_export(asub: Any) -> None:
    """``towerkit audit export``."""
    e = asub.add_parser(
        "export",
        help="write an evidence bundle for one site",
        description=(
            "Write one site's documents, fields (page and box) and the audit entries covering them, with "
            "manifest.json listing the sha256 of every file, into an empty folder. Check it offline with "
            "'towerkit audit verify-bundle DIR'."
        ),
    )
    e.add_argument("--site", required=True, metavar="SITE_ID")
    e.add_argument("--out", required=True, metavar="DIR", help="an empty or new folder")
    add_db(e)
    e.set_defaults(func=run_export)


def _add_verify_bundle(asub: Any) -> None:
    """``towerkit audit verify-bundle``."""
    b = asub.add_parser(
        "verify-bundle",
        help="check an evidence bundle offline (no database)",
        description="Check a bundle's file hashes, each entry's hash and each document's fields digest.",
    )
    b.add_argument("bundle", metavar="DIR")
    b.add_argument("--json", action="store_true", help="one JSON object: ok, entries, problems")
    b.set_defaults(func=run_verify_bundle)


def _add_lineage(sub: Any) -> None:
    """``towerkit lineage`` (a top-level command: analysts ask it more often than auditors)."""
    lin = sub.add_parser(
        "lineage",
        help="where a field's value came from: file, page, box, raw text, engine, template, audit entry",
        description="Trace one field of one document (a doc id or a prefix of at least 8 hex characters).",
    )
    lin.add_argument("doc_id", metavar="DOC_ID")
    lin.add_argument("field", metavar="FIELD")
    add_db(lin)
    lin.add_argument("--json", action="store_true", help="print JSON instead of text")
    lin.set_defaults(func=run_lineage)


def _print_problems(problems: Sequence[Problem]) -> None:
    """The first ``MAX_PRINTED`` problems, one a line, then how many more there are."""
    for p in list(problems)[:MAX_PRINTED]:
        print(str(p))
    if len(problems) > MAX_PRINTED:
        print(f"... and {len(problems) - MAX_PRINTED} more problems")


def run_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain and the data it covers verify (and the head is the expected one), else 1."""
    with open_db(args.db, read_only=True) as conn:
        result = verify_db(conn)
    problems = [str(p) for p in result.problems]
    if result.ok and args.expect_head and args.expect_head.lower() != result.head:
        moved = f"chain head {result.head} is not the expected {args.expect_head}"
        problems = [f"entry {result.entries}: {moved} (entries rewritten or removed at the end)"]
    ok = not problems
    if args.json:
        print_json(
            {
                "ok": ok,
                "entries": result.entries,
                "head": result.head,
                "expected_head": args.expect_head,
                "problems": problems,
                "checked_at": utcnow(),
            }
        )
    elif result.problems:
        _print_problems(result.problems)
    elif not ok:
        print(problems[0])
    else:
        print(f"audit chain intact: {result.entries} entries")
        print(f"head {result.head}")
    return int(ExitCode.OK if ok else ExitCode.CHECK_FAILED)


def run_diff(args: argparse.Namespace) -> int:
    """Exit 0 when both runs left the same fields digests, else 1 (the differences are printed)."""
    report = diff_runs(args.run_a, args.run_b, db=args.db, db_b=args.db_b)
    if args.json:
        docs = [
            {"doc_id": d.doc_id, "kind": d.kind, "paths": list(d.paths), "fields": list(d.fields)} for d in report.diffs
        ]
        body = {"run_a": report.run_a, "run_b": report.run_b, "same": report.same, "compared": report.compared}
        print_json({**body, "documents": docs, "manifest_changes": list(report.manifest_changes)})
        return int(ExitCode.OK if report.same else ExitCode.CHECK_FAILED)
    for line in report.lines():
        print(line)
    return int(ExitCode.OK if report.same else ExitCode.CHECK_FAILED)


def run_export(args: argparse.Namespace) -> int:
    """Write a site's evidence bundle and print its one-line summary."""
    summary = export_bundle(args.site, Path(args.out), db=args.db)
    print(summary)
    return int(ExitCode.OK)


def run_verify_bundle(args: argparse.Namespace) -> int:
    """Exit 0 when a bundle verifies offline, else 1 listing its problems."""
    result = verify_bundle(Path(args.bundle))
    if args.json:
        print_json({"ok": result.ok, "entries": result.entries, "problems": [str(p) for p in result.problems]})
        return int(ExitCode.OK if result.ok else ExitCode.CHECK_FAILED)
    if not result.ok:
        _print_problems(result.problems)
        return int(ExitCode.CHECK_FAILED)
    print(f"bundle intact: {result.entries} entries")
    return int(ExitCode.OK)


def run_lineage(args: argparse.Namespace) -> int:
    """Print a field's lineage records as text blocks, or as one JSON list with ``--json``."""
    records = lineage_db(args.doc_id, args.field, db=args.db)
    if args.json:
        print_json({"doc_id": records[0].doc_id, "field": args.field, "records": [r.as_json() for r in records]})
    else:
        for i, r in enumerate(records):
            if i:
                print()
            print(r.text())
    return int(ExitCode.OK)
