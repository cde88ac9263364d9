"""Typed facts for sites and documents, with the compliance-relevant variety the rules need.

Heights cluster around the 200 ft FAA notice boundary (some exactly 200.0); a few towers over
200 ft have no ASR number; some inspections are overdue, some FAA determinations expire, leases
end within a year of ``REFERENCE_DATE``, permits lapse, field logs report light outages, and some
sites' inspected height exceeds the height their FAA determination studied. Dates are drawn
relative to fixed windows (never today's date) so a seed always gives the same corpus.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from towerkit.sample import vocab
from towerkit.sample.model import Doc, Site

REFERENCE_DATE = date(2026, 2, 1)
"""The as-of date the variety is designed around (the tests' compliance date)."""
BASELINE_WINDOW = (date(2018, 9, 1), date(2024, 6, 30))
LATER_WINDOW = (date(2024, 9, 1), date(2026, 1, 20))

FAA_NOTICE_FT = 200
"""Above 200 ft AGL a tower needs FAA notice, an ASR number and lighting: the rules' key boundary."""

# Corpus proportions: the chance of each compliance-relevant case (each drawn from the seeded rng).
P_NO_ASR_OVER_NOTICE = 0.12  # a tower over 200 ft that lacks its ASR number (a finding)
P_ASR_UNDER_NOTICE = 0.3  # a tower at or under 200 ft registered anyway
P_RED_LIGHTS = 0.45  # a tall tower lit red; the rest dual or white
P_EXACTLY_AT_NOTICE = 0.15  # height exactly 200.0 ft
P_NEAR_NOTICE = 0.30  # cumulative with the above: height within 195-215 ft
P_WHOLE_FEET = 0.5  # height a whole number of feet, else one decimal
P_FAILING = 0.12  # an inspection with a member over 100% capacity
P_SHORTER_STUDY = 0.12  # the FAA studied a shorter structure than the one standing
P_FOUR_DIGIT_ASN = 0.85  # aeronautical study numbers are mostly four digits, some five
P_NO_HAZARD = 0.93  # FAA determinations of no hazard
P_NO_EXTENSION = 0.7  # a determination valid 18 months, else 36 (extended)
P_APPROVED_TALLER = 0.8  # a permit approving a round height at or above the tower's
P_LEASE_ENDS_SOON = 0.3  # a lease ending within a year of REFERENCE_DATE
P_HALF_DOLLAR_RENT = 0.1  # a rent with 50 cents
P_OUTAGE = 0.35  # a field log at a lighted site reporting a light outage


def day_in(rng: random.Random, lo: date, hi: date) -> date:
    """A day in ``[lo, hi]``, drawn from ``rng`` (never from today's date)."""
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def add_years(d: date, years: int) -> date:
    """``d`` plus whole years; 29 February lands on the 28th (due dates must be real days)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def make_sites(rng: random.Random, n: int) -> list[Site]:
    """``n`` sites spread over the zones, ids unique, names unique."""
    zones = list(vocab.ZONES)
    sites: list[Site] = []
    used_ids: set[str] = set()
    used_names: set[str] = set()
    for i in range(n):
        zone = zones[i % len(zones)]
        state = rng.choice(vocab.ZONES[zone])
        la0, la1, lo0, lo1, e0, e1, region = vocab.STATE_BOX[state]
        while True:
            sid = f"{state}-{rng.randint(1, 999):04d}"
            if sid not in used_ids:
                used_ids.add(sid)
                break
        while True:
            name = rng.choice(vocab.NAME_A) + " " + rng.choice(vocab.NAME_B) + rng.choice(vocab.NAME_C)
            if name not in used_names:
                used_names.add(name)
                break
        stype = rng.choices(("monopole", "self_supporting", "guyed"), (5, 3, 2))[0]
        height = _height(rng, stype)
        if height > FAA_NOTICE_FT:
            asr = None if rng.random() < P_NO_ASR_OVER_NOTICE else f"{rng.randint(1000000, 1320000)}"
        else:
            asr = f"{rng.randint(1000000, 1320000)}" if rng.random() < P_ASR_UNDER_NOTICE else None
        lighting = (
            ("red" if rng.random() < P_RED_LIGHTS else rng.choice(("dual", "white")))
            if height > FAA_NOTICE_FT
            else rng.choices(("none", "red"), (4, 1))[0]
        )
        sites.append(
            Site(
                site_id=sid,
                site_name=name,
                zone=zone,
                state=state,
                lat=round(rng.uniform(la0, la1), 6),
                lon=round(rng.uniform(lo0, lo1), 6),
                ground_ft=rng.randint(e0, e1),
                structure_type=stype,
                height_ft=height,
                asr_number=asr,
                lighting=lighting,
                jurisdiction=rng.choice(vocab.JURISDICTIONS[state]),
                region=region,
            )
        )
    return sites


def _height(rng: random.Random, stype: str) -> Decimal:
    """Heights crowd the 200 ft boundary (some exactly on it); otherwise typical for the structure type."""
    roll = rng.random()
    if roll < P_EXACTLY_AT_NOTICE:
        return Decimal("200.0")
    if roll < P_NEAR_NOTICE:
        return Decimal(str(round(rng.uniform(195.0, 215.0), 1)))
    lo, hi = {"monopole": (80, 199), "self_supporting": (150, 420), "guyed": (250, 600)}[stype]
    whole = rng.random() < P_WHOLE_FEET
    v = rng.randint(lo, hi) if whole else round(rng.uniform(lo, hi), 1)
    return Decimal(str(v)).quantize(Decimal("0.1"))


def fill(doc: Doc, rng: random.Random) -> None:
    """Set ``doc.facts`` for its type (``doc.doc_date`` and ``doc.site`` already chosen)."""
    s, d = doc.site, doc.doc_date
    doc.facts.update(site_id=s.site_id, site_name=s.site_name)
    filler = {
        "structural_inspection": _inspection,
        "faa_determination": _faa,
        "municipal_permit": _permit,
        "lease_amendment": _lease,
        "field_log": _field_log,
    }[doc.doc_type or ""]
    filler(doc, s, d, rng)


def _inspection(doc: Doc, s: Site, d: date, rng: random.Random) -> None:
    """A member-capacity table (top down) whose maximum is the reported capacity; some members fail."""
    elevations = sorted({rng.randrange(10, int(s.height_ft), 10) for _ in range(rng.randint(8, 13))}, reverse=True)
    parts = ("Leg", "Diagonal", "Horizontal", "Pole Section", "Anchor Rod", "Base Plate", "Flange Bolt")
    sizes = ("L3x3x1/4", "P2.5 STD", "L2x2x3/16", "18.5 in dia", "1-1/4 in", "2.0 in PL", "A325 7/8")
    failing = rng.random() < P_FAILING
    pcts = [Decimal(str(round(rng.uniform(22.0, 96.5), 1))) for _ in elevations]
    if failing:
        pcts[rng.randrange(len(pcts))] = Decimal(str(round(rng.uniform(105.5, 128.0), 1)))
    rows: list[list[object]] = [
        [elev, parts[i % len(parts)], sizes[(i * 3) % len(sizes)], pct]
        for i, (elev, pct) in enumerate(zip(elevations, pcts, strict=True))
    ]
    doc.facts.update(
        asr_number=s.asr_number,
        structure_type=s.structure_type,
        structure_height_ft=s.height_ft,
        latitude=s.lat,
        longitude=s.lon,
        inspection_date=d,
        members=rows,
        max_capacity_pct=max(pcts),
        result="fail" if failing else "pass",
        lighting_type=s.lighting,
        next_inspection_date=add_years(d, 3 if s.structure_type == "guyed" else 5),
        inspection_firm=None,
    )


def _faa(doc: Doc, s: Site, d: date, rng: random.Random) -> None:
    """An FAA determination; some studied a shorter structure, some are hazards, all expire."""
    agl = s.height_ft.to_integral_value()
    if rng.random() < P_SHORTER_STUDY:
        agl -= rng.randint(5, 25)
    study = rng.randint(1000, 9999) if rng.random() < P_FOUR_DIGIT_ASN else rng.randint(10000, 24999)
    doc.facts.update(
        asn=f"{d.year}-{s.region}-{study}-OE",
        structure_height_ft=Decimal(agl),
        structure_height_amsl_ft=Decimal(agl + s.ground_ft),
        latitude=s.lat,
        longitude=s.lon,
        determination="no_hazard" if rng.random() < P_NO_HAZARD else "hazard",
        marking_lighting=s.lighting,
        determination_date=d,
        # 18 months, or 36 when the sponsor obtained the one extension the FAA grants
        expiration_date=d + timedelta(days=548 if rng.random() < P_NO_EXTENSION else 1096),
        ground_ft=s.ground_ft,
    )


def _permit(doc: Doc, s: Site, d: date, rng: random.Random) -> None:
    """A municipal permit; its status follows its expiry against ``REFERENCE_DATE``."""
    kind = rng.choice(("building", "conditional_use", "special_use", "electrical"))
    prefix = {"building": "BP", "conditional_use": "CUP", "special_use": "SUP", "electrical": "EL"}[kind]
    expires = add_years(d, rng.choice((1, 2, 3, 5, 10)))
    status = "expired" if expires < REFERENCE_DATE else rng.choice(("issued", "active", "active", "finaled"))
    approved = s.height_ft.to_integral_value()
    if rng.random() < P_APPROVED_TALLER:
        approved = max(approved, Decimal(rng.choice((150, 180, 199, 200, 250, 300, 400))))
    doc.facts.update(
        jurisdiction=s.jurisdiction,
        permit_number=f"{prefix}-{d.year}-{rng.randint(100, 99999):05d}",
        permit_type=kind,
        issue_date=d,
        expiration_date=expires,
        approved_height_ft=Decimal(approved),
        permit_status=status,
    )


def _lease(doc: Doc, s: Site, d: date, rng: random.Random) -> None:
    """A lease amendment; some leases end within a year of ``REFERENCE_DATE``."""
    # Baseline leases commenced before 2017, later ones after: a document's earliest date then
    # orders revisions the same way its amendment date does.
    if doc.revision > 1 or doc.new_issuer:
        commenced = day_in(rng, date(2017, 3, 1), date(2022, 12, 31))
    else:
        commenced = day_in(rng, date(2003, 1, 1), date(2016, 12, 31))
    term = rng.choice((5, 5, 10))
    expires = add_years(commenced, term * rng.randint(1, 4)) - timedelta(days=1)
    if rng.random() < P_LEASE_ENDS_SOON:
        expires = REFERENCE_DATE + timedelta(days=rng.randint(20, 360))
    while expires <= d:
        expires = add_years(expires, term)
    doc.facts.update(
        lease_id=f"{s.site_id.replace('-', '')}-L{rng.randint(1, 9):02d}",
        lessor=rng.choice(vocab.LESSORS),
        lessee=rng.choice(vocab.LESSEES),
        amendment_date=d,
        commencement_date=commenced,
        expiration_date=expires,
        monthly_rent_usd=Decimal(rng.randrange(650, 4200, 25))
        + (Decimal("0.50") if rng.random() < P_HALF_DOLLAR_RENT else 0),
        escalator_pct=Decimal(rng.choice(("3", "3", "2.5", "2", "3.5", "4"))),
        renewal_term_years=term,
        renewals_remaining=rng.randint(0, 5),
        notice_days=rng.choice((60, 90, 90, 120, 180)),
        ordinal=rng.choice(("First", "Second", "Third", "Fourth")),
    )


def _field_log(doc: Doc, s: Site, d: date, rng: random.Random, *, outage: bool | None = None) -> None:
    """A technician's visit; ``outage`` forces the outage case (``None``: drawn, only at lighted sites)."""
    if outage is None:
        outage = s.lighting != "none" and rng.random() < P_OUTAGE
    doc.facts.update(
        log_date=d,
        technician=rng.choice(vocab.TECHNICIANS),
        activity=rng.choice(vocab.ACTIVITIES) if not outage else rng.choice(("light inspection", "lighting repair")),
        light_outage="yes" if outage else "no",
        findings=rng.choice(vocab.FINDINGS_OUT if outage else vocab.FINDINGS_OK),
    )


def ensure_outage(docs: list[Doc], sites: list[Site], rng: random.Random) -> None:
    """Make sure at least one field log reports a light outage (moving it to a lighted site if needed)."""
    logs = [d for d in docs if d.doc_type == "field_log" and d.broken is None]
    if not logs or any(d.facts["light_outage"] == "yes" for d in logs):
        return
    lit = [s for s in sites if s.lighting != "none"]
    doc = next((d for d in logs if d.site.lighting != "none"), None)
    if doc is None:
        if not lit:
            return
        doc = logs[0]
        doc.site = lit[0]
        doc.facts.update(site_id=doc.site.site_id, site_name=doc.site.site_name)
    _field_log(doc, doc.site, doc.doc_date, rng, outage=True)
