"""The prose families: numbered ``clauses`` and ``checkboxes`` forms.

In ``clauses`` a value lives inside a sentence (``4.2 Rent. The monthly rent is $2,450.00, payable
...``), so no layout rule pairs it with a label. In ``checkboxes`` an enumeration is a row of options
where the mark — ``[X]``, a ☒ glyph, or an X drawn as two lines with no text at all — is the value.
"""

from __future__ import annotations

import random

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item, colon
from benchmarks.zoo.sheet import Sheet, unicode_font

SENTENCES: dict[str, tuple[str, ...]] = {
    "site_id": ("The tower site is identified as Site {v}.", "This document concerns site number {v}."),
    "site_name": ("The site is commonly known as {v}.", "The facility is referred to as the {v} site."),
    "asr_number": ("The structure is registered with the FCC under ASR {v}.",),
    "structure_type": ("The structure is a {v} tower.", "Structure classification: {v}."),
    "structure_height_ft": ("The overall height of the structure is {v} above ground level.",),
    "latitude": ("The structure is located at latitude {v}.",),
    "longitude": ("Its longitude is {v}.",),
    "inspection_date": ("The field inspection was performed on {v}.",),
    "inspection_firm": ("The inspection was performed by {v}.",),
    "max_capacity_pct": ("The governing member is loaded to {v} of its capacity.",),
    "result": ("The analysis result is {v}.",),
    "lighting_type": ("Obstruction lighting on the structure is {v}.",),
    "next_inspection_date": ("The next inspection is due on {v}.",),
    "lease_id": ("This amendment modifies lease no. {v}.", "The agreement is recorded under reference {v}."),
    "lessor": ('{v} ("Lessor") is the owner of the property.',),
    "lessee": ('{v} ("Lessee") leases the premises.',),
    "amendment_date": ("This amendment is made and entered into as of {v}.",),
    "commencement_date": ("The lease commenced on {v}.",),
    "monthly_rent_usd": ("The monthly rent is {v}, payable in advance on the first day of each month.",),
    "escalator_pct": ("Rent shall increase by {v} on each anniversary of the commencement date.",),
    "renewal_term_years": ("Each renewal term is {v}.",),
    "renewals_remaining": ("Lessee has {v} renewal options remaining.",),
    "notice_days": ("Either party may terminate on {v} prior written notice.",),
    "jurisdiction": ("This permit is issued by the {v}.",),
    "permit_number": ("Permit number {v} has been assigned to this application.",),
    "permit_type": ("The application was reviewed as a {v} permit.",),
    "issue_date": ("This permit was issued on {v}.",),
    "approved_height_ft": ("The maximum approved height of the structure is {v}.",),
    "permit_status": ("The status of the permit is {v}.",),
    "asn": ("The FAA conducted aeronautical study {v}.",),
    "structure_height_amsl_ft": ("The overall height above mean sea level is {v}.",),
    "determination": ("The study resulted in a determination of {v}.",),
    "marking_lighting": ("Marking and lighting are required as follows: {v}.",),
    "determination_date": ("This determination was issued on {v}.",),
    "log_date": ("The site was visited on {v}.",),
    "technician": ("The work was performed by {v}.",),
    "activity": ("Purpose of the visit: {v}.",),
    "light_outage": ("Light outage observed: {v}.",),
    "findings": ("The technician reported: {v}.",),
}
EXPIRY = {
    "lease_amendment": "The current term expires on {v}.",
    "municipal_permit": "This permit expires on {v} unless renewed.",
    "faa_determination": "This determination expires on {v} unless extended, revised or terminated.",
}
HEADS = {
    "monthly_rent_usd": "Rent",
    "expiration_date": "Term",
    "commencement_date": "Term",
    "notice_days": "Notice",
    "escalator_pct": "Escalation",
    "lessor": "Parties",
    "lessee": "Parties",
    "renewal_term_years": "Renewal",
    "renewals_remaining": "Renewal",
}
BOILER = (
    "Except as modified herein, all other terms and conditions remain in full force and effect.",
    "Capitalized terms not defined herein have the meanings given to them in the original instrument.",
    "This document may be executed in counterparts, each of which shall be deemed an original.",
    "Notices shall be given in writing to the addresses set out in the signature page.",
    "The undersigned certifies that the statements in this document are true to the best of their knowledge.",
)


def sentence(it: Item, doc_type: str, rng: random.Random) -> str:
    """One sentence stating ``it``'s value (values of two fields read as one place)."""
    if len(it.truth) > 1:
        return f"The structure is located at {it.value}."
    if it.key == "expiration_date":
        return EXPIRY.get(doc_type, "It expires on {v}.").format(v=it.value)
    if it.key in SENTENCES:
        return rng.choice(SENTENCES[it.key]).format(v=it.value).replace("..", ".")
    return f"{it.label.rstrip('.:#').capitalize()}: {it.value}."


def clauses(sh: Sheet, items: list[Item], rng: random.Random, doc_type: str = "") -> None:
    """Numbered sections of sub-clauses, each ``N.M Heading. Sentence.``, with boilerplate between."""
    sh.paragraph(rng.choice(BOILER[:2]))
    sh.y -= 6
    sec = rng.randint(1, 4)
    per_sec = rng.choice((2, 3, 4))
    indent = rng.choice((0, 0, 12))
    for start in range(0, len(items), per_sec):
        for sub, it in enumerate(items[start : start + per_sec], start=1):
            head = HEADS.get(it.key, it.label.rstrip(".:#?").title() if it.key else "Reference")
            sh.paragraph(f"{sec}.{sub} {head}. {sentence(it, doc_type, rng)}", indent=indent)
            sh.y -= rng.uniform(2, 6)
        if chance(rng, 0.5):
            sh.paragraph(f"{sec}.{min(len(items) - start, per_sec) + 1} General. {rng.choice(BOILER)}")
        sec += 1
        sh.y -= 6


def _mark(sh: Sheet, x: float, checked: bool, style: str) -> float:  # noqa: FBT001
    """Draw one box at ``x``; return the width it took."""
    if style == "brackets":
        return sh.text(x, sh.y, "[X]" if checked else "[ ]") + 3
    if style == "glyph":
        font = unicode_font()
        if font:
            return sh.text(x, sh.y, "\u2612" if checked else "\u2610", font=font) + 3
        return sh.text(x, sh.y, "[X]" if checked else "[ ]") + 3
    side = sh.size * 0.85
    sh.c.setLineWidth(0.7)
    sh.c.rect(x, sh.y - 1, side, side)
    if checked and style == "drawn_x":  # a mark with no text layer at all, as scanned forms have
        sh.c.line(x + 1.5, sh.y + 0.5, x + side - 1.5, sh.y + side - 2.5)
        sh.c.line(x + 1.5, sh.y + side - 2.5, x + side - 1.5, sh.y + 0.5)
    elif checked:
        sh.text(x + 1.2, sh.y + 0.3, "X", bold=True, size=sh.size * 0.8)
    return side + 4


def checkboxes(sh: Sheet, items: list[Item], rng: random.Random) -> None:
    """Enumerations as option rows with one checked box; other fields as ``Label: value`` lines."""
    style = rng.choice(("brackets", "glyph", "drawn_x", "drawn_char"))
    vertical = chance(rng, 0.3)
    for it in items:
        sh.need(sh.size * (2 + (len(it.options) if vertical else 0)))
        if not it.options:
            w = sh.text(sh.left, sh.y, colon(it.label), bold=chance(rng, 0.3))
            x = sh.left + w + 5
            sh.text(x, sh.y, it.value, size=sh.fit(it.value, sh.right - x))
            sh.line_down()
            continue
        x = sh.left + sh.text(sh.left, sh.y, colon(it.label), bold=True) + 10
        if vertical:
            sh.line_down()
            x = sh.left + 14
        for k, opt in enumerate(it.options):
            if not vertical and x + sh.width_of(opt) + 30 > sh.right:
                sh.line_down()
                x = sh.left + 14
            x += _mark(sh, x, k == it.chosen, style)
            x += sh.text(x, sh.y, opt) + rng.uniform(12, 24)
            if vertical:
                sh.line_down(sh.size * 1.5)
                x = sh.left + 14
        if not vertical:
            sh.line_down()
