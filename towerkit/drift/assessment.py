"""Drift: how a document differs from the template revision it should follow, and what that means.

Pure (no I/O). The registry (``towerkit.drift.registry``) has the store load revisions and
documents, calls :func:`assess` and has the store write what it returns.

A document is matched to the revisions of its family (``doc_type``, ``issuer``) by layout score
(``fingerprint.match_score``: the share of the revision's static shingles the document contains);
its fields are then checked against the matched revision's expected positions by the per-field
rules of ``towerkit.drift.checks`` (moved, missing, relabelled; critical fields major, the others
minor). A document whose layout score is below the match threshold for every revision of its
family is an ``unknown_layout`` (major). Any major event quarantines the document.

:func:`median_positions` makes a revision's expected positions from its baseline documents.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Sequence
from typing import TypeVar

from towerkit.drift.checks import check_fields
from towerkit.drift.fingerprint import match_score
from towerkit.drift.pagefit import median
from towerkit.drift.records import Assessment, DriftEvent, FieldPosition, TemplateRevision
from towerkit.models import FieldValue, Fingerprint, Word

__all__ = ["assess", "best_match", "median_positions"]

_T = TypeVar("_T", bound=Hashable)

MIN_SPREAD_DOCS = 3
"""Baseline documents needed before a field's spread decides whether its position is fixed."""


def _nearest(fp: Fingerprint, revisions: Sequence[TemplateRevision]) -> tuple[TemplateRevision, float]:
    """``best_match`` over a non-empty list of revisions."""
    ordered = sorted(revisions, key=lambda r: (-r.revision, r.template_id))
    best, best_sim = ordered[0], match_score(fp, ordered[0].fingerprint)
    for rev in ordered[1:]:
        s = match_score(fp, rev.fingerprint)
        if s > best_sim:
            best, best_sim = rev, s
    return best, max(best_sim, 0.0)


def best_match(fp: Fingerprint, revisions: Sequence[TemplateRevision]) -> tuple[TemplateRevision | None, float]:
    """The most similar revision (ties → higher revision, then smaller id) and its similarity."""
    if not revisions:
        return None, 0.0
    return _nearest(fp, revisions)


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
            events = check_fields(fields, r, critical, tolerance_pt, shingles=fp.shingles, ocr=ocr, words=words)
            n_major = sum(e.severity == "major" for e in events)
            candidates.append(((n_major, len(events), -score, -r.revision, r.template_id), r, score, events))
    if candidates:
        _, rev, sim, events = min(candidates, key=lambda c: c[0])
        return Assessment(rev.template_id, sim, tuple(events))
    rev, sim = _nearest(fp, revisions)
    events = check_fields(fields, rev, critical, tolerance_pt, shingles=fp.shingles, ocr=ocr, words=words)
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


def _boxed_per_field(docs: Sequence[Sequence[FieldValue]]) -> dict[str, list[FieldValue]]:
    """Per field, its first boxed occurrence in each document that has one."""
    per: dict[str, list[FieldValue]] = {}
    for fields in docs:
        seen: set[str] = set()
        for f in sorted(fields, key=lambda f: (f.field, f.page or 0, f.top or 0.0, f.x0 or 0.0)):
            if f.field in seen or f.page is None or f.x0 is None or f.top is None:
                continue
            seen.add(f.field)
            per.setdefault(f.field, []).append(f)
    return per


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
    out: dict[str, FieldPosition] = {}
    for name, fs in sorted(_boxed_per_field(docs).items()):
        if len(fs) < share * len(docs):
            continue
        page = _mode([f.page for f in fs if f.page is not None])
        on_page = [f for f in fs if f.page == page]
        labels = [f.label for f in fs if f.label]
        x0 = median([f.x0 for f in on_page if f.x0 is not None])
        top = median([f.top for f in on_page if f.top is not None])
        if len(fs) >= MIN_SPREAD_DOCS:
            fixed = len(on_page) == len(fs) and all(
                math.hypot((f.x0 or 0.0) - x0, (f.top or 0.0) - top) <= tolerance_pt for f in on_page
            )
        else:
            fixed = bool(labels)
        out[name] = FieldPosition(name, _mode(labels) if labels else None, page, x0, top, fixed)
    return out


def _mode(values: list[_T]) -> _T:
    """The most common value (ties → the smallest as text); ``values`` must not be empty."""
    counts: dict[_T, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]
