"""Content sniffing: magic bytes decide, the extension only hints."""

from __future__ import annotations

import io
import os
import random

import pytest
from PIL import Image

from towerkit.engines.sniff import is_text, sniff


def _image_bytes(fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, format=fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "label"),
    [("PNG", "PNG image"), ("JPEG", "JPEG image"), ("TIFF", "TIFF image"), ("GIF", "GIF image"), ("BMP", "BMP image")],
)
def test_real_images_are_recognized(fmt: str, label: str) -> None:
    """Images written by Pillow are recognized by their magic bytes, whatever their name."""
    s = sniff(_image_bytes(fmt), "scan.bin")
    assert (s.kind, s.mime_label, s.mislabelled) == ("image", label, False)


def test_big_endian_tiff() -> None:
    r"""A Motorola-order TIFF (MM\0*) is an image too."""
    assert sniff(b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 40, "x.tif").kind == "image"


def test_png_named_pdf_is_a_mislabelled_image() -> None:
    """A PNG named .pdf is an image, flagged as mislabelled, with the claim recorded."""
    s = sniff(_image_bytes("PNG"), "permit.PDF")
    assert (s.kind, s.mislabelled, s.claimed) == ("image", True, "pdf")


def test_pdf_header_after_junk() -> None:
    """A PDF header within the first KiB counts (readers accept leading junk)."""
    assert sniff(b"\r\n" * 100 + b"%PDF-1.7\n", "a.pdf").kind == "pdf"
    assert sniff(b"x" * 2000 + b"%PDF-1.7\n", "a.pdf").kind != "pdf"


def test_zip_docx_odt() -> None:
    """ZIP archives, OOXML and OpenDocument files are told apart and none is 'text'."""
    assert sniff(b"PK\x03\x04" + b"\x00" * 26 + b"foo.txt", "a.zip").mime_label == "ZIP archive"
    assert sniff(b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml", "a.docx").kind == "document"
    odt = b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text"
    assert sniff(odt, "a.odt").mime_label == "OpenDocument file"


def test_text_in_several_encodings() -> None:
    """UTF-8, cp1252 and UTF-16 (with BOM) logs are text; text starting 'BM' is not a bitmap."""
    assert sniff("Tower 12 — light OK\n".encode(), "log.dat").kind == "text"
    assert sniff("Bézier façade naïve\r\n".encode("cp1252"), "log").kind == "text"
    assert sniff("\ufeffsite NY-1\n".encode("utf-16"), "log.txt").kind == "text"
    assert sniff(b"BMW lease notes\n", "notes.txt").kind == "text"


def test_random_bytes_are_unknown() -> None:
    """Random binary is not text and not any known format."""
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    s = sniff(data, "report.pdf")
    assert (s.kind, s.mime_label, s.mislabelled) == ("unknown", "unrecognized content", True)
    assert not is_text(os.urandom(0))


def test_unknown_extension_is_never_mislabelled() -> None:
    """An extension we do not know makes no claim."""
    assert sniff(b"%PDF-1.4", "doc.weird").mislabelled is False


def test_bomless_utf16_is_text_but_nul_padded_binary_is_not() -> None:
    """NULs on every other byte are UTF-16 text; NULs scattered anywhere else are binary."""
    assert is_text("Tower log line\r\n".encode("utf-16-le") * 20)
    assert not is_text(b"\x00\x00\x01\x02abc" * 100)
