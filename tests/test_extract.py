"""extract(): every file returns an ExtractedDoc or raises ExtractionError with a one-line reason."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.errors import ExtractionError
from towerkit.pipeline.worker import deadline

S = Settings(workers=0)


def _text_pdf(path: Path, pages: int = 2) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(pages):
        c.setFont("Helvetica", 11)
        for i in range(30):
            c.drawString(72, 740 - 14 * i, f"Line {i} of page {n + 1}: lease LA-{4400 + i} monthly rent $2,150.00")
        c.showPage()
    c.save()
    return path


def _scan_image(text: str = "FAA DETERMINATION NO HAZARD") -> Image.Image:
    img = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=48)
    for i in range(8):
        draw.text((150, 200 + 120 * i), f"{text} {i + 1}", fill=0, font=font)
    return img


def _reason(path: Path, settings: Settings = S) -> str:
    with pytest.raises(ExtractionError) as err:
        extract(path, settings)
    assert "\n" not in err.value.reason
    return err.value.reason


# --- bad files ---------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    """A 0-byte file fails as empty."""
    (tmp_path / "e.pdf").write_bytes(b"")
    assert _reason(tmp_path / "e.pdf") == "empty: 0 bytes"


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist fails as unreadable, not with FileNotFoundError."""
    assert _reason(tmp_path / "nope.pdf") == "unreadable: file not found"


def test_encrypted_with_user_password(tmp_path: Path) -> None:
    """A PDF that needs a user password fails as encrypted."""
    writer = pypdf.PdfWriter(clone_from=str(_text_pdf(tmp_path / "p.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(tmp_path / "locked.pdf")
    assert _reason(tmp_path / "locked.pdf") == "encrypted: password required"


def test_owner_password_only_is_ingested(tmp_path: Path) -> None:
    """A PDF encrypted with an empty user password (owner restrictions only) is read normally."""
    writer = pypdf.PdfWriter(clone_from=str(_text_pdf(tmp_path / "p.pdf")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    writer.write(tmp_path / "restricted.pdf")
    doc = extract(tmp_path / "restricted.pdf", S)
    assert doc.engine == "pdfplumber" and doc.route == "text"
    assert "LA-4400" in {w.text for w in doc.words}


def test_truncated_pdf(tmp_path: Path) -> None:
    """A PDF cut in half fails as truncated."""
    data = _text_pdf(tmp_path / "p.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert _reason(tmp_path / "cut.pdf").startswith("truncated: ")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    """Random bytes named .pdf are not a PDF, and nothing else usable either."""
    rng = random.Random(3)
    (tmp_path / "x.pdf").write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    assert _reason(tmp_path / "x.pdf") == "not a pdf: unrecognized content"


def test_zip_is_unsupported(tmp_path: Path) -> None:
    """A ZIP archive is refused as unsupported, naming what it is."""
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as z:
        z.writestr("a.txt", "hello")
    assert _reason(tmp_path / "bundle.zip") == "unsupported: ZIP archive"


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    idat = zlib.compress(b"\x00" * 64)
    body += struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    return b"\x89PNG\r\n\x1a\n" + body


def test_decompression_bomb_is_refused_from_the_header(tmp_path: Path) -> None:
    """A 30000x30000 PNG is refused before decoding, with its size in the reason."""
    (tmp_path / "bomb.png").write_bytes(_png_header(30000, 30000))
    # the file holds 64 bytes of pixel data: only the header can have produced this reason
    assert _reason(tmp_path / "bomb.png") == "too large: 30000x30000 px image exceeds 120000000 pixels"


def test_too_many_pages(tmp_path: Path) -> None:
    """A PDF over max_pages fails naming both numbers."""
    path = _text_pdf(tmp_path / "p.pdf", pages=3)
    assert _reason(path, Settings(workers=0, max_pages=2)) == "too many pages: 3 > 2"


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    """A .txt full of control bytes is refused (not text), never read as a log."""
    (tmp_path / "log.txt").write_bytes(bytes(range(1, 32)) * 50)
    assert _reason(tmp_path / "log.txt") == "unsupported: unrecognized content"


@pytest.mark.ocr
def test_missing_tesseract_is_ocr_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a tesseract binary an OCR page fails with the apt-get hint."""
    _scan_image().save(tmp_path / "scan.png")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    assert _reason(tmp_path / "scan.png") == (
        "ocr unavailable: tesseract not installed (apt-get install tesseract-ocr)"
    )


# --- good files --------------------------------------------------------------------------------


def test_text_pdf_routes_every_page_to_pdfplumber(tmp_path: Path) -> None:
    """A generated text PDF: every page text, words in page order, page records with signals."""
    doc = extract(_text_pdf(tmp_path / "p.pdf"), S)
    assert (doc.kind, doc.engine, doc.route, doc.page_count) == ("pdf", "pdfplumber", "text", 2)
    assert doc.route_reason == "pdf: 2 pages text layer"
    assert [w.page for w in doc.words] == sorted(w.page for w in doc.words)
    p1 = doc.pages[0]
    assert p1.chars > 1000 and p1.unmapped_ratio == 0 and p1.image_coverage == 0
    assert p1.reason.startswith("text layer: ") and p1.seconds > 0


def test_extraction_is_deterministic(tmp_path: Path) -> None:
    """The same file gives the same words, pages and reason twice."""
    path = _text_pdf(tmp_path / "p.pdf")
    a, b = extract(path, S), extract(path, S)
    assert a.words == b.words and a.route_reason == b.route_reason
    assert [(p.route, p.chars, p.char_density) for p in a.pages] == [
        (p.route, p.chars, p.char_density) for p in b.pages
    ]


def test_legacy_log_records_its_encoding(tmp_path: Path) -> None:
    """A cp1252 field log goes to the text engine with its encoding recorded."""
    log = "2019-03-04  Technician: José Peña\r\nActivity: beacon lamp replaced — façade OK\r\n" * 3
    (tmp_path / "field.log").write_bytes(log.encode("cp1252"))
    doc = extract(tmp_path / "field.log", S)
    assert (doc.kind, doc.engine, doc.encoding) == ("text", "text", "cp1252")
    assert "Peña" in {w.text for w in doc.words}


@pytest.mark.ocr
def test_png_named_pdf_is_ocred_and_the_mislabel_noted(tmp_path: Path) -> None:
    """A PNG named .pdf is OCRed as the image it is; route_reason says the name lied."""
    _scan_image().save(tmp_path / "permit.pdf", format="PNG", dpi=(200, 200))
    doc = extract(tmp_path / "permit.pdf", S)
    assert (doc.kind, doc.engine, doc.route) == ("image", "tesseract", "ocr")
    assert "named as pdf but is PNG image" in doc.route_reason
    assert "DETERMINATION" in {w.text for w in doc.words}


@pytest.mark.ocr
def test_scanned_page_inside_a_text_pdf_is_ocred_alone(tmp_path: Path) -> None:
    """Page 2 (a scan with a stray page number) is OCRed; pages 1 and 3 keep their text layer."""
    buf = io.BytesIO()
    _scan_image().save(buf, format="PNG")
    c = canvas.Canvas(str(tmp_path / "mixed.pdf"), pagesize=letter)
    for n in (1, 2, 3):
        if n == 2:
            c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=612, height=792)
            c.setFont("Helvetica", 8)
            c.drawString(300, 20, "2")  # the stray page number on the scan
        else:
            c.setFont("Helvetica", 11)
            for i in range(30):
                c.drawString(72, 740 - 14 * i, f"Inspection line {i}: guy wire tension within tolerance")
        c.showPage()
    c.save()
    doc = extract(tmp_path / "mixed.pdf", S)
    assert [p.route for p in doc.pages] == ["text", "ocr", "text"]
    assert [p.engine for p in doc.pages] == ["pdfplumber", "tesseract", "pdfplumber"]
    assert doc.engine == "pdfplumber"
    assert doc.route_reason.startswith("pdf: 3 pages: 2 text layer, 1 ocr (page 2: image covers 100%")
    ocr_words = [w for w in doc.words if w.page == 2]
    assert "DETERMINATION" in {w.text for w in ocr_words}
    assert all(w.conf is not None for w in ocr_words)
    assert all(w.conf is None for w in doc.words if w.page != 2)


# --- the real public corpus --------------------------------------------------------------------

FAST_CASES = {
    "pdfplumber/tests/pdfs/empty.pdf": "empty: 0 bytes",
    "pdfplumber/tests/pdfs/password-example.pdf": "encrypted: password required",
    "pdfminer.six/samples/encryption/aes-256-r6.pdf": "encrypted: password required",
    "pdfminer.six/samples/encryption/rc4-40.pdf": "encrypted: password required",
    "OCRmyPDF/tests/resources/invalid.pdf": "corrupt: no xref (cross-reference table)",
    "pdfplumber/tests/pdfs/issue-948.zip": "unsupported: ZIP archive",
    "OCRmyPDF/tests/resources/tagged.odt": "unsupported: OpenDocument file",
    "pdfminer.six/samples/contrib/XIPLAYER0.jb2": "unsupported: JBIG2 bitstream",
    "pdfminer.six/samples/encryption/base.pdf": "pdf: 1 page text layer",
    "pdfminer.six/samples/zen_of_python_corrupted.pdf": "pdf: 1 page text layer",
    "pdfminer.six/samples/contrib/issue-625-identity-cmap.pdf": "pdf: 2 pages text layer",
    "pdfplumber/tests/pdfs/issue-297-example.pdf": "pdf: 1 page text layer (1 blank)",
    "OCRmyPDF/tests/resources/linn.txt": "text: 2 pages legacy text (utf-8)",
}


@pytest.mark.parametrize("rel", sorted(FAST_CASES))
def test_public_corpus_subset(shared_corpus: Path, rel: str) -> None:
    """Real broken and odd files give the expected one-line reason or route summary."""
    try:
        outcome = extract(shared_corpus / rel, S).route_reason
    except ExtractionError as e:
        outcome = e.reason
    assert outcome == FAST_CASES[rel]


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        (
            "pdfminer.six/samples/contrib/issue-791-non-unicode-cmap.pdf",
            "pdf: 1 page ocr (100% unmapped glyphs (broken font encoding))",
        ),
        (
            "pdfplumber/tests/pdfs/malformed-from-issue-932.pdf",
            "pdf: 1 page ocr (image covers 100% and only 7 usable chars)",
        ),
        ("tesseract-test/testing/phototest.tif", "image: 1 page ocr (TIFF image, 200 dpi)"),
    ],
)
def test_public_corpus_ocr_routes(shared_corpus: Path, rel: str, expected: str) -> None:
    """A broken cmap, a scan with a date stamp and a TIFF scan are OCRed, with their reasons."""
    doc = extract(shared_corpus / rel, S)
    assert doc.route_reason == expected and doc.engine == "tesseract" and doc.words


@pytest.mark.parametrize("after_s", [0.3, 0.6, 0.9])
def test_a_deadline_inside_pdfplumber_is_not_mistaken_for_a_broken_page(shared_corpus: Path, after_s: float) -> None:
    """The worker's deadline raised mid-parse surfaces as timeout, not corrupt or OCR, even where
    pdfplumber wraps it in its own PdfminerException or pdfminer swallows one alarm.
    """
    with pytest.raises(ExtractionError) as err, deadline(after_s, "i1040nr.pdf"):
        extract(shared_corpus / "pdfminer.six/samples/nonfree/i1040nr.pdf", S)  # ~9 s of pdfplumber
    assert err.value.kind == "timeout"
