"""Blocks Tesseract found on a page but read nothing in, read again on their own.

Tesseract's layout pass sometimes keeps a region of a noisy scan as a block and returns it as one word
with no text (a blank row of its TSV, confidence 95): a value printed after a leader's dots (``305 feet``)
is then lost, though the page shows it plainly. Cropped and read alone as sparse text (``--psm 11``),
the block gives its words. Only words read with confidence are kept (sparse reading of speckle yields
unsure fragments, ``See`` at 3), of two letters or digits at least (a cell's ruling read as ``|`` or
``T``), and none that lies on a word the page already has (the crop's edges take in parts of the lines
around it).

Cost: one more Tesseract call per such block, on a crop, only on pages with a few of them and none of
many (a ruled form, whose rulings Tesseract keeps as blank blocks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import median

from PIL import Image

from towerkit.engines.pnm import save_pnm
from towerkit.engines.tesseract_tsv import Box, blank_boxes
from towerkit.models import Word

REREAD_MIN_CONF = 60.0
"""Confidence a word read again must reach: words of the crop's print score 75-96, speckle read as letters under 25."""
MAX_BLANK_BLOCKS = 4
"""Blank blocks on a page past which none is read again. Tesseract keeps a ruled form's rulings as blank blocks,
14-33 a page on the zoo's ruled scans (9 of 544 read there gave a word, 4 of them a ruling's strokes); a page
whose text it lost has a few (7 of 91 gave words, ``305 feet`` among them)."""
MIN_BLOCK_LINES = 1.5
"""A blank block at least this many of the page's word heights tall: a ruled row's strip is about one."""
MIN_BLOCK_WIDTH = 3.0
"""... and at least this many word heights wide: room for a word of a few letters."""
MARGIN = 0.25
"""Word heights of margin kept around a block when it is cropped: Tesseract needs white around ink."""


def worth_reading(boxes: Sequence[Box], word_px: float) -> list[Box]:
    """The blank blocks big enough to hold a word, largest first; none on a page of many. Pure."""
    if len(boxes) > MAX_BLANK_BLOCKS:
        return []
    big = [b for b in boxes if b[3] >= MIN_BLOCK_LINES * word_px and b[2] >= MIN_BLOCK_WIDTH * word_px]
    return sorted(big, key=lambda b: -b[2] * b[3])


def worth_keeping(w: Word) -> bool:
    """Read with confidence and of two letters or digits at least: a box's ruling comes back as ``|``, ``]``, ``T``."""
    return (w.conf or 0.0) >= REREAD_MIN_CONF and sum(c.isalnum() for c in w.text) >= MIN_ALNUM


MIN_ALNUM = 2
"""Letters or digits a word read again must have."""
SPARSE_PSM = 11
"""Tesseract's sparse-text mode: as many words as it can find, in no order, which suits a block cut out."""


def _overlaps(w: Word, words: Sequence[Word]) -> bool:
    return any(w.x0 < o.x1 and o.x0 < w.x1 and w.top < o.bottom and o.top < w.bottom for o in words)


def reread_blanks(
    gray: Image.Image,
    tsv: str,
    words: Sequence[Word],
    scale: float,
    workdir: str,
    read: Callable[[str], list[Word]],
) -> list[Word]:
    """Words read again from the page's blank blocks, in points (``scale`` points per pixel of ``gray``).

    ``read`` OCRs an image file as sparse text and returns its words in that file's pixels.
    """
    heights = [(w.bottom - w.top) / scale for w in words if (w.conf or 0.0) >= REREAD_MIN_CONF]
    word_px = median(heights) if heights else 0.0
    if not word_px:
        return []
    found: list[Word] = []
    for k, (left, top, width, height) in enumerate(worth_reading(blank_boxes(tsv), word_px)):
        m = round(MARGIN * word_px)
        x, y = max(0, left - m), max(0, top - m)
        crop = gray.crop((x, y, min(gray.width, left + width + m), min(gray.height, top + height + m)))
        path = save_pnm(crop, workdir, f"blank-{k}")
        try:
            for w in read(path):
                word = Word(
                    w.text,
                    w.page,
                    round((w.x0 + x) * scale, 2),
                    round((w.top + y) * scale, 2),
                    round((w.x1 + x) * scale, 2),
                    round((w.bottom + y) * scale, 2),
                    w.conf,
                )
                if worth_keeping(word) and not _overlaps(word, [*words, *found]):
                    found.append(word)
        finally:
            crop.close()
            Path(path).unlink(missing_ok=True)
    return found
