"""Document type and issuer from content."""

from __future__ import annotations

from towerkit.fields import classify, load_catalog
from towerkit.models import ExtractedDoc, PageRecord, Word


def _doc(lines: list[str], route: str = "text") -> ExtractedDoc:
    words, y = [], 40.0
    for text in lines:
        x = 72.0
        for tok in text.split():
            words.append(Word(tok, 1, x, y, x + 5 * len(tok), y + 10, 90.0 if route == "ocr" else None))
            x += 5 * len(tok) + 3
        y += 16
    page = PageRecord(1, route, "pdfplumber", 612, 792, 100, 1.0, 0.0, 0.0, "t")
    return ExtractedDoc("pdf", "pdfplumber", "t", (page,), tuple(words))


def test_types_from_keywords() -> None:
    """Headings and keywords decide each of the five types; the letterhead gives the issuer."""
    cat = load_catalog()
    cases = {
        "structural_inspection": [
            "NORTHSTAR ENGINEERING LLC",
            "STRUCTURAL INSPECTION REPORT",
            "TIA-222-H member capacity",
        ],
        "lease_amendment": ["Wells & Co", "FIRST AMENDMENT TO SITE LEASE AGREEMENT", "Lessor and Lessee monthly rent"],
        "municipal_permit": ["City of Enid", "Building Permit", "Permit Number BP-1 Conditions of approval"],
        "faa_determination": [
            "Federal Aviation Administration",
            "Aeronautical Study No.",
            "DETERMINATION OF NO HAZARD TO AIR NAVIGATION",
        ],
        "field_log": ["ACME MAINT", "SITE VISIT LOG", "Technician: Bob Findings: ok Light Outage: N"],
    }
    for want, lines in cases.items():
        c = classify(_doc(lines), cat)
        assert c.doc_type == want, (want, c)
        assert c.confidence > 0
    assert classify(_doc(cases["structural_inspection"]), cat).issuer == "northstar_engineering"


def test_ocr_noise_and_unknown() -> None:
    """OCR-garbled keywords still classify; unrelated text gives None."""
    cat = load_catalog()
    c = classify(
        _doc(
            ["Federal Aviatlon Administratlon", "Aeronautlcal Study", "DETERMINATION OF N0 HAZARD TO AIR NAVIGATlON"],
            "ocr",
        ),
        cat,
    )
    assert c.doc_type == "faa_determination"
    assert classify(_doc(["Grocery list", "eggs milk bread"]), cat).doc_type is None
    assert classify(ExtractedDoc("pdf", "pdfplumber", "t", (), ()), cat).doc_type is None


def test_type_from_the_labels_of_its_fields_when_the_title_is_unfamiliar() -> None:
    """A title in words the keyword list lacks still has its fields' labels: those name the type."""
    cat = load_catalog()
    doc = _doc([
        "Harbor Ridge Steel Services",
        "Annual Steel Walkdown",
        "Tower Type: Monopole",
        "ASR Number: 1234567",
        "Maximum Capacity: 87.4%",
        "Date Inspected: 03/01/2024",
    ])
    assert classify(doc, cat).doc_type == "structural_inspection"
    assert classify(_doc(["Quarterly newsletter", "Community picnic on Saturday"]), cat).doc_type is None


def test_a_label_printed_only_inside_a_longer_one_is_no_label_of_its_own() -> None:
    """``Lighting`` (an inspection's label) inside ``Marking and Lighting`` (an FAA letter's) is no inspection."""
    cat = load_catalog()
    doc = _doc([
        "Prairie Tower Solutions",
        "OBSTRUCTION EVALUATION RESULT",
        "Prepared By: Darnell Kowalski",
        "Site Number: WA-13433",
        "Study Result: No Hazard",
        "Marking and Lighting: None required",
    ])
    assert classify(doc, cat).doc_type == "faa_determination"


def test_type_from_the_fields_read_when_no_word_names_it() -> None:
    """``MAINTENANCE TICKET`` with ``FIELD TECH`` and ``BEACON OUT``: no keyword, no catalog label, two fields read."""
    cat = load_catalog()
    lines = ["Ironwood Wireless Corp.", "MAINTENANCE TICKET", "TOWER ID: US-UT-7493", "DT: 12/18/2023"]
    ticket = _doc([*lines, "FIELD TECH: Robert Boudreaux", "BEACON OUT: No"])
    assert classify(ticket, cat).doc_type == "field_log"
    one = _doc([*lines, "FIELD TECH: Robert Boudreaux"])  # one field read is no type: unrelated forms show one
    assert classify(one, cat).doc_type is None
    # A date whose label says whose it is counts; a bare date, or one only like another type's wording, does not.
    visit = ["Crestview Site Corp.", "SITE RECORD", "TOWER OWNER: Keystone Antenna", "LIGHTS OUT: Y"]
    assert classify(_doc([*visit, "DATE OF VISIT: 04/23/2023"]), cat).doc_type == "field_log"
    assert classify(_doc([*visit, "DATE: 04/23/2023"]), cat).doc_type is None


def test_confidence_grows_with_evidence_and_falls_with_a_close_runner_up() -> None:
    """Two stray keywords name a type less surely than a title, keywords and labels; a rival type lowers it."""
    cat = load_catalog()
    thin = classify(_doc(["Notes", "the lessor and the lessee met"]), cat)
    full = classify(
        _doc(["FIRST AMENDMENT TO SITE LEASE AGREEMENT", "Lessor: A Lessee: B", "Monthly Rent: $1,000 Commencement"]),
        cat,
    )
    mixed = classify(
        _doc(["FIRST AMENDMENT TO SITE LEASE AGREEMENT", "Lessor Lessee", "Building Permit Conditions of approval"]),
        cat,
    )
    assert thin.doc_type == full.doc_type == "lease_amendment"
    assert 0 < thin.confidence < full.confidence <= 1.0
    assert mixed.confidence < full.confidence


def test_a_land_use_approval_from_community_development_is_a_municipal_permit() -> None:
    """How municipal departments name themselves and their approvals, with one field's label printed."""
    lines = ["Township of Roswell - Community Development", "Land Use Approval", "SITE NAME PERMIT ISSUED"]
    assert classify(_doc(lines), load_catalog()).doc_type == "municipal_permit"


def test_a_zoning_certificate_for_an_eligible_facilities_request_is_a_municipal_permit() -> None:
    """A section 6409 request is a permit's kind: a zoning office's certificate naming it is a permit."""
    lines = ["City of Zanesville Zoning Office", "Certificate of Compliance", "Eligible Facilities Request 2020-05-13"]
    assert classify(_doc(lines, "ocr"), load_catalog()).doc_type == "municipal_permit"
    # "variance" alone is ordinary English ("other variance, explain"): no permit's word by itself
    assert classify(_doc(["to permit correction", "other variance explain"]), load_catalog()).doc_type is None
