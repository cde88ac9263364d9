# ruff: noqa: INP001, PLR2004, DTZ001  tests/ holds modules, not a package; the fixture data is spelled out as literals; naive timestamps as DuckDB TIMESTAMP columns store them
"""A small towerkit database written with plain SQL inserts, for notebook and report tests.

It stands in where a real ingest is not needed (or not yet possible): three zones, all five
document types, two issuers with a template revision each, drift events, a quarantine backlog.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from towerkit.store import connect

SITES = [("TX-0001", "south"), ("TX-0002", "south"), ("OK-0003", "north"), ("KS-0004", "north"), ("NM-0005", "west")]
LABELS = {
    "structural_inspection": [
        "Structural",
        "Inspection",
        "Report",
        "Site",
        "ID:",
        "Inspection",
        "Date:",
        "Structure",
        "Type:",
        "Height",
        "(ft):",
        "Result:",
        "Next",
        "Inspection:",
    ],
    "lease_amendment": [
        "Lease",
        "Amendment",
        "Lessor:",
        "Lessee:",
        "Commencement",
        "Date:",
        "Expiration",
        "Date:",
        "Monthly",
        "Rent:",
        "Notice",
        "Days:",
    ],
    "municipal_permit": [
        "Building",
        "Permit",
        "Jurisdiction:",
        "Permit",
        "No.:",
        "Issue",
        "Date:",
        "Expiration",
        "Date:",
        "Approved",
        "Height:",
    ],
    "faa_determination": [
        "Determination",
        "of",
        "No",
        "Hazard",
        "ASN:",
        "Structure",
        "Height:",
        "Marking",
        "Lighting:",
        "Expiration",
        "Date:",
    ],
    "field_log": ["Field", "Log", "Technician:", "Activity:", "Light", "Outage:", "Findings:"],
}
DATE_FIELD = {
    "structural_inspection": "inspection_date",
    "lease_amendment": "amendment_date",
    "municipal_permit": "issue_date",
    "faa_determination": "determination_date",
    "field_log": "log_date",
}


def build_db(path: Path, *, base: date = date(2026, 1, 15)) -> Path:
    """Write the fixture database at ``path`` (schema by towerkit's own migrations)."""
    conn = connect(path)
    now = datetime(2026, 2, 1, 12, 0, 0)
    conn.execute(
        "INSERT INTO runs (run_id, started_at, finished_at, files, ingested, quarantined, failed, "
        "duplicates, status) VALUES ('run-1', ?, ?, 26, 22, 3, 1, 0, 'finished')",
        [now, now],
    )
    templates = []
    n = 0
    for doc_type in LABELS:
        for issuer in ("acme", "zenith"):
            for rev in (1, 2):
                tid = f"{doc_type[:6]}-{issuer}-r{rev}"
                templates.append((tid, doc_type, issuer, rev, None if rev == 1 else f"{doc_type[:6]}-{issuer}-r1"))
    conn.executemany(
        "INSERT INTO templates (template_id, doc_type, issuer, revision, parent_id, status, first_seen) "
        "VALUES (?, ?, ?, ?, ?, 'active', ?)",
        [(*t, now) for t in templates],
    )
    for i, (site, zone) in enumerate(SITES):
        for j, doc_type in enumerate(LABELS):
            n += 1
            issuer = ("acme", "zenith")[(i + j) % 2]
            rev = 1 + (i % 2)
            doc_id = f"{n:02d}" + "ab" * 31
            status = "quarantined" if n in (4, 11, 18) else "failed" if n == 25 else "ingested"
            conn.execute(
                "INSERT INTO documents (doc_id, sha256, path, size_bytes, zone, site_id, doc_type, issuer, engine, "
                "route, page_count, template_id, status, run_id, ingested_at) "
                "VALUES (?, ?, ?, 1000, ?, ?, ?, ?, 'pdfplumber', 'text', 1, ?, ?, 'run-1', ?)",
                [
                    doc_id,
                    doc_id,
                    f"{zone}/{site}/{doc_type}.pdf",
                    zone,
                    site,
                    doc_type,
                    issuer,
                    f"{doc_type[:6]}-{issuer}-r{rev}",
                    status,
                    now,
                ],
            )
            doc_date = base - timedelta(days=400 * i + 35 * j)
            conn.execute(
                "INSERT INTO fields (doc_id, field, value, value_date, raw_text, page) VALUES (?, ?, ?, ?, ?, 1)",
                [doc_id, DATE_FIELD[doc_type], doc_date.isoformat(), doc_date, doc_date.isoformat()],
            )
            conn.execute(
                "INSERT INTO fields (doc_id, field, value, raw_text, page) VALUES (?, 'site_id', ?, ?, 1)",
                [doc_id, site, site],
            )
            if doc_type == "structural_inspection":
                due = base + timedelta(days=20 * i - 30)
                conn.execute(
                    "INSERT INTO fields (doc_id, field, value, value_date, raw_text, page) "
                    "VALUES (?, 'next_inspection_date', ?, ?, ?, 1)",
                    [doc_id, due.isoformat(), due, due.isoformat()],
                )
            if status != "failed":
                words = LABELS[doc_type] + (["Revision", "Two"] if rev == 2 else [])
                conn.executemany(
                    "INSERT INTO tokens VALUES (?, 1, ?, ?, ?, ?, ?, NULL)",
                    [
                        (
                            doc_id,
                            w,
                            50.0 + 10 * (k % 4),
                            40.0 + 14 * (k // 4),
                            90.0 + 10 * (k % 4),
                            50.0 + 14 * (k // 4),
                        )
                        for k, w in enumerate(words)
                    ],
                )
            if rev == 2 or status == "quarantined":
                kinds = [
                    ("field_moved", "inspection_date" if j == 0 else "expiration_date", 31.5, "minor"),
                    ("field_missing", "notice_days" if j == 1 else "findings", None, "major"),
                ]
                if status == "quarantined":
                    kinds.append(("unknown_layout", None, None, "major"))
                conn.executemany(
                    "INSERT INTO drift_events VALUES (?, ?, ?, ?, 'x', 'y', ?, ?, ?)",
                    [(doc_id, f"{doc_type[:6]}-{issuer}-r1", k, f, d, s, now) for k, f, d, s in kinds],
                )
            if status == "quarantined":
                conn.execute(
                    "INSERT INTO quarantine (doc_id, reasons, status, queued_at) VALUES (?, ?, 'pending', ?)",
                    [doc_id, "unknown_layout", now - timedelta(days=n)],
                )
    conn.close()
    return path
