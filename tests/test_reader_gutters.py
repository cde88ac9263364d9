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
