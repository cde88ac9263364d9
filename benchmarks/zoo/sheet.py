"""A reportlab canvas with a flowing cursor, letterheads and footers shared by the PDF families.

Families place text themselves (that *is* the layout), but every one needs the same chores: a page
size and fonts chosen per issuer, a page break when the cursor reaches the bottom margin, a
letterhead naming an invented issuer, and a deterministic file (``invariant=1``: same seed, same bytes).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from benchmarks.zoo import facts as fx
from benchmarks.zoo.facts import chance

FONTS = (("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"), ("Courier", "Courier-Bold"))
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def unicode_font() -> str | None:
    """A registered TTF with ballot-box glyphs (☐ ☒), or None where DejaVu is not installed."""
    if "ZooSans" in pdfmetrics.getRegisteredFontNames():
        return "ZooSans"
    path = _DEJAVU / "DejaVuSans.ttf"
    if not path.is_file():
        return None
    pdfmetrics.registerFont(TTFont("ZooSans", str(path)))
    return "ZooSans"


class Sheet:
    """One PDF being written: cursor ``y`` runs from the top margin down; ``need`` breaks pages."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.buf = io.BytesIO()
        size: tuple[float, float] = letter if chance(rng, 0.8) else A4
        self.w, self.h = float(size[0]), float(size[1])
        self.c = canvas.Canvas(self.buf, pagesize=(self.w, self.h), invariant=1)
        self.font, self.bold = rng.choice(FONTS) if chance(rng, 0.85) else FONTS[0]
        self.size = rng.choice((9.0, 9.5, 10.0, 10.5, 11.0))
        self.left = rng.uniform(48, 76)
        self.right = self.w - rng.uniform(48, 76)
        self.top = self.h - rng.uniform(46, 70)
        self.bottom = rng.uniform(56, 76)
        self.y = self.top
        self.page = 1
        self.on_new_page: list[str] = []  # lines repeated at the top of continuation pages

    @property
    def width(self) -> float:
        """Usable width between the margins."""
        return self.right - self.left

    def text(
        self, x: float, y: float, s: str, *, bold: bool = False, size: float | None = None, font: str | None = None
    ) -> float:
        """Draw ``s`` with its baseline at ``y``; return its width."""
        name = font or (self.bold if bold else self.font)
        sz = size or self.size
        self.c.setFont(name, sz)
        self.c.drawString(x, y, s)
        return float(pdfmetrics.stringWidth(s, name, sz))

    def width_of(self, s: str, *, bold: bool = False, size: float | None = None) -> float:
        """Width of ``s`` in the sheet's font."""
        return float(pdfmetrics.stringWidth(s, self.bold if bold else self.font, size or self.size))

    def fit(self, s: str, room: float, *, bold: bool = False, size: float | None = None) -> float:
        """The largest font size ≤ ``size`` at which ``s`` fits in ``room`` points (forms shrink text)."""
        sz = size or self.size
        while sz > 5.5 and self.width_of(s, bold=bold, size=sz) > room:  # noqa: PLR2004
            sz -= 0.5
        return sz

    def need(self, height: float) -> None:
        """Break the page when ``height`` more points would cross the bottom margin."""
        if self.y - height < self.bottom:
            self.new_page()

    def new_page(self) -> None:
        """Footer, page break, and the continuation header."""
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = self.top
        for line in self.on_new_page:
            self.text(self.left, self.y, line, size=self.size - 1)
            self.y -= self.size + 6

    def line_down(self, gap: float | None = None) -> None:
        """Move the cursor one text line down."""
        self.y -= gap if gap is not None else self.size * self.rng.uniform(1.45, 1.9)

    def paragraph(self, s: str, *, indent: float = 0.0, size: float | None = None) -> None:
        """Wrapped prose at the cursor."""
        sz = size or self.size
        for ln in simpleSplit(s, self.font, sz, self.width - indent):
            self.need(sz + 4)
            self.text(self.left + indent, self.y, ln, size=sz)
            self.y -= sz * 1.35

    def rule(self, weight: float = 0.6) -> None:
        """A horizontal rule across the text width at the cursor."""
        self.c.setLineWidth(weight)
        self.c.line(self.left, self.y + self.size * 0.6, self.right, self.y + self.size * 0.6)

    def letterhead(self, issuer: str, title: str) -> None:
        """Issuer block, title and an optional reference line, as many letterheads do."""
        rng = self.rng
        street = f"{rng.randint(100, 9899)} {rng.choice(('Commerce', 'Main', 'Industrial', 'Oak'))}"
        addr = (
            f"{street} {rng.choice(('St.', 'Pkwy', 'Blvd', 'Drive'))}, {rng.choice(fx.TOWNS)}, {rng.choice(fx.STATES)}"
        )
        centred = chance(rng, 0.5)
        big = self.size + rng.choice((3, 4, 6))
        for s, bold, sz in ((issuer, True, big), (addr, False, self.size - 1)):
            x = (self.w - self.width_of(s, bold=bold, size=sz)) / 2 if centred else self.left
            self.text(x, self.y, s, bold=bold, size=sz)
            self.y -= sz + 4
        if chance(rng, 0.6):
            self.rule(rng.choice((0.5, 1.0, 1.5)))
        self.y -= 14
        shown = title.upper() if chance(rng, 0.5) else title
        tsz = self.size + rng.choice((2, 3, 5))
        x = (self.w - self.width_of(shown, bold=True, size=tsz)) / 2 if chance(rng, 0.6) else self.left
        self.text(x, self.y, shown, bold=True, size=tsz)
        self.y -= tsz + rng.uniform(10, 22)

    def signature(self) -> None:
        """A closing signature block: text that carries no field."""
        self.need(60)
        self.y -= 18
        self.text(self.left, self.y, "_" * 28)
        self.y -= self.size + 3
        self.text(self.left, self.y, self.rng.choice(("Authorized Signature", "Reviewed by", "Signed")))
        self.y -= self.size + 6

    def footer(self) -> None:
        """Page number and a confidentiality line."""
        sz = self.size - 2
        self.text(self.left, self.bottom - 24, self.rng.choice(("Confidential", "For internal use", "")), size=sz)
        label = f"Page {self.page}"
        self.text(self.right - self.width_of(label, size=sz), self.bottom - 24, label, size=sz)

    def finish(self) -> bytes:
        """Close the document and return its bytes."""
        self.footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()
