"""Unit and property tests of the pure normalizers (canonical forms of DESIGN.md)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from towerkit.fields.glyphs import ocr_digits, ocr_text
from towerkit.fields.normalize import (
    Unparseable,
    norm_coord,
    norm_date,
    norm_enum,
    norm_height,
    norm_id,
    norm_integer,
    norm_money,
    norm_percent,
    normalize,
)

DATES = [
    "03/14/2024",
    "March 14, 2024",
    "14-Mar-2024",
    "Mar. 14, 2024",
    "2024-03-14",
    "14 March 2024",
    "O3/14/2O24",
    "3/14/24",
    "March 14th, 2024",
    "14th of March, 2024",
    "the 14th day of March, 2024",
]


@pytest.mark.parametrize("text", DATES)
def test_dates_many_formats(text: str) -> None:
    """Every supported date form normalizes to ISO."""
    assert norm_date(text).value == "2024-03-14"


@pytest.mark.parametrize("text", ["31/31/2024", "not a date", "", "13/45/2020"])
def test_bad_dates_raise_with_reason(text: str) -> None:
    """An impossible or absent date raises Unparseable naming the text."""
    with pytest.raises(Unparseable, match="unparseable date"):
        norm_date(text)


@pytest.mark.parametrize(
    ("text", "hint", "want"),
    [
        ("199.5 ft", False, "199.5"),
        ("199'-6\"", False, "199.5"),
        ("60.8 m", False, "199.5"),
        ("60.8", True, "199.5"),
        ("212 feet", False, "212.0"),
        ("68.0 metres", False, "223.1"),
    ],
)
def test_heights(text: str, hint: bool, want: str) -> None:
    """Heights come out in feet with one decimal; metres convert by 0.3048."""
    assert norm_height(text, metres_hint=hint).value == want


@pytest.mark.parametrize(
    ("text", "axis", "want"),
    [
        ("32°46'12.3\"N", "lat", "32.770083"),
        ("32 46 12.3 N", "lat", "32.770083"),
        ("N32-46-12.30", "lat", "32.770083"),
        ("-97.123456", "lon", "-97.123456"),
        ("94-09-46.29W", "lon", "-94.162858"),
        ("113.78663° W", "lon", "-113.786630"),
        ("33.5 S", "lat", "-33.500000"),
    ],
)
def test_coordinates(text: str, axis: str, want: str) -> None:
    """Coordinates become signed decimal degrees with six decimals."""
    assert norm_coord(text, axis).value == want


def test_coordinate_wrong_axis_rejected() -> None:
    """A longitude letter on a latitude is an error, not a silent value."""
    with pytest.raises(Unparseable):
        norm_coord("97.1 W", "lat")


def test_money_percent_integer() -> None:
    """Money two decimals, percentages without trailing zeros, counts from words or digits."""
    assert norm_money("$2,350.00").value == "2350.00"
    assert norm_money("Two Thousand Three Hundred Fifty Dollars ($2,350.00)").value == "2350.00"
    assert norm_percent("87.4%").value == "87.4"
    assert norm_percent("87.40 %").value == "87.4"
    assert norm_percent("three percent (3%)").value == "3"
    assert norm_integer("five (5) years").value == "5"
    assert norm_integer("ninety").value == "90"
    assert norm_integer("one hundred eighty (180)").value == "180"


def test_identifiers_keep_their_letters_on_a_text_layer() -> None:
    """Glyph repair is for scans: a text layer's ``B678100`` stays, a scan's ``AR-O159`` is repaired."""
    pattern = r"(?=[A-Z0-9._ -]*\d)[A-Z0-9][A-Z0-9_.]*(?:\s?-\s?[A-Z0-9_.]+)*"
    assert norm_id("B678100", pattern, ocr=False).value == "B678100"
    assert norm_id("AR-O159", pattern, ocr=False).value == "AR-O159"
    assert norm_id("AR-O159", pattern).value == "AR-0159"


def test_money_written_only_in_words() -> None:
    """A sum spelled out with no figure (as deeds and letters do) is read from its words."""
    assert norm_money("two thousand four hundred fifty dollars").value == "2450.00"
    assert norm_money("Two Thousand Dollars ($1,999.00)").value == "1999.00"  # the figure still wins
    with pytest.raises(Unparseable):
        norm_money("to be agreed")


def test_enums_with_synonyms() -> None:
    """Synonyms and casing map onto the allowed lowercase values."""
    syn = {"self_supporting": ["self supporting", "sst", "lattice"], "guyed": ["guyed lattice"]}
    allowed = ["monopole", "self_supporting", "guyed"]
    assert norm_enum("Self-Supporting", allowed, syn).value == "self_supporting"
    assert norm_enum("SST", allowed, syn).value == "self_supporting"
    assert norm_enum("Guyed Lattice", allowed, syn).value == "guyed"
    assert norm_enum("MONOPOLE", allowed, syn).value == "monopole"
    with pytest.raises(Unparseable):
        norm_enum("banana", allowed, syn)


def test_ids_repair_ocr() -> None:
    """OCR letter/digit confusions in identifiers are repaired against the pattern."""
    asn = r"\d{4}-[A-Z]{3}-\d{1,6}-(?:OE|NRA)"
    assert norm_id("2023-ASW-9426-0E", asn).value == "2023-ASW-9426-OE"
    assert norm_id("AR-O159", None).value == "AR-0159"
    with pytest.raises(Unparseable):
        norm_id("Not Registered", r"\d{7}")


CANON = [
    ("date", "2024-03-14"),
    ("height", "199.5"),
    ("coordinate_lat", "32.770083"),
    ("coordinate_lon", "-97.123456"),
    ("money", "2350.00"),
    ("percent", "87.4"),
    ("percent", "3"),
    ("integer", "90"),
    ("text", "Acme Tower Engineering, P.C."),
]


@pytest.mark.parametrize(("kind", "value"), CANON)
def test_idempotent(kind: str, value: str) -> None:
    """Normalizing a canonical value returns it unchanged."""
    assert normalize(kind, value).value == value


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        ["date", "height", "coordinate_lat", "coordinate_lon", "money", "percent", "integer", "enum", "text", "id"]
    ),
    st.text(max_size=60),
)
def test_never_raises_anything_but_unparseable(kind: str, text: str) -> None:
    """Arbitrary text gives a value or Unparseable, never another exception."""
    with contextlib.suppress(Unparseable):
        normalize(kind, text, allowed=("yes", "no"), pattern=r"\d+")


def test_ocr_repairs_are_conservative() -> None:
    """Letter-for-digit repair touches codes and dates but not words or state prefixes."""
    assert ocr_digits("KS0834-LO8") == "KS0834-L08"
    assert ocr_digits("ARO110-L06") == "AR0110-L06"
    assert ocr_digits("OK0495-L02") == "OK0495-L02"
    assert ocr_digits("Oct 14") == "Oct 14"
    assert ocr_text("Antelope Ridge Il") == "Antelope Ridge II"
    assert ocr_text("Copper Hil! Water Tank") == "Copper Hill Water Tank"
