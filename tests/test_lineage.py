# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocesses run this interpreter on towerkit's own CLI or papermill, with arguments built here
"""Field lineage and run diffs over real database files, through the API and the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_audit_store import REPO, RUN, build_db

from towerkit.audit.canonical import AuditEvent
from towerkit.audit.chain import merkle_root
from towerkit.errors import InputError, UsageError
from towerkit.reports.lineage import lineage
from towerkit.store import connect
from towerkit.store.audit_log import append_events


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``towerkit ARGS`` in a fresh interpreter, as a user runs it; the caller checks the exit code."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )


def duplicate_run(db: Path, run_id: str) -> None:
    """A second run over the same files: every path a duplicate, its own run_start/run_end entries."""
    conn = connect(db)
    conn.execute("BEGIN TRANSACTION")
    conn.execute("INSERT INTO runs (run_id, started_at, status) VALUES (?, now(), 'running')", [run_id])
    append_events(conn, [AuditEvent(run_id, "run_start", detail={"args": {}})])
    rows = conn.execute("SELECT path, doc_id FROM document_paths WHERE run_id = ?", [RUN]).fetchall()
    for path, doc_id in rows:
        conn.execute(
            "INSERT INTO document_paths VALUES (?, ?, ?, 'duplicate', NULL, 'north', now())", [run_id, path, doc_id]
        )
    append_events(conn, [AuditEvent(run_id, "duplicate", doc_id=d, file_sha256=d, detail={"path": p}) for p, d in rows])
    hashes = [
        h
        for (h,) in conn.execute("SELECT entry_hash FROM audit_log WHERE run_id = ? ORDER BY seq", [run_id]).fetchall()
    ]
    conn.execute("UPDATE runs SET finished_at = now(), status = 'finished' WHERE run_id = ?", [run_id])
    append_events(conn, [AuditEvent(run_id, "run_end", detail={"merkle_root": merkle_root(hashes)})])
    conn.execute("COMMIT")
    conn.close()


@pytest.fixture(name="db")
def _db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    build_db(path)
    return path


def test_lineage_traces_a_field_to_file_page_box_and_entry(db: Path) -> None:
    """lineage() returns the file, page, box, raw and normalized text, engine, template and covering entry."""
    conn = connect(db, read_only=True)
    doc_id = conn.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()[0]
    seq, h = conn.execute("SELECT seq, entry_hash FROM audit_log WHERE doc_id = ?", [doc_id]).fetchone()
    [rec] = lineage(conn, doc_id[:10], "structure_height_ft")
    conn.close()
    assert rec.doc_id == doc_id
    assert rec.sha256 == doc_id
    assert rec.page == 2
    assert rec.bbox == (300.0, 400.0, 340.0, 412.0)
    assert rec.raw_text.endswith(" ft")
    assert rec.value.endswith(".0")
    assert rec.paths[0].startswith("corpus/north/")
    assert rec.engine == "pdfplumber"
    assert rec.route == "text"
    assert rec.template_id == "tpl-acme-1"
    assert (rec.audit_seq, rec.audit_entry_hash, rec.fields_verified) == (seq, h, True)


def test_lineage_flags_fields_that_no_longer_match(db: Path) -> None:
    """A tampered value shows up in lineage as not verified against its entry."""
    conn = connect(db)
    doc_id = conn.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()[0]
    conn.execute("UPDATE fields SET value = '1.0' WHERE doc_id = ? AND field = 'structure_height_ft'", [doc_id])
    [rec] = lineage(conn, doc_id, "structure_height_ft")
    conn.close()
    assert rec.value == "1.0"
    assert not rec.fields_verified


def test_lineage_errors_are_typed(db: Path) -> None:
    """Short ids, unknown documents and unknown fields raise one-line typed errors."""
    conn = connect(db, read_only=True)
    doc_id = conn.execute("SELECT doc_id FROM documents LIMIT 1").fetchone()[0]
    with pytest.raises(UsageError):
        lineage(conn, "abc", "site_id")
    with pytest.raises(InputError, match="unknown document"):
        lineage(conn, "0" * 12, "site_id")
    with pytest.raises(InputError, match=r"has no field 'nope'.*site_id"):
        lineage(conn, doc_id, "nope")
    conn.close()


def test_lineage_cli_text_json_and_errors(db: Path) -> None:
    """The CLI prints the trace (text or JSON) and one-line errors with non-zero exits."""
    conn = connect(db, read_only=True)
    doc_id = conn.execute("SELECT doc_id FROM documents ORDER BY doc_id LIMIT 1").fetchone()[0]
    seq = conn.execute("SELECT seq FROM audit_log WHERE doc_id = ?", [doc_id]).fetchone()[0]
    conn.close()
    r = cli("lineage", doc_id[:8], "site_name", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "bbox (pt)     72.0, 120.0" in r.stdout
    assert f"entry {seq} (document)" in r.stdout
    r = cli("lineage", doc_id, "site_name", "--db", str(db), "--json")
    body = json.loads(r.stdout)
    [rec] = body["records"]
    assert rec["field"] == "site_name"
    assert rec["page"] == 1
    assert rec["fields_verified"] is True
    r = cli("lineage", "f" * 16, "site_name", "--db", str(db))
    assert r.returncode == 3
    assert r.stderr.strip() == f"towerkit: unknown document {'f' * 16}"
    r = cli("lineage", doc_id, "nope", "--db", str(db))
    assert r.returncode == 3
    assert len(r.stderr.strip().splitlines()) == 1


def test_diff_of_a_rerun_over_the_same_files_is_same(db: Path) -> None:
    """A second run over the same files (all duplicates) agrees with the first: exit 0."""
    duplicate_run(db, "run-2")
    r = cli("audit", "diff", RUN, "run-2", "--db", str(db))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith(f"same fields: runs {RUN} and run-2 agree on 6 documents")
    assert cli("audit", "verify", "--db", str(db)).returncode == 0


def test_diff_across_databases_lists_differing_fields(tmp_path: Path) -> None:
    """Two databases whose runs read one document differently: exit 1 naming the document and the field."""
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ids = build_db(a, run_id="run-a")
    build_db(b, run_id="run-b", variant=True)
    r = cli("audit", "diff", "run-a", "run-b", "--db", str(a), "--db-b", str(b))
    assert r.returncode == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("different: 1 of 6 documents differ")
    assert lines[1].startswith(
        f"  {ids[0][:12]}… corpus/north/TX-0001/report_0.pdf: fields differ: structure_height_ft"
    )


def test_diff_lists_documents_seen_by_one_run_only(tmp_path: Path) -> None:
    """Documents only one run saw make the runs different."""
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build_db(a, docs=3, run_id="run-a")
    build_db(b, docs=4, run_id="run-b")
    r = cli("audit", "diff", "run-a", "run-b", "--db", str(a), "--db-b", str(b))
    assert r.returncode == 1
    assert "seen only by run run-b" in r.stdout


def test_diff_unknown_run_is_one_line_error(db: Path) -> None:
    """An unknown run id is a one-line error."""
    r = cli("audit", "diff", RUN, "nope", "--db", str(db))
    assert r.returncode == 3
    assert r.stderr.strip() == "towerkit: unknown run nope"
