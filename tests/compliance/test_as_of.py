"""A finding as of a date uses only the documents dated on or before that date (issue 22, rule 1).

Each test seeds one site whose documents straddle the evaluation date and evaluates the rule the day
before, on and after the later document's date: the later document must change the answer only from
its own date on. Real SQL from queries/, real DuckDB.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from test_rules import add_doc, insp, rows

# ruff: noqa: S101, INP001, PLR2004  pytest asserts; tests/ is no package; dates and heights are the cases

LATER = date(2025, 6, 1)
BEFORE, ON, AFTER = date(2025, 5, 31), LATER, date(2025, 6, 2)


def _sites(duck: Any, name: str, as_of: date, **params: Any) -> dict[str, str]:
    return {r["site_id"]: r["tag"] for r in rows(duck, name, as_of=as_of, **params)}


def test_asr_missing_counts_an_inspection_only_from_its_date(duck: Any) -> None:
    """A 250 ft inspection dated LATER makes the ASR missing from LATER, not before."""
    insp(duck, "low", "A1", 150.0, when=date(2024, 1, 1))
    insp(duck, "tall", "A1", 250.0, when=LATER)
    assert _sites(duck, "asr_missing", BEFORE) == {}
    assert _sites(duck, "asr_missing", ON) == {"A1": "ASR_MISSING"}
    assert _sites(duck, "asr_missing", AFTER) == {"A1": "ASR_MISSING"}


def test_an_asr_stated_later_does_not_clear_an_earlier_finding(duck: Any) -> None:
    """Before the document that states the ASR, the site had none on file."""
    insp(duck, "tall", "A2", 250.0, when=date(2024, 1, 1))
    insp(duck, "reg", "A2", 250.0, when=LATER, asr_number="1234567")
    assert _sites(duck, "asr_missing", BEFORE) == {"A2": "ASR_MISSING"}
    assert _sites(duck, "asr_missing", ON) == {}


def test_permit_renewed_later_is_expired_until_the_renewal(duck: Any) -> None:
    """The permit's first document expired; a renewal dated LATER (same number) governs only from LATER."""
    add_doc(duck, "p1", "P1", "municipal_permit", permit_number="CUP-1", issue_date=date(2020, 1, 1),
            expiration_date=date(2025, 1, 1), permit_status="active")
    add_doc(duck, "p2", "P1", "municipal_permit", permit_number="CUP-1", issue_date=LATER,
            expiration_date=date(2030, 1, 1), permit_status="active")
    assert _sites(duck, "permits_expiring", BEFORE) == {"P1": "PERMIT_EXPIRED"}
    assert _sites(duck, "permits_expiring", AFTER) == {}


def test_a_determination_issued_later_is_not_used_before_its_date(duck: Any) -> None:
    """An old DNH expired; a new one issued LATER replaces it only from LATER."""
    add_doc(duck, "f1", "F1", "faa_determination", asn="2020-ASW-1-OE", determination="no_hazard",
            determination_date=date(2020, 1, 1), expiration_date=date(2021, 7, 1), structure_height_ft=150.0)
    add_doc(duck, "f2", "F1", "faa_determination", asn="2025-ASW-2-OE", determination="no_hazard",
            determination_date=LATER, expiration_date=date(2026, 12, 1), structure_height_ft=150.0)
    assert _sites(duck, "faa_determination_expiring", BEFORE) == {"F1": "DNH_EXPIRED"}
    assert _sites(duck, "faa_determination_expiring", AFTER) == {}


def test_a_lease_amendment_counts_from_its_date(duck: Any) -> None:
    """An amendment dated LATER that extends the term does not rescue the lease before LATER."""
    add_doc(duck, "l1", "L1", "lease_amendment", lease_id="LS-1", amendment_date=date(2015, 1, 1),
            commencement_date=date(2015, 1, 1), expiration_date=date(2025, 6, 15), renewals_remaining=0)
    add_doc(duck, "l2", "L1", "lease_amendment", lease_id="LS-1", amendment_date=LATER,
            expiration_date=date(2035, 6, 15), renewals_remaining=0)
    assert _sites(duck, "lease_expirations", BEFORE) == {"L1": "NEXT_TERM_END"}
    assert _sites(duck, "lease_expirations", AFTER) == {}
