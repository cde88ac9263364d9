# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""The notebooks: committed clean, executed by papermill, and telling the same numbers as `towerkit query`."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from towerkit.pipeline.ingest import ingest
from towerkit.queries import queries_dir, run_query, with_review_flags
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


EXPECTED = {"compliance_report", "drift_analysis", "template_clustering", "ingest_batch", "review"}
ALLOWED_VALUES = (ast.Call, ast.Name, ast.Constant, ast.Attribute, ast.Subscript)
"""What a cell may assign: the result of a call, or a value read as it is (no arithmetic, no literals built)."""
FORBIDDEN = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.If,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.IfExp,
    ast.BoolOp,
    ast.Compare,
    ast.BinOp,
    ast.JoinedStr,
    ast.Dict,
    ast.Match,
)
"""Logic: anything that decides, loops, defines or formats belongs in towerkit.reports."""


def logic_problems(source: str) -> list[str]:
    """What in a code cell is more than a call into the package (empty: the cell is only calls)."""
    tree = ast.parse(source)
    problems = []
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ALLOWED_VALUES):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, (ast.Call, ast.Name)):
            continue
        problems.append(f"line {stmt.lineno}: {type(stmt).__name__} statement")
    problems += [
        f"line {getattr(node, 'lineno', '?')}: {type(node).__name__}"
        for node in ast.walk(tree)
        if isinstance(node, FORBIDDEN)
    ]
    return problems


def check_notebook(path: Path) -> list[str]:
    """Every rule of notebooks/README.md a notebook breaks (empty: it keeps them all)."""
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    problems = []
    if nb.nbformat != 4:
        problems.append(f"nbformat {nb.nbformat}, not 4")
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1 or tagged[0].cell_type != "code":
        problems.append(f"{len(tagged)} cells tagged parameters, not one code cell")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.outputs:
            problems.append(f"cell {i} holds outputs")
        if cell.execution_count is not None:
            problems.append(f"cell {i} holds an execution count")
        if "import duckdb" in cell.source:
            problems.append(f"cell {i} imports duckdb")
        if cell not in tagged:
            problems += [f"cell {i} {p}" for p in logic_problems(cell.source)]
    return problems


def test_every_report_has_a_committed_notebook() -> None:
    """The five reports are plain .ipynb files, and no generator script stands behind them."""
    assert {p.stem for p in NOTEBOOKS} >= EXPECTED
    assert not (REPO / "notebooks" / "_build.py").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_keeps_the_rules(path: Path) -> None:
    """Valid nbformat 4, one parameters cell, no outputs or counts, code cells that only call the package."""
    assert check_notebook(path) == []


def test_the_logic_check_catches_logic() -> None:
    """The cell check refuses loops, branches, definitions, comprehensions, formatting; it accepts calls."""
    ok = "import x\nfrom a import b\nv = x.f(1, k=b)\nw = v.attr\nz = v['k']\nx.show(v)\ndisplay(z)\nv"
    assert logic_problems(ok) == []
    for bad in (
        "for r in x:\n    f(r)",
        "if x:\n    f()",
        "def f():\n    pass",
        "class A:\n    pass",
        "while x:\n    f()",
        "with x:\n    f()",
        "try:\n    f()\nexcept E:\n    pass",
        "f(lambda v: v)",
        "y = [v for v in x]",
        "f(a if x else b)",
        "f(x.height and 1)",
        "y = x + 1",
        "f(f'{x}')",
        "glue('s', {'a': 1})",
        "x += 1",
    ):
        assert logic_problems(bad), bad


def test_a_notebook_edited_and_saved_by_jupyter_still_passes(tmp_path: Path) -> None:
    """Jupyter's save (nbformat.write, indent 1, its own language_info) of an edited notebook keeps the rules."""
    for source in NOTEBOOKS:
        nb = nbformat.read(str(source), as_version=4)
        markdown = next(c for c in nb.cells if c.cell_type == "markdown")
        markdown.source += "\n\nA note added by an analyst in Jupyter."
        nb.metadata["language_info"] = {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": "3.12.3",
        }
        saved = tmp_path / source.name
        nbformat.write(nb, str(saved))  # what Jupyter's contents manager calls on save
        text = saved.read_text(encoding="utf-8")
        assert text.startswith('{\n "cells": [\n  {'), "Jupyter indents by one space"
        assert check_notebook(saved) == []
        declared = jobs.declared_parameters(saved)
        assert set(declared) == set(jobs.declared_parameters(source))


def test_a_notebook_with_logic_or_outputs_fails_the_check(tmp_path: Path) -> None:
    """The rules bite: a loop added to a cell, an output left in, a second parameters cell are all reported."""
    source = REPO / "notebooks" / "compliance_report.ipynb"
    nb = nbformat.read(str(source), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("for r in report.data.rules:\n    print(r)"))
    nb.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}))
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    first_code.outputs = [nbformat.v4.new_output("stream", text="hello")]
    first_code.execution_count = 3
    saved = tmp_path / "edited.ipynb"
    nbformat.write(nb, str(saved))
    problems = " | ".join(check_notebook(saved))
    assert "2 cells tagged parameters" in problems
    assert "holds outputs" in problems
    assert "execution count" in problems
    assert "For statement" in problems


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
        frame = with_review_flags(conn, frame)  # as `towerkit query` shows a rule's rows
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
