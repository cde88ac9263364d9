"""The fourth writer's form layouts: a posted permit card, a statement, a numbered questionnaire.

- ``permit_card``: a bordered card with a centred title; fields sit in boxes of uneven widths with the
  label small at each box's top-left, one long answer in a box spanning two rows, enumerations as
  ticked option boxes.
- ``statement``: invoice style; the issuer top left, a right-aligned ``Label: value`` block top right, a
  ``Prepared for`` block with the label over the value, and a line-item table (No. | Description |
  Unit | Value) whose numbers are right-aligned; a lease's monthly rent closes it as the amount due.
- ``questionnaire``: numbered questions (``4.`` / ``Q4.`` / ``4)``) under part headings; each answer
  after ``Answer:`` on the next line, on a fill-in rule under the question, or as ticked boxes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from reportlab.lib.utils import simpleSplit

from benchmarks.zoo import facts as fx
from benchmarks.zoo.facts import chance
from benchmarks.zoo.fourth_labels import field_of, label, question, unit_of, unit_word, with_unit
from benchmarks.zoo.labels import Item
from benchmarks.zoo.sheet import Sheet, unicode_font

_SPAN_WORD = 120.0  # a box spanning two rows holds wrapped text, so no word of it may be wider
_LONG = ("findings", "marking_lighting", "inspection_firm", "lessee", "lighting_type", "site_name", "lessor")


def wrap(sh: Sheet, s: str, room: float, *, size: float, bold: bool = False) -> list[str]:
    """``s`` broken into lines at most ``room`` wide (a word longer than the room keeps its own line)."""
    return simpleSplit(s, sh.bold if bold else sh.font, size, room) or [s]


def tick(sh: Sheet, x: float, y: float, *, checked: bool, mark: str, size: float) -> float:
    """One tick box with its baseline at ``y``; returns its width. ``mark``: ``box``, ``glyph`` or ``bracket``."""
    if mark == "glyph" and (font := unicode_font()):
        return sh.text(x, y, "☒" if checked else "☐", size=size + 1, font=font)
    if mark == "bracket":
        return sh.text(x, y, "[X]" if checked else "[  ]", size=size)
    side = size * 0.8
    sh.c.setLineWidth(0.6)
    sh.c.rect(x, y - 1, side, side)
    if checked:
        sh.text(x + side * 0.14, y + 0.2, "X", size=side, bold=True)
    return side


def options_row(sh: Sheet, x: float, y: float, item: Item, mark: str, size: float, room: float) -> float:
    """The options of ``item`` in a row, the printed value ticked; returns the y below the last line used."""
    cx = x
    for k, opt in enumerate(item.options):
        need = size * 1.4 + sh.width_of(opt, size=size) + size
        if cx > x and cx + need > x + room:
            cx, y = x, y - size * 1.5
        w = tick(sh, cx, y, checked=k == item.chosen, mark=mark, size=size)
        cx += w + size * 0.4
        cx += sh.text(cx, y, opt, size=sh.fit(opt, x + room - cx, size=size)) + size * 1.2
    return y - size * 1.5


def ticked(item: Item) -> bool:
    """True when ``item`` can be printed as ticked options (its value is the chosen option's text)."""
    return bool(item.options) and 0 <= item.chosen < len(item.options) and item.options[item.chosen] == item.value


def _box_text(item: Item, doc_type: str, rng: random.Random, *, caps: bool) -> tuple[str, str]:
    """(label, value) of one card box; a bare number's unit joins the label."""
    return with_unit(label(item, doc_type, rng, caps=caps), unit_of(item), rng), item.value


def permit_card(  # noqa: C901, PLR0912, PLR0915 - one card, drawn top to bottom
    sh: Sheet, items: list[Item], rng: random.Random, *, doc_type: str, issuer: str, subject: str
) -> None:
    """A posted card: border, centred heading, rows of boxes with small top-left labels."""
    caps, mark = chance(rng, 0.4), rng.choice(("box", "glyph", "bracket"))
    lab_sz, val_sz = rng.choice((5.5, 6.0, 6.5, 7.0)), sh.size + rng.choice((0, 0.5, 1.0))
    x0, width = sh.left, sh.width
    pad = 3.0
    page_top = sh.y + 10
    for s, bold, sz in ((issuer, True, sh.size + 2), (subject.upper(), True, sh.size + 5)):
        sh.text((sh.w - sh.width_of(s, bold=bold, size=sz)) / 2, sh.y - sz, s, bold=bold, size=sz)
        sh.y -= sz + 8
    if chance(rng, 0.6):
        s = rng.choice(
            ("THIS CARD SHALL BE POSTED IN A CONSPICUOUS PLACE", "KEEP THIS CARD ON SITE", "NOT TRANSFERABLE")
        )
        sh.text((sh.w - sh.width_of(s, size=sh.size - 1)) / 2, sh.y - sh.size, s, size=sh.size - 1)
        sh.y -= sh.size + 10
    sh.y -= 6
    boxes = [(item, *_box_text(item, doc_type, rng, caps=caps)) for item in items]
    tall = None
    if chance(rng, 0.6):
        longs = [b for b in boxes if field_of(b[0]) in _LONG and not ticked(b[0])]
        tall = rng.choice(longs) if longs else None
        if tall:
            boxes.remove(tall)

    box_tick = {id(b[0]): ticked(b[0]) and chance(rng, 0.7) for b in boxes}

    def height(item: Item, _lab: str, val: str, w: float) -> float:
        lines = len(wrap(sh, val, w - 2 * pad, size=val_sz))
        if item.options and box_tick.get(id(item)):
            used = pad + lab_sz + 4
            cx = 0.0
            rows = 1
            for opt in item.options:
                need = val_sz * 2.6 + sh.width_of(opt, size=val_sz)
                if cx > 0 and cx + need > w - 2 * pad:
                    rows, cx = rows + 1, 0.0
                cx += need
            return used + rows * val_sz * 1.5 + pad
        return pad + lab_sz + 4 + lines * (val_sz + 2) + pad

    def draw(item: Item, lab: str, val: str, x: float, top: float, w: float, h: float) -> None:
        sh.c.setLineWidth(0.7)
        sh.c.rect(x, top - h, w, h)
        ls = sh.fit(lab, w - 2 * pad, size=lab_sz)
        sh.text(x + pad, top - pad - ls, lab, size=ls)
        y = top - pad - lab_sz - 4 - val_sz
        if box_tick.get(id(item)):
            options_row(sh, x + pad, y, item, mark, val_sz, w - 2 * pad)
            return
        for ln in wrap(sh, val, w - 2 * pad, size=val_sz):
            sh.text(x + pad, y, ln, size=val_sz)
            y -= val_sz + 2

    def close_page() -> None:
        sh.c.setLineWidth(rng.choice((1.2, 2.0)))
        sh.c.rect(x0 - 8, sh.y - 8, width + 16, page_top - sh.y + 8)

    def min_width(item: Item, lab: str, val: str, room: float) -> float:
        need = [50.0, min(sh.width_of(val, size=val_sz), room * 0.45), min(sh.width_of(lab, size=lab_sz), room * 0.4)]
        need += [sh.width_of(w, size=val_sz) for w in val.split()]
        if box_tick.get(id(item)):
            need += [sh.width_of(o, size=val_sz) + val_sz * 2.6 for o in item.options]
        return min(max(need) + 2 * pad + 4, room)

    rows_done = 0
    i = 0
    while i < len(boxes):
        per = rng.choice((2, 3, 3, 4))
        span_here = tall is not None and rows_done >= 1 and i + 2 * per <= len(boxes)
        span_here = (
            span_here and tall is not None and max(sh.width_of(w, size=val_sz) for w in tall[2].split()) < _SPAN_WORD
        )
        room = width * (0.66 if span_here else 1.0)
        band: list[list[tuple[Item, str, str]]] = []
        heights, widths_all = [], []
        for _ in range(2 if span_here else 1):
            row: list[tuple[Item, str, str]] = []
            mins: list[float] = []
            while i < len(boxes) and len(row) < per:
                m = min_width(*boxes[i], room)
                if row and sum(mins) + m > room:
                    break
                row.append(boxes[i])
                mins.append(m)
                i += 1
            if not row:
                break
            weights = [rng.uniform(0.5, 1.5) for _ in row]
            spare = room - sum(mins)
            widths = [m + spare * wt / sum(weights) for m, wt in zip(mins, weights, strict=True)]
            band.append(row)
            widths_all.append(widths)
            heights.append(max(height(it, b, v, w) for (it, b, v), w in zip(row, widths, strict=True)))
        if span_here and tall:  # the spanning box is as tall as its answer needs
            heights[-1] += max(0.0, height(*tall, width - room) - sum(heights))
        if sh.y - sum(heights) < sh.bottom:
            close_page()
            sh.new_page()
            page_top = sh.y + 10
        top = sh.y
        for row, widths, h in zip(band, widths_all, heights, strict=True):
            x = x0
            for (it, b, v), w in zip(row, widths, strict=True):
                draw(it, b, v, x, sh.y, w, h)
                x += w
            sh.y -= h
        if span_here and tall:
            draw(*tall, x0 + room, top, width - room, top - sh.y)
            tall = None
        rows_done += 1
    if tall:  # too few boxes left to span: the long answer takes a full-width row
        h = height(tall[0], tall[1], tall[2], width)
        sh.need(h)
        draw(*tall, x0, sh.y, width, h)
        sh.y -= h
    sh.y -= 14
    close_page()
    sh.y -= 10


_KIND = {
    "lease_amendment": ("RENT STATEMENT", "STATEMENT OF ACCOUNT", "REMITTANCE ADVICE"),
    "municipal_permit": ("FEE RECEIPT", "PERMIT RECEIPT", "NOTICE OF ISSUANCE"),
    "faa_determination": ("TRANSMITTAL", "NOTICE", "CASE SUMMARY"),
    "structural_inspection": ("INVOICE", "SERVICE REPORT", "WORK ORDER SUMMARY"),
    "field_log": ("SERVICE TICKET", "WORK ORDER", "FIELD TICKET"),
}
_HEAD_KEYS = ("site_id", "lease_id", "permit_number", "asn", "amendment_date", "issue_date", "log_date")
_PARTY_KEYS = ("lessor", "lessee", "jurisdiction", "inspection_firm", "technician")


def statement(  # noqa: PLR0915 - one page, drawn top to bottom
    sh: Sheet, items: list[Item], rng: random.Random, *, doc_type: str, issuer: str, subject: str
) -> None:
    """Invoice layout: issuer left, a right-aligned block of pairs right, a party block, a line-item table."""
    rest = list(items)
    head = [it for it in rest if not it.truth or field_of(it) in _HEAD_KEYS][: rng.randint(3, 5)]
    rest = [it for it in rest if it not in head]
    parties = [it for it in rest if field_of(it) in _PARTY_KEYS][: rng.randint(1, 2)]
    rest = [it for it in rest if it not in parties]
    total = next((it for it in rest if field_of(it) == "monthly_rent_usd"), None) if chance(rng, 0.7) else None
    rest = [it for it in rest if it is not total]
    top = sh.y
    sh.text(sh.left, sh.y, issuer, bold=True, size=sh.size + 3)
    street = f"{rng.randint(100, 9899)} {rng.choice(('Commerce Way', 'Main St.', 'Enterprise Blvd', 'Depot Rd'))}"
    for ln in (street, f"{rng.choice(fx.TOWNS)}, {rng.choice(fx.STATES)} {rng.randint(10000, 99999)}"):
        sh.y -= sh.size + 3
        sh.text(sh.left, sh.y, ln, size=sh.size - 1)
    kind = rng.choice(_KIND[doc_type])
    ksz = sh.size + rng.choice((6, 8, 10))
    ry = top
    sh.text(sh.right - sh.width_of(kind, bold=True, size=ksz), ry, kind, bold=True, size=ksz)
    ry -= ksz + 6
    labs = [label(it, doc_type, rng) + ":" for it in head]
    aligned = chance(rng, 0.5)  # labels right-aligned to a common edge, values left of the margin
    vw = max((sh.width_of(it.value) for it in head), default=0.0)
    for it, lab in zip(head, labs, strict=True):
        if aligned:
            edge = sh.right - vw - 8
            sh.text(edge - sh.width_of(lab, bold=True), ry, lab, bold=True)
            sh.text(edge + 8, ry, it.value)
        else:
            line_w = sh.width_of(lab) + 6 + sh.width_of(it.value)
            x = sh.right - line_w
            sh.text(x + sh.width_of(lab) + 6, ry, it.value)
            sh.text(x, ry, lab)
        ry -= sh.size + 4
    sh.y = min(sh.y, ry) - 18
    for it in parties:
        sh.text(sh.left, sh.y, label(it, doc_type, rng).upper(), bold=True, size=sh.size - 1)
        sh.y -= sh.size + 3
        sh.text(sh.left, sh.y, it.value)
        sh.y -= sh.size + 10
    sh.y -= 4
    sh.text(sh.left, sh.y, f"Re: {subject}", bold=chance(rng, 0.5))
    sh.y -= sh.size + 12
    _line_items(sh, rest, rng, doc_type)
    if total is not None:
        unit = unit_of(total)
        lab = rng.choice(("Amount Due Monthly", "Monthly Rent Due", "Total Monthly Rent")) + (" (USD)" if unit else "")
        sh.need(30)
        sh.y -= 6
        sh.c.setLineWidth(1.0)
        sh.c.line(sh.right - 220, sh.y + sh.size + 2, sh.right, sh.y + sh.size + 2)
        vw = sh.width_of(total.value, bold=True)
        sh.text(sh.right - vw, sh.y, total.value, bold=True)
        sh.text(sh.right - vw - 16 - sh.width_of(lab + ":", bold=True), sh.y, lab + ":", bold=True)
        sh.y -= sh.size + 16
    if chance(rng, 0.6):
        sh.paragraph(rng.choice(_FINE_PRINT), size=sh.size - 1.5)


_FINE_PRINT = (
    (
        "Please retain this statement for your records. Questions regarding this account should be directed to "
        "the office shown above within thirty days."
    ),
    "This document is issued for information only and does not amend any agreement between the parties.",
    "Amounts shown are as of the date of printing. Make checks payable to the party named above.",
)


def _line_items(sh: Sheet, items: Sequence[Item], rng: random.Random, doc_type: str) -> None:
    """The body table: No. | Description | Unit | Value, numbers right-aligned in the value column."""
    cols = (28.0, sh.width * 0.46, sh.width * 0.1)
    xs = (sh.left, sh.left + cols[0], sh.left + cols[0] + cols[1], sh.left + sum(cols))
    vroom = sh.right - xs[3] - 6
    heads = (rng.choice(("No.", "Ln", "#")), rng.choice(("Description", "Item", "Particulars")), "Unit")
    heads += (rng.choice(("Value", "Amount / Entry", "Details")),)
    shade = chance(rng, 0.5)
    sh.need(40)
    if shade:
        sh.c.setFillGray(0.85)
        sh.c.rect(sh.left, sh.y - 4, sh.width, sh.size + 8, stroke=0, fill=1)
        sh.c.setFillGray(0)
    for x, h in zip(xs, heads, strict=True):
        sh.text(x + 3, sh.y, h, bold=True)
    sh.c.setLineWidth(0.8)
    sh.c.line(sh.left, sh.y - 5, sh.right, sh.y - 5)
    sh.y -= sh.size + 10
    n = rng.choice((1, 10, 100))
    ruled = chance(rng, 0.4)
    for k, it in enumerate(items):
        unit = unit_of(it)
        lines = wrap(sh, it.value, vroom, size=sh.size)
        sh.need(len(lines) * (sh.size + 3) + 6)
        sh.text(xs[0] + 3, sh.y, str(n + k))
        desc = label(it, doc_type, rng)
        sh.text(xs[1] + 3, sh.y, desc, size=sh.fit(desc, cols[1] - 8))
        if unit:
            sh.text(xs[2] + 3, sh.y, unit_word(unit, rng))
        numeric = unit != "" or (it.value[:1].isdigit() and len(lines) == 1)
        y = sh.y
        for ln in lines:
            x = sh.right - 3 - sh.width_of(ln) if numeric else xs[3] + 3
            sh.text(x, y, ln)
            y -= sh.size + 3
        sh.y = y - 3
        if ruled:
            sh.c.setLineWidth(0.3)
            sh.c.line(sh.left, sh.y + sh.size, sh.right, sh.y + sh.size)
    sh.c.setLineWidth(0.8)
    sh.c.line(sh.left, sh.y + sh.size, sh.right, sh.y + sh.size)
    sh.y -= 10


_PARTS = ("General Information", "Particulars", "Further Particulars", "Additional Information", "Other", "Supplement")


def questionnaire(  # noqa: PLR0915 - one form, drawn top to bottom
    sh: Sheet, items: list[Item], rng: random.Random, *, doc_type: str, issuer: str, subject: str
) -> None:
    """Numbered questions in parts; answers after ``Answer:``, on a fill-in rule, or as ticked boxes."""
    sh.letterhead(issuer, subject)
    if chance(rng, 0.7):
        sh.paragraph(
            rng.choice(
                (
                    "Answer every question. Where options are given, mark one box only.",
                    "Complete all items. Attach additional sheets if necessary. Mark the applicable box.",
                    "Instructions: type or print clearly. Each answer applies to the site named in item 1.",
                )
            ),
            size=sh.size - 1,
        )
        sh.y -= 6
    numbering = rng.choice(("{n}.", "Q{n}.", "{n})", "Item {n}."))
    habit = rng.choice(("answer", "rule", "mixed"))
    answer_word = rng.choice(("Answer:", "Response:", "A:", "Reply:"))
    mark = rng.choice(("box", "glyph", "bracket"))
    per_part = rng.randint(4, 7)
    part_style = rng.choice(("PART {r} - {t}", "Section {a}. {t}", "{t}"))
    indent = rng.choice((18.0, 22.0, 26.0))
    indent = max(indent, sh.width_of(numbering.format(n=len(items)), bold=True) + 6)
    offset, answer_bold = rng.choice((0.0, 12.0)), chance(rng, 0.5)
    refs = [it for it in items if not it.truth]
    if refs:  # a form's reference numbers and print date sit on one line above the questions
        x, sz = sh.left, sh.size - 1
        for it in refs:
            lab = label(it, doc_type, rng) + ":"
            if x > sh.left and x + sh.width_of(f"{lab}  {it.value}", size=sz) > sh.right:
                x, sh.y = sh.left, sh.y - sz - 4
            x += sh.text(x, sh.y, lab, size=sz) + 4
            x += sh.text(x, sh.y, it.value, size=sz) + 24
        sh.y -= sh.size + 10
    items = [it for it in items if it.truth]
    for k, it in enumerate(items):
        if k % per_part == 0:
            p = k // per_part
            head = part_style.format(
                r=("I", "II", "III", "IV", "V", "VI")[min(p, 5)], a="ABCDEF"[min(p, 5)], t=_PARTS[min(p, 5)]
            )
            sh.need(sh.size * 6)
            sh.y -= 4
            sh.text(sh.left, sh.y, head, bold=True, size=sh.size + 1)
            sh.y -= sh.size + 10
        q = question(it, doc_type, rng)
        num = numbering.format(n=k + 1)
        qlines = wrap(sh, q, sh.width - indent, size=sh.size)
        sh.need((len(qlines) + 2) * (sh.size + 4))
        sh.text(sh.left, sh.y, num, bold=True)
        for ln in qlines:
            sh.text(sh.left + indent, sh.y, ln)
            sh.y -= sh.size + 3
        sh.y -= 2
        x = sh.left + indent + offset
        if ticked(it) and chance(rng, 0.8):
            sh.y = options_row(sh, x, sh.y, it, mark, sh.size, sh.right - x) - 4
            continue
        how = habit if habit != "mixed" else rng.choice(("answer", "rule"))
        if how == "answer":
            w = sh.text(x, sh.y, answer_word, bold=answer_bold)
            vx = x + w + 6
        else:
            vx = x + 4
        lines = wrap(sh, it.value, sh.right - vx - 4, size=sh.size)
        for ln in lines:
            sh.text(vx, sh.y, ln)
            if how == "rule":
                sh.c.setLineWidth(0.4)
                sh.c.line(x, sh.y - 2.5, sh.right, sh.y - 2.5)
            sh.y -= sh.size + 4
        sh.y -= rng.uniform(4, 9)


FOURTH_FORMS = {"permit_card": permit_card, "statement": statement, "questionnaire": questionnaire}
