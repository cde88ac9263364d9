"""A scanned page's paper grain flattened to white before OCR (numpy; pure: image in, image out).

Why: Tesseract finds lines on its own binarised copy of the page but its LSTM recogniser reads
the *grey* image. Paper grain and sensor noise (a grey page, pixels scattered a few levels around
the paper's tone) reach the recogniser as texture around every glyph: a clean ``Site ID ....
TX-13038`` line of a noisy scan came back ``SicID``, ``G@onstuction 337.`` and ``Tower Height
4330) 360 ft``, its leader dots read as figures. The same page with the paper's pixels set to white
reads every label and every dot.

What counts as paper: the page's tone is its median (text covers a few percent of a printed page),
its grain the spread around it (the median absolute deviation, scaled to a standard deviation).
Only pixels within ``GRAIN_SIGMAS`` of that tone are whitened: ink, shaded table cells, faint
print and pencil all lie further from the paper and are left exactly as scanned. A clean page
(no grain) is returned as it is. A histogram and a lookup table, both Pillow's: ~15 ms a 300 dpi page.

When not to: Tesseract finds lines on a copy binarised at Otsu's threshold, and with the paper one
white spike that threshold climbs towards the cut. On a page with little ink (a signature block) and
JPEG-blotched paper the grain's tail below the cut then binarises as ink: such a lease page read no
word in 4 s, where the page as scanned read all of them in 0.35 s. On a blurred or upsampled scan the
glyphs' wide grey edges do: the glyphs fatten into blobs and whole lines go unread. A page whose
flattened copy would binarise to much more ink than the page as scanned is left as it is
(``MAX_INK_GROWTH``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PIL import Image

from towerkit.engines.scan_geometry import otsu_variance

GRAIN_SIGMAS = 2.5
"""How far below the paper's tone, in grain standard deviations, a pixel is still paper. Four whitened a glyph's
grey edge too on the grainiest pages (8.9 levels): a thin ``1`` broke off (``SUP-2020-7 1520``), an ``O`` crept
in (``NMO0795``). At 2.5 the grain left is sparse specks, and those two read again; zoo scans as at four."""
MAX_INK_GROWTH = 1.2
"""How much more ink Tesseract's binarisation (Otsu) may find on the flattened page than on the page as scanned.

With the paper one white spike, Otsu's threshold climbs towards the cut: on a page of text it moves a little
(grainy forms: 4-8% more ink), but on a page with little ink, or blurred glyphs whose grey edges are wide, it
lands among the edges and the grain's tail: the ink grew 1.4x on a blurred page turned upside down (no word
read), 2.4x on a sparse 129 dpi form (5 of 18 lines read), 21x on a signature page (no word in 4 s). Those pages
are read as scanned, which reads them."""
MAD_TO_SIGMA = 1.4826
"""Median absolute deviation to standard deviation, for normally distributed grain."""
MIN_PAPER = 128
"""A page whose median is darker than this is not dark print on light paper (a negative, a photo)."""


def flatten_paper(gray: Image.Image) -> Image.Image:
    """``gray`` (mode L) with the paper's grain set to white; any other image returned unchanged."""
    if gray.mode != "L":
        return gray
    cut = paper_cut(np.array(gray.histogram(), dtype=np.int64))
    if cut is None:
        return gray
    return gray.point([255 if v > cut else v for v in range(256)])


def paper_cut(histogram: npt.NDArray[np.int64]) -> int | None:
    """The grey level above which a pixel is paper, from the page's 256-bin histogram; None: nothing to flatten."""
    total = int(histogram.sum())
    if total == 0:
        return None
    tone = _median(histogram, total)
    if tone < MIN_PAPER:
        return None
    spread = np.zeros(256, dtype=np.int64)
    np.add.at(spread, np.abs(np.arange(256) - tone), histogram)
    grain = _median(spread, total) * MAD_TO_SIGMA
    if grain == 0:
        return None  # a clean page: its paper is one tone already
    cut = max(0, round(tone - GRAIN_SIGMAS * grain))
    flat = histogram.copy()
    flat[255] += flat[cut + 1 : 255].sum()
    flat[cut + 1 : 255] = 0
    before = histogram[: otsu_threshold(histogram) + 1].sum()
    if flat[: otsu_threshold(flat) + 1].sum() > MAX_INK_GROWTH * before:
        return None  # binarised, the flattened page would have more ink: grain specks and fattened glyphs
    return cut


def otsu_threshold(histogram: npt.NDArray[np.int64]) -> int:
    """The grey level Tesseract's binarisation (Otsu) splits a histogram at, ink at or below it.

    A rounding residue at the top level is no split (``ink_mask`` keeps it: there the page is then all ink).
    """
    between = otsu_variance(histogram)
    between[np.isinf(between)] = 0.0
    return int(np.argmax(between))


def _median(histogram: npt.NDArray[np.int64], total: int) -> int:
    return int(np.searchsorted(np.cumsum(histogram), (total + 1) // 2))
