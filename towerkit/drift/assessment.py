"""Drift: how a document differs from the template revision it should follow, and what that means.

Pure (no I/O). The registry (``towerkit.store.templates``) loads revisions and documents, calls
:func:`assess` and writes what it returns.

Rules, per field the revision expects (``TemplateRevision.fields``: label, page and value position,
the median over the revision's baseline documents):

* each page's common skew, scale and shift (robust medians over its fields: a scanner's doing) is
  removed first and recorded as one minor event;
* value within ``noise_pt`` of the expected position → ok (OCR jitter is not drift);
* moved, but within ``tolerance_pt`` → ``field_moved`` minor;
* moved beyond ``tolerance_pt`` or to another page → ``field_moved`` major if the field is critical;
* not found → ``field_missing`` major if critical, unless its label is still printed, or it has no
  label and the document was OCRed, or (OCR, with the document's ``words`` given) Tesseract's words
  where its label belongs beside the expected value read as that label, however garbled
  (``label_at``): then the value was unreadable, minor;
* found under another label wording → ``new_label`` major if critical. On OCR documents wordings
  are compared with Tesseract's confusable glyphs folded (``fields.normalize.ocr_fold``): "Appheant Sie
  1D" is "Applicant Site ID" misread, not a rename.

On an OCRed document whose template label for the field is still printed (every word, in order)
on its page, moves and new labels are minor: Tesseract garbled the value and the extractor took
another occurrence; the layout itself is intact.

Non-critical fields give minor events at most: they are recorded, they never hold a document back.
A document whose layout score (``fingerprint.match_score``: the share of the revision's static
shingles the document contains) is below the match threshold for every revision of its family is
an ``unknown_layout`` (major). Any major event quarantines the document.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from towerkit.drift.fingerprint import (
    label_at,
    label_at_threshold,
    label_printed,
    match_score,
    normalize_label,
    same_label,
)
from towerkit.fields.normalize import ocr_fold
from towerkit.models import FieldValue, Fingerprint, Word

Severity = Literal["minor", "major"]
Kind = Literal["field_moved", "field_missing", "new_label", "unknown_layout"]

NOISE_FLOOR_PT = 6.0
"""Moves up to this (or a quarter of the tolerance, if smaller) are OCR and rendering jitter."""


@dataclass(frozen=True, slots=True)
class FieldPosition:
    """Where a template revision expects a field: its label wording and the value's top-left."""

    field: str
    label: str | None
    page: int
    x0: float
    top: float
    fixed: bool = True
    """False when the baseline documents put the value in different places (prose, tables that
    grow): then only presence and label are checked, never the position."""


@dataclass(frozen=True, slots=True)
class TemplateRevision:
    template_id: str
    doc_type: str | None
    issuer: str | None
    revision: int
    fingerprint: Fingerprint
    fields: dict[str, FieldPosition] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DriftEvent:
    kind: Kind
    field: str | None
    expected: str | None
    observed: str | None
    delta_pt: float | None
    severity: Severity
    message: str = ""
    """One human-readable line, e.g. ``field_moved: structure_height_ft moved 84 pt (tolerance 24)``."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one document: the revision it matched (if any) and the drift found."""

    template_id: str | None
    similarity: float
    events: tuple[DriftEvent, ...]

    @property
    def major(self) -> bool:
        return any(e.severity == "major" for e in self.events)

    @property
    def status(self) -> str:
        return "quarantined" if self.major else "ingested"

    @property
    def reasons(self) -> list[str]:
        return [e.message for e in self.events if e.severity == "major"]


def _missing_severity(
    exp: FieldPosition,
    sev: Severity,
    shingles: frozenset[str],
    ocr: bool,
    score: float,
    at: tuple[float, float, float] | None = None,
    words: Sequence[Word] | None = None,
) -> tuple[Severity, str]:
    """A missing value is drift only when the layout lost the field, not when its value was unreadable.

    Its label still printed on its page → the template is intact and the value was not read (OCR
    noise, an empty box): minor. On an OCRed document with no label to look for (prose, tables),
    Tesseract is the likelier culprit: minor. On an OCRed document whose words (when given) show the
    label where it belongs next to the value's expected place ``at`` (``label_at``: garbled or
    low-confidence words the fingerprint cannot see): minor. Otherwise the layout dropped or renamed
    it. (Blaming OCR whenever a scan's layout score is high was tried and rejected: noisy scans of
    unchanged templates score 0.61-0.76, as low as scans of real revisions, so the score cannot tell
    them apart.)
    """
    if sev == "minor":
        return sev, ""
    if exp.label and shingles and label_printed(exp.label, exp.page, shingles):
        return "minor", f"; its label {exp.label!r} is still printed (value unreadable)"
    if ocr and not exp.label:
        return "minor", "; OCR document, value not read"
    if ocr and exp.label and words and exp.fixed:
        x, y, slope = at if at is not None else (exp.x0, exp.top, 0.0)
        s, read = label_at(exp.label, exp.page, x, y, words, slope)
        if s >= label_at_threshold(ocr_fold(normalize_label(exp.label))):
            return "minor", f"; OCR read its label {exp.label!r} in place as {read!r} (value unreadable)"
    return sev, ""


def _pos(p: FieldPosition) -> str:
    return f"p{p.page} ({p.x0:.0f}, {p.top:.0f})"


def best_match(fp: Fingerprint, revisions: Sequence[TemplateRevision]) -> tuple[TemplateRevision | None, float]:
    """The most similar revision (ties → higher revision, then smaller id) and its similarity."""
    best: TemplateRevision | None = None
    best_sim = -1.0
    for rev in sorted(revisions, key=lambda r: (-r.revision, r.template_id)):
        s = match_score(fp, rev.fingerprint)
        if s > best_sim:
            best, best_sim = rev, s
    return best, max(best_sim, 0.0)


def check_fields(
    fields: Sequence[FieldValue],
    rev: TemplateRevision,
    critical: Collection[str],
    tolerance_pt: float,
    *,
    shingles: frozenset[str] = frozenset(),
    ocr: bool = False,
    score: float = 0.0,
    words: Sequence[Word] | None = None,
) -> list[DriftEvent]:
    """Per-field drift of a document against one revision (see the module docstring).

    ``shingles`` (the document's fingerprint shingles) tell whether a missing field's label is still
    printed; ``ocr`` says the document was read by Tesseract; ``words`` (optional, its OCR words) are
    read only for a critical field missing from an OCR document (see ``_missing_severity``).
    """
    noise = min(NOISE_FLOOR_PT, tolerance_pt / 4)
    found: dict[str, FieldValue] = {}
    for f in sorted(fields, key=lambda f: (f.field, f.page or 0, f.top or 0.0, f.x0 or 0.0)):
        if f.field not in found and (f.value is not None or f.raw_text):
            found[f.field] = f
    fits = _fits(found, rev, tolerance_pt)
    events: list[DriftEvent] = []
    for page, fit in sorted(fits.items()):
        shift = math.hypot(fit.dx, fit.dy)
        if shift > noise or abs(math.degrees(fit.theta)) >= 0.2 or abs(fit.scale - 1) >= 0.01:
            desc = (
                f"page {page} shifted ({fit.dx:+.0f}, {fit.dy:+.0f}) pt, "
                f"skew {math.degrees(fit.theta):+.1f} deg, scale {fit.scale:.3f}"
            )
            events.append(
                DriftEvent(
                    "field_moved", None, None, desc, round(shift, 1), "minor", f"field_moved: whole layout {desc}"
                )
            )
    for name in sorted(rev.fields):
        exp = rev.fields[name]
        sev: Severity = "major" if name in critical else "minor"
        f = found.get(name)
        if f is None:
            fit = fits.get(exp.page, _Fit())
            at = (*fit.predict(exp.x0, exp.top), math.tan(fit.theta))
            msev, why = _missing_severity(exp, sev, shingles, ocr, score, at, words)
            events.append(
                DriftEvent(
                    "field_missing",
                    name,
                    _pos(exp),
                    None,
                    None,
                    msev,
                    f"field_missing: {name} not found (expected at {_pos(exp)}){why}",
                )
            )
            continue
        if sev == "major" and ocr and exp.label and label_printed(exp.label, exp.page, shingles, strict=True):
            # The template's label is still printed where it was: Tesseract garbled the value and the
            # extractor settled for another occurrence. The layout did not change.
            sev, note = "minor", " (OCR; template label still printed)"
        else:
            note = ""
        if exp.label and f.label and not same_label(f.label, exp.label, ocr=ocr):
            events.append(
                DriftEvent(
                    "new_label",
                    name,
                    exp.label,
                    f.label,
                    None,
                    sev,
                    f"new_label: {name} labelled {f.label!r} (template: {exp.label!r}){note}",
                )
            )
        if f.page is None or f.x0 is None or f.top is None or not exp.fixed:
            continue
        obs = f"p{f.page} ({f.x0:.0f}, {f.top:.0f})"
        if f.page != exp.page:
            events.append(
                DriftEvent(
                    "field_moved",
                    name,
                    _pos(exp),
                    obs,
                    None,
                    sev,
                    f"field_moved: {name} moved from page {exp.page} to page {f.page}{note}",
                )
            )
            continue
        px, py = fits.get(exp.page, _Fit()).predict(exp.x0, exp.top)
        delta = math.hypot(f.x0 - px, f.top - py)
        if delta <= noise:
            continue
        moved_sev: Severity = sev if delta > tolerance_pt else "minor"
        events.append(
            DriftEvent(
                "field_moved",
                name,
                _pos(exp),
                obs,
                round(delta, 1),
                moved_sev,
                f"field_moved: {name} moved {delta:.0f} pt (tolerance {tolerance_pt:g}){note}",
            )
        )
    return events


MAX_SKEW_DEG = 3.0
"""A scanned page rotated by more than this is not a scanner's skew; it is not corrected."""
MAX_SCALE_DIFF = 0.06


@dataclass(frozen=True, slots=True)
class _Fit:
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
        return self.theta == 0.0 and self.scale == 1.0 and self.dx == 0.0 and self.dy == 0.0


def _fit_page(pairs: list[tuple[float, float, float, float]], tolerance_pt: float) -> _Fit:
    """Robust similarity transform from (expected x, y, observed x, y) pairs: medians, not least squares.

    A scanner skews (0.3-1.5 degrees), scales a little and shifts a page as a whole; those are not
    drift. Medians over field pairs ignore the one field a revision really moved. A shift beyond the
    tolerance is not removed: then every field really moved.
    """
    if len(pairs) < 3:
        return _Fit()
    cx = _median([p[0] for p in pairs])
    cy = _median([p[1] for p in pairs])
    angles, ratios = [], []
    for i, a in enumerate(pairs):
        for b in pairs[i + 1 :]:
            ex, ey, ox, oy = b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]
            le, lo = math.hypot(ex, ey), math.hypot(ox, oy)
            if le >= 50.0 and lo > 0:
                d = math.atan2(oy, ox) - math.atan2(ey, ex)
                angles.append((d + math.pi) % (2 * math.pi) - math.pi)
                ratios.append(lo / le)
    theta = _median(angles) if angles else 0.0
    scale = _median(ratios) if ratios else 1.0
    if abs(math.degrees(theta)) > MAX_SKEW_DEG or abs(scale - 1.0) > MAX_SCALE_DIFF:
        theta, scale = 0.0, 1.0
    rot = _Fit(theta, scale, 0.0, 0.0, cx, cy)
    moved = [rot.predict(p[0], p[1]) for p in pairs]
    dx = _median([p[2] - m[0] for p, m in zip(pairs, moved)])
    dy = _median([p[3] - m[1] for p, m in zip(pairs, moved)])
    if math.hypot(dx, dy) > tolerance_pt:
        dx = dy = 0.0
    return _Fit(theta, scale, dx, dy, cx, cy)


def _fits(found: dict[str, FieldValue], rev: TemplateRevision, tolerance_pt: float) -> dict[int, _Fit]:
    """Per page, the common skew/scale/shift of the fixed fields found on their expected page."""
    pages: dict[int, list[tuple[float, float, float, float]]] = {}
    for name, exp in sorted(rev.fields.items()):
        f = found.get(name)
        if f is not None and exp.fixed and f.page == exp.page and f.x0 is not None and f.top is not None:
            pages.setdefault(exp.page, []).append((exp.x0, exp.top, f.x0, f.top))
    return {page: _fit_page(pairs, tolerance_pt) for page, pairs in pages.items()}


def assess(
    fp: Fingerprint,
    fields: Sequence[FieldValue],
    revisions: Sequence[TemplateRevision],
    critical: Collection[str],
    *,
    tolerance_pt: float,
    threshold: float,
    ocr: bool = False,
    words: Sequence[Word] | None = None,
) -> Assessment:
    """Match a document to its family's revisions and list its drift.

    ``words`` (optional): the document's words, consulted only when a critical field is missing
    from an OCR document, to see whether its label is printed, garbled, where it belongs.

    Among revisions whose layout score reaches ``threshold`` the document matches the one with the
    fewest major, then fewest, drift events (then the highest score, then the newest revision).
    With none, it is an ``unknown_layout`` (major) and the per-field checks still run against the
    nearest revision so the reviewer sees which fields moved. With no revision at all the caller
    normally enrolls a template instead.
    """
    if not revisions:
        ev = DriftEvent(
            "unknown_layout",
            None,
            None,
            fp.exact[:12],
            None,
            "major",
            "unknown_layout: no template for this document type and issuer",
        )
        return Assessment(None, 0.0, (ev,))
    # Among the revisions the layout matches, the one that explains the fields best: revisions that
    # differ only in where a field sits share nearly all words, so the score alone cannot choose.
    scored = [(match_score(fp, r.fingerprint), r) for r in revisions]
    candidates = []
    for score, r in scored:
        if score >= threshold:
            events = check_fields(
                fields, r, critical, tolerance_pt, shingles=fp.shingles, ocr=ocr, score=score, words=words
            )
            n_major = sum(e.severity == "major" for e in events)
            candidates.append(((n_major, len(events), -score, -r.revision, r.template_id), r, score, events))
    if candidates:
        _, rev, sim, events = min(candidates, key=lambda c: c[0])
        return Assessment(rev.template_id, sim, tuple(events))
    rev, sim = best_match(fp, revisions)
    assert rev is not None
    events = check_fields(fields, rev, critical, tolerance_pt, shingles=fp.shingles, ocr=ocr, score=sim, words=words)
    ev = DriftEvent(
        "unknown_layout",
        None,
        f"{rev.template_id} rev {rev.revision}",
        fp.exact[:12],
        None,
        "major",
        f"unknown_layout: layout similarity {sim:.2f} to nearest template "
        f"{rev.template_id} rev {rev.revision} (threshold {threshold:g})",
    )
    return Assessment(rev.template_id, sim, (ev, *events))


def median_positions(
    docs: Sequence[Sequence[FieldValue]],
    share: float = 0.5,
    tolerance_pt: float = 24.0,
) -> dict[str, FieldPosition]:
    """Per-field expected positions from baseline documents: the median value position per field.

    A field counts only if at least ``share`` of the documents have it with a box (optional fields
    seen once must not make every later document "miss" them). The label is the most common wording
    (ties → alphabetical), the page the most common page. A position is ``fixed`` when, over three
    or more documents, every one lies within ``tolerance_pt`` of the median (on the common page);
    with fewer documents, when the field was found by a label (form fields sit still; prose and
    table values move with the text around them).
    """
    per: dict[str, list[FieldValue]] = {}
    for fields in docs:
        seen: set[str] = set()
        for f in sorted(fields, key=lambda f: (f.field, f.page or 0, f.top or 0.0, f.x0 or 0.0)):
            if f.field in seen or f.page is None or f.x0 is None or f.top is None:
                continue
            seen.add(f.field)
            per.setdefault(f.field, []).append(f)
    out: dict[str, FieldPosition] = {}
    for name, fs in sorted(per.items()):
        if len(fs) < share * len(docs):
            continue
        page = _mode([f.page for f in fs if f.page is not None])
        on_page = [f for f in fs if f.page == page]
        labels = [f.label for f in fs if f.label]
        x0 = _median([f.x0 for f in on_page if f.x0 is not None])
        top = _median([f.top for f in on_page if f.top is not None])
        if len(fs) >= 3:
            fixed = len(on_page) == len(fs) and all(
                math.hypot((f.x0 or 0.0) - x0, (f.top or 0.0) - top) <= tolerance_pt for f in on_page
            )
        else:
            fixed = bool(labels)
        out[name] = FieldPosition(name, _mode(labels) if labels else None, page, x0, top, fixed)
    return out


def _mode(values: list) -> object:  # type: ignore[type-arg]
    counts: dict[object, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
