"""Decide what a corpus holds: sites, documents per site, issuers, revisions, dates and formats.

Composition for ``docs`` files (era ``all``):

* ~6% broken, and one of each kind from 40 files up;
* ~12% drifted: later template revisions, dated after every baseline document of their issuer;
  only issuers with >= 3 baseline text PDFs in the corpus drift, and drifted documents stay
  text PDFs in this era (drift is judged against clean baselines);
* 2 documents from a new issuer (30 files up), the rest baseline (revision 1);
* ~20% of files are scans (PNG, TIFF, image-only PDF, one PNG named ``.pdf``), plus one text PDF
  with one scanned page and one text PDF with a broken font encoding (both routed ``ocr``).

Era ``baseline`` holds only revision-1 documents; era ``later`` only revisions >= 2 and the new
issuer, all dated in ``LATER_WINDOW`` (after any baseline-era document).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from towerkit.sample import facts, templates
from towerkit.sample.broken import KINDS
from towerkit.sample.model import Doc, Site

ERAS = ("all", "baseline", "later")

# Corpus proportions (rounded against ``docs``; see the module docstring).
BROKEN_SHARE = 0.06  # broken files in eras ``all`` and ``baseline``
BROKEN_SHARE_LATER = 0.03  # broken files in era ``later``
MIN_DOCS_FOR_BROKEN = 10  # smaller corpora hold no broken file
DOCS_PER_BROKEN_KIND = 10  # one of each broken kind per 10 files, so 40 files hold every kind
DRIFT_SHARE = 0.12  # drifted documents in era ``all``
MIN_DOCS_FOR_DRIFT = 25  # smaller corpora hold no drift: too few baselines to drift from
NEW_ISSUER_DOCS = 2  # documents from the new issuer in era ``all``
MIN_DOCS_FOR_NEW_ISSUER = 30
NEW_ISSUER_SHARE_LATER = 0.2  # new-issuer documents in era ``later``
DOCS_PER_SITE = 4.6  # about one of each document type per site
DOCS_PER_SITE_LATER = 2.0
P_SKIP_OPTIONAL = 0.15  # a site's first pass skips its permit or field log this often
OPTIONAL_TYPES = ("municipal_permit", "field_log")
MIN_BASELINES_TO_DRIFT = 3  # an issuer drifts only from three clean text-PDF baselines
SCAN_SHARE = 0.2  # scans (PNG, TIFF, image-only PDF, the PNG named .pdf)
MIN_DOCS_FOR_SPECIAL_SCANS = 20  # smaller corpora hold no mixed, broken-font or mislabeled file
BROKEN_TYPES = ("structural_inspection", "faa_determination", "municipal_permit")


def _pick_issuer(doc_type: str, counts: Counter[str]) -> templates.Template:
    """Round-robin over a type's issuers so every type gets each of its issuers early."""
    options = templates.issuers_of(doc_type)
    t = options[counts[doc_type] % len(options)]
    counts[doc_type] += 1
    return t


def _doc(rng: random.Random, site: Site, tpl: templates.Template, revision: int, window: tuple[date, date]) -> Doc:
    """A document of ``tpl`` at ``revision``, dated in ``window``, with its facts drawn."""
    d = Doc(
        site=site,
        doc_type=tpl.doc_type,
        issuer=tpl.issuer,
        revision=revision,
        drift=tpl.revisions.get(revision),
        doc_date=facts.day_in(rng, *window),
        new_issuer=tpl.new,
        seed=rng.randrange(2**31),
    )
    if tpl.render is None:
        d.fmt = "log" if tpl.issuer == "apex_maint" else "txt"
    facts.fill(d, rng)
    return d


def plan(rng: random.Random, docs: int, era: str) -> list[Doc]:
    """The documents of a ``docs``-file corpus of ``era``, in writing order; all randomness from ``rng``.

    Args:
        rng: the corpus's seeded generator; the order of draws fixes every byte written.
        docs: the number of files, broken ones included.
        era: ``all``, ``baseline`` or ``later`` (see the module docstring).

    """
    if era not in ERAS:
        raise ValueError(f"era must be one of {', '.join(ERAS)}, not {era!r}")
    if docs < 1:
        raise ValueError(f"docs must be at least 1, not {docs}")
    n_broken, n_drift, n_new = _counts(docs, era)
    n_base = docs - n_broken - n_drift - n_new

    per_site = DOCS_PER_SITE if era != "later" else DOCS_PER_SITE_LATER
    sites = facts.make_sites(rng, max(1, round((docs - n_drift) / per_site)))
    counts: Counter[str] = Counter()
    out = _baselines(rng, sites, n_base, counts)
    chosen = _drift_choices(rng, out, n_drift, era)
    if era != "later":
        _assign_formats(rng, out, docs, _protected_baselines(out, chosen))
    out.extend(_doc(rng, rng.choice(sites), tpl, rev, facts.LATER_WINDOW) for tpl, rev in chosen)
    new = templates.issuers_of("structural_inspection", new=True)[0]
    out.extend(_doc(rng, rng.choice(sites), new, 1, facts.LATER_WINDOW) for _ in range(n_new))
    while len(out) < docs - n_broken:  # tiny corpora with nothing to drift: more baseline documents
        out.append(_doc(rng, rng.choice(sites), _pick_issuer("field_log", counts), 1, facts.BASELINE_WINDOW))

    if era == "later":
        _assign_formats(rng, out, docs, set())
    facts.ensure_outage(out, sites, rng)
    for k in range(n_broken):
        kind = KINDS[k % len(KINDS)]
        tpl = _pick_issuer(rng.choice(BROKEN_TYPES), counts)
        d = _doc(rng, rng.choice(sites), tpl, 1, facts.BASELINE_WINDOW)
        d.broken, d.fmt = kind, "pdf"
        out.append(d)
    return out


def _counts(docs: int, era: str) -> tuple[int, int, int]:
    """How many broken, drifted and new-issuer documents a corpus of ``docs`` files in ``era`` holds."""
    # ~6%, but at least one of each kind from 40 files up, so test corpora exercise every failure path
    n_broken = (
        0
        if docs < MIN_DOCS_FOR_BROKEN
        else max(1, round(docs * BROKEN_SHARE_LATER))
        if era == "later"
        else max(round(docs * BROKEN_SHARE), min(len(KINDS), docs // DOCS_PER_BROKEN_KIND))
    )
    if era == "all":
        n_drift = round(docs * DRIFT_SHARE) if docs >= MIN_DOCS_FOR_DRIFT else 0
        n_new = NEW_ISSUER_DOCS if docs >= MIN_DOCS_FOR_NEW_ISSUER else 0
    elif era == "baseline":
        n_drift = n_new = 0
    else:
        n_new = max(1, round(docs * NEW_ISSUER_SHARE_LATER)) if docs > 1 else 0
        n_drift = docs - n_broken - n_new
    return n_broken, n_drift, n_new


def _baselines(rng: random.Random, sites: list[Site], n_base: int, counts: Counter[str]) -> list[Doc]:
    """``n_base`` revision-1 documents, site by site and type by type (a first pass may skip optional types)."""
    out: list[Doc] = []
    i = 0
    while len(out) < n_base:
        site = sites[i % len(sites)]
        for doc_type in templates.DOC_TYPES:
            if len(out) >= n_base:
                break
            if doc_type in OPTIONAL_TYPES and rng.random() < P_SKIP_OPTIONAL and i < len(sites):
                continue
            out.append(_doc(rng, site, _pick_issuer(doc_type, counts), 1, facts.BASELINE_WINDOW))
        i += 1
    return out


def _drift_choices(
    rng: random.Random, baselines: list[Doc], n_drift: int, era: str
) -> list[tuple[templates.Template, int]]:
    """``n_drift`` (template, revision) pairs, minor and major alternating, from issuers able to drift."""
    base_counts = Counter(d.issuer for d in baselines)
    pairs = [
        (t, rev)
        for t in templates.TEMPLATES
        for rev in t.revisions
        if era == "later" or base_counts[t.issuer] >= MIN_BASELINES_TO_DRIFT
    ]
    minors = [p for p in pairs if p[0].revisions[p[1]] == "minor"]
    majors = [p for p in pairs if p[0].revisions[p[1]] == "major"]
    rng.shuffle(minors)
    rng.shuffle(majors)
    mixed = (
        [p for pair in zip(minors, majors, strict=False) for p in pair] + minors[len(majors) :] + majors[len(minors) :]
    )
    return [mixed[k % len(mixed)] for k in range(n_drift)] if mixed else []


def _protected_baselines(baselines: list[Doc], chosen: list[tuple[templates.Template, int]]) -> set[int]:
    """Each drifting issuer keeps three clean text-PDF baselines (ids of the ``Doc`` objects)."""
    drifting = {tpl.issuer for tpl, _ in chosen}
    protected: set[int] = set()
    for issuer in drifting:
        protected |= {id(d) for d in [d for d in baselines if d.issuer == issuer][:MIN_BASELINES_TO_DRIFT]}
    return protected


def _assign_formats(rng: random.Random, out: list[Doc], docs: int, protected: set[int]) -> None:
    """Turn some text PDFs (never ``protected`` ones) into scans, one mixed, one broken-font, one mislabeled."""
    pdfs = [d for d in out if d.fmt == "pdf" and id(d) not in protected]
    rng.shuffle(pdfs)
    if docs >= MIN_DOCS_FOR_SPECIAL_SCANS:
        _assign_special_formats(out, pdfs, protected)
    n_scans = round(docs * SCAN_SHARE) - sum(d.fmt == "png_as_pdf" for d in out)
    for d in [d for d in pdfs if d.fmt == "pdf"][: max(0, n_scans)]:
        d.fmt = rng.choice(("png", "tiff", "scanpdf") if _single_page(d) else ("tiff", "scanpdf"))


def _assign_special_formats(out: list[Doc], pdfs: list[Doc], protected: set[int]) -> None:
    """One text PDF with a scanned page, one with a broken font encoding, one PNG named ``.pdf``."""
    # A report with its capacity-table page scanned, else a lease whose signature page came back
    # scanned; a drifting issuer's protected baseline only when nothing else is multi-page.
    multi = [d for d in out if d.fmt == "pdf" and d.revision == 1 and not _single_page(d)]
    multi.sort(key=lambda d: (id(d) in protected, d.doc_type != "structural_inspection"))
    if multi:
        multi[0].fmt = "mixed"
    bad = next((d for d in pdfs if d.fmt == "pdf" and d.revision == 1 and d.doc_type == "municipal_permit"), None)
    if bad is not None:
        bad.fmt = "badfont"
    single = next((d for d in pdfs if d.fmt == "pdf" and _single_page(d)), None)
    if single is not None:
        single.fmt = "png_as_pdf"


def _single_page(d: Doc) -> bool:
    """Only one-page layouts become PNGs: a PNG holds one page."""
    return templates.BY_KEY[f"{d.issuer}/{d.doc_type}"].single_page
