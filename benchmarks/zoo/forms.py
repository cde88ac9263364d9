"""The form-like PDF families: where a value sits relative to its label is what each one varies.

``same_line`` (label, separator, value), ``dot_leaders`` (a row of dots to a value column),
``columns`` (two or three pairs per line), ``grid_plain`` / ``grid_ruled`` (a row of small labels over
a row of values, without or with cell rules), ``boxed`` (form boxes with the label in the corner) and
``kv_table`` (a ruled label | value [| unit] table that may run onto a second page).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item, colon
from benchmarks.zoo.sheet import Sheet

HEADINGS = ("SITE INFORMATION", "General", "Details", "SUMMARY", "Administrative Data", "Record", "Particulars")
FILLER: dict[str, tuple[tuple[str, str], ...]] = {
    "structural_inspection": (
        ("Foundation Type", "Drilled pier"),
        ("Grounding Resistance", "4.2 ohms"),
        ("Paint Condition", "Fair"),
        ("Antenna Count", "12"),
        ("Leg A Usage", "71.3%"),
        ("Basic Wind Speed", "115 mph"),
        ("Ice Thickness", "0.75 in"),
        ("Exposure Category", "C"),
        ("Risk Category", "II"),
        ("Mount Type", "Sector frame"),
        ("Climbing Facility", "Safety cable"),
        ("Anchor Rod Usage", "58.0%"),
        ("Base Plate Usage", "44.9%"),
        ("Feed Lines", '(18) 1-5/8"'),
        ("Plumb Deviation", "0.11%"),
        ("Twist", "0.3 deg"),
    ),
    "lease_amendment": (
        ("Premises", "100' x 100' parcel"),
        ("Recording Book/Page", "4411/217"),
        ("Parcel No.", "12-04-330-019"),
        ("Collocation Rights", "Permitted"),
        ("ROFR", "30 days"),
        ("Utility Easement", "20 ft"),
        ("Insurance Minimum", "$2,000,000"),
        ("Governing Law", "State of site"),
    ),
    "municipal_permit": (
        ("Zoning District", "AG-1"),
        ("Parcel No.", "08-221-004"),
        ("Setback (front)", "75 ft"),
        ("Fee Paid", "$450.00"),
        ("Inspector", "Bldg. Dept."),
        ("Conditions", "See attached"),
        ("Shot Clock Category", "New macro"),
        ("Hearing Date", "TBD"),
    ),
    "faa_determination": (
        ("Nearest Airport", "KXYZ"),
        ("Distance to Runway", "3.4 NM"),
        ("Frequency", "700-2500 MHz"),
        ("Datum", "NAD 83"),
        ("AC Reference", "70/7460-1M"),
        ("Form 7460-2 Required", "Part 2"),
    ),
    "field_log": (
        ("Arrival", "08:10"),
        ("Departure", "11:45"),
        ("Weather", "Clear, 64F"),
        ("Ticket", "INC0044183"),
        ("Alarm Test", "OK"),
        ("Vehicle", "Truck 14"),
    ),
}

Draw = Callable[[Sheet, list[Item], random.Random], None]


def _long_row(doc_type: str, k: int, rng: random.Random) -> Item:
    """A numbered detail row of the kind that makes real tables run long."""
    if doc_type == "structural_inspection":
        part = ("Leg", "Diagonal", "Horizontal", "Mount")[k % 4]
        return Item(f"{part} section {k} usage", f"{rng.uniform(15, 95):.1f}%")
    if doc_type == "lease_amendment":
        return Item(f"Exhibit {k}", rng.choice(("Attached", "Unchanged", "Replaced", "Deleted")))
    if doc_type == "municipal_permit":
        return Item(f"Condition {k}", rng.choice(("Complied", "Ongoing", "Waived", "See note")))
    if doc_type == "faa_determination":
        return Item(f"Frequency {k}", f"{rng.randrange(600, 6000, 10)} MHz")
    return Item(f"Check {k}", rng.choice(("OK", "OK", "Adjusted", "N/A")))


def _groups(items: list[Item], rng: random.Random) -> list[list[Item]]:
    """Split items into one to three consecutive sections."""
    cuts = sorted(rng.sample(range(1, len(items)), min(len(items) - 1, rng.randint(0, 2)))) if len(items) > 1 else []
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _heading(sh: Sheet, rng: random.Random) -> None:
    sh.need(sh.size * 3)
    sh.text(sh.left, sh.y, rng.choice(HEADINGS), bold=True, size=sh.size + 1)
    sh.line_down(sh.size * 1.9)


def same_line(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """``Label: value`` with one separator per document: colon, `` = ``, `` - ``, tab stop or wide gap."""
    sep = rng.choice((":", " =", " -", "tab", "gap"))
    bold = chance(rng, 0.4)
    tab = max(sh.width_of(i.label, bold=bold) for i in items) + rng.uniform(14, 40)
    for gi, group in enumerate(_groups(items, rng)):
        if gi and chance(rng, 0.6):
            _heading(sh, rng)
        for it in group:
            sh.need(sh.size * 2)
            if sep in ("tab", "gap"):
                w = sh.text(sh.left, sh.y, it.label, bold=bold)
                x = sh.left + (tab if sep == "tab" else w + rng.uniform(30, 60))
            else:
                w = sh.text(sh.left, sh.y, it.label + sep, bold=bold)
                x = sh.left + w + sh.width_of(" ")
            sh.text(x, sh.y, it.value, size=sh.fit(it.value, sh.right - x))
            sh.line_down()


def dot_leaders(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """``Tower height ........ 180 ft``: dots lead to a value column or to a right-aligned value."""
    col = sh.left + sh.width * rng.uniform(0.42, 0.6)
    dot = rng.choice((".", ".", " .", "_"))
    right_align = chance(rng, 0.35)
    for it in items:
        sh.need(sh.size * 2)
        lw = sh.text(sh.left, sh.y, it.label)
        size = sh.fit(it.value, (sh.right - col) if not right_align else sh.width * 0.45)
        vx = sh.right - sh.width_of(it.value, size=size) if right_align else col
        start, stop = sh.left + lw + 4, vx - 6
        n = int((stop - start) / max(sh.width_of(dot), 1.0))
        if n > 0:
            sh.text(start, sh.y, dot * n)
        sh.text(vx, sh.y, it.value, size=size)
        sh.line_down()


def columns(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Two or three ``Label: value`` pairs side by side on each line."""
    ncol = rng.choice((2, 2, 3))
    cw = sh.width / ncol
    bold = chance(rng, 0.5)
    for row in range(0, len(items), ncol):
        sh.need(sh.size * 2)
        for k, it in enumerate(items[row : row + ncol]):
            x = sh.left + k * cw
            lab = colon(it.label)
            lw = sh.text(x, sh.y, lab, bold=bold, size=sh.fit(lab, cw * 0.55, bold=bold))
            vx = x + lw + 4
            sh.text(vx, sh.y, it.value, size=sh.fit(it.value, x + cw - vx - 8))
        sh.line_down(sh.size * rng.uniform(1.6, 2.2))


def _grid(sh: Sheet, items: list[Item], rng: random.Random, *, ruled: bool) -> None:
    """Rows of four cells: small bold label row above the value row."""
    ncol = 4 if chance(rng, 0.75) else 3
    cw = sh.width / ncol
    lsz = max(sh.size - rng.choice((2, 2.5, 3)), 6.0)
    caps = chance(rng, 0.5)
    lh, vh = lsz + 6, sh.size + 9
    shade = ruled and chance(rng, 0.5)
    for row in range(0, len(items), ncol):
        cells = items[row : row + ncol]
        sh.need(lh + vh + 8)
        top = sh.y + sh.size
        if ruled:
            if shade:
                sh.c.setFillGray(0.88)
                sh.c.rect(sh.left, top - lh, sh.width, lh, stroke=0, fill=1)
                sh.c.setFillGray(0)
            sh.c.setLineWidth(0.5)
            sh.c.rect(sh.left, top - lh - vh, sh.width, lh + vh)
            sh.c.line(sh.left, top - lh, sh.right, top - lh)
            for k in range(1, ncol):
                sh.c.line(sh.left + k * cw, top, sh.left + k * cw, top - lh - vh)
        for k, it in enumerate(cells):
            x = sh.left + k * cw + 3
            lab = it.label.upper() if caps else it.label
            sh.text(x, top - lsz - 1.5, lab, bold=True, size=sh.fit(lab, cw - 6, bold=True, size=lsz))
            sh.text(x, top - lh - sh.size - 2, it.value, size=sh.fit(it.value, cw - 6))
        sh.y -= lh + vh + (rng.uniform(4, 10) if ruled and chance(rng, 0.5) else rng.uniform(8, 16))


def grid_plain(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Label row over value row, no rules: columns exist only by alignment."""
    _grid(sh, items, rng, ruled=False)


def grid_ruled(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Label row over value row inside drawn cells."""
    _grid(sh, items, rng, ruled=True)


def boxed(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Form boxes of varied widths: tiny label in the top-left corner, the value inside the box."""
    lsz = rng.choice((6.0, 6.5, 7.0))
    bh = sh.size + lsz + 12
    gap = rng.uniform(3, 9)
    i = 0
    while i < len(items):
        per = min(rng.choice((1, 2, 2, 3)), len(items) - i)
        widths = [rng.uniform(1, 2) for _ in range(per)]
        total = sum(widths)
        sh.need(bh + gap + 4)
        top, x = sh.y + sh.size, sh.left
        for it, share in zip(items[i : i + per], widths, strict=True):
            w = (sh.width - gap * (per - 1)) * share / total
            sh.c.setLineWidth(rng.choice((0.5, 0.8, 1.0)))
            sh.c.rect(x, top - bh, w, bh)
            sh.text(x + 2.5, top - lsz - 1.5, it.label, size=sh.fit(it.label, w - 5, size=lsz))
            sh.text(x + 5, top - bh + 5, it.value, size=sh.fit(it.value, w - 10))
            x += w + gap
        sh.y -= bh + gap
        i += per


def _with_detail_rows(items: list[Item], rng: random.Random, doc_type: str) -> list[Item]:
    """``items`` with detail rows mixed in: a few, or (for 40%) enough to run onto a second page."""
    pool = list(FILLER.get(doc_type, FILLER["structural_inspection"]))
    if chance(rng, 0.4):
        detail = [Item(lab, val) for lab, val in pool] + [_long_row(doc_type, k, rng) for k in range(1, 41)]
        detail = detail[: rng.randint(30, 50)]
    else:
        detail = [Item(lab, val) for lab, val in rng.sample(pool, min(len(pool), rng.randint(0, 4)))]
    # Merge keeping both orders: numbered detail rows stay in sequence, fields keep theirs.
    slots = set(rng.sample(range(len(items) + len(detail)), len(items)))
    fields, rest = iter(items), iter(detail)
    return [next(fields) if k in slots else next(rest) for k in range(len(items) + len(detail))]


def kv_table(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str = "") -> None:
    """A two- or three-column ruled table; long ones continue on the next page with the header again."""
    unit_col = any(it.unit for it in items) or chance(rng, 0.2)
    head: tuple[str, ...] = rng.choice(
        (("Item", "Value", "Unit"), ("Parameter", "Value", "Units"), ("Description", "Data", "Unit"))
    )
    if not unit_col:
        head = head[:2]
    rows = _with_detail_rows(items, rng, doc_type)
    widths = [0.48, 0.52] if not unit_col else [0.44, 0.38, 0.18]
    xs = [sh.left]
    for w in widths:
        xs.append(xs[-1] + w * sh.width)
    rh = sh.size + rng.uniform(6, 10)
    show_head = unit_col or chance(rng, 0.6)
    verticals = chance(rng, 0.7)

    def row(cells: tuple[str, ...], *, bold: bool = False) -> None:
        sh.need(rh + 2)
        top = sh.y + sh.size + 2
        sh.c.setLineWidth(0.5)
        sh.c.line(xs[0], top, xs[-1], top)
        sh.c.line(xs[0], top - rh, xs[-1], top - rh)
        if verticals:
            for x in xs:
                sh.c.line(x, top, x, top - rh)
        for k, s in enumerate(cells):
            room = xs[k + 1] - xs[k] - 8
            sh.text(xs[k] + 4, top - rh + (rh - sh.size) / 2 + 1.5, s, bold=bold, size=sh.fit(s, room, bold=bold))
        sh.y -= rh

    if show_head:
        row(head, bold=True)
    start_page = sh.page
    for it in rows:
        if sh.y - rh - 2 < sh.bottom:
            sh.new_page()
            if show_head and chance(rng, 0.7):
                row(head, bold=True)
        row((it.label, it.value, it.unit) if unit_col else (it.label, it.value))
    if sh.page > start_page:
        sh.y -= 6
    sh.y -= sh.size


FAMILY_DRAW: dict[str, Draw] = {
    "same_line": same_line,
    "dot_leaders": dot_leaders,
    "columns": columns,
    "grid_plain": grid_plain,
    "grid_ruled": grid_ruled,
    "boxed": boxed,
}
