"""TIA-SA-RATING rule table: Rev H reports pass up to 100 % and allow 105 %; Rev G and older pass only up to 100 %.

COMPLIANCE_RULES.md §4: "Rating = maximum % capacity ... Conservative pass <=100%. Rev H reports mark
104.3% and 104.9% as Pass, consistent with a 105% allowance." The allowance belongs to Rev H, so a report
to Rev G or older is judged conservatively; a report that states no edition takes the Rev H allowance and
the finding notes it. Each row seeds one site and states the sentence it tests; expected findings were
worked out by hand from that sentence. Real SQL from queries/, real DuckDB.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rule_table import Case, build, findings, matches

from towerkit.store import Connection

CONSERVATIVE = "Conservative pass <=100%"
REV_H = "Rev H reports mark 104.3% and 104.9% as Pass, consistent with a 105% allowance"
OLDER = "the 105% allowance is Rev H's: a Rev G or older report is judged conservatively (pass <=100, above fails)"
ASSUMED_H = "a report that states no revision takes the Rev H allowance, and the finding says so"
LATEST = "the rating is the latest capacity report's, judged by that report's own revision"
ASSUMED = ["assumed: tia_revision=h (105% allowance)"]


def report(pct: float, rev: str | None, when: date = date(2025, 3, 1)) -> tuple[str, dict[str, Any]]:
    """One structural report stating ``pct`` % capacity to TIA-222 revision ``rev`` (None: not stated)."""
    return ("structural_inspection", {"inspection_date": when, "max_capacity_pct": pct, "tia_revision": rev})


def row(
    name: str, rule: str, pct: float, rev: str | None, tag: str | None, notes: list[str], *, include_pass: bool = True
) -> Case:
    """A row: one report; the expected tag (None: no finding) with its notes."""
    expect = None if tag is None else {"tag": tag, "tia_revision": rev, "max_capacity_pct": pct, "notes": notes}
    return Case(name, rule, [report(pct, rev)], {"as_of": date(2026, 1, 1), "include_pass": include_pass}, expect)


TABLE = [
    row("R01", CONSERVATIVE, 100.0, "h", "SA_PASS", []),
    row("R02", REV_H, 102.0, "h", "SA_MARGINAL", []),
    row("R03", REV_H, 105.0, "h", "SA_MARGINAL", []),
    row("R04", REV_H, 105.1, "h", "SA_FAIL", []),
    row("R05", CONSERVATIVE, 100.0, "g", "SA_PASS", []),
    row("R06", OLDER, 102.0, "g", "SA_FAIL", []),
    row("R07", OLDER, 105.0, "g", "SA_FAIL", []),
    row("R08", OLDER, 105.1, "g", "SA_FAIL", []),
    row("R09", OLDER, 100.1, "f", "SA_FAIL", []),
    row("R10", OLDER, 104.9, "f", "SA_FAIL", []),
    row("R11", ASSUMED_H, 100.0, None, "SA_PASS", ASSUMED),
    row("R12", ASSUMED_H, 102.0, None, "SA_MARGINAL", ASSUMED),
    row("R13", ASSUMED_H, 105.0, None, "SA_MARGINAL", ASSUMED),
    row("R14", ASSUMED_H, 105.1, None, "SA_FAIL", ASSUMED),
    row("R15", CONSERVATIVE, 100.0, "g", None, [], include_pass=False),
    row("R16", CONSERVATIVE, 99.9, "h", None, [], include_pass=False),
    Case(
        "R17",
        LATEST,
        [report(120.0, "g", date(2019, 1, 1)), report(102.0, None, date(2025, 1, 1))],
        {"as_of": date(2026, 1, 1)},
        {"tag": "SA_MARGINAL", "tia_revision": None, "notes": ASSUMED},
    ),
    Case(
        "R18",
        LATEST,
        [report(102.0, "h", date(2019, 1, 1)), report(102.0, "g", date(2025, 1, 1))],
        {"as_of": date(2026, 1, 1)},
        {"tag": "SA_FAIL", "tia_revision": "g", "notes": []},
    ),
    Case(
        "R19",
        LATEST,
        [report(102.0, "h", date(2019, 1, 1)), report(102.0, "g", date(2025, 1, 1))],
        {"as_of": date(2024, 12, 31)},
        {"tag": "SA_MARGINAL", "tia_revision": "h", "notes": []},
    ),
]
TABLES = {"structural_capacity": TABLE}


@pytest.fixture(name="sa_db", scope="module")
def _sa_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's reports."""
    conn = build(tmp_path_factory.mktemp("sa") / "rules.duckdb", TABLE)
    yield conn
    conn.close()


@pytest.mark.parametrize("row", TABLE, ids=lambda c: c.site)
def test_tia_sa_rating_table(sa_db: Connection, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(sa_db, "structural_capacity", row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"


def test_the_note_names_the_allowance_in_force(sa_db: Connection) -> None:
    """With the allowance set to 110 %, a report without a revision says that 110 % was assumed."""
    case = Case("R12", ASSUMED_H, [], {"as_of": date(2026, 1, 1), "allowance_pct": 110.0}, None)
    (got,) = findings(sa_db, "structural_capacity", case)
    assert got["notes"] == ["assumed: tia_revision=h (110% allowance)"]
