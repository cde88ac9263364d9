# ruff: noqa: S101, PLR2004, INP001, S603
"""A write while a notebook reads: the message names the holder and how it holds the file; ``--wait`` waits."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from report_fixtures import build_db

HOLD_S = 3.0


def _hold(db: Path, *, read_only: bool) -> subprocess.Popen[bytes]:
    """Another process holding the database, as a notebook kernel (read) or an ingest (write) would."""
    code = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
        "print('held', flush=True); time.sleep(float(sys.argv[3]))"
    )
    p = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "ro" if read_only else "rw", str(HOLD_S)], stdout=subprocess.PIPE
    )
    assert p.stdout is not None
    assert p.stdout.readline().strip() == b"held"
    return p


def _tags(db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", "tags", "--db", str(db), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("read_only", [True, False])
def test_busy_message_names_the_holder_and_its_mode(tmp_path: Path, read_only: bool) -> None:
    """Exit 4 with one line: the holder's PID and command, reading or writing, and the --wait hint."""
    db = build_db(tmp_path / "w.duckdb")
    holder = _hold(db, read_only=read_only)
    try:
        r = _tags(db)
    finally:
        holder.wait()
    assert r.returncode == 4
    assert r.stderr.count("\n") == 1
    assert f"process {holder.pid} (python -c import duckdb" in r.stderr
    assert ("holds it for reading" if read_only else "holds it for writing") in r.stderr
    assert "--wait SECONDS" in r.stderr


def test_wait_lets_a_write_through_once_the_reader_lets_go(tmp_path: Path) -> None:
    """``tags --wait 30`` started while a reader holds the file succeeds after the reader closes."""
    db = build_db(tmp_path / "w.duckdb")
    started = time.monotonic()
    holder = _hold(db, read_only=True)
    try:
        r = _tags(db, "--wait", "30")
    finally:
        holder.wait()
    assert r.returncode == 0, r.stderr
    assert "compliance tags as of" in r.stdout
    assert time.monotonic() - started >= HOLD_S * 0.5  # it did wait for the holder


def test_wait_gives_up_with_the_time_waited(tmp_path: Path) -> None:
    """A wait shorter than the hold ends busy, saying how long it waited."""
    db = build_db(tmp_path / "w.duckdb")
    holder = _hold(db, read_only=False)
    try:
        r = _tags(db, "--wait", "0.5")
    finally:
        holder.wait()
    assert r.returncode == 4
    assert "(waited 0.5 s)" in r.stderr
