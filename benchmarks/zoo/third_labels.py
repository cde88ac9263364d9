"""Label wording and section grouping of the third writer's layout families (``THIRD_FAMILIES``).

These wordings were written from how public forms print such facts (obstruction-evaluation notices and
determination letters, tower structural reports, zoning permits, lease amendments, crew daily logs),
independently of every other wording table in the zoo and without reading the extractor. An item keeps
its printed value and truth; only the label in front of it is chosen here. Distractors (items with no
truth) are named by the shape of their value: a phone number, a work order, a reference, a date.
"""

from __future__ import annotations

import random
import re

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item

WORDS: dict[str, tuple[str, ...]] = {
    "site_id": ("Site ID", "Site No.", "Site Number", "Site Identifier", "Owner Site #"),
    "site_name": ("Site Name", "Site Name / Location", "Facility Name", "Common Name of Site", "Site"),
    "asr_number": ("ASR No.", "Antenna Structure Registration No.", "FCC Registration (ASR)", "ASR #"),
    "structure_type": ("Structure Type", "Type of Structure", "Tower Type", "Tower Configuration"),
    "structure_height_ft": (
        "Structure Height Above Ground",
        "Overall Height (AGL)",
        "Height AGL",
        "Tower Height",
        "Structure Height, AGL",
    ),
    "structure_height_amsl_ft": (
        "Overall Height AMSL",
        "Top Elevation Above Mean Sea Level",
        "Height AMSL",
        "Total Height Above Mean Sea Level",
        "Elev. of Top (AMSL)",
    ),
    "latitude": ("Latitude", "Lat.", "Latitude (NAD 83)", "Site Latitude"),
    "longitude": ("Longitude", "Long.", "Longitude (NAD 83)", "Site Longitude"),
    "coordinates": ("Lat / Long", "Geographic Coordinates", "Position (NAD 83)", "Coordinates (Lat, Long)"),
    "inspection_date": ("Date of Inspection", "Inspection Date", "Inspected On", "Date Inspected", "Field Visit Date"),
    "inspection_firm": ("Inspecting Firm", "Inspection Company", "Inspected By (Firm)", "Engineering Firm"),
    "max_capacity_pct": (
        "Maximum Structure Usage",
        "Max. Capacity Used",
        "Controlling Member Usage",
        "Peak Utilization",
        "Structural Capacity Used",
    ),
    "result": ("Result", "Overall Result", "Analysis Result", "Pass / Fail", "Inspection Outcome"),
    "lighting_type": ("Obstruction Lighting", "Lighting System", "Light Type", "Lighting Type", "Tower Lighting"),
    "next_inspection_date": (
        "Next Inspection Due",
        "Re-inspection Date",
        "Next Scheduled Inspection",
        "Next Inspection",
    ),
    "lease_id": ("Lease No.", "Lease Number", "Agreement ID", "Contract No.", "Ground Lease Ref."),
    "lessor": ("Lessor", "Landlord", "Lessor / Property Owner", "Ground Owner", "Landlord (Lessor)"),
    "lessee": ("Lessee", "Tenant", "Lessee / Tenant", "Tenant (Lessee)", "Tenant Entity"),
    "amendment_date": (
        "Amendment Date",
        "Date of Amendment",
        "Effective Date of This Amendment",
        "Amendment Effective",
    ),
    "commencement_date": (
        "Commencement Date",
        "Original Commencement Date",
        "Lease Start Date",
        "Term Commenced",
    ),
    "expiration_date": ("Expiration Date", "Expires", "Valid Through", "Expiry"),
    "monthly_rent_usd": ("Monthly Rent", "Rent per Month", "Base Rent (Monthly)", "Current Monthly Rent"),
    "escalator_pct": ("Annual Escalator", "Rent Escalation", "Escalation Rate", "Annual Increase"),
    "renewal_term_years": ("Renewal Term", "Length of Each Renewal", "Extension Term", "Renewal Period"),
    "renewals_remaining": (
        "Renewals Remaining",
        "Remaining Renewal Options",
        "Extensions Left",
        "No. of Remaining Renewals",
    ),
    "notice_days": ("Notice Period", "Notice of Non-Renewal", "Termination Notice", "Required Notice"),
    "jurisdiction": ("Jurisdiction", "Issuing Authority", "Municipality", "Permitting Agency", "Local Authority"),
    "permit_number": ("Permit No.", "Permit Number", "Application / Permit #", "Case Number", "Permit ID"),
    "permit_type": ("Permit Type", "Type of Permit", "Application Type", "Permit Class", "Approval Type"),
    "issue_date": ("Date Issued", "Issue Date", "Issued On", "Approval Date", "Date of Issuance"),
    "approved_height_ft": (
        "Approved Height",
        "Maximum Permitted Height",
        "Height Approved",
        "Authorized Structure Height",
    ),
    "permit_status": ("Status", "Permit Status", "Application Status", "Current Status", "Case Status"),
    "asn": ("Aeronautical Study No.", "ASN", "Study Number", "Aeronautical Study #", "Obstruction Study No."),
    "determination": ("Determination", "Finding", "Hazard Determination", "Study Outcome"),
    "marking_lighting": (
        "Marking and Lighting",
        "Marking / Lighting Required",
        "Obstruction Marking & Lighting",
        "Lighting and Marking",
    ),
    "determination_date": ("Date of Determination", "Determination Issued", "Date Issued", "Determination Date"),
    "log_date": ("Date", "Visit Date", "Date of Visit", "Log Date", "Date on Site"),
    "technician": ("Technician", "Tech Name", "Crew Lead", "Field Technician", "Performed By"),
    "activity": ("Activity", "Work Performed", "Type of Work", "Task", "Purpose of Visit"),
    "light_outage": ("Light Outage", "Lights Out?", "Obstruction Light Out?", "Lighting Failure Observed", "Outage?"),
    "findings": ("Findings", "Observations", "Remarks", "Comments / Findings", "Notes"),
}
_EXPIRY: dict[str, tuple[str, ...]] = {
    "lease_amendment": ("Lease Expiration", "Current Term Expires", "Expiration of Term", "Term End Date"),
    "municipal_permit": ("Permit Expires", "Expiration Date", "Valid Until", "Void After"),
    "faa_determination": ("Expiration Date", "Determination Expires", "Valid Through", "Expires On"),
}
_OTHER: dict[str, tuple[str, ...]] = {
    "phone": ("Phone", "Tel.", "Contact Phone", "Office Tel."),
    "order": ("Work Order", "W.O. No.", "Ticket No.", "Job No."),
    "ref": ("Ref. No.", "Report No.", "File No.", "Our Ref."),
    "sheet": ("Sheet", "Page", "Copy"),
    "date": ("Date Printed", "Received", "Date Entered", "Filed"),
    "company": ("Prepared For", "Submitted By", "Contractor", "Billing Party"),
    "person": ("Contact", "Prepared By", "Reviewed By", "Attention"),
    "other": ("Reference", "Misc."),
}
_SUFFIXES = ("LLC", "Inc.", "Co.", "Corp.", "Group", "Services", "Partners", "Consultants", "Solutions", "Company")
_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)
UNIT_SHOWN: dict[str, tuple[str, ...]] = {"USD": ("$", "USD"), "years": ("years", "yrs"), "days": ("days",)}

SECTIONS: dict[str, tuple[str, ...]] = {
    "site": ("Site Information", "Location", "Site Data", "Property / Location"),
    "structure": ("Structure", "Structure Data", "Tower Description", "Antenna Structure"),
    "admin": ("Administrative", "Office Use Only", "Reference", "Record"),
}
_MAIN: dict[str, tuple[str, ...]] = {
    "structural_inspection": ("Inspection Results", "Analysis Summary", "Condition Assessment"),
    "lease_amendment": ("Lease Terms", "Amendment Terms", "Rent and Term"),
    "municipal_permit": ("Permit Details", "Approval", "Application Decision"),
    "faa_determination": ("Determination", "Study Results", "Aeronautical Study"),
    "field_log": ("Visit Details", "Work Performed", "Daily Log"),
}
_PARTIES: dict[str, tuple[str, ...]] = {
    "lease_amendment": ("Parties", "Parties to the Agreement"),
    "structural_inspection": ("Inspector", "Inspecting Firm"),
    "field_log": ("Crew", "Personnel"),
}
_CATEGORY = {
    "site_id": "site",
    "site_name": "site",
    "latitude": "site",
    "longitude": "site",
    "structure_type": "structure",
    "structure_height_ft": "structure",
    "structure_height_amsl_ft": "structure",
    "approved_height_ft": "structure",
    "asr_number": "structure",
    "lighting_type": "structure",
    "marking_lighting": "structure",
    "lessor": "parties",
    "lessee": "parties",
    "inspection_firm": "parties",
    "technician": "parties",
}


def field_of(item: Item) -> str:
    """The field an item states (``coordinates`` for a combined lat/long), or ``""`` for a distractor."""
    if not item.truth:
        return ""
    return "coordinates" if len(item.truth) > 1 else item.key or next(iter(item.truth))


def _shape(value: str) -> str:
    """What a distractor's value looks like, so it gets a label such a value would carry."""
    v = value.strip()
    kinds = (
        ("phone", re.fullmatch(r"\(?\d{3}\)?[ .-]?\d{3}-\d{4}", v)),
        ("order", re.fullmatch(r"WO\s?\d+", v)),
        ("sheet", re.fullmatch(r"\d+ of \d+", v)),
        ("ref", re.fullmatch(r"[A-Z]{1,3}-?\d+", v)),
        ("date", re.search(r"\d{4}", v) and (_MONTH.search(v) or re.search(r"\d[/-]\d", v))),
        ("company", v.rsplit(" ", 1)[-1] in _SUFFIXES or "&" in v),
        ("person", re.fullmatch(r"[A-Z][\w.'-]*( [A-Z]\.)? [A-Z][\w'-]+", v)),
    )
    return next((k for k, hit in kinds if hit), "other")


class Wording:
    """One issuer's label habits: the wordings it picked, capitals or not, and how it shows a unit."""

    def __init__(self, doc_type: str, rng: random.Random) -> None:
        self.doc_type = doc_type
        self.rng = rng
        self.caps = chance(rng, 0.3)
        self.brackets = rng.choice(("({})", "[{}]", "({})", ", {}"))
        self.units = {u: rng.choice(forms) for u, forms in UNIT_SHOWN.items()}

    def _case(self, s: str) -> str:
        return s.upper() if self.caps else s

    def label(self, item: Item) -> str:
        """The wording in front of ``item``'s value, without any unit."""
        name = field_of(item)
        if not name:
            return self._case(self.rng.choice(_OTHER[_shape(item.value)]))
        table = _EXPIRY.get(self.doc_type, WORDS[name]) if name == "expiration_date" else WORDS[name]
        return self._case(self.rng.choice(table))

    def unit(self, item: Item) -> str:
        """The unit a bare value is in, as this issuer writes it (``""`` when the value carries its own)."""
        return self.units.get(item.unit, item.unit)

    def with_unit(self, label: str, item: Item) -> str:
        """``Height (ft)``: the label with the unit of a bare value; unchanged when the value has its unit."""
        u = self.unit(item)
        if not u:
            return label
        if self.brackets == ", {}":
            return f"{label}, {u}"
        return f"{label} {self.brackets.format(u)}"

    def section(self, category: str) -> str:
        """A section heading's words for one group of fields."""
        if category == "main":
            return self.rng.choice(_MAIN[self.doc_type])
        if category == "parties":
            return self.rng.choice(_PARTIES.get(self.doc_type, ("Parties",)))
        return self.rng.choice(SECTIONS[category])


def grouped(items: list[Item], doc_type: str, rng: random.Random) -> list[tuple[str, list[Item]]]:
    """Items in sections (site, structure, parties, the document's own terms, office use), each titled."""
    words = Wording(doc_type, rng)
    admin_apart = chance(rng, 0.5)
    order: list[str] = []
    groups: dict[str, list[Item]] = {}
    last = "site"
    for it in items:
        name = field_of(it)
        if name:
            cat = "site" if name == "coordinates" else _CATEGORY.get(name, "main")
            last = cat
        else:
            cat = "admin" if admin_apart else last
        if cat not in groups:
            order.append(cat)
            groups[cat] = []
        groups[cat].append(it)
    if "admin" in order:  # the office-use block closes a form
        order.remove("admin")
        order.append("admin")
    return [(words.section(c), groups[c]) for c in order]
