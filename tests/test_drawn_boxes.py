"""Checkboxes a PDF draws: stroked squares ticked by a glyph, crossing strokes or a fill, read as options.

Real PDFs rendered with reportlab, read through the engines and the layout reader; then the pure rule
on its edges (a bullet, a frame, a white fill).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.drawn_boxes import EMPTY, TICKED, Shape, with_drawn_boxes
from towerkit.engines.extract import extract
from towerkit.fields.reader import read_pairs
from towerkit.models import Word


def _box(c: canvas.Canvas, x: float, y: float, tick: str) -> None:
    """A 9 pt square at (x, y) from the bottom, ticked by an X glyph, two strokes, a fill, or not."""
    c.rect(x, y, 9, 9, stroke=1, fill=1 if tick == "fill" else 0)
    if tick == "glyph":
        c.drawString(x + 1.5, y + 1.5, "X")
    elif tick == "strokes":
        c.line(x + 1.5, y + 1.5, x + 7.5, y + 7.5)
        c.line(x + 1.5, y + 7.5, x + 7.5, y + 1.5)


def test_drawn_boxes_read_as_the_ticked_option(tmp_path: Path) -> None:
    pdf = tmp_path / "form.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 700, "Approval Type:")
    for i, (word, tick) in enumerate([("Building", ""), ("Variance", ""), ("Electrical", "strokes")]):
        _box(c, 160 + 90 * i, 699, tick)
        c.drawString(172 + 90 * i, 700, word)
    c.drawString(72, 670, "Construction:")
    for i, (word, tick) in enumerate([("Guyed", "glyph"), ("Monopole", "")]):
        _box(c, 160 + 90 * i, 669, tick)
        c.drawString(172 + 90 * i, 670, word)
    c.drawString(72, 640, "Result:")
    for i, (word, tick) in enumerate([("Failed", ""), ("Passed", "fill")]):
        _box(c, 160 + 90 * i, 639, tick)
        c.drawString(172 + 90 * i, 640, word)
    c.save()
    doc = extract(pdf, Settings(workers=0))
    assert doc.route == "text"
    got = {p.label: (p.value, p.kind) for p in read_pairs(doc)}
    assert got == {
        "Approval Type": ("Electrical", "checkbox"),
        "Construction": ("Guyed", "checkbox"),  # the X glyph in the box is the tick, not part of the value
        "Result": ("Passed", "checkbox"),
    }


def _w(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    return Word(text, 1, x0, top, x1, bottom, None)


@pytest.mark.parametrize(
    ("rect", "strokes", "want"),
    [
        (Shape(100, 100, 109, 109), [], [EMPTY]),
        (Shape(100, 100, 109, 109), [Shape(101.5, 101.5, 107.5, 107.5)], [TICKED]),  # a cross's strokes
        (Shape(100, 100, 109, 109, dark_fill=True), [], [TICKED]),
        (Shape(100, 100, 103, 103, stroked=False, dark_fill=True), [], []),  # a 3 pt bullet, not a box
        (Shape(100, 100, 160, 130), [], []),  # a frame
        (Shape(100, 100, 109, 109), [Shape(100, 100, 109, 100)], [EMPTY]),  # the outline's own edge
        (Shape(100, 100, 109, 109), [Shape(99.9, 99.9, 109.1, 109.1)], [TICKED]),  # a cross corner to corner
        (Shape(100, 100, 109, 109), [Shape(104, 90, 105, 120)], [EMPTY]),  # a rule passing through
    ],
)
def test_what_a_drawn_square_is(rect: Shape, strokes: list[Shape], want: list[str]) -> None:
    words = with_drawn_boxes([_w("Yes", 112, 100, 128, 109)], [rect], strokes, 1)
    assert [w.text for w in words if w.text != "Yes"] == want


def test_a_date_typed_one_digit_a_box_is_a_date_not_a_row_of_checkboxes(tmp_path: Path) -> None:
    pdf = tmp_path / "comb.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 700, "Term End Date")
    x = 200.0
    for part in ("06", "/", "13", "/", "2028"):
        for ch in part:
            if ch == "/":
                c.drawString(x + 2, 700, ch)
                x += 10
                continue
            c.rect(x, 697, 11, 12, stroke=1, fill=0)
            c.drawString(x + 3, 700, ch)
            x += 13
    c.save()
    doc = extract(pdf, Settings(workers=0))
    assert {p.label: p.value for p in read_pairs(doc)} == {"Term End Date": "06/13/2028"}
