# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""The notebooks: committed clean, executed by papermill, and telling the same numbers as `towerkit query`."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from towerkit.pipeline.ingest import ingest
from towerkit.queries import queries_dir, run_query
from towerkit.reports import jobs
from towerkit.reports.loaders import rule_queries
from towerkit.reports.notebook import read_glue, resolve_as_of
from towerkit.reports.tables import frame_records
from towerkit.sample import generate
from towerkit.store import open_db

REPO = Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 120  # a hung cell fails the test instead of stalling the suite
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AS_OF = "2026-02-01"


@pytest.fixture(name="report_corpus", scope="session")
def _report_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated corpus."""
    corpus = tmp_path_factory.mktemp("corpus")
    generate(corpus, docs=14, seed=7)
    return corpus


@pytest.fixture(name="report_db", scope="session")
def _report_db(tmp_path_factory: pytest.TempPathFactory, report_corpus: Path) -> Path:
    """A database of the small corpus ingested by the real pipeline."""
    db = tmp_path_factory.mktemp("reports") / "towerkit.duckdb"
    ingest([report_corpus], db, workers=2, progress=False)
    return db


def test_committed_notebooks_have_no_outputs_and_one_parameters_cell() -> None:
    """Every committed notebook is stripped (no outputs, no execution counts) and has one parameters cell."""
    assert {p.stem for p in NOTEBOOKS} >= {"compliance_report", "drift_analysis", "template_clustering", "ingest_batch"}
    for path in NOTEBOOKS:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [], f"{path.name} holds outputs"
                assert cell.execution_count is None, f"{path.name} holds execution counts"
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one parameters cell"
        assert "import duckdb" not in "".join(c.source for c in nb.cells), f"{path.name} imports duckdb"


def test_committed_notebooks_match_their_builder(tmp_path: Path) -> None:
    """notebooks/_build.py regenerates the committed notebooks byte for byte (edit the builder, not the JSON)."""
    runpy.run_path(str(REPO / "notebooks" / "_build.py"))["build"](tmp_path)
    for path in NOTEBOOKS:
        assert (tmp_path / path.name).read_text() == path.read_text(), f"{path.name} differs from _build.py"


@pytest.mark.notebooks
@pytest.mark.parametrize("name", ["compliance_report", "drift_analysis", "template_clustering"])
def test_notebook_runs_under_papermill(name: str, report_db: Path, tmp_path: Path) -> None:
    """Each analysis notebook executes as a report job and glues a summary drawn from the database."""
    params = {"as_of": AS_OF} if name == "compliance_report" else {}
    result = jobs.run_report(name, report_db, params, tmp_path, timeout_s=CELL_TIMEOUT_S)
    summary = read_glue(result.ipynb)["summary"]
    page = result.html.read_text(encoding="utf-8")
    assert "<img" in page
    assert "<table" in page
    if name == "drift_analysis":
        with open_db(report_db, read_only=True) as conn:
            (events,) = conn.execute("SELECT count(*) FROM drift_events").fetchone() or (0,)
        assert summary["events"] == events
        assert sum(summary["kinds"].values()) == events
    if name == "template_clustering":
        assert 1 <= summary["clusters"] <= summary["documents"]
        assert summary["documents"] >= 5


def _query_cli(db: Path, name: str, params: dict[str, object]) -> list[dict[str, object]]:
    args = [sys.executable, "-m", "towerkit", "query", name, "--db", str(db), "--format", "json"]
    for key, value in params.items():
        if value is not None:
            args += ["--param", f"{key}={value}"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _query_in_process(db: Path, name: str, params: dict[str, object]) -> list[dict[str, object]]:
    with open_db(db, read_only=True) as conn:
        frame = run_query(conn, name, **{k: v for k, v in params.items() if v is not None})
    return json.loads(json.dumps(frame_records(frame), default=str))


@pytest.mark.notebooks
@pytest.mark.parametrize("zone", [None, "south"])
def test_compliance_report_equals_towerkit_query(report_db: Path, tmp_path: Path, zone: str | None) -> None:
    """The report's findings per rule are exactly the rows `towerkit query` returns for the same parameters."""
    if not rule_queries():
        if IN_CI:
            pytest.fail(f"no compliance rule queries in {queries_dir()}")
        pytest.skip("no compliance rule queries in queries/ yet")
    params: dict[str, object] = {"as_of": AS_OF, "horizon_days": 60, "zone": zone}
    given = {k: v for k, v in params.items() if v is not None}
    result = jobs.run_report("compliance_report", report_db, given, tmp_path, timeout_s=CELL_TIMEOUT_S)
    summary = read_glue(result.ipynb)["summary"]
    assert summary["as_of"] == AS_OF
    assert summary["horizon_days"] == 60
    assert summary["zone"] == zone
    infos = {r.name: r for r in rule_queries()}
    assert set(summary["findings"]) == set(infos)
    for name, rows in summary["rules"].items():
        expected = _query_in_process(report_db, name, {k: v for k, v in params.items() if k in infos[name].params})
        assert rows == expected, name
        assert summary["findings"][name] == len(expected)
    # the command itself, for the rules with most findings (a subprocess per rule would cost ~1 s each)
    busiest = sorted(summary["findings"], key=lambda n: -summary["findings"][n])[:2]
    for name in busiest:
        cli = _query_cli(report_db, name, {k: v for k, v in params.items() if k in infos[name].params})
        assert summary["rules"][name] == cli, name
    if zone is None:
        assert sum(summary["findings"].values()) > 0, "the sample corpus should raise some findings"


@pytest.mark.notebooks
def test_papermill_cli_runs_the_notebooks_directly(report_db: Path, tmp_path: Path) -> None:
    """`papermill notebooks/X.ipynb out.ipynb -p db_path ...` works without towerkit's runner (cron docs)."""
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(REPO / "notebooks" / "compliance_report.ipynb"),
            str(out),
            "-p",
            "db_path",
            str(report_db),
            "-p",
            "as_of",
            AS_OF,
            "-p",
            "horizon_days",
            "30",
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = read_glue(out)["summary"]
    assert summary["as_of"] == AS_OF
    assert summary["horizon_days"] == 30
    assert summary["documents"] == summary["ingested"] + summary["quarantined"] + summary["failed"]


@pytest.mark.notebooks
def test_ingest_batch_notebook_ingests_a_corpus(report_corpus: Path, tmp_path: Path) -> None:
    """The batch-ingest notebook runs the real pipeline on one zone and glues its run summary."""
    zones = sorted(
        (p for p in report_corpus.iterdir() if p.is_dir()), key=lambda p: sum(1 for f in p.rglob("*") if f.is_file())
    )
    zone = zones[0]  # the smallest zone keeps this test quick
    db = tmp_path / "batch.duckdb"
    result = jobs.run_report(
        "ingest_batch", db, {"input_dir": str(zone), "workers": "2"}, tmp_path / "out", timeout_s=CELL_TIMEOUT_S
    )
    summary = read_glue(result.ipynb)["summary"]
    files = sum(1 for p in zone.rglob("*") if p.is_file())
    assert summary["files"] == files
    assert summary["ingested"] + summary["quarantined"] + summary["failed"] + summary["duplicates"] == files
    assert "<table" in result.html.read_text(encoding="utf-8")


def test_as_of_default_is_today() -> None:
    """The compliance report's as_of parameter defaults to None, which the report reads as today."""
    declared = jobs.declared_parameters(REPO / "notebooks" / "compliance_report.ipynb")
    assert declared["as_of"]["default"] == "None"
    assert resolve_as_of(None) == datetime.now().astimezone().date()  # the local calendar day
