"""Hostile inputs and injected faults: every file accounted for, the run goes on, the chain verifies.

Each hostile file is ingested in one run alongside a good document; each must end as exactly one
``document_paths`` row with a clear one-line reason (or a correct ingest), within its timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import hostile
import psutil
import pytest

from towerkit.pipeline.discover import interleave, zone_sources
from towerkit.pipeline.ingest import ingest
from towerkit.store import connect
from towerkit.store.audit_log import verify_db

GOOD_LINES = [
    "STRUCTURAL INSPECTION REPORT",
    "Site ID: TX-0101",
    "Structure Height (AGL): 180 ft",
    "Inspection Date: 03/14/2024",
    "Structure Type: Monopole",
]


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=timeout, check=False, env=env
    )


def _outcomes(db: Path, run_id: str) -> dict[str, tuple[str, str | None]]:
    with connect(db, read_only=True) as conn:
        rows = conn.execute("SELECT path, outcome, reason FROM document_paths WHERE run_id = ?", [run_id]).fetchall()
    return {Path(p).name: (o, r) for p, o, r in rows}


@pytest.fixture(name="hostile_tree", scope="module")
def _hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    z = root / "zone" / "S1"
    z.mkdir(parents=True)
    good = hostile.text_pdf(z / "good.pdf", GOOD_LINES)
    (z / "empty.pdf").write_bytes(b"")
    (z / "truncated.pdf").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    hostile.encrypted_pdf(good, z / "encrypted.pdf", "secret")
    hostile.encrypted_pdf(
        hostile.text_pdf(z.parent / "tmp.pdf", [*GOOD_LINES[:2], "Site ID: TX-0102"]), z / "owner_only.pdf", ""
    )
    (z.parent / "tmp.pdf").unlink()
    hostile.random_bytes(z / "random.pdf", 4096)
    shutil.copy(hostile.scan_png(z.parent / "scan.png", ["SITE ID TX-0103"]), z / "png_named.pdf")
    (z.parent / "scan.png").unlink()
    hostile.many_pages_pdf(z / "ten_thousand_pages.pdf", 10_000)
    hostile.page_tree_loop_pdf(z / "page_tree_loop.pdf")
    hostile.deeply_nested_pdf(z / "deeply_nested.pdf")
    hostile.huge_png(z / "bomb_30000px.png", 30_000, 30_000)
    shutil.copy(good, z / "same content.pdf")
    hostile.odd_name(z, b"new\nline \xff name.pdf", good.read_bytes() + b"\n% odd copy\n")
    (z / "unknown_encoding.log").write_bytes("LOG 2024-03-01 tech: Zoë light check ok\n".encode("utf-16-le"))
    os.symlink(z, z / "loop")
    os.symlink(root / "gone", z / "dangling.pdf")
    return root


@pytest.fixture(name="hostile_run", scope="module")
def _hostile_run(hostile_tree: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("hdb") / "h.duckdb"
    summary = ingest([hostile_tree], db, workers=2, progress=False)
    return db, summary


EXPECTED_FAILURES = {
    "empty.pdf": "empty",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted",
    "random.pdf": "not a pdf",
    "ten_thousand_pages.pdf": "too many pages",
    "page_tree_loop.pdf": "",
    "bomb_30000px.png": "too large",
    "dangling.pdf": "broken symlink",
}


@pytest.mark.parametrize(("name", "reason"), sorted(EXPECTED_FAILURES.items()))
def test_hostile_file_fails_with_a_clear_reason(hostile_run, name: str, reason: str) -> None:
    """Each broken file ends failed with a one-line reason naming what is wrong."""
    db, summary = hostile_run
    outcome, why = _outcomes(db, summary.run_id)[name]
    assert outcome == "failed"
    assert why and "\n" not in why and why.startswith(reason), why


@pytest.mark.parametrize("name", ["good.pdf", "owner_only.pdf", "deeply_nested.pdf", "unknown_encoding.log"])
def test_odd_but_readable_files_are_ingested(hostile_run, name: str) -> None:
    """An owner-password-only PDF, odd nesting and an unknown encoding still ingest."""
    db, summary = hostile_run
    assert _outcomes(db, summary.run_id)[name][0] in ("ingested", "quarantined")


@pytest.mark.ocr
def test_png_named_pdf_is_read_as_the_image_it_is(hostile_run) -> None:
    """A mislabelled PNG is OCRed, and its route reason names the mislabel."""
    db, summary = hostile_run
    assert _outcomes(db, summary.run_id)["png_named.pdf"][0] in ("ingested", "quarantined")
    with connect(db, read_only=True) as conn:
        engine, reason = conn.execute(
            "SELECT engine, route_reason FROM documents WHERE path LIKE '%png_named.pdf'"
        ).fetchone()
    assert engine == "tesseract" and "PNG" in reason


def test_every_path_is_accounted_for_and_the_chain_verifies(hostile_run, hostile_tree: Path) -> None:
    """Counts in equal counts out, duplicates included, and audit verify passes."""
    db, summary = hostile_run
    names = _outcomes(db, summary.run_id)
    assert summary.files == len(names) == 15
    assert names["same content.pdf"][0] == "duplicate" or names["good.pdf"][0] == "duplicate"
    assert any("\\xff" in n and "\n" in n for n in names)
    with connect(db, read_only=True) as conn:
        assert verify_db(conn).ok


def _signal_worker(proc: subprocess.Popen[str], sig: int, when: Callable[[psutil.Process], bool]) -> int | None:
    """Send ``sig`` to the first extraction worker of an ingest for which ``when`` holds; its pid."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        for child in psutil.Process(proc.pid).children(recursive=True):
            try:  # workers are the forkserver's children: grandchildren of the ingest process
                if child.ppid() != proc.pid and when(child):
                    child.send_signal(sig)
                    return child.pid
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.01)
    return None


def test_worker_killed_mid_file_costs_one_retry(tmp_path: Path) -> None:
    """SIGKILL of a worker process mid-file: the file is retried and every file still ends in a row."""
    src = tmp_path / "corpus" / "z" / "S"
    src.mkdir(parents=True)
    for i in range(6):
        hostile.text_pdf(src / f"doc{i}.pdf", [*GOOD_LINES, f"Copy {i}"], pages=60)
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "towerkit",
            "ingest",
            str(tmp_path / "corpus"),
            "--db",
            str(db),
            "--workers",
            "2",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = _signal_worker(proc, signal.SIGKILL, lambda w: w.cpu_times().user > 0.3)
    out, err = proc.communicate(timeout=300)
    assert killed is not None, "no busy worker found to kill"
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["files"] == 6 and summary["ingested"] + summary["quarantined"] == 6


def _logs(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"log-{i:03d}.log").write_text(f"FIELD LOG\nSite ID: TX-{i:04d}\nDate: 2024-03-{i % 28 + 1:02d}\n")
    return folder.parent


def test_workers_retired_at_their_task_limit_are_replaced_to_the_last_file(tmp_path: Path) -> None:
    """One worker retired every 2 files, 41 files: CPython 3.11's pool could retire the worker and
    start none (python/cpython#115634), so the last file waited out its timeout and failed.
    """
    root = _logs(tmp_path / "corpus" / "S", 41)
    summary = ingest(
        [root],
        tmp_path / "r.duckdb",
        workers=1,
        progress=False,
        settings={"max_tasks_per_child": 2, "file_timeout_s": 30.0},
    )
    assert (summary.files, summary.ingested, summary.failed) == (41, 41, 0)


def test_a_hung_worker_costs_its_file_and_the_files_queued_behind_it_run(tmp_path: Path) -> None:
    """SIGSTOP stands for a parser stuck in C, deaf to its own alarm: after the stall timer the pool is
    killed and replaced. The hung file costs at most its stuck page (it is read again without it), and
    the files queued behind it were not at fault: they run in the new pool, neither failed nor ending the run.
    """
    root = _logs(tmp_path / "corpus" / "S", 7)
    hostile.text_pdf(root / "S" / "big.pdf", GOOD_LINES, pages=300)
    db = tmp_path / "h.duckdb"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "towerkit",
            "ingest",
            str(root),
            "--db",
            str(db),
            "--workers",
            "1",
            "--timeout",
            "1",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stopped = _signal_worker(proc, signal.SIGSTOP, lambda w: any(f.path.endswith("big.pdf") for f in w.open_files()))
    out, err = proc.communicate(timeout=300)
    assert stopped is not None, "the worker was never seen on big.pdf"
    assert proc.returncode == 0, err
    summary = json.loads(out)
    outcomes = _outcomes(db, summary["run_id"])
    big = outcomes.pop("big.pdf")
    if big[0] == "failed":  # frozen before any page started: the file itself timed out
        assert big == ("failed", "timeout: no progress for 1 s (worker killed)")
    else:  # frozen on a page: read again without it, that page stored as failed
        assert big == ("ingested", None)
        conn = connect(db, read_only=True)
        try:
            failed = conn.execute(
                "SELECT p.reason FROM pages p JOIN documents d USING (doc_id) "
                "WHERE d.path LIKE '%big.pdf' AND starts_with(p.reason, 'failed: ')"
            ).fetchall()
        finally:
            conn.close()
        # frozen on a page: that page; frozen between pages or after the last one read: none, the file read again whole
        assert [r[0] for r in failed] in ([], ["failed: page timeout after 1 s (worker stopped)"])
    assert set(outcomes.values()) == {("ingested", None)} and len(outcomes) == 7
    assert "never retrieved" not in err


def test_missing_tesseract_fails_ocr_files_with_a_hint_and_ingests_text(tmp_path: Path) -> None:
    """Without the tesseract binary, text PDFs still ingest and scans fail naming the install command."""
    src = tmp_path / "c" / "z" / "S"
    src.mkdir(parents=True)
    hostile.text_pdf(src / "text.pdf", GOOD_LINES)
    hostile.scan_png(src / "scan.png", ["SITE ID TX-0200"])
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    done = _cli("ingest", str(tmp_path / "c"), "--db", str(tmp_path / "n.duckdb"), "--json", env=env)
    assert done.returncode == 0, done.stderr
    with connect(tmp_path / "n.duckdb", read_only=True) as conn:
        rows = dict(conn.execute("SELECT path, error FROM documents").fetchall())
    by_name = {Path(p).name: e for p, e in rows.items()}
    assert by_name["text.pdf"] is None
    assert by_name["scan.png"].startswith("ocr unavailable") and "apt-get install tesseract-ocr" in by_name["scan.png"]


def test_dead_zone_is_paused_while_other_zones_finish(tmp_path: Path) -> None:
    """A zone whose files cannot be read (a dead mount) is paused; the healthy zone is fully ingested."""
    root = tmp_path / "c"
    good = root / "healthy" / "S1"
    good.mkdir(parents=True)
    for i in range(3):
        hostile.text_pdf(good / f"ok{i}.pdf", [*GOOD_LINES, f"n {i}"])
    dead = root / "dead" / "S2"
    dead.mkdir(parents=True)
    for i in range(12):  # links into a share that is gone
        os.symlink(tmp_path / "unmounted" / f"f{i}.pdf", dead / f"f{i}.pdf")
    summary = ingest([root], tmp_path / "z.duckdb", workers=2, progress=False)
    assert summary.paused_zones == ("dead",)
    outcomes = _outcomes(tmp_path / "z.duckdb", summary.run_id)
    assert sum(o in {"ingested", "quarantined"} for o, _ in outcomes.values()) == 3
    paused = [r for o, r in outcomes.values() if r and r.startswith("zone paused")]
    assert paused and summary.files == 15


@pytest.mark.slow
@pytest.mark.ocr
def test_repeated_sigkill_then_rerun_ends_like_a_clean_run(tmp_path: Path, hostile_tree: Path) -> None:
    """Three ingests killed at different points, then one to the end: same rows as a clean run, chain intact."""
    clean = tmp_path / "clean.duckdb"
    ingest([hostile_tree], clean, workers=2, progress=False)
    db = tmp_path / "killed.duckdb"
    for delay in (0.8, 1.6, 2.4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "towerkit", "ingest", str(hostile_tree), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    ingest([hostile_tree], db, workers=2, progress=False)

    def rows(path: Path) -> tuple:
        with connect(path, read_only=True) as conn:
            assert verify_db(conn).ok
            return (
                conn.execute("SELECT doc_id, status, error, template_id FROM documents ORDER BY doc_id").fetchall(),
                conn.execute("SELECT doc_id, field, value FROM fields ORDER BY ALL").fetchall(),
                conn.execute("SELECT count(*) FROM tokens").fetchall(),
            )

    assert rows(db) == rows(clean)


@pytest.mark.slow
@pytest.mark.ocr
def test_whole_public_corpus_is_ingested_or_fails_cleanly(shared_corpus: Path, tmp_path: Path) -> None:
    """Every real-world file no one here wrote ends in one row, none by an escaped exception, none past
    its timeout, and the chain verifies.
    """
    expected = sum(1 for _ in interleave(zone_sources([shared_corpus])))
    db = tmp_path / "public.duckdb"
    summary = ingest([shared_corpus], db, workers=2, settings={"file_timeout_s": 60.0}, progress=False)
    assert summary.files == expected
    with connect(db, read_only=True) as conn:
        internal = conn.execute(
            "SELECT path, error FROM documents WHERE error_kind IN ('internal', 'crashed')"
        ).fetchall()
        assert internal == []
        assert verify_db(conn).ok


def test_query_while_an_ingest_writes_is_busy_not_a_hang(tmp_path: Path) -> None:
    """A compliance query against a database another process is writing says busy in one line, exit 4."""
    db = tmp_path / "w.duckdb"
    connect(db).close()
    with hostile.write_lock_held(db) as holder:
        done = _cli("query", "asr_missing", "--db", str(db))
        still_writing = holder.poll() is None
    assert still_writing and done.returncode == 4
    assert "busy" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_file_without_read_permission_fails_and_the_rest_ingest(tmp_path: Path) -> None:
    """A file the process may not read ends failed 'unreadable: Permission denied'; its neighbours ingest.

    Root reads everything, so as root the ingest runs with the capabilities that bypass file
    permissions dropped (util-linux setpriv), as an ordinary operator account would.
    """
    src = tmp_path / "c" / "z" / "S"
    src.mkdir(parents=True)
    hostile.text_pdf(src / "ok.pdf", GOOD_LINES)
    secret = hostile.text_pdf(src / "secret.pdf", [*GOOD_LINES, "Copy 2"])
    secret.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's read override"
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    db = tmp_path / "p.duckdb"
    done = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "towerkit",
            "ingest",
            str(tmp_path / "c"),
            "--db",
            str(db),
            "--json",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    outcomes = _outcomes(db, summary["run_id"])
    assert outcomes["secret.pdf"] == ("failed", "unreadable: Permission denied")
    assert outcomes["ok.pdf"][0] == "ingested"
