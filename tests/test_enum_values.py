# ruff: noqa: S101, PLR2004, INP001
"""Fields read where no catalog label names them: an enumeration's value under an unknown label,
dates written with ordinals, parties as contracts define them. Real files through the text engine."""

from __future__ import annotations

from pathlib import Path

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields import classify, load_catalog
from towerkit.fields.extract import read_fields

PERMIT_HEAD = "City of Bend Zoning Office\nBUILDING PERMIT\nPermit Number: BP-2024-66960\nDate Issued: 2024-02-12\n"


def _fields(tmp_path: Path, text: str) -> dict[str, str | None]:
    path = tmp_path / "doc.txt"
    path.write_text(text)
    doc = extract(path, Settings())
    catalog = load_catalog()
    fields, _ = read_fields(doc, classify(doc, catalog), catalog)
    return {f.field: f.value for f in fields}


def test_a_status_word_under_an_unknown_label_is_the_status(tmp_path: Path) -> None:
    got = _fields(tmp_path, PERMIT_HEAD + "Decision: Denied\n")
    assert got["permit_status"] == "denied"


def test_a_labelled_value_wins_over_a_value_found_by_its_words(tmp_path: Path) -> None:
    got = _fields(tmp_path, PERMIT_HEAD + "Decision: Denied\nPermit Status: Active\n")
    assert got["permit_status"] == "active"


def test_two_unlabelled_values_for_one_field_give_none(tmp_path: Path) -> None:
    got = _fields(tmp_path, PERMIT_HEAD + "Decision: Denied\nOutcome: Pending\n")
    assert "permit_status" not in got


def test_a_word_that_answers_many_questions_names_no_field(tmp_path: Path) -> None:
    faa = (
        "Federal Aviation Administration\nDetermination of No Hazard to Air Navigation\n"
        "Aeronautical Study No: 2024-ASW-1234-OE\nDate Issued: 2024-03-01\nRemarks: None\n"
    )
    assert "marking_lighting" not in _fields(tmp_path, faa)


def test_a_phrase_value_may_run_on_past_the_field_value(tmp_path: Path) -> None:
    faa = (
        "Federal Aviation Administration\nAeronautical Study No: 2024-ASW-1234-OE\n"
        "Date Issued: 2024-03-01\nFinding: No Hazard\nObstruction Treatment: Red lights and paint\n"
    )
    got = _fields(tmp_path, faa)
    assert (got["determination"], got["marking_lighting"]) == ("no_hazard", "red")


def test_a_study_that_resulted_in_a_determination_names_it(tmp_path: Path) -> None:
    faa = (
        "Federal Aviation Administration\nAeronautical Study No: 2024-ASW-1234-OE\n"
        "5.1 Outcome. The study resulted in a determination of No Hazard.\n"
    )
    assert _fields(tmp_path, faa)["determination"] == "no_hazard"


def test_ordinal_dates_in_running_text(tmp_path: Path) -> None:
    lease = (
        "FIRST AMENDMENT TO SITE LEASE AGREEMENT\nLease No: L-80523\n"
        "The lease commenced on the 18th of November, 2000.\n"
        "The current term expires on the 3rd day of March, 2026.\n"
    )
    got = _fields(tmp_path, lease)
    assert (got["commencement_date"], got["expiration_date"]) == ("2000-11-18", "2026-03-03")


def test_parties_are_named_where_a_contract_defines_them(tmp_path: Path) -> None:
    """``NAME ("Lessor")``: the defined term in quotes names the party before it, not the clause's heading."""
    lease = (
        "FIRST AMENDMENT TO SITE LEASE AGREEMENT\nLease No: L-80523\n"
        '2. Parties. Linda E. Harlan ("Lessor") is the owner of the property.\n'
        '3. Parties. Granite Wireless Consultants, LLC (the "Lessee") leases the premises.\n'
        "4. Rent. The monthly rent is Two Thousand and 25/100 Dollars ($2,000.25).\n"
        "5. Renewal. Each renewal term is 5 yrs.\n"
    )
    got = _fields(tmp_path, lease)
    assert (got["lessor"], got["lessee"]) == ("Linda E. Harlan", "Granite Wireless Consultants, LLC")
    assert (got["monthly_rent_usd"], got["renewal_term_years"]) == ("2000.25", "5")


def test_a_persons_name_is_not_the_inspection_firm(tmp_path: Path) -> None:
    report = (
        "STRUCTURAL INSPECTION REPORT\nSite ID: TX-1001\nPrepared By: Olga M. Nakamura\n"
        "Inspection Date: 2024-03-01\n"
    )
    assert _fields(tmp_path, report).get("inspection_firm") is None  # kept as unreadable text, not as the firm


def test_a_common_answer_names_no_compliance_input(tmp_path: Path) -> None:
    """``Standard`` answers many questions on an inspection (mounts, paint): it is no site environment."""
    report = "STRUCTURAL INSPECTION REPORT\nSite ID: TX-1001\nMount Type: Standard\nInspection Date: 2024-03-01\n"
    assert "site_environment" not in _fields(tmp_path, report)
