"""A scan's paper grain is flattened before OCR: Tesseract's recogniser reads the grey page, grain and all."""

# ruff: noqa: S101, INP001

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.engines.paper import flatten_paper, paper_cut

ROWS = [
    ("Work Order", "WO182563"), ("Location Name", "Cedar Hollow North"), ("ASR Number", "1253045"),
    ("Site ID", "TX-13038"), ("Construction", "Guyed"), ("Tower Height", "360 ft"),
    ("Inspected By", "Granite Tower Co."), ("Longitude", "100.115271 W"),
]  # fmt: skip


def _histogram(pixels: np.ndarray) -> np.ndarray:
    return np.bincount(pixels.ravel(), minlength=256)


def test_only_pixels_within_the_grain_of_the_paper_s_tone_are_paper() -> None:
    rng = np.random.default_rng(3)
    page = np.clip(rng.normal(225, 6, (400, 400)), 0, 255).astype(np.uint8)
    page[200:240, 50:350] = 170  # a shaded cell: far from the paper, not grain
    page[100:110, 50:350] = 30  # a line of ink
    alone = page.copy()
    for top in (120, 140, 160):
        page[top : top + 10, 50:350] = 30  # more lines: a page of text
    cut = paper_cut(_histogram(page))
    assert cut is not None and 190 < cut < 215
    flat = np.asarray(flatten_paper(Image.fromarray(page)))
    assert (flat[300:, :] == 255).mean() > 0.99  # the grain is gone
    assert (flat[100:110, 50:350] == 30).all() and (flat[200:240, 50:350] == 170).all()  # ink and shading kept
    # One line and a shaded cell: flattened, Otsu's threshold would leave the ink and the cell for just under the
    # paper, and every glyph's grey edge would binarise as ink. Such a page is left as scanned.
    assert paper_cut(_histogram(alone)) is None


def test_a_clean_page_a_dark_page_and_a_bilevel_page_are_left_as_they_are() -> None:
    clean = np.full((50, 50), 255, np.uint8)
    clean[10:20, 10:40] = 0
    assert paper_cut(_histogram(clean)) is None
    assert paper_cut(_histogram(np.full((50, 50), 60, np.uint8))) is None  # a negative or a photo
    assert paper_cut(np.zeros(256, np.int64)) is None
    bilevel = Image.fromarray(clean).convert("1")
    assert flatten_paper(bilevel) is bilevel


def _grainy_form(path: Path, seed: int) -> Path:
    """A dot-leader form rendered at 270 dpi on grey, grainy paper with a few specks, as a scanner returns it."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Times-Roman", 11)
    for i, (label, value) in enumerate(ROWS):
        y = 700 - 18 * i
        c.drawString(90, y, label)
        x = 96 + c.stringWidth(label, "Times-Roman", 11)
        while x < 400:
            c.drawString(x, y, ".")
            x += 5.5
        c.drawString(410, y, value)
    c.save()
    image = pdfium.PdfDocument(buf.getvalue())[0].render(scale=270 / 72, grayscale=True).to_pil().convert("L")
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=float) * 0.9 + rng.normal(0, 6, (image.height, image.width))
    pixels[rng.random(pixels.shape) < 0.0005] = 40
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path)
    return path


def test_a_grainy_scan_s_labels_and_values_are_read(tmp_path: Path) -> None:
    """Read as scanned, Tesseract returned 10 of these 16 phrases (``SicID``, leader dots as figures); flattened, 15."""
    doc = extract(_grainy_form(tmp_path / "form.png", seed=1), Settings(workers=0))
    text = " ".join(w.text for w in doc.words)
    found = [phrase for row in ROWS for phrase in row if phrase in text]
    assert len(found) >= 14, found


def test_otsu_splits_ink_from_paper() -> None:
    from towerkit.engines.paper import otsu_threshold

    histogram = np.zeros(256, np.int64)
    histogram[30:50] = 100  # ink
    histogram[200:230] = 1000  # paper
    assert 49 <= otsu_threshold(histogram) < 200  # ink is at or below it


SPARSE_LINES = ("IN WITNESS WHEREOF, the parties have executed this Amendment.", "LESSOR: County School District No. 4")


def _jpeg_scan(lines: list[str] | tuple[str, ...], seed: int) -> Image.Image:
    """Lines of text scanned onto grey paper (tone 218, sensor noise of 5 levels) and stored as JPEG, as scanners do.

    JPEG turns the noise into blotches a few pixels wide: its darkest lie just below the paper's grain.
    """
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Times-Roman", 11)
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 16 * i, line)
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0].render(scale=200 / 72, grayscale=True).to_pil()
    ink = np.asarray(page.convert("L"), dtype=float)
    rng = np.random.default_rng(seed)
    pixels = 40 + ink * (218 - 40) / 255 + rng.normal(0, 5, ink.shape)
    jpeg = io.BytesIO()
    Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(jpeg, "JPEG", quality=72)
    return Image.open(io.BytesIO(jpeg.getvalue())).convert("L")


def test_a_page_whose_blotches_would_outnumber_its_ink_is_not_flattened() -> None:
    """Whitened around, the blotches below the cut were ink to Otsu: Tesseract read no word of the page."""
    sparse = _jpeg_scan(SPARSE_LINES, seed=2)
    assert paper_cut(np.array(sparse.histogram(), np.int64)) is None
    full = _jpeg_scan([" ".join(SPARSE_LINES)] * 40, seed=2)  # the same paper under a page of text
    assert paper_cut(np.array(full.histogram(), np.int64)) is not None


def test_a_sparse_page_on_blotched_paper_is_read(tmp_path: Path) -> None:
    """The second page of a scanned lease, a signature block, was read as nothing once flattened (and 10x slower)."""
    path = tmp_path / "page2.png"
    _jpeg_scan(SPARSE_LINES, seed=2).save(path, dpi=(200, 200))
    text = " ".join(w.text for w in extract(path, Settings(workers=0)).words)
    assert "WITNESS" in text and "School" in text, text


FORM_ROWS = (("Location Code:", "US-NC-4971"), ("Date on Site:", "04/10/2026"), ("Work Type", "Light inspection"))


def test_a_blurred_page_scanned_upside_down_on_grey_paper_is_read(tmp_path: Path) -> None:
    """A 129 dpi scan, blurred a little and upside down: flattened, its glyphs' grey edges binarised as ink and
    Tesseract read no word of it; as scanned it reads them all."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Times-Bold", 12)
    c.drawString(60, 740, "Redline Site Consultants")
    c.setFont("Times-Roman", 9)
    for i, (label, value) in enumerate(FORM_ROWS):
        c.drawString(90, 680 - 14 * i, label)
        c.drawString(300, 680 - 14 * i, value)
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0].render(scale=129 / 72, grayscale=True).to_pil().convert("L")
    page = page.filter(ImageFilter.GaussianBlur(0.6)).rotate(180)
    rng = np.random.default_rng(1)
    pixels = np.asarray(page, dtype=float) * (224 / 255) + rng.normal(0, 4.5, (page.height, page.width))
    pixels[rng.random(pixels.shape) < 0.0003] = 60
    path = tmp_path / "scan.pdf"
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(path, format="PDF", resolution=129)
    text = " ".join(w.text for w in extract(path, Settings(workers=0)).words)
    found = [phrase for row in FORM_ROWS for phrase in row if phrase.rstrip(":") in text]
    assert len(found) >= 5, text  # noqa: PLR2004
