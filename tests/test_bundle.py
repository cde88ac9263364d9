# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""Evidence bundles: export from a real database, verify offline, and fail on any one-byte change."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from test_audit_store import REPO, build_db, tamper

from towerkit.reports.bundle import DATA_FILES, MANIFEST, manifest_bytes, verify_bundle


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``towerkit ARGS`` in a fresh interpreter, as a user runs it; the caller checks the exit code."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )


@pytest.fixture(name="db", scope="module")
def _db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "t.duckdb"
    build_db(path, docs=6)
    return path


@pytest.fixture(name="bundle", scope="module")
def _bundle(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "TX-0001"
    r = cli("audit", "export", "--site", "TX-0001", "--out", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    return out


def copy(bundle: Path, tmp_path: Path) -> Path:
    """A copy of the bundle's files to tamper with, leaving the module's bundle intact."""
    dst = tmp_path / "copy"
    dst.mkdir(parents=True)
    for p in bundle.iterdir():
        (dst / p.name).write_bytes(p.read_bytes())
    return dst


def test_export_writes_the_site_and_verifies(bundle: Path) -> None:
    """The bundle holds the site's 3 documents, their 15 fields and entries, and verify-bundle accepts it."""
    assert sorted(p.name for p in bundle.iterdir()) == sorted([*DATA_FILES, MANIFEST])
    docs = json.loads((bundle / "documents.json").read_text())["documents"]
    assert len(docs) == 3
    assert {d["site_id"] for d in docs} == {"TX-0001"}
    fields = json.loads((bundle / "fields.json").read_text())["fields"]
    assert sum(len(v) for v in fields.values()) == 15
    assert all(r["page"] is not None and r["x0"] is not None for v in fields.values() for r in v)
    entries = json.loads((bundle / "entries.json").read_text())
    assert {e["event"] for e in entries["entries"]} == {"run_start", "document", "run_end"}
    assert len(entries["merkle_proofs"]) == 3
    r = cli("audit", "verify-bundle", str(bundle))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip() == "bundle intact: 5 entries"


@pytest.mark.parametrize("name", [*DATA_FILES, MANIFEST])
def test_one_flipped_byte_in_any_file_fails(bundle: Path, tmp_path: Path, name: str) -> None:
    """Flipping one byte of any file (in the middle, then at the end) makes verification fail."""
    for where in ("middle", "last"):
        dst = copy(bundle, tmp_path / where)
        data = bytearray((dst / name).read_bytes())
        i = len(data) // 2 if where == "middle" else len(data) - 1
        data[i] ^= 0x01
        (dst / name).write_bytes(bytes(data))
        result = verify_bundle(dst)
        assert not result.ok, (name, where)
    r = cli("audit", "verify-bundle", str(dst))
    assert r.returncode == 1, (name, r.stdout, r.stderr)


def test_consistent_edit_with_updated_file_hash_is_still_caught(bundle: Path, tmp_path: Path) -> None:
    """Changing a field value and updating the file's hash in the manifest still fails.

    The manifest's own digest and the fields digest both catch it.
    """
    dst = copy(bundle, tmp_path)
    doc = json.loads((dst / "fields.json").read_text())
    first = next(iter(doc["fields"].values()))
    first[0]["value"] = "FORGED"
    data = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"
    (dst / "fields.json").write_bytes(data)
    manifest = json.loads((dst / MANIFEST).read_text())
    manifest["files"]["fields.json"] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (dst / MANIFEST).write_bytes(manifest_bytes(manifest))
    result = verify_bundle(dst)
    assert not result.ok
    assert "do not match fields_sha256" in str(result.problems[0])


def test_added_file_fails(bundle: Path, tmp_path: Path) -> None:
    """A file added to the bundle folder fails verification."""
    dst = copy(bundle, tmp_path)
    (dst / "extra.json").write_text("{}")
    assert not verify_bundle(dst).ok


def test_non_empty_folder_is_refused(db: Path, tmp_path: Path) -> None:
    """Export refuses a folder that already holds something, and leaves it untouched."""
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    r = cli("audit", "export", "--site", "TX-0001", "--out", str(out), "--db", str(db))
    assert r.returncode == 3
    assert "not empty" in r.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_unknown_site_is_one_line_error(db: Path, tmp_path: Path) -> None:
    """An unknown site prints one line and writes nothing."""
    out = tmp_path / "none"
    r = cli("audit", "export", "--site", "../../etc", "--out", str(out), "--db", str(db))
    assert r.returncode == 3
    assert r.stderr.strip().splitlines() == ["towerkit: unknown site '../../etc': no documents"]
    assert not out.exists()


def test_site_id_with_path_tricks_stays_in_the_folder(tmp_path: Path) -> None:
    """A site id full of ../ and slashes (as stored in the database) cannot steer any write out of DIR."""
    db = tmp_path / "t.duckdb"
    build_db(db, docs=2)
    evil = "../../../tmp/evil/..\\x"
    conn = duckdb.connect(str(db))
    conn.execute("UPDATE documents SET site_id = ?", [evil])
    conn.close()
    out = tmp_path / "area" / "bundle"
    r = cli("audit", "export", "--site", evil, "--out", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "area").rglob("*")) == sorted(["bundle", *DATA_FILES, MANIFEST])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["area", "t.duckdb"]
    assert verify_bundle(out).ok


def test_export_refuses_a_tampered_database(tmp_path: Path) -> None:
    """Evidence is not cut from a database whose chain does not verify."""
    db = tmp_path / "t.duckdb"
    build_db(db, docs=2)
    tamper(db, "UPDATE fields SET value = 'x' WHERE field = 'site_name'")
    r = cli("audit", "export", "--site", "TX-0001", "--out", str(tmp_path / "b"), "--db", str(db))
    assert r.returncode == 1
    assert "does not verify" in r.stderr


def test_verify_bundle_on_a_plain_folder_is_one_line_error(tmp_path: Path) -> None:
    """verify-bundle on a folder without a manifest says so in one line."""
    r = cli("audit", "verify-bundle", str(tmp_path))
    assert r.returncode == 3
    assert "not an evidence bundle" in r.stderr
