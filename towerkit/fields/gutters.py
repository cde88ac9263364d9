"""A narrow gutter down a block of lines: labels set flush right against values set flush left.

``      Lessor Raj Kowalski`` over ``Licensee Northstar Inspection Company`` over ``AMEND. DT October
11, 2026``: the labels end at one x and the values start at another a space further on, line after
line. One line alone shows only word spaces; the block shows a column boundary, since the same
two edges recur on every line while the labels' left edges do not (they are set flush right). Each
such line is cut into segments there, so the reader sees label | value. A block of prose or a log
set flush left shares its left margin instead, and a table's columns are already cut at their wide
gaps: neither is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from towerkit.fields.layout import Line, Segment
from towerkit.models import Word

MIN_LINES = 3
"""Consecutive lines that must share the gutter: two could share word edges by chance."""
EDGE_CHARS = 0.6
"""Character widths two lines' edges may differ by and still be one edge (a scan's boxes jitter)."""
MAX_LINE_GAP = 2.5
"""Line heights between two lines beyond which they are not one block."""
RAGGED_CHARS = 2.0
"""Character widths by which the labels' left edges must spread: labels set flush right, not prose."""


def cut_at_gutters(lines: Sequence[Line]) -> list[Line]:
    """The lines, those of a block with a shared gutter cut into segments at it."""
    out = list(lines)
    i = 0
    while i < len(out):
        block = _block(out, i)
        cuts = _gutter(block)
        if cuts is not None:
            for k, (line, at) in enumerate(zip(block, cuts, strict=True)):
                out[i + k] = _cut(line, at)
        i += max(1, len(block) if cuts is not None else 1)
    return out


def _block(lines: Sequence[Line], i: int) -> list[Line]:
    """Lines i.. one after another on one page, each a single segment of two or more words."""
    block: list[Line] = []
    for line in lines[i:]:
        if len(line.segments) != 1 or len(line.words) < 2:  # noqa: PLR2004
            break
        if block:
            prev = block[-1]
            h = max(1.0, prev.bottom - prev.top)
            if line.page != prev.page or line.top - prev.bottom > MAX_LINE_GAP * h:
                break
        block.append(line)
    return block


def _cw(words: Sequence[Word]) -> float:
    return max(1.0, sum(w.x1 - w.x0 for w in words) / max(1, sum(len(w.text) for w in words)))


def _gutter(block: Sequence[Line]) -> list[int] | None:
    """For each line of the block, the index of the first value word after the shared gutter; None if none."""
    if len(block) < MIN_LINES:
        return None
    cw = _cw([w for line in block for w in line.words])
    tol = EDGE_CHARS * cw
    first = block[0].words
    for k in range(1, len(first)):
        end, start = first[k - 1].x1, first[k].x0
        cuts = [k]
        for line in block[1:]:
            at = next(
                (
                    j
                    for j in range(1, len(line.words))
                    if abs(line.words[j - 1].x1 - end) <= tol and abs(line.words[j].x0 - start) <= tol
                ),
                None,
            )
            if at is None:
                break
            cuts.append(at)
        if len(cuts) == len(block) and all(_worded(line.words[:at]) for line, at in zip(block, cuts, strict=True)):
            lefts = [line.words[0].x0 for line in block]
            if max(lefts) - min(lefts) >= RAGGED_CHARS * cw:
                return cuts
    return None


def _worded(words: Sequence[Word]) -> bool:
    """Whether words can be a label: some word of letters (``95`` over ``FT`` is a value, its spaces a chance)."""
    return any(sum(c.isalpha() for c in w.text) >= 2 for w in words)  # noqa: PLR2004


def _cut(line: Line, at: int) -> Line:
    """The line as two segments, its words before ``at`` and from it on."""
    left, right = line.words[:at], line.words[at:]
    return replace(line, segments=(Segment(line.page, line.index, 0, left), Segment(line.page, line.index, 1, right)))
