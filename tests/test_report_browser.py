# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""The HTML report as a reader sees it: rendered by headless Chromium, offline."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from report_fixtures import build_db

from towerkit.reports import jobs

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    """The Chromium binary; under CI its absence fails the run (make test installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if IN_CI:
            pytest.fail("chromium is not installed (scripts/system-deps.sh --browser installs it)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return found


def render(html: Path, work: Path) -> tuple[str, bytes]:
    """The page's DOM after rendering, and a PNG screenshot of it."""
    binary = chromium()
    profile = work / "profile"
    shot = work / "shot.png"
    common = [binary, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1800"]
    dom = subprocess.run(
        [*common, "--dump-dom", html.resolve().as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    subprocess.run(
        [*common, f"--screenshot={shot}", html.resolve().as_uri()], capture_output=True, timeout=120, check=True
    )
    return dom, shot.read_bytes()


@pytest.mark.browser
@pytest.mark.notebooks
def test_compliance_report_renders_tables_and_charts_in_chromium(tmp_path: Path) -> None:
    """Chromium shows the report's tables and PNG charts offline, and the screenshot is not blank."""
    db = build_db(tmp_path / "t.duckdb")
    result = jobs.run_report("compliance_report", db, {"as_of": "2026-02-01"}, tmp_path / "out", timeout_s=120)
    dom, png = render(result.html, tmp_path)
    assert "<table" in dom
    assert "<img" in dom
    assert dom.count("data:image/png;base64,") >= 2
    assert "Compliance report" in dom
    assert "Quarantine backlog" in dom
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert pixels.shape[0] >= 1000
    dark = (pixels < 128).mean()
    assert 0.003 < dark < 0.5, f"screenshot looks blank or broken ({dark:.4f} dark pixels)"
    (tmp_path / "out" / "screenshot.png").write_bytes(png)
