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

import re
from collections.abc import Sequence
from itertools import pairwise

from towerkit.fields.cells import (
    CAPTION_SHARE,
    MAX_LABEL_WORDS,
    MIN_LABELNESS,
    char_width,
    height,
    label_digits,
    labelness,
    printed_smaller,
    strip_separators,
    text_of,
    valueness,
    without_item_number,
)
from towerkit.fields.layout import Line
from towerkit.fields.pitch import side_by_side
from towerkit.fields.reading import Reading, dates_whole
from towerkit.fields.wraps import continued
from towerkit.models import PairKind, Word

GRID_CONFIDENCE = 0.75
"""A label row over a value row in matching columns."""
SINGLE_CONFIDENCE = 0.6
"""One label over one value, paired by size or by the value's shape."""
ROW_MAX_GAP = 2.6
"""Label heights between a label row and the row under it beyond which they are not one grid."""
MAX_SINGLE_WORDS = 8
"""Words a single value under a single label may have: more is a paragraph under a heading."""
ALIGN_CHARS = 1.5
"""Character widths a single value may start off its label's left edge."""

Cell = tuple[Word, ...]


def cells(line: Line, r: Reading) -> list[Cell]:
    """The line's segments as cells: free words only, separators stripped, empty ones dropped."""
    return dates_whole([c for s in line.segments if (c := strip_separators(r.free(s.words)))])


def no_digits(cell: Cell) -> bool:
    """True when the cell has no digit outside parentheses (``Latitude (NAD83)`` is still a label)."""
    return label_digits(text_of(cell)) == 0


def _label_row(row: Sequence[Cell]) -> bool:
    return bool(row) and all(is_label(c) for c in row)


def is_label(cell: Cell) -> bool:
    """Whether a cell reads as a label: label-shaped and no figure (a scan's one misread letter excused)."""
    cell = tuple(without_item_number(cell))
    if _misread_letter(cell):
        cell = tuple(w for w in cell if not any(ch.isdigit() for ch in w.text))
    return labelness(cell) >= MIN_LABELNESS and no_digits(cell)


def _misread_letter(cell: Cell) -> bool:
    """A scanned label whose one digit is a letter OCR misread (``Approved He 4 ght``): words around it, no figure."""
    scanned = any(w.conf is not None for w in cell)
    digits = label_digits(text_of(cell))
    words = sum(1 for w in cell if sum(ch.isalpha() for ch in w.text) >= 2)  # noqa: PLR2004
    return scanned and digits == 1 and words >= 2  # noqa: PLR2004


def _spans(heads: Sequence[Cell]) -> list[tuple[float, float]]:
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


def read_grid(i: int, r: Reading) -> int | None:
    """A label row at line i over aligned value rows (see the module docstring): the line after them, else None."""
    lines = r.lines
    head, nxt = lines[i], lines[i + 1]
    heads = [c for c in cells(head, r) if not _speck(c)]
    specks = [c for c in cells(head, r) if _speck(c)]
    if not _label_row(heads) or nxt.page != head.page:
        return None
    below = cells(nxt, r)
    stacked = _stacked(head, nxt, heads, below)
    for _ in range(MAX_HEADING_LINES - 1):
        if not stacked or i + 2 >= len(lines) or lines[i + 2].page != nxt.page:
            break
        head, nxt, heads = nxt, lines[i + 2], stacked  # a heading in two or more lines: read from its last
        i, below = i + 1, cells(lines[i + 2], r)
        stacked = _stacked(head, nxt, heads, below)
    if not below:
        return None
    heads = _split_heads(heads, below)  # judged as cut: two cells over three values may be three over three
    if not _under(head, nxt, heads, below):
        return None  # label | value over label | value: a table's rows, not a grid
    if len(heads) == 1:
        return _single(heads[0], nxt, below, r)
    first = assign(_headed(below, heads, specks), _spans(heads))
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
    after a comma (``April 29,   2022``) goes on in the next cell, which starts no column. Not on a scan:
    its boxes jitter by more than this alignment (as ``_split_at_columns``).
    """
    values = tuple(w for c in below for w in c)
    if len(below) <= len(heads) or any(w.conf is not None for w in values):
        return list(heads)
    starts = [c[0].x0 for k, c in enumerate(below) if k == 0 or not below[k - 1][-1].text.endswith(",")]
    out: list[Cell] = []
    for cell in heads:
        tol = ALIGN_CHARS * char_width([w for w in cell if w.top < cell[0].bottom])  # its first line: one size
        cuts = sorted({x for x in starts if any(abs(w.x0 - x) <= tol for w in cell)})
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


def _speck(cell: Cell) -> bool:
    """A scan's speck or unreadable scrap among a row's headings (``oc``): two letters at most, no figure."""
    text = text_of(cell)
    return cell[0].conf is not None and len(text) <= 2 and not any(c.isdigit() for c in text)  # noqa: PLR2004


def _stray_mark(line: Line, r: Reading) -> bool:
    """A line of one mark of a character or two (a scan's speck read as ``a``), taken by no pass."""
    return len(line.words) == 1 and len(line.words[0].text) <= 2 and bool(r.free(line.words))  # noqa: PLR2004


MAX_HEADING_LINES = 4
"""Lines one column heading wraps over at most (``Structure`` / ``Height Above`` / ``Ground``)."""
STACK_GAP = 0.5
"""Label heights between two lines of one heading (printed close, as wrapped text is)."""
SCAN_STACK_GAP = 0.75
"""The same on a scan, whose word boxes are their ink: the air between two lines of type looks wider."""


def _stacked(head: Line, nxt: Line, heads: Sequence[Cell], below: Sequence[Cell]) -> list[Cell] | None:
    """A heading row printed in two lines (``Promotion`` over ``Name``): the lower cells with the upper ones.

    Each lower cell takes the upper cell above it; a heading short enough for one line stands alone in either
    row (``Site Name`` beside ``Type of`` over ``Structure``). None unless both rows are labels (a lower cell
    may be the rest of a bracket: ``Latitude (NAD`` over ``83)``), close, and no cell of either row stands over
    two of the other. A heading's lines are printed alike: a lower line printed larger is the value under a caption
    (``TENANT/LESSEE`` over ``Redline Tower Company``), one printed smaller a caption under a section's bar.
    """
    if (
        not below
        or nxt.page != head.page
        or printed_smaller(upper := [w for c in heads for w in c], lower := [w for c in below for w in c], low=True)
        or printed_smaller(lower, upper, low=True)
        or nxt.top - head.bottom
        > (SCAN_STACK_GAP if head.words[0].conf is not None else STACK_GAP) * max(1.0, height(head.words))
    ):
        return None
    upper_of: dict[int, int] = {}
    scanned = lower[0].conf is not None
    below = [part for cell in below for part in _cut_under(cell, heads)]
    for k, cell in enumerate(below):
        over = [u for u, c in enumerate(heads) if overlap(cell, c) > 0]
        if len(over) > 1 or (
            over and ((scanned and over[0] in upper_of.values()) or not _aligned(heads[over[0]], cell))
        ):
            return None  # on a text layer two lower cells may stand under one upper: two headings set close
        if over:
            upper_of[k] = over[0]
    headings = all(heading_part(c) or (k in upper_of and _closes(heads[upper_of[k]], c)) for k, c in enumerate(below))
    if not upper_of or not headings:
        return None
    out = [(*heads[u], *(w for k, c in enumerate(below) if upper_of.get(k) == u for w in c)) for u in range(len(heads))]
    alone = [c for k, c in enumerate(below) if k not in upper_of]
    if not all(is_label(c) for c in alone) or not all(is_label(c) or _cut_later(c) for c in out):
        return None
    return sorted([*out, *alone], key=lambda c: c[0].x0)


def _cut_under(cell: Cell, heads: Sequence[Cell]) -> list[Cell]:
    """A lower heading line standing under two upper headings cut between its words where they part.

    On a scan two headings' second lines set close read as one cell (``Structure (NAD83)`` under ``Height of``
    and ``Latitude``); each word under exactly one upper heading tells where it belongs. Else left whole.
    """
    over = [[u for u, c in enumerate(heads) if overlap((w,), c) > 0] for w in cell]
    if len({tuple(o) for o in over}) < 2 or any(len(o) != 1 for o in over):  # noqa: PLR2004
        return [cell]
    parts: list[list[Word]] = []
    for k, w in enumerate(cell):
        if k == 0 or over[k] != over[k - 1]:
            parts.append([])
        parts[-1].append(w)
    return [tuple(p) for p in parts]


def _cut_later(cell: Cell) -> bool:
    """Whether a heading too long for one label is several set close on a text layer, which ``_split_heads`` cuts.

    ``SITE REF. NO. COMMON NAME PERFORMED BY`` over ``OF SITE``: three headings, the middle one in two lines.
    """
    return cell[0].conf is None and len(cell) > MAX_LABEL_WORDS and no_digits(cell)


def _aligned(upper: Cell, lower: Cell) -> bool:
    """Whether a heading's next line starts, ends or centres under its first, as wrapped text is set.

    Asked of a scan only: there two headings set close read as one cell (``SITE NUMBER TOWER`` over
    ``CONFIGURATION``) and are not cut again by the values' columns (``_split_heads``), so a line standing
    off the cell's edges and centre is the second heading's, not a wrap. A text layer's cell is cut later.
    """
    if lower[0].conf is None:
        return True
    a0, a1, b0, b1 = upper[0].x0, max(w.x1 for w in upper), lower[0].x0, max(w.x1 for w in lower)
    tol = ALIGN_LINES_CHARS * char_width(lower)  # one line: the upper cell may be several
    return min(abs(a0 - b0), abs(a1 - b1), abs((a0 + a1) - (b0 + b1)) / 2) <= tol


ALIGN_LINES_CHARS = 2.0
"""Character widths by which two lines of one heading may stand off each other's edge or centre."""


def heading_part(cell: Cell) -> bool:
    """A heading's words, or its unit, sign or ``No.`` on a line of its own (``(USD)``, ``[ft]``, ``#``, ``No.``)."""
    return is_label(cell) or bool(_WRAPPED_UNIT.match(text_of(cell)))


_WRAPPED_UNIT = re.compile(r"^(?:[(\[][^()\[\]]{1,12}[)\]]|[#%$]|(?i:no|nr|nbr)\.?)$")


def _closes(upper: Cell, lower: Cell) -> bool:
    """Whether a heading's next line closes the bracket its first line left open (``Latitude (NAD`` / ``83)``)."""
    a, b = text_of(upper), text_of(lower)
    return a.count("(") > a.count(")") and b.count(")") > b.count("(")


def overlap(a: Cell, b: Cell) -> float:
    """How far two cells overlap across the page (negative: the gap between them)."""
    return min(max(w.x1 for w in a), max(w.x1 for w in b)) - max(a[0].x0, b[0].x0)


def cell_labels(filled: Sequence[Sequence[Word]]) -> list[bool | None]:
    """For each heading of a row, whether its cell reads as a label (None: no cell)."""
    return [is_label(tuple(ws)) if ws else None for ws in filled]


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
    filled = assign(_headed(below, heads, specks), _spans(heads))
    labels = cell_labels(filled)
    if sum(1 for ws in filled if ws) < max(2, (len(heads) + 1) // 2) or labels.count(True) > 1:
        return None
    return None if any(lab and was is False for lab, was in zip(labels, first, strict=True)) else filled


def _under(head: Line, nxt: Line, heads: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """Whether the next line can be the values of a label row: close under it, and not itself labels.

    Labels under labels, or label | value (| label | value) over label | value (| label | value), are lines of
    pairs, not a grid, unless the upper row is printed smaller (captions over their values).
    """
    if nxt.top - head.bottom > ROW_MAX_GAP * max(1.0, height(head.words)):
        return False
    if height(head.words) < CAPTION_SHARE * height(nxt.words):
        return True
    pairs = len(heads) == 2 or side_by_side(heads) or side_by_side(below)  # noqa: PLR2004
    kv_rows = pairs and labelness(below[0]) >= MIN_LABELNESS and no_digits(below[0])
    return not (_label_row(below) or kv_rows)


SENTENCE_LOWER_WORDS = 3
"""Lower-case words that make a phrase ending in a full stop a sentence (``The approval is valid until ...``)."""


def _sentence(cell: Cell) -> bool:
    """A sentence under a heading: its date or figure does not make it a value (``3. Decision`` / ``The ... 2023.``)."""
    lower = sum(1 for w in cell if w.text.isalpha() and w.text.islower())
    return lower >= SENTENCE_LOWER_WORDS and text_of(cell).rstrip().endswith(".")


def _single(label: Cell, line: Line, below: Sequence[Cell], r: Reading) -> int | None:
    """One label over one value: a boxed field's caption, or a short label over a plain value."""
    cw = char_width(label)
    value = next((c for c in below if abs(c[0].x0 - label[0].x0) <= ALIGN_CHARS * cw), None)
    if value is None or len(value) > MAX_SINGLE_WORDS or (len(below) > 1 and value is not below[0]):
        return None
    smaller = printed_smaller(label, value)
    if not smaller and (valueness(value) < 0.6 or len(label) > 4 or _sentence(value)):  # noqa: PLR2004
        return None
    kind: PairKind = "boxed" if smaller else "below"
    r.add(label, continued(line, value, label, r), kind, SINGLE_CONFIDENCE + (0.15 if smaller else 0.0))
    return None
