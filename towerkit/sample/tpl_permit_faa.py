"""Municipal permit and FAA determination layouts.

* ``permitworks`` (permit): an e-permit system many cities use (its brand on top, the city
  below); label:value in two columns, US dates. Rev 2 (minor) shifts 4/6 pt; rev 3 (major)
  renames "Approved Height" to "Max. Structure Height", moves it into the conditions section
  ~200 pt lower and renames "Expiration Date" to "Valid Through".
* ``civicplan`` (permit): "CivicPlan", a land-use system counties and cities use; boxed
  value-below-label approval notice, long dates, Times.
* ``faa_oeaaa`` (FAA): the OE/AAA letter: study number top right, DMS coordinates in FAA's
  ``32-46-12.30N`` form, heights printed *before* their labels ("199 feet above ground level
  (AGL)"), expiry inside a sentence. Rev 2 (minor): a taller letterhead, everything 8 pt lower.
* ``skyclear_aero`` (FAA): an aeronautical consultant's ("SkyClear") summary of the
  determination as a ruled grid, ``14-Mar-2024`` dates, decimal coordinates with hemisphere
  letters. Rev 2 (major) moves both heights into a separate table far below, under new labels.
"""

from __future__ import annotations

from towerkit.sample.draw import Sheet
from towerkit.sample.model import Doc

PERMIT_TYPES = {
    "building": "Building",
    "conditional_use": "Conditional Use",
    "special_use": "Special Use",
    "electrical": "Electrical",
}
STATUS_CAPS = {"issued": "ISSUED", "active": "ACTIVE", "expired": "EXPIRED", "finaled": "FINALED"}
STATUS_TITLE = {"issued": "Issued", "active": "Active", "expired": "Expired", "finaled": "Finaled"}
LIGHTS = {"none": "None", "red": "Red", "white": "White", "dual": "Dual"}
DETERMINATION = {"no_hazard": "No Hazard", "hazard": "Hazard"}
# Template revisions (``templates.TEMPLATES`` gives each its drift kind).
PERMITWORKS_SHIFTED_REV = 2  # minor: shifted -4/6 pt
PERMITWORKS_MAJOR_REV = 3  # major: height renamed and moved ~200 pt lower, expiry renamed
FAA_TALL_LETTERHEAD_REV = 2  # minor: one more letterhead line, everything 8 pt lower
SKYCLEAR_MAJOR_REV = 2  # major: both heights moved to a separate table far below
CONDITIONS = (
    "Conditions of approval: the facility shall be constructed per the approved plans; the "
    "permittee shall maintain FAA-required lighting; the site shall be kept free of debris; "
    "this permit is void if work is not started within 180 days of issuance."
)


def permitworks(sh: Sheet, d: Doc) -> None:
    """``permitworks``: an e-permit certificate, label:value in two columns."""
    major = d.revision >= PERMITWORKS_MAJOR_REV
    sh.text(72, 30, "PermitWorks Online", size=16, bold=True)
    sh.text(540, 34, "Permit Certificate", size=10, align="right")
    sh.text(72, 52, f"Issued on behalf of {d.facts['jurisdiction']}  -  Development Services", size=9)
    sh.hline(72, 540, 72)
    if d.revision == PERMITWORKS_SHIFTED_REV:
        sh.dx, sh.dy = -4.0, 6.0
    left = [
        ("Permit Number:", d.txt("permit_number")),
        ("Permit Type:", d.enum("permit_type", PERMIT_TYPES)),
        ("Date Issued:", d.date("issue_date", "us")),
        ("Valid Through:" if major else "Expiration Date:", d.date("expiration_date", "us")),
    ]
    right = [
        ("Jurisdiction:", d.txt("jurisdiction")),
        ("Site ID:", d.txt("site_id")),
        ("Site Name:", d.txt("site_name")),
        ("Status:", d.enum("permit_status", STATUS_CAPS)),
    ]
    if not major:
        left.append(("Approved Height:", d.feet("approved_height_ft")))
    for i, (label, value) in enumerate(left):
        sh.label_value(72, 100 + i * 18, label, value, value_x=170)
    for i, (label, value) in enumerate(right):
        sh.label_value(320, 100 + i * 18, label, value, value_x=400)
    sh.text(72, 210, "Description of Work", bold=True)
    sh.para(
        72,
        228,
        468,
        "Construct and operate an unmanned wireless telecommunications facility consisting "
        "of an antenna support structure, antennas, equipment cabinets and a fenced compound.",
    )
    y = sh.para(72, 290, 468, CONDITIONS)
    if major:
        sh.label_value(72, y + 130, "Max. Structure Height:", d.feet("approved_height_ft"))
    sh.dx = sh.dy = 0.0
    sh.text(306, 750, "Powered by PermitWorks Online  -  verify at permits.example.gov", size=8, align="center")


def county(sh: Sheet, d: Doc) -> None:
    """``civicplan``: a boxed value-below-label approval notice, two boxes a row."""
    sh.text(306, 36, "CivicPlan Land Use Services", size=15, bold=True, align="center")
    sh.text(306, 56, "Planning & Zoning Decision Notice  -  Form PZ-12", size=10, align="center")
    sh.text(306, 90, "NOTICE OF APPROVAL - TELECOMMUNICATIONS FACILITY", size=12, bold=True, align="center")
    boxes = [
        ("Case / Permit No.", d.txt("permit_number")),
        ("Jurisdiction", d.txt("jurisdiction")),
        ("Permit Type", d.enum("permit_type", PERMIT_TYPES)),
        ("Permit Status", d.enum("permit_status", STATUS_TITLE)),
        ("Applicant Site ID", d.txt("site_id")),
        ("Site Name", d.txt("site_name")),
        ("Approval Date", d.date("issue_date", "long")),
        ("Permit Expires", d.date("expiration_date", "long")),
        ("Approved Structure Height", d.feet("approved_height_ft", "{} feet")),
    ]
    for i, (label, value) in enumerate(boxes):
        sh.below(80 + (i % 2) * 236, 130 + (i // 2) * 42, label, value, box_w=230)
    sh.text(72, 360, "FINDINGS AND CONDITIONS", bold=True)
    sh.para(72, 380, 468, CONDITIONS)
    sh.text(72, 480, "Zoning Administrator", size=10)
    sh.hline(72, 260, 470)


def faa_oeaaa(sh: Sheet, d: Doc) -> None:
    """``faa_oeaaa``: the FAA's determination letter, heights printed before their labels."""
    sh.text(72, 36, "Federal Aviation Administration", size=11, bold=True)
    sh.text(72, 50, "Obstruction Evaluation Group", size=9)
    sh.text(72, 62, "10101 Hillwood Parkway, Fort Worth, TX 76177", size=9)
    if d.revision == FAA_TALL_LETTERHEAD_REV:
        sh.text(72, 74, "Aeronautical Study Program  -  oeaaa.faa.gov", size=9)
        sh.dy = 8.0
    sh.below(400, 36, "Aeronautical Study No.", d.txt("asn"))
    sh.label_value(400, 66, "Issued Date:", d.date("determination_date", "us"), bold_label=False)
    sh.label_value(72, 100, "Sponsor Site ID:", d.txt("site_id"))
    sh.label_value(72, 114, "Site Name:", d.txt("site_name"))
    title = (
        "DETERMINATION OF NO HAZARD TO AIR NAVIGATION"
        if d.facts["determination"] == "no_hazard"
        else "DETERMINATION OF HAZARD TO AIR NAVIGATION"
    )
    d.truth["determination"] = d.facts["determination"]
    sh.text(306, 140, f"** {title} **", size=11, bold=True, align="center")
    y = sh.para(
        72,
        164,
        468,
        "The Federal Aviation Administration has conducted an aeronautical study under "
        "the provisions of 49 U.S.C., Section 44718 and if applicable Title 14 of the Code of Federal "
        "Regulations, part 77, concerning:",
    )
    lines = [
        ("Structure:", "Antenna Tower"),
        ("Location:", f"{d.site.jurisdiction}, {d.site.state}"),
        ("Latitude:", d.coord("latitude", "dms_dash") + " NAD 83"),
        ("Longitude:", d.coord("longitude", "dms_dash")),
        ("Heights:", f"{d.facts['ground_ft']} feet site elevation (SE)"),
        ("", d.feet("structure_height_ft", "{} feet above ground level (AGL)")),
        ("", d.feet("structure_height_amsl_ft", "{} feet above mean sea level (AMSL)")),
    ]
    y += 6
    for label, value in lines:
        sh.label_value(90, y, label, value, value_x=170, bold_label=False)
        y += 15
    if d.facts["determination"] == "no_hazard":
        finding = (
            "This aeronautical study revealed that the structure does not exceed obstruction standards "
            "and would not be a hazard to air navigation provided the following condition(s), if any, "
            "is(are) met:"
        )
    else:
        finding = (
            "This aeronautical study revealed that the structure would have a substantial adverse effect "
            "on air navigation. Should the structure be built, it shall meet the following:"
        )
    y = sh.para(72, y + 10, 468, finding)
    sh.label_value(72, y + 6, "Marking/Lighting:", d.enum("marking_lighting", LIGHTS))
    y = sh.para(
        72,
        y + 30,
        468,
        "As a condition to this Determination, the structure is to be marked/lighted "
        "in accordance with FAA Advisory circular 70/7460-1 M, Obstruction Marking and Lighting.",
    )
    y = sh.para(
        72,
        y + 10,
        468,
        f"This determination expires on {d.date('expiration_date', 'us')} unless: "
        "(a) the construction is started (not necessarily completed) and FAA Form 7460-2, Notice of "
        "Actual Construction or Alteration, is received by this office; (b) extended, revised, or "
        "terminated by the issuing office.",
    )
    sh.dy = 0.0
    sh.text(72, 700, "If we can be of further assistance, please contact our office.", size=9)
    sh.text(306, 750, f"Page 1 of 1  -  {d.facts['asn']}", size=8, align="center")


def skyclear_aero(sh: Sheet, d: Doc) -> None:
    """``skyclear_aero``: a consultant's ruled summary grid of the FAA determination."""
    major = d.revision >= SKYCLEAR_MAJOR_REV
    sh.text(72, 36, "SkyClear Aviation Consulting", size=14, bold=True)
    sh.text(72, 54, "Airspace & FAA Compliance Services  -  Tulsa, OK", size=9)
    sh.text(306, 96, "FAA DETERMINATION SUMMARY", size=13, bold=True, align="center")
    rows = [
        ["Aeronautical Study Number", d.txt("asn")],
        ["Sponsor Site", d.txt("site_id")],
        ["Site Name", d.txt("site_name")],
        ["Determination", d.enum("determination", DETERMINATION)],
        ["Date Issued", d.date("determination_date", "dmy")],
        ["Expiration", d.date("expiration_date", "dmy")],
        ["Latitude", d.coord("latitude", "dec_hemi")],
        ["Longitude", d.coord("longitude", "dec_hemi")],
        ["Site Elevation (AMSL)", f"{d.facts['ground_ft']} ft"],
    ]
    if not major:
        rows += [
            ["Structure Height (AGL)", d.feet("structure_height_ft")],
            ["Overall Height (AMSL)", d.feet("structure_height_amsl_ft")],
        ]
    rows.append(["Marking/Lighting", d.enum("marking_lighting", LIGHTS)])
    bottom = sh.grid(72, 120, rows, [210, 258], row_h=19)
    y = sh.para(
        72,
        bottom + 20,
        468,
        "A copy of this determination will be forwarded to the Federal "
        "Communications Commission if the structure is subject to their licensing authority.",
    )
    if major:
        sh.text(72, y + 70, "STRUCTURE HEIGHTS", bold=True)
        sh.grid(
            72,
            y + 90,
            [["AGL Height", d.feet("structure_height_ft")], ["Top Elevation AMSL", d.feet("structure_height_amsl_ft")]],
            [210, 258],
            row_h=19,
        )
    sh.text(
        306, 750, "SkyClear Aviation Consulting  -  summary of the FAA determination on file", size=8, align="center"
    )
