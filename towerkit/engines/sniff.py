"""What a file really is, from its first bytes; the extension is only a hint.

Pure: ``sniff(head, name)`` looks at bytes already read (``HEAD_BYTES`` is enough) and a file name.
Users rename files, scanners write ``.pdf`` for a PNG, and legacy exports are ``.dat``; the content
decides the engine, and ``mislabelled`` records when the extension claimed something else so the
route reason can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

Kind = Literal["pdf", "image", "text", "archive", "document", "unknown"]

HEAD_BYTES = 8192
"""Bytes to read for sniffing: enough for the text heuristic to see a few dozen lines."""

PDF_SCAN_BYTES = 1024
"""The PDF header may follow up to 1 KiB of junk (PDF 1.7, Annex H.3 note); readers accept it."""

TEXT_MIN_PRINTABLE = 0.95
"""Share of printable bytes above which the head is text; random bytes score about 0.6."""

BMP_HEADER_END = 18
"""Bytes up to the end of the BMP DIB header's size field (file header 14 + 4)."""

UTF16_MIN_UNITS = 8
"""Two-byte units needed before the NUL parity of a BOM-less UTF-16 guess means anything."""

_EXT_KIND: dict[str, Kind] = {
    ".pdf": "pdf",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp"), "image"),
    **dict.fromkeys((".txt", ".log", ".csv", ".dat", ".md", ".text", ".asc", ".prn"), "text"),
    **dict.fromkeys((".zip", ".gz", ".7z", ".rar"), "archive"),
    **dict.fromkeys((".docx", ".xlsx", ".pptx", ".doc", ".xls", ".odt", ".ods"), "document"),
}

_MAGIC: tuple[tuple[bytes, Kind, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image", "PNG image"),
    (b"\xff\xd8\xff", "image", "JPEG image"),
    (b"II*\x00", "image", "TIFF image"),
    (b"MM\x00*", "image", "TIFF image"),
    (b"GIF87a", "image", "GIF image"),
    (b"GIF89a", "image", "GIF image"),
    (b"BM", "image", "BMP image"),
    (b"\x1f\x8b", "archive", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive", "7z archive"),
    (b"Rar!\x1a\x07", "archive", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "document", "legacy Office document (OLE2)"),
    (b"\x97JB2\r\n\x1a\n", "unknown", "JBIG2 bitstream"),
)


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The content's kind (which engine can read it), a human label, and whether the name lied."""

    kind: Kind
    mime_label: str
    mislabelled: bool = False
    claimed: Kind | None = None
    """What the extension claimed (None for an unknown extension)."""


def sniff(head: bytes, name: str) -> Sniffed:
    """Classify a file by its first bytes; the extension only sets ``claimed``/``mislabelled``.

    Args:
        head: the file's first bytes (``HEAD_BYTES`` suffice; fewer work).
        name: the file name or path, for its extension.

    """
    claimed = _EXT_KIND.get(PurePath(name).suffix.lower())
    kind, label = _content_kind(head)
    return Sniffed(kind, label, mislabelled=claimed is not None and claimed != kind, claimed=claimed)


def _content_kind(head: bytes) -> tuple[Kind, str]:
    if b"%PDF-" in head[:PDF_SCAN_BYTES]:
        return "pdf", "PDF document"
    for magic, kind, label in _MAGIC:
        if head.startswith(magic):
            if label == "BMP image" and not _plausible_bmp(head):
                continue
            return kind, label
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_label(head)
    if is_text(head):
        return "text", "text"
    return "unknown", "unrecognized content"


def _plausible_bmp(head: bytes) -> bool:
    """'BM' is also how plenty of text starts ('BMW', 'BM-1234'): require a sane DIB header size."""
    return len(head) >= BMP_HEADER_END and int.from_bytes(head[14:BMP_HEADER_END], "little") in _DIB_HEADER_SIZES


def _zip_label(head: bytes) -> tuple[Kind, str]:
    if b"mimetypeapplication/vnd.oasis.opendocument" in head[:200]:
        return "document", "OpenDocument file"
    if b"[Content_Types].xml" in head or b"word/" in head or b"xl/" in head or b"ppt/" in head:
        return "document", "Office Open XML document"
    return "archive", "ZIP archive"


def is_text(head: bytes) -> bool:
    """True if the bytes look like text in UTF-8, UTF-16 (with a BOM) or a single-byte code page.

    A NUL byte means binary unless the text is UTF-16 (a BOM, or NULs on every other byte). Bytes
    0x80-0xFF count as printable (Latin-1/cp1252 logs); C0 control bytes other than tab, newline,
    CR, form feed and escape do not.
    """
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return utf16_without_bom(head) is not None
    bad = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return 1 - bad / len(head) >= TEXT_MIN_PRINTABLE


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NULs sit on one byte parity, as in UTF-16 Latin text."""
    sample = data[:HEAD_BYTES]
    half = len(sample) // 2
    if half < UTF16_MIN_UNITS:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.7 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.7 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


_DIB_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)
"""The sizes a real BMP's DIB header has (BITMAPCOREHEADER to BITMAPV5HEADER)."""

_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B)) + b"\x7f"
