# ruff: noqa: S101, PLR2004, INP001
"""A scan's lone specks go before OCR; punctuation beside its letters stays (real Tesseract at the end)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from towerkit.config import Settings
from towerkit.engines.ocr import ocr_image_file
from towerkit.engines.specks import SPECK_RADIUS, without_specks

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def _ink(image: Image.Image) -> set[tuple[int, int]]:
    return {(int(y), int(x)) for y, x in zip(*np.nonzero(np.asarray(image.convert("L")) < 128), strict=True)}


def test_a_dark_pixel_with_no_ink_near_it_goes_and_one_beside_a_letter_stays() -> None:
    page = np.full((60, 80), 255, np.uint8)
    page[20:30, 10:13] = 0  # a letter's stroke
    page[29, 15] = 0  # its period, two pixels off: punctuation sits by its letter
    page[5, 60] = 0  # a speck, alone in its window
    page[50, 40:42] = 0  # two pixels together: left, a colon's dots may be that
    out = without_specks(Image.fromarray(page, "L"))
    assert _ink(Image.fromarray(page, "L")) - _ink(out) == {(5, 60)}
    assert np.asarray(out)[5, 60] == 255  # the paper's tone


def test_a_one_bit_page_stays_one_bit_and_a_clean_page_is_returned_as_it_is() -> None:
    page = np.ones((40, 40), bool)
    page[10:20, 10:12] = False
    clean = Image.fromarray(page)
    assert without_specks(clean) is clean
    page[35, 35 - SPECK_RADIUS] = False
    out = without_specks(Image.fromarray(page))
    assert out.mode == "1" and _ink(out) == _ink(clean)


def test_a_speckled_fax_quality_scan_reads_its_figures(tmp_path: Path) -> None:
    """Monospace report lines at 150 dpi, one-bit, with 0.6% of the pixels flecked black: fax noise.

    Upscaled for Tesseract the specks were blots beside the glyphs: ``2023-01-27`` came back ``2023-01227``
    and a ``|`` stood between the coordinates.
    """
    dpi, points = 150, 9
    img = Image.new("L", (6 * dpi, 3 * dpi), 255)
    draw, font = ImageDraw.Draw(img), ImageFont.truetype(MONO, round(points * dpi / 72))
    rows = ("LAT NAD83  LONGITUDE   MARK/LIGHT", "38.881999  -116.672216  Red lights and paint", "ISSUED     2023-01-27")
    for i, row in enumerate(rows):
        draw.text((dpi // 2, dpi // 2 + i * points * 2.2 * dpi / 72), row, font=font, fill=0)
    paper = np.asarray(img) > 128
    flecks = np.random.default_rng(1).random(paper.shape) < 0.006
    Image.fromarray(paper & ~flecks).save(tmp_path / "report.png")
    words = [w.text for p in ocr_image_file(str(tmp_path / "report.png"), Settings(workers=0)) for w in p.words]
    assert {"38.881999", "-116.672216", "2023-01-27"} <= set(words)
    assert "|" not in words
