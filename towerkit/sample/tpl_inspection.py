"""Structural inspection layouts: three engineering firms, each with its own wording and units.

* ``acme_eng``: label:value column on page 1, member-capacity table (ruled) on page 2, decimal
  coordinates, US dates. Rev 2 (minor) shifts the block 5/7 pt; rev 3 (major) renames the height
  and ASR labels and moves the height to a data box at the foot of page 1 (> 400 pt away).
* ``summit_struct``: a cover page, a ruled key/value grid on page 2 with the height in METRES
  ("Tower Ht. AGL (m)") and DMS coordinates, the capacity table on page 3, ``14-Mar-2024`` dates.
  Rev 2 (major) rearranges the report: the grid moves onto page 1, the height is printed in feet
  under a new label, the report shrinks to two pages.
* ``ridgeline_tower``: (new issuer, later era only) boxed value-below-label form, long dates.
"""

from __future__ import annotations

from towerkit.sample.canonical import c_pct
from towerkit.sample.draw import Sheet
from towerkit.sample.model import Doc

TYPES_TITLE = {"monopole": "Monopole", "self_supporting": "Self-Supporting Lattice", "guyed": "Guyed Lattice"}
TYPES_CAPS = {"monopole": "MONOPOLE", "self_supporting": "SELF SUPPORTING", "guyed": "GUYED"}
LIGHT_SPEC = {"none": "None", "red": "Red (L-864)", "white": "White (L-865)", "dual": "Dual (L-864/L-865)"}
LIGHT_CAPS = {"none": "NONE", "red": "RED", "white": "WHITE", "dual": "DUAL"}
RESULT_CAPS = {"pass": "PASS", "fail": "FAIL"}
RESULT_TITLE = {"pass": "Pass", "fail": "Fail"}
FULL_CAPACITY_PCT = 100
"""A member loaded past 100% of its design capacity fails."""
# Template revisions (``templates.TEMPLATES`` gives each its drift kind).
ACME_SHIFTED_REV = 2  # minor: the data block shifted 5/7 pt
ACME_MAJOR_REV = 3  # major: labels renamed, the height moved to the foot of page 1
SUMMIT_MAJOR_REV = 2  # major: the report rearranged onto two pages, height in feet

SCOPE = (
    "This report documents a visual and hands-on condition assessment of the antenna supporting "
    "structure performed in general accordance with ANSI/TIA-222 Annex J. Members, connections, "
    "foundations, grounding and obstruction lighting were observed from the ground and by climbing."
)


def _findings(d: Doc) -> str:
    """The summary paragraph, consistent with the inspection's result."""
    if d.facts["result"] == "fail":
        return (
            "One or more members exceed their design capacity under the current loading. Structural "
            "modification is required before additional equipment is installed."
        )
    return (
        "The structure and its foundation were found in serviceable condition. Minor corrosion and "
        "missing hardware were noted and should be corrected during routine maintenance."
    )


def _members(d: Doc, caps: dict[str, str]) -> list[list[str]]:
    """The capacity table's rows; records the maximum capacity as printed in the table."""
    rows = [
        [f"{elev}", part, size, f"{pct}", caps["fail" if pct > FULL_CAPACITY_PCT else "pass"]]
        for elev, part, size, pct in d.facts["members"]
    ]
    d.truth["max_capacity_pct"] = c_pct(d.facts["max_capacity_pct"])
    d.printed["max_capacity_pct"] = str(d.facts["max_capacity_pct"])
    return rows


def acme(sh: Sheet, d: Doc) -> None:
    """``acme_eng``: label:value column on page 1, capacity table on page 2 (see the module docstring)."""
    firm = "Acme Tower Engineering, P.C."
    d.facts["inspection_firm"] = firm
    sh.text(72, 40, "ACME TOWER ENGINEERING, P.C.", size=16, bold=True)
    sh.text(72, 60, "1200 Commerce St., Suite 400  |  Dallas, TX 75202  |  (214) 555-0147", size=8)
    sh.hline(72, 540, 76)
    sh.text(306, 92, "STRUCTURAL INSPECTION REPORT", size=14, bold=True, align="center")
    sh.text(306, 112, "TIA-222-H Condition Assessment", align="center")
    major = d.revision >= ACME_MAJOR_REV
    if d.revision == ACME_SHIFTED_REV:
        sh.dx, sh.dy = 5.0, 7.0
    asr = d.txt("asr_number", d.facts["asr_number"]) if d.facts["asr_number"] else "N/A"
    rows: list[tuple[str, str]] = [
        ("Site ID:", d.txt("site_id")),
        ("Site Name:", d.txt("site_name")),
        ("ASR Registration #:" if major else "FCC ASR No.:", asr),
        ("Structure Type:", d.enum("structure_type", TYPES_TITLE)),
    ]
    if not major:
        rows.append(("Structure Height (AGL):", d.feet("structure_height_ft")))
    rows += [
        ("Latitude:", d.coord("latitude", "dec")),
        ("Longitude:", d.coord("longitude", "dec")),
        ("Inspection Date:", d.date("inspection_date", "us")),
        ("Inspection Firm:", d.txt("inspection_firm")),
        ("Obstruction Lighting:", d.enum("lighting_type", LIGHT_SPEC)),
        ("Overall Result:", d.enum("result", RESULT_CAPS)),
        ("Next Inspection Due:", d.date("next_inspection_date", "us")),
    ]
    y = 145.0
    for label, value in rows:
        sh.label_value(72, y, label, value, value_x=220)
        y += 18
    sh.text(72, y + 14, "1. SCOPE", bold=True)
    y = sh.para(72, y + 32, 468, SCOPE)
    sh.text(72, y + 10, "2. SUMMARY OF FINDINGS", bold=True)
    sh.para(72, y + 28, 468, _findings(d))
    if major:
        sh.rect(68, 640, 300, 40)
        sh.text(76, 646, "STRUCTURE DATA", size=8, bold=True)
        sh.label_value(76, 662, "Overall Height Above Ground:", d.feet("structure_height_ft", "{} feet"))
    sh.dx = sh.dy = 0.0
    sh.text(306, 750, f"Acme Tower Engineering  -  {d.facts['site_id']}  -  Page 1 of 2", size=8, align="center")
    sh.new_page()
    sh.text(72, 40, "ACME TOWER ENGINEERING, P.C.", size=9, bold=True)
    sh.text(72, 80, "3. MEMBER CAPACITY SUMMARY", bold=True)
    table = [["Elevation (ft)", "Component", "Size", "% Capacity", "Status"], *_members(d, RESULT_CAPS)]
    bottom = sh.grid(72, 100, table, [80, 110, 110, 80, 70], header=True, size=9)
    sh.para(
        72,
        bottom + 20,
        468,
        "The maximum member usage governs the rating of the structure. Values "
        "above 100% indicate members requiring reinforcement.",
    )
    sh.text(72, bottom + 80, "4. CERTIFICATION", bold=True)
    sh.para(
        72,
        bottom + 98,
        468,
        "I certify that this report was prepared by me or under my direct "
        "supervision and that I am a duly licensed Professional Engineer.",
    )
    sh.text(306, 750, f"Acme Tower Engineering  -  {d.facts['site_id']}  -  Page 2 of 2", size=8, align="center")


def summit(sh: Sheet, d: Doc) -> None:
    """``summit_struct``: cover page, metric key/value grid, capacity table (see the module docstring)."""
    firm = "Summit Structural Group"
    d.facts["inspection_firm"] = firm
    major = d.revision >= SUMMIT_MAJOR_REV
    sh.text(306, 90 if major else 130, "SUMMIT STRUCTURAL GROUP", size=20, bold=True, align="center")
    sh.text(306, 118 if major else 160, "Tower Inspection & Condition Assessment", size=14, align="center")
    asr = d.txt("asr_number", d.facts["asr_number"]) if d.facts["asr_number"] else "\u2014"
    if major:
        height = ("Structure Height (ft)", d.feet_1dp("structure_height_ft", "{}"))
    else:
        height = ("Tower Ht. AGL (m)", d.metres("structure_height_ft"))
    grid = [
        ["Site Number", d.txt("site_id")],
        ["Site Name", d.txt("site_name")],
        ["FCC ASR", asr],
        ["Tower Type", d.enum("structure_type", TYPES_CAPS)],
        list(height),
        ["Latitude (NAD83)", d.coord("latitude", "dms")],
        ["Longitude (NAD83)", d.coord("longitude", "dms")],
        ["Date of Inspection", d.date("inspection_date", "dmy")],
        ["Inspecting Firm", d.txt("inspection_firm")],
        ["Lighting System", d.enum("lighting_type", LIGHT_CAPS)],
        ["Overall Result", d.enum("result", RESULT_CAPS)],
        ["Next Inspection", d.date("next_inspection_date", "dmy")],
    ]
    if major:
        sh.text(72, 160, "1.0 SITE INFORMATION", bold=True, size=12)
        bottom = sh.grid(72, 182, grid, [190, 270], size=10.5)
        sh.text(72, bottom + 24, "2.0 OBSERVATIONS", bold=True, size=12)
        sh.para(72, bottom + 44, 468, _findings(d), size=10.5)
    else:
        sh.text(306, 270, d.facts["site_name"], size=18, bold=True, align="center")
        sh.text(306, 296, f"Site No. {d.facts['site_id']}", size=12, align="center")
        sh.text(306, 600, "Prepared for: Tower Owner Asset Management", size=11, align="center")
        sh.text(306, 618, "Summit Structural Group  |  Oklahoma City, OK", size=11, align="center")
        sh.new_page()
        sh.text(72, 72, "1.0 SITE INFORMATION", bold=True, size=12)
        bottom = sh.grid(72, 95, grid, [190, 270], size=10.5)
        sh.text(72, bottom + 24, "2.0 OBSERVATIONS", bold=True, size=12)
        y = sh.para(72, bottom + 44, 468, SCOPE, size=10.5)
        sh.para(72, y + 6, 468, _findings(d), size=10.5)
    sh.new_page()
    sh.text(72, 72, "3.0 MEMBER CAPACITY", bold=True, size=12)
    table = [["Elev. (ft)", "Member", "Section", "Capacity (%)", "Result"], *_members(d, RESULT_TITLE)]
    bottom = sh.grid(72, 95, table, [70, 110, 110, 90, 70], header=True, size=10)
    sh.para(72, bottom + 20, 468, "Capacities per TIA-222-H, 105% allowance not applied.", size=10.5)


def ridgeline(sh: Sheet, d: Doc) -> None:
    """``ridgeline_tower`` (new issuer): a boxed value-below-label form, three boxes a row."""
    firm = "Ridgeline Tower Services LLC"
    d.facts["inspection_firm"] = firm
    sh.text(72, 36, "RIDGELINE TOWER SERVICES", size=13, bold=True)
    sh.text(540, 38, "Field Inspection Form RT-7", size=9, align="right")
    sh.hline(72, 540, 56, width=1.5)
    asr = d.txt("asr_number", d.facts["asr_number"]) if d.facts["asr_number"] else "Not Registered"
    boxes = [
        ("SITE ID", d.txt("site_id")),
        ("SITE NAME", d.txt("site_name")),
        ("ASR NUMBER", asr),
        ("TOWER TYPE", d.enum("structure_type", TYPES_TITLE)),
        ("OVERALL HEIGHT ABOVE GROUND", d.feet("structure_height_ft", "{} ft")),
        ("LATITUDE", d.coord("latitude", "dec_hemi")),
        ("LONGITUDE", d.coord("longitude", "dec_hemi")),
        ("DATE INSPECTED", d.date("inspection_date", "long")),
        ("INSPECTED BY", d.txt("inspection_firm")),
        ("FAA LIGHTING", d.enum("lighting_type", LIGHT_CAPS)),
        ("RESULT", d.enum("result", RESULT_TITLE)),
        ("NEXT INSPECTION", d.date("next_inspection_date", "long")),
    ]
    for i, (label, value) in enumerate(boxes):
        col, row = i % 3, i // 3
        sh.below(76 + col * 158, 80 + row * 40, label, value, box_w=154)
    sh.text(72, 260, "NOTES", bold=True)
    sh.para(72, 278, 468, _findings(d))
    sh.new_page()
    sh.text(72, 50, "MEMBER CAPACITY TABLE", bold=True)
    table = [["Height (ft)", "Member", "Size", "Usage %", "OK?"], *_members(d, RESULT_CAPS)]
    sh.grid(72, 70, table, [70, 110, 110, 80, 60], header=True, size=9)
