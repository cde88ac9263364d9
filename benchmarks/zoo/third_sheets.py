"""The third writer's summary table and field visit sheet, and the dispatch table of all five families.

``summary_table``: a header row of column labels (units in the header where a value is a bare number)
over one row of values, then a transposed block (labels down the first column), then a remarks box.
``field_sheet``: labels followed by a fill-in rule with the value typed on it, dates in digit boxes,
choices circled or marked with an X, a ruled notes area. Values are printed exactly as ``Item.value``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item
from benchmarks.zoo.sheet import Sheet
from benchmarks.zoo.third_forms import Marks, datasheet, gov_form, tabbed, width, wrap
from benchmarks.zoo.third_labels import Wording, field_of

_US_DATE = re.compile(r"\d\d/\d\d/\d{4}")
_NO_REMARKS = (
    "Prepared from the field data sheet; photographs on file.",
    "See attached drawings for details.",
    "",
)

# --- summary_table --------------------------------------------------------------------------------


class _Summary:
    """One row of values under a header row, a transposed block, a remarks box."""

    def __init__(self, sh: Sheet, rng: random.Random, doc_type: str) -> None:
        self.sh, self.rng = sh, rng
        self.words = Wording(doc_type, rng)
        self.ruled = chance(rng, 0.6)
        self.shade = rng.choice((None, 0.88, 0.93))

    def col_width(self, it: Item, head: str) -> float:
        sh = self.sh
        longest_word = max(width(w, sh.bold, sh.size) for w in head.split())
        return max(width(it.value, sh.font, sh.size) + 14, longest_word + 12, 58.0)

    def split(self, items: list[Item]) -> tuple[list[tuple[str, Item, float]], list[Item]]:
        """Which items go across (short values, in order, as many as fit) and which go down."""
        want = self.rng.randint(3, 6)
        across: list[tuple[str, Item, float]] = []
        rest: list[Item] = []
        for it in items:
            head = self.words.with_unit(self.words.label(it), it)
            w = self.col_width(it, head)
            used = sum(c[2] for c in across)
            if len(across) < want and field_of(it) != "findings" and used + w <= self.sh.width and w < 170:  # noqa: PLR2004
                across.append((head, it, w))
            else:
                rest.append(it)
        return across, rest

    def title(self, s: str) -> None:
        sh = self.sh
        sh.need(sh.size * 6)
        sh.text(sh.left, sh.y, s, bold=True, size=sh.size + 0.5)
        sh.y -= sh.size + 8

    def across(self, cols: list[tuple[str, Item, float]]) -> None:
        sh = self.sh
        spare = (sh.width - sum(c[2] for c in cols)) / len(cols)
        heads = [wrap(h, sh.bold, sh.size - 0.5, w + spare - 8) for h, _, w in cols]
        hh = max(map(len, heads)) * (sh.size + 1) + 8
        vh = sh.size + 12
        top = sh.y + sh.size
        x = sh.left
        sh.c.setLineWidth(0.7)
        for lines, (_, it, w) in zip(heads, cols, strict=True):
            cw = w + spare
            if self.shade is not None:
                sh.c.setFillGray(self.shade)
                sh.c.rect(x, top - hh, cw, hh, fill=1, stroke=0)
                sh.c.setFillGray(0)
            if self.ruled:
                sh.c.rect(x, top - hh, cw, hh)
                sh.c.rect(x, top - hh - vh, cw, vh)
            for i, ln in enumerate(lines):
                sh.text(x + 4, top - sh.size - 2 - i * (sh.size + 1), ln, bold=True, size=sh.size - 0.5)
            sh.text(x + 4, top - hh - sh.size - 3, it.value)
            x += cw
        if not self.ruled:
            for y in (top, top - hh, top - hh - vh):
                sh.c.line(sh.left, y, sh.right, y)
        sh.y = top - hh - vh - sh.size * 2.5

    def down(self, items: list[Item]) -> None:
        sh = self.sh
        labels = [self.words.with_unit(self.words.label(it), it) for it in items]
        lw = min(max(width(s, sh.font, sh.size) for s in labels) + 20, sh.width * 0.45)
        step = sh.size + 2
        sh.c.setLineWidth(0.6)
        for label, it in zip(labels, items, strict=True):
            ls = wrap(label, sh.font, sh.size, lw - 10)
            vs = wrap(it.value, sh.font, sh.size, sh.width - lw - 10)
            h = max(len(ls), len(vs)) * step + 7
            sh.need(h)
            top = sh.y + sh.size + 2
            if self.ruled:
                sh.c.rect(sh.left, top - h, lw, h)
                sh.c.rect(sh.left + lw, top - h, sh.width - lw, h)
            else:
                sh.c.line(sh.left, top - h, sh.right, top - h)
            for i, ln in enumerate(ls):
                sh.text(sh.left + 4, sh.y - i * step, ln)
            for i, ln in enumerate(vs):
                sh.text(sh.left + lw + 6, sh.y - i * step, ln)
            sh.y -= h
        sh.y -= sh.size * 1.5

    def remarks(self, note: Item | None) -> None:
        sh = self.sh
        caption = self.words.label(note) if note else self.rng.choice(("Remarks", "Comments", "REMARKS"))
        text = note.value if note else self.rng.choice(_NO_REMARKS)
        lines = wrap(text, sh.font, sh.size, sh.width - 16) if text else []
        h = max(len(lines) * (sh.size + 3) + sh.size + 20, self.rng.uniform(50, 90))
        sh.need(h + 6)
        top = sh.y + sh.size
        sh.c.setLineWidth(0.8)
        sh.c.rect(sh.left, top - h, sh.width, h)
        sh.text(sh.left + 5, top - sh.size - 3, caption, bold=True, size=sh.size - 0.5)
        for i, ln in enumerate(lines):
            sh.text(sh.left + 8, top - 2 * sh.size - 10 - i * (sh.size + 3), ln)
        sh.y = top - h - sh.size * 2


def summary_table(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str) -> None:
    """An inspection/approval summary: one row under column labels, a transposed block, remarks."""
    s = _Summary(sh, rng, doc_type)
    note = next((it for it in items if field_of(it) == "findings"), None)
    across, rest = s.split([it for it in items if it is not note])
    if across:
        s.title(rng.choice(("Summary", "SUMMARY OF RECORD", "Summary of Results", "At a Glance")))
        s.across(across)
    if rest:
        s.title(rng.choice(("Details", "ADDITIONAL INFORMATION", "Supporting Data", "Record Details")))
        s.down(rest)
    s.remarks(note)


# --- field_sheet ----------------------------------------------------------------------------------

_CHECKS = ("Gate locked on departure", "Site clean on departure", "Alarms cleared with NOC", "PPE inspected")


class _Field:
    """Fill-in rules, date boxes, marked choices: one technician's visit sheet."""

    def __init__(self, sh: Sheet, rng: random.Random, doc_type: str) -> None:
        self.sh, self.rng = sh, rng
        self.words = Wording(doc_type, rng)
        self.vfont = rng.choice(("Courier", "Helvetica-Oblique", sh.font))
        self.pick = rng.choice(("circle", "x", "x", "box", "box"))
        self.marks = Marks.pick(rng, sh.font)
        self.boxes = chance(rng, 0.6)
        self.gap = sh.size * rng.uniform(2.0, 2.6)

    def kind(self, it: Item) -> str:
        if it.options and (field_of(it) == "light_outage" or chance(self.rng, 0.4)):
            return "choice"
        if self.boxes and _US_DATE.fullmatch(it.value):
            return "date"
        return "fill"

    def need(self, kind: str, label: str, it: Item) -> float:
        sz, f = self.sh.size, self.sh.font
        body = {
            "choice": sum(width(o, f, sz) + 34 for o in it.options),
            "date": 10 * (sz + 5) + 20,
            "fill": max(width(it.value, self.vfont, sz) + 30, 90.0),
        }[kind]
        return width(label, f, sz) + 8 + body

    def fill(self, x: float, label: str, it: Item, end: float) -> None:
        sh = self.sh
        x += sh.text(x, sh.y, label) + 6
        sh.c.setLineWidth(0.5)
        sh.c.line(x, sh.y - 2, end, sh.y - 2)
        lines = wrap(it.value, self.vfont, sh.size, end - x - 8)
        sh.text(x + 6, sh.y, lines[0], font=self.vfont)
        for ln in lines[1:]:  # a value longer than its rule runs onto a second rule
            sh.y -= self.gap * 0.8
            sh.c.line(x, sh.y - 2, end, sh.y - 2)
            sh.text(x + 6, sh.y, ln, font=self.vfont)

    def choice(self, x: float, label: str, it: Item) -> None:
        sh = self.sh
        x += sh.text(x, sh.y, label) + 12
        for i, opt in enumerate(it.options):
            on = i == it.chosen
            if self.pick == "box":
                x += sh.text(x, sh.y, self.marks.on if on else self.marks.off, font=self.marks.font) + 4
            elif self.pick == "x":
                sh.c.line(x, sh.y - 2, x + 14, sh.y - 2)
                if on:
                    sh.text(x + 3, sh.y, "X", bold=True)
                x += 18
            w = sh.text(x, sh.y, opt)
            if on and self.pick == "circle":
                sh.c.setLineWidth(0.9)
                sh.c.ellipse(x - 4, sh.y - 4, x + w + 4, sh.y + sh.size + 1)
            x += w + 16

    def date(self, x: float, label: str, it: Item) -> None:
        sh = self.sh
        x += sh.text(x, sh.y, label) + 8
        bw = sh.size + 4
        sh.c.setLineWidth(0.6)
        for ch in it.value:
            if ch == "/":
                x += sh.text(x + 3, sh.y, "/") + 6
                continue
            sh.c.rect(x, sh.y - 4, bw, sh.size + 7)
            sh.text(x + (bw - width(ch, sh.font, sh.size)) / 2, sh.y, ch)
            x += bw

    def draw(self, x: float, kind: str, label: str, it: Item, end: float) -> None:
        if kind == "fill":
            self.fill(x, label, it, end)
        elif kind == "choice":
            self.choice(x, label, it)
        else:
            self.date(x, label, it)

    def notes(self, note: Item | None) -> None:
        sh = self.sh
        title = self.words.label(note) if note else self.rng.choice(("Notes", "NOTES / COMMENTS"))
        lines = wrap(note.value, self.vfont, sh.size, sh.width - 20) if note else []
        count = max(len(lines), self.rng.randint(3, 5))
        sh.need(self.gap * (count + 1))
        sh.text(sh.left, sh.y, title, bold=True)
        sh.y -= self.gap
        sh.c.setLineWidth(0.5)
        for i in range(count):
            sh.c.line(sh.left, sh.y - 2, sh.right, sh.y - 2)
            if i < len(lines):
                sh.text(sh.left + 8, sh.y, lines[i], font=self.vfont)
            sh.y -= self.gap


def _entries(f: _Field, items: list[Item], *, crew: bool) -> list[tuple[str, str, Item, float]]:
    """(kind, label, item, width needed) for every item but the notes; a crew's sheet adds checklist lines."""
    out = []
    for it in items:
        kind = f.kind(it)
        label = f.words.with_unit(f.words.label(it), it)
        if kind == "choice" and f.need(kind, label, it) > f.sh.width:  # too many options for one line
            kind = "fill"
        if kind == "fill" and _US_DATE.fullmatch(it.value) and chance(f.rng, 0.4):
            label += " (MM/DD/YYYY)"
        out.append((kind, label, it, f.need(kind, label, it)))
    for check in f.rng.sample(_CHECKS, f.rng.randint(0, 2) if crew else 0):
        it = Item(check, "Yes", options=("Yes", "No"), chosen=0 if chance(f.rng, 0.8) else 1)
        out.insert(f.rng.randint(0, len(out)), ("choice", check, it, f.need("choice", check, it)))
    return out


def field_sheet(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str) -> None:
    """A field visit sheet: fill-in rules with typed values, date boxes, marked choices, notes."""
    f = _Field(sh, rng, doc_type)
    note = next((it for it in items if field_of(it) == "findings"), None)
    crew = doc_type in ("field_log", "structural_inspection")
    entries = _entries(f, [it for it in items if it is not note], crew=crew)
    half = sh.width / 2 - 8
    if crew and chance(rng, 0.5):  # time on and off site: filled in, but no field of ours
        t_in = f"{rng.randint(6, 11):02d}:{rng.choice(('00', '15', '30', '45'))}"
        t_out = f"{rng.randint(12, 17):02d}:{rng.choice(('05', '20', '40', '50'))}"
        f.fill(sh.left, "Time In", Item("Time In", t_in), sh.left + half * 0.7)
        f.fill(sh.left + half + 16, "Time Out", Item("Time Out", t_out), sh.left + half + 16 + half * 0.7)
        sh.y -= f.gap
    k = 0
    while k < len(entries):
        sh.need(f.gap * 2)
        kind, label, it, need = entries[k]
        nxt = entries[k + 1] if k + 1 < len(entries) else None
        if nxt and need <= half and nxt[3] <= half and chance(rng, 0.6):
            f.draw(sh.left, kind, label, it, sh.left + half)
            f.draw(sh.left + half + 16, nxt[0], nxt[1], nxt[2], sh.right)
            k += 1
        else:
            f.draw(sh.left, kind, label, it, sh.right if kind != "fill" else min(sh.right, sh.left + need + 60))
        sh.y -= f.gap
        k += 1
    sh.y -= f.gap * 0.3
    f.notes(note)


THIRD_DRAW: dict[str, Callable[[Sheet, list[Item], random.Random, str], None]] = {
    "gov_form": gov_form,
    "datasheet": datasheet,
    "tabbed": tabbed,
    "summary_table": summary_table,
    "field_sheet": field_sheet,
}
