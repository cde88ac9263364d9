"""Numbers as documents print them: figures, numbers in words, sums of money, angles. Pure.

Leases, deeds and cheques write sums and dates out (``Two Thousand Five Hundred``, ``twenty-five
hundred``, ``the third day``, ``three and one-half percent``). Each run of number words is read by
the grammar of written English numbers, so words that are not one number (``three and one``,
``five six``) stop where the grammar breaks instead of being summed into a wrong value.

Figures follow the US convention (``1,250.50``); a decimal comma is read only where the figure
cannot be US-style (``54,9``, ``2.500,00``), so an ambiguous figure (``1,250``) keeps its US reading.
Angles are set apart from their hemisphere letters before glyph repair: ``10.5S`` is south, not ``10.55``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from towerkit.fields.glyphs import ocr_digits

_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_ORDINAL_UNIT_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
)
_ORDINAL_TENS_WORDS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"

CARDINALS = {w: i for i, w in enumerate(_UNIT_WORDS.split())} | {
    w: (i + 2) * 10 for i, w in enumerate(_TENS_WORDS.split())
}
"""Cardinal number words and their values."""
ORDINALS = {w: i for i, w in enumerate(_ORDINAL_UNIT_WORDS.split()) if i} | {
    w: (i + 2) * 10 for i, w in enumerate(_ORDINAL_TENS_WORDS.split())
}
"""Ordinal words (``third``, ``twentieth``): one ends a number, as in ``the twenty-first day``."""
SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
"""Words that close a group of three digits; each may appear once in a number, largest first."""
SCALES_AND_HUNDRED = frozenset(SCALES) | {"hundred"}
"""Words that multiply what comes before them (``a hundred``, ``twenty-five hundred``)."""
TENS_WORDS = frozenset(_TENS_WORDS.split())
"""Words worth a multiple of ten from twenty: a digit word may follow one (``twenty-five``)."""
NUMERATORS = {w: i for i, w in enumerate(_UNIT_WORDS.split()) if i} | {"a": 1}
"""Words that may count a fraction's parts (``a half``, ``three quarters``)."""
DIGIT_WORDS = frozenset(_UNIT_WORDS.split()[1:10]) | frozenset(_ORDINAL_UNIT_WORDS.split()[1:10])
"""Words worth one digit: only these may follow a tens word (``twenty-five``, ``twenty-first``)."""
DENOMINATORS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4} | {
    w + s: n for w, n in ORDINALS.items() if w in _ORDINAL_UNIT_WORDS.split()[3:] for s in ("", "s")
}
"""Words that make the number before them a fraction (``one-half``, ``three-quarters``, ``two-fifths``).

``second`` is absent: ``one second`` is a time, never a half."""
FRACTION_DENOMINATORS = frozenset((2, 3, 4, 8, 16, 32, 64))
"""Denominators of the fractions figures are printed with: halves and quarters of a percent, eighths to
sixty-fourths of an inch; thirds only to be refused (they have no exact decimal)."""
_BEFORE = {
    "digit": ("", "tens", "hundred", "scale", "and"),
    "single": ("", "hundred", "scale", "and"),
}
"""The word a digit word (``twenty-five``) or a teen or tens word (``hundred and ten``) may follow."""

_WORD = re.compile(r"[A-Za-z]+")
_JOIN = re.compile(r"[\s,-]*")
"""What may stand between two words of one number: spaces, a hyphen (``twenty-five``), a comma."""

Words = list[tuple[str, int, int]]
"""Lower-cased words of a text with their start and end offsets."""


@dataclass(frozen=True, slots=True)
class WordNumber:
    """One number written in words: its exact value and where it stands in the text."""

    value: Fraction
    start: int
    end: int
    ordinal: bool = False


@dataclass(slots=True)
class _Run:
    """The grammar's state while one number is read: finished groups, the open group, the last word."""

    total: int = 0
    group: int = 0
    last: str = ""
    hundred: bool = False
    scale: int = 10**12
    end: int = -1
    ordinal: bool = False


def _step(run: _Run, words: Words, j: int) -> bool:
    """Take word ``j`` into ``run``; False where the grammar of one number breaks."""
    w = words[j][0]
    if w == "a" and not run.last and j + 1 < len(words) and words[j + 1][0] in SCALES_AND_HUNDRED:
        run.group, run.last = 1, "digit"  # "a hundred", "a thousand"
        return True
    if w in CARDINALS or w in ORDINALS:
        kind = "digit" if w in DIGIT_WORDS else "single"
        if run.last not in _BEFORE[kind]:
            return False
        run.group += CARDINALS.get(w, ORDINALS.get(w, 0))
        run.last, run.end, run.ordinal = ("tens" if w in TENS_WORDS else kind), j, w in ORDINALS
        return True
    if w in SCALES_AND_HUNDRED:
        return _scale_step(run, w, j)
    if w == "and" and run.last in ("hundred", "scale"):
        run.last = "and"
        return True
    return False


def _scale_step(run: _Run, w: str, j: int) -> bool:
    """``hundred`` multiplies the open group; ``thousand`` and larger close it, each once, largest first."""
    if run.last not in ("digit", "single", "tens", "hundred"):
        return False
    if w == "hundred" and run.last != "hundred" and not run.hundred:
        run.group *= 100
        run.last, run.hundred, run.end = "hundred", True, j
        return True
    if w in SCALES and SCALES[w] < run.scale:
        run.total += run.group * SCALES[w]
        run.group, run.hundred, run.scale = 0, False, SCALES[w]
        run.last, run.end = "scale", j
        return True
    return False


def _fraction(words: Words, j: int) -> tuple[Fraction, int] | None:
    """``one-half``, ``a half``, ``three quarters`` from word ``j``: the fraction and its last word."""
    if j + 1 >= len(words) or words[j + 1][0] not in DENOMINATORS:
        return None
    num = NUMERATORS.get(words[j][0])
    if num is None:
        return None
    return Fraction(num, DENOMINATORS[words[j + 1][0]]), j + 1


def _read(words: Words) -> tuple[Fraction, int, bool] | None:
    """The number that starts at the first word: its value, its last word, whether it is an ordinal."""
    lone = _fraction(words, 0)
    if lone is not None:  # "one-half percent"
        return lone[0], lone[1], False
    run = _Run()
    j = 0
    while j < len(words) and not run.ordinal and _step(run, words, j):
        j += 1
    if run.end < 0:
        return None
    value, end = Fraction(run.total + run.group), run.end
    more = None if run.ordinal or end + 1 >= len(words) or words[end + 1][0] != "and" else _fraction(words, end + 2)
    if more is not None:  # "three and one-half", "two and a half million"
        value, end = value + more[0], more[1]
        if end + 1 < len(words) and words[end + 1][0] in SCALES and value < min(SCALES.values()):
            value, end = value * SCALES[words[end + 1][0]], end + 1
    return value, end, run.ordinal


def find_numbers(text: str) -> list[WordNumber]:
    """Every number written in words in ``text``, left to right (``WordNumber.value`` is exact)."""
    words = [(m[0].lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    found: list[WordNumber] = []
    i = 0
    while i < len(words):
        k = i + 1  # the words of one number are joined only by spaces, hyphens or commas
        while k < len(words) and _JOIN.fullmatch(text[words[k - 1][2] : words[k][1]]):
            k += 1
        got = _read(words[i:k])
        if got is None:
            i += 1
            continue
        value, last, ordinal = got
        found.append(WordNumber(value, words[i][1], words[i + last][2], ordinal))
        i += last + 1
    return found


def exact_decimal(value: Fraction) -> Decimal | None:
    """``value`` as a Decimal when its decimal expansion ends (``1/8``), else None (``1/3``)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)


def words_value(text: str) -> Decimal | None:
    """The first number written in words; None when there is none or it has no exact decimal (``one-third``)."""
    found = find_numbers(text)
    return exact_decimal(found[0].value) if found else None


def spell_out(text: str) -> str:
    """``text`` with each whole number in words replaced by its digits (``the third day`` → ``the 3 day``)."""
    out, pos = [], 0
    for n in find_numbers(text):
        if n.value.denominator == 1:
            out += [text[pos : n.start], str(n.value.numerator)]
            pos = n.end
    out.append(text[pos:])
    return "".join(out)


# --- figures -------------------------------------------------------------------------------

_CONFUSABLE = "OoDQIl|iSsBZzg"
"""Letters OCR reads for digits (``glyphs``): one glued to a figure and followed by more of it means
the figure was not fully repaired (``2,5OO.OO``), and reading its first digits would invent a value."""
FIGURE = re.compile(rf"(?<![\d.,])-?\d+(?:[.,]\d+)*(?!\d|[.,]\d|[{_CONFUSABLE}][\d.,{_CONFUSABLE}])")
"""A printed figure with any grouping and decimal marks; ``figure_value`` decides what they mean."""
_US = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
_EU = re.compile(r"-?\d{1,3}(?:\.\d{3})+,\d{1,2}|-?\d{1,3}(?:\.\d{3}){2,}")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d{1,2}")


def figure_value(token: str) -> Decimal | None:
    """The value of one printed figure; None when its marks fit no convention (``1,2,3``, ``1.2.3``)."""
    if _US.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if _EU.fullmatch(token):  # "2.500,00", "1.250.000": dots that can only group thousands
        return Decimal(token.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(token):  # "54,9 m": a comma before one or two digits groups nothing
        return Decimal(token.replace(",", "."))
    return None


def figures(text: str) -> list[tuple[Decimal, re.Match[str]]]:
    """Every figure in ``text`` that reads as one number, with its match (for what is printed after it)."""
    return [(v, m) for m in FIGURE.finditer(text) if (v := figure_value(m[0])) is not None]


_VULGAR = {"\u00bd": (1, 2), "\u00bc": (1, 4), "\u00be": (3, 4), "\u2153": (1, 3), "\u2154": (2, 3)} | {
    c: (n, 8) for c, n in zip("\u215b\u215c\u215d\u215e", (1, 3, 5, 7), strict=True)
}
"""Single-glyph fractions (``3½%``, ``6⅜"``) and their parts."""
_MIXED = re.compile(
    r"(?<![\d/.,])(?:(\d+)(?:[\s-]+|(?=[\u00bc-\u00be\u2150-\u215e])))?(?:(\d{1,2})/(\d{1,2})(?![\d/])|([\u00bc-\u00be\u2150-\u215e]))"
)
"""``3-1/2``, ``3 1/2``, ``1/2``, ``3½``: a whole number and a fraction, as rates and inches are printed."""


def mixed_fractions(text: str) -> str | None:
    """``text`` with each printed fraction as a decimal (``3-1/2%`` → ``3.5%``); None when one has no exact decimal.

    Only fractions of a unit (numerator below denominator) are read: ``3/14`` or ``2/100`` is no fraction of this kind.
    """
    failed = False

    def one(m: re.Match[str]) -> str:
        nonlocal failed
        num, den = _VULGAR[m[4]] if m[4] else (int(m[2]), int(m[3]))
        if not 0 < num < den or den not in FRACTION_DENOMINATORS:
            return m[0]
        d = exact_decimal(Fraction(int(m[1] or 0) * den + num, den))
        failed = failed or d is None
        return "" if d is None else format(d, "f")

    out = _MIXED.sub(one, text)
    return None if failed else out


# --- sums of money ---------------------------------------------------------------------------

CENTS_PER_DOLLAR = 100
"""Cents in a dollar: a cheque writes its cents over this (``and 50/100``)."""
_CENTS_OF_100 = re.compile(r"(?<![\d/])(\d{1,2}|no|xx)\s*/\s*100\b", re.IGNORECASE)
"""A cheque's cents, ``and 00/100``, ``and NO/100``: the words before them are whole dollars."""
_NO_CENTS = re.compile(r"\bno\s+cents?\b", re.IGNORECASE)
_CENTS_WORD = re.compile(r"\s*cents?\b", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s*(?:(thousand|million|billion|k)|(mm?|bn?))\b", re.IGNORECASE)
"""A scale printed after a figure (``$1.2 million``, ``$2.5k``). ``M``, ``MM`` and ``B`` mean a thousand
to one reader and a million or a billion to another, so a figure scaled by one of them is not read."""
_SCALE_OF = {"k": 1000} | SCALES


def cheque_cents(text: str) -> tuple[Decimal | None, str]:
    """The cents of a cheque's ``and 50/100`` (None when absent) and the text without them."""
    m = _CENTS_OF_100.search(text)
    if m is None:
        return None, text
    cents = Decimal(int(m[1]) if m[1].isdigit() else 0) / CENTS_PER_DOLLAR
    return cents, f"{text[: m.start()]} {text[m.end() :]}"


def scale_after(text: str) -> int | None:
    """What the words right after a figure multiply it by: 1 when none; None when the scale is ambiguous."""
    m = _SCALE_AFTER.match(text)
    if m is None:
        return 1
    return None if m[2] else _SCALE_OF[m[1].lower()]


def dollars_in_words(text: str) -> Decimal | None:
    """``Two Thousand Five Hundred Dollars and fifty cents`` → 2500.50; None when no sum is written out."""
    nums = find_numbers(text)
    cents = [n for n in nums if (c := _CENTS_WORD.match(text, n.end)) and c[0].strip()]
    if _NO_CENTS.search(text):
        cents = []
    dollars = [n for n in nums if n not in cents]
    if not dollars and not cents:
        return None
    whole = exact_decimal(dollars[0].value) if dollars else Decimal(0)
    part = cents[0].value if cents else Fraction(0)
    if whole is None or part >= CENTS_PER_DOLLAR or part.denominator != 1:
        return None
    return whole + Decimal(part.numerator) / CENTS_PER_DOLLAR


# --- angles ----------------------------------------------------------------------------------

ARC_UNITS = 60
"""Minutes per degree and seconds per minute."""
_DEG = "\u00b0\u00ba\u02da\u2218\u25e6*"
"""Degree signs as text layers and OCR give them: ``°``, ``º``, ``˚``, ``∘``, ``◦``, and OCR's ``*``."""
_LEAD = r"(?:(?<![A-Za-z])(?P<h1>[NSEW]))?\s*(?P<neg>-)?\s*(?<![\d.])"
_TAIL = r"\s*(?:(?P<h2>[NSEW])(?P=h2){0,2}(?![A-Za-z]))?"
"""A hemisphere letter after the angle; a scan may read it two or three times (``Ww``, ``WwW``)."""
_MARK = rf"(?:[{_DEG}]{{1,2}}|[o:\s-])"
"""What parts degrees from minutes: a degree sign (a scan may double it), ``o``, a colon, a space or a dash."""
_COORD_FORMS = (
    re.compile(  # 32°46'12.3"N, 32-46-12.30N, 32 46 12.3 N
        _LEAD + r"(?P<d>\d{1,3})\s*" + _MARK + r"\s*(?P<m>\d{1,2})\s*['\u2019\u2032!:\s-]\s*"
        r"(?P<s>\d{1,2}(?:\.\d+)?)\s*(?:\"|''|\u2033)?" + _TAIL,
        re.IGNORECASE,
    ),
    re.compile(
        _LEAD + r"(?P<d>\d{1,3})\s*" + _MARK + r"\s*(?P<m>\d{1,2}\.\d+)(?!\d)(?!\s*[\"\u2033])\s*['\u2032]?" + _TAIL,
        re.IGNORECASE,
    ),
    re.compile(_LEAD + r"(?P<p>\d{6,7})(?P<ps>\.\d+)?" + _TAIL, re.IGNORECASE),  # 324612.3N (aviation)
    # 32.770083° N; a figure before a minute or second mark is no count of degrees
    re.compile(_LEAD + rf"(?P<d>\d{{1,3}}\.\d+)(?!\d)(?!\s*['\"\u2032\u2033])\s*[{_DEG}]?" + _TAIL, re.IGNORECASE),
)
"""Degrees-minutes-seconds, degrees and decimal minutes, packed DDMMSS/DDDMMSS with a hemisphere, decimal."""
_LETTER_DMS = re.compile(
    r"(\d{1,3})\s*(?:d|(?i:deg))\.?\s*(\d{1,2})\s*(?:m|(?i:min))\.?\s*(\d{1,2}(?:\.\d+)?)\s*(?:s\b|(?i:sec\b))?\.?"
)
"""``32d 46m 12.3s``: letters for the marks (lower case; ``S`` after seconds is a hemisphere)."""


def _coord_text(raw: str) -> str:
    """The text with marks and hemisphere letters set apart, so glyph repair never takes ``S`` for ``5``."""
    s = re.sub(r"\b(north|south|east|west)\b", lambda m: m[1][0].upper(), raw, flags=re.IGNORECASE)
    s = re.sub(r"[(\[]\s*([NSEW])\s*[)\]]", r" \1", s, flags=re.IGNORECASE)
    s = _LETTER_DMS.sub("\\1\N{DEGREE SIGN}\\2'\\3\"", s)
    s = re.sub(rf"(?<=[\d{_DEG}'\"\u2032\u2033.])([NSEW])(?![A-Za-z0-9])", r" \1", s)
    s = re.sub(r"(?<![A-Za-z0-9])([NSEW])(?=-?\d)", r"\1 ", s)
    s = ocr_digits(s).replace(",", ".") if re.search(r"\d,\d{3,}", s) else ocr_digits(s)
    s = re.sub(rf"(?<=[{_DEG}'\u2019\u2032])\.|\.(?=[{_DEG}'\u2019\u2032])", "", s)  # a speck at a mark: 05'. 27"
    return re.sub(r"(?<![\d.])(-?\d{1,3})[:,;](\d{4,})(?![\d'\u2032])", r"\1.\2", s)  # OCR read the point as : or ,


def _degrees(m: re.Match[str], axis: str) -> Decimal | None:
    """Decimal degrees of one form's match; None when its minutes or seconds are not below 60."""
    parts = m.groupdict()
    if parts.get("p"):
        if not (m["h1"] or m["h2"]) or len(m["p"]) != (6 if axis == "lat" else 7):
            return None
        deg, mins, sec = m["p"][:-4], m["p"][-4:-2], m["p"][-2:] + (m["ps"] or "")
        parts = {"d": deg, "m": mins, "s": sec}
    mins_s, sec_s = parts.get("m") or "0", parts.get("s") or "0"
    if Decimal(mins_s) >= ARC_UNITS or Decimal(sec_s) >= ARC_UNITS:
        return None
    return Decimal(parts["d"]) + Decimal(mins_s) / ARC_UNITS + Decimal(sec_s) / ARC_UNITS**2


@dataclass(frozen=True, slots=True)
class Degrees:
    """A printed angle: its size in degrees, its hemisphere letter (or ``""``) and whether a minus was printed."""

    degrees: Decimal
    hemisphere: str
    minus: bool


def read_degrees(text: str, axis: str) -> Degrees | None:
    """The ``axis`` (``lat``/``lon``) angle of ``text`` in any printed form, None when there is none.

    A value holding both (``LAT/LONG: 29.400916, -81.278231``) gives the angle whose hemisphere letter
    fits the axis; with no letters at all, a bare pair is read latitude first (ISO 6709, GPS readouts).
    """
    s = _coord_text(text)
    for rx in _COORD_FORMS:
        found = [(v, m) for m in rx.finditer(s) if (v := _degrees(m, axis)) is not None]
        if not found:
            continue
        angles = [Degrees(v, (m["h1"] or m["h2"] or "").upper(), bool(m["neg"])) for v, m in found]
        fits = [a for a in angles if a.hemisphere and (a.hemisphere in "NS") == (axis == "lat")]
        pair = len(found) == len(("lat", "lon")) and not any(a.hemisphere for a in angles)
        if pair and re.fullmatch(r"\s*[,;/]?\s*", s[found[0][1].end() : found[1][1].start()]):
            return angles[0 if axis == "lat" else 1]
        return fits[0] if fits else angles[0]
    return None
