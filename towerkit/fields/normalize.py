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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from rapidfuzz import fuzz

from towerkit.fields.glyphs import ocr_digits, ocr_letters


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
ARC_UNITS = 60
"""Minutes per degree and seconds per minute."""
ENUM_MATCH_SCORE = 80
"""rapidfuzz ratio printed wording needs against an allowed value or synonym to map onto it."""
MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
NUMBER_WORDS = {w: i for i, w in enumerate(_UNIT_WORDS.split())}
NUMBER_WORDS.update(
    {
        w: (i + 2) * 10
        for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    }
)
NULL_WORDS = {"n/a", "na", "none", "not registered", "not applicable", "pending", "tbd", "-", "--", "unknown"}


def q(d: Decimal, places: int) -> Decimal:
    """``d`` rounded half-up to ``places`` decimals (the canonical rounding, not banker's)."""
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _clean(text: str) -> str:
    return " ".join(str(text).replace("\u2019", "'").replace("\u2032", "'").replace("\u2033", '"').split())


# --- dates ---------------------------------------------------------------------------------

_MON = r"([A-Za-z]{3,10})\.?"
_DATE_RES = (
    ("ymd", re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")),
    ("mdy", re.compile(r"\b(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})\b")),
    ("dMy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?(?:\s+of)?[\s-]+" + _MON + r"[\s,-]+(\d{4})\b")),
    ("Mdy", re.compile(_MON + r"\s*(\d{1,2})(?:st|nd|rd|th)?\s*[,.\-]{0,2}\s*(\d{4})\b")),
)


def _month(name: str) -> int | None:
    key = name.lower().replace("0", "o").replace("1", "l")[:3]
    if key in MONTHS:
        return MONTHS[key]
    best = max(MONTHS, key=lambda m: fuzz.ratio(m, key))
    return MONTHS[best] if fuzz.ratio(best, key) >= MONTH_MATCH_SCORE and len(name) >= MONTH_MIN_CHARS else None


def norm_date(text: str) -> Normalized:
    """Dates in US m/d/y, ISO, ``14-Mar-2024``, ``March 14, 2024``, ``14 March 2024``, ``3rd of March, 2026``."""
    raw = _clean(text)
    s = ocr_digits(raw)
    for kind, rx in _DATE_RES:
        for m in rx.finditer(s):
            try:
                if kind == "ymd":
                    y, mo, d = int(m[1]), int(m[2]), int(m[3])
                elif kind == "mdy":
                    mo, d, y = int(m[1]), int(m[2]), int(m[3])
                    if y < TWO_DIGIT_YEARS:
                        y += 2000 if y < CENTURY_PIVOT else 1900
                elif kind == "dMy":
                    mon = _month(m[2])
                    if mon is None:
                        continue
                    d, mo, y = int(m[1]), mon, int(m[3])
                else:
                    mon = _month(m[1])
                    if mon is None:
                        continue
                    mo, d, y = mon, int(m[2]), int(m[3])
                day = date(y, mo, d)
            except ValueError:
                raise Unparseable(f'unparseable date: "{raw}"') from None
            return Normalized(day.isoformat(), day=day)
    raise Unparseable(f'unparseable date: "{raw}"')


# --- numbers -------------------------------------------------------------------------------

_NUM = re.compile(r"(?<![\d.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])-?\d+(?:\.\d+)?")


def _numbers(s: str) -> list[Decimal]:
    out = []
    for m in _NUM.finditer(s):
        try:
            out.append(Decimal(m.group(0).replace(",", "")))
        except InvalidOperation:
            continue
    return out


def words_to_int(text: str) -> int | None:
    """``ninety`` → 90, ``twenty-five`` → 25, ``two hundred`` → 200 (None when no number word)."""
    total, current, seen = 0, 0, False
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok in NUMBER_WORDS:
            current += NUMBER_WORDS[tok]
            seen = True
        elif tok == "hundred" and seen:
            current *= 100
        elif tok == "thousand" and seen:
            total += current * 1000
            current = 0
        elif seen and tok != "and":
            break
    return total + current if seen else None


METRE_UNIT = re.compile(r"(?<![a-z])(m|meters?|metres?|mtrs?)(?![a-z])", re.IGNORECASE)


def norm_height(text: str, *, metres_hint: bool = False) -> Normalized:
    """Feet with one decimal; ``199'-6"`` feet-inches; metres (in the value or hinted by the label)."""
    raw = _clean(text)
    s = ocr_digits(raw)
    fi = re.search(r"(\d+(?:\.\d+)?)\s*'\s*-?\s*(\d+(?:\.\d+)?)\s*(\"|''|in\b)", s)
    if fi:
        ft = Decimal(fi[1]) + Decimal(fi[2]) / 12
    else:
        nums = _numbers(s)
        if not nums:
            raise Unparseable(f'unparseable height: "{raw}"')
        ft = abs(nums[0])
        after = s[s.find(str(nums[0]).split(".")[0]) :]
        feet_unit = re.search(r"\b(ft|feet|foot)\b|'", after, re.IGNORECASE)
        metre_unit = METRE_UNIT.search(after)
        if (metre_unit and not (feet_unit and feet_unit.start() < metre_unit.start())) or (
            metres_hint and not feet_unit
        ):
            ft = ft / FT_PER_M
    v = q(ft, 1)
    if v <= 0 or v > MAX_HEIGHT_FT:
        raise Unparseable(f'unparseable height: "{raw}"')
    return Normalized(str(v), num=float(v))


def norm_money(text: str) -> Normalized:
    """Dollars with two decimals; a ``$`` figure wins over number words, which count only alone."""
    raw = _clean(text)
    s = ocr_digits(raw).replace("S", "$") if "$" not in raw else ocr_digits(raw)
    m = re.search(r"\$\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)", s)
    nums = [Decimal(m[1].replace(",", ""))] if m else _numbers(s)
    if not nums and (spelled := words_to_int(raw)) is not None:  # a sum written out in words only
        nums = [Decimal(spelled)]
    if not nums:
        raise Unparseable(f'unparseable amount: "{raw}"')
    v = q(abs(nums[0]), 2)
    return Normalized(str(v), num=float(v))


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def norm_percent(text: str) -> Normalized:
    """A plain decimal without trailing zeros or ``%`` (``87.40%`` → ``87.4``, ``three percent (3%)`` → ``3``)."""
    raw = _clean(text)
    s = ocr_digits(raw)
    m = re.search(r"(\d+(?:\.\d+)?)\s*%", s)
    if m:
        d = Decimal(m[1])
    else:
        nums = _numbers(s)
        if nums:
            d = abs(nums[0])
        else:
            w = words_to_int(s)
            if w is None:
                raise Unparseable(f'unparseable percentage: "{raw}"')
            d = Decimal(w)
    return Normalized(_plain(d), num=float(d))


def norm_integer(text: str) -> Normalized:
    """A count: the parenthesised digits of ``ninety (90)``, else the first number, else number words."""
    raw = _clean(text)
    s = ocr_digits(raw)
    m = re.search(r"\(\s*(\d+)\s*\)", s) or re.search(r"(?<![\d.])(\d+)(?![\d.])", s)
    if m:
        n = int(m[1])
    else:
        w = words_to_int(s)
        if w is None:
            raise Unparseable(f'unparseable number: "{raw}"')
        n = w
    return Normalized(str(n), num=float(n))


# --- coordinates ---------------------------------------------------------------------------

_DMS = re.compile(
    r"([NSEW])?\s*(-)?(\d{1,3})\s*[\u00b0\u00ba\u02da*o:\s-]\s*(\d{1,2})\s*['\u2032:\s-]\s*"
    r"(\d{1,2}(?:\.\d+)?)\s*(?:\"|''|\u2033)?\s*([NSEW])?",
    re.IGNORECASE,
)
_DEC = re.compile(r"([NSEW])?\s*(-)?(\d{1,3}\.\d+)\s*[\u00b0\u00ba\u02da*]?\s*([NSEW])?", re.IGNORECASE)


def norm_coord(text: str, axis: str) -> Normalized:
    """Decimal degrees, six decimals half-up, west/south negative, from DMS or decimal text."""
    raw = _clean(text)
    s = ocr_digits(raw).replace(",", ".") if re.search(r"\d,\d{3,}", raw) else ocr_digits(raw)
    s = re.sub(r"(?<![\d.])(-?\d{1,3})[:,;](\d{4,})(?![\d'\u2032])", r"\1.\2", s)  # OCR read the point as : or ,
    limit = 90 if axis == "lat" else 180
    m = _DMS.search(s)
    if m and int(m[4]) < ARC_UNITS and Decimal(m[5]) < ARC_UNITS:
        v = Decimal(int(m[3])) + Decimal(int(m[4])) / 60 + Decimal(m[5]) / 3600
        hemi = (m[1] or m[6] or "").upper()
        neg = bool(m[2]) or hemi in ("S", "W")
    else:
        m = _DEC.search(s)
        if not m:
            raise Unparseable(f'unparseable coordinate: "{raw}"')
        v = Decimal(m[3])
        hemi = (m[1] or m[4] or "").upper()
        neg = bool(m[2]) or hemi in ("S", "W")
    if hemi and ((axis == "lat") != (hemi in "NS")):
        raise Unparseable(f'unparseable coordinate: "{raw}" (wrong hemisphere letter)')
    if v > limit:
        raise Unparseable(f'unparseable coordinate: "{raw}" (out of range)')
    v = q(-v if neg else v, 6)
    return Normalized(str(v), num=float(v))


# --- enumerations, text, ids ---------------------------------------------------------------


def _enum_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("_", " ")).split())


def norm_enum(text: str, allowed: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> Normalized:
    """Map printed wording onto an allowed value: exact, then prefix, then contained, then fuzzy."""
    raw = _clean(text)
    key = _enum_key(raw)
    if not key:
        raise Unparseable(f'unparseable value: "{raw}"')
    options: list[tuple[str, str]] = []
    for value in allowed:
        options.append((_enum_key(value), value))
        options.extend((_enum_key(s), value) for s in synonyms.get(value, ()))
    options = [(k, v) for k, v in options if k]
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
    head = " ".join(key.split()[:3])
    scored = [(max(fuzz.ratio(k, key), fuzz.ratio(k, head)), v) for k, v in options]
    best = max(scored, default=(0.0, ""))
    if best[0] >= ENUM_MATCH_SCORE:
        return Normalized(best[1])
    raise Unparseable(f'unknown value: "{raw}" (expected {", ".join(allowed)})')


def norm_text(text: str, case: str | None = None) -> Normalized:
    """Free text as printed, whitespace collapsed, stray separators at the ends removed."""
    v = _clean(text).strip(" :;|\"'")
    if case == "lower":
        v = v.lower()
    if not v or not any(c.isalnum() for c in v):
        raise Unparseable(f'empty text: "{_clean(text)}"')
    return Normalized(v)


def norm_id(text: str, pattern: str | None = None, case: str | None = "upper", *, ocr: bool = True) -> Normalized:
    """An identifier: the first token run matching ``pattern``, after OCR glyph repair on scans only.

    A text layer says what was printed: ``B678100`` is a permit number there, while on a scan the
    same ``B`` next to digits is likely an ``8`` misread.
    """
    raw = _clean(text).strip(" :;|\"'.,")
    if raw.casefold() in NULL_WORDS:
        raise Unparseable(f'no identifier: "{raw}"')
    cand = ocr_digits(raw) if ocr else raw
    if case == "upper":
        cand = cand.upper()
    if not pattern:
        if not cand or not any(c.isdigit() for c in cand):
            raise Unparseable(f'unparseable identifier: "{raw}"')
        return Normalized(cand.split()[0] if len(cand.split()) > 1 else cand)
    rx = re.compile(pattern)
    probes = [cand, cand.replace(" ", "")]
    if ocr:
        probes += [ocr_letters(cand), ocr_letters(cand.replace(" ", ""))]
    for probe in probes:
        m = rx.search(probe)
        if m:
            return Normalized(re.sub(r"\s+", "", m.group(0)))
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
    """Dispatch on the catalog's value type; unknown types are treated as text.

    ``ocr`` False (a text layer) turns off the glyph repairs that only a scan's misreads need.
    """
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
        return norm_text(text, case)
    except Unparseable:
        raise
    except (ValueError, ArithmeticError, IndexError, TypeError) as e:  # garbage must never escape
        raise Unparseable(f'unparseable {kind}: "{_clean(str(text))[:80]}"') from e
