"""Checkboxes on a scan, found in the pixels: square outlines, ticked when ink fills their inside.

Tesseract has no glyph for a box: it reads ``☐`` as ``O``, ``C1``, ``(J`` or nothing, and ``☒`` as
``X]``, ``CO)`` or ``{`` glued to the option, so which option was ticked is mostly lost in the words.
The pixels keep it. A box is an ink component about as big as the text, square, whose four sides are
straight runs of ink (an ``O`` or a ``D`` is round on some side); it is ticked when its inside holds
ink (a cross, a check, a fill) and empty when only specks are there. Each box found becomes a ``☒`` or
``☐`` word, and the words Tesseract made of the box go (``ocr.ocr_scan`` and ``ocr.ocr_bitmap``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from towerkit.engines.drawn_boxes import MAX_ASPECT, box_word
from towerkit.engines.orientation import turn_upright
from towerkit.engines.scan_geometry import BoolImage, component_boxes, ink_mask
from towerkit.models import Word

MIN_SIDE_PX = 8
"""Smallest box side in pixels: under it a square is a speck or a dot of a leader."""
MIN_SIDE_CHARS = 0.6
"""Smallest box side as a share of the text's character height."""
MAX_SIDE_CHARS = 2.5
"""Largest box side as a share of the character height: bigger squares are frames and cells."""
EDGE_SHARE = 0.85
"""Share of each side's length one unbroken run of ink covers, in the band its stroke runs in."""
TICK_SHARE = 0.08
"""Share of the inside (a band in from the outline) that must be ink for the box to be ticked."""
HALVE_FROM_PIXELS = 2_000_000
"""Pixels from which a page is looked at halved (see ``find_boxes``)..."""
HALVE_FROM_CHAR_PX = 32.0
"""... when its characters are this tall: halved, a box stays 16 px or more, its tick still legible."""
MAX_BOXES = 400
"""More square outlines than this on one page is a grid of cells or a halftone, not a form's boxes."""


@dataclass(frozen=True, slots=True)
class ScanBox:
    """A box in pixels (left, top, right, bottom) and whether it is ticked."""

    x0: int
    top: int
    x1: int
    bottom: int
    ticked: bool


def _longest_run(line: BoolImage) -> int:
    """The longest run of consecutive ink pixels in a row of pixels."""
    padded = np.concatenate(([0], line.astype(np.int8), [0]))
    d = np.diff(padded)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    return int((ends - starts).max()) if len(starts) else 0


def _edges_straight(sub: BoolImage, band: int) -> bool:
    """Whether each of the four sides is one unbroken stroke (a serif ``H`` or an ``m`` has gaps in some)."""
    for side in (sub[:band, :], sub[-band:, :], sub[:, :band].T, sub[:, -band:].T):
        need = EDGE_SHARE * side.shape[1]
        inked = side[side.sum(axis=1) >= need]  # no run is longer than its row's ink: most glyphs stop here
        if not any(_longest_run(row) >= need for row in inked):
            return False
    return True


def find_boxes(gray: Image.Image, char_px: float | None) -> list[ScanBox]:
    """The square outlines of a grayscale page about the size of its characters, in its pixels.

    A page over ``HALVE_FROM_PIXELS`` whose characters are big enough is looked at halved, each pixel
    the darkest of its four (a one-pixel outline survives): the search costs ~15 ms a megapixel.
    """
    image = gray.convert("L") if gray.mode != "L" else gray
    pixels: npt.NDArray[np.uint8] = np.asarray(image)
    if pixels.size > HALVE_FROM_PIXELS and char_px is not None and char_px >= HALVE_FROM_CHAR_PX:
        h, w = (pixels.shape[0] // 2) * 2, (pixels.shape[1] // 2) * 2
        p = pixels[:h, :w]
        darkest = np.minimum(np.minimum(p[0::2, 0::2], p[1::2, 0::2]), np.minimum(p[0::2, 1::2], p[1::2, 1::2]))
        half = _find(darkest, char_px / 2)
        return [ScanBox(b.x0 * 2, b.top * 2, b.x1 * 2, b.bottom * 2, b.ticked) for b in half]
    return _find(pixels, char_px)


def _find(pixels: npt.NDArray[np.uint8], char_px: float | None) -> list[ScanBox]:
    mask = ink_mask(pixels)
    tops, lefts, heights, widths, _ = component_boxes(mask)
    short, long = np.minimum(heights, widths), np.maximum(heights, widths)
    lo = max(MIN_SIDE_PX, MIN_SIDE_CHARS * char_px) if char_px else MIN_SIDE_PX
    hi = MAX_SIDE_CHARS * char_px if char_px else 6 * MIN_SIDE_PX
    keep = np.flatnonzero((short >= lo) & (long <= hi) & (long <= MAX_ASPECT * short))
    if len(keep) > MAX_BOXES:
        return []
    out = []
    for k in keep:
        t, left, h, w = int(tops[k]), int(lefts[k]), int(heights[k]), int(widths[k])
        sub = mask[t : t + h, left : left + w]
        band = max(1, min(h, w) // 6)
        if not _edges_straight(sub, band):
            continue
        inset = band + max(1, min(h, w) // 8)
        inside = sub[inset : h - inset, inset : w - inset]
        ticked = inside.size > 0 and float(inside.mean()) >= TICK_SHARE
        out.append(ScanBox(left, t, left + w, t + h, ticked))
    return out


def with_scan_boxes(words: Sequence[Word], boxes: Sequence[ScanBox], scale: float, page: int) -> list[Word]:
    """The words with each box as a ``☒``/``☐`` word and what Tesseract read of the box taken out.

    ``scale`` turns pixels into the words' units. A word whose middle lies in a box was the box; one
    that starts in a box and runs on (``{Red``, ``[XL-864``) loses the characters the box covers.
    """
    out = list(words)
    for b in boxes:
        x0, top, x1, bottom = b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale
        kept = []
        for w in out:
            cy = (w.top + w.bottom) / 2
            if not top <= cy <= bottom or w.x1 <= x0 or w.x0 >= x1:
                kept.append(w)
                continue
            if (w.x0 + w.x1) / 2 <= x1:
                continue  # the box itself, read as a glyph
            per_char = (w.x1 - w.x0) / max(1, len(w.text))
            cut = max(1, round((x1 - w.x0) / per_char))
            rest = w.text[cut:].lstrip()
            if rest:
                kept.append(Word(rest, w.page, round(x1, 2), w.top, w.x1, w.bottom, w.conf))
        kept.append(box_word(ticked=b.ticked, page=page, x0=x0, top=top, x1=x1, bottom=bottom))
        out = kept
    return out


def boxes_as_words(
    words: list[Word], image: Image.Image, turn: int, char_px: float | None, scale: float, page: int
) -> list[Word]:
    """The words of a page read turned ``turn`` degrees, with the boxes of ``image`` (``scale``: points a pixel)."""
    upright = turn_upright(image, turn) if turn else image
    return with_scan_boxes(words, find_boxes(upright, char_px), scale, page)
