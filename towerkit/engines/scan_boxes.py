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
    return _outside_runs(out)


RUN_BOXES = 3
"""Squares set close in a row that are a rule's glyphs (``=====`` on a line printer), not boxes."""


RUN_GAP = 2.0
"""Box widths between two squares of one run at most: a rule's glyph between them may not pass as a square."""


def _outside_runs(boxes: list[ScanBox]) -> list[ScanBox]:
    """The boxes but those in a run of ``RUN_BOXES`` or more, each within two boxes' width of the last on its line.

    A form sets each box before its option's words; a line printer's ``=====`` under a heading, blurred,
    is a row of small inked squares with nothing between them.
    """
    boxes = sorted(boxes, key=lambda b: (b.top, b.x0))
    runs: list[list[ScanBox]] = []
    for b in boxes:
        run = next((r for r in runs if _next_in_run(r[-1], b)), None)
        if run is None:
            runs.append([b])
        else:
            run.append(b)
    return sorted((b for r in runs if len(r) < RUN_BOXES for b in r), key=lambda b: (b.top, b.x0))


def _next_in_run(a: ScanBox, b: ScanBox) -> bool:
    """Whether box b follows box a on its line, less than two boxes' width after it (a glyph between missed)."""
    mid = (b.top + b.bottom) / 2
    return a.top <= mid <= a.bottom and 0 <= b.x0 - a.x1 < RUN_GAP * max(a.x1 - a.x0, b.x1 - b.x0)


def with_scan_boxes(words: Sequence[Word], boxes: Sequence[ScanBox], scale: float, page: int) -> list[Word]:
    """The words with each box as a ``☒``/``☐`` word and what Tesseract read of the box taken out.

    ``scale`` turns pixels into the words' units. A word that lies within a box was the box; one glued
    to it keeps the characters that fit beside the box (``glued_rest``).
    """
    out = list(words)
    for b in boxes:
        x0, top, x1, bottom = b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale
        if any(_through(w, x0, x1, top, bottom, out) for w in out):
            continue  # a letter of a word read surely across it (the s of "Consultants" on a blurred scan)
        kept = []
        for w in out:
            cy = (w.top + w.bottom) / 2
            if not top <= cy <= bottom or w.x1 <= x0 or w.x0 >= x1:
                kept.append(w)
                continue
            kept += glued_rest(w, x0, x1, _char_width(out, w, top, bottom))
        kept.append(box_word(ticked=b.ticked, page=page, x0=x0, top=top, x1=x1, bottom=bottom))
        out = kept
    return out


def _through(word: Word, x0: float, x1: float, top: float, bottom: float, words: Sequence[Word]) -> bool:
    """Whether a sure word of letters runs on two letters or more each side of a box: the box is one of its letters.

    A box stands before its option with a space, or Tesseract glues one side of it to a word (``[Red``); no
    option is read through its box.
    """
    cy = (word.top + word.bottom) / 2
    if not top <= cy <= bottom or word.x0 >= x0 or word.x1 <= x1 or (word.conf or 0) < SURE_WIDTH:
        return False  # the line's character width, a pass over its words, only for a word across the box
    char_w = _char_width(words, word, top, bottom)
    per_char = max(char_w or (word.x1 - word.x0) / max(1, len(word.text)), MIN_CHAR_WIDTH)
    return word.text.isalpha() and min(x0 - word.x0, word.x1 - x1) >= 2 * per_char


MIN_CHAR_WIDTH = 0.01
"""Floor of a character's width: a word Tesseract boxed with no width still divides."""
BOX_GLYPHS = "[](){}|"
"""What Tesseract makes of a box's sides where it glues them to a word (``required]``, ``[Red``)."""


def glued_rest(word: Word, x0: float, x1: float, char_w: float | None) -> list[Word]:
    """What is left of a word Tesseract read over a box at ``x0``..``x1``: the characters beside it.

    The box is no character, so the word's own width a character (the old rule) cuts too much where
    the box is wide: ``[X] No`` read as one word ``No`` lost its ``N``. The characters that fit in the
    word's width left and right of the box, at the width a character of the line takes, are kept
    (``required]`` ending in a box keeps ``required``); a word with no room beside the box was the box.
    """
    per_char = max(char_w or (word.x1 - word.x0) / max(1, len(word.text)), MIN_CHAR_WIDTH)
    n_left = min(len(word.text), round(max(0.0, x0 - word.x0) / per_char))
    n_right = min(len(word.text) - n_left, round(max(0.0, word.x1 - x1) / per_char))
    out = []
    if n_left:
        left = word.text[:n_left].rstrip(BOX_GLYPHS).rstrip()
        if left:
            out.append(Word(left, word.page, word.x0, word.top, round(x0, 2), word.bottom, word.conf))
    if n_right:
        right = word.text[len(word.text) - n_right :].lstrip(BOX_GLYPHS).lstrip()
        if right:
            out.append(Word(right, word.page, round(x1, 2), word.top, word.x1, word.bottom, word.conf))
    return out


SURE_WIDTH = 60.0
"""OCR confidence from which a word's width a character is taken as its line's print."""


def _char_width(words: Sequence[Word], glued: Word, top: float, bottom: float) -> float | None:
    """The median width a character takes in the sure words beside a box (None: none to go by)."""
    beside = [w for w in words if w is not glued and top <= (w.top + w.bottom) / 2 <= bottom]
    widths = sorted((w.x1 - w.x0) / len(w.text) for w in beside if len(w.text) >= 3 and (w.conf or 0) >= SURE_WIDTH)  # noqa: PLR2004
    return widths[len(widths) // 2] if widths else None


def boxes_as_words(
    words: list[Word], image: Image.Image, turn: int, char_px: float | None, scale: float, page: int
) -> list[Word]:
    """The words of a page read turned ``turn`` degrees, with the boxes of ``image`` (``scale``: points a pixel)."""
    upright = turn_upright(image, turn) if turn else image
    return with_scan_boxes(words, find_boxes(upright, char_px), scale, page)
