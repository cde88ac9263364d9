"""Rows built in the worker: what crosses to the writer, pages past the analysis window, batch cuts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.drift.fingerprint import fingerprint
from towerkit.engines.extract import extract
from towerkit.fields import classify, extract_fields, load_catalog
from towerkit.models import DocResult, ExtractedDoc, FieldValue, PageRecord, Word
from towerkit.pipeline.ingest import ingest
from towerkit.pipeline.pack import pack
from towerkit.store import connect
from towerkit.store.batch import PathRecord, batches


def _report(path: Path, pages: int) -> Path:
    """A text PDF whose first page has the identity fields and whose page 4 has a late "ASR Number"."""
    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(54, 740, "Structural Inspection Report")
        c.setFont("Helvetica", 10)
        if n == 1:
            c.drawString(54, 700, "Site ID: TX-0042")
            c.drawString(54, 680, "Inspection Date: March 14, 2024")
        if n == 4:
            c.drawString(54, 700, "ASR Number: 1234567")
        c.drawString(54, 60, f"Page {n} of {pages} appendix text line")
        c.showPage()
    c.save()
    return path


def test_pages_past_the_analysis_window_are_stored_not_analysed(tmp_path: Path) -> None:
    """With analysis_pages=2 every page's words reach tokens (via the spool); fields come from pages 1-2."""
    site = tmp_path / "corpus" / "z" / "TX-0042"
    site.mkdir(parents=True)
    pdf = _report(site / "report.pdf", 6)
    catalog = load_catalog(None)
    whole = extract(pdf, Settings(analysis_pages=100))
    assert whole.stored_only is None
    assert {f.field: f.value for f in extract_fields(whole, classify(whole, catalog), catalog)}.get(
        "asr_number"
    ) == "1234567"  # the control: read when page 4 is analysed
    settings = Settings(analysis_pages=2)
    doc = extract(pdf, settings)
    assert {w.page for w in doc.words} == {1, 2}
    assert doc.stored_only is not None and not doc.stored_only.files  # no spool folder: kept as Arrow
    assert set(doc.stored_only.tables["tokens"]["page"].to_pylist()) == {3, 4, 5, 6}

    db = tmp_path / "t.duckdb"
    spools = set(Path(tempfile.gettempdir()).glob("towerkit-spool-*"))
    summary = ingest(tmp_path / "corpus", db, workers=2, settings={"analysis_pages": 2}, progress=False)
    assert set(Path(tempfile.gettempdir()).glob("towerkit-spool-*")) == spools  # the run's spool is gone
    assert summary.failed == 0 and summary.ingested + summary.quarantined == 1
    conn = connect(db)
    try:
        pages = [r[0] for r in conn.execute("SELECT DISTINCT page FROM tokens ORDER BY page").fetchall()]
        fields = dict(conn.execute("SELECT field, value FROM fields").fetchall())
        stored = conn.execute("SELECT count(*) FROM tokens").fetchone()[0]
    finally:
        conn.close()
    assert pages == [1, 2, 3, 4, 5, 6]
    assert stored == len(whole.words)
    assert fields.get("site_id") == "TX-0042"
    assert "asr_number" not in fields  # printed on page 4 only: outside the analysed pages


def test_pack_drops_words_and_keeps_their_rows() -> None:
    """A packed result carries its words, fields and layout only as Arrow rows, built from the full result."""
    page = PageRecord(1, "text", "pdfplumber", 612, 792, 100, 0.4, 0.0, 0.0, "text layer")
    words = tuple(
        Word(f"Label{j % 7}:", 1, 10.0 + j % 5 * 100, 12.0 * (j // 5), 60.0 + j % 5 * 100, 12.0 * (j // 5) + 10)
        for j in range(2000)
    )
    fields = (FieldValue("site_id", "TX-0001", "TX-0001", 1, 10, 10, 50, 20, 0.99, label="Site ID"),)
    raw = DocResult(
        path="/c/z/a.pdf",
        zone="z",
        sha256="ab" * 32,
        size_bytes=1,
        extracted=ExtractedDoc("pdf", "pdfplumber", "pdf: 1 page", (page,), words),
        fields=fields,
    )
    packed = pack(raw)
    assert packed.extracted is not None and packed.extracted.words == ()
    assert packed.rows is not None
    tokens = packed.rows.tables["tokens"]
    assert tokens.num_rows == 2000 and tokens["text"].to_pylist() == [w.text for w in words]
    assert set(tokens["doc_id"].to_pylist()) == {"ab" * 32}
    fp = fingerprint(words, fields)
    layout = packed.rows.tables["doc_layouts"].to_pylist()
    assert [(r["fingerprint"], r["shingles"]) for r in layout] == [(fp.exact, sorted(fp.shingles))]
    assert packed.fields == () and packed.fingerprint is None  # only columns cross to the writer
    assert packed.rows.site_id == "TX-0001"
    assert pack(packed) is packed


@pytest.mark.parametrize(("max_docs", "max_rows", "expected"), [(3, 10**6, [3, 3, 1]), (100, 250, [3, 3, 1])])
def test_batches_cut_by_documents_or_rows(max_docs: int, max_rows: int, expected: list[int]) -> None:
    """A batch closes at batch_docs documents or once its largest table reaches batch_rows rows."""
    page = PageRecord(1, "text", "pdfplumber", 612, 792, 100, 0.4, 0.0, 0.0, "text layer")
    words = tuple(Word("w", 1, 0, 0, 1, 1) for _ in range(100))
    docs = [
        pack(
            DocResult(
                path=f"/d{i}",
                zone="z",
                sha256=f"{i:064x}",
                size_bytes=1,
                extracted=ExtractedDoc("pdf", "pdfplumber", "", (page,), words),
            )
        )
        for i in range(6)
    ]
    items = [*docs, PathRecord("/dup", "z", None, "duplicate")]
    assert [len(b) for b in batches(items, max_docs, max_rows)] == expected
