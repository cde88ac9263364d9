"""A scan's dot leaders found on the page image, painted over, and the page read again without them.

Why: Tesseract reads a row of leader dots (``Tower ID ..........  US-MI-5193``) as part of the
text line, and its recogniser then garbles the label the dots run from or loses the value they run
to: dot-leader scans came back ``Study NUMDEDS``, ``Work OFder``, ``amst,`` for ``AMSL``, or a
label with no value. The same page with its leaders painted over as paper reads the labels and the
values, a wide gap between them on one line (which the layout reader pairs as it pairs any gap).

How a leader is found, on the image, line by line (a line: the band around a baseline of the
words Tesseract returned): each pixel column of the band is blank, a *dot* column (ink no taller
than a dot, in the line's lower half), or anything else (a glyph: a letter, a digit, an underscore
rule). A leader is a stretch of blank and dot columns holding at least ``MIN_DOTS`` dots set at one
pitch, no gap wider than two word heights between two of them, and ``MIN_WIDTH`` word heights wide;
a noisy scan's specks are too small to count and fall at no pitch. Those columns of the band hold
nothing but dots, so painting them white takes nothing else. The words Tesseract returned do not
matter here: it reads dots as ``.....``, as letter soup (``ccceccseenee``), glued to a label
(``ID......``), or not at all.

Cost: a pass over each line's band (numpy), and one more Tesseract pass on a page with
``MIN_LEADERS`` leaders: a dot-leader form, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from towerkit.models import Word

INK = 128
"""A pixel darker than this is ink (the page's grain is white already, ``paper``)."""
ABOVE, BELOW = 0.8, 0.4
"""A line's band, in word heights above and below a word's bottom edge."""
DOT_TALL = 0.3
"""A dot's ink spans at most this share of the word height (one dot 0.15-0.2; a lower-case letter half)."""
DOT_WIDE = 0.4
"""... and a dot is at most this wide: a longer low mark is an underscore rule, kept."""
DOT_MIN = 0.1
"""... and at least this wide: a narrower mark is a speck of the scan, neither a dot nor a glyph."""
PITCH_SLACK = 0.3
"""A leader's dots are set at one pitch: a pitch within this share of the median one is on it."""
REGULAR_SHARE = 0.75
"""Share of a leader's pitches that must be on its pitch (a speck among the dots, or one lost, is not)."""
DOT_LOW = 0.5
"""A dot's top lies in the lower half of the word height above the line's bottom (a row of hyphens is a
leader too; quotes and a rule over the line are not)."""
MAX_DOT_GAP = 2.0
"""Word heights of blank between two dots of one leader at most: leaders set dots a third of a word height
to one and a half apart."""
MIN_DOTS = 6
"""Dots a leader has at least: an ellipsis has three."""
MIN_WIDTH = 2.5
"""Word heights a leader spans at least."""
DOT_BELOW = 0.15
"""A dot ends no lower than this many word heights under its words' bottom edge (a descender's): lower, it is
the top of a tall letter on the next line."""
MIN_LEADERS = 3
"""Leaders a page must have to be read again: a form's rows, not a stray dotted rule."""
MIN_ALNUM = 3
"""Letters or digits a word needs to count towards the page's word height."""
TALL_QUANTILE = 0.9
"""The quantile of word heights that stands for the page's tallest words (a heading's may be taller)."""
PAD_PX = 1
"""Columns painted beyond a leader's first and last dot, for their soft edges."""

Box = tuple[int, int, int, int]


def find_leaders(gray: Image.Image, words: Sequence[Word], scale: float) -> list[Box]:
    """Pixel boxes of the page's dot leaders, if it has ``MIN_LEADERS`` (else none); ``scale``: points a pixel."""
    h = word_height(words) / scale
    if not h:
        return []
    ink = np.asarray(gray.convert("L")) < INK
    found: list[Box] = []
    for bottom in _baselines([w.bottom / scale for w in words], h):
        top, low = max(0, round(bottom - ABOVE * h)), min(ink.shape[0], round(bottom + BELOW * h))
        if low - top < 2:  # noqa: PLR2004
            continue
        found.extend((x0, top, x1, low) for x0, x1 in leader_spans(ink[top:low], bottom - top, h))
    return found if len(found) >= MIN_LEADERS else []


def word_height(words: Sequence[Word]) -> float:
    """The page's word height: the median of its words', leaving out the low ones. Pure.

    Tesseract returns a row of dots as words too (``eee``, ``cencce``), as many as the real words on a
    dot-leader form, and a fifth as tall; only words at least half the tallest tenth's height count.
    """
    heights = sorted(w.bottom - w.top for w in words if sum(c.isalnum() for c in w.text) >= MIN_ALNUM)
    if not heights:
        return 0.0
    tall = heights[int(TALL_QUANTILE * (len(heights) - 1))]
    return median(x for x in heights if x >= tall / 2)


def _baselines(bottoms: Sequence[float], h: float) -> list[float]:
    """Word bottoms less those within a third of a word height of one kept: one band per line."""
    kept: list[float] = []
    for b in sorted(bottoms):
        if not kept or b - kept[-1] > h / 3:
            kept.append(b)
    return kept


def leader_spans(band: npt.NDArray[np.bool_], base: float, h: float) -> list[tuple[int, int]]:
    """Column spans of ``band`` (a line's ink, its words' bottom at row ``base``) that are dot leaders. Pure."""
    has: npt.NDArray[np.bool_] = np.asarray(band.any(axis=0))
    first = band.argmax(axis=0)
    last = band.shape[0] - 1 - band[::-1].argmax(axis=0)
    inside = (first > 0) & (last < band.shape[0] - 1) & (last <= base + DOT_BELOW * h)  # on the line, not a glyph's tip
    low = has & inside & (last - first + 1 <= DOT_TALL * h) & (first >= base - DOT_LOW * h)
    runs = _runs(low)
    dots = [(a, b) for a, b in runs if DOT_MIN * h <= b - a <= DOT_WIDE * h]
    glyph = has.copy()
    for a, b in runs:
        glyph[a:b] = b - a > DOT_WIDE * h  # a speck is no glyph, and no dot either
    spans: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(dots) + 1):
        gap = (dots[k - 1][1], dots[k][0]) if k < len(dots) else (0, 0)
        if k == len(dots) or gap[1] - gap[0] > MAX_DOT_GAP * h or glyph[gap[0] : gap[1]].any():
            chain = dots[start:k]
            if len(chain) >= MIN_DOTS and chain[-1][1] - chain[0][0] >= MIN_WIDTH * h and _regular(chain):
                spans.append((max(0, chain[0][0] - PAD_PX), min(band.shape[1], chain[-1][1] + PAD_PX)))
            start = k
    return spans


def _regular(dots: Sequence[tuple[int, int]]) -> bool:
    """Whether the dots are set at one pitch, as a leader's are (specks of a noisy scan are not)."""
    pitches = [b[0] - a[0] for a, b in pairwise(dots)]
    pitch = median(pitches)
    return sum(abs(p - pitch) <= PITCH_SLACK * pitch for p in pitches) >= REGULAR_SHARE * len(pitches)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of True in ``mask``, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def without_leaders(gray: Image.Image, boxes: Sequence[Box]) -> Image.Image:
    """A copy of ``gray`` with each box painted as paper."""
    clean = gray.copy()
    draw = ImageDraw.Draw(clean)
    white = 1 if clean.mode == "1" else 255
    for x0, top, x1, bottom in boxes:
        draw.rectangle((x0, top, x1 - 1, bottom - 1), fill=white)
    return clean
