# ruff: noqa: S101, PLR2004, INP001, S603
"""Parameters as a user gives them to ``query`` and ``report``: both forms, a YAML file, checked against the data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import build_db

from towerkit.errors import UsageError
from towerkit.parameters import closest, merge_params


def towerkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, run from ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.fixture(name="db", scope="module")
def _db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("params") / "p.duckdb")


def test_both_forms_and_a_file_give_the_same_parameters(tmp_path: Path) -> None:
    """-p KEY VALUE, --param KEY=VALUE (split at the first '=') and YAML agree; the command line wins."""
    f = tmp_path / "p.yaml"
    f.write_text("zone: north\nhorizon_days: 30\nas_of: 2026-01-31\n", encoding="utf-8")
    got = merge_params([("zone", "south")], ["note=a=b"], [f])
    assert got == {"zone": "south", "horizon_days": 30, "as_of": "2026-01-31", "note": "a=b"}
    with pytest.raises(UsageError, match="given twice"):
        merge_params([("zone", "south")], ["zone=north"])
    with pytest.raises(UsageError, match="KEY=VALUE"):
        merge_params([], ["zone"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(UsageError, match="must be a mapping"):
        merge_params([], [], [bad])


def test_closest_names_existing_values_case_blind() -> None:
    """The error names the values the user most likely meant, or says there are none."""
    assert closest("Sout", ["east", "north", "south", "west"]).startswith("closest: south")
    assert "ingest first" in closest("x", [])


@pytest.mark.parametrize("form", [("-p", "zone", "Sout"), ("--param", "zone=Sout")])
def test_query_refuses_a_misspelt_zone(db: Path, tmp_path: Path, form: tuple[str, ...]) -> None:
    """A typo is exit 2 with the closest zones named, never '0 rows'."""
    r = towerkit("query", "permits_expiring", "--db", str(db), *form, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().startswith("towerkit: no zone 'Sout' in the database; closest:")
    assert r.stdout == ""


def test_query_accepts_a_real_zone_in_either_form(db: Path, tmp_path: Path) -> None:
    """The same query with the zone spelt right runs in both forms and gives the same rows."""
    zone = "south"
    a = towerkit("query", "permits_expiring", "--db", str(db), "-p", "zone", zone, "--format", "json", cwd=tmp_path)
    b = towerkit("query", "permits_expiring", "--db", str(db), "--param", f"zone={zone}", "--format", "json", cwd=tmp_path)
    assert a.returncode == 0, a.stderr
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_report_refuses_a_misspelt_zone_before_any_kernel(db: Path, tmp_path: Path) -> None:
    """``report -p zone nowhere`` fails in one line, and writes no report."""
    out = tmp_path / "out"
    r = towerkit("report", "compliance_report", "--db", str(db), "-p", "zone", "nowhere", "--out", str(out), cwd=tmp_path)
    assert r.returncode == 2
    assert "no zone 'nowhere' in the database" in r.stderr
    assert r.stderr.count("\n") == 1
    assert not out.exists()
    r = towerkit("report", "drift_analysis", "--db", str(db), "--param", "template_id=tpl-nope", cwd=tmp_path)
    assert r.returncode == 2
    assert "no template_id 'tpl-nope'" in r.stderr
