"""Pure normalizers: printed text → the canonical strings of DESIGN.md.

Canonical forms (shared with ``towerkit.sample.canonical``, so ground truth compares exactly):
dates ``YYYY-MM-DD``; heights feet with one decimal, half-up, metres / 0.3048; coordinates six
decimals half-up, west/south negative; money two decimals without separators; percentages a plain
decimal without trailing zeros (``"87.4"``, ``"3"``); integers plain; enumerations lowercase with
underscores; text as printed with whitespace collapsed. Every function returns a ``Normalized`` or
raises ``Unparseable`` whose message becomes ``FieldValue.error``; none raises anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rapidfuzz import fuzz

from towerkit.fields.catalog import enum_key, enum_options
from towerkit.fields.glyphs import number_gaps, ocr_digits, ocr_letters, ocr_sign_letters, sign_speck
from towerkit.fields.numwords import (
    FIGURE,
    cheque_cents,
    dollars_in_words,
    figure_value,
    figures,
    mixed_fractions,
    read_degrees,
    scale_after,
    spell_out,
    words_value,
)


class Unparseable(ValueError):
    """The text holds no value of the wanted type; ``str()`` is the FieldValue error."""


@dataclass(frozen=True, slots=True)
class Normalized:
    """A canonical value: its text, and its number or date when the type has one."""

    value: str
    num: float | None = None
    day: date | None = None


FT_PER_M = Decimal("0.3048")
"""Metres per foot (exact, by definition)."""
MONTH_MATCH_SCORE = 66
"""rapidfuzz ratio an OCR-garbled month name needs against its three-letter abbreviation."""
MONTH_MIN_CHARS = 3
"""Characters a month name needs before it is fuzzily matched."""
TWO_DIGIT_YEARS = 100
"""Years below this were printed with two digits (``3/14/24``)."""
CENTURY_PIVOT = 70
"""Two-digit years below this are 20xx, the others 19xx."""
MAX_HEIGHT_FT = 30000
"""Feet above which a "height" is not a structure's (the tallest masts are ~2,000 ft)."""
ENUM_MATCH_SCORE = 80
"""rapidfuzz ratio printed wording needs against an allowed value or synonym to map onto it."""
MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
NULL_WORDS = {"n/a", "na", "none", "not registered", "not applicable", "pending", "tbd", "-", "--", "unknown"}


def q(d: Decimal, places: int) -> Decimal:
    """``d`` rounded half-up to ``places`` decimals (the canonical rounding, not banker's)."""
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\u2019", "'").replace("\u2032", "'").replace("\u2033", '"').split())


# --- dates ---------------------------------------------------------------------------------

_MON = r"([A-Za-z]{3,10})\.?"
_YEAR = r"(?:A\.?\s?D\.?\s*)?(\d{4}|\d{2}(?!\s*\d|:))(?!\d)"
"""A year after a month name: four digits, or two (``03-MAR-26``) unless digits or a time follow (``20 26``)."""
_DATE_RES = (
    ("ymd", re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("mdy", re.compile(r"\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})\b")),
    ("dMy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|\.)?(?:\s+day)?(?:\s+of)?[\s-]*" + _MON + r"[\s,-]+" + _YEAR)),
    ("Mdy", re.compile(_MON + r"[\s.-]*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?!\d)\s*[,.;\-]{0,2}\s*" + _YEAR)),
    ("Mdy", re.compile(_MON + r",\s*(\d{1,2})(?!\d)\s*[,.;]?\s*(\d{4})(?!\d)")),  # a scan's comma for a stop: "Mar, 26"
    ("ymd", re.compile(r"\b((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b")),  # ISO 8601 basic
    ("mdy", re.compile(r"\b(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/(\d{4})\b")),  # a scan's lost slash: "0501/2020"
)


def _month(name: str) -> int | None:
    key = name.lower().replace("0", "o").replace("1", "l")[:3]
    if key in MONTHS:
        return MONTHS[key]
    best = max(MONTHS, key=lambda m: fuzz.ratio(m, key))
    return MONTHS[best] if fuzz.ratio(best, key) >= MONTH_MATCH_SCORE and len(name) >= MONTH_MIN_CHARS else None


def _year(printed: str) -> int:
    y = int(printed)
    if y < TWO_DIGIT_YEARS:
        y += 2000 if y < CENTURY_PIVOT else 1900
    return y


def _ymd(kind: str, m: re.Match[str]) -> tuple[int, int, int] | None:
    """Year, month and day of one match; None when its month word names no month."""
    if kind == "ymd":
        return int(m[1]), int(m[2]), int(m[3])
    if kind == "mdy":
        return _year(m[3]), int(m[1]), int(m[2])
    if kind == "dMy":
        mon = _month(m[2])
        return None if mon is None else (_year(m[3]), mon, int(m[1]))
    mon = _month(m[1])
    return None if mon is None else (_year(m[3]), mon, int(m[2]))


def _first_date(s: str, raw: str) -> date | None:
    for kind, rx in _DATE_RES:
        for m in rx.finditer(s):
            ymd = _ymd(kind, m)
            if ymd is None:
                continue
            try:
                return date(*ymd)
            except ValueError:
                raise Unparseable(f'unparseable date: "{raw}"') from None
    return None


_FIRST_MISREAD = re.compile(r"\b[Il|]st\b")
"""``Ist``, ``lst``: a scan's ``1st``, the one reading those glyphs have (no English word is spelled so)."""


def norm_date(text: str) -> Normalized:
    """Dates in US m/d/y, ISO, ``14-Mar-24``, ``March 14, 2024``, ``14 March 2024``, ``the third day of March, 2026``.

    Numbers in words (deeds: ``the twenty-first day of March, two thousand twenty-six``) only when no digits date it;
    a scan may lose the space between a day and its month (``4Dec 2023``); ``5. Feb. 1999`` is day-first.
    """
    raw = _clean(text)
    s = _FIRST_MISREAD.sub("1st", ocr_digits(raw))
    day = _first_date(s, raw) or _first_date(spell_out(s), raw)
    if day is None:
        raise Unparseable(f'unparseable date: "{raw}"')
    return Normalized(day.isoformat(), day=day)


# --- numbers -------------------------------------------------------------------------------


def _in_words(s: str, what: str, raw: str) -> Decimal:
    if (d := words_value(s)) is None:
        raise Unparseable(f'unparseable {what}: "{raw}"')
    return d


def _with_fractions(s: str, what: str, raw: str) -> str:
    if (out := mixed_fractions(s)) is None:
        raise Unparseable(f'unparseable {what}: "{raw}" (a fraction with no exact decimal)')
    return out


METRE_UNIT = re.compile(r"(?<![a-z])(m|meters?|metres?|mtrs?)(?![a-z])", re.IGNORECASE)
_FEET_INCHES = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:'|ft\b\.?|feet\b|foot\b)\s*-?\s*(\d+(?:\.\d+)?)\s*(?:\"|''|in\b\.?|inch(?:es)?\b)",
    re.IGNORECASE,
)
_FEET_UNIT = re.compile(r"\b(ft|feet|foot)\b|'", re.IGNORECASE)
INCHES_PER_FOOT = 12
"""Inches in a foot: a feet-and-inches figure's inches are below this."""


def norm_height(text: str, *, metres_hint: bool = False) -> Normalized:
    """Feet with one decimal; ``199'-6"`` feet-inches; metres (in the value, else hinted by the label).

    A unit printed in the value beats the label's: ``180 ft`` under a ``(M)`` label is 180 feet.
    """
    raw = _clean(text)  # below: a scan's speck (".455'") goes, as no structure is a fraction of a foot tall
    s = _with_fractions(ocr_digits(re.sub(r"^[.,'`]+(?=\d{2})", "", raw)), "height", raw)
    fi = _FEET_INCHES.search(s)
    if fi and Decimal(fi[2]) < INCHES_PER_FOOT:
        ft = Decimal(fi[1]) + Decimal(fi[2]) / INCHES_PER_FOOT
    else:
        found = figures(s)
        ft, after = (abs(found[0][0]), s[found[0][1].end() :]) if found else (_in_words(s, "height", raw), s)
        feet_unit = _FEET_UNIT.search(after)
        metre_unit = METRE_UNIT.search(after)
        if (metre_unit and not (feet_unit and feet_unit.start() < metre_unit.start())) or (
            metres_hint and not feet_unit
        ):
            ft = ft / FT_PER_M
    v = q(ft, 1)
    if v <= 0 or v > MAX_HEIGHT_FT:
        raise Unparseable(f'unparseable height: "{raw}"')
    return Normalized(str(v), num=float(v))


_FOREIGN_CURRENCY = re.compile(
    r"[\u20ac\u00a3\u00a5]|\b(?:EUR|GBP|JPY|CAD|AUD|MXN|CHF)\b|(?<![A-Za-z])(?:C|CA|A|AU|NZ|MX)\$", re.IGNORECASE
)
"""Another currency's sign or code: such a sum is no dollar amount, and converting it would be a guess."""


def norm_money(text: str) -> Normalized:
    """Dollars with two decimals: a ``$`` figure, else a figure, else the sum in words (cheque style).

    A figure wins over words; a cheque's ``and 50/100`` adds cents to a whole figure or to the words.
    """
    raw = _clean(text)
    if _FOREIGN_CURRENCY.search(raw):
        raise Unparseable(f'unparseable amount: "{raw}" (not in US dollars)')
    s = sign_speck(ocr_digits(raw if "$" in raw else re.sub(r"(?<![A-Za-z0-9])S(?=\s?\d)", "$", raw)))  # OCR S for $
    s = re.sub(r"(\$\s*\d{1,3})((?: \d{3})+)(?![\d,])", lambda m: m[1] + m[2].replace(" ", ","), s)  # $ 1 850.00
    cents, s = cheque_cents(s)
    dollar = re.search(r"\$\s*(" + FIGURE.pattern + ")", s)
    found = figures(s)
    amount: Decimal | None
    if dollar and (v := figure_value(dollar[1])) is not None:
        amount, scale = v, scale_after(s[dollar.end() :])
    elif found:
        amount, scale = found[0][0], scale_after(s[found[0][1].end() :])
    else:
        amount, scale = dollars_in_words(s), 1
    if amount is None or scale is None:
        raise Unparseable(f'unparseable amount: "{raw}"')
    if cents is not None and amount.as_tuple().exponent == 0:  # whole dollars; printed cents complete a figure
        amount += cents
    v = q(abs(amount * scale), 2)
    return Normalized(str(v), num=float(v))


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def norm_percent(text: str) -> Normalized:
    """A plain decimal without trailing zeros or ``%`` (``87.40%`` → ``87.4``, ``three and one-half`` → ``3.5``)."""
    raw = _clean(text)
    s = _with_fractions(ocr_digits(raw), "percentage", raw)
    m = re.search(r"(?<![\d.,])(\d+(?:[.,]\d+)*)\s*%", s)
    d = figure_value(m[1]) if m else None
    if d is None:
        found = figures(s)
        d = abs(found[0][0]) if found else _in_words(s, "percentage", raw)
    return Normalized(_plain(d), num=float(d))


def norm_integer(text: str) -> Normalized:
    """A count: the parenthesised digits of ``ninety (90)``, else the first figure, else number words."""
    raw = _clean(text)
    s = ocr_digits(raw)
    m = re.search(r"\(\s*(\d+)\s*\)", s)
    found = figures(s)
    d = Decimal(m[1]) if m else abs(found[0][0]) if found else _in_words(s, "number", raw)
    if d != d.to_integral_value():
        raise Unparseable(f'unparseable number: "{raw}" (not a whole number)')
    n = int(d)
    return Normalized(str(n), num=float(n))


# --- coordinates ---------------------------------------------------------------------------


def norm_coord(text: str, axis: str) -> Normalized:
    """Decimal degrees, six decimals half-up, west/south negative, from DMS, decimal-minute or decimal text."""
    raw = _clean(text)
    angle = read_degrees(number_gaps(raw), axis)
    if angle is None:
        raise Unparseable(f'unparseable coordinate: "{raw}"')
    if angle.hemisphere and ((axis == "lat") != (angle.hemisphere in "NS")):
        raise Unparseable(f'unparseable coordinate: "{raw}" (wrong hemisphere letter)')
    if angle.minus and angle.hemisphere in ("N", "E"):
        raise Unparseable(f'unparseable coordinate: "{raw}" (minus sign and hemisphere {angle.hemisphere} disagree)')
    if angle.degrees > (90 if axis == "lat" else 180):
        raise Unparseable(f'unparseable coordinate: "{raw}" (out of range)')
    v = q(-angle.degrees if angle.minus or angle.hemisphere in ("S", "W") else angle.degrees, 6)
    return Normalized(str(v), num=float(v))


# --- enumerations, text, ids ---------------------------------------------------------------


def norm_enum(text: str, allowed: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> Normalized:
    """Map printed wording onto an allowed value: exact, then prefix, then contained, then fuzzy."""
    raw = _clean(text)
    key = enum_key(raw)
    if not key:
        raise Unparseable(f'unparseable value: "{raw}"')
    options = enum_options(allowed, synonyms)
    for k, v in options:
        if key == k:
            return Normalized(v)
    prefix = [(k, v) for k, v in options if key.startswith(k + " ")]
    if prefix:
        return Normalized(max(prefix, key=lambda kv: len(kv[0]))[1])
    padded = f" {key} "
    inside = [(k, v) for k, v in options if f" {k} " in padded]
    if inside:
        return Normalized(min(inside, key=lambda kv: (padded.find(f" {kv[0]} "), -len(kv[0])))[1])
    head, words = " ".join(key.split()[:3]), set(key.split())  # fuzzy forgives a misread letter, not a missing word
    scored = [(max(fuzz.ratio(k, key), fuzz.ratio(k, head)), v) for k, v in options if not words < set(k.split())]
    best = max(scored, default=(0.0, ""))
    if best[0] >= ENUM_MATCH_SCORE:
        return Normalized(best[1])
    raise Unparseable(f'unknown value: "{raw}" (expected {", ".join(allowed)})')


def norm_text(text: str, case: str | None = None, pattern: str | None = None) -> Normalized:
    """Free text as printed, trimmed; with a ``pattern`` (what it must name, ``... County``), its first match."""
    v = _clean(text).strip(" :;|\"'")
    if pattern:
        m = re.search(pattern, v)
        if m is None:
            raise Unparseable(f'no match for the field\'s pattern: "{v[:80]}"')
        v = m.group("v") if "v" in m.groupdict() else m.group(0)
    if case == "lower":
        v = v.lower()
    if not v or not any(c.isalnum() for c in v):
        raise Unparseable(f'empty text: "{_clean(text)}"')
    return Normalized(v)


_OCR_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])[~=\u2013\u2014](?=[A-Za-z0-9])|(?<=\b[A-Za-z]):(?=\d)")  # 23=120, L:36919


def norm_id(text: str, pattern: str | None = None, case: str | None = "upper", *, ocr: bool = True) -> Normalized:
    """An identifier: the first token run matching ``pattern``, after OCR glyph repair on scans only.

    A text layer says what was printed. On a scan a ``B`` between digits is likely an ``8`` misread, but one
    that begins the code is kept: Tesseract's number dictionary pulls a code's letter to a digit, not back.
    """
    raw = _clean(text).strip(" :;|\"'.,")
    if raw.casefold() in NULL_WORDS:
        raise Unparseable(f'no identifier: "{raw}"')
    cand = _OCR_HYPHEN.sub("-", ocr_digits(ocr_sign_letters(raw), code_lead=True)) if ocr else raw
    cand = cand.upper() if case == "upper" else cand
    if not pattern:
        if not cand or not any(c.isdigit() for c in cand):
            raise Unparseable(f'unparseable identifier: "{raw}"')
        return Normalized(cand.split()[0] if len(cand.split()) > 1 else cand)
    rx = re.compile(pattern)
    probes = [cand, cand.replace(" ", "")]
    if ocr:  # last, the code's letter made a digit too: for a pattern that wants digits
        digits = _OCR_HYPHEN.sub("-", ocr_digits(ocr_sign_letters(raw)))
        digits = digits.upper() if case == "upper" else digits
        probes += [ocr_letters(cand), ocr_letters(cand.replace(" ", "")), digits, digits.replace(" ", "")]
    for probe in probes:
        m = rx.search(probe)
        if m:
            ends = probe[m.end() : m.end() + 1].isspace()  # words go on: the last stop is a sentence's (``8. The``)
            code = m.group(0).rstrip(".") if ends else m.group(0)
            return Normalized(" ".join(re.sub(r"\s*-\s*", "-", code).split()))  # "CUP 21-584" keeps its space
    raise Unparseable(f'unparseable identifier: "{raw}"')


_BY_TEXT_ONLY: dict[str, Callable[[str], Normalized]] = {
    "date": norm_date,
    "money": norm_money,
    "percent": norm_percent,
    "integer": norm_integer,
}
"""Value types whose normalizer needs nothing but the text."""


def normalize(
    kind: str,
    text: str,
    *,
    metres_hint: bool = False,
    allowed: Sequence[str] = (),
    synonyms: Mapping[str, Sequence[str]] | None = None,
    pattern: str | None = None,
    case: str | None = None,
    ocr: bool = True,
) -> Normalized:
    """Dispatch on the value type (unknown: text); ``ocr`` False (a text layer) skips the repairs of scans' misreads."""
    try:
        plain = _BY_TEXT_ONLY.get(kind)
        if plain is not None:
            return plain(text)
        if kind == "height":
            return norm_height(text, metres_hint=metres_hint)
        if kind in ("coordinate_lat", "coordinate_lon"):
            return norm_coord(text, "lat" if kind == "coordinate_lat" else "lon")
        if kind == "enum":
            return norm_enum(text, allowed, synonyms or {})
        if kind == "id":
            return norm_id(text, pattern, case or "upper", ocr=ocr)
        return norm_text(text, case, pattern)
    except Unparseable:
        raise
    except (ValueError, ArithmeticError, IndexError, TypeError) as e:  # garbage must never escape
        raise Unparseable(f'unparseable {kind}: "{_clean(str(text))[:80]}"') from e
