"""``towerkit quarantine`` and ``towerkit alerts`` as a user runs them, in a real process."""

# ruff: noqa: S101, PLR2004, INP001, S603  pytest asserts on literal exit codes; tests/ is no package; the subprocess runs this interpreter on towerkit's own CLI

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from layouts import form, values
from test_templates import MAJOR_MOVE, baseline_batch, resolve, store_doc

from towerkit.store import connect


def tk(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """Run ``towerkit ARGS --db DB`` as reviewer ``rev1``; the exit code is the caller's to check."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args, "--db", str(db)],
        check=False,
        capture_output=True,
        text=True,
        env={"PATH": "", "USER": "rev1", "HOME": str(db.parent)},
        timeout=120,
    )


@pytest.fixture(name="qdb", scope="module")
def _qdb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("review") / "r.duckdb"
    conn = connect(db)
    baseline_batch(conn)
    resolve(conn)
    moved = store_doc(conn, "moved", *form(values(20), moves=MAJOR_MOVE), run_id="run-2")
    resolve(conn)
    conn.close()
    return db, moved


def test_list_shows_the_pending_document_and_reason(qdb: tuple[Path, str]) -> None:
    """Quarantine list prints a table row with the short id and the human-readable reason."""
    db, moved = qdb
    r = tk("quarantine", "list", db=db)
    assert r.returncode == 0, r.stderr
    assert moved[:12] in r.stdout
    assert "structure_height_ft moved 84 pt (tolerance 24)" in r.stdout
    assert "1 document(s)" in r.stdout


def test_alerts_lists_open_alerts(qdb: tuple[Path, str]) -> None:
    """Alerts shows the open alert of the quarantined document."""
    db, moved = qdb
    r = tk("alerts", db=db)
    assert r.returncode == 0
    assert moved[:12] in r.stdout
    assert "field_moved" in r.stdout


def test_unknown_id_is_one_line_and_non_zero(qdb: tuple[Path, str]) -> None:
    """An id matching nothing, or shorter than 8 characters, prints one line and exits 2."""
    db, _ = qdb
    for bad in ("ffffffffffff", "abc"):
        r = tk("quarantine", "reject", bad, db=db)
        assert r.returncode == 2
        assert len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr


def test_reject_by_prefix_records_the_user_then_ack(tmp_path: Path, qdb: tuple[Path, str]) -> None:
    """Reject with an 8-char prefix records $USER; the alert is then closed; --ack of a bad id fails."""
    src, moved = qdb
    db = tmp_path / "copy.duckdb"
    db.write_bytes(src.read_bytes())
    r = tk("quarantine", "reject", moved[:8], db=db)
    assert r.returncode == 0, r.stderr
    conn = connect(db, read_only=True)
    assert conn.execute("SELECT status, resolved_by FROM quarantine").fetchone() == ("rejected", "rev1")
    conn.close()
    assert "no open alerts" in tk("alerts", db=db).stdout
    assert "1 alert(s)" in tk("alerts", "--all", db=db).stdout
    assert tk("alerts", "--ack", "999", db=db).returncode == 2
    assert "waiting" in tk("quarantine", "list", db=db).stdout
