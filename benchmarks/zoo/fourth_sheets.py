"""The fourth writer's sheet layouts: a landscape wide table, and a line-printer fixed-width report.

- ``wide_table``: a landscape page of one-row tables with many columns (an asset register's row);
  headers wrap over two or three lines in a smaller bold face, a bare number's unit on the header's
  last line; ruled fully, ruled by rows only, or with a shaded header band.
- ``line_printer``: a Courier printout of a mainframe report: a run header, then bands of fixed-width
  columns, each head underlined with ``=====`` (or ``-----``) the width of its column, the value under
  it; units on a second head line; long text in its own band; sometimes green-bar shading.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from benchmarks.zoo.facts import chance
from benchmarks.zoo.fourth_forms import FOURTH_FORMS, wrap
from benchmarks.zoo.fourth_labels import abbr, label, unit_of, unit_word
from benchmarks.zoo.labels import Item
from benchmarks.zoo.sheet import Sheet

_CAPTIONS = ("Record Detail", "Register Entry", "Site Record", "Summary of Record", "Data Sheet")


def _landscape(sh: Sheet) -> None:
    """Turn the sheet's page before anything is drawn on it."""
    sh.w, sh.h = max(sh.w, sh.h), min(sh.w, sh.h)
    sh.c.setPageSize((sh.w, sh.h))
    sh.left, sh.right = sh.rng.uniform(36, 54), sh.w - sh.rng.uniform(36, 54)
    sh.top, sh.bottom = sh.h - sh.rng.uniform(36, 52), sh.rng.uniform(48, 60)
    sh.y = sh.top


def wide_table(  # noqa: C901, PLR0912, PLR0915 - one page, drawn top to bottom
    sh: Sheet, items: list[Item], rng: random.Random, *, doc_type: str, issuer: str, subject: str
) -> None:
    """One-row tables across a landscape page; wrapped headers carry the units."""
    _landscape(sh)
    sh.letterhead(issuer, subject)
    hsz, vsz = sh.size - rng.choice((0.5, 1.0, 1.5)), sh.size
    ruling = rng.choice(("grid", "rows", "shaded"))
    caps, caption, caption_word = chance(rng, 0.35), chance(rng, 0.6), rng.choice(_CAPTIONS)
    cols = []
    for it in items:
        head = label(it, doc_type, rng, caps=caps)
        unit = unit_of(it)
        if unit:
            head += " " + rng.choice(("({})", "[{}]", "- {}")).format(unit_word(unit, rng))
        cols.append((it, head))
    i, table = 0, 0
    while i < len(cols):
        per = rng.randint(7, 11)
        chunk, nat = [], []
        while i < len(cols) and len(chunk) < per:
            it, head = cols[i]
            words = [sh.width_of(w, size=vsz) for w in it.value.split()]
            words += [sh.width_of(w, size=hsz, bold=True) for w in head.split()]
            n = max(min(sh.width_of(it.value, size=vsz), 160.0), 40.0, *words) + 10
            if chunk and sum(nat) + n > sh.width:
                break
            chunk.append(cols[i])
            nat.append(n)
            i += 1
        widths = [n * min(sh.width / sum(nat), 1.25) for n in nat]
        right = sh.left + sum(widths)
        heads = [wrap(sh, h, w - 6, size=hsz, bold=True) for (_, h), w in zip(chunk, widths, strict=True)]
        cells = [wrap(sh, it.value, w - 6, size=vsz) for (it, _), w in zip(chunk, widths, strict=True)]
        hh = max(len(h) for h in heads) * (hsz + 2) + 6
        vh = max(len(c) for c in cells) * (vsz + 2) + 8
        sh.need(hh + vh + (sh.size + 10 if caption else 0) + 10)
        table += 1
        if caption:
            cap = f"Table {table}. {caption_word}" + (" (continued)" if table > 1 else "")
            sh.text(sh.left, sh.y, cap, bold=True, size=sh.size - 0.5)
            sh.y -= sh.size + 6
        top = sh.y + sh.size * 0.2
        if ruling == "shaded":
            sh.c.setFillGray(0.82)
            sh.c.rect(sh.left, top - hh, right - sh.left, hh, stroke=0, fill=1)
            sh.c.setFillGray(0)
        x = sh.left
        for hl, cl, w in zip(heads, cells, widths, strict=True):
            y = top - 3 - hsz
            for ln in hl:
                sh.text(x + 3, y, ln, bold=True, size=hsz)
                y -= hsz + 2
            y = top - hh - 4 - vsz
            for ln in cl:
                sh.text(x + 3, y, ln, size=vsz)
                y -= vsz + 2
            x += w
        sh.c.setLineWidth(0.6)
        for yy in (top, top - hh, top - hh - vh):
            sh.c.line(sh.left, yy, right, yy)
        if ruling == "grid":
            x = sh.left
            for w in (0.0, *widths):
                x += w
                sh.c.line(x, top, x, top - hh - vh)
        sh.y = top - hh - vh - rng.uniform(18, 30)


def line_printer(  # noqa: C901, PLR0912, PLR0915 - one printout, drawn top to bottom
    sh: Sheet, items: list[Item], rng: random.Random, *, doc_type: str, issuer: str, subject: str
) -> None:
    """A Courier printout: bands of columns, each head underlined with ``=`` to its column's width."""
    sh.font, sh.bold = "Courier", "Courier-Bold"
    sh.size = rng.choice((7.5, 8.0, 8.5, 9.0))
    cw = sh.width_of("M")
    chars = int(sh.width / cw)
    under = rng.choice(("=", "=", "-"))
    gap = rng.choice((2, 3))
    lh = sh.size * rng.choice((1.25, 1.35, 1.5))
    system = {"lease_amendment": "RE", "municipal_permit": "PMT", "faa_determination": "OES", "field_log": "OPS"}
    prog = f"{system.get(doc_type, 'TWR')}{rng.randint(100, 999)}{rng.choice('ABCR')}"
    head1 = f"{prog:<12}{issuer}"  # as printed: a permit's issuer line states its jurisdiction
    head2 = subject.upper()[:chars]
    greenbar = chance(rng, 0.4)
    sh.text(sh.left, sh.y, head1 + " " * max(1, chars - len(head1) - 8) + "PAGE   1")
    sh.y -= lh
    sh.text(sh.left + max(0, (chars - len(head2)) // 2) * cw, sh.y, head2)
    sh.y -= lh
    sh.text(sh.left, sh.y, "*" * chars)
    sh.y -= lh * 2
    longs = [it for it in items if len(it.value) > chars // 3]
    cols = []
    for it in items:
        if it in longs:
            continue
        head = abbr(it, rng)
        unit = unit_of(it)
        cols.append((it, head, f"({unit_word(unit, rng).upper()})" if unit else ""))
    band_no = 0
    i = 0
    while i < len(cols):
        band, used = [], 0
        while i < len(cols):
            it, h, u = cols[i]
            w = max(len(h), len(u), len(it.value))
            if band and used + w > chars:
                break
            band.append((it, h, u, w))
            used += w + gap
            i += 1
            if len(band) >= rng.choice((4, 5, 6, 8)):
                break
        two = any(u for *_, u, _ in band)
        sh.need(lh * (4 if two else 3) + 4)
        if greenbar and band_no % 2 == 0:
            sh.c.setFillColorRGB(0.86, 0.94, 0.86)
            sh.c.rect(sh.left - 4, sh.y - lh * (2.6 if two else 1.6), sh.width + 8, lh * (3 if two else 2) + 2, 0, 1)
            sh.c.setFillColorRGB(0, 0, 0)
        rows = [[h for _, h, _, _ in band]]
        if two:
            rows.append([u for _, _, u, _ in band])
        rows.append([under * w for *_, w in band])
        rows.append([it.value for it, *_ in band])
        for row in rows:
            x = sh.left
            for cell, (*_, w) in zip(row, band, strict=True):
                if cell:
                    sh.text(x, sh.y, cell)
                x += (w + gap) * cw
            sh.y -= lh
        sh.y -= lh
        band_no += 1
    for it in longs:
        head = abbr(it, rng)
        lines = wrap(sh, it.value, sh.width, size=sh.size)
        sh.need(lh * (len(lines) + 3))
        sh.text(sh.left, sh.y, head)
        sh.y -= lh
        sh.text(sh.left, sh.y, under * len(head))
        sh.y -= lh
        for ln in lines:
            sh.text(sh.left, sh.y, ln)
            sh.y -= lh
        sh.y -= lh
    end = rng.choice(("*** END OF REPORT ***", "--- END OF LISTING ---", "RECORDS PRINTED:     1"))
    sh.need(lh * 2)
    sh.text(sh.left + max(0, (chars - len(end)) // 2) * cw, sh.y, end)
    sh.y -= lh * 2


FOURTH_DRAW: dict[str, Callable[..., None]] = {
    **FOURTH_FORMS,
    "wide_table": wide_table,
    "line_printer": line_printer,
}
