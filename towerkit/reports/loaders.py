"""What each notebook reads from the database, loaded in one short read-only visit.

Every loader opens the database through ``towerkit.reports.data.reading`` (read-only, waiting a
bounded time for a writer), reads every frame its notebook shows into memory and closes it, so a
report never holds the file while it computes and draws.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.errors import TowerkitError
from towerkit.queries import list_queries, run_query, with_review_flags
from towerkit.reports.compliance_summary import RuleInfo
from towerkit.reports.data import query_frame, reading
from towerkit.reports.footer import ReportFooter, read_footer
from towerkit.store import Connection
from towerkit.store.audit_log import verify_db
from towerkit.store.review_queue import pending_doc_ids

DOC_DATE_FIELDS = ("inspection_date", "amendment_date", "issue_date", "determination_date", "log_date")
"""The field that dates a document in the world, per type (drift timelines use it)."""
REPORT_PARAMS = ("as_of", "horizon_days", "zone")
"""Rule parameters the compliance report sets itself; the others keep their declared defaults."""
TEMPLATE_NAME_SQL = "coalesce(t.issuer, '?') || ' / ' || coalesce(t.doc_type, '?') || ' r' || t.revision"
"""A template as a reader names it, by issuer, document type and revision (its id is a hash)."""


# --- compliance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One compliance rule query, what it says it checks, and its findings."""

    info: RuleInfo
    frame: pl.DataFrame


@dataclass(frozen=True)
class AuditStatus:
    """The audit chain check: ``ok`` is None when no verifier is available."""

    ok: bool | None
    entries: int | None
    message: str


@dataclass(frozen=True)
class ComplianceData:
    """Everything the compliance report shows, loaded in one short read."""

    as_of: date
    horizon_days: int
    zone: str | None
    documents: pl.DataFrame
    rules: tuple[RuleResult, ...]
    quarantine: pl.DataFrame
    audit: AuditStatus
    footer: ReportFooter
    skipped: tuple[str, ...] = field(default=())


def _fill_defaults(text: str, defaults: Mapping[str, Any]) -> str:
    """``text`` with each ``$name`` replaced by its default (longest names first, floats as ``%g``)."""
    for name, value in sorted(defaults.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"${name}", f"{value:g}" if isinstance(value, float) else str(value))
    return text


def rule_queries() -> list[RuleInfo]:
    """Every ``kind: rule`` query in ``queries/``, described by its own header.

    Parameters the report does not set keep their declared defaults, and the header text shows
    those values (``over $height_threshold_ft ft`` reads ``over 200 ft``).
    """
    out = []
    for q in list_queries():
        if q.kind != "rule":
            continue
        defaults = {p.name: p.default for p in q.params if p.name not in REPORT_PARAMS}
        out.append(
            RuleInfo(
                name=q.name,
                title=_fill_defaults(q.description or q.name.replace("_", " "), defaults),
                description=_fill_defaults(q.row, defaults),
                rule_ids=q.rules,
                params=tuple(p.name for p in q.params),
                notes=tuple(_fill_defaults(b, defaults) for b in q.boundaries),
            )
        )
    return out


def run_rule(
    conn: Connection, info: RuleInfo, params: Mapping[str, Any], pending: Collection[str] | None = None
) -> pl.DataFrame:
    """Run one rule query with the report parameters it declares (others keep their defaults)."""
    frame = run_query(conn, info.name, **{k: v for k, v in params.items() if k in info.params})
    return with_review_flags(conn, frame, pending)


DOCUMENTS_SQL = """
SELECT doc_id, site_id, zone, doc_type, issuer, status, template_id, engine, ingested_at
FROM documents WHERE $zone IS NULL OR zone = $zone
"""

QUARANTINE_SQL = """
SELECT q.doc_id, q.status, q.reasons, q.queued_at, d.doc_type, d.issuer, d.zone, d.site_id, d.path
FROM quarantine q LEFT JOIN documents d USING (doc_id)
WHERE $zone IS NULL OR d.zone = $zone
ORDER BY q.queued_at, q.doc_id
"""


def load_compliance(
    db: str | Path, as_of: date, horizon_days: int, zone: str | None = None, wait_s: float | None = None
) -> ComplianceData:
    """Read everything the compliance report needs, holding the database for one short read."""
    params = {"as_of": as_of, "horizon_days": horizon_days, "zone": zone}
    with reading(db, wait_s) as conn:
        documents = query_frame(conn, DOCUMENTS_SQL, {"zone": zone})
        pending = pending_doc_ids(conn)
        rules = tuple(RuleResult(info, run_rule(conn, info, params, pending)) for info in rule_queries())
        quarantine = query_frame(conn, QUARANTINE_SQL, {"zone": zone})
        footer = read_footer(conn, db, verify=True)
    audit = AuditStatus(footer.audit_ok, footer.audit_entries, footer.audit_text())
    return ComplianceData(as_of, horizon_days, zone, documents, rules, quarantine, audit, footer)


def audit_status(conn: Connection) -> AuditStatus:
    """Verify the audit chain (the same check as ``towerkit audit verify``) on an open connection."""
    try:
        result = verify_db(conn)
    except TowerkitError as e:
        return AuditStatus(ok=False, entries=None, message=str(e))
    return AuditStatus(result.ok, result.entries, str(result))


# --- drift and templates ----------------------------------------------------------------------------

DRIFT_SQL = f"""
SELECT e.doc_id, e.template_id, {TEMPLATE_NAME_SQL} AS template, e.kind, e.field, e.expected, e.observed,
       e.delta_pt, e.severity, e.detected_at, d.issuer, d.zone, d.doc_type, d.site_id, d.status,
       (SELECT min(f.value_date) FROM fields f
         WHERE f.doc_id = e.doc_id AND f.field IN ({", ".join(repr(x) for x in DOC_DATE_FIELDS)})) AS doc_date
FROM drift_events e LEFT JOIN documents d USING (doc_id) LEFT JOIN templates t ON t.template_id = e.template_id
ORDER BY e.detected_at, e.doc_id, e.kind, e.field
"""  # noqa: S608  the only interpolations are DOC_DATE_FIELDS and TEMPLATE_NAME_SQL, constants above

TEMPLATES_SQL = f"""
SELECT {TEMPLATE_NAME_SQL} AS template, t.status, t.first_seen, count(d.doc_id) AS documents,
       t.doc_type, t.issuer, t.revision, t.template_id, t.parent_id
FROM templates t LEFT JOIN documents d USING (template_id)
GROUP BY ALL ORDER BY t.doc_type, t.issuer, t.revision
"""  # noqa: S608  the only interpolation is TEMPLATE_NAME_SQL, a constant above

LAYOUT_DOCS_SQL = """
SELECT doc_id, doc_type, issuer, zone, template_id, status, fingerprint
FROM documents WHERE status <> 'failed' AND doc_id IN (SELECT DISTINCT doc_id FROM tokens)
ORDER BY doc_type, issuer, doc_id LIMIT $max_docs
"""

HAS_LAYOUTS_SQL = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'doc_layouts'"

STORED_SHINGLES_SQL = """
SELECT l.doc_id, l.shingles
FROM doc_layouts l JOIN (SELECT unnest($doc_ids::VARCHAR[]) AS doc_id) USING (doc_id)
"""

TOKENS_SQL = """
SELECT t.doc_id, t.page, t.text, t.x0, t.top, t.x1, t.bottom
FROM tokens t JOIN (SELECT unnest($doc_ids::VARCHAR[]) AS doc_id) USING (doc_id)
WHERE t.page = 1
ORDER BY t.doc_id, round(t.top / 6), t.x0
"""


@dataclass(frozen=True)
class DriftData:
    """What the drift notebook shows: events (with document issuer, zone and date), templates, documents."""

    events: pl.DataFrame
    templates: pl.DataFrame
    documents: pl.DataFrame
    footer: ReportFooter


def load_drift(db: str | Path, wait_s: float | None = None, *, verify: bool = False) -> DriftData:
    """Drift events with their documents' issuer, zone and date, and the template registry.

    ``verify`` runs the full audit verification for the footer; by default only the chain's head is
    read (the compliance report verifies; this one describes layouts, not findings).
    """
    with reading(db, wait_s) as conn:
        return DriftData(
            query_frame(conn, DRIFT_SQL),
            query_frame(conn, TEMPLATES_SQL),
            query_frame(conn, DOCUMENTS_SQL, {"zone": None}),
            read_footer(conn, db, verify=verify),
        )


@dataclass(frozen=True)
class LayoutData:
    """What the template-clustering notebook compares: documents, their first-page words, templates."""

    documents: pl.DataFrame
    tokens: pl.DataFrame
    templates: pl.DataFrame
    stored: dict[str, list[str] | None]
    """The drift engine's layout shingles per document (``doc_layouts``), where it stored them."""


def load_layouts(db: str | Path, max_docs: int = 200, wait_s: float | None = None) -> LayoutData:
    """First-page words of up to ``max_docs`` readable documents, for layout similarity."""
    with reading(db, wait_s) as conn:
        docs = query_frame(conn, LAYOUT_DOCS_SQL, {"max_docs": max_docs})
        ids = docs["doc_id"].to_list()
        tokens = query_frame(conn, TOKENS_SQL, {"doc_ids": ids})
        stored: dict[str, list[str] | None] = {}
        (has_layouts,) = conn.execute(HAS_LAYOUTS_SQL).fetchone() or (0,)
        if has_layouts:
            stored = dict(conn.execute(STORED_SHINGLES_SQL, {"doc_ids": ids}).fetchall())
        return LayoutData(docs, tokens, query_frame(conn, TEMPLATES_SQL), stored)


# --- one ingest run ---------------------------------------------------------------------------------

RUN_OUTCOMES_SQL = """
SELECT coalesce(p.zone, '(none)') AS zone, p.outcome, count(*) AS files
FROM document_paths p WHERE p.run_id = $run_id
GROUP BY ALL ORDER BY zone, outcome
"""

RUN_PROBLEMS_SQL = """
SELECT p.path, p.outcome, p.reason
FROM document_paths p WHERE p.run_id = $run_id AND p.outcome IN ('failed', 'quarantined')
ORDER BY p.outcome, p.path
"""


@dataclass(frozen=True)
class RunData:
    """What the batch-ingest notebook shows of its run: files per zone and outcome, and the problems."""

    outcomes: pl.DataFrame
    problems: pl.DataFrame


def load_run(db: str | Path, run_id: str, wait_s: float | None = None) -> RunData:
    """One ingest run's outcomes per zone and its failed or quarantined files with reasons."""
    with reading(db, wait_s) as conn:
        return RunData(
            query_frame(conn, RUN_OUTCOMES_SQL, {"run_id": run_id}),
            query_frame(conn, RUN_PROBLEMS_SQL, {"run_id": run_id}),
        )
