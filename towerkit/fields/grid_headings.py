"""A heading row printed in two or more lines, read as one row of headings (``Promotion`` over ``Name``).

Each lower line's cells go with the heading above them; a heading's unit, sign or ``No.`` may take a line of
its own; a lower line set close under two headings is cut where they part. On a scan an upper line is cut where
a lower one starts under it, and a line off a heading's edges and centre is the next heading's, not its wrap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from towerkit.fields.cells import (
    CAPTION_SHARE,
    CAPTION_SHARE_OCR,
    MAX_LABEL_WORDS,
    char_width,
    height,
    printed_smaller,
    text_of,
)
from towerkit.fields.grid_cells import (
    ALIGN_CHARS,
    ROW_MAX_GAP,
    Cell,
    is_label,
    misread_heading,
    no_digits,
    overlap,
    speck_cell,
)
from towerkit.fields.layout import Line
from towerkit.models import Word

MAX_HEADING_LINES = 5
"""Lines one column heading wraps over at most (``ABOVE`` / ``GROUND`` / ``LEVEL`` / ``HEIGHT`` / ``(meters)``)."""
STACK_GAP = 0.5
"""Label heights between two lines of one heading (printed close, as wrapped text is)."""
SCAN_STACK_GAP = 0.75
"""The same on a scan, whose word boxes are their ink: the air between two lines of type looks wider."""


def stacked_heads(head: Line, nxt: Line, heads: Sequence[Cell], below: Sequence[Cell]) -> list[Cell] | None:
    """A heading row printed in two lines (``Promotion`` over ``Name``): the lower cells with the upper ones.

    Each lower cell takes the upper cell above it; a heading short enough for one line stands alone in either
    row (``Site Name`` beside ``Type of`` over ``Structure``). None unless both rows are labels (a lower cell
    may be the rest of a bracket: ``Latitude (NAD`` over ``83)``), close, and no cell of either row stands over
    two of the other. A heading's lines are printed alike: a lower line printed larger is the value under a caption
    (``TENANT/LESSEE`` over ``Redline Tower Company``), one printed smaller a caption under a section's bar. On a
    scan, whose boxes swell with specks, either line is smaller only if its letters are set narrower too (capitals
    over lower case: by height alone), and an upper line set narrower is a caption whatever its boxes' height.
    """
    units = all(_WRAPPED_UNIT.match(text_of(c)) for c in below)  # (FT) a line printer's pitch under: a row's gap
    gap = ROW_MAX_GAP if units else SCAN_STACK_GAP if head.words[0].conf is not None else STACK_GAP
    if (
        not below
        or nxt.page != head.page
        or (
            printed_smaller(upper := [w for c in heads for w in c], lower := [w for c in below for w in c], low=True)
            and (_capitals(upper) != _capitals(lower) or _set_narrower(upper, lower, share=CAPTION_SHARE))
        )
        or (upper[0].conf is not None and _set_narrower(upper, lower))
        or (printed_smaller(lower, upper, low=True) and _set_narrower(lower, upper))
        or nxt.top - head.bottom > gap * max(1.0, height(head.words))
    ):
        return None
    upper_of: dict[int, int] = {}
    scanned = lower[0].conf is not None
    if scanned:  # a scrap among the lower line's headings (``J``, a sign misread) is no heading's part
        below = [c for c in below if heading_part(c) or not speck_cell(c)] or below
        heads = [part for cell in heads for part in _cut_over(cell, below)]
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
    if not all(is_label(c) for c in alone) or not (
        all(is_label(c) or _cut_later(c) for c in out) or misread_heading(out)
    ):
        return None
    return sorted([*out, *alone], key=lambda c: c[0].x0)


def _cut_under(cell: Cell, heads: Sequence[Cell]) -> list[Cell]:
    """A lower heading line standing under two upper headings cut between its words where they part.

    On a scan two headings' second lines set close read as one cell (``Structure (NAD83)`` under ``Height of``
    and ``Latitude``); each word under exactly one upper heading tells where it belongs, a word past an upper
    heading's end the one before it does (``START DATE`` under ``LEASE``). Else left whole.
    """
    over = [[u for u, c in enumerate(heads) if overlap((w,), c) > 0] for w in cell]
    for k in range(1, len(over)):
        over[k] = over[k] or over[k - 1]  # a lower line wider than its upper: a word past it goes on its heading
    if len({tuple(o) for o in over}) < 2 or any(len(o) != 1 for o in over):  # noqa: PLR2004
        return [cell]
    parts: list[list[Word]] = []
    for k, w in enumerate(cell):
        if k == 0 or over[k] != over[k - 1]:
            parts.append([])
        parts[-1].append(w)
    return [tuple(p) for p in parts]


def _set_narrower(words: Sequence[Word], than: Sequence[Word], *, share: float = CAPTION_SHARE_OCR) -> bool:
    """Whether words are set narrower per letter than others (under ``share`` of it): asked only on a scan.

    Smaller print is set narrower. A scan's ink boxes take in specks and rules and stand tall or short by a third
    (``Tae``, a speck read as letters, a quarter of the print high); the width a word's letters take along its line
    is steadier. A text layer's heights are the fonts': no second look. Alone, a pitch under ``CAPTION_SHARE_OCR``
    of the other's says smaller; agreeing with a smaller box height, one under ``CAPTION_SHARE`` does.
    """
    if words[0].conf is None:
        return True
    return _pitch(words) < share * _pitch(than)


def _pitch(words: Sequence[Word]) -> float:
    """The middle width per letter of words of three letters or more (a speck's box says nothing)."""
    ws = sorted((w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 3) or [1.0]  # noqa: PLR2004
    return ws[len(ws) // 2]


def _capitals(words: Sequence[Word]) -> bool:
    """Whether words are set in capitals, whose letters are wider than lower case's: no pitch to compare across."""
    letters = [c for w in words for c in w.text if c.isalpha()]
    return sum(c.isupper() for c in letters) * 2 > len(letters)


def _cut_over(cell: Cell, below: Sequence[Cell]) -> list[Cell]:
    """An upper heading line over two lower ones cut before each of its words flush with a lower one's left edge.

    On a scan two headings set close read as one cell (``OWNER SITE CONTACT`` over ``ID`` and ``PHONE``): a
    column's heading lines start at one edge, so the word standing where the next lower cell starts begins the
    next heading. Left whole unless every part reads as a label.
    """
    starts = [c[0].x0 for c in below if cell[0].x1 < c[0].x0 < cell[-1].x1]
    tol = ALIGN_CHARS * char_width(cell)
    cuts = [k for k, w in enumerate(cell) if k > 0 and any(abs(w.x0 - x) <= tol for x in starts)]
    if not cuts:
        return [cell]
    parts = [cell[a:b] for a, b in zip([0, *cuts], [*cuts, len(cell)], strict=True)]
    return parts if all(is_label(p) for p in parts) else [cell]


def _cut_later(cell: Cell) -> bool:
    """Whether a heading too long for one label is several set close on a text layer, which ``_split_heads`` cuts.

    ``SITE REF. NO. COMMON NAME PERFORMED BY`` over ``OF SITE``: three headings, the middle one in two lines.
    """
    return cell[0].conf is None and len(cell) > MAX_LABEL_WORDS and no_digits(cell)


def _aligned(upper: Cell, lower: Cell) -> bool:
    """Whether a heading's next line starts, ends or centres under its first, as wrapped text is set.

    Asked of a scan only: there two headings set close read as one cell and are not cut again by the values'
    columns (``_split_heads``); ``_cut_over`` cuts it where a lower line starts, and a lower line still standing
    off a cell's edges and centre is another heading's, not a wrap. A text layer's cell is cut later.
    """
    if lower[0].conf is None:
        return True
    a0, a1, b0, b1 = upper[0].x0, max(w.x1 for w in upper), lower[0].x0, max(w.x1 for w in lower)
    tol = ALIGN_LINES_CHARS * char_width(lower)  # one line: the upper cell may be several
    return min(abs(a0 - b0), abs(a1 - b1), abs((a0 + a1) - (b0 + b1)) / 2) <= tol


ALIGN_LINES_CHARS = 2.0
"""Character widths by which two lines of one heading may stand off each other's edge or centre."""


def heading_part(cell: Cell) -> bool:
    """A heading's words, or its unit, sign, ``No.`` or ``ID`` on a line of its own (``(USD)``, ``[ft]``, ``#``)."""
    return is_label(cell) or bool(_WRAPPED_UNIT.match(text_of(cell)))


_WRAPPED_UNIT = re.compile(r"^(?:[(\[{][^(){}\[\]]{1,12}[)\]}]|[#%$]|(?i:no|nr|nbr)\.?|ID)$")  # { }: a scan's ( )


def _closes(upper: Cell, lower: Cell) -> bool:
    """Whether a heading's next line closes the bracket its first line left open (``Latitude (NAD`` / ``83)``)."""
    a, b = text_of(upper), text_of(lower)
    return a.count("(") > a.count(")") and b.count(")") > b.count("(")
