"""A scan's dot leaders found on the page image, painted over, and the page read again without them.

Why: Tesseract reads a row of leader dots (``Tower ID ..........  US-MI-5193``) as part of the
text line, and its recogniser then garbles the label the dots run from or loses the value they run
to: dot-leader scans came back ``Study NUMDEDS``, ``Work OFder``, ``amst,`` for ``AMSL``, or a
label with no value. The same page with its leaders painted over as paper reads the labels and the
values, a wide gap between them on one line (which the layout reader pairs as it pairs any gap).

How a leader is found, on the image, line by line (a line: the band around a baseline of the
words Tesseract returned; on a page scanned askew the band slopes as the lines do, ``tilt``, measured
from the words Tesseract read surely): each pixel column of the band is blank, a *dot* column (ink no taller
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
SPECK_NEIGHBOURS = 2
"""Ink pixels an ink pixel touches at least to be print, not grain (a lone pixel or a pair is grain)."""
LEVEL_DRIFT = 0.15
"""Word heights a line may drop across the page and still be searched as a level strip of rows."""
DESCENDERS = frozenset("gjpqy,;()[]{}|/")
"""Glyphs that reach below the baseline: a word with one says nothing of where its line's baseline is."""
TILT_CONF = 60.0
"""Confidence of the words whose bottoms mark a baseline: dots read as letters score under 30."""
MAX_TILT_ASPECT = 8.0
"""Widths of its own height a word spans at most to mark where its line's baseline is."""
MIN_TILT_WORDS = 2
"""Words of a line that sit on its baseline for the line to count towards the slope."""
MIN_TILT_LINES = 3
"""Lines that give a slope before the page's is taken from them."""

Box = tuple[tuple[int, int], ...]
"""A leader's outline in pixels: four corners, a parallelogram on a page scanned askew."""


def find_leaders(gray: Image.Image, words: Sequence[Word], scale: float) -> list[Box]:
    """Pixel outlines of the page's dot leaders, if it has ``MIN_LEADERS`` (else none); ``scale``: points a pixel.

    On a page scanned askew each line's band follows the line's slope (``tilt``): a leader across the
    page drops a word height or more at 1.5 degrees, and a level band kept only the dots at one end.
    """
    h = word_height(words) / scale
    if not h:
        return []
    ink = np.asarray(gray.convert("L")) < INK
    t = tilt(words, scale)
    if abs(t) * ink.shape[1] < LEVEL_DRIFT * h:
        return _level_leaders(ink, words, scale, h)
    pad = round(abs(t) * ink.shape[1] + (ABOVE + BELOW) * h) + 2
    padded = np.pad(ink, ((pad, pad), (0, 0)))
    columns = np.arange(ink.shape[1])
    found: list[Box] = []
    for base in _baselines([(w.bottom - t * (w.x0 + w.x1) / 2) / scale for w in words], h):
        tops = np.rint(base + t * columns - ABOVE * h).astype(int)
        rows = round(base + BELOW * h) - round(base - ABOVE * h)
        band = padded[tops[None, :] + pad + np.arange(rows)[:, None], columns[None, :]]
        for x0, x1 in leader_spans(band, base - round(base - ABOVE * h), h):
            a, b = int(tops[x0]), int(tops[x1 - 1])
            found.append(((x0, a), (x1 - 1, b), (x1 - 1, b + rows - 1), (x0, a + rows - 1)))
    return found if len(found) >= MIN_LEADERS else []


def _level_leaders(ink: npt.NDArray[np.bool_], words: Sequence[Word], scale: float, h: float) -> list[Box]:
    """``find_leaders`` on a page scanned level: each line's band is a strip of whole rows."""
    found: list[Box] = []
    for bottom in _baselines([w.bottom / scale for w in words], h):
        top, low = max(0, round(bottom - ABOVE * h)), min(ink.shape[0], round(bottom + BELOW * h))
        if low - top < 2:  # noqa: PLR2004
            continue
        found.extend(
            ((x0, top), (x1 - 1, top), (x1 - 1, low - 1), (x0, low - 1))
            for x0, x1 in leader_spans(ink[top:low], bottom - top, h)
        )
    return found if len(found) >= MIN_LEADERS else []


def tilt(words: Sequence[Word], scale: float) -> float:
    """The page's skew: how far a text line's baseline drops per pixel across (0.0 if unknown). Pure.

    Tesseract returns a line's words in order, left to right, and the bottoms of those that sit on
    the baseline (``_on_baseline``) drop with the page's slope. One least-squares slope is fitted
    through every line at once, each line about its own mean: a line of two words says little alone.
    """
    sxx = sxy = 0.0
    lines = 0
    line: list[Word] = []
    for w in [*words, None]:
        if line and (w is None or w.x0 < line[-1].x1 or abs(_middle(w) - _middle(line[-1])) > _tall(line[-1]) / 2):
            on = [x for x in line if _on_baseline(x)]
            if len(on) >= MIN_TILT_WORDS:
                xs = np.array([(x.x0 + x.x1) / 2 / scale for x in on])
                ys = np.array([x.bottom / scale for x in on])
                sxx += float(((xs - xs.mean()) ** 2).sum())
                sxy += float(((xs - xs.mean()) * (ys - ys.mean())).sum())
                lines += 1
            line = []
        if w is not None:
            line.append(w)
    return sxy / sxx if lines >= MIN_TILT_LINES and sxx > 0 else 0.0


def _on_baseline(w: Word) -> bool:
    """A word whose box bottom is its baseline where it stands.

    Read surely (dots read as letters are not), with no descender, and not long enough for the slope
    to lower one end.
    """
    return (w.conf or 0.0) >= TILT_CONF and not DESCENDERS & set(w.text) and w.x1 - w.x0 <= MAX_TILT_ASPECT * _tall(w)


def _middle(w: Word) -> float:
    return (w.top + w.bottom) / 2


def _tall(w: Word) -> float:
    return max(w.bottom - w.top, 1e-6)


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
    """Column spans of ``band`` (a line's ink, its words' bottom at row ``base``) that are dot leaders. Pure.

    The band's specks go first (``_despeckled``): one under a dot made its column as tall as a letter.
    """
    band = _despeckled(band)
    has: npt.NDArray[np.bool_] = np.asarray(band.any(axis=0))
    first = band.argmax(axis=0)
    last = band.shape[0] - 1 - band[::-1].argmax(axis=0)
    inside = (first > 0) & (last < band.shape[0] - 1) & (last <= base + DOT_BELOW * h)  # on the line, not a glyph's tip
    low = has & inside & (last - first + 1 <= DOT_TALL * h) & (first >= base - DOT_LOW * h)
    runs = _runs(low)
    dots = [(a, b) for a, b in runs if DOT_MIN * h <= b - a <= DOT_WIDE * h]
    glyph = has.copy()
    for a, b in _runs(has & (last - first + 1 <= DOT_TALL * h)):
        glyph[a:b] = b - a >= DOT_MIN * h  # a speck anywhere in the band is no glyph
    for a, b in runs:
        glyph[a:b] = b - a > DOT_WIDE * h  # ... and no dot either
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


def _despeckled(band: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """``band`` without ink pixels that touch fewer than ``SPECK_NEIGHBOURS`` others: a scan's grain. Pure.

    A printed dot is two pixels across at 100 dpi, and each of its pixels touches three others.
    """
    p = np.pad(band, 1).astype(np.int8)
    rows, cols = band.shape
    touching = (
        sum(p[1 + dy : 1 + dy + rows, 1 + dx : 1 + dx + cols] for dy in (-1, 0, 1) for dx in (-1, 0, 1)) - p[1:-1, 1:-1]
    )
    return band & (touching >= SPECK_NEIGHBOURS)


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
    for corners in boxes:
        draw.polygon(corners, fill=white)
    return clean
