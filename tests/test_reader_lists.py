# ruff: noqa: S101, PLR2004, INP001
"""A value whose lines are a list gives one pair an entry; a wrapped value and an address stay one value.

Hand-placed words (``tests/layouts.words_of``: 5.5 pt characters, 10 pt lines, lines 11 pt apart),
then a memo rendered to a real PDF and read through the engines.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from layouts import words_of
from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.fields.layout import build_lines
from towerkit.fields.reader import read_lines, read_pairs
from towerkit.models import Word

MARGIN_LINE = ("The undersigned confirms that the structure was inspected as stated in this report.", 72, 40)
"""A line of body text that sets the page's right margin, as a memo's paragraphs do."""


def pairs(*rows: tuple[str, float, float]) -> list[tuple[str, str, str]]:
    """(label, value, kind) of every pair read from phrases (text, x, y) on one page."""
    words: list[Word] = []
    for text, x, y in (MARGIN_LINE, *rows):
        words.extend(words_of(text, 1, x, y))
    return [(p.label, p.value, p.kind) for p in read_lines(build_lines(words))]


def test_a_column_of_codes_under_a_label_is_a_list() -> None:
    got = pairs(("cc: RSS", 72, 100), ("RDC", 94, 111), ("PHL", 94, 122), ("Records", 94, 133))
    assert got == [("cc", v, "list") for v in ("RSS", "RDC", "PHL", "Records")]


def test_a_list_in_two_columns_reads_every_entry() -> None:
    got = pairs(
        ("cc: Mr. J. Ave", 72, 100),
        ("Mr. T. Achey", 220, 100),
        ("Mr. R. Orcutt", 94, 111),
        ("Mr. P. McCann", 220, 111),
        ("Ms. S. Ridgway", 94, 122),
        ("Mr. R. Ryan", 220, 122),
    )
    assert sorted(v for _, v, _ in got) == sorted(
        ["Mr. J. Ave", "Mr. R. Orcutt", "Ms. S. Ridgway", "Mr. T. Achey", "Mr. P. McCann", "Mr. R. Ryan"]
    )
    assert {(label, kind) for label, _, kind in got} == {("cc", "list")}


def test_an_entry_a_scan_split_at_a_wide_space_is_one_entry() -> None:
    """Typed names space wide (``Mr. R.   H. Stinnette``): the segments close after an entry are more of it."""
    got = pairs(
        ("To: Mr. G. Schramm", 72, 100),
        ("Mr. R.", 94, 111),
        ("H. Stinnette", 140, 111),
        ("Mr. J. McCarthy", 94, 122),
    )
    assert got == [("To", v, "list") for v in ("Mr. G. Schramm", "Mr. R. H. Stinnette", "Mr. J. McCarthy")]


def test_wrapped_text_stays_one_value() -> None:
    """Each line runs to the margin: the next line's first word would not have fit, so it was wrapped."""
    got = pairs(
        ("Remarks: Guy wires were found tight and the anchor heads were", 72, 100),
        ("clean, with no corrosion noted at any of the three anchors and", 121.5, 111),
        ("the tower plumb within the tolerance of the governing standard.", 121.5, 122),
    )
    assert len(got) == 1
    assert got[0][1].startswith("Guy wires were found tight") and got[0][1].endswith("governing standard.")


def test_an_address_block_stays_one_value() -> None:
    """Broken by hand like a list, but its lines start unlike (a name, a number, a town): one address."""
    got = pairs(
        ("Return to: Acme Towers Inc.", 72, 100), ("666 Fifth Avenue", 138, 111), ("Dallas, TX 75201", 138, 122)
    )
    assert got == [("Return to", "Acme Towers Inc. 666 Fifth Avenue Dallas, TX 75201", "same_line")]


def test_an_address_whose_lines_start_alike_ends_in_a_postal_code() -> None:
    """Three lines starting with capitals, broken by hand; the last ends in a ZIP code: an address, no list."""
    got = pairs(("Quotation To: Lorillard", 72, 100), ("One Park Avenue", 149, 111), ("New York, NY 10016", 149, 122))
    assert "list" not in [kind for _, _, kind in got]
    assert got[0] == ("Quotation To", "Lorillard", "same_line")


def test_wrapped_text_a_scan_split_at_wide_spaces_stays_one_value() -> None:
    """A scan splits prose at wide spaces; the line goes on close after its first segment, to the margin."""
    got = pairs(
        ("Notes: Bolts were retorqued on all", 72, 100),
        ("three legs and the anchors were", 270, 100),
        ("inspected and found sound; paint", 110.5, 111),
        ("was touched up on legs A and B", 300, 111),
        ("where the galvanizing had worn.", 110.5, 122),
    )
    assert [kind for _, _, kind in got] == ["same_line"]
    assert got[0][1].endswith("had worn.")


def _memo(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    rows = [
        ("Please find attached the structural inspection summary for the sites listed in the schedule.", 72, 80),
        ("Subject: Inspection schedule", 72, 110),
        ("cc:", 72, 140),
        ("J. Anders", 110, 140),
        ("R. Sprinkle", 110, 152),
        ("E. Barbee", 110, 164),
    ]
    for text, x, y in rows:
        c.drawString(x, letter[1] - y, text)
    c.save()
    return path


def test_a_memo_distribution_list_read_from_a_real_pdf(tmp_path: Path) -> None:
    got = [(p.label, p.value, p.kind) for p in read_pairs(extract(str(_memo(tmp_path / "memo.pdf")), Settings()))]
    assert ("Subject", "Inspection schedule", "same_line") in got
    assert [(label, v) for label, v, kind in got if kind == "list"] == [
        ("cc", "J. Anders"),
        ("cc", "R. Sprinkle"),
        ("cc", "E. Barbee"),
    ]
