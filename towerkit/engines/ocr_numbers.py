"""Words Tesseract's number dictionary turned into digits, read again without it.

A permit or case number printed as a letter code before digits (``Z452648``, ``E429234``) comes
back from a page as digits (``2452648``, ``6429234``) with a low confidence: the recogniser's number
dictionary accepts the digits and no dictionary accepts the code (``tessdata``). Read again alone,
with a copy of the model that has no number dictionary, the glyphs give their letters.

Only a word of digits read with little confidence is read again, and its new reading is kept only
when it is the same word with letters in place of its leading digits, read with more confidence:
anything else the crop gives (a digit read differently, a ruling taken in) leaves the page's reading.

Cost: one Tesseract call on a crop per such word, at most ``MAX_REREADS`` a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from PIL import Image, ImageOps

from towerkit.engines.pnm import read_again
from towerkit.models import Word

REREAD_BELOW_CONF = 90.0
"""Digit words read with less confidence are read again: codes read as digits scored 0-32 on the zoo's scans and
65-91 on clean renders, figures read right 95-97."""
MIN_DIGITS = 4
"""Shorter runs of digits (a day, a height) are left alone: an identifier has more."""
MARGIN = 0.2
"""Word heights of the page kept around the word when it is cropped (more takes in the neighbours' ink)."""
PAD = 0.5
"""Word heights of white added around the crop: Tesseract read ``Z2452648`` from a tight crop, ``Z452648`` padded."""
LINE_PSM = 7
"""Tesseract's one-line mode, for a word cut out."""
MAX_REREADS = 8
"""Words read again on one page at most: a page of many unsure figures is a poor scan, not codes."""
_DIGITS = re.compile(r"\d[\d-]*\d")


def worth_rereading(w: Word) -> bool:
    """A word of digits (hyphens between) read with little confidence. Pure."""
    return (
        w.conf is not None
        and w.conf < REREAD_BELOW_CONF
        and _DIGITS.fullmatch(w.text) is not None
        and sum(c.isdigit() for c in w.text) >= MIN_DIGITS
    )


CODE_LEAD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ£")
"""What an identifier's code may read as: capitals, and the pound sign Tesseract takes a faint ``E`` for
(``£429234``; the identifier normalizer makes it the ``E``)."""


def letters_for_digits(page: str, alone: str) -> bool:
    """Whether ``alone`` is ``page`` with capitals in place of its leading digits (``2452648``, ``Z452648``). Pure."""
    lead = next((i for i, c in enumerate(alone) if c not in CODE_LEAD), len(alone))
    return len(alone) == len(page) and 0 < lead < len(alone) and page[:lead].isdigit() and alone[lead:] == page[lead:]


def reread_numbers(
    gray: Image.Image,
    words: Sequence[Word],
    scale: float,
    workdir: str,
    read: Callable[[str], list[Word]],
) -> list[Word]:
    """``words`` with each unsure digit word replaced by its reading alone, where that reading is a code.

    ``scale`` is points per pixel of ``gray``; ``read`` OCRs an image file as one line, without the
    number dictionary, and returns its words.
    """
    out = list(words)
    todo = [i for i, w in enumerate(words) if worth_rereading(w)][:MAX_REREADS]
    for i in todo:
        w = words[i]
        m = MARGIN * (w.bottom - w.top) / scale
        box = (
            max(0, round(w.x0 / scale - m)),
            max(0, round(w.top / scale - m)),
            min(gray.width, round(w.x1 / scale + m)),
            min(gray.height, round(w.bottom / scale + m)),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        crop = ImageOps.expand(gray.crop(box), round(PAD * (w.bottom - w.top) / scale), fill=255)
        alone = read_again(
            crop, workdir, f"number-{i}", read, f"page {w.page}: {w.text!r}, without the number dictionary,"
        )
        if alone is None:
            continue
        found = [r for r in alone if r.text.strip()]
        if len(found) == 1 and letters_for_digits(w.text, found[0].text) and (found[0].conf or 0.0) > (w.conf or 0.0):
            out[i] = replace(w, text=found[0].text, conf=found[0].conf)
    return out
