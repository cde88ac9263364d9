# ruff: noqa: S101, PLR2004, INP001
"""A value far out on its label's line is the label's only where the page sets values in a column.

Layouts by hand (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines): a running footer's two
ends are no pair; a wide form's values, standing in a column by their left or right edges, are.
"""

from __future__ import annotations

from layouts import words_of
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines
from towerkit.models import Word


def pairs(*rows: tuple[str, float, float]) -> dict[str, str]:
    """{label: value} the reader finds among hand-placed phrases (text, x, y)."""
    words: list[Word] = [w for text, x, y in rows for w in words_of(text, 1, x, y)]
    return {p.label: p.value for p in read_lines(build_lines(words))}


def test_a_footer_s_two_ends_are_no_pair() -> None:
    got = pairs(("Site ID: TX-0147", 72, 100), ("Confidential", 72, 740), ("Page 1", 500, 740))
    assert got == {"Site ID": "TX-0147"}


def test_a_wide_form_s_values_in_a_column_keep_their_labels() -> None:
    got = pairs(
        ("Tower Owner", 72, 100),
        ("Lone Oak Holdings", 400, 100),
        ("Site Name", 72, 120),
        ("Elm Ridge", 400, 120),
    )
    assert got == {"Tower Owner": "Lone Oak Holdings", "Site Name": "Elm Ridge"}


def test_figures_set_flush_right_are_a_column_by_their_right_edges() -> None:
    # "$2,450.00" and "$500.00" start 11 pt apart and end at the same x (532.5 + 5.5 * len).
    got = pairs(("Monthly Rent", 72, 100), ("$2,450.00", 489.5, 100), ("Deposit", 72, 120), ("$500.00", 500.5, 120))
    assert got == {"Monthly Rent": "$2,450.00", "Deposit": "$500.00"}


def test_a_label_that_says_its_value_follows_keeps_it_however_far() -> None:
    got = pairs(("Owner:", 72, 100), ("Lone Oak Holdings", 400, 100), ("Page 1", 500, 740))
    assert got == {"Owner": "Lone Oak Holdings"}
