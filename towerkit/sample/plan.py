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


def _pick_issuer(doc_type: str, counts: Counter[str]) -> templates.Template:
    """Round-robin over a type's issuers so every type gets each of its issuers early."""
    options = templates.issuers_of(doc_type)
    t = options[counts[doc_type] % len(options)]
    counts[doc_type] += 1
    return t


def _doc(rng: random.Random, site: Site, tpl: templates.Template, revision: int, window: tuple[date, date]) -> Doc:
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
    if era not in ERAS:
        raise ValueError(f"era must be one of {', '.join(ERAS)}, not {era!r}")
    if docs < 1:
        raise ValueError(f"docs must be at least 1, not {docs}")
    # ~6%, but at least one of each kind from 40 files up, so test corpora exercise every failure path
    n_broken = (
        0
        if docs < 10
        else max(1, round(docs * 0.03))
        if era == "later"
        else max(round(docs * 0.06), min(len(KINDS), docs // 10))
    )
    if era == "all":
        n_drift = round(docs * 0.12) if docs >= 25 else 0
        n_new = 2 if docs >= 30 else 0
    elif era == "baseline":
        n_drift = n_new = 0
    else:
        n_new = max(1, round(docs * 0.2)) if docs > 1 else 0
        n_drift = docs - n_broken - n_new
    n_base = docs - n_broken - n_drift - n_new

    per_site = 4.6 if era != "later" else 2.0
    sites = facts.make_sites(rng, max(1, round((docs - n_drift) / per_site)))
    out: list[Doc] = []
    counts: Counter[str] = Counter()
    i = 0
    while len(out) < n_base:
        site = sites[i % len(sites)]
        for doc_type in templates.DOC_TYPES:
            if len(out) >= n_base:
                break
            if doc_type in ("municipal_permit", "field_log") and rng.random() < 0.15 and i < len(sites):
                continue
            out.append(_doc(rng, site, _pick_issuer(doc_type, counts), 1, facts.BASELINE_WINDOW))
        i += 1

    base_counts = Counter(d.issuer for d in out)
    pairs = [
        (t, rev) for t in templates.TEMPLATES for rev in t.revisions if era == "later" or base_counts[t.issuer] >= 3
    ]
    minors = [p for p in pairs if p[0].revisions[p[1]] == "minor"]
    majors = [p for p in pairs if p[0].revisions[p[1]] == "major"]
    rng.shuffle(minors)
    rng.shuffle(majors)
    mixed = [p for pair in zip(minors, majors) for p in pair] + minors[len(majors) :] + majors[len(minors) :]
    chosen = [mixed[k % len(mixed)] for k in range(n_drift)] if mixed else []
    if era != "later":
        # Each drifting issuer keeps three clean text-PDF baselines; drifted documents stay text PDFs.
        drifting = {tpl.issuer for tpl, _ in chosen}
        protected: set[int] = set()
        for issuer in drifting:
            protected |= {id(d) for d in [d for d in out if d.issuer == issuer][:3]}
        _assign_formats(rng, out, docs, protected)
    for tpl, rev in chosen:
        out.append(_doc(rng, rng.choice(sites), tpl, rev, facts.LATER_WINDOW))
    new = templates.issuers_of("structural_inspection", new=True)[0]
    for _ in range(n_new):
        out.append(_doc(rng, rng.choice(sites), new, 1, facts.LATER_WINDOW))
    while len(out) < docs - n_broken:  # tiny corpora with nothing to drift: more baseline documents
        out.append(_doc(rng, rng.choice(sites), _pick_issuer("field_log", counts), 1, facts.BASELINE_WINDOW))

    if era == "later":
        _assign_formats(rng, out, docs, set())
    facts.ensure_outage(out, sites, rng)
    for k in range(n_broken):
        kind = KINDS[k % len(KINDS)]
        tpl = _pick_issuer(rng.choice(("structural_inspection", "faa_determination", "municipal_permit")), counts)
        d = _doc(rng, rng.choice(sites), tpl, 1, facts.BASELINE_WINDOW)
        d.broken, d.fmt = kind, "pdf"
        out.append(d)
    return out


def _assign_formats(rng: random.Random, out: list[Doc], docs: int, protected: set[int]) -> None:
    pdfs = [d for d in out if d.fmt == "pdf" and id(d) not in protected]
    rng.shuffle(pdfs)
    if docs >= 20:
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
    n_scans = round(docs * 0.2) - sum(d.fmt == "png_as_pdf" for d in out)
    for d in [d for d in pdfs if d.fmt == "pdf"][: max(0, n_scans)]:
        d.fmt = rng.choice(("png", "tiff", "scanpdf") if _single_page(d) else ("tiff", "scanpdf"))


def _single_page(d: Doc) -> bool:
    """Only one-page layouts become PNGs: a PNG holds one page."""
    return templates.BY_KEY[f"{d.issuer}/{d.doc_type}"].single_page
