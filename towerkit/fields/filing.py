"""Which site a document is filed under: the id it prints, or its folder's when a scan misread the id.

A corpus is ``ROOT/<zone>/<site_id>/<file>`` (DESIGN.md), so every document comes with two answers: the
site id it prints and the folder it was filed in. A document that prints another site than its folder's
may be misfiled, and then what it says wins. But a scan that reads ``US-TX-9454`` in a folder named
``US-TX-9451``, ``CCO-49410`` in ``CO-49410`` or ``0-50937`` in ``CO-50937`` (a glyph dropped, and the
``O`` read as the ``0`` it looks like), has misread a glyph: two real sites' ids one glyph apart are far
rarer than Tesseract slips, and the folder is what the operator typed. Pure.
"""

from __future__ import annotations

from towerkit.fields.glyphs import misread, ocr_fold


def _key(site: str) -> str:
    return "".join(c for c in site.upper() if c.isalnum())


def _cut(printed: str, raw: str) -> bool:
    """Whether the scan's reading ran into a glyph no id holds right at the id (``US-Ks-/413`` gave ``413``).

    The printed id is then only the part after the garbled glyph: a fragment, no evidence of another site.
    """
    at = raw.upper().find(printed.upper())
    if at < 0:
        return False
    before, after = raw[at - 1 : at], raw[at + len(printed) : at + len(printed) + 1]
    return any(c and not c.isspace() and not c.isalnum() and c not in "-_.,:;()#" for c in (before, after))


def document_site(printed: str | None, folder: str | None, *, scanned: bool, raw: str | None = None) -> str | None:
    """The site a document belongs to: ``printed`` unless a scan misread the folder's id, else the folder.

    ``raw`` is the text the printed id was read from, when known: an id cut out of a garbled reading is
    no site of its own.
    """
    if not printed:
        return folder
    if not folder or not scanned:
        return printed
    if raw and _cut(printed, raw):
        return folder
    a, b = _key(printed), _key(folder)
    if a == b or not a or not b:
        return printed
    return folder if misread(a, b) or misread(ocr_fold(a), ocr_fold(b)) else printed
