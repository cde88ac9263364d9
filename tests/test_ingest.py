"""The ingest pipeline end to end: real generated files, real worker processes, a real DuckDB file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import write_lock_held

from towerkit.config import Settings
from towerkit.pipeline.ingest import ingest
from towerkit.pipeline.pool import ExtractionPool, SerialExtractor, make_extractor
from towerkit.store import connect

pytestmark = pytest.mark.ocr  # the sample corpus holds scans


def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "ground_truth.jsonl").read_text().splitlines() if line.strip()]


def _content_rows(db: Path) -> dict[str, list[tuple]]:
    """Everything a run produces except run ids and timestamps, in a stable order."""
    with connect(db, read_only=True) as conn:
        return {
            "documents": conn.execute(
                "SELECT doc_id, path, zone, site_id, doc_type, engine, route, page_count, template_id, status,"
                " error FROM documents ORDER BY doc_id"
            ).fetchall(),
            "fields": conn.execute("SELECT doc_id, field, value, raw_text, page FROM fields ORDER BY ALL").fetchall(),
            "tokens": conn.execute("SELECT count(*), sum(hash(doc_id || text || page)) FROM tokens").fetchall(),
            "pages": conn.execute("SELECT doc_id, page, route, engine FROM pages ORDER BY ALL").fetchall(),
            "quarantine": conn.execute("SELECT doc_id, reasons FROM quarantine ORDER BY ALL").fetchall(),
        }


@pytest.fixture(name="ingested", scope="module")
def _ingested(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("db") / "t.duckdb"
    summary = ingest([sample_corpus], db, workers=2, progress=False)
    return db, summary


def test_every_file_ends_as_exactly_one_path_row(ingested, sample_corpus: Path) -> None:
    """Each file given has one document_paths row of the run and the summary's counts add up."""
    db, summary = ingested
    files = {row["file"] for row in _truth(sample_corpus)}
    with connect(db, read_only=True) as conn:
        rows = conn.execute("SELECT path, outcome FROM document_paths WHERE run_id = ?", [summary.run_id]).fetchall()
    rel = sorted(str(Path(p).relative_to(sample_corpus)) for p, _ in rows)
    assert rel == sorted(files)
    assert summary.files == len(files)
    assert summary.ingested + summary.quarantined + summary.failed + summary.duplicates == summary.files


def test_broken_files_fail_with_a_one_line_reason(ingested, sample_corpus: Path) -> None:
    """Files the generator broke end failed with a typed reason; the others do not fail."""
    db, _ = ingested
    truth = {row["file"]: row for row in _truth(sample_corpus)}
    with connect(db, read_only=True) as conn:
        rows = conn.execute("SELECT path, status, error FROM documents").fetchall()
    for path, status, error in rows:
        expected = truth[str(Path(path).relative_to(sample_corpus))]["expect_status"]
        if expected == "failed":
            assert status == "failed", path
            assert error and "\n" not in error and ":" in error, error
        else:
            assert status != "failed", (path, error)


def test_routing_matches_ground_truth(ingested, sample_corpus: Path) -> None:
    """Text-layer files go to pdfplumber or the text engine, scans to Tesseract, for >= 98% of files."""
    db, _ = ingested
    truth = {row["file"]: row for row in _truth(sample_corpus) if row["expect_status"] != "failed"}
    with connect(db, read_only=True) as conn:
        rows = dict(conn.execute("SELECT path, route FROM documents WHERE status != 'failed'").fetchall())
    got = {str(Path(p).relative_to(sample_corpus)): r for p, r in rows.items()}
    right = sum(got.get(f) == t["route"] for f, t in truth.items())
    assert right / len(truth) >= 0.98, {
        f: (got.get(f), t["route"]) for f, t in truth.items() if got.get(f) != t["route"]
    }


def test_every_page_records_its_routing_signals(ingested) -> None:
    """Each stored document has one pages row per page with the measured signals and a reason."""
    db, _ = ingested
    with connect(db, read_only=True) as conn:
        bad = conn.execute(
            """SELECT d.doc_id FROM documents d LEFT JOIN pages p USING (doc_id)
               WHERE d.status != 'failed' GROUP BY d.doc_id, d.page_count
               HAVING count(p.page) != d.page_count OR bool_or(p.reason IS NULL)"""
        ).fetchall()
    assert bad == []


def test_rerun_adds_no_rows(ingested, sample_corpus: Path) -> None:
    """Ingesting the same tree again stores nothing new and records every path as a duplicate
    (how much faster it is, benchmarks/bench_writer.py measures).
    """
    db, _ = ingested
    before = _content_rows(db)
    second = ingest([sample_corpus], db, workers=2, progress=False)
    assert _content_rows(db) == before
    assert second.duplicates == second.files
    assert second.ingested == 0 and second.quarantined == 0


def test_cli_json_summary_and_bad_paths(tmp_path: Path, sample_corpus: Path) -> None:
    """--json prints the contract's keys; a missing path is one line and a non-zero exit."""
    one = next(p for p in sorted(sample_corpus.rglob("*.txt")) if p.stat().st_size)
    done = _cli("ingest", str(one), "--db", str(tmp_path / "a.duckdb"), "--json", "--workers", "1")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    contract = {"run_id", "files", "ingested", "quarantined", "failed", "duplicates", "seconds"}
    listed = {"failed_files", "quarantined_files", "paused_zones", "started_at", "finished_at", "review_queued"}
    assert contract | listed <= set(summary)  # DESIGN.md's keys, plus the items docs/cli.md lists
    assert summary["files"] == 1
    assert summary["failed_files"] == []
    assert summary["finished_at"].endswith("Z")
    negative = _cli("ingest", str(one), "--db", str(tmp_path / "a.duckdb"), "--workers", "-1")
    assert negative.returncode == 2 and "-1 must be 0 (extract in this process) or more" in negative.stderr
    missing = _cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "a.duckdb"))
    assert missing.returncode != 0
    assert missing.stderr.strip().count("\n") == 0 and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_one_worker_is_a_worker_process_and_zero_is_this_process() -> None:
    """--workers 1 runs the pipeline as it runs with N (extraction off the event loop); only 0 is serial."""
    one = make_extractor(Settings(workers=1))
    try:
        assert isinstance(one, ExtractionPool) and one.settings.workers == 1
    finally:
        one.close()
    assert isinstance(make_extractor(Settings(workers=0)), SerialExtractor)
    with pytest.raises(ValueError, match="workers must be 0"):
        Settings(workers=-1)


def test_locked_database_is_one_clear_line(tmp_path: Path, sample_corpus: Path) -> None:
    """While another process writes the database, ingest says so in one line instead of a traceback."""
    db = tmp_path / "locked.duckdb"
    connect(db).close()
    with write_lock_held(db):
        done = _cli("ingest", str(sample_corpus), "--db", str(db))
    assert done.returncode == 4, done.stderr
    assert "busy" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_matches_a_clean_run(tmp_path: Path, sample_corpus: Path, ingested) -> None:
    """An ingest killed with SIGKILL and started again ends with exactly the rows of a clean run."""
    clean_db, _ = ingested
    db = tmp_path / "killed.duckdb"
    log = tmp_path / "events.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "towerkit",
            "ingest",
            str(sample_corpus),
            "--db",
            str(db),
            "--workers",
            "2",
            "--log",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if log.exists() and sum(1 for line in log.read_text().splitlines() if '"event": "file"' in line) >= 8:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _cli("ingest", str(sample_corpus), "--db", str(db), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert _content_rows(db) == _content_rows(clean_db)
