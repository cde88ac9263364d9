# ruff: noqa: S101, PLR2004, INP001
"""How a form's rows are read when shape alone misleads: blank fields, spacing, a line's last pair.

Hand-placed words (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines); a scan's words carry an
OCR confidence and are placed by hand where their gaps are the point.
"""

from __future__ import annotations

from layouts import CHAR_W, LINE_H, words_of
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines
from towerkit.models import Word


def pairs(*rows: tuple[str, float, float], conf: float | None = None) -> list[tuple[str, str]]:
    """(label, value) of every pair read from phrases (text, x, y) on one page."""
    words: list[Word] = []
    for text, x, y in rows:
        words.extend(words_of(text, 1, x, y, conf))
    return [(p.label, p.value) for p in read_lines(build_lines(words))]


def scanned_pairs(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    """(label, value) of every pair read from Tesseract's words as it boxed them (text, x0, top, x1, bottom)."""
    words = [Word(t, 1, x0, top, x1, bottom, 90.0) for t, x0, top, x1, bottom in boxes]
    return [(p.label, p.value) for p in read_lines(build_lines(words))]


def spaced(texts: tuple[str, ...], x: float, y: float, gaps: tuple[float, ...]) -> list[Word]:
    """Scanned words (confidence 90) with the given gaps between them, in points."""
    out, cx = [], x
    for t, gap in zip(texts, (*gaps, 0.0), strict=True):
        w = len(t) * CHAR_W
        out.append(Word(t, 1, cx, y, cx + w, y + LINE_H, 90.0))
        cx += w + gap
    return out


def test_a_blank_fields_label_after_a_colon_is_not_its_value() -> None:
    """``Budget Check:  Date`` left blank: ``Date`` names a field on this page, the value is the name typed under it."""
    got = pairs(
        ("Date: 10/9/87", 72, 60),
        ("Budget Check:", 72, 100),
        ("Date", 300, 100),
        ("K. F. Lyle", 72, 113),
    )
    assert ("Budget Check", "Date") not in got
    assert ("Budget Check", "K. F. Lyle") in got
    assert ("Date", "10/9/87") in got


def test_a_word_the_page_never_names_a_field_is_still_a_value() -> None:
    got = pairs(("Date: 10/9/87", 72, 60), ("Budget Check:", 72, 100), ("Approved", 300, 100))
    assert ("Budget Check", "Approved") in got


def test_a_value_typed_double_spaced_goes_on_under_its_first_word() -> None:
    got = pairs(
        ("PROJECT OBJECTIVE", 72, 100),
        ("To develop a nonfilter menthol cigarette", 190, 100),
        ("delivering 21-24 mg tar as a menthol", 190, 122),
        ("companion to the regular brand.", 190, 144),
        ("OTHER PERSONNEL", 72, 190),
    )
    assert got[0] == (
        "PROJECT OBJECTIVE",
        "To develop a nonfilter menthol cigarette delivering 21-24 mg tar as a menthol companion to the regular brand.",
    )


def test_a_double_spaced_line_off_the_values_first_word_is_not_more_of_it() -> None:
    got = pairs(
        ("PROJECT OBJECTIVE", 72, 100),
        ("To develop a nonfilter menthol cigarette", 190, 100),
        ("Approved by the committee", 260, 122),
    )
    assert got[0] == ("PROJECT OBJECTIVE", "To develop a nonfilter menthol cigarette")


def test_a_scanned_line_spaced_evenly_is_one_phrase() -> None:
    """Every gap alike (1.8 characters, as a scan's ink boxes make a word space): one value, not three cells."""
    words = [
        *words_of("Account Executive:", 1, 72, 100, 90.0),
        *spaced(("Peter", "Faucetta", "Jr."), 190, 112, (10.0, 9.5)),
    ]
    got = [(p.label, p.value) for p in read_lines(build_lines(words))]
    assert got == [("Account Executive", "Peter Faucetta Jr.")]


def test_a_scanned_line_with_one_gap_wider_than_its_word_spaces_is_still_cut_there() -> None:
    line = build_lines(spaced(("DATE", "April", "30,", "1985"), 72, 100, (10.0, 6.0, 6.0)))[0]
    assert [" ".join(w.text for w in s.words) for s in line.segments] == ["DATE", "April 30, 1985"]


def test_after_a_pair_the_lines_last_two_phrases_are_a_pair_too() -> None:
    """``Phone  (312) 467-6500  ext. 12  Subject  L&M Lawsuit``: a value in two cells, then one more pair.

    The line does not alternate label | value cell by cell, and ``L&M Lawsuit`` is shaped like a label
    as much as ``Subject`` is; but the line is a row of pairs, and its last two cells are its last pair.
    """
    got = pairs(
        ("Phone", 72, 100),
        ("(312) 467-6500", 130, 100),
        ("ext. 12", 222, 100),
        ("Subject", 300, 100),
        ("L&M Lawsuit", 360, 100),
    )
    assert got == [("Phone", "(312) 467-6500 ext. 12"), ("Subject", "L&M Lawsuit")]


def test_statements_run_on_one_line_end_at_their_bullet_or_semicolon() -> None:
    """``Asset ID: US-NC-5602 • Facility: Sandy Ridge East • Lease ID: L-98920``: each statement ends at its mark."""
    got = pairs(
        ("Asset ID: US-NC-5602 \u2022 Facility: Sandy Ridge East \u2022 Lease ID: L-98920", 72, 100),
        ("SITE #: US-KS-9575; Tower Name: Turkey Trot Water Tank; Lease No.: 800-3680", 72, 120),
    )
    assert got == [
        ("Asset ID", "US-NC-5602"),
        ("Facility", "Sandy Ridge East"),
        ("Lease ID", "L-98920"),
        ("SITE #", "US-KS-9575"),
        ("Tower Name", "Turkey Trot Water Tank"),
        ("Lease No", "800-3680"),
    ]


def test_a_semicolon_inside_the_last_value_stays_in_it() -> None:
    """No label follows the semicolon: it is the value's own punctuation."""
    assert pairs(("Findings: rust on leg B; touch-up recommended", 72, 100)) == [
        ("Findings", "rust on leg B; touch-up recommended")
    ]


def test_numbered_rows_pair_their_label_and_value_and_leave_the_note_apart() -> None:
    """``No. | Description | Entry | Remarks`` over numbered rows: each row is its label and its entry."""
    got = pairs(
        ("No.", 63, 139),
        ("Description", 103, 139),
        ("Entry", 263, 139),
        ("Remarks", 453, 139),
        ("1.", 63, 161),
        ("SITE NUMBER", 103, 161),
        ("GA-83754", 263, 161),
        ("2.", 63, 183),
        ("CONSTRUCTION", 103, 183),
        ("GUYED", 263, 183),
        ("As built", 453, 183),
        ("3.", 63, 205),
        ("ASR", 103, 205),
        ("1243238", 263, 205),
    )
    assert ("SITE NUMBER", "GA-83754") in got
    assert ("CONSTRUCTION", "GUYED") in got
    assert ("ASR", "1243238") in got


def test_a_run_on_line_s_last_value_ends_at_its_mark_when_the_next_statement_wraps() -> None:
    """``Licensee: Sterling Inspection Corp. • Amendment`` / ``Date: November 26, 2019``: the label wraps, not the value."""
    got = pairs(
        ("Owner: Gutierrez Family Trust \u2022 Licensee: Sterling Inspection Corp. \u2022 Amendment", 69, 149),
        ("Date: November 26, 2019", 69, 163),
    )
    assert ("Licensee", "Sterling Inspection Corp.") in got


def test_a_value_wrapped_onto_the_next_run_on_line_is_not_the_start_of_its_first_label() -> None:
    """``... SITE:`` / ``Old Mill North; APPLICATION TYPE: Electrical``: the label starts after the semicolon."""
    got = pairs(
        ("SITE NUMBER: US-CO-2113; PERMIT #: BP-2024-89966; SITE:", 76, 107),
        ("Old Mill North; APPLICATION TYPE: Electrical; TOWER OWNER: Meridian Steel", 76, 122),
    )
    assert ("APPLICATION TYPE", "Electrical") in got


def test_a_form_s_item_numbers_before_its_captions_are_no_figures_of_theirs() -> None:
    # "1a." numbers the box, not the caption: the row of captions is still a row of labels over the values.
    got = dict(
        pairs(
            ("1a. Site Identifier", 56, 100), ("1b. Site Name", 180, 100), ("2. Height (ft)", 330, 100),
            ("KS-1042", 58, 114), ("Elm Ridge", 182, 114), ("185", 332, 114),
        )
    )
    assert got == {"Site Identifier": "KS-1042", "Site Name": "Elm Ridge", "Height (ft)": "185"}


def test_a_second_item_number_on_the_line_ends_the_first_caption_it_is_no_clause_s_sentence() -> None:
    # "1. SITE NO." ends in a full stop like a clause's heading, but what follows across the gap is item 2's caption.
    got = dict(
        pairs(
            ("1. SITE NO.", 66, 100), ("2. COMMON NAME OF SITE", 257, 100),
            ("US-TX-9090", 68, 114), ("Willow Bend Water Tank", 259, 114),
        )
    )
    assert got == {"SITE NO": "US-TX-9090", "COMMON NAME OF SITE": "Willow Bend Water Tank"}


def test_on_a_scan_a_line_off_the_heading_s_edges_and_centre_is_the_next_heading_not_its_wrap() -> None:
    # Tesseract's words of a scanned summary table: "SITE NUMBER" and "TOWER" set close read as one cell; the
    # line under "TOWER" ("CONFIGURATION") starts under it, off that cell's edges and centre: not the cell's wrap,
    # but the wrap of the heading whose first word stands where it starts.
    boxes = [
        ("COMMON", 50.4, 114.5, 87.8, 120.0), ("NAME", 90.0, 114.5, 113.4, 120.4), ("FCC", 127.8, 114.8, 143.2, 120.8),
        ("SITE", 207.6, 115.5, 224.7, 121.1), ("NUMBER", 227.2, 115.5, 261.8, 121.5),
        ("TOWER", 269.5, 115.8, 299.2, 121.8), ("STRUCTURE", 359.8, 116.5, 407.4, 122.5),
        ("OF", 50.0, 123.5, 60.5, 129.2), ("SITE", 62.6, 123.5, 80.2, 129.2),
        ("REGISTRATION", 126.3, 119.7, 187.6, 133.3), ("CONFIGURATION", 269.5, 120.8, 337.1, 134.4),
        ("HEIGHT", 359.8, 125.7, 390.9, 131.6), ("(ASR)", 127.8, 132.7, 147.7, 139.3),
        ("ABOVE", 359.8, 134.4, 387.1, 140.3), ("GROUND", 359.8, 143.5, 393.8, 149.4), ("(ft)", 396.2, 143.8, 406.0, 150.5),
        ("Saddle", 50.0, 156.8, 71.8, 162.8), ("Butte", 74.2, 156.8, 91.7, 162.8), ("Relo.", 94.2, 157.2, 109.2, 163.1),
        ("1170672", 128.4, 157.5, 155.8, 163.4), ("US-OK-3785", 207.6, 157.8, 250.9, 164.2),
        ("SELF-SUPPORTING", 269.5, 158.2, 341.2, 164.8), ("285", 359.8, 158.9, 371.4, 164.8),
    ]  # fmt: skip
    got = scanned_pairs(boxes)
    assert not [label for label, _ in got if "CONFIGURATION" in label and "NUMBER" in label], got
    assert ("TOWER CONFIGURATION", "SELF-SUPPORTING") in got
    assert ("SITE NUMBER", "US-OK-3785") in got


def test_a_scan_s_speck_among_the_headings_does_not_unmake_their_row() -> None:
    # "oc": a scrap OCR read between two headings; the row is still headings over the values under them.
    got = dict(
        pairs(
            ("Tower Site #", 41, 100), ("Site Designation", 129, 100), ("oc", 250, 100), ("Longitude", 300, 100),
            ("US-MI-2239", 42, 114), ("Saddle Butte South", 129, 114), ("85 00 41.88 W", 300, 114),
            conf=90.0,
        )
    )  # fmt: skip
    assert got.get("Site Designation") == "Saddle Butte South" and got.get("Longitude") == "85 00 41.88 W"


def test_a_row_of_boxes_answers_the_caption_over_it_not_the_figure_before_it() -> None:
    # A boxed choice beside a boxed figure: the caption over the first box asks, the figure is its own caption's,
    # and the ticked option ends with its cell, not with the line.
    got = dict(
        pairs(
            ("3a. ASR No.", 56, 100), ("3b. Structure Type", 180, 100), ("4. Result", 56, 130), ("5. Usage (%)", 330, 130),
            ("1288517", 58, 114), ("\u2612 Lattice", 182, 114), ("\u2610 Guyed", 260, 114),
            ("\u2610 Fail", 58, 144), ("\u2612 Pass", 120, 144), ("59.4", 332, 144),
        )
    )
    assert got["Structure Type"] == "Lattice"
    assert got["Result"] == "Pass"
    assert got.get("ASR No") == "1288517"
    assert got.get("Usage (%)") == "59.4"


def test_a_sentence_under_a_numbered_heading_is_no_value_of_it() -> None:
    # "3. Decision" reads as a caption once its number is the form's; the sentence under it is prose, date or not.
    assert pairs(("3. Decision", 73, 100), ("The approval is valid until June 10, 2023.", 73, 114)) == []


def test_pairs_set_side_by_side_are_read_as_pairs_not_as_column_headings() -> None:
    # Each label close to its value, the pairs far apart: lines of pairs, not a row of headings over a row of values.
    got = dict(
        pairs(
            ("SUBMITTED BY", 63, 100), ("Redline Field Group", 140, 100),
            ("OUR REF.", 63, 120), ("R-12181", 120, 120), ("OWNER SITE #", 300, 120), ("CO-71236", 380, 120),
            ("Lessee", 63, 140), ("Westfield Group", 108, 140), ("Landlord", 300, 140), ("Harlan Trust", 356, 140),
            ("Effective Date", 63, 160), ("2020-12-14", 155, 160),
        )
    )
    assert got == {
        "SUBMITTED BY": "Redline Field Group",
        "OUR REF": "R-12181",
        "OWNER SITE #": "CO-71236",
        "Lessee": "Westfield Group",
        "Landlord": "Harlan Trust",
        "Effective Date": "2020-12-14",
    }


def test_a_date_typed_one_digit_a_box_is_one_value_of_its_row() -> None:
    # The boxes' groups set apart like cells: one date, not columns that would cut the name above into headings.
    got = dict(
        pairs(
            ("FACILITY NAME", 63, 100), ("Oak Grove North", 158, 100),
            ("DATE ON SITE", 63, 120), ("0 5", 152, 120), ("/", 181, 120), ("1 3", 196, 120), ("/", 225, 120),
            ("2 0 2 0", 240, 120),
        )
    )
    assert got == {"FACILITY NAME": "Oak Grove North", "DATE ON SITE": "05/13/2020"}


def test_a_scanned_wide_table_s_headings_in_three_lines_each_find_their_values() -> None:
    # Tesseract's words of a wide table scanned at 130 dpi: "Structure" (under "Height of") and "(NAD83)" (under
    # "Latitude") set close read as one line cell; "Work Order" wraps to "No."; a heading read as "cc" leaves its
    # value ("Harbor Infrastructure Inc.") no heading, rather than the one on its left.
    boxes = [
        ("Tower", 34.2, 91.8, 55.6, 97.4), ("Name", 58.2, 91.8, 77.7, 97.4), ("cc", 109.8, 93.3, 117.6, 97.6),
        ("Tower", 205.0, 92.4, 226.6, 98.0), ("Site#", 229.0, 92.4, 248.3, 98.0),
        ("Height", 355.0, 92.8, 377.4, 99.9), ("of", 379.7, 93.0, 386.4, 98.4), ("Latitude", 396.1, 93.0, 423.9, 98.6),
        ("Structure", 354.7, 101.5, 387.1, 107.2), ("(NAD83)", 395.7, 101.5, 424.3, 108.8),
        ("[m]", 354.9, 110.5, 365.7, 117.4),
        ("Sandy", 34.4, 123.4, 55.6, 130.8), ("Ridge", 58.4, 123.6, 77.7, 130.8), ("South", 80.6, 123.6, 100.0, 129.4),
        ("Harbor", 110.1, 123.8, 132.9, 129.6), ("Infrastructure", 135.7, 123.8, 180.3, 129.7),
        ("Inc.", 183.5, 124.0, 194.9, 129.7), ("US-PA-2875", 205.5, 124.0, 247.9, 129.9),
        ("67.1", 354.7, 123.8, 368.1, 132.5), ("42.255429°", 395.7, 124.9, 434.6, 130.5),
        ("N", 437.9, 124.7, 442.4, 130.5),
        ("Next", 288.4, 157.2, 303.5, 162.8), ("Work", 345.5, 157.4, 363.6, 163.0),
        ("Order", 366.1, 157.6, 385.8, 163.0),
        ("Scheduled", 288.0, 166.1, 324.6, 171.7), ("No.", 345.7, 166.3, 356.9, 171.9),
        ("Inspection", 288.2, 174.9, 324.2, 182.0),
        ("02/12/2027", 288.0, 188.9, 326.1, 194.9), ("WO0743445", 345.5, 189.1, 384.0, 195.1),
    ]  # fmt: skip
    got = scanned_pairs(boxes)
    assert ("Tower Name", "Sandy Ridge South") in got
    assert ("Height of Structure [m]", "67.1") in got
    assert ("Latitude (NAD83)", "42.255429° N") in got
    assert ("Next Scheduled Inspection", "02/12/2027") in got
    assert ("Work Order No", "WO0743445") in got


def test_a_scanned_heading_row_is_one_size_though_some_of_its_boxes_stand_tall() -> None:
    # Tesseract's boxes of a skewed 150 dpi scan: LOCATION, CODE, TERM and COMMENCED took in ink of the line
    # below and stand twice as tall as their print. The heading's two lines are still printed alike.
    boxes = [
        ("LOCATION", 31.3, 98.0, 69.5, 109.7), ("COMMON", 94.3, 98.9, 126.9, 105.0), ("NAME", 129.7, 98.5, 150.3, 104.1),
        ("OF", 152.6, 98.0, 161.9, 103.6), ("LICENSEE", 317.8, 94.3, 352.8, 100.3),
        ("SERVICE", 408.8, 92.4, 439.6, 98.5), ("TERM", 464.8, 89.6, 484.9, 100.8),
        ("CODE", 31.3, 107.3, 53.2, 119.0), ("SITE", 94.7, 108.3, 110.1, 113.9), ("ORDER", 408.8, 101.3, 434.5, 107.3),
        ("COMMENCED", 463.4, 98.0, 512.4, 109.7),
        ("US-VA-5177", 33.6, 122.3, 75.1, 128.8), ("Oak", 94.7, 121.3, 108.3, 127.4),
        ("Grove", 110.6, 121.3, 130.7, 126.9), ("North", 133.0, 120.9, 151.2, 126.5),
        ("Ironwood", 318.3, 116.7, 348.6, 122.7), ("Steel", 350.9, 116.2, 367.3, 121.8), ("LLC", 370.5, 115.7, 383.6, 121.3),
        ("WO0636914", 407.4, 112.5, 447.1, 124.6), ("12/03/2013", 466.2, 111.5, 502.6, 123.2),
    ]  # fmt: skip
    got = scanned_pairs(boxes)
    assert ("LOCATION CODE", "US-VA-5177") in got
    assert ("COMMON NAME OF SITE", "Oak Grove North") in got
    assert ("TERM COMMENCED", "12/03/2013") in got


def test_a_scanned_line_printer_report_whose_rules_ocr_dropped_still_has_its_columns() -> None:
    # Tesseract's words of a 160 dpi report: the ===== rules under the headings are gone, leaving their lines'
    # gaps; the unit "(FT)" (read "{FT)") stands a line's pitch under its heading; NAD83 was read NAD&83.
    boxes = [
        ("JOB", 76.2, 130.5, 92.4, 136.6), ("TICKET", 98.6, 131.0, 131.6, 137.2), ("SITE", 143.4, 131.6, 164.1, 137.8),
        ("NO", 170.2, 132.2, 181.4, 137.8), ("TOP", 443.5, 136.6, 459.2, 142.2), ("ELEV", 465.9, 137.2, 487.8, 142.8),
        ("MSL", 493.4, 137.2, 510.2, 143.4), ("{FT)", 444.6, 150.1, 463.1, 157.4),
        ("WO742192", 75.6, 172.5, 118.7, 178.6), ("US-NC-4075", 142.8, 173.6, 196.6, 180.3),
        ("4464", 443.5, 178.1, 463.7, 184.2),
        ("LAT", 75.0, 201.0, 91.3, 206.6), ("NAD&83", 97.4, 201.0, 123.8, 207.2),
        ("LONGITUDE", 136.6, 201.6, 185.4, 207.8), ("EXPIRES", 331.5, 203.3, 369.0, 211.1),
        ("38.881999", 75.0, 227.9, 123.8, 234.1), ("-116.672216", 137.2, 229.0, 196.0, 235.8),
        ("2024-07-28", 331.5, 231.8, 385.3, 238.6),
    ]  # fmt: skip
    got = scanned_pairs(boxes)
    assert ("TOP ELEV MSL {FT)", "4464") in got
    assert ("JOB TICKET", "WO742192") in got
    assert ("LAT NAD&83", "38.881999") in got
    assert ("EXPIRES", "2024-07-28") in got


def test_a_report_row_under_headings_one_of_which_ocr_lost_is_still_their_values() -> None:
    # A skewed 120 dpi permit register: the rule under the headings is gone and so is the heading over "195";
    # every heading still has a value starting at its left edge, two lines' gap under it.
    boxes = [
        ("ISSUED", 110.5, 196.0, 149.3, 203.5), ("WORK", 203.1, 198.2, 228.8, 205.7), ("CLASS", 235.9, 199.4, 268.4, 206.8),
        ("OUR", 322.9, 201.6, 342.0, 208.7), ("REF", 349.4, 202.3, 368.9, 209.4), ("EXPIRES", 390.1, 203.5, 435.3, 211.3),
        ("15-NOV-2022", 109.4, 237.1, 180.7, 245.7), ("Zoning", 202.7, 239.3, 240.8, 249.0),
        ("Variance", 247.9, 240.8, 300.9, 249.0), ("R-90381", 321.8, 242.7, 367.0, 250.9),
        ("15-NOV-2024", 389.4, 244.5, 461.1, 253.5), ("195", 482.7, 246.8, 500.6, 254.6),
    ]  # fmt: skip
    got = dict(scanned_pairs(boxes))
    assert got.get("ISSUED") == "15-NOV-2022"
    assert got.get("WORK CLASS") == "Zoning Variance"
    assert got.get("OUR REF") == "R-90381"


def test_a_scanned_heading_row_set_close_is_cut_where_the_lines_under_it_start() -> None:
    # Tesseract's words of a skewed wide table: "OWNER SITE" and "CONTACT" set close read as one cell over "ID" and
    # "PHONE"; "START DATE" runs past "LEASE" above it; "ID" alone is a heading's last line, as "No." is.
    boxes = [
        ("OWNER", 55.4, 138.8, 91.2, 146.8), ("SITE", 94.6, 139.4, 115.4, 146.8), ("CONTACT", 124.4, 139.7, 170.8, 148.1),
        ("REPORT", 204.1, 141.2, 243.3, 149.0), ("SITE", 254.2, 142.2, 275.0, 149.6), ("NAME", 278.4, 142.8, 305.5, 150.3),
        ("LEASE", 338.8, 143.7, 369.9, 151.5), ("LANDLORD", 391.1, 144.7, 443.6, 152.4),
        ("LEASE", 622.2, 148.7, 653.3, 156.5), ("AMENDMENT", 689.1, 150.0, 751.0, 158.0),
        ("ID", 55.4, 150.3, 64.4, 157.4), ("PHONE", 124.4, 151.5, 157.7, 159.0), ("REF.", 203.8, 151.5, 224.6, 164.0),
        ("NUMBER", 338.5, 155.2, 379.2, 163.0), ("START", 621.6, 159.9, 653.0, 167.7), ("DATE", 656.1, 160.8, 681.6, 168.3),
        ("DATED", 689.4, 161.5, 721.5, 168.9),
        ("US-NM-5132", 55.4, 168.9, 112.9, 177.3), ("(844)", 124.4, 170.2, 146.2, 179.8),
        ("858-6389", 150.3, 170.8, 192.0, 178.9), ("R-7246", 203.8, 171.4, 235.8, 179.5), ("Bear", 254.2, 172.4, 274.4, 180.1),
        ("Creek", 277.8, 172.7, 304.0, 180.8), ("East", 307.7, 173.3, 327.0, 181.1), ("L-23696", 338.5, 173.9, 374.0, 182.0),
        ("Kevin", 390.8, 174.8, 414.1, 182.6), ("L.", 418.1, 175.2, 425.0, 182.6), ("Fairbanks", 429.3, 175.5, 472.6, 183.6),
        ("30", 621.3, 178.9, 631.9, 186.4), ("Aug", 635.3, 179.2, 652.4, 188.8), ("2003", 655.8, 179.5, 677.6, 187.3),
        ("24", 688.8, 180.1, 699.7, 187.6), ("Sep", 703.1, 180.1, 719.9, 190.1), ("2024", 723.3, 180.8, 745.1, 188.2),
    ]  # fmt: skip
    got = scanned_pairs(boxes)
    assert ("OWNER SITE ID", "US-NM-5132") in got
    assert ("CONTACT PHONE", "(844) 858-6389") in got
    assert ("LEASE NUMBER", "L-23696") in got
    assert ("LEASE START DATE", "30 Aug 2003") in got
    assert ("AMENDMENT DATED", "24 Sep 2024") in got


def test_a_box_read_apart_from_its_option_is_no_caption_over_the_ticked_box_under_it() -> None:
    """A permit card scanned askew: ``[ ] Guyed`` read as ``[`` and ``] Guyed`` in two cells is the first option of a
    list one option a line, not the caption of ``[X] Self-supporting`` under it: the small caption over them asks."""
    got = scanned_pairs(
        [
            ("HEIGHT", 64, 148, 84, 153), ("OF", 86, 148, 93, 153), ("STRUCTURE,", 95, 147, 130, 152),
            ("M", 132, 147, 136, 151), ("STRUCTURE", 168, 145, 201, 150), ("CLASS", 203, 144, 221, 149),
            ("LAT.", 300, 141, 310, 146), ("(NAD", 312, 141, 325, 146), ("83)", 327, 141, 335, 146),
            ("64.0", 63, 158, 85, 171), ("[", 168, 157, 171, 167), ("]", 177, 156, 180, 167),
            ("Guyed", 185, 155, 217, 166), ("38-29-14.71N", 300, 150, 366, 161),
            ("[X]", 169, 173, 182, 183), ("Self-supporting", 187, 171, 260, 182),
            ("[", 170, 190, 172, 200), ("]", 178, 189, 181, 200), ("Monopole", 186, 188, 234, 199),
        ]
    )  # fmt: skip
    assert ("STRUCTURE CLASS", "Self-supporting") in got
    assert not [p for p in got if "Guyed" in p[0]]


def test_a_box_s_left_half_read_as_a_brace_is_still_a_box_so_its_option_is_no_question() -> None:
    """Tesseract's boxes on a permit card: ``[ ] Denied`` read ``{[`` | ``]`` | ``Denied``; the caption asks."""
    got = scanned_pairs(
        [
            ("Permit", 89, 312, 112, 316), ("Status", 117, 312, 140, 316),
            ("{[", 91, 324, 93, 333), ("]", 112, 324, 115, 333), ("Denied", 122, 325, 164, 333),
            ("[X]", 180, 325, 197, 334), ("Approved", 204, 326, 260, 335), ("[", 277, 326, 279, 335),
            ("]", 298, 327, 300, 335), ("Active", 307, 327, 349, 335),
        ]
    )  # fmt: skip
    assert got == [("Permit Status", "Approved")]


def test_two_scanned_headings_read_as_one_phrase_are_cut_where_the_wider_gap_stands_over_a_value_column() -> None:
    """Tesseract's boxes on a wide table: ``Ground Owner  Job Ticket`` read as one cell over two values; the gap
    before ``Job`` is wider than the heading's word spaces and the second value starts under it."""
    got = dict(
        scanned_pairs(
            [
                ("Property", 128, 140, 166, 149), ("Known", 168, 140, 199, 148), ("As", 202, 140, 213, 148),
                ("Ground", 235, 141, 269, 148), ("Owner", 271, 141, 301, 148), ("Job", 309, 142, 324, 149),
                ("Ticket", 327, 142, 354, 149), ("Tenant", 383, 141, 413, 148),
                ("Quarry", 128, 171, 157, 181), ("Hill", 160, 172, 175, 179), ("South", 179, 172, 203, 179),
                ("Kevin", 235, 172, 260, 180), ("Patel", 263, 172, 284, 180), ("WO0701520", 309, 171, 357, 180),
                ("Redline", 383, 174, 415, 181), ("Infrastructure", 418, 174, 474, 182), ("Co.", 477, 174, 492, 182),
            ]
        )
    )  # fmt: skip
    assert got.get("Ground Owner") == "Kevin Patel"
    assert got.get("Job Ticket") == "WO0701520"
    assert got.get("Property Known As") == "Quarry Hill South"


def test_a_table_row_whose_number_a_scan_read_with_a_comma_is_still_a_row() -> None:
    """Tesseract's boxes on a statement's numbered table: ``17,`` for ``17.`` numbers the last row all the same."""
    got = dict(
        scanned_pairs(
            [
                ("15", 51, 287, 60, 294), ("Length", 74, 287, 100, 296), ("of", 103, 287, 111, 294),
                ("Each", 113, 287, 132, 294), ("Renewal", 136, 288, 169, 295), ("Term", 172, 288, 194, 295),
                ("5", 445, 291, 449, 297), ("years", 452, 292, 473, 299),
                ("16", 51, 301, 60, 308), ("Renewal", 74, 301, 107, 308), ("Options", 110, 301, 141, 310),
                ("Remaining", 144, 302, 185, 311), ("1", 469, 305, 472, 311),
                ("17,", 51, 315, 59, 321), ("Notice", 74, 315, 98, 321), ("Period", 101, 315, 126, 322),
                ("days", 271, 317, 289, 325), ("90", 463, 318, 473, 325),
            ]
        )
    )  # fmt: skip
    assert got.get("Notice Period (days)") == "90"
    assert got.get("Renewal Options Remaining") == "1"
