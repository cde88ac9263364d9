"""Checkboxes on scans, found in the pixels: square outlines, ticked when ink fills them.

Synthetic pages drawn with Pillow (boxes, crosses, and letters that are nearly boxes: O, D, H, m),
then a scan read end to end by the real Tesseract.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from towerkit.config import Settings
from towerkit.engines.drawn_boxes import EMPTY, TICKED
from towerkit.engines.extract import extract
from towerkit.engines.scan_boxes import ScanBox, _outside_runs, find_boxes, with_scan_boxes
from towerkit.fields.reader import read_pairs
from towerkit.models import Word

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def _box(draw: ImageDraw.ImageDraw, x: int, y: int, side: int, *, ticked: bool) -> None:
    draw.rectangle((x, y, x + side, y + side), outline=0, width=2)
    if ticked:
        draw.line((x + 4, y + 4, x + side - 4, y + side - 4), fill=0, width=2)
        draw.line((x + 4, y + side - 4, x + side - 4, y + 4), fill=0, width=2)


def test_boxes_are_found_and_letters_are_not() -> None:
    img = Image.new("L", (900, 200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    draw.text((40, 60), "O D H m 0 Hazard", font=font, fill=0)
    _box(draw, 500, 62, 22, ticked=False)
    _box(draw, 600, 62, 22, ticked=True)
    found = find_boxes(img, 22.0)
    assert [(b.x0, b.ticked) for b in found] == [(500, False), (600, True)]


def test_what_tesseract_made_of_a_box_goes_and_a_glued_option_keeps_its_word() -> None:
    words = [
        Word("Lighting:", 1, 10, 10, 60, 20, 95.0),
        Word("C1", 1, 70, 10, 78, 20, 40.0),  # an empty box read as letters
        Word("{Red", 1, 100, 10, 124, 20, 60.0),  # a ticked box glued to its option
        Word("lights", 1, 128, 10, 150, 20, 95.0),
    ]
    boxes = [ScanBox(69, 10, 79, 20, ticked=False), ScanBox(99, 10, 106, 20, ticked=True)]
    got = sorted((w.x0, w.text) for w in with_scan_boxes(words, boxes, 1.0, 1))
    assert got == [(10, "Lighting:"), (69, EMPTY), (99, TICKED), (106, "Red"), (128, "lights")]


def test_a_word_glued_to_a_box_keeps_the_characters_that_fit_beside_it() -> None:
    """``[X] No`` read as one word ``No`` over box and word; ``required]`` running into the next box."""
    words = [
        Word("Hazard", 1, 125.5, 10, 148.9, 20, 96.9),  # 3.9 pt a character: the line's print
        Word("No", 1, 166.1, 10, 186.7, 20, 28.3),
        Word("Hazard", 1, 189.0, 10, 212.8, 20, 95.1),
        Word("None", 1, 210.9, 30, 227.3, 40, 95.7),
        Word("required]", 1, 229.6, 30, 285.1, 40, 36.3),
        Word("Dual", 1, 288.4, 30, 302.9, 40, 95.8),
    ]
    boxes = [ScanBox(166, 10, 174, 20, ticked=True), ScanBox(277, 30, 285, 40, ticked=False)]
    got = [w.text for w in sorted(with_scan_boxes(words, boxes, 1.0, 1), key=lambda w: (w.top, w.x0))]
    assert got == ["Hazard", TICKED, "No", "Hazard", "None", "required", EMPTY, "Dual"]


def test_a_square_found_inside_a_word_read_surely_across_it_is_a_letter_not_a_box() -> None:
    # A blurred "s" in "Consultants" passed for a ticked box; the word runs on seven letters past it.
    words = [Word("Infrastructure", 1, 162, 285, 241, 292, 96.3), Word("Consultants", 1, 247, 285, 309, 292, 96.2)]
    got = [w.text for w in with_scan_boxes(words, [ScanBox(264, 286, 269, 292, ticked=True)], 1.0, 1)]
    assert got == ["Infrastructure", "Consultants"]


def test_squares_set_close_in_a_row_are_a_rule_s_glyphs_not_boxes() -> None:
    # A line printer's "=====" under a heading, blurred at 100 dpi: inked squares a glyph apart, some missed.
    rule = [ScanBox(x, 164, x + 4, 167, ticked=True) for x in (59, 69, 74, 110, 120, 125, 135)]
    options = [ScanBox(101, 352, 110, 361, ticked=True), ScanBox(163, 352, 172, 361, ticked=False)]  # words between
    assert _outside_runs([*rule, *options]) == options
    assert _outside_runs(rule[:2]) == rule[:2]  # two alone may be boxes


def test_a_scanned_form_reads_the_ticked_option(tmp_path: Path) -> None:
    img = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    draw.text((60, 80), "Lighting:", font=font, fill=0)
    _box(draw, 230, 82, 26, ticked=False)
    draw.text((270, 80), "Red lights only", font=font, fill=0)
    _box(draw, 560, 82, 26, ticked=True)
    draw.text((600, 80), "Dual red and white", font=font, fill=0)
    draw.text((60, 180), "Result:", font=font, fill=0)
    _box(draw, 230, 182, 26, ticked=True)
    draw.text((270, 180), "Pass", font=font, fill=0)
    _box(draw, 400, 182, 26, ticked=False)
    draw.text((440, 180), "Fail", font=font, fill=0)
    path = tmp_path / "form.png"
    img.save(path, dpi=(300, 300))
    doc = extract(path, Settings(workers=0))
    got = {p.label: (p.value, p.kind) for p in read_pairs(doc)}
    assert got == {"Lighting": ("Dual red and white", "checkbox"), "Result": ("Pass", "checkbox")}


def test_a_word_with_no_width_over_a_box_is_the_box() -> None:
    """A degenerate box from Tesseract (no width) inside a box: no division by zero, no word left."""
    words = [Word("X", 1, 102.0, 10, 102.0, 20, 30.0)]
    got = with_scan_boxes(words, [ScanBox(99, 10, 106, 20, ticked=True)], 1.0, 1)
    assert [w.text for w in got] == [TICKED]
