"""``towerkit quarantine list|approve|reject`` and ``towerkit alerts``: the drift review desk.

Document ids may be given as a prefix of at least 8 characters. An unknown or already reviewed id
prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from towerkit.cli.common import add_db, add_wait, print_json
from towerkit.config import Settings
from towerkit.drift.review import approve, list_alerts, reject
from towerkit.errors import ExitCode, UsageError
from towerkit.fields import Catalog
from towerkit.review.queue import refresh_docs
from towerkit.review.user_catalog import catalog_in_force, current_user
from towerkit.store import open_db
from towerkit.store.db import Connection
from towerkit.store.review import ack_alert, list_quarantine


def register(sub: Any) -> None:
    """Add ``quarantine list|approve|reject`` and ``alerts`` to the CLI's subparsers."""
    q = sub.add_parser(
        "quarantine",
        help="review documents held back for layout drift",
        description=(
            "Documents whose layout drifted from their template are stored but held out of the facts. "
            "'approve' registers a document's layout as its template's next revision and releases every "
            "held document of that family that matches it (fields re-read from stored words, no OCR); "
            "'reject' closes the review and keeps the document out (its status stays 'quarantined')."
        ),
    )
    qsub = q.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    lp = qsub.add_parser("list", help="documents waiting for review (--all: every review, with its decision)")
    add_db(lp)
    lp.add_argument("--all", action="store_true", help="include approved, released and rejected documents")
    lp.add_argument("--json", action="store_true", help="one JSON object with a 'documents' array")
    lp.set_defaults(func=run_list)
    for name, helptext in (
        ("approve", "accept the document's layout as a new template revision"),
        ("reject", "keep the document out of the facts and close its review"),
    ):
        p = qsub.add_parser(name, help=helptext)
        p.add_argument("doc_id", metavar="DOC_ID", help="document id or a prefix of at least 8 characters")
        add_db(p)
        p.add_argument("--by", default=None, help="reviewer name recorded with the decision (default: $USER)")
        add_wait(p)
        p.set_defaults(func=run_approve if name == "approve" else run_reject)

    a = sub.add_parser("alerts", help="open drift alerts (--all: also acknowledged ones; --ack ID)")
    add_db(a)
    a.add_argument("--all", action="store_true", help="include acknowledged alerts")
    a.add_argument("--ack", type=int, metavar="ID", action="append", help="acknowledge alert ID (repeatable)")
    a.add_argument("--json", action="store_true", help="one JSON object with an 'alerts' array")
    add_wait(a)
    a.set_defaults(func=run_alerts)


def _short(text: Any, width: int) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= width else s[: width - 1] + "…"


def _tail(text: str | None, width: int) -> str:
    """The end of a path (the file and its site folder say more than the root)."""
    s = text or ""
    return s if len(s) <= width else "…" + s[-(width - 1) :]


def _table(headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    cells = [[_short(c, w) for c, w in zip(r, widths, strict=True)] for r in rows]
    cols = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(c) for h, c in zip(headers, cols, strict=True)).rstrip())
    for r in cells:
        print("  ".join(v.ljust(c) for v, c in zip(r, cols, strict=True)).rstrip())


def run_list(args: argparse.Namespace) -> int:
    """Print the documents waiting for review (``--all``: every review), as a table or JSON lines."""
    with open_db(args.db, read_only=True) as conn:
        rows = list_quarantine(conn, all_=args.all)
    if args.json:
        keys = ("doc_id", "status", "doc_type", "issuer", "site_id", "path", "queued_at", "reasons")
        docs = [dict(zip(keys, (*r[:7], json.loads(r[7] or "[]")), strict=True)) for r in rows]
        print_json({"documents": docs})
        return ExitCode.OK
    if not rows:
        print("quarantine is empty" if args.all else "no documents waiting for review")
        return ExitCode.OK
    table = [
        [d[:12], st, dt, iss, site, _tail(path, 40), "; ".join(json.loads(reasons or "[]"))]
        for d, st, dt, iss, site, path, _, reasons in rows
    ]
    _table(["DOC", "STATUS", "TYPE", "ISSUER", "SITE", "PATH", "REASONS"], table, [12, 11, 22, 16, 12, 40, 90])
    print(f"{len(rows)} document(s)")
    return ExitCode.OK


def _settings_and_catalog(db: str | None) -> tuple[Settings, Catalog]:
    """The environment's settings and the catalog in force, which re-extraction reads.

    The catalog they name, else the user catalog beside the database, else the packaged one.
    """
    return Settings.from_env(), catalog_in_force(db, None)[1]


def run_approve(args: argparse.Namespace) -> int:
    """Approve a quarantined document's layout and print what it released."""
    settings, catalog = _settings_and_catalog(args.db)
    with open_db(args.db, wait_s=args.wait) as conn:
        floor = settings.review_min_confidence

        def queue_released(c: Connection, released: list[str]) -> None:
            # Released documents are ingested now: their values meet the review queue like any other's.
            refresh_docs(c, released, catalog, min_confidence=floor, by="approval")

        r = approve(conn, args.doc_id, args.by or current_user(), settings, catalog, after=queue_released)
    print(
        f"approved {r.doc_id[:12]}: layout registered as {r.template_id} revision {r.revision}; "
        f"released {len(r.released)} more document(s)"
    )
    for d in r.released:
        print(f"  released {d[:12]}")
    return ExitCode.OK


def run_reject(args: argparse.Namespace) -> int:
    """Reject a quarantined document; it stays out of the facts."""
    with open_db(args.db, wait_s=args.wait) as conn:
        r = reject(conn, args.doc_id, args.by or current_user())
    print(f"rejected {r.doc_id[:12]}: kept out of the facts")
    return ExitCode.OK


def run_alerts(args: argparse.Namespace) -> int:
    """Acknowledge alerts (``--ack``) or print the open ones (``--all``: every alert)."""
    if args.ack:
        with open_db(args.db, wait_s=args.wait) as conn:
            for aid in args.ack:
                if not ack_alert(conn, aid):
                    raise UsageError(f"no alert with id {aid}")
                print(f"acknowledged alert {aid}")
        return ExitCode.OK
    with open_db(args.db, read_only=True) as conn:
        alerts = list_alerts(conn, all_=args.all)
    if args.json:
        print_json({"alerts": [a.to_json() for a in alerts]})
        return ExitCode.OK
    if not alerts:
        print("no open alerts" if not args.all else "no alerts")
        return ExitCode.OK
    rows = [
        [
            a.alert_id,
            a.created_at.strftime("%Y-%m-%d %H:%M") if a.created_at else "",
            a.severity,
            a.site_id,
            (a.doc_id or "")[:12],
            a.kind,
            "yes" if a.acknowledged else "",
            a.message,
        ]
        for a in alerts
    ]
    _table(["ID", "CREATED", "SEV", "SITE", "DOC", "KIND", "ACK", "MESSAGE"], rows, [8, 16, 5, 12, 12, 14, 3, 110])
    print(f"{len(alerts)} alert(s)")
    return ExitCode.OK
