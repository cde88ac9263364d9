"""Prose families (``EXTRA_FAMILIES``): an office memo or e-mail, and the narrative section of a report.

A second writer's wording, independent of ``letter``, so facts arrive in sentences no reader of the
extractor has seen: a value at the end, in the middle, before its noun, in parentheses, two facts in
one sentence, passive voice, relative clauses, beside numbers and dates that are no field at all.
``memo`` sets a To/From/Date/Subject (or e-mail) header over running paragraphs; ``narrative`` sets
paragraphs under headings such as Background, Site Description, Observations and Conclusions.

Every sentence prints ``Item.value`` verbatim, so each item's ``truth`` stays what the page says.
Header and reference dates are drawn to differ from every truth date (in any printed style).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.lib.utils import simpleSplit

from benchmarks.zoo import facts as fx
from benchmarks.zoo import values as vx
from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import DATES, Item
from benchmarks.zoo.sheet import Sheet

ProseDraw = Callable[..., None]

# ``key: wording | wording``; ``doctype.key`` replaces ``key`` for that type; ``a+b`` states two items at once;
# ``m>``/``r>`` mark a memo's or a report's own voice. {v}: a printed value, {a}/{b}: a pair's, {d}: no field.
_SAYS = """
site_id: The facility is tracked under site number {v}. | Everything below concerns site {v}.
site_id: The tower, carried in the asset register as {v}, is one of the older builds in the region.
site_id: m>For anyone searching the drive, it is site {v}. | r>The owner's records list the facility as Site {v}.
site_name: The site is known locally as {v}. | The structure at {v} is the subject here. | m>I'm writing about {v}.
site_name: Our {v} tower is the one in question. | r>The facility, called {v} in this report, sits on a fenced compound.
asr_number: The structure is registered with the FCC under ASR {v}. | Registration {v} is on file with the FCC.
asr_number: The FCC database gives the registration number as {v}. | m>I checked the ASR lookup and it is {v}.
asr_number: r>The tower is listed in the Antenna Structure Registration system as number {v}.
structure_type: The tower is a {v} structure. | A {v} tower stands in the middle of the compound.
structure_type: Structurally, the tower is a {v} design. | m>It's a {v} tower, for those who haven't been out there.
structure_type: r>The existing {v} tower was built on a reinforced concrete foundation.
structure_height_ft: The tower stands {v} tall. | A {v} structure occupies the center of the lease area.
structure_height_ft: Overall height, taken to the top of the highest appurtenance, is {v}.
structure_height_ft: m>Keep in mind the tower is {v} tall, so plan rigging to suit. | r>The tower rises {v} above grade.
structure_height_ft: r>At {v}, the tower is the tallest structure for a mile around.
faa_determination.structure_height_ft: The study evaluated a structure {v} above ground level.
faa_determination.structure_height_ft: The filing describes a {v} tower. | A height of {v} above the ground was studied.
latitude: The tower's latitude is {v}. | The site lies at latitude {v} (NAD 83).
latitude: A latitude of {v} was confirmed with a handheld GPS at the base.
longitude: The tower's longitude is {v}. | The longitude in the filing, {v}, matches the field reading.
longitude: The structure sits at longitude {v}.
latitude+longitude: The site is located at {a} latitude and {b} longitude. | Coordinates were taken as {a} and {b}.
coordinates: The coordinates of record are {v}. | GPS readings at the base ({v}) agree with the registration.
inspection_date: The inspection was carried out on {v}. | On {v} the inspection crew climbed the tower.
inspection_date: Field work for the inspection took place on {v}. | m>We were out there on {v} for the climb.
inspection_date: r>The site visit on which this report is based was performed on {v}.
inspection_firm: The inspection was performed by {v}. | {v} was engaged to inspect the structure.
inspection_firm: The climbing crew came from {v}, which has inspected this tower before. | m>We used {v} for this one.
inspection_firm: r>Field work was completed by {v} under contract to the owner.
inspection_date+inspection_firm: {b} inspected the tower on {a}. | The tower was inspected on {a} by {b}.
max_capacity_pct: The most heavily loaded member is at {v} of its capacity. | Maximum capacity came out at {v}.
max_capacity_pct: The analysis shows a peak usage of {v}. | m>The worst member is running at {v}, per the analysis.
max_capacity_pct: r>The controlling element was found to be stressed to {v} of its rated capacity.
result: The overall result is {v}. | The structure was rated {v}. | The report's conclusion is recorded as {v}.
result: m>Bottom line, the report came back {v}. | r>Based on the foregoing, the tower is rated {v}.
max_capacity_pct+result: With a peak usage of {a}, the tower is rated {b}.
lighting_type: Obstruction lighting is recorded as {v}. | The lighting system on the tower is listed as {v}.
lighting_type: m>For lighting, the file says {v}. | r>The records describe the obstruction lighting as {v}.
next_inspection_date: The next inspection is due by {v}. | r>The tower should be re-inspected on or before {v}.
next_inspection_date: A follow-up inspection should be scheduled no later than {v}.
next_inspection_date: m>Please put {v} on the calendar for the next inspection. | Re-inspection falls due on {v}.
lease_id: The lease is filed under agreement number {v}. | Lease {v} is the agreement being amended.
lease_id: m>The lease number in the system is {v}. | r>The ground lease, referenced as {v}, was reviewed in full.
lessor: The landlord is {v}. | The ground is owned by {v}, the lessor under the lease. | r>The land is leased from {v}.
lessor: {v}, as lessor, has signed the amendment. | m>The landlord ({v}) has been easy to work with.
lessee: The tenant is {v}. | {v}, the lessee, operates the equipment at the site. | r>The lease is held by {v}.
lessee: The tenant's interest is held by {v}. | m>The tenant ({v}) asked for the extension.
lessor+lessee: The lease is between {a} as landlord and {b} as tenant. | {b} leases the ground from {a}.
amendment_date: The amendment was signed on {v}. | The amendment is dated {v}. | m>The amendment took effect on {v}.
amendment_date: The parties executed the amendment on {v}. | r>By an amendment dated {v}, the parties extended the term.
commencement_date: The original term commenced on {v}. | The lease began on {v}. | m>The lease started back on {v}.
commencement_date: Rent has been paid since the commencement date of {v}. | r>The initial term commenced on {v}.
expiration_date: The current term will expire on {v}. | As amended, the term ends on {v}.
expiration_date: m>The lease is now good through {v}. | r>The term, as extended, expires on {v}.
commencement_date+expiration_date: The term began on {a} and, as amended, runs to {b}.
municipal_permit.expiration_date: The permit expires on {v}. | The approval is valid until {v}.
municipal_permit.expiration_date: This approval lapses on {v} unless construction has begun.
faa_determination.expiration_date: The determination expires on {v} unless construction is started.
faa_determination.expiration_date: This determination is void after {v}. | Unless extended, the study lapses on {v}.
monthly_rent_usd: Monthly rent is {v}. | The tenant pays {v} per month. | m>Rent goes to {v} a month.
monthly_rent_usd: Base rent of {v} per month is payable in advance. | r>Rent is fixed at {v} per month for year one.
escalator_pct: Rent increases by {v} each year. | The annual escalator is {v}. | r>Rent escalates annually at {v}.
escalator_pct: A {v} escalator applies on each anniversary of the commencement date. | m>There's a {v} bump every year.
monthly_rent_usd+escalator_pct: Rent is {a} per month and rises {b} each year.
renewal_term_years: Each renewal term lasts {v}. | The renewal periods are {v} each.
renewal_term_years: The tenant may renew for successive terms of {v}. | r>Each extension term is {v} in length.
renewals_remaining: The tenant has {v} renewal option(s) left. | m>By my count there are {v} renewals left.
renewals_remaining: After this amendment, {v} renewal term(s) remain. | r>Unexercised renewal options now number {v}.
renewal_term_years+renewals_remaining: Each renewal runs {a}, and {b} of them remain.
notice_days: Either party must give {v} written notice to terminate. | The lease requires {v} notice.
notice_days: Notice of non-renewal is due {v} before the end of the term.
notice_days: m>Remember we need to give {v} notice if we want out. | r>A notice period of {v} applies to termination.
jurisdiction: The approval was issued by {v}. | r>{v} is the permitting authority for the site.
jurisdiction: Permitting authority rests with {v}. | The site falls under {v}. | m>Staff at {v} were helpful.
permit_number: The permit number is {v}. | The approval was recorded as permit {v}. | Permit {v} covers the work.
permit_number: m>Please quote {v} on anything sent to the permit office. | r>The case was assigned number {v}.
permit_type: Approval was granted under the {v} category. | The permit is of the {v} type.
permit_type: The applicant filed for {v} approval. | r>The request was processed under the {v} procedure.
issue_date: The permit was issued on {v}. | Approval was granted on {v}. | On {v} the permit office issued its decision.
issue_date: m>We got the approval on {v}. | r>A decision was issued on {v}.
issue_date+permit_number: Permit {b} was issued on {a}. | On {a} the office issued permit {b}.
approved_height_ft: The approved height is {v}. | The permit allows a structure of up to {v}.
approved_height_ft: Height is limited to {v} under the approval. | m>We're capped at {v} under this approval.
approved_height_ft: r>The approval authorizes a maximum structure height of {v}.
permit_status: The permit's current status is {v}. | The permit is listed as {v}. | r>Records show the status as {v}.
permit_status: As of this writing the status shows {v}. | m>The portal shows the permit as {v}.
asn: The aeronautical study number is {v}. | The FAA assigned study number {v} to the filing.
asn: Study {v} covers this structure. | m>The ASN is {v} if you need to look it up on OE/AAA.
asn: r>The FAA evaluated the proposal under Aeronautical Study No. {v}.
structure_height_amsl_ft: The top of the tower sits at an elevation of {v}. | r>Top elevation is {v}.
structure_height_amsl_ft: Measured from sea level, overall height is {v}. | m>With the ground added, the top is at {v}.
determination: The FAA issued a determination of {v}. | The study concluded with a finding of {v}.
determination: The outcome of the study is {v} to air navigation. | m>The FAA came back with {v}.
determination: r>The FAA's finding is {v}.
marking_lighting: Marking and lighting requirements are listed as {v}. | m>Per the letter, marking and lighting is {v}.
marking_lighting: For marking and lighting, the study calls for: {v}. | r>The FAA specified marking and lighting as {v}.
determination_date: The determination was issued on {v}. | The FAA issued its determination on {v}.
determination_date: The determination letter is dated {v}.
determination+determination_date: On {b} the FAA issued a determination of {a}.
asn+determination_date: Study {a} was closed out on {b}.
log_date: The visit took place on {v}. | On {v} a technician was dispatched to the site. | The site was visited on {v}.
log_date: m>We rolled a truck to the site on {v}. | r>The visit covered by this record was made on {v}.
technician: The work was done by {v}. | {v} was the technician on site. | Field work was handled by technician {v}.
technician: m>{v} handled the visit and sent me the notes. | r>The technician assigned, {v}, is climb-certified.
log_date+technician: {b} was on site on {a}. | On {a}, {b} visited the site.
activity: The purpose of the visit was {v}. | The work performed is logged as {v}. | The ticket was opened for {v}.
activity: r>The visit was scheduled as {v}.
light_outage: The light outage box on the ticket was marked {v}. | m>On the lights-out question the tech put down {v}.
light_outage: Asked if any obstruction light was out, the technician answered {v}. | r>Light outage was reported as {v}.
findings: The technician noted the following: {v}. | Findings were recorded as: {v}. | m>From the notes: {v}.
findings: r>Observations made on site were as follows: {v}. | r>The technician's notes read: {v}.
x_report_no: The full report ({v}) is attached. | Our internal report number is {v}.
x_prepared_by: The figures were compiled by {v}. | {v} prepared the supporting notes.
x_phone: Questions can go to the regional office at {v}. | Call {v} if anything here looks off.
x_printed: This copy was printed on {v}. | Figures are current as of {v}.
x_tower_owner: The tower itself belongs to {v}. | {v} owns the structure.
x_work_order: Time was charged to work order {v}. | Work order {v} has been closed.
intro: m>Quick summary below for the file. | m>A few notes for the project file, as promised.
intro: m>Further to my note of {d}, here is where things stand. | m>As discussed on the {d} call, details below.
intro: r>This section summarizes the work and its outcome. | r>The narrative below accompanies the attached data.
intro: r>This report supersedes the draft issued on {d}. | r>Reference is made to correspondence dated {d}.
intro_structural_inspection: m>The inspection report is back, and the main points are below.
intro_lease_amendment: m>Legal has finished with the amendment; the key terms are summarised here.
intro_municipal_permit: m>The permit came through, and a few points are worth recording.
intro_faa_determination: m>We have the FAA's response on the airspace study; details below.
intro_field_log: m>Summary of the latest site visit for the maintenance file.
close: m>Let me know if you have questions. | m>Please file this with the site records.
close: m>I will update the tracker once the originals arrive. | m>Shout if anything looks wrong.
"""
_NOISE = """
structural_inspection: Wind during the climb was light, around 8 mph. | The analysis followed TIA-222-H.
structural_inspection: Grounding resistance measured 4.2 ohms. | About 140 photographs are on the shared drive.
lease_amendment: Section 4 of the original agreement is unchanged. | The compound measures 100 by 100 feet.
lease_amendment: A memorandum of lease is recorded at Book 1123, Page 88.
municipal_permit: The planning commission vote was 5-2. | Conditions 1 through 14 of the staff report apply.
municipal_permit: Filing fees of $850 were paid at submittal.
faa_determination: The study was filed on Form 7460-1. | The nearest public-use runway is about 3.4 nautical miles away.
faa_determination: Form 7460-2 is due within 5 days after the structure reaches its greatest height.
field_log: The crew was on site for roughly 3 hours. | The generator hour meter read 1,214.
field_log: The access road was passable after the rain, with two soft spots near the gate.
"""
# A report's four sections, each with two wordings; which section a field's sentence goes under.
_HEADS = """
structural_inspection: Background/Introduction | Site Description/Description of Structure
structural_inspection: Observations/Field Observations | Conclusions/Conclusions and Recommendations
lease_amendment: Recitals/Background | The Premises | Terms of the Amendment/Commercial Terms | Term and Expiration
municipal_permit: Background/Application | Project Description/Proposed Facility | Review/Staff Review | Decision
faa_determination: Background/Introduction | Proposed Structure/Description | Study Findings | Effective Period
field_log: Purpose of Visit/Background | Site Description/Site | Observations/Work Performed | Follow-up/Conclusions
"""
_SLOTS = """
1: structure_type structure_height_ft latitude longitude lighting_type structure_height_amsl_ft
2: max_capacity_pct findings light_outage monthly_rent_usd escalator_pct renewal_term_years renewals_remaining
2: notice_days determination marking_lighting permit_status approved_height_ft
3: result next_inspection_date expiration_date determination_date
"""
_ROLES = ("Site Acquisition", "Tower Operations", "RF Engineering", "Leasing", "Compliance", "Construction Manager")


def _bank(text: str, voice: str = "") -> dict[str, tuple[str, ...]]:
    """``key: a | b`` lines to ``{key: (a, b)}``, keeping wordings marked for ``voice`` and unmarked ones."""
    out: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        key, _, rest = line.partition(": ")
        for t in rest.split(" | "):
            mark, _, said = t.rpartition(">")
            if mark in ("", voice[:1]):
                out.setdefault(key, []).append(said)
    return {k: tuple(v) for k, v in out.items()}


BANKS = {voice: _bank(_SAYS, voice) for voice in ("memo", "report")}
NOISE, HEADS = _bank(_NOISE), _bank(_HEADS)
_SLOT = {k: int(n) for n, keys in _bank(_SLOTS).items() for ks in keys for k in ks.split()}  # others: Background


def _fill(template: str, **vals: str) -> str:
    """``template`` with its slots filled verbatim; a value's own full stop is not doubled."""
    for k, v in vals.items():
        template = template.replace("{" + k + "}", v)
    return template[:-1] if template.endswith("..") else template


@dataclass(frozen=True)
class Pen:
    """One writer on one document: voice, type, the truth's days (never reused) and the last one past."""

    voice: str
    doc_type: str
    days: frozenset[date]
    since: date
    rng: random.Random
    asides: list[str]  # this type's noise sentences in a shuffled order, each used once

    def pick(self, key: str) -> str | None:
        """A wording for ``key`` in this voice; a type's own wording (``doctype.key``) replaces the rest."""
        bank = BANKS[self.voice]
        got = bank.get(f"{self.doc_type}.{key}") or bank.get(key)
        return self.rng.choice(got) if got else None

    def other_day(self, lo: int, hi: int) -> date:
        """A day ``lo``..``hi`` days after the last past truth day that equals no truth day."""
        while True:
            d = self.since + timedelta(days=self.rng.randint(lo, hi))
            if d not in self.days:
                return d

    def lead(self, key: str) -> str:
        """An opening or closing line, general or for this type; its ``{d}`` is a recent non-truth date."""
        bank = BANKS[self.voice]
        said = self.rng.choice(bank[key] + bank.get(f"{key}_{self.doc_type}", ()))
        style = self.rng.choice(("long", "us", "abbr", "dmy"))
        return _fill(said, d=vx.fmt_date(self.other_day(-45, 2), style))

    def say(self, it: Item) -> str | None:
        """The sentence stating ``it``; None for a distractor no writer would put in a sentence."""
        if it.truth:
            t = self.pick("coordinates" if len(it.truth) > 1 else it.key)
        elif any(it.value == vx.fmt_date(d, s) for d in self.days for s in vx.DATE_STYLES):
            t = None  # a printed-on date that happens to be a truth date would state that date twice
        else:
            t = self.pick("x_" + re.sub(r"\W+", "_", it.label.lower()).strip("_"))
        return _fill(t, v=it.value) if t else None

    def pair(self, a: Item, b: Item) -> str | None:
        """One sentence stating two items, where the bank has a wording for the two."""
        for x, y in ((a, b), (b, a)):
            t = self.pick(f"{x.key}+{y.key}")
            if t:
                return _fill(t, a=x.value, b=y.value)
        return None

    def sentences(self, items: list[Item], noise: int) -> list[str]:
        """Sentences for ``items`` in order (neighbours sometimes joined), ``noise`` asides dropped in."""
        out, k = [], 0
        while k < len(items):
            both = self.pair(items[k], items[k + 1]) if k + 1 < len(items) and chance(self.rng, 0.5) else None
            said = both or self.say(items[k])
            out += [said] if said else []
            k += 2 if both else 1
        for _ in range(min(noise, len(self.asides))):
            out.insert(self.rng.randint(0, len(out)), self.asides.pop())
        return out


def _pen(voice: str, doc_type: str, items: list[Item], rng: random.Random) -> Pen:
    """A pen that knows which days the truth holds, so no other date it prints can equal one."""
    days = [(date.fromisoformat(v), k) for it in items for k, v in it.truth.items() if k in DATES]
    past = [d for d, k in days if k not in ("expiration_date", "next_inspection_date")]  # deadlines lie ahead
    since = max(past) if past else min((d for d, _ in days), default=date(2023, 6, 1)) - timedelta(days=400)
    asides = rng.sample(NOISE[doc_type], len(NOISE[doc_type]))
    return Pen(voice, doc_type, frozenset(d for d, _ in days), since, rng, asides)


def _body(sh: Sheet, sentences: list[str]) -> None:
    """Sentences run into paragraphs of one to four, with the space between them one writer keeps."""
    gap = sh.size * sh.rng.uniform(0.5, 1.1)
    while sentences:
        n = sh.rng.randint(1, 4) if len(sentences) > 1 else 1
        sh.paragraph(" ".join(sentences[:n]))
        sh.y -= gap
        sentences = sentences[n:]


def _rows(sh: Sheet, rows: list[tuple[str, str]], *, bold: bool) -> None:
    """A header block: ``Label:`` at the margin and its text at a tab stop, wrapped under itself."""
    tab = max(sh.width_of(lab, bold=bold) for lab, _ in rows) + sh.rng.uniform(10, 30)
    for lab, text in rows:
        sh.text(sh.left, sh.y, lab, bold=bold)
        for ln in simpleSplit(text, sh.font, sh.size, sh.width - tab):
            sh.text(sh.left + tab, sh.y, ln)
            sh.y -= sh.size * 1.4
    sh.y -= 4
    sh.rule(sh.rng.choice((0.5, 1.0, 1.5)))
    sh.y -= sh.size * 1.6


def _subject(subject: str, items: list[Item], rng: random.Random) -> str:
    """The subject line, naming the site only through a site item the body states anyway."""
    site = [it for it in items if it.truth and it.key in ("site_name", "site_id")]
    return f"{subject} - {rng.choice(site).value}" if site and chance(rng, 0.6) else subject


def _memo_head(sh: Sheet, pen: Pen, issuer: str, subject: str) -> list[str]:
    """An interoffice memo header under the issuer's name; returns the sign-off lines."""
    rng, writer = pen.rng, fx.person(pen.rng)
    sh.text(sh.left, sh.y, issuer, bold=True, size=sh.size + 3)
    sh.y -= sh.size + 14
    sh.text(sh.left, sh.y, rng.choice(("MEMORANDUM", "INTEROFFICE MEMO", "Memorandum")), bold=True, size=sh.size + 5)
    sh.y -= sh.size + 16
    rows = [("To", rng.choice((fx.person(rng), "Site File", "Regional Operations", "All Field Staff")))]
    rows += [("From", f"{writer}, {rng.choice(_ROLES)}")] + ([("CC", fx.person(rng))] if chance(rng, 0.4) else [])
    when = vx.fmt_date(pen.other_day(5, 60), rng.choice(("long", "us", "abbr", "iso")))
    rows += [("Date", when), (rng.choice(("Subject", "Re", "RE")), subject)]
    caps = chance(rng, 0.5)
    _rows(sh, [((lab.upper() if caps else lab) + ":", text) for lab, text in rows], bold=True)
    return [rng.choice(("", "Regards,", "Thanks,")), writer]


def _mail_head(sh: Sheet, pen: Pen, issuer: str, subject: str) -> list[str]:
    """A printed e-mail's header (From, Sent, To, Subject); returns the signature, which names the issuer."""
    rng, writer = pen.rng, fx.person(pen.rng)
    domain = "".join(re.findall(r"[a-z]+", issuer.lower().split(" - ")[0])[:2]) + rng.choice((".com", ".net"))
    sent, hour, minute = pen.other_day(5, 60), rng.randint(7, 18), rng.randint(0, 59)
    stamp = f"{sent.strftime('%A')}, {vx.fmt_date(sent, 'long')} {(hour - 1) % 12 + 1}:{minute:02d}"
    first, *_, last = writer.lower().split()
    rows = [("From:", f"{writer} <{first}.{last}@{domain}>")]
    rows += [("Sent:", stamp + (" PM" if hour >= 12 else " AM")), ("To:", fx.person(rng))]  # noqa: PLR2004
    rows += [("Cc:", fx.person(rng))] if chance(rng, 0.5) else []
    _rows(sh, [*rows, ("Subject:", rng.choice(("", "RE: ", "FW: ")) + subject)], bold=chance(rng, 0.7))
    return [rng.choice(("Thanks,", "Best,", "Regards,")), writer, rng.choice(_ROLES), issuer]


def memo(sh: Sheet, items: list[Item], rng: random.Random, *, issuer: str, subject: str, doc_type: str) -> None:
    """An interoffice memo or a printed e-mail: a short header, then the facts in running paragraphs."""
    pen = _pen("memo", doc_type, items, rng)
    head = _mail_head if chance(rng, 0.5) else _memo_head
    sign = head(sh, pen, issuer, _subject(subject, items, rng))
    hello = [rng.choice(("Team,", "Hi all,", "All -", "Good afternoon,"))] if chance(rng, 0.6) else []
    for said in (hello, [pen.lead("intro")], pen.sentences(items, rng.randint(1, 2)), [pen.lead("close")]):
        _body(sh, said)
    sh.need(len(sign) * (sh.size + 4) + 10)
    for line in sign:
        sh.text(sh.left, sh.y, line)
        sh.y -= sh.size + 4


def _sections(pen: Pen, items: list[Item]) -> list[tuple[str, list[str]]]:
    """(heading, sentences) of each section with a fact to state; a distractor lands in any section."""
    rng = pen.rng
    slots: list[list[Item]] = [[], [], [], []]
    for it in items:
        slots[_SLOT.get(it.key, 0) if it.truth else rng.randrange(4)].append(it)
    out = []
    for n, (head, its) in enumerate(zip(HEADS[pen.doc_type], slots, strict=True)):
        said = pen.sentences(its, int(chance(rng, 0.35)))
        if n == 0:
            said.insert(0, pen.lead("intro"))
        out += [(rng.choice(head.split("/")), said)] if n == 0 or any(it.truth for it in its) else []
    return out


def narrative(sh: Sheet, items: list[Item], rng: random.Random, *, issuer: str, subject: str, doc_type: str) -> None:
    """A report's narrative section: title, a date line that is no field, facts in paragraphs under headings."""
    pen = _pen("report", doc_type, items, rng)
    sh.letterhead(issuer, subject)
    sh.text(sh.left, sh.y, rng.choice(("NARRATIVE", "Narrative Report", "Section 2 - Narrative", "Discussion")))
    sh.y -= sh.size * 1.5
    if chance(rng, 0.6):
        when = vx.fmt_date(pen.other_day(5, 60), rng.choice(("long", "us", "abbr")))
        sh.text(sh.left, sh.y, f"{rng.choice(('Report date', 'Issued', 'Prepared'))}: {when}", size=sh.size - 1)
        sh.y -= sh.size * 1.5
    number, caps = rng.choice(("{n}.", "{n}.0", "{a}.", "")), chance(rng, 0.4)
    for k, (head, said) in enumerate(_sections(pen, items)):
        sh.need(sh.size * 5)  # a heading stays with the first lines under it
        sh.y -= sh.size * 0.6
        shown = f"{number.format(n=k + 1, a='ABCD'[k])} {head.upper() if caps else head}".strip()
        sh.text(sh.left, sh.y, shown, bold=True, size=sh.size + 1)
        sh.y -= sh.size * 1.7
        _body(sh, said)
    if chance(rng, 0.5):
        sh.signature()


EXTRA_DRAW: dict[str, ProseDraw] = {"memo": memo, "narrative": narrative}
