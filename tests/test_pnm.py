# ruff: noqa: S101, PLR2004, INP001
"""Page files whose first pixel bytes are whitespace codes still reach Tesseract whole (PGM never
had the problem; it stays as a guard).

Leptonica's PNM header scan swallowed them: a bilevel TIFF page with a speck at its top-left corner
failed its whole file with ``pixReadStreamPnm: read error in 4``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from towerkit.config import Settings
from towerkit.engines.ocr import parse_tsv, run_tesseract
from towerkit.engines.pnm import save_pnm


def _page(mode: str, corner: int) -> Image.Image:
    """A page with one line of large text and, in its first row, the given corner pixels."""
    page = Image.new("L", (900, 300), 255)
    ImageDraw.Draw(page).text((40, 120), "SITE ID TX-1001", fill=0, font_size=48)
    for x in range(8):  # the first byte: eight bilevel pixels, or the first grey one
        page.putpixel((x, 0), 0 if corner & (0x80 >> x) else 255)
    if mode == "L":
        page.putpixel((0, 0), corner)
    return page.convert("1") if mode == "1" else page


@pytest.mark.parametrize(("mode", "corner"), [("1", 0x20), ("1", 0x0A), ("1", 0x0D), ("L", 32)])
def test_a_whitespace_first_byte_reads(tmp_path: Path, mode: str, corner: int) -> None:
    path = save_pnm(_page(mode, corner), str(tmp_path), "page")
    words = parse_tsv(run_tesseract(path, 300, Settings()), 1, 72 / 300)
    assert "TX-1001" in [w.text for w in words]


def test_only_the_first_pixel_byte_changes(tmp_path: Path) -> None:
    page = _page("1", 0x20)
    path = Path(save_pnm(page, str(tmp_path), "page"))
    plain = tmp_path / "plain.pbm"
    page.save(plain, format="PPM")
    a, b = path.read_bytes(), plain.read_bytes()
    assert len(a) == len(b)
    assert [i for i in range(len(a)) if a[i] != b[i]] == [len(b) - 113 * 300]
