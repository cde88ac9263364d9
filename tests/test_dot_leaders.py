# ruff: noqa: S101, PLR2004, INP001
"""Dot leaders on scans: Tesseract reads the dots as short words of small letters, which must not
split a label from its value or end up in either."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_pairs
from towerkit.fields.reading import merge_dot_runs
from towerkit.models import Word

ROWS = (("Report No.", "R-16284"), ("Site ID", "TX-90700"), ("Technician", "Robert C. Moreno"),
        ("Facility", "Red Oak II"), ("Task", "Beacon replacement"), ("Light Outage", "YES"))  # fmt: skip


def _word(text: str, x: float, height: float, conf: float) -> Word:
    return Word(text, 1, x, 100.0 + 7.0 - height, x + 5.0 * len(text), 107.0, conf)


def test_dot_high_words_between_a_label_and_a_value_become_one_leader() -> None:
    words = [_word("Site", 72, 7.0, 90), _word("ID", 98, 6.5, 85)]
    words += [_word(t, 120 + 30 * i, 1.6, 12) for i, t in enumerate(("cee", "ee", "tenets", "erent"))]
    words += [_word("TX-90700", 260, 6.8, 91)]
    merged = merge_dot_runs(build_lines(words))
    assert merged is not None
    assert [w.text for w in merged] == ["Site", "ID", "....", "TX-90700"]
    assert merged[2].bottom - merged[2].top >= 7.0  # as high as its line, so that it stays on it


def test_one_or_two_small_words_are_left_alone() -> None:
    words = [_word("Site", 72, 7.0, 90), _word("ee", 120, 1.6, 12), _word("TX-1", 160, 6.8, 91)]
    assert merge_dot_runs(build_lines(words)) is None


def test_a_scanned_leader_form_reads_label_value(tmp_path: Path) -> None:
    """A Courier form with dot leaders, scanned at 300 dpi as a 1-bit PNG without DPI metadata.

    Tesseract's ``cece eee`` between label and value split a row into segments; merged, every row OCR
    reads whole pairs (it drops one row of this page and misreads ``II`` in another, so four of six).
    """
    pdf = tmp_path / "form.pdf"
    c = canvas.Canvas(str(pdf), pagesize=letter)
    c.setFont("Courier", 11)
    for i, (label, value) in enumerate(ROWS):
        y = 700 - 18 * i
        c.drawString(72, y, label + " " + "." * (52 - len(label) - len(value)) + " " + value)
    c.save()
    page = pdfium.PdfDocument(str(pdf))[0]
    image = page.render(scale=300 / 72).to_pil().convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    png = tmp_path / "form.png"
    image.save(png)
    pairs = {p.label.rstrip(".").casefold(): p.value for p in read_pairs(extract(png, Settings()))}
    found = sum(pairs.get(label.rstrip(".").casefold()) == value for label, value in ROWS)
    assert found >= len(ROWS) - 2, pairs
