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

Huge logs (``read_log``): a multi-gigabyte legacy log is never held whole. Its head — the lines of
the first ``analysis_pages`` printer pages, the part fields, type and layout are read from — is paged
as above; the rest is read in windows of about ``WINDOW_CHARS`` characters, each window one page
whose words stream straight to the stored-only rows (``columns.StoredOnlyBuilder``), so the worker's
memory does not grow with the file. A log is decoded with the encoding its first ``GUESS_BYTES``
decide (later bytes that do not fit it become U+FFFD); in the windows a form feed is a word gap.
Logs whose lines all fit the head come out exactly as ``extract_text`` reads them whole.
"""

from __future__ import annotations

import codecs
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from towerkit.columns import StoredOnlyBuilder
from towerkit.engines.budget import NO_PROGRESS, Progress
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


def lines_to_words(text: str, *, page: int = 1, page_lines: int = LINES_PER_PAGE) -> Iterator[tuple[int, int, Word]]:
    """(page, line on page, word) for every whitespace-separated word, in reading order. Pure.

    ``page`` numbers the first page; a page holds ``page_lines`` lines (a huge log's window: all of them).
    """
    line_no = 0
    # Not str.splitlines(): it also breaks at form feeds, which here mean "new page".
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                page, line_no = page + 1, 0
            if line_no >= page_lines:
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
    _check_binary(glyphs, unmapped)
    words, pages = _paged(text, encoding, glyphs, unmapped, started)
    return words, pages, encoding


def _check_binary(glyphs: int, unmapped: int) -> None:
    if glyphs and unmapped / glyphs > MAX_BINARY_SHARE:
        raise ExtractionError("not_text", f"{unmapped / glyphs:.0%} control characters (binary content)")


def _paged(text: str, encoding: str, glyphs: int, unmapped: int, started: float) -> tuple[list[Word], list[PageRecord]]:
    """Words and 66-line printer pages of decoded text (a whole small log, or a huge log's head)."""
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
    return words, pages


WINDOW_CHARS = 1 << 20
"""Characters in one window of a huge log past its head (one page each): 1 MiB of text is about
150,000 words, ~25 MB while they are turned into rows; a 2 GB log is ~2,000 pages, under ``max_pages``."""


def read_log(
    stream: BinaryIO,
    *,
    head_lines: int,
    max_pages: int,
    later: StoredOnlyBuilder,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[Word], list[PageRecord], str]:
    """Words of the head, page records of the whole log, and its encoding; bounded memory.

    Args:
        stream: the log, opened binary, at its start.
        head_lines: lines read as printer pages and analysed (``analysis_pages`` x ``LINES_PER_PAGE``).
        max_pages: pages (head pages and windows) past which the log fails as ``too_many_pages``.
        later: takes the words of every window past the head, as rows.
        progress: called as each window starts (the stall timer of ``engines.budget``).

    """
    started = time.perf_counter()
    sample = stream.read(GUESS_BYTES)
    complete = len(sample) < GUESS_BYTES
    if complete:  # a log that fits the sample: decided and read exactly as extract_text does
        text, encoding = decode(sample)
        if text.count("\n") < head_lines:
            return extract_text(sample)
    encoding = _decide(sample, complete=complete)
    lines = _lines(_decoded(stream, sample, encoding))
    head = "\n".join(line for _, line in zip(range(head_lines), lines, strict=False))
    glyphs, unmapped = text_signals(head)
    _check_binary(glyphs, unmapped)
    delimiter = delimiter_of(head)
    words, pages = _paged(head, encoding, glyphs, unmapped, started)
    for window in _windows(lines):
        page = len(pages) + 1
        if page > max_pages:
            raise ExtractionError("too_many_pages", f"log longer than {max_pages} pages of {WINDOW_CHARS} chars")
        progress(page)
        begun = time.perf_counter()
        text = "\n".join(window)
        g, u = text_signals(text)
        glyphs, unmapped = glyphs + g, unmapped + u
        body = window if delimiter is None else align(text, delimiter).split("\n")
        chunk = _window_words(body, page)
        later.add(chunk, [])
        chars = g  # non-whitespace characters: the words' letters
        height = max(1, len(window)) * TEXT_CELL_H
        pages.append(
            PageRecord(
                page=page,
                route="text",
                engine="text",
                width=PAGE_WIDTH,
                height=height,
                chars=chars,
                char_density=round(chars / (PAGE_WIDTH * height / 100.0), 4),
                unmapped_ratio=0.0,
                image_coverage=0.0,
                reason=f"text file ({encoding}): {chars} chars, window of {len(window)} lines",
                seconds=round(time.perf_counter() - begun, 6),
            )
        )
    _check_binary(glyphs, unmapped)
    return words, pages, encoding


_WORD = re.compile(r"\S+")
"""A word of a log line: what ``str.split()`` splits on (a form feed inside a window is a word gap)."""


def _window_words(lines: list[str], page: int) -> list[Word]:
    """The words of one window, line ``n`` at ``top = n * TEXT_CELL_H`` (``lines_to_words``'s cells). Pure.

    The same cells as ``lines_to_words`` with the whole window as one page, at about half its cost:
    a 2 GB log is ~300 million words.
    """
    words: list[Word] = []
    add = words.append
    for n, raw in enumerate(lines):
        line = raw.expandtabs(8) if "\t" in raw else raw
        top = n * TEXT_CELL_H
        bottom = top + TEXT_CELL_H
        for m in _WORD.finditer(line):
            add(Word(m.group(), page, m.start() * TEXT_CELL_W, top, m.end() * TEXT_CELL_W, bottom))
    return words


def _decide(sample: bytes, *, complete: bool) -> str:
    """The encoding of a log from its first bytes (``decode``'s rules; the sample may end mid-character)."""
    if complete:
        return decode(sample)[1]
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" in sample:
        utf16 = utf16_without_bom(sample)
        if utf16 is None:
            raise ExtractionError("not_text", "NUL bytes in a text file (binary content)")
        return utf16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return _guess(sample[: sample.rfind(b"\n") + 1] or sample)[1]
    return "utf-8"


def _decoded(stream: BinaryIO, sample: bytes, encoding: str) -> Iterator[str]:
    """The log's text, a chunk of at most ``GUESS_BYTES`` bytes at a time."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    chunk = sample
    while chunk:
        yield decoder.decode(chunk)
        chunk = stream.read(GUESS_BYTES)
    yield decoder.decode(b"", final=True)


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines of chunked text (CRLF, CR and LF all end one); a line longer than a window is cut there."""
    carry = ""
    for chunk in chunks:
        text = (carry + chunk).replace("\r\n", "\n")
        # A CR at the very end may be the first half of a CRLF split across chunks: keep it for later.
        cut = len(text) - 1 if text.endswith("\r") else len(text)
        parts = text[:cut].replace("\r", "\n").split("\n")
        carry = parts.pop() + text[cut:]
        yield from parts
        while len(carry) > WINDOW_CHARS:
            yield carry[:WINDOW_CHARS]
            carry = carry[WINDOW_CHARS:]
    tail = carry.replace("\r", "\n").split("\n")
    if tail[-1] == "":
        tail.pop()
    yield from tail


def _windows(lines: Iterator[str]) -> Iterator[list[str]]:
    """Consecutive lines grouped into windows of about ``WINDOW_CHARS`` characters."""
    window: list[str] = []
    size = 0
    for line in lines:
        window.append(line)
        size += len(line) + 1
        if size >= WINDOW_CHARS:
            yield window
            window, size = [], 0
    if window:
        yield window
