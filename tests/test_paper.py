"""A scan's paper grain is flattened before OCR: Tesseract's recogniser reads the grey page, grain and all."""

# ruff: noqa: S101, INP001

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
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
    page[100:110, 50:350] = 30  # a line of ink
    page[200:240, 50:350] = 170  # a shaded cell: far from the paper, not grain
    cut = paper_cut(_histogram(page))
    assert cut is not None and 190 < cut < 215
    flat = np.asarray(flatten_paper(Image.fromarray(page)))
    assert (flat[300:, :] == 255).mean() > 0.99  # the grain is gone
    assert (flat[100:110, 50:350] == 30).all() and (flat[200:240, 50:350] == 170).all()  # ink and shading kept


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
