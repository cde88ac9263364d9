# ruff: noqa: S101, INP001
"""A questionnaire's numbered questions answered on the line under them, read by position and marks alone.

Hand-placed words (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines); lines 14 pt apart.
"""

from __future__ import annotations

from layouts import words_of
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines
from towerkit.models import Word


def pairs(*rows: tuple[str, float, float], conf: float | None = None) -> list[tuple[str, str, str]]:
    """(label, value, kind) of every pair read from phrases (text, x, y) on one page; ``conf``: a scan's words."""
    words: list[Word] = []
    for text, x, y in rows:
        words.extend(words_of(text, 1, x, y, conf))
    return [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]


def test_the_answer_word_labels_nothing_the_numbered_question_does() -> None:
    got = pairs(
        ("4) Permit number", 50, 100), ("A: BP-2017-40158", 84, 114),
        ("Q7.", 50, 135), ("What is the monthly rent?", 81, 135), ("Response: US$ 725.00", 93, 149),
        ("Item 2. Common name of the site", 62, 170), ("Answer: Lakeview Relo", 110, 184),
    )  # fmt: skip
    assert got == [
        ("Permit number", "BP-2017-40158", "question"),
        ("What is the monthly rent", "US$ 725.00", "question"),
        ("Common name of the site", "Lakeview Relo", "question"),
    ]


def test_an_unmarked_answer_pairs_under_a_question_that_asks_or_reads_as_a_label() -> None:
    got = pairs(("2. Who performed the work?", 75, 100), ("Sandra Harlan", 113, 114))
    assert got == [("Who performed the work", "Sandra Harlan", "question")]
    assert pairs(("6.", 75, 100), ("Findings and remarks", 97, 100), ("Coax ice bridge loose", 113, 114)) == [
        ("Findings and remarks", "Coax ice bridge loose", "question")
    ]
    # Too long to read as a label, yet it names a thing: capitalised, no figure, no full stop.
    assert pairs(("Q3.", 51, 100), ("Effective date of the amendment", 81, 100), ("12/25/2024", 97, 114)) == [
        ("Effective date of the amendment", "12/25/2024", "question")
    ]


def test_a_numbered_entry_s_wrapped_rest_and_a_numbered_table_row_are_no_questions() -> None:
    # A list entry runs on in lower case; a table's numbered row spans cells, its second line is a cell's wrap.
    assert not [p for p in pairs(("1. Rust on leg B at 60 ft was", 50, 100), ("found and touched up", 62, 114))
                if p[2] == "question"]  # fmt: skip
    row = pairs(("8.", 58, 100), ("Obstruction Marking &", 92, 100), ("Red lights and paint", 229, 100),
                ("Verified", 392, 100), ("Lighting", 91, 114))  # fmt: skip
    assert not [p for p in row if p[2] == "question"]


def test_an_answer_must_stand_under_the_question_s_words_and_not_be_the_next_item() -> None:
    assert not [p for p in pairs(("3. Site number", 80, 100), ("US-OK-7604", 40, 114)) if p[2] == "question"]
    got = pairs(("1. Site number", 50, 100), ("2. Site name", 50, 114), ("A: Fox Run", 70, 128))
    assert [p for p in got if p[2] == "question"] == [("Site name", "Fox Run", "question")]


def test_on_a_scan_a_speck_between_question_and_answer_and_a_quote_before_the_number_are_no_matter() -> None:
    got = pairs(
        ("\u201cItem 3.", 54, 100), ("What is the FCC Antenna Structure Registration number?", 104, 100),
        (";", 211, 110), ("A: 1184409", 104, 120),
        conf=90.0,
    )  # fmt: skip
    assert ("What is the FCC Antenna Structure Registration number", "1184409", "question") in got


def test_a_scan_s_item_word_and_stop_misread_still_number_the_question() -> None:
    # Tesseract read "Item 5." as "Ttem 5." and "Item 8." as "Item 8,": the item is numbered all the same.
    got = pairs(
        ("Ttem 5.", 47, 100), ("Who is the tenant (lessee)?", 84, 100), ("Summit Telecom Inc.", 97, 114),
        ("Item 8,", 47, 135), ("When does the current lease term expire?", 83, 135), ("04/16/2041", 93, 149),
        conf=90.0,
    )  # fmt: skip
    assert ("Who is the tenant (lessee)", "Summit Telecom Inc.", "question") in got
    assert ("When does the current lease term expire", "04/16/2041", "question") in got


def test_a_question_whose_number_the_scan_lost_is_still_asked_over_its_marked_answer() -> None:
    # Tesseract dropped the bold "2." and "3." set apart in the margin; "Answer:" still says the line above asks.
    got = pairs(
        ("1. What is the owner's site number?", 58, 100), ("Answer: MI-62728", 77, 114),
        ("By what name is the site known?", 78, 135), ("Answer: Fox Run West", 77, 149),
        ("Date of the visit", 78, 170), ("Answer: Dec. 25, 2020", 78, 184),
        conf=96.0,
    )  # fmt: skip
    assert got == [
        ("What is the owner's site number", "MI-62728", "question"),
        ("By what name is the site known", "Fox Run West", "question"),
        ("Date of the visit", "Dec. 25, 2020", "question"),
    ]
    # No answer word: an unnumbered line over another is no question (a heading over a sentence).
    assert pairs(("Date of the visit", 78, 170), ("Dec. 25, 2020", 78, 184)) != [
        ("Date of the visit", "Dec. 25, 2020", "question")
    ]


def test_a_scanned_answer_a_line_and_a_half_under_its_question_is_still_its_answer() -> None:
    # Ink boxes: a scan's 6.8-point-high question stands 7.5 points over its answer, the type's lines 14 apart.
    def line(texts: tuple[str, ...], xs: tuple[float, ...], top: float, bottom: float) -> list[Word]:
        return [Word(t, 1, x, top, x + 5.5 * len(t), bottom, 96.0) for t, x in zip(texts, xs, strict=True)]

    words = line(("1.", "What", "is", "the", "owner's", "site", "number?"), (69, 96, 124, 141, 164, 212, 240), 164.2, 171.0)
    words += line(("US-OR-2201",), (100,), 178.5, 185.3)
    got = [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]
    assert got == [("What is the owner's site number", "US-OR-2201", "question")]


def test_a_figure_answering_under_the_question_s_words_is_no_next_item() -> None:
    # "5 years" and "2%" under the question's words answer it; the next item's number stands under this one's.
    got = pairs(
        ("7.", 69, 100), ("By what percentage does the rent increase each year?", 95, 100), ("2%", 99, 114),
        ("8.", 69, 135), ("How long is each renewal term?", 95, 135), ("5 years", 99, 149),
        ("9.", 69, 170), ("Effective date of the amendment", 95, 170), ("22 Sep 2025", 99, 184),
        conf=96.0,
    )  # fmt: skip
    assert got == [
        ("By what percentage does the rent increase each year", "2%", "question"),
        ("How long is each renewal term", "5 years", "question"),
        ("Effective date of the amendment", "22 Sep 2025", "question"),
    ]


def test_a_long_question_over_its_row_of_boxes_is_what_the_ticked_box_answers() -> None:
    got = pairs(
        ("8) What is the current status of the permit?", 70, 100), ("☒ Approved", 101, 114), ("☐ Issued", 163, 114),
    )  # fmt: skip
    assert got == [("What is the current status of the permit?", "Approved", "checkbox")]


def test_a_question_whose_number_the_scan_dropped_lines_up_with_the_numbered_ones_and_is_asked() -> None:
    # Tesseract's boxes on a 100 dpi questionnaire: it read "Q1." as "Ql." and lost "Q6." set apart in the margin.
    # The question's words still start where the numbered ones' do: an item of the list, answered under it.
    boxes = [
        ("Ql.", 66, 165, 79, 174), ("By", 90, 165, 99, 174), ("what", 102, 165, 119, 172), ("name", 122, 167, 140, 171),
        ("is", 144, 165, 149, 171), ("the", 152, 165, 162, 171), ("site", 165, 165, 177, 171),
        ("known?", 180, 165, 209, 171),
        ("Cedar", 93, 178, 114, 185), ("Hollow", 117, 178, 143, 185), ("II", 146, 178, 152, 184),
        ("Q5.", 67, 289, 80, 297), ("What", 91, 289, 109, 295), ("is", 112, 289, 117, 295), ("the", 120, 289, 131, 295),
        ("latitude?", 134, 288, 170, 295),
        ("Response:", 91, 302, 126, 311), ("27°", 133, 302, 144, 308), ("15'", 148, 302, 157, 308),
        ("17.05\"", 161, 302, 184, 308), ("N", 187, 302, 193, 308),
        ("What", 91, 322, 110, 328), ("is", 112, 322, 118, 329), ("the", 120, 322, 131, 329),
        ("longitude?", 133, 322, 177, 330),
        ("87°", 94, 335, 105, 342), ("22'", 109, 335, 119, 342), ("08.12\"", 121, 335, 145, 341), ("W", 148, 335, 156, 341),
    ]  # fmt: skip
    words = [Word(t, 1, x0, top, x1, bottom, 96.0) for t, x0, top, x1, bottom in boxes]
    got = [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]
    assert got == [
        ("By what name is the site known", "Cedar Hollow II", "question"),
        ("What is the latitude", "27° 15' 17.05\" N", "question"),
        ("What is the longitude", "87° 22' 08.12\" W", "question"),
    ]
    got = pairs(("Qs.", 66, 100), ("Name of the tenant", 90, 100), ("Westfield Tower Corp.", 93, 114), conf=96.0)
    assert got == [("Name of the tenant", "Westfield Tower Corp.", "question")]  # "Q5." with its 5 read as an s
    # A line in the list's column over one set no further in, asking nothing: a wrapped line, no item.
    got = pairs(
        ("Q5.", 66, 135), ("What is the latitude?", 90, 135), ("27° 15' 17.05\" N", 93, 149),
        ("Remarks of the inspector", 90, 190), ("Tower Painted Last Year", 90, 204),
        conf=96.0,
    )  # fmt: skip
    assert [p for p in got if p[2] == "question"] == [("What is the latitude", "27° 15' 17.05\" N", "question")]


def test_a_scan_s_speck_after_the_question_and_its_q_read_as_at_still_ask() -> None:
    # Tesseract's boxes: a dash-like speck set apart after "Common name of the site"; "Q1." read as "@1.".
    def scanned(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str, str]]:
        words = [Word(t, 1, x0, top, x1, bottom, 96.0) for t, x0, top, x1, bottom in boxes]
        return [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]

    assert scanned(
        [
            ("Item", 74, 225, 93, 233), ("2.", 96, 225, 105, 233), ("Common", 117, 225, 157, 233),
            ("name", 160, 228, 185, 233), ("of", 188, 226, 196, 233), ("the", 199, 226, 212, 234),
            ("site", 216, 226, 231, 234), ("-", 242, 231, 242, 231),
            ("Answer:", 129, 240, 167, 248), ("Sandy", 174, 241, 202, 251), ("Ridge", 206, 241, 231, 251),
        ]
    ) == [("Common name of the site", "Sandy Ridge", "question")]  # fmt: skip
    assert scanned(
        [
            ("@1.", 66, 170, 79, 177), ("Site", 88, 170, 102, 176), ("number", 105, 169, 134, 176),
            ("assigned", 136, 168, 171, 176), ("by", 174, 168, 182, 176), ("the", 185, 167, 197, 174),
            ("tower", 200, 167, 220, 173), ("owner", 223, 167, 246, 172),
            ("A:", 88, 183, 95, 190), ("US-NC-8821", 101, 182, 149, 189),
        ]
    ) == [("Site number assigned by the tower owner", "US-NC-8821", "question")]  # fmt: skip


def test_a_marked_answer_a_scan_read_in_parts_is_one_answer() -> None:
    # Tesseract's boxes as a page set them apart: "Reply:", the answer, and its last two words past a wide gap.
    boxes = [
        ("Q5.", 66, 330, 81, 338), ("Findings", 89, 330, 133, 338), ("and", 140, 330, 157, 337),
        ("remarks", 163, 331, 202, 337),
        ("Reply:", 89, 345, 121, 353), ("Beacon", 137, 346, 170, 352), ("flash", 177, 346, 205, 352),
        ("head", 211, 346, 233, 352), ("failed;", 240, 346, 277, 352), ("NOTAM", 285, 347, 313, 353),
        ("issued,", 320, 346, 356, 354), ("repair", 375, 347, 408, 355), ("scheduled", 415, 347, 466, 354),
    ]  # fmt: skip
    words = [Word(t, 1, x0, top, x1, bottom, 96.0) for t, x0, top, x1, bottom in boxes]
    assert [len(line.segments) for line in build_lines(words)] == [1, 3]
    got = [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]
    assert got == [("Findings and remarks", "Beacon flash head failed; NOTAM issued, repair scheduled", "question")]
