"""``towerkit review list|show|set|accept``: documents whose values need a person, and their fixes.

The review queue is apart from drift quarantine: a queued document stays ingested and queryable,
and compliance tags resting on it say ``under_review``. ``set`` records a correction (the extracted
row is kept as evidence; the corrected value is what facts and compliance use from then on) and
``accept`` clears a document. Both are audit entries naming who did it.
"""

from __future__ import annotations

import argparse
from typing import Any

from towerkit.cli.common import add_db, add_wait, print_json
from towerkit.config import Settings
from towerkit.errors import ExitCode
from towerkit.review.corrections import accept, set_value
from towerkit.review.queue import DocReview, doc_review, list_queue
from towerkit.review.user_catalog import catalog_in_force, current_user
from towerkit.store import open_db
from towerkit.store.lineage import resolve_doc_id

MAX_REASONS_SHOWN = 3
"""Reasons printed per document in the table; the rest are counted (``show`` prints them all)."""


def register(sub: Any) -> None:
    """Add ``review list|show|set|accept`` to the CLI's subparsers."""
    r = sub.add_parser(
        "review",
        help="documents whose values need a person: list, show, correct a field, accept",
        description=(
            "A document joins the review queue when its type is unknown, a critical field was not found, "
            "or a value was read with low confidence or did not normalise. It stays ingested and queryable; "
            "compliance tags built on it are marked under_review. 'set' records a correction (the extracted "
            "value is kept as evidence, the corrected one is used from then on, also after 'reextract'); "
            "'accept' clears a document. Document ids may be a prefix of at least 8 characters."
        ),
    )
    rsub = r.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    lp = rsub.add_parser("list", help="documents waiting for review (--all: accepted and cleared ones too)")
    add_db(lp)
    lp.add_argument("--all", action="store_true", help="include documents already accepted or cleared")
    lp.add_argument("--json", action="store_true", help="one JSON object with a 'documents' array")
    lp.set_defaults(func=run_list)

    sp = rsub.add_parser("show", help="a document's fields, what is missing, the unmapped labels, corrections")
    sp.add_argument("doc_id", metavar="DOC", help="document id or a prefix of at least 8 characters")
    add_db(sp)
    sp.add_argument("--json", action="store_true", help="one JSON object")
    sp.set_defaults(func=run_show)

    st = rsub.add_parser("set", help="correct a field's value (kept with who, when and why)")
    st.add_argument("doc_id", metavar="DOC", help="document id or a prefix of at least 8 characters")
    st.add_argument("field", metavar="FIELD", help="canonical field name, e.g. structure_height_ft")
    st.add_argument("value", metavar="VALUE", help="the value as a person reads it, e.g. '195 ft' or '2031-06-30'")
    add_db(st)
    st.add_argument("--by", required=True, metavar="NAME", help="who makes the correction (recorded in the audit)")
    st.add_argument("--reason", metavar="TEXT", help="why (recorded with the correction)")
    st.add_argument("--catalog", metavar="FILE", help="field catalog TOML (default: the one beside the database)")
    add_wait(st)
    st.set_defaults(func=run_set)

    ac = rsub.add_parser("accept", help="clear a document from the review queue")
    ac.add_argument("doc_id", metavar="DOC", help="document id or a prefix of at least 8 characters")
    add_db(ac)
    ac.add_argument("--by", default=None, metavar="NAME", help="reviewer name recorded (default: $USER)")
    add_wait(ac)
    ac.set_defaults(func=run_accept)


def run_list(args: argparse.Namespace) -> int:
    """Print the review queue as a table, or as one JSON object."""
    with open_db(args.db, read_only=True) as conn:
        items = list_queue(conn, all_=args.all)
    if args.json:
        print_json(
            {
                "documents": [
                    {
                        "doc_id": i.doc_id,
                        "status": i.status,
                        "doc_type": i.doc_type,
                        "site_id": i.site_id,
                        "path": i.path,
                        "queued_at": i.queued_at,
                        "reasons": list(i.reasons),
                    }
                    for i in items
                ]
            }
        )
        return ExitCode.OK
    if not items:
        print("no documents waiting for review" if not args.all else "the review queue is empty")
        return ExitCode.OK
    for i in items:
        more = len(i.reasons) - MAX_REASONS_SHOWN
        why = "; ".join(i.reasons[:MAX_REASONS_SHOWN]) + (f"; +{more} more" if more > 0 else "")
        print(f"{i.doc_id[:12]}  {i.status:<8}  {i.doc_type or '?':<22}  {i.site_id or '?':<12}  {why}")
    print(f"{len(items)} document(s)")
    return ExitCode.OK


def _show_text(r: DocReview) -> None:
    print(f"document  {r.doc_id}")
    print(f"path      {r.path}")
    print(f"type      {r.doc_type or '(unknown)'}   site {r.site_id or '?'}   zone {r.zone or '?'}")
    print(f"review    {r.status or 'not queued'}   extraction revision {r.extraction_revision or 1}")
    for why in r.reasons:
        print(f"  - {why}")
    print("fields in force:")
    for f in r.fields:
        conf = "" if f["confidence"] is None else f"{f['confidence']:.2f}"
        shown = f["value"] if f["value"] is not None else f"(not normalised: {f['error']})"
        print(f"  {f['field']:<26} {shown!s:<32} {f['source']:<10} {conf:>5}  p{f['page'] or '-'}  {f['raw_text']!r}")
    if r.missing:
        print("missing:  " + ", ".join(r.missing))
    unmapped = [p for p in r.pairs if p["field"] is None]
    if unmapped:
        print("printed labels no field took:")
        for p in unmapped:
            print(f"  p{p['page']}  {p['label']!r} -> {p['value']!r}  ({p['kind']})")
    for c in r.corrections:
        print(
            f"correction {c['correction_id']}: {c['field']} {c['previous_value']!r} -> {c['value']!r} "
            f"by {c['corrected_by']} at {c['corrected_at']:%Y-%m-%d %H:%M} UTC"
            + (f" ({c['reason']})" if c["reason"] else "")
        )


def run_show(args: argparse.Namespace) -> int:
    """Print one document as a reviewer needs it."""
    with open_db(args.db, read_only=True) as conn:
        r = doc_review(conn, resolve_doc_id(conn, args.doc_id))
    if args.json:
        print_json(
            {
                "doc_id": r.doc_id,
                "path": r.path,
                "doc_type": r.doc_type,
                "site_id": r.site_id,
                "zone": r.zone,
                "status": r.status,
                "reasons": list(r.reasons),
                "extraction_revision": r.extraction_revision,
                "fields": r.fields,
                "missing": list(r.missing),
                "pairs": r.pairs,
                "corrections": r.corrections,
            }
        )
        return ExitCode.OK
    _show_text(r)
    return ExitCode.OK


def run_set(args: argparse.Namespace) -> int:
    """Record a correction; a value that does not normalise is refused with one line."""
    _, catalog = catalog_in_force(args.db, args.catalog)
    min_conf = Settings.from_env().review_min_confidence
    with open_db(args.db, wait_s=args.wait) as conn:
        doc_id = resolve_doc_id(conn, args.doc_id)
        c = set_value(
            conn,
            doc_id,
            args.field,
            args.value,
            by=args.by,
            reason=args.reason,
            catalog=catalog,
            min_confidence=min_conf,
        )
    print(f"corrected {c.field} of {c.doc_id[:12]}: {c.previous_value!r} -> {c.value!r} (correction {c.correction_id})")
    return ExitCode.OK


def run_accept(args: argparse.Namespace) -> int:
    """Clear a document from the review queue."""
    with open_db(args.db, wait_s=args.wait) as conn:
        doc_id = resolve_doc_id(conn, args.doc_id)
        accept(conn, doc_id, by=args.by or current_user())
    print(f"accepted {doc_id[:12]}: cleared from the review queue")
    return ExitCode.OK
