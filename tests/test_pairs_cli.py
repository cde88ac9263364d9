# ruff: noqa: S101, PLR2004, INP001, S603
"""``towerkit pairs``: label -> value pairs of files without a database, boxes in the file's own units."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from towerkit.config import Settings
from towerkit.engines.extract import extract

KEYS = {"path", "page", "label", "value", "label_box", "value_box", "confidence", "kind"}
SCAN = "0000971160.png"
"""A FUNSD training form: a fax-quality scan (~77 dpi measured, no DPI metadata), so points and
pixels differ by about 7%."""
PIXEL_TOLERANCE = 6.0
"""How far (pixels) a value's left edge may sit from plain Tesseract's box of its first word: OCR box
jitter between an upscaled and a native reading. Points on this scan are ~0.93 px: 20-40 px off mid-page."""
LINE_TOLERANCE = 15.0
"""How far (pixels) the tops may differ: a value's box spans its tallest word, and a fax's native
reading misplaces some words by half a line."""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", "pairs", *args], capture_output=True, text=True, timeout=600, check=False
    )


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "ground_truth.jsonl").read_text().splitlines() if line.strip()]


def _pick(root: Path, **want: object) -> Path:
    row = next(r for r in _truth(root) if all(r.get(k) == v for k, v in want.items()))
    return root / row["file"]


@pytest.fixture(name="scan", scope="module")
def _scan(shared_corpus: Path) -> Path:
    path = shared_corpus / "funsd-train" / "images" / SCAN
    if not path.is_file():
        pytest.skip(f"{path} missing")
    return path


def test_json_lines_of_a_text_pdf_carry_every_key_in_points(sample_corpus: Path) -> None:
    """Each pair of a text PDF is one JSON line with the documented keys, boxes inside the page in points."""
    pdf = _pick(sample_corpus, route="text", format="pdf", expect_status="ingested")
    done = _cli(str(pdf), "--json")
    assert done.returncode == 0, done.stderr
    rows = _lines(done.stdout)
    assert len(rows) >= 5
    pages = {p.page: p for p in extract(pdf, Settings(workers=0)).pages}
    for r in rows:
        assert set(r) == KEYS
        assert r["path"] == str(pdf)
        assert r["label"]
        assert r["value"]
        assert 0.0 < r["confidence"] <= 1.0
        page = pages[r["page"]]
        for box in (r["label_box"], r["value_box"]):
            x0, top, x1, bottom = box
            assert 0 <= x0 <= x1 <= page.width + 0.5, box
            assert 0 <= top <= bottom <= page.height + 0.5, box


@pytest.mark.ocr
def test_image_boxes_are_pixels_where_tesseract_puts_the_words(scan: Path) -> None:
    """On a scan, value boxes are in the image's pixels: inside its size, where plain Tesseract finds the words."""
    done = _cli(str(scan), "--json")
    assert done.returncode == 0, done.stderr
    rows = _lines(done.stdout)
    assert len(rows) >= 5
    with Image.open(scan) as img:
        width, height = img.size
        data = pytesseract.image_to_data(img, output_type=pytesseract.Output.DICT)
    words: dict[str, list[tuple[int, int]]] = {}
    for text, left, top in zip(data["text"], data["left"], data["top"], strict=True):
        if text.strip():
            words.setdefault(text.strip(), []).append((left, top))
    near = far = 0
    for r in rows:
        x0, top, x1, bottom = r["value_box"]
        assert 0 <= x0 < x1 <= width, r
        assert 0 <= top < bottom <= height, r
        first = r["value"].split()[0]
        if first not in words:
            continue
        gaps = [abs(left - x0) for left, wtop in words[first] if abs(wtop - top) <= LINE_TOLERANCE]
        near += bool(gaps) and min(gaps) <= PIXEL_TOLERANCE
        far += bool(gaps) and min(gaps) > PIXEL_TOLERANCE
    assert near >= 4, (near, far)
    assert near >= 3 * far, (near, far)


@pytest.mark.ocr
def test_a_scan_turned_sideways_gives_the_boxes_of_the_upright_image(scan: Path, tmp_path: Path) -> None:
    """A scan saved a quarter turn off is read upright; its boxes are those of the upright image's pixels."""
    turned = tmp_path / "sideways.png"
    with Image.open(scan) as img:
        img.rotate(90, expand=True).save(turned)
    upright = {(r["label"], r["value"]): r["value_box"] for r in _lines(_cli(str(scan), "--json").stdout)}
    sideways = {(r["label"], r["value"]): r["value_box"] for r in _lines(_cli(str(turned), "--json").stdout)}
    same = set(upright) & set(sideways)
    assert len(same) >= 5
    for key in same:
        assert all(abs(a - b) <= 2.0 for a, b in zip(upright[key], sideways[key], strict=True)), key


def test_bad_files_cost_one_line_each_and_the_others_still_print(sample_corpus: Path, tmp_path: Path) -> None:
    """Every unreadable input gets one stderr line naming it; good files still print; exit status 1."""
    good = _pick(sample_corpus, route="text", format="pdf", expect_status="ingested")
    log = _pick(sample_corpus, format="log", expect_status="ingested")
    bad_image = tmp_path / "scan.png"
    bad_image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    word_doc = tmp_path / "notes.docx"
    word_doc.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    bad = [
        str(tmp_path / "missing.pdf"),
        str(tmp_path),
        *(str(_pick(sample_corpus, broken=kind)) for kind in ("empty", "encrypted", "truncated", "random_bytes")),
        str(bad_image),
        str(word_doc),
    ]
    done = _cli(bad[0], str(good), *bad[1:], str(log), "--json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = done.stderr.splitlines()
    assert len(errors) == len(bad), errors
    for path, line in zip(bad, errors, strict=True):
        assert line.startswith(f"towerkit: {path}: "), line
    assert "empty" in errors[2]
    assert "encrypted" in errors[3]
    printed = {r["path"] for r in _lines(done.stdout)}
    assert printed == {str(good), str(log)}


def test_table_output_names_each_file_and_its_units(sample_corpus: Path) -> None:
    """Without --json each file gets a heading with its pair count and box unit, then aligned columns."""
    pdf = _pick(sample_corpus, route="text", format="pdf", expect_status="ingested")
    done = _cli(str(pdf))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{pdf}: ")
    assert "points" in lines[0]
    header = lines[1]
    assert header.split()[:5] == ["page", "kind", "conf", "label", "value"]
    value_at = header.index("value")
    body = [line for line in lines[2:] if line.strip()]
    assert len(body) == int(lines[0].split(": ")[1].split()[0])
    assert all(line[value_at - 2 : value_at] == "  " for line in body)


def test_help_explains_pairs_and_units_without_loading_the_engines() -> None:
    """``pairs --help`` says what a pair is and the box units; importing the command loads no engine."""
    done = _cli("--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "A pair is a label and the value" in text
    assert "PDF points" in text
    assert "pixels of the image" in text
    probe = (
        "import sys, towerkit.cli.pairs_cmd; "
        "print(sorted(m for m in ('pdfplumber', 'pypdfium2', 'pytesseract', 'rapidfuzz', 'PIL') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert loaded.stdout.strip() == "[]"
