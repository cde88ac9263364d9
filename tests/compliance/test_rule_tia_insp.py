"""TIA-INSP rule rows: 3 years guyed, 5 self-supporting and monopole, shorter when the report states it.

COMPLIANCE_RULES.md §4: "Inspect at most every 3 years (guyed) and 5 years (self-supporting and
monopole) ... Shorter for Class III, coastal, corrosive or vandalised sites." The inspecting engineer
states the shorter interval as the report's next inspection date, so a stated date sooner than the
type's interval governs. Real SQL from queries/, real DuckDB.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from test_rules import insp, rows

# ruff: noqa: S101, INP001, PLR2004  pytest asserts; tests/ is no package; dates are the cases

LAST = date(2024, 1, 10)


def _due(duck: Any, as_of: date) -> dict[str, tuple[str, date, list[str]]]:
    return {
        r["site_id"]: (r["tag"], r["due_date"], r["notes"])
        for r in rows(duck, "inspections_overdue", as_of=as_of, horizon_days=30)
    }


def test_a_stated_sooner_date_governs(duck: Any) -> None:
    """Coastal self-supporting tower: the report says 'next inspection 2025-01-10', not LAST + 5 years."""
    insp(duck, "c", "T1", 150.0, when=LAST, structure_type="self_supporting", next_inspection_date=date(2025, 1, 10))
    assert _due(duck, date(2025, 1, 10)) == {"T1": ("INSPECTION_DUE", date(2025, 1, 10), [])}
    assert _due(duck, date(2025, 1, 11)) == {"T1": ("INSPECTION_OVERDUE", date(2025, 1, 10), [])}


def test_a_stated_later_date_does_not_stretch_the_interval(duck: Any) -> None:
    """A guyed tower stays on 3 years even if the report names a date 5 years out."""
    insp(duck, "g", "T2", 150.0, when=LAST, structure_type="guyed", next_inspection_date=date(2029, 1, 10))
    assert _due(duck, date(2027, 1, 11)) == {"T2": ("INSPECTION_OVERDUE", date(2027, 1, 10), [])}


def test_unknown_type_takes_the_stated_date_else_assumes_the_shorter_interval(duck: Any) -> None:
    """Type unknown: the report's next date if any; without one, guyed's 3 years, noted as assumed."""
    insp(duck, "u1", "T3", 150.0, when=LAST, next_inspection_date=date(2029, 1, 10))
    insp(duck, "u2", "T4", 150.0, when=LAST)
    assert _due(duck, date(2027, 1, 11)) == {
        "T4": ("INSPECTION_OVERDUE", date(2027, 1, 10), ["assumed: structure_type=guyed (the shorter interval)"])
    }
    assert _due(duck, date(2029, 1, 11))["T3"] == ("INSPECTION_OVERDUE", date(2029, 1, 10), [])
