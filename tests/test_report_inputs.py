# ruff: noqa: S101, PLR2004, INP001
"""The compliance report's "inputs missing or assumed" table, read from the notes the rule queries write."""

from __future__ import annotations

import polars as pl

from towerkit.reports.compliance_summary import missing_inputs


def test_missing_and_assumed_inputs_are_counted_per_rule_and_site() -> None:
    """Each (rule, input, kind) counts distinct sites; notes of other kinds and rules without notes are ignored."""
    leases = pl.DataFrame(
        {
            "site_id": ["S1", "S1", "S2", "S3"],
            "notes": [
                ["assumed: notice_days=90", "assumed: renewals_remaining=0"],
                ["assumed: notice_days=90"],
                ["assumed: notice_days=90", "lapsed: its last term ended with no renewal left"],
                ["missing: expiration_date"],
            ],
        }
    )
    permits = pl.DataFrame({"site_id": ["S9"], "tag": ["PERMIT_EXPIRED"]})
    got = missing_inputs({"lease_notice_windows": leases, "permits_expiring": permits})
    assert got.rows() == [
        ("lease_notice_windows", "expiration_date", "missing", 1),
        ("lease_notice_windows", "notice_days=90", "assumed", 2),
        ("lease_notice_windows", "renewals_remaining=0", "assumed", 1),
    ]


def test_no_notes_gives_an_empty_table_with_its_columns() -> None:
    """A portfolio whose rules assumed nothing gives zero rows, not an error."""
    got = missing_inputs({"asr_missing": pl.DataFrame({"site_id": ["S1"]})})
    assert got.height == 0
    assert got.columns == ["rule", "input", "kind", "sites"]
