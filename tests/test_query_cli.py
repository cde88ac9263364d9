"""`towerkit query` and `towerkit tags` as a user runs them: real processes on a real database file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from test_rules import add_doc

from towerkit.store import connect

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package

AS_OF = "2026-06-30"
INGESTED = datetime(2026, 1, 1)  # noqa: DTZ001  documents.ingested_at is a naive UTC TIMESTAMP


def towerkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the towerkit command in a fresh interpreter."""
    return subprocess.run(  # noqa: S603  argv is this interpreter and the test's own arguments
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.fixture(name="db", scope="module")
def _db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with two sites over 200 ft without ASR (zones north and south), tags refreshed by the CLI."""
    path = tmp_path_factory.mktemp("cli") / "towerkit.duckdb"
    conn = connect(path)
    add_doc(
        conn,
        "d1",
        "S1",
        "structural_inspection",
        zone="north",
        structure_height_ft=250.0,
        inspection_date=date(2025, 1, 1),
        ingested_at=INGESTED,
    )
    add_doc(
        conn,
        "d2",
        "S2",
        "structural_inspection",
        zone="south",
        structure_height_ft=300.5,
        inspection_date=date(2025, 1, 1),
        ingested_at=INGESTED,
    )
    conn.close()
    done = towerkit("tags", "--db", str(path), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"as of {AS_OF}")
    return path


def test_list_shows_every_query_with_its_description() -> None:
    """--list prints one line per queries/*.sql file with its description and rule ids."""
    done = towerkit("query", "--list")
    names = {p.stem for p in (Path(__file__).resolve().parents[1] / "queries").glob("*.sql")}
    listed = {line.split()[0] for line in done.stdout.splitlines()}
    assert done.returncode == 0
    assert listed == names
    assert "Structures over" in done.stdout
    assert "FCC-ASR-REQ" in done.stdout


def test_json_format(db: Path) -> None:
    """--format json prints a list of objects with ISO dates and evidence lists."""
    done = towerkit("query", "asr_missing", "--db", str(db), "--format", "json")
    rows = json.loads(done.stdout)
    assert done.returncode == 0
    assert [(r["site_id"], r["height_ft"], r["doc_ids"]) for r in rows] == [
        ("S1", 250.0, ["d1"]),
        ("S2", 300.5, ["d2"]),
    ]


def test_csv_format(db: Path) -> None:
    """--format csv has a header row and joins evidence lists with ';'."""
    done = towerkit("query", "asr_missing", "--db", str(db), "--format", "csv", "--param", "zone=south")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.returncode == 0
    assert [(r["site_id"], r["doc_ids"]) for r in rows] == [("S2", "d2")]


def test_table_format_and_threshold_param(db: Path) -> None:
    """The table format names its row count; a DOUBLE parameter is taken from --param."""
    done = towerkit("query", "asr_missing", "--db", str(db), "--param", "height_threshold_ft=260")
    assert done.returncode == 0
    assert "S2" in done.stdout
    assert "S1" not in done.stdout
    assert done.stdout.rstrip().endswith("(1 rows)")


def test_bad_param_names_the_allowed_ones(db: Path) -> None:
    """An unknown parameter exits 2 with one line naming the parameters the query takes."""
    done = towerkit("query", "asr_missing", "--db", str(db), "--param", "height=100")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "towerkit: query asr_missing has no parameter 'height'; allowed: as_of, height_threshold_ft, zone"
    )


def test_malformed_value_is_one_line(db: Path) -> None:
    """A date that is not a date exits 2 with one line, no traceback."""
    done = towerkit("query", "inspections_overdue", "--db", str(db), "--param", "as_of=yesterday")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "as_of" in done.stderr


def test_injection_attempt_is_a_harmless_value(db: Path) -> None:
    """A zone carrying SQL is a value looked up, not run: an unknown zone, and the documents table is still there."""
    evil = "x'; DROP TABLE documents; --"
    done = towerkit("query", "asr_missing", "--db", str(db), "--format", "json", "--param", f"zone={evil}")
    assert done.returncode == 2
    assert done.stderr.startswith(f"towerkit: no zone {evil!r} in the database")
    conn = connect(db, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    finally:
        conn.close()


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    """A --db that does not exist exits 3 with one line and creates nothing."""
    missing = tmp_path / "none.duckdb"
    done = towerkit("query", "asr_missing", "--db", str(missing))
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1
    assert "does not exist" in done.stderr
    assert not missing.exists()


def test_unknown_query_is_one_line(db: Path) -> None:
    """An unknown query name exits 2 and lists the known ones."""
    done = towerkit("query", "nope", "--db", str(db))
    assert done.returncode == 2
    assert "known:" in done.stderr
    assert "Traceback" not in done.stderr


def test_tags_were_stored_by_the_cli(db: Path) -> None:
    """`towerkit tags` stored one ASR_MISSING tag per site; site_compliance_summary reports them."""
    done = towerkit("query", "site_compliance_summary", "--db", str(db), "--format", "json")
    rows = {r["site_id"]: r for r in json.loads(done.stdout)}
    assert rows["S1"]["tag_list"] == ["ASR_MISSING", "MARK_LIGHT_EXPECTED"]
    assert rows["S2"]["tags_as_of"] == AS_OF


@pytest.mark.usefixtures("db")
def test_describe_prints_the_header() -> None:
    """--describe shows the header with boundaries and parameters instead of running the query."""
    done = towerkit("query", "asr_missing", "--describe")
    assert done.returncode == 0
    assert "-- boundary:" in done.stdout
    assert "SELECT" not in done.stdout
