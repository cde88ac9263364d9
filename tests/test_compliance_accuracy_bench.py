# ruff: noqa: S101, INP001
"""The benchmark's own rules, on hand-made facts: the expected findings are only as good as these."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "compliance_accuracy.py"
_SPEC = importlib.util.spec_from_file_location("compliance_accuracy", _PATH)
assert _SPEC is not None
assert _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["compliance_accuracy"] = bench
_SPEC.loader.exec_module(bench)


def _tags(findings: list[bench.Finding]) -> list[str]:
    return sorted(f.tag for f in findings)


def test_dnh_not_petitionable_expires_18_months_after_issue() -> None:
    """Issued 2024-01-15 and effective on issue: in effect the day before 2025-07-15, expired on and after it."""
    expiry, assumed = bench.dnh_expiry(date(2024, 1, 15), "no_hazard", petitionable=False)
    assert expiry == date(2025, 7, 15)
    assert assumed == ()
    assert _tags(bench.dnh_findings("S", expiry, date(2025, 7, 14))) == ["DNH_EXPIRING"]
    assert _tags(bench.dnh_findings("S", expiry, date(2025, 7, 15))) == ["DNH_EXPIRED"]
    assert _tags(bench.dnh_findings("S", expiry, date(2025, 7, 16))) == ["DNH_EXPIRED"]
    assert bench.dnh_findings("S", expiry, date(2025, 1, 1)) == []


def test_dnh_petitionable_takes_effect_40_days_later_and_unknown_is_assumed() -> None:
    """A petitionable letter runs 40 days longer; a letter that does not say is taken as petitionable, marked."""
    expiry, _ = bench.dnh_expiry(date(2024, 1, 15), "no_hazard", petitionable=True)
    assert expiry == date(2025, 8, 24)
    unknown, assumed = bench.dnh_expiry(date(2024, 1, 15), "no_hazard", petitionable=None)
    assert unknown == expiry
    assert assumed


def test_determination_of_hazard_never_expires() -> None:
    """A Determination of Hazard has no expiry, so no finding however late."""
    expiry, _ = bench.dnh_expiry(date(2010, 1, 1), "hazard", petitionable=False)
    assert expiry is None
    assert bench.dnh_findings("S", expiry, date(2030, 1, 1)) == []


@pytest.mark.parametrize(("determination", "tags"), [("hazard", []), ("no hazard", ["DNH_EXPIRED"])])
def test_an_undated_determination_of_hazard_never_expires_whatever_it_prints(
    determination: str, tags: list[str]
) -> None:
    """A hazard letter printing a date to expire on, and no issue date, is still a Determination of Hazard."""
    fields = {"determination": determination, "expiration_date": "2021-06-30"}
    letter = bench.Doc("S", "faa_determination", date(2020, 1, 1), fields, "a.pdf")
    assert _tags(bench.site_findings("S", [letter], date(2030, 1, 1), stated_dnh=True)) == tags


def test_lease_auto_renews_across_two_terms() -> None:
    """Stated end 2020-06-30, 5-year renewals, 2 left: runs to 2025-06-30, then 2030-06-30, then ends."""
    assert bench.lease_term_end(date(2020, 6, 30), 5, 2, date(2020, 6, 30)) == (date(2020, 6, 30), 2)
    assert bench.lease_term_end(date(2020, 6, 30), 5, 2, date(2020, 7, 1)) == (date(2025, 6, 30), 1)
    assert bench.lease_term_end(date(2020, 6, 30), 5, 2, date(2025, 7, 1)) == (date(2030, 6, 30), 0)
    assert bench.lease_term_end(date(2020, 6, 30), 5, 2, date(2031, 1, 1)) == (date(2030, 6, 30), 0)


def test_lease_findings_use_the_running_term() -> None:
    """In the second term the notice deadline counts back from that term's end, not the stated one."""
    terms = {"expiration_date": "2020-06-30", "renewal_term_years": "5", "renewals_remaining": "2", "notice_days": "90"}
    found = bench.lease_findings("S", "L1", terms, date(2025, 4, 1))
    assert [(f.tag, f.due) for f in found] == [
        ("NEXT_TERM_END", date(2025, 6, 30)),
        ("NOTICE_WINDOW_CLOSING", date(2025, 4, 1)),
    ]
    assert bench.lease_findings("S", "L1", terms, date(2022, 1, 1)) == []
    last = bench.lease_findings("S", "L1", terms, date(2030, 5, 1))
    assert _tags(last) == ["NEXT_TERM_END"]  # no renewal left, so no notice window


def test_options_left_without_a_stated_length_run_five_years_assumed() -> None:
    """LEASE-TERM's typical 5-year option when the amendment gives renewals left but no term length."""
    terms = {"expiration_date": "2020-06-30", "renewals_remaining": "1", "notice_days": "90"}
    found = bench.lease_findings("S", "L1", terms, date(2025, 5, 1))
    assert [(f.tag, f.due, f.assumed) for f in found] == [
        ("NEXT_TERM_END", date(2025, 6, 30), ("renewal_term_years=5",)),
    ]


def test_substantial_change_tower_ten_percent_or_twenty_feet() -> None:
    """A 150 ft tower may grow 20 ft (more than 10%); a 300 ft tower 30 ft (10% is more than 20 ft)."""
    assert not bench.substantial_change(150.0, 170.0)
    assert bench.substantial_change(150.0, 170.5)
    assert not bench.substantial_change(300.0, 330.0)
    assert bench.substantial_change(300.0, 331.0)


def test_inspection_interval_by_structure_and_stated_sooner_date() -> None:
    """Guyed towers fall due after 3 years; a report stating a sooner date governs."""
    insp = {"inspection_date": "2020-05-01", "structure_type": "guyed"}
    assert bench.inspection_findings("S", insp, date(2023, 5, 1)) == [
        bench.Finding(
            "S", "INSPECTION_DUE", due=date(2023, 5, 1), assumed=("class/coastal/corrosive: default interval",)
        )
    ]
    assert _tags(bench.inspection_findings("S", insp, date(2023, 5, 2))) == ["INSPECTION_OVERDUE"]
    sooner = {**insp, "structure_type": "monopole", "next_inspection_date": "2022-05-01"}
    assert _tags(bench.inspection_findings("S", sooner, date(2022, 6, 1))) == ["INSPECTION_OVERDUE"]


def test_inspection_of_unknown_structure_is_overdue_only_past_the_longest_interval() -> None:
    """No structure type: no type's interval is longer than 5 years, so after 5 it is overdue whatever the
    tower is; before that the truth calls for nothing it could compare (the input is missing)."""
    insp = {"inspection_date": "2019-09-04"}
    assert bench.inspection_findings("S", insp, date(2024, 9, 4)) == []
    assert bench.inspection_findings("S", insp, date(2024, 9, 5)) == [
        bench.Finding(
            "S", "INSPECTION_OVERDUE", due=date(2024, 9, 4), assumed=("class/coastal/corrosive: default interval",)
        )
    ]
