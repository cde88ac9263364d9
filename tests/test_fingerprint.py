"""Layout fingerprints from hand-built words: values ignored, layouts told apart, deterministic."""

# ruff: noqa: S101, PLR2004, INP001, S311, S603  pytest asserts on literals; tests/ is no package; seeded shuffles, not secrets; the subprocess runs this interpreter

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from layouts import HEADINGS, INSPECTION, form, values

from towerkit.drift.fingerprint import (
    consensus,
    fingerprint,
    from_shingles,
    minhash,
    normalize_token,
    signature_similarity,
    similarity,
    static_words,
)
from towerkit.fields.glyphs import ocr_fold
from towerkit.models import Word


def test_values_do_not_change_the_fingerprint() -> None:
    """Two documents of one template with different numbers, dates and names share one exact fingerprint."""
    a, b = fingerprint(*form(values(1))), fingerprint(*form(values(7)))
    assert a.exact == b.exact
    assert similarity(a, b) == 1.0


def test_values_are_dropped_even_without_field_boxes() -> None:
    """Words after a label's colon (a name, a number) are values even when no field box marks them."""
    words, _ = form(values(3))
    kept = {w.text for w in static_words(words)}
    assert {"site", "name", "structure", "height", "max", "capacity"} <= kept
    assert not kept & {"marsh", "creek", "water", "ft", "pass", "fail"}


def test_word_order_does_not_matter() -> None:
    """The same words in any order give the same fingerprint."""
    words, fields = form(values(2))
    shuffled = list(words)
    random.Random(4).shuffle(shuffled)
    assert fingerprint(words, fields) == fingerprint(shuffled, fields)


def test_uniform_shift_is_not_a_new_layout() -> None:
    """A whole page offset by a scan margin keeps the exact fingerprint (positions are page-relative)."""
    assert fingerprint(*form(values(1))).exact == fingerprint(*form(values(1), dx=13, dy=9)).exact


def test_moved_and_renamed_fields_lower_similarity_but_stay_in_family() -> None:
    """A moved or renamed field changes the fingerprint but keeps it above a 0.55 match threshold."""
    base = fingerprint(*form(values(1)))
    moved = fingerprint(*form(values(1), moves={"structure_height_ft": (250, 60)}))
    renamed = fingerprint(*form(values(1), labels={"structure_height_ft": "Overall Height:"}))
    for other in (moved, renamed):
        assert other.exact != base.exact
        assert 0.55 <= similarity(base, other) < 1.0


def test_a_different_template_is_dissimilar() -> None:
    """Another vendor's form with other labels and headings scores far below the threshold."""
    layout = (
        ("site_id", "Tower Number", 60, 100),
        ("structure_height_ft", "Overall AGL", 60, 130),
        ("inspection_date", "Visit", 60, 160),
    )
    other = fingerprint(
        *form(values(1), layout=layout, headings=(("Northwind Engineering LLC", 200, 40), ("Climb report", 200, 60)))
    )
    assert similarity(fingerprint(*form(values(1))), other) < 0.2


def test_low_confidence_ocr_words_are_ignored() -> None:
    """OCR garbage below the confidence floor does not change the fingerprint."""
    words, fields = form(values(1), conf=93.0)
    noise = [Word("Xq#k", 1, 400, 500, 420, 510, 12.0), Word("lll", 1, 20, 700, 30, 710, 30.0)]
    assert fingerprint(words, fields).exact == fingerprint(words + noise, fields).exact


def test_normalize_token_folds_case_accents_and_punctuation() -> None:
    """OCR and text-layer spellings of one label normalize to the same token."""
    assert normalize_token("Height:") == normalize_token("HEIGHT") == "height"
    assert normalize_token("Émission,") == "emission"


def test_minhash_estimates_jaccard() -> None:
    """The 64-value MinHash agrees with the exact Jaccard within sampling error."""
    a = from_shingles(f"s{i}" for i in range(200))
    b = from_shingles(f"s{i}" for i in range(100, 300))
    assert abs(signature_similarity(a.signature, b.signature) - 1 / 3) < 0.15
    assert similarity(a, b) == 100 / 300


def test_minhash_is_the_same_in_another_process() -> None:
    """Signatures use blake2b, not hash(): a fresh interpreter (new hash seed) computes the same values."""
    code = "from towerkit.drift.fingerprint import minhash; print(list(minhash(['a|1', 'b|2', 'c|3'])))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout
    assert out.strip() == str(list(minhash(["a|1", "b|2", "c|3"])))


def test_consensus_keeps_the_static_core() -> None:
    """Shingles in fewer than half of the documents (a stray name) leave the consensus."""
    fps = [fingerprint(*form(values(i), extra=((f"Note{'x' * i}", 72, 400),))) for i in range(4)]
    core = consensus(fps)
    assert not any("notex" in s for s in core.shingles)
    assert core.exact == fingerprint(*form(values(0))).exact


def _draw_form(path: Path, values_: dict[str, str], shift: float = 0.0) -> None:
    """A one-page inspection form drawn with reportlab (labels at fixed places, values after them)."""
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415  deferred: reportlab, only the OCR test draws PDFs
    from reportlab.pdfgen import canvas  # noqa: PLC0415  deferred: reportlab

    c = canvas.Canvas(str(path), pagesize=letter)
    h = letter[1]
    c.setFont("Helvetica-Bold", 14)
    for text, x, y in HEADINGS[:2]:
        c.drawString(x, h - y - 12 - shift, text)
    c.setFont("Helvetica", 11)
    c.drawString(HEADINGS[2][1], h - HEADINGS[2][2] - 10 - shift, HEADINGS[2][0])
    for name, label, x, y in INSPECTION:
        c.drawString(x, h - y - 10 - shift, label)
        c.drawString(x + 110, h - y - 10 - shift, values_[name])
    c.save()


def _ocr_words(pdf: Path, dpi: int = 200, angle: float = 0.0) -> list[Word]:
    """Tesseract's words of a PDF's first page, rendered at ``dpi``, rotated ``angle`` degrees and blurred."""
    import pypdfium2 as pdfium  # noqa: PLC0415  deferred: pypdfium2, pytesseract and PIL serve only the OCR test
    import pytesseract  # noqa: PLC0415  deferred: pytesseract
    from PIL import Image, ImageFilter  # noqa: PLC0415  deferred: PIL

    page = pdfium.PdfDocument(str(pdf))[0]
    img = page.render(scale=dpi / 72).to_pil().convert("L")
    if angle:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    data = pytesseract.image_to_data(img, config="--psm 3", output_type=pytesseract.Output.DICT)
    k = 72 / dpi
    return [
        Word(
            t,
            1,
            data["left"][i] * k,
            data["top"][i] * k,
            (data["left"][i] + data["width"][i]) * k,
            (data["top"][i] + data["height"][i]) * k,
            float(data["conf"][i]),
        )
        for i, t in enumerate(data["text"])
        if t.strip()
    ]


@pytest.mark.ocr
def test_scans_match_each_other_and_the_text_layer(tmp_path: Path) -> None:
    """Real Tesseract output of scanned forms (blurred, 0.6° skew) matches the text-layer fingerprint."""
    import pdfplumber  # noqa: PLC0415  deferred: pdfplumber, as the OCR helpers defer their libraries
    from reportlab.pdfgen import canvas  # noqa: PLC0415  deferred: reportlab

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    fps_text, fps_ocr = [], []
    for i in range(2):
        pdf = tmp_path / f"f{i}.pdf"
        _draw_form(pdf, values(i), shift=4 * i)
        with pdfplumber.open(pdf) as doc:
            words = [Word(w["text"], 1, w["x0"], w["top"], w["x1"], w["bottom"]) for w in doc.pages[0].extract_words()]
        fps_text.append(fingerprint(words))
        fps_ocr.append(fingerprint(_ocr_words(pdf, angle=0.6 * i)))
    other_layout = tmp_path / "other.pdf"
    c = canvas.Canvas(str(other_layout))
    for j, text in enumerate(
        [
            "Northwind Engineering LLC",
            "Tower climb report",
            "Tower Number: 7781",
            "Overall AGL: 150",
            "Visit: 2024-02-02",
            "Signed off by the lead climber",
        ]
    ):
        c.drawString(80, 760 - 22 * j, text)
    c.save()
    fp_other = fingerprint(_ocr_words(other_layout))
    assert fps_text[0].exact == fps_text[1].exact
    assert similarity(fps_ocr[0], fps_ocr[1]) >= 0.75
    assert min(similarity(fps_text[0], f) for f in fps_ocr) >= 0.75
    assert max(similarity(f, fp_other) for f in fps_ocr) < 0.2


def test_ocr_fold_joins_confusable_glyphs() -> None:
    """rn/m, li/h, 1/l/i and e/c read by Tesseract fold to one form; different letters stay different."""
    assert ocr_fold("appheant") == ocr_fold("applicant")
    assert ocr_fold("perrnit") == ocr_fold("permit")
    assert ocr_fold("1d") == ocr_fold("id") == ocr_fold("ld")
    assert ocr_fold("lessor") != ocr_fold("lessee")
