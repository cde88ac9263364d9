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


def pairs(words: list[Word], *, title: bool = True) -> dict[str, str]:
    """{label: value} the reader finds, under a form's title line (``title``) as pages print one."""
    head = words_of("FIELD FORM", 1, 250, 20) if title else []
    return {p.label: p.value for p in read_lines(build_lines(head + words))}


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


def test_two_panels_of_small_labels_over_values_under_their_panel_names_are_no_table() -> None:
    """``LOCATION | TERMS`` over ``TOWER ID | RENT`` over ``NM-58655 | 1,075.00``: the lines stand in twos."""
    words = words_of("LOCATION", 1, 58, 136) + words_of("TERMS", 1, 326, 136)
    rows = (("TOWER ID", "RENT PER MONTH"), ("NM-58655", "1,075.00"), ("LESSOR", "ESCALATOR"))
    rows += (("David Sorensen", "3.5 percent"), ("TERM START", "NOTICE DAYS"), ("08/27/2014", "90"))
    for k, (left, right) in enumerate(rows):
        y = 160 + (k // 2) * 36 + (k % 2) * 13
        words += (
            (_small(left, 58, y) + _small(right, 326, y))
            if k % 2 == 0
            else (words_of(left, 1, 58, y) + words_of(right, 1, 326, y))
        )
    got = pairs(words)
    assert got["TOWER ID"] == "NM-58655"
    assert got["RENT PER MONTH"] == "1,075.00"
    assert got["LESSOR"] == "David Sorensen"


def test_a_small_label_over_a_name_in_capitals_and_initials_is_no_heading_in_two_lines() -> None:
    """``TENANT/LESSEE`` (small) over ``Redline Tower Company`` (regular): the name is its value, not its second line."""
    words = _small("TENANT/LESSEE", 58, 302) + words_of("Redline Tower Company", 1, 58, 311)
    words += _small("TERM START", 58, 335) + words_of("08/27/2014", 1, 58, 345)
    assert pairs(words) == {"TENANT/LESSEE": "Redline Tower Company", "TERM START": "08/27/2014"}


def test_on_a_scan_a_speck_swelling_the_caption_line_does_not_hide_which_value_it_names() -> None:
    """A speck boxed 13 pt tall in the caption row closes the gap under it; the lines' tops still show the rows."""
    words = words_of("US-TX-1501", 1, 61, 108.7, conf=90.0) + words_of("Mill Creek East", 1, 221, 108.7, conf=90.0)
    caps = _small("SITE #", 59, 119.5) + _small("Site Name", 219, 119.5)
    words += [Word(w.text, 1, w.x0, w.top, w.x1, w.bottom, 88.0) for w in caps]
    words += [Word("-", 1, 400.0, 119.5, 404.0, 132.5, 20.0)]
    words += words_of("114.7", 1, 61, 133.7, conf=90.0) + words_of("6110.2", 1, 221, 133.7, conf=90.0)
    caps = _small("Height AGL (m)", 59, 144.2) + _small("Overall Height AMSL", 219, 144.2)
    words += [Word(w.text, 1, w.x0, w.top, w.x1, w.bottom, 88.0) for w in caps]
    got = pairs(words)
    assert got["SITE #"] == "US-TX-1501"
    assert got["Site Name"] == "Mill Creek East"


def test_a_letterhead_s_tagline_under_its_name_names_nothing() -> None:
    """``SkyClear Aviation Consulting`` over ``Airspace & FAA Compliance Services``: a page's first line is no blank."""
    name = [
        Word(w.text, 1, w.x0 * 1.5, 40.0, w.x1 * 1.5, 55.0, None)
        for w in words_of("SkyClear Aviation Consulting", 1, 48, 40)
    ]
    words = name + _small("Airspace & FAA Compliance Services", 72, 58) + words_of("Site ID: TX-0147", 1, 72, 100)
    assert pairs(words, title=False) == {"Site ID": "TX-0147"}
