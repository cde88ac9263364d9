"""classify(): document type from headings, keywords and field labels, issuer from the letterhead.

The type is the catalog's doc type whose evidence weighs most: its keywords (exactly, or fuzzily
for OCR text), and the printed labels of the fields only that type carries (``Lessor``, ``Permit
Number``) or the sentences that name them whole (``Kevin Okafor, as lessor, ...``): a title in words
the keyword list lacks still leaves the labels and the facts to name the type;
the issuer is the first line at the top of page 1 (the letterhead), cleaned to a slug such as
``summit_structural_group``, the template family key together with the type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from towerkit.fields.catalog import Catalog
from towerkit.fields.layout import Line, build_lines
from towerkit.fields.mapping import label_parts, map_pairs
from towerkit.fields.reader import read_pairs
from towerkit.fields.sentences import SENTENCE_QUALITY, read_sentences, sentence_candidates
from towerkit.fields.strategies import page_texts
from towerkit.models import Classification, ExtractedDoc, Pair

CLASSIFY_PAGES = 3
"""Pages whose words decide the type: headings and keywords sit at the start of a document."""
CLASSIFY_CHARS = 20000
"""Characters of those pages searched for keywords, so a huge first page stays cheap."""
FUZZY_KEYWORD_MIN_CHARS = 8
"""On OCR text, keywords this long may match fuzzily (shorter ones would match anything)."""
FUZZY_KEYWORD_SCORE = 90
"""rapidfuzz partial-ratio a long keyword needs to count on OCR text."""
LABEL_EVIDENCE = 0.75
"""Score of one type-specific field whose label is printed: three such labels name a type alone."""
MIN_LABEL_CHARS = 5
"""Shorter single-word labels (``ASN``, ``Type``) are too common in other documents to count."""
FIELD_READ_EVIDENCE = 1.0
"""Score of one type-specific field the layout reader found, label and a value of its type: asked only when
keywords and exact labels name no type."""
MIN_FIELDS_READ = 2
"""Fields read that count at all: unrelated documents in ``../shared/corpus`` show one at most, and one
beside a stray keyword would name a type."""
SURELY_SAID = SENTENCE_QUALITY
"""A sentence counts as evidence of a type when it says every word of a field's wording (quality of share 1)."""
HALF_SAID = SURELY_SAID / 2
"""A sentence half names a field (``rated Pass``: the value is one of a closed list's): half the evidence."""
SENTENCE_EVIDENCE = 0.75
"""Score of one type-specific field the document's sentences name, as much as its printed label would."""
MIN_TYPE_SCORE = 2.0
"""Keyword score a type needs: one stray keyword is not enough to name a document."""
STRONG_TYPE_SCORE = 3 * MIN_TYPE_SCORE
"""Score at which the evidence for a type is full (confidence then depends only on the runner-up)."""
LETTERHEAD_LINES = 6
"""Lines at the top of the first page searched for the issuer's letterhead."""
ISSUER_MIN_CHARS = 4
"""Letters and digits an issuer slug needs (after suffixes such as LLC are dropped)."""
ISSUER_MAX_TOKENS = 5
"""Words kept in an issuer slug."""

_SUFFIXES = {"llc", "inc", "llp", "lp", "pc", "p", "c", "co", "corp", "ltd", "pllc", "the", "and"}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/%-]+", " ", text.casefold()).split())


def classify(doc: ExtractedDoc, catalog: Catalog) -> Classification:
    """The document's type (None when no type's keywords occur) and issuer slug."""
    try:
        return _classify(doc, catalog)
    except Exception:  # noqa: BLE001  never fail a file over classification
        return Classification(None, None, 0.0)


def _classify(doc: ExtractedDoc, catalog: Catalog) -> Classification:
    lines = build_lines(w for w in doc.words if w.page <= CLASSIFY_PAGES)
    text = _plain("\n".join(" ".join(w.text for w in line.words) for line in lines))[:CLASSIFY_CHARS]
    ocr = doc.route == "ocr"
    printed = _labels_printed(catalog, text)
    scores: dict[str, float] = {}
    for doc_type, keywords in sorted(catalog.doc_types.items()):
        s = 0.0
        for kw in keywords:
            k = _plain(kw)
            if not k:
                continue
            if _occurs(k, text):
                s += 1.0 + 0.2 * len(k.split())
            elif ocr and len(k) >= FUZZY_KEYWORD_MIN_CHARS and fuzz.partial_ratio(k, text) >= FUZZY_KEYWORD_SCORE:
                s += 0.8
        scores[doc_type] = s + LABEL_EVIDENCE * printed.get(doc_type, 0)
    for doc_type, n in _fields_said(lines, catalog).items():
        scores[doc_type] += SENTENCE_EVIDENCE * n if n >= MIN_FIELDS_READ else 0.0
    if not scores:
        return Classification(None, _issuer(doc), 0.0)
    if max(scores.values()) < MIN_TYPE_SCORE:  # the words name no type: ask what the page's pairs are
        for doc_type, n in _fields_read(doc, catalog).items():
            scores[doc_type] += FIELD_READ_EVIDENCE * n if n >= MIN_FIELDS_READ else 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < MIN_TYPE_SCORE:
        return Classification(None, _issuer(doc), 0.0)
    # How far ahead of the runner-up, times how much evidence there is: a type named by two stray
    # keywords is less sure than one named by a title, five keywords and its fields' labels.
    confidence = round((top - second) / top * min(1.0, top / STRONG_TYPE_SCORE), 3)
    return Classification(best, _issuer(doc), confidence)


def _whole_words(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words of a ``_plain`` text."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])")


def _occurs(phrase: str, text: str) -> bool:
    """``phrase`` stands in ``text`` as whole words (both already ``_plain``)."""
    return phrase in text and _whole_words(phrase).search(text) is not None  # most phrases are not there at all


def _labels_printed(catalog: Catalog, text: str) -> dict[str, int]:
    """Per type, how many fields that only it carries have one of their labels in ``text``.

    Longer labels are found first and their words are taken: ``Lighting`` (an inspection's) printed only
    inside ``Marking and Lighting`` (an FAA letter's) is that label's word, not a label of its own.
    """
    wanted = []
    for spec in catalog.fields.values():
        if spec.emit and len(spec.doc_types) == 1 and spec.doc_types[0] in catalog.doc_types:
            doc_type = spec.doc_types[0]
            wanted += [(k, spec.name, doc_type) for label in spec.labels_for(doc_type) if (k := _plain(label))]
    taken: list[tuple[int, int]] = []
    fields: dict[str, set[str]] = {}
    for k, name, doc_type in sorted(wanted, key=lambda w: -len(w[0])):
        if (len(k) < MIN_LABEL_CHARS and " " not in k) or k not in text:
            continue
        spans = [m.span() for m in _whole_words(k).finditer(text)]
        free = [(a, b) for a, b in spans if not any(a < e and s < b for s, e in taken)]
        if free:
            taken += free
            fields.setdefault(doc_type, set()).add(name)
    return {doc_type: len(names) for doc_type, names in fields.items()}


def _fields_read(doc: ExtractedDoc, catalog: Catalog) -> dict[str, int]:
    """Per type, how many fields only it carries the layout reader found, label and value (dates aside).

    An export or a form titled in words no keyword list holds (``TECHNICIAN VISIT SHEET``,
    ``visit_date = ...``) still names its fields, in its own wording: ``Field Tech``, ``Beacon Out``
    map to the technician and the light outage. A type's own date counts only under a label that says
    whose date it is (``Date of Visit``): a bare ``Date`` names every type's date alike.
    """
    pairs = read_pairs(doc)
    found: dict[str, int] = {}
    for doc_type in catalog.doc_types:
        specs = catalog.for_type(doc_type)
        own = {s.name for s in specs if s.emit and s.doc_types == (doc_type,)}
        dates = {s.name for s in specs if s.type == "date"}
        mapped = map_pairs(pairs, specs, doc_type, ocr=doc.route == "ocr")
        found[doc_type] = len({p.field for p in mapped if p.field not in dates or _says_whose(p)} & own)
    return found


def _fields_said(lines: Sequence[Line], catalog: Catalog) -> dict[str, float]:
    """Per type, how many fields only it carries the document's sentences name: a field half named counts half.

    A letter or a memo states its type's facts (``The inspection was carried out on ...``, ``Kevin Okafor, as
    lessor, ...``), not always its type. Half named is a value its clause names by part of a wording or by
    nothing but being one of a closed list's values (``The structure was rated Pass``, ``is at 57.5% of its
    capacity``): less than a wording said whole, more than nothing beside a fact that is.
    """
    read = read_sentences(page_texts(lines))
    if not read:
        return {}
    found: dict[str, float] = {}
    for doc_type in catalog.doc_types:
        specs = catalog.for_type(doc_type)
        own = {s.name for s in specs if s.emit and s.doc_types == (doc_type,)}
        named = sentence_candidates(read, specs, doc_type)
        best = {f: cands[0].quality for f, cands in named.items() if f in own}
        found[doc_type] = sum(1.0 if q >= SURELY_SAID else 0.5 for q in best.values() if q >= HALF_SAID)
    return found


def _says_whose(pair: Pair) -> bool:
    """Whether a date's label is one of its field's own wordings and names more than a date.

    ``Date of Visit`` names a visit's date; ``Date`` or ``Dated`` any type's, and a label only like a
    wording (``Expiration Date`` near ``Inspection Date``) another type's.
    """
    whose = set(label_parts(pair.label).key.split()) - {"date", "dated", "of", "the"}
    return bool(whose) and (pair.field_score or 0.0) >= EXACT_DATE_LABEL


EXACT_DATE_LABEL = 0.95
"""Mapping score a date's label needs to count as evidence of its type: a wording the catalog holds."""


def _issuer(doc: ExtractedDoc) -> str | None:
    first = min((x.page for x in doc.words), default=1)  # once: inside the filter it was O(words^2)
    lines = build_lines(w for w in doc.words if w.page == first)
    for line in lines[:LETTERHEAD_LINES]:
        seg_text = line.segments[0].text
        head = re.split(r"\s[-|\u2013\u2014]\s|\|", seg_text)[0]
        kept = [t for t in re.sub(r"[^a-z0-9&]+", " ", head.casefold()).split() if len(t) > 1 or t == "&"]
        tokens = [t for t in kept if t not in _SUFFIXES and t != "&"]
        if sum(len(t) for t in tokens) >= ISSUER_MIN_CHARS and any(c.isalpha() for t in tokens for c in t):
            return "_".join(tokens[:ISSUER_MAX_TOKENS])
    return None
