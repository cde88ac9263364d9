"""extract_fields(): canonical FieldValues from an ExtractedDoc, by every strategy in turn.

Order per field: a label found in the layout (value right, then below), a ruled key/value table,
prose patterns, a value its sentence names (``sentences.py``; a value under a label that says no word of
the field's own bar a generic one, ``Date:`` heading a memo or ``Report date:``, waits behind it), a
table-column aggregate, an enumeration's value under a label no wording names, then the site a letter's
subject line names (``subject_line.py``). The first candidate that normalizes wins; when candidates exist
but none normalizes, the field is still reported with ``value=None`` and the error of the first, so the raw
text is never dropped. Deterministic; never raises on odd input.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import mean

from towerkit.fields.catalog import MACROS, Catalog, FieldSpec, label_key
from towerkit.fields.enum_values import value_candidates
from towerkit.fields.glyphs import ocr_digits, ocr_text, sentence_stop
from towerkit.fields.label_search import LabelHit
from towerkit.fields.layout import Line, build_lines
from towerkit.fields.mapping import map_pairs, says_whose
from towerkit.fields.normalize import METRE_UNIT, Normalized, Unparseable, normalize
from towerkit.fields.reader import read_pairs
from towerkit.fields.reader_words import scan_words
from towerkit.fields.sentence_values import STOP_WORDS
from towerkit.fields.sentences import read_sentences, sentence_candidates
from towerkit.fields.strategies import (
    Candidate,
    PageText,
    column_max,
    hits_by_segment,
    label_candidates,
    mark_chosen,
    page_texts,
    pair_candidates,
    prose_candidates,
    table_candidates,
)
from towerkit.fields.subject_line import subject_candidates
from towerkit.models import Classification, ExtractedDoc, FieldValue, Pair, Word

log = logging.getLogger(__name__)


def extract_fields(doc: ExtractedDoc, classification: Classification, catalog: Catalog) -> tuple[FieldValue, ...]:
    """One FieldValue per canonical field found in the document (see module docstring)."""
    return read_fields(doc, classification, catalog)[0]


def read_fields(
    doc: ExtractedDoc, classification: Classification, catalog: Catalog
) -> tuple[tuple[FieldValue, ...], tuple[Pair, ...]]:
    """The document's fields and every label/value pair the layout reader found, mapped to fields.

    A pair is ``chosen`` when its field's value came from it; the other pairs mapped to a field
    are its runners-up, kept for review.
    """
    try:
        return _extract(doc, classification, catalog)
    except Exception:  # a bug on odd input must cost fields, not the file
        log.exception("field extraction failed")
        return (), ()


@dataclass(frozen=True, slots=True)
class _Doc:
    """What every field of one document is read from, built once per document."""

    doc: ExtractedDoc
    lines: Sequence[Line]
    hits: dict[tuple[int, int], LabelHit]
    texts: Sequence[PageText]
    wordings: Sequence[tuple[str, str, str]]
    ocr: bool
    pairs: Sequence[Pair]
    label_keys: frozenset[str]
    """Every wording of every field the catalog knows: a text field's value never reads as one of them."""
    said: dict[str, list[Candidate]]
    """Each field's values as the document's sentences name them."""


def _extract(
    doc: ExtractedDoc, classification: Classification, catalog: Catalog
) -> tuple[tuple[FieldValue, ...], tuple[Pair, ...]]:
    doc_type = classification.doc_type
    specs = catalog.for_type(doc_type)
    ocr = doc.route == "ocr"
    lines = build_lines(scan_words(doc))
    wordings = [(s.name, w, label_key(w)) for s in specs for w in s.labels_for(doc_type)]
    hits = hits_by_segment(lines, wordings, ocr=ocr)
    by_field: dict[str, list[LabelHit]] = {}
    for key in sorted(hits, key=lambda k: (lines[k[0]].page, lines[k[0]].top, k[1])):
        by_field.setdefault(hits[key].field, []).append(hits[key])
    pairs = map_pairs(read_pairs(doc), specs, doc_type, ocr=ocr)
    texts = page_texts(lines)
    said = sentence_candidates(read_sentences(texts), specs, doc_type)
    d = _Doc(doc, lines, hits, texts, wordings, ocr, pairs, catalog.label_keys, said)
    out: list[FieldValue] = []
    for spec in specs:
        if not spec.emit:
            continue
        fv = _one(spec, by_field.get(spec.name, []), d)
        if fv is not None:
            out.append(fv)
    return tuple(out), mark_chosen(pairs, out)


def _candidates(spec: FieldSpec, own: Sequence[LabelHit], d: _Doc) -> Iterator[Candidate]:
    """Every strategy's candidates for one field, in the order of the module docstring."""
    said = d.said.get(spec.name, [])
    generic: list[Candidate] = []
    found = itertools.chain(
        pair_candidates(spec, d.pairs),
        *(label_candidates(h, d.lines, d.hits, spec, ocr=d.ocr) for h in sorted(own, key=lambda h: -h.score)),
    )
    keys = [k for name, _, k in d.wordings if name == spec.name] if said else []
    for c in found:
        if said and c.label and not says_whose(c.label, keys):
            generic.append(c)  # ``Date:`` heading a memo is the memo's; a sentence says whose date it is
        else:
            yield c
    yield from table_candidates(spec, d.wordings, d.doc.tables, ocr=d.ocr)
    yield from prose_candidates(spec, d.texts)
    yield from said
    yield from generic
    if spec.aggregate == "max_column":
        most = column_max(spec, d.doc.tables, d.lines, ocr=d.ocr)
        if most is not None:
            yield most
    yield from value_candidates(spec, d.pairs)
    yield from subject_candidates(spec, d.lines)


def _one(spec: FieldSpec, own: Sequence[LabelHit], d: _Doc) -> FieldValue | None:
    """The first candidate that normalizes; else the first failure's error (not for prose)."""
    first_error: tuple[Candidate, str] | None = None
    partial: FieldValue | None = None
    for found in _candidates(spec, own, d):
        if found.how == "sentence" and partial is not None:
            break  # a form's value with words around its code is surer than a sentence's
        if not found.raw:
            continue
        if spec.type == "text" and _no_text_value(spec, found.raw, d.label_keys):
            continue
        c = found
        if spec.type == "text":  # a value that ends a sentence leaves its full stop; a scan's slips are undone
            text = ocr_text(found.raw) if d.ocr else sentence_stop(found.raw)
            text = _without_address(spec, text)
            c = Candidate(text, found.words, found.label, found.quality, found.how)
        metres = bool(c.label and METRE_UNIT.search(c.label.replace("AMSL", "").replace("amsl", "")))
        sure = d.ocr and spec.type == "id" and _read_surely(c.words)
        try:
            n = normalize(
                spec.type,
                ocr_digits(c.raw, sure=True) if sure else c.raw,
                metres_hint=metres,
                allowed=spec.allowed,
                synonyms=spec.synonyms,
                pattern=spec.pattern,
                case=spec.case,
                ocr=d.ocr and not sure,
            )
        except Unparseable as e:
            if first_error is None:
                first_error = (c, str(e))
            continue
        if spec.type == "id" and _id_in_words(n.value, c.raw):
            partial = partial or _value(spec, c, n)
            continue
        return _value(spec, c, n)
    if partial is not None:
        return partial
    if first_error is not None and first_error[0].how not in ("prose", "sentence", "subject"):
        c, err = first_error
        if spec.type == "id" and err.startswith("no identifier"):
            return None
        return _value(spec, c, None, err)
    return None


def _id_in_words(found: str, raw: str) -> bool:
    """Whether an identifier is a piece of a value that goes on in words (``HWY 31`` of ``Site: Hwy 31 II``).

    A value that is wholly an identifier (``ASSET ID: US-OK-4075``) names the field more surely than one
    whose words only contain something id-shaped, a name with a number in it: the piece is kept for when
    no candidate is wholly an id.
    """
    inside = "".join(ch for ch in found.upper() if ch.isalnum())
    words = ("".join(ch for ch in w if ch.isalnum()) for w in raw.upper().split())
    return any(len(w) >= MIN_LEFT_WORD and w.isalpha() and w not in inside for w in words)


def _no_text_value(spec: FieldSpec, raw: str, label_keys: frozenset[str]) -> bool:
    """Whether a text field's candidate cannot be its value.

    A label read as a value (the next field's label, a grid's header), figures or a date are no name; the
    paragraph under a heading that reads as a label (``1. Purpose of Visit``) is no one-line field's value, nor
    a letterhead's street address under the sender's name (``4585 Commerce Drive, Bend, NC``); a name (a text
    field with no case of its own) is no phrase of lower-case words.
    """
    if label_key(raw) in label_keys or _figures_or_date(raw):
        return True
    if spec.multiline:
        return False
    if not spec.case and _lower_case(raw):
        return True  # a name is capitalised: ``Gate lock replaced`` under ``Findings on site:`` is no site's name
    return _paragraph(raw) or _ADDRESS.match(raw) is not None


def _without_address(spec: FieldSpec, text: str) -> str:
    """A name without the street address printed under it (``Ironwood Structural Inc.`` / ``3554 Ridge Road, ...``).

    A form sets a party's address on the line under its name, and the name's value wraps onto it; the name ends
    where a house number and a street begin. Names only: a field of several lines or of its own case keeps it.
    """
    if spec.multiline or spec.case:
        return text
    m = _ADDRESS.search(text)
    return text[: m.start()].rstrip(" ,;") if m and m.start() > 0 and text[: m.start()].strip(" ,;") else text


def _lower_case(text: str) -> bool:
    """More lower-case words than capitalised ones, function words left out: a phrase, not a name."""
    words = [w for w in text.split() if w[:1].isalpha() and w.casefold() not in STOP_WORDS]
    return 2 * sum(w[:1].islower() for w in words) > len(words)


def _figures_or_date(text: str) -> bool:
    """A figure, not a name or a sentence.

    More digits than letters (``29.766576 N, 84.023019 W``), or a date and nothing else (``Prepared: October 6,
    2026`` read for a ``Prepared By``).
    """
    if sum(c.isdigit() for c in text) > sum(c.isalpha() for c in text):
        return True
    return bool(_DATE.fullmatch(text.strip(" .,"))) and any(c.isdigit() for c in text)


_DATE = re.compile(MACROS["{date}"], re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"\w[.!?]\s+[A-Z]")
_ADDRESS = re.compile(
    r"\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Parkway|Pkwy|Highway|Hwy|Place|Pl)\b"
)
"""A street address: a house number, the street's name and its kind."""
PARAGRAPH_WORDS = 8
"""Words from which a value that runs on past a sentence's end is a paragraph, not a name or a phrase."""


def _paragraph(text: str) -> bool:
    """Sentences, not one value: a field of one line never holds them.

    ``Reference is made to ... Everything ...``, ``Asked if any obstruction light was out, the technician answered
    NO.``: mostly lower-case words that run past a sentence's end or end in one. A name is capitalised.
    """
    words = text.split()
    if len(words) < PARAGRAPH_WORDS or 2 * sum(w[:1].islower() for w in words) < len(words):
        return False
    return _SENTENCE_BREAK.search(text) is not None or text.rstrip().endswith(".")


MIN_LEFT_WORD = 2
"""Letters a word beside an identifier has for the value to read as a name with an id-shaped piece."""
SURE_ID_CONF = 80.0
"""OCR confidence from which an identifier's letters of another shape than a digit are taken as read: Tesseract
sure of ``B521852`` read a B (an ``O`` among digits is still a 0: the two print alike)."""


def _read_surely(words: Sequence[Word]) -> bool:
    """True when every word of a scanned value was read with high confidence."""
    confs = [w.conf for w in words if w.conf is not None]
    return bool(confs) and min(confs) >= SURE_ID_CONF


def _value(spec: FieldSpec, c: Candidate, n: Normalized | None, error: str | None = None) -> FieldValue:
    ws = c.words
    confs = [w.conf for w in ws if w.conf is not None and w.conf >= 0]
    ocr_q = mean(confs) / 100.0 if confs else 1.0
    conf = round(max(0.0, min(1.0, c.quality * (0.5 + 0.5 * ocr_q))), 3)
    page: int | None = None
    x0 = top = x1 = bottom = None
    if ws:
        page = ws[0].page
        same = [w for w in ws if w.page == page]
        x0, top = min(w.x0 for w in same), min(w.top for w in same)
        x1, bottom = max(w.x1 for w in same), max(w.bottom for w in same)
    return FieldValue(
        field=spec.name,
        value=n.value if n else None,
        raw_text=c.raw,
        page=page,
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        confidence=conf,
        value_num=n.num if n else None,
        value_date=n.day if n else None,
        error=error,
        label=c.label,
    )
