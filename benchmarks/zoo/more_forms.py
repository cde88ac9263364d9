"""More PDF layout families (``MORE_FAMILIES``): conventions the first ten do not print.

Each family copies a way real paperwork places a value relative to what names it:
``caption_below`` (a value typed on a blank with its caption printed small under the rule, as
government forms do), ``inline_run`` (``Label: value`` statements strung along running lines between
bullets, pipes or semicolons), ``two_panel`` (two side-by-side panels of small labels over values),
``margin_labels`` (flush-right labels in a narrow margin, values flush left beside them, wrapping),
``matrix`` (a numbered ``No. | item | entry [| remarks]`` table) and ``letter`` (a business letter
that states the facts in its subject line and in sentences).

The families were written from how such documents are printed, not from what any extractor reads.
Every one prints ``Item.value`` verbatim, so each item's ``truth`` stays exactly what the page says.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics

from benchmarks.zoo import facts as fx
from benchmarks.zoo import values as vx
from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item, colon
from benchmarks.zoo.sheet import Sheet, unicode_font

Draw = Callable[[Sheet, list[Item], random.Random], None]
PanelStyle = tuple[float, bool, bool, float]  # label size, bold, capitals, gap between pairs


def _fewer_distractors(items: list[Item], rng: random.Random) -> list[Item]:
    """``items`` with at most two (sometimes no) distractors: field items are never dropped."""
    noise = [k for k, it in enumerate(items) if not it.truth]
    drop = set(rng.sample(noise, max(0, len(noise) - rng.randint(0, 2))))
    return [it for k, it in enumerate(items) if k not in drop]


def _lines(sh: Sheet, s: str, room: float, *, bold: bool = False, size: float | None = None) -> list[str]:
    """``s`` wrapped at word boundaries to ``room`` points, as a typesetter wraps a cell or column."""
    font = sh.bold if bold else sh.font
    return simpleSplit(s, font, size or sh.size, max(room, 20.0)) or [""]


# ---------------------------------------------------------------- caption_below

_SIGN_OFF = (("Signature of applicant", "Date"), ("Signature", "Title", "Date"), ("Certified by", "Date signed"))


def _fits(sh: Sheet, it: Item, per: int) -> bool:
    """Whether ``it``'s value fits a blank one ``per``-th of the page wide."""
    return sh.width_of(it.value) <= sh.width / per - 16


def _blank_rows(sh: Sheet, items: list[Item], per: int) -> Iterator[list[Item]]:
    """Rows of ``per`` blanks; a value too long for a narrow blank gets a whole row to itself."""
    row: list[Item] = []
    for it in items:
        if not _fits(sh, it, per):
            if row:
                yield row
                row = []
            yield [it]
            continue
        row.append(it)
        if len(row) == per:
            yield row
            row = []
    if row:
        yield row


def _blank(sh: Sheet, x: float, w: float, value: str, caption: str, look: tuple[float, bool]) -> None:
    """One blank: ``value`` typed on a rule from ``x`` to ``x + w``, ``caption`` small beneath it."""
    lsz, centred = look
    if value:
        sh.text(x + 3, sh.y, value, size=sh.fit(value, w - 6))
    sh.c.setLineWidth(0.6)
    sh.c.line(x, sh.y - 3, x + w, sh.y - 3)
    size = sh.fit(caption, w - 2, size=lsz)
    cx = x + (w - sh.width_of(caption, size=size)) / 2 if centred else x + 1
    sh.text(cx, sh.y - 4 - lsz, caption, size=size)


def _blank_row(sh: Sheet, row: list[Item], per: int, look: tuple[float, bool], rng: random.Random) -> None:
    """One row of blanks of varied widths; a short row keeps its blanks as narrow as a full row's."""
    gap = rng.uniform(10, 20)
    shares = [rng.uniform(1.0, 1.5) for _ in row]
    slots = max(per, len(row)) if len(row) > 1 or _fits(sh, row[0], per) else 1
    total = sum(shares) + 1.25 * (slots - len(row))
    x = sh.left
    for it, share in zip(row, shares, strict=True):
        w = (sh.width - gap * (slots - 1)) * share / total
        _blank(sh, x, w, it.value, it.label, look)
        x += w + gap


def caption_below(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Fill-in-the-blank form: the value on a rule, its caption in 6.5-7.5 pt under the rule."""
    items = _fewer_distractors(items, rng)
    look = (rng.choice((6.5, 7.0, 7.5)), chance(rng, 0.3))
    per = rng.choice((2, 3, 3))
    paren, caps = chance(rng, 0.2), chance(rng, 0.2)
    rows = list(_blank_rows(sh, items, per))
    if chance(rng, 0.4):
        rows.append([Item(c, "") for c in rng.choice(_SIGN_OFF)])
    step = sh.size + look[0] + rng.uniform(12, 20)
    sh.y -= 6
    for row in rows:
        sh.need(step)
        shown = [replace(it, label=it.label.upper() if caps else it.label) for it in row]
        _blank_row(sh, [replace(it, label=f"({it.label})") if paren else it for it in shown], per, look, rng)
        sh.y -= step


# ---------------------------------------------------------------- inline_run

_RUN_SEPS = ("\u2022", "|", ";")
Token = tuple[str, str]  # (text, font name)


def _units(sh: Sheet, items: list[Item], sep: str, *, label_bold: bool) -> list[list[Token]]:
    """Words to flow, as unbreakable units: a separator stays on the line of the value before it."""
    label_font = sh.bold if label_bold else sh.font
    sep_font = (unicode_font() or sh.font) if sep == "\u2022" else sh.font  # the base-14 fonts map no bullet
    units: list[list[Token]] = []
    for k, it in enumerate(items):
        units += [[(w, label_font)] for w in colon(it.label).split()]
        words = [[(w, sh.font)] for w in it.value.split()]
        if k < len(items) - 1:
            last = words[-1][0][0]
            words[-1] = [(last + ";", sh.font)] if sep == ";" else [(last, sh.font), (sep, sep_font)]
        units += words
    return units


def _wrap(sh: Sheet, units: list[list[Token]]) -> list[list[Token]]:
    """Break ``units`` into lines of the text width, as a word processor does."""
    space = sh.width_of(" ")
    lines: list[list[Token]] = [[]]
    x = 0.0
    for unit in units:
        w = sum(pdfmetrics.stringWidth(t, f, sh.size) + space for t, f in unit)
        if lines[-1] and x + w - space > sh.width:
            lines.append([])
            x = 0.0
        lines[-1] += unit
        x += w
    return lines


def _set_line(sh: Sheet, line: list[Token]) -> None:
    """Draw one line as runs of one font each, spaces included, so the text layer reads as typed."""
    runs = [(f, " ".join(t for t, _ in grp)) for f, grp in itertools.groupby(line, key=lambda tok: tok[1])]
    x = sh.left
    for k, (font, text) in enumerate(runs):
        x += sh.text(x, sh.y, text + (" " if k < len(runs) - 1 else ""), font=font)


def _flow(sh: Sheet, units: list[list[Token]], lead: float) -> None:
    """Set ``units`` as running text from the left margin, wrapping at the right one."""
    for line in _wrap(sh, units):
        sh.need(lead)
        _set_line(sh, line)
        sh.y -= lead


def inline_run(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """``Label: value • Label: value • ...`` in running lines; one separator style per document."""
    items = _fewer_distractors(items, rng)
    seps = [s for s in _RUN_SEPS if not any(s in it.value for it in items)]  # no issuer picks an ambiguous one
    sep = rng.choice(seps)
    bold = chance(rng, 0.4)
    lead = sh.size * rng.uniform(1.3, 1.6)
    cuts = sorted(rng.sample(range(1, len(items)), min(len(items) - 1, rng.randint(0, 2))))
    for a, b in itertools.pairwise([0, *cuts, len(items)]):
        _flow(sh, _units(sh, items[a:b], sep, label_bold=bold), lead)
        sh.y -= rng.uniform(2, 10)


# ---------------------------------------------------------------- two_panel

_PANEL_RIGHT = {
    "asr_number": "STRUCTURE",
    "lease_id": "TERMS",
    "permit_number": "PERMIT",
    "asn": "STUDY",
    "technician": "VISIT",
    "structure_type": "STRUCTURE",
    "monthly_rent_usd": "TERMS",
    "issue_date": "APPROVAL",
    "determination": "DETERMINATION",
    "activity": "WORK",
}
_PANEL_LEFT = ("SITE", "LOCATION", "IDENTIFICATION", "GENERAL")


def _panel_heads(items: list[Item], rng: random.Random) -> tuple[str, str]:
    """Headings for the two panels: the left names the site, the right what the record is about."""
    right = next((_PANEL_RIGHT[it.key] for it in items if it.key in _PANEL_RIGHT), "DETAILS")
    left = rng.choice(_PANEL_LEFT)
    return (left, right) if chance(rng, 0.7) else (left.title(), right.title())


def _pair_lines(sh: Sheet, it: Item, room: float, label_style: tuple[float, bool, bool]) -> tuple[list[str], list[str]]:
    """(label lines, value lines) of one label-above-value pair in a panel ``room`` points wide."""
    lsz, bold, caps = label_style
    label = it.label.upper() if caps else it.label
    return _lines(sh, label, room, bold=bold, size=lsz), _lines(sh, it.value, room)


def _panel(
    sh: Sheet, x: float, room: float, head: str, pairs: list[tuple[list[str], list[str]]], style: PanelStyle
) -> float:
    """Draw one panel from the cursor down; return the height it took."""
    lsz, bold, _caps, gap = style
    y = sh.y
    sh.text(x, y, head, bold=True, size=sh.size + 0.5)
    y -= sh.size * 2.0
    for labels, vals in pairs:
        for ln in labels:
            sh.text(x, y, ln, bold=bold, size=lsz)
            y -= lsz + 2.5
        y -= sh.size - lsz + 1
        for ln in vals:
            sh.text(x, y, ln, size=sh.fit(ln, room))
            y -= sh.size * 1.25
        y -= gap
    return sh.y - y


def _pairs_height(sh: Sheet, pairs: list[tuple[list[str], list[str]]], lsz: float, gap: float) -> float:
    """Height a panel of ``pairs`` needs (the same arithmetic ``_panel`` draws with)."""
    body = sum(len(a) * (lsz + 2.5) + (sh.size - lsz + 1) + len(b) * sh.size * 1.25 + gap for a, b in pairs)
    return sh.size * 2.0 + body


def two_panel(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Left and right panels, each a headed stack of small labels over regular-size values, no rules."""
    items = _fewer_distractors(items, rng)
    gutter = rng.uniform(24, 44)
    room = (sh.width - gutter) / 2
    lsz = max(sh.size - rng.choice((1.5, 2.0, 2.5, 3.0)), 6.5)
    style: PanelStyle = (lsz, chance(rng, 0.5), chance(rng, 0.5), rng.uniform(6, 12))
    gap = style[3]
    cut = min(max(1, (len(items) + 1) // 2 + rng.randint(-1, 1)), len(items))
    sides = [[_pair_lines(sh, it, room, style[:3]) for it in part] for part in (items[:cut], items[cut:])]
    sh.need(max(_pairs_height(sh, p, lsz, gap) for p in sides))
    heads = _panel_heads(items, rng)
    used = [_panel(sh, sh.left + k * (room + gutter), room, heads[k], sides[k], style) for k in (0, 1) if sides[k]]
    sh.y -= max(used) + 4


# ---------------------------------------------------------------- margin_labels


def _margin_entry(sh: Sheet, it: Item, cols: tuple[float, float, float], look: tuple[bool, bool, float]) -> None:
    """One entry: the label right-aligned against ``label_end``, the value wrapped in its column."""
    label_end, value_x, value_w = cols
    bold, use_colon, lead = look
    label = colon(it.label) if use_colon else it.label
    labels = _lines(sh, label, label_end - sh.left, bold=bold)
    values = _lines(sh, it.value, value_w)
    sh.need(lead * max(len(labels), len(values)) + 2)
    y = sh.y
    for ln in labels:
        sh.text(label_end - sh.width_of(ln, bold=bold), y, ln, bold=bold)
        y -= lead
    y = sh.y
    for ln in values:
        sh.text(value_x, y, ln)
        y -= lead
    sh.y -= lead * max(len(labels), len(values))


def margin_labels(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Flush-right labels in a narrow margin column, values flush left a character or two to their right."""
    items = _fewer_distractors(items, rng)
    bold = chance(rng, 0.5)
    widest = max(sh.width_of(colon(it.label), bold=bold) for it in items)
    label_end = sh.left + min(widest, sh.width * rng.uniform(0.22, 0.32))
    value_x = label_end + sh.width_of("n") * rng.uniform(1.0, 2.0)
    value_w = min(sh.right - value_x, sh.width * rng.uniform(0.34, 0.5))
    look = (bold, chance(rng, 0.3), sh.size * rng.uniform(1.2, 1.35))
    spacing = sh.size * rng.uniform(0.3, 0.9)
    for it in items:
        _margin_entry(sh, it, (label_end, value_x, value_w), look)
        sh.y -= spacing


# ---------------------------------------------------------------- matrix

_REMARKS = (
    "Verified",
    "Per drawings",
    "See attachment A",
    "Field measured",
    "Unchanged",
    "As built",
    "Per owner records",
    "Confirmed on site",
    "From prior report",
    "Updated this cycle",
)
_HEADS = (
    ("No.", "Description", "Entry", "Remarks"),
    ("#", "Item", "Value", "Notes"),
    ("Item", "Particulars", "Details", "Remarks"),
    ("No.", "Data element", "Information", "Comments"),
)


class _Table:
    """A table's geometry and rule style, drawn a row at a time so it can break across pages."""

    def __init__(self, sh: Sheet, rng: random.Random, ncol: int) -> None:
        self.sh = sh
        shares = [0.08, 0.36, 0.56] if ncol == 3 else [0.08, 0.32, 0.38, 0.22]  # noqa: PLR2004
        self.xs = list(itertools.accumulate([sh.left] + [s * sh.width for s in shares]))
        self.rules = rng.choice(("grid", "rows", "none"))
        self.lead = sh.size * 1.25
        self.pad = rng.uniform(3, 6)

    def row(self, cells: tuple[str, ...], *, bold: bool = False) -> None:
        """Draw one row, wrapping each cell within its column."""
        sh, xs = self.sh, self.xs
        wrapped = [_lines(sh, c, xs[k + 1] - xs[k] - 8, bold=bold) for k, c in enumerate(cells)]
        h = self.lead * max(len(w) for w in wrapped) + 2 * self.pad
        sh.need(h + 2)
        top = sh.y + sh.size + self.pad - 1
        for k, lines in enumerate(wrapped):
            for n, ln in enumerate(lines):
                sh.text(xs[k] + 4, top - self.pad - sh.size + 1 - n * self.lead, ln, bold=bold)
        self._rules(top, h, head=bold)
        sh.y -= h

    def _rules(self, top: float, h: float, *, head: bool) -> None:
        """Cell rules for the chosen style; an unruled table still underlines its header."""
        c, xs = self.sh.c, self.xs
        c.setLineWidth(0.5)
        if self.rules == "none":
            if head:
                c.line(xs[0], top - h, xs[-1], top - h)
            return
        c.line(xs[0], top, xs[-1], top)
        c.line(xs[0], top - h, xs[-1], top - h)
        if self.rules == "grid":
            for x in xs:
                c.line(x, top, x, top - h)


def matrix(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Numbered rows ``1. | label | value [| remark]``; remarks are notes beside a value, never part of it."""
    items = _fewer_distractors(items, rng)
    remarks = chance(rng, 0.5)
    head = rng.choice(_HEADS)[: 4 if remarks else 3]
    number = rng.choice(("{}.", "{}.", "{}", "{})"))
    table = _Table(sh, rng, len(head))
    table.row(head, bold=True)
    for n, it in enumerate(items, start=1):
        if sh.y - table.lead * 2 < sh.bottom:
            sh.new_page()
            table.row(head, bold=True)
        note = (rng.choice(_REMARKS) if chance(rng, 0.3) else "",) if remarks else ()
        table.row((number.format(n), it.label, it.value, *note))
    sh.y -= sh.size


# ---------------------------------------------------------------- letter

SAYS: dict[str, tuple[str, ...]] = {
    "site_id": (
        "Our records carry this facility under site number {v}.",
        "The site is listed in our inventory as {v}.",
    ),
    "site_name": ("The facility is known locally as {v}.", "The location is referred to in our files as {v}."),
    "asr_number": (
        "The tower is registered with the FCC as antenna structure {v}.",
        "Its antenna structure registration number is {v}.",
    ),
    "structure_type": ("The tower is a {v} structure.", "The structure at this location is of {v} design."),
    "structure_height_ft": ("It rises {v} above the ground.", "The overall height of the tower is {v}."),
    "latitude": ("The structure stands at latitude {v}.",),
    "longitude": ("Its longitude is recorded as {v}.",),
    "inspection_date": ("Our crew inspected the tower on {v}.", "The field inspection took place on {v}."),
    "inspection_firm": ("The inspection was carried out by {v}.", "{v} performed the inspection for us."),
    "max_capacity_pct": (
        "The most heavily loaded member is at {v} of its rated capacity.",
        "Under its current loading the structure is used to {v} of capacity.",
    ),
    "result": ("The overall result of the analysis is {v}.", "On that basis the tower is rated {v}."),
    "lighting_type": (
        "The obstruction lighting system is recorded as {v}.",
        "Obstruction lighting currently installed: {v}.",
    ),
    "next_inspection_date": (
        "The next inspection should be completed by {v}.",
        "We recommend re-inspection no later than {v}.",
    ),
    "lease_id": ("This letter concerns lease {v}.", "The agreement in question is lease number {v}."),
    "lessor": ("The landlord under the lease is {v}.", "{v}, as lessor, has agreed to the changes set out here."),
    "lessee": ("The tenant under the lease is {v}.", "{v} remains the lessee of the premises."),
    "amendment_date": ("The amendment takes effect as of {v}.", "The parties signed the amendment on {v}."),
    "commencement_date": ("The original lease term started on {v}.", "The initial term began on {v}."),
    "monthly_rent_usd": ("Going forward the monthly rent will be {v}.", "The rent due each month is {v}."),
    "escalator_pct": ("The rent will rise by {v} every year.", "An annual escalation of {v} applies."),
    "renewal_term_years": ("Each extension runs for {v}.", "Every renewal period lasts {v}."),
    "renewals_remaining": (
        "The tenant still holds {v} renewal options.",
        "Renewal options left to the tenant: {v}.",
    ),
    "notice_days": (
        "Either party must give {v} written notice to terminate.",
        "Notice of non-renewal must reach the other party at least {v} in advance.",
    ),
    "jurisdiction": ("The approval was granted by the {v}.", "The issuing authority is the {v}."),
    "permit_number": ("The permit number assigned is {v}.", "Please quote permit {v} in all correspondence."),
    "permit_type": ("The request was processed as a {v} permit.", "Your application was reviewed as a {v} permit."),
    "issue_date": ("The permit was issued on {v}.", "Approval was granted on {v}."),
    "approved_height_ft": (
        "The approved height of the structure is {v}.",
        "The facility may not exceed {v} in height.",
    ),
    "permit_status": ("The permit is currently {v}.", "The present status of the permit is {v}."),
    "asn": ("This letter refers to aeronautical study {v}.", "The study was assigned number {v}."),
    "structure_height_amsl_ft": ("The top of the structure is at {v}.",),
    "determination": ("The FAA has issued a determination of {v}.", "The study concluded with a finding of {v}."),
    "marking_lighting": (
        "The structure shall be marked and lighted as follows: {v}.",
        "Required marking and lighting: {v}.",
    ),
    "determination_date": ("The determination was issued on {v}.", "This determination is dated {v}."),
    "log_date": ("Our technician attended the site on {v}.", "The visit took place on {v}."),
    "technician": ("The work was carried out by {v}.", "{v} was the technician on site."),
    "activity": ("The visit was scheduled for the following work: {v}.", "The purpose of the visit was: {v}."),
    "light_outage": ("Obstruction light outage at the time of the visit: {v}.",),
    "findings": ("The technician noted the following: {v}.", "Findings on site: {v}."),
}
EXPIRES = {
    "lease_amendment": "The current term will expire on {v}.",
    "municipal_permit": "The permit remains valid until {v}.",
    "faa_determination": "Unless extended, revised or terminated, this determination expires on {v}.",
}
INTRO = {
    "structural_inspection": "We write to report the results of the recent condition assessment of the tower.",
    "lease_amendment": "This letter confirms the terms agreed for the amendment of the ground lease named above.",
    "municipal_permit": "This letter confirms the decision on the application named above.",
    "faa_determination": "The aeronautical study of the structure described below has been completed.",
    "field_log": "This letter summarises the recent maintenance visit to the site named above.",
}
NOISE = {
    "report no.": "Please quote report no. {v} in any reply.",
    "prepared by": "This letter was prepared by {v}.",
    "phone": "Questions may be directed to our office at {v}.",
    "tower owner": "The tower itself is owned by {v}.",
    "work order": "The work is tracked under work order {v}.",
}
CLOSING = (
    "Please contact the undersigned with any questions.",
    "Kindly keep this letter with your site records.",
    "We appreciate your cooperation in this matter.",
)
SALUTATIONS = ("Dear Sir or Madam:", "To whom it may concern:", "Dear Colleague,", "Ladies and Gentlemen:")
_AHEAD_DATES = ("expiration_date", "next_inspection_date")
_REF_KEYS = ("lease_id", "permit_number", "asn", "asr_number")
_SIGNERS = ("Project Manager", "Senior Engineer", "Program Analyst", "Site Manager", "Specialist")


def _say(it: Item, doc_type: str, rng: random.Random) -> str:
    """A sentence stating ``it`` with its printed value; a distractor becomes a sentence too, or nothing."""
    if not it.truth:
        form = NOISE.get(it.label.lower())
        return form.format(v=it.value).replace("..", ".") if form else ""
    if len(it.truth) > 1:
        form = "The tower is located at {v}."
    elif it.key == "expiration_date":
        form = EXPIRES.get(doc_type, "It expires on {v}.")
    elif it.key == "structure_height_amsl_ft" and not it.value.endswith("AMSL"):
        form = "The top of the structure is {v} above mean sea level."
    else:
        form = rng.choice(SAYS.get(it.key, ("{label}: {v}.",)))
    return form.format(v=it.value, label=it.label).replace("..", ".")


def _letter_date(items: list[Item], rng: random.Random) -> date:
    """The letter's own date: soon after what it reports, before what it looks ahead to, never a truth date."""
    held = {k: date.fromisoformat(v) for it in items for k, v in it.truth.items() if k.endswith("_date")}
    past = [d for k, d in held.items() if k not in _AHEAD_DATES]
    ahead = [d for k, d in held.items() if k in _AHEAD_DATES]
    if past:
        when = max(past) + timedelta(days=rng.randint(2, 30))
    elif ahead:
        when = min(ahead) - timedelta(days=rng.randint(180, 720))
    else:
        when = date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    while when in held.values():
        when += timedelta(days=1)
    return when


def _address(rng: random.Random) -> list[str]:
    """A street line and a town line."""
    street = f"{rng.randint(100, 9899)} {rng.choice(('Commerce', 'Main', 'Industrial', 'Oak', 'Park'))}"
    kind = rng.choice(("Street", "Ave.", "Blvd.", "Road", "Street, Suite 200"))
    return [f"{street} {kind}", f"{rng.choice(fx.TOWNS)}, {rng.choice(fx.STATES)} {rng.randint(10000, 99999)}"]


def _block(sh: Sheet, lines: list[str], *, x: float | None = None, first_bold: bool = False) -> None:
    """Address-style lines at the cursor, single-spaced."""
    for k, ln in enumerate(lines):
        sh.text(sh.left if x is None else x, sh.y, ln, bold=first_bold and k == 0)
        sh.y -= sh.size * 1.25


def _heading_lines(items: list[Item], subject: str, rng: random.Random) -> tuple[list[str], set[int]]:
    """The ``RE:`` and reference lines, and which items (by index) they state: at most three facts."""
    by_key = {it.key: k for k, it in enumerate(items) if it.truth and it.key}
    used: set[int] = set()
    re_line = f"{rng.choice(('RE:', 'Re:', 'Subject:'))} {subject}"
    for key, p in (("site_name", 0.8), ("site_id", 0.5)):
        if key in by_key and chance(rng, p):
            re_line += f" - {items[by_key[key]].value}"
            used.add(by_key[key])
    lines = [re_line]
    ref = next((k for k in _REF_KEYS if k in by_key), None)
    if ref and chance(rng, 0.5):
        lines.append(f"{rng.choice(('Our ref.:', 'Reference:', 'Ref:'))} {items[by_key[ref]].value}")
        used.add(by_key[ref])
    return lines, used


def _paragraphs(items: list[Item], doc_type: str, rng: random.Random) -> list[str]:
    """Body paragraphs of two to four sentences, in the items' order."""
    said = [s for s in (_say(it, doc_type, rng) for it in items) if s]
    out, k = [INTRO.get(doc_type, INTRO["field_log"])], 0
    while k < len(said):
        n = rng.randint(2, 4)
        out.append(" ".join(said[k : k + n]))
        k += n
    out.append(rng.choice(CLOSING))
    return out


def _sender(sh: Sheet, issuer: str, rng: random.Random) -> None:
    """The sender block: issuer (a ``Name - Department`` issuer on two lines) and its address."""
    lines = [p.strip() for p in issuer.split(" - ")] + _address(rng)
    if chance(rng, 0.4):
        lines.append(f"Tel. ({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}")
    _block(sh, lines, first_bold=True)
    sh.y -= sh.size * rng.uniform(1.5, 2.5)


def _signature(sh: Sheet, issuer: str, rng: random.Random) -> None:
    """Complimentary close, room to sign, the signer's name, title and firm."""
    sh.need(sh.size * 9)
    sh.y -= 4
    _block(sh, [rng.choice(("Sincerely,", "Very truly yours,", "Regards,", "Respectfully,"))])
    sh.y -= sh.size * 2.5
    _block(sh, [fx.person(rng), rng.choice(_SIGNERS), issuer.split(" - ", maxsplit=1)[0]])
    if chance(rng, 0.4):
        sh.y -= sh.size
        _block(sh, [rng.choice(("cc: File", "Enclosure", "cc: Site file; Regional office"))])


def letter(
    sh: Sheet,
    items: list[Item],
    rng: random.Random,
    *,
    issuer: str = "",
    subject: str = "Site record",
    doc_type: str = "",
) -> None:
    """A business letter: sender, date, recipient, ``RE:`` line, salutation, facts in sentences, signature."""
    issuer = issuer or fx.company(rng)
    items = [it for it in _fewer_distractors(items, rng) if it.truth or it.label.lower() in NOISE]
    _sender(sh, issuer, rng)
    when = vx.fmt_date(_letter_date(items, rng), rng.choice(("long", "long", "long", "us", "dmy")))
    right = chance(rng, 0.4)
    _block(sh, [when], x=sh.right - sh.width_of(when) if right else None)
    sh.y -= sh.size
    _block(sh, [fx.person(rng), fx.company(rng), *_address(rng)])
    sh.y -= sh.size
    heads, used = _heading_lines(items, subject, rng)
    _block(sh, heads, first_bold=chance(rng, 0.6))
    sh.y -= sh.size * 0.8
    _block(sh, [rng.choice(SALUTATIONS)])
    sh.y -= sh.size * 0.5
    rest = [it for k, it in enumerate(items) if k not in used]
    for para in _paragraphs(rest, doc_type, rng):
        sh.paragraph(para)
        sh.y -= sh.size * 0.7
    _signature(sh, issuer, rng)


MORE_DRAW: dict[str, Draw] = {
    "caption_below": caption_below,
    "inline_run": inline_run,
    "two_panel": two_panel,
    "margin_labels": margin_labels,
    "matrix": matrix,
    "letter": letter,
}
