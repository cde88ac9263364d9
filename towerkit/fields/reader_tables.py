"""Label | value tables: a column of labels beside a column of values, and such pairs side by side.

Read before grids: a table's column of labels is stronger evidence than a row's shape, and two
columns of label | value down a page would otherwise read as a grid's heading over its values.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from towerkit.fields.cells import MIN_LABELNESS, char_width, height, labelness, text_of
from towerkit.fields.grid_cells import ALIGN_CHARS, ROW_MAX_GAP, Cell, cell_labels, cells, no_digits, value_heading
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading
from towerkit.fields.wraps import continued
from towerkit.models import Word

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


def read_kv_tables(r: Reading) -> None:
    """Label | value tables in two columns, one pair a row."""
    i = 0
    while i < len(r.lines):
        i = _kv_table(i, r)


def _two_columns(line: Line, r: Reading) -> list[Cell] | None:
    """The line's cells when it reads as label | value (| unit).

    A unit column set before the value's (``Renewal Period | years | 5``) comes third: the label gives it.
    A numbered row (``7.  TASK  Climb inspection  Verified``) is the same pair between its number and
    a note in a column of its own: a table that numbers its rows gives each a remarks column.
    """
    row = cells(line, r)
    numbered = len(row) >= 3 and len(row[0]) == 1 and bool(_ROW_NUMBER.match(row[0][0].text))  # noqa: PLR2004
    if numbered:
        row = row[1:]
    elif len(row) >= 2 and len(row[0]) > 1 and _ROW_NUMBER.match(row[0][0].text) and row[0][1].text[:1].isupper():  # noqa: PLR2004
        row = [row[0][1:], *row[1:]]  # the row's number set close before its label: "100 Property Known As"
    if len(row) == 3 and _unit_cell(row[1]) and any(c.isdigit() for c in text_of(row[2])):  # noqa: PLR2004
        return [row[0], row[2], row[1]]  # the unit column before the value's: "Renewal Period | years | 5"
    if len(row) == 3 and len(row[2]) == 1 and len(text_of(row[2])) <= 5:  # noqa: PLR2004 - a unit column
        return [row[0], (*row[1], *row[2])]
    if numbered and len(row) == 3:  # noqa: PLR2004
        return row[:2]
    return row if len(row) == 2 else None  # noqa: PLR2004


def _unit_cell(cell: Cell) -> bool:
    """A unit column's cell: one short word or sign with no figure (``years``, ``ft``, ``%``, ``US$``), or a unit."""
    text = cell[0].text
    short = len(text) <= 5 and not any(c.isdigit() for c in text)  # noqa: PLR2004
    return len(cell) == 1 and (short or text.casefold() in _LONG_UNITS)


_LONG_UNITS = frozenset({"percent", "metres", "meters", "months", "degrees", "dollars"})
"""Units spelled out past five letters, as a unit column prints them."""


_ROW_NUMBER = re.compile(r"^\(?\d{1,3}[.),]?$")
"""A table row's number (``7.``, ``12``, ``(3)``, ``3)``; a scan may read its stop as a comma, ``17,``)."""


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
        if line.page != prev.page or line.top - prev.bottom > ROW_MAX_GAP * h:
            break
        if row is None and _wrapped_value(line, first, r):
            continue  # the value above run on under itself: the table goes on after it
        if row is None:
            break
        if abs(row[0][0].x0 - first[0][0].x0) > 2 * ALIGN_CHARS * cw or not _in_value_column(row, first, rows):
            break
        rows.append((line, row))
    rows = _flush_right_together(rows, first)
    labels = [(labelness(row[0]) >= MIN_LABELNESS and no_digits(row[0])) or _numbered(row[0]) for _, row in rows]
    if _in_twos([ln for ln, _ in rows]) or _in_twos([ln for ln, _ in rows[1:]]):
        return i + len(rows)  # headings over values throughout (under a panel's heading): no table either
    if len(rows) < TABLE_MIN_ROWS or sum(labels) < TABLE_LABEL_SHARE * len(rows):
        return i + 1
    unit = _header_unit(rows[0][1][:2])
    header = bool(unit) or value_heading(rows[0][1][1])
    if header:
        r.take([w for c in rows[0][1] for w in c])  # the header row ("Parameter | Value (m)") is no pair
    for (line, (label, value, *own)), ok in list(zip(rows, labels, strict=True))[1 if header else 0 :]:
        if ok:
            figure = any(ch.isdigit() for ch in text_of(value))  # the header's unit is a number's, not a word's
            given = text_of(own[0]) if own else unit if figure else ""
            r.add(label, continued(line, value, label, r), "table", TABLE_CONFIDENCE, given)
    return i + len(rows)


def _in_value_column(row: Sequence[Cell], first: Sequence[Cell], rows: Sequence[tuple[Line, Sequence[Cell]]]) -> bool:
    """Whether a row's value stands in the table's value column.

    Flush with the first value's left edge, or a figure set flush right: wholly right of every label so
    far, and no further left than the first value.
    """
    cw = char_width(first[0])
    if abs(row[1][0].x0 - first[1][0].x0) <= 2 * ALIGN_CHARS * cw:
        return True
    if not any(c.isdigit() for c in text_of(row[1])):
        return False  # only figures are set flush right
    labels_end = max(max(w.x1 for w in r[0]) for _, r in (*rows, (None, row)))
    return row[1][0].x0 > labels_end + cw and row[1][0].x0 > first[1][0].x0


def _wrapped_value(line: Line, first: Sequence[Cell], r: Reading) -> bool:
    """A line of one cell starting under the value column, nothing under the labels: a value's wrapped rest."""
    row = cells(line, r)
    cw = char_width(first[0])
    return len(row) == 1 and abs(row[0][0].x0 - first[1][0].x0) <= ALIGN_CHARS * cw


def _flush_right_together(rows: list[tuple[Line, list[Cell]]], first: Sequence[Cell]) -> list[tuple[Line, list[Cell]]]:
    """The rows, cut before the first figure set off the first value's left edge.

    Unless two or more such figures end flush with each other: a column's figures set flush right share
    their right edge, where a value under a caption is placed anywhere.
    """
    tol = 2 * ALIGN_CHARS * char_width(first[0])
    off = [k for k, (_, row) in enumerate(rows) if abs(row[1][0].x0 - first[1][0].x0) > tol]
    ends = [max(w.x1 for w in rows[k][1][1]) for k in off]
    if not off or (len(off) > 1 and max(ends) - min(ends) <= tol):
        return rows
    return rows[: off[0]]


PAIRED_GAP = 1.3
"""How much wider the gap after every second line must be for the lines to stand in twos."""


def _in_twos(lines: Sequence[Line]) -> bool:
    """Whether lines stand in twos, a wider gap after every second one: headings over their values, not a table.

    ``Sheet | Finding`` over ``3 of 3 | Hazard``, then ``MARK/LIGHT | DETERM. DT`` over ``None required |
    July 28, 2019``: two columns of three and more lines, but a table's rows are evenly spaced. The
    caller also tries the lines after the first: two panels' headings (``LOCATION | TERMS``) stand
    over such twos.
    """
    gaps = [b.top - a.top for a, b in itertools.pairwise(lines)]
    if len(gaps) < 3:  # noqa: PLR2004 - two gaps cannot show a rhythm
        return False
    close, wide = gaps[0::2], gaps[1::2]
    return max(close) * PAIRED_GAP <= min(wide)


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
    labels = [cell_labels(row) for _, row in rows]  # None: an empty cell
    share = [_share([f[k] for f in labels if f[k] is not None]) for k in range(len(anchors))]
    pairs = range(0, len(anchors) - 1, 2)
    if any(share[k] < TABLE_LABEL_SHARE or share[k + 1] >= VALUE_LABEL_SHARE for k in pairs):
        return None
    for (line, row), flags in zip(rows, labels, strict=True):
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


_HEADER_UNIT = re.compile(r"[(\[](m|ft|feet|metres|meters|\$|usd|%)[)\]]\s*$", re.IGNORECASE)


def _header_unit(row: Sequence[Cell]) -> str:
    """The unit a two-column table's header gives its value column (``Value (m)``), if the first row is one."""
    label, value = row
    m = _HEADER_UNIT.search(text_of(value))
    if m is None or not no_digits(value) or labelness(value) < MIN_LABELNESS:
        return ""
    return m[1].lower() if labelness(label) >= MIN_LABELNESS else ""
