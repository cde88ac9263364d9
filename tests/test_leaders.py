"""A scan's dot leaders are painted over before Tesseract reads the page: beside them it garbles the labels."""

# ruff: noqa: S101, INP001

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.engines.leaders import find_leaders, leader_spans, tilt, without_leaders, word_height
from towerkit.models import Word

ROWS = [
    ("Tower ID", "US-MI-5193"), ("Site", "Oak Grove Water Tank"), ("Study Number", "2021-ANM-8409-OE"),
    ("Phone", "(319) 742-5985"), ("HT. AGL (ft)", "205"), ("Longitude", "121° 05' 26.76\" W"),
    ("Lat.", "40° 22' 18.97\" N"), ("Determination", "Hazard"), ("MARK/LIGHT", "Medium intensity white"),
    ("Work Order", "WO954774"), ("Determination Date", "March 8, 2021"),
]  # fmt: skip


def _leader_form(dpi: int, *, leaders: bool = True) -> Image.Image:
    """A form of labels at the left and values set flush right, dot leaders between, as a bilevel scan."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 10)
    for i, (label, value) in enumerate(ROWS):
        y = 680 - 17 * i
        c.drawString(90, y, label)
        right = 520 - c.stringWidth(value, "Helvetica", 10)
        x = 94 + c.stringWidth(label, "Helvetica", 10)
        while leaders and x < right - 4:
            c.drawString(x, y, ".")
            x += 2.8
        c.drawString(right, y, value)
    c.save()
    gray = pdfium.PdfDocument(buf.getvalue())[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    return Image.fromarray((np.asarray(gray) > 160).astype(np.uint8) * 255).convert("1")


def _band(marks: list[tuple[int, int, int, int]], width: int = 400) -> np.ndarray:
    """A line's band 30 rows high (its words' bottom at row 22) with ink at (x0, x1, top, bottom) each."""
    band = np.zeros((30, width), dtype=bool)
    for x0, x1, top, bottom in marks:
        band[top:bottom, x0:x1] = True
    return band


def test_a_run_of_dots_on_the_baseline_is_a_leader_and_letters_stop_it() -> None:
    label = [(0, 3, 5, 22), (6, 9, 12, 22), (12, 15, 5, 22)]  # letters: as tall as the line or half
    dots = [(30 + 8 * k, 33 + 8 * k, 19, 22) for k in range(20)]  # 3 px dots, 8 px apart, on the baseline
    value = [(200, 203, 5, 22), (206, 209, 5, 22)]
    assert leader_spans(_band(label + dots + value), base=22, h=20) == [(29, 186)]
    assert leader_spans(_band(label + dots[:4] + value), base=22, h=20) == []  # an ellipsis is no leader
    quotes = [(30 + 8 * k, 33 + 8 * k, 4, 7) for k in range(20)]  # marks at the top of the line are no dots
    assert leader_spans(_band(quotes), base=22, h=20) == []
    assert leader_spans(_band([(30, 190, 20, 22)]), base=22, h=20) == []  # an underscore rule is kept
    split = dots[:10] + [(106, 109, 5, 22)] + dots[10:]  # a glyph among the dots ends one leader
    assert leader_spans(_band(split), base=22, h=20) == [(29, 106), (109, 186)]
    tips = [(30 + 8 * k, 33 + 8 * k, 27, 30) for k in range(20)]  # the tops of the next line's tall letters
    assert leader_spans(_band(tips), base=22, h=20) == []


def _word(text: str, height: float) -> Word:
    return Word(text, 1, 0.0, 100.0 - height, 40.0, 100.0, 90.0)


def test_the_word_height_leaves_out_dots_read_as_words() -> None:
    words = [_word("Tower", 7.0), _word("Number", 7.2), _word("Study", 6.8)] + [_word("eeeee", 1.0)] * 5
    assert word_height(words) == 7.0
    assert word_height([_word("..", 7.0)]) == 0.0


def test_leaders_are_found_on_the_page_and_only_they_are_painted() -> None:
    page = _leader_form(200)
    words = [Word(label, 1, 90.0, 105.0 + 17 * i, 140.0, 112.0 + 17 * i, 90.0) for i, (label, _) in enumerate(ROWS)]
    boxes = find_leaders(page, words, scale=72 / 200)
    assert len(boxes) == len(ROWS)
    clean = np.asarray(without_leaders(page, boxes))
    bare = _leader_form(200, leaders=False)
    assert (clean == np.asarray(bare)).mean() > 0.9999  # the dots gone, every glyph as printed
    assert find_leaders(bare, words, scale=72 / 200) == []


@pytest.mark.parametrize("dpi", [200, 300])
def test_a_leader_form_s_labels_are_read(tmp_path: Path, dpi: int) -> None:
    """Read with its dots, Tesseract returned 8 (200 dpi) and 5 (300 dpi) of these 11 labels."""
    path = tmp_path / "form.png"
    _leader_form(dpi).save(path)
    doc = extract(path, Settings(workers=0))
    text = " ".join(w.text for w in doc.words)
    found = [label for label, _ in ROWS if label in text]
    assert len(found) >= 10, found
    assert sum(value in text for _, value in ROWS) >= 10


def test_the_page_s_tilt_is_the_slope_of_its_lines_baselines() -> None:
    """Three lines of four words dropping 3 px per 100 px across; a word with a descender sits lower, a
    heading of two words is too short to say, and a level page has no tilt."""
    words = []
    for line in range(3):
        for k, text in enumerate(("TOWER", "HEIGHT", "AGL", "NINETY")):
            x0 = 100 + 150 * k
            bottom = 200 + 40 * line + 0.03 * (x0 + 25)
            words.append(Word(text, 1, x0, bottom - 12, x0 + 50, bottom, 90.0))
        words.append(Word("gyp", 1, 800, 240 + 40 * line, 850, 260 + 40 * line, 90.0))  # a descender word, lower
    assert tilt(words, 1.0) == pytest.approx(0.03, abs=1e-6)
    level = [Word(w.text, 1, w.x0, 200 + 40 * (i // 5) - 12, w.x1, 200 + 40 * (i // 5), 90.0) for i, w in enumerate(words)]
    assert tilt(level, 1.0) == pytest.approx(0.0, abs=1e-6)
    assert tilt(words[:2], 1.0) == 0.0  # too few words to say


@pytest.mark.parametrize("degrees", [1.6, -1.6])
def test_a_leader_form_scanned_askew_has_its_labels_read(tmp_path: Path, degrees: float) -> None:
    """At 1.6 degrees a leader across the page drops a word height: a level band found only its ends, and
    Tesseract read 6 and 0 of the 11 labels; each band now follows its line's slope: 10 and 11."""
    path = tmp_path / "askew.png"
    _leader_form(200).convert("L").rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255).save(path)
    doc = extract(path, Settings(workers=0))
    text = " ".join(w.text for w in doc.words)
    found = [label for label, _ in ROWS if label in text]
    assert len(found) >= 10, found


def test_a_speck_of_the_scan_above_the_dots_does_not_cut_the_leader() -> None:
    """A grainy scan's specks fall anywhere in a line's band; one over the dots had ended the leader there."""
    dots = [(30 + 8 * k, 33 + 8 * k, 19, 22) for k in range(20)]
    speck = [(107, 108, 6, 7)]  # one pixel between two dots, at the height of a letter's middle
    assert leader_spans(_band(dots + speck), base=22, h=20) == [(29, 186)]
    tall = [(107, 109, 4, 16)]  # a stroke as tall as half a letter is a glyph, and still ends it
    assert leader_spans(_band(dots + tall), base=22, h=20) == [(29, 106), (109, 186)]
