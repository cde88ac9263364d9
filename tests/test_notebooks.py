"""The notebooks: committed clean, executed by papermill, and telling the same numbers as `towerkit query`."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import pytest
from report_fixtures import build_db

from towerkit import jobs
from towerkit.analysis import rule_info
from towerkit.report_data import queries_dir, read_glue, rule_queries

REPO = Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 120  # a hung cell fails the test instead of stalling the suite
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AS_OF = "2026-02-01"


def _pipeline_available() -> bool:
    """The real sample generator and ingest pipeline have landed (issue 7 was built before them)."""
    try:
        from towerkit.fields import load_catalog  # noqa: F401  (the ingest pipeline needs it)
        from towerkit.ingest import ingest  # noqa: F401
        from towerkit.sample import generate  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(name="report_db", scope="session")
def _report_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database from a small generated corpus ingested by the real pipeline (SQL inserts until it lands)."""
    folder = tmp_path_factory.mktemp("reports")
    db = folder / "towerkit.duckdb"
    if not _pipeline_available():
        return build_db(db)
    from towerkit.ingest import ingest
    from towerkit.sample import generate

    corpus = folder / "corpus"
    generate(corpus, docs=14, seed=7)
    ingest([corpus], db, workers=2, progress=False)
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
    assert "<img" in page and "<table" in page
    if name == "drift_analysis":
        from towerkit.store import open_db

        with open_db(report_db, read_only=True) as conn:
            (events,) = conn.execute("SELECT count(*) FROM drift_events").fetchone() or (0,)
        assert summary["events"] == events
        assert sum(summary["kinds"].values()) == events
    if name == "template_clustering":
        assert 1 <= summary["clusters"] <= summary["documents"] and summary["documents"] >= 5


def _query_json(db: Path, name: str, params: dict[str, object]) -> list[dict[str, object]]:
    args = [sys.executable, "-m", "towerkit", "query", name, "--db", str(db), "--format", "json"]
    for key, value in params.items():
        if value is not None:
            args += ["--param", f"{key}={value}"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    return rows["rows"] if isinstance(rows, dict) and "rows" in rows else rows


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
    assert summary["as_of"] == AS_OF and summary["horizon_days"] == 60 and summary["zone"] == zone
    assert set(summary["findings"]) == {r.name for r in rule_queries()}
    for name, rows in summary["rules"].items():
        info = rule_info(name, (queries_dir() / f"{name}.sql").read_text(encoding="utf-8"))
        expected = _query_json(report_db, name, {k: v for k, v in params.items() if k in info.params})
        assert json.loads(json.dumps(rows)) == expected, name
        assert summary["findings"][name] == len(expected)


@pytest.mark.notebooks
def test_papermill_cli_runs_the_notebooks_directly(report_db: Path, tmp_path: Path) -> None:
    """`papermill notebooks/X.ipynb out.ipynb -p db_path ...` works without towerkit's runner (cron docs)."""
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(REPO / "notebooks" / "compliance_report.ipynb"), str(out),
         "-p", "db_path", str(report_db), "-p", "as_of", AS_OF, "-p", "horizon_days", "30", "--no-progress-bar"],
        capture_output=True, text=True, timeout=300, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = read_glue(out)["summary"]
    assert summary["as_of"] == AS_OF and summary["horizon_days"] == 30
    assert summary["documents"] == summary["ingested"] + summary["quarantined"] + summary["failed"]


@pytest.mark.notebooks
def test_ingest_batch_notebook_ingests_a_corpus(tmp_path: Path) -> None:
    """The batch-ingest notebook runs the real pipeline and glues its run summary."""
    if not _pipeline_available():
        if IN_CI:
            pytest.fail("towerkit.sample / the ingest pipeline is missing")
        pytest.skip("the sample generator and ingest pipeline have not landed yet")
    from towerkit.sample import generate

    corpus = tmp_path / "corpus"
    generate(corpus, docs=6, seed=3)
    db = tmp_path / "batch.duckdb"
    result = jobs.run_report("ingest_batch", db, {"input_dir": str(corpus), "workers": "2"}, tmp_path / "out",
                             timeout_s=CELL_TIMEOUT_S)
    summary = read_glue(result.ipynb)["summary"]
    files = sum(1 for p in corpus.rglob("*") if p.is_file() and p.name != "ground_truth.jsonl")
    assert summary["files"] == files
    assert summary["ingested"] + summary["quarantined"] + summary["failed"] + summary["duplicates"] == files
    assert db.is_file()


def test_as_of_default_is_today() -> None:
    """The compliance report's as_of parameter defaults to None, which the report reads as today."""
    declared = jobs.declared_parameters(REPO / "notebooks" / "compliance_report.ipynb")
    assert declared["as_of"]["default"] == "None"
    from towerkit.analysis import resolve_as_of

    assert resolve_as_of(None) == date.today()
