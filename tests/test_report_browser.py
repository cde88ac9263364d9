# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""The HTML report as a reader sees it: rendered by headless Chromium, offline."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from towerkit.pipeline.ingest import ingest
from towerkit.reports import jobs
from towerkit.sample import generate
from towerkit.store import open_db

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


COMPUTED_STYLE_PROBE = """<script>
document.querySelectorAll("td").forEach((td) => { td.dataset.whiteSpace = getComputedStyle(td).whiteSpace; });
</script>"""
"""Marks every cell with the white-space Chromium computed for it, so the dumped DOM shows what the reader gets."""
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
UNITS = ("(ft)", "(%)", "(USD)", "(days)")
AS_OF = "2026-02-01"
SHOT_HEIGHT = 9000
"""Pixels of page the screenshot keeps: headless Chromium shoots the window only, and a report runs this long."""
HORIZON_DAYS = 90


def render(html: Path, work: Path) -> tuple[str, bytes]:
    """The page's DOM after rendering (each cell marked with its computed white-space), and a PNG screenshot."""
    binary = chromium()
    profile = work / "profile"
    shot = work / "shot.png"
    probed = work / f"probed-{html.name}"
    probed.write_text(html.read_text(encoding="utf-8").replace("</body>", COMPUTED_STYLE_PROBE + "</body>"), "utf-8")
    common = [binary, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1800"]
    dom = subprocess.run(
        [*common, "--dump-dom", probed.resolve().as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    tall = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size=1200,{SHOT_HEIGHT}"]
    subprocess.run(
        [*tall, f"--screenshot={shot}", html.resolve().as_uri()], capture_output=True, timeout=120, check=True
    )
    return dom, shot.read_bytes()


@pytest.fixture(name="ingested_db", scope="module")
def _ingested_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus ingested by the real pipeline: real audit chain, run manifest, far-overdue deadlines."""
    corpus = tmp_path_factory.mktemp("corpus")
    generate(corpus, docs=14, seed=7)
    db = tmp_path_factory.mktemp("db") / "towerkit.duckdb"
    ingest([corpus], db, workers=2, progress=False)
    return db


def check_report_dom(dom: str, horizon_days: int) -> BeautifulSoup:
    """What a reader of any report must find: HTML tables, unbroken dates, the footer last."""
    soup = BeautifulSoup(dom, "html.parser")
    tables = soup.find_all("table")
    assert tables, "no <table> in the report"
    dates = [td for td in soup.find_all("td") if ISO_DATE.match(td.get_text(strip=True))]
    assert all(td.get("data-white-space") == "nowrap" for td in dates), "a date cell may wrap at its hyphens"
    assert not any(td.get_text().startswith('"') for td in soup.find_all("td")), "a table shows quoted strings"
    footer = soup.find("footer", class_="towerkit-footer")
    assert footer is not None, "no report footer"
    head = footer.find("code", class_="audit-head")
    assert head is not None
    assert HEX64.match(head.get_text(strip=True))
    text = footer.get_text(" ", strip=True)
    assert "Database" in text
    assert "Catalog sha256" in text
    assert not footer.find_all_next(["table", "img"]), "the footer is not the end of the report"
    lowered = soup.get_text(" ").lower()
    assert "intact: audit chain intact" not in lowered
    for img in soup.find_all("img", attrs={"data-xlim": True}):
        if img["alt"].startswith("Deadlines"):
            lo, hi = (float(v) for v in img["data-xlim"].split())
            assert -horizon_days <= lo < 0, "the overdue lane is missing or stretches the axis"
            assert hi == horizon_days
    return soup


@pytest.mark.browser
@pytest.mark.notebooks
def test_compliance_report_renders_tables_and_charts_in_chromium(ingested_db: Path, tmp_path: Path) -> None:
    """Chromium shows the report offline: a horizon-sized chart, tables with units, unbroken dates, the footer."""
    out = tmp_path / "out"
    params = {"as_of": AS_OF, "horizon_days": str(HORIZON_DAYS)}
    result = jobs.run_report("compliance_report", ingested_db, params, out, timeout_s=120)
    dom, png = render(result.html, tmp_path)
    (out / "screenshot.png").write_bytes(png)
    soup = check_report_dom(dom, HORIZON_DAYS)
    assert "Compliance report" in dom
    assert "Quarantine backlog" in dom
    assert dom.count("data:image/png;base64,") >= 2
    dates = [td for td in soup.find_all("td") if ISO_DATE.match(td.get_text(strip=True))]
    assert len(dates) >= 5, "the deadline and finding tables show due dates"
    headers = [th.get_text(strip=True) for th in soup.find_all("th")]
    assert any(h.endswith(UNITS) for h in headers), headers
    chart = [img for img in soup.find_all("img") if img.get("alt", "").startswith("Deadlines")]
    assert len(chart) == 1
    assert "data-xlim" in chart[0].attrs
    with open_db(ingested_db, read_only=True) as conn:
        (entries,) = conn.execute("SELECT count(*) FROM audit_log").fetchone() or (0,)
        (run_id,) = conn.execute("SELECT max(run_id) FROM runs").fetchone() or ("",)
    footer = soup.find("footer", class_="towerkit-footer")
    assert footer is not None
    assert footer["data-audit-entries"] == str(entries)
    assert set(footer["data-audit-head"]) != {"0"}, "an ingested database has a chain"
    assert run_id in footer.get_text()
    assert str(ingested_db.resolve()) in footer.get_text()
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert pixels.shape[0] >= 1000
    dark = (pixels < 128).mean()
    assert 0.003 < dark < 0.5, f"screenshot looks blank or broken ({dark:.4f} dark pixels)"


@pytest.mark.browser
@pytest.mark.notebooks
def test_drift_report_names_templates_and_ends_with_the_footer(ingested_db: Path, tmp_path: Path) -> None:
    """The drift report reads the same way: templates by issuer and type, unbroken dates, the footer last."""
    out = tmp_path / "out"
    result = jobs.run_report("drift_analysis", ingested_db, {}, out, timeout_s=120)
    dom, png = render(result.html, tmp_path)
    (out / "screenshot.png").write_bytes(png)
    soup = check_report_dom(dom, HORIZON_DAYS)
    with open_db(ingested_db, read_only=True) as conn:
        names = conn.execute("SELECT issuer || ' / ' || doc_type || ' r' || revision FROM templates").fetchall()
    text = soup.get_text(" ")
    assert all(name in text for (name,) in names)
