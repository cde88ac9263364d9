# ruff: noqa: S101, PLR2004, INP001
"""Image files are OCRed at the resolution they state or show, never at an invented one; upright."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.engines.ocr import ocr_image_file
from towerkit.engines.ocr import OcrPage
from towerkit.engines.orientation import (
    KEEP_TURNED,
    SIDEWAYS_KEEP,
    UNSURE_GAIN,
    parse_osd,
    read_turned,
    turns_to_try,
)
from towerkit.engines.scan_geometry import estimate_dpi, text_height
from towerkit.models import Word

S = Settings(workers=0)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = (
    "TOWER INSPECTION REPORT",
    "Site number 4471 antenna mount inspected",
    "Guy wire tension within tolerance",
    "Beacon lamp replaced by the technician",
    "Structure height 120 feet above ground",
    "Next inspection due in twelve months",
)


def _page(dpi: int, points: float = 11.0, lines: int = 24) -> Image.Image:
    """A half-letter page of ``points``-pt DejaVu Sans text rendered at ``dpi``, no metadata."""
    img = Image.new("L", (round(6 * dpi), round(5 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, round(points * dpi / 72))
    for i in range(lines):
        draw.text((dpi // 2, dpi // 2 + i * points * 1.5 * dpi / 72), LINES[i % len(LINES)], font=font, fill=0)
    return img


@pytest.fixture(name="tesseract_calls")
def _tesseract_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every ``image_to_data`` call as (config, width in pixels of the image Tesseract was given)."""
    calls: list[tuple[str, int]] = []
    real = pytesseract.image_to_data

    def spy(image: str, **kwargs: Any) -> Any:
        with Image.open(image) as im:
            calls.append((str(kwargs.get("config", "")), im.width))
        return real(image, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", spy)
    return calls


@pytest.mark.parametrize("dpi", [100, 200, 300])
def test_text_height_finds_the_resolution(dpi: int) -> None:
    """11-pt text rendered at 100/200/300 dpi is measured within 20% of its resolution."""
    height = text_height(_page(dpi))
    assert height is not None
    assert estimate_dpi(height) == pytest.approx(dpi, rel=0.2)


def test_a_shaded_cells_screen_dots_are_not_the_text_height() -> None:
    """A half-toned cell's dots (small crosses, outnumbering the letters) leave the letters' height measured.

    Before, their median set the height: a 100 dpi page read as ~35 dpi, upscaled 4x for Tesseract.
    """
    page = _page(100, lines=12)
    draw = ImageDraw.Draw(page)
    for y in range(360, 490, 6):
        for x in range(20, 580, 6):
            draw.line([(x, y + 1), (x + 2, y + 1)], fill=0)
            draw.line([(x + 1, y), (x + 1, y + 2)], fill=0)
    height = text_height(page)
    assert height is not None
    assert estimate_dpi(height) == pytest.approx(100, rel=0.2)


def test_blank_page_has_no_text_height() -> None:
    """A blank page (or noise) gives no measurement rather than a guess."""
    assert text_height(Image.new("L", (600, 800), 255)) is None
    rng = np.random.default_rng(1)
    assert text_height(Image.fromarray((rng.random((400, 300)) * 255).astype(np.uint8))) is None


def test_dpi_label_says_how_it_was_obtained() -> None:
    """The reason shows how the resolution was obtained; a stated one reads as before."""
    assert OcrPage((), 612, 792, 103, 0.0, "estimated; upscaled 2.5x").dpi_label == "103 (estimated; upscaled 2.5x)"
    assert OcrPage((), 612, 792, 200).dpi_label == "200"
    assert parse_osd("Rotate: 90\nOrientation confidence: 9.3\n") == 90
    assert parse_osd("Rotate: 180\nOrientation confidence: 0.4\n") == 0
    sideways = [Word("INSPECTION", 1, 10, 10 + 60 * i, 18, 70 + 60 * i, 90.0) for i in range(5)]
    upright = [Word("INSPECTION", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 20.0) for i in range(5)]
    assert turns_to_try((90, True), upright) == [(90, KEEP_TURNED)]  # sure: kept unless clearly worse
    # A sideways first reading's boxes are unusable: a turn reading fewer words surely still wins.
    assert turns_to_try((270, True), sideways) == [(270, SIDEWAYS_KEEP), (90, SIDEWAYS_KEEP)]  # then the other
    assert turns_to_try((0, False), sideways) == [(270, SIDEWAYS_KEEP), (90, SIDEWAYS_KEEP)]
    assert turns_to_try((180, False), upright) == [(180, UNSURE_GAIN)]  # unsure: kept only if clearly better
    read_well = [Word("INSPECTION", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 90.0) for i in range(5)]
    assert turns_to_try((0, False), read_well) == []
    # No answer on a page read mostly unsure: upside down is tried, kept only if clearly better.
    assert turns_to_try((0, False), upright) == [(180, UNSURE_GAIN)]


def test_a_page_osd_cannot_judge_and_read_mostly_unsure_is_read_upside_down_when_that_reads_better() -> None:
    """A 100 dpi statement upside down: OSD found too few characters; read turned, 70 sure words against 23."""
    page = Image.new("L", (40, 60), 255)
    unsure = [Word("ssaoinuaS", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 30.0 if i % 4 else 90.0) for i in range(12)]
    upright = [Word("Services", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 90.0) for i in range(12)]
    assert read_turned(page, unsure, (0, False), lambda _: upright) == (upright, 180)
    assert read_turned(page, unsure, (0, False), lambda _: unsure) == (unsure, 0)  # no better: left as read


def test_a_sure_quarter_turn_that_reads_worse_gives_way_to_the_other() -> None:
    """OSD was sure of 90 on a 100 dpi page scanned sideways: turned so, it read upside down (21 sure words of 144)."""
    sideways = [Word("INSPECTION", 1, 10, 10 + 60 * i, 18, 70 + 60 * i, 90.0) for i in range(8)]
    upright = [Word("INSPECTION", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 90.0) for i in range(8)]
    upside_down = [Word("NOLLOEdSNI", 1, 10 + 60 * i, 10, 70 + 60 * i, 18, 30.0) for i in range(8)]
    page = Image.new("L", (40, 60), 255)
    asked: list[tuple[int, int]] = []

    def read(turned: Image.Image) -> list[Word]:
        asked.append(turned.size)
        return upside_down if len(asked) == 1 else upright

    assert read_turned(page, sideways, (90, True), read) == (upright, 270)
    asked.clear()
    asked.append((0, 0))  # from now on every reading is upright
    assert read_turned(page, sideways, (270, True), read) == (upright, 270)
    assert len(asked) == 2  # a sure turn that reads is the page's: the other is not read


@pytest.mark.ocr
def test_low_resolution_scan_without_metadata(tmp_path: Path, tesseract_calls: list[tuple[str, int]]) -> None:
    """A 100 dpi page with no DPI: the --dpi given matches the pixels read, boxes stay in page points."""
    _page(100).save(tmp_path / "fax.png")  # PNG without pHYs: no DPI stated
    doc = extract(tmp_path / "fax.png", S)
    (page,) = doc.pages
    assert "estimated" in page.reason
    assert "upscaled" in page.reason
    for config, width in tesseract_calls:
        told = re.search(r"--dpi (\d+)", config)
        assert told is not None, config  # the estimate, labelled as one, is passed
        assert int(told.group(1)) * 600 / width == pytest.approx(100, rel=0.2)  # not 300
    assert page.width == pytest.approx(6 * 72, rel=0.2)  # 6 inches, whatever the upscale
    title = next(w for w in doc.words if w.text == "TOWER")
    assert title.x0 == pytest.approx(36, abs=6)
    assert title.top == pytest.approx(36, abs=6)
    assert sum(w.text == "antenna" for w in doc.words) >= 3


@pytest.mark.ocr
def test_page_without_text_gets_no_dpi(tmp_path: Path, tesseract_calls: list[tuple[str, int]]) -> None:
    """Nothing stated and nothing measurable: Tesseract gets no --dpi, and the reason says so."""
    Image.new("L", (500, 400), 255).save(tmp_path / "blank.png")
    (page,) = ocr_image_file(str(tmp_path / "blank.png"), S)
    assert tesseract_calls
    assert all("--dpi" not in c for c, _ in tesseract_calls)
    assert "unknown" in page.dpi_label


@pytest.mark.ocr
def test_stated_dpi_is_honoured(tmp_path: Path, tesseract_calls: list[tuple[str, int]]) -> None:
    """A file that states 150 dpi is read at 150 dpi: --dpi 150, boxes at 72/150."""
    _page(150, points=20, lines=12).save(tmp_path / "scan.png", dpi=(150, 150))
    (page,) = ocr_image_file(str(tmp_path / "scan.png"), S)
    assert [c for c, _ in tesseract_calls] == ["--psm 3 --dpi 150"]
    assert page.dpi == pytest.approx(150, abs=0.02)  # PNG stores pixels per metre: 150.01
    assert "(" not in page.dpi_label  # stated, read as is: the reason shows the bare number
    assert page.width == pytest.approx(900 * 72 / 150, rel=1e-3)


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_page_is_read_upright(tmp_path: Path, shared_corpus: Path, turn: int) -> None:
    """phototest.tif turned 90/180/270 degrees counter-clockwise is read right side up, with an upright page size."""
    base = shared_corpus / "tesseract-test" / "testing"
    upright = Image.open(base / "phototest.tif").convert("L")
    upright.rotate(turn, expand=True).save(tmp_path / "turned.png", dpi=(200, 200))
    (page,) = ocr_image_file(str(tmp_path / "turned.png"), S)
    gold = (base / "phototest.gold.txt").read_text().split()
    found = {w.text for w in page.words}
    assert sum(w in found for w in gold) >= 0.8 * len(gold)
    assert page.width > page.height
    assert f"turned {turn} degrees" in page.dpi_label
    assert all(0 <= w.x0 < w.x1 <= page.width + 1 and 0 <= w.top < w.bottom <= page.height + 1 for w in page.words)


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_small_print_turned_is_read_upright(tmp_path: Path, turn: int) -> None:
    """6-pt print on a 100 dpi page turned: OSD cannot judge it or is unsure, the reading itself still turns it.

    Sideways, the words are read in tall boxes; upside down, OSD's unsure 180 is tried and reads far better.
    """
    _page(100, points=6, lines=6).rotate(turn, expand=True).save(tmp_path / "turned.png")
    (page,) = ocr_image_file(str(tmp_path / "turned.png"), S)
    assert f"turned {turn} degrees" in page.dpi_label
    assert page.width > page.height
    found = {w.text for w in page.words}
    assert sum(w in found for line in LINES for w in line.split()) >= 0.8 * sum(len(line.split()) for line in LINES)

