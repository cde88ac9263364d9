# ruff: noqa: S101, PLR2004, INP001, DTZ001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package; naive timestamps as DuckDB stores them
"""What makes a report readable at a glance: units, whole dates, a bounded deadline axis, no negative ages, a footer."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from report_fixtures import build_db

from towerkit.audit.canonical import GENESIS
from towerkit.fields import load_catalog
from towerkit.reports import compliance_report, compliance_summary, plots, tables
from towerkit.reports.footer import load_footer
from towerkit.reports.loaders import load_drift


@pytest.fixture(name="fixture_db", scope="module")
def _fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("trust") / "t.duckdb")


def test_headers_carry_units() -> None:
    """A unit word at the end of a column name becomes the header's unit in brackets."""
    assert tables.header("structure_height_ft") == "structure height (ft)"
    assert tables.header("max_capacity_pct") == "max capacity (%)"
    assert tables.header("monthly_rent_usd") == "monthly rent (USD)"
    assert tables.header("oldest_days") == "oldest (days)"
    assert tables.header("days_left") == "due in (days)"
    assert tables.header("site_id") == "site id"


def test_table_keeps_dates_and_ids_on_one_line_and_text_free_to_wrap() -> None:
    """Jupyter's CSS wraps cells; the table's own scoped rule keeps dates, numbers and ids whole, not prose."""
    frame = pl.DataFrame(
        {
            "site_id": ["OK-0495", "TX-0896"],
            "note": ["renewals run on automatically", "x"],
            "due": [date(2026, 1, 2), date(2026, 3, 4)],
            "height_ft": [200.0, 180.5],
        }
    )
    page = tables.Table(frame)._repr_html_()
    scope = re.search(r'class="dataframe towerkit-table (tk-[0-9a-f]+)"', page)
    assert scope is not None
    rule = page.split("<style>")[1].split("</style>")[0]
    assert "white-space: nowrap !important" in rule
    kept = {int(n) for n in re.findall(rf"table\.{scope.group(1)} td:nth-child\((\d+)\)", rule)}
    assert kept == {1, 3, 4}
    assert "<th" in page
    assert ">height (ft)</th>" in page


def test_deadline_axis_is_the_horizon_plus_an_overdue_lane() -> None:
    """Deadlines years overdue do not stretch the axis: it spans the lane and the horizon only."""
    deadlines = pl.DataFrame(
        {
            "rule": ["a", "a", "a", "a", "a", "b"],
            "site_id": ["S1", "S2", "S3", "S4", "S5", "S6"],
            "due": [date(2026, 1, 1)] * 6,
            "days_left": [-1960, -800, -30, -2, 10, 180],
        }
    )
    fig = plots.deadline_chart(deadlines, date(2026, 2, 1), 180)
    lo, hi = fig.axes[0].get_xlim()
    assert hi == 180
    assert -180 <= lo < 0
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "1,960 d overdue" in labels
    assert "+1 more" in labels
    ticks = [t for t in fig.axes[0].get_xticks() if lo <= t <= hi]
    assert min(ticks) == 0, "the lane carries no day ticks"
    assert plots.axis_attributes(fig) == f' data-xlim="{lo:g} 180"'


def test_backlog_on_a_past_date_has_no_negative_age() -> None:
    """An item queued after as_of was not in that day's backlog: left out, counted apart, never a negative age."""
    q = pl.DataFrame(
        {
            "doc_id": ["1", "2", "3"],
            "status": ["pending", "pending", "pending"],
            "queued_at": [datetime(2026, 1, 1), datetime(2026, 1, 20), datetime(2026, 3, 1)],
            "doc_type": ["lease_amendment", "lease_amendment", "field_log"],
        }
    )
    past = date(2026, 1, 10)
    backlog = compliance_summary.quarantine_backlog(q, past)
    assert backlog.to_dicts() == [{"doc_type": "lease_amendment", "pending": 1, "oldest_days": 9}]
    assert compliance_summary.queued_after(q, past) == 2
    assert compliance_summary.quarantine_backlog(q, date(2025, 12, 1)).height == 0


def test_compliance_report_on_a_past_date(fixture_db: Path) -> None:
    """Built for a date before part of the backlog was queued, the report shows no negative age anywhere."""
    report = compliance_report.build(fixture_db, "2026-01-25", "60", None)
    assert report.backlog["oldest_days"].min() >= 0  # type: ignore[operator]
    assert report.queued_later == 1  # the fixture queues three documents 4, 11 and 18 days before 2026-02-01
    summary = json.loads(json.dumps(compliance_report.summary_json(report)))
    assert summary["as_of"] == "2026-01-25"
    assert summary["footer"]["audit_head"] == GENESIS


def test_footer_names_chain_database_and_catalog(fixture_db: Path) -> None:
    """The footer says the chain's state once, its head, the file with its size and last run, the catalog."""
    footer = load_footer(fixture_db)
    # the fixture writes documents with plain SQL, so no chain entry covers them: verification says so
    assert (footer.audit_ok, footer.audit_entries, footer.audit_head) == (False, 0, GENESIS)
    assert footer.audit_problem
    assert footer.audit_text() == f"BROKEN: {footer.audit_problem}"
    assert footer.db_path == str(fixture_db.resolve())
    assert footer.db_bytes == fixture_db.stat().st_size
    assert footer.last_run_id == "run-1"
    assert footer.catalog_sha256 == load_catalog().digest  # the fixture's run recorded no manifest
    assert "packaged" in footer.catalog_source
    page = footer._repr_html_()
    assert page.startswith('<footer class="towerkit-footer"')
    assert re.search(r'class="audit-head">[0-9a-f]{64}<', page)
    assert page.count("Audit chain") == 1
    assert "2026-02-01T12:00:00+00:00" in page
    assert load_footer(fixture_db, verify=False).audit_text().startswith("not verified")


def test_templates_are_named_by_issuer_type_and_revision(fixture_db: Path) -> None:
    """Drift events and the registry carry a readable template name beside the id."""
    data = load_drift(fixture_db)
    assert data.templates.columns[0] == "template"
    for row in data.templates.iter_rows(named=True):
        assert row["template"] == f"{row['issuer']} / {row['doc_type']} r{row['revision']}"
    named = data.events.drop_nulls("template")
    assert named.height == data.events.height
