"""Labels over values: grids of small headings, boxed form fields, header rows and dashed-rule exports.

A row of short phrases with no digits, and under it a row whose cells sit in the same columns,
is a row of labels over their values, the way grids and spreadsheet exports print; further rows in
the same columns are more records under the same labels. A header row
underlined by runs of dashes (fixed-width logs) fixes its columns by the dashes, and every row
under it is one record. A single label over a single value pairs when the label is printed smaller
(a form box's caption) or the value plainly is one (digits) and both are short.

Label | value | label | value down the page in four or more columns is pairs side by side, not a
grid: its label columns read as labels, its value columns as figures.

The row under a label row is not its values when it is itself a row of labels (``Owner | Acme``
under ``Site Name | Elm Ridge`` is a two-column table): that is left to the side-by-side pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from towerkit.fields.cells import (
    MIN_LABELNESS,
    char_width,
    height,
    labelness,
    outside_parens,
    print_size,
    strip_separators,
    text_of,
    valueness,
)
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading, continued
from towerkit.models import PairKind, Word

GRID_CONFIDENCE = 0.75
"""A label row over a value row in matching columns."""
RULED_CONFIDENCE = 0.9
"""A header underlined by dash runs: the columns are drawn, not guessed."""
SINGLE_CONFIDENCE = 0.6
"""One label over one value, paired by size or by the value's shape."""
ROW_MAX_GAP = 2.6
"""Label heights between a label row and the row under it beyond which they are not one grid."""
SMALLER = 0.92
"""A label printed below this share of its value's height is a caption (a form box's corner label)."""
SMALLER_OCR = 0.8
"""The same on a scan, where OCR boxes of one size of print vary by a tenth or more."""
MAX_RECORD_ROWS = 200
"""Rows under one dashed header read as records at most: a log's page."""
MAX_SINGLE_WORDS = 8
"""Words a single value under a single label may have: more is a paragraph under a heading."""
ALIGN_CHARS = 1.5
"""Character widths a single value may start off its label's left edge."""

_RULE = re.compile(r"^[-_=~]{3,}$")
Cell = tuple[Word, ...]


TABLE_CONFIDENCE = 0.8
"""A row of a label | value table: its column of labels is the evidence."""
TABLE_MIN_ROWS = 3
"""Rows with the same two columns that make a label | value table rather than a grid."""
TABLE_LABEL_SHARE = 0.7
"""Share of a table's left cells that must read as labels."""
VALUE_LABEL_SHARE = 0.3
"""Share of a value column's cells that may read as labels: a grid's columns each hold its label rows and
its value rows alike, and text values (names, ``Good``) read as labels by their shape, so only a value
column of mostly figures and codes tells pairs side by side from a grid."""


def read_kv_columns(r: Reading) -> None:
    """Tables of label | value pairs side by side, before separators: their columns outweigh a stray dash."""
    i = 0
    while i < len(r.lines):
        i = _kv_columns(i, r) or i + 1


def read_grids(r: Reading) -> None:
    """Label | value tables, then every header row and label row paired with the rows under it."""
    lines = r.lines
    i = 0
    while i < len(lines):
        i = _kv_table(i, r)
    i = 0
    while i < len(lines) - 1:
        i = _ruled(i, r) or _grid(i, r) or i + 1


def _two_columns(line: Line, r: Reading) -> list[Cell] | None:
    """The line's cells when it reads as label | value (| unit)."""
    row = cells(line, r)
    if len(row) == 3 and len(row[2]) == 1 and len(text_of(row[2])) <= 5:  # noqa: PLR2004 - a unit column
        return [row[0], (*row[1], *row[2])]
    return row if len(row) == 2 else None  # noqa: PLR2004


def _kv_table(i: int, r: Reading) -> int:
    """Lines i.. with the same two columns, left ones labels: a label | value table, one pair a row."""
    lines = r.lines
    first = _two_columns(lines[i], r)
    if first is None:
        return i + 1
    rows = [(lines[i], first)]
    cw = char_width(first[0])
    for line in lines[i + 1 :]:
        row = _two_columns(line, r)
        prev = rows[-1][0]
        h = max(1.0, height(prev.words))
        if row is None or line.page != prev.page or line.top - prev.bottom > ROW_MAX_GAP * h:
            break
        if any(abs(a[0].x0 - b[0].x0) > 2 * ALIGN_CHARS * cw for a, b in zip(row, first, strict=True)):
            break
        rows.append((line, row))
    labels = [(labelness(row[0]) >= MIN_LABELNESS and _no_digits(row[0])) or _numbered(row[0]) for _, row in rows]
    if len(rows) < TABLE_MIN_ROWS or sum(labels) < TABLE_LABEL_SHARE * len(rows):
        return i + 1
    unit = _header_unit(rows[0][1])
    if unit:
        r.take([w for c in rows[0][1] for w in c])  # the header row ("Parameter | Value (m)") is no pair
    for (line, (label, value)), ok in list(zip(rows, labels, strict=True))[1 if unit else 0 :]:
        if ok:
            figure = any(ch.isdigit() for ch in text_of(value))  # the header's unit is a number's, not a word's
            r.add(label, continued(line, value, label, r), "table", TABLE_CONFIDENCE, unit if figure else "")
    return i + len(rows)


_NUMBERED = re.compile(r"^[A-Za-z][A-Za-z.]{2,}(?: [A-Za-z][A-Za-z.]*)* (?:No\. |#)?\d{1,3}$")


def _numbered(cell: Cell) -> bool:
    """A label that counts its item (``Check 13``, ``Leg 2``, ``Antenna No. 4``): words, then a small number.

    In a label | value table's left column it names its row like any label; elsewhere a word and a
    number is as likely a value (``Truck 14``), so only the table's column shape lets it in.
    """
    return bool(_NUMBERED.match(text_of(cell)))


def _kv_columns(i: int, r: Reading) -> int | None:
    """Lines i.. in the same four or more columns, labels and values alternating: a table of pairs side by side.

    Columns, not rows, decide it: each label column reads as labels down the page and each value
    column does not, where a grid's columns mix its label rows with its value rows. A cell off every
    column is more of the cell before it (``F.P.M. No.  1 Roller``); a row may leave cells empty.
    """
    lines = r.lines
    first = cells(lines[i], r)
    if len(first) < 2 * 2:
        return None
    anchors = [c[0].x0 for c in first]
    tol = 2 * ALIGN_CHARS * char_width(first[0])
    rows: list[tuple[Line, list[list[Word]]]] = [(lines[i], [list(c) for c in first])]
    for line in lines[i + 1 :]:
        prev = rows[-1][0]
        if line.page != prev.page or line.top - prev.bottom > ROW_MAX_GAP * max(1.0, height(prev.words)):
            break
        slots = _slots(cells(line, r), anchors, tol)
        if slots is None:
            break
        rows.append((line, slots))
    if len(rows) < TABLE_MIN_ROWS:
        return None
    is_label = [[_is_label(tuple(c)) if c else None for c in row] for _, row in rows]  # None: an empty cell
    share = [_share([f[k] for f in is_label if f[k] is not None]) for k in range(len(anchors))]
    pairs = range(0, len(anchors) - 1, 2)
    if any(share[k] < TABLE_LABEL_SHARE or share[k + 1] >= VALUE_LABEL_SHARE for k in pairs):
        return None
    for (line, row), flags in zip(rows, is_label, strict=True):
        for k in pairs:
            label, value = tuple(row[k]), tuple(row[k + 1])
            if flags[k] and value:
                r.add(label, continued(line, value, label, r), "table", TABLE_CONFIDENCE)
    return i + len(rows)


def _share(flags: Sequence[bool | None]) -> float:
    """The share of a column's filled cells that read as labels."""
    return sum(1 for f in flags if f) / len(flags) if flags else 0.0


def _slots(row: Sequence[Cell], anchors: Sequence[float], tol: float) -> list[list[Word]] | None:
    """The row's cells by column, a cell off every column joined to the one before; None when the row is not in them."""
    slots: list[list[Word]] = [[] for _ in anchors]
    last = -1
    for cell in row:
        k = next((j for j, a in enumerate(anchors) if abs(cell[0].x0 - a) <= tol and not slots[j]), last)
        if k < 0:
            return None
        slots[k].extend(cell)
        last = k
    return slots


_HEADER_UNIT = re.compile(r"\((m|ft|feet|metres|meters|\$|usd|%)\)\s*$", re.IGNORECASE)


def _header_unit(row: Sequence[Cell]) -> str:
    """The unit a two-column table's header gives its value column (``Value (m)``), if the first row is one."""
    label, value = row
    m = _HEADER_UNIT.search(text_of(value))
    if m is None or not _no_digits(value) or labelness(value) < MIN_LABELNESS:
        return ""
    return m[1].lower() if labelness(label) >= MIN_LABELNESS else ""


def cells(line: Line, r: Reading) -> list[Cell]:
    """The line's segments as cells: free words only, separators stripped, empty ones dropped."""
    return [c for s in line.segments if (c := strip_separators(r.free(s.words)))]


def _is_rule(line: Line) -> bool:
    return all(_RULE.match(w.text) for w in line.words)


def _no_digits(cell: Cell) -> bool:
    """True when the cell has no digit outside parentheses (``Latitude (NAD83)`` is still a label)."""
    return not any(ch.isdigit() for ch in outside_parens(text_of(cell)))


def _label_row(row: Sequence[Cell]) -> bool:
    return bool(row) and all(_is_label(c) for c in row)


def _is_label(cell: Cell) -> bool:
    if _misread_letter(cell):
        cell = tuple(w for w in cell if not any(ch.isdigit() for ch in w.text))
    return labelness(cell) >= MIN_LABELNESS and _no_digits(cell)


def _misread_letter(cell: Cell) -> bool:
    """A scanned label whose one digit is a letter OCR misread (``Approved He 4 ght``): words around it, no figure."""
    scanned = any(w.conf is not None for w in cell)
    digits = sum(ch.isdigit() for ch in outside_parens(text_of(cell)))
    words = sum(1 for w in cell if sum(ch.isalpha() for ch in w.text) >= 2)  # noqa: PLR2004
    return scanned and digits == 1 and words >= 2  # noqa: PLR2004


def _spans(heads: Sequence[Cell]) -> list[tuple[float, float]]:
    return [(c[0].x0, max(w.x1 for w in c)) for c in heads]


def _assign(row: Sequence[Cell], spans: Sequence[tuple[float, float]]) -> list[list[Word]]:
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


def _ruled(i: int, r: Reading) -> int | None:
    """A header row underlined by dash runs: every row under it, to a gap or rule, is a record."""
    lines = r.lines
    head, rule = lines[i], lines[i + 1]
    if head.page != rule.page or not _is_rule(rule) or len(rule.words) < 2 or r.free(rule.words) != rule.words:  # noqa: PLR2004
        return None
    heads = cells(head, r)
    spans = [(w.x0, w.x1) for w in rule.words]
    if len(heads) < 2 or len(heads) != len(spans):  # noqa: PLR2004
        return None
    kind: PairKind = "export" if r.export else "header_row"
    r.take(rule.words)
    j = i + 2
    h = max(1.0, height(head.words))
    prev = rule
    while j < len(lines) and j - i < MAX_RECORD_ROWS:
        row = lines[j]
        if row.page != head.page or _is_rule(row) or row.top - prev.bottom > ROW_MAX_GAP * h:
            break
        if j + 1 < len(lines) and _is_rule(lines[j + 1]) and lines[j + 1].page == row.page:
            break  # the next table's header, underlined in its turn
        for head_cell, ws in zip(heads, _assign(cells(row, r), spans), strict=True):
            if ws:
                r.add(head_cell, ws, kind, RULED_CONFIDENCE)
        prev = row
        j += 1
    return j


def _grid(i: int, r: Reading) -> int | None:
    """A label row over aligned value rows (see the module docstring)."""
    lines = r.lines
    head, nxt = lines[i], lines[i + 1]
    heads = cells(head, r)
    if not _label_row(heads) or nxt.page != head.page:
        return None
    below = cells(nxt, r)
    if not below or not _under(head, nxt, heads, below):
        return None
    if len(heads) == 1:
        return _single(heads[0], nxt, below, r)
    first = _assign(below, _spans(heads))
    if sum(1 for ws in first if ws) < max(2, (len(below) + 1) // 2):
        return None
    kind: PairKind = "export" if r.export else "below"
    shape = _labels(first)
    j = i + 1
    filled: list[list[Word]] | None = first
    while filled is not None:
        for head_cell, ws in zip(heads, filled, strict=True):
            if ws:
                r.add(head_cell, ws, kind, GRID_CONFIDENCE)
        j += 1
        filled = _next_record(j, heads, shape, r)
    return j


def _labels(filled: Sequence[Sequence[Word]]) -> list[bool | None]:
    """For each heading of a row, whether its cell reads as a label (None: no cell)."""
    return [_is_label(tuple(ws)) if ws else None for ws in filled]


def _next_record(j: int, heads: Sequence[Cell], first: Sequence[bool | None], r: Reading) -> list[list[Word]] | None:
    """Line j's cells under a grid's headings when it is one more record of the grid, else None.

    A grid of records (``Supplier | Cost | Total`` over a row per supplier) goes on while rows come
    close under each other with a cell under most headings. A record holds at most one cell that reads
    as a label (the supplier's name), and none where the first record has a figure: a row with more is
    label | value pairs side by side, or the next grid's headings.
    """
    lines = r.lines
    if first.count(True) > 1 or j >= len(lines) or lines[j].page != lines[j - 1].page:
        return None
    row, prev = lines[j], lines[j - 1]
    below = cells(row, r)
    if not below or row.top - prev.bottom > ROW_MAX_GAP * max(1.0, height(prev.words)) or len(below) > len(heads):
        return None
    filled = _assign(below, _spans(heads))
    labels = _labels(filled)
    if sum(1 for ws in filled if ws) < max(2, (len(heads) + 1) // 2) or labels.count(True) > 1:
        return None
    return None if any(lab and was is False for lab, was in zip(labels, first, strict=True)) else filled


def _under(head: Line, nxt: Line, heads: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """Whether the next line can be the values of a label row: close under it, and not itself labels.

    Labels under labels, or label | value over label | value, are a table's rows, not a grid,
    unless the upper row is printed smaller (captions over their values).
    """
    if nxt.top - head.bottom > ROW_MAX_GAP * max(1.0, height(head.words)):
        return False
    if height(head.words) < SMALLER * height(nxt.words):
        return True
    kv_rows = len(heads) == 2 and labelness(below[0]) >= MIN_LABELNESS and _no_digits(below[0])  # noqa: PLR2004
    return not (_label_row(below) or kv_rows)


def _single(label: Cell, line: Line, below: Sequence[Cell], r: Reading) -> int | None:
    """One label over one value: a boxed field's caption, or a short label over a plain value."""
    cw = char_width(label)
    value = next((c for c in below if abs(c[0].x0 - label[0].x0) <= ALIGN_CHARS * cw), None)
    if value is None or len(value) > MAX_SINGLE_WORDS or (len(below) > 1 and value is not below[0]):
        return None
    smaller = print_size(label) < (SMALLER_OCR if label[0].conf is not None else SMALLER) * print_size(value)
    if not smaller and (valueness(value) < 0.6 or len(label) > 4):  # noqa: PLR2004
        return None
    kind: PairKind = "boxed" if smaller else "below"
    r.add(label, continued(line, value, label, r), kind, SINGLE_CONFIDENCE + (0.15 if smaller else 0.0))
    return None
