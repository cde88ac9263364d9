"""Legacy text logs: decode, then give every word a fixed character cell.

Field technicians' logs come as plain text in whatever code page the old system used. Decoding:
a BOM decides (UTF-8, UTF-16 LE/BE); NULs on every other byte mean BOM-less UTF-16; else strict
UTF-8; else EBCDIC (cp037) or DOS cp437 when their signatures are plain; else cp1252 for
Latin-script text, charset-normalizer's guess for other scripts, latin-1 as the last resort (it
decodes any byte). The encoding is recorded.

Layout: column ``c`` (after expanding tabs to 8) is ``x0 = c * TEXT_CELL_W`` and line ``n`` of its
page is ``top = n * TEXT_CELL_H``. Pages are 66 lines — the line-printer page these logs were
formatted for (66 lines x 12 pt = 792 pt, a letter page) — and a form feed starts a new page, so
a 10,000-line log does not become one page 120,000 points tall.
"""

from __future__ import annotations

import codecs
import logging
import time
import unicodedata
from collections.abc import Iterator

from towerkit.engines.delimited import align, delimiter_of
from towerkit.engines.probe import text_signals
from towerkit.engines.sniff import utf16_without_bom
from towerkit.errors import ExtractionError
from towerkit.models import TEXT_CELL_H, TEXT_CELL_W, PageRecord, Word

log = logging.getLogger(__name__)

LINES_PER_PAGE = 66
PAGE_WIDTH = 612.0
PAGE_HEIGHT = LINES_PER_PAGE * TEXT_CELL_H
MAX_BINARY_SHARE = 0.05
"""Share of control characters (after decoding) above which the content is binary, not a log."""

GUESS_BYTES = 1 << 20
"""Bytes charset-normalizer sees: 1 MiB decides an encoding as well as the whole file."""
ASCII_MAX = 127
"""Code points above this are non-ASCII: only those tell code pages apart."""
EBCDIC_MIN_BYTES = 32
"""Fewer bytes than this are too few to call a file EBCDIC."""
EBCDIC_SPACE_SHARE = 0.08
"""Share of 0x40 (EBCDIC space) bytes above which, with almost no ASCII spaces, a file is EBCDIC."""
EBCDIC_MAX_ASCII_SPACES = 0.01
"""Share of ASCII spaces below which a file with many 0x40 bytes is EBCDIC."""
HIGH_BYTE = 0x80
"""The first byte outside ASCII."""
CP437_MIN_HIGH = 4
"""High bytes needed before box-drawing shares mean anything."""
CP437_BOX_FIRST, CP437_BOX_LAST = 0xB3, 0xDA
"""The DOS (cp437) box-drawing range."""
CP437_BOX_SHARE = 0.6
"""Share of high bytes in the box-drawing range above which the file is cp437."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a legacy log's bytes. Raises ExtractionError('not_text') for binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise ExtractionError("not_text", f"bad {encoding} after its byte-order mark") from e
    if b"\x00" in data:
        utf16 = utf16_without_bom(data)
        if utf16 is None:
            raise ExtractionError("not_text", "NUL bytes in a text file (binary content)")
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as e:
            raise ExtractionError("not_text", f"NUL bytes and not valid {utf16}") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _guess(data)
    return text, encoding


def _guess(data: bytes) -> tuple[str, str]:
    """A code page for bytes that are not UTF-8.

    charset-normalizer cannot tell Western code pages apart on short logs (a cp1252 log of
    "José Peña, façade" comes back as cp1250: "Peńa"), so for Latin-script text cp1252 — the
    code page of US Windows-era systems — wins whenever it decodes the bytes. DOS logs with
    box-drawing characters are cp437. Other scripts (Cyrillic, Greek, CJK...) keep the guesser's
    answer.
    """
    if _looks_ebcdic(data):
        return data.decode("cp037"), "cp037"
    if _looks_cp437(data):
        return data.decode("cp437"), "cp437"
    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        cp1252 = None
    guess = _normalizer_guess(data)
    if guess is not None and (cp1252 is None or not _mostly_latin(guess[0])):
        return guess
    if cp1252 is not None:
        return cp1252, "cp1252"
    return data.decode("latin-1"), "latin-1"


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        # Deferred: charset-normalizer is third-party and slow to import, and only legacy logs that
        # are neither UTF-8 nor clearly a code page need it.
        from charset_normalizer import from_bytes  # noqa: PLC0415  third-party, rarely needed

        best = from_bytes(data[:GUESS_BYTES]).best()
        if best is None:
            return None
        name = codecs.lookup(best.encoding).name
        return data.decode(name), name
    except ExtractionError:
        raise  # the worker's deadline
    except Exception as e:  # noqa: BLE001  a guesser failure (or a guess that does not decode) falls back
        log.debug("charset-normalizer gave no usable guess: %s", e)
        return None


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if ord(c) > ASCII_MAX and c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= len(letters) / 2


def _looks_ebcdic(data: bytes) -> bool:
    """Mainframe exports: 0x40 (EBCDIC space, ASCII '@') everywhere and no ASCII spaces."""
    n = len(data)
    return (
        n >= EBCDIC_MIN_BYTES
        and data.count(0x40) > EBCDIC_SPACE_SHARE * n
        and data.count(0x20) < EBCDIC_MAX_ASCII_SPACES * n
    )


def _looks_cp437(data: bytes) -> bool:
    """DOS box drawing (0xB3-0xDA) makes up most of the high bytes."""
    high = [b for b in data if b >= HIGH_BYTE]
    if len(high) < CP437_MIN_HIGH:
        return False
    box = sum(1 for b in high if CP437_BOX_FIRST <= b <= CP437_BOX_LAST)
    return box >= CP437_BOX_SHARE * len(high)


def lines_to_words(text: str) -> Iterator[tuple[int, int, Word]]:
    """(page, line on page, word) for every whitespace-separated word, in reading order. Pure."""
    page, line_no = 1, 0
    # Not str.splitlines(): it also breaks at form feeds, which here mean "new page".
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                page, line_no = page + 1, 0
            if line_no >= LINES_PER_PAGE:
                page, line_no = page + 1, 0
            line = part.expandtabs(8)
            col = 0
            for token in line.split():
                col = line.index(token, col)
                top = line_no * TEXT_CELL_H
                yield (
                    page,
                    line_no,
                    Word(token, page, col * TEXT_CELL_W, top, (col + len(token)) * TEXT_CELL_W, top + TEXT_CELL_H),
                )
                col += len(token)
            line_no += 1


_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}


def extract_text(data: bytes) -> tuple[list[Word], list[PageRecord], str]:
    """Words, page records and encoding of a legacy text file's bytes.

    A delimited export (``engines.delimited``) is laid out in aligned columns first, so its header
    words sit over their values as in any printed table.
    """
    started = time.perf_counter()
    text, encoding = decode(data)
    glyphs, unmapped = text_signals(text)
    if glyphs and unmapped / glyphs > MAX_BINARY_SHARE:
        raise ExtractionError("not_text", f"{unmapped / glyphs:.0%} control characters (binary content)")
    delimiter = delimiter_of(text)
    layout = "" if delimiter is None else f", {_DELIMITER_NAMES[delimiter]}-separated columns aligned"
    words: list[Word] = []
    per_page: dict[int, int] = {}
    for page, _line, word in lines_to_words(text if delimiter is None else align(text, delimiter)):
        words.append(word)
        per_page[page] = per_page.get(page, 0) + len(word.text)
    n_pages = max(per_page, default=1)
    elapsed = (time.perf_counter() - started) / n_pages
    area = PAGE_WIDTH * PAGE_HEIGHT / 100.0
    pages = [
        PageRecord(
            page=p,
            route="text",
            engine="text",
            width=PAGE_WIDTH,
            height=PAGE_HEIGHT,
            chars=per_page.get(p, 0),
            char_density=round(per_page.get(p, 0) / area, 4),
            unmapped_ratio=round(unmapped / glyphs, 4) if glyphs else 0.0,
            image_coverage=0.0,
            reason=f"text file ({encoding}): {per_page.get(p, 0)} chars{layout}",
            seconds=round(elapsed, 6),
        )
        for p in range(1, n_pages + 1)
    ]
    return words, pages, encoding
