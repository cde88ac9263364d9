# ruff: noqa: S101, PLR2004, INP001
"""Labels set flush right against values set flush left, one space apart: the block shows the gutter.

Layouts by hand (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines, one space 5.5 pt).
"""

from __future__ import annotations

from layouts import CHAR_W, words_of

from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines
from towerkit.models import Word

GUTTER = 180.0
"""Where every label ends; every value starts one space further on."""


def flush(rows: tuple[tuple[str, str], ...], y: float = 100) -> list[Word]:
    """Each (label, value) on its own line, the label ending at GUTTER, the value one space after it."""
    words: list[Word] = []
    for k, (label, value) in enumerate(rows):
        top = y + 14 * k
        words += words_of(f"{label} {value}", 1, GUTTER - len(label) * CHAR_W, top)
    return words


def pairs(words: list[Word]) -> dict[str, str]:
    """{label: value} the reader finds."""
    return {p.label: p.value for p in read_lines(build_lines(words))}


def test_labels_flush_right_against_values_flush_left_are_cut_at_their_gutter() -> None:
    rows = (("Site", "Oak Grove North"), ("Lessor", "Raj Kowalski"), ("Licensee", "Northstar Inspection Company"))
    assert pairs(flush(rows)) == dict(rows)


def test_prose_set_flush_left_is_not_cut() -> None:
    # Three lines of a paragraph whose word spaces fall in the same place: no labels set flush right.
    words = words_of("The tower was climbed", 1, 72, 100) + words_of("The beacon was dark", 1, 72, 114)
    words += words_of("The paint was worn", 1, 72, 128)
    assert pairs(words) == {}


def test_two_lines_are_no_block() -> None:
    rows = (("Site", "Oak Grove North"), ("Lessor", "Raj Kowalski"))
    assert pairs(flush(rows)) == {}


def test_word_spaces_lined_up_by_chance_over_a_figure_are_no_gutter() -> None:
    # A heading, a numbered question and its answer: their word spaces fall at one x by chance, the lines' left
    # edges differ, but "95" is no label set flush right.
    boxes = [
        ("Section", 69.9, 477.2, 102.6), ("C.", 105.2, 477.2, 115.4), ("Further", 118.0, 477.2, 153.6),
        ("Particulars", 156.2, 477.2, 206.4), ("9)", 69.9, 497.4, 77.8), ("What", 88.6, 497.4, 109.2),
        ("is", 111.5, 497.4, 117.9), ("the", 120.2, 497.4, 131.8), ("maximum", 134.2, 497.4, 172.8),
        ("height", 175.1, 497.4, 198.9), ("approved?", 201.2, 497.4, 240.8), ("95", 104.6, 511.9, 114.1),
        ("FT", 116.5, 511.9, 127.5),
    ]  # fmt: skip
    words = [Word(t, 1, x0, top, x1, top + 9.5) for t, x0, top, x1 in boxes]
    assert pairs(words).get("What is the maximum height approved") == "95 FT"
