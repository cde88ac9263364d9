"""classify(): document type from headings and keywords, issuer from the letterhead.

The type is the catalog's doc type whose keywords occur most (exactly, or fuzzily for OCR text);
the issuer is the first line at the top of page 1 (the letterhead), cleaned to a slug such as
``summit_structural_group``, the template family key together with the type.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from towerkit.fields.catalog import Catalog
from towerkit.fields.layout import build_lines
from towerkit.models import Classification, ExtractedDoc

_SUFFIXES = {"llc", "inc", "llp", "lp", "pc", "p", "c", "co", "corp", "ltd", "pllc", "the", "and"}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/%-]+", " ", text.casefold()).split())


def classify(doc: ExtractedDoc, catalog: Catalog) -> Classification:
    """The document's type (None when no type's keywords occur) and issuer slug."""
    try:
        return _classify(doc, catalog)
    except Exception:  # never fail a file over classification
        return Classification(None, None, 0.0)


def _classify(doc: ExtractedDoc, catalog: Catalog) -> Classification:
    lines = build_lines(w for w in doc.words if w.page <= 3)
    text = _plain("\n".join(" ".join(w.text for w in line.words) for line in lines))[:20000]
    ocr = doc.route == "ocr"
    scores: dict[str, float] = {}
    for doc_type, keywords in sorted(catalog.doc_types.items()):
        s = 0.0
        for kw in keywords:
            k = _plain(kw)
            if not k:
                continue
            if re.search(r"(?<![a-z0-9])" + re.escape(k) + r"(?![a-z0-9])", text):
                s += 1.0 + 0.2 * len(k.split())
            elif ocr and len(k) >= 8 and fuzz.partial_ratio(k, text) >= 90:
                s += 0.8
        scores[doc_type] = s
    if not scores:
        return Classification(None, _issuer(doc), 0.0)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < 2.0:
        return Classification(None, _issuer(doc), 0.0)
    confidence = round(min(1.0, (top - second) / top + 0.3), 3)
    return Classification(best, _issuer(doc), confidence)


def _issuer(doc: ExtractedDoc) -> str | None:
    first = min((x.page for x in doc.words), default=1)  # once: inside the filter it was O(words^2)
    lines = build_lines(w for w in doc.words if w.page == first)
    for line in lines[:6]:
        seg_text = line.segments[0].text
        head = re.split(r"\s[-|\u2013\u2014]\s|\|", seg_text)[0]
        tokens = [t for t in re.sub(r"[^a-z0-9&]+", " ", head.casefold()).split() if len(t) > 1 or t == "&"]
        tokens = [t for t in tokens if t not in _SUFFIXES and t != "&"]
        if sum(len(t) for t in tokens) >= 4 and any(c.isalpha() for t in tokens for c in t):
            return "_".join(tokens[:5])
    return None
