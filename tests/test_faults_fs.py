# ruff: noqa: S101, PLR2004, INP001
"""Faults of the machine under a run: a killed run's temp files, a full disk, a source folder that
vanishes, a second ingest on the same file. Real processes, real mounts, the real CLI.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest
from mountns import mount_namespace
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.pipeline import runfolder
from towerkit.pipeline.faults import VANISHED
from towerkit.store import connect
from towerkit.store.audit_log import verify_db

LINES = ["STRUCTURAL INSPECTION REPORT", "Structure Height (AGL): 150 ft", "Inspection Date: 03/14/2024"]


def _varied_pdf(path: Path, head: list[str], pages: int, rnd: random.Random) -> None:
    """A text PDF whose every page holds other random words: they compress badly, as real text does."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for _ in range(pages):
        y = 740
        for line in [*head, *(" ".join(f"{rnd.getrandbits(40):x}" for _ in range(9)) for _ in range(36))]:
            c.drawString(60, y, line)
            y -= 16
        c.showPage()
    c.save()


def _corpus(root: Path, n: int, pages: int = 3, zones: tuple[str, ...] = ("north", "south")) -> Path:
    """``n`` documents of distinct content per zone."""
    rnd = random.Random(f"{root}{pages}")
    for z in zones:
        site = root / z / "S1"
        site.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            _varied_pdf(site / f"{z}-{i}.pdf", [*LINES, f"Site ID: TX-{i:04d}"], pages, rnd)
    return root


def _ingest_cmd(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "towerkit", "ingest", str(corpus), "--db", str(db), "--json", *extra]


def _rows(db: Path) -> tuple[int, int, dict[str, int]]:
    """(documents, distinct contents, files per run) of a database, after the chain verified."""
    with connect(db, read_only=True) as conn:
        assert verify_db(conn).ok
        docs, distinct = conn.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        runs = dict(conn.execute("SELECT run_id, count(*) FROM document_paths GROUP BY run_id").fetchall())
    return docs, distinct, runs


# -- nothing left behind ------------------------------------------------------------------------------


def test_sweep_removes_dead_runs_folders_and_keeps_live_ones(tmp_path: Path) -> None:
    """A folder whose owner is gone, or whose PID now names another process, goes; a live run's stays."""
    me = os.getpid()
    live = tmp_path / "towerkit-run-live"
    reused = tmp_path / "towerkit-run-reused"
    dead = tmp_path / "towerkit-run-dead"
    for folder in (live, reused, dead):
        (folder / "spool").mkdir(parents=True)
    (live / runfolder.MARKER).write_text(f"{me} {runfolder.start_time(me)}\n")
    (reused / runfolder.MARKER).write_text(f"{me} 12345\n")  # this PID, another start time: not its owner
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (dead / runfolder.MARKER).write_text(f"{gone.pid} {runfolder.start_time(me)}\n")
    unrelated = tmp_path / "someone-else"
    unrelated.mkdir()
    removed = runfolder.sweep(str(tmp_path))
    assert sorted(removed) == sorted([str(reused), str(dead)])
    assert live.is_dir() and unrelated.is_dir()


@pytest.mark.slow
def test_killed_ingest_leaves_nothing_once_the_next_one_ran(tmp_path: Path) -> None:
    """SIGKILL mid-run, then another ingest: no entry of either run is left under their $TMPDIR.

    While the first run works, its workers' temp folder is checked to be the run folder.
    """
    corpus = _corpus(tmp_path / "c", 12, pages=20)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen(
        _ingest_cmd(corpus, db, "--workers", "2", "--analysis-pages", "1"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    worker_tmp: set[str] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not worker_tmp:
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:
                if child.ppid() != proc.pid:  # a worker: the forkserver's child
                    worker_tmp.add(child.environ().get("TMPDIR", ""))
            except psutil.Error:
                continue
        time.sleep(0.05)
    runs = sorted(p.name for p in tmp.iterdir())
    assert proc.poll() is None, proc.communicate()[1]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # the run folder, and (this test's $TMPDIR is long) the short one for multiprocessing's socket
    assert runs[-1].startswith("towerkit-run-") and len(runs) <= 2, runs
    assert worker_tmp == {str(tmp / runs[-1])}
    assert (tmp / runs[-1]).is_dir()  # killed: left behind until the next start
    done = subprocess.run(
        _ingest_cmd(corpus, db, "--workers", "2"), env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert list(tmp.iterdir()) == []


@pytest.mark.slow
def test_workers_end_with_a_run_killed_alone(tmp_path: Path) -> None:
    """The ingest process alone SIGKILLed mid-run: its workers, forkserver and resource tracker go too.

    As ``kill -9 PID`` or the OOM killer does it, not to its group. Without a watch, a worker whose
    result no longer fits the pipe, or that waits for the next file, blocks forever.
    """
    corpus = _corpus(tmp_path / "c", 12, pages=20)
    log = tmp_path / "killed.jsonl"
    proc = subprocess.Popen(
        _ingest_cmd(corpus, tmp_path / "k.duckdb", "--workers", "2", "--log", str(log)),
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for_file_events(log, 2, proc)
        children = psutil.Process(proc.pid).children(recursive=True)
        assert sum(c.ppid() != proc.pid for c in children) >= 2, children  # the forkserver's workers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _, alive = psutil.wait_procs(children, timeout=20)
        assert alive == [], [(p.pid, p.cmdline()[-1:]) for p in alive]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_in_process_runs_restore_the_temp_folder_and_keep_working(tmp_path: Path) -> None:
    """Two runs in one process (a notebook): each gets its own folder, the temp settings come back, nothing stays."""
    import tempfile  # noqa: PLC0415

    from towerkit.pipeline.ingest import ingest  # noqa: PLC0415

    corpus = _corpus(tmp_path / "c", 2, pages=1)
    before = (tempfile.gettempdir(), os.environ.get("TMPDIR"))
    for i in range(2):
        summary = ingest([corpus], tmp_path / f"p{i}.duckdb", workers=1, progress=False)
        assert summary.ingested == 4
    assert (tempfile.gettempdir(), os.environ.get("TMPDIR")) == before
    assert not [p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(f"towerkit-run-{summary.run_id}")]


# -- a full disk --------------------------------------------------------------------------------------


def _one_line(stderr: str, *, worker_logs: bool = False) -> str:
    """The one ``towerkit:`` line of a failed command. ``worker_logs``: an extraction worker's own log
    record (with its traceback) may come before it, as it does for any file a worker fails on."""
    lines = [line for line in stderr.splitlines() if line.startswith("towerkit:")]
    assert len(lines) == 1, stderr
    assert worker_logs or "Traceback" not in stderr, stderr
    assert "Future exception was never retrieved" not in stderr, stderr  # a pool future the stop abandoned
    return lines[0]


@pytest.mark.slow
def test_database_disk_full_stops_cleanly_and_the_rerun_finishes(tmp_path: Path) -> None:
    """The database's filesystem fills mid-run: exit 8 naming it, committed rows intact, the same command later finishes."""
    corpus = _corpus(tmp_path / "c", 20)
    empty = tmp_path / "empty.duckdb"
    connect(empty).close()
    size_k = empty.stat().st_size // 1024 + 1536  # room to create the schema and store a few documents, not 40
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    db = mnt / "t.duckdb"
    with mount_namespace(f"mount -t tmpfs -o size={size_k}k tmpfs {mnt}") as inside:
        done = inside(_ingest_cmd(corpus, db, "--workers", "2"))
        assert done.returncode == 8, done.stderr
        line = _one_line(done.stderr)
        assert line == (
            f"towerkit: disk full writing the database {db} (No space left on device): "
            "free space and run the same command again; nothing committed was lost"
        ) or line.startswith(f"towerkit: disk full writing the event log {mnt}/logs/"), line
        check = inside([sys.executable, "-m", "towerkit", "audit", "verify", "--db", str(db)])
        assert check.returncode == 0, check.stderr
        inside(["mount", "-o", f"remount,size={64 * 1024}k", str(mnt)])
        done = inside(_ingest_cmd(corpus, db, "--workers", "2"))
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        inside(["cp", str(db), str(tmp_path / "copy.duckdb")])
    docs, distinct, runs = _rows(tmp_path / "copy.duckdb")
    assert docs == distinct == 40
    assert runs[summary["run_id"]] == 40 and summary["ingested"] + summary["duplicates"] == 40


@pytest.mark.slow
def test_temp_disk_full_stops_cleanly_and_the_rerun_finishes(tmp_path: Path) -> None:
    """$TMPDIR fills (rows of long documents spooled there): exit 8 naming the temp folder; later the job finishes."""
    corpus = _corpus(tmp_path / "c", 3, pages=1) and _corpus(tmp_path / "c", 3, pages=30, zones=("east",))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    db = tmp_path / "t.duckdb"
    env = {**os.environ, "TMPDIR": str(tmp)}
    with mount_namespace(f"mount -t tmpfs -o size=128k tmpfs {tmp}") as inside:
        done = inside(_ingest_cmd(corpus, db, "--workers", "2", "--analysis-pages", "1"), env=env)
        assert done.returncode == 8, done.stderr
        line = _one_line(done.stderr, worker_logs=True)
        assert line.startswith(f"towerkit: disk full writing the temp folder {tmp}"), line
        assert "free space there (or set TMPDIR to a larger disk)" in line
        with connect(db, read_only=True) as conn:
            assert verify_db(conn).ok
            failed = conn.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone()
        assert failed == (0,)  # a full temp folder is not the files' fault
        inside(["mount", "-o", f"remount,size={256 * 1024}k", str(tmp)])
        done = inside(_ingest_cmd(corpus, db, "--workers", "2", "--analysis-pages", "1"), env=env)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        left = inside(["ls", "-A", str(tmp)])
        assert left.stdout.strip() == "", left.stdout
    docs, distinct, runs = _rows(db)
    assert docs == distinct == 9
    assert runs[summary["run_id"]] == 9 and summary["failed"] == 0


# -- races on one file --------------------------------------------------------------------------------


def _wait_for_file_events(log: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_text().count('"event": "file"') >= n:
            return
        time.sleep(0.05)
    pytest.fail(f"the first ingest never reached {n} files (exit {proc.poll()})")


@pytest.mark.slow
def test_second_ingest_on_the_same_database_names_the_one_running(tmp_path: Path) -> None:
    """Two real ingests on one file: the second exits 4 naming the first's PID, command and write lock."""
    corpus = _corpus(tmp_path / "c", 4, pages=10)
    db = tmp_path / "race.duckdb"
    log = tmp_path / "first.jsonl"
    first = subprocess.Popen(
        _ingest_cmd(corpus, db, "--workers", "1", "--log", str(log)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_file_events(log, 1, first)
        second = subprocess.run(_ingest_cmd(corpus, db), capture_output=True, text=True, timeout=120, check=False)
    finally:
        out, err = first.communicate(timeout=300)
    assert second.returncode == 4, second.stderr
    line = _one_line(second.stderr)
    assert f"is busy: process {first.pid} (towerkit ingest " in line and "holds it for writing" in line, line
    assert first.returncode == 0, err
    assert json.loads(out)["files"] == 8


@pytest.mark.slow
def test_source_folder_removed_mid_run_fails_its_files_with_the_reason(tmp_path: Path) -> None:
    """A zone folder renamed away while a slow ingest runs: its unread files fail as vanished, all are accounted."""
    corpus = _corpus(tmp_path / "c", 8, pages=25)
    db = tmp_path / "v.duckdb"
    log = tmp_path / "v.jsonl"
    proc = subprocess.Popen(
        _ingest_cmd(corpus, db, "--workers", "1", "--log", str(log)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_file_events(log, 2, proc)
    (corpus / "south").rename(tmp_path / "moved-away")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["files"] == 16
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT path, outcome, reason FROM document_paths WHERE run_id = ?", [summary["run_id"]]
        ).fetchall()
    assert len(rows) == 16 and len({p for p, _, _ in rows}) == 16
    failed = [(p, r) for p, o, r in rows if o == "failed"]
    assert failed, "the rename came too late: every file was read before it"
    assert all("/south/" in p and "vanished" in r for p, r in failed), failed
    assert any(r == VANISHED for _, r in failed)
    assert all(o in {"ingested", "quarantined"} for p, o, _ in rows if "/north/" in p)
