# ruff: noqa: S101, PLR2004, INP001, S603
"""What a scheduler relies on from ``ingest``: the JSON object, --fail-on's exit codes, the progress switch."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from towerkit.cli.ingest_cmd import fail_on_code
from towerkit.errors import ExitCode
from towerkit.pipeline.progress import Progress


def _ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", "ingest", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(name="corpus")
def _corpus(tmp_path: Path) -> Path:
    """Two good text logs and one empty file in one zone."""
    site = tmp_path / "c" / "north" / "KS-0001"
    site.mkdir(parents=True)
    for i in (1, 2):
        (site / f"log{i}.txt").write_text(
            f"SITE VISIT LOG\nSite ID: KS-0001\nDate: 2026-0{i}-15\nTechnician: A. Smith\nActivity: inspection\n"
            "Light outage: no\nFindings: all lights working\n",
            encoding="utf-8",
        )
    (site / "empty.pdf").write_bytes(b"")
    return tmp_path / "c"


def test_json_lists_failed_files_and_fail_on_sets_the_exit(corpus: Path, tmp_path: Path) -> None:
    """The failed file is listed with its reason; --fail-on failed exits 5; without it the run exits 0."""
    r = _ingest(str(corpus), "--db", str(tmp_path / "a.duckdb"), "--json", "--workers", "0", "--fail-on", "failed")
    assert r.returncode == 5, r.stderr
    body = json.loads(r.stdout)
    assert body["failed"] == 1
    assert [f["path"].endswith("empty.pdf") for f in body["failed_files"]] == [True]
    assert body["failed_files"][0]["reason"].startswith("empty")
    assert body["paused_zones"] == []
    again = _ingest(str(corpus), "--db", str(tmp_path / "b.duckdb"), "--json", "--workers", "0")
    assert again.returncode == 0
    bad = _ingest(str(corpus), "--db", str(tmp_path / "c.duckdb"), "--fail-on", "warnings")
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr


def test_fail_on_order_and_codes() -> None:
    """Failed beats quarantined beats findings; a condition not asked for never changes the code."""
    assert fail_on_code([], 3, 2, 1) == ExitCode.OK
    assert fail_on_code(["findings", "failed"], 3, 2, 1) == ExitCode.FAILED_FILES
    assert fail_on_code(["quarantined", "findings"], 3, 2, 1) == ExitCode.QUARANTINED
    assert fail_on_code(["findings"], 0, 0, 4) == ExitCode.FINDINGS
    assert fail_on_code(["failed", "quarantined"], 0, 0, 4) == ExitCode.OK
    assert {int(ExitCode.FAILED_FILES), int(ExitCode.QUARANTINED), int(ExitCode.FINDINGS)} == {5, 6, 7}


def test_progress_bar_shows_counts_rate_and_eta_only_when_asked() -> None:
    """A forced bar reports done/total and outcomes; an unwatched stream gets nothing."""
    shown = io.StringIO()
    p = Progress(enabled=True, stream=shown)
    for _ in range(4):
        p.add_found()
    p.finish_discovery()
    for outcome in ("ingested", "ingested", "failed", "duplicate"):
        p.record(outcome)
    p.close()
    last = shown.getvalue().rsplit("\r", 1)[-1]
    assert "4/4" in last
    assert "failed=1" in last and "ingested=2" in last
    assert "file/s" in last
    quiet = io.StringIO()
    q = Progress(stream=quiet)  # a StringIO is no terminal and no Jupyter kernel runs here
    q.add_found()
    q.record("ingested")
    q.close()
    assert quiet.getvalue() == ""
