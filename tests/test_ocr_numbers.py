"""Identifiers printed as a letter code before digits, which Tesseract's number dictionary reads as digits."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.engines.ocr_numbers import letters_for_digits, worth_rereading
from towerkit.engines.tessdata import (
    LSTM_NUMBER_DAWG,
    TessdataError,
    _tessdata_dir,
    digitless_tessdata,
    without_component,
)
from towerkit.fields import extract_fields, load_catalog
from towerkit.fields.normalize import norm_id
from towerkit.models import Classification, Word

CODES = ("Z452648", "Z695031", "Z2019-0412", "Z318804", "Z770162")


def _container(parts: dict[int, bytes], slots: int = 24) -> bytes:
    offsets = [-1] * slots
    at = 4 + 8 * slots
    for slot in sorted(parts):
        offsets[slot] = at
        at += len(parts[slot])
    return struct.pack(f"<i{slots}q", slots, *offsets) + b"".join(parts[s] for s in sorted(parts))


def test_a_component_is_left_out_and_the_others_keep_their_bytes() -> None:
    blob = _container({17: b"network", 20: b"numbers", 23: b"4.00"})
    assert without_component(blob, 20) == _container({17: b"network", 23: b"4.00"})
    assert without_component(blob, 5) == blob  # no such component: the model as it was


def test_a_file_that_is_no_model_is_refused() -> None:
    with pytest.raises(TessdataError):
        without_component(b"\x00\x01", LSTM_NUMBER_DAWG)
    with pytest.raises(TessdataError):
        without_component(struct.pack("<i", 10**6) + b"x" * 64, LSTM_NUMBER_DAWG)


def test_only_unsure_words_of_digits_are_read_again() -> None:
    def w(text: str, conf: float | None) -> Word:
        return Word(text, 1, 0, 0, 50, 10, conf)

    assert worth_rereading(w("2452648", 65.0)) and worth_rereading(w("22019-0412", 59.0))
    assert not worth_rereading(w("2452648", 97.0))  # read surely
    assert not worth_rereading(w("2452648", None))  # a text layer says what was printed
    assert not worth_rereading(w("180", 20.0)) and not worth_rereading(w("11/09/2024", 20.0))


def test_only_letters_in_place_of_leading_digits_replace_a_reading() -> None:
    assert letters_for_digits("2452648", "Z452648")
    assert letters_for_digits("6429234", "£429234")  # a faint E read as a pound sign
    assert letters_for_digits("22019-0412", "Z2019-0412")
    assert not letters_for_digits("2452648", "Z2452648")  # one glyph read twice: not the same word
    assert not letters_for_digits("2452648", "2452648")
    assert not letters_for_digits("2452648", "Z45264B")  # a digit further in changed as well
    assert not letters_for_digits("2452648", "ZZZZZZZ")


def test_a_code_s_letter_is_kept_and_a_pattern_that_wants_digits_still_gets_them() -> None:
    permit = load_catalog().fields["permit_number"].pattern
    assert norm_id("Z452648", permit).value == "Z452648"
    assert norm_id("£429234", permit).value == "E429234"
    assert norm_id("AR-O159", permit).value == "AR-0159"  # inside a code the repair stands
    assert norm_id("I234567", r"\d{7}").value == "1234567"
    assert norm_id("S234567", r"\d{7}").value == "5234567"


def test_the_copied_model_lacks_only_the_number_dictionary() -> None:
    folder, system = digitless_tessdata("eng"), _tessdata_dir()
    assert folder is not None and system is not None
    source = (system / "eng.traineddata").read_bytes()
    copy = (Path(folder) / "eng.traineddata").read_bytes()
    assert copy == without_component(source, LSTM_NUMBER_DAWG) != source
    assert (Path(folder) / "configs" / "tsv").is_file()  # pytesseract asks for its output format by config name


def _permit_scan(path: Path) -> Path:
    """Permit numbers in Helvetica on a bilevel 256 dpi scan fed 1.6 degrees askew, as the layout zoo's scans are."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 11)
    for i, code in enumerate(CODES):
        c.drawString(72, 700 - 24 * i, "Permit No." if i == 0 else "Reference No.")
        c.drawString(200, 700 - 24 * i, code)
    c.save()
    image = pdfium.PdfDocument(buf.getvalue())[0].render(scale=256 / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(1.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image.point(lambda v: 255 if v > 150 else 0).convert("1").save(path, dpi=(256, 256))
    return path


def test_letter_coded_permit_numbers_are_read_with_their_letter(tmp_path: Path) -> None:
    """Read as a page, Tesseract gave a ``2`` for the ``Z`` of four of the five codes; read alone, each has its ``Z``."""
    doc = extract(_permit_scan(tmp_path / "permit.png"), Settings(workers=0))
    words = {w.text for w in doc.words}
    assert len(words & set(CODES)) >= 4, sorted(words)
    assert "Z452648" in words
    got = {f.field: f.value for f in extract_fields(doc, Classification("municipal_permit", "x", 1.0), load_catalog())}
    assert got.get("permit_number") == "Z452648", got


def test_a_reading_again_that_fails_leaves_the_page_s_reading(tmp_path: Path) -> None:
    """The model copy removed under a running ingest made Tesseract fail: the word stays as the page read it."""
    from PIL import Image as PILImage

    from towerkit.engines.ocr_numbers import reread_numbers
    from towerkit.errors import ExtractionError

    def broken(path: str) -> list[Word]:
        raise ExtractionError("ocr_unavailable", "tesseract language 'eng' not installed")

    word = Word("2452648", 1, 10.0, 10.0, 60.0, 20.0, 40.0)
    page = PILImage.new("L", (200, 100), 255)
    assert reread_numbers(page, [word], 0.5, str(tmp_path), broken) == [word]
