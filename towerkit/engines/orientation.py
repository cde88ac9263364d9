"""Pages scanned sideways or upside down: Tesseract's orientation check, run only when needed.

Tesseract's OSD (``--psm 0``, ``osd.traineddata``) says by how much a page must be turned
(``Rotate: 90`` = 90 degrees clockwise) and how sure it is. It costs a layout pass (~0.3 s on a
fax-sized page), so ``ocr.ocr_scan`` asks only when its first reading has few confident words or sideways ones: an
upright page read well never pays for it. A page OSD cannot judge ("Too few characters") or a missing
``osd.traineddata`` mean "leave the page as it is", unless its words were read sideways; an unsure
answer is tried and kept only when it reads clearly better (``turns_to_try``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytesseract
from PIL import Image

from towerkit.engines.pnm import save_pnm
from towerkit.models import Word

CONFIDENT_WORD = 60.0
"""Tesseract confidence at or above which a word counts as read."""
FEW_CONFIDENT_WORDS = 10
FEW_CONFIDENT_SHARE = 0.5
"""A reading with fewer confident words than this, or a smaller share of them, is worth an OSD check."""
MIN_SIDEWAYS_LETTERS = 3
"""Words this long are wider than tall when upright."""
KEEP_TURNED = 0.8
"""The turned reading is kept unless it has fewer confident words than this share of the first one's
(Tesseract reads some sideways pages well, in sideways boxes: then the two readings tie)."""
SIDEWAYS_KEEP = 0.5
"""The same share when the first reading was sideways: its boxes run down the page, no line or column in
them can be read, so a turn reading fewer words confidently (a leader's dots no longer glued into words)
is still the page."""
UNSURE_GAIN = 1.5
"""How many times the first reading's confident words a turn OSD was unsure of must read to be kept."""
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
    turn, sure = osd_answer(text)
    return turn if sure else 0


def osd_answer(text: str) -> tuple[int, bool]:
    """The clockwise turn OSD output names (0 if none) and whether it is sure of it."""
    rotate = re.search(r"Rotate:\s*(\d+)", text)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if not rotate or not confidence:
        return 0, False
    turn = int(rotate.group(1)) % 360
    return (turn, float(confidence.group(1)) >= MIN_OSD_CONFIDENCE) if turn in _TURNS else (0, False)


def run_osd(image_path: str, dpi: float | None, timeout_s: float) -> tuple[int, bool]:
    """Tesseract's orientation check on an image file: the clockwise turn it names and whether it is sure."""
    config = "--psm 0" + (f" --dpi {round(dpi)}" if dpi else "")
    try:
        return osd_answer(str(pytesseract.image_to_osd(image_path, config=config, timeout=timeout_s)))
    except (pytesseract.TesseractError, RuntimeError, OSError):  # too few characters, no osd data, timeout
        return 0, False


def osd_of(scanned: Image.Image, workdir: str, stem: str, dpi: float | None, timeout_s: float) -> tuple[int, bool]:
    """``run_osd`` on the page as scanned, not its flattened copy, whose grain's tail left on white misled it.

    A grainy wide table scanned upside down: as scanned, OSD is sure of 180 (1.6); flattened, it called the
    page upright (0.77), and the page was read upside down.
    """
    path = save_pnm(scanned, workdir, stem)
    try:
        return run_osd(path, dpi, timeout_s)
    finally:
        Path(path).unlink(missing_ok=True)


def turns_to_try(osd: tuple[int, bool], words: list[Word]) -> list[tuple[int, float]]:
    """The turns worth reading a page at, each with the share of the first reading's confident words it must reach.

    A sure OSD answer is tried and kept unless it reads clearly worse; on a sideways page, where it then
    reads worse, the other quarter turn is tried after it: on a 100 dpi statement scanned sideways OSD was
    sure of 90 (the page read upside down, 21 confident words of 144) where 270 read it. Unsure, a sideways reading is
    tried at both quarter turns (Tesseract reads every sideways line as running down, so the reading
    cannot tell 90 from 270); an unsure answer on a page read badly (upside down reads as confident-looking
    nonsense, ``babeg`` for ``Page``) is tried too, and kept only if it reads clearly better. With no answer
    (OSD finds "too few characters" on a 100 dpi statement upside down) a page read mostly unsure is tried
    upside down: there it read 70 words surely against 23.
    """
    turn, sure = osd
    if sure and sideways(words) and turn in SIDEWAYS_TURNS:  # the other quarter turn if this one reads worse
        return [(turn, SIDEWAYS_KEEP), (360 - turn, SIDEWAYS_KEEP)]
    if sure:
        return [(turn, SIDEWAYS_KEEP if sideways(words) else KEEP_TURNED)]
    if sideways(words):
        return [(t, SIDEWAYS_KEEP) for t in SIDEWAYS_TURNS]
    if not turn and confident(words) < FEW_CONFIDENT_SHARE * len(words):
        return [(180, UNSURE_GAIN)]  # OSD could not judge a page read mostly unsure: upside down reads so
    return [(turn, UNSURE_GAIN)] if turn else []


def read_turned(
    page: Image.Image, words: list[Word], osd: tuple[int, bool], read: Callable[[Image.Image], list[Word]]
) -> tuple[list[Word], int]:
    """The reading to keep of a page first read as ``words``, and the clockwise turn it was read at.

    Each turn ``turns_to_try`` names is read (``read``) until a sure answer's turn is kept; unsure ones are all
    read, and the one with the most confident words kept.
    """
    best, best_turn = words, 0
    for candidate, share in turns_to_try(osd, words):
        turned = read(turn_upright(page, candidate))
        if confident(turned) >= share * confident(words) and (best_turn == 0 or confident(turned) > confident(best)):
            best, best_turn = turned, candidate
            if osd[1]:
                break
    return best, best_turn


def turn_upright(image: Image.Image, turn: int) -> Image.Image:
    """The image turned ``turn`` degrees clockwise."""
    return image.transpose(_TURNS[turn]) if turn in _TURNS else image
