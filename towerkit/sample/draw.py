"""A thin reportlab canvas wrapper in top-left coordinates, the frame pdfplumber reports words in.

Templates place labels and values with ``y`` measured down from the top of the page, so a
template's numbers read like the ``top`` values the fingerprint and drift code will see. ``dx``/
``dy`` shift everything drawn through the wrapper: a minor template revision is the same drawing
code with a small shift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from towerkit.sample.fonts import pua_text

PAGE_W, PAGE_H = letter
BASELINE_DROP = 0.8
"""The baseline sits 0.8 em below ``y``, so the tops of the letters land close to ``y``."""
LEADING = 1.35
"""Paragraph line spacing as a multiple of the font size."""


@dataclass
class Sheet:
    """One PDF being drawn; ``font`` is the body font family (``Helvetica``, ``Times``, ``Courier``)."""

    canvas: Canvas
    font: str = "Helvetica"
    size: float = 10.0
    dx: float = 0.0
    dy: float = 0.0
    pages: int = field(default=1)

    @property
    def bold(self) -> str:
        """The bold face of the body font (reportlab names differ per family)."""
        return {"Times": "Times-Bold", "Courier": "Courier-Bold", "Vera": "VeraBd"}.get(self.font, "Helvetica-Bold")

    @property
    def regular(self) -> str:
        """The regular face of the body font (``Times`` is ``Times-Roman`` in reportlab)."""
        return {"Times": "Times-Roman"}.get(self.font, self.font)

    def new_page(self) -> None:
        """End the page and count it (``doc.extra['pages']`` reads the count)."""
        self.canvas.showPage()
        self.pages += 1

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        size: float | None = None,
        bold: bool = False,
        font: str | None = None,
        align: str = "left",
    ) -> float:
        """Draw ``s`` with its top at ``y``; returns the x where it ends."""
        f = font or (self.bold if bold else self.regular)
        sz = size or self.size
        if f.startswith("Vera"):  # the broken-encoding sample: glyphs right, codes meaningless
            s = pua_text(s)
        w: float = stringWidth(s, f, sz)
        px = x + self.dx
        if align == "center":
            px -= w / 2
        elif align == "right":
            px -= w
        self.canvas.setFont(f, sz)
        self.canvas.drawString(px, PAGE_H - (y + self.dy) - sz * BASELINE_DROP, s)
        return px + w - self.dx

    def width(self, s: str, *, size: float | None = None, bold: bool = False) -> float:
        """The width ``text`` would draw ``s`` at, for wrapping."""
        f = self.bold if bold else self.regular
        if f.startswith("Vera"):
            s = pua_text(s)
        w: float = stringWidth(s, f, size or self.size)
        return w

    def label_value(
        self,
        x: float,
        y: float,
        label: str,
        value: str,
        *,
        gap: float = 6.0,
        value_x: float | None = None,
        bold_label: bool = True,
    ) -> None:
        """``Label: value`` on one line; ``value_x`` aligns values in a column when given."""
        end = self.text(x, y, label, bold=bold_label)
        self.text(value_x if value_x is not None else end + gap, y, value)

    def below(self, x: float, y: float, label: str, value: str, *, box_w: float = 0.0) -> None:
        """A small label with its value on the line below (boxed forms); ``box_w`` draws the box."""
        if box_w:
            self.rect(x - 4, y - 3, box_w, self.size + 19)
        self.text(x, y, label, size=self.size - 2.5)
        self.text(x, y + 9, value)

    def rect(self, x: float, y: float, w: float, h: float, *, width: float = 0.7) -> None:
        """An unfilled box with its top-left corner at ``(x, y)``."""
        self.canvas.setLineWidth(width)
        self.canvas.rect(x + self.dx, PAGE_H - (y + self.dy) - h, w, h, stroke=1, fill=0)

    def hline(self, x0: float, x1: float, y: float, *, width: float = 0.8) -> None:
        """A horizontal rule at ``y`` (a layout's letterhead divider)."""
        self.canvas.setLineWidth(width)
        self.canvas.line(x0 + self.dx, PAGE_H - (y + self.dy), x1 + self.dx, PAGE_H - (y + self.dy))

    def grid(
        self,
        x: float,
        y: float,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        row_h: float = 18.0,
        header: bool = False,
        size: float | None = None,
    ) -> float:
        """A fully ruled table (every cell boxed, so pdfplumber's lattice finder sees it); returns its bottom."""
        c = self.canvas
        c.setLineWidth(0.6)
        total = sum(widths)
        for r in range(len(rows) + 1):
            yy = PAGE_H - (y + self.dy + r * row_h)
            c.line(x + self.dx, yy, x + self.dx + total, yy)
        xx = x
        for w in (0.0, *widths):
            xx += w
            c.line(xx + self.dx, PAGE_H - (y + self.dy), xx + self.dx, PAGE_H - (y + self.dy + len(rows) * row_h))
        sz = size or self.size
        for r, row in enumerate(rows):
            cx = x
            for i, cell in enumerate(row):
                self.text(cx + 4, y + r * row_h + (row_h - sz) / 2, cell, size=sz, bold=header and r == 0)
                cx += widths[i]
        return y + len(rows) * row_h

    def para(
        self, x: float, y: float, width: float, s: str, *, leading: float | None = None, size: float | None = None
    ) -> float:
        """Greedy word-wrapped paragraph; returns the y below its last line."""
        sz = size or self.size
        lead = leading or sz * LEADING
        line = ""
        for word in s.split():
            trial = f"{line} {word}".strip()
            if line and self.width(trial, size=sz) > width:
                self.text(x, y, line, size=sz)
                y += lead
                line = word
            else:
                line = trial
        if line:
            self.text(x, y, line, size=sz)
            y += lead
        return y
