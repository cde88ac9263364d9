# ruff: noqa: S101, PLR2004, INP001
"""``kv_pairs`` and ``documents.doc_type_confidence``: filled by ingest, added in place to older databases.

The rows are built in the worker and stored by the single writer, like ``fields``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from towerkit.models import Classification, DocResult, ExtractedDoc, FieldValue, PageRecord, Pair, Word
from towerkit.pipeline.ingest import ingest
from towerkit.pipeline.pack import pack
from towerkit.store import connect
from towerkit.store.db import migration_files, utcnow
from towerkit.store.writer import Writer

OLD_VERSION = 32
"""The last migration before ``kv_pairs``: a database its towerkit made must upgrade in place."""


def _old_database(path: Path) -> None:
    """A database as the towerkit of migration 032 left it, with one stored document."""
    conn = connect(path, migrate=False)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for version, name, sql in migration_files():
        if version <= OLD_VERSION:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, utcnow()])
    conn.execute(
        "INSERT INTO documents (doc_id, sha256, path, doc_type, status) VALUES ('old', 'old', '/a.pdf', 'field_log', "
        "'ingested')"
    )
    conn.execute("INSERT INTO fields (doc_id, field, value) VALUES ('old', 'site_id', 'TX-0001')")
    conn.close()


def _result(sha: str) -> DocResult:
    """A processed document with three pairs, one of them the chosen source of its field."""
    page = PageRecord(1, "text", "pdfplumber", 612, 792, 100, 0.4, 0.0, 0.0, "text layer")
    words = (
        Word("Site", 1, 10, 10, 30, 20),
        Word("ID:", 1, 32, 10, 45, 20),
        Word("TX-0042", 1, 60, 10, 100, 20),
        Word("Height", 1, 10, 40, 40, 50),
        Word("180", 1, 10, 52, 25, 62),
    )
    pairs = (
        Pair(
            1, "Site ID", "TX-0042", (10, 10, 45, 20), (60, 10, 100, 20), "same_line", 0.95,
            value_words=words[2:3], field="site_id", field_score=1.0, chosen=True,
        ),
        Pair(
            1, "Height", "180", (10, 40, 40, 50), (10, 52, 25, 62), "below", 0.65,
            value_words=words[4:5], field="structure_height_ft", field_score=0.8,
        ),
        Pair(2, "Notes", "none", (10, 10, 40, 20), (50, 10, 80, 20), "same_line", 0.7),
    )  # fmt: skip
    fields = (FieldValue("site_id", "TX-0042", "TX-0042", 1, 60, 10, 100, 20, 0.95, label="Site ID"),)
    return DocResult(
        path=f"/c/z/{sha[:4]}.pdf",
        zone="z",
        sha256=sha,
        size_bytes=100,
        extracted=ExtractedDoc("pdf", "pdfplumber", "pdf: 1 page text layer", (page,), words),
        classification=Classification("structural_inspection", None, 0.62),
        fields=fields,
        pairs=pairs,
    )


def test_an_old_database_gains_kv_pairs_in_place(tmp_path: Path) -> None:
    """A database at migration 032 opens with kv_pairs and doc_type_confidence added, its rows kept."""
    db = tmp_path / "old.duckdb"
    _old_database(db)
    with connect(db) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions[-1] >= 40
        assert OLD_VERSION in versions
        assert conn.execute("SELECT doc_id, doc_type, doc_type_confidence FROM documents").fetchall() == [
            ("old", "field_log", None)
        ]
        assert conn.execute("SELECT count(*) FROM fields").fetchone() == (1,)
        columns = [r[0] for r in conn.execute("DESCRIBE kv_pairs").fetchall()]
        for name in (
            "doc_id", "page", "label", "value", "label_x0", "label_top", "label_x1", "label_bottom", "value_x0",
            "value_top", "value_x1", "value_bottom", "kind", "confidence", "field", "pair_no", "field_score", "chosen",
        ):  # fmt: skip
            assert name in columns, name
        writer = Writer(conn)
        writer.start_run("r1", {}, {}, "0")
        writer.write_batch("r1", [pack(_result("ab" * 32))])
        assert conn.execute("SELECT count(*) FROM kv_pairs").fetchone() == (3,)
    with connect(db) as conn:  # opening again applies nothing twice
        assert conn.execute("SELECT count(*) FROM kv_pairs").fetchone() == (3,)


def test_writer_stores_each_pair_with_its_boxes_field_and_order(tmp_path: Path) -> None:
    """Pairs cross to the writer as columns only, and land one row each, boxes spread over eight columns."""
    packed = pack(_result("cd" * 32))
    assert packed.pairs == ()  # the worker drops the objects once their rows are built
    with connect(tmp_path / "w.duckdb") as conn:
        writer = Writer(conn)
        writer.start_run("r1", {}, {}, "0")
        writer.write_batch("r1", [packed])
        rows = conn.execute(
            "SELECT pair_no, page, label, value, label_x0, label_top, label_x1, label_bottom, value_x0, value_top, "
            "value_x1, value_bottom, kind, confidence, field, field_score, chosen FROM kv_pairs ORDER BY pair_no"
        ).fetchall()
        confidence = conn.execute("SELECT doc_type_confidence FROM documents").fetchone()
    assert rows == [
        (1, 1, "Site ID", "TX-0042", 10, 10, 45, 20, 60, 10, 100, 20, "same_line", 0.95, "site_id", 1.0, True),
        (2, 1, "Height", "180", 10, 40, 40, 50, 10, 52, 25, 62, "below", 0.65, "structure_height_ft", 0.8, False),
        (3, 2, "Notes", "none", 10, 10, 40, 20, 50, 10, 80, 20, "same_line", 0.7, None, None, False),
    ]
    assert confidence == (0.62,)


@pytest.mark.ocr
def test_ingest_stores_the_pairs_of_every_stored_document(sample_corpus: Path, tmp_path: Path) -> None:
    """After an ingest every ingested or quarantined document has pairs and a type confidence; failed ones none."""
    db = tmp_path / "t.duckdb"
    summary = ingest([sample_corpus], db, workers=2, progress=False)
    assert summary.ingested > 0
    assert summary.quarantined > 0
    assert summary.failed > 0
    with connect(db, read_only=True) as conn:
        per_doc = conn.execute(
            "SELECT d.status, d.doc_type_confidence, count(k.doc_id) FROM documents d "
            "LEFT JOIN kv_pairs k USING (doc_id) GROUP BY d.doc_id, d.status, d.doc_type_confidence"
        ).fetchall()
        stored = [(conf, n) for status, conf, n in per_doc if status in ("ingested", "quarantined")]
        assert len(stored) == summary.ingested + summary.quarantined
        assert all(n > 0 for _, n in stored), stored
        assert all(conf is not None and 0.0 <= conf <= 1.0 for conf, _ in stored), stored
        assert all(n == 0 for status, _, n in per_doc if status == "failed")
        numbering = conn.execute(
            "SELECT count(*) FROM (SELECT doc_id, min(pair_no) AS lo, max(pair_no) AS hi, count(*) AS n, "
            "count(DISTINCT pair_no) AS d FROM kv_pairs GROUP BY doc_id) WHERE lo <> 1 OR hi <> n OR d <> n"
        ).fetchone()
        assert numbering == (0,)
        chosen_twice = conn.execute(
            "SELECT count(*) FROM (SELECT doc_id, field FROM kv_pairs WHERE chosen GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        assert chosen_twice == (0,)
        chosen_without_field = conn.execute(
            "SELECT count(*) FROM kv_pairs k WHERE k.chosen AND (k.field IS NULL OR NOT EXISTS "
            "(SELECT 1 FROM fields f WHERE f.doc_id = k.doc_id AND f.field = k.field))"
        ).fetchone()
        assert chosen_without_field == (0,)
        assert conn.execute("SELECT count(*) FROM kv_pairs WHERE chosen").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM kv_pairs WHERE field IS NULL").fetchone()[0] > 0
