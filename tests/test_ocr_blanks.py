# ruff: noqa: S101, PLR2004, INP001
"""Blocks Tesseract kept but read nothing in are read again, with the real Tesseract, and only what
they plainly show is added to the page."""

from __future__ import annotations

from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont

from towerkit.config import Settings
from towerkit.engines.ocr import run_tesseract
from towerkit.engines.ocr_blanks import SPARSE_PSM
from towerkit.engines.ocr_blanks import reread_blanks, worth_keeping, worth_reading
from towerkit.engines.tesseract_tsv import blank_boxes, parse_tsv
from towerkit.models import Word

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _row(level: int, box: tuple[int, int, int, int], conf: float, text: str) -> str:
    return "\t".join(map(str, (level, 1, 1, 1, 1, 1, *box, conf, text)))


def test_blank_word_rows_are_the_blocks_left_unread() -> None:
    tsv = "\n".join(
        [
            HEADER,
            _row(4, (341, 443, 465, 38), -1, ""),
            _row(5, (341, 443, 465, 38), 95.0, "  "),  # kept as a block, read as nothing
            _row(5, (130, 460, 81, 16), 96.7, "Structure"),
            _row(5, (10, 10, 4, 4), -1, " "),
        ]
    )
    assert blank_boxes(tsv) == [(341, 443, 465, 38)]
    assert [w.text for w in parse_tsv(tsv, 1, 1.0)] == ["Structure"]


def test_only_blocks_that_can_hold_a_line_are_read_largest_first_and_none_on_a_ruled_form() -> None:
    boxes = [(0, 0, 400, 16), (0, 0, 60, 26), (0, 0, 400, 120), (0, 0, 10, 40)]  # a row's strip, 2 blocks, a speck
    assert worth_reading(boxes, word_px=16) == [(0, 0, 400, 120), (0, 0, 60, 26)]
    assert worth_reading([(0, 0, 400, 40)] * 5, word_px=16) == []  # a ruled form's rulings kept as blocks


def test_a_word_read_again_is_kept_only_when_sure_and_more_than_a_stroke() -> None:
    """Measured on ruled scans: a cell's ruling comes back as ``|``, ``]``, ``T`` at 60-97; speckle as
    ``See`` at 3; a block's real words at 75-96."""
    assert worth_keeping(Word("305", 1, 0, 0, 1, 1, 95.4))
    assert worth_keeping(Word("524.0m", 1, 0, 0, 1, 1, 91.5))
    assert not worth_keeping(Word("See", 1, 0, 0, 1, 1, 3.5))
    assert not any(worth_keeping(Word(t, 1, 0, 0, 1, 1, 91.4)) for t in ("|", "]", "T", "H"))


def _page(tmp_path: Path) -> Image.Image:
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 22)
    image = Image.new("L", (900, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((20, 40), "Structure Height AGL", font=font, fill=0)
    draw.text((420, 40), "|", font=font, fill=0)  # a cell's ruling
    draw.text((560, 40), "305 feet", font=font, fill=0)
    return image


def test_a_blank_block_read_again_gives_its_value_and_not_what_the_page_has(tmp_path: Path) -> None:
    """The first reading (a TSV as Tesseract writes it) has the label and one blank block over the rest
    of the line; read again alone, the block gives ``305 feet``. The label, which the crop's margin takes
    in, and the ruling's ``|`` are not added again."""
    image = _page(tmp_path)
    settings = Settings()
    label = [Word("Structure", 1, 20, 44, 130, 64, 96.0), Word("Height", 1, 138, 44, 215, 64, 96.0)]
    label.append(Word("AGL", 1, 222, 44, 270, 64, 96.0))
    tsv = "\n".join([HEADER, _row(5, (200, 36, 680, 36), 95.0, " ")])

    def sparse(path: str) -> list[Word]:
        return parse_tsv(run_tesseract(path, None, settings, psm=SPARSE_PSM), 1, 1.0)

    added = reread_blanks(image, tsv, label, 1.0, str(tmp_path), sparse)
    assert [w.text for w in added] == ["305", "feet"]
    assert 555 <= added[0].x0 <= 565 and 35 <= added[0].top <= 50  # back in the page's pixels
    assert not list(tmp_path.iterdir())  # the crops are removed
    assert reread_blanks(image, HEADER, label, 1.0, str(tmp_path), sparse) == []  # nothing blank: no call
