# ruff: noqa: S101, INP001
"""Facts stated in sentences: the value's shape finds it, the words of its clause name it.

Paragraphs by hand (``tests/layouts.words_of``) for the rules, and one letter rendered to a real PDF and
read by the real pipeline (pdfplumber, classification, every strategy), so the sentence reader is shown
to give what no form strategy does and to leave what it should not take.
"""

from __future__ import annotations

from pathlib import Path

from layouts import words_of
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields.catalog import load_catalog
from towerkit.fields.classify import classify
from towerkit.fields.extract import extract_fields
from towerkit.fields.layout import build_lines
from towerkit.fields.mapping import says_whose
from towerkit.fields.sentence_values import sentence_values
from towerkit.fields.sentences import read_sentences, sentence_candidates
from towerkit.fields.strategies import page_texts
from towerkit.models import Word

CATALOG = load_catalog()


def said(doc_type: str, *lines: str) -> dict[str, str]:
    """{field: first value} the sentence reader names in a paragraph of hand-set lines."""
    words: list[Word] = [w for k, text in enumerate(lines) for w in words_of(text, 1, 72, 100 + 12 * k)]
    found = sentence_candidates(read_sentences(page_texts(build_lines(words))), CATALOG.for_type(doc_type), doc_type)
    return {name: cands[0].raw for name, cands in found.items()}


def test_the_words_leading_to_a_date_name_it() -> None:
    got = said(
        "structural_inspection",
        "Our climbing crew inspected the structure on March 4, 2024, working from the",
        "north face. We recommend a re-inspection no later than March 4, 2027.",
    )
    assert got["inspection_date"] == "March 4, 2024"
    assert got["next_inspection_date"] == "March 4, 2027"


def test_a_name_with_nothing_before_it_is_named_by_the_words_after_it() -> None:
    got = said(
        "lease_amendment",
        "Harbor Point Holdings LLC remains the landlord of the parcel described in the lease.",
        "The tenant under the agreement is Crestline Wireless Inc. as before.",
    )
    assert got["lessor"] == "Harbor Point Holdings LLC"
    assert got["lessee"] == "Crestline Wireless Inc."


def test_of_two_fields_a_clause_names_the_nearer_word_wins() -> None:
    # "records" names a permit's Record Number as fully as "site" names the Site Number; "site" is nearer.
    got = said("municipal_permit", "Our records carry this facility under site number TX-0417 for all purposes.")
    assert got.get("site_id") == "TX-0417"
    assert "permit_number" not in got


def test_a_count_is_named_with_what_it_counts() -> None:
    got = said(
        "lease_amendment",
        "Each extension of the lease lasts 5 years from the end of the term before it, and",
        "the tenant may still use two more of them; notice must be given at least 90 days ahead.",
    )
    assert got["renewal_term_years"] == "5"
    assert got["notice_days"] == "90"


def test_a_lower_case_verb_is_no_status_and_a_form_line_is_no_sentence() -> None:
    got = said(
        "municipal_permit",
        "The permit was issued on the 2nd of May, 2022 by the planning office of the town.",
        "PERMIT STATUS: ISSUED   WORK PERFORMED: Antenna install",
    )
    assert got == {"issue_date": "the 2nd of May, 2022"}


def test_a_name_needs_every_word_of_its_wording() -> None:
    # "site" alone is every other clause of a letter: a Site Name must be called a name.
    got = said("field_log", "Findings on site: Beacon flash head replaced and the controller was tested fine.")
    assert "site_name" not in got
    got = said("field_log", "The facility is known locally as Cedar Knoll East to the crews who visit it.")
    assert got["site_name"] == "Cedar Knoll East"


def _pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF of 10 pt lines, 14 pt apart: a text layer as a word processor writes one."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    for k, line in enumerate(lines):
        c.drawString(72, 720 - 14 * k, line)
    c.showPage()
    c.save()
    return path


def read_pdf(path: Path, lines: list[str]) -> dict[str, str | None]:
    """{field: value} the real pipeline (pdfplumber, classification, every strategy) reads from those lines."""
    doc = extract(_pdf(path, lines), Settings(workers=0))
    return {f.field: f.value for f in extract_fields(doc, classify(doc, CATALOG), CATALOG)}


LETTER = [
    "Summit Structures Group",
    "Structural inspection of the tower at Cedar Knoll",
    "",
    "Our engineers completed the structural inspection of the tower on June 12, 2025. The tower is a",
    "guyed mast that rises 310 ft above the ground, and the most loaded member works at 71.5% of its",
    "capacity. The antenna structure registration number of the tower is 1290456. The inspection was",
    "carried out by Northline Tower Engineering, whose crew found the structure sound.",
]


def test_a_letter_s_facts_reach_its_fields(tmp_path: Path) -> None:
    doc = extract(_pdf(tmp_path / "letter.pdf", LETTER), Settings(workers=0))
    kind = classify(doc, CATALOG)
    got = {f.field: f.value for f in extract_fields(doc, kind, CATALOG)}
    assert kind.doc_type == "structural_inspection"
    assert got["inspection_date"] == "2025-06-12"
    assert got["structure_height_ft"] == "310.0"
    assert got["max_capacity_pct"] == "71.5"
    assert got["asr_number"] == "1290456"
    assert got["inspection_firm"] == "Northline Tower Engineering"


def test_a_name_set_against_its_noun_names_that_noun() -> None:
    got = said("structural_inspection", "All of this concerns our Juniper Flats tower, which was climbed in spring.")
    assert got["site_name"] == "Juniper Flats"
    # a name before any other word is no apposition: the technician's name does not name the site
    got = said("field_log", "Maria Okonkwo was the lead technician for the visit to the compound.")
    assert "site_name" not in got


def test_after_a_lead_in_colon_the_rest_of_the_sentence_is_the_value() -> None:
    got = said("field_log", "The weather on our walk to the compound was: light rain.")
    assert got == {}  # no wording of `activity` is said
    got = said("field_log", "The reason for our visit to the compound was: generator fuel top-up.")
    assert got["activity"] == "generator fuel top-up"  # a reason for a visit is its purpose
    got = said("field_log", "The purpose of the visit was: generator fuel top-up.")
    assert got["activity"] == "generator fuel top-up"


def test_the_second_of_a_pair_of_coordinates_shares_the_first_s_words() -> None:
    got = said("faa_determination", "The structure is located at 35.102231 N, 97.404410 W according to the survey.")
    assert got["latitude"] == "35.102231 N"
    assert got["longitude"] == "97.404410 W"


def test_a_month_s_abbreviation_does_not_end_the_sentence() -> None:
    got = said("lease_amendment", "The amendment was signed by both parties on Sept. 14, 2023 at the county office.")
    assert got["amendment_date"] == "Sept. 14, 2023"


MEMO = [
    "MEMORANDUM",
    "Date: 02/14/2024",
    "Subject: FAA determination of no hazard to air navigation for the Lake Road tower",
    "",
    "The aeronautical study 2023-ASW-1182-OE is closed. The FAA issued its determination on December 1,",
    "2023, and the structure is 199 ft above ground level, so no lighting is required.",
]


def test_a_heading_s_bare_date_yields_to_a_sentence_that_says_whose_date_it_is(tmp_path: Path) -> None:
    doc = extract(_pdf(tmp_path / "memo.pdf", MEMO), Settings(workers=0))
    kind = classify(doc, CATALOG)
    got = {f.field: f.value for f in extract_fields(doc, kind, CATALOG)}
    assert kind.doc_type == "faa_determination"
    assert got["determination_date"] == "2023-12-01"  # not the memo's own date, 2024-02-14
    assert got["asn"] == "2023-ASW-1182-OE"
    assert got["structure_height_ft"] == "199.0"


def test_a_year_is_no_code_or_count_and_one_capitalised_word_no_name() -> None:
    got = said("municipal_permit", "Establish the amount you owe for 2007 before the return is filed with us.")
    assert got == {}


def test_a_verb_at_a_name_names_nothing_a_noun_at_one_its_location() -> None:
    got = said("lease_amendment", "A memorandum of the lease is recorded at Book 1123, Page 45 of the land records.")
    assert "site_name" not in got
    got = said("structural_inspection", "The structure at Mesa Verde West was climbed by our crew last spring.")
    assert got["site_name"] == "Mesa Verde West"


NARRATIVE = [
    "Quarterly Review - Cedar Knoll",
    "",
    "Our crew inspected the tower on 2024-05-02 and the climb went to plan in every respect that matters.",
    "The tower was inspected by Northline Tower Engineering, who found the structure sound and straight.",
    "The most loaded leg runs at 64.0% of its capacity. A re-inspection is due on 2027-05-02.",
]


def test_a_document_whose_title_names_no_type_is_typed_by_the_facts_its_sentences_state(tmp_path: Path) -> None:
    doc = extract(_pdf(tmp_path / "review.pdf", NARRATIVE), Settings(workers=0))
    assert classify(doc, CATALOG).doc_type == "structural_inspection"


def test_land_is_leased_from_its_lessor_and_by_its_lessee() -> None:
    got = said("lease_amendment", "Prairie Telecom Inc. leases the ground from Raj Nakamura under the old agreement.")
    assert got["lessee"] == "Prairie Telecom Inc."
    assert got["lessor"] == "Raj Nakamura"


def test_the_words_after_a_value_break_a_tie_the_words_before_it_leave() -> None:
    got = said("faa_determination", "A height of 440 ft above the ground was studied by the regional office.")
    assert got["structure_height_ft"] == "440 ft"


def test_an_amount_after_a_country_s_dollar_sign() -> None:
    got = said("lease_amendment", "Rent is US$ 4,246.10, payable each month to the owner of the parcel.")
    assert got["monthly_rent_usd"] == "US$ 4,246.10"


def test_a_short_sentence_ending_in_a_lower_case_word_is_prose_and_the_clause_past_a_name_names_a_date() -> None:
    got = said("field_log", "On November 24, 2020, Heather P. Gutierrez visited the site.")
    assert got["log_date"] == "November 24, 2020"


def test_of_two_wordings_said_as_fully_the_nearer_names_a_lead_in_s_value() -> None:
    got = said("field_log", "No light outage was seen. Observations made on site were as follows: gate lock replaced.")
    assert got.get("findings") == "gate lock replaced"


def test_a_count_followed_by_a_unit_is_a_field_measured_in_it_a_bare_count_one_that_counts() -> None:
    got = said(
        "lease_amendment",
        "Lessee may extend the lease for one (1) additional renewal term of five (5) years each, on notice",
        "in writing of its intention not to renew at least one hundred twenty (120) days before the term ends.",
    )
    assert got["renewals_remaining"] == "one (1)"
    assert got["renewal_term_years"] == "five (5)"
    assert got.get("renewals_remaining") != "twenty (120)"


def test_a_coordinate_followed_by_a_word_is_still_a_coordinate() -> None:
    got = said("structural_inspection", "A latitude of 39.075802 was confirmed with a handheld GPS at the base.")
    assert got["latitude"] == "39.075802"


def test_the_few_words_a_sentence_ends_in_after_is_or_as_are_one_value() -> None:
    assert said("field_log", "The purpose of the visit was grounding repair.")["activity"] == "grounding repair"
    assert said("field_log", "The work performed is logged as Generator service.")["activity"] == "Generator service"
    # a date, a figure or a comma makes it a clause: nothing is taken for the activity
    assert "activity" not in said("field_log", "The work performed was finished on 19 Feb 2023.")
    assert "activity" not in said("field_log", "The work performed was hard, and slow.")
    # the clause it ends, not the sentence, names it; a word that only begins alike (activation) is another word
    assert "findings" not in said("field_log", "Instead of taking notes, the two took raw audio waveforms as input.")
    assert "activity" not in said("field_log", "The weights are summed up and the activation function is blue.")


def test_a_short_sentence_that_says_what_something_is_is_prose() -> None:
    got = said("lease_amendment", "The tenant is Sterling Steel & Associates.", "The landlord is Maria Okafor.")
    assert got["lessee"] == "Sterling Steel & Associates"
    assert got["lessor"] == "Maria Okafor"


def test_by_after_a_value_names_who_did_what_the_clause_s_verb_says() -> None:
    got = said("structural_inspection", "The tower was inspected on June 8, 2019 by Northline Tower Engineering.")
    assert got["inspection_date"] == "June 8, 2019"
    assert got["inspection_firm"] == "Northline Tower Engineering"


def test_each_year_is_annual_and_a_rise_an_increase() -> None:
    assert said("lease_amendment", "The rent rises 2.5 percent each year.")["escalator_pct"] == "2.5 percent"
    assert said("lease_amendment", "There is a 4 percent bump every year.")["escalator_pct"] == "4 percent"


def test_a_label_that_only_says_date_yields_to_a_sentence_that_says_whose(tmp_path: Path) -> None:
    lines = [
        "Report date: Apr. 12, 2025",
        "",
        "The study of the structure is now complete and the findings are set out below in full detail.",
        "The determination letter is dated Mar. 5, 2025. The aeronautical study number is 2025-AWP-1022-OE.",
    ]
    got = read_pdf(tmp_path / "note.pdf", lines)
    assert got["determination_date"] == "2025-03-05"
    assert says_whose("Date of Determination", ["determination date"])
    assert says_whose("DETERM. DT", ["determination date"])
    assert not says_whose("Report date", ["determination date", "date"])


def test_and_joins_a_pair_of_coordinates_as_a_comma_does() -> None:
    got = said("faa_determination", "Coordinates were taken as 28° 21' 23.95\" N and 79° 04' 55.71\" W.")
    assert got["latitude"] == "28° 21' 23.95\" N"
    assert got["longitude"] == "79° 04' 55.71\" W"


def test_a_no_before_a_name_ends_its_sentence_and_before_a_figure_does_not() -> None:
    text = "Asked if any light was out, the technician answered NO. Carlos Harlan wrote the notes."
    found = [text[f.start : f.end] for f in sentence_values(text)]
    assert "Carlos Harlan" in found
    assert not any(v.startswith("NO.") for v in found)
    got = said("municipal_permit", "Permit No. 44117 was issued on May 2, 2022 by the town.")
    assert got["permit_number"] == "44117"


def test_what_the_technician_noted_are_the_notes_and_a_scan_s_stray_stop_keeps_a_height() -> None:
    got = said("field_log", "The technician noted the following: Gate lock replaced; fence intact.")
    assert got["findings"] == "Gate lock replaced; fence intact"
    got = said("faa_determination", "The study is complete. Top elevation is 1028.ft above mean sea level.")
    assert got["structure_height_amsl_ft"] == "1028.ft"


def test_a_date_is_no_firm_s_name(tmp_path: Path) -> None:
    lines = [
        "Structural Inspection Report",
        "Prepared: October 6, 2026",
        "",
        "The narrative below accompanies the attached data for the tower and its compound.",
        "The inspection was performed by Harbor Inspection Inc. under the usual terms.",
    ]
    got = read_pdf(tmp_path / "report.pdf", lines)
    assert got["inspection_firm"] == "Harbor Inspection Inc."


def test_a_name_holds_the_number_among_its_words() -> None:
    assert said("structural_inspection", "The structure at Hwy 31 II is the subject here.")["site_name"] == "Hwy 31 II"


def test_a_term_that_runs_to_a_date_ends_then_and_a_follow_up_inspection_is_the_next() -> None:
    got = said("lease_amendment", "The term began on June 27, 2005 and, as amended, runs to June 27, 2030.")
    assert got["commencement_date"] == "June 27, 2005"
    assert got["expiration_date"] == "June 27, 2030"
    got = said("structural_inspection", "A follow-up inspection should be scheduled no later than January 15, 2027.")
    assert got["next_inspection_date"] == "January 15, 2027"


def test_the_paragraph_under_a_heading_that_reads_as_a_label_is_no_value(tmp_path: Path) -> None:
    lines = [
        "Daily Climb Log",
        "1. Purpose of Visit",
        "Reference is made to correspondence dated Jan. 26, 2023. Everything below concerns site US-TX-7172.",
        "The purpose of the visit was grounding repair. The site was visited on 19 Feb 2023 by our crew.",
    ]
    got = read_pdf(tmp_path / "log.pdf", lines)
    assert got["activity"] == "grounding repair"


def test_a_value_named_only_past_the_next_value_is_named_less_surely() -> None:
    # two columns read across as one sentence: "crew" past the comma names the aircraft's model a technician
    words = words_of("On the current 737 MAX, AOA is measured by two crew.", 1, 72, 100)
    read = read_sentences(page_texts(build_lines(words)))
    found = sentence_candidates(read, CATALOG.for_type("field_log"), "field_log")
    assert [c.quality for c in found.get("technician", [])] == [0.63]


def test_a_letterhead_s_street_address_is_no_firm(tmp_path: Path) -> None:
    lines = [
        "Liberty Site Company",
        "4585 Commerce Drive, Bend, NC",
        "Structural Inspection Report",
        "",
        "Field work for the inspection took place on January 15, 2022 at the tower in question.",
        "The inspection was carried out by Blue Ridge Vertical & Associates for the owner of record.",
    ]
    got = read_pdf(tmp_path / "review.pdf", lines)
    assert got["inspection_date"] == "2022-01-15"
    assert got.get("inspection_firm") != "4585 Commerce Drive, Bend, NC"


def test_a_subject_line_names_the_site_after_the_matter(tmp_path: Path) -> None:
    lines = [
        "From: Kevin Osei <kevin.osei@example.com>",
        "Subject: FW: Determination of No Hazard to Air Navigation - Mill Creek East - US-TX-1501",
        "",
        "The aeronautical study of the structure described below has been completed by the regional office.",
        "The FAA issued its determination on 01/18/2017. The study lapses on 07/20/2018 unless it is extended.",
    ]
    got = read_pdf(tmp_path / "mail.pdf", lines)
    assert got["site_name"] == "Mill Creek East"
    assert got["site_id"] == "US-TX-1501"
    # the matter itself, alone on the line, names nothing
    lines[1] = "Subject: Determination of No Hazard to Air Navigation"
    got = read_pdf(tmp_path / "mail2.pdf", lines)
    assert "site_name" not in got
    assert "site_id" not in got


def test_a_code_keeps_its_letters_and_they_say_what_it_is() -> None:
    assert said("municipal_permit", "Please quote CUP 20-556 on anything sent to the permit office.") == {
        "permit_number": "CUP 20-556"
    }
    got = said("structural_inspection", "The structure is registered with the FCC under ASR 1216676.")
    assert got["asr_number"] == "ASR 1216676"


def test_amounts_in_dollars_after_the_figure_or_restated_in_brackets() -> None:
    assert said("lease_amendment", "Monthly rent is 1,650.00 USD.")["monthly_rent_usd"] == "1,650.00 USD"
    got = said("lease_amendment", "The rent due each month is Three Thousand and 00/100 Dollars ($3,000.00).")
    assert got["monthly_rent_usd"] == "$3,000.00"


def test_a_company_s_form_ends_its_name_and_before_a_capital_its_sentence() -> None:
    got = said("lease_amendment", "The tenant is Orion Site Corp. Figures are current as of November 18, 2020.")
    assert got["lessee"] == "Orion Site Corp."


def test_a_scan_s_lost_space_a_box_before_a_heading_and_a_highway_s_abbreviation() -> None:
    got = said("lease_amendment", "The structure at Bear Creek Relo.is the subject here.")
    assert got["site_name"] == "Bear Creek Relo"
    got = said("lease_amendment", "The lease began on the 29th of October, 2014. \u2612 Terms of the Amendment")
    assert got["commencement_date"] == "the 29th of October, 2014"
    got = said("municipal_permit", "Our Hwy. 31 East tower is the one in question.")
    assert got["site_name"] == "Hwy. 31 East"


def test_another_version_s_date_is_not_this_one_s() -> None:
    got = said(
        "municipal_permit",
        "This report supersedes the draft issued on May 16, 2022. Permit BP-2022-51768 was issued on 10-JUN-2022.",
    )
    assert got["issue_date"] == "10-JUN-2022"
    got = said("lease_amendment", "The tenant must give ninety (90) days prior notice before the term ends.")
    assert got["notice_days"] == "ninety (90)"


def test_a_closed_list_s_value_only_one_list_has_names_itself_but_not_a_pronoun() -> None:
    got = said("municipal_permit", "Approval was granted under the Special Use category in the end.")
    assert got["permit_type"] == "Special Use"
    assert said("structural_inspection", "As you asked, I climbed the tower again last week.") == {}


def test_a_name_before_a_value_may_be_its_label_and_the_worst_member_is_the_most_loaded() -> None:
    got = said(
        "structural_inspection",
        "The tower is listed in the Antenna Structure Registration system as number 1019624.",
        "The worst member is running at 100.9 %, per the analysis.",
    )
    assert got["asr_number"] == "1019624"
    assert got["max_capacity_pct"] == "100.9 %"


def test_it_after_and_is_the_last_clause_s_subject() -> None:
    got = said("structural_inspection", "I checked the ASR lookup and it is 1104564.")
    assert got["asr_number"] == "1104564"


def test_a_height_in_a_compound_or_with_a_curly_foot_mark() -> None:
    assert said("structural_inspection", "The tower stands 429.7 ft-tall.")["structure_height_ft"] == "429.7 ft"
    assert said("municipal_permit", "The approved height is 390\u2019.")["approved_height_ft"] == "390\u2019"


def test_a_value_named_by_itself_is_its_list_s_own_not_a_synonym() -> None:
    assert "risk_category" not in said("structural_inspection", "The fuel tank area is Class I, Division 2 here.")


def test_a_code_printed_after_a_noun_is_that_noun_s_number() -> None:
    assert "asn" not in said("faa_determination", "The aeronautical study was filed on Form 7460-1 last spring.")
    got = said("faa_determination", "The aeronautical study was filed as Study 2024-AEA-582-OE last spring.")
    assert got["asn"] == "2024-AEA-582-OE"


def test_who_visited_the_site_is_the_one_a_form_prints_as_visited_by() -> None:
    got = said("field_log", "On the 17th of November, 2018, Olga D. Nakamura visited the site.")
    assert got["technician"] == "Olga D. Nakamura"
    assert got["log_date"] == "the 17th of November, 2018"


def test_an_amount_written_out_does_not_make_its_sentence_a_form_line() -> None:
    got = said(
        "lease_amendment", "Rent goes to One Thousand Four Hundred Eighty-One and 60/100 Dollars ($1,481.60) a month."
    )
    assert got["monthly_rent_usd"] == "$1,481.60"


def test_facts_half_named_still_type_a_mail_that_names_no_type(tmp_path: Path) -> None:
    # No keyword, no label: one fact named whole (the next inspection), and three each named by half a
    # wording or by being a closed list's value. Counted whole only, the mail was left untyped.
    lines = [
        "From: Dana Whitfield <dana.whitfield@example.com>",
        "Subject: Quarterly Review - Copper Flats",
        "",
        "The crew climbed the mast last month and took readings on every leg.",
        "The busiest member runs at 64.5% of its capacity. Overall the structure was rated Pass.",
        "It is a Monopole tower. A follow-up inspection is due by May 3, 2027.",
    ]
    doc = extract(_pdf(tmp_path / "mail.pdf", lines), Settings(workers=0))
    assert classify(doc, CATALOG).doc_type == "structural_inspection"
    # a lone half-named fact is no evidence of a type
    lines[4:6] = ["The structure was rated Pass.", ""]
    doc = extract(_pdf(tmp_path / "mail2.pdf", lines), Settings(workers=0))
    assert classify(doc, CATALOG).doc_type is None
