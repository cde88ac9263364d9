"""A page's common skew, scale and shift between a template's field positions and a document's.

A scanner skews (0.3-1.5 degrees), scales a little and shifts a page as a whole; those are not
drift. The drift checks (``towerkit.drift.checks``) remove this fit before they measure how far a
field moved. Pure (no I/O).

A page read by OCR may be scaled and shifted much more, and still not have drifted: an image that
does not state its resolution is read at one estimated from its text height, so its points are
not the text layer's (``benchmarks/ocr_box_noise.py`` measures by how much); its fit is allowed the
measured range (``OCR_MAX_SCALE_DIFF``, ``OCR_MAX_SHIFT_PT``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from towerkit.drift.records import TemplateRevision
from towerkit.models import FieldValue

MAX_SKEW_DEG = 3.0
"""A scanned page rotated by more than this is not a scanner's skew; it is not corrected."""
MAX_SCALE_DIFF = 0.06
"""A page scaled by more than this (a share of 1.0) is not a scanner's doing; it is not corrected."""
OCR_MAX_SCALE_DIFF = 0.30
"""The scale a page read by OCR may be off by and still be fitted. Measured (``benchmarks/ocr_box_noise.py``
at seeds 3 and 5: 8 sample layouts each scanned at 100/150/200/300 dpi and saved without DPI metadata,
so the resolution is estimated): 0.73-1.11 against the text layer; images stating their DPI
0.999-1.001. 0.30 covers the measured 0.27 with a little to spare."""
OCR_MAX_SHIFT_PT = 120.0
"""The shift a page read by OCR may have and still be fitted: the same scans' fitted shift reached
102 pt (a skewed scan's grown canvas, plus the scale error about the page's corner)."""
MIN_FIT_FIELDS = 3
"""Fields a page needs before its skew and shift are estimated; with fewer, medians are not robust."""
MIN_PAIR_PT = 50.0
"""Two fields closer than this (points) give too noisy an angle and scale to count."""


@dataclass(frozen=True, slots=True)
class PageFit:
    """A page's common skew (radians), scale and shift between template and document positions."""

    theta: float = 0.0
    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0
    cx: float = 0.0
    cy: float = 0.0

    def predict(self, x: float, y: float) -> tuple[float, float]:
        """Where the template position (x, y) lands on the document's page."""
        c, s_ = math.cos(self.theta) * self.scale, math.sin(self.theta) * self.scale
        ux, uy = x - self.cx, y - self.cy
        return self.cx + c * ux - s_ * uy + self.dx, self.cy + s_ * ux + c * uy + self.dy

    @property
    def trivial(self) -> bool:
        """No skew, scale or shift at all."""
        return self.theta == 0.0 and self.scale == 1.0 and self.dx == 0.0 and self.dy == 0.0


def median(values: list[float]) -> float:
    """The median (mean of the middle two for an even count); ``values`` must not be empty."""
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _angles_and_ratios(pairs: list[tuple[float, float, float, float]]) -> tuple[list[float], list[float]]:
    """Rotation and length ratio of every pair of fields far enough apart to measure them."""
    angles, ratios = [], []
    for i, a in enumerate(pairs):
        for b in pairs[i + 1 :]:
            ex, ey, ox, oy = b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]
            le, lo = math.hypot(ex, ey), math.hypot(ox, oy)
            if le >= MIN_PAIR_PT and lo > 0:
                d = math.atan2(oy, ox) - math.atan2(ey, ex)
                angles.append((d + math.pi) % (2 * math.pi) - math.pi)
                ratios.append(lo / le)
    return angles, ratios


def fit_page(
    pairs: list[tuple[float, float, float, float]],
    tolerance_pt: float,
    *,
    max_skew_deg: float = MAX_SKEW_DEG,
    max_scale_diff: float = MAX_SCALE_DIFF,
) -> PageFit:
    """Robust similarity transform from (expected x, y, observed x, y) pairs: medians, not least squares.

    Medians over field pairs ignore the one field a revision really moved. A shift beyond the
    tolerance is not removed: then every field really moved. Nor is a skew or scale beyond
    ``max_skew_deg`` / ``max_scale_diff``.
    """
    if len(pairs) < MIN_FIT_FIELDS:
        return PageFit()
    cx = median([p[0] for p in pairs])
    cy = median([p[1] for p in pairs])
    angles, ratios = _angles_and_ratios(pairs)
    theta = median(angles) if angles else 0.0
    scale = median(ratios) if ratios else 1.0
    if abs(math.degrees(theta)) > max_skew_deg or abs(scale - 1.0) > max_scale_diff:
        theta, scale = 0.0, 1.0
    rot = PageFit(theta, scale, 0.0, 0.0, cx, cy)
    moved = [rot.predict(p[0], p[1]) for p in pairs]
    dx = median([p[2] - m[0] for p, m in zip(pairs, moved, strict=True)])
    dy = median([p[3] - m[1] for p, m in zip(pairs, moved, strict=True)])
    if math.hypot(dx, dy) > tolerance_pt:
        dx = dy = 0.0
    return PageFit(theta, scale, dx, dy, cx, cy)


def _two_point(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> PageFit | None:
    """The similarity transform that maps field ``a``'s and ``b``'s expected places onto their observed ones."""
    ex, ey, ox, oy = b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]
    le, lo = math.hypot(ex, ey), math.hypot(ox, oy)
    if le < MIN_PAIR_PT or lo == 0:
        return None
    d = math.atan2(oy, ox) - math.atan2(ey, ex)
    return PageFit((d + math.pi) % (2 * math.pi) - math.pi, lo / le, a[2] - a[0], a[3] - a[1], a[0], a[1])


def consensus_fit(
    pairs: list[tuple[float, float, float, float]],
    tolerance_pt: float,
    *,
    max_shift_pt: float,
    max_scale_diff: float,
) -> PageFit:
    """The page fit most fields agree with, for pages read by OCR: a consensus, then medians over it.

    On a scan several fields may be read far from their place at once (a garbled value, another
    occurrence taken), enough to drag the medians of ``fit_page``, now that OCR pages may be scaled
    as far as ``OCR_MAX_SCALE_DIFF``. So every transform two fields imply (and every shift one
    implies) is tried; the one that puts the most fields within ``tolerance_pt`` of their observed
    place wins (ties: the smaller total distance), and ``fit_page`` over those fields refines it.
    Fewer than ``MIN_FIT_FIELDS`` agreeing: the medians over every field, as on a text page.
    """
    if len(pairs) < MIN_FIT_FIELDS:
        return PageFit()
    hypotheses = [PageFit(0.0, 1.0, p[2] - p[0], p[3] - p[1]) for p in pairs]
    hypotheses += [h for i, a in enumerate(pairs) for b in pairs[i + 1 :] if (h := _two_point(a, b)) is not None]
    best: tuple[int, float] | None = None
    agreeing: list[tuple[float, float, float, float]] = []
    for h in hypotheses:
        if abs(math.degrees(h.theta)) > MAX_SKEW_DEG or abs(h.scale - 1.0) > max_scale_diff:
            continue
        dists = [math.dist(h.predict(p[0], p[1]), (p[2], p[3])) for p in pairs]
        inside = [(p, dd) for p, dd in zip(pairs, dists, strict=True) if dd <= tolerance_pt]
        key = (-len(inside), sum(dd for _, dd in inside))
        if best is None or key < best:
            best, agreeing = key, [p for p, _ in inside]
    return fit_page(agreeing if len(agreeing) >= MIN_FIT_FIELDS else pairs, max_shift_pt, max_scale_diff=max_scale_diff)


def page_fits(
    found: Mapping[str, FieldValue], rev: TemplateRevision, tolerance_pt: float, *, ocr: bool = False
) -> dict[int, PageFit]:
    """Per page, the common skew/scale/shift of the fixed fields found on their expected page.

    ``ocr``: the document was read by OCR; its pages may be scaled and shifted as far as
    ``OCR_MAX_SCALE_DIFF`` and ``OCR_MAX_SHIFT_PT`` (a resolution estimated, not stated), and the fit
    is the one most of its fields agree with (``consensus_fit``).
    """
    pages: dict[int, list[tuple[float, float, float, float]]] = {}
    for name, exp in sorted(rev.fields.items()):
        f = found.get(name)
        if f is not None and exp.fixed and f.page == exp.page and f.x0 is not None and f.top is not None:
            pages.setdefault(exp.page, []).append((exp.x0, exp.top, f.x0, f.top))
    if ocr:
        shift, scale = max(tolerance_pt, OCR_MAX_SHIFT_PT), max(MAX_SCALE_DIFF, OCR_MAX_SCALE_DIFF)
        return {
            page: consensus_fit(pairs, tolerance_pt, max_shift_pt=shift, max_scale_diff=scale)
            for page, pairs in pages.items()
        }
    return {page: fit_page(pairs, tolerance_pt) for page, pairs in pages.items()}
