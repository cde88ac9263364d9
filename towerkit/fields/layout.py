"""Lines and segments from positioned words (the fuzzy label search over them is ``label_search``).

Words become lines by vertical overlap (robust to OCR baselines wobbling a few points), lines
become segments at gaps wider than about 1.6 characters: a label and its value in separate
columns, or the cells of a grid, end up in separate segments, while ``Site ID: TX-0147`` with
one space stays one segment. All positions are PDF points, so thresholds hold on every route.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from towerkit.fields.cells import ITEM_NUMBER
from towerkit.fields.pitch import evenly_spaced, pitch
from towerkit.models import Word

SKEW_MAX_GAP = 40
"""Points between neighbouring words beyond which their slope says nothing about the skew."""
SKEW_MIN_PAIRS = 3
"""Word pairs needed before a median slope counts as the page's skew."""
SKEW_MIN, SKEW_MAX = 0.002, 0.2
"""Slopes (dy/dx) counted as skew: below, the page is straight; above, the words are not one line."""
TALL_WORD = 4.0
"""Times a scanned page's median word height beyond which a word is taller than any line it stands on."""


@dataclass(frozen=True, slots=True)
class Segment:
    """Words of one line close enough together to be one cell, label or value."""

    page: int
    line: int
    index: int
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        """Left edge (the first word's)."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge."""
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        """Top edge (PDF points from the page top)."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Line:
    """Words of one page sharing a baseline, left to right, cut into segments at wide gaps."""

    page: int
    index: int
    words: tuple[Word, ...]
    segments: tuple[Segment, ...]

    @property
    def top(self) -> float:
        """Top edge (PDF points from the page top)."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return max(w.bottom for w in self.words)


def _char_w(w: Word) -> float:
    return max(1.0, (w.x1 - w.x0) / max(1, len(w.text)))


def build_lines(words: Iterable[Word]) -> list[Line]:
    """Group words into lines (per page, top to bottom) and split each line into segments."""
    by_page: dict[int, list[Word]] = {}
    for word in words:
        for w in split_glued(word):
            if w.text and w.text.strip() and w.x1 >= w.x0 and w.bottom >= w.top:
                by_page.setdefault(w.page, []).append(w)
    lines: list[Line] = []
    for page in sorted(by_page):
        pw = by_page[page]
        slope = _skew(pw)
        adj = [(w.top - slope * (w.x0 + w.x1) / 2, w.bottom - slope * (w.x0 + w.x1) / 2, w) for w in pw]
        tall = _tall(pw)
        rows = _rows([a for a in adj if id(a[2]) not in tall])
        for placed in (a for a in adj if id(a[2]) in tall):
            _place(rows, placed)
        rows.sort(key=lambda row: ((row[0][0] + row[0][1]) / 2, row[0][2].x0))
        for row in rows:
            ws = tuple(sorted((x[2] for x in row), key=lambda w: w.x0))
            idx = len(lines)
            lines.append(Line(page, idx, ws, _segments(page, idx, ws)))
    return lines


_Placed = tuple[float, float, Word]
"""A word with its top and bottom levelled by the page's skew."""


def _rows(placed: Sequence[_Placed]) -> list[list[_Placed]]:
    """Words grouped into rows by vertical overlap, taken top to bottom by their middles."""
    rows: list[list[_Placed]] = []
    for t, b, w in sorted(placed, key=lambda a: ((a[0] + a[1]) / 2, a[2].x0)):
        h = max(1.0, b - t)
        if rows:
            row = rows[-1]
            rt, rb = min(x[0] for x in row), max(x[1] for x in row)
            rh = max(1.0, min(rb - rt, 3 * h))
            overlap = min(rb, b) - max(rt, t)
            if overlap >= 0.5 * min(h, rh):
                row.append((t, b, w))
                continue
        rows.append([(t, b, w)])
    return rows


def _tall(words: Sequence[Word]) -> set[int]:
    """The scanned words (by id) several lines tall: a signature's scrawl, a stamp, a number set sideways.

    Tesseract boxes each as one word. Grouped like the others, one such box spans the lines it
    crosses and joins them into one (``Submitted By:`` and ``Approved By:`` beside one signature
    became ``Submitted Approved By: By:``). Text layers keep their print sizes: a title is a line.
    """
    if not words or words[0].conf is None:
        return set()
    typical = float(np.median([w.bottom - w.top for w in words]))
    return {id(w) for w in words if w.bottom - w.top > TALL_WORD * typical}


def _place(rows: list[list[_Placed]], tall: _Placed) -> None:
    """Put a tall word on the row it overlaps, or of several the one its middle is in; else on its own."""
    t, b, _ = tall
    spans = [(min(x[0] for x in r), max(x[1] for x in r), r) for r in rows]
    over = [(rt, rb, r) for rt, rb, r in spans if min(b, rb) - max(t, rt) >= 0.5 * min(b - t, rb - rt)]
    if len(over) > 1:
        middle = (t + b) / 2
        holding = [(rt, rb, r) for rt, rb, r in over if rt <= middle <= rb]
        over = sorted(holding, key=lambda s: abs(middle - (s[0] + s[1]) / 2))
    if over:
        over[0][2].append(tall)
    else:
        rows.append([tall])


def _skew(words: Sequence[Word]) -> float:
    """Median slope (dy/dx) between neighbouring words in reading order: a scan's skew, 0 for text layers."""
    slopes = []
    for a, b in pairwise(words):
        dx = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2
        h = max(1.0, a.bottom - a.top)
        if 0 < b.x0 - a.x1 < SKEW_MAX_GAP and dx > 0 and abs(b.top - a.top) < h:
            slopes.append(((b.top + b.bottom) - (a.top + a.bottom)) / 2 / dx)
    if len(slopes) < SKEW_MIN_PAIRS:
        return 0.0
    slopes.sort()
    m = slopes[len(slopes) // 2]
    return m if SKEW_MIN < abs(m) < SKEW_MAX else 0.0


_GLUED = re.compile(r"^([A-Za-z][A-Za-z.)]+:)(\S.*)$")


_BLANK_GLUED = re.compile(
    r"^([^\w\s]{0,2}[A-Za-z]{2}[A-Za-z.)]*?)(?:(-?_{2,}-?|-_|_-)|(\.{3,})(?=[^\s_.]))([^\s_.].*)?$"
)
"""A label, the blank line after it and the entry typed on it, read as one word (``Speaker___Dr. Jones``)."""
_RULE_EDGE = re.compile(r"^(_+)([^\W_].*)$|^(.*[^\W_][.)]?)(_+)$")
"""A fill-in rule's underscores run into the entry typed on it or the label before it (``__Sister``, ``Position_``)."""


def split_glued(w: Word) -> tuple[Word, ...]:
    """Split an OCR word that glued a label to its value.

    At the colon (``Height:300``), or around the blank's underscores or dots that ran into both
    (``Topic__Sister``, ``Affiliation....Univ.``); dots end nothing (``etc...``) unless a value follows.
    """
    m = _GLUED.match(w.text) or _BLANK_GLUED.match(w.text) or _RULE_EDGE.match(w.text)
    if m is None:
        return (w,)
    return cut_word(w, [m.span(g) for g in range(1, len(m.groups()) + 1) if m[g]])


def cut_word(w: Word, spans: Sequence[tuple[int, int]]) -> tuple[Word, ...]:
    """The pieces of a word at these character spans, each boxed by its share of the word's width.

    A word's box is known, its characters' are not: evenly spaced is the best guess.
    """
    per = (w.x1 - w.x0) / max(1, len(w.text))
    return tuple(Word(w.text[a:b], w.page, w.x0 + per * a, w.top, w.x0 + per * b, w.bottom, w.conf) for a, b in spans)


PITCH_SPACES = 1.5
"""Pitches a gap between two words of a typed line must span to set them in two cells: a typed space's ink
gap spans 1.0-1.4 (``J. F. Anders``), a printed label's gap to the value typed after it 1.6 (``DATE  April``)."""
QUALIFIER_MAX_GAP = 3.0
"""Character widths within which a qualifier after a label is still the label's: a scan's box is its
ink, and the narrow ink of ``(`` or ``#`` makes a word space look wide (``Lat. (NAD 83)``, ``SITE #``)."""
_QUALIFIER = re.compile(r"^(?:\([A-Za-z%$]|#$)")


def _segments(page: int, line: int, words: Sequence[Word]) -> tuple[Segment, ...]:
    groups: list[list[Word]] = [[words[0]]]
    step = pitch(words)
    # a text layer's gaps are the spaces typeset, a label's set wider than any: only a scan's are in doubt
    even = words[0].conf is not None and evenly_spaced(words, step or float(np.median([_char_w(w) for w in words])))
    for prev, w in pairwise(words):
        gap = w.x0 - prev.x1
        cw = (_char_w(prev) + _char_w(w)) / 2
        wide = not even and gap > max(PITCH_SPACES * step if step else 1.6 * cw, 5.0)
        close = gap < QUALIFIER_MAX_GAP * cw
        # a form's item number, set off from its caption by the box's padding, is no cell of its own
        numbered = len(groups[-1]) == 1 and ITEM_NUMBER.match(prev.text) is not None and w.text[:1].isalpha()
        if (wide and not ((_QUALIFIER.match(w.text) or numbered) and close)) or prev.text == "|":
            groups.append([w])
        else:
            groups[-1].append(w)
    return tuple(Segment(page, line, i, tuple(g)) for i, g in enumerate(groups))
