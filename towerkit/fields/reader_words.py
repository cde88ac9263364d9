"""The words as the layout reader takes them: ``KEY=VALUE`` exports cut apart, a scan's dust dropped.

A text layer's words are read as they are; a scan's are cleaned first, because Tesseract names every
speck of dust and reads a leader's dots as letters (``cee ee tenets``), and either would otherwise
pair with what is around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from statistics import median

from towerkit.fields.layout import Line, build_lines, cut_word
from towerkit.fields.reading import merge_dot_runs
from towerkit.models import ExtractedDoc, Word

_EQUALS = re.compile(r"^([A-Za-z_][\w.\-/ ]*?)\s*=\s*(.*)$")

DUST_HEIGHT_SHARE = 0.3
"""Share of a line's print height under which a one-character word is dust (a full stop is ~0.15, a
colon or a lower-case letter 0.5 or more)."""
FLAT_GLYPHS = frozenset("-_–—=~")  # noqa: RUF001 - the en dash is a glyph a scan reads
"""Glyphs printed flat, whose low box says nothing."""
SPECK_CHARS = frozenset("'\"\u2018\u2019“”`,.·•°^~*")
"""Marks that, standing alone on a scan, are dust read as a glyph: quotes, commas, stops, bullets."""


def scan_words(doc: ExtractedDoc) -> list[Word]:
    """A document's words as the reader reads a scan: leader dots merged, dust dropped (text layers as they are)."""
    return dedusted(build_lines(doc.words)) if doc.route == "ocr" else list(doc.words)


def dedusted(lines: Sequence[Line]) -> list[Word]:
    """A scan's words with each leader's dots merged into one token and lone dust marks dropped."""
    heights = {line.index: _print_height(line.words) for line in lines}
    by_page: dict[int, list[float]] = {}
    for line in lines:
        if heights[line.index]:
            by_page.setdefault(line.page, []).append(heights[line.index])
    page_ref = {page: median(hs) for page, hs in by_page.items()}
    # A line of nothing but a mark has no print of its own to measure it by: the page's print serves.
    ref = {id(w): heights[line.index] or page_ref.get(line.page, 0.0) for line in lines for w in line.words}
    noise = {id(w) for line in lines if _noise(line.words) for w in line.words}
    words = merge_dot_runs(lines) or [w for line in lines for w in line.words]
    return [w for w in words if not _speck(w, ref.get(id(w), 0.0)) and id(w) not in noise]


NOISE_CONF = 30.0
"""OCR confidence under which every word of a line of three or more is no reading: a rule of stars, a halftone."""
NOISE_WORDS = 3
"""Words a line needs for all of them unsure to make it noise: one or two unsure words may be a faint value."""


def _noise(words: Sequence[Word]) -> bool:
    """A line Tesseract read as words it was sure of none of (``MEER EEE CERES`` for ``*********``)."""
    return len(words) >= NOISE_WORDS and all(w.conf is not None and w.conf < NOISE_CONF for w in words)


def _print_height(words: Sequence[Word]) -> float:
    """The median height of a line's words of two or more letters or digits: its print size."""
    hs = [w.bottom - w.top for w in words if sum(map(str.isalnum, w.text)) >= 2]  # noqa: PLR2004
    return median(hs) if hs else 0.0


def _speck(w: Word, ref: float) -> bool:
    """A lone mark of dust on a scan: one or two characters, all specks, or one glyph a fraction of the line high.

    ``2`` or ``:`` in a box a point tall beside 6-point print is dust whatever Tesseract named it; dashes
    are flat by nature, so their height says nothing. Two tiny letters (``oe``) are left: they are more
    often a short leader's dots, which pair what is around them (a longer leader is merged first). A
    line of nothing but one mark is measured by the page's print.
    """
    if len(w.text) > 2:  # noqa: PLR2004 - "''" is as much dust as "'"
        return False
    tiny = len(w.text) == 1 and w.bottom - w.top < DUST_HEIGHT_SHARE * ref and w.text not in FLAT_GLYPHS
    return set(w.text) <= SPECK_CHARS or tiny


def split_equals(words: Iterable[Word]) -> list[Word]:
    """Words with ``KEY=VALUE`` cut into ``KEY``, ``=``, ``VALUE`` (INI-style exports glue them)."""
    out: list[Word] = []
    for w in words:
        m = _EQUALS.match(w.text) if "=" in w.text and not w.text.startswith("=") else None
        if m is None or len(w.text) < 2:  # noqa: PLR2004
            out.append(w)
            continue
        eq = w.text.index("=", m.end(1))
        spans = [m.span(1), (eq, eq + 1)] + ([m.span(2)] if m[2] else [])
        out.extend(cut_word(w, spans))
    return out
