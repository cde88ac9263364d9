# ruff: noqa: S101, PLR2004, INP001
"""How the layout reader reads what Tesseract makes of a scan: dust, garbled boxes, case.

Hand-placed words with OCR confidences, as ``engines.ocr`` returns them; each case is one way a
scan differs from its text layer, and the assertion is what a person reads on the page.
"""

from __future__ import annotations

import pytest

from layouts import LINE_H, words_of
from towerkit.fields.cells import strip_separators
from towerkit.fields.glyphs import ocr_text, sentence_stop
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_pairs
from towerkit.fields.reading import merge_dot_runs
from towerkit.models import ExtractedDoc, PageRecord, Pair, Word

CONF = 91.0


def _scan(
    *rows: tuple[str, float, float], dust: tuple[tuple[str, float, float], ...] = (), dust_height: float = LINE_H / 3
) -> dict[str, str]:
    """{label: value} read from phrases (text, x, y) on a scanned page, plus single dust marks."""
    words: list[Word] = []
    for text, x, y in rows:
        words.extend(words_of(text, 1, x, y, CONF))
    words.extend(Word(t, 1, x, y, x + 2, y + dust_height, 50.0) for t, x, y in dust)
    return {p.label: p.value for p in _scanned_pairs(words)}


def _scanned_pairs(words: list[Word]) -> tuple[Pair, ...]:
    """The pairs read from words placed on one scanned page."""
    page = PageRecord(1, "ocr", "tesseract", 612, 792, 0, 0.0, 0.0, 1.0, "scan")
    return read_pairs(ExtractedDoc("image", "tesseract", "scan", (page,), tuple(words)))


def test_a_speck_between_a_label_row_and_its_values_is_dust() -> None:
    """A quote mark of dust read on a line of its own between a grid's label row and its value row."""
    rows = (("Date Issued", 50, 100), ("Approved Height", 250, 100), ("04/23/2022", 50, 118), ("275 ft", 250, 118))
    clean = _scan(*rows)
    assert clean == {"Date Issued": "04/23/2022", "Approved Height": "275 ft"}
    assert _scan(*rows, dust=(('"', 180, 111),)) == clean


def test_a_glyph_a_point_high_in_a_grid_is_dust_whatever_it_was_read_as() -> None:
    """``2`` in the label row and ``:`` in the value row, boxes a point high beside 10-point print: specks."""
    rows = (("Date Issued", 50, 100), ("Marking", 250, 100), ("Expires", 400, 100))
    rows += (("04/23/2022", 50, 118), ("None required", 250, 118), ("10/23/2023", 400, 118))
    clean = {"Date Issued": "04/23/2022", "Marking": "None required", "Expires": "10/23/2023"}
    assert _scan(*rows) == clean
    specks = (("2", 350, 104), (":", 200, 122))
    assert _scan(*rows, dust=specks, dust_height=1.0) == clean


def test_a_taller_stray_reading_among_a_leaders_dots_is_more_of_the_leader() -> None:
    """``Site ID eee cea re Sit er eur TX-0147``: the dots read as tiny words, with ``re``/``er`` as tall as print."""
    label = words_of("Site ID", 1, 50, 100, CONF)
    dots = []
    read = (("eee", 15), ("cea", 15), ("re", 28), ("Sit", 15), ("er", 40), ("eur", 15), ("ee", 15))
    for i, (t, conf) in enumerate(read):
        top = 100 if t in ("re", "er") else 108  # the two strays are as tall as print, the dots a point high
        dots.append(Word(t, 1, 100 + 14 * i, top, 110 + 14 * i, 109 if top == 108 else 110, float(conf)))
    value = words_of("TX-0147", 1, 260, 100, CONF)
    pairs = _scanned_pairs([*label, *dots, *value])
    assert {p.label: p.value for p in pairs} == {"Site ID": "TX-0147"}


def test_one_long_misread_leader_separates_a_label_from_a_value_that_starts_with_a_word() -> None:
    """``Permit NO. .cescecccc...erves CUP 22-807``: one garbled word for the whole leader, then the value.

    Read as a single dot it separated nothing, and the value's first word went to the label
    (``Permit NO. CUP`` -> ``22-807``).
    """
    label = words_of("Permit NO.", 1, 45, 100, CONF)
    leader = Word(".cescecccccessessscssecsssesseeusssessneceeaeerves", 1, 84, 104, 241, 110, 0.0)
    value = words_of("CUP 22-807", 1, 246, 100, CONF)
    pairs = _scanned_pairs([*label, leader, *value])
    assert {p.label: p.value for p in pairs} == {"Permit NO": "CUP 22-807"}


def test_a_ruled_border_read_as_a_pipe_between_two_headings_pairs_nothing() -> None:
    """``DETERMINATION   SHEET   MARKING & LIGHTING   |   PRINTED`` over its values: a grid, the pipe a border."""
    rows = (("DETERMINATION", 50, 100), ("SHEET", 150, 100), ("MARKING & LIGHTING", 220, 100), ("|", 345, 100))
    rows += (("PRINTED", 380, 100), ("No Hazard", 50, 118), ("1 of 3", 150, 118), ("Medium intensity white", 220, 118))
    rows += (("2016-12-05", 380, 118),)
    assert _scan(*rows) == {
        "DETERMINATION": "No Hazard",
        "SHEET": "1 of 3",
        "MARKING & LIGHTING": "Medium intensity white",
        "PRINTED": "2016-12-05",
    }


def test_a_scanned_heading_whose_stop_reads_as_a_comma_still_ends_there() -> None:
    """``7.1 Issued Date, This determination was issued ...``: only before a word a sentence opens with."""
    got = _scan(("7.1 Issued Date, This determination was issued on the 6th of November, 2020.", 72, 100))
    assert got == {"Issued Date": "This determination was issued on the 6th of November, 2020."}
    address = _scan(("4.1 Business Address One Park Avenue, New York, N. Y. 10016", 72, 100))
    assert not any("Avenue" in label for label in address)
    restated = _scan(("4.4 Permit Number, Permit number CUP 21-939 has been assigned.", 72, 100))
    assert restated == {"Permit Number": "Permit number CUP 21-939 has been assigned."}  # the heading taken up again


def test_a_scanned_heading_whose_stop_was_set_apart_or_glued_to_a_speck_still_ends_there() -> None:
    """``4.1 Site . This document ...`` (a stop set apart, dropped as dust) and ``7.1 Marking/Lighting.:``."""
    sentence = "This document concerns site number US-NM-4381."
    apart = _scan(("4.1 Site", 72, 100), (sentence, 132.5, 100), dust=((".", 122, 107),), dust_height=2.0)
    assert apart == {"Site": sentence}
    spaced = _scan(("4.1 Site", 72, 100), (sentence, 99.5, 100))  # no gap where a stop stood: no heading
    assert "Site" not in spaced
    glued = _scan(
        ("7.1 Marking/Lighting.: Marking and lighting are required as follows:", 72, 100),
        ("Medium intensity white.", 72, 112),
    )
    assert glued == {"Marking/Lighting": "Marking and lighting are required as follows: Medium intensity white."}


def test_an_unsure_label_in_capitals_is_no_part_of_the_leader_after_it() -> None:
    """``SITE ID eee cece cette ree. OH-44690``: the label read unsure is still the label, dots are not capitals."""
    label = [Word("SITE", 1, 50, 100, 70, 110, 16.0), Word("ID", 1, 74, 100, 84, 110, 34.0)]
    dots = [
        Word(t, 1, 100 + 30 * i, 107, 125 + 30 * i, 109, 5.0) for i, t in enumerate(("eee", "cece", "cette", "ree."))
    ]
    value = words_of("OH-44690", 1, 260, 100, CONF)
    pairs = _scanned_pairs([*label, *dots, *value])
    assert {p.label: p.value for p in pairs} == {"SITE ID": "OH-44690"}


@pytest.mark.parametrize("dots", [("..................005.",), ("..........0..0.0....000", "005."), ("0....05,",)])
def test_a_leader_s_last_dots_read_as_digits_are_no_part_of_the_value(dots: tuple[str, ...]) -> None:
    """``DETERM.DT ..................005. 2017-05-14``: Tesseract, unsure, reads a leader's dots as 0s and 5s."""
    label = words_of("WORK ORDER ...........", 1, 50, 100, CONF)
    leader = [Word(t, 1, 170 + 80 * i, 107, 240 + 80 * i, 109, 3.0) for i, t in enumerate(dots)]
    value = words_of("2017-05-14", 1, 340, 100, CONF)
    pairs = _scanned_pairs([*label, *leader, *value])
    assert {p.label: p.value for p in pairs} == {"WORK ORDER": "2017-05-14"}


def test_garbled_boxes_on_a_scan_still_answer_their_question() -> None:
    """``[) A  —[X] B`` and ``[No  Kx] Yes``: the ticked option is the value, whatever OCR made of the boxes."""
    got = _scan(("Activity: [) Climb inspection (_] Site audit —[X] Vegetation control", 50, 100))
    assert got == {"Activity": "Vegetation control"}
    assert _scan(("Light Outage: [No [X Yes", 50, 100)) == {"Light Outage": "Yes"}


def test_a_box_glued_to_its_option_is_not_part_of_the_question() -> None:
    """``Lighting Type: []L-810 steady red  [X] L-864 dual``: the question ends where the first box begins."""
    got = _scan(("Lighting Type:", 50, 100), ("[]L-810 steady red", 150, 100), ("[X] L-864/L-865 dual", 300, 100))
    assert got == {"Lighting Type": "L-864/L-865 dual"}


def test_the_one_option_whose_box_was_not_read_is_the_ticked_one() -> None:
    """``Beacon Out: [] YES   No``: a filled box is often no glyph to Tesseract, the empty ones read as boxes."""
    assert _scan(("Beacon Out:", 50, 100), ("[] YES", 150, 100), ("No", 230, 100)) == {"Beacon Out": "No"}
    assert _scan(("Beacon Out:", 50, 100), ("[] YES", 150, 100), ("[] No", 230, 100)).get("Beacon Out") != "No"
    assert _scan(("Remarks:", 50, 100), ("Tower", 150, 100), ("lit", 230, 100)) != {"Remarks": "lit"}  # no box at all


def test_one_garbled_box_alone_is_no_checkbox() -> None:
    """A bracket that might be a box is read as one only beside another box: alone, the line reads as usual."""
    assert _scan(("Remarks: X] marks the spot", 50, 100)) == {"Remarks": "X] marks the spot"}


def test_a_name_read_with_small_capitals_is_title_case_again() -> None:
    """C, O, P, S, U, V, W, X, Z differ from their small forms only in size; sentences stay as read."""
    assert ocr_text("sandy Ridge East") == "Sandy Ridge East"
    assert ocr_text("vantage communications & Associates") == "Vantage Communications & Associates"
    assert ocr_text("Village of Loveland") == "Village of Loveland"
    assert ocr_text("Side marker out, replaced lamp") == "Side marker out, replaced lamp"
    assert ocr_text("summit wireless") == "summit wireless"  # no capital to say it is a name


def test_a_label_with_one_misread_letter_still_heads_its_column() -> None:
    """``Approved He 4 ght`` over ``275 ft``: one digit among words is a letter OCR misread, not a figure."""
    got = _scan(
        ("Date Issued", 50, 100), ("Approved He 4 ght", 250, 100), ("04/23/2022", 50, 118), ("275 ft", 250, 118)
    )
    assert got == {"Date Issued": "04/23/2022", "Approved He 4 ght": "275 ft"}


def test_after_a_leader_the_rest_of_the_line_is_the_value() -> None:
    """``Date Issued ........ March 30,      2016``: a scan splits the date at a wide gap; the leader says it is one."""
    got = _scan(("Date Issued ..........", 50, 100), ("March 30,", 300, 100), ("2016", 420, 100))
    assert got == {"Date Issued": "March 30, 2016"}


def test_a_value_ends_where_the_next_option_box_begins() -> None:
    """``Activity: Vegetation control (_] Grounding repair``: the ticked box was lost, the empty one still ends the value."""
    assert _scan(("Activity: Vegetation control (_] Grounding repair", 50, 100)) == {"Activity": "Vegetation control"}


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("Climb inspection.", "Climb inspection"),
        ("Side marker out, replaced lamp.", "Side marker out, replaced lamp"),
        ("Coax ice bridge loose, re-torqued.", "Coax ice bridge loose, re-torqued"),
        ("Beacon out. NOTAM filed.", "Beacon out. NOTAM filed."),  # notes of several sentences keep theirs
        ("Summit Tower Co.", "Summit Tower Co."),  # an abbreviation's stop
        ("Controller alarm tested OK.", "Controller alarm tested OK."),  # OK. may be one too
    ],
)
def test_a_one_sentence_value_leaves_its_full_stop_on_any_route(value: str, want: str) -> None:
    """The stop that ends the sentence a value was read from is not the value's."""
    assert sentence_stop(value) == want


def test_a_full_stop_after_a_whole_word_ends_a_sentence() -> None:
    """``site audit.`` is ``site audit``; an abbreviation keeps its stop (``Ironwood Vertical Corp.``)."""
    assert ocr_text("site audit.") == "site audit"
    assert ocr_text("Harbor Vertical Group.") == "Harbor Vertical Group"
    assert ocr_text("Ironwood Vertical Corp.") == "Ironwood Vertical Corp."


def test_a_roman_numeral_suffix_read_as_letters_is_a_numeral_again() -> None:
    """``Mill Creek IT`` and ``Cane Brake ul`` are site II; a word that merely ends a phrase is left alone."""
    assert ocr_text("Mill Creek IT") == "Mill Creek II"
    assert ocr_text("Cane Brake ul") == "Cane Brake II"
    assert ocr_text("Mill Creek II") == "Mill Creek II"
    assert ocr_text("Tower lit") == "Tower lit"


def test_a_box_caption_is_judged_small_by_print_size_not_ink_height() -> None:
    """``Finding`` in 6-point print stands 5.8 px with its F, d and g; ``Hazard`` in 10-point, 7.2 px without a descender.

    Their ink heights are 0.8 apart, as close as a label's and its value's in one size; their print sizes
    are three-fifths apart: a boxed field's caption over its value.
    """
    cap = Word("Finding", 1, 55, 320, 80, 325.8, CONF)
    value = Word("Hazard", 1, 57, 334, 90, 341.2, CONF)
    pairs = _scanned_pairs([cap, value])
    assert [(p.label, p.value, p.kind) for p in pairs] == [("Finding", "Hazard", "boxed")]


def test_a_qualifier_after_a_label_stays_in_it_across_a_scan_s_wide_looking_space() -> None:
    """``Lat. (NAD 83)`` and ``SITE #`` in small print: the narrow ink of ``.``, ``(`` and ``#`` widens the space."""
    words = [
        Word("Lat.", 1, 300.2, 205, 311.4, 209.3, CONF), Word("(NAD", 1, 317.9, 205, 333.0, 209.7, CONF),
        Word("83)", 1, 338.0, 204, 348.8, 209.0, CONF), Word("48.128133", 1, 303, 219, 345, 226.2, CONF),
        Word("SITE", 1, 55.4, 126, 71.3, 130.3, CONF), Word("#", 1, 77.0, 126, 79.9, 130.7, CONF),
        Word("CO-49410", 1, 58, 140, 98, 147.6, CONF),
    ]  # fmt: skip
    pairs = _scanned_pairs(words)
    assert {p.label: p.value for p in pairs} == {"SITE #": "CO-49410", "Lat. (NAD 83)": "48.128133"}


def test_a_mark_alone_on_its_line_is_measured_by_the_page_s_print() -> None:
    """``é`` a point high between a grid's label row and its values: a line of one mark has no print of its own."""
    rows = (("Date Issued", 50, 100), ("Approved Height", 250, 100), ("04/23/2022", 50, 118), ("275 ft", 250, 118))
    clean = _scan(*rows)
    assert clean == {"Date Issued": "04/23/2022", "Approved Height": "275 ft"}
    assert _scan(*rows, dust=(("é", 280, 111),), dust_height=0.8) == clean


def test_a_box_edge_read_as_a_bracket_or_bar_is_no_cell() -> None:
    """``... | PERMIT STATUS | ]`` over ``... | Approved | |``: the box's ruling read as glyphs at the row's end."""
    rows = (("DATE ISSUED", 50, 100), ("PERMIT TYPE", 180, 100), ("PERMIT STATUS", 350, 100), ("]", 480, 100))
    rows += (("04/03/2024", 50, 118), ("Eligible Facilities", 180, 118), ("Approved", 350, 118), ("|", 480, 118))
    want = {"DATE ISSUED": "04/03/2024", "PERMIT TYPE": "Eligible Facilities", "PERMIT STATUS": "Approved"}
    assert _scan(*rows) == want
    # A ruling read as a run of edge glyphs between two headings (``|)``) is no heading either.
    rows = (("Lessee", 50, 100), ("Dated", 180, 100), ("|)", 260, 100), ("Rent per Month", 320, 100))
    rows += (("Timberline Partners", 50, 118), ("May 27, 2019", 180, 118), ("4187.18", 320, 118))
    assert _scan(*rows) == {"Lessee": "Timberline Partners", "Dated": "May 27, 2019", "Rent per Month": "4187.18"}


def test_a_leader_tesseract_boxes_as_no_letters_are_boxed_is_still_a_leader() -> None:
    """``DATE ISSUED 3c ra es eee 2022-09-13``: the leader read as unsure words boxed like no print.

    ``3c`` spans the whole dotted run, ``ra`` is boxed by its row (taller than the line's capitals); the
    two had broken the run of dot-like words, and the label took the leader (``DATE ISSUED 3c ra``).
    """
    words = [*words_of("DATE ISSUED", 1, 77, 243, CONF)]
    words += [Word("3c", 1, 144, 244.4, 485, 249.8, 13.7), Word("ra", 1, 260, 239.8, 334, 252.0, 19.9)]
    words += [Word("es", 1, 392, 239.8, 431, 252.0, 17.7), Word("eee", 1, 437, 239.8, 487, 252.0, 24.8)]
    words += words_of("2022-09-13", 1, 496, 243, CONF)
    pairs = _scanned_pairs(words)
    assert {p.label: p.value for p in pairs} == {"DATE ISSUED": "2022-09-13"}


def test_a_ticked_box_read_as_a_sign_among_boxes_found_in_the_pixels_is_the_answer() -> None:
    """``FAA Lighting:  @ L-865 white   © ☐ None   ☐ L-864 red``: the empty boxes come from the page's
    pixels (no OCR confidence), the ticked one Tesseract read as ``@``, a speck as ``©``."""
    words = [*words_of("FAA Lighting:", 1, 50, 100, CONF), *words_of("@ L-865 white", 1, 150, 100, CONF)]
    words += [Word("\u00a9", 1, 240, 98, 243, 112, 30.0), Word("\u2610", 1, 246, 100, 251, 110, None)]
    words += [*words_of("None", 1, 255, 100, CONF), Word("\u2610", 1, 300, 100, 305, 110, None)]
    words += words_of("L-864 red", 1, 309, 100, CONF)
    pairs = _scanned_pairs(words)
    assert ("FAA Lighting", "L-865 white") in {(p.label, p.value) for p in pairs}


def test_an_unsure_word_after_a_ticked_box_is_the_option_s_not_a_leader() -> None:
    """``☒ no Hazard`` / ``☐ Hazard``: Tesseract read ``No`` at 15, which a leader's dots also read as."""
    words = [*words_of("Determination:", 1, 57.6, 260.6, CONF)]
    words += [Word("\u2612", 1, 71.3, 277.6, 81.4, 287.6, None), Word("no", 1, 81.4, 277.6, 95.8, 287.6, 15.2)]
    words += [*words_of("Hazard", 1, 102.6, 278.3, CONF), Word("\u2610", 1, 72.0, 292.7, 81.4, 302.8, None)]
    words += words_of("Hazard", 1, 83.9, 292.0, CONF)
    assert {p.label: p.value for p in _scanned_pairs(words)} == {"Determination": "no Hazard"}


def test_a_label_set_a_column_apart_runs_on_to_the_leader_glued_to_its_last_word() -> None:
    """``TOWER   ID... ee, US-UT-7649``: the scan spaced ``ID`` from ``TOWER``; the dots glued to it end the label."""
    words = [Word("TOWER", 1, 93.6, 135.0, 123.1, 141.5, 96.0), Word("ID...", 1, 130.3, 136.1, 141.1, 142.2, 0.9)]
    words += [Word("ee,", 1, 147.2, 141.1, 316.8, 147.6, 0.9), Word("US-UT-7649", 1, 325.8, 142.2, 384.8, 149.8, 90.2)]
    assert {p.label: p.value for p in _scanned_pairs(words)} == {"TOWER ID": "US-UT-7649"}


def test_a_leader_tesseract_reads_as_one_flat_glyph_is_still_a_leader() -> None:
    """``Permit Number  2  BP-2018-24462``: the dots boxed as one ``2`` 2.6 px high over 190 px.

    No letter is that flat, so it separates the label from its value instead of being the value.
    """
    words = [Word("Perm", 1, 64.2, 207.9, 94.8, 216.2, 58.5), Word("Number", 1, 98.2, 207.9, 136.3, 216.2, 74.8)]
    words += [
        Word("2", 1, 142.2, 213.2, 335.2, 215.8, 44.0),
        Word("BP-2018-24462", 1, 344.2, 206.1, 417.8, 214.3, 91.8),
    ]
    pairs = _scanned_pairs(words)
    assert {p.label: p.value for p in pairs} == {"Perm Number": "BP-2018-24462"}


def test_a_few_flat_specks_apart_are_no_leader() -> None:
    """A grid cell's ruling read as ``|`` and a speck as ``-`` between two values: no leader, no pair."""
    words = [Word("(832)", 1, 191.8, 190.4, 213.1, 199.4, 96.8), Word("557-6327", 1, 216.2, 189.6, 255.1, 197.4, 96.1)]
    words += [Word("|", 1, 261.0, 197.4, 261.8, 198.2, 50.8), Word("-", 1, 300.2, 191.0, 301.0, 192.1, 68.8)]
    words += [
        Word("Vegetation", 1, 306.3, 187.9, 350.3, 197.4, 96.5),
        Word("control", 1, 353.4, 187.0, 380.8, 194.6, 96.3),
    ]
    assert merge_dot_runs(build_lines(words)) is None


def test_two_flat_runs_of_dots_far_apart_are_a_leader() -> None:
    """``Determination Date  vt  tt  Jan. 21, 2019``: a grainy scan kept two short runs of the leader's dots, 1 pt high.

    Spread over five line heights, they are a leader with the dots between them lost, not the value.
    """
    words = [Word("Determination", 1, 53.6, 260.0, 105.2, 267.2, 0.0), Word("Date", 1, 108.0, 260.0, 124.4, 266.0, 0.0)]
    words += [Word("vt", 1, 233.6, 262.0, 248.4, 263.2, 21.8), Word("tt", 1, 254.8, 261.6, 262.0, 262.8, 44.7)]
    words += [Word("Jan.", 1, 294.8, 256.0, 306.8, 262.0, 79.0), Word("21,", 1, 310.0, 255.6, 320.4, 262.4, 96.8)]
    words += [Word("2019", 1, 323.6, 255.2, 340.8, 261.6, 96.8)]
    assert {p.label: p.value for p in _scanned_pairs(words)} == {"Determination Date": "Jan. 21, 2019"}


def test_dots_read_as_a_flat_word_of_letters_are_no_part_of_a_value() -> None:
    """``wee`` 1.6 pt high before ``2026-ACE-17214-OE`` 8 pt high: a skewed leader's last dots, read as letters."""
    words = [
        Word("wee", 1, 160.0, 199.5, 172.0, 201.1, 32.0),
        Word("2026-ACE-17214-OE", 1, 175.0, 195.0, 260.0, 203.2, 79.0),
    ]
    assert [w.text for w in strip_separators(words)] == ["2026-ACE-17214-OE"]
    figures = [Word("00", 1, 160.0, 199.5, 164.0, 201.0, 20.0), Word("113.482629", 1, 166.0, 195.0, 210.0, 203.0, 91.0)]
    assert len(strip_separators(figures)) == len(figures)  # figures are left to the value's normalizer
    assert len(strip_separators(words[:1])) == 1  # alone, a word has no print height to be flatter than


def test_two_specks_far_apart_are_no_leader() -> None:
    """``FACILITY  ;  ;  PHONE``: two specks of a grid scan, each a dot wide, between a label and the next header."""
    words = [Word("FACILITY", 1, 233.8, 139.2, 275.2, 145.0, 96.0), Word(";", 1, 312.8, 137.2, 313.6, 138.0, 12.0)]
    words += [Word(";", 1, 341.6, 141.4, 342.4, 142.2, 28.3), Word("PHONE", 1, 368.8, 141.4, 394.2, 147.0, 83.9)]
    assert merge_dot_runs(build_lines(words)) is None


def test_dots_read_again_as_a_word_inside_a_flat_leader_are_no_value() -> None:
    """``RENT PER MONTH:  3.2...  03  223s.  US$ 1,175.00``: the unsure ``03`` lies inside the leader's span."""
    words = [*words_of("RENT PER MONTH:", 1, 53, 201, CONF), Word("3.2...", 1, 126.7, 205.8, 207.9, 206.7, 9.5)]
    words += [Word("03", 1, 167, 200.2, 179, 209.5, 8.0), Word("223s.", 1, 184, 205.8, 207.9, 206.7, 14.3)]
    words += words_of("US$ 1,175.00", 1, 215, 201, CONF)
    pairs = _scanned_pairs(words)
    assert {p.label: p.value for p in pairs} == {"RENT PER MONTH": "US$ 1,175.00"}


def test_a_scanned_clause_number_misread_still_opens_its_clause() -> None:
    """``‘a3`` and ``&2`` for 1.3 and 3.2: a short mark ending in a digit before a heading numbers a clause,
    so the clause above does not run on into it. An address's house number is no clause number."""
    got = _scan(
        ("2.2 Jurisdiction. This permit is issued by the Village of Altoona,", 68, 140),
        ("\u2018a3 Permit No. Permit number CUP 26-144 has been assigned.", 68, 151),
        ("&2 Term. This permit expires on 18 May 2028 unless renewed.", 68, 236),
    )
    assert got["Jurisdiction"] == "This permit is issued by the Village of Altoona,"
    assert got["Permit No"] == "Permit number CUP 26-144 has been assigned."
    assert got["Term"] == "This permit expires on 18 May 2028 unless renewed."
    address = _scan(("9982 Industrial Pkwy, Boise co.", 68, 75), ("Obstruction Evaluation Result", 68, 86))
    assert all(" Pkwy" not in label for label in address)


def test_a_speck_read_as_an_opening_quote_before_a_name_is_dropped() -> None:
    """``‘Lindqvist Family Trust``: a quote nothing closes is a speck; a quoted name keeps its quotes."""
    assert ocr_text("\u2018Lindqvist Family Trust") == "Lindqvist Family Trust"
    assert ocr_text('"Lakeview" Tower') == '"Lakeview" Tower'
    assert ocr_text("O'Brien Family Trust") == "O'Brien Family Trust"


def test_a_signature_boxed_across_three_lines_joins_none_to_another() -> None:
    """``Submitted By:``, ``Approved By:`` and ``Date:`` lines, a scrawl boxed 50 pt tall across all three.

    Tesseract boxes a signature as one tall word; grouped like the others it made the lines one
    (``Submitted Approved By: By:``). It now sits on the line its middle is in.
    """
    words = words_of("Submitted By: J. Wilhelm", 1, 72, 100, conf=90.0)
    words += words_of("Approved By: L. Gravely", 1, 72, 116, conf=90.0) + words_of(
        "Date: 6/21/90", 1, 72, 132, conf=90.0
    )
    scrawl = Word("Lbfdh", 1, 250.0, 90.0, 330.0, 140.0, 30.0)
    got = {p.label: p.value for p in _scanned_pairs([*words, scrawl])}
    assert got["Submitted By"] == "J. Wilhelm"
    assert got["Approved By"].startswith("L. Gravely")
    assert got["Date"] == "6/21/90"


def _sized(text: str, x: float, y: float, h: float) -> list[Word]:
    """A scanned phrase printed ``h`` points high (5.5 pt characters scaled with it)."""
    k = h / LINE_H
    return [Word(w.text, 1, x + (w.x0 - x) * k, y, x + (w.x1 - x) * k, y + h, CONF) for w in words_of(text, 1, x, y)]


def test_a_scanned_boxed_form_numbers_its_captions_at_the_boxes_tops() -> None:
    # Item numbers set off by the boxes' padding ("la." is 1a. misread), initials for a label ("W.O. NO."), and each
    # value typed low in its box, nearer the next row's captions than its own: the captions over it still name it.
    words = _sized("A. LOCATION", 80, 84, 8)
    words += _sized("la.", 80, 100, 6) + _sized("SITE ID", 96, 100, 6) + _sized("1b.", 300, 100, 6)
    words += _sized("SITE NAME", 316, 100, 6) + _sized("MI-76597", 82, 114, 9) + _sized("Saddle Butte", 302, 114, 9)
    words += _sized("2a.", 80, 128, 6) + _sized("AGREEMENT ID", 96, 128, 6) + _sized("2b.", 300, 128, 6)
    words += _sized("W.O. NO.", 316, 128, 6) + _sized("896-4354", 82, 146, 9) + _sized("WO935217", 302, 146, 9)
    got = {p.label: p.value for p in _scanned_pairs(words)}
    assert got == {
        "SITE ID": "MI-76597",
        "SITE NAME": "Saddle Butte",
        "AGREEMENT ID": "896-4354",
        "W.O. NO": "WO935217",
    }


def test_a_section_s_bar_printed_larger_is_no_first_line_of_the_captions_under_it() -> None:
    # A heading's lines are printed alike: the bar just above a row of captions is not part of the first caption.
    words = _sized("PART I. SITE DATA", 56, 153, 10) + _sized("1. Site Number", 56, 163.2, 5.6)
    words += _sized("2. Site Name / Location", 292, 163.2, 6.4)
    words += _sized("US-MI-7139", 58, 177.6, 9) + _sized("Pine Bluff", 295, 177.6, 9)
    got = {p.label: p.value for p in _scanned_pairs(words)}
    assert got == {"Site Number": "US-MI-7139", "Site Name / Location": "Pine Bluff"}


def test_a_scanned_heading_s_second_line_stands_further_off_its_first_than_in_a_text_layer() -> None:
    # Ink boxes: the air between a wrapped heading's two lines measures 0.6 of a line's height on the scan.
    words = _sized("Site", 52, 143, 6) + _sized("Facility Name", 139, 143, 6) + _sized("Identifier", 52, 152.6, 6)
    words += _sized("AL-13172", 51, 172, 7) + _sized("Sandy Ridge Relo", 139, 172, 7)
    got = {p.label: p.value for p in _scanned_pairs(words)}
    assert got == {"Site Identifier": "AL-13172", "Facility Name": "Sandy Ridge Relo"}


def test_a_scanned_box_with_a_speck_in_it_is_empty_and_one_read_twice_ticked() -> None:
    # "[.]": dust in an empty box; "[xX]": the tick read twice. The caption over the row asks.
    words = _sized("3. Activity", 64, 254, 7.8) + _sized("[.] Climb inspection", 68, 273, 10)
    words += _sized("[ ] Vegetation control", 226, 273, 10) + _sized("[xX] Grounding repair", 399, 273, 10)
    got = {p.label: p.value for p in _scanned_pairs(words)}
    assert got == {"Activity": "Grounding repair"}


def test_a_section_s_bar_just_over_a_row_of_captions_is_no_value_of_theirs() -> None:
    # One heading over two captions, a cell under each caption: the captions head the row under them.
    words = _sized("Falcon Inspection LLC", 50, 70, 14) + _sized("LEASE MODIFICATION AGREEMENT", 209, 108, 13)
    words += _sized("PART I. SITE DATA", 56, 153, 10) + _sized("1. Site Number", 56, 163.2, 5.6)
    words += _sized("2. Site Name / Location", 292, 163.2, 6.4)
    words += _sized("US-MI-7139", 58, 177.6, 9) + _sized("Pine Bluff", 295, 177.6, 9)
    got = {p.label: p.value for p in _scanned_pairs(words)}
    assert got == {"Site Number": "US-MI-7139", "Site Name / Location": "Pine Bluff"}


def _boxed(*boxes: tuple[str, float, float, float, float, float]) -> dict[str, str]:
    """{label: value} read from Tesseract's words as it boxed them (text, x0, top, x1, bottom, confidence)."""
    return {p.label: p.value for p in _scanned_pairs([Word(t, 1, x0, y0, x1, y1, c) for t, x0, y0, x1, y1, c in boxes])}


def test_a_noisy_scan_s_table_title_over_headings_in_three_lines_heads_no_box() -> None:
    # A dusty 100 dpi scan: the title is no caption of the first heading; the heading lines' boxes stand tall or
    # short by a third (Tesseract took in specks, "Tae" is one), but their letters are set alike.
    got = _boxed(
        ("Table", 56.2, 113.0, 86.8, 120.6, 97), ("1.", 92.9, 113.4, 104.0, 124.6, 96), ("Register", 112.3, 113.0, 162.4, 123.5, 96),
        ("Entry", 169.6, 114.5, 202.0, 122.8, 96), ("Site", 59.0, 136.1, 83.5, 152.3, 96), ("Ref.", 90.0, 136.1, 111.6, 152.3, 96),
        ("No.", 119.2, 142.2, 135.4, 148.7, 96), ("site", 145.8, 137.5, 171.7, 149.0, 96), ("‘Landlord", 229.7, 141.1, 279.0, 150.1, 93),
        ("Licensee", 391.7, 141.1, 439.2, 154.8, 96), ("Amendment", 582.1, 142.6, 637.2, 157.3, 94),
        ("Commencement", 668.2, 143.3, 741.6, 157.0, 62), ("Designation", 143.6, 151.2, 211.0, 164.9, 96),
        ("Tae", 266.4, 155.5, 285.5, 158.8, 13), ("Effective", 582.5, 154.8, 637.2, 168.5, 96), ("Date", 669.6, 157.0, 695.9, 165.6, 92),
        ("—", 707.0, 159.1, 708.1, 160.2, 51), ("Date", 583.6, 169.9, 607.7, 176.4, 96),
        ("US-NM-8404", 59.0, 183.2, 124.2, 196.2, 42), ("Bear", 145.4, 185.8, 170.6, 193.0, 96), ("Creek", 178.6, 182.9, 210.6, 193.3, 97),
        ("Sandra", 231.1, 179.3, 268.9, 197.3, 93), ("T.", 274.3, 182.9, 287.6, 194.0, 90), ("McAllister", 295.2, 180.7, 362.2, 199.1, 65),
        ("Timberline", 391.3, 185.8, 456.5, 198.4, 95), ("Engineering", 464.4, 182.2, 536.0, 205.6, 69),
        ("12/27/2020", 584.6, 189.0, 648.7, 197.3, 96), ("11/19/2012", 670.3, 189.4, 734.4, 201.2, 97),
    )  # fmt: skip
    assert got["site Designation"] == "Bear Creek"
    assert got["Amendment Effective Date"] == "12/27/2020"
    assert got["Commencement Date"] == "11/19/2012"
    assert not [label for label in got if label.startswith("Table")]


def test_a_speck_read_as_a_dash_or_a_letter_among_a_scan_s_headings_parts_none() -> None:
    # The same scan's second table: a speck between two headings read "-", another under "Rent Due Monthly ($)" "J".
    got = _boxed(
        ("Contact", 58.0, 254.9, 99.7, 263.9, 66), ("Phone", 106.6, 256.7, 135.7, 263.9, 93), ("-", 145.4, 260.6, 146.5, 261.7, 81),
        ("Term", 186.1, 258.1, 211.0, 264.6, 96), ("Expiration", 216.4, 257.8, 276.5, 266.0, 96), ("Work", 289.4, 258.5, 313.9, 265.3, 91),
        ("Order", 319.3, 258.5, 349.6, 266.0, 85), ("Rent", 368.3, 259.6, 392.0, 266.0, 73), ("Due", 397.8, 259.9, 415.8, 266.4, 92),
        ("~", 428.4, 260.6, 429.5, 261.7, 42), (".", 439.9, 263.5, 441.0, 264.6, 0), ("Yearly", 448.6, 254.9, 482.8, 270.0, 96),
        (".", 511.2, 265.0, 512.3, 266.0, 33), ("Renewal", 518.8, 260.3, 560.5, 267.5, 96), ("Renewal", 582.8, 259.6, 626.0, 272.5, 95),
        (":", 94.3, 272.2, 95.0, 273.2, 53), (".", 176.4, 267.8, 177.5, 268.9, 0), (".", 249.8, 275.8, 250.9, 276.8, 49),
        ("No.", 288.0, 267.5, 305.6, 280.4, 96), ("Monthly", 368.3, 271.4, 410.8, 279.7, 92), ("($)", 417.2, 271.4, 432.7, 279.7, 92),
        ("Increase", 447.5, 272.2, 494.3, 279.4, 91), ("-", 501.8, 275.4, 506.2, 277.6, 92), ("Period", 519.1, 272.2, 555.5, 283.3, 96),
        ("Options", 584.3, 272.9, 626.0, 281.5, 96), (".", 312.5, 288.7, 313.6, 289.8, 56), (".", 393.1, 287.3, 394.2, 288.4, 29),
        ("J", 424.8, 283.7, 434.5, 292.0, 18), ("&.", 447.1, 283.7, 456.1, 290.5, 0), ("(years)", 520.2, 282.2, 559.4, 296.3, 96),
        ("Remaining", 584.3, 284.4, 637.9, 293.4, 96), ("(595)", 59.8, 298.8, 88.9, 308.2, 92), ("748-3861", 93.6, 299.5, 149.8, 311.4, 96),
        ("19-NOV-2037", 186.8, 301.0, 258.1, 310.7, 59), ("WO451654", 289.8, 301.7, 341.6, 309.6, 65),
        ("3,434.20", 367.9, 302.4, 420.1, 313.6, 85), ("72.5", 440.6, 303.1, 465.5, 310.7, 24), ("‘5", 514.8, 299.5, 524.5, 311.4, 56),
        ("0", 585.0, 304.2, 590.0, 311.4, 90), (":", 617.8, 301.0, 618.8, 302.0, 19),
    )  # fmt: skip
    assert got["Contact Phone"] == "(595) 748-3861"
    assert got["Term Expiration"] == "19-NOV-2037"
    assert got["Rent Due Monthly ($)"] == "3,434.20"
    assert got["Renewal Options Remaining"] == "0"


def test_a_value_under_a_caption_set_narrower_is_no_second_heading_line() -> None:
    # A scanned boxed form: "FACILITY" set narrow over its value; "is" (a misread figure) beside the value is
    # no reason to take the value's line for the rest of a heading row.
    got = _boxed(
        ("FACILITY", 91.4, 195.1, 122.8, 200.9, 83), ("RENT", 345.6, 202.7, 361.1, 207.4, 93),
        ("ESCALATION", 364.7, 203.0, 403.6, 208.4, 49), ("&", 408.6, 204.1, 411.5, 208.8, 61),
        ("Oak", 91.1, 206.3, 107.3, 212.8, 96), ("Grove", 113.4, 207.4, 141.8, 214.2, 96), ("Water", 148.3, 208.4, 176.0, 214.9, 97),
        ("Tank", 182.2, 209.2, 204.8, 215.6, 96), ("is", 346.0, 213.5, 356.4, 220.3, 71),
        ("IRASE", 90.7, 231.5, 108.7, 235.8, 76), ("ID", 114.1, 231.8, 121.7, 236.5, 94), ("BACH", 344.5, 238.7, 359.6, 243.4, 89),
        ("RENEWAL", 363.6, 239.0, 391.3, 244.1, 87), ("PERIOD", 394.9, 240.1, 418.3, 244.8, 97), ("(YRS)", 423.4, 240.8, 441.0, 245.9, 86),
        ("L-45844", 90.4, 242.6, 128.9, 249.5, 87), ("5", 344.9, 249.5, 349.2, 256.0, 97),
    )  # fmt: skip
    assert got.get("FACILITY") == "Oak Grove Water Tank"


def test_a_heading_line_whose_boxes_swelled_with_specks_is_still_the_heading_s_second_line() -> None:
    # A skewed scan: "Ends", "Rate", "Period" took in specks and stand twice their print's height, so the first
    # heading line looks printed smaller than the second; its letters are set as wide: one heading row, in 3 lines.
    got = _boxed(
        ("Landlord", 49.5, 110.6, 90.1, 125.1, 77), ("Owner", 140.0, 116.2, 165.2, 121.8, 95), ("Site", 170.8, 116.2, 190.9, 122.3, 94),
        ("ID", 196.5, 117.1, 206.3, 122.3, 40), ("Current", 223.5, 117.6, 258.5, 123.2, 96), ("Term", 264.6, 118.5, 285.1, 123.7, 96),
        ("Lessee", 307.1, 119.0, 336.9, 124.6, 93), ("/", 343.5, 119.5, 347.2, 125.1, 93), ("Carrier", 353.3, 119.5, 389.2, 125.5, 96),
        ("Base", 518.9, 122.3, 538.5, 127.9, 96), ("Rent", 544.1, 122.7, 564.7, 128.3, 96),
        ("Escalation", 588.5, 123.2, 639.3, 129.3, 96), ("Distribution", 664.1, 120.9, 725.7, 134.9, 97),
        ("Renewal", 752.7, 121.8, 788.2, 136.3, 96), ("Ends", 221.2, 124.1, 243.1, 138.6, 96), ("per", 518.5, 134.4, 533.4, 139.5, 96),
        ("Month", 539.0, 133.5, 565.1, 139.1, 96), ("Rate", 586.1, 130.2, 608.1, 144.2, 97), ("Period", 752.7, 132.5, 783.5, 147.0, 97),
        ("[usp]", 519.4, 143.3, 542.7, 150.3, 8), ("[percent", 589.4, 142.8, 627.7, 155.4, 73), ("}", 630.5, 145.1, 632.8, 151.7, 73),
        ("lyre]", 753.7, 147.0, 777.0, 154.0, 76), ("James", 49.0, 154.5, 76.5, 160.5, 94), ("Patel", 83.5, 154.9, 110.6, 161.0, 96),
        ("US-NM-5132", 139.5, 154.0, 195.5, 166.1, 72), ("2042-05-24", 223.5, 156.8, 279.5, 163.8, 97),
        ("Ironwood", 307.1, 158.7, 351.9, 165.2, 95), ("Engineering", 358.4, 159.1, 421.4, 167.5, 96),
        ("Partners", 427.5, 160.5, 472.7, 167.1, 96), ("3,300.00", 518.9, 161.5, 563.3, 168.9, 95), ("2", 588.5, 162.4, 592.2, 168.9, 97),
        ("Kevin", 663.6, 163.8, 692.1, 170.3, 93), ("Osei", 698.6, 164.3, 720.1, 170.8, 91),
    )  # fmt: skip
    assert got["Current Term Ends"] == "2042-05-24"
    assert got["Lessee / Carrier"] == "Ironwood Engineering Partners"
    assert got["Escalation Rate [percent"] == "2"
    assert got["Landlord"] == "James Patel"


def test_a_caption_in_capitals_over_a_value_in_lower_case_is_judged_by_height_alone() -> None:
    # Capitals are set wider a letter than lower case: "LOCATION NAME" is printed smaller than "Lakeview East" though
    # its letters take as much room. The value's line is no second heading line.
    got = _boxed(
        ("Site", 68.4, 150.0, 85.9, 158.4, 96), ("Work", 361.8, 155.9, 389.2, 164.3, 97),
        ("SITE#", 68.1, 173.6, 89.9, 179.2, 92), ("LIGHTS", 361.2, 179.5, 388.3, 185.4, 96), ("OUT?", 391.1, 180.1, 410.0, 185.7, 97),
        ("NC-52877", 67.5, 186.0, 111.7, 194.1, 88), ("Yes", 361.2, 192.0, 377.1, 199.4, 97),
        ("LOCATION", 67.2, 214.0, 106.7, 220.0, 96), ("NAME", 108.9, 215.0, 131.6, 220.6, 96),
        ("TOWER", 360.3, 220.0, 387.6, 225.6, 97), ("OWNER", 390.1, 220.3, 418.1, 226.2, 96),
        ("Lakeview", 66.9, 225.6, 108.3, 234.6, 97), ("East", 111.1, 227.4, 129.1, 234.9, 97),
        ("Northstar", 360.3, 232.4, 400.1, 240.2, 95), ("Survey", 402.9, 233.0, 432.1, 243.0, 97),
        ("Consultants", 435.2, 233.6, 484.4, 242.0, 96),
        ("DATE", 66.3, 254.5, 87.1, 260.1, 97), ("OF", 89.3, 254.8, 98.9, 260.4, 97), ("VISIT", 101.1, 255.1, 120.7, 261.0, 97),
        ("FIELD", 359.6, 260.4, 381.4, 266.0, 96), ("TECH", 383.6, 260.7, 403.5, 266.3, 96),
        ("October", 66.3, 267.2, 99.9, 275.0, 97), ("6,", 103.0, 268.2, 109.8, 276.6, 96), ("2020", 113.6, 268.2, 134.1, 276.0, 97),
        ("Wade", 359.3, 273.2, 383.6, 280.6, 95), ("Brennan", 386.4, 273.8, 422.2, 281.6, 95),
    )  # fmt: skip
    assert got["LOCATION NAME"] == "Lakeview East"
    assert got["TOWER OWNER"] == "Northstar Survey Consultants"


def test_a_heading_row_with_one_heading_ocr_garbled_is_still_a_row_of_headings() -> None:
    # "OE/AAA CASE NO." read "C@/AAA CASE NO.": a glyph no heading prints, among eight headings read well.
    got = _boxed(
        ("LOCATION", 47.0, 118.7, 86.2, 127.7, 95), ("SITE", 107.2, 118.7, 125.4, 129.4, 96), ("NAME", 128.8, 118.7, 149.8, 128.0, 97),
        ("C@/AAA", 195.7, 119.6, 224.3, 125.4, 0), ("CASE", 227.9, 119.3, 248.1, 124.9, 96), ("NO.", 252.6, 119.3, 266.0, 124.9, 96),
        ("ABOVE", 301.0, 117.9, 327.3, 126.6, 96), ("LAT.", 357.6, 119.0, 374.6, 124.3, 95), ("(NAD", 381.9, 118.7, 399.8, 124.9, 96),
        ("83)", 404.9, 118.7, 418.0, 124.9, 97), ("GENERATED", 438.8, 114.8, 483.8, 126.3, 97), ("TOP", 527.8, 117.0, 542.9, 126.0, 96),
        ("LONGITUDE", 586.6, 116.8, 631.4, 125.7, 96), ("HAZARD", 670.3, 117.9, 699.4, 123.2, 96), ("CODE", 47.0, 128.8, 67.5, 137.5, 97),
        ("GROUND", 301.0, 127.7, 332.4, 136.6, 96), ("ELEVATION", 528.1, 126.8, 572.0, 135.5, 96), ("(NAD83)", 589.1, 127.7, 620.5, 133.8, 88),
        ("DETERMINATION", 669.2, 126.3, 733.0, 136.4, 96), ("LEVEL", 301.3, 138.3, 327.6, 147.0, 96), ("(MSL)", 530.3, 138.3, 551.3, 144.8, 95),
        ("(ft)", 558.3, 138.3, 575.7, 144.8, 86), ("HEIGHT", 301.3, 147.8, 332.1, 156.8, 95),
        ("PA-45316", 49.0, 166.9, 90.2, 173.0, 90), ("Fox", 107.8, 167.2, 122.1, 172.8, 78), ("Run", 128.5, 167.2, 143.9, 172.8, 96),
        ("North", 149.5, 166.6, 177.0, 176.4, 70), ("2021-AAL-5338-OE", 196.8, 166.3, 280.8, 172.5, 12), ("21.3", 303.2, 161.6, 322.6, 172.2, 63),
        ("m", 328.2, 166.3, 334.6, 171.9, 63), ("41.068597°", 358.4, 165.8, 409.9, 171.6, 48), ("N", 416.6, 166.0, 422.0, 171.6, 19),
        ("Oct.", 440.4, 166.0, 459.5, 171.6, 19), ("14,", 467.3, 165.5, 481.0, 172.2, 97), ("2021", 488.9, 165.2, 509.3, 171.4, 77),
        ("1197", 530.3, 165.2, 550.2, 171.1, 39), ("-97.838493°", 588.8, 163.5, 640.1, 170.8, 60), ("W", 647.1, 165.2, 652.1, 170.5, 90),
        ("No", 670.9, 165.2, 680.7, 170.8, 73), ("Hazard", 686.6, 164.4, 718.8, 170.5, 96),
    )  # fmt: skip
    assert got["LOCATION CODE"] == "PA-45316"
    assert got["SITE NAME"] == "Fox Run North"
    assert got["TOP ELEVATION (MSL) (ft)"] == "1197"
    assert got["HAZARD DETERMINATION"] == "No Hazard"


def test_a_rule_of_stars_read_as_words_sure_of_none_heads_no_column() -> None:
    # A line printer's "*****" under its title, read as capitals Tesseract was sure of none of (confidence 0-22).
    got = _boxed(
        ("NOTICE", 290.3, 82.1, 323.9, 88.2, 97), ("OF", 329.9, 82.6, 340.7, 88.7, 96), ("AERONAUTICAL", 346.7, 83.1, 414.9, 90.1, 96),
        ("DETERMINATION", 420.9, 84.5, 494.7, 91.5, 97), ("MEER", 91.9, 91.0, 129.3, 94.7, 0), ("EEE", 146.1, 91.5, 163.3, 95.7, 0),
        ("CERES", 169.4, 92.4, 203.5, 96.6, 0), ("CECE", 209.5, 92.9, 243.1, 97.1, 0), ("ICSC", 254.8, 89.1, 275.3, 107.8, 0),
        ("ACCOR", 278.1, 89.1, 300.1, 107.8, 0), ("IST", 306.1, 94.7, 334.1, 98.9, 0), ("IIU", 346.7, 89.1, 360.7, 107.8, 0),
        ("SOOT", 363.5, 89.1, 388.7, 107.8, 0), ("CMEC", 396.2, 89.1, 442.4, 107.8, 0), ("TIA", 472.7, 97.5, 493.3, 102.2, 18),
        ("EIA", 497.5, 98.9, 510.5, 102.2, 22), ("SITE-ID", 90.5, 116.7, 129.7, 123.7, 90), ("OFFICE", 158.7, 118.1, 191.8, 124.6, 96),
        ("LINE", 198.8, 119.0, 220.3, 125.1, 97), ("SITE", 249.7, 119.9, 271.6, 126.0, 96), ("NAME", 277.7, 120.4, 300.1, 126.9, 97),
        ("TWR", 335.1, 121.8, 351.9, 127.4, 93), ("HT", 357.5, 121.8, 368.7, 127.9, 93), ("ASN", 380.3, 122.3, 397.1, 128.3, 93),
        ("(FEET)", 336.0, 133.9, 366.8, 141.4, 96), ("US-NM-3411", 89.6, 154.9, 145.6, 161.9, 89), ("(601)", 159.1, 155.9, 184.3, 163.3, 97),
        ("289-3414", 192.3, 156.3, 236.6, 163.3, 96), ("Eagle", 248.7, 157.7, 276.3, 165.7, 96), ("Pass", 282.8, 158.7, 304.7, 164.7, 96),
        ("II", 311.7, 159.6, 322.0, 165.2, 85), ("330", 334.6, 159.1, 350.5, 165.7, 97),
        ("2025-AEA-7986-OE", 380.3, 160.1, 469.9, 168.0, 46),
    )  # fmt: skip
    assert got["SITE-ID"] == "US-NM-3411"
    assert got["SITE NAME"] == "Eagle Pass II"
    assert got["TWR HT (FEET)"] == "330"



def test_a_heading_s_unit_after_a_dash_may_run_into_the_next_heading_s_word() -> None:
    # "AGL - feet" read in one box-line with "Height", the next column's second line: a unit, and no pair.
    got = _boxed(
        ("Site", 49.3, 113.7, 66.1, 119.6, 96), ("Name", 70.6, 114.5, 90.4, 122.4, 91), ("Copy", 231.8, 118.2, 249.5, 124.3, 96),
        ("To", 254.0, 118.7, 262.9, 123.8, 96), ("Structure", 336.8, 120.7, 376.3, 126.3, 96), ("Overall", 386.4, 121.5, 417.5, 127.1, 94),
        ("Latitude", 429.5, 122.4, 464.8, 128.2, 65), ("Longitude", 485.0, 122.4, 525.6, 133.0, 96), ("AGL", 336.3, 129.4, 349.4, 134.7, 91),
        ("-", 354.2, 131.9, 357.8, 133.3, 91), ("feet", 362.9, 129.6, 380.2, 135.2, 96), ("Height", 386.1, 130.2, 412.7, 136.6, 96),
        ("(NAD83)", 430.4, 130.2, 459.2, 139.4, 79), ("AMSL", 385.8, 139.7, 404.0, 144.8, 92), ("(FT)", 387.0, 148.1, 402.9, 154.3, 24),
        ("Mesa", 48.2, 156.2, 67.8, 163.0, 96), ("Verde", 73.4, 156.5, 98.6, 162.4, 97), ("West", 104.7, 157.4, 124.0, 163.2, 96),
        ("Jennifer", 231.3, 160.2, 271.6, 166.3, 96), ("Fairbanks", 278.0, 160.2, 323.1, 167.4, 96), ("340", 336.6, 162.1, 350.8, 168.0, 94),
        ("5035", 384.2, 163.0, 405.7, 169.7, 48), ("32.282025", 429.5, 164.1, 474.0, 170.8, 87),
        ("-90.689374", 486.0, 164.1, 536.0, 170.8, 90),
    )  # fmt: skip
    assert got["Structure AGL - feet"] == "340"
    assert got["Overall Height AMSL (FT)"] == "5035"
    assert got["Latitude (NAD83)"] == "32.282025"
