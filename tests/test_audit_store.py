"""The audit chain in a real DuckDB file, tampered with plain SQL and checked by the real CLI."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pytest

from towerkit.audit.canonical import AuditEvent, fields_digest
from towerkit.audit.chain import merkle_root
from towerkit.models import FieldValue
from towerkit.store import connect
from towerkit.store.audit_log import append_events, iter_entries, verify_db

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package

REPO = Path(__file__).resolve().parents[1]
RUN = "20261128T000000Z-abcdef"


def doc_fields(i: int, site: str) -> list[FieldValue]:
    """A structural inspection's fields, different per document."""
    return [
        FieldValue("site_id", site, site.replace("-", " "), 1, 72.0, 100.0, 140.5, 112.0),
        FieldValue("site_name", f"Hilltop {i}", f"HILLTOP {i}", 1, 72.0, 120.0, 190.25, 132.0),
        FieldValue(
            "structure_height_ft", f"{150 + i}.0", f"{150 + i} ft", 2, 300.0, 400.0, 340.0, 412.0, value_num=150.0 + i
        ),
        FieldValue(
            "inspection_date",
            f"2025-03-{i + 1:02d}",
            f"March {i + 1}, 2025",
            1,
            300.0,
            140.0,
            380.0,
            152.0,
            value_date=date(2025, 3, i + 1),
        ),
        FieldValue("inspection_firm", "Tower Inspección Ltd", "Tower Inspección Ltd", 1, 300.0, 160.0, 420.0, 172.0),
    ]


def insert_doc(
    conn: duckdb.DuckDBPyConnection, run_id: str, doc_id: str, site: str, path: str, fields: list[FieldValue]
) -> None:
    """Insert a document, its path and its fields rows with plain SQL (what the writer stores)."""
    conn.execute(
        """INSERT INTO documents (doc_id, sha256, path, size_bytes, zone, site_id, doc_type, engine, route,
               route_reason, page_count, template_id, status, run_id, ingested_at)
           VALUES (?, ?, ?, 1234, 'north', ?, 'structural_inspection', 'pdfplumber', 'text', 'pdf: 2 pages text layer',
                   2, 'tpl-acme-1', 'ingested', ?, now())""",
        [doc_id, doc_id, path, site, run_id],
    )
    conn.execute(
        "INSERT INTO document_paths VALUES (?, ?, ?, 'ingested', NULL, 'north', now())", [run_id, path, doc_id]
    )
    for f in fields:
        conn.execute(
            """INSERT INTO fields (doc_id, field, value, value_num, value_date, raw_text, page, x0, top, x1, bottom,
                   confidence, value_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                doc_id,
                f.field,
                f.value,
                f.value_num,
                f.value_date,
                f.raw_text,
                f.page,
                f.x0,
                f.top,
                f.x1,
                f.bottom,
                f.confidence,
                f.value_sha256,
            ],
        )


def build_db(path: Path, docs: int = 6, run_id: str = RUN, *, variant: bool = False) -> list[str]:
    """A database with one finished run of ``docs`` documents over two sites; returns the doc ids.

    Entries: 1 run_start, one document entry per doc (seq 2..docs+1), one run_end. Doc ids depend
    only on the document number, so two databases hold the same contents; ``variant`` reads the
    first document's height differently (as another extractor version might).
    """
    conn = connect(path)
    ids = []
    try:
        conn.execute("BEGIN TRANSACTION")
        conn.execute("INSERT INTO runs (run_id, started_at, status) VALUES (?, now(), 'running')", [run_id])
        append_events(
            conn,
            [
                AuditEvent(
                    run_id, "run_start", detail={"args": {"paths": ["corpus"]}, "manifest": {"towerkit": "0.1.0"}}
                )
            ],
        )
        conn.execute("COMMIT")
        conn.execute("BEGIN TRANSACTION")
        events = []
        for i in range(docs):
            site = "TX-0001" if i % 2 == 0 else "OK-0002"
            doc_id = hashlib.sha256(f"file {i}".encode()).hexdigest()
            fields = doc_fields(i, site)
            if variant and i == 0:
                fields[2] = FieldValue(
                    "structure_height_ft", "15.0", "15 ft", 2, 300.0, 400.0, 340.0, 412.0, value_num=15.0
                )
            p = f"corpus/north/{site}/report_{i}.pdf"
            insert_doc(conn, run_id, doc_id, site, p, fields)
            events.append(
                AuditEvent(
                    run_id,
                    "document",
                    doc_id=doc_id,
                    file_sha256=doc_id,
                    fields_sha256=fields_digest(fields),
                    detail={"outcome": "ingested", "path": p, "zone": "north", "status": "ingested", "error": None},
                )
            )
            ids.append(doc_id)
        append_events(conn, events)
        conn.execute("COMMIT")
        conn.execute("BEGIN TRANSACTION")
        hashes = [
            h
            for (h,) in conn.execute(
                "SELECT entry_hash FROM audit_log WHERE run_id = ? ORDER BY seq", [run_id]
            ).fetchall()
        ]
        conn.execute(
            "UPDATE runs SET finished_at = now(), status = 'finished', files = ? WHERE run_id = ?", [docs, run_id]
        )
        append_events(conn, [AuditEvent(run_id, "run_end", detail={"files": docs, "merkle_root": merkle_root(hashes)})])
        conn.execute("COMMIT")
    finally:
        conn.close()
    return ids


def tamper(path: Path, *statements: str | tuple[str, Sequence[object]]) -> None:
    """Run plain SQL on the database file, as someone with write access could.

    A statement is SQL text, or (SQL, values) for one whose values are bound as ``?`` parameters.
    """
    conn = duckdb.connect(str(path))
    try:
        for statement in statements:
            sql, values = (statement, ()) if isinstance(statement, str) else statement
            conn.execute(sql, list(values))
    finally:
        conn.close()


def towerkit_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m towerkit ARGS`` from the repository, capturing its output (exit code not checked)."""
    return subprocess.run(  # noqa: S603  argv is this interpreter and the test's own arguments
        [sys.executable, "-m", "towerkit", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def verify_cli(path: Path) -> subprocess.CompletedProcess[str]:
    """``towerkit audit verify --db PATH``."""
    return towerkit_cli("audit", "verify", "--db", str(path))


@pytest.fixture(name="db")
def _db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    build_db(path)
    return path


def test_clean_database_verifies(db: Path) -> None:
    """An untouched database verifies: exit 0 with the entry count."""
    r = verify_cli(db)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "audit chain intact: 8 entries" in r.stdout


def test_altered_entry_is_named(db: Path) -> None:
    """Changing an entry's detail breaks its hash: exit 1 naming that entry."""
    tamper(db, """UPDATE audit_log SET detail = '{"outcome":"ingested","path":"elsewhere.pdf"}' WHERE seq = 4""")
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "entry 4: entry_hash mismatch (entry altered or forged)"


def test_deleted_entry_is_a_seq_gap(db: Path) -> None:
    """Deleting an entry leaves a gap in seq, reported at the missing seq."""
    tamper(db, "DELETE FROM audit_log WHERE seq = 5")
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "entry 5: seq gap (entry deleted)"


def test_deleted_and_renumbered_entries_are_found(db: Path) -> None:
    """Deleting two entries and renumbering the rest to hide the gap is still caught at the first renumbered entry."""
    tamper(
        db,
        "DELETE FROM audit_log WHERE seq IN (3, 4)",
        "CREATE TABLE t AS SELECT * REPLACE (CASE WHEN seq > 4 THEN seq - 2 ELSE seq END AS seq) FROM audit_log",
        "DELETE FROM audit_log",
        "INSERT INTO audit_log SELECT * FROM t",
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("entry 3: entry hashed as seq 5 found at seq 3")


def test_inserted_entry_is_named(db: Path) -> None:
    """A forged entry slipped in (later ones renumbered) is named at its position."""
    tamper(
        db,
        "CREATE TABLE t AS SELECT * REPLACE (CASE WHEN seq >= 4 THEN seq + 1 ELSE seq END AS seq) FROM audit_log",
        "DELETE FROM audit_log",
        "INSERT INTO audit_log SELECT * FROM t",
        (
            """INSERT INTO audit_log SELECT 4, ?, logged_at, 'document', doc_id, file_sha256, fields_sha256,
                   detail, entry_hash, ? FROM audit_log WHERE seq = 3""",
            [RUN, "f" * 64],
        ),
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "entry 4: inserted entry (the next entry's hash was made for this position)"


def test_appended_forged_entry_is_named(db: Path) -> None:
    """An entry appended at the end without the right hash is named."""
    tamper(
        db,
        (
            """INSERT INTO audit_log SELECT 9, ?, now(), 'approved', doc_id, file_sha256, fields_sha256,
                       NULL, entry_hash, ? FROM audit_log WHERE seq = 8""",
            [RUN, "0" * 64],
        ),
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("entry 9: entry_hash mismatch")


def test_reordered_entries_are_named(db: Path) -> None:
    """Swapping two entries' places is reported at the first moved one."""
    tamper(
        db,
        "UPDATE audit_log SET seq = 100 WHERE seq = 5",
        "UPDATE audit_log SET seq = 5 WHERE seq = 6",
        "UPDATE audit_log SET seq = 6 WHERE seq = 100",
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("entry 5: entry hashed as seq 6 found at seq 5")


def test_altered_field_value_is_caught(db: Path) -> None:
    """UPDATE fields SET value=... is reported at the entry that recorded that document's fields."""
    seq, doc_id = (
        duckdb.connect(str(db), read_only=True)
        .execute("SELECT seq, doc_id FROM audit_log WHERE event = 'document' ORDER BY seq LIMIT 1 OFFSET 2")
        .fetchone()
    )
    tamper(db, ("UPDATE fields SET value = '999.0' WHERE doc_id = ? AND field = 'structure_height_ft'", [doc_id]))
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == f"entry {seq}: fields of doc {doc_id[:12]}… do not match fields_sha256"


def test_altered_numeric_value_is_caught(db: Path) -> None:
    """Changing only value_num (what compliance queries compare) is caught too."""
    tamper(db, "UPDATE fields SET value_num = 1.0 WHERE field = 'structure_height_ft'")
    r = verify_cli(db)
    assert r.returncode == 1
    assert "do not match fields_sha256" in r.stdout.splitlines()[0]


def test_deleted_field_rows_are_caught(db: Path) -> None:
    """Deleting all of a document's fields is caught."""
    tamper(db, "DELETE FROM fields WHERE doc_id = (SELECT min(doc_id) FROM documents)")
    r = verify_cli(db)
    assert r.returncode == 1
    assert "do not match fields_sha256" in r.stdout


def test_altered_document_hash_is_caught(db: Path) -> None:
    """UPDATE documents SET sha256=... is reported at the document's entry."""
    seq, doc_id = (
        duckdb.connect(str(db), read_only=True)
        .execute("SELECT seq, doc_id FROM audit_log WHERE event = 'document' ORDER BY seq LIMIT 1")
        .fetchone()
    )
    tamper(db, ("UPDATE documents SET sha256 = ? WHERE doc_id = ?", ["e" * 64, doc_id]))
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith(f"entry {seq}: document {doc_id[:12]}… has sha256 eeeeeeeeeeee")


def test_inserted_document_is_caught(db: Path) -> None:
    """A document row no entry covers is reported."""
    tamper(
        db,
        ("INSERT INTO documents (doc_id, sha256, path, status) VALUES (?, ?, 'x.pdf', 'ingested')", ["a" * 64] * 2),
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert "not covered by any audit entry" in r.stdout


def test_truncated_chain_is_caught_by_the_runs_table(db: Path) -> None:
    """Deleting the tail (the run_end entry) is caught because the run is recorded as finished."""
    tamper(db, "DELETE FROM audit_log WHERE seq = 8")
    r = verify_cli(db)
    assert r.returncode == 1
    assert "has no run_end entry" in r.stdout


def test_reextracted_fields_verify_against_the_latest_entry(tmp_path: Path) -> None:
    """After an approval re-extracts a document, its new fields verify against the approved entry, not the first."""
    path = tmp_path / "t.duckdb"
    ids = build_db(path)
    conn = connect(path)
    new = [FieldValue("site_id", "TX-0001", "TX 0001", 1, 10.0, 10.0, 50.0, 22.0)]
    conn.execute("BEGIN TRANSACTION")
    conn.execute("DELETE FROM fields WHERE doc_id = ?", [ids[0]])
    conn.execute(
        "INSERT INTO fields (doc_id, field, value, raw_text, page, x0, top, x1, bottom) "
        "VALUES (?, 'site_id', 'TX-0001', 'TX 0001', 1, 10.0, 10.0, 50.0, 22.0)",
        [ids[0]],
    )
    append_events(
        conn,
        [
            AuditEvent(
                "review-1",
                "approved",
                doc_id=ids[0],
                file_sha256=ids[0],
                fields_sha256=fields_digest(new),
                detail={"by": "analyst"},
            )
        ],
    )
    conn.execute("COMMIT")
    result = verify_db(conn)
    conn.close()
    assert result.ok, result
    assert verify_cli(path).returncode == 0


def test_append_is_gapless_and_rolls_back_with_the_transaction(tmp_path: Path) -> None:
    """Entries appended in a rolled-back transaction vanish with the data; the next append continues the chain."""
    conn = connect(tmp_path / "t.duckdb")
    conn.execute("BEGIN TRANSACTION")
    append_events(conn, [AuditEvent("r", "run_start")])
    conn.execute("COMMIT")
    conn.execute("BEGIN TRANSACTION")
    append_events(conn, [AuditEvent("r", "document", doc_id=str(i)) for i in range(300)])
    conn.execute("ROLLBACK")
    conn.execute("BEGIN TRANSACTION")
    append_events(conn, [AuditEvent("r", "document", doc_id=str(i)) for i in range(400)])
    conn.execute("COMMIT")
    entries = list(iter_entries(conn))
    conn.close()
    assert [e.seq for e in entries] == list(range(1, 402))
    assert entries[1].prev_hash == entries[0].entry_hash


def test_missing_database_is_one_line_error(tmp_path: Path) -> None:
    """Verify on a missing file prints one line and exits 3, without a traceback."""
    r = verify_cli(tmp_path / "nope.duckdb")
    assert r.returncode == 3
    assert len(r.stderr.strip().splitlines()) == 1
    assert "does not exist" in r.stderr


def test_deleted_document_row_is_caught(db: Path) -> None:
    """Deleting a document row is reported at the entry that recorded it."""
    tamper(
        db,
        "DELETE FROM fields WHERE doc_id = (SELECT doc_id FROM audit_log WHERE seq = 3)",
        "DELETE FROM documents WHERE doc_id = (SELECT doc_id FROM audit_log WHERE seq = 3)",
    )
    r = verify_cli(db)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].endswith("is missing from documents")
    assert r.stdout.startswith("entry 3: ")


def test_duplicate_of_content_in_flight_at_a_crash_verifies(db: Path) -> None:
    """A duplicate entry naming content whose own result never committed (run killed) is not tampering."""
    conn = connect(db)
    conn.execute("BEGIN TRANSACTION")
    append_events(
        conn,
        [
            AuditEvent(
                "run-killed",
                "duplicate",
                doc_id="d" * 64,
                file_sha256="d" * 64,
                detail={"path": "z/s/copy.pdf", "outcome": "duplicate"},
            )
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    assert verify_cli(db).returncode == 0


@pytest.mark.slow
@pytest.mark.ocr
def test_real_ingest_of_a_generated_corpus_verifies(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A real ingest (twice: the second all duplicates) verifies, diffs as same, and exports a verifiable bundle.

    It still verifies after an approval re-extracts a document, and catches a tampered raw_text.
    """
    ingest_mod = pytest.importorskip("towerkit.pipeline.ingest")
    pytest.importorskip("towerkit.sample")
    if not hasattr(pytest.importorskip("towerkit.fields"), "load_catalog"):
        pytest.skip("field extraction (towerkit.fields) has not landed yet")
    corpus: Path = request.getfixturevalue("sample_corpus")
    db = tmp_path / "real.duckdb"
    first = ingest_mod.ingest(corpus, db, workers=2, progress=False)
    second = ingest_mod.ingest(corpus, db, workers=2, progress=False)
    assert second.duplicates + second.failed == second.files
    assert second.ingested == 0
    r = verify_cli(db)
    assert r.returncode == 0, r.stdout + r.stderr
    conn = duckdb.connect(str(db), read_only=True)
    entries = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    site, doc_id, field = conn.execute(
        "SELECT d.site_id, d.doc_id, f.field FROM documents d JOIN fields f USING (doc_id) "
        "WHERE d.site_id IS NOT NULL AND d.status = 'ingested' ORDER BY d.doc_id, f.field LIMIT 1"
    ).fetchone()
    conn.close()
    assert f"audit chain intact: {entries} entries" in r.stdout
    diff = towerkit_cli("audit", "diff", first.run_id, second.run_id, "--db", str(db))
    assert diff.returncode == 0, diff.stdout + diff.stderr
    out = tmp_path / "bundle"
    exp = towerkit_cli("audit", "export", "--site", site, "--out", str(out), "--db", str(db))
    assert exp.returncode == 0, exp.stderr
    vb = towerkit_cli("audit", "verify-bundle", str(out))
    assert vb.returncode == 0, vb.stdout + vb.stderr
    lin = towerkit_cli("lineage", doc_id[:12], field, "--db", str(db))
    assert lin.returncode == 0, lin.stdout + lin.stderr
    assert "FIELDS DO NOT MATCH" not in lin.stdout, lin.stdout + lin.stderr
    # approving a quarantined document re-extracts its fields: the approved entry carries the new digest
    assert first.quarantined >= 1  # the corpus's ground truth expects quarantined documents
    conn = duckdb.connect(str(db), read_only=True)
    (held,) = conn.execute("SELECT doc_id FROM quarantine WHERE status = 'pending' ORDER BY doc_id LIMIT 1").fetchone()
    conn.close()
    ok = towerkit_cli("quarantine", "approve", held[:12], "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    r = verify_cli(db)
    assert r.returncode == 0, r.stdout + r.stderr
    tamper(db, ("UPDATE fields SET raw_text = raw_text || ' ' WHERE doc_id = ? AND field = ?", [doc_id, field]))
    bad = verify_cli(db)
    assert bad.returncode == 1
    assert f"fields of doc {doc_id[:12]}… do not match fields_sha256" in bad.stdout
