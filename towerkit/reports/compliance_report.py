"""The compliance notebook's sections, one function each, so the notebook itself holds only calls.

``build`` reads the database once (``loaders.load_compliance``) and runs the pure analyses of
``compliance_summary``; each ``show_*`` displays one section of the report from what it built, and
``summary_json`` is what the notebook glues for tests and tools. A reader who opens the notebook in
Jupyter sees the same sections in the same order, and can call any of these on other data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.reports import compliance_summary, plots, review_desk, tables
from towerkit.reports.compliance_summary import RuleInfo
from towerkit.reports.loaders import ComplianceData, load_compliance
from towerkit.reports.notebook import resolve_as_of, show_markdown, show_table


@dataclass(frozen=True)
class ComplianceReport:
    """What the compliance report shows, computed once from one read of the database."""

    db_path: str
    data: ComplianceData
    results: dict[str, pl.DataFrame]
    """Each rule's findings, by rule name."""
    infos: dict[str, RuleInfo]
    summary: dict[str, int]
    findings: pl.DataFrame
    deadlines: pl.DataFrame
    backlog: pl.DataFrame
    queued_later: int
    """Quarantine items queued after the report date, left out of its backlog."""

    @property
    def as_of(self) -> date:
        """The report date."""
        return self.data.as_of


def build(
    db_path: str | Path, as_of: str | date | None, horizon_days: int | str, zone: str | None = None
) -> ComplianceReport:
    """Read the database and compute every section (the notebook's parameters, as papermill passes them)."""
    report_date = resolve_as_of(as_of)
    data = load_compliance(db_path, report_date, int(horizon_days), zone)
    results = {r.info.name: r.frame for r in data.rules}
    infos = {r.info.name: r.info for r in data.rules}
    return ComplianceReport(
        db_path=str(db_path),
        data=data,
        results=results,
        infos=infos,
        summary=compliance_summary.portfolio_summary(data.documents),
        findings=compliance_summary.findings_summary(results, infos),
        deadlines=compliance_summary.upcoming_deadlines(results, report_date, data.horizon_days),
        backlog=compliance_summary.quarantine_backlog(data.quarantine, report_date),
        queued_later=compliance_summary.queued_after(data.quarantine, report_date),
    )


def show_summary(report: ComplianceReport) -> None:
    """The headline: report date, horizon, zone, documents by status, findings per rule."""
    s, d = report.summary, report.data
    show_markdown(
        f"Report date **{d.as_of.isoformat()}**, deadline horizon **{d.horizon_days} days**, "
        f"zone **{d.zone or 'all'}**.\n\n"
        f"**{s['sites']}** sites, **{s['documents']}** documents ({s['ingested']} ingested, "
        f"{s['quarantined']} quarantined, {s['failed']} failed); "
        f"**{report.findings['findings'].sum()}** open findings over **{report.findings.height}** rules."
    )
    show_table(report.findings, "No compliance rule queries found.")


def show_rules(report: ComplianceReport) -> None:
    """One section per rule: the query's own header, its parameters filled in, and its findings."""
    d = report.data
    shown = {"as_of": d.as_of, "horizon_days": d.horizon_days, "zone": d.zone}
    if not d.rules:
        show_markdown("_No compliance rule queries found in queries/._")
    for rule in d.rules:
        show_markdown(compliance_summary.rule_text(rule.info, rule.frame.height, shown))
        if rule.frame.height:
            show_table(tables.display_frame(rule.frame))


def show_inputs(report: ComplianceReport) -> pl.DataFrame:
    """Per rule, the inputs that were missing (INPUT_MISSING findings) or assumed, with how many sites."""
    frame = compliance_summary.missing_inputs(report.results)
    if frame.height == 0:
        show_markdown("_Every finding rests on inputs the documents state: none missing, none assumed._")
    else:
        show_table(frame)
    return frame


def show_deadlines(report: ComplianceReport) -> None:
    """The deadline chart (horizon plus overdue lane), the counts per bucket and every deadline."""
    d = report.data
    plots.show(plots.deadline_chart(report.deadlines, d.as_of, d.horizon_days))
    if report.deadlines.height == 0:
        show_markdown("_Nothing due._")
        return
    show_table(compliance_summary.deadline_buckets(report.deadlines).rename({"n": "deadlines"}))
    show_table(report.deadlines)


def show_backlog(report: ComplianceReport) -> None:
    """The documents waiting for review on the report date, by type, with the oldest one's age."""
    pending = int(report.backlog["pending"].sum()) if report.backlog.height else 0
    later = (
        f" ({report.queued_later} more queued after {report.as_of.isoformat()}, not counted)"
        if report.queued_later
        else ""
    )
    show_markdown(f"**{pending}** documents waiting for review on {report.as_of.isoformat()}{later}.")
    if report.backlog.height:
        show_table(report.backlog)
        plots.show(plots.bar_counts(report.backlog, "doc_type", "pending", "Pending quarantine by document type"))


def show_coverage(report: ComplianceReport) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extraction coverage by document type (by zone within the report's zone); returns the two frames."""
    zone = report.data.zone
    return review_desk.show_coverage(report.db_path, "zone" if zone else "doc_type", zone)


def summary_json(report: ComplianceReport) -> dict[str, Any]:
    """The figures the notebook glues: the same rows ``towerkit query`` returns, and the footer."""
    d = report.data
    return {
        "as_of": d.as_of.isoformat(),
        "horizon_days": d.horizon_days,
        "zone": d.zone,
        **report.summary,
        "findings": {name: frame.height for name, frame in report.results.items()},
        "rules": {name: tables.frame_records(frame) for name, frame in report.results.items()},
        "deadlines": report.deadlines.height,
        "quarantine_pending": int(report.backlog["pending"].sum()) if report.backlog.height else 0,
        "audit": {"ok": d.audit.ok, "entries": d.audit.entries, "message": d.audit.message},
        "footer": d.footer.as_json(),
    }
