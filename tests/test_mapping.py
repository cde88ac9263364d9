# ruff: noqa: S101, PLR2004, INP001
"""A pair's label reaches its catalog field without the catalog's exact wording, and only then."""

from __future__ import annotations

import pytest

from towerkit.fields import extract_fields, load_catalog
from towerkit.fields.mapping import clause_value, label_parts, map_pairs, names_position
from towerkit.models import Classification, ExtractedDoc, PageRecord, Pair, Word

CAT = load_catalog()


def _doc(words: list[Word]) -> ExtractedDoc:
    page = PageRecord(1, "ocr", "tesseract", 612, 792, 100, 1.0, 0.0, 0.0, "t")
    return ExtractedDoc("pdf", page.engine, "test", (page,), tuple(words), ())


def _line(x: float, top: float, text: str, conf: float) -> list[Word]:
    """Words of ``text`` read by OCR at ``conf``, 5 pt per character and one 3 pt space."""
    out = []
    for tok in text.split():
        out.append(Word(tok, 1, x, top, x + 5 * len(tok), top + 10, conf))
        x += 5 * len(tok) + 3
    return out


def _field(label: str, value: str, doc_type: str, *, ocr: bool = False) -> str | None:
    pair = Pair(1, label, value, (0, 0, 1, 1), (2, 0, 3, 1), "same_line", 0.9)
    return map_pairs([pair], load_catalog().for_type(doc_type), doc_type, ocr=ocr)[0].field


@pytest.mark.parametrize(
    ("label", "value", "doc_type", "field"),
    [
        ("TOWER HT. AGL (M)", "54.9", "structural_inspection", "structure_height_ft"),  # abbreviation, unit
        ("Height Above Mean Sea Level", "1076 ft", "faa_determination", "structure_height_amsl_ft"),  # AMSL spelled
        ("AMEND. DT", "01/24/2026", "lease_amendment", "amendment_date"),  # words cut short
        ("DETERM. DT", "03/31/2025", "faa_determination", "determination_date"),
        ("Date Issued", "Jul. 8, 2020", "municipal_permit", "issue_date"),  # other order and form
        ("Issued", "Jul. 8, 2020", "municipal_permit", "issue_date"),  # a generic word left out
        ("Owner/Lessor", "Ortega Family Trust", "lease_amendment", "lessor"),  # one word more
        ("Authorized Height", "200 ft", "municipal_permit", "approved_height_ft"),  # a synonym
        ("Monthy Rent", "$2,350.00", "lease_amendment", "monthly_rent_usd"),  # a misspelling
        ("Each Renewal Period", "5 yrs.", "lease_amendment", "renewal_term_years"),  # the wording's unit set aside
        ("Dated", "10/13/2020", "lease_amendment", "amendment_date"),  # a document's own date
        ("DT", "10/13/2020", "structural_inspection", "inspection_date"),
        ("Beacon Out", "No", "field_log", "light_outage"),  # a word cut short on a text layer
        ("Light outage observed", "NO.", "field_log", "light_outage"),  # a participle after the head noun
        ("Void After", "April 22, 2018", "faa_determination", "expiration_date"),  # void: no longer valid
        ("Extensions Left", "2", "lease_amendment", "renewals_remaining"),  # left: remaining
        ("Max Utilization", "98.5%", "structural_inspection", "max_capacity_pct"),  # utilization: usage
        ("Capacity Utilization", "101.7 percent", "structural_inspection", "max_capacity_pct"),
        ("NO. OF RENEWALS", "3", "lease_amendment", "renewals_remaining"),  # options still to run
        ("MAX. STRESS RATIO %", "106.9", "structural_inspection", "max_capacity_pct"),  # a sign as the unit
        ("Site Identifier", "NC-58217", "lease_amendment", "site_id"),  # ID is short for identifier
        ("TOWER IDENTIFICATION", "TX-0147", "structural_inspection", "site_id"),
        ("Controlling Member Usage, %", "80.9", "structural_inspection", "max_capacity_pct"),  # the most loaded member
        ("GOVERNING MEMBER USAGE (%)", "47.4", "structural_inspection", "max_capacity_pct"),
        ("Tenant Entity", "Harbor Inspection Solutions", "lease_amendment", "lessee"),  # the noun before "entity"
        ("Landlord Name", "Linda H. Okafor", "lease_amendment", "lessor"),
        ("Date on Site", "2 May 2025", "field_log", "log_date"),  # the noun before an inner preposition
        ("Structural Capacity Used", "71.3%", "structural_inspection", "max_capacity_pct"),  # used: the usage
        ("Peak Utilization [%]", "73.7", "structural_inspection", "max_capacity_pct"),  # a unit in brackets
        ("AGRMT NO", "946-9112", "lease_amendment", "lease_id"),  # words written without their vowels
        ("Site Ref", "GA-93412", "lease_amendment", "site_id"),  # a reference is what identifies
        ("RNWL TERM (YRS)", "10", "lease_amendment", "renewal_term_years"),
        ("ANN ESC (%)", "15", "lease_amendment", "escalator_pct"),
        ("MAX UTIL", "71.5 percent", "structural_inspection", "max_capacity_pct"),  # util. is utilization
        ("NOTICE (DAYS)", "90", "lease_amendment", "notice_days"),  # the unit is the label's last word
        ("What is the owner's site number?", "TX-11261", "municipal_permit", "site_id"),  # a question: what it asks
        ("On what date was the permit issued?", "Oct. 15, 2017", "municipal_permit", "issue_date"),
        ("When does the current lease term expire?", "01/21/2023", "lease_amendment", "expiration_date"),
        ("By what name is the site known?", "Quarry Hill Relo", "lease_amendment", "site_name"),
        ("Which firm performed the inspection?", "Apex Towers LLC", "structural_inspection", "inspection_firm"),
        ("Who performed the work?", "Sandra Harlan", "field_log", "technician"),
        ("How much notice is required to terminate?", "90 days", "lease_amendment", "notice_days"),
        ("What is the maximum height approved (in meters)?", "121.9", "municipal_permit", "approved_height_ft"),
        ("Name of the tenant", "Liberty Site Services", "lease_amendment", "lessee"),  # articles name nothing
        ("EFFECTIVE DATE OF THIS", "11/06/2019", "lease_amendment", "amendment_date"),  # its last line wrapped away
        ("Lessee / Carrier", "Copperhill Infrastructure Group", "lease_amendment", "lessee"),  # either name
        ("SITE DESIGNATION", "Cedar Hollow South", "structural_inspection", "site_name"),  # a designation names
        ("Number of unexercised extension options", "5", "lease_amendment", "renewals_remaining"),  # a renewal
        ("Permit Issued", "2025-05-09", "municipal_permit", "issue_date"),  # what was issued, the date shown
        ("Site number assigned by the tower owner", "US-KS-8249", "field_log", "site_id"),  # the agent set aside
        ("Agreement number being amended", "L-41013", "lease_amendment", "lease_id"),  # "being" qualifies
        ("ASR number, if registered", "1204417", "structural_inspection", "asr_number"),  # a condition after
        ("What is the highest member utilization found (%)?", "88.1", "structural_inspection", "max_capacity_pct"),
        ("Location Code", "OH-74129", "lease_amendment", "site_id"),  # a code identifies
        ("Site Known As", "Willow Bend West", "lease_amendment", "site_name"),  # known as: its name
        ("Property Known As", "Willow Bend West", "lease_amendment", "site_name"),  # a lease's property is the site
        ("Property Name", "Willow Bend West", "municipal_permit", "site_name"),
        ("Structure AGL", "320'", "faa_determination", "structure_height_ft"),  # a datum says it is a height
        ("Effective As Of", "12 Oct 2019", "lease_amendment", "amendment_date"),  # as of: a date
        ("ANNUAL RENT ESCALATION percent", "2.5", "lease_amendment", "escalator_pct"),  # the unit as last word
        ("Inspection Performed By", "Blue Ridge Antenna Inc.", "structural_inspection", "inspection_firm"),  # who
        ("Date the structure was inspected", "11/17/2022", "structural_inspection", "inspection_date"),  # whose date
        ("Item 5. What type of structure is it?", "Monopole", "structural_inspection", "structure_type"),  # item no.
        ("Rent Adjustment per Year", "2%", "lease_amendment", "escalator_pct"),  # per year: annual
        ("Yearly Increase (%)", "3", "lease_amendment", "escalator_pct"),
        ("By what percentage does the rent increase each year?", "2", "lease_amendment", "escalator_pct"),  # in %
        ("Reason for Visit", "Vegetation control", "field_log", "activity"),  # reason for: purpose of
        ("Height Above Ground - m", "67.8", "structural_inspection", "structure_height_ft"),  # a unit after a dash
        ("HEIGHT LIMIT in feet", "391.4", "municipal_permit", "approved_height_ft"),  # a limit is the most allowed
        ("Describe what was found", "Coax ice bridge loose", "field_log", "findings"),  # the prompt's question
        ("Obstruction Light Failure", "No", "field_log", "light_outage"),  # a light's failure is its outage
        ("Amount Due Monthly (USD)", "3,723.70", "lease_amendment", "monthly_rent_usd"),  # an amount due: a payment
        ("Name of the technician on site", "Kevin Osei", "field_log", "technician"),  # where, not who
        ("Follow-up Due", "June 13, 2028", "structural_inspection", "next_inspection_date"),  # a follow-up: the next
        ("REINSP DUE", "2025-11-12", "structural_inspection", "next_inspection_date"),  # Re-inspection, cut short
        ("Overall AMSL", "1272 ft", "faa_determination", "structure_height_amsl_ft"),
        ("CAP RATIO (%)", "57.6", "structural_inspection", "max_capacity_pct"),  # cap. is capacity
        ("Controlling Capacity Ratio", "99.6%", "structural_inspection", "max_capacity_pct"),  # demand / capacity
    ],
)
def test_labels_map_by_their_words(label: str, value: str, doc_type: str, field: str) -> None:
    assert _field(label, value, doc_type) == field


@pytest.mark.parametrize(
    ("label", "value", "doc_type"),
    [
        ("Inspection Date", "Pending", "structural_inspection"),  # a date label without a date
        ("Inspection Firm Phone", "(555) 010-1000", "structural_inspection"),  # the head noun is not the field's
        ("Report No.", "R-2835", "municipal_permit"),  # typed: "Report" is another word than "Record"
        ("Tower Height (%)", "80", "structural_inspection"),  # a unit that rules the field out
        ("Tower Height %", "80", "structural_inspection"),  # printed without parentheses
        ("Site Elevation", "1,040 ft", "structural_inspection"),  # a decoy claims it for no field
        ("Tower Owner", "Summit Telecom Consultants", "lease_amendment"),  # not the lessor, the landowner
        ("Phone", "(743) 747-1724", "faa_determination"),
        ("Zip Code", "43215", "lease_amendment"),  # a code, but no site's
        ("Monthly Rent (percent)", "2.5", "lease_amendment"),  # a percentage is no rent
        ("Ground Elevation AMSL", "1,040 ft", "structural_inspection"),  # a datum, but the ground's elevation
        ("Method Used", "Visual", "structural_inspection"),  # a thing used, no capacity's usage
        ("RPT NO", "R-2835", "municipal_permit"),  # a report's number, though its consonants are in "permit"
        ("Flexibility Act", "the crew's ability", "field_log"),  # "act" is a word, no "activity" cut short
        ("Tran. The purpose of the visit was", "Light inspection. Obstruction light", "field_log"),  # prose
        ("The technician reported", "Controller alarm tested OK.", "field_log"),  # a sentence's subject and verb
        ("The purpose of the visit was", "Generator service. Findings", "field_log"),  # a clause, not a noun phrase
    ],
)
def test_labels_that_do_not_name_a_field_stay_unmapped(label: str, value: str, doc_type: str) -> None:
    assert _field(label, value, doc_type) is None


def test_ocr_misreads_map_on_scans() -> None:
    assert _field("Structure Heiqht", "180 ft", "structural_inspection", ocr=True) == "structure_height_ft"
    assert _field("HT. AGL (Feet", "275", "faa_determination", ocr=True) == "structure_height_ft"  # ")" lost
    assert _field("Escalation Rate [percent", "2", "lease_amendment", ocr=True) == "escalator_pct"  # "]" lost
    assert _field("Extension Term fyears]", "5", "lease_amendment", ocr=True) == "renewal_term_years"  # "[" as f
    assert label_parts("HT. AGL (M").metres  # and the unit it names still counts
    assert _field("Site TD", "US-PA-8653", "structural_inspection", ocr=True) == "site_id"  # one glyph misread
    # a scan ran a word into the "of" after it: the words still name the field, on scans only
    assert _field("Dateof This Amendment", "Sep. 7, 2018", "lease_amendment", ocr=True) == "amendment_date"
    assert _field("Proof", "Sep. 7, 2018", "lease_amendment", ocr=True) is None
    # a long word read a glyph off ("Monthiy"): still the word on a scan; a typed label's other word is not
    assert _field("Amount Due Monthiy (USD)", "2,406.46", "lease_amendment", ocr=True) == "monthly_rent_usd"


def test_a_scan_s_other_word_is_not_a_misread() -> None:
    """A scan misreads a glyph or two of a word, not half of it: ``Report`` is not ``Record`` there either."""
    assert _field("Report no", "R-65519", "municipal_permit", ocr=True) is None
    words = _line(72, 100, "Report no: R-65519,", conf=90.0) + _line(72, 120, "Se No. US-OH-3041", conf=90.0)
    f = {v.field: v.value for v in extract_fields(_doc(words), Classification("municipal_permit", "x", 1.0), CAT)}
    assert "permit_number" not in f and f["site_id"] == "US-OH-3041"  # two thin glyphs dropped still read


def test_label_parts_and_positions() -> None:
    assert label_parts("Capacity (%)").units == ("%",)
    assert label_parts("Height AGL [m]").metres and label_parts("Height AGL [m]").key == "height agl"
    assert label_parts("What is the maximum height approved (in meters)?").metres  # "in" before the unit
    assert label_parts("Lat / Long").alternatives == ()  # one position, not either half of it
    assert names_position("LAT/LONG") and names_position("Location (NAD83)")
    assert not names_position("Latitude")


def test_an_export_s_column_name_may_end_in_its_unit() -> None:
    """``HT_AGL_FEET`` is ``HT AGL (feet)``: the unit word set off by the joiner is no part of the name."""
    assert label_parts("HT_AGL_FEET") == label_parts("HT AGL (feet)")
    assert _field("HT_AGL_FEET", "78.3", "faa_determination") == "structure_height_ft"
    assert label_parts("HEIGHT_ABOVE_MEAN_SEA_LEVEL_M").metres
    assert _field("HEIGHT_ABOVE_MEAN_SEA_LEVEL_M", "1092.5", "faa_determination") == "structure_height_amsl_ft"
    assert label_parts("Site Name").units == ()  # a word that is no unit stays in the name
    assert label_parts("Height Above Ground - m") == label_parts("Height Above Ground (m)")  # set off by a dash
    assert label_parts("Escalation Rate, percent") == label_parts("Escalation Rate (percent)")  # or by a comma
    assert _field("Extension Term years", "5", "lease_amendment") == "renewal_term_years"  # a term's unit
    assert label_parts("Number of Years").units == ()  # what a count is of: the name itself


def test_a_height_s_datum_in_parentheses_names_the_field() -> None:
    """``Overall Height (AMSL)`` is the height above sea level, not the ``Overall Height`` above ground."""
    assert _field("Overall Height (AMSL)", "4013 ft", "faa_determination", ocr=True) == "structure_height_amsl_ft"
    assert _field("Structure Height (AGL)", "214 ft", "faa_determination", ocr=True) == "structure_height_ft"
    assert label_parts("Overall Height (AMSL)").key == "overall height amsl"


def test_clause_value_is_the_name_a_sentence_gives() -> None:
    assert clause_value("The site is commonly known as Elm Ridge Water Tank.") == "Elm Ridge Water Tank"
    assert clause_value("This permit is issued by the Township of Upper Merion.") == "Township of Upper Merion"
    assert clause_value("none given") == "none given"
    # A company form after a comma is part of the name, and an abbreviation's full stop stays.
    assert clause_value("The inspection was performed by Copperhill Field Holdings, LLC.") == "Copperhill Field Holdings, LLC"
    assert clause_value("The work was done by Orion Wireless Corp.") == "Orion Wireless Corp."


def test_a_sentence_after_a_plain_label_gives_its_name() -> None:
    """``Facility  The site is commonly known as Elm Ridge.`` (a clause whose heading OCR split off) names Elm Ridge."""
    from towerkit.fields.strategies import pair_candidates  # noqa: PLC0415

    spec = load_catalog().fields["site_name"]
    box = (0.0, 0.0, 1.0, 1.0)
    sentence = Pair(1, "Facility", "The site is commonly known as Elm Ridge.", box, box, "same_line", 0.7, field="site_name", field_score=1.0)
    plain = Pair(1, "Facility", "Thornton Water Tank", box, box, "same_line", 0.7, field="site_name", field_score=1.0)
    assert [c.raw for c in pair_candidates(spec, [sentence])] == ["Elm Ridge"]
    assert [c.raw for c in pair_candidates(spec, [plain])] == ["Thornton Water Tank"]


def test_a_label_read_as_a_value_names_nothing() -> None:
    """``Technician   Work Type`` (a form's next label, where the name was left blank) gives no technician."""
    from towerkit.fields import extract_fields  # noqa: PLC0415
    from towerkit.models import Classification, ExtractedDoc, PageRecord, Word  # noqa: PLC0415

    def row(top: float, label: str, value: str) -> list[Word]:
        words, x = [], 72.0
        for i, text in enumerate((label, value)):
            x = 72.0 if i == 0 else 240.0
            for tok in text.split():
                words.append(Word(tok, 1, x, top, x + 5 * len(tok), top + 10))
                x += 5 * len(tok) + 3
        return words

    page = PageRecord(1, "text", "pdfplumber", 612, 792, 100, 1.0, 0.0, 0.0, "t")
    words = row(100, "Site ID", "TX-1001") + row(120, "Technician", "Work Type") + row(140, "Log Date", "2024-03-01")
    doc = ExtractedDoc("pdf", "pdfplumber", "t", (page,), tuple(words))
    got = {f.field: f.value for f in extract_fields(doc, Classification("field_log", "x", 1.0), load_catalog())}
    assert got.get("technician") is None
    assert got["log_date"] == "2024-03-01"


@pytest.mark.parametrize(("conf", "want"), [(90.0, "B521852"), (40.0, "B521852")])
def test_a_letter_that_begins_an_identifier_keeps_it(conf: float, want: str) -> None:
    """``B521852`` is a B however unsure the read: Tesseract's number dictionary pulls a code's letter to a digit,
    never a digit to a letter (``ocr_numbers``). Until the fourteenth round an unsure B here was taken for an 8;
    keeping it was measured with the re-read on the read seeds' scans: no field lost."""
    from towerkit.fields import extract_fields  # noqa: PLC0415
    from towerkit.models import Classification, ExtractedDoc, PageRecord, Word  # noqa: PLC0415

    words = [Word("Permit", 1, 72, 100, 102, 110, 95.0), Word("No.", 1, 105, 100, 120, 110, 95.0)]
    words += [Word("B521852", 1, 240, 100, 275, 110, conf)]
    page = PageRecord(1, "ocr", "tesseract", 612, 792, 0, 0.0, 0.0, 1.0, "scan")
    doc = ExtractedDoc("image", "tesseract", "scan", (page,), tuple(words))
    got = {f.field: f.value for f in extract_fields(doc, Classification("municipal_permit", "x", 1.0), load_catalog())}
    assert got["permit_number"] == want


def test_figures_or_a_date_are_no_name() -> None:
    """A coordinate pair read beside ``Site Name`` (a grid's misaligned row) is not the site's name, nor a date."""
    from towerkit.fields.extract import _figures_or_date  # noqa: PLC0415

    assert _figures_or_date("29.766576 N, 84.023019 W")
    assert _figures_or_date("October 6, 2026")
    assert not _figures_or_date("Tower 7 North")
    assert not _figures_or_date("2 antennas replaced")
    assert not _figures_or_date("May Tower Group")


def test_a_sentence_is_no_one_line_value_and_a_long_name_is() -> None:
    """A paragraph under a heading that reads as a label (``Work Performed``) is no activity; a long name is a name."""
    from towerkit.fields.extract import _paragraph  # noqa: PLC0415

    assert _paragraph("Asked if any obstruction light was out, the technician answered NO.")
    assert _paragraph("Reference is made to our letter of May 2. Everything below concerns the site.")
    assert not _paragraph("Blue Ridge Infrastructure Holdings of North America and Canada, Inc.")
    assert not _paragraph("replaced the beacon lamp and tested it")


def test_a_name_is_capitalised() -> None:
    """``Gate lock replaced`` read under ``Findings on site:`` is no site's name; a name with ``of`` still is."""
    from towerkit.fields.extract import _lower_case  # noqa: PLC0415

    assert _lower_case("Gate lock replaced")
    assert _lower_case("Leg section 16 usage")
    assert not _lower_case("City of Valdosta")
    assert not _lower_case("Liberty infrastructure & Associates")


def test_a_sure_read_keeps_only_letters_of_another_shape_than_their_digit() -> None:
    """Confidence tells a B from an 8, never an O from a 0: the two print alike."""
    from towerkit.fields.glyphs import ocr_digits  # noqa: PLC0415

    assert ocr_digits("B521852", sure=True) == "B521852"
    assert ocr_digits("AZ-O244", sure=True) == "AZ-0244"
    assert ocr_digits("B521852") == "8521852"
