# ruff: noqa: S101, PLR2004, INP001
"""A label the form repeats at the head of its lines: a record block printed once a record.

A programme's speakers, each a block of ``Speaker`` / ``Position`` / ``Topic`` lines filled in on
blanks whose rules were lost under the typing: no separator, no column gap, only the repetition.
"""

from __future__ import annotations

from layouts import words_of
from towerkit.fields.reader import read_pairs
from towerkit.models import ExtractedDoc, PageRecord, Pair, Word

SPEAKERS = [
    ("Dr. Jorge J. Yunis", "Professor", "Nonrandom Aberrations"),
    ("Dr. Patricia Jacobs", "Professor", "Sister Chromatid Exchanges"),
    ("Dr. Raymond White", "Chairman", "A Human Linkage Map"),
]


def _pairs(words: list[Word]) -> list[tuple[str, str]]:
    page = PageRecord(1, "ocr", "tesseract", 612, 792, 0, 0.0, 0.0, 1.0, "scan")
    doc = ExtractedDoc("image", "tesseract", "scan", (page,), tuple(words))
    found: tuple[Pair, ...] = read_pairs(doc)
    return [(p.label, p.value) for p in found]


def _programme(speakers: list[tuple[str, str, str]]) -> list[Word]:
    words: list[Word] = []
    y = 100.0
    for name, position, topic in speakers:
        for head, typed in (("Speaker", name), ("Position", position), ("Topic", topic)):
            words += words_of(f"{head} {typed}", 1, 50, y, 90.0)
            y += 16
        y += 10
    return words


def test_a_label_repeated_at_the_head_of_three_lines_pairs_with_what_follows_it() -> None:
    got = _pairs(_programme(SPEAKERS))
    for name, position, topic in SPEAKERS:
        assert ("Speaker", name) in got
        assert ("Position", position) in got
        assert ("Topic", topic) in got


def test_two_repeats_or_a_paragraph_are_no_label() -> None:
    """Two records are not enough evidence, and lines of prose that open alike are prose."""
    assert _pairs(_programme(SPEAKERS[:2])) == []
    prose = [
        "Tower crews inspected the guy wires",
        "Tower crews replaced the beacon lamp",
        "Tower crews tightened the anchor bolts",
    ]
    words = [w for k, text in enumerate(prose) for w in words_of(text, 1, 50, 100 + 16 * k, 90.0)]
    assert _pairs(words) == []
