"""Small print on a scan (a form's labels over its values), read again enlarged."""

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
from towerkit.engines.ocr_small import reread_small, small_runs
from towerkit.errors import ExtractionError
from towerkit.models import Word

LABELS = (
    "SITE NAME",
    "ASR NUMBER",
    "STRUCTURE TYPE",
    "CAPACITY UTILIZATION",
    "LIGHTING TYPE",
    "INSPECTED BY",
    "NEXT INSPECTION",
    "PREPARED BY",
)
VALUES = ("Saddle Butte", "1170149", "Monopole", "86.9 percent", "Red flashing", "Cedar Wireless", "06/17/2028", "Ana Ruiz")


def _w(text: str, x0: float, top: float, x1: float, bottom: float, conf: float) -> Word:
    return Word(text, 1, x0, top, x1, bottom, conf)


def test_unsure_small_words_side_by_side_are_one_run() -> None:
    words = [
        _w("STENAME", 10, 10, 60, 18, 50.0),  # small, unsure
        _w("CAPAOTTY", 200, 10, 250, 18, 0.0),
        _w("UTIZATION", 255, 10, 310, 18, 0.0),  # beside the one before it: one label
        _w("TYPE", 400, 10, 430, 18, 96.0),  # small but read surely
        _w("Saddle", 10, 30, 60, 50, 40.0),  # unsure but 20 px tall, which Tesseract reads best
        _w("|", 100, 30, 102, 38, 10.0),  # a ruling
        _w("mast", 500, 30, 540, 44, 50.0),  # an office scan's body text, 14 px: read better enlarged too
    ]
    runs = small_runs(words, 1.0)
    assert [(r.x0, r.x1) for r in runs] == [(10, 60), (200, 310), (500, 540)]
    assert small_runs(words, 0.5) == []  # at 0.5 pt a pixel the same boxes are 16 px tall and more


def _form_scan(path: Path, dpi: float = 116) -> Path:
    """A boxed form: 5.5 pt capitals over 10 pt values, body text at 11 pt, scanned blurred and grainy, no DPI stated."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for i, (label, value) in enumerate(zip(LABELS, VALUES, strict=True)):
        x, y = 60 + 260 * (i % 2), 700 - 60 * (i // 2)
        c.rect(x, y - 30, 240, 44)
        c.setFont("Helvetica", 5.5)
        c.drawString(x + 4, y + 6, label)
        c.setFont("Helvetica", 10)
        c.drawString(x + 6, y - 18, value)
    c.setFont("Helvetica", 11)
    for j in range(12):
        c.drawString(60, 400 - 16 * j, "The structure was inspected from the ground and by climbing, and found in order.")
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0].render(scale=3 * dpi / 72, grayscale=True).to_pil().convert("L")
    page = page.filter(ImageFilter.GaussianBlur(1.5)).reduce(3)
    grain = np.random.default_rng(1).normal(0, 18, (page.height, page.width))
    Image.fromarray((np.asarray(page).astype(float) + grain).clip(0, 255).astype("uint8")).save(path)
    return path


def test_small_labels_of_a_form_scan_are_read(tmp_path: Path) -> None:
    """Read with the page, 4 of the 8 labels came back whole (``NOWGER``, ``UTRLRATION``); enlarged, all 8."""
    doc = extract(_form_scan(tmp_path / "form.png"), Settings(workers=0))
    words = {w.text for w in doc.words}
    whole = [label for label in LABELS if set(label.split()) <= words]
    assert len(whole) >= 7, (whole, sorted(words))
    assert {"1170149", "06/17/2028", "Saddle", "Butte"} <= words  # the values stay as the page read them


def test_a_reading_again_that_fails_leaves_the_page_s_reading(tmp_path: Path) -> None:
    def broken(path: str) -> list[Word]:
        raise ExtractionError("ocr_failed", "tesseract exit 1: out of memory")

    words = [_w("STENAME", 10, 10, 60, 18, 50.0), _w("Saddle", 10, 30, 60, 44, 90.0)]
    page = Image.new("L", (200, 100), 255)
    assert reread_small(page, words, 1.0, str(tmp_path), broken) == words
