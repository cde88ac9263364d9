"""Draw a planned document into PDF bytes with reportlab, reproducibly.

``invariant=1`` fixes reportlab's creation date and document id, so the same document gives the
same bytes on every run. ``font='Vera'`` draws every word with reportlab's bundled Bitstream Vera
TrueType font (embedded as a subset): the broken-encoding sample strips that font's ``/ToUnicode``
map afterwards (see ``break_text_layer``).
"""

from __future__ import annotations

import io
import re

from reportlab.pdfgen.canvas import Canvas

from towerkit.sample.draw import PAGE_H, PAGE_W, Sheet
from towerkit.sample.fonts import register_vera
from towerkit.sample.model import Doc
from towerkit.sample.templates import BY_KEY


def new_canvas(buf: io.BytesIO, title: str) -> Canvas:
    """A letter-size canvas with fixed metadata and ``invariant=1``, so its bytes never vary."""
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("towerkit sample generator")
    c.setCreator("towerkit.sample")
    return c


def render(doc: Doc, *, font: str | None = None) -> bytes:
    """The document as a text-layer PDF; fills ``doc.truth`` with what was printed."""
    tpl = BY_KEY[f"{doc.issuer}/{doc.doc_type}"]
    if tpl.render is None:
        raise ValueError(f"{tpl.key} writes text logs (towerkit.sample.textlog), not PDFs")
    if font == "Vera":
        register_vera()
    buf = io.BytesIO()
    canvas = new_canvas(buf, f"{doc.doc_type} {doc.site.site_id}")
    sheet = Sheet(canvas, font=font or tpl.font)
    doc.truth.clear()
    doc.printed.clear()
    tpl.render(sheet, doc)
    canvas.showPage()
    canvas.save()
    doc.extra["pages"] = sheet.pages
    return buf.getvalue()


_TOUNICODE = re.compile(rb"/ToUnicode \d+ 0 R")


def break_text_layer(pdf: bytes) -> bytes:
    """Blank out every ``/ToUnicode`` reference (same length, so the xref offsets stay valid).

    Without the map a subset TrueType font's codes (assigned 0, 1, 2... in order of first use)
    extract as control characters or junk letters: the text layer exists but means nothing.
    """
    out = _TOUNICODE.sub(lambda m: b" " * len(m.group(0)), pdf)
    if out == pdf:
        raise RuntimeError("no /ToUnicode map found to strip")
    return out
