"""The fourth writer's wordings: labels, questions and column heads for ``FOURTH_FAMILIES``.

Written from how public documents word these facts — FAA 7460 determination letters, TIA-222
structural reports, building and zoning permit cards, ground-lease amendments and rent statements,
crew visit logs — by a writer who read neither the extractor nor the other families' label tables.
Every printed item gets its label from here; the item's printed value is never touched.

A bare number (``305``, ``2,450.00``) leaves its unit to the layout: ``unit_of`` names it from the
field and from the printed value itself (a bare height whose number differs from its canonical feet
was printed in metres), and each layout shows it in a label, a column header or a unit cell.
"""

from __future__ import annotations

import random
import re

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item

LABELS: dict[str, tuple[str, ...]] = {
    "site_id": ("Site Number", "Site No.", "Tower Site #", "Owner Site ID", "Site Ref. No.", "Location Code"),
    "site_name": ("Site Name", "Common Name of Site", "Site Designation", "Property Known As", "Tower Name"),
    "asr_number": ("ASR No.", "FCC Registration No.", "Antenna Structure Reg. No.", "ASR Reg. #"),
    "structure_type": ("Structure Type", "Tower Configuration", "Type of Tower", "Structure Class"),
    "structure_height_ft": ("Overall Structure Height", "Tower Height", "Height Above Ground", "Height of Structure"),
    "latitude": ("Latitude", "Lat. (NAD 83)", "Site Latitude", "Latitude (NAD83)"),
    "longitude": ("Longitude", "Long. (NAD 83)", "Site Longitude", "Longitude (NAD83)"),
    "inspection_date": ("Date of Field Inspection", "Inspected On", "Site Visit Date", "Inspection Performed"),
    "inspection_firm": ("Inspecting Contractor", "Engineering Firm", "Inspection Performed By", "Consultant"),
    "max_capacity_pct": ("Max. Member Utilization", "Controlling Capacity Ratio", "Peak Stress Ratio", "Max. Usage"),
    "result": ("Structural Conclusion", "Analysis Result", "Overall Rating", "Pass / Fail"),
    "lighting_type": ("Obstruction Lighting", "Light System Type", "Lighting Installed", "FAA Light Style"),
    "next_inspection_date": ("Next Inspection Due", "Re-inspect By", "Next Scheduled Inspection", "Follow-up Due"),
    "lease_id": ("Lease Number", "Agreement No.", "Ground Lease Ref.", "Contract #"),
    "lessor": ("Landlord", "Lessor / Owner", "Property Owner", "Ground Owner"),
    "lessee": ("Tenant", "Lessee / Carrier", "Tower Tenant", "Licensee"),
    "amendment_date": ("Amendment Effective Date", "Date of This Amendment", "Amendment Dated", "Effective As Of"),
    "commencement_date": ("Commencement Date", "Original Lease Start", "Term Commenced", "Lease Start Date"),
    "monthly_rent_usd": ("Monthly Rent", "Base Rent per Month", "Rent Due Monthly", "Current Monthly Payment"),
    "escalator_pct": ("Annual Rent Escalation", "Yearly Increase", "Rent Adjustment per Year", "Escalation Rate"),
    "renewal_term_years": ("Length of Each Renewal Term", "Extension Term", "Renewal Period"),
    "renewals_remaining": ("Extension Options Left", "Renewal Options Remaining", "Unexercised Renewals"),
    "notice_days": ("Notice Period", "Non-Renewal Notice", "Days' Notice Required", "Termination Notice"),
    "jurisdiction": ("Issuing Authority", "Local Government", "Jurisdiction", "Permitting Agency"),
    "permit_number": ("Permit No.", "Application / Permit #", "Case File No.", "Record Number"),
    "permit_type": ("Work Class", "Permit Category", "Application Type", "Type of Approval"),
    "issue_date": ("Date Issued", "Issuance Date", "Approved On", "Permit Issued"),
    "approved_height_ft": ("Max. Permitted Height", "Approved Tower Height", "Height Authorized", "Height Limit"),
    "permit_status": ("Current Status", "Permit Status", "Record Status", "Disposition"),
    "asn": ("Aeronautical Study No.", "ASN", "Study Number", "OE/AAA Case No."),
    "structure_height_amsl_ft": ("Overall Height AMSL", "Top Elevation (MSL)", "Elevation of Top AMSL"),
    "determination": ("Determination", "Study Outcome", "Finding", "Hazard Determination"),
    "marking_lighting": (
        "Marking & Lighting Required",
        "Obstruction Marking/Lighting",
        "Required Marking and Lighting",
    ),
    "determination_date": ("Issued Date", "Determination Issued", "Date of Determination", "Date of Issue"),
    "log_date": ("Visit Date", "Date on Site", "Log Date", "Work Date"),
    "technician": ("Technician", "Crew Lead", "Tech on Site", "Performed By"),
    "activity": ("Work Type", "Reason for Visit", "Task Performed", "Activity"),
    "light_outage": ("Lighting Outage?", "Any Lights Out?", "Outage Observed", "Obstruction Light Failure"),
    "findings": ("Observations", "Findings / Remarks", "Work Notes", "Condition Summary"),
}
BY_TYPE: dict[tuple[str, str], tuple[str, ...]] = {
    ("lease_amendment", "expiration_date"): ("Current Term Ends", "Term Expiration", "Lease Expires"),
    ("municipal_permit", "expiration_date"): ("Permit Expires", "Expiration Date", "Void After"),
    ("faa_determination", "expiration_date"): ("Determination Expires", "Valid Until", "Expiration Date"),
    ("faa_determination", "structure_height_ft"): ("Height AGL", "Above Ground Level Height", "Structure AGL"),
}
COORDS = ("Coordinates (NAD 83)", "Lat / Long", "Geographic Position", "Site Coordinates")

# Numbered questions: the question is the label; ``{u}`` is where a unit of a bare answer goes.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "site_id": ("What is the owner's site number?", "Site number assigned by the tower owner"),
    "site_name": ("By what name is the site known?", "Common name of the site"),
    "asr_number": ("What is the FCC Antenna Structure Registration number?", "ASR number, if registered"),
    "structure_type": ("What type of structure is it?", "Structure type (mark one)"),
    "structure_height_ft": ("What is the overall height of the structure above ground{u}?",),
    "latitude": ("What is the latitude of the structure (NAD 83)?", "Latitude of the tower"),
    "longitude": ("What is the longitude of the structure (NAD 83)?", "Longitude of the tower"),
    "inspection_date": ("On what date was the field inspection performed?", "Date the structure was inspected"),
    "inspection_firm": ("Which firm performed the inspection?", "Name of the inspecting firm"),
    "max_capacity_pct": ("What is the highest member utilization found{u}?", "Controlling stress ratio{u}"),
    "result": ("Does the structure pass under TIA-222?", "Overall result of the analysis"),
    "lighting_type": ("What obstruction lighting is installed?", "Lighting system on the structure"),
    "next_inspection_date": ("When is the next inspection due?", "Date by which the tower is to be re-inspected"),
    "lease_id": ("What is the lease or agreement number?", "Agreement number being amended"),
    "lessor": ("Who is the landlord (lessor)?", "Name of the property owner"),
    "lessee": ("Who is the tenant (lessee)?", "Name of the tenant"),
    "amendment_date": ("On what date does this amendment take effect?", "Effective date of the amendment"),
    "commencement_date": ("On what date did the lease term commence?", "Commencement date of the lease"),
    "expiration_date": ("When does it expire?", "Expiration date"),
    "monthly_rent_usd": ("What is the monthly rent{u}?", "Rent payable each month{u}"),
    "escalator_pct": ("By what percentage does the rent increase each year{u}?", "Annual escalation{u}"),
    "renewal_term_years": ("How long is each renewal term{u}?", "Length of one extension term{u}"),
    "renewals_remaining": ("How many renewal options remain?", "Number of unexercised extension options"),
    "notice_days": ("How much notice is required to terminate{u}?", "Required notice of non-renewal{u}"),
    "jurisdiction": ("Which authority issued the permit?", "Issuing jurisdiction"),
    "permit_number": ("What is the permit or case number?", "Permit number"),
    "permit_type": ("What kind of permit is this?", "Type of permit (mark one)"),
    "issue_date": ("On what date was the permit issued?", "Date of issue"),
    "approved_height_ft": ("What is the maximum height approved{u}?", "Height authorized by this permit{u}"),
    "permit_status": ("What is the current status of the permit?", "Permit status (mark one)"),
    "asn": ("What is the Aeronautical Study Number?", "FAA study number (ASN)"),
    "structure_height_amsl_ft": ("What is the overall height above mean sea level{u}?", "Top elevation AMSL{u}"),
    "determination": ("What did the FAA determine?", "Outcome of the aeronautical study"),
    "marking_lighting": ("What marking and lighting does the FAA require?", "Required marking and lighting"),
    "determination_date": ("On what date was the determination issued?", "Date of the determination"),
    "log_date": ("On what date was the site visited?", "Date of the visit"),
    "technician": ("Who performed the work?", "Name of the technician on site"),
    "activity": ("What work was performed?", "Purpose of the visit"),
    "light_outage": ("Were any obstruction lights out?", "Was a lighting outage observed?"),
    "findings": ("Describe what was found.", "Findings and remarks"),
}

# Terse heads for fixed-width printouts, a unit goes on its own line beneath.
ABBR: dict[str, tuple[str, ...]] = {
    "site_id": ("SITE NO", "SITE-ID"),
    "site_name": ("SITE NAME", "SITE DESC"),
    "asr_number": ("ASR NO", "FCC ASR"),
    "structure_type": ("STR TYPE", "TWR TYPE"),
    "structure_height_ft": ("HT AGL", "TWR HT"),
    "latitude": ("LATITUDE", "LAT NAD83"),
    "longitude": ("LONGITUDE", "LON NAD83"),
    "inspection_date": ("INSP DATE", "DT INSPECTED"),
    "inspection_firm": ("INSPECTED BY", "CONTRACTOR"),
    "max_capacity_pct": ("MAX UTIL", "CAP RATIO"),
    "result": ("RESULT", "PASS/FAIL"),
    "lighting_type": ("LIGHTING", "LT SYSTEM"),
    "next_inspection_date": ("NEXT INSP", "REINSP DUE"),
    "lease_id": ("LEASE NO", "AGRMT NO"),
    "lessor": ("LANDLORD", "LESSOR"),
    "lessee": ("TENANT", "LESSEE"),
    "amendment_date": ("AMEND DT", "AMENDMENT DATE"),
    "commencement_date": ("COMMENCE DT", "TERM START"),
    "expiration_date": ("EXPIRES", "EXP DATE"),
    "monthly_rent_usd": ("MO RENT", "RENT/MONTH"),
    "escalator_pct": ("ESC RATE", "ANN ESC"),
    "renewal_term_years": ("RNWL TERM", "EXT TERM"),
    "renewals_remaining": ("RNWLS LEFT", "OPTS REM"),
    "notice_days": ("NOTICE", "NTC PERIOD"),
    "jurisdiction": ("JURISDICTION", "AUTHORITY"),
    "permit_number": ("PERMIT NO", "CASE NO"),
    "permit_type": ("PERMIT TYPE", "WORK CLASS"),
    "issue_date": ("ISSUED", "ISSUE DT"),
    "approved_height_ft": ("APPR HT", "MAX HT"),
    "permit_status": ("STATUS", "PMT STATUS"),
    "asn": ("ASN", "STUDY NO"),
    "structure_height_amsl_ft": ("HT AMSL", "TOP ELEV MSL"),
    "determination": ("DETERMINATION", "OUTCOME"),
    "marking_lighting": ("MARK/LIGHT", "MARKING-LIGHTING"),
    "determination_date": ("DET DATE", "ISSUED"),
    "log_date": ("VISIT DT", "LOG DATE"),
    "technician": ("TECH", "CREW LEAD"),
    "activity": ("WORK TYPE", "ACTIVITY"),
    "light_outage": ("LT OUT", "OUTAGE"),
    "findings": ("REMARKS", "FINDINGS"),
}

# Distractors keep their printed value; their label is chosen from what the value looks like.
_DISTRACT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"^\(\d{3}\)", ("Tel.", "Contact Phone", "Office Line", "Phone No.")),
    (r"^WO\d+$", ("Work Order No.", "W.O. #", "Job Ticket", "Service Order")),
    (r"^\d+ of \d+$", ("Sheet", "Page", "Folio")),
    (r"^R-\d+$", ("Our Ref.", "Document No.", "File Ref.", "Report Ref.")),
    (r"\d{4}", ("Date Printed", "Run Date", "Prepared On", "Generated")),
)
_OTHER = ("Copy To", "Distribution", "cc")

UNIT_TEXT: dict[str, tuple[str, ...]] = {
    "ft": ("ft", "feet", "FT"),
    "m": ("m", "meters", "M"),
    "$": ("$", "USD", "US$"),
    "%": ("%", "percent"),
    "days": ("days", "Days"),
    "years": ("years", "yrs"),
}
_BARE = re.compile(r"^-?[\d,]+(\.\d+)?$")
_HEIGHTS = ("structure_height_ft", "approved_height_ft", "structure_height_amsl_ft")
_COUNT_UNITS = {"notice_days": "days", "renewal_term_years": "years"}


def field_of(item: Item) -> str:
    """The field an item states (the first of two for a combined coordinate), or ``""`` for a distractor."""
    return item.key or next(iter(item.truth), "")


def unit_of(item: Item) -> str:
    """The unit a bare number needs from its layout (``ft``, ``m``, ``$``, ``%``, ``days``, ``years``) or ``""``."""
    name = field_of(item)
    if not item.truth or not _BARE.match(item.value):
        return ""
    if name in _HEIGHTS:
        printed, canon = float(item.value.replace(",", "")), float(item.truth[name])
        return "ft" if abs(printed - canon) < 0.06 else "m"  # noqa: PLR2004 - metres never round to their feet
    if name == "monthly_rent_usd":
        return "$"
    if name.endswith("_pct"):
        return "%"
    return _COUNT_UNITS.get(name, "")


def unit_word(unit: str, rng: random.Random) -> str:
    """One printed form of ``unit`` (``""`` stays empty)."""
    return rng.choice(UNIT_TEXT[unit]) if unit else ""


def label(item: Item, doc_type: str, rng: random.Random, *, caps: bool = False) -> str:
    """The fourth writer's label for ``item`` (its unit not included)."""
    name = field_of(item)
    if not item.truth:
        text = next((rng.choice(w) for pat, w in _DISTRACT if re.search(pat, item.value)), rng.choice(_OTHER))
    elif len(item.truth) > 1:
        text = rng.choice(COORDS)
    else:
        text = rng.choice(BY_TYPE.get((doc_type, name), LABELS.get(name, (name.replace("_", " ").title(),))))
    return text.upper() if caps else text


def with_unit(text: str, unit: str, rng: random.Random) -> str:
    """``text`` with a bare value's unit added the way labels carry one: ``(ft)``, ``[m]``, ``, $``, ``in feet``."""
    if not unit:
        return text
    word = unit_word(unit, rng)
    if unit in ("ft", "m") and chance(rng, 0.25):
        return f"{text} in {'feet' if unit == 'ft' else 'meters'}"
    form = rng.choice(("({})", "({})", "[{}]", ", {}"))
    return f"{text} {form.format(word)}" if not form.startswith(",") else f"{text}, {word}"


def question(item: Item, doc_type: str, rng: random.Random) -> str:
    """A questionnaire's question for ``item``; a bare value's unit goes into the question."""
    name = field_of(item)
    unit = unit_of(item)
    if not item.truth or len(item.truth) > 1:
        text = label(item, doc_type, rng)
        return with_unit(text, unit, rng)
    forms = QUESTIONS.get(name, (label(item, doc_type, rng),))
    text = rng.choice(forms)
    if name == "expiration_date":
        noun = {"lease_amendment": "the current lease term", "faa_determination": "this determination"}
        text = f"When does {noun.get(doc_type, 'this permit')} expire?" if chance(rng, 0.6) else text
    if "{u}" in text:
        return text.replace("{u}", f" (in {unit_word(unit, rng)})" if unit else "")
    return with_unit(text, unit, rng)


def abbr(item: Item, rng: random.Random) -> str:
    """A terse upper-case column head for fixed-width printouts."""
    if not item.truth:
        return label(item, "", rng, caps=True).rstrip(".")
    if len(item.truth) > 1:
        return rng.choice(("LAT/LONG", "COORDINATES"))
    return rng.choice(ABBR.get(field_of(item), (field_of(item).upper(),)))
