"""The three engines on real inputs: legacy text, pdfplumber on generated PDFs, Tesseract on scans."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import psutil
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.ocr import image_dpi, ocr_image_file, ocr_pdf_page, parse_tsv, to_gray
from towerkit.engines.pdf import PlumberDoc, is_real_table
from towerkit.engines.text import LINES_PER_PAGE, decode, extract_text
from towerkit.errors import ExtractionError
from towerkit.models import TEXT_CELL_H, TEXT_CELL_W

S = Settings(workers=0)


# --- text engine ------------------------------------------------------------------------------


def test_decode_boms_utf8_and_code_pages() -> None:
    """BOMs decide; plain UTF-8 is UTF-8; a cp1252 log is decoded without mojibake."""
    assert decode("\ufeffTower".encode("utf-8")) == ("Tower", "utf-8-sig")
    assert decode("Tower ü".encode("utf-16")) == ("Tower ü", "utf-16")
    assert decode("Tower ü".encode("utf-16-be").join([b"\xfe\xff", b""])) == ("Tower ü", "utf-16")
    assert decode("Tower ü".encode()) == ("Tower ü", "utf-8")
    log = "Technician: José Peña — façade lamp replaced, 12 °C, naïve café résumé\r\n" * 5
    text, encoding = decode(log.encode("cp1252"))
    assert "José Peña" in text and "façade" in text
    assert encoding == "cp1252"
    box = "┌────────┐\r\n│ SITE 12 │\r\n└────────┘\r\n".encode("cp437")
    assert decode(box) == (box.decode("cp437"), "cp437")
    cyrillic = ("Техник: замена лампы на вышке, всё исправно\r\n" * 4).encode("cp1251")
    assert "замена" in decode(cyrillic)[0]


def test_nul_bytes_are_not_text() -> None:
    """NUL bytes without a UTF-16 BOM mean binary content."""
    with pytest.raises(ExtractionError) as err:
        decode(b"abc\x00def")
    assert err.value.reason.startswith("not text:")


def test_words_get_fixed_character_cells() -> None:
    """Column c and line n map to x0 = c*6 and top = n*12; tabs expand to 8 columns."""
    words, pages, encoding = extract_text(b"SITE  NY-1234\n\tlight OK\n")
    assert encoding == "utf-8" and len(pages) == 1
    site, ny, light, ok = words
    assert (site.x0, site.top, site.x1, site.bottom) == (0.0, 0.0, 4 * TEXT_CELL_W, TEXT_CELL_H)
    assert ny.x0 == 6 * TEXT_CELL_W
    assert (light.x0, light.top) == (8 * TEXT_CELL_W, TEXT_CELL_H)
    assert ok.x0 == 14 * TEXT_CELL_W


def test_pages_every_66_lines_and_at_form_feeds() -> None:
    """A long log is split into 66-line pages, and a form feed starts a new page."""
    body = "".join(f"line {i}\n" for i in range(LINES_PER_PAGE + 1)) + "before\fafter\n"
    words, pages, _ = extract_text(body.encode())
    assert len(pages) == 3
    last_of_page_1 = next(w for w in words if w.text == str(LINES_PER_PAGE - 1))
    assert last_of_page_1.page == 1
    first_of_page_2 = next(w for w in words if w.text == str(LINES_PER_PAGE))
    assert (first_of_page_2.page, first_of_page_2.top) == (2, 0.0)
    after = next(w for w in words if w.text == "after")
    assert (after.page, after.top, after.x0) == (3, 0.0, 0.0)


# --- OCR pieces (pure) ------------------------------------------------------------------------

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1700\t2200\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t200\t100\t400\t50\t96.5\tTower\n"
    "5\t1\t1\t1\t1\t2\t650\t100\t300\t50\t-1\tghost\n"
    "5\t1\t1\t1\t1\t3\t1000\t100\t10\t50\t80\t \n"
    "5\t1\t1\t1\t1\t4\t1100\t100\t200\t50\t71\tNY-1\n"
)


def test_parse_tsv_drops_layout_rows_and_scales_to_points() -> None:
    """Only level-5 rows with text and conf >= 0 survive; pixels become points at 72/dpi."""
    words = parse_tsv(TSV, page=3, scale=72 / 200)
    assert [w.text for w in words] == ["Tower", "NY-1"]
    tower = words[0]
    assert (tower.page, tower.x0, tower.top, tower.x1, tower.bottom, tower.conf) == (3, 72.0, 36.0, 216.0, 54.0, 96.5)
    assert parse_tsv("", 1, 1.0) == []


def test_to_gray_handles_alpha_16bit_and_palette() -> None:
    """Transparent pixels become white paper; 16-bit and palette images become 8-bit gray."""
    rgba = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    assert to_gray(rgba).getpixel((0, 0)) == 255
    deep = Image.new("I;16", (4, 4), 65535)
    assert to_gray(deep).mode == "L" and to_gray(deep).getpixel((0, 0)) == 255
    assert to_gray(Image.new("P", (4, 4))).mode == "L"
    assert to_gray(Image.new("1", (4, 4))).mode == "1"


def test_image_dpi_uses_plausible_metadata_only() -> None:
    """A scan's 200 dpi is used; a 72 dpi screen default or missing metadata states nothing (None)."""
    img = Image.new("L", (10, 10))
    assert image_dpi(img) is None
    img.info["dpi"] = (200, 200)
    assert image_dpi(img) == 200
    img.info["dpi"] = (72, 72)
    assert image_dpi(img) is None


# --- pdfplumber engine ------------------------------------------------------------------------


def _report_pdf(path: Path, pages: int = 1) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(pages):
        c.setFont("Helvetica", 11)
        c.drawString(72, 720, f"Structural Inspection Report page {n + 1}")
        c.drawString(72, 700, "Site ID: NY-1234   Structure Height: 150.0 ft")
        x0, y0, cw, rh = 72, 500, 150, 20
        for r in range(4):
            for col in range(3):
                c.rect(x0 + col * cw, y0 - r * rh, cw, rh)
                c.drawString(x0 + col * cw + 4, y0 - r * rh + 6, f"r{r}c{col}")
        c.rect(72, 200, 300, 60)  # a bordered box: not a table
        c.drawString(80, 230, "Notes inside a box")
        c.showPage()
    c.save()
    return path


def test_pdfplumber_words_have_page_coordinates(tmp_path: Path) -> None:
    """Words come back in reading order with top-left-origin point boxes."""
    with PlumberDoc(str(_report_pdf(tmp_path / "r.pdf"))) as doc:
        words, tables = doc.read_page(1)
    texts = [w.text for w in words]
    assert texts[:5] == ["Structural", "Inspection", "Report", "page", "1"]
    site = words[texts.index("NY-1234")]
    assert site.conf is None and site.page == 1
    assert 792 - 700 - 11 < site.top < 792 - 700 and site.x0 > 72


def test_only_ruled_grids_count_as_tables(tmp_path: Path) -> None:
    """The 4x3 ruled grid is one table with its cells; the single bordered box is not a table."""
    with PlumberDoc(str(_report_pdf(tmp_path / "r.pdf"))) as doc:
        _, tables = doc.read_page(1)
    assert len(tables) == 1
    (table,) = tables
    assert (table.page, table.table_no) == (1, 1)
    assert table.rows[0] == ("r0c0", "r0c1", "r0c2") and len(table.rows) == 4
    assert not is_real_table((("only cell",),))


@pytest.mark.slow
def test_pdfplumber_memory_stays_flat(tmp_path: Path) -> None:
    """Reading 400 pages one by one (closing each) does not grow this process's memory."""
    path = _report_pdf(tmp_path / "long.pdf", pages=400)
    proc = psutil.Process()
    with PlumberDoc(str(path)) as doc:
        samples = []
        for n in range(1, len(doc) + 1):
            doc.read_page(n)
            if n % 50 == 0:
                samples.append(proc.memory_info().rss)
    growth_mb = (max(samples) - samples[0]) / 2**20
    assert growth_mb < 40, f"RSS grew {growth_mb:.0f} MB over 350 pages"


# --- Tesseract --------------------------------------------------------------------------------


def _recall(found: list[str], gold: str) -> float:
    norm = lambda s: re.sub(r"[^\w]", "", s.lower())  # noqa: E731
    want = [norm(w) for w in gold.split() if norm(w)]
    have: dict[str, int] = {}
    for w in found:
        have[norm(w)] = have.get(norm(w), 0) + 1
    hit = 0
    for w in want:
        if have.get(w, 0) > 0:
            have[w] -= 1
            hit += 1
    return hit / len(want)


@pytest.mark.ocr
def test_phototest_word_recall_and_point_boxes(shared_corpus: Path) -> None:
    """Tesseract reads phototest.tif with >= 0.9 word recall; boxes are points inside the page."""
    base = shared_corpus / "tesseract-test" / "testing"
    (page,) = ocr_image_file(str(base / "phototest.tif"), S)
    gold = (base / "phototest.gold.txt").read_text()
    assert _recall([w.text for w in page.words], gold) >= 0.9
    assert page.dpi == 200 and page.width == pytest.approx(640 * 72 / 200)
    assert all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < w.bottom <= page.height for w in page.words)
    assert all(w.conf is not None and 0 <= w.conf <= 100 for w in page.words)


@pytest.mark.ocr
def test_ocr_boxes_line_up_with_the_text_layer(tmp_path: Path) -> None:
    """OCR of a rendered page puts a word within a few points of where pdfplumber puts it."""
    c = canvas.Canvas(str(tmp_path / "t.pdf"), pagesize=letter)
    c.setFont("Helvetica", 20)
    c.drawString(100, 600, "ANTENNA MOUNT INSPECTION")
    c.save()
    with PlumberDoc(str(tmp_path / "t.pdf")) as doc:
        layer = {w.text: w for w in doc.read_page(1)[0]}
    pdf = pdfium.PdfDocument(str(tmp_path / "t.pdf"))
    page = pdf[0]
    try:
        with tempfile.TemporaryDirectory() as work:
            ocr = {w.text: w for w in ocr_pdf_page(page, 1, S, work).words}
    finally:
        page.close()
        pdf.close()
    a, b = layer["ANTENNA"], ocr["ANTENNA"]
    assert (b.x0, b.x1) == (pytest.approx(a.x0, abs=4), pytest.approx(a.x1, abs=4))
    # The text layer's box is the font's em box, Tesseract's the ink: the ink lies inside it.
    assert a.top - 3 <= b.top < b.bottom <= a.bottom + 3


@pytest.mark.ocr
def test_multipage_tiff_gives_one_page_per_frame(tmp_path: Path, shared_corpus: Path) -> None:
    """Each frame of a multi-page TIFF is OCRed as its own page, numbered from 1."""
    frame = Image.open(shared_corpus / "tesseract-test" / "testing" / "phototest.tif")
    frame.load()
    path = tmp_path / "two.tif"
    frame.save(path, save_all=True, append_images=[frame.copy()], dpi=(200, 200))
    pages = ocr_image_file(str(path), S)
    assert [p.words[0].page for p in pages] == [1, 2]
    assert [w.text for w in pages[0].words] == [w.text for w in pages[1].words]


def test_pixel_limit_is_checked_before_decoding(tmp_path: Path) -> None:
    """An image over max_image_pixels is refused from its header, with its size in the reason."""
    buf = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buf, format="PNG")
    (tmp_path / "a.png").write_bytes(buf.getvalue())
    with pytest.raises(ExtractionError) as err:
        ocr_image_file(str(tmp_path / "a.png"), Settings(workers=0, max_image_pixels=10_000))
    assert err.value.reason == "too large: 200x100 px image exceeds 10000 pixels"


@pytest.mark.ocr
def test_exif_orientation_is_applied(tmp_path: Path, shared_corpus: Path) -> None:
    """A phone photo stored sideways with an EXIF rotation tag is OCRed upright."""
    upright = Image.open(shared_corpus / "tesseract-test" / "testing" / "phototest.tif").convert("L")
    sideways = upright.transpose(Image.Transpose.ROTATE_90)  # what the sensor stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": undoes the stored ROTATE_90
    sideways.save(tmp_path / "photo.jpg", exif=exif, dpi=(200, 200), quality=95)
    (page,) = ocr_image_file(str(tmp_path / "photo.jpg"), S)
    gold = (shared_corpus / "tesseract-test" / "testing" / "phototest.gold.txt").read_text()
    assert _recall([w.text for w in page.words], gold) >= 0.8
    assert page.width > page.height


def test_bomless_utf16_and_ebcdic_logs() -> None:
    """UTF-16 without a BOM (NULs on one parity) and EBCDIC mainframe exports decode correctly."""
    log = "SITE NY-1234 beacon OK\r\nSITE NY-1235 beacon out\r\n" * 3
    assert decode(log.encode("utf-16-le")) == (log, "utf-16-le")
    assert decode(log.encode("utf-16-be")) == (log, "utf-16-be")
    assert decode(log.encode("cp037")) == (log, "cp037")
