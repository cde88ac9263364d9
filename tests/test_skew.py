"""A scan fed askew is levelled before OCR: a dot-leader form's rows then run along Tesseract's lines."""

# ruff: noqa: S101, INP001

from __future__ import annotations

from pathlib import Path

from PIL import Image
from test_leaders import ROWS, _leader_form

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.engines.skew import level, skew_angle, unlevel
from towerkit.models import Word


def test_the_skew_of_a_page_is_measured_and_levelled() -> None:
    page = _leader_form(150).convert("L")
    turned = page.rotate(1.6, resample=Image.Resampling.BICUBIC, fillcolor=255)  # lines rise to the right
    assert abs(skew_angle(turned) - 1.6) <= 0.15
    assert abs(skew_angle(page)) <= 0.1
    assert abs(skew_angle(level(turned, skew_angle(turned)))) <= 0.1
    assert skew_angle(Image.new("L", (600, 800), 255)) == 0.0  # a blank page has no lines to measure


def test_a_skewed_leader_form_is_levelled_and_its_labels_read(tmp_path: Path) -> None:
    """Read as scanned, 1.6 degrees askew, Tesseract returned none of these 11 labels; levelled, 10."""
    page = _leader_form(200).convert("L").rotate(-1.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
    path = tmp_path / "form.png"
    page.point(lambda v: 255 if v > 160 else 0).convert("1").save(path)
    doc = extract(path, Settings(workers=0))
    assert "levelled -1.6 degrees" in doc.pages[0].reason
    text = " ".join(w.text for w in doc.words)
    found = [label for label, _ in ROWS if label in text]
    assert len(found) >= 9, found
    # The boxes are those of the file as scanned, where the row falls to the right: 430 pt x tan(1.6) = 12 pt.
    label = next(w for w in doc.words if w.text == "Determination")
    value = next(w for w in doc.words if w.text == "Hazard")
    assert 8 < value.top - label.top < 16


def test_words_read_level_go_back_to_the_page_as_scanned() -> None:
    """A page whose lines rose 2 degrees to the right: a word at its right edge sits higher on the scan."""
    row = [Word("left", 1, 0.0, 95.0, 20.0, 105.0, 90.0), Word("right", 1, 180.0, 95.0, 200.0, 105.0, 90.0)]
    left, right = unlevel(row, 2.0, width=200.0, height=200.0)
    assert right.top < left.top
    assert abs((left.top - right.top) - 180 * 0.0349) < 0.2  # tan(2 degrees) over the 180 points between them
    assert (right.x1 - right.x0, right.bottom - right.top) == (20.0, 10.0)
    assert unlevel(row, 0.0, width=200.0, height=200.0) == row
