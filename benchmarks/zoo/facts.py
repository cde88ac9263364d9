"""The facts a zoo document states, drawn independently of how any layout prints them.

Facts are typed (``date``, ``float`` feet and degrees, ``int``), never pre-formatted: formatting is the
layout's choice (``values.py``), and the ground truth is derived from what was finally printed. Names
are random combinations, so no issuer or firm name is constant across a family or a document type.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DOC_TYPES: tuple[str, ...] = (
    "structural_inspection",
    "lease_amendment",
    "municipal_permit",
    "faa_determination",
    "field_log",
)
ZONES = ("gulf", "plains", "lakes", "pacific", "mountain", "atlantic")
STATES = ("AL", "TX", "OK", "KS", "MI", "OH", "OR", "WA", "CO", "UT", "GA", "NC", "VA", "PA", "NM")

_WORDS_A = (
    "Apex",
    "Summit",
    "Blue Ridge",
    "Keystone",
    "Ironwood",
    "Meridian",
    "Cedar",
    "Northstar",
    "Granite",
    "Prairie",
    "Harbor",
    "Redline",
    "Skyward",
    "Tri-County",
    "Pinnacle",
    "Lone Oak",
    "Sterling",
    "Bayou",
    "Copperhill",
    "Westfield",
    "Falcon",
    "Orion",
    "Crestview",
    "Liberty",
    "Timberline",
    "Vantage",
)
_WORDS_B = (
    "Tower",
    "Structural",
    "Engineering",
    "Wireless",
    "Infrastructure",
    "Survey",
    "Steel",
    "Telecom",
    "Site",
    "Field",
    "Communications",
    "Antenna",
    "Vertical",
    "Inspection",
)
_WORDS_C = (
    "Services",
    "Group",
    "Partners",
    "LLC",
    "Inc.",
    "& Associates",
    "Consultants",
    "Co.",
    "Solutions",
    "Corp.",
    "Company",
    "Holdings, LLC",
)
_FIRST = (
    "James",
    "Maria",
    "Robert",
    "Linda",
    "Michael",
    "Patricia",
    "David",
    "Jennifer",
    "Carlos",
    "Aisha",
    "Kevin",
    "Sandra",
    "Tomás",
    "Nguyen",
    "Brenda",
    "Darnell",
    "Olga",
    "Raj",
    "Heather",
    "Wade",
    "José",
)
_LAST = (
    "Whitcomb",
    "Alvarez",
    "Okafor",
    "Lindqvist",
    "Brennan",
    "Patel",
    "Kowalski",
    "Nakamura",
    "Dubois",
    "Harlan",
    "McAllister",
    "Peña",
    "Fairbanks",
    "Osei",
    "Tran",
    "Gutierrez",
    "Sorensen",
    "Boudreaux",
)
_PLACES = (
    "Cedar Hollow",
    "Pine Bluff",
    "Red Oak",
    "Mill Creek",
    "Clearwater",
    "Fox Run",
    "Eagle Pass",
    "Willow Bend",
    "Stony Point",
    "Mesa Verde",
    "Hwy 31",
    "Lakeview",
    "Bear Creek",
    "Sandy Ridge",
    "Oak Grove",
    "Quarry Hill",
    "Turkey Trot",
    "Cane Brake",
    "Saddle Butte",
    "Old Mill",
)
_PLACE_SUFFIX = ("", " North", " South", " East", " West", " II", " Water Tank", " Rooftop", " Relo")
TOWNS = (
    "Millbrook",
    "Fairhope",
    "Granbury",
    "Lawton",
    "Salina",
    "Kalamazoo",
    "Zanesville",
    "Bend",
    "Yakima",
    "Loveland",
    "Provo",
    "Valdosta",
    "Hickory",
    "Danville",
    "Altoona",
    "Roswell",
    "Ardmore",
    "Muskegon",
)

STRUCTURE_TYPES = ("monopole", "self_supporting", "guyed")
LIGHTING = ("L-810 steady red", "L-864 red flashing", "L-864/L-865 dual", "L-865 white medium", "None")
PERMIT_TYPES = (
    "Conditional Use",
    "Building",
    "Special Use",
    "Zoning Variance",
    "Eligible Facilities Request",
    "Electrical",
)
PERMIT_STATUS = ("Approved", "Issued", "Active", "Expired", "Denied", "Pending")
DETERMINATIONS = ("No Hazard", "Hazard")
MARKING = (
    "Red lights and paint",
    "Dual red and medium intensity white",
    "Medium intensity white",
    "Red lights only",
    "None required",
)
ACTIVITIES = (
    "Light inspection",
    "Climb inspection",
    "Antenna install",
    "Generator service",
    "Grounding repair",
    "Site audit",
    "Beacon replacement",
    "Vegetation control",
)
FINDINGS = (
    "All obstruction lights operating normally",
    "Minor rust on leg B at 60 ft, touch-up recommended",
    "Gate lock replaced; fence intact",
    "Coax ice bridge loose, re-torqued",
    "No deficiencies observed",
    "Controller alarm tested OK",
)
OUTAGE_FINDINGS = (
    "Top beacon out, NOTAM filed with FSS",
    "Side marker at 120 ft out, replaced lamp",
    "Beacon flash head failed; NOTAM issued, repair scheduled",
)
FAA_REGIONS = ("ASW", "AGL", "ANE", "AEA", "ASO", "ACE", "ANM", "AWP", "AAL")


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``: the one way every module draws a yes/no habit."""
    return rng.random() < p


def company(rng: random.Random) -> str:
    """A made-up company name: three independent word choices, so names never repeat per layout."""
    return f"{rng.choice(_WORDS_A)} {rng.choice(_WORDS_B)} {rng.choice(_WORDS_C)}"


def person(rng: random.Random) -> str:
    """A made-up person, sometimes with a middle initial."""
    mid = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if chance(rng, 0.3) else ""
    return f"{rng.choice(_FIRST)}{mid} {rng.choice(_LAST)}"


def jurisdiction(rng: random.Random) -> str:
    """How local governments name themselves on permits."""
    town = rng.choice(TOWNS)
    return rng.choice((f"City of {town}", f"{town} County", f"Township of {town}", f"Village of {town}"))


@dataclass(frozen=True)
class Site:
    """A tower site: several documents of a corpus describe the same one, as in a real portfolio."""

    site_id: str
    name: str
    zone: str
    lat: float
    lon: float
    height_ft: float
    ground_ft: float
    structure_type: str


def site_pool(rng: random.Random, count: int) -> list[Site]:
    """``count`` distinct sites with plausible US coordinates and heights."""
    sites: list[Site] = []
    ids: set[str] = set()
    while len(sites) < count:
        st = rng.choice(STATES)
        sid = rng.choice((f"{st}-{rng.randint(10000, 99999)}", f"US-{st}-{rng.randint(1000, 9999)}"))
        if sid in ids:
            continue
        ids.add(sid)
        height = float(rng.randrange(60, 460, 5)) if chance(rng, 0.8) else rng.randrange(600, 4600) / 10
        sites.append(
            Site(
                site_id=sid,
                name=rng.choice(_PLACES) + rng.choice(_PLACE_SUFFIX),
                zone=rng.choice(ZONES),
                lat=round(rng.uniform(25.5, 48.5), 6),
                lon=round(-rng.uniform(70.5, 123.5), 6),
                height_ft=height,
                ground_ft=float(rng.randrange(20, 6200)),
                structure_type=rng.choice(STRUCTURE_TYPES),
            )
        )
    return sites


def _day(rng: random.Random, start: int, end: int) -> date:
    """A date between two years (inclusive), uniformly."""
    first, last = date(start, 1, 1), date(end, 12, 31)
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _add_years(d: date, years: int) -> date:
    """``d`` plus whole years (29 February falls back to the 28th)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def make_facts(doc_type: str, site: Site, rng: random.Random) -> dict[str, Any]:
    """Typed facts for one document of ``doc_type`` about ``site`` (keys are DESIGN.md field names)."""
    f: dict[str, Any] = {"site_id": site.site_id, "site_name": site.name}
    if doc_type == "structural_inspection":
        when = _day(rng, 2019, 2026)
        pct = round(rng.uniform(38.0, 112.0), 1)
        f |= {
            "asr_number": str(rng.randint(1000000, 1299999)),
            "structure_type": site.structure_type,
            "structure_height_ft": site.height_ft,
            "latitude": site.lat,
            "longitude": site.lon,
            "inspection_date": when,
            "inspection_firm": company(rng),
            "max_capacity_pct": pct,
            "result": "pass" if pct <= 100 else "fail",  # noqa: PLR2004 - TIA conservative pass threshold
            "lighting_type": rng.choice(LIGHTING),
            "next_inspection_date": _add_years(when, 3 if site.structure_type == "guyed" else 5),
        }
    elif doc_type == "lease_amendment":
        start = _day(rng, 1998, 2015)
        term = rng.choice((5, 10, 15, 20))
        amended = _day(rng, 2018, 2026)
        f |= {
            "lease_id": rng.choice(
                (
                    f"L-{rng.randint(1000, 99999)}",
                    f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    f"GL{amended.year}-{rng.randint(10, 999):03d}",
                )
            ),
            "lessor": person(rng) if chance(rng, 0.5) else f"{rng.choice(_LAST)} Family Trust",
            "lessee": company(rng),
            "amendment_date": amended,
            "commencement_date": start,
            "expiration_date": _add_years(start, term + 5 * rng.randint(1, 4)),
            "monthly_rent_usd": rng.choice((rng.randrange(600, 4800, 25) * 1.0, rng.randrange(60000, 480000) / 100)),
            "escalator_pct": rng.choice((2, 2.5, 3, 3, 3.5, 4, 15)),
            "renewal_term_years": rng.choice((5, 5, 10)),
            "renewals_remaining": rng.randint(0, 6),
            "notice_days": rng.choice((30, 60, 90, 90, 120, 180)),
        }
    elif doc_type == "municipal_permit":
        issued = _day(rng, 2016, 2026)
        f |= {
            "jurisdiction": jurisdiction(rng),
            "permit_number": rng.choice(
                (
                    f"BP-{issued.year}-{rng.randint(100, 99999):05d}",
                    f"CUP {issued.year % 100:02d}-{rng.randint(1, 999)}",
                    f"{rng.choice('ZBPE')}{rng.randint(100000, 999999)}",
                )
            ),
            "permit_type": rng.choice(PERMIT_TYPES),
            "issue_date": issued,
            "expiration_date": _add_years(issued, rng.choice((1, 2, 3))),
            "approved_height_ft": site.height_ft + rng.choice((0.0, 0.0, 10.0, 20.0)),
            "permit_status": rng.choice(PERMIT_STATUS),
        }
    elif doc_type == "faa_determination":
        issued = _day(rng, 2016, 2026)
        f |= {
            "asn": f"{issued.year}-{rng.choice(FAA_REGIONS)}-{rng.randint(1, 19999)}-OE",
            "structure_height_ft": site.height_ft,
            "structure_height_amsl_ft": site.height_ft + site.ground_ft,
            "latitude": site.lat,
            "longitude": site.lon,
            "determination": "No Hazard" if chance(rng, 0.85) else "Hazard",
            "marking_lighting": rng.choice(MARKING),
            "determination_date": issued,
            "expiration_date": issued + timedelta(days=548),
        }
    elif doc_type == "field_log":
        outage = chance(rng, 0.3)
        f |= {
            "log_date": _day(rng, 2015, 2026),
            "technician": person(rng),
            "activity": rng.choice(ACTIVITIES),
            "light_outage": "yes" if outage else "no",
            "findings": rng.choice(OUTAGE_FINDINGS if outage else FINDINGS),  # a log does not contradict itself
        }
    else:
        raise ValueError(f"unknown document type {doc_type!r}")
    return f
