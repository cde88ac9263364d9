"""Headers underlined by dash runs (fixed-width logs and reports), and the pass over a page's grids.

A header row underlined by runs of dashes fixes its columns by the dashes, and every row under it is
one record, to a gap, a rule or the next underlined header. A heading may take a second line over the
dashes, its unit (``RENT/MONTH`` over ``(USD)``), as line-printer reports set them.
"""

from __future__ import annotations

import re

from towerkit.fields.cells import height
from towerkit.fields.grid_cells import ROW_MAX_GAP, Cell, assign, cells
from towerkit.fields.grid_headings import MAX_HEADING_LINES, heading_part
from towerkit.fields.layout import Line
from towerkit.fields.reader_grid import read_grid
from towerkit.fields.reading import Reading
from towerkit.models import PairKind

RULED_CONFIDENCE = 0.9
"""A header underlined by dash runs: the columns are drawn, not guessed."""
MAX_RECORD_ROWS = 200
"""Rows under one dashed header read as records at most: a log's page."""

_RULE = re.compile(r"^[-_=~]{3,}$")


def read_grids(r: Reading) -> None:
    """Every header row and label row paired with the rows under it."""
    lines = r.lines
    i = 0
    while i < len(lines) - 1:
        i = _ruled(i, r) or read_grid(i, r) or i + 1


def _is_rule(line: Line) -> bool:
    return all(_RULE.match(w.text) for w in line.words)


def _ruled(i: int, r: Reading) -> int | None:
    """A header row underlined by dash runs: every row under it, to a gap or rule, is a record."""
    lines = r.lines
    found = _underlined(i, r)
    if found is None:
        return None
    heads, rule = found
    spans = [(w.x0, w.x1) for w in rule.words]
    kind: PairKind = "export" if r.export else "header_row"
    r.take(rule.words)
    j = rule.index + 1
    h = max(1.0, height(lines[i].words))
    prev = rule
    while j < len(lines) and j - i < MAX_RECORD_ROWS:
        row = lines[j]
        if row.page != rule.page or _is_rule(row) or row.top - prev.bottom > ROW_MAX_GAP * h:
            break
        if _underlined(j, r) is not None or _over_rule(j, r):
            break  # the next table's header, or a section's heading, underlined in its turn
        for head_cell, ws in zip(heads, assign(cells(row, r), spans), strict=True):
            if ws:
                r.add(head_cell, ws, kind, RULED_CONFIDENCE)
        prev = row
        j += 1
    return j


def _over_rule(j: int, r: Reading) -> bool:
    """Whether line j is a heading underlined by a rule of its own (``REMARKS`` over ``-------``), no record."""
    lines = r.lines
    return (
        j + 1 < len(lines)
        and lines[j + 1].page == lines[j].page
        and _is_rule(lines[j + 1])
        and all(map(heading_part, cells(lines[j], r)))
    )


def _underlined(i: int, r: Reading) -> tuple[list[Cell], Line] | None:
    """(heading per column, rule) when line i heads columns underlined by dash runs, else None.

    A heading may take a second line over its rule, its unit (``RENT/MONTH`` over ``(USD)``), as
    fixed-width reports print them: each column's words are those over its dashes, in line order.
    """
    lines = r.lines
    k = next((k for k in range(i + 1, min(len(lines), i + MAX_HEADING_LINES)) if _is_rule(lines[k])), None)
    if k is None or any(ln.page != lines[k].page for ln in lines[i:k]):
        return None
    rule = lines[k]
    columns = 1 if r.export else 2  # an export underlines a lone field; in a PDF that is a title
    if len(rule.words) < columns or r.free(rule.words) != rule.words:
        return None
    spans = [(w.x0, w.x1) for w in rule.words]
    if k == i + 1:
        heads = cells(lines[i], r)
        return (heads, rule) if len(heads) >= columns and len(heads) == len(spans) else None
    if any(not cells(ln, r) for ln in lines[i:k]):
        return None  # a rule of stars between a title and the headings: the title heads no column
    parts = [c for ln in lines[i:k] for c in cells(ln, r)]
    words = [w for c in parts for w in c]
    heads = [tuple(w for w in words if w.x0 < hi and w.x1 > lo) for lo, hi in spans]
    if not all(map(heading_part, parts)) or sum(map(len, heads)) != len(words) or not all(heads):
        return None  # a record over the next header, or a word over no column: not one header
    return heads, rule
