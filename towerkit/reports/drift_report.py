"""The drift notebook's sections, one function each, so the notebook itself holds only calls.

``build`` reads the database once (``loaders.load_drift``) and narrows the events by the notebook's
filters; each ``show_*`` displays one section; ``summary_json`` is what the notebook glues.
Templates appear by issuer, document type and revision (``acme_tower_engineering /
structural_inspection r2``), not by their hash ids, which stay in the registry table's last columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.reports import drift_timeline, plots, tables
from towerkit.reports.loaders import DriftData, load_drift
from towerkit.reports.notebook import resolve_as_of, show_markdown, show_table

GROUPINGS = (("issuer", "issuer"), ("template", "template"), ("zone", "zone"))
"""The timelines drawn, as (column, what a heading calls it): templates by their readable name."""


@dataclass(frozen=True)
class DriftReport:
    """The drift events a report shows, narrowed by its filters, and the period of its timelines."""

    data: DriftData
    events: pl.DataFrame
    every: str
    changes: pl.DataFrame


def build(
    db_path: str | Path,
    since: str | None = None,
    issuer: str | None = None,
    template_id: str | None = None,
    zone: str | None = None,
    every: str = "1y",
) -> DriftReport:
    """Read the database and narrow its drift events (the notebook's parameters, as papermill passes them)."""
    data = load_drift(db_path)
    since_date = resolve_as_of(since) if since else None
    events = drift_timeline.filter_events(
        data.events, issuer=issuer, template_id=template_id, zone=zone, since=since_date
    )
    return DriftReport(data, events, every, drift_timeline.field_changes(events))


def show_headline(report: DriftReport) -> None:
    """How many events on how many documents, against the whole database."""
    events = report.events
    show_markdown(
        f"**{events.height}** drift events on **{events['doc_id'].n_unique()}** documents "
        f"(of {report.data.events.height} events in the database); "
        f"**{report.data.templates.height}** registered template revisions."
    )


def show_over_time(report: DriftReport) -> None:
    """Events per period by issuer, by template and by zone, each with its totals table."""
    for column, title in GROUPINGS:
        show_markdown(f"### By {title}")
        over_time = drift_timeline.drift_over_time(report.events, column, report.every)
        plots.show(plots.stacked_timeline(over_time, column, f"Drift events per {report.every} by {title}"))
        show_table(drift_timeline.drift_totals(report.events, column), "No drift events.")


def show_field_changes(report: DriftReport) -> None:
    """Which fields move, vanish or appear under a new label, as a chart and a table."""
    plots.show(plots.field_changes_chart(report.changes))
    show_table(report.changes, "No field moved or vanished.")


def show_templates(report: DriftReport) -> None:
    """The template registry, each revision by its readable name first."""
    show_table(report.data.templates, "No template registered yet.")


def summary_json(report: DriftReport) -> dict[str, Any]:
    """The figures the notebook glues."""
    events = report.events
    return {
        "events": events.height,
        "documents": events["doc_id"].n_unique(),
        "kinds": dict(events.group_by("kind").len().iter_rows()),
        "fields": tables.frame_records(report.changes),
        "templates": report.data.templates.height,
        "footer": report.data.footer.as_json(),
    }
