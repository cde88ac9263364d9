# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: S603  the subprocess runs this interpreter on towerkit's own CLI, with arguments built here
"""The review desk: pages drawn with their boxes, its actions changing the database, its notebook as a report.

A page is drawn from its file or, without it, from the stored words; the notebook's HTML embeds the page as a PNG.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from towerkit.config import Settings
from towerkit.errors import TowerkitError
from towerkit.fields import load_catalog
from towerkit.pipeline.ingest import ingest
from towerkit.reports import review_desk
from towerkit.reports.notebook import read_glue
from towerkit.reports.page_view import COLOURS, PageImage, page_boxes
from towerkit.review.queue import doc_review, list_queue, refresh_docs
from towerkit.sample import generate
from towerkit.store import open_db

REPO = Path(__file__).resolve().parents[1]
STRICT = 0.95
"""A review floor above the 0.9-0.92 confidence of text-layer values: every document with fields is queued."""
DPI = 100
LETTER_PX = (round(612 * DPI / 72), round(792 * DPI / 72))


@pytest.fixture(name="corpus", scope="module")
def _corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated corpus: text PDFs, scans, text exports."""
    root = tmp_path_factory.mktemp("desk-corpus")
    generate(root, docs=14, seed=7)
    return root


@pytest.fixture(name="desk_db", scope="module")
def _desk_db(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """The corpus ingested with a strict review floor, so the queue holds text PDFs as well as scans."""
    db = tmp_path_factory.mktemp("desk-db") / "towerkit.duckdb"
    ingest([corpus], db, workers=2, settings={"review_min_confidence": STRICT}, progress=False)
    with open_db(db) as conn:
        ids = [d for (d,) in conn.execute("SELECT doc_id FROM documents WHERE status = 'ingested'").fetchall()]
        refresh_docs(conn, ids, load_catalog(None), min_confidence=STRICT, by="test setup")
    return db


@pytest.fixture(name="db")
def _db(desk_db: Path, tmp_path: Path) -> Path:
    """A copy of the module's database that a test may write."""
    return Path(shutil.copy(desk_db, tmp_path / "towerkit.duckdb"))


def _doc(db: Path, suffix: str, doc_type: str | None = None) -> str:
    """The first stored document whose file ends with ``suffix`` (and has ``doc_type``), by path."""
    with open_db(db, read_only=True) as conn:
        rows = conn.execute(
            "SELECT doc_id, doc_type FROM documents WHERE status = 'ingested' AND lower(path) LIKE ? ORDER BY path",
            [f"%{suffix}"],
        ).fetchall()
    found = [d for d, t in rows if doc_type is None or t == doc_type]
    assert found, f"the corpus has no ingested {doc_type or ''} {suffix} document"
    return str(found[0])


def _pixels(image: PageImage) -> Image.Image:
    return Image.open(io.BytesIO(image.png)).convert("RGB")


def _edge_hits(image: PageImage, boxes_of: list[dict[str, object]], page: int) -> tuple[int, int]:
    """How many field boxes of ``page`` show the field colour on their left edge, out of how many."""
    picture = _pixels(image)
    boxes = [b for b in page_boxes(boxes_of, [], page) if b.kind == "field"]
    hits = 0
    for box in boxes:
        x0, top, _, bottom = box.pixels(image.scale)
        hits += picture.getpixel((x0 + 1, (top + bottom) // 2)) == COLOURS["field"]
    return hits, len(boxes)


def _dark_share(image: PageImage) -> float:
    """Share of near-black pixels: print on the page (the wireframe's words are grey, not black)."""
    gray = _pixels(image).convert("L")
    return sum(gray.histogram()[:60]) / (gray.width * gray.height)


def test_pdf_page_is_drawn_at_page_size_with_field_boxes(desk_db: Path) -> None:
    """A text PDF's page renders from the file at the page's size in pixels, each field outlined in the field colour."""
    doc_id = _doc(desk_db, ".pdf", "faa_determination")
    view = review_desk.load_review(desk_db, doc_id, 1, dpi=DPI)
    assert view.image.source == "pdf"
    assert view.image.note == ""
    assert (view.image.width, view.image.height) == LETTER_PX
    assert _pixels(view.image).size == LETTER_PX
    hits, boxes = _edge_hits(view.image, view.review.fields, 1)
    assert boxes >= 5
    assert hits == boxes
    assert _dark_share(view.image) > 0.001  # the PDF's own black print is there
    unmapped = [b for b in page_boxes([], view.review.pairs, 1) if b.kind == "unmapped"]
    assert unmapped, "an FAA determination prints labels no field takes"
    x0, top, _, bottom = unmapped[0].pixels(view.image.scale)
    assert _pixels(view.image).getpixel((x0 + 1, (top + bottom) // 2)) in (COLOURS["unmapped"], COLOURS["field"])


def test_scan_is_drawn_from_the_image_file(desk_db: Path) -> None:
    """An OCR'd image file is drawn from the image itself, scaled to the stored page, boxes in place."""
    doc_id = _doc(desk_db, ".png")
    view = review_desk.load_review(desk_db, doc_id, 1, dpi=DPI)
    assert view.image.source == "image"
    page = view.review.pages[0]
    assert (view.image.width, view.image.height) == (
        round(page["width"] * DPI / 72),
        round(page["height"] * DPI / 72),
    )
    hits, boxes = _edge_hits(view.image, view.review.fields, 1)
    assert boxes >= 3
    assert hits == boxes


def test_wireframe_when_the_source_is_moved_away_or_changed(corpus: Path, tmp_path: Path) -> None:
    """Without its file (moved, or replaced by other bytes) a page is drawn from the stored words, boxes included."""
    source = min(corpus.rglob("*.pdf"))
    folder = tmp_path / "in" / "zone" / "SITE-1"
    folder.mkdir(parents=True)
    copy = Path(shutil.copy(source, folder / source.name))
    db = tmp_path / "one.duckdb"
    ingest([tmp_path / "in"], db, workers=0, progress=False)
    with open_db(db, read_only=True) as conn:
        (doc_id,) = conn.execute("SELECT doc_id FROM documents").fetchone() or ("",)
    original = review_desk.load_review(db, doc_id, 1, dpi=DPI)
    assert original.image.source == "pdf"

    moved = copy.rename(tmp_path / "elsewhere.pdf")
    view = review_desk.load_review(db, doc_id, 1, dpi=DPI)
    assert view.image.source == "wireframe"
    assert view.image.note == "source file not found"
    assert (view.image.width, view.image.height) == (original.image.width, original.image.height)
    hits, boxes = _edge_hits(view.image, view.review.fields, 1)
    assert boxes >= 3
    assert hits == boxes
    gray = _pixels(view.image).convert("L")
    assert sum(gray.histogram()[60:160]) > 500  # the stored words, written in grey
    assert _dark_share(view.image) < _dark_share(original.image)

    copy.write_bytes(moved.read_bytes() + b"\n%changed")
    assert review_desk.load_review(db, doc_id, 1, dpi=DPI).image.note == "source file changed since ingest"


def test_text_export_is_drawn_as_a_wireframe(desk_db: Path) -> None:
    """A text export has no picture to show: its stored words are drawn, saying why."""
    doc_id = _doc(desk_db, ".txt")
    view = review_desk.load_review(desk_db, doc_id, 1, dpi=DPI)
    assert view.image.source == "wireframe"
    assert view.image.note == "source is a text file, not a picture"


def test_unknown_page_and_prefix(desk_db: Path) -> None:
    """A page the document lacks, and an ambiguous or short id, are refused in one line each."""
    doc_id = _doc(desk_db, ".pdf", "faa_determination")
    assert review_desk.load_review(desk_db, doc_id[:10]).review.doc_id == doc_id
    for bad_id, page, words in ((doc_id, 9, "no page 9"), (doc_id[:4], 1, "too short")):
        with pytest.raises(TowerkitError, match=words) as raised:
            review_desk.load_review(desk_db, bad_id, page)
        assert "\n" not in str(raised.value)


def test_default_document_is_the_oldest_queued_one(desk_db: Path) -> None:
    """With no doc_id the desk shows the first document of the review queue, and its tables."""
    with open_db(desk_db, read_only=True) as conn:
        queue = list_queue(conn)
    assert len(queue) >= 3
    view = review_desk.load_review(desk_db)
    assert view.review.doc_id == queue[0].doc_id
    assert view.review.status == "pending"
    fields = review_desk.fields_frame(view.review)
    assert fields.height == len(view.review.fields)
    assert set(fields["source"].to_list()) <= {"extracted", "correction"}
    assert review_desk.missing_frame(view)["field"].to_list() == list(view.review.missing)
    assert "Why it is queued" in review_desk.summary_html(view)


def test_accept_sets_the_queue_status(db: Path) -> None:
    """Accepting a queued document marks it accepted, by whom; accepting it twice is refused in one line."""
    doc_id = _doc(db, ".pdf", "faa_determination")
    done = review_desk.accept_doc(db, doc_id, by="ana")
    assert done.ok, done.message
    with open_db(db, read_only=True) as conn:
        status, by = conn.execute(
            "SELECT status, resolved_by FROM review_queue WHERE doc_id = ?", [doc_id]
        ).fetchone() or (None, None)
    assert (status, by) == ("accepted", "ana")
    again = review_desk.accept_doc(db, doc_id, by="ana")
    assert not again.ok
    assert "already accepted" in again.message
    assert "\n" not in again.message


def test_correction_is_refused_unless_it_normalises(db: Path) -> None:
    """A date that is not a date is refused with one line and changes nothing; a good one is in force after."""
    doc_id = _doc(db, ".pdf", "faa_determination")
    with open_db(db, read_only=True) as conn:
        before = doc_review(conn, doc_id)
    refused = review_desk.correct_field(db, doc_id, "expiration_date", "next spring", by="ana")
    assert not refused.ok
    assert "expiration_date" in refused.message
    assert "\n" not in refused.message
    with open_db(db, read_only=True) as conn:
        assert doc_review(conn, doc_id).fields == before.fields
        assert conn.execute("SELECT count(*) FROM corrections").fetchone() == (0,)

    done = review_desk.correct_field(db, doc_id, "expiration_date", "2031-07-04", by="ana", reason="letter of 2026-11")
    assert done.ok, done.message
    fields = review_desk.fields_frame(review_desk.load_review(db, doc_id).review)
    row = fields.filter(fields["field"] == "expiration_date").row(0, named=True)
    assert (row["value"], row["source"]) == ("2031-07-04", "correction")


def test_desk_buttons_drive_the_actions(db: Path) -> None:
    """The widgets call the same actions: a refused correction shows its line, Accept clears the document."""
    doc_id = _doc(db, ".pdf", "faa_determination")
    desk = review_desk.review_desk(db, doc_id=doc_id, by="ana")
    assert desk.view is not None
    assert desk.documents.value == doc_id
    assert desk.image.value == desk.view.image.png
    assert "expiration_date" in desk.field.options
    desk.field.value = "expiration_date"
    desk.value.value = "next spring"
    desk.correct_button.click()
    assert "expiration_date" in desk.message.value
    assert "#b00" in desk.message.value
    desk.accept_button.click()
    assert "accepted by ana" in desk.message.value
    assert desk.view.review.status == "accepted"
    again = desk.accept()
    assert not again.ok
    assert "already accepted" in desk.message.value
    if len(desk.page.options) > 1:
        desk.page.value = desk.page.options[1]
        assert desk.view.page == desk.page.options[1]


def test_teaching_a_label_writes_the_user_catalog_and_reextracts(db: Path) -> None:
    """Mapping an unmapped label to a field writes the catalog beside the database and re-reads every document."""
    doc_id = _doc(db, ".pdf", "faa_determination")
    view = review_desk.load_review(db, doc_id)
    # the FAA's letterhead prints the study number beside its office's name: a second label for the ASN
    label = next(str(p["label"]) for p in view.review.pairs if not p["field"] and str(p["value"]).endswith("-OE"))
    done = review_desk.teach_label(db, "asn", label, by="ana", settings=Settings(workers=0))
    assert done.ok, done.message
    written = db.with_name(f"{db.stem}.catalog.toml")
    assert written.is_file()
    assert label in written.read_text(encoding="utf-8")
    tomllib.loads(written.read_text(encoding="utf-8"))
    after = review_desk.load_review(db, doc_id).review
    assert (after.extraction_revision or 1) >= 2
    assert any(p["label"] == label and p["field"] == "asn" for p in after.pairs)


def test_coverage_tables_for_one_group(desk_db: Path) -> None:
    """The reports' coverage tables narrow to one group (a zone), critical fields first in each type."""
    with open_db(desk_db, read_only=True) as conn:
        zones = [z for (z,) in conn.execute("SELECT DISTINCT zone FROM documents WHERE status = 'ingested'").fetchall()]
    every, _ = review_desk.load_coverage(desk_db, "zone")
    one, labels = review_desk.load_coverage(desk_db, "zone", zones[0])
    assert set(every["group"].to_list()) == set(zones)
    assert set(one["group"].to_list()) == {zones[0]}
    assert set(labels["group"].to_list()) <= {zones[0]}
    for doc_type in one["doc_type"].unique().to_list():
        critical = one.filter(one["doc_type"] == doc_type)["critical"].to_list()
        assert critical == sorted(critical, reverse=True)


@pytest.mark.notebooks
def test_review_notebook_runs_as_a_report_with_the_page_image(desk_db: Path, tmp_path: Path) -> None:
    """`towerkit report review --db X -p doc_id ID` executes the notebook; its HTML embeds the page as a PNG."""
    doc_id = _doc(desk_db, ".pdf", "faa_determination")
    out = tmp_path / "out"
    args = ["report", "review", "--db", str(desk_db), "-p", "doc_id", doc_id[:16], "--out", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "towerkit", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = read_glue(out / "review.ipynb")["summary"]
    assert summary["doc_id"] == doc_id
    assert summary["picture"] == "pdf"
    assert summary["image"] == list(LETTER_PX)
    page = (out / "review.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page
    assert 'alt="Page 1 drawn from the original PDF, boxed in colour: fields in force: ' in page
    assert "<table" in page
    assert "expiration_date" in page
