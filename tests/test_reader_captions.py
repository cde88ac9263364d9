# ruff: noqa: S101, PLR2004, INP001
"""A fill-in blank names its value with a small caption under the rule; a boxed field's caption heads it.

Layouts by hand (``tests/layouts.words_of``, captions scaled to 6.5 pt): which value a small label
belongs to is decided by which it stands nearer to, the one above or the one below.
"""

from __future__ import annotations

from layouts import words_of

from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines
from towerkit.models import Word

SMALL = 0.65


def _small(text: str, x: float, y: float) -> list[Word]:
    """Words printed at 6.5 pt: narrower and shorter than the 10 pt values."""
    return [
        Word(w.text, 1, x + (w.x0 - x) * SMALL, y, x + (w.x1 - x) * SMALL, y + (w.bottom - w.top) * SMALL, w.conf)
        for w in words_of(text, 1, x, y)
    ]


def pairs(words: list[Word]) -> dict[str, str]:
    """{label: value} the reader finds."""
    return {p.label: p.value for p in read_lines(build_lines(words))}


def test_captions_under_blanks_name_the_values_typed_above_them() -> None:
    words = words_of("WO238993", 1, 53, 122) + words_of("Saddle Butte West", 1, 230, 122)
    words += _small("Work Order", 51, 135) + _small("Site", 228, 135)
    words += words_of("January 15, 2022", 1, 53, 158) + words_of("David Osei", 1, 230, 158)
    words += _small("Date of Visit", 51, 171) + _small("Crew Lead", 228, 171)
    assert pairs(words) == {
        "Work Order": "WO238993",
        "Site": "Saddle Butte West",
        "Date of Visit": "January 15, 2022",
        "Crew Lead": "David Osei",
    }


def test_a_blank_left_empty_labels_nothing_further_down() -> None:
    words = words_of("WO238993", 1, 53, 122) + _small("Work Order", 51, 135) + _small("Signature", 228, 135)
    words += words_of("January 15, 2022", 1, 53, 158) + words_of("David Osei", 1, 230, 158)
    words += _small("Date of Visit", 51, 171) + _small("Crew Lead", 228, 171)
    assert pairs(words) == {"Work Order": "WO238993", "Date of Visit": "January 15, 2022", "Crew Lead": "David Osei"}


def test_a_box_s_caption_close_over_its_value_still_heads_it() -> None:
    # The caption stands 2 pt over its value and 14 pt under the box above: it is the value's heading.
    words = words_of("Elm Ridge", 1, 72, 100) + _small("Structure Type", 72, 124) + words_of("Monopole", 1, 72, 133)
    assert pairs(words)["Structure Type"] == "Monopole"


def test_a_caption_under_the_end_of_its_blank_still_names_the_value_typed_at_its_start() -> None:
    # Blanks 73-206 and 330-470: values typed at their starts, captions in parentheses under their ends.
    words = words_of("US-OK-6318", 1, 76, 133) + words_of("Oak Grove East", 1, 338, 133)
    words += _small("(SITE #)", 178, 146) + _small("(Site Name)", 428, 146)
    assert pairs(words) == {"SITE #": "US-OK-6318", "Site Name": "Oak Grove East"}
