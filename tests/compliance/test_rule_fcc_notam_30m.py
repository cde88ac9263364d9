"""FCC-NOTAM-30M rule table: only a top or flashing light outage needs a NOTAM; a steady side light needs none.

Each row seeds one field log of its own site and states the sentence of COMPLIANCE_RULES.md §1 it
tests; expected findings were worked out by hand from that sentence.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rule_table import Case, build, findings, matches

from towerkit.store import Connection

NOTAM = "Top or flashing light out and not fixed within 30 min: report to the FAA immediately"
SIDE = "Side steady lights: no report"
KEEP = "Log each outage: nature, time observed, time the FAA was notified, repairs. Keep 2 years."
L810 = "L-810 steady red (FAA-LIGHT-TYPES): a side marker whose mode the log does not state is steady"
AVIAN = "A failed flashing marker must be reported (NOTAM)"
AS_OF = date(2026, 6, 30)
ASSUMED = ["assumed: top or flashing light (findings do not say)"]
STEADY_ASSUMED = ["assumed: steady side light (findings do not say flashing)"]


def log(
    name: str,
    rule: str,
    text: str | None,
    expect: dict[str, Any] | None,
    *,
    when: date = AS_OF,
    outage: str = "yes",
    activity: str | None = None,
) -> Case:
    """A row: one field log of site ``name`` dated ``when`` with its findings ``text`` (and the work it records)."""
    fields = {"log_date": when, "light_outage": outage, "findings": text, "activity": activity}
    return Case(name, rule, [("field_log", fields)], {"as_of": AS_OF}, expect)


LEAP_AS_OF = date(2028, 12, 5)
"""An as-of date whose two years back span 29 February 2028: 730 days back is 6 December 2026, not the 5th."""


def leap(name: str, text: str, expect: dict[str, Any] | None, *, when: date) -> Case:
    """A row evaluated as of ``LEAP_AS_OF``: the two-year record window counted in calendar years."""
    fields = {"log_date": when, "light_outage": "yes", "findings": text, "activity": None}
    return Case(name, KEEP, [("field_log", fields)], {"as_of": LEAP_AS_OF}, expect)


def notam(when: date = AS_OF, notes: list[str] | None = None) -> dict[str, Any]:
    """The expected NOTAM finding, due on the log's date."""
    return {
        "rule_id": "FCC-NOTAM-30M",
        "tag": "LIGHT_OUTAGE",
        "severity": "high",
        "due_date": when,
        "notes": [] if notes is None else notes,
    }


RECORD_ONLY = {"rule_id": "FCC-REC-2Y", "tag": None, "severity": "info", "due_date": None, "notes": []}

TABLE = [
    log("O01", NOTAM, None, notam(notes=ASSUMED)),
    log("O02", NOTAM, "Top beacon out, lamp replaced next day.", notam()),
    log("O03", SIDE, "Side marker light out (steady burning red).", RECORD_ONLY),
    log("O04", SIDE, "Side light out on the north leg.", {**RECORD_ONLY, "notes": STEADY_ASSUMED}),
    log("O05", NOTAM, "Side L-810 marker out; markers flashing in sync with the beacon otherwise.", notam()),
    log("O06", NOTAM, "Steady red light out.", notam(notes=ASSUMED)),
    log("O07", NOTAM, "Top beacon and side steady lights out after storm.", notam()),
    log("O08", NOTAM, "White strobe out at 180 ft.", notam()),
    log("O09", KEEP, "Top beacon out.", None, when=date(2024, 6, 30)),  # exactly 730 days old
    log("O10", KEEP, "Top beacon out.", notam(date(2024, 7, 1)), when=date(2024, 7, 1)),
    log("O11", NOTAM, "Top beacon out.", None, when=date(2026, 7, 1)),  # after as_of
    log("O12", NOTAM, "Top beacon checked, all lights on.", None, outage="no"),
    log("O13", SIDE, "Side steady marker out at 2024-07-01.", RECORD_ONLY, when=date(2024, 7, 1)),
    log("O14", L810, "Obstruction marker L-810 at 120 ft out, lamp replaced.", {**RECORD_ONLY, "notes": STEADY_ASSUMED}),
    log("O15", AVIAN, "Flashing L-810 marker out at 120 ft.", notam()),
    log("O16", NOTAM, "Side marker at 120 ft out, replaced lamp", notam(), activity="beacon replacement"),
    leap("O17", "Top beacon out.", notam(date(2026, 12, 6)), when=date(2026, 12, 6)),  # 730 days, under 2 years
    leap("O18", "Top beacon out.", None, when=date(2026, 12, 5)),  # two years to the day
]
TABLES = {"light_outages": TABLE}


@pytest.fixture(name="log_db", scope="module")
def _log_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's field log."""
    conn = build(tmp_path_factory.mktemp("notam") / "rules.duckdb", TABLE)
    yield conn
    conn.close()


@pytest.mark.parametrize("row", TABLE, ids=lambda c: c.site)
def test_fcc_notam_30m_table(log_db: Connection, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(log_db, "light_outages", row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"
