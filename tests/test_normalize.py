# ruff: noqa: S101, INP001
"""Unit and property tests of the pure normalizers (canonical forms of DESIGN.md)."""

from __future__ import annotations

import contextlib
from fractions import Fraction

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
from towerkit.fields.numwords import find_numbers
from towerkit.sample.canonical import number_words

DATES = [
    "03/14/2024",
    "March 14, 2024",
    "March 14; 2024",  # a scan's semicolon for the comma
    "Mar, 14, 2024",  # a scan's comma for the abbreviation's stop
    "14-Mar-2024",
    "Mar. 14, 2024",
    "2024-03-14",
    "14 March 2024",
    "O3/14/2O24",
    "3/14/24",
    "March 14th, 2024",
    "14th of March, 2024",
    "the 14th day of March, 2024",
    "Mar..14, 2024",  # a scan's speck read as a second full stop
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
        (".455'", False, "455.0"),  # a scan's speck before the figure
    ],
)
def test_heights(text: str, *, hint: bool, want: str) -> None:
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
        ("85\u00b0\u00b001' 27.78\" Ww", "lon", "-85.024383"),  # a scan doubled the degree sign and the letter
        ("Its longitude is 102.339514\u00b0 WwW.", "lon", "-102.339514"),  # ... or tripled the letter
        ("39\u00b0 03!   31.89\" N", "lat", "39.058858"),  # a scan read the minute mark as "!"
        ("39\u00b0 03\u2019 31.89\" N", "lat", "39.058858"),  # a typographic apostrophe for the minute mark
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
    assert norm_money("US$ .4,525.00").value == "4525.00"  # a scan's speck after the sign: thousands follow
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
    assert norm_enum("\u00a5", ["yes", "no"], {"yes": ["y"]}).value == "yes"  # a scan's Y read as the yen sign
    lights = {"white": ["l 865", "medium intensity white"], "red": ["l 864"]}
    assert norm_enum("L-865white medium", ["white", "red"], lights).value == "white"  # a scan lost the space


def test_an_enum_wording_missing_its_distinguishing_word_is_no_value() -> None:
    """``& LIGHTING`` (a heading's tail) is not ``red lighting`` with a word misread: a word is missing."""
    syn = {"red": ["red lighting"], "white": ["white lights"]}
    assert norm_enum("Red Lightng", ["red", "white"], syn).value == "red"  # a letter misread: still red
    with pytest.raises(Unparseable):
        norm_enum("& LIGHTING", ["red", "white"], syn)


def test_ids_repair_ocr() -> None:
    """OCR letter/digit confusions in identifiers are repaired against the pattern."""
    asn = r"\d{4}-[A-Z]{3}-\d{1,6}-(?:OE|NRA)"
    assert norm_id("2023-ASW-9426-0E", asn).value == "2023-ASW-9426-OE"
    assert norm_id("AR-O159", None).value == "AR-0159"
    assert norm_id("2023-ASW~9426-OE", asn).value == "2023-ASW-9426-OE"  # a hyphen read as a tilde
    permit = r"(?:\b[A-Z]{1,6} (?=\d))?\d+(?:-\d+)*"
    assert norm_id("CUP 23=120", permit).value == "CUP 23-120"  # a scan's thick hyphen read as "="
    assert norm_id("CUP 23=120", permit, ocr=False).value == "CUP 23"  # a text layer prints what it means
    lease = r"(?=[A-Z0-9_.-]*\d)[A-Z0-9][A-Z0-9_.]*(?:-[A-Z0-9_.]+)*"
    assert norm_id("L:36919", lease).value == "L-36919"  # a one-letter prefix's hyphen read as a colon
    assert norm_id("ID:TX-001", lease).value == "TX-001"  # a label glued on by its colon is no prefix
    code = r"[A-Z0-9][A-Z0-9_.]*\d[A-Z0-9_.]*"
    assert norm_id("\u00a3614191", code).value == "E614191"  # Tesseract's E read as a pound sign
    assert norm_id("\u00a3 614191", code).value == "614191"  # a sign standing apart is not a letter
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


# --- issue 17, item 4: normalisation gaps --------------------------------------------------
# Each case below gave a wrong value or none before the fix; the "stays unparseable" tables hold
# what must never be guessed.

HEMISPHERE_CASES = [
    ("33-52-10.5S", "lat", "-33.869583"),  # DD-MM-SS.ssH: glyph repair used to read the S as a 5
    ("33-52-10.50S", "lat", "-33.869583"),
    ("33.5S", "lat", "-33.500000"),
    ("S33.868", "lat", "-33.868000"),
    ("96.796988 (W)", "lon", "-96.796988"),
    ("96.796988\u2218 W", "lon", "-96.796988"),
    ("32°46.600'N", "lat", "32.776667"),  # degrees and decimal minutes
    ("096° 47.800' W", "lon", "-96.796667"),
    ("32 46.6 N", "lat", "32.776667"),
    ("32d 46m 35.99s N", "lat", "32.776664"),
    ("96d 47m 48.0s W", "lon", "-96.796667"),
    ("324635.99N", "lat", "32.776664"),  # packed DDMMSS.ssH, as aviation data prints it
    ("0964748.0W", "lon", "-96.796667"),
]


@pytest.mark.parametrize(("text", "axis", "want"), HEMISPHERE_CASES)
def test_issue_17_hemisphere_letters_and_minute_forms(text: str, axis: str, want: str) -> None:
    """A hemisphere letter after any printed form sets the sign, and decimal minutes are minutes."""
    assert norm_coord(text, axis).value == want


@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("-32.77 N", "lat"),  # a minus and a north letter contradict each other
        ("96.79 E", "lat"),  # a longitude letter on a latitude
        ("324635.99", "lat"),  # packed digits without a hemisphere letter could be anything
        ("3246N", "lat"),
        ("32 46 60 N", "lat"),  # sixty seconds
        ('09.93" N', "lat"),  # seconds cut off from their degrees and minutes are no angle
        ("27.78' W", "lon"),  # nor are minutes
    ],
)
def test_issue_17_contradictory_coordinates_stay_unparseable(text: str, axis: str) -> None:
    """A coordinate whose printed parts disagree or do not add up is an error, not a guess."""
    with pytest.raises(Unparseable):
        norm_coord(text, axis)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("29.400916, -81.278231", "29.400916", "-81.278231"),
        ("32°46'35.99\"N 96°47'48.0\"W", "32.776664", "-96.796667"),
        ("324635.99N0964748.0W", "32.776664", "-96.796667"),
    ],
)
def test_issue_17_one_value_holding_both_coordinates(text: str, lat: str, lon: str) -> None:
    """Under a ``LAT/LONG`` label each axis takes its own half: by hemisphere letter, else latitude first."""
    assert norm_coord(text, "lat").value == lat
    assert norm_coord(text, "lon").value == lon


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("LAT.: 25.881 103,", "25.881103"),
        ("30.43 1142 N", "30.431142"),
        ("29-15-15 .29N", "29.254247"),
        ("39. 513636° N, 95. 493501° W", "39.513636"),
    ],
)
def test_a_scan_s_space_inside_a_coordinate_s_decimals_is_no_break(text: str, want: str) -> None:
    """Tesseract spaces a narrow ``1`` as a word break; the decimals were cut at the space."""
    assert norm_coord(text, "lat").value == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("..... 103\u00b0 05'. 27.33\" W", "-103.090925"),  # a leader's last dots before it, a speck after the minutes
        ("86\u00b0.02' 02.96\" W", "-86.034156"),
        ("103\u00b0 05.' 27.33\" W", "-103.090925"),
    ],
)
def test_a_speck_against_a_degree_or_minute_mark_is_no_decimal_point(text: str, want: str) -> None:
    """A point printed against a mark has no digits after it to be a decimal point of: a scan's speck."""
    assert norm_coord(text, "lon").value == want


def test_two_coordinates_side_by_side_are_not_joined_into_one() -> None:
    assert norm_coord("32.113298 97.123456", "lat").value == "32.113298"


def test_issue_17_a_trailing_number_is_no_longitude() -> None:
    """Only a bare pair is read latitude-then-longitude; a datum note's figures are not a second angle."""
    assert norm_coord("-96.796988 (NAD 83, 1.5 m accuracy)", "lon").value == "-96.796988"


def test_issue_17_letters_inside_words_are_no_hemisphere() -> None:
    """``Lon``, ``GPS`` and ``WGS84`` hold N, S and W, but none of them sets a sign."""
    assert norm_coord("Lon 96.79", "lon").value == "96.790000"
    assert norm_coord("GPS 32.77", "lat").value == "32.770000"
    assert norm_coord("96.79 WGS84", "lon").value == "96.790000"


DATE_CASES = [
    ("this third day of March, 2026", "2026-03-03"),
    ("the twenty-first day of March, 2026", "2026-03-21"),
    ("the third day of March, two thousand twenty-six", "2026-03-03"),
    ("the 21st day of March, A.D. 2026", "2026-03-21"),
    ("March the 3rd, 2026", "2026-03-03"),
    ("Mar-03-2026", "2026-03-03"),
    ("03-MAR-26", "2026-03-03"),
    ("3 Mar 26", "2026-03-03"),
    ("Mar 3, 26", "2026-03-03"),
    ("2026-03-03T10:00:00", "2026-03-03"),
    ("20260303", "2026-03-03"),
    ("issued on the Ist of November, 2020.", "2020-11-01"),  # a scan's 1st
    ("the lst day of March, 2026", "2026-03-01"),
    ("Issued Date: 4Dec 2023", "2023-12-04"),  # a scan's lost space between day and month
    ("Expires 0501/2020", "2020-05-01"),  # a scan's lost slash between month and day
    ("Commencement: 5. Feb. 1999", "1999-02-05"),  # a day written with its full stop, the month after it
    ("5.Feb 1999", "1999-02-05"),  # ... and a scan that lost the space after it
]


@pytest.mark.parametrize(("text", "want"), DATE_CASES)
def test_issue_17_dates_in_words_and_short_forms(text: str, want: str) -> None:
    """Ordinals in words, years in words, two-digit years after a month name, ISO timestamps."""
    assert norm_date(text).value == want


@pytest.mark.parametrize(
    "text",
    [
        "March, 2026",  # no day
        "March 2026",  # "20" is not a day of "26"
        "the third day of March, twenty twenty-six",  # not read as 2020
        "3 Mar 26 14:00",  # day, month, year and time, or month, day, year? not guessed
        "31/03/2026",  # day-first: the documented convention is US m/d/y
        "12345678",
        "No. 1301/2020",  # no month 13: a reference number, not a date missing its slash
    ],
)
def test_issue_17_dates_that_must_not_be_guessed(text: str) -> None:
    """A date with a part missing or read two ways raises instead of picking one."""
    with pytest.raises(Unparseable):
        norm_date(text)


def test_issue_17_us_numeric_dates_stay_month_first() -> None:
    """``03/04/2026`` is March 4 (DESIGN.md's US convention), in words or in figures."""
    assert norm_date("03/04/2026").value == "2026-03-04"


MONEY_CASES = [
    ("Two Thousand Five Hundred and 00/100 Dollars", "2500.00"),
    ("TWO THOUSAND FIVE HUNDRED AND NO/100 DOLLARS", "2500.00"),
    ("One Thousand Two Hundred Fifty and 50/100 Dollars", "1250.50"),
    ("One thousand two hundred fifty dollars and fifty cents", "1250.50"),
    ("Two Thousand Five Hundred and 50/100 Dollars ($2,500)", "2500.50"),
    ("one million dollars", "1000000.00"),
    ("a hundred dollars", "100.00"),
    ("$1.2 million", "1200000.00"),
    ("S2,500.00", "2500.00"),
    ("$ 1 850.00", "1850.00"),
]


@pytest.mark.parametrize(("text", "want"), MONEY_CASES)
def test_issue_17_money_in_words_and_cheque_cents(text: str, want: str) -> None:
    """Sums written out as cheques and deeds write them, with their cents, and scaled figures."""
    assert norm_money(text).value == want


@pytest.mark.parametrize(
    "text",
    [
        "2.500,00 \u20ac",  # not dollars
        "$2,500 CAD",
        "$2.5M",  # M is a thousand to one reader and a million to another
        "$2,5OO.OO",  # a figure OCR did not fully repair
        "two and one-third dollars",
    ],
)
def test_issue_17_money_that_must_not_be_guessed(text: str) -> None:
    """Another currency, an ambiguous scale or a half-repaired figure raises."""
    with pytest.raises(Unparseable):
        norm_money(text)


@pytest.mark.parametrize(
    ("text", "hint", "want"),
    [
        ("54,9 m", False, "180.1"),  # a decimal comma: one digit after it cannot be a thousands group
        ("one hundred eighty feet", False, "180.0"),
        ("180 ft. 6 in.", False, "180.5"),
        ("199'-6 1/2\"", False, "199.5"),
        ("1,250 ft", True, "1250.0"),  # a (M) label used to win over the value's own "ft" after a comma
    ],
)
def test_issue_17_heights_units_and_words(text: str, *, hint: bool, want: str) -> None:
    """The unit printed in the value beats the label's; words, inches and decimal commas read."""
    assert norm_height(text, metres_hint=hint).value == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("three and one-half percent", "3.5"),
        ("one-half of one percent", "0.5"),
        ("87,4 %", "87.4"),
        ("3-1/2%", "3.5"),
        ("3\u00bd%", "3.5"),
    ],
)
def test_issue_17_percentages_with_fractions(text: str, want: str) -> None:
    """Halves written in words or figures and decimal commas give the exact rate."""
    assert norm_percent(text).value == want


@pytest.mark.parametrize(("kind", "text"), [("percent", "one-third percent"), ("percent", "3\u2153%")])
def test_issue_17_fractions_without_exact_decimal_raise(kind: str, text: str) -> None:
    """A third has no exact decimal, so it is refused rather than rounded."""
    with pytest.raises(Unparseable):
        normalize(kind, text)


def test_issue_17_counts_are_whole_numbers() -> None:
    """Thousands separators count; a count with a fraction is no count."""
    assert norm_integer("1,000").value == "1000"
    assert norm_integer("twenty-five hundred").value == "2500"
    for text in ("five and one-half years", "2.5 years"):
        with pytest.raises(Unparseable):
            norm_integer(text)


def test_issue_17_units_from_labels() -> None:
    """A ``(M)`` label makes a bare height metres, never one printed in feet; ``($)``/``(%)`` need nothing."""
    assert normalize("height", "54.9", metres_hint=True).value == "180.1"
    assert normalize("height", "180 ft", metres_hint=True).value == "180.0"
    assert normalize("height", "180'", metres_hint=True).value == "180.0"
    assert normalize("money", "2,500").value == "2500.00"
    assert normalize("percent", "3.5").value == "3.5"


def test_issue_17_printed_cents_complete_a_figure() -> None:
    """A cheque's ``50/100`` is not added again to a figure that already prints its cents."""
    assert norm_money("2,500.50 (Two Thousand Five Hundred and 50/100 Dollars)").value == "2500.50"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=99))
def test_cheque_amounts_round_trip(dollars: int, cents: int) -> None:
    """Any sum the sample generator writes out in words, cheque style, reads back to its value."""
    written = f"{number_words(dollars)} and {cents:02d}/100 Dollars"
    assert norm_money(written).value == f"{dollars}.{cents:02d}"


def test_number_words_follow_the_grammar_of_one_number() -> None:
    """Words that are not one number are not summed: ``three and one`` is no four, ``twenty twenty-six`` no 46."""
    assert [n.value for n in find_numbers("three and one-half")] == [Fraction(7, 2)]
    assert [n.value for n in find_numbers("five six")] == [5, 6]
    assert [n.value for n in find_numbers("twenty twenty-six")] == [20, 26]
    assert [n.value for n in find_numbers("Two Thousand and Five Hundred")] == [2500]
    assert [(n.value, n.ordinal) for n in find_numbers("the twenty-first day")] == [(21, True)]
    assert find_numbers("someone at the tone") == []
