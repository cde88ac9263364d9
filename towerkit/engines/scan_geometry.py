"""How large the text on a scanned page is, in pixels, measured from the page itself (numpy, no SciPy).

Why: a scan without DPI metadata says nothing about its resolution, and guessing (the old 300 dpi)
misleads both the point boxes and Tesseract, which reads best when a line of text is a few dozen
pixels tall. Fax-quality forms (~100 dpi) have characters 6-9 px tall: upscaling them 2-3x with
Lanczos before OCR recovers far more words (``benchmarks/ocr_recall.py``).

Measure: the page is binarised (Otsu), its 8-connected ink components found from row runs (a
vectorised union-find: no SciPy), and the median height of the *character-like* ones taken: not
specks, not rules or box borders, not blobs. Pages over ``MAX_MEASURE_PIXELS`` are measured on a
2x/3x/... box-reduced copy (Pillow's ``reduce``: 2 ms where numpy took 33) and the height scaled
back; small text then still spans several pixels. ~10 ms a page. ``None`` when fewer than
``MIN_COMPONENTS`` characters are found, or ink covers too much of the page (a blank, a photo).

The resolution estimate divides that height by ``CHAR_HEIGHT_PT``, the median character height
of ordinary 10-11 pt print in points (x-height letters, capitals and ascenders mixed): an
*estimate*, always reported as one.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PIL import Image

MAX_MEASURE_PIXELS = 1_000_000
"""Larger pages are measured on a downsampled copy (a 300 dpi letter page is 8.4 M pixels)."""
MIN_COMPONENTS = 30
MIN_CHAR_PX = 3
"""Components shorter than this (at the measured scale) are specks or rules, not characters."""
SCREEN_DOT_PX = 4
"""Tallest a shaded cell's screen dot is, in the scan's own pixels (downsampled to measure, dots blur to grey)."""
SCREEN_RATIO = 2.0
"""Letters over a shaded (half-toned) cell: the screen's dots are the commoner components, the letters at
least this many times taller. Small print's letters grade upwards from the median, not in a second band."""
MAX_ASPECT = 3.0
"""A character is at most this many times wider than tall (merged pairs included)."""
MAX_INK_SHARE = 0.3
"""A page inked over more than this share is a photo, noise or a negative, not printed text."""
MIN_FILL = 0.1
"""Share of its box a character inks at least: a box border's outline inks far less."""
MAX_FILL = 0.95
"""... and at most: a solid block is not a glyph."""
CHAR_HEIGHT_PT = 5.6
"""Median ink height of a character of 10-11 pt body text, in points (DejaVu/Times/Helvetica mixes)."""

BoolImage = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def ink_mask(gray: npt.NDArray[np.uint8]) -> BoolImage:
    """Dark pixels (ink) by Otsu's threshold; all False for a flat page."""
    histogram = np.asarray(Image.fromarray(np.ascontiguousarray(gray)).histogram(), dtype=np.int64)  # 4x np.bincount
    between = otsu_variance(histogram)
    if not between.any():
        return np.zeros(gray.shape, dtype=np.bool_)
    return gray <= int(np.argmax(between))


def otsu_variance(histogram: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Otsu's between-class variance of a 256-bin histogram split after each level (ink at or below it).

    Its argmax is the threshold Tesseract binarises a page at. Levels with nothing on one side are 0, save
    where rounding leaves a residue over 0 at the top level: that one is ``inf``, and each caller decides.
    """
    counts = histogram.astype(np.float64)
    weight = np.cumsum(counts)
    total = weight[-1]
    mean = np.cumsum(counts * np.arange(256, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    finite: npt.NDArray[np.float64] = np.nan_to_num(between, nan=0.0, posinf=np.inf)
    return finite


def components(mask: BoolImage) -> tuple[IntArray, IntArray, IntArray]:
    """Heights, widths and ink areas of the 8-connected components of ``mask``."""
    _, _, heights, widths, areas = component_boxes(mask)
    return heights, widths, areas


def component_boxes(mask: BoolImage) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """Top row, left column, height, width and ink area of each 8-connected component of ``mask``."""
    rows, cols = mask.shape
    padded = np.zeros((rows, cols + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    delta = np.diff(padded, axis=1).ravel()
    edges = np.flatnonzero(delta)  # one pass over the page: half the time of two 2-D nonzero calls
    rising = delta[edges] == 1
    starts, ends = edges[rising], edges[~rising]  # alternate along each row: pairs in row-major order
    r_start, c_start, c_end = starts // (cols + 1), starts % (cols + 1), ends % (cols + 1)  # c_end exclusive
    n = len(r_start)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty
    stride = cols + 2
    start_key = r_start.astype(np.int64) * stride + c_start
    end_key = r_start.astype(np.int64) * stride + c_end
    # Runs of the row above that touch run j (8-connected): end >= start_j, start <= end_j.
    above = (r_start.astype(np.int64) - 1) * stride
    lo = np.searchsorted(end_key, above + c_start, side="left")
    hi = np.searchsorted(start_key, above + c_end, side="right")
    count = np.clip(hi - lo, 0, None)
    b = np.repeat(np.arange(n), count)
    offsets = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    a = np.repeat(lo, count) + offsets
    label = _union(n, a, b)
    order = np.argsort(label, kind="stable")
    lab = label[order]
    cuts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    rr, cs, ce = r_start[order], c_start[order], c_end[order]
    tops = np.minimum.reduceat(rr, cuts)
    lefts = np.minimum.reduceat(cs, cuts)
    heights = np.maximum.reduceat(rr, cuts) - tops + 1
    widths = np.maximum.reduceat(ce, cuts) - lefts
    areas = np.add.reduceat(ce - cs, cuts)
    i64 = np.int64
    return tops.astype(i64), lefts.astype(i64), heights.astype(i64), widths.astype(i64), areas.astype(i64)


def _union(n: int, a: IntArray, b: IntArray) -> IntArray:
    """Connected-component labels of ``n`` nodes joined by edges ``a``-``b`` (min-label propagation)."""
    label = np.arange(n)
    if len(a) == 0:
        return label
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:  # pointer jumping: every node straight to its root
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def text_height(image: Image.Image) -> float | None:
    """Median height in pixels of the character-like ink components, or None if too few.

    Where tiny dots outnumber the letters (a half-toned cell, a map's dashed lines) and the letters stand in a
    band at least twice as tall, the letters' median: the dots' would have the page upscaled 4x for nothing.
    """
    gray = image.convert("L") if image.mode != "L" else image
    factor = max(1, math.ceil(math.sqrt(gray.width * gray.height / MAX_MEASURE_PIXELS)))
    small: npt.NDArray[np.uint8] = np.asarray(gray.reduce(factor) if factor > 1 else gray)
    mask = ink_mask(small)
    if mask.mean() > MAX_INK_SHARE:
        return None
    heights, widths, areas = components(mask)
    if len(heights) == 0:
        return None
    limit = max(small.shape) / 20
    fill = areas / np.maximum(heights * widths, 1)
    keep = (
        (heights >= MIN_CHAR_PX)
        & (heights <= limit)
        & (widths <= MAX_ASPECT * heights)
        & (widths * MAX_ASPECT >= heights / 4)
        & (fill > MIN_FILL)
        & (fill < MAX_FILL)
    )
    if int(keep.sum()) < MIN_COMPONENTS:
        return None
    median = float(np.median(heights[keep]))
    taller = heights[keep & (heights > median)]
    dots = median * factor <= SCREEN_DOT_PX and len(taller) >= MIN_COMPONENTS
    if dots and np.median(taller) >= SCREEN_RATIO * median:
        median = float(np.median(taller))  # the short ones were a screen's dots (shading, a dashed rule), not letters
    return median * factor


def estimate_dpi(height_px: float) -> float:
    """The resolution at which ordinary body text would be ``height_px`` tall: an estimate."""
    return height_px * 72.0 / CHAR_HEIGHT_PT
