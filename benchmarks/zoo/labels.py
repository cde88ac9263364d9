"""Label wording, titles and the list of printed items of one document.

Every field has several wordings that real issuers use (synonyms, abbreviations such as ``HT.`` or
``EXP.``, ALL CAPS, units moved into the label). An ``Item`` is one printed statement: its label, its
printed value and the canonical values it states — a combined ``Coordinates`` item states two fields.
Items with an empty ``truth`` are distractors (report numbers, phone numbers, print dates).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from benchmarks.zoo import facts as fx
from benchmarks.zoo import values as vx
from benchmarks.zoo.facts import chance

LABELS: dict[str, tuple[str, ...]] = {
    "site_id": ("Site ID", "Site No.", "Site Number", "SITE #", "Tower ID", "Site Code", "Asset ID"),
    "site_name": ("Site Name", "Site", "Tower Name", "Location Name", "Facility"),
    "asr_number": ("ASR Number", "ASR No.", "FCC ASR #", "Antenna Structure Registration", "ASR"),
    "structure_type": ("Structure Type", "Tower Type", "Type of Structure", "Construction"),
    "structure_height_ft": ("Structure Height", "Tower Height", "Overall Height", "HT. AGL", "Height Above Ground"),
    "latitude": ("Latitude", "LAT.", "Lat (NAD 83)", "Lat."),
    "longitude": ("Longitude", "LONG.", "Lon (NAD 83)", "Long."),
    "inspection_date": ("Inspection Date", "Date of Inspection", "INSP. DT", "Date Inspected", "Field Visit Date"),
    "inspection_firm": ("Inspection Firm", "Inspected By", "Contractor", "Inspection Company", "Consultant"),
    "max_capacity_pct": ("Max Capacity", "Maximum Usage", "Max. Stress Ratio", "Capacity Utilization"),
    "result": ("Result", "Overall Result", "Analysis Result", "Pass/Fail", "Conclusion"),
    "lighting_type": ("Lighting Type", "Obstruction Lighting", "Lighting System", "FAA Lighting"),
    "next_inspection_date": ("Next Inspection", "Next Inspection Due", "NEXT INSP. DUE", "Re-inspection Date"),
    "lease_id": ("Lease ID", "Lease No.", "Agreement Number", "Contract #", "Lease Reference"),
    "lessor": ("Lessor", "Landlord", "Owner/Lessor", "Property Owner"),
    "lessee": ("Lessee", "Tenant", "Tenant/Lessee", "Licensee"),
    "amendment_date": ("Amendment Date", "Effective Date of Amendment", "Dated", "AMEND. DT"),
    "commencement_date": ("Commencement Date", "Lease Start", "Original Commencement", "COMM. DT", "Term Start"),
    "expiration_date": ("Expiration Date", "Expires", "EXP. DATE", "Term End", "Valid Through"),
    "monthly_rent_usd": ("Monthly Rent", "Rent per Month", "Base Rent (Monthly)", "MO. RENT"),
    "escalator_pct": ("Annual Escalator", "Rent Escalation", "Escalator", "Annual Increase"),
    "renewal_term_years": ("Renewal Term", "Extension Term", "Each Renewal Period"),
    "renewals_remaining": ("Renewals Remaining", "Remaining Renewal Options", "Extensions Left", "NO. OF RENEWALS"),
    "notice_days": ("Notice Period", "Notice Days", "Non-renewal Notice", "Termination Notice"),
    "jurisdiction": ("Jurisdiction", "Issuing Authority", "Municipality", "Agency"),
    "permit_number": ("Permit Number", "Permit No.", "PERMIT #", "Case Number", "Application No."),
    "permit_type": ("Permit Type", "Type of Permit", "Application Type", "Approval Type"),
    "issue_date": ("Issue Date", "Date Issued", "ISSUED", "Approval Date", "Decision Date"),
    "approved_height_ft": ("Approved Height", "Max. Approved Height", "Authorized Height", "APPROVED HT."),
    "permit_status": ("Status", "Permit Status", "Decision", "Current Status"),
    "asn": ("ASN", "Aeronautical Study No.", "Study Number", "Aeronautical Study Number"),
    "structure_height_amsl_ft": (
        "Overall Height AMSL",
        "Top Elevation AMSL",
        "ELEV. AMSL",
        "Height Above Mean Sea Level",
    ),
    "determination": ("Determination", "Finding", "Outcome", "Study Result"),
    "marking_lighting": ("Marking/Lighting", "Marking and Lighting", "Obstruction Marking & Lighting", "MARK/LIGHT"),
    "determination_date": ("Issued Date", "Date of Determination", "Determination Date", "DETERM. DT"),
    "log_date": ("Date", "Visit Date", "Log Date", "DT", "Date of Visit"),
    "technician": ("Technician", "Tech", "Performed By", "Field Tech", "Crew Lead"),
    "activity": ("Activity", "Work Performed", "Work Type", "Purpose of Visit", "Task"),
    "light_outage": ("Light Outage", "Lights Out?", "Obstruction Light Outage", "Beacon Out"),
    "findings": ("Findings", "Observations", "Remarks", "Technician Notes"),
}
# Labels that differ by document type: an FAA letter's height is explicitly AGL.
TYPE_LABELS: dict[tuple[str, str], tuple[str, ...]] = {
    ("faa_determination", "structure_height_ft"): ("Structure Height AGL", "Height Above Ground Level", "HT. AGL"),
    ("faa_determination", "expiration_date"): ("Expiration Date", "Determination Expires", "EXP. DATE", "Void After"),
    ("municipal_permit", "expiration_date"): ("Expiration Date", "Permit Expires", "EXP. DATE", "Valid Through"),
}
TITLES: dict[str, tuple[str, ...]] = {
    "structural_inspection": (
        "Structural Inspection Report",
        "Tower Condition Assessment",
        "Annual Tower Inspection",
        "Structure Condition Survey",
        "TIA-222 Maintenance & Condition Assessment",
        "Periodic Tower Review",
    ),
    "lease_amendment": (
        "Lease Amendment",
        "Lease Modification Agreement",
        "Second Amendment to Ground Lease",
        "First Amendment to Option and Lease Agreement",
        "Site Lease Extension Agreement",
    ),
    "municipal_permit": (
        "Permit Certificate",
        "Land Use Authorization",
        "Certificate of Zoning Compliance",
        "Wireless Facility Permit",
        "Notice of Decision",
        "Land Use Approval",
    ),
    "faa_determination": (
        "Aeronautical Study Outcome",
        "Obstruction Evaluation Result",
        "Notice of Aeronautical Determination",
        "Airspace Study Letter",
    ),
    "field_log": (
        "Site Visit Record",
        "Field Service Log",
        "Technician Visit Sheet",
        "Daily Climb Log",
        "Maintenance Ticket",
    ),
}
ENUM_FORMS: dict[str, tuple[str, ...]] = {
    "monopole": ("Monopole", "MONOPOLE", "Monopole"),
    "self_supporting": ("Self-Supporting", "Self-supporting", "SELF-SUPPORTING"),
    "guyed": ("Guyed", "GUYED", "Guyed"),
    "pass": ("Pass", "PASS", "Passed"),
    "fail": ("Fail", "FAIL", "Failed"),
    "yes": ("Yes", "YES", "Y"),
    "no": ("No", "NO", "N"),
}
OPTIONS: dict[str, tuple[str, ...]] = {
    "structure_type": ("monopole", "self_supporting", "guyed"),
    "result": ("pass", "fail"),
    "light_outage": ("yes", "no"),
    "permit_status": fx.PERMIT_STATUS,
    "permit_type": fx.PERMIT_TYPES,
    "determination": fx.DETERMINATIONS,
    "activity": fx.ACTIVITIES,
    "lighting_type": fx.LIGHTING,
    "marking_lighting": fx.MARKING,
}
DATES = {
    "inspection_date",
    "next_inspection_date",
    "amendment_date",
    "commencement_date",
    "expiration_date",
    "issue_date",
    "determination_date",
    "log_date",
}
HEIGHTS = {"structure_height_ft", "approved_height_ft", "structure_height_amsl_ft"}
COUNTS = {"renewal_term_years": "years", "renewals_remaining": "", "notice_days": "days"}
UNIT_WORDS = {
    "ft": ("(FT)", "(ft)", "(Feet)"),
    "m": ("(M)", "(m)", "(Meters)"),
    "usd": ("($)", "(USD)"),
    "pct": ("(%)", "%"),
    "days": ("(days)", "(Days)"),
    "years": ("(yrs)", "(Years)"),
}


@dataclass(frozen=True)
class Item:
    """One printed statement: label, printed value, unit column text, and the fields it states."""

    label: str
    value: str
    truth: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    options: tuple[str, ...] = ()  # printed option texts, for checkbox layouts
    chosen: int = -1
    key: str = ""  # the field name (or the first of two), for prose templates


@dataclass(frozen=True)
class Style:
    """Per-document printing habits: one issuer prints all its dates and coordinates alike."""

    caps: bool
    date_style: str
    coord_style: str
    unit_in_label: float  # probability that a measurement's unit moves into its label
    unit_column: bool = False  # kv tables with an Item | Value | Unit header
    prose: bool = False  # clauses: spell out amounts and ordinal dates sometimes
    keep: float = 0.88


def random_style(rng: random.Random, **over: Any) -> Style:
    """A random issuer's habits."""
    base = Style(
        caps=chance(rng, 0.25),
        date_style=rng.choice((*vx.DATE_STYLES[:-2], "us", "long")),
        coord_style=rng.choice(vx.COORD_STYLES),
        unit_in_label=rng.choice((0.0, 0.2, 0.6)),
    )
    return replace(base, **over)


def title(doc_type: str, f: dict[str, Any], printed: set[str], rng: random.Random) -> str:
    """A title naming the type the way some issuer does (not always the obvious keywords).

    A title that states a value (``Determination of No Hazard``, ``Conditional Use Permit``) is only
    used when that value is also printed as a field, so the ground truth never misses a stated value.
    """
    if doc_type == "faa_determination" and "determination" in printed and chance(rng, 0.4):
        return f"Determination of {f['determination']} to Air Navigation"
    if doc_type == "municipal_permit" and "permit_type" in printed and chance(rng, 0.3):
        kind = f["permit_type"]
        return "Conditional Use Authorization" if kind == "Conditional Use" else f"{kind} Permit"
    return rng.choice(TITLES[doc_type])


def _label(name: str, doc_type: str, style: Style, rng: random.Random, unit: str = "") -> str:
    text = rng.choice(TYPE_LABELS.get((doc_type, name), LABELS[name]))
    if unit:
        text = f"{text} {rng.choice(UNIT_WORDS[unit])}"
    return text.upper() if style.caps else text


def _enum_text(value: str, rng: random.Random) -> str:
    return rng.choice(ENUM_FORMS[value]) if value in ENUM_FORMS else value


def _canon_enum(value: str) -> str:
    return value if value in ENUM_FORMS else value.lower()


def _measure(name: str, v: Any, style: Style, rng: random.Random) -> tuple[str, str, str]:
    """(label unit key, printed, canonical) for a measured or counted value."""
    in_label = rng.random() < style.unit_in_label
    if name in HEIGHTS:
        unit, printed, canon = vx.height(v, rng, unit_in_label=in_label)
        if name == "structure_height_amsl_ft" and not in_label and chance(rng, 0.4):
            printed += " AMSL"
        return unit, printed, canon
    if name == "monthly_rent_usd":
        spell = style.prose and chance(rng, 0.5)
        printed, canon = vx.money(v, rng, unit_in_label=in_label, spell=spell)
        return ("usd" if in_label else ""), printed, canon
    if name in ("max_capacity_pct", "escalator_pct"):
        printed, canon = vx.percent(v, rng, unit_in_label=in_label)
        return ("pct" if in_label else ""), printed, canon
    unit = COUNTS[name]
    in_label = in_label and bool(unit)
    printed, canon = vx.count(v, unit, rng, unit_in_label=in_label, spell=style.prose and chance(rng, 0.5))
    return (unit if in_label else ""), printed, canon


def _item(name: str, v: Any, doc_type: str, style: Style, rng: random.Random) -> Item:
    """The printed item of one field."""
    if name in DATES:
        ds = style.date_style if chance(rng, 0.85) else rng.choice(vx.DATE_STYLES)
        if ds == "ordinal" and not style.prose:
            ds = "long"
        printed = vx.fmt_date(v, ds)
        return Item(_label(name, doc_type, style, rng), printed, {name: v.isoformat()}, key=name)
    if name in ("latitude", "longitude"):
        printed, canon = vx.coordinate(v, name[:3], style.coord_style)
        return Item(_label(name, doc_type, style, rng), printed, {name: canon}, key=name)
    if name in HEIGHTS or name in COUNTS or name in ("monthly_rent_usd", "max_capacity_pct", "escalator_pct"):
        unit, printed, canon = _measure(name, v, style, rng)
        col = ""
        if style.unit_column and unit:
            col, unit = {"usd": "USD", "pct": "%"}.get(unit, unit), ""
        return Item(_label(name, doc_type, style, rng, unit), printed, {name: canon}, unit=col, key=name)
    if name in OPTIONS:
        printed = _enum_text(v, rng)
        opts = [o for o in OPTIONS[name] if o != v]
        rng.shuffle(opts)
        shown = [v, *opts[: rng.randint(1, 3)]]
        rng.shuffle(shown)
        texts = tuple(printed if o == v else _enum_text(o, rng) for o in shown)
        return Item(
            _label(name, doc_type, style, rng),
            printed,
            {name: _canon_enum(v)},
            options=texts,
            chosen=shown.index(v),
            key=name,
        )
    return Item(_label(name, doc_type, style, rng), str(v), {name: str(v)}, key=name)


def distractors(rng: random.Random, style: Style, when: date) -> list[Item]:
    """Labelled values no field wants: the noise every real form carries."""
    pool = [
        Item("Report No.", f"R-{rng.randint(1000, 99999)}"),
        Item("Prepared By", fx.person(rng)),
        Item("Phone", f"({rng.randint(200, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}"),
        Item("Printed", vx.fmt_date(when + timedelta(days=rng.randint(1, 90)), style.date_style)),
        Item("Tower Owner", fx.company(rng)),
        Item("Work Order", f"WO{rng.randint(100000, 999999)}"),
        Item("Sheet", f"{rng.randint(1, 3)} of 3"),
    ]
    picked = rng.sample(pool, rng.randint(1, 3))
    return [replace(i, label=i.label.upper()) if style.caps else i for i in picked]


def build_items(doc_type: str, f: dict[str, Any], style: Style, rng: random.Random) -> list[Item]:
    """The items one document prints, in a natural order with local swaps and a few distractors."""
    names = [n for n in f if rng.random() < (0.97 if n == "site_id" else style.keep)]
    items: list[Item] = []
    combine = "latitude" in names and "longitude" in names and chance(rng, 0.15)
    for n in names:
        if combine and n == "longitude":
            continue
        if combine and n == "latitude":
            la, lac = vx.coordinate(f["latitude"], "lat", style.coord_style)
            lo, loc = vx.coordinate(f["longitude"], "lon", style.coord_style)
            lab = rng.choice(("Coordinates", "Lat/Long", "Location (NAD83)"))
            items.append(
                Item(
                    lab.upper() if style.caps else lab,
                    f"{la}, {lo}",
                    {"latitude": lac, "longitude": loc},
                    key="latitude",
                )
            )
            continue
        items.append(_item(n, f[n], doc_type, style, rng))
    for i in range(len(items) - 1):
        if chance(rng, 0.15):
            items[i], items[i + 1] = items[i + 1], items[i]
    any_date = next((v for v in f.values() if isinstance(v, date)), date(2024, 1, 1))
    for extra in distractors(rng, style, any_date):
        items.insert(rng.randint(0, len(items)), extra)
    return items


def colon(label: str) -> str:
    """``Label:`` — but a question (``Lights Out?``) takes no colon, as people write them."""
    return label if label.endswith(("?", ":")) else label + ":"


def truth_of(items: list[Item]) -> dict[str, str]:
    """The ground-truth fields stated by ``items``."""
    out: dict[str, str] = {}
    for i in items:
        out |= i.truth
    return out
