"""The benchmark scripts still run: each in ``--quick`` mode, as a new user would start it.

No timing is asserted (the machine is shared); each script must exit 0 and print its ratio lines,
which proves the harness, the measured subprocesses and the parsing of their output still work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(script: str, tmp_path: Path, *args: str, timeout: float = 900) -> str:
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), "--quick", "--workdir", str(tmp_path), *args],
        capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "load average at start" in proc.stdout
    return proc.stdout


@pytest.mark.ocr
def test_bench_ingest_quick_prints_speedup_efficiency_and_probe_share(tmp_path: Path) -> None:
    """bench_ingest --quick runs the naive pipeline and both towerkit configurations and prints the ratios."""
    out = _run("bench_ingest.py", tmp_path)
    assert "ratio docs/s towerkit / naive:" in out
    assert "parallel efficiency = CPU(serial)" in out
    assert "probe share = routing probe CPU" in out


def test_bench_memory_quick_prints_the_three_peak_ratios(tmp_path: Path) -> None:
    """bench_memory --quick samples the ingest process tree for long PDFs, a big file and two corpora."""
    out = _run("bench_memory.py", tmp_path)
    assert "ratio peak 50-page / 5-page:" in out
    assert "hashing adds" in out
    assert "ratio peak 60 docs / 20 docs:" in out


def test_bench_writer_quick_prints_insert_rate_and_rerun_ratio(tmp_path: Path) -> None:
    """bench_writer --quick compares write_batch with executemany and a re-run with the first run."""
    out = _run("bench_writer.py", tmp_path)
    assert "write_batch field rows/s:" in out
    assert "ratio write_batch / executemany:" in out
    assert "ratio re-run speed first / second" in out


def test_bench_scale_quick_prints_the_dask_lake_and_query_ratios(tmp_path: Path) -> None:
    """bench_scale --quick ingests through the pool and Dask, writes into a file and a SQLite lake, and
    queries a lake during an ingest (the PostgreSQL catalog is left out: tests/test_ducklake.py has it)."""
    out = _run("bench_scale.py", tmp_path, "--no-pg")
    assert "Dask local:2 vs --workers 2 (files/s" in out
    assert "DuckLake, SQLite catalog vs DuckDB file" in out
    assert "marking_lighting during an ingest" in out
