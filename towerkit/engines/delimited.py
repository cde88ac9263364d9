"""Delimited exports (CSV, TSV, semicolon or pipe separated) laid out as the aligned table they mean.

A spreadsheet export prints ``Site ID,Site Name,Tower Height`` over ``TX-0001,Elm Ridge,180 ft``:
a header row over value rows, with the columns implied by the delimiter instead of by position.
Read as plain text, a cell is glued to its neighbours by commas and nothing lines up, so no layout
rule can pair a header with its value. Re-laid out in aligned columns, separated by a wide gap,
the same export reads like any printed grid (label over value) or, for two-column ``key,value``
files, like label and value on one line. Pure: text in, text out.
"""

from __future__ import annotations

import csv
from collections import Counter

DELIMITERS = (",", "\t", ";", "|")
"""Delimiters an export may use, in the order they are tried."""
MIN_ROWS = 2
"""A header and one row at least: a single line with commas is prose."""
CONSISTENT_SHARE = 0.9
"""Share of non-empty lines that must split into the same number of cells."""
COLUMN_GAP = 4
"""Spaces between aligned columns: wider than a word space, so a cell's words stay one phrase."""


def delimiter_of(text: str) -> str | None:
    """The delimiter every line of ``text`` splits on into the same number of cells, if any."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < MIN_ROWS:
        return None
    for delimiter in DELIMITERS:
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        cells, lines_with = counts.most_common(1)[0]
        if cells >= MIN_ROWS and lines_with >= CONSISTENT_SHARE * len(lines):
            return delimiter
    return None


def align(text: str, delimiter: str) -> str:
    """``text`` re-laid out with each column starting at the same character offset on every line."""
    rows = [[" ".join(cell.split()) for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], len(cell))
    gap = " " * COLUMN_GAP
    return "\n".join(gap.join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)
