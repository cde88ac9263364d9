"""TIA-INSP rule rows: 3 years guyed, 5 self-supporting and monopole, shorter for exposed sites and Class III.

COMPLIANCE_RULES.md §4: "Inspect at most every 3 years (guyed) and 5 years (self-supporting and
monopole) ... Shorter for Class III, coastal, corrosive or vandalised sites." The inspections state the
risk category (Rev H; Rev G's structure class) and the site's exposure; the query shortens the interval
to its exposed_years parameter (2) for risk category iii/iv or a coastal, corrosive or vandalised site, and
a next inspection date the report states still governs when sooner. Expected findings were worked out by
hand from those sentences. Real SQL from queries/, real DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from rule_table import Case, build, findings, matches
from test_rules import insp, rows

from towerkit.store import Connection

# ruff: noqa: S101, INP001, DTZ001  pytest asserts; tests/ is no package; ingested_at is naive UTC as stored

LAST = date(2024, 1, 10)
NO_RISK = "assumed: risk_category=ii (not iii/iv)"
NO_ENV = "assumed: site_environment=normal (not coastal, corrosive or vandalism)"
ANY_TYPE = "assumed: structure_type unknown (overdue under every type's interval)"


def _due(duck: Any, as_of: date) -> dict[str, tuple[str, date, list[str]]]:
    return {
        r["site_id"]: (r["tag"], r["due_date"], r["notes"])
        for r in rows(duck, "inspections_overdue", as_of=as_of, horizon_days=30)
    }


def test_a_stated_sooner_date_governs(duck: Any) -> None:
    """Coastal self-supporting tower: the report says 'next inspection 2025-01-10', sooner than LAST + 2 years."""
    insp(
        duck,
        "c",
        "T1",
        150.0,
        when=LAST,
        structure_type="self_supporting",
        site_environment="coastal",
        next_inspection_date=date(2025, 1, 10),
    )
    assert _due(duck, date(2025, 1, 10)) == {"T1": ("INSPECTION_DUE", date(2025, 1, 10), [])}
    assert _due(duck, date(2025, 1, 11)) == {"T1": ("INSPECTION_OVERDUE", date(2025, 1, 10), [])}


def test_a_stated_later_date_does_not_stretch_the_interval(duck: Any) -> None:
    """A guyed tower stays on 3 years even if the report names a date 5 years out."""
    insp(duck, "g", "T2", 150.0, when=LAST, structure_type="guyed", next_inspection_date=date(2029, 1, 10))
    assert _due(duck, date(2027, 1, 11)) == {"T2": ("INSPECTION_OVERDUE", date(2027, 1, 10), [NO_RISK, NO_ENV])}


def test_unknown_type_takes_the_stated_date_else_is_a_missing_input_until_every_interval_passed(duck: Any) -> None:
    """Type unknown, no stated next date: the interval cannot be counted, so the type is reported missing.

    Between the guyed due date (3 years) and the self-supporting one (5 years) the tower is overdue
    only if guyed: INPUT_MISSING naming structure_type, dated by the guyed interval. Past 5 years it
    is overdue whatever its type. Before the guyed date comes within the horizon, nothing.
    """
    insp(duck, "u1", "T3", 150.0, when=LAST, next_inspection_date=date(2029, 1, 10))
    insp(duck, "u2", "T4", 150.0, when=LAST)
    t4 = [r for r in rows(duck, "inspections_overdue", as_of=date(2027, 1, 11)) if r["site_id"] == "T4"]
    assert [(r["tag"], r["due_date"], r["notes"]) for r in t4] == [
        ("INPUT_MISSING", date(2027, 1, 10), ["missing: structure_type"])
    ]
    assert "T4" not in {r["site_id"] for r in rows(duck, "inspections_overdue", as_of=date(2026, 6, 1))}
    assert _due(duck, date(2029, 1, 10))["T4"][0] == "INPUT_MISSING"  # the 5-year due date itself is on time
    assert _due(duck, date(2029, 1, 11))["T4"] == ("INSPECTION_OVERDUE", date(2029, 1, 10), [ANY_TYPE, NO_RISK, NO_ENV])
    assert _due(duck, date(2029, 1, 11))["T3"] == ("INSPECTION_OVERDUE", date(2029, 1, 10), [NO_RISK, NO_ENV])


def test_an_undated_report_is_no_inspection_on_the_day_it_arrived(duck: Any) -> None:
    """A report that states no inspection date, received after a dated one, does not restart the interval.

    It may be an old report filed late; counting it as an inspection on its arrival day would hide an
    overdue tower. The last inspection stays the latest one a report states.
    """
    insp(duck, "d1", "T5", 150.0, when=LAST, structure_type="guyed", ingested_at=datetime(2024, 2, 1))
    insp(duck, "d2", "T5", 150.0, when=None, structure_type="guyed", ingested_at=datetime(2026, 12, 1))
    got = {r["site_id"]: r for r in rows(duck, "inspections_overdue", as_of=date(2028, 1, 1))}
    assert (got["T5"]["tag"], got["T5"]["due_date"], got["T5"]["last_inspection_date"]) == (
        "INSPECTION_OVERDUE",
        date(2027, 1, 10),
        LAST,
    )


def test_an_undated_report_received_later_states_the_next_date(duck: Any) -> None:
    """An undated report's stated next date governs when sooner: it is the latest report on file.

    Received after the dated one, it is dated the day it arrived, as every document is; nothing on file
    follows it. It restarts no interval (the last inspection stays the dated one), but the date it
    states is the latest word on when the tower is due.
    """
    insp(duck, "s1", "T8", 150.0, when=LAST, structure_type="monopole", ingested_at=datetime(2024, 2, 1))
    insp(
        duck, "s2", "T8", 150.0, when=None, structure_type="monopole", next_inspection_date=date(2025, 1, 10),
        ingested_at=datetime(2026, 12, 1),
    )  # fmt: skip
    got = {r["site_id"]: r for r in rows(duck, "inspections_overdue", as_of=date(2026, 12, 2))}
    assert (got["T8"]["tag"], got["T8"]["due_date"], got["T8"]["last_inspection_date"], got["T8"]["doc_ids"]) == (
        "INSPECTION_OVERDUE", date(2025, 1, 10), LAST, ["s1", "s2"],
    )  # fmt: skip
    assert got["T8"]["notes"][0] == "assumed: the undated report is newer than the last inspection (its next date governs)"
    assert "T8" not in {r["site_id"] for r in rows(duck, "inspections_overdue", as_of=date(2026, 11, 30))}


def test_of_two_undated_reports_the_sooner_stated_date_governs(duck: Any) -> None:
    """Two undated reports received the same day: neither supersedes the other, so the sooner date governs."""
    for doc, next_date, at in (("w1", date(2028, 6, 16), 1), ("w2", date(2029, 2, 9), 2)):
        insp(
            duck, doc, "T10", 150.0, when=None, structure_type="guyed", next_inspection_date=next_date,
            ingested_at=datetime(2026, 12, 1, 10, at),
        )  # fmt: skip
    got = {r["site_id"]: r for r in rows(duck, "inspections_overdue", as_of=date(2028, 12, 18))}
    assert (got["T10"]["tag"], got["T10"]["due_date"]) == ("INSPECTION_OVERDUE", date(2028, 6, 16))


def test_a_next_date_stated_before_the_last_inspection_was_answered_by_it(duck: Any) -> None:
    """A 2019 report's 'next inspection 2023-06-01' does not govern once a 2024 inspection is on file."""
    insp(duck, "a1", "T9", 150.0, when=date(2019, 6, 1), structure_type="monopole", next_inspection_date=date(2023, 6, 1))
    insp(duck, "a2", "T9", 150.0, when=LAST, structure_type="monopole")
    assert "T9" not in {r["site_id"] for r in rows(duck, "inspections_overdue", as_of=date(2026, 12, 2))}


def test_no_stated_inspection_date_takes_the_stated_next_date_else_input_missing(duck: Any) -> None:
    """No report states when the tower was inspected: its stated next date governs; with neither, INPUT_MISSING."""
    insp(duck, "n1", "T6", 150.0, when=None, structure_type="guyed", next_inspection_date=date(2027, 5, 1))
    insp(duck, "n2", "T7", 150.0, when=None, structure_type="guyed")
    got = {r["site_id"]: r for r in rows(duck, "inspections_overdue", as_of=date(2027, 5, 2))}
    assert (got["T6"]["tag"], got["T6"]["due_date"]) == ("INSPECTION_OVERDUE", date(2027, 5, 1))
    assert (got["T7"]["tag"], got["T7"]["due_date"], got["T7"]["notes"]) == (
        "INPUT_MISSING",
        None,
        ["missing: inspection_date"],
    )


# --- the rule table ---------------------------------------------------------------------------------

INTERVALS = "Inspect at most every 3 years (guyed) and 5 years (self-supporting and monopole)"
CLASS_III = "Shorter for Class III (Rev H Risk Category III-IV, Rev G Structure Class III)"
COASTAL = "Shorter for coastal sites"
CORROSIVE = "Shorter for corrosive sites"
VANDAL = "Shorter for vandalised sites"
STATED = "a next inspection date the report states governs when sooner"
DEFAULTS = "a missing optional input takes the regulation's default case and the finding notes assumed"
AS_OF = "A finding as of a date uses only documents dated on or before that date"

TWO, THREE, FIVE = date(2026, 1, 10), date(2027, 1, 10), date(2029, 1, 10)  # LAST + 2, 3 and 5 years


def _insp(when: date = LAST, **fields: Any) -> tuple[str, dict[str, Any]]:
    return ("structural_inspection", {"inspection_date": when, "structure_height_ft": 150.0, **fields})


def around(name: str, rule: str, due: date, notes: list[str], docs: list[tuple[str, dict[str, Any]]]) -> list[Case]:
    """Three rows of one situation: the day before the due date, the due date itself, the day after."""
    out = []
    for suffix, as_of, tag, days in (
        ("a", due - timedelta(days=1), "INSPECTION_DUE", 1),
        ("b", due, "INSPECTION_DUE", 0),
        ("c", due + timedelta(days=1), "INSPECTION_OVERDUE", -1),
    ):
        expect = {"tag": tag, "due_date": due, "days_left": days, "notes": notes}
        out.append(Case(f"{name}{suffix}", rule, docs, {"as_of": as_of, "horizon_days": 30}, expect))
    return out


def none_at(name: str, rule: str, as_of: date, docs: list[tuple[str, dict[str, Any]]]) -> Case:
    """A row with no finding: as of ``as_of`` the next inspection is more than 30 days away."""
    return Case(name, rule, docs, {"as_of": as_of, "horizon_days": 30}, None)


SST = {"structure_type": "self_supporting"}
TABLE = [
    # no input stated: the type's interval, both defaults noted
    *around("N1", INTERVALS, FIVE, [NO_RISK, NO_ENV], [_insp(**SST)]),
    none_at("N2", INTERVALS, TWO + timedelta(days=1), [_insp(**SST)]),
    *around("N3", INTERVALS, THREE, [NO_RISK, NO_ENV], [_insp(structure_type="guyed")]),
    *around("N4", INTERVALS, FIVE, [NO_RISK, NO_ENV], [_insp(structure_type="monopole")]),
    # class III / risk category III-IV
    *around("K1", CLASS_III, TWO, [], [_insp(**SST, risk_category="iii")]),
    *around("K2", CLASS_III, TWO, [], [_insp(**SST, risk_category="iv")]),
    *around("K3", CLASS_III, TWO, [], [_insp(structure_type="guyed", risk_category="iii")]),
    *around("K4", CLASS_III, FIVE, [NO_ENV], [_insp(**SST, risk_category="ii")]),
    none_at("K5", CLASS_III, TWO + timedelta(days=1), [_insp(**SST, risk_category="ii")]),
    none_at("K6", CLASS_III, TWO + timedelta(days=1), [_insp(**SST, risk_category="i", site_environment="normal")]),
    *around("K7", CLASS_III, FIVE, [], [_insp(**SST, risk_category="ii", site_environment="normal")]),
    # an earlier inspection stated class III; the latest leaves it out: the structure's class stands
    *around("K8", CLASS_III, TWO, [], [_insp(date(2019, 5, 1), risk_category="iii"), _insp(**SST)]),
    # exposure
    *around("E1", COASTAL, TWO, [], [_insp(**SST, site_environment="coastal")]),
    *around("E2", COASTAL, TWO, [], [_insp(structure_type="guyed", site_environment="coastal")]),
    *around("E3", CORROSIVE, TWO, [], [_insp(**SST, site_environment="corrosive")]),
    *around("E4", VANDAL, TWO, [], [_insp(structure_type="monopole", site_environment="vandalism")]),
    *around("E5", COASTAL, FIVE, [NO_RISK], [_insp(**SST, site_environment="normal")]),
    # type unknown: an exposed site's interval holds for every type, nothing to assume
    *around("E6", COASTAL, TWO, [], [_insp(site_environment="coastal")]),
    # the report's own next date
    *around(
        "S1",
        STATED,
        date(2025, 7, 10),
        [],
        [_insp(**SST, site_environment="coastal", next_inspection_date=date(2025, 7, 10))],
    ),
    *around("S2", STATED, TWO, [], [_insp(**SST, risk_category="iii", next_inspection_date=date(2027, 1, 10))]),
    *around("S3", STATED, TWO, [], [_insp(site_environment="corrosive", next_inspection_date=date(2028, 1, 10))]),
    # a later inspection that says the site is coastal counts only from its own date
    none_at(
        "A1", AS_OF, TWO + timedelta(days=1), [_insp(**SST), _insp(date(2026, 3, 1), **SST, site_environment="coastal")]
    ),
    Case(
        "A2",
        AS_OF,
        [_insp(**SST), _insp(date(2026, 3, 1), **SST, site_environment="coastal")],
        {"as_of": date(2028, 3, 2), "horizon_days": 30},
        {"tag": "INSPECTION_OVERDUE", "due_date": date(2028, 3, 1), "days_left": -1, "notes": []},
    ),
    *around("D1", DEFAULTS, FIVE, [NO_RISK, NO_ENV], [_insp(**SST, next_inspection_date=date(2030, 1, 10))]),
]
TABLES = {"inspections_overdue": TABLE}


@pytest.fixture(name="insp_db", scope="module")
def _insp_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's inspections."""
    conn = build(tmp_path_factory.mktemp("insp") / "rules.duckdb", TABLE)
    yield conn
    conn.close()


@pytest.mark.parametrize("row", TABLE, ids=lambda c: c.site)
def test_tia_insp_table(insp_db: Connection, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(insp_db, "inspections_overdue", row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"


def test_the_documents_an_input_came_from_are_evidence(insp_db: Connection) -> None:
    """K8's class III comes from an older inspection than its latest: both documents are the finding's evidence."""
    (row,) = [c for c in TABLE if c.site == "K8b"]
    (got,) = findings(insp_db, "inspections_overdue", row)
    assert got["doc_ids"] == ["K8b-d1", "K8b-d0"]
    assert (got["risk_category"], got["site_environment"], got["interval_years"]) == ("iii", None, 2)
