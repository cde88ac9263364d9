"""Labels over values: grids of small headings, boxed form fields and header rows.

A row of short phrases with no digits, and under it a row whose cells sit in the same columns,
is a row of labels over their values, the way grids and spreadsheet exports print; further rows in
the same columns are more records under the same labels, and a heading printed in two lines is one
label (a header underlined by dash runs is ``reader_ruled``'s). A single label over a single value
pairs when the label is printed smaller (a form box's caption) or the value plainly is one (digits)
and both are short.

The row under a label row is not its values when it is itself a row of labels (``Owner | Acme``
under ``Site Name | Elm Ridge`` is a two-column table): that is left to ``reader_tables``.
"""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.fields.cells import (
    CAPTION_SHARE,
    MIN_LABELNESS,
    char_width,
    height,
    labelness,
    printed_smaller,
    text_of,
    valueness,
)
from towerkit.fields.grid_cells import (
    ALIGN_CHARS,
    FIRM,
    ROW_MAX_GAP,
    Cell,
    assign,
    cell_labels,
    cells,
    is_label,
    label_row,
    misread_heading,
    no_digits,
    overlap,
    set_apart,
    spans,
    speck_cell,
    value_heading,
)
from towerkit.fields.grid_headings import MAX_HEADING_LINES, stacked_heads
from towerkit.fields.layout import Line
from towerkit.fields.pitch import side_by_side
from towerkit.fields.reading import Reading
from towerkit.fields.wraps import continued
from towerkit.models import PairKind, Word

GRID_CONFIDENCE = 0.75
"""A label row over a value row in matching columns."""
SINGLE_CONFIDENCE = 0.6
"""One label over one value, paired by size or by the value's shape."""
MAX_SINGLE_WORDS = 8
"""Words a single value under a single label may have: more is a paragraph under a heading."""


def read_grid(i: int, r: Reading) -> int | None:
    """A label row at line i over aligned value rows (see the module docstring): the line after them, else None."""
    lines = r.lines
    head, nxt = lines[i], lines[i + 1]
    heads = [c for c in cells(head, r) if not speck_cell(c)]
    specks = [c for c in cells(head, r) if speck_cell(c)]
    if not (label_row(heads) or misread_heading(heads)) or nxt.page != head.page:
        return None
    below = cells(nxt, r)
    stacked = stacked_heads(head, nxt, heads, below)
    for _ in range(MAX_HEADING_LINES - 1):
        if not stacked or i + 2 >= len(lines) or lines[i + 2].page != nxt.page:
            break
        head, nxt, heads = nxt, lines[i + 2], stacked  # a heading in two or more lines: read from its last
        i, below = i + 1, cells(lines[i + 2], r)
        stacked = stacked_heads(head, nxt, heads, below)
    if not below:
        return None
    heads = _split_heads(heads, below)  # judged as cut: two cells over three values may be three over three
    if not _under(head, nxt, heads, below):
        return None  # label | value over label | value: a table's rows, not a grid
    if len(heads) == 1:
        return _single(heads[0], nxt, below, r)
    first = assign(_headed(below, heads, specks), spans(heads))
    if sum(1 for ws in first if ws) < max(2, (len(below) + 1) // 2):
        return None
    kind: PairKind = "export" if r.export else "below"
    shape = cell_labels(first)
    j = i + 1
    filled: list[list[Word]] | None = first
    while filled is not None:
        for head_cell, ws in zip(heads, filled, strict=True):
            if ws:
                r.add(head_cell, ws, kind, GRID_CONFIDENCE)
        j += 1
        while j < len(lines) and _stray_mark(lines[j], r):
            j += 1  # a speck between two records is not a row
        filled = _next_record(j, heads, shape, r, specks)
    return j


def _headed(row: Sequence[Cell], heads: Sequence[Cell], specks: Sequence[Cell]) -> list[Cell]:
    """The row's cells but those under a heading a scan left unreadable (``cc``) and under no other heading.

    Such a value has a column of its own: joined to the heading on its left it would be that one's.
    """
    return [c for c in row if not any(overlap(c, s) > 0 for s in specks) or any(overlap(c, h) > 0 for h in heads)]


def _split_heads(heads: Sequence[Cell], below: Sequence[Cell]) -> list[Cell]:
    """Label cells cut where a value's column starts under them, when the values have more columns.

    A heading row set with narrow gaps reads as one phrase (``REMAINING RENEWAL OPTIONS NOTICE PERIOD``
    over ``2   60 days``); its values, set apart, show where the second label starts. Only a cell flush
    with a value's column, and not printed larger than every value under it (a title), is cut (a long
    value may be set smaller to fit its column); a value cut short
    after a comma (``April 29,   2022``) goes on in the next cell, which starts no column. On a scan, whose
    boxes jitter by more than this alignment, only where the heading's words stand further apart than its
    word spaces (``GROUND OWNER  JOB TICKET``: ``grid_cells.set_apart``).
    """
    values = tuple(w for c in below for w in c)
    if len(below) <= len(heads):
        return list(heads)
    scanned = any(w.conf is not None for w in values)
    starts = [c[0].x0 for k, c in enumerate(below) if k == 0 or not below[k - 1][-1].text.endswith(",")]
    out: list[Cell] = []
    for cell in heads:
        tol = ALIGN_CHARS * char_width([w for w in cell if w.top < cell[0].bottom])  # its first line: one size
        at = [w for w in cell if not scanned or w is cell[0] or set_apart(cell, w)]
        cuts = sorted({x for x in starts if any(abs(w.x0 - x) <= tol for w in at)})
        under = [c for c in below if c[0].x0 < cell[-1].x1 and c[-1].x1 > cell[0].x0] or [values]
        if not cuts or abs(cell[0].x0 - cuts[0]) > tol or all(printed_smaller(c, cell) for c in under):
            out.append(cell)  # a title over the rows (centred, or printed larger): no heading row to cut
            continue
        parts: list[list[Word]] = [[] for _ in cuts]
        for w in cell:  # a heading's lower lines go with the column they stand in, not after the last cut
            parts[max(k for k, x in enumerate(cuts) if k == 0 or x <= w.x0 + tol)].append(w)
        cut = [tuple(p) for p in parts]
        out.extend(cut if all(map(is_label, cut)) else [cell])
    return out


def _stray_mark(line: Line, r: Reading) -> bool:
    """A line of one mark of a character or two (a scan's speck read as ``a``), taken by no pass."""
    return len(line.words) == 1 and len(line.words[0].text) <= 2 and bool(r.free(line.words))  # noqa: PLR2004


def _next_record(
    j: int, heads: Sequence[Cell], first: Sequence[bool | None], r: Reading, specks: Sequence[Cell] = ()
) -> list[list[Word]] | None:
    """Line j's cells under a grid's headings when it is one more record of the grid, else None.

    A grid of records (``Supplier | Cost | Total`` over a row per supplier) goes on while rows come
    close under each other with a cell under most headings. A record holds at most one cell that reads
    as a label (the supplier's name), and none where the first record has a figure: a row with more is
    label | value pairs side by side, or the next grid's headings; so is a row printed smaller than the
    record above it (a form's next row of box captions).
    """
    lines = r.lines
    if first.count(True) > 1 or j >= len(lines) or lines[j].page != lines[j - 1].page:
        return None
    row, prev = lines[j], lines[j - 1]
    below = cells(row, r)
    if not below or row.top - prev.bottom > ROW_MAX_GAP * max(1.0, height(prev.words)) or len(below) > len(heads):
        return None
    if printed_smaller(row.words, prev.words):
        return None  # printed smaller than the record above, as captions are: the next boxes' captions
    filled = assign(_headed(below, heads, specks), spans(heads))
    labels = cell_labels(filled)
    if sum(1 for ws in filled if ws) < max(2, (len(heads) + 1) // 2) or labels.count(True) > 1:
        return None
    return None if any(lab and was is False for lab, was in zip(labels, first, strict=True)) else filled


def _under(head: Line, nxt: Line, heads: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """Whether the next line can be the values of a label row: close under it, and not itself labels.

    Labels under labels, or label | value (| label | value) over label | value (| label | value), are lines of
    pairs, not a grid, unless the upper row is printed smaller (captions over their values).
    """
    if any(value_heading(h) for h in heads[1:]):
        return False  # "No. | Description | Unit | Details": a label | value table's header, its rows are pairs
    gap, size = nxt.top - head.bottom, max(1.0, height(head.words))
    if gap > ROW_MAX_GAP * size and not (gap <= RULED_GAP * size and _in_columns(heads, below)):
        return False
    if height(head.words) < CAPTION_SHARE * height(nxt.words):
        return True
    pairs = len(heads) == 2 or side_by_side(heads) or side_by_side(below)  # noqa: PLR2004
    kv_rows = pairs and labelness(below[0]) >= MIN_LABELNESS and no_digits(below[0])
    return not (label_row(below) or kv_rows)


RULED_GAP = 2 * ROW_MAX_GAP
"""Label heights a row may stand under a heading row when a cell of it starts at each heading's left edge."""


def _in_columns(heads: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """Whether every heading has a cell of the row starting at its left edge, as a report's columns are set.

    A fixed-width report rules a line between its headings and its values; a scan's OCR drops the rule
    (``=====``) and leaves its line's gap: cells that start where the headings start are still their columns.
    A cell past them may stand under a heading the scan lost.
    """
    starts = {k for c in below for k, h in enumerate(heads) if abs(c[0].x0 - h[0].x0) <= ALIGN_CHARS * char_width(h)}
    return len(heads) >= 2 and len(starts) == len(heads)  # noqa: PLR2004


SENTENCE_LOWER_WORDS = 3
"""Lower-case words that make a phrase ending in a full stop a sentence (``The approval is valid until ...``)."""


def _sentence(cell: Cell) -> bool:
    """A sentence under a heading: its date or figure does not make it a value (``3. Decision`` / ``The ... 2023.``)."""
    lower = sum(1 for w in cell if w.text.isalpha() and w.text.islower())
    return lower >= SENTENCE_LOWER_WORDS and text_of(cell).rstrip().endswith(".")


HEADINGS_UNDER_TITLE = 3
"""Label cells of a row under one phrase that make the row a table's headings, not the first box's value."""


def _single(label: Cell, line: Line, below: Sequence[Cell], r: Reading) -> int | None:
    """One label over one value: a boxed field's caption, or a short label over a plain value (a figure, a firm)."""
    cw = char_width(label)
    value = next((c for c in below if abs(c[0].x0 - label[0].x0) <= ALIGN_CHARS * cw), None)
    if value is None or len(value) > MAX_SINGLE_WORDS or (len(below) > 1 and value is not below[0]):
        return None
    if len(below) >= HEADINGS_UNDER_TITLE and label_row(below):
        return None  # a table's title over its row of headings: no caption over its box
    smaller = printed_smaller(label, value)
    plain = valueness(value) >= 0.6 or bool(FIRM.search(text_of(value)))  # noqa: PLR2004 - a figure, or a firm's name
    if not smaller and (not plain or len(label) > 4 or _sentence(value)):  # noqa: PLR2004
        return None
    kind: PairKind = "boxed" if smaller else "below"
    r.add(label, continued(line, value, label, r), kind, SINGLE_CONFIDENCE + (0.15 if smaller else 0.0))
    return None
