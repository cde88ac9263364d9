"""The single writer: batched Arrow inserts, one transaction per batch, audit entries alongside."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from towerkit.errors import StoreError
from towerkit.models import DocResult, ExtractedDoc, FieldValue, PageRecord, Table, Word
from towerkit.pipeline.pack import pack
from towerkit.store import connect
from towerkit.store.audit_log import verify_db
from towerkit.store.batch import PathRecord
from towerkit.store.writer import Writer

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package


def _doc(i: int, *, failed: bool = False) -> DocResult:
    sha = f"{i:064x}"
    if failed:
        return DocResult(
            path=f"/c/z/S{i}/f{i}.pdf",
            zone="z",
            sha256=sha,
            size_bytes=10,
            site_hint=f"S{i}",
            error_kind="encrypted",
            error="encrypted: password required",
        )
    page = PageRecord(1, "text", "pdfplumber", 612, 792, 100, 0.4, 0.0, 0.0, "text layer: 100 chars")
    words = tuple(Word(f"w{j}", 1, j, 10, j + 5, 20) for j in range(50))
    doc = ExtractedDoc(
        "pdf",
        "pdfplumber",
        "pdf: 1 page text layer",
        (page,),
        words,
        (Table(1, 1, (("Member", "Capacity"), ("Leg", "87.4%"))),),
    )
    fields = (
        FieldValue("site_id", f"TX-{i:04d}", f"TX-{i:04d}", 1, 10, 10, 50, 20, 0.99, label="Site ID"),
        FieldValue(
            "inspection_date", "2024-03-14", "03/14/2024", 1, 10, 30, 50, 40, 0.98, value_date=date(2024, 3, 14)
        ),
        FieldValue("structure_height_ft", None, "tall", 1, error='unparseable height: "tall"'),
    )
    # Packed as the extraction worker packs it: the writer only stores rows built for it.
    return pack(
        DocResult(
            path=f"/c/z/S{i}/f{i}.pdf",
            zone="z",
            sha256=sha,
            size_bytes=1000,
            site_hint=f"S{i}",
            extracted=doc,
            fields=fields,
        )
    )


@pytest.fixture(name="writer")
def _writer(tmp_path: Path) -> Writer:
    conn = connect(tmp_path / "w.duckdb")
    w = Writer(conn)
    w.start_run("r1", {"paths": ["/c"]}, {"towerkit": "test"}, "0")
    return w


def test_batch_lands_in_every_table_with_its_audit_entries(writer: Writer) -> None:
    """One batch writes documents, paths, pages, fields, tokens and tables, and the chain verifies."""
    writer.write_batch(
        "r1",
        [
            _doc(1),
            _doc(2),
            _doc(3, failed=True),
            PathRecord("/c/z/S1/copy.pdf", "z", f"{1:064x}", "duplicate", sha256=f"{1:064x}"),
        ],
    )
    c = writer.conn
    assert c.execute("SELECT count(*) FROM documents").fetchone() == (3,)
    assert c.execute("SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall() == [
        ("failed", 1),
        ("pending", 2),
    ]
    assert c.execute("SELECT count(*) FROM tokens").fetchone() == (100,)
    assert c.execute("SELECT count(*) FROM doc_tables").fetchone() == (4,)
    assert c.execute("SELECT cells FROM doc_tables WHERE row_no = 1 LIMIT 1").fetchone() == (["Leg", "87.4%"],)
    assert c.execute("SELECT site_id FROM documents WHERE doc_id = ?", [f"{1:064x}"]).fetchone() == ("TX-0001",)
    kept = c.execute("SELECT value, raw_text, error FROM fields WHERE field = 'structure_height_ft' LIMIT 1").fetchone()
    assert kept == (None, "tall", 'unparseable height: "tall"')
    assert c.execute("SELECT count(*) FROM document_paths WHERE run_id = 'r1'").fetchone() == (4,)
    assert c.execute("SELECT count(*) FROM audit_log").fetchone() == (5,)  # run_start + 4 path outcomes
    assert verify_db(c).ok


def test_a_failed_batch_leaves_no_rows_and_no_entries(writer: Writer) -> None:
    """A batch that fails midway rolls back whole: no half-written document, no orphan audit entry."""
    writer.write_batch("r1", [_doc(1)])
    before = writer.conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM audit_log)").fetchone()
    with pytest.raises(StoreError):
        writer.write_batch("r1", [_doc(2), _doc(1)])  # doc 1 again violates the primary key
    after = writer.conn.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM audit_log)").fetchone()
    assert after == before
    assert verify_db(writer.conn).ok


def test_write_all_commits_batches_in_order_and_stops_at_the_first_failure(writer: Writer) -> None:
    """Pipelined batches land in chain order; a failing batch raises and the ones after it never land."""
    writer.write_all("r1", [[_doc(1), _doc(2)], [_doc(3)], [_doc(4)]])
    c = writer.conn
    order = [r[0] for r in c.execute("SELECT doc_id FROM audit_log WHERE event = 'document' ORDER BY seq").fetchall()]
    assert order == [f"{i:064x}" for i in (1, 2, 3, 4)]
    with pytest.raises(StoreError):
        writer.write_all("r1", [[_doc(5)], [_doc(1)], [_doc(6)]])  # doc 1 again violates the primary key
    stored = {r[0] for r in c.execute("SELECT doc_id FROM documents").fetchall()}
    assert f"{5:064x}" in stored
    assert f"{6:064x}" not in stored
    assert verify_db(c).ok


def test_checkpoints_skip_vacuum_only_while_a_run_writes_batches(writer: Writer) -> None:
    """Row-cut batches leave short row-group tails that vacuum would rewrite at every checkpoint.

    The end-of-run work deletes rows, so compaction comes back for it.
    """

    def tasks() -> int:
        return int(writer.conn.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()[0])

    assert tasks() == 0  # the fixture's start_run
    writer.write_batch("r1", [_doc(1)])
    writer.conn.execute("CHECKPOINT")
    writer.end_writes()
    assert tasks() == 100  # DuckDB's default


def test_rows_held_since_the_last_checkpoint_are_written_out_before_the_end_of_run_work(writer: Writer) -> None:
    """Uncheckpointed rows live in memory; the end-of-run transaction should reuse that memory."""

    def held() -> int:
        return writer.conn.execute(
            "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'"
        ).fetchone()[0]

    writer.write_batch("r1", [_doc(i) for i in range(1, 40)])
    assert held() > 0
    writer.end_writes()
    assert held() == 0


def test_retryable_failure_is_replaced_by_a_later_success(writer: Writer) -> None:
    """A document that failed for want of Tesseract is extracted again later and its row replaced."""
    missing_ocr = DocResult(
        path="/c/z/S5/scan.png",
        zone="z",
        sha256=f"{5:064x}",
        size_bytes=9,
        error_kind="ocr_unavailable",
        error="ocr unavailable: tesseract not installed",
    )
    writer.write_batch("r1", [missing_ocr])
    assert writer.known(writer.conn, f"{5:064x}") is None
    writer.write_batch("r1", [_doc(5)])
    assert writer.conn.execute("SELECT status FROM documents WHERE doc_id = ?", [f"{5:064x}"]).fetchall() == [
        ("pending",)
    ]


def test_database_killed_right_after_creation_opens_again(tmp_path: Path) -> None:
    """A process SIGKILLed right after creating the schema leaves a database that opens (WAL replays)."""
    db = tmp_path / "k.duckdb"
    code = (
        "import os, sys; from towerkit.store import connect; c = connect(sys.argv[1]); "
        "c.execute(\"INSERT INTO alerts (created_at, kind) VALUES (now(), 'x')\"); os.kill(os.getpid(), 9)"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=False)  # noqa: S603  this interpreter, fixed code
    with connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM alerts").fetchone() == (1,)


def test_an_unpacked_document_is_refused_before_anything_is_written(writer: Writer) -> None:
    """The store only stores: a processed document whose rows the worker did not build is refused."""
    raw = dataclasses.replace(_doc(1), rows=None)
    with pytest.raises(ValueError, match="without its rows"):
        writer.write_batch("r1", [raw])
    assert writer.conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
