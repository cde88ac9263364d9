# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""towerkit.reports.jobs and `towerkit report`: parameter checks before any kernel, failures, a busy database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from report_fixtures import build_db

from towerkit.errors import DatabaseBusy, InputError, JobFailed, UsageError
from towerkit.reports import jobs
from towerkit.reports.data import open_read_only
from towerkit.reports.loaders import load_compliance
from towerkit.reports.notebook import read_glue

REPO = Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 120  # a hung cell fails the test instead of stalling the suite

HOLD_LOCK = """
import sys, time
from towerkit.store import connect
conn = connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.close()
"""


@pytest.fixture(name="db", scope="module")
def _db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small database filled by SQL inserts."""
    return build_db(tmp_path_factory.mktemp("jobs") / "t.duckdb")


def towerkit_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``towerkit ARGS`` in a fresh interpreter, as a user (or cron) runs it; the caller checks the exit code."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=300,
        check=False,
    )


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process opening the database for writing, as an ingest does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def custom_notebooks(folder: Path, cells: dict[str, list[str]]) -> Path:
    """Write one notebook per name (first cell tagged ``parameters``) into ``folder``, for $TOWERKIT_NOTEBOOKS."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, sources in cells.items():
        nb = new_notebook(
            cells=[new_code_cell(s) for s in sources],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        )
        nb.cells[0].metadata["tags"] = ["parameters"]
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return folder


def test_unknown_report_lists_the_available_ones() -> None:
    """An unknown name fails with one line naming every available report."""
    with pytest.raises(UsageError) as err:
        jobs.run_report("complaince_report", None, timeout_s=CELL_TIMEOUT_S)
    for name in ("compliance_report", "drift_analysis", "template_clustering", "ingest_batch"):
        assert name in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_parameter_fails_before_any_output(db: Path, tmp_path: Path) -> None:
    """A parameter the notebook does not declare is an error (papermill would only warn)."""
    with pytest.raises(UsageError, match="no parameter horizon"):
        jobs.run_report("compliance_report", db, {"horizon": "30"}, tmp_path / "out", timeout_s=CELL_TIMEOUT_S)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("report", "key", "value", "message"),
    [
        ("compliance_report", "as_of", "2026-02-30", "ISO date"),
        ("compliance_report", "horizon_days", "-1", "≥ 0"),
        ("compliance_report", "horizon_days", "ten", "integer"),
        ("compliance_report", "horizon_days", "2.5", "integer"),
        ("template_clustering", "threshold", "1.5", "between 0 and 1"),
        ("drift_analysis", "every", "weekly", "period"),
        ("ingest_batch", "workers", "-1", "≥ 0"),
    ],
)
def test_bad_values_are_refused_before_the_kernel(
    db: Path, tmp_path: Path, report: str, key: str, value: str, message: str
) -> None:
    """Dates must parse, counts must be non-negative integers, ranges hold: checked up front."""
    with pytest.raises(UsageError, match=message):
        jobs.run_report(
            report,
            db if report != "ingest_batch" else tmp_path / "new.duckdb",
            {key: value} | ({"input_dir": str(tmp_path)} if report == "ingest_batch" else {}),
            tmp_path / "out",
        )
    assert not (tmp_path / "out").exists()


def test_missing_database_is_an_input_error(tmp_path: Path) -> None:
    """A report on a database that does not exist fails before running, naming the file."""
    with pytest.raises(InputError, match="does not exist"):
        jobs.run_report("drift_analysis", tmp_path / "nope.duckdb", {}, tmp_path / "out", timeout_s=CELL_TIMEOUT_S)


def test_cli_errors_print_one_line_and_exit_non_zero(tmp_path: Path) -> None:
    """The CLI turns usage and input errors into one stderr line and distinct exit codes."""
    unknown = towerkit_cli("report", "nope")
    assert unknown.returncode == 2
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert "compliance_report" in unknown.stderr
    missing = towerkit_cli("report", "compliance_report", "--db", str(tmp_path / "x.duckdb"))
    assert missing.returncode == 3
    assert "does not exist" in missing.stderr
    listing = towerkit_cli("report", "--list")
    assert listing.returncode == 0
    assert "compliance_report" in listing.stdout
    assert "horizon_days=90" in listing.stdout


def test_busy_database_fails_fast_with_one_line(db: Path, tmp_path: Path) -> None:
    """While another process writes the database, the report waits --wait seconds, then exits 4."""
    holder = hold_write_lock(db, 30)
    try:
        proc = towerkit_cli("report", "compliance_report", "--db", str(db), "--wait", "1", "--out", str(tmp_path / "o"))
        gave_up_while_locked = holder.poll() is None  # it did not sit out the writer's 30 s
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 4, proc.stderr
    assert "busy" in proc.stderr
    assert "waited 1 s" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert gave_up_while_locked
    assert not (tmp_path / "o").exists()


@pytest.mark.notebooks
def test_report_waits_for_a_writer_that_finishes(db: Path, tmp_path: Path) -> None:
    """A writer that releases the database within the wait lets the report run normally."""
    holder = hold_write_lock(db, 1.5)
    try:
        result = jobs.run_report("drift_analysis", db, {}, tmp_path / "o", wait_s=20, timeout_s=CELL_TIMEOUT_S)
    finally:
        holder.wait(timeout=30)
    assert result.html.is_file()


def test_loading_releases_the_database_for_a_writer(db: Path) -> None:
    """Once a report has loaded its frames, a writing process can open the database at once."""
    data = load_compliance(db, as_of=date(2026, 2, 1), horizon_days=30)
    assert data.documents.height > 0
    writer = subprocess.run(
        [sys.executable, "-c", HOLD_LOCK, str(db), "0"], capture_output=True, text=True, timeout=60, check=False
    )
    assert writer.returncode == 0, writer.stderr


@pytest.mark.notebooks
def test_failing_cell_becomes_job_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception in a cell surfaces as JobFailed with the cell index, error name and value."""
    folder = custom_notebooks(tmp_path / "nb", {"broken": ["x = 1", "y = 2", "raise ValueError('boom at ' + str(x))"]})
    monkeypatch.setenv("TOWERKIT_NOTEBOOKS", str(folder))
    with pytest.raises(JobFailed) as err:
        jobs.run_report("broken", None, {"x": "7"}, tmp_path / "out", timeout_s=CELL_TIMEOUT_S)
    assert (err.value.ename, err.value.evalue) == ("ValueError", "boom at 7")
    assert err.value.cell_index == 3  # papermill's injected-parameters cell comes after cell 0
    assert (tmp_path / "out" / "broken.ipynb").is_file()  # the executed notebook keeps the traceback
    env = {**os.environ, "TOWERKIT_NOTEBOOKS": str(folder)}
    proc = subprocess.run(
        [sys.executable, "-m", "towerkit", "report", "broken", "--out", str(tmp_path / "o2")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    # nothing injected this time, so the failing cell is index 2; the error is the last stderr line
    # (the kernel process shares stderr, and may warn there, e.g. while building a font cache)
    assert proc.stderr.strip().splitlines()[-1] == "towerkit: report broken failed in cell 2: ValueError: boom at 1"


@pytest.mark.notebooks
def test_kernel_is_this_environment_and_values_are_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The python3 kernel runs in this interpreter's environment, and CLI strings arrive typed."""
    folder = custom_notebooks(
        tmp_path / "nb",
        {
            "probe": [
                "n = 1\nratio = 0.5\nlabel = None\nflag = False",
                (
                    "import sys\nfrom towerkit.reports.notebook import glue\n"
                    "glue('env', {'prefix': sys.prefix, 'n': n, 'ratio': ratio, 'label': label, 'flag': flag})"
                ),
            ]
        },
    )
    monkeypatch.setenv("TOWERKIT_NOTEBOOKS", str(folder))
    result = jobs.run_report(
        "probe",
        None,
        {"n": "12", "ratio": "0.25", "label": "None", "flag": "true"},
        tmp_path / "out",
        timeout_s=CELL_TIMEOUT_S,
    )
    env = read_glue(result.ipynb)["env"]
    assert Path(env["prefix"]).resolve() == Path(sys.prefix).resolve()
    assert (env["n"], env["ratio"], env["label"], env["flag"]) == (12, 0.25, None, True)


@pytest.mark.notebooks
def test_default_output_folder_and_self_contained_html(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out the report lands in data/reports/<stamp>-<name>-<hex>/; its HTML needs no network."""
    monkeypatch.chdir(tmp_path)
    result = jobs.run_report("compliance_report", db, {"as_of": "2026-02-01"}, timeout_s=CELL_TIMEOUT_S)
    assert result.html.parent.parent == Path("data") / "reports"
    assert result.html.parent.name.split("-")[1] == "compliance_report"
    page = result.html.read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    assert "<table" in page
    assert 'src="http' not in page
    assert "cdnjs" not in page
    assert "unpkg" not in page
    assert "vnd.towerkit.glue" not in page  # glued data stays in the notebook, out of the page
    glued = read_glue(json.loads(result.ipynb.read_text(encoding="utf-8")))
    assert glued["summary"]["as_of"] == "2026-02-01"


@pytest.mark.notebooks
def test_writer_arriving_after_the_check_gives_busy_not_a_traceback(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that takes the lock once the kernel runs makes the notebook's read wait --wait, then exit busy."""
    folder = custom_notebooks(
        tmp_path / "nb",
        {
            "late_writer": [
                'db_path = "x"',
                (
                    "import subprocess, sys\n"
                    f"holder = subprocess.Popen([sys.executable, '-c', {HOLD_LOCK!r}, db_path, '4'], "
                    "stdout=subprocess.PIPE, text=True)\n"
                    "assert holder.stdout.readline().strip() == 'locked'"
                ),
                "from towerkit.reports.loaders import load_drift\nload_drift(db_path)",
            ]
        },
    )
    monkeypatch.setenv("TOWERKIT_NOTEBOOKS", str(folder))
    with pytest.raises(DatabaseBusy, match=r"busy.*waited 1\.5 s"):
        jobs.run_report("late_writer", db, {}, tmp_path / "out", wait_s=1.5, timeout_s=CELL_TIMEOUT_S)
    open_read_only(db, wait_s=15).close()  # the holder is gone before other tests use the database
