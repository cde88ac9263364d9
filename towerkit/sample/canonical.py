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
    return d.isoformat()


def c_ft(feet: Decimal | float | str) -> str:
    return str(q(feet, 1))


def c_ft_from_m(metres_printed: str) -> str:
    """The canonical feet of a printed metre value (``"60.8"`` → ``"199.5"``)."""
    return str(q(Decimal(metres_printed) / FT_PER_M, 1))


def c_coord(value: Decimal | float | str) -> str:
    return str(q(value, 6))


def c_money(value: Decimal | float | str) -> str:
    return str(q(value, 2))


def c_pct(value: Decimal | float | str) -> str:
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def c_int(value: int) -> str:
    return str(int(value))


def c_enum(value: str) -> str:
    return "_".join(value.lower().replace("-", " ").split())


def c_text(value: str) -> str:
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
    minutes_full = (a - deg) * 60
    mins = int(minutes_full)
    secs = q((minutes_full - mins) * 60, sec_places)
    if secs >= 60:
        secs -= 60
        mins += 1
    if mins >= 60:
        mins -= 60
        deg += 1
    return deg, mins, secs


def dms_to_decimal(deg: int, mins: int, secs: Decimal, negative: bool) -> str:
    v = Decimal(deg) + Decimal(mins) / 60 + secs / 3600
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
        return printed, dms_to_decimal(d, m, s, neg)
    if style == "dec":
        c = c_coord(value)
        return c, c
    if style == "dec_hemi":
        a = q(abs(Decimal(str(value))), 5)
        return f"{a}\u00b0 {hemi}", c_coord(-a if neg else a)
    raise ValueError(f"unknown coordinate style {style!r}")


def p_money(value: Decimal) -> str:
    return f"${q(value, 2):,.2f}"


ONES = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]


def number_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 as legal documents write them (``Two Thousand Three Hundred Fifty``)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " Hundred" + ("" if rest == 0 else " " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " Thousand" + ("" if rest == 0 else " " + number_words(rest))


def money_words(value: Decimal) -> str:
    """``Two Thousand Three Hundred Fifty and 00/100 Dollars ($2,350.00)``."""
    v = q(value, 2)
    cents = int((v - int(v)) * 100)
    return f"{number_words(int(v))} and {cents:02d}/100 Dollars ({p_money(v)})"
