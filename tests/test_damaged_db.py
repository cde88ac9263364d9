# ruff: noqa: S101, PLR2004, INP001
"""Damaged or foreign databases through the real CLI: one line naming the problem and what to do,
no traceback, and not one byte written to a file towerkit cannot trust.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import hostile
import pytest
from mountns import mount_namespace

from towerkit.pipeline.ingest import ingest

LINES = ["STRUCTURAL INSPECTION REPORT", "Site ID: TX-0301", "Structure Height (AGL): 150 ft"]
COMMANDS = {
    "ingest": ["ingest", "{corpus}"],
    "query": ["query", "asr_missing"],
    "audit verify": ["audit", "verify"],
    "tags": ["tags"],
}
"""The commands an operator runs on a database, each as the CLI takes it."""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _fingerprint(path: Path) -> tuple[str, int, bool]:
    """The file's bytes, its mtime and whether a WAL appeared next to it."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        Path(f"{path}.wal").exists(),
    )


@pytest.fixture(name="corpus", scope="module")
def _corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("damaged") / "corpus"
    site = root / "z" / "S1"
    site.mkdir(parents=True)
    for i in range(4):
        hostile.text_pdf(site / f"doc{i}.pdf", [*LINES, f"Copy {i}"], pages=3)
    return root


@pytest.fixture(name="good_db", scope="module")
def _good_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("good") / "good.duckdb"
    ingest([corpus], db, workers=1, progress=False)
    assert not Path(f"{db}.wal").exists()  # checkpointed: every change below is in the file itself
    return db


def _truncated(good: Path, out: Path) -> None:
    data = good.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def _flipped(good: Path, out: Path) -> None:
    """Bytes flipped inside every block holding the documents' and audit entries' data."""
    with duckdb.connect(str(good), read_only=True) as conn:
        size = conn.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        blocks = {
            b
            for table in ("documents", "audit_log")
            for (b,) in conn.execute(
                "SELECT DISTINCT block_id FROM pragma_storage_info(?) WHERE persistent AND block_id >= 0", [table]
            ).fetchall()
        }
    data = bytearray(good.read_bytes())
    for b in blocks:
        start = 3 * 4096 + b * size + 64
        data[start : start + 32] = bytes(x ^ 0xFF for x in data[start : start + 32])
    out.write_bytes(bytes(data))


def _newer(good: Path, out: Path) -> None:
    shutil.copy(good, out)
    with duckdb.connect(str(out)) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (9999, '9999_from_the_future.sql', now())")
        conn.execute("CHECKPOINT")


DAMAGE = {
    "truncated": (_truncated, "is damaged (cut short"),
    "flipped": (_flipped, "is damaged (Corrupt database file"),
    "newer": (_newer, "was written by a newer towerkit (schema version 9999"),
}
"""How each database is spoiled, and the words its one-line error must carry."""
ADVICE = {"truncated": "restore it from a backup", "flipped": "restore it from a backup", "newer": "upgrade towerkit"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_or_newer_database_is_one_line_and_never_written(
    damage: str, command: str, good_db: Path, corpus: Path, tmp_path: Path
) -> None:
    """Every command refuses a truncated, byte-flipped or newer-schema database in one line; the file is untouched."""
    spoil, words = DAMAGE[damage]
    db = tmp_path / f"{damage}.duckdb"
    spoil(good_db, db)
    before = _fingerprint(db)
    args = [a.format(corpus=corpus) for a in COMMANDS[command]]
    done = _cli(*args, "--db", str(db))
    assert done.returncode == 3, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("towerkit: "), done.stderr
    assert words in lines[0] and ADVICE[damage] in lines[0], lines[0]
    assert "Traceback" not in done.stderr
    assert _fingerprint(db) == before


@pytest.fixture(name="read_only_mount")
def _read_only_mount(good_db: Path, tmp_path: Path) -> Iterator[tuple[object, Path, Path]]:
    """The good database seen through a read-only bind mount (as root, file modes stop no write)."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(good_db, src / "ro.duckdb")
    target = tmp_path / "ro"
    target.mkdir()
    with mount_namespace(f"mount --bind {src} {target} && mount -o remount,ro,bind {target}") as enter:
        yield enter, target / "ro.duckdb", src / "ro.duckdb"


def test_database_on_a_read_only_mount(read_only_mount, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """Writing commands say the filesystem is read-only in one line; reading ones work; no byte changes."""
    enter, db, outside = read_only_mount
    before = _fingerprint(outside)
    for args in (["ingest", str(corpus)], ["tags"]):
        done = enter([sys.executable, "-m", "towerkit", *args, "--db", str(db)])
        assert done.returncode == 3, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "its filesystem is read-only" in lines[0], done.stderr
        assert "copy it to writable storage" in lines[0]
    for args in (["query", "asr_missing"], ["audit", "verify"]):
        done = enter([sys.executable, "-m", "towerkit", *args, "--db", str(db)])
        assert done.returncode == 0, done.stderr
    assert _fingerprint(outside) == before
    assert os.listdir(outside.parent) == ["ro.duckdb"]


_UNREPLAYABLE_LOG = """
import duckdb, os, sys
conn = duckdb.connect(sys.argv[1])
conn.execute("PRAGMA disable_checkpoint_on_shutdown")
conn.execute("CREATE TABLE gone (a INTEGER)")
conn.execute("CHECKPOINT")
conn.execute("DROP TABLE gone")
os._exit(0)
"""
"""A process that dies with a drop in its write-ahead log: the log's drop names a table other files lack."""


def test_a_write_ahead_log_duckdb_cannot_replay_is_set_aside_by_the_next_ingest(
    good_db: Path, corpus: Path, tmp_path: Path
) -> None:
    """A run killed mid-write can leave a log DuckDB refuses to replay, and with it the whole file (duckdb#22044).

    A reading command says so in one line and moves nothing; the next ingest keeps the log beside the file,
    renamed, opens the database as of its last checkpoint and finishes.
    """
    donor = tmp_path / "donor.duckdb"
    subprocess.run([sys.executable, "-c", _UNREPLAYABLE_LOG, str(donor)], check=True, timeout=60)
    db = tmp_path / "killed.duckdb"
    shutil.copy(good_db, db)
    shutil.copy(f"{donor}.wal", f"{db}.wal")
    with pytest.raises(duckdb.Error, match="replaying WAL"):
        duckdb.connect(str(db), read_only=True)  # the file as DuckDB alone would leave it: refused
    done = _cli("query", "asr_missing", "--db", str(db))
    assert done.returncode == 3, (done.returncode, done.stderr)
    assert "write-ahead log cannot be replayed" in done.stderr and "Traceback" not in done.stderr
    assert Path(f"{db}.wal").exists()
    done = _cli(*[a.format(corpus=corpus) for a in COMMANDS["ingest"]], "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("killed.duckdb.wal.unreplayable-*"))) == 1
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE status = 'ingested'").fetchone() == (4,)
