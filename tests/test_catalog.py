"""Tests of the TOML field catalog: packaged entries, user extension, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from towerkit.errors import UsageError
from towerkit.fields import load_catalog


def test_packaged_catalog_covers_design_fields() -> None:
    """Every DESIGN.md field has an entry, and critical sets are per doc type."""
    cat = load_catalog()
    for name in (
        "site_id",
        "site_name",
        "asr_number",
        "max_capacity_pct",
        "monthly_rent_usd",
        "asn",
        "permit_number",
        "light_outage",
        "findings",
        "structure_height_amsl_ft",
    ):
        assert name in cat.fields
    assert "structure_height_ft" in cat.critical("structural_inspection")
    assert "monthly_rent_usd" not in cat.critical("structural_inspection")
    assert "Tower Ht. AGL" in cat.labels("structure_height_ft")
    assert load_catalog() is load_catalog()


def test_user_catalog_adds_wording_and_changes_digest(tmp_path: Path) -> None:
    """A user TOML adds label wordings to a field and a new field; the digest changes."""
    f = tmp_path / "extra.toml"
    f.write_text(
        '[fields.site_id]\nlabels = ["Cell Site Ref"]\n\n[fields.zoning_case]\ntype = "text"\n'
        'doc_types = ["municipal_permit"]\nlabels = ["Zoning Case"]\n'
    )
    cat = load_catalog(f)
    assert "Cell Site Ref" in cat.labels("site_id") and "Site ID" in cat.labels("site_id")
    assert "zoning_case" in cat.fields
    assert cat.digest != load_catalog().digest


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[fields.x\n", "invalid TOML"),
        ('[fields.x]\ntype = "color"\n', "unknown type"),
        ('[fields.x]\ntype = "enum"\n', "allowed"),
        ('[fields.x]\npatterns = ["(unclosed"]\n', "bad regex"),
        ("[widgets]\na = 1\n", "unknown section"),
    ],
)
def test_bad_user_catalog_is_a_usage_error(tmp_path: Path, text: str, problem: str) -> None:
    """A bad user catalog raises UsageError with one line naming the file and the problem."""
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(UsageError, match=problem) as e:
        load_catalog(f)
    assert str(f) in str(e.value) and "\n" not in str(e.value)


def test_missing_user_catalog(tmp_path: Path) -> None:
    """A missing catalog file is a usage error, not a traceback."""
    with pytest.raises(UsageError, match="no such file"):
        load_catalog(tmp_path / "nope.toml")
