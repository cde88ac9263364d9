"""FAA-DNH-18M rule table: a DNH expires 18 months after it takes effect (on issue, or 40 days later if petitionable).

Each row seeds one FAA determination of its own site and states the sentence of COMPLIANCE_RULES.md §2
it tests; expected findings were worked out by hand from that sentence. Whether a letter can be
petitioned is what the letter says (petitionable yes / no); the query's petitionable parameter decides
only for letters that say neither, and only those rows note the case assumed.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rule_table import Case, build, findings, matches

from towerkit.store import Connection

EXPIRES = "It expires 18 months after taking effect"
ON_ISSUE = "A DNH takes effect on issue"
PETITION = "or 40 days later if it can be petitioned"
HAZARD = "A Determination of Hazard never expires"
LETTER_YES = "or 40 days later if it can be petitioned (the letter: becomes final ... unless a petition is filed)"
LETTER_NO = "A DNH takes effect on issue (the letter: not subject to petition)"
UNKNOWN = "a missing optional input takes the regulation's default case (petitionable) and notes assumed"
ASSUMED = ["assumed: not petitionable (effective on issue)"]
ASSUMED_PET = ["assumed: petitionable (effective 40 days after issue)"]
ISSUED = date(2025, 1, 15)  # on issue: expires 2026-07-15; petitionable: effective 2025-02-24, expires 2026-08-24


def dnh(
    name: str,
    rule: str,
    as_of: date,
    expect: dict[str, Any] | None,
    params: dict[str, Any] | None = None,
    **letter: Any,
) -> Case:
    """A row: one determination letter of site ``name``, evaluated at ``as_of`` (horizon 90 days)."""
    fields = {"determination": "no_hazard", "asn": f"2025-ASW-{name[1:]}-OE", **letter}
    return Case(
        name, rule, [("faa_determination", fields)], {"as_of": as_of, "horizon_days": 90, **(params or {})}, expect
    )


def tag(name: str, due: date, days: int, notes: list[str] | None = None) -> dict[str, Any]:
    """The expected finding."""
    row: dict[str, Any] = {"tag": name, "due_date": due, "days_left": days}
    if notes is not None:
        row["notes"] = notes
    return row


STATED = {"determination_date": date(2025, 1, 1), "expiration_date": date(2026, 6, 30)}
PET = {"petitionable": True}
ON = {"petitionable": False}
TABLE = [
    dnh("F01", EXPIRES, date(2026, 6, 29), tag("DNH_EXPIRING", date(2026, 6, 30), 1), **STATED),
    dnh("F02", EXPIRES, date(2026, 6, 30), tag("DNH_EXPIRING", date(2026, 6, 30), 0), **STATED),
    dnh("F03", EXPIRES, date(2026, 7, 1), tag("DNH_EXPIRED", date(2026, 6, 30), -1), **STATED),
    dnh(
        "F04",
        ON_ISSUE,
        date(2026, 7, 14),
        tag("DNH_EXPIRING", date(2026, 7, 15), 1, ASSUMED),
        ON,
        determination_date=ISSUED,
    ),
    dnh(
        "F05",
        ON_ISSUE,
        date(2026, 7, 15),
        tag("DNH_EXPIRING", date(2026, 7, 15), 0, ASSUMED),
        ON,
        determination_date=ISSUED,
    ),
    dnh(
        "F06",
        ON_ISSUE,
        date(2026, 7, 16),
        tag("DNH_EXPIRED", date(2026, 7, 15), -1, ASSUMED),
        ON,
        determination_date=ISSUED,
    ),
    dnh(
        "F07",
        PETITION,
        date(2026, 7, 16),
        tag("DNH_EXPIRING", date(2026, 8, 24), 39, ASSUMED_PET),
        PET,
        determination_date=ISSUED,
    ),
    dnh(
        "F08",
        PETITION,
        date(2026, 8, 23),
        tag("DNH_EXPIRING", date(2026, 8, 24), 1, ASSUMED_PET),
        PET,
        determination_date=ISSUED,
    ),
    dnh(
        "F09",
        PETITION,
        date(2026, 8, 24),
        tag("DNH_EXPIRING", date(2026, 8, 24), 0, ASSUMED_PET),
        PET,
        determination_date=ISSUED,
    ),
    dnh(
        "F10",
        PETITION,
        date(2026, 8, 25),
        tag("DNH_EXPIRED", date(2026, 8, 24), -1, ASSUMED_PET),
        PET,
        determination_date=ISSUED,
    ),
    dnh("F11", HAZARD, date(2030, 1, 1), None, determination="hazard", determination_date=date(2010, 1, 1)),
    dnh("F12", HAZARD, date(2030, 1, 1), None, PET, determination="hazard", determination_date=date(2010, 1, 1)),
    dnh(
        "F13",
        EXPIRES,
        date(2026, 6, 30),
        tag("DNH_EXPIRING", date(2026, 9, 28), 90),
        determination_date=date(2025, 1, 1),
        expiration_date=date(2026, 9, 28),
    ),
    dnh(
        "F14", EXPIRES, date(2026, 6, 30), None, determination_date=date(2025, 1, 1), expiration_date=date(2026, 9, 29)
    ),
    dnh("F15", ON_ISSUE, date(2026, 6, 30), {"tag": "INPUT_MISSING", "notes": ["missing: determination_date"]}),
    # The letter's own statement decides; the parameter is only the default for letters that say neither.
    *[
        dnh(
            name,
            LETTER_YES,
            as_of,
            {**tag(t, date(2026, 8, 24), days, []), "petitionable": True},
            ON,
            determination_date=ISSUED,
            petitionable="yes",
        )
        for name, as_of, t, days in (
            ("P01", date(2026, 8, 23), "DNH_EXPIRING", 1),
            ("P02", date(2026, 8, 24), "DNH_EXPIRING", 0),
            ("P03", date(2026, 8, 25), "DNH_EXPIRED", -1),
        )
    ],
    *[
        dnh(
            name,
            LETTER_NO,
            as_of,
            {**tag(t, date(2026, 7, 15), days, []), "petitionable": False},
            PET,
            determination_date=ISSUED,
            petitionable="no",
        )
        for name, as_of, t, days in (
            ("P04", date(2026, 7, 14), "DNH_EXPIRING", 1),
            ("P05", date(2026, 7, 15), "DNH_EXPIRING", 0),
            ("P06", date(2026, 7, 16), "DNH_EXPIRED", -1),
        )
    ],
    dnh(
        "P07",
        LETTER_NO,
        date(2026, 7, 16),
        {**tag("DNH_EXPIRED", date(2026, 7, 15), -1, []), "petitionable": False},
        determination_date=ISSUED,
        petitionable="no",
    ),
    dnh(
        "P08",
        LETTER_YES,
        date(2026, 7, 16),
        {**tag("DNH_EXPIRING", date(2026, 8, 24), 39, []), "petitionable": True},
        determination_date=ISSUED,
        petitionable="yes",
    ),
    dnh(
        "P09",
        UNKNOWN,
        date(2026, 7, 16),
        {**tag("DNH_EXPIRING", date(2026, 8, 24), 39, ASSUMED_PET), "petitionable": None},
        determination_date=ISSUED,
    ),
    dnh(
        "P10",
        UNKNOWN,
        date(2026, 8, 25),
        {**tag("DNH_EXPIRED", date(2026, 8, 24), -1, ASSUMED_PET), "petitionable": None},
        determination_date=ISSUED,
    ),
    dnh(
        "P11",
        EXPIRES,
        date(2026, 6, 30),
        tag("DNH_EXPIRING", date(2026, 6, 30), 0, []),
        ON,
        petitionable="yes",
        **STATED,
    ),
    dnh(
        "P12",
        HAZARD,
        date(2030, 1, 1),
        None,
        determination="hazard",
        determination_date=date(2010, 1, 1),
        petitionable="yes",
    ),
]
LATEST = "the latest determination governs: an undated letter dates from its expiry less 18 months"


def letters(name: str, as_of: date, expect: dict[str, Any] | None, *docs: dict[str, Any]) -> Case:
    """A row of two letters of one site, the undated one received when the rows are stored (2026-01-01)."""
    return Case(
        name,
        LATEST,
        [("faa_determination", {"determination": "no_hazard", **d}) for d in docs],
        {"as_of": as_of, "horizon_days": 90},
        expect,
    )


DATED = {"determination_date": date(2025, 1, 1), "expiration_date": date(2026, 6, 30)}
UNDATED_OLDER = {"expiration_date": date(2025, 9, 30)}  # issued about 2024-03-30: older than DATED
UNDATED_NEWER = {"expiration_date": date(2027, 6, 30)}  # issued about 2025-12-30: newer than DATED
LATER_DNH = {"determination_date": date(2020, 2, 29), "expiration_date": date(2021, 8, 30)}
OLDER_DOH = {"determination": "hazard", "expiration_date": date(2020, 1, 8)}  # does not hide the DNH after it
NO_DATES = {"asn": "2019-ANE-1-OE"}  # a letter that prints neither date: no newer than a dated one
TABLE += [
    letters(name, as_of, expect, *docs)
    for name, as_of, expect, docs in (
        ("L01", date(2026, 6, 29), tag("DNH_EXPIRING", date(2026, 6, 30), 1), (DATED, UNDATED_OLDER)),
        ("L02", date(2027, 6, 1), tag("DNH_EXPIRING", date(2027, 6, 30), 29), (DATED, UNDATED_NEWER)),
        ("L03", date(2026, 6, 29), tag("DNH_EXPIRED", date(2021, 8, 30), -1764), (LATER_DNH, OLDER_DOH)),
        ("L04", date(2026, 6, 29), tag("DNH_EXPIRED", date(2021, 8, 30), -1764), (LATER_DNH, NO_DATES)),
    )
]
TABLES = {"faa_determination_expiring": TABLE}


@pytest.fixture(name="dnh_db", scope="module")
def _dnh_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """One DuckDB file holding every row's determination."""
    conn = build(tmp_path_factory.mktemp("dnh") / "rules.duckdb", TABLE)
    yield conn
    conn.close()


@pytest.mark.parametrize("row", TABLE, ids=lambda c: c.site)
def test_faa_dnh_18m_table(dnh_db: Connection, row: Case) -> None:
    """The query's finding for the row's site is the one the rule sentence calls for."""
    got = findings(dnh_db, "faa_determination_expiring", row)
    assert matches(row, got), f"{row.rule}: expected {row.expect}, got {got}"
