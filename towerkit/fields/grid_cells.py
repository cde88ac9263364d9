"""A line's cells, and under which heading each falls: what the readers of headings over values share.

A cell is a segment's free words, separators stripped; it reads as a label by its shape alone
(``is_label``); a row's cells go under the heading they overlap most (``assign``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from towerkit.fields.cells import (
    MIN_LABELNESS,
    char_width,
    label_digits,
    labelness,
    strip_separators,
    text_of,
    without_item_number,
)
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading, dates_whole
from towerkit.models import Word

ROW_MAX_GAP = 2.6
"""Label heights between a label row and the row under it beyond which they are not one grid."""
ALIGN_CHARS = 1.5
"""Character widths a single value may start off its label's left edge."""

Cell = tuple[Word, ...]


def cells(line: Line, r: Reading) -> list[Cell]:
    """The line's segments as cells: free words only, separators stripped, empty ones dropped."""
    return dates_whole([c for s in line.segments if (c := strip_separators(r.free(s.words)))])


def no_digits(cell: Cell) -> bool:
    """True when the cell has no digit outside parentheses (``Latitude (NAD83)`` is still a label)."""
    return label_digits(text_of(cell)) == 0


FIRM = re.compile(r"\b(?:LLC|L\.L\.C\.|Inc\.?|Corp\.|Co\.|Ltd\.|L\.P\.|LLP|PLLC)$")
"""A company form ending a name (``Inc.``, ``LLC``)."""


def label_row(row: Sequence[Cell]) -> bool:
    """Whether every cell of a row reads as a label (a row of headings), none of them empty."""
    return bool(row) and all(is_label(c) for c in row)


MISREAD_ROW_CELLS = 4
"""Headings a scanned row needs for one of them misread (``C@/AAA CASE NO.``) to leave it a row of headings."""


def misread_heading(heads: Sequence[Cell]) -> bool:
    """A scanned row of headings one of which OCR garbled past a label's shape: a glyph no heading prints, no figure."""
    odd = [c for c in heads if not is_label(c)]
    scanned = bool(heads) and heads[0][0].conf is not None
    if not scanned or len(heads) < MISREAD_ROW_CELLS or len(odd) != 1 or not no_digits(odd[0]):
        return False
    return any(not (ch.isalnum() or ch.isspace() or ch in _HEADING_MARKS) for ch in text_of(odd[0]))


_HEADING_MARKS = ".,:;/-()[]#&'%$"
"""Marks a heading prints; any other glyph in one (``C@/AAA`` for ``OE/AAA``) is OCR's."""


def speck_cell(cell: Cell) -> bool:
    """A scan's speck or unreadable scrap among headings (``oc``, ``J``): two characters at most, no figure."""
    text = text_of(cell)
    return cell[0].conf is not None and len(text) <= 2 and not any(c.isdigit() for c in text)  # noqa: PLR2004


def is_label(cell: Cell) -> bool:
    """Whether a cell reads as a label: label-shaped and no figure (a scan's one misread letter excused), no firm.

    A name ending in a company form (``Copperhill Steel Inc.``) is a value whatever its shape: no label ends so.
    """
    cell = tuple(without_item_number(cell))
    if _misread_letter(cell):
        cell = tuple(w for w in cell if not any(ch.isdigit() for ch in w.text))
    return labelness(cell) >= MIN_LABELNESS and no_digits(cell) and not FIRM.search(text_of(cell))


def _misread_letter(cell: Cell) -> bool:
    """A scanned label whose one digit is a letter OCR misread (``Approved He 4 ght``): words around it, no figure."""
    scanned = any(w.conf is not None for w in cell)
    digits = label_digits(text_of(cell))
    words = sum(1 for w in cell if sum(ch.isalpha() for ch in w.text) >= 2)  # noqa: PLR2004
    return scanned and digits == 1 and words >= 2  # noqa: PLR2004


def spans(heads: Sequence[Cell]) -> list[tuple[float, float]]:
    """Each heading's extent across the page, left edge to right."""
    return [(c[0].x0, max(w.x1 for w in c)) for c in heads]


def assign(row: Sequence[Cell], spans: Sequence[tuple[float, float]]) -> list[list[Word]]:
    """Each cell under the header it overlaps most, else the nearest header starting left of it.

    Cells, not words: a value wider than its header (``Mustang Creek Water Tank`` under ``NAME``)
    stays whole instead of spilling its last word into the next column.
    """
    out: list[list[Word]] = [[] for _ in spans]
    for cell in _split_at_columns(row, spans):
        x0, x1 = cell[0].x0, max(w.x1 for w in cell)
        overlaps = [min(x1, hi) - max(x0, lo) for lo, hi in spans]
        k = max(range(len(spans)), key=lambda j: overlaps[j])
        if overlaps[k] <= 0:
            left = [j for j, (lo, _) in enumerate(spans) if lo <= x0]
            if not left:
                continue
            k = left[-1]
        out[k].extend(cell)
    return out


def _split_at_columns(row: Sequence[Cell], spans: Sequence[tuple[float, float]]) -> list[Cell]:
    """The row's cells, one cut where a word starts on the left edge of a column no other cell starts in.

    A long value can run up to the next column's value with only a word space between them
    (``Tri-County Tower Company WO374075`` under ``Inspection Company | Work Order``); left-aligned
    columns start their values on their header's left edge, which tells the two apart. A value that
    spills past its header into a column with a value of its own is not cut, nor is a scan's: its boxes
    jitter by more than the alignment this relies on (``ocr_box_noise.py``: 7 pt at 100 dpi).
    """
    if any(w.conf is not None for c in row for w in c):
        return list(row)
    starts = [c[0].x0 for c in row]
    out: list[Cell] = []
    for cell in row:
        cw = char_width(cell)
        edges = [lo for lo, _ in spans if not any(abs(s - lo) <= ALIGN_CHARS * cw for s in starts)]
        cut = [k for k, w in enumerate(cell) if k > 0 and any(abs(w.x0 - lo) <= ALIGN_CHARS * cw for lo in edges)]
        for a, b in pairwise([0, *cut, len(cell)]):
            out.append(tuple(cell[a:b]))
    return out


def overlap(a: Cell, b: Cell) -> float:
    """How far two cells overlap across the page (negative: the gap between them)."""
    return min(max(w.x1 for w in a), max(w.x1 for w in b)) - max(a[0].x0, b[0].x0)


def cell_labels(filled: Sequence[Sequence[Word]]) -> list[bool | None]:
    """For each heading of a row, whether its cell reads as a label (None: no cell)."""
    return [is_label(tuple(ws)) if ws else None for ws in filled]


_VALUE_HEADING = re.compile(
    r"^(?:values?|data|details?|descriptions?|entry|entries|information|answers?|responses?)\b[^\w]*(?:[(\[].*|units?)?$",
    re.IGNORECASE,
)
"""A value column's heading (``Property | Value``, ``Item | Details``, ``Value | Unit``): the first row is a header."""


def value_heading(cell: Cell) -> bool:
    """Whether a cell heads a column of values (``Value``, ``Details``, ``Amount / Entry``), not a field of its own."""
    return any(_VALUE_HEADING.match(part.strip()) for part in text_of(cell).split("/"))


APART_SPACES = 2.0
"""How many of a heading's word spaces a gap inside it spans before it is a gap between two headings."""
APART_MIN_CHARS = 1.0
"""... and at least this many character widths (a heading of two words has no other space to compare)."""


def set_apart(cell: Cell, word: Word) -> bool:
    """Whether a word of a cell's first line stands further from the word before it than a word space does.

    ``GROUND OWNER  JOB TICKET``: two headings a scan read as one phrase, the gap between them wider than
    the spaces inside each.
    """
    line = [w for w in cell if w.top < cell[0].bottom]
    k = next((i for i, w in enumerate(line) if w is word), 0)
    if k == 0:
        return False
    gaps = [b.x0 - a.x1 for a, b in pairwise(line)]
    others = sorted(g for i, g in enumerate(gaps) if i != k - 1)
    space = others[len(others) // 2] if others else 0.0
    return gaps[k - 1] >= max(APART_SPACES * space, APART_MIN_CHARS * char_width(line))
