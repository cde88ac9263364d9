"""The one place that turns typed values into ground-truth strings (and into printed text).

Ground truth is computed from what a document *prints*, never from the hidden value behind it:
a height printed as ``60.8 m`` has the truth ``round_half_up(60.8 / 0.3048, 1)`` = ``"199.5"``,
a latitude printed as ``32°46'12.3"N`` has the truth of that DMS value to six decimals. So an
extractor that reads the page perfectly and normalizes per DESIGN.md scores 1.0.

Canonical forms (all strings):

* dates ``YYYY-MM-DD``;
* heights: feet, one decimal, half-up (``"199.5"``, ``"200.0"``); metres convert with 0.3048 exactly;
* coordinates: decimal degrees, six decimals, half-up, west/south negative (``"-97.123456"``);
* money: dollars, two decimals, no separators (``"2350.00"``);
* percentages: a plain decimal number without trailing zeros or ``%`` (``"87.4"``, ``"3"``, ``"100"``);
* counts: plain integers (``"5"``, ``"90"``, ``"3"``);
* enumerations: lowercase, underscores for spaces (``"self_supporting"``, ``"no_hazard"``);
* free text (names, findings): as printed, with runs of whitespace collapsed to one space.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FT_PER_M = Decimal("0.3048")
"""Feet per metre by definition (exact), so metre conversions never drift by a float ulp."""
MINUTES_PER_DEGREE = SECONDS_PER_MINUTE = 60
"""Sexagesimal carry: seconds that round up to 60 roll into the next minute, minutes into the degree."""
SECONDS_PER_DEGREE = 3600
HUNDRED, THOUSAND = 100, 1000
"""The place values ``number_words`` spells out (``Two Thousand Three Hundred Fifty``)."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def q(value: Decimal | float | str, places: int) -> Decimal:
    """Round half-up to ``places`` decimals (float inputs go through ``str`` so 0.1 stays 0.1)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def c_date(d: date) -> str:
    """ISO ``YYYY-MM-DD``, whatever style the document printed."""
    return d.isoformat()


def c_ft(feet: Decimal | float | str) -> str:
    """Feet with one decimal, half-up: ``200`` and ``200.0`` both become ``"200.0"``."""
    return str(q(feet, 1))


def c_ft_from_m(metres_printed: str) -> str:
    """The canonical feet of a printed metre value (``"60.8"`` → ``"199.5"``)."""
    return str(q(Decimal(metres_printed) / FT_PER_M, 1))


def c_coord(value: Decimal | float | str) -> str:
    """Decimal degrees to six places (about 0.1 m), half-up, sign kept."""
    return str(q(value, 6))


def c_money(value: Decimal | float | str) -> str:
    """Dollars with two decimals and no ``$`` or thousands separators."""
    return str(q(value, 2))


def c_pct(value: Decimal | float | str) -> str:
    """A plain number without trailing zeros: ``87.40`` and ``87.4%`` both become ``"87.4"``."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def c_int(value: int) -> str:
    """Counts as plain integers, whether printed as digits or as ``five (5)``."""
    return str(int(value))


def c_enum(value: str) -> str:
    """Lowercase with underscores, so ``Self-Supporting`` and ``SELF SUPPORTING`` compare equal."""
    return "_".join(value.lower().replace("-", " ").split())


def c_text(value: str) -> str:
    """Free text as printed, with whitespace runs collapsed (line wraps must not matter)."""
    return " ".join(value.split())


# --- printed forms -------------------------------------------------------------------------


def p_date(d: date, style: str) -> str:
    """``us`` 03/14/2024, ``long`` March 14, 2024, ``dmy`` 14-Mar-2024, ``iso`` 2024-03-14."""
    if style == "us":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}"
    if style == "iso":
        return d.isoformat()
    raise ValueError(f"unknown date style {style!r}")


def dms_parts(value: float, sec_places: int) -> tuple[int, int, Decimal]:
    """Degrees, minutes, seconds of ``abs(value)``, seconds rounded (carrying into minutes)."""
    a = abs(Decimal(str(value)))
    deg = int(a)
    minutes_full = (a - deg) * MINUTES_PER_DEGREE
    mins = int(minutes_full)
    secs = q((minutes_full - mins) * SECONDS_PER_MINUTE, sec_places)
    if secs >= SECONDS_PER_MINUTE:
        secs -= SECONDS_PER_MINUTE
        mins += 1
    if mins >= MINUTES_PER_DEGREE:
        mins -= MINUTES_PER_DEGREE
        deg += 1
    return deg, mins, secs


def dms_to_decimal(deg: int, mins: int, secs: Decimal, *, negative: bool) -> str:
    """The canonical decimal degrees of a *printed* DMS value (so truth matches the page, not the site)."""
    v = Decimal(deg) + Decimal(mins) / MINUTES_PER_DEGREE + secs / SECONDS_PER_DEGREE
    return c_coord(-v if negative else v)


def p_coord(value: float, axis: str, style: str) -> tuple[str, str]:
    """(printed, canonical) of a latitude (``axis='lat'``) or longitude in one of four styles.

    ``dms`` 32°46'12.3"N; ``dms_dash`` 32-46-12.30N (FAA letters); ``dec`` -97.123456;
    ``dec_hemi`` 97.12346° W (five decimals, as some vendors print).
    """
    hemi = ("N" if value >= 0 else "S") if axis == "lat" else ("E" if value >= 0 else "W")
    neg = value < 0
    if style in ("dms", "dms_dash"):
        places = 1 if style == "dms" else 2
        d, m, s = dms_parts(value, places)
        if style == "dms":
            printed = f"{d}\u00b0{m:02d}'{s:0{3 + places}.{places}f}\"{hemi}"
        else:
            printed = f"{d:02d}-{m:02d}-{s:0{3 + places}.{places}f}{hemi}"
        return printed, dms_to_decimal(d, m, s, negative=neg)
    if style == "dec":
        c = c_coord(value)
        return c, c
    if style == "dec_hemi":
        a = q(abs(Decimal(str(value))), 5)
        return f"{a}\u00b0 {hemi}", c_coord(-a if neg else a)
    raise ValueError(f"unknown coordinate style {style!r}")


def p_money(value: Decimal) -> str:
    """Money as documents print it: ``$2,350.00``."""
    return f"${q(value, 2):,.2f}"


# Index = value: ONES[7] is "Seven"; TENS[4] is "Forty" (0 and 1 are never looked up).
ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]


def number_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 as legal documents write them (``Two Thousand Three Hundred Fifty``)."""
    if n < len(ONES):
        return ONES[n]
    if n < HUNDRED:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    if n < THOUSAND:
        rest = n % HUNDRED
        return ONES[n // HUNDRED] + " Hundred" + ("" if rest == 0 else " " + number_words(rest))
    rest = n % THOUSAND
    return number_words(n // THOUSAND) + " Thousand" + ("" if rest == 0 else " " + number_words(rest))


def money_words(value: Decimal) -> str:
    """``Two Thousand Three Hundred Fifty and 00/100 Dollars ($2,350.00)``."""
    v = q(value, 2)
    cents = int((v - int(v)) * 100)
    return f"{number_words(int(v))} and {cents:02d}/100 Dollars ({p_money(v)})"
