"""Names the sample corpus draws from: zones, states, site names, firms, parties, technicians.

All invented. Site ids follow one scheme, ``<state>-<4 digits>`` (``TX-0142``), the way regional
tower portfolios number sites; zones are the operator's four regions, each covering a few states
whose coordinates fall inside a rough bounding box so that latitudes and longitudes look right.
"""

from __future__ import annotations

ZONES: dict[str, tuple[str, ...]] = {
    "north": ("OK", "KS"),
    "south": ("TX",),
    "east": ("LA", "AR"),
    "west": ("NM", "AZ"),
}

# (lat_min, lat_max, lon_min, lon_max, ground elevation ft min, max, FAA region)
STATE_BOX: dict[str, tuple[float, float, float, float, int, int, str]] = {
    "OK": (34.2, 36.9, -99.9, -94.6, 400, 1900, "ASW"),
    "KS": (37.1, 39.9, -101.5, -94.7, 750, 3500, "ACE"),
    "TX": (26.3, 34.4, -104.5, -94.2, 10, 3800, "ASW"),
    "LA": (29.3, 32.9, -93.8, -89.8, 5, 300, "ASW"),
    "AR": (33.1, 36.4, -94.4, -90.2, 120, 1800, "ASW"),
    "NM": (32.1, 36.9, -108.9, -103.1, 3100, 7200, "ASW"),
    "AZ": (31.5, 36.9, -114.5, -109.2, 400, 6800, "AWP"),
}

JURISDICTIONS: dict[str, tuple[str, ...]] = {
    "OK": ("City of Enid", "Canadian County", "City of Lawton", "Payne County"),
    "KS": ("City of Salina", "Sedgwick County", "City of Hays", "Reno County"),
    "TX": ("City of Lubbock", "Bexar County", "City of Abilene", "Hidalgo County", "City of Tyler", "Brazos County"),
    "LA": ("City of Monroe", "Rapides Parish", "City of Lafayette", "Tangipahoa Parish"),
    "AR": ("City of Conway", "Pulaski County", "City of Jonesboro", "Benton County"),
    "NM": ("City of Las Cruces", "San Juan County", "City of Roswell", "Valencia County"),
    "AZ": ("City of Flagstaff", "Pinal County", "City of Yuma", "Cochise County"),
}

NAME_A = (
    "Cedar",
    "Oak",
    "Pine",
    "Mesa",
    "Red",
    "Eagle",
    "Hawk",
    "Willow",
    "Cypress",
    "Juniper",
    "Stone",
    "Copper",
    "Prairie",
    "Sandy",
    "Bluebonnet",
    "Antelope",
    "Coyote",
    "Pecan",
    "Magnolia",
    "Quail",
    "Mustang",
    "Buffalo",
    "Sage",
    "Iron",
    "Turkey",
    "Lone",
)
NAME_B = (
    "Ridge",
    "Hollow",
    "Bluff",
    "Creek",
    "Hill",
    "Flats",
    "Springs",
    "Draw",
    "Point",
    "Crossing",
    "Valley",
    "Butte",
    "Bend",
    "Grove",
    "Canyon",
    "Junction",
    "Lake",
    "Mill",
    "Gap",
    "Wells",
)
NAME_C = ("", "", "", "", " North", " South", " East", " West", " II", " Water Tank", " Rooftop")

LESSORS = (
    "Ramirez Family Trust",
    "Harold P. Jennings",
    "Big Sky Ranch LLC",
    "First Baptist Church of Elm Grove",
    "Nguyen Holdings LP",
    "Mary Ellen Dubois",
    "Thompson Land & Cattle Co.",
    "Broussard Farms LLC",
    "County School District No. 4",
    "Whitaker Revocable Trust",
    "Oyelaran Properties LLC",
    "St. Mark's Lutheran Church",
    "Castillo Grain Company",
    "Delgado Investments Ltd.",
)
LESSEES = (
    "Horizon Wireless Towers LLC",
    "Vertex Wireless Infrastructure LP",
    "SkyReach Infrastructure Inc.",
    "Lone Star Spectrum Holdings LLC",
    "Apex Vertical Assets LLC",
)

TECHNICIANS = (
    "José Muñoz",
    "Renée Thibodeaux",
    "Zoë Castañeda",
    "François Lébeau",
    "Ana María Peña",
    "Dwayne Oakes",
    "Kyle Brandt",
    "Björn Halvorsen",
    "Marisol Ibáñez",
    "Tom Nguyen",
    "Chloé Arceneaux",
    "Luis Ángel Ortíz",
)

ACTIVITIES = (
    "light inspection",
    "climb inspection",
    "antenna install",
    "site audit",
    "generator service",
    "grounding repair",
    "lighting repair",
)

FINDINGS_OK = (
    "All obstruction lights operational. No deficiencies noted.",
    "Beacon and side markers verified at dusk. Controller alarm test passed.",
    "Site secure, fence intact, grounding bus clean. No action required.",
    "Generator ran 30 min under load, oil level nominal. Lights normal.",
    "Minor surface rust at 60 ft leg splice, monitor next visit. Lights normal.",
    "Coax weatherproofing replaced on two runs. Lighting system normal.",
)
FINDINGS_OUT = (
    "Top beacon L-864 extinguished. NOTAM requested, repair scheduled.",
    "Side marker L-810 at 120 ft out. FAA notified, replacement lamp ordered.",
    "Flash head failed on controller alarm. Beacon dark, NOTAM filed with FSS.",
    "Photocell fault left beacon off at night. NOTAM issued, controller replaced next day.",
)
