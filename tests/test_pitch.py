# ruff: noqa: S101, PLR2004, INP001
"""A typewritten line on a scan: one typed space is no gap between two cells.

A scan's word boxes are ink, and a monospaced glyph's ink is narrower than the pitch it advances:
``Peter Faucetta Jr.`` typed with single spaces shows gaps of 1.6-1.7 ink-characters, where the reader
cuts cells. The line's own pitch, from its words' widths, measures the spaces instead.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields.layout import build_lines
from towerkit.fields.pitch import pitch
from towerkit.models import Word

PITCH = 5.7
"""Points a character advances on the typed line below (Courier at about 9.5 pt)."""
INK_SHORT = 2.3
"""Points a typed word's ink falls short of its characters' pitches (its last glyph's side bearings)."""


def _typed(*cells: tuple[str, float], top: float = 100.0) -> list[Word]:
    """Scanned words typed at ``PITCH`` with single spaces, each cell (text, left edge)."""
    out = []
    for text, x in cells:
        for k, word in enumerate(text.split(" ")):
            at = x + PITCH * (len(" ".join(text.split(" ")[:k])) + (1 if k else 0))
            out.append(Word(word, 1, at, top, at + PITCH * len(word) - INK_SHORT, top + 7, 92.0))
    return out


def test_a_typed_line_has_a_pitch_and_a_proportional_one_none() -> None:
    typed = _typed(("PROJECT LEADER", 82), ("J. F. Anders", 193))
    assert abs((pitch(typed) or 0) - PITCH) < 0.2
    widths = {"Illinois": 24.0, "MMM": 27.0, "Summit": 30.0, "will": 11.0}  # a proportional face's
    x = 50.0
    set_line = []
    for text, width in widths.items():
        set_line.append(Word(text, 1, x, 100, x + width, 107, 92.0))
        x += width + 3
    assert pitch(set_line) is None
    assert pitch([Word(w.text, 1, w.x0, w.top, w.x1, w.bottom, None) for w in typed]) is None  # a text layer's


def test_typed_single_spaces_keep_a_value_whole_and_wide_gaps_still_cut() -> None:
    """Single spaces inside ``J. F. Anders`` (gaps of 1.3-1.9 ink-characters); two cells 30 pt apart stay two."""
    typed = _typed(("PROJECT LEADER", 82), ("J. F. Anders", 193))
    (line,) = build_lines(typed)
    assert [s.text for s in line.segments] == ["PROJECT LEADER", "J. F. Anders"]


def test_a_typed_value_under_its_label_on_a_real_scan_is_one_cell(tmp_path: Path) -> None:
    """A label in a sans face over a value typed on a typewriter, read by the real Tesseract.

    The typewriter is drawn a glyph at a time, 12 px apart: its pitch is wider than the thin ink of
    its glyphs, which is what made the old rule cut ``Peter | Faucetta | Jr.`` into three cells.
    """
    img = Image.new("L", (850, 200), 255)
    draw = ImageDraw.Draw(img)
    sans = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 13)
    mono = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 13)
    draw.text((60, 60), "Account Executive:", font=sans, fill=0)
    for k, glyph in enumerate("Peter Faucetta Jr."):
        draw.text((90 + 12 * k, 84), glyph, font=mono, fill=0)
    path = tmp_path / "typed.png"
    img.save(path)
    doc = extract(path, Settings(workers=0))
    cells = [s.text for line in build_lines(doc.words) for s in line.segments]
    assert cells == ["Account Executive:", "Peter Faucetta Jr."]
