"""The third writer's layout families: a government box form, a spec sheet and a tab-stop typed report.

Written from how such forms are printed, not from the extractor or the other families' code: a ruled
grid of captioned boxes with shaded section bars and checkbox rows (``gov_form``); a label | value
table without vertical rules, rows shaded in turn, units in a third column or in brackets, continued
on a new page under a repeated header (``datasheet``); labels at the margin and values at a tab stop,
sometimes two pairs on one line, long values wrapped under the value column (``tabbed``). Every item
is printed, its value exactly as ``Item.value``. ``summary_table`` and ``field_sheet`` live in
``third_sheets.py``, whose dispatch table names all five.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics

from benchmarks.zoo import facts as fx
from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item
from benchmarks.zoo.sheet import Sheet, unicode_font
from benchmarks.zoo.third_labels import Wording, field_of, grouped

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
_BAR = ("SECTION {L} \u2014 {T}", "PART {R}. {T}", "{L}. {T}", "SECTION {N}: {T}")


def width(s: str, font: str, size: float) -> float:
    """Printed width of ``s``."""
    return float(pdfmetrics.stringWidth(s, font, size))


def wrap(s: str, font: str, size: float, room: float) -> list[str]:
    """``s`` broken into lines no wider than ``room`` (a single word wider than that stays whole)."""
    return simpleSplit(s, font, size, max(room, 20.0)) or [s]


@dataclass
class Marks:
    """How one form prints a checkbox: the two glyphs and the font that has them."""

    on: str
    off: str
    font: str

    @classmethod
    def pick(cls, rng: random.Random, fallback: str) -> Marks:
        """Ballot boxes where a font has them, else typed ``[X]`` / ``[ ]``."""
        uni = unicode_font()
        if uni and chance(rng, 0.6):
            return cls("\u2612", "\u2610", uni)
        return cls("[X]", "[  ]", fallback)


def option_lines(opts: tuple[str, ...], marks: Marks, font: str, size: float, room: float) -> list[list[int]]:
    """Option indexes laid out in lines of checkbox entries that fit ``room``."""
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, o in enumerate(opts):
        w = width(marks.on, marks.font, size) + 4 + width(o, font, size) + 14
        if lines[-1] and used + w > room:
            lines.append([])
            used = 0.0
        lines[-1].append(i)
        used += w
    return lines


def draw_options(sh: Sheet, x: float, y: float, item: Item, marks: Marks, line: list[int]) -> None:
    """One line of checkbox entries, the chosen option's box checked."""
    for i in line:
        mark = marks.on if i == item.chosen else marks.off
        x += sh.text(x, y, mark, font=marks.font) + 4
        x += sh.text(x, y, item.options[i]) + 14


@dataclass
class _Box:
    """One captioned box of a government form and the lines it will hold."""

    item: Item
    caption: str
    need: float
    boxes: bool
    w: float = 0.0
    cap_lines: tuple[str, ...] = ()
    lines: tuple[object, ...] = ()


class _GovForm:
    """A ruled grid of captioned boxes, 2-4 to a row, under shaded section bars."""

    def __init__(self, sh: Sheet, rng: random.Random, doc_type: str) -> None:
        self.sh, self.rng = sh, rng
        self.words = Wording(doc_type, rng)
        self.cap = max(6.5, sh.size - rng.choice((2.5, 3.0, 3.5)))
        self.vfont = "Courier" if chance(rng, 0.4) else sh.font
        self.numbering = rng.choice(("n", "na", "na", "none"))
        self.marks = Marks.pick(rng, sh.font)
        self.tick = chance(rng, 0.75)
        self.bar = rng.choice(_BAR)
        self.shade = rng.choice((0.78, 0.85, 0.9))
        self.n = 0

    def box(self, item: Item) -> _Box:
        label = self.words.with_unit(self.words.label(item), item)
        as_boxes = bool(item.options) and self.tick
        if as_boxes:
            need = sum(width(o, self.sh.font, self.sh.size) + 30 for o in item.options)
        else:
            need = width(item.value, self.vfont, self.sh.size) + 14
        return _Box(item, label, max(need, width(label, self.sh.font, self.cap) + 22), as_boxes)

    def rows(self, group: list[Item]) -> list[list[_Box]]:
        rows: list[list[_Box]] = []
        want = 0
        for b in map(self.box, group):
            row = rows[-1] if rows else []
            if not rows or len(row) >= want or sum(x.need for x in row) + b.need > self.sh.width:
                rows.append([b])
                want = self.rng.choice((2, 3, 3, 4))
            else:
                row.append(b)
        lone = len(rows) > 1 and len(rows[-1]) == 1 and len(rows[-2]) > 2  # noqa: PLR2004
        if lone and rows[-2][-1].need + rows[-1][0].need <= self.sh.width:  # no lone box after a full row
            rows[-1].insert(0, rows[-2].pop())
        return rows

    def layout(self, row: list[_Box]) -> float:
        """Widths and lines of one row's boxes; returns the row height."""
        self.n += 1
        spare = (self.sh.width - sum(min(b.need, self.sh.width) for b in row)) / len(row)
        sz = self.sh.size
        for k, b in enumerate(row):
            b.w = min(b.need, self.sh.width) + spare
            num = {"n": f"{self.n + k}. ", "na": f"{self.n}{'abcd'[k]}. " if len(row) > 1 else f"{self.n}. "}
            b.cap_lines = tuple(wrap(num.get(self.numbering, "") + b.caption, self.sh.font, self.cap, b.w - 6))
            if b.boxes:
                b.lines = tuple(option_lines(b.item.options, self.marks, self.sh.font, sz, b.w - 8))
            else:
                b.lines = tuple(wrap(b.item.value, self.vfont, sz, b.w - 10))
        if self.numbering == "n":
            self.n += len(row) - 1
        return max(len(b.cap_lines) * (self.cap + 1.5) + len(b.lines) * (sz + 3) + 9 for b in row)

    def draw_row(self, row: list[_Box]) -> None:
        h = self.layout(row)
        sh = self.sh
        sh.need(h + 4)
        top, x = sh.y, sh.left
        sh.c.setLineWidth(0.7)
        for b in row:
            sh.c.rect(x, top - h, b.w, h)
            y = top - self.cap - 1.5
            for ln in b.cap_lines:
                sh.text(x + 3, y, ln, size=self.cap)
                y -= self.cap + 1.5
            y -= sh.size - 1
            for ln in b.lines:
                if isinstance(ln, list):
                    draw_options(sh, x + 5, y, b.item, self.marks, ln)
                else:
                    sh.text(x + 5, y, str(ln), font=self.vfont)
                y -= sh.size + 3
            x += b.w
        sh.y = top - h

    def section(self, no: int, title: str) -> None:
        sh = self.sh
        bh = sh.size + 6
        sh.need(bh + 50)
        sh.c.setFillGray(self.shade)
        sh.c.rect(sh.left, sh.y - bh, sh.width, bh, fill=1, stroke=1)
        sh.c.setFillGray(0)
        text = self.bar.format(L="ABCDEFG"[no], R=_ROMAN[no], N=no + 1, T=title.upper())
        sh.text(sh.left + 4, sh.y - bh + 4, text, bold=True, size=sh.size - 0.5)
        sh.y -= bh


def gov_form(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str) -> None:
    """A government application/permit form: captioned boxes in a ruled grid, checkbox rows."""
    form = _GovForm(sh, rng, doc_type)
    ref = f"FORM {rng.choice('ABCDPZ')}-{rng.randint(1, 120)} (Rev. {rng.randint(1, 12):02d}/{rng.randint(2009, 2023)})"
    sh.text(sh.right - width(ref, sh.font, sh.size - 2), sh.y + 8, ref, size=sh.size - 2)
    if chance(rng, 0.5):
        hint = rng.choice(("Type or print clearly", "See instructions on reverse"))
        sh.text(sh.left, sh.y + 8, hint, size=sh.size - 2)
    sh.y += sh.size * 0.5
    for no, (title, group) in enumerate(grouped(items, doc_type, rng)):
        form.section(no, title)
        for row in form.rows(group):
            form.draw_row(row)
        sh.y -= rng.choice((0.0, 4.0, 8.0))
    sh.y -= sh.size * 2


_HEADS = (("Parameter", "Value"), ("Description", "Data"), ("Item", "Specification"), ("Property", "Value"))
_SPECS = (
    ("Basic Wind Speed (3-s gust)", ("90 mph", "105 mph", "115 mph", "130 mph")),
    ("Exposure Category", ("B", "C", "D")),
    ("Risk Category", ("II", "III")),
    ("Design Ice Thickness", ("0.25 in", "0.5 in", "0.75 in", "1.0 in")),
    ("Topographic Category", ("1", "2", "3")),
    ("Galvanizing", ("Hot-dip, ASTM A123", "None noted")),
)


def _sketch(sh: Sheet, rng: random.Random) -> None:
    """An elevation sketch placeholder: a framed tower outline that holds no field."""
    h = rng.uniform(180, 360)
    sh.need(h + 30)
    top = sh.y
    sh.c.setLineWidth(0.6)
    sh.c.rect(sh.left, top - h, sh.width, h)
    mid = sh.left + sh.width / 2
    base = top - h + 26
    sh.c.line(mid - 30, base, mid, top - 20)
    sh.c.line(mid + 30, base, mid, top - 20)
    sh.c.line(mid - 50, base, mid + 50, base)
    caption = rng.choice(("ELEVATION - NOT TO SCALE", "Figure 1. Elevation view", "Site sketch (not to scale)"))
    sh.text(sh.left + 6, top - h + 8, caption, size=7)
    sh.y = top - h - 22


class _DataSheet:
    """Label | value (| unit) rows without vertical rules, shaded in turn, continued under a repeated header."""

    def __init__(self, sh: Sheet, rng: random.Random, items: list[Item], doc_type: str) -> None:
        self.sh, self.rng = sh, rng
        self.words = Wording(doc_type, rng)
        self.unit_col = chance(rng, 0.5) and any(it.unit for it in items)
        heads = rng.choice(_HEADS)
        self.heads = (*heads, rng.choice(("Unit", "Units"))) if self.unit_col else heads
        self.row_h = sh.size + rng.uniform(5, 10)
        self.shade = rng.choice((0.88, 0.92, 0.95))
        self.title = rng.choice(("Table 1. Site and Structure Data", "SPECIFICATIONS", "Data Summary", "Record Data"))
        self.cols: tuple[float, ...] = ()

    def rows(self, items: list[Item]) -> list[tuple[str, str, str]]:
        out = []
        for it in items:
            label = self.words.label(it)
            if not self.unit_col:
                label = self.words.with_unit(label, it)
            out.append((label, it.value, self.words.unit(it) if self.unit_col else ""))
        return out

    def header(self, *, more: bool) -> None:
        sh = self.sh
        sh.text(sh.left, sh.y, self.title + (" (continued)" if more else ""), bold=True, size=sh.size + 1)
        sh.y -= sh.size + 12
        sh.c.setLineWidth(1.0)
        sh.c.line(sh.left, sh.y + sh.size + 3, sh.right, sh.y + sh.size + 3)
        for x, h in zip(self.cols, self.heads, strict=False):
            sh.text(x, sh.y, h, bold=True)
        sh.c.line(sh.left, sh.y - 5, sh.right, sh.y - 5)
        sh.y -= self.row_h + 2

    def draw(self, rows: list[tuple[str, str, str]]) -> None:
        sh = self.sh
        lw = max(width(r[0], sh.font, sh.size) for r in rows)
        unit_w = max([width(r[2], sh.font, sh.size) for r in rows] + [width(self.heads[-1], sh.bold, sh.size)])
        x1 = sh.left + min(lw + 24, sh.width * 0.55)
        x2 = sh.right - unit_w - 6
        self.cols = (sh.left + 4, x1, x2) if self.unit_col else (sh.left + 4, x1)
        room = (x2 - 10 if self.unit_col else sh.right) - x1
        self.header(more=False)
        for k, (label, value, unit) in enumerate(rows):
            labels = wrap(label, sh.font, sh.size, x1 - sh.left - 12)
            values = wrap(value, sh.font, sh.size, room)
            h = self.row_h + (max(len(labels), len(values)) - 1) * (sh.size + 2)
            if sh.y - h < sh.bottom:
                sh.c.line(sh.left, sh.y + self.row_h - 4, sh.right, sh.y + self.row_h - 4)
                more = "(continued on next page)"
                sh.text(sh.right - width(more, sh.font, sh.size - 2), sh.y - 4, more, size=sh.size - 2)
                sh.new_page()
                self.header(more=True)
            if k % 2:
                sh.c.setFillGray(self.shade)
                sh.c.rect(sh.left, sh.y - h + self.row_h - 4, sh.width, h, fill=1, stroke=0)
                sh.c.setFillGray(0)
            for i, ln in enumerate(labels):
                sh.text(self.cols[0], sh.y - i * (sh.size + 2), ln)
            for i, ln in enumerate(values):
                sh.text(x1, sh.y - i * (sh.size + 2), ln)
            if unit:
                sh.text(x2, sh.y, unit)
            sh.y -= h
        sh.c.setLineWidth(1.0)
        sh.c.line(sh.left, sh.y + self.row_h - 4, sh.right, sh.y + self.row_h - 4)
        sh.y -= 10


def datasheet(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str) -> None:
    """A spec sheet: an optional elevation sketch, then the label | value table."""
    table = _DataSheet(sh, rng, items, doc_type)
    if chance(rng, 0.55):
        _sketch(sh, rng)
    rows = table.rows(items)
    if doc_type in ("structural_inspection", "faa_determination") and chance(rng, 0.6):
        for label, values in rng.sample(_SPECS, rng.randint(1, 3)):  # design data: no field of ours
            rows.insert(rng.randint(0, len(rows)), (label, rng.choice(values), ""))
    table.draw(rows)
    if chance(rng, 0.4):
        sh.paragraph(
            rng.choice(("Values as recorded on the date of this sheet.", "Data subject to field verification."))
        )


def _address(rng: random.Random) -> str:
    """A street address line printed under a firm's name (not part of the name)."""
    street = f"{rng.randint(100, 9899)} {rng.choice(('Industrial', 'Commerce', 'Lakeshore', 'Ridge'))}"
    kind = rng.choice(("Road", "Pkwy", "Ave.", "Drive"))
    return f"{street} {kind}, {rng.choice(fx.TOWNS)}, {rng.choice(fx.STATES)} {rng.randint(10000, 99999)}"


class _Tabbed:
    """Labels at the margin, values at one tab stop; short pairs two to a line at a second stop."""

    def __init__(self, sh: Sheet, rng: random.Random, doc_type: str) -> None:
        self.sh, self.rng = sh, rng
        self.words = Wording(doc_type, rng)
        self.x2 = sh.left + sh.width * rng.uniform(0.5, 0.56)
        self.tab2 = sh.width * rng.uniform(0.2, 0.24)
        self.right = sh.right - sh.width * rng.choice((0.0, 0.0, 0.12, 0.2))  # where the typist wrapped
        self.gap = sh.size * rng.choice((1.5, 1.5, 2.0))
        self.pairs = chance(rng, 0.7)
        self.tab = sh.left + sh.width * 0.3

    def setup(self, labels: list[str]) -> None:
        longest = max(width(s, self.sh.font, self.sh.size) for s in labels)
        self.tab = self.sh.left + min(longest + self.rng.uniform(18, 44), self.sh.width * 0.42)

    def fits_pair(self, a: tuple[str, Item], b: tuple[str, Item]) -> bool:
        f, sz = self.sh.font, self.sh.size
        return (
            width(a[0], f, sz) < self.tab - self.sh.left - 8
            and width(a[1].value, f, sz) < self.x2 - self.tab - 24
            and width(b[0], f, sz) < self.tab2 - 10
            and width(b[1].value, f, sz) < self.sh.right - self.x2 - self.tab2
        )

    def pair_line(self, a: tuple[str, Item], b: tuple[str, Item]) -> None:
        sh = self.sh
        sh.need(self.gap)
        sh.text(sh.left, sh.y, a[0])
        sh.text(self.tab, sh.y, a[1].value)
        sh.text(self.x2, sh.y, b[0])
        sh.text(self.x2 + self.tab2, sh.y, b[1].value)
        sh.y -= self.gap

    def line(self, label: str, item: Item) -> None:
        sh = self.sh
        labels = wrap(label, sh.font, sh.size, self.tab - sh.left - 10)
        values = wrap(item.value, sh.font, sh.size, self.right - self.tab)
        if field_of(item) in ("inspection_firm", "lessee") and chance(self.rng, 0.35):
            values.append(_address(self.rng))
        step = sh.size * 1.3
        extra = step * (max(len(labels), len(values)) - 1)
        sh.need(self.gap + extra)
        for i, ln in enumerate(labels):
            sh.text(sh.left, sh.y - i * step, ln)
        for i, ln in enumerate(values):
            sh.text(self.tab, sh.y - i * step, ln)
        sh.y -= self.gap + extra

    def heading(self, no: int, title: str, style: str) -> None:
        sh = self.sh
        sh.need(self.gap * 3)
        sh.y -= sh.size * 0.6
        text = f"{no + 1}.  {title.upper()}" if style == "numbered" else title.upper()
        w = sh.text(sh.left, sh.y, text, bold=style != "plain")
        if style == "underlined":
            sh.c.setLineWidth(0.6)
            sh.c.line(sh.left, sh.y - 2, sh.left + w, sh.y - 2)
        sh.y -= self.gap * 1.2


def tabbed(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str) -> None:
    """A typed report: margin labels without colons, values at a tab stop, headings in capitals."""
    t = _Tabbed(sh, rng, doc_type)
    style = rng.choice(("plain", "bold", "underlined", "numbered"))
    sections = [
        (title, [(t.words.with_unit(t.words.label(it), it), it) for it in group])
        for title, group in grouped(items, doc_type, rng)
    ]
    t.setup([lab for _, g in sections for lab, _ in g])
    for no, (title, entries) in enumerate(sections):
        t.heading(no, title, style)
        k = 0
        while k < len(entries):
            if t.pairs and k + 1 < len(entries) and t.fits_pair(entries[k], entries[k + 1]) and chance(rng, 0.6):
                t.pair_line(entries[k], entries[k + 1])
                k += 2
                continue
            t.line(*entries[k])
            k += 1
