"""Printed forms of typed values, each returned with its DESIGN.md normalised form.

The canonical value is always computed from the *printed* text (metres rounded to one decimal, DMS
seconds to two), never from the underlying fact, so ground truth is exactly what a perfect reader
of the page would produce: ``value_m / 0.3048`` rounded to one decimal, six-decimal degrees, and so on.
"""

from __future__ import annotations

import random
from datetime import date

from benchmarks.zoo.facts import chance

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
DATE_STYLES = ("us", "iso", "long", "dmy", "abbr", "ordinal", "oracle")
COORD_STYLES = ("dec_hemi", "dec_deg", "dms_dash", "dms_sym", "signed")
_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def words(n: int) -> str:
    """English words for 0 ≤ n < 1,000,000, the way leases spell out amounts."""
    if n < 20:  # noqa: PLR2004
        return _ONES[n]
    if n < 100:  # noqa: PLR2004
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:  # noqa: PLR2004
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + words(rest))
    rest = n % 1000
    return words(n // 1000) + " thousand" + ("" if rest == 0 else " " + words(rest))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 22nd..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")  # noqa: PLR2004
    return f"{n}{suffix}"


def fmt_date(d: date, style: str) -> str:
    """One date in one of the styles issuers print (all unambiguous: no two-digit years)."""
    month = MONTHS[d.month - 1]
    forms = {
        "us": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "iso": d.isoformat(),
        "long": f"{month} {d.day}, {d.year}",
        "dmy": f"{d.day} {month[:3]} {d.year}",
        "abbr": f"{month[:3]}. {d.day}, {d.year}" if month != "May" else f"May {d.day}, {d.year}",
        "ordinal": f"the {ordinal(d.day)} of {month}, {d.year}",
        "oracle": f"{d.day:02d}-{month[:3].upper()}-{d.year}",
    }
    return forms[style]


def _avoid_tie(x: float, places: int) -> bool:
    """True when ``x`` sits on a rounding half-way point, where two honest readers could differ."""
    scaled = abs(x) * 10.0**places
    return abs(scaled - int(scaled) - 0.5) < 1e-6  # noqa: PLR2004


def height(ft: float, rng: random.Random, *, unit_in_label: bool) -> tuple[str, str, str]:
    """(unit for the label or ``""``, printed value, canonical feet) — in feet or in metres."""
    if chance(rng, 0.3):
        m = round(ft * 0.3048, 1)
        while _avoid_tie(m / 0.3048, 1):
            m = round(m + 0.1, 1)
        canon = f"{round(m / 0.3048, 1):.1f}"
        if unit_in_label:
            return "m", f"{m:.1f}", canon
        return "", rng.choice((f"{m:.1f} m", f"{m:.1f} m", f"{m:.1f} meters", f"{m:.1f}m")), canon
    canon = f"{ft:.1f}"
    num = f"{ft:g}" if ft == int(ft) else f"{ft:.1f}"
    if unit_in_label:
        return "ft", num, canon
    return "", rng.choice((f"{num} ft", f"{num} ft", f"{num}'", f"{num} feet", f"{num} FT")), canon


def coordinate(value: float, axis: str, style: str) -> tuple[str, str]:
    """(printed, canonical) for a latitude (``axis="lat"``) or longitude in one of ``COORD_STYLES``."""
    hemi = ("N" if value >= 0 else "S") if axis == "lat" else ("E" if value >= 0 else "W")
    mag = abs(value)
    if style in ("dms_dash", "dms_sym"):
        deg = int(mag)
        minutes = int((mag - deg) * 60)
        seconds = round((mag - deg - minutes / 60) * 3600, 2)
        if seconds >= 60:  # noqa: PLR2004
            minutes, seconds = minutes + 1, 0.0
        signed = (deg + minutes / 60 + seconds / 3600) * (1 if hemi in "NE" else -1)
        width = 2 if axis == "lat" else 3
        if style == "dms_dash":
            printed = f"{deg:0{width}d}-{minutes:02d}-{seconds:05.2f}{hemi}"
        else:
            printed = f"{deg}° {minutes:02d}' {seconds:05.2f}\" {hemi}"
        return printed, f"{round(signed, 6):.6f}"
    canon = f"{value:.6f}"
    if style == "dec_hemi":
        return f"{mag:.6f} {hemi}", canon
    if style == "dec_deg":
        return f"{mag:.6f}° {hemi}", canon
    return f"{value:.6f}", canon


def plain(x: float) -> str:
    """A percentage or count as a plain number: ``3``, ``2.5``, ``87.4``."""
    return f"{x:g}" if x == int(x) else f"{x:.1f}".rstrip("0").rstrip(".")


def money(usd: float, rng: random.Random, *, unit_in_label: bool, spell: bool = False) -> tuple[str, str]:
    """(printed, canonical two decimals): ``$2,450.00``, ``USD 2450``, sometimes in words with figures."""
    canon = f"{usd:.2f}"
    cents = round(usd * 100) % 100
    if unit_in_label:
        return rng.choice((f"{usd:,.2f}", f"{usd:.2f}")), canon
    if spell:
        dollars = words(int(usd)).title()
        return f"{dollars} and {cents:02d}/100 Dollars (${usd:,.2f})", canon
    whole = cents == 0
    forms = [f"${usd:,.2f}", f"${usd:,.2f}", f"{usd:,.2f} USD", f"US$ {usd:,.2f}"]
    if whole:
        forms += [f"USD {int(usd)}", f"${int(usd):,}"]
    return rng.choice(forms), canon


def percent(x: float, rng: random.Random, *, unit_in_label: bool) -> tuple[str, str]:
    """(printed, canonical plain number) for a percentage."""
    num = plain(x)
    if unit_in_label:
        return num, num
    return rng.choice((f"{num}%", f"{num}%", f"{num} %", f"{num} percent")), num


def count(n: int, unit: str, rng: random.Random, *, unit_in_label: bool, spell: bool = False) -> tuple[str, str]:
    """(printed, canonical integer) for days, years or options: ``90 days``, ``ninety (90) days``."""
    if unit_in_label or not unit:
        return (f"{words(n)} ({n})" if spell else str(n)), str(n)
    unit_word = unit if n != 1 else unit.rstrip("s")
    if spell:
        return f"{words(n)} ({n}) {unit_word}", str(n)
    short = {"days": "d", "years": "yrs.", "options": "opts."}.get(unit, unit)
    return rng.choice((f"{n} {unit_word}", f"{n} {unit_word}", f"{n} {short}")), str(n)
