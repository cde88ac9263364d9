"""A scan's specks removed before OCR: single dark pixels with no other ink near them (numpy; pure).

Why: fax and copier noise scatters lone dark pixels over a page. Upscaled for Tesseract they become
blots it takes for glyphs: a line-printer report scanned at 160 dpi with specks lost its coordinates'
line whole; with the specks gone it read it.

What is a speck: a pixel darker than the page's Otsu threshold with no other such pixel within
``SPECK_RADIUS`` pixels. Punctuation is never that alone: a period, a colon's dots or an i's dot at
100 dpi may be one pixel, but each sits beside its letter or its twin. Removing two-pixel specks too
took colons off real 100 dpi forms (FUNSD tune pairs 0.537 -> 0.526); one pixel alone took nothing (0.539).
A speck becomes the paper's tone (the median of the pixels lighter than the threshold). A page with
no speck is returned as it is. Pillow's box blur counts the ink around each pixel: ~30 ms a 1380 x 1772 page.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter

from towerkit.engines.paper import otsu_threshold

SPECK_RADIUS = 4
"""Pixels around a lone dark pixel that hold no other ink for it to be a speck (a 9 x 9 window)."""


def without_specks(gray: Image.Image) -> Image.Image:
    """``gray`` (mode 1 or L) with its specks set to the paper's tone; unchanged if it has none."""
    if gray.mode not in ("1", "L"):
        return gray
    pixels = np.asarray(gray.convert("L"))
    histogram = np.bincount(pixels.ravel(), minlength=256)
    threshold = otsu_threshold(histogram)
    ink = pixels <= threshold
    specks = _alone(ink, SPECK_RADIUS)
    if not specks.any():
        return gray
    if gray.mode == "1":
        return Image.fromarray(~ink | specks)
    light = histogram[threshold + 1 :]
    paper = threshold + 1 + int(np.searchsorted(np.cumsum(light), light.sum() / 2))
    return Image.fromarray(np.where(specks, np.uint8(min(paper, 255)), pixels), "L")


def _alone(ink: npt.NDArray[np.bool_], radius: int) -> npt.NDArray[np.bool_]:
    """Ink pixels with no other ink in the (2r+1)-square window around them.

    Pillow's box blur (in C) averages the window: one dark pixel in it gives 255 / side², two twice that.
    """
    side = 2 * radius + 1
    blurred = np.asarray(Image.fromarray(ink.astype(np.uint8) * 255, "L").filter(ImageFilter.BoxBlur(radius)))
    alone: npt.NDArray[np.bool_] = ink & (blurred < 1.5 * 255 / (side * side))
    return alone
