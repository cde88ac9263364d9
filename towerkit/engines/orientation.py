"""Pages scanned sideways or upside down: Tesseract's orientation check, run only when needed.

Tesseract's OSD (``--psm 0``, ``osd.traineddata``) says by how much a page must be turned
(``Rotate: 90`` = 90 degrees clockwise) and how sure it is. It costs a layout pass (~0.3 s on a
fax-sized page), so ``ocr.ocr_scan`` asks only when its first reading has few confident words or sideways ones: an
upright page read well never pays for it. A page OSD cannot judge ("Too few characters"), a missing
``osd.traineddata`` or an unsure answer mean "leave the page as it is", unless its words were read
sideways: then ``ocr`` tries both quarter turns.
"""

from __future__ import annotations

import re

import pytesseract
from PIL import Image

from towerkit.models import Word

CONFIDENT_WORD = 60.0
"""Tesseract confidence at or above which a word counts as read."""
FEW_CONFIDENT_WORDS = 10
FEW_CONFIDENT_SHARE = 0.5
"""A reading with fewer confident words than this, or a smaller share of them, is worth an OSD check."""
MIN_SIDEWAYS_LETTERS = 3
"""Words this long are wider than tall when upright."""
SIDEWAYS_TURNS = (270, 90)
"""The turns tried on a sideways page that OSD cannot judge."""
MIN_OSD_CONFIDENCE = 1.5
"""OSD's orientation confidence below which its answer is ignored."""
_TURNS = {
    90: Image.Transpose.ROTATE_270,  # PIL turns counter-clockwise: 270 ccw = 90 cw
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def confident(words: list[Word]) -> int:
    """How many words Tesseract is confident of."""
    return sum(1 for w in words if (w.conf or 0.0) >= CONFIDENT_WORD)


def worth_turning(words: list[Word]) -> bool:
    """True when a reading suggests the page is not upright: few confident words, or sideways words.

    Tesseract reads some pages turned 90 degrees without help, but its boxes are then those of the
    sideways page (words taller than wide), which the layout code downstream cannot use.
    """
    sure = confident(words)
    if sure < FEW_CONFIDENT_WORDS or sure < FEW_CONFIDENT_SHARE * len(words):
        return True
    return sideways(words)


def sideways(words: list[Word]) -> bool:
    """True when most words of three letters or more were read in boxes taller than wide."""
    long = [w for w in words if len(w.text) >= MIN_SIDEWAYS_LETTERS]
    return sum(1 for w in long if w.bottom - w.top > w.x1 - w.x0) * 2 > len(long)


def parse_osd(text: str) -> int:
    """The clockwise turn (0, 90, 180, 270) OSD output asks for, 0 when it is unsure."""
    rotate = re.search(r"Rotate:\s*(\d+)", text)
    sure = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if not rotate or not sure:
        return 0
    turn = int(rotate.group(1)) % 360
    return turn if turn in _TURNS and float(sure.group(1)) >= MIN_OSD_CONFIDENCE else 0


def run_osd(image_path: str, dpi: float | None, timeout_s: float) -> int:
    """Tesseract's orientation check on an image file: the clockwise turn it needs, 0 if none or unknown."""
    config = "--psm 0" + (f" --dpi {round(dpi)}" if dpi else "")
    try:
        return parse_osd(str(pytesseract.image_to_osd(image_path, config=config, timeout=timeout_s)))
    except (pytesseract.TesseractError, RuntimeError, OSError):  # too few characters, no osd data, timeout
        return 0


def turn_upright(image: Image.Image, turn: int) -> Image.Image:
    """The image turned ``turn`` degrees clockwise."""
    return image.transpose(_TURNS[turn]) if turn in _TURNS else image
