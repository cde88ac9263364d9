"""The sample generator's broken-encoding font: Bitstream Vera with its codes moved out of meaning.

Shared by ``draw`` (which measures and draws text through it) and ``render_pdf`` (which registers
it with reportlab), so neither imports the other.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

VERA_DIR = Path(reportlab.__file__).parent / "fonts"
PUA = 0xE000
"""Start of the Unicode private-use area, where no code point has a meaning."""
PUA_SPAN = 0x1800
"""Code points below this (Latin, Greek, Cyrillic, punctuation) move into the PUA; U+E000 + 0x1800 still fits it."""


def pua_font(path: Path) -> io.BytesIO:
    """Vera with its cmap moved into the private-use area (U+E000 + code point).

    Text drawn through it (``pua_text``) renders as the normal glyphs, but the PDF's codes carry
    no meaning: with the ``/ToUnicode`` map stripped, pdfminer prints ``(cid:NN)`` and pypdfium2
    control characters, as real PDFs with broken font encodings do.
    """
    font = FontToolsFont(str(path), recalcTimestamp=False)
    best = font.getBestCmap()
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = {PUA + cp: glyph for cp, glyph in best.items() if cp < PUA_SPAN}
    out = io.BytesIO()
    font.save(out)
    out.seek(0)
    return out


def pua_text(s: str) -> str:
    """``s`` in the private-use code points that ``pua_font`` maps to the normal glyphs."""
    return "".join(chr(PUA + ord(c)) if ord(c) < PUA_SPAN else c for c in s)


def register_vera() -> None:
    """Register ``Vera``/``VeraBd`` (PUA-mapped) with reportlab once per process."""
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", pua_font(VERA_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", pua_font(VERA_DIR / "VeraBd.ttf")))
