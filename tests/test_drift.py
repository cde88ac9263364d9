"""Drift rules on hand-built fields: ok, minor, major, missing, renamed, unknown layout."""

# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package

from __future__ import annotations

import dataclasses
import math
from typing import Any

from layouts import INSPECTION, form, values

from towerkit.drift.assessment import assess, median_positions
from towerkit.drift.checks import check_fields
from towerkit.drift.fingerprint import consensus, fingerprint, same_label
from towerkit.drift.identity import identity, same_form
from towerkit.drift.records import Assessment, DriftEvent, FieldPosition, TemplateRevision
from towerkit.models import FieldValue, Word

CRITICAL = {"site_id", "structure_height_ft", "inspection_date", "result"}


def revision() -> TemplateRevision:
    """The baseline revision: the consensus and median positions of five documents of one form."""
    docs = [form(values(i)) for i in range(5)]
    fp = consensus([fingerprint(w, f) for w, f in docs])
    return TemplateRevision("tpl-a", "structural_inspection", "acme", 1, fp, median_positions([f for _, f in docs]))


def check(**kw: Any) -> Assessment:
    """A document of the form, built with ``form``'s options ``kw``, assessed against ``revision()``."""
    words, fields = form(values(11), **kw)
    return assess(fingerprint(words, fields), fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55)


def test_same_layout_has_no_drift() -> None:
    """A document of the baseline layout matches with no events and is ingested."""
    a = check()
    assert a.template_id == "tpl-a"
    assert a.events == ()
    assert a.status == "ingested"


def test_field_moved_within_tolerance_is_minor() -> None:
    """A critical field moved 15 pt (tolerance 24) gives a minor field_moved event only."""
    a = check(moves={"structure_height_ft": (0, 15)})
    assert [(e.kind, e.field, e.severity) for e in a.events] == [("field_moved", "structure_height_ft", "minor")]
    assert a.status == "ingested"


def test_field_moved_beyond_tolerance_is_major_with_a_readable_reason() -> None:
    """A critical field moved 84 pt is a major field_moved and quarantines the document."""
    a = check(moves={"structure_height_ft": (0, 84)})
    assert a.status == "quarantined"
    assert a.reasons == ["field_moved: structure_height_ft moved 84 pt (tolerance 24)"]


def test_non_critical_field_moved_far_is_minor() -> None:
    """site_name (not critical) moved 120 pt is recorded as minor and does not quarantine."""
    a = check(moves={"site_name": (120, 0)})
    assert a.status == "ingested"
    assert [e.severity for e in a.events] == ["minor"]


def test_missing_critical_field_is_major() -> None:
    """A critical field the template expects but the document lacks is a major field_missing."""
    a = check(drop=("inspection_date",))
    assert a.status == "quarantined"
    assert a.events[0].kind == "field_missing"


def test_new_label_on_critical_field_is_major() -> None:
    """A critical field found under a new label wording is a major new_label event."""
    a = check(labels={"result": "Outcome:"})
    kinds = {(e.kind, e.severity) for e in a.events}
    assert ("new_label", "major") in kinds
    assert a.status == "quarantined"


def test_uniform_offset_within_tolerance_is_one_minor_event() -> None:
    """A page shifted 10 pt as a whole (a scan margin) gives one minor layout-shift event, no per-field moves."""
    a = check(dx=6, dy=8)
    assert [(e.kind, e.field, e.severity) for e in a.events] == [("field_moved", None, "minor")]


def test_unknown_layout_is_major() -> None:
    """A layout below the match threshold to every revision is an unknown_layout major event."""
    layout = (("site_id", "Tower Number", 60, 100), ("structure_height_ft", "Overall AGL", 60, 130))
    words, fields = form(values(1), layout=layout, headings=(("Northwind Engineering", 200, 40),))
    a = assess(fingerprint(words, fields), fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55)
    assert a.status == "quarantined"
    assert a.events[0].kind == "unknown_layout"
    assert "threshold 0.55" in a.reasons[0]


def test_best_match_picks_the_closest_revision() -> None:
    """With two revisions the document matches the one whose layout it follows."""
    rev1 = revision()
    docs = [form(values(i), moves={"structure_height_ft": (0, 84)}) for i in range(3)]
    rev2 = TemplateRevision(
        "tpl-b",
        "structural_inspection",
        "acme",
        2,
        consensus([fingerprint(w, f) for w, f in docs]),
        median_positions([f for _, f in docs]),
    )
    words, fields = form(values(12), moves={"structure_height_ft": (0, 84)})
    a = assess(fingerprint(words, fields), fields, [rev1, rev2], CRITICAL, tolerance_pt=24, threshold=0.55)
    assert a.template_id == "tpl-b"
    assert a.status == "ingested"


def test_median_positions_ignore_rare_fields() -> None:
    """A field present in fewer than half of the baseline documents is not expected."""
    docs = [form(values(i), drop=() if i == 0 else ("max_capacity_pct",))[1] for i in range(4)]
    assert "max_capacity_pct" not in median_positions(docs)
    assert median_positions(docs)["site_id"].label == "Site ID"


def test_floating_fields_are_not_position_checked() -> None:
    """A field whose baseline positions scatter (prose, growing tables) is checked for presence only."""
    docs = [form(values(i), moves={"site_name": (0, 40 * i)})[1] for i in range(4)]
    pos = median_positions(docs)
    assert not pos["site_name"].fixed
    assert pos["site_id"].fixed
    rev = TemplateRevision("tpl-f", "structural_inspection", "acme", 1, revision().fingerprint, pos)
    words, fields = form(values(9), moves={"site_name": (0, 200)})
    a = assess(fingerprint(words, fields), fields, [rev], {"site_name", *CRITICAL}, tolerance_pt=24, threshold=0.55)
    assert not [e for e in a.events if e.field == "site_name"]


def test_free_text_does_not_make_a_layout_unknown() -> None:
    """A document of the template with a long free-text paragraph still matches (containment, not Jaccard)."""
    prose = tuple(
        (f"Crew replaced lamp gasket near flange section {w} while wind gusted strongly", 72, 320 + 14 * i)
        for i, w in enumerate(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"])
    )
    words, fields = form(values(5), extra=prose)
    a = assess(fingerprint(words, fields), fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55)
    assert a.template_id == "tpl-a"
    assert a.similarity == 1.0
    assert a.status == "ingested"


def test_ocr_misread_label_is_the_same_label() -> None:
    """'Structure Helght' (OCR) is the template's 'Structure Height'; 'Overall Height Above Ground' is new."""
    assert same_label("Structure Helght (AGL):", "Structure Height (AGL)")
    assert not same_label("Overall Height Above Ground:", "Structure Height (AGL)")
    assert not same_label("Valid Through", "Expiration Date")


def test_scanner_skew_and_scale_are_not_drift() -> None:
    """A page rotated 1.5 degrees and scaled 95% about its centre moves far fields 25+ pt, yet nothing is major."""
    th, k, cx, cy = math.radians(1.5), 0.95, 306.0, 396.0

    def tr(x: float, y: float) -> tuple[float, float]:
        ux, uy = x - cx, y - cy
        return cx + k * (math.cos(th) * ux - math.sin(th) * uy), cy + k * (math.sin(th) * ux + math.cos(th) * uy)

    layout = (
        *INSPECTION,
        ("inspection_firm", "Inspection Firm:", 40, 770),
        ("lease_id", "Ref:", 480, 770),
        ("asn", "Study:", 40, 20),
    )
    more = {"inspection_firm": "Acme", "lease_id": "L-1", "asn": "2024-ASW-1-OE"}
    rev_docs = [form({**values(i), **more}, layout=layout) for i in range(3)]
    rev = TemplateRevision(
        "tpl-s",
        "structural_inspection",
        "acme",
        1,
        consensus([fingerprint(*d) for d in rev_docs]),
        median_positions([f for _, f in rev_docs]),
    )
    words, fields = form({**values(8), **more}, layout=layout)
    fields = [dataclasses.replace(f, x0=tr(f.x0, f.top)[0], top=tr(f.x0, f.top)[1]) for f in fields]
    worst = max(math.hypot(f.x0 - rev.fields[f.field].x0, f.top - rev.fields[f.field].top) for f in fields)
    assert worst > 24  # without the skew fit this page would be quarantined
    a = assess(
        fingerprint(words, fields), fields, [rev], CRITICAL | {"inspection_firm"}, tolerance_pt=24, threshold=0.55
    )
    assert a.status == "ingested"
    assert len(a.events) == 1
    assert "skew +1.5 deg" in a.events[0].message


def test_unreadable_value_under_a_printed_label_is_minor() -> None:
    """A critical value missing while its label is still printed (OCR lost the value) is minor, not drift."""
    words, fields = form(values(11))
    fields = [f for f in fields if f.field != "structure_height_ft"]
    a = assess(fingerprint(words, fields), fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55)
    assert a.status == "ingested"
    assert [(e.kind, e.severity) for e in a.events] == [("field_missing", "minor")]
    assert "still printed" in a.events[0].message


def test_ocr_value_found_elsewhere_while_label_printed_is_minor() -> None:
    """On a scan, a critical value taken from another place while its template label is still printed is minor."""
    words, fields = form(values(11))
    fields = [dataclasses.replace(f, top=f.top + 300, label="Site") if f.field == "site_id" else f for f in fields]
    fp = fingerprint(words, fields)
    on_scan = assess(fp, fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55, ocr=True)
    on_text = assess(fp, fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55, ocr=False)
    assert on_scan.status == "ingested"
    assert on_text.status == "quarantined"


def test_label_read_inside_a_longer_wording_is_the_same_label() -> None:
    """'Perinit No,' (OCR of the 'Permit No.' part of 'Case / Permit No.') is the same label; real renames are not."""
    assert same_label("Perinit No,", "Case / Permit No.")
    assert not same_label("Base Rent (Monthly)", "Monthly Rent")
    assert not same_label("AGL Height", "Structure Height (AGL)")


def test_ocr_garbled_critical_label_at_its_place_is_not_drift() -> None:
    """On a scan, site_id under 'Appheant Sie 1D' (misread 'Applicant Site ID') is no drift; a rename is."""
    rev = revision()
    rev = dataclasses.replace(
        rev, fields={**rev.fields, "site_id": dataclasses.replace(rev.fields["site_id"], label="Applicant Site ID")}
    )
    _, fields = form(values(11))
    garbled = [dataclasses.replace(f, label="Appheant Sie 1D") if f.field == "site_id" else f for f in fields]
    renamed = [dataclasses.replace(f, label="Site Number") if f.field == "site_id" else f for f in fields]

    def majors(fs: list[FieldValue], *, ocr: bool) -> list[tuple[str, str | None]]:
        return [(e.kind, e.field) for e in check_fields(fs, rev, CRITICAL, 24, ocr=ocr) if e.severity == "major"]

    assert majors(garbled, ocr=True) == []
    assert majors(garbled, ocr=False) == [("new_label", "site_id")]  # a text layer does not misread glyphs
    assert majors(renamed, ocr=True) == [("new_label", "site_id")]


def test_ocr_fold_in_same_label() -> None:
    """Folding Tesseract's confusable glyphs joins misreads of one label, never two different wordings."""
    assert same_label("Appheant Sie 1D", "Applicant Site ID", ocr=True)
    assert not same_label("Appheant Sie 1D", "Applicant Site ID")
    for other in ("Site Number", "Sponsor Site ID", "Site ID"):
        assert not same_label(other, "Applicant Site ID", ocr=True)
    assert not same_label("Base Rent (Monthly)", "Monthly Rent", ocr=True)


# Tesseract's words on a noisy scan of the unchanged civicplan permit (seed 11, NM-0029): the
# "Applicant Site ID" label came out as "Appheant Sie 1D", two of its words below confidence 50.
_PERMIT_SCAN = [
    ("Case", 81.7, 129.6, 95.8, 86),
    ("Perinit", 102.2, 129.6, 121.3, 85),
    ("No,", 124.9, 129.6, 133.2, 82),
    ("CUP-2020-56071", 82.1, 138.6, 151.2, 78),
    ("Permit", 82.1, 171.4, 101.2, 95),
    ("Type", 103.7, 171.4, 118.4, 90),
    ("Conditional", 81.7, 180.7, 127.8, 97),
    ("Use", 131.8, 181.1, 146.2, 97),
    ("Appheant", 81.7, 213.5, 110.2, 74),
    ("Sie", 112.7, 213.8, 123.8, 48),
    ("1D", 126.7, 213.8, 133.9, 56),
    ("Ste", 317.5, 214.9, 328.3, 26),
    ("Naane", 331.2, 214.9, 348.1, 23),
    ("NM-0029", 81.7, 222.8, 120.2, 92),
    ("Buffalo", 317.9, 224.3, 347.0, 70),
    ("Approval", 81.4, 255.6, 108.7, 84),
    ("Dite", 111.6, 255.6, 124.6, 62),
    ("February", 81.4, 264.6, 116.3, 96),
    ("14,", 121.0, 265.0, 131.0, 80),
    ("2020", 135.0, 265.0, 154.4, 88),
]


def _permit_check(words: list[tuple[str, float, float, float, float]], *, ocr: bool = True) -> list[DriftEvent]:
    """check_fields on a permit scan's OCR words (site_id's value unread) against a hand-set revision."""
    pos = {
        "permit_number": FieldPosition("permit_number", "Case / Permit No.", 1, 80.0, 139.2),
        "permit_type": FieldPosition("permit_type", "Permit Type", 1, 80.0, 181.2),
        "site_id": FieldPosition("site_id", "Applicant Site ID", 1, 80.0, 223.2),
        "issue_date": FieldPosition("issue_date", "Approval Date", 1, 80.0, 265.2),
    }
    rev = TemplateRevision("tpl-p", "municipal_permit", "civicplan", 1, revision().fingerprint, pos)
    ws = [Word(t, 1, x0, top, x1, top + 7, conf) for t, x0, top, x1, conf in words]
    fields = [
        FieldValue(
            "permit_number", "CUP-2020-56071", "CUP-2020-56071", 1, 82.1, 138.6, 151.2, 145.8, 0.8, label="Perinit No,"
        ),
        FieldValue(
            "permit_type", "conditional_use", "Conditional Use", 1, 81.7, 180.7, 146.2, 187.9, 0.9, label="Permit Type"
        ),
        FieldValue(
            "issue_date", "2020-02-14", "February 14, 2020", 1, 81.4, 264.6, 154.4, 273.6, 0.9, label="Approval Dite"
        ),
    ]  # site_id: the extractor could not read its label
    return check_fields(fields, rev, {"site_id", "permit_number", "issue_date"}, 24, ocr=ocr, words=ws)


def test_garbled_label_in_place_makes_a_missing_value_unreadable_not_drift() -> None:
    """A missing site_id whose label OCR garbled in place is minor; text layers, renames, far labels stay major."""
    (ev,) = [e for e in _permit_check(_PERMIT_SCAN) if e.field == "site_id"]
    assert ev.severity == "minor"
    assert "'Appheant Sie 1D'" in ev.message
    (ev,) = [e for e in _permit_check(_PERMIT_SCAN, ocr=False) if e.field == "site_id"]
    assert ev.severity == "major"
    renamed = [
        ("Tower", *w[1:]) if w[0] == "Appheant" else ("Owner", *w[1:]) if w[0] == "Sie" else w
        for w in _PERMIT_SCAN
        if w[0] != "1D"
    ]
    (ev,) = [e for e in _permit_check(renamed) if e.field == "site_id"]
    assert ev.severity == "major"
    elsewhere = [
        (t, x0, top + 300, x1, c) if t in ("Appheant", "Sie", "1D") else (t, x0, top, x1, c)
        for t, x0, top, x1, c in _PERMIT_SCAN
    ]  # the label printed, but far from its place
    (ev,) = [e for e in _permit_check(elsewhere) if e.field == "site_id"]
    assert ev.severity == "major"


# -- scans: a page read at an estimated resolution, a value read elsewhere ---------------------------


def _scanned(fields: list[FieldValue], k: float, dx: float, dy: float) -> list[FieldValue]:
    """``fields`` as a scan read at a wrong resolution puts them: scaled by ``k`` about the corner, shifted."""
    return [dataclasses.replace(f, x0=f.x0 * k + dx, top=f.top * k + dy) for f in fields]


def test_scan_read_at_an_estimated_resolution_is_not_drift() -> None:
    """A scan 20% off in scale (no DPI in the file) and shifted ~70 pt is no drift; a text layer so far off is."""
    rev = revision()
    words, fields = form(values(11))
    fields = _scanned(fields, 0.8, 60.0, 90.0)
    fp = fingerprint(words, fields)
    on_scan = assess(fp, fields, [rev], CRITICAL, tolerance_pt=24, threshold=0.55, ocr=True)
    on_text = assess(fp, fields, [rev], CRITICAL, tolerance_pt=24, threshold=0.55, ocr=False)
    assert [e.severity for e in on_scan.events] == ["minor"]  # the whole page, reported once
    assert "scale 0.800" in on_scan.events[0].message
    assert on_text.status == "quarantined"


def test_values_read_far_away_do_not_drag_a_scan_page_fit() -> None:
    """Two of six values misread 200 pt away leave the other four where the page fit puts them: no event for them."""
    rev = revision()
    _, fields = form(values(11))
    fields = _scanned(fields, 0.9, 10.0, 20.0)
    far = {"site_name", "max_capacity_pct"}  # not critical: their moves are minor, and only theirs
    fields = [dataclasses.replace(f, top=f.top + 200) if f.field in far else f for f in fields]
    events = check_fields(fields, rev, CRITICAL, 24, ocr=True)
    assert {e.field for e in events if e.field is not None} == far
    assert all(e.severity == "minor" for e in events)


def test_scan_value_read_elsewhere_while_its_label_reads_in_place_is_not_drift() -> None:
    """On a scan, a critical value taken from far away while OCR reads its label, garbled, in place is minor.

    The label is not printed word for word (Tesseract read 'Strueture Helght:'), so only the label read
    at its place beside the expected value tells that the field's anchor did not move with it.
    """
    garbled = {"structure_height_ft": "Strueture Helght:"}
    words, fields = form(values(11), labels=garbled)
    fields = [dataclasses.replace(f, top=f.top + 200) if f.field == "structure_height_ft" else f for f in fields]
    fp = fingerprint(words, fields)
    kw: dict[str, Any] = {"tolerance_pt": 24, "threshold": 0.55, "ocr": True}
    with_words = assess(fp, fields, [revision()], CRITICAL, words=words, **kw)
    without = assess(fp, fields, [revision()], CRITICAL, **kw)
    moved = [e for e in with_words.events if e.field == "structure_height_ft" and e.kind == "field_moved"]
    assert [e.severity for e in moved] == ["minor"]
    assert "reads 'Strueture Helght:' in place" in moved[0].message
    assert with_words.status == "ingested"
    assert without.status == "quarantined"  # no words: nothing shows the label stayed


def test_scan_field_moved_with_a_new_label_is_still_drift() -> None:
    """On a scan, a critical field moved 84 pt under a new label is drift: its anchor moved with it."""
    words, fields = form(
        values(11), moves={"structure_height_ft": (0, 84)}, labels={"structure_height_ft": "Overall Height (AGL):"}
    )
    fp = fingerprint(words, fields)
    a = assess(fp, fields, [revision()], CRITICAL, tolerance_pt=24, threshold=0.55, ocr=True, words=words)
    assert a.status == "quarantined"
    assert {e.kind for e in a.events if e.field == "structure_height_ft" and e.severity == "major"} == {
        "field_moved",
        "new_label",
    }


# -- identity: a known form changed, or a form of its own ------------------------------------------

OTHER_FORM = (
    ("site_id", "Tower Number:", 60, 100),
    ("inspection_date", "Visit:", 60, 130),
    ("structure_height_ft", "Overall Height (AGL):", 60, 160),
    ("result", "Outcome:", 60, 190),
    ("site_name", "Location:", 300, 100),
    ("max_capacity_pct", "Peak Utilization:", 300, 130),
)
"""Another form of the same document type: other labels, another order."""


def test_a_form_moved_onto_two_pages_keeps_its_identity() -> None:
    """A revision that moves the data block onto page 2 keeps its title and labels: the same form, changed."""
    words, fields = form(values(11))
    words = [dataclasses.replace(w, page=2) if w.top >= 100 else w for w in words]
    fields = [dataclasses.replace(f, page=2) for f in fields]
    fp, rev = fingerprint(words, fields), revision()
    assert assess(fp, fields, [rev], CRITICAL, tolerance_pt=24, threshold=0.55).similarity < 0.55
    who = identity(fp, rev.fingerprint)
    assert (who.title, who.same_form) == (1.0, True)


def test_another_form_of_the_same_type_is_not_the_same_form() -> None:
    """Another issuer's form titled with the same type words ('Structural Inspection') is a form of its own."""
    heads = (("Northwind Engineering", 72, 40), ("Structural Inspection Summary", 72, 60))
    fp = fingerprint(*form(values(11), layout=OTHER_FORM, headings=heads))
    who = identity(fp, revision().fingerprint)
    assert who.anchors < 0.2
    assert not same_form(fp, [revision().fingerprint])
