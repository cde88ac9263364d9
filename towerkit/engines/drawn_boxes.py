"""Checkboxes a PDF draws instead of printing: a stroked square, ticked by an X glyph, strokes or a fill.

A form generated as a PDF rarely types ``[X]``: it strokes a small square and, for the ticked option,
puts an ``X`` or a check mark glyph inside it, draws two crossing strokes, or fills it. The text
layer then holds only the options' words (``Building Eligible Facilities Request Zoning Variance``),
or a bare ``X`` that reads as part of the value (``Construction: X GUYED``). Each drawn box becomes a
word of its own, ``☒`` or ``☐``, at the box, and a tick glyph inside it is dropped: the layout reader
then reads the ticked option as it reads a printed ``[X]``. A box with any other character in it is a
comb field's (a date or a number one character a box), no checkbox. Pure: pdfplumber's objects come in
as plain boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from towerkit.models import Word

TICKED = "\u2612"
"""The word a ticked drawn box becomes (☒, one of the reader's ticked marks)."""
EMPTY = "\u2610"
"""The word an empty drawn box becomes (☐)."""
MIN_BOX_PT = 5.0
"""Smallest side of a checkbox: under it a square is a bullet or a table's hairline cell."""
MAX_BOX_PT = 16.0
"""Largest side: over it a square is a frame or a signature box."""
MAX_ASPECT = 1.3
"""How far from square a checkbox may be (long side over short)."""
TICK_GLYPHS = frozenset({"X", "x", "✓", "✔", "✗", "✘", "☓", "■", "●", "*", "V", "v", "/"})
"""What a PDF writes inside a box to tick it."""
OUTLINE_SLACK_PT = 1.0
"""How far past the box's outline a tick's strokes may reach (a cross drawn corner to corner)."""
INNER_FILL_SHARE = 0.9
"""Largest share of the box's side a dark square inside it has to be a tick, not the box drawn again."""
MIN_STROKE_SHARE = 0.4
"""Share of the box's side a stroke inside it spans to be a tick, not a speck of the outline."""


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn object's box in page points, and whether it is a stroked outline or a dark fill."""

    x0: float
    top: float
    x1: float
    bottom: float
    stroked: bool = True
    dark_fill: bool = False


def _is_box(r: Shape) -> bool:
    w, h = r.x1 - r.x0, r.bottom - r.top
    short, long = min(w, h), max(w, h)
    return r.stroked and short >= MIN_BOX_PT and long <= MAX_BOX_PT and long <= MAX_ASPECT * short


def _inside(x0: float, top: float, x1: float, bottom: float, box: Shape) -> bool:
    """Whether a box's centre lies inside ``box``."""
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom


def _within(s: Shape, box: Shape) -> bool:
    m = OUTLINE_SLACK_PT
    return s.x0 >= box.x0 - m and s.x1 <= box.x1 + m and s.top >= box.top - m and s.bottom <= box.bottom + m


def _stroke_ticks(s: Shape, box: Shape) -> bool:
    """A stroke across the box both ways (a cross's diagonal, a check mark), not one of its edges."""
    side = min(box.x1 - box.x0, box.bottom - box.top)
    wide, tall = s.x1 - s.x0, s.bottom - s.top
    return _within(s, box) and min(wide, tall) >= MIN_STROKE_SHARE * side


def _fill_ticks(r: Shape, box: Shape) -> bool:
    """A dark square filled inside the box, smaller than it (a box drawn twice is no tick)."""
    side = min(box.x1 - box.x0, box.bottom - box.top)
    extent = max(r.x1 - r.x0, r.bottom - r.top)
    inner = MIN_STROKE_SHARE * side <= extent <= INNER_FILL_SHARE * side
    return r.dark_fill and inner and _within(r, box)


def box_word(*, ticked: bool, page: int, x0: float, top: float, x1: float, bottom: float) -> Word:
    """A checkbox as the word the layout reader reads: ``☒`` or ``☐`` over the box, no OCR confidence."""
    return Word(TICKED if ticked else EMPTY, page, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2), None)


def with_drawn_boxes(words: Sequence[Word], rects: Sequence[Shape], strokes: Sequence[Shape], page: int) -> list[Word]:
    """The page's words with each drawn checkbox as a ``☒``/``☐`` word and the tick glyphs in boxes dropped."""
    boxes = [r for r in rects if _is_box(r)]
    if not boxes:
        return list(words)
    out = list(words)
    for box in boxes:
        inside = [w for w in out if _inside(w.x0, w.top, w.x1, w.bottom, box)]
        if any(w.text not in TICK_GLYPHS for w in inside):
            continue  # a character typed in a box of its own (a date one digit a box) is no checkbox
        glyphs = [w for w in inside if w.text in TICK_GLYPHS]
        marked = box.dark_fill or any(_stroke_ticks(s, box) for s in strokes) or any(_fill_ticks(r, box) for r in rects)
        for w in glyphs:
            out.remove(w)
        ticked = bool(glyphs) or marked
        out.append(box_word(ticked=ticked, page=page, x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom))
    return out
