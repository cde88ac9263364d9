"""Per-field drift: whether a document's fields sit where its template revision expects them.

Pure (no I/O). :func:`check_fields` runs the rules below for every field a revision expects
(``TemplateRevision.fields``: label, page and value position, the median over the revision's
baseline documents) and gathers their events; :func:`check_field` is one field's check.

* each page's common skew, scale and shift (robust medians over its fields: a scanner's doing,
  ``towerkit.drift.pagefit``) is removed first and recorded as one minor event;
* value within the noise floor of the expected position → ok (rendering and OCR jitter are not
  drift); on OCRed documents the floor is ``OCR_NOISE_PT``, measured, and the tolerance grows by it;
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
on its page, or is read, however garbled, in its place beside the expected value (``label_at``,
with the document's ``words``), moves and new labels are minor: Tesseract garbled the value and the
extractor took another occurrence; the field's anchor did not move with it, so the layout did not.

Non-critical fields give minor events at most: they are recorded, they never hold a document back.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from towerkit.drift.fingerprint import label_at, label_at_threshold, label_printed, normalize_label, same_label
from towerkit.drift.pagefit import PageFit, page_fits
from towerkit.drift.records import DriftEvent, FieldPosition, Severity, TemplateRevision
from towerkit.fields.glyphs import ocr_fold
from towerkit.models import FieldValue, Word

NOISE_FLOOR_PT = 6.0
"""Moves up to this (or a quarter of the tolerance, if smaller) are rendering jitter."""
OCR_NOISE_PT = 8.0
"""Moves up to this on an OCRed page are Tesseract's box jitter, and the tolerance grows by it. Measured
(``benchmarks/ocr_box_noise.py`` at seeds 3 and 5: static words of 8 sample layouts, OCR boxes against
the text layer after the page fit): p99 2.0-2.4 pt at 150-300 dpi, 7.2-7.6 pt at 100 dpi; median 0.3."""
REPORT_SKEW_DEG = 0.2
"""A page fit skewed this much or more is reported (as one minor event), even without a shift."""
REPORT_SCALE_DIFF = 0.01
"""A page fit scaled this much or more (a share of 1.0) is reported (as one minor event)."""


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What every field's check of one document against one revision shares."""

    critical: Collection[str]
    tolerance_pt: float
    noise: float
    shingles: frozenset[str]
    ocr: bool
    words: Sequence[Word] | None
    fits: dict[int, PageFit]


def _missing_severity(
    exp: FieldPosition,
    sev: Severity,
    ctx: CheckContext,
    at: tuple[float, float, float],
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
    if exp.label and ctx.shingles and label_printed(exp.label, exp.page, ctx.shingles):
        return "minor", f"; its label {exp.label!r} is still printed (value unreadable)"
    if ctx.ocr and not exp.label:
        return "minor", "; OCR document, value not read"
    if ctx.ocr and exp.label and ctx.words and exp.fixed:
        x, y, slope = at
        s, read = label_at(exp.label, exp.page, x, y, ctx.words, slope)
        if s >= label_at_threshold(ocr_fold(normalize_label(exp.label))):
            return "minor", f"; OCR read its label {exp.label!r} in place as {read!r} (value unreadable)"
    return sev, ""


def _label_in_place(exp: FieldPosition, ctx: CheckContext) -> str | None:
    """On an OCRed page, the words read as the template's label where it belongs beside the expected value.

    Where it belongs is found through the page fit; ``label_at`` forgives OCR's garbling. None when
    the label is not read there (or the field has no fixed place, or no words were given).
    """
    if not (ctx.ocr and ctx.words and exp.label and exp.fixed):
        return None
    fit = ctx.fits.get(exp.page, PageFit())
    x, y = fit.predict(exp.x0, exp.top)
    s, read = label_at(exp.label, exp.page, x, y, ctx.words, math.tan(fit.theta))
    return read if s >= label_at_threshold(ocr_fold(normalize_label(exp.label))) else None


def _pos(p: FieldPosition) -> str:
    return f"p{p.page} ({p.x0:.0f}, {p.top:.0f})"


def _first_found(fields: Sequence[FieldValue]) -> dict[str, FieldValue]:
    """Per field, its first occurrence with a value or raw text (page, then top, then left)."""
    found: dict[str, FieldValue] = {}
    for f in sorted(fields, key=lambda f: (f.field, f.page or 0, f.top or 0.0, f.x0 or 0.0)):
        if f.field not in found and (f.value is not None or f.raw_text):
            found[f.field] = f
    return found


def _layout_events(fits: dict[int, PageFit], noise: float) -> list[DriftEvent]:
    """One minor event per page whose whole layout shifted, skewed or scaled noticeably."""
    events: list[DriftEvent] = []
    for page, fit in sorted(fits.items()):
        shift = math.hypot(fit.dx, fit.dy)
        skew = math.degrees(fit.theta)
        if shift > noise or abs(skew) >= REPORT_SKEW_DEG or abs(fit.scale - 1) >= REPORT_SCALE_DIFF:
            desc = f"page {page} shifted ({fit.dx:+.0f}, {fit.dy:+.0f}) pt, skew {skew:+.1f} deg, scale {fit.scale:.3f}"
            events.append(
                DriftEvent(
                    "field_moved", None, None, desc, round(shift, 1), "minor", f"field_moved: whole layout {desc}"
                )
            )
    return events


def _missing_event(name: str, exp: FieldPosition, sev: Severity, ctx: CheckContext) -> DriftEvent:
    """The ``field_missing`` event of an expected field the document does not have."""
    fit = ctx.fits.get(exp.page, PageFit())
    at = (*fit.predict(exp.x0, exp.top), math.tan(fit.theta))
    msev, why = _missing_severity(exp, sev, ctx, at)
    return DriftEvent(
        "field_missing",
        name,
        _pos(exp),
        None,
        None,
        msev,
        f"field_missing: {name} not found (expected at {_pos(exp)}){why}",
    )


def _label_event(
    name: str, exp: FieldPosition, f: FieldValue, sev: Severity, note: str, *, ocr: bool
) -> DriftEvent | None:
    """A ``new_label`` event when the field was found under another label wording."""
    if not (exp.label and f.label) or same_label(f.label, exp.label, ocr=ocr):
        return None
    return DriftEvent(
        "new_label",
        name,
        exp.label,
        f.label,
        None,
        sev,
        f"new_label: {name} labelled {f.label!r} (template: {exp.label!r}){note}",
    )


def _moved_event(
    name: str, exp: FieldPosition, f: FieldValue, sev: Severity, note: str, ctx: CheckContext
) -> DriftEvent | None:
    """A ``field_moved`` event when a fixed field's value left its page or its place (beyond the noise)."""
    if f.page is None or f.x0 is None or f.top is None or not exp.fixed:
        return None
    obs = f"p{f.page} ({f.x0:.0f}, {f.top:.0f})"
    if f.page != exp.page:
        return DriftEvent(
            "field_moved",
            name,
            _pos(exp),
            obs,
            None,
            sev,
            f"field_moved: {name} moved from page {exp.page} to page {f.page}{note}",
        )
    px, py = ctx.fits.get(exp.page, PageFit()).predict(exp.x0, exp.top)
    delta = math.hypot(f.x0 - px, f.top - py)
    if delta <= ctx.noise:
        return None
    moved_sev: Severity = sev if delta > ctx.tolerance_pt else "minor"
    return DriftEvent(
        "field_moved",
        name,
        _pos(exp),
        obs,
        round(delta, 1),
        moved_sev,
        f"field_moved: {name} moved {delta:.0f} pt (tolerance {ctx.tolerance_pt:g}){note}",
    )


def check_field(name: str, exp: FieldPosition, f: FieldValue | None, ctx: CheckContext) -> list[DriftEvent]:
    """The events of one expected field: missing, or found under a new label and/or moved."""
    sev: Severity = "major" if name in ctx.critical else "minor"
    if f is None:
        return [_missing_event(name, exp, sev, ctx)]
    note = ""
    if sev == "major" and ctx.ocr and exp.label:
        # The template's label is still printed, or read (garbled) in its place: Tesseract misread the
        # value and the extractor settled for another occurrence. The field's anchor did not move with
        # it. (Holding a move as drift whenever the label is not read in place, though printed, was
        # measured and rejected: table values and pages too sparse to fit gave 3 false quarantines in
        # benchmarks/drift_accuracy.py and 2 of 26 rescans of known forms.)
        if label_printed(exp.label, exp.page, ctx.shingles, strict=True):
            sev, note = "minor", " (OCR; template label still printed)"
        elif (read := _label_in_place(exp, ctx)) is not None:
            sev, note = "minor", f" (OCR; its label reads {read!r} in place)"
    events = (_label_event(name, exp, f, sev, note, ocr=ctx.ocr), _moved_event(name, exp, f, sev, note, ctx))
    return [e for e in events if e is not None]


def check_fields(
    fields: Sequence[FieldValue],
    rev: TemplateRevision,
    critical: Collection[str],
    tolerance_pt: float,
    *,
    shingles: frozenset[str] = frozenset(),
    ocr: bool = False,
    words: Sequence[Word] | None = None,
) -> list[DriftEvent]:
    """Per-field drift of a document against one revision (see the module docstring).

    Args:
        fields: the document's extracted fields (the first occurrence of each name counts).
        rev: the revision whose expected positions are checked.
        critical: fields whose drift is major; the others give minor events at most.
        tolerance_pt: how far (points) a value may move before it is drift.
        shingles: the document's fingerprint shingles; they tell whether a missing field's label
            is still printed.
        ocr: the document was read by Tesseract.
        words: the document's OCR words (optional), read only for a critical field missing from an
            OCR document (see ``_missing_severity``).

    """
    found = _first_found(fields)
    fits = page_fits(found, rev, tolerance_pt, ocr=ocr)
    noise = OCR_NOISE_PT if ocr else min(NOISE_FLOOR_PT, tolerance_pt / 4)
    ctx = CheckContext(
        critical, tolerance_pt + OCR_NOISE_PT if ocr else tolerance_pt, noise, shingles, ocr, words, fits
    )
    events = _layout_events(fits, noise)
    for name in sorted(rev.fields):
        events.extend(check_field(name, rev.fields[name], found.get(name), ctx))
    return events
