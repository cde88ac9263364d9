"""Small print on a scan, read again enlarged.

A form prints its labels smaller than its values (``SITE NAME`` in 7-pixel capitals over
``Saddle Butte II``). A page is enlarged for Tesseract only when its body text is small
(``ocr.UPSCALE_BELOW_PX``), so on an office scan the labels stay too small to read and come back
garbled with little confidence (``STENAME``, ``CAPAOTTY UTIZATION``), and their fields are lost.
Enlarging the whole page would cost 1.5-2.8x its OCR time and garbles print that read well.

So only the unsure words printed under ``SMALL_PX`` are read again: each run of them on a line is cut out,
enlarged to the character height Tesseract reads best, and the cuts are stacked into one strip read
in one call. A run's new reading replaces the page's only when it is sure, and surer than the page's.

Cost: one Tesseract call on a strip of a few small crops, on pages that have such words: 7% of the OCR
time of a read seed's scans (3% when only words under 11 px were read again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from statistics import fmean

from PIL import Image

from towerkit.engines.pnm import read_again
from towerkit.models import Word

SMALL_PX = 16.0
"""Words whose box is shorter (in pixels of the page as read) are read again when unsure. Under 11 px
(``ocr.UPSCALE_BELOW_PX``) is small print; up to 16 px an office scan's body text, which Tesseract also
reads better enlarged too (``Sandy Ridge East``, read ``sandy Ridge mast`` with the page). Taller words are
left as read: each word read again costs OCR time."""
UNSURE_BELOW = 85.0
"""Small words read with less confidence are read again: garbled labels scored 0-75 on the zoo's scans."""
SURE = 75.0
"""Confidence a run's new reading must average: the zoo's labels read again scored 78-97, a leader's dots
read as letters (``eee``, ``-_e``) under 60."""
TARGET_PX = 20.0
"""Height a small word is enlarged to: ``ocr.TARGET_CHAR_PX``, the height Tesseract reads best."""
MAX_ENLARGE = 4.0
JOIN = 1.5
"""Word heights between two small words on a line that still make them one run (one label)."""
MARGIN = 0.3
"""Word heights of the page kept around a run when it is cut out: Tesseract needs white around ink."""
GAP_PX = 30
"""White between the stacked cuts, so that Tesseract takes each for a line of its own."""
MAX_RUNS = 40
"""Runs read again on one page at most: a page of more is a poor scan throughout, not small labels."""
RULING = frozenset("|[]_")
"""What a cut's rulings come back as: a word of these alone is no word."""
BLOCK_PSM = 6
"""Tesseract's block mode: the stacked cuts are lines of one block, read top to bottom."""


@dataclass(frozen=True, slots=True)
class Run:
    """Unsure small words side by side on one line, in pixels of the page as read."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:  # noqa: D102
        return self.bottom - self.top


def small_runs(words: Sequence[Word], scale: float) -> list[Run]:
    """The runs of unsure small words to read again, in reading order. Pure.

    ``scale`` is points per pixel of the page as read.
    """
    unsure = [
        w
        for w in words
        if (w.conf or 0.0) < UNSURE_BELOW and (w.bottom - w.top) / scale < SMALL_PX and any(c.isalnum() for c in w.text)
    ]
    runs: list[Run] = []
    for w in sorted(unsure, key=lambda w: (w.top, w.x0)):
        box = Run(w.x0 / scale, w.top / scale, w.x1 / scale, w.bottom / scale)
        for i, r in enumerate(runs):
            same_line = abs((r.top + r.bottom) - (box.top + box.bottom)) / 2 < box.height / 2
            if same_line and box.x0 - r.x1 < JOIN * box.height and r.x0 - box.x1 < JOIN * box.height:
                runs[i] = Run(min(r.x0, box.x0), min(r.top, box.top), max(r.x1, box.x1), max(r.bottom, box.bottom))
                break
        else:
            runs.append(box)
    return runs[:MAX_RUNS]


def reread_small(
    gray: Image.Image,
    words: Sequence[Word],
    scale: float,
    workdir: str,
    read: Callable[[str], list[Word]],
) -> list[Word]:
    """``words`` with each run of unsure small words replaced by its enlarged reading, where that is surer.

    ``read`` OCRs an image file as a block of lines and returns its words in its pixels.
    """
    cuts = [c for c in (_cut(gray, run) for run in small_runs(words, scale)) if c]
    if not cuts:
        return list(words)
    tops = [GAP_PX + sum(c.height + GAP_PX for _, _, c in cuts[:i]) for i in range(len(cuts))]
    strip = Image.new("L", (max(c.width for *_, c in cuts) + 2 * GAP_PX, tops[-1] + cuts[-1][2].height + GAP_PX), 255)
    for (_, _, image), top in zip(cuts, tops, strict=True):
        strip.paste(image, (GAP_PX, top))
    found = read_again(strip, workdir, f"small-{words[0].page}", read, f"page {words[0].page}: small print")
    if found is None:
        return list(words)
    out = list(words)
    for (box, f, image), top in zip(cuts, tops, strict=True):
        new = [
            _to_page(w, box, f, top, scale, words[0].page)
            for w in found
            if top <= (w.top + w.bottom) / 2 <= top + image.height and not set(w.text) <= RULING
        ]
        at = [i for i, w in enumerate(out) if _inside(w, box, scale)]
        sure = fmean(w.conf or 0.0 for w in new) if new else 0.0
        if at and sure >= SURE and sure > fmean(out[i].conf or 0.0 for i in at):
            out = out[: at[0]] + new + [w for i, w in enumerate(out) if i > at[0] and i not in at]
    return out


def _cut(gray: Image.Image, run: Run) -> tuple[Run, float, Image.Image] | None:
    """The run cut out of the page with a margin, its box and how much it was enlarged."""
    m = MARGIN * run.height
    box = Run(
        max(0, round(run.x0 - m)),
        max(0, round(run.top - m)),
        min(gray.width, round(run.x1 + m)),
        min(gray.height, round(run.bottom + m)),
    )
    if box.x1 <= box.x0 or box.bottom <= box.top:
        return None
    f = max(1.0, min(MAX_ENLARGE, TARGET_PX / run.height))
    image = gray.crop((round(box.x0), round(box.top), round(box.x1), round(box.bottom)))
    return box, f, image.resize((round(image.width * f), round(image.height * f)), Image.Resampling.LANCZOS)


def _inside(w: Word, box: Run, scale: float) -> bool:
    cx, cy = (w.x0 + w.x1) / 2 / scale, (w.top + w.bottom) / 2 / scale
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom


def _to_page(w: Word, box: Run, f: float, top: int, scale: float, page: int) -> Word:
    """A word of the strip placed back on the page, in points."""

    def x(v: float) -> float:
        return round(round(box.x0 + (v - GAP_PX) / f) * scale, 2)

    def y(v: float) -> float:
        return round(round(box.top + (v - top) / f) * scale, 2)

    return replace(w, page=page, x0=x(w.x0), top=y(w.top), x1=x(w.x1), bottom=y(w.bottom))
