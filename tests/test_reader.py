# ruff: noqa: S101, PLR2004, INP001
"""The layout reader pairs labels and values by position alone, whatever the words say.

Word layouts are built by hand (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines) for
each way a form prints a pair; the last tests render real PDFs and read them through the engines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from layouts import words_of
from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields import load_catalog
from towerkit.fields.layout import build_lines
from towerkit.fields.mapping import label_parts, map_pairs
from towerkit.fields.reader import read_lines, read_pairs
from towerkit.fields.reader_words import split_equals
from towerkit.models import Pair, Word


def read(*rows: tuple[str, float, float], export: bool = False, size: dict[int, float] | None = None) -> dict[str, str]:
    """Pairs of hand-placed phrases (text, x, y) as {label: value}; ``size`` scales some rows' height."""
    words: list[Word] = []
    for i, (text, x, y) in enumerate(rows):
        ws = words_of(text, 1, x, y)
        if size and i in size:
            k = size[i]
            ws = [Word(w.text, 1, x + (w.x0 - x) * k, w.top, x + (w.x1 - x) * k, w.top + (w.bottom - w.top) * k) for w in ws]
        words.extend(ws)
    pairs = read_lines(build_lines(split_equals(words)), export=export)
    return {p.label: p.value for p in pairs}


def test_colon_equals_dash_and_leaders_on_one_line() -> None:
    got = read(
        ("Site ID: TX-0147", 72, 100),
        ("TOWER_HEIGHT=180", 72, 120),
        ("Lease No = L-2231", 72, 140),
        ("Tower height ........ 180 ft", 72, 160),
        ("Owner - Acme Towers LLC", 72, 180),
    )
    assert got == {
        "Site ID": "TX-0147",
        "TOWER_HEIGHT": "180",
        "Lease No": "L-2231",
        "Tower height": "180 ft",
        "Owner": "Acme Towers LLC",
    }


def test_a_blank_left_after_a_colon_is_not_a_second_separator() -> None:
    got = read(("Estimated Attendance: ____", 72, 100), ("700", 260, 100), ("Remarks: ..... none", 72, 120))
    assert got == {"Estimated Attendance": "700", "Remarks": "none"}


def test_several_pairs_on_one_line_split_at_the_widest_gap() -> None:
    got = read(("Date: 03/04/2026", 72, 100), ("Fax: 555-0100", 200, 100), ("Site Name: Elm Ridge", 330, 100))
    assert got == {"Date": "03/04/2026", "Fax": "555-0100", "Site Name": "Elm Ridge"}


def test_label_and_value_in_columns_without_separator() -> None:
    got = read(("Site Number", 72, 100), ("KS-1042", 260, 100), ("Structure Height", 72, 118), ("35.4", 260, 118))
    assert got == {"Site Number": "KS-1042", "Structure Height": "35.4"}


def test_a_line_that_opens_with_a_label_is_read_label_first() -> None:
    # A typed name spaced wide falls apart into segments that read like labels too; the line's first
    # segment reads as a label, so the line is label | value, not value | label | value.
    got = read(("PROJECT LEADER", 72, 100), ("J.", 200, 100), ("F.", 224, 100), ("Anders", 248, 100))
    assert got == {"PROJECT LEADER": "J. F. Anders"}


def test_grid_of_small_labels_over_values() -> None:
    rows = [
        ("SITE CODE", 54, 100),
        ("TOWER NAME", 222, 100),
        ("LATITUDE", 390, 100),
        ("OK-3318", 54, 114),
        ("Cedar Flats North", 222, 114),
        ("37.688999° N", 390, 114),
    ]
    got = read(*rows, size={0: 0.8, 1: 0.8, 2: 0.8})
    assert got == {"SITE CODE": "OK-3318", "TOWER NAME": "Cedar Flats North", "LATITUDE": "37.688999° N"}


def test_a_value_does_not_run_on_into_a_heading_printed_at_another_size() -> None:
    # A text layer prints a wrapped value's lines at one size: the section bar under the box is no more of it.
    rows = [("PHONE", 54, 100), ("(495) 271-8108", 54, 112), ("SECTION 3: STRUCTURE", 54, 123)]
    rows += [("HEIGHT", 54, 140), ("275 ft", 54, 152)]
    got = read(*rows, size={0: 0.7, 2: 0.95, 3: 0.7})
    assert got.get("PHONE") == "(495) 271-8108"


def test_a_row_printed_as_small_as_captions_is_the_next_row_of_captions_not_a_record() -> None:
    # Box captions over their values, row after row; the second row's boxes are cut elsewhere than the first's.
    rows = [("1a. Site No.", 78, 100), ("1b. Site Name", 316, 100), ("US-MI-3719", 80, 112), ("Fox Run", 318, 112)]
    rows += [("2a. Site Latitude", 78, 128), ("2b. Long.", 302, 128)]
    rows += [("28 50 05.28 N", 80, 140), ("108 17 52.87 W", 307, 140)]
    got = read(*rows, size={0: 0.75, 1: 0.75, 4: 0.75, 5: 0.75})
    assert got.get("Site No") == "US-MI-3719" and got.get("Site Latitude") == "28 50 05.28 N"


def test_a_boxed_value_does_not_run_on_into_the_next_box_s_caption() -> None:
    # Box captions print small: the line under a value, printed as small as its caption, is the next caption.
    rows = [("LOCATION (NAD83)", 54, 100), ("25.881103 N, 94.571614 W", 54, 112)]
    rows += [("HEIGHT ABOVE MEAN SEA LEVEL", 54, 128), ("690.4 m AMSL", 54, 140)]
    got = read(*rows, size={0: 0.8, 2: 0.8})
    assert got == {"LOCATION (NAD83)": "25.881103 N, 94.571614 W", "HEIGHT ABOVE MEAN SEA LEVEL": "690.4 m AMSL"}


def test_a_grid_of_records_pairs_every_row_with_its_headings() -> None:
    rows = [("Supplier", 72, 100), ("Cost ($)", 250, 100), ("Travel", 350, 100), ("Total Cost", 430, 100)]
    rows += [("Kapuler Market Research", 60, 115), ("$ 70,825", 250, 115), ("-0-", 350, 115), ("$70,825", 430, 115)]
    rows += [("a", 380, 122)]  # a speck between the records
    rows += [("Market Facts, Inc.", 60, 130), ("$112,000", 250, 130), ("-0-", 350, 130), ("$112,000", 430, 130)]
    words = [w for text, x, y in rows for w in words_of(text, 1, x, y)]
    got = [(p.label, p.value) for p in read_lines(build_lines(words))]
    assert ("Supplier", "Market Facts, Inc.") in got
    assert ("Total Cost", "$112,000") in got
    assert ("Supplier", "Kapuler Market Research") in got
    assert not any(label == "Market Facts, Inc." for label, _ in got)


def test_a_heading_printed_in_two_lines_is_one_label() -> None:
    rows = [("Promotion", 100, 100), ("Promotion", 200, 100)]
    rows += [("Name", 100, 107), ("Number", 200, 107), ("Quantity", 300, 107)]
    rows += [("GPC BUYDOWN", 100, 122), ("288", 200, 122), ("50,759", 300, 122)]
    assert read(*rows) == {"Promotion Name": "GPC BUYDOWN", "Promotion Number": "288", "Quantity": "50,759"}


def test_a_heading_row_where_only_the_long_headings_wrap_is_one_label_row() -> None:
    # Short headings fit on the first line; the long ones run on to the second, which has fewer cells.
    rows = [("Site No.", 80, 100), ("Type of", 180, 100), ("FCC Registration", 280, 100), ("Sheet", 400, 100)]
    rows += [("Structure", 180, 107), ("(ASR)", 280, 107)]
    rows += [("MI-76597", 80, 122), ("Monopole", 180, 122), ("1219879", 280, 122), ("2 of 3", 400, 122)]
    got = read(*rows)
    assert got == {"Site No": "MI-76597", "Type of Structure": "Monopole", "FCC Registration (ASR)": "1219879", "Sheet": "2 of 3"}


def test_a_heading_wrapped_over_three_lines_or_inside_its_bracket_is_one_label() -> None:
    rows = [("Site", 66, 100), ("Structure", 200, 100), ("Latitude (NAD", 320, 100)]
    rows += [("Identifier", 66, 107), ("Height Above", 200, 107), ("83)", 320, 107), ("Ground", 200, 114)]
    rows += [("MI-76597", 66, 130), ("43.3 meters", 200, 130), ("35.799957", 320, 130)]
    got = read(*rows)
    assert got == {
        "Site Identifier": "MI-76597",
        "Structure Height Above Ground": "43.3 meters",
        "Latitude (NAD 83)": "35.799957",
    }


def test_a_wide_table_s_headings_wrap_over_four_lines_with_the_unit_on_the_last() -> None:
    # Two headings set close read as one phrase ("BASE RENT  COPY TO"); the values' columns cut it, and each
    # lower line goes with the column it stands in, not after the last cut.
    rows = [("OWNER SITE", 44, 100), ("LEASE", 150, 100), ("BASE RENT", 260, 100), ("COPY TO", 314, 100)]
    rows += [("ID", 44, 107), ("NUMBER", 150, 107), ("PER", 260, 107), ("MONTH", 260, 114), ("(US$)", 260, 121)]
    rows += [("US-OK-7604", 44, 136), ("GL2026-255", 150, 136), ("800.00", 260, 136), ("Pinnacle Field", 314, 136)]
    got = read(*rows)
    assert got == {
        "OWNER SITE ID": "US-OK-7604", "LEASE NUMBER": "GL2026-255", "BASE RENT PER MONTH (US$)": "800.00",
        "COPY TO": "Pinnacle Field",
    }  # fmt: skip


def test_initials_with_their_stops_are_a_heading_like_any_word() -> None:
    # "W.O. #" (work order number) has no two letters together, yet heads its column like the others.
    rows = [("W.O. #", 56, 100), ("Site Ref. No.", 113, 100), ("Site Name", 188, 100)]
    rows += [("WO667163", 56, 114), ("US-OK-7604", 113, 114), ("Cedar Hollow", 188, 114)]
    assert read(*rows) == {"W.O. #": "WO667163", "Site Ref. No": "US-OK-7604", "Site Name": "Cedar Hollow"}


def test_two_headings_set_close_keep_each_their_own_second_line() -> None:
    # "LONG. (NAD STUDY" reads as one cell; under it "83)" and "OUTCOME" are each the line below their own heading.
    rows = [("LATITUDE", 460, 100), ("LONG. (NAD", 522, 100), ("STUDY", 583, 100)]
    rows += [("(NAD83)", 460, 112), ("83)", 522, 112), ("OUTCOME", 583, 112)]
    rows += [("28.235305", 460, 128), ("-72.173022", 522, 128), ("No Hazard", 590, 128)]
    got = read(*rows)
    assert got == {"LATITUDE (NAD83)": "28.235305", "LONG. (NAD 83)": "-72.173022", "STUDY OUTCOME": "No Hazard"}


def test_a_heading_s_sign_wrapped_onto_a_line_of_its_own_is_part_of_it() -> None:
    # "Contract #": the number sign, like a unit, may be all a heading's second line holds.
    rows = [("Site Ref. No.", 52, 100), ("Contract", 150, 100), ("Term", 230, 100)]
    rows += [("#", 150, 107), ("Commenced", 230, 107)]
    rows += [("US-NM-4576", 52, 122), ("L-23837", 150, 122), ("6 Jun 2001", 230, 122)]
    got = read(*rows)
    assert got == {"Site Ref. No": "US-NM-4576", "Contract #": "L-23837", "Term Commenced": "6 Jun 2001"}


def test_headings_set_close_and_one_wrapped_are_cut_by_their_values_columns() -> None:
    # Three headings read as one cell, too long for a label; the middle one wraps. The values' columns cut it.
    heading = "SITE REF. NO. COMMON NAME PERFORMED BY"
    ws = words_of(heading, 1, 45, 100)
    name_x, by_x = (next(w.x0 for w in ws if w.text == t) for t in ("COMMON", "PERFORMED"))
    rows = [(heading, 45, 100), ("VISIT DATE", 330, 100), ("OF SITE", name_x, 107)]
    rows += [("OH-74129", 45, 122), ("Oak Grove", name_x, 122), ("Nguyen Alvarez", by_x, 122)]
    rows += [("10/04/2020", 330, 122)]
    got = read(*rows)
    assert got == {
        "SITE REF. NO": "OH-74129", "COMMON NAME OF SITE": "Oak Grove", "PERFORMED BY": "Nguyen Alvarez",
        "VISIT DATE": "10/04/2020",
    }  # fmt: skip


def test_a_firm_s_name_under_a_caption_is_its_value_not_the_caption_s_second_line() -> None:
    # "Copperhill Steel Inc." has a label's shape, capitalised words; no label ends in a company form.
    got = read(("TOWER TENANT", 68, 100), ("Copperhill Steel Inc.", 68, 112))
    assert got == {"TOWER TENANT": "Copperhill Steel Inc."}


def test_a_sign_in_brackets_is_a_heading_s_unit_as_in_parentheses() -> None:
    rows = [("WORK ORDER NO.", 180, 100), ("RENT ADJUSTMENT PER YEAR [%]", 264, 100), ("TERM ENDS", 420, 100)]
    rows += [("WO151946", 180, 112), ("15", 264, 112), ("04/08/2024", 420, 112)]
    got = read(*rows, size={0: 0.6, 1: 0.6, 2: 0.6})
    assert got == {"WORK ORDER NO": "WO151946", "RENT ADJUSTMENT PER YEAR [%]": "15", "TERM ENDS": "04/08/2024"}


def test_a_heading_in_two_lines_at_a_page_s_foot_does_not_take_the_next_page_s_row() -> None:
    words = words_of("Promotion", 1, 100, 740) + words_of("Name", 1, 100, 752) + words_of("Number", 1, 200, 752)
    words += words_of("288", 2, 100, 40) + words_of("50,759", 2, 200, 40)
    got = [(p.label, p.value) for p in read_lines(build_lines(words))]
    assert ("Promotion Name", "288") not in got
    assert ("Number", "50,759") not in got


def test_label_value_pairs_under_a_grid_s_first_row_are_not_its_records() -> None:
    # A label | value form under a row that happened to read as headings: its rows are not records.
    rows = [("Pressure Drop", 72, 100), ("To be determined", 200, 100), ("Pressure Drop", 330, 100)]
    rows += [("Filter Length", 72, 115), ("20 mm", 200, 115), ("Circumference", 330, 115)]
    rows += [("Paper", 72, 130), ("554", 200, 130), ("Weight", 330, 130)]
    got = read(*rows)
    assert got.get("Paper") == "554"


def test_two_column_table_is_not_read_as_a_grid() -> None:
    rows = [("Site Name", 76, 100), ("Pine Hill", 266, 100), ("FCC ASR", 76, 118), ("1035575", 266, 118)]
    rows += [("Tower Type", 76, 136), ("MONOPOLE", 266, 136), ("Lighting System", 76, 154), ("NONE", 266, 154)]
    got = read(*rows)
    assert got == {"Site Name": "Pine Hill", "FCC ASR": "1035575", "Tower Type": "MONOPOLE", "Lighting System": "NONE"}


def test_a_label_that_counts_its_item_keeps_a_two_column_table_whole() -> None:
    # "Check 13" names its row as "Facility" does: without it, "Facility | Old Mill South" read as a grid's
    # label row over "Check 13 | N/A".
    rows = [("Vehicle", 76, 100), ("Truck 14", 266, 100), ("Check 12", 76, 118), ("OK", 266, 118)]
    rows += [("Facility", 76, 136), ("Old Mill South", 266, 136), ("Check 13", 76, 154), ("N/A", 266, 154)]
    rows += [("Crew Lead", 76, 172), ("Kevin Patel", 266, 172), ("Check 14", 76, 190), ("Adjusted", 266, 190)]
    got = read(*rows)
    assert got["Facility"] == "Old Mill South" and got["Crew Lead"] == "Kevin Patel" and got["Check 13"] == "N/A"


def test_pairs_side_by_side_in_four_columns_are_a_table_not_a_grid() -> None:
    # Label | value | label | value down a measurement sheet: the columns, not the first two rows,
    # decide it. A stray dash marks an empty value; a cell off every column ("2 Level") is more of
    # the one before it.
    rows = [
        ("Guy Tension", 48, 100), ("2,400 lb", 260, 100), ("Plumb Offset", 408, 100), ("1.5 in", 628, 100),
        ("Anchor Rod", 48, 118), ("Good", 260, 118), ("Twist", 408, 118), ("0.4 deg", 628, 118),
        ("Site ID", 48, 136), ("TX-0147", 260, 136), ("Height AGL", 408, 136), ("180 ft", 628, 136),
        ("Grounding", 48, 154), ("-", 278, 154), ("Ground Resistance", 408, 154), ("4.8 ohm", 628, 154),
        ("Bolt Torque", 48, 172), ("95 ft-lb", 260, 172), ("Guy Wire", 408, 172), ("Level", 508, 172),
        ("0.75 in", 628, 172),
    ]
    got = read(*rows)
    assert got == {
        "Guy Tension": "2,400 lb",
        "Plumb Offset": "1.5 in",
        "Anchor Rod": "Good",
        "Twist": "0.4 deg",
        "Site ID": "TX-0147",
        "Height AGL": "180 ft",
        "Ground Resistance": "4.8 ohm",
        "Bolt Torque": "95 ft-lb",
        "Guy Wire Level": "0.75 in",
    }


def test_a_dash_inside_the_rest_of_a_value_and_a_name_after_an_initial_stay_in_it() -> None:
    got = read(
        ("Reported by:", 72, 100), ("R.", 190, 100), ("Klein, Regional Manager - Cleveland, OH", 214, 100),
        ("Inspector", 72, 130), ("H.", 190, 130), ("S. Tong", 214, 130),
    )
    assert got == {"Reported by": "R. Klein, Regional Manager - Cleveland, OH", "Inspector": "H. S. Tong"}


def test_dashed_header_export_pairs_each_record() -> None:
    got = read(
        ("DATE", 0, 12),
        ("TECH", 72, 12),
        ("ACTIVITY", 144, 12),
        ("----------", 0, 24),
        ("----------", 72, 24),
        ("--------------", 144, 24),
        ("2024-03-01", 0, 36),
        ("J. Ortiz", 72, 36),
        ("Light check", 144, 36),
        export=True,
    )
    assert got == {"DATE": "2024-03-01", "TECH": "J. Ortiz", "ACTIVITY": "Light check"}


def test_a_value_run_up_to_the_next_column_is_cut_at_that_column_s_edge() -> None:
    # "Tri-County Tower Company WO374075", one word space apart: WO374075 starts on "Work Order"'s left edge.
    edge = 72 + len("Tri-County Tower Company ") * 5.5
    rows = [("Inspection Company", 72, 100), ("Work Order", edge, 100), ("Result", 330, 100)]
    rows += [("Tri-County Tower Company WO374075", 72, 114), ("Pass", 330, 114)]
    got = read(*rows, size={0: 0.8, 1: 0.8, 2: 0.8})
    assert got == {"Inspection Company": "Tri-County Tower Company", "Work Order": "WO374075", "Result": "Pass"}


def test_dashed_tables_one_under_another_are_each_read() -> None:
    got = read(
        ("Asset ID", 0, 12), ("Technician", 72, 12),
        ("--------", 0, 24), ("----------", 72, 24),
        ("US-CO-2690", 0, 36), ("C. Whitcomb", 72, 36),
        ("Work Performed", 0, 60), ("Light Outage", 108, 60),
        ("--------------", 0, 72), ("------------", 108, 72),
        ("Light inspection", 0, 84), ("NO", 108, 84),
        export=True,
    )
    assert got == {
        "Asset ID": "US-CO-2690", "Technician": "C. Whitcomb", "Work Performed": "Light inspection", "Light Outage": "NO"
    }


def test_a_section_heading_underlined_by_its_own_rule_is_no_record_of_the_table_above() -> None:
    got = read(
        ("OUTAGE", 73, 100), ("REPORT REF", 208, 100),
        ("------", 73, 112), ("----------", 208, 112),
        ("NO", 73, 124), ("R-34599", 208, 124),
        ("REMARKS", 73, 140),
        ("-------", 73, 152),
        ("All obstruction lights operating normally", 73, 164),
    )  # fmt: skip
    assert got.get("OUTAGE") == "NO" and "REMARKS" not in got.values()


def test_a_dashed_heading_may_print_its_unit_on_a_second_line_over_the_dashes() -> None:
    # Line-printer bands: a heading over "(USD)" over "=====", one record, then the next band close under it.
    got = read(
        ("SITE-ID", 56, 104), ("AGRMT NO", 110, 104),
        ("==========", 56, 114), ("========", 110, 114),
        ("US-GA-7727", 56, 124), ("946-9112", 110, 124),
        ("TERM START", 56, 144), ("RENT/MONTH", 114, 144), ("ANN ESC", 180, 144),
        ("(USD)", 114, 154), ("(%)", 180, 154),
        ("==========", 56, 164), ("==========", 114, 164), ("=======", 180, 164),
        ("26-JAN-2014", 56, 174), ("1750.00", 114, 174), ("15", 180, 174),
    )  # fmt: skip
    assert got == {
        "SITE-ID": "US-GA-7727", "AGRMT NO": "946-9112", "TERM START": "26-JAN-2014",
        "RENT/MONTH (USD)": "1750.00", "ANN ESC (%)": "15",
    }  # fmt: skip


def test_a_report_title_over_a_rule_of_stars_heads_no_column_of_the_dashed_header_under_it() -> None:
    # A line-printer report's words as its text layer places them.
    boxes = [
        ("OES699C", 69.4, 61.1, 100.9), ("Cedar", 123.4, 61.1, 145.9), ("Survey", 150.4, 61.1, 177.4),
        ("Consultants", 181.9, 61.1, 231.4), ("PAGE", 487.9, 61.1, 505.9), ("1", 519.4, 61.1, 523.9),
        ("NOTICE", 213.4, 70.5, 240.4), ("OF", 244.9, 70.5, 253.9), ("AERONAUTICAL", 258.4, 70.5, 312.4),
        ("DETERMINATION", 316.9, 70.5, 375.4), ("*" * 101, 69.4, 79.9, 523.9),
        ("SITE-ID", 69.4, 98.6, 100.9), ("FOLIO", 114.4, 98.6, 136.9), ("SITE", 150.4, 98.6, 168.4),
        ("DESC", 172.9, 98.6, 190.9), ("TOP", 231.4, 98.6, 244.9), ("ELEV", 249.4, 98.6, 267.4), ("MSL", 271.9, 98.6, 285.4),
        ("========", 69.4, 108.0, 105.4), ("======", 114.4, 108.0, 141.4), ("=" * 16, 150.4, 108.0, 222.4),
        ("=" * 12, 231.4, 108.0, 285.4), ("AL-31871", 69.4, 117.4, 105.4), ("1", 114.4, 117.4, 118.9),
        ("of", 123.4, 117.4, 132.4), ("3", 136.9, 117.4, 141.4), ("Clearwater", 150.4, 117.4, 195.4),
        ("South", 199.9, 117.4, 222.4), ("1932", 231.4, 117.4, 249.4), ("FT", 253.9, 117.4, 262.9),
    ]  # fmt: skip
    words = [Word(t, 1, x0, top, x1, top + 7.5) for t, x0, top, x1 in boxes]
    got = {p.label: p.value for p in read_lines(build_lines(words))}
    assert got["SITE DESC"] == "Clearwater South"
    assert got["TOP ELEV MSL"] == "1932 FT"


def test_a_lone_field_underlined_in_an_export_is_read_and_not_in_a_pdf() -> None:
    """``NEXT INSP. DUE`` over ``--------------`` over ``15-DEC-2027`` after a wider table: a text export
    underlines even a one-column table. In a PDF a line under a title is no header."""
    rows = (("Inspection Date", 0, 12), ("Result", 110, 12), ("---------------", 0, 24), ("------", 110, 24))
    rows += (("12/15/2024", 0, 36), ("Passed", 110, 36))
    rows += (("NEXT INSP. DUE", 0, 60), ("--------------", 0, 72), ("15-DEC-2027", 0, 84))
    got = read(*rows, export=True)
    assert got == {"Inspection Date": "12/15/2024", "Result": "Passed", "NEXT INSP. DUE": "15-DEC-2027"}
    assert "NEXT INSP. DUE" not in read(*rows)


def test_a_label_ending_in_by_asks_for_the_name_after_it() -> None:
    """``Authorized by   Dr. Connie Stone   Date 5-13-81``: the name is the value, not a label of the date."""
    got = read(("Authorized by", 72, 100), ("Dr. Connie Stone", 160, 100), ("Date 5-13-81", 300, 100))
    assert got == {"Authorized by": "Dr. Connie Stone", "Date": "5-13-81"}


def test_numbered_clause_heading_labels_its_sentence() -> None:
    got = read(("4.2 Rent. The monthly rent is $2,500.00 payable in advance", 72, 100), ("on the first day.", 72, 112))
    assert got == {"Rent": "The monthly rent is $2,500.00 payable in advance on the first day."}


def test_a_clause_heading_of_abbreviations_ends_at_its_last_one() -> None:
    got = read(("2.2 Ht. Agl. The overall height of the structure is 270' above ground level.", 72, 100))
    assert got == {"Ht. Agl": "The overall height of the structure is 270' above ground level."}
    got = read(("6.1 Max. Approved Height. The maximum approved height of the structure is 125.0 m.", 72, 100))
    assert got == {"Max. Approved Height": "The maximum approved height of the structure is 125.0 m."}
    got = read(("4.2 Rent. The Monthly Rent is $2,500.00.", 72, 100))
    assert got == {"Rent": "The Monthly Rent is $2,500.00."}  # a sentence's words run on past no stop
    got = read(("5.2 Determ. Dt. This determination was issued on the 6th of May, 2026.", 72, 100))
    assert got == {"Determ. Dt": "This determination was issued on the 6th of May, 2026."}  # cut after six letters


def test_a_speck_before_a_clause_number_still_starts_a_clause() -> None:
    """``-2.3 General.``: a scan's speck before the number; the clause above ends there."""
    got = read(
        ("2.2 Ht. Agl. The overall height of the structure is 132.6m above ground level.", 72, 100),
        ("-2.3 General. This document may be executed in counterparts.", 72, 114),
    )
    assert got == {
        "Ht. Agl": "The overall height of the structure is 132.6m above ground level.",
        "General": "This document may be executed in counterparts.",
    }


def test_a_clause_whose_sentence_leads_in_with_a_colon_is_labelled_by_its_heading() -> None:
    got = read(
        ("5.1 Remarks. The technician reported: Controller alarm tested OK.", 72, 100),
        ("3.2 Reference. Work order: WO132068.", 72, 130),
    )
    assert got == {"Remarks": "Controller alarm tested OK.", "Work order": "WO132068."}


def test_a_heading_with_its_unit_sign_standing_alone_is_a_label() -> None:
    # "RATIO %" names its column's unit, as "(%)" would: the row of headings is still a row of labels.
    got = read(("MAX. STRESS RATIO %", 72, 100), ("ANALYSIS RESULT", 250, 100), ("106.9", 72, 116), ("Fail", 250, 116))
    assert got == {"MAX. STRESS RATIO %": "106.9", "ANALYSIS RESULT": "Fail"}


def test_headings_over_values_in_twos_are_no_label_value_table() -> None:
    # Two columns of four lines, but standing in twos: each heading row, printed smaller, is over its value row.
    got = read(
        ("Sheet", 72, 100), ("Finding", 250, 100), ("3 of 3", 72, 112), ("Hazard", 250, 112),
        ("MARK/LIGHT", 72, 132), ("DETERM. DT", 250, 132),  # an abbreviation's stop ends no heading
        ("None required", 72, 144), ("July 28, 2019", 250, 144),
        size=dict.fromkeys((0, 1, 4, 5), 0.8),
    )  # fmt: skip
    assert got == {"Sheet": "3 of 3", "Finding": "Hazard", "MARK/LIGHT": "None required", "DETERM. DT": "July 28, 2019"}


def test_lines_in_twos_are_no_table_from_their_second_line_either() -> None:
    """Box captions over their values in twos: from the first values row on, the three lines left
    (values, captions, values) show no rhythm, and had read as a label | value table."""
    got = read(
        ("Task", 72, 100), ("Printed", 330, 100), ("Antenna install", 72, 112), ("06/21/2020", 330, 112),
        ("Obstruction Light Outage", 72, 136), ("Observations", 330, 136),
        ("No", 72, 148), ("Controller alarm tested OK", 330, 148),
        size=dict.fromkeys((0, 1, 4, 5), 0.6),
    )  # fmt: skip
    assert got == {
        "Task": "Antenna install",
        "Printed": "06/21/2020",
        "Obstruction Light Outage": "No",
        "Observations": "Controller alarm tested OK",
    }


def test_ticked_box_is_the_answer() -> None:
    got = read(("Permit Status: [X] Approved [ ] Denied [ ] Pending", 72, 100))
    assert got == {"Permit Status": "Approved"}
    got = read(("Determination: _ [ ] Hazard [X] No Hazard", 72, 100))  # a blank's speck before the boxes
    assert got == {"Determination": "No Hazard"}


def test_boxes_answer_their_own_question_and_leave_the_pair_before_it() -> None:
    got = read(("Age: 1 Year 9 Months", 72, 100), ("Gender: [ ] Female [X] Male", 260, 100))
    assert got == {"Age": "1 Year 9 Months", "Gender": "Male"}


def test_boxes_in_a_form_s_cell_answer_the_small_caption_over_them_not_the_value_beside() -> None:
    # A permit card's row: "Cedar Hollow" is the value of the caption over it, set in another cell before the boxes;
    # the boxes answer their own small caption. A list run on to the next line answers its caption too.
    got = read(
        ("SITE DESIGNATION", 75, 100), ("STRUCTURE CLASS", 201, 100),
        ("Cedar Hollow", 75, 110), ("[X] Guyed [ ] Monopole", 201, 110),
        ("CAPACITY RATIO (%)", 75, 140), ("LIGHT SYSTEM TYPE", 238, 140),
        ("89", 75, 150), ("[ ] L-864/L-865 dual", 238, 150), ("[X] L-864 red flashing", 238, 165),
        size={0: 0.6, 1: 0.6, 4: 0.6, 5: 0.6},
    )  # fmt: skip
    assert got.get("STRUCTURE CLASS") == "Guyed"
    assert got.get("SITE DESIGNATION") == "Cedar Hollow"
    assert got.get("LIGHT SYSTEM TYPE") == "L-864 red flashing"


def test_a_question_in_its_own_cell_before_the_boxes_is_theirs_though_a_title_stands_over_them() -> None:
    got = read(("Structural Inspection Report", 67, 83), ("PPE inspected", 67, 105), ("[X] Yes [ ] No", 144, 105))
    assert got.get("PPE inspected") == "Yes"


def test_boxes_that_lead_a_line_answer_the_question_after_them() -> None:
    got = read(("[X] Yes [ ] No", 40, 100), ("Criminal charges filed?", 140, 100), ("[ ] Yes [X] No", 40, 116))
    got |= read(("[ ] Yes [X] No", 40, 100), ("Services provided?", 140, 100))
    assert got == {"Criminal charges filed?": "Yes", "Services provided?": "No"}


def test_a_list_one_option_a_line_answers_the_question_above_whichever_is_ticked() -> None:
    got = read(
        ("Result:", 72, 100),
        ("[ ] Pass", 86, 116),
        ("[X] Failed", 86, 132),
        ("Phone: 555-0100", 72, 148),
    )
    assert got == {"Result": "Failed", "Phone": "555-0100"}


def test_options_run_on_from_the_line_that_asks() -> None:
    got = read(("Lighting: [ ] Red lights [ ] White", 72, 100), ("[X] Dual red and white", 86, 116))
    assert got == {"Lighting": "Dual red and white"}


def test_a_qualifier_in_parentheses_ends_the_label_at_its_colon() -> None:
    got = read(("Lat (NAD 83): 36.275616", 72, 100), ("Long.: -74.588952", 72, 120))
    assert got == {"Lat (NAD 83)": "36.275616", "Long": "-74.588952"}


def test_a_blank_s_rule_standing_apart_is_passed_over_to_the_value() -> None:
    # The rule of a blank stands alone between the colon and the figure written past it.
    got = read(("(10) UNIT SALES:", 72, 100), ("._", 200, 100), ("238,282", 300, 100), ("(11) DOLLAR SALES: 6,117", 72, 120))
    assert got == {"UNIT SALES": "238,282", "DOLLAR SALES": "6,117"}


def test_a_row_number_before_a_label_is_never_the_value_of_the_label_above() -> None:
    # The figure for (23) is written above its line, so (23)'s label looks below for a value; the
    # number that opens the next row is that row's, not a value.
    got = read(("(23) CAT-K-EXPENSES:", 72, 100), ("(24) CAT-L-EXPENSES: 85,208", 72, 114))
    assert got == {"CAT-L-EXPENSES": "85,208"}


def test_a_blank_filled_in_after_the_line_s_first_segment_still_separates() -> None:
    # A dash there is inside a value ("ADWEEK - Midwest"); an underscore blank never is.
    got = read(("TSR", 40, 100), ("Sample No. _ 5031", 104, 100), ("Publication", 40, 120), ("ADWEEK - Midwest", 150, 120))
    assert got["Sample No"] == "5031"
    assert got["Publication"] == "ADWEEK - Midwest"


@pytest.mark.parametrize("dy", [-6, 6, 9])
def test_a_value_typed_a_little_off_its_label_s_line_is_its_value(dy: float) -> None:
    # A typewriter not lined up with the form: the figure sits half a line above or below the label.
    got = read(("CIRCULATION", 72, 100), ("25,461", 250, 100 + dy), ("COUPON VALUE", 72, 130), ("$.75 OFF", 250, 130))
    assert got == {"CIRCULATION": "25,461", "COUPON VALUE": "$.75 OFF"}


def test_a_label_glued_to_its_entry_by_the_blank_s_underscores_is_split() -> None:
    # A scan reads a label, the blank line after it and the entry typed on it as one word.
    got = read(
        ("Speaker___Dr. Raymond White", 24, 100),
        ("Affiliation....Univ. of Minnesota", 24, 120),
        ("Topic-_The Oncogene", 24, 140),
        ("LEASE_ID = GL-7", 24, 180),
    )
    assert got == {
        "Speaker": "Dr. Raymond White",
        "Affiliation": "Univ. of Minnesota",
        "Topic": "The Oncogene",
        "LEASE_ID": "GL-7",
    }


def test_a_blank_s_underscores_run_into_one_word_only_are_no_part_of_it() -> None:
    # The rule's underscores read onto the entry typed on it, or onto the label before it, are still the blank.
    got = read(("Topic __Sister-Chromatid Exchanges", 24, 100), ("Position_", 24, 120), ("Professor", 120, 120))
    assert got == {"Topic": "Sister-Chromatid Exchanges", "Position": "Professor"}
    assert read(("FILE_NAME = tower_7", 24, 100)) == {"FILE_NAME": "tower_7"}  # inside a word they stay


def test_a_value_cut_off_at_a_comma_goes_on_across_a_gap() -> None:
    # "March 1," promises more: the year typed past a wide gap is the same date, not a second figure.
    assert read(("DATE", 72, 100), ("March 1,", 140, 100), ("1978", 260, 100)) == {"DATE": "March 1, 1978"}


def test_an_angle_printed_in_cells_is_one_value() -> None:
    # A degree or a minute mark promises more: the parts of one angle across gaps are no row of figures.
    got = read(("LAT", 72, 100), ("36\u00b0", 160, 100), ("02'", 220, 100), ('09.93" N', 280, 100))
    assert got == {"LAT": '36\u00b0 02\' 09.93" N'}
    row = [w for t, x in (("LEG", 72), ("12.5", 160), ("13.0", 220), ("14.5", 280)) for w in words_of(t, 1, x, 130)]
    assert [p.value for p in read_lines(build_lines(row))] == ["12.5", "13.0", "14.5"]  # figures stay a row


def test_a_label_and_a_figure_typed_one_space_apart_pair() -> None:
    got = read(
        ("Date Made 11/3/61", 72, 100),
        ("Distributor No. 20182", 72, 120),
        ("KENT 100", 72, 140),
        ("Greensboro, NC 27405", 72, 160),
        ("Pump Press. Card Roller 120 psig", 72, 180),
    )
    assert got == {"Date Made": "11/3/61", "Distributor No": "20182", "Pump Press. Card Roller": "120 psig"}


def test_a_dash_between_a_label_and_a_figure_pairs_them_anywhere_on_the_line() -> None:
    # A dash after the line's first segment is usually inside a value; before a short figure it pairs.
    got = read(("Prepared By:", 72, 100), ("Pay Terms - 00000", 300, 100), ("Publication", 72, 120))
    got |= read(("Publication", 72, 120), ("ADWEEK - Midwest", 150, 120), ("Remarks:", 72, 140))
    got |= read(("Remarks:", 72, 140), ("Plasticizer - 1 part LG-168 - 15 parts Estrobond", 140, 140))
    assert got["Pay Terms"] == "00000"
    assert got["Publication"] == "ADWEEK - Midwest"
    assert got["Remarks"] == "Plasticizer - 1 part LG-168 - 15 parts Estrobond"


def test_a_label_ending_in_a_sign_before_its_colon_pairs() -> None:
    # "Contract #: 117-4599": the colon is glued to the number sign, not to a word.
    got = read(("Contract #: 117-4599", 72, 100), ("Tower Name: Stony Point", 72, 120), ("SITE #: US-KS-7108", 300, 120))
    assert got == {"Contract #": "117-4599", "Tower Name": "Stony Point", "SITE #": "US-KS-7108"}


def test_a_header_whose_name_ends_in_a_short_number_still_heads_its_column() -> None:
    # A spreadsheet export's header "location_nad83" is a name, not a figure: the row under it is values.
    got = read(
        ("site_id", 0, 12), ("location_nad83", 80, 12), ("work_order", 240, 12),
        ("VA-71388", 0, 24), ("29.040758, -114.463540", 80, 24), ("WO376707", 240, 24),
        export=True,
    )
    assert got == {"site_id": "VA-71388", "location_nad83": "29.040758, -114.463540", "work_order": "WO376707"}
    # "LON_NAD_83": the datum's number set off by the export's joiner is as much a name as "nad83".
    got = read(
        ("SITE_NO", 0, 12), ("ASR", 80, 12), ("LON_NAD_83", 160, 12),
        ("MI-73677", 0, 24), ("1274159", 80, 24), ("-91.463801", 160, 24),
        export=True,
    )
    assert got == {"SITE_NO": "MI-73677", "ASR": "1274159", "LON_NAD_83": "-91.463801"}


def test_a_log_line_s_timestamp_and_level_are_not_its_label() -> None:
    got = read(
        ("2026-07-01 09:01:28 INFO Site: Cedar Hollow Water Tank", 0, 12),
        ("2026-07-01 09:02:05 [WARN] Report No.: R-15827", 0, 24),
        ("2026-07-01 09:02:37 Site Code: AL-64826", 0, 36),
        export=True,
    )
    assert got == {"Site": "Cedar Hollow Water Tank", "Report No": "R-15827", "Site Code": "AL-64826"}


def test_label_with_nothing_right_takes_the_value_below() -> None:
    got = read(("Tower Owner:", 72, 100), ("Acme Towers LLC", 72, 113))
    assert got == {"Tower Owner": "Acme Towers LLC"}


def test_a_wrapped_value_continues_on_the_aligned_line() -> None:
    got = read(("Address:", 72, 100), ("1200 Industrial Parkway", 160, 100), ("Suite 400, Dallas TX", 160, 111))
    assert got == {"Address": "1200 Industrial Parkway Suite 400, Dallas TX"}


@pytest.mark.parametrize("run", ["-----", "_____", ".....", "====="])
def test_runs_of_separators_are_never_values(run: str) -> None:
    got = read((f"Site ID {run} TX-0147 {run}", 72, 100), (f"Remarks: {run}", 72, 140))
    assert got == {"Site ID": "TX-0147"}


def test_prose_with_a_colon_is_not_a_pair() -> None:
    got = read(("The structure was found to meet the following criteria of the standard: all members", 72, 100))
    assert got == {}


def test_label_units_and_abbreviations_map_to_catalog_fields() -> None:
    cat = load_catalog()
    specs = cat.for_type("structural_inspection")
    parts = label_parts("TOWER HT. AGL (M)")
    assert parts.metres
    assert parts.units == ("m",)
    pair = Pair(1, "TOWER HT. AGL (M)", "54.9", (0, 0, 1, 1), (2, 0, 3, 1), "same_line", 0.9)
    date_label_text_value = Pair(1, "Inspection Date", "Pending", (0, 0, 1, 1), (2, 0, 3, 1), "same_line", 0.9)
    mapped = map_pairs([pair, date_label_text_value], specs, "structural_inspection", ocr=False)
    assert mapped[0].field == "structure_height_ft"
    assert mapped[1].field is None  # a date label whose value is not a date is not that field


def _pdf(path: Path, rows: list[tuple[str, float, float, float]]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    for text, x, y, size in rows:
        c.setFont("Helvetica", size)
        c.drawString(x, letter[1] - y, text)
    c.save()
    return path


def test_a_real_pdf_reads_through_the_engines(tmp_path: Path) -> None:
    rows = [
        ("Notice of Determination", 72, 60, 14),
        ("SITE CODE", 72, 110, 7),
        ("HT. AGL (FT)", 250, 110, 7),
        ("OK-3318", 72, 124, 11),
        ("300", 250, 124, 11),
        ("Expires .............. May 4, 2027", 72, 170, 10),
    ]
    doc = extract(str(_pdf(tmp_path / "form.pdf", rows)), Settings())
    pairs = read_pairs(doc)
    got = {p.label: (p.value, p.kind) for p in pairs}
    assert got == {"SITE CODE": ("OK-3318", "below"), "HT. AGL (FT)": ("300", "below"), "Expires": ("May 4, 2027", "leader")}
    for p in pairs:
        assert p.label_box[0] < p.label_box[2] <= 612
        assert p.value_box[1] > p.label_box[1] or p.kind == "leader"
        assert 0.0 < p.confidence <= 1.0


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_a_wording_taught_through_catalog_extracts_without_code(tmp_path: Path) -> None:
    """A label no catalog knows is read as a pair; one line of user catalog makes it a field."""
    rows = [
        ("Tower Structural Inspection Report", 72, 60, 14),
        ("Structure Reference Code: XQ-5531", 72, 110, 10),
        ("Inspection Date: March 3, 2026", 72, 130, 10),
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    _pdf(docs / "report.pdf", rows)
    extra = tmp_path / "extra.toml"
    extra.write_text('[fields.site_id]\nlabels = ["Structure Reference Code"]\n')

    def site_id(db: Path, *catalog: str) -> tuple[object, ...]:
        assert _cli("ingest", str(docs), "--db", str(db), "--workers", "1", *catalog).returncode == 0
        with duckdb.connect(str(db), read_only=True) as con:
            field = con.execute("SELECT value FROM fields WHERE field = 'site_id'").fetchall()
            pair = con.execute("SELECT value, field, chosen FROM kv_pairs WHERE label = 'Structure Reference Code'")
            return tuple(field), tuple(pair.fetchall())

    before = site_id(tmp_path / "a.duckdb")
    assert before == ((), (("XQ-5531", None, False),))  # read as a pair, taken by no field
    after = site_id(tmp_path / "b.duckdb", "--catalog", str(extra))
    assert after == ((("XQ-5531",),), (("XQ-5531", "site_id", True),))


def test_a_numbered_table_may_set_its_unit_column_first_and_its_figures_flush_right() -> None:
    # "# | Particulars | Unit | Value": text values flush left under the heading, figures flush right.
    rows = [("10", 63, 100), ("Property Known As", 91, 100), ("Stony Point North", 360, 100)]
    rows += [("11", 63, 116), ("Contract #", 91, 116), ("918-2845", 492, 116)]
    rows += [("12", 63, 132), ("Renewal Period", 91, 132), ("years", 312, 132), ("5", 531, 132)]
    rows += [("13", 63, 148), ("Termination Notice", 91, 148), ("days", 312, 148), ("30", 525.5, 148)]
    got = read(*rows)
    assert got == {
        "Property Known As": "Stony Point North", "Contract #": "918-2845", "Renewal Period (years)": "5",
        "Termination Notice (days)": "30",
    }  # fmt: skip
    close = [("10 Property Known As", 63, 100), ("Stony Point North", 360, 100), ("11 Contract #", 63, 116)]
    close += [("918-2845", 492, 116), ("12 Renewal Period", 63, 132), ("years", 312, 132), ("5", 531, 132)]
    assert read(*close) == {k: v for k, v in got.items() if "Notice" not in k}  # the number set close to its label


def test_a_table_value_wraps_onto_a_lone_word_under_it_and_the_table_goes_on() -> None:
    # "Group" alone under the value column reads like a label by its shape; the empty label column says wrap.
    rows = [("Property Known As", 91, 100), ("Stony Point North", 360, 100)]
    rows += [("Lessee / Carrier", 91, 116), ("Copperhill Infrastructure", 360, 116), ("Group", 360, 129)]
    rows += [("Term Commenced", 91, 145), ("05/12/2007", 360, 145)]
    got = read(*rows)
    assert got == {
        "Property Known As": "Stony Point North", "Lessee / Carrier": "Copperhill Infrastructure Group",
        "Term Commenced": "05/12/2007",
    }  # fmt: skip


def test_values_placed_anywhere_under_captions_are_no_table_column() -> None:
    # Values over small captions, two to a row: a lone figure set off the first value's edge makes no column.
    rows = [("Lakeview East", 54, 100), ("Brenda W. Pejia", 290, 100), ("FACILITY", 52, 112), ("PERFORMED BY", 288, 112)]
    rows += [("Yes", 54, 128), ("W0O315490", 323, 128), ("LIGHTS OUT?", 52, 140), ("WORK ORDER", 321, 140)]
    got = read(*rows, size={2: 0.6, 3: 0.6, 6: 0.6, 7: 0.6})
    assert "Yes" not in got


def test_a_unit_in_a_table_header_reaches_each_row() -> None:
    rows = [("Parameter", 76, 100), ("Value (m)", 266, 100), ("Tower Height", 76, 118), ("54.9", 266, 118)]
    rows += [("Ground Elevation", 76, 136), ("210.0", 266, 136), ("Tower Type", 76, 154), ("Monopole", 266, 154)]
    got = read(*rows)
    assert got == {"Tower Height (m)": "54.9", "Ground Elevation (m)": "210.0", "Tower Type": "Monopole"}
    bracketed = read(*[(t.replace("(m)", "[m]"), x, y) for t, x, y in rows])  # engineering sheets use brackets
    assert bracketed == got


def test_a_table_headed_property_value_unit_has_no_pair_of_its_headings() -> None:
    # "Property | Value | Unit" heads the table: its first row names the columns, not a property called "Value".
    rows = [("Property", 76, 100), ("Value", 266, 100), ("Unit", 380, 100), ("COMMON NAME OF SITE", 76, 118)]
    rows += [("Bear Creek Relo", 266, 118), ("SITE ID", 76, 136), ("OR-88932", 266, 136), ("HEIGHT", 76, 154)]
    rows += [("180", 266, 154), ("ft", 380, 154)]
    got = read(*rows)
    assert "Property" not in got
    assert got["COMMON NAME OF SITE"] == "Bear Creek Relo"
    assert read(*[(t.replace("Value", "Details"), x, y) for t, x, y in rows if t != "Unit"]).get("Property") is None
    assert read(*[(t.replace("Value", "Amount / Entry"), x, y) for t, x, y in rows if t != "Unit"]).get("Property") is None


def test_a_numbered_table_headed_description_unit_details_pairs_each_row() -> None:
    # "No. | Description | Unit | Details" heads label | value rows; figures are set flush right, units spelled out.
    got = read(
        ("No.", 53, 212), ("Description", 81, 212), ("Unit", 310, 212), ("Details", 360, 212),
        ("10", 53, 231), ("Site Designation", 81, 231), ("Fox Run North", 360, 231),
        ("11", 53, 247), ("FCC Registration No.", 81, 247), ("1212593", 509, 247),
        ("12", 53, 262), ("Tower Configuration", 81, 262), ("Guyed", 360, 262),
        ("13", 53, 278), ("Controlling Capacity Ratio", 81, 278), ("percent", 310, 278), ("55.6", 524, 278),
        ("14", 53, 293), ("Follow-up Due", 81, 293), ("June 13, 2028", 360, 293),
    )  # fmt: skip
    assert got["Site Designation"] == "Fox Run North"
    assert got["FCC Registration No"] == "1212593"
    assert got["Controlling Capacity Ratio (percent)"] == "55.6"
    assert got["Follow-up Due"] == "June 13, 2028"
    assert "Details" not in got


def test_a_heading_s_unit_after_a_dash_is_no_value_of_it() -> None:
    # "Height / Above / Ground - m" over "67.8": the dash gives the heading's unit, not a pair "Ground" -> "m".
    got = read(
        ("Site Number", 51, 129), ("Tower", 314, 129), ("Height", 401, 129), ("Page", 459, 129),
        ("Configuration", 314, 139.4), ("Above", 401, 139.4),
        ("Ground - m", 401, 149.9),
        ("US-KS-1490", 51, 167.7), ("Guyed", 314, 167.7), ("67.8", 401, 167.7), ("2 of 3", 459, 167.7),
    )  # fmt: skip
    assert got["Height Above Ground - m"] == "67.8"
    assert got["Tower Configuration"] == "Guyed"


def test_a_unit_after_a_dash_then_a_figure_is_a_value_and_a_currency_leads_its_figure() -> None:
    assert read(("Tower Height - ft 180", 72, 100)) == {"Tower Height": "ft 180"}
    assert read(("Monthly Rent - USD 1,250.00", 72, 100)) == {"Monthly Rent": "USD 1,250.00"}


def test_a_narrow_column_s_heading_may_wrap_over_five_lines() -> None:
    got = read(
        ("SITE", 41, 137.8), ("TOWER NAME", 99, 137.8), ("DATE PRINTED", 272, 137.8), ("ABOVE", 352, 137.8),
        ("LONGITUDE", 496, 137.8), ("NUMBER", 41, 149.3), ("GROUND", 352, 149.3), ("(NAD83)", 496, 149.3),
        ("LEVEL", 352, 160.8), ("HEIGHT", 352, 172.3), ("(meters)", 352, 183.8),
        ("UT-36968", 41, 202.4), ("Oak Grove Rooftop", 99, 202.4), ("March 3, 2026", 272, 202.4), ("51.8", 352, 202.4),
        ("81° 26' 12.22\" W", 496, 202.4),
    )  # fmt: skip
    assert got["ABOVE GROUND LEVEL HEIGHT (meters)"] == "51.8"
    assert got["SITE NUMBER"] == "UT-36968"


def test_a_date_spaced_wide_is_one_value_not_a_month_labelling_its_day() -> None:
    """``Expiration Date   Jul.   22,   2025``: a scan's gaps split the date; the month had labelled ``22, 2025``."""
    assert read(("Expiration Date", 72, 100), ("Jul.", 200, 100), ("22,", 240, 100), ("2025", 280, 100)) == {
        "Expiration Date": "Jul. 22, 2025"
    }
    row = [w for text, x in (("Jan", 72), ("12", 200), ("15", 280)) for w in words_of(text, 1, x, 100)]
    got = [(p.label, p.value) for p in read_lines(build_lines(row))]
    assert got == [("Jan", "12"), ("Jan", "15")]  # a table row headed by its month, no year: left as it was


def test_a_table_row_opening_with_a_figure_and_its_sign_is_no_numbered_clause() -> None:
    """``2 %   Olga N. Osei   $1,825   5 yrs.`` under its headings: ``2`` is no clause number, ``%`` no heading."""
    rows = [("RENT ESCALATION", 72, 100), ("PREPARED BY", 180, 100), ("BASE RENT", 300, 100), ("TERM", 400, 100)]
    rows += [("2 %", 72, 115), ("Olga N. Osei", 180, 115), ("$1,825", 300, 115), ("5 yrs.", 400, 115)]
    got = read(*rows)
    assert got["RENT ESCALATION"] == "2 %" and got["PREPARED BY"] == "Olga N. Osei" and got["TERM"] == "5 yrs."


def test_a_table_row_opening_with_a_decimal_is_no_numbered_clause() -> None:
    """``73.2 | m | Vantage Telecom Inc. | Pass``: the figure is no clause number, nor its cells one heading."""
    rows = [("HT. AGL", 72, 100), ("Inspected By", 180, 100), ("Conclusion", 300, 100), ("Capacity", 400, 100)]
    rows += [("73.2", 72, 115), ("m", 110, 115), ("Vantage Telecom Inc.", 180, 115), ("Pass", 300, 115)]
    rows += [("63.6%", 400, 115)]
    got = read(*rows)
    assert got["HT. AGL"] == "73.2 m" and got["Inspected By"] == "Vantage Telecom Inc." and got["Conclusion"] == "Pass"
    # A speck read beside a clause's number is set apart like a column; the heading after it is one phrase.
    sheet = read(("Sheet", 72, 100), ("Prepared By", 150, 100), ("Asset ID", 300, 100), ("1 of 3", 72, 115),
                 ("Aisha M. Alvarez", 150, 115), ("GA-52491", 300, 115))  # fmt: skip
    assert sheet["Sheet"] == "1 of 3" and sheet["Asset ID"] == "GA-52491"  # a sheet's count is no clause 1
    clause = read(("2.6 sj", 72, 100), ("Log Date. The site was visited on the 17th of December, 2023.", 120, 100))
    assert clause.get("sj Log Date") == "The site was visited on the 17th of December, 2023."


def test_a_heading_row_set_tight_is_cut_where_its_values_columns_start() -> None:
    """``REMAINING RENEWAL OPTIONS NOTICE PERIOD`` over ``2   60 days``: two labels, one word space apart."""
    assert read(("REMAINING RENEWAL OPTIONS NOTICE PERIOD", 72, 100), ("2", 72, 115), ("60 days", 215, 115)) == {
        "REMAINING RENEWAL OPTIONS": "2",
        "NOTICE PERIOD": "60 days",
    }
    title = read(("ANNUAL TOWER INSPECTION", 72, 100), ("ASR", 72, 115), ("1050915", 116, 115), size={0: 1.3})
    assert "ANNUAL" not in title  # a title printed larger over a label | value row is not cut into headings


def test_two_heading_cells_over_three_values_are_cut_before_they_are_judged() -> None:
    """``DETERMINATION   OBSTRUCTION MARKING & LIGHTING DATE OF DETERMINATION`` over three values.

    As two cells over ``No Hazard`` they look like label | value rows; cut at the third value's column
    they are three headings. The long middle value is set smaller to fit its column, which makes its
    heading no title: the date under the same heading is printed as large as the heading.
    """
    heading = "OBSTRUCTION MARKING & LIGHTING DATE OF DETERMINATION"
    date_x = next(w.x0 for w in words_of(heading, 1, 238, 100) if w.text == "DATE")
    got = read(
        ("DETERMINATION", 72, 100),
        (heading, 238, 100),
        ("No Hazard", 72, 115),
        ("Dual red and medium intensity white", 238, 115),
        ("14 Feb 2017", date_x, 115),
        size={3: 0.75},
    )
    assert got == {
        "DETERMINATION": "No Hazard",
        "OBSTRUCTION MARKING & LIGHTING": "Dual red and medium intensity white",
        "DATE OF DETERMINATION": "14 Feb 2017",
    }


def test_a_heading_s_unit_after_a_dash_is_no_value_even_in_years() -> None:
    # A wide table's headings over four lines, the last "Term - yrs": the unit ends the heading, no pair of its own.
    got = read(
        ("Base Rent", 50, 222), ("Escalation", 112, 222), ("Length of", 177, 222), ("Copy To", 240, 222),
        ("Renewal", 397, 222), ("Days' Notice", 465, 222),
        ("per Month", 50, 234), ("Rate - %", 112, 234), ("Each", 177, 234), ("Options", 397, 234),
        ("Required", 465, 234),
        ("($)", 50, 245), ("Renewal", 177, 245), ("Remaining", 397, 245), ("[days]", 465, 245),
        ("Term - yrs", 177, 257),
        ("3650.00", 50, 275), ("2", 112, 275), ("5", 177, 275), ("Crestview Vertical Solutions", 240, 275),
        ("0", 397, 275), ("180", 465, 275),
    )  # fmt: skip
    assert got.get("Length of Each Renewal Term - yrs") == "5"
    assert got.get("Renewal Options Remaining") == "0"
    assert "Term" not in got


def test_a_list_s_ticked_box_answers_the_heading_over_its_column_not_the_row_of_headings() -> None:
    # A permit card: "Permit Category" heads a list one option a line; the headings beside it head other cells.
    got = read(
        ("Permit Category", 75, 164), ("Permit Issued", 257, 164), ("Site Name", 386, 164),
        ("☐ Eligible Facilities Request", 75, 174), ("November 23, 2026", 257, 174), ("Eagle Pass II", 386, 174),
        ("☒ Building", 75, 190),
        size={0: 0.55, 1: 0.55, 2: 0.55},
    )  # fmt: skip
    assert got.get("Permit Category") == "Building"
    assert not [label for label in got if "Site Name" in label and "Permit" in label]
