"""Captions under their values: the fill-in blank, a value typed on a rule and its label printed small under it.

Government and municipal forms print a row of blanks and name each one under its rule (``Saddle
Butte West`` on the line, ``Site`` in small print under it). Read top-down, the small label looks
like the heading of whatever comes next, and the reader paired each caption with the next row's
value. What tells the two conventions apart is where the caption stands: a caption belongs to the
value it is nearer to. A row of small labels close under a row of values, and clearly further from
the line below it, names the values above it: in order when every blank is filled, else each the
nearest. Captions of blanks left empty are the row's too: they label nothing further down.
"""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.fields.cells import height, printed_smaller
from towerkit.fields.grid_cells import Cell, cells, is_label, overlap
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading

MAX_RUN_ROWS = 20
"""Label rows a run of labels and values is followed up at most to find which comes first."""
CAPTION_CONFIDENCE = 0.7
"""A small label close under a value, nearer to it than to anything below."""
MAX_GAP = 1.0
"""Caption heights between a value's line and the caption row under it (the rule's width and a little air)."""
NEARER = 2.0
"""How many times wider the gap under the captions must be than the gap over them."""
NEARER_TOPS = 1.25
"""The same measured top to top, for scans: their line boxes overlap and swell with stray ink, their tops
stay put. Either measure may show it."""


def read_captions(r: Reading) -> None:
    """Pair every row of captions with the row of values it stands under."""
    lines = r.lines
    for i in range(2, len(lines)):
        above, row = lines[i - 1], lines[i]
        if lines[i - 2].page != above.page:
            continue  # a page's first line is its letterhead or title, and the small line under it its tagline
        below = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == row.page else None
        caps, values = cells(row, r), cells(above, r)
        if not (caps and values and above.page == row.page and _caption_row(caps, values, above, row, below)):
            continue
        if _labels_lead(lines, i - 1, r):
            continue  # a box's caption at its top names the value: the row under is the next box's
        if below is not None and _bar_over(values, caps, cells(below, r)):
            continue
        _pair(caps, values, r)
        r.take(w for c in caps for w in c)


def _bar_over(values: Sequence[Cell], caps: Sequence[Cell], under: Sequence[Cell]) -> bool:
    """Whether the "values" over a row of captions are a section's bar and the row under them their values.

    A bar is one heading over several captions (``PART I. SITE DATA`` over ``1. Site Number | 2. Site Name``); the
    row under holds a cell under each caption. A row of values with a blank left empty still holds a value, no
    heading (``WO238993`` over ``Work Order | Signature``).
    """
    if len(values) != 1 or len(caps) < 2 or len(under) != len(caps) or not is_label(values[0]):  # noqa: PLR2004
        return False
    return all(overlap(c, u) > 0 for c, u in zip(caps, under, strict=True))


def _labels_lead(lines: Sequence[Line], k: int, r: Reading) -> bool:
    """Whether the run of label rows and value rows that line ``k`` (values) is in starts with labels.

    Rows of small labels alternating with rows of values read either way, labels over their values (captions at
    a box's top, the value typed low in the box, near the next box's caption) or values over their captions
    (blanks named under their rules). The run's first row tells: a heading or a section's bar above it (one cell),
    then labels, and every label row is over its values; a row of values first, and the labels are under theirs.
    """
    for _ in range(MAX_RUN_ROWS):
        if k < 1 or lines[k - 1].page != lines[k].page or not _headed(cells(lines[k - 1], r), cells(lines[k], r)):
            return False
        if k < 2 or lines[k - 2].page != lines[k].page:  # noqa: PLR2004
            return True
        over = cells(lines[k - 2], r)
        if k < 3 or lines[k - 3].page != lines[k].page or not _headed(cells(lines[k - 3], r), over):  # noqa: PLR2004
            return len(over) == 1  # over the run's first label row a heading or a bar, not a row of values
        k -= 2
    return False


def _headed(heads: Sequence[Cell], values: Sequence[Cell]) -> bool:
    """Whether a row of values stands under a row of labels of its own, one over each value, printed smaller.

    A boxed form prints each caption at its box's top and the value typed low in the box, closer to the next
    row of captions than to its own: the labels over the values name them, not the labels under them.
    """
    if len(heads) < min(2, len(values)) or not values or not all(is_label(c) for c in heads):
        return False
    if not printed_smaller([w for c in heads for w in c], [w for v in values for w in v]):
        return False
    return all(any(overlap(v, c) > 0 for c in heads) for v in values)


def _caption_row(caps: Sequence[Cell], values: Sequence[Cell], above: Line, row: Line, below: Line | None) -> bool:
    small = [w for c in caps for w in c]
    h = max(1.0, height(small))
    gap = max(0.0, row.top - above.bottom)
    if gap > MAX_GAP * h or not all(is_label(c) for c in caps):
        return False
    gaps = below is None or below.top - row.bottom >= NEARER * max(gap, 0.25 * h)
    if not gaps and below is not None and below.top - row.top < NEARER_TOPS * (row.top - above.top):
        return False
    return printed_smaller(small, [w for v in values for w in v])


def _pair(caps: Sequence[Cell], values: Sequence[Cell], r: Reading) -> None:
    """Each caption with its value: in order when every blank is filled, else the nearest, each once.

    A caption may stand at the left of its blank, in its middle or at its right end (``US-OK-6318``
    typed at the rule's start, ``SITE #`` printed under its end), so a row of as many captions as
    values pairs them in order; with a blank left empty, the value nearest a caption is its.
    """
    if len(caps) == len(values):
        for cap, value in zip(caps, values, strict=True):
            r.add(cap, value, "caption", CAPTION_CONFIDENCE)
        return
    ranked = sorted(
        ((abs(_middle(c) - _middle(v)), ci, vi) for ci, c in enumerate(caps) for vi, v in enumerate(values))
    )
    taken_caps: set[int] = set()
    taken_values: set[int] = set()
    for _, ci, vi in ranked:
        if ci not in taken_caps and vi not in taken_values:
            r.add(caps[ci], values[vi], "caption", CAPTION_CONFIDENCE)
            taken_caps.add(ci)
            taken_values.add(vi)


def _middle(cell: Cell) -> float:
    return (cell[0].x0 + max(w.x1 for w in cell)) / 2
