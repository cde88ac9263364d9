"""LEASE-TERM rule table: renewals run on automatically, so the current term (not the stated date) falls due.

Each row seeds one lease of its own site and states the sentence of COMPLIANCE_RULES.md §5 it tests;
the expected finding was worked out by hand from that sentence, not from the SQL.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rule_table import Case, build, findings, matches

from towerkit.store import Connection

AUTO = "Tenant-controlled renewals that run on automatically unless the tenant gives notice"
NOTICE = "renewals run on automatically unless the tenant gives notice (e.g. >=90 days)"
OPTIONS = "Initial 5-10 years plus 5-year options"
LAST_TERM = "notice is how the tenant refuses the next automatic renewal: in the last term there is none to refuse"
LAPSED = "renewals run on automatically unless the tenant gives notice: once the last one has run, the site has no lease"
UNNUMBERED = "renewals run on automatically: a lease whose documents print no lease number runs on like any other"
MISSING = "a missing optional input takes the default and notes assumed; a missing required one is INPUT_MISSING"


def lease(
    site: str, as_of: date, horizon: int = 90, **terms: Any
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]]:
    """One lease amendment of ``site`` (lease L-site, amended 2010-01-01) and the query parameters."""
    fields = {"lease_id": f"L-{site}", "amendment_date": date(2010, 1, 1), **terms}
    return [("lease_amendment", fields)], {"as_of": as_of, "horizon_days": horizon}


def case(site: str, rule: str, as_of: date, expect: dict[str, Any] | None, horizon: int = 90, **terms: Any) -> Case:
    """A table row: the lease's terms, evaluated at ``as_of`` with ``horizon`` days ahead."""
    docs, params = lease(site, as_of, horizon, **terms)
    return Case(site, rule, docs, params, expect)


E0 = date(2026, 6, 30)
FULL = {"expiration_date": E0, "renewals_remaining": 3, "renewal_term_years": 5, "notice_days": 90}

EXPIRATIONS = [
    case(
        "X00",
        UNNUMBERED,
        date(2026, 6, 29),
        {"tag": "NEXT_TERM_END", "due_date": E0, "renewal_term": 1, "lease_id": None},
        lease_id=None,
        expiration_date=date(2021, 6, 30),
        renewals_remaining=3,
        renewal_term_years=5,
    ),
    case(
        "X01",
        AUTO,
        date(2026, 6, 29),
        {"tag": "NEXT_TERM_END", "due_date": E0, "days_left": 1, "severity": "high"},
        expiration_date=E0,
        renewals_remaining=0,
    ),
    case(
        "X02",
        AUTO,
        E0,
        {"tag": "NEXT_TERM_END", "due_date": E0, "days_left": 0},
        expiration_date=E0,
        renewals_remaining=0,
    ),
    case(
        "X03",
        LAPSED,
        date(2026, 7, 1),
        {"tag": "NEXT_TERM_END", "due_date": E0, "days_left": -1, "severity": "high"},
        expiration_date=E0,
        renewals_remaining=0,
    ),
    case(
        "X04",
        AUTO,
        date(2026, 7, 1),
        {"due_date": date(2031, 6, 30), "renewal_term": 1, "renewals_remaining": 2, "severity": "low"},
        horizon=1900,
        **FULL,
    ),
    case("X05", AUTO, date(2031, 6, 29), {"due_date": date(2031, 6, 30), "days_left": 1, "renewal_term": 1}, **FULL),
    case(
        "X06",
        AUTO,
        date(2036, 6, 30),
        {"due_date": date(2036, 6, 30), "days_left": 0, "renewal_term": 2, "renewals_remaining": 1},
        **FULL,
    ),
    case("X07", AUTO, date(2036, 7, 1), None, **FULL),
    case(
        "X08",
        AUTO,
        date(2041, 6, 30),
        {"due_date": date(2041, 6, 30), "renewal_term": 3, "renewals_remaining": 0, "severity": "high"},
        **FULL,
    ),
    case(
        "X09",
        LAPSED,
        date(2041, 7, 1),
        {"due_date": date(2041, 6, 30), "renewal_term": 3, "renewals_remaining": 0, "severity": "high"},
        horizon=3650,
        **FULL,
    ),
    case(
        "X10",
        OPTIONS,
        date(2036, 6, 30),
        {"due_date": date(2036, 6, 30), "renewal_term": 1},
        expiration_date=E0,
        renewals_remaining=1,
        renewal_term_years=10,
    ),
    case(
        "X11",
        MISSING,
        date(2031, 6, 1),
        {"due_date": date(2031, 6, 30), "renewal_term": 1, "notes": ["assumed: renewal_term_years=5"]},
        expiration_date=E0,
        renewals_remaining=2,
    ),
    case(
        "X12",
        MISSING,
        E0,
        {"due_date": E0, "severity": "high", "notes": ["assumed: renewals_remaining=0"]},
        expiration_date=E0,
    ),
    case(
        "X13",
        MISSING,
        E0,
        {"tag": "INPUT_MISSING", "due_date": None, "notes": ["missing: expiration_date"]},
        renewals_remaining=2,
        renewal_term_years=5,
    ),
]

D = date(2026, 9, 28)  # a term end whose 90-day notice deadline is 2026-06-30
NOTICES = [
    case(
        "N01",
        NOTICE,
        date(2026, 6, 29),
        {"tag": "NOTICE_WINDOW_CLOSING", "due_date": date(2026, 6, 30), "days_left": 1, "severity": "high"},
        expiration_date=D,
        notice_days=90,
        renewals_remaining=1,
        renewal_term_years=5,
    ),
    case(
        "N02",
        NOTICE,
        date(2026, 6, 30),
        {"due_date": date(2026, 6, 30), "days_left": 0},
        expiration_date=D,
        notice_days=90,
        renewals_remaining=1,
        renewal_term_years=5,
    ),
    case("N03", NOTICE, date(2026, 7, 1), None, expiration_date=D, notice_days=90, renewals_remaining=1),
    case(
        "N04",
        AUTO,
        date(2026, 6, 30),
        {"due_date": date(2026, 6, 30), "expiration_date": D, "renewal_term": 1, "renewals_remaining": 2},
        expiration_date=date(2021, 9, 28),
        notice_days=90,
        renewals_remaining=3,
        renewal_term_years=5,
    ),
    case(
        "N05",
        AUTO,
        date(2026, 6, 30),
        {"due_date": date(2026, 6, 30), "expiration_date": D, "renewal_term": 2, "renewals_remaining": 1},
        expiration_date=date(2016, 9, 28),
        notice_days=90,
        renewals_remaining=3,
        renewal_term_years=5,
    ),
    case(
        "N06",
        AUTO,
        date(2026, 6, 30),
        {"due_date": date(2026, 9, 28), "days_left": 90, "severity": "medium"},
        expiration_date=date(2021, 12, 27),
        notice_days=90,
        renewals_remaining=2,
        renewal_term_years=5,
    ),
    case(
        "N07",
        AUTO,
        date(2026, 6, 30),
        None,
        expiration_date=date(2021, 12, 28),
        notice_days=90,
        renewals_remaining=2,
        renewal_term_years=5,
    ),
    case(
        "N08",
        AUTO,
        date(2026, 6, 30),
        None,
        expiration_date=date(2016, 9, 28),
        notice_days=90,
        renewals_remaining=1,
        renewal_term_years=5,
    ),
    case(
        "N09",
        MISSING,
        date(2026, 6, 30),
        {
            "due_date": date(2026, 6, 30),
            "notice_days": 90,
            "notes": ["assumed: notice_days=90", "assumed: renewal_term_years=5"],
        },
        expiration_date=D,
        renewals_remaining=1,
    ),
    case("N10", LAST_TERM, date(2026, 6, 30), None, expiration_date=D, notice_days=90, renewals_remaining=0),
    case("N11", LAST_TERM, date(2026, 6, 30), None, expiration_date=D),
    case(
        "N12",
        UNNUMBERED,
        date(2026, 6, 29),
        {"tag": "NOTICE_WINDOW_CLOSING", "due_date": date(2026, 6, 30), "lease_id": None},
        lease_id=None,
        expiration_date=D,
        notice_days=90,
        renewals_remaining=1,
        renewal_term_years=5,
    ),
]

TABLES = {"lease_expirations": EXPIRATIONS, "lease_notice_windows": NOTICES}


@pytest.fixture(name="lease_db", scope="module")
def _lease_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's lease."""
    conn = build(tmp_path_factory.mktemp("lease") / "rules.duckdb", EXPIRATIONS + NOTICES)
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("query", "row"), [(q, c) for q, cases in TABLES.items() for c in cases], ids=lambda v: getattr(v, "site", v)
)
def test_lease_term_table(lease_db: Connection, query: str, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(lease_db, query, row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"
