"""Sites and documents of the sample corpus, and the printed-value helpers that record ground truth.

A ``Doc`` holds typed *facts* (dates, Decimals, enums). A template prints a fact through one of
the ``Doc`` helpers (``d.date('inspection_date', 'long')``), which returns the text to draw and
records the canonical value of exactly that text in ``d.truth``. A fact a layout does not print
(a dropped field in a major revision, an absent ASR number) is therefore absent from the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from towerkit.sample import canonical as cn


@dataclass
class Site:
    """One tower: the facts every document about it must agree on (mutable: a test may pin a height)."""

    site_id: str
    site_name: str
    zone: str
    state: str
    lat: float
    lon: float
    ground_ft: int
    structure_type: str  # monopole | self_supporting | guyed
    height_ft: Decimal
    asr_number: str | None
    lighting: str  # none | red | white | dual
    jurisdiction: str
    region: str


@dataclass
class Doc:
    """One planned document, filled in as it is planned, rendered and written.

    ``fmt`` is how it is written (``pdf``, ``png``, ``tiff``, ``scanpdf``, ``mixed``, ``badfont``,
    ``png_as_pdf``, ``txt``, ``log``) and ``broken`` a broken-file kind.
    """

    site: Site
    doc_type: str | None
    issuer: str | None
    revision: int
    drift: str | None
    doc_date: date
    facts: dict[str, Any] = field(default_factory=dict)
    fmt: str = "pdf"
    broken: str | None = None
    new_issuer: bool = False
    seed: int = 0
    rel: str = ""
    truth: dict[str, str] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    # --- printed values that record their canonical truth -------------------------------

    def _put(self, name: str, printed: str, canonical: str) -> str:
        self.truth[name] = canonical
        self.printed[name] = printed
        return printed

    def txt(self, name: str, printed: str | None = None) -> str:
        """Free text; ``printed`` overrides the fact's own text (e.g. an upper-cased activity)."""
        v = printed if printed is not None else str(self.facts[name])
        return self._put(name, v, cn.c_text(v))

    def date(self, name: str, style: str) -> str:
        """A date in one of ``canonical.p_date``'s styles; the truth is always ISO."""
        d = self.facts[name]
        return self._put(name, cn.p_date(d, style), cn.c_date(d))

    def feet(self, name: str, fmt: str = "{} ft") -> str:
        """Feet as the document prints them: integer feet when whole (``200 ft``), else one decimal."""
        v: Decimal = self.facts[name]
        shown = f"{v:.0f}" if v == v.to_integral_value() else f"{v:.1f}"
        return self._put(name, fmt.format(shown), cn.c_ft(v))

    def feet_1dp(self, name: str, fmt: str = "{} ft") -> str:
        """Feet always with one decimal (``200.0``), as engineering grids print them."""
        v: Decimal = self.facts[name]
        return self._put(name, fmt.format(f"{v:.1f}"), cn.c_ft(v))

    def metres(self, name: str, fmt: str = "{}") -> str:
        """Metres with one decimal; the truth is the converted feet of the printed metres."""
        m = cn.q(self.facts[name] * cn.FT_PER_M, 1)
        return self._put(name, fmt.format(f"{m:.1f}"), cn.c_ft_from_m(str(m)))

    def coord(self, name: str, style: str) -> str:
        """A coordinate in one of ``canonical.p_coord``'s styles; the truth is what that text means."""
        axis = "lat" if name == "latitude" else "lon"
        printed, canonical = cn.p_coord(self.facts[name], axis, style)
        return self._put(name, printed, canonical)

    def money(self, name: str, *, words: bool = False) -> str:
        """``$2,350.00``, or spelled out with the figure in brackets when ``words`` (legal prose)."""
        v: Decimal = self.facts[name]
        return self._put(name, cn.money_words(v) if words else cn.p_money(v), cn.c_money(v))

    def pct(self, name: str, fmt: str = "{}%") -> str:
        """A percentage without trailing zeros; ``fmt`` wraps it (``{} percent``)."""
        v: Decimal = self.facts[name]
        return self._put(name, fmt.format(cn.c_pct(v)), cn.c_pct(v))

    def count(self, name: str, *, words: bool = False) -> str:
        """An integer, or ``five (5)`` when ``words`` (legal prose)."""
        v = int(self.facts[name])
        printed = f"{cn.number_words(v).lower()} ({v})" if words else str(v)
        return self._put(name, printed, cn.c_int(v))

    def enum(self, name: str, labels: dict[str, str]) -> str:
        """An enumeration printed through the layout's own ``labels``; the truth is the enum value."""
        v = self.facts[name]
        return self._put(name, labels[v], cn.c_enum(v))
