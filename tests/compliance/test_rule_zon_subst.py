"""ZON-SUBST rule table: a height increase over the permit is substantial only above 10% or 20 ft (10 ft off towers).

Each row seeds one site (a permit and a structural inspection) and states the sentence of
COMPLIANCE_RULES.md §6 it tests; expected findings were worked out by hand from that sentence.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rule_table import Case, build, findings, matches

from towerkit.store import Connection

TOWER = "Height: non-ROW tower, more than +10% or +1 array (<=20 ft separation), whichever is greater"
OTHER = "other structures, more than 10% or 10 ft"
LATEST = "the latest permit's approved height, by its document's own date, is the reference"
SIDES = "a missing side is no finding"
ASSUMED = ["assumed: tower outside the public right-of-way"]


def site(
    name: str, rule: str, permit: float | None, inspected: float | None, expect: dict[str, Any] | None, **params: Any
) -> Case:
    """A row: the site's approved height (permit of 2020) and inspected height (2025)."""
    docs: list[tuple[str, dict[str, Any]]] = []
    if permit is not None:
        docs.append(("municipal_permit", {"approved_height_ft": permit, "issue_date": date(2020, 1, 1)}))
    if inspected is not None:
        docs.append(("structural_inspection", {"structure_height_ft": inspected, "inspection_date": date(2025, 3, 1)}))
    return Case(name, rule, docs, params, expect)


def hit(excess: float, threshold: float, notes: list[str] | None = None) -> dict[str, Any]:
    """The expected HEIGHT_EXCEEDS_PERMIT finding."""
    return {
        "tag": "HEIGHT_EXCEEDS_PERMIT",
        "rule_id": "ZON-SUBST",
        "excess_ft": excess,
        "threshold_ft": threshold,
        "notes": ASSUMED if notes is None else notes,
    }


LATER = Case(
    "Z15",
    LATEST,
    [
        ("municipal_permit", {"approved_height_ft": 150.0, "issue_date": date(2015, 1, 1)}),
        ("municipal_permit", {"approved_height_ft": 200.0, "issue_date": date(2022, 1, 1)}),
        ("structural_inspection", {"structure_height_ft": 215.0, "inspection_date": date(2025, 3, 1)}),
    ],
    {},
    None,
)

TABLE = [
    site("Z01", TOWER, 150.0, 169.9, None),
    site("Z02", TOWER, 150.0, 170.0, None),  # exactly +20 ft (10% is 15 ft): not more than
    site("Z03", TOWER, 150.0, 170.1, hit(20.1, 20.0)),
    site("Z04", TOWER, 300.0, 325.0, None),  # +25 ft is over 20 ft but under 10% (30 ft)
    site("Z05", TOWER, 300.0, 330.0, None),  # exactly +10%
    site("Z06", TOWER, 300.0, 330.1, hit(30.1, 30.0)),
    site("Z07", TOWER, 200.0, 220.0, None),  # 10% and 20 ft coincide
    site("Z08", TOWER, 200.0, 220.1, hit(20.1, 20.0)),
    site("Z09", OTHER, 80.0, 89.9, None, in_right_of_way=True),
    site("Z10", OTHER, 80.0, 90.0, None, in_right_of_way=True),
    site("Z11", OTHER, 80.0, 90.1, hit(10.1, 10.0, []), in_right_of_way=True),
    site("Z12", OTHER, 200.0, 220.0, None, in_right_of_way=True),  # 10% (20 ft) beats 10 ft
    site("Z13", OTHER, 200.0, 220.1, hit(20.1, 20.0, []), in_right_of_way=True),
    site("Z14", SIDES, None, 400.0, None),
    LATER,
    site("Z16", SIDES, 150.0, None, None),
]


@pytest.fixture(name="subst_db", scope="module")
def _subst_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's site."""
    conn = build(tmp_path_factory.mktemp("subst") / "rules.duckdb", TABLE)
    yield conn
    conn.close()


TABLES = {"height_mismatch": TABLE}


@pytest.mark.parametrize("row", TABLE, ids=lambda c: c.site)
def test_zon_subst_table(subst_db: Connection, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(subst_db, "height_mismatch", row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"
