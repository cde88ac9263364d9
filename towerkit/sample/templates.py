"""The issuer registry: which layouts exist per document type, their fonts and their revisions.

``template`` ids in the ground truth are ``<issuer>/<doc_type>``. ``revisions`` maps each later
revision to its drift kind: ``minor`` (fields shifted <= 10 pt, same labels) or ``major`` (a
critical field renamed, dropped or moved > 60 pt, or a section rearranged). Revision 1 is always
the baseline. ``new`` issuers appear only after the baseline era (they enroll a new template).
Field-log vendors write legacy text files (``towerkit.sample.textlog``), not PDFs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from towerkit.sample import tpl_inspection as ti
from towerkit.sample import tpl_lease as tl
from towerkit.sample import tpl_permit_faa as tp
from towerkit.sample.draw import Sheet
from towerkit.sample.model import Doc


@dataclass(frozen=True)
class Template:
    """One issuer's layout of one document type; ``render`` is ``None`` for text-log vendors."""

    issuer: str
    name: str
    doc_type: str
    render: Callable[[Sheet, Doc], None] | None
    font: str = "Helvetica"
    revisions: Mapping[int, str] = field(default_factory=dict)
    single_page: bool = False
    new: bool = False

    @property
    def key(self) -> str:
        """The ground truth's ``template`` id, ``<issuer>/<doc_type>``."""
        return f"{self.issuer}/{self.doc_type}"


TEMPLATES: tuple[Template, ...] = (
    Template(
        "acme_eng", "Acme Tower Engineering, P.C.", "structural_inspection", ti.acme, revisions={2: "minor", 3: "major"}
    ),
    Template(
        "summit_struct",
        "Summit Structural Group",
        "structural_inspection",
        ti.summit,
        font="Times",
        revisions={2: "major"},
    ),
    Template("ridgeline_tower", "Ridgeline Tower Services LLC", "structural_inspection", ti.ridgeline, new=True),
    Template("harlan_price", "Harlan & Price LLP", "lease_amendment", tl.harlan, font="Times", revisions={2: "minor"}),
    Template(
        "meridian_towers",
        "Meridian Tower Partners",
        "lease_amendment",
        tl.meridian,
        revisions={2: "minor", 3: "major"},
        single_page=True,
    ),
    Template(
        "permitworks",
        "PermitWorks Online",
        "municipal_permit",
        tp.permitworks,
        revisions={2: "minor", 3: "major"},
        single_page=True,
    ),
    Template("civicplan", "CivicPlan Land Use Services", "municipal_permit", tp.county, font="Times", single_page=True),
    Template(
        "faa_oeaaa",
        "FAA Obstruction Evaluation Group",
        "faa_determination",
        tp.faa_oeaaa,
        revisions={2: "minor"},
        single_page=True,
    ),
    Template(
        "skyclear_aero",
        "SkyClear Aviation Consulting",
        "faa_determination",
        tp.skyclear_aero,
        revisions={2: "major"},
        single_page=True,
    ),
    Template("apex_maint", "Apex Tower Maintenance", "field_log", None),
    Template("lonestar_svc", "Lone Star Site Services", "field_log", None),
)
BY_KEY = {t.key: t for t in TEMPLATES}
DOC_TYPES = ("structural_inspection", "faa_determination", "municipal_permit", "lease_amendment", "field_log")


def issuers_of(doc_type: str, *, new: bool = False) -> list[Template]:
    """The templates of ``doc_type`` in registry order; ``new`` picks the later-era issuers instead."""
    return [t for t in TEMPLATES if t.doc_type == doc_type and t.new == new]
