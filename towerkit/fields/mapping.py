"""Which catalog field a pair's label names, without needing the catalog's exact wording.

A printed label is compared with every wording of every field of the document's type after
``label_key`` (case, punctuation, ``No.``/``#``, abbreviations such as ``HT.``, ``ELEV.``, ``DT``,
``EXP.``); a unit in parentheses is set aside first, and must suit the field (``(M)`` and
``(FT)`` a height, ``($)`` money, ``(%)`` a percentage). Tokens are compared in any order and
with OCR's confusable glyphs folded, so ``TOWER HT. AGL (M)``, ``Height AGL`` and ``Hieght (agl)``
all reach ``height_agl_ft``. A label that maps must also hold a value of the field's type: a date
label whose value does not parse as a date is not that field. Pure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from towerkit.fields.catalog import FieldSpec, label_key
from towerkit.fields.glyphs import as_read, ocr_fold
from towerkit.fields.label_search import another_word
from towerkit.fields.normalize import Unparseable, normalize
from towerkit.fields.questions import IRREGULAR_PARTICIPLES, KNOWN_AS, asked
from towerkit.models import Pair

MIN_FIELD_SCORE = 0.84
"""Label similarity (0-1) under which a pair is left unmapped: below it, unrelated labels sharing a
word (``Site Name`` and ``Site Type``) start to pass."""
SHORT_KEY_CHARS = 5
"""Label keys this short must match exactly: one glyph off is another word (``Term``/``Team``)."""
UNIT_FOR_TYPE = {"m": "height", "ft": "height", "feet": "height", "metres": "height", "meters": "height",
                 "$": "money", "usd": "money", "%": "percent", "percent": "percent", "pct": "percent"}  # fmt: skip
"""A unit printed in a label and the one value type it suits."""
WORDING_UNITS = frozenset(UNIT_FOR_TYPE) | {"years", "yrs", "days", "months"}
"""Units a catalog wording may give in parentheses, set aside like a printed label's."""
DATUMS = frozenset({"agl", "amsl", "msl"})
"""What a height is measured from: in parentheses it is no unit but part of what the label names."""
MEASURE_WORDS = frozenset({"height", "elevation", "altitude", "depth"})
"""Words that already say what a datum measures."""

SAME_WORDS_SCORE = 0.97
"""The same words in another order or form (``Date Issued`` / ``Issue Date``)."""
SUPERSET_SCORE = 0.9
"""Every word of a wording plus one more (``Owner/Lessor`` for ``Lessor``)."""
EXTRA_WORD_COST = 0.04
"""Each further extra word: two more still map (0.86), three do not."""
MAX_EXTRA_WORDS = 2
"""Extra words a label may have over a wording."""
SUBSET_SCORE = 0.86
"""A wording's words less a generic one (``Issued`` for ``Issue Date``): the value type must confirm."""
GENERIC_WORDS = frozenset({"date", "number", "name"})
"""Words a label may leave out because its value shows them (a date, a number, a name)."""
GENERIC_LABEL_SCORE = 0.9
"""The most a label of generic words alone (``DT``, ``Date``, ``No.``) scores: it names the field, but yields to a
label that also says whose date it is (``AMEND. DT`` over a commencement's bare ``DT``)."""
PHRASES = (
    ("above mean sea level", "amsl"),
    ("mean sea level", "amsl"),
    ("sea level", "amsl"),
    ("above ground level", "agl"),
    ("above ground", "agl"),
    ("per year", "annual"),
    ("each year", "annual"),
    ("every year", "annual"),
    ("per annum", "annual"),
    ("amount due", "payment"),
    (" on site", ""),
    ("follow up", "next"),
    ("re inspection", "reinspection"),
)
"""Phrases and the abbreviation (or the one word) tower documents print for them."""
MIN_PREFIX_CHARS = 4
"""A word cut short to at least this many letters (``Determ.``, ``Amend.``) still names its word."""
MIN_SKELETON_CHARS = 4
"""Letters of a word written without its vowels after the first (``rnwl``, ``agrmt``); three letters only with no
vowel at all (``twr``): three with one may be a word of its own (``act``)."""
PREPOSITIONS = frozenset({"after", "on", "until", "through", "by", "from"})
"""Words a label may end in after its head noun (``Void After``, ``Valid Until``): the noun names the field."""
INNER_PREPOSITIONS = frozenset({"of", "on", "for", "at"})
"""Prepositions that end a label's head noun phrase inside it (``Date on Site``, ``Date of Visit``)."""
WHO_NOUNS = frozenset({"name", "entity", "party"})
"""Nouns that only say a field is someone (``Tenant Name``, ``Tenant Entity``): the noun before them names it."""
FUNCTION_WORDS = frozenset({"the", "a", "an", "this", "that", "its", "each", "every", "any", "or", "and", "s"})
"""Words inside a label that name nothing of the field."""
ARTICLES = frozenset({"the", "a", "an"})
"""Words a sentence starts with and a label does not."""
WORD_SYNONYMS = {
    "authorized": "approved", "permitted": "approved",
    "start": "commencement", "begin": "commencement", "began": "commencement", "begun": "commencement",
    "beginning": "commencement", "commences": "commencement",
    "end": "expiration", "ends": "expiration", "expiry": "expiration", "expires": "expiration", "void": "expiration",
    "expire": "expiration", "commence": "commencement", "designation": "name",
    "lapse": "expiration", "lapses": "expiration",
    "left": "remaining", "unexercised": "remaining", "extension": "renewal", "extensions": "renewal",
    "utilization": "usage", "used": "usage", "utilized": "usage",
    "company": "firm", "contractor": "firm", "vendor": "firm",
    "tech": "technician", "qty": "number", "count": "number", "asset": "site",
    "noted": "notes", "rated": "rating", "found": "findings", "failure": "outage", "failures": "outage",
    "rise": "increase", "rises": "increase", "raise": "increase", "bump": "increase", "adjustment": "increase",
    "yearly": "annual", "reason": "purpose", "for": "of",
    "code": "id", "ref": "id", "reference": "id", "maximum": "max", "highest": "max", "limit": "max",
    "peak": "max", "worst": "max", "heaviest": "max", "controlling": "max", "governing": "max",
}  # fmt: skip
"""Words printed forms use for the same idea, mapped to the catalog's word: English, not any issuer's."""

_UNIT = re.compile(r"\(([^()]{1,12})\)")
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]\.)\s+(?=(?:The|This|These|It|Its|We|Our|An?)\s)")
"""A sentence's end inside a label run on from prose: only the last sentence can name a field."""
_BRACKETED = re.compile(r"\[([^\[\]()]{1,12})\]")
"""A unit or qualifier set in square brackets, as engineering sheets print them (``Utilization [%]``)."""
_OPEN_UNIT = re.compile(r"[(\[]([^()\[\]]{1,12})$")
"""A unit whose closing parenthesis or bracket a scan lost at the label's end (``HT. AGL (Feet``, ``[percent``)."""
_CLOSED_UNIT = re.compile(r"(?<=\s)\S?(years|yrs|days|months|percent|pct|usd|feet|ft)\]$", re.IGNORECASE)
"""A bracketed unit whose opening bracket a scan lost or read as a letter (``Extension Term fyears]``)."""
_ITEM_LEAD = re.compile(r"^(?:item|question|q)\s*\d{1,2}[a-z]?[.):,]?\s+", re.IGNORECASE)
"""An item's number before a form's label or question (``Item 5.``, ``Q7``): it numbers, it names nothing."""
_SIGN = re.compile(r"(?<!\S)([%$])(?!\S)")
_WORD_UNIT = re.compile(
    r"(?<=\w)(?<!\bof)(?:[_ ]+|\s+[-\u2013]\s+|,\s*)(?:in[_ ]+)?"
    r"(feet|ft|m|meters|metres|pct|percent|usd|years|yrs|days)$",
    re.IGNORECASE,
)
"""A unit a column name ends in (``HT_AGL_FEET``, ``Height Above Ground - m``, ``HEIGHT LIMIT in feet``,
``Escalation Rate, percent``, ``Extension Term years``)."""


@dataclass(frozen=True, slots=True)
class LabelParts:
    """A label split into the words that name the field and the units or qualifiers in parentheses."""

    key: str
    units: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    """The keys of a label that offers two names set apart by a spaced slash (``Lessee / Carrier``)."""

    @property
    def metres(self) -> bool:
        """True when the label says its value is in metres (``(M)``, ``(metres)``)."""
        return any(u in ("m", "metres", "meters") for u in self.units)


def label_parts(label: str) -> LabelParts:
    """``TOWER HT. AGL (M)`` -> key ``tower height agl``, units ``("m",)``; a sign standing alone (``RATIO %``) too."""
    label = _SENTENCE_BREAK.split(label)[-1]  # "Tran. The purpose of the visit was": the last sentence's words
    label = _ITEM_LEAD.sub("", label)  # "Item 5. What type of structure is it?": the item's number names nothing
    label = _BRACKETED.sub(r"(\1)", label.rstrip())  # ``Height [m]``: a unit in brackets is one in parentheses
    label = _WORD_UNIT.sub(r" (\1)", _OPEN_UNIT.sub(r"(\1)", _CLOSED_UNIT.sub(r"(\1)", label)))
    units = tuple(_unit(u) for u in _UNIT.findall(label)) + tuple(_SIGN.findall(label))
    key = _UNIT.sub(lambda m: f" {m[1]} " if m[1].strip().casefold() in DATUMS else " ", label)
    key = _SIGN.sub(" ", key)
    names = key.split(" / ")
    alternatives = tuple(label_key(n) for n in names) if len(names) == 2 else ()  # noqa: PLR2004
    if {"latitude", "longitude"} <= set(alternatives):
        alternatives = ()  # "Lat / Long" names one position, not either half
    key = _measured(asked(label_key(key)))
    if key.endswith(" percentage"):  # "By what percentage does the rent increase": a figure in percent
        key, units = key.removesuffix(" percentage"), (*units, "%")
    return LabelParts(key, units, alternatives)


def _measured(key: str) -> str:
    """A height named by its datum alone (``Structure AGL``, ``Overall AMSL``): the datum says it is a height."""
    words = key.split()
    at = next((k for k, w in enumerate(words) if w in DATUMS), None)
    if at is None or set(words) & MEASURE_WORDS:
        return key
    return " ".join([*words[:at], "height", *words[at:]])


def _unit(text: str) -> str:
    """A unit as a label brackets it, without the ``in`` a question puts before it (``(in meters)``)."""
    return text.strip().casefold().removeprefix("in ").strip()


@lru_cache(maxsize=65536)
def key_score(cand: str, key: str, *, ocr: bool) -> float:
    """Similarity 0-1 of two label keys: whole-word forms first, then glyph-level fuzz.

    Word forms: ``Issued`` names ``Issue Date`` (the value's type decides the rest), ``Owner/Lessor``
    names ``Lessor`` (a label may add a word or two), ``Authorized Height`` names ``Approved Height``
    (``WORD_SYNONYMS``). Then characters: OCR misreads and spelling variants.
    """
    if not cand or not key:
        return 0.0
    if cand == key:
        return 1.0
    by_words = _word_score(as_read(cand, key) if ocr else cand, key)
    if min(len(cand), len(key)) <= SHORT_KEY_CHARS:
        return by_words
    a, b = (ocr_fold(cand), ocr_fold(key)) if ocr else (cand, key)
    if another_word(a, b, ocr=ocr):
        return by_words
    return max(by_words, max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100.0)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A word through the printed forms' synonyms, less one suffix (``inspected`` -> ``inspect``)."""
    w = WORD_SYNONYMS.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def says_whose(label: str, keys: Sequence[str]) -> bool:
    """Whether a label says a word of the field's own wordings (``keys``) other than a generic one.

    ``Date`` or ``Report date`` for a determination's date only says it is a date: a sentence that says whose
    date it is comes first. A word cut short (``Determ.``) still says its word.
    """
    own = {stem(w) for key in keys for w in key.split()} - GENERIC_WORDS
    words = {stem(w) for w in label_key(label).split()} - GENERIC_WORDS
    short = (w for w in words if len(w) >= MIN_PREFIX_CHARS)
    return bool(words & own) or any(o.startswith(w) for w in short for o in own)


def phrases(key: str) -> str:
    """Spelled-out phrases as the abbreviations forms also print (``above mean sea level`` -> ``amsl``)."""
    for phrase, short in PHRASES:
        key = key.replace(phrase, short)
    return key


def _expand(word: str, key_words: Sequence[str], raw_words: Sequence[str]) -> str:
    """A word cut short or written without its vowels as the key word it stands for, if exactly one.

    ``determ``, ``amend``, ``comm`` begin their words; ``agrmt``, ``rnwl`` keep their consonants.
    Matched on the key's words as printed, before the synonyms make ``utilization`` ``usage``.
    """
    if word in key_words:
        return word
    hits = {k for k, raw in zip(key_words, raw_words, strict=True) if _abbreviates(word, raw)}
    return hits.pop() if len(hits) == 1 else word


def _abbreviates(short: str, word: str) -> bool:
    """``short`` begins ``word`` (4 letters or more), or is its consonants in order after its first letter."""
    if not short.isalpha() or len(short) >= len(word) or short[0] != word[0]:
        return False
    if len(short) >= MIN_PREFIX_CHARS and word.startswith(short):
        return True
    rest = iter(word[1:])
    vowels = set(short) & set("aeiouy") if len(short) < MIN_SKELETON_CHARS else set(short[1:]) & set("aeiouy")
    return len(short) >= MIN_SKELETON_CHARS - 1 and not vowels and all(ch in rest for ch in short[1:])


def _word_score(cand: str, key: str) -> float:
    """Score from whole words: same words (any order, any form), a word or two more, or a generic one fewer."""
    raw = _content(phrases(key).split())
    k = [stem(w) for w in raw]
    c = [_expand(stem(w), k, raw) for w in _content(phrases(cand).split())]
    cs, ks = set(c), set(k)
    if cs == ks:
        return SAME_WORDS_SCORE
    head = _head(c, cand)
    if ks < cs and len(cs - ks) <= MAX_EXTRA_WORDS and head in ks:  # the head noun must be the field's
        return SUPERSET_SCORE - EXTRA_WORD_COST * (len(cs - ks) - 1)
    if cs < ks and ks - cs <= GENERIC_WORDS:
        return SUBSET_SCORE
    if len(cs - ks) == 1 and ks - cs <= GENERIC_WORDS and _participle(cand.split()) and c[-1] in ks:
        return SUBSET_SCORE  # "Permit Issued": what was issued, and the date the value shows (``Issue Date``)
    return 0.0


def _content(words: Sequence[str]) -> list[str]:
    """A label's words without the determiners, conjunctions and possessive ``s`` inside it.

    ``Name of the tenant``, ``lease or agreement number``, ``owner's``; a first word stays: a sentence opens
    with one, which tells it from a label.
    """
    return [w for k, w in enumerate(words) if k == 0 or w not in FUNCTION_WORDS]


def _head(c: Sequence[str], cand: str) -> str:
    """The noun a label's words name: before a preposition inside it (``Date on Site`` is a date), else the last.

    Not a trailing participle, preposition or who-noun: the noun before it (``Void After``, ``Tenant Name``);
    a who-noun before an inner preposition leaves the last word (``Name of Tenant`` is a tenant's). A clause
    (``The purpose of the visit was``) keeps its last word: its verb, no field's noun.
    """
    clause = c[0] in ARTICLES
    inner = None if clause else next((k for k in range(1, len(c) - 1) if c[k] in INNER_PREPOSITIONS), None)
    if inner is not None:
        return c[-1] if c[inner - 1] in WHO_NOUNS else c[inner - 1]
    if len(c) > 2 and c[-1] in WHO_NOUNS and c[-2] in KNOWN_AS:  # noqa: PLR2004 - "site known name": the site's
        return c[-3]
    after = _participle(cand.split()) or c[-1] in PREPOSITIONS | INNER_PREPOSITIONS or c[-1] in WHO_NOUNS
    return c[-2] if after and len(c) > 1 else c[-1]


def _participle(words: Sequence[str]) -> bool:
    """Whether a label ends in a past participle (``Light outage observed``) that leaves the noun before it the head.

    Not in a clause (``The technician reported``): there the verb's subject is not what the value is.
    """
    last = words[-1] if words else ""
    participle = last in IRREGULAR_PARTICIPLES or (len(last) > MIN_PREFIX_CHARS + 1 and last.endswith("ed"))
    return len(words) > 1 and words[0] not in ARTICLES and participle


def _unit_fits(parts: LabelParts, spec: FieldSpec) -> bool:
    kinds = {UNIT_FOR_TYPE[u] for u in parts.units if u in UNIT_FOR_TYPE}
    return not kinds or spec.type in kinds


def field_score(parts: LabelParts, spec: FieldSpec, doc_type: str | None, *, ocr: bool) -> float:
    """How well the label names this field (0-1): its best wording, 0 if a unit in the label rules it out."""
    if not _unit_fits(parts, spec):
        return 0.0
    keys = [parts.key, *(f"{parts.key} {u}" for u in parts.units if u.isalpha()), *parts.alternatives]
    return max((key_score(k, _key(w), ocr=ocr) for w in spec.labels_for(doc_type) for k in keys), default=0.0)


@lru_cache(maxsize=4096)
def _key(wording: str) -> str:
    """A catalog wording's key without its unit (``Renewal Period (years)``), as a printed label's is.

    A qualifier in parentheses (``Overall Height (AMSL)``) stays: it tells two fields apart.
    """
    return label_key(_UNIT.sub(lambda m: " " if m[1].strip().casefold() in WORDING_UNITS else m[0], wording))


def fits(pair: Pair, spec: FieldSpec, parts: LabelParts, *, ocr: bool) -> bool:
    """True when the pair's value normalizes as the field's type (the value-type check)."""
    try:
        normalize(
            spec.type,
            pair.value,
            metres_hint=parts.metres,
            allowed=spec.allowed,
            synonyms=spec.synonyms,
            pattern=spec.pattern,
            case=spec.case,
            ocr=ocr,
        )
    except Unparseable:
        return False
    return True


def map_pairs(
    pairs: Sequence[Pair], specs: Sequence[FieldSpec], doc_type: str | None, *, ocr: bool
) -> tuple[Pair, ...]:
    """Each pair with the field its label names best (``field``, ``field_score``), or unmapped."""
    out = []
    for pair in pairs:
        parts = label_parts(pair.label)
        best: tuple[float, FieldSpec] | None = None
        generic = bool(parts.key) and set(parts.key.split()) <= GENERIC_WORDS
        for spec in specs:
            s = field_score(parts, spec, doc_type, ocr=ocr)
            s = min(s, GENERIC_LABEL_SCORE) if generic else s
            if s < MIN_FIELD_SCORE or (best is not None and s <= best[0]):
                continue
            if not spec.emit or fits(pair, spec, parts, ocr=ocr):
                best = (s, spec)
        if best is None or not best[1].emit:  # a decoy (``Site Elevation``) claims the label for no field
            out.append(pair)
        else:
            out.append(dataclasses.replace(pair, field=best[1].name, field_score=round(best[0], 3)))
    return tuple(out)


PROPER_NAME = re.compile(
    r"(?:[A-Z][\w'&.-]*|\d[\w-]*)(?:\s+(?:(?:of|and|the|de|la|&)\s+)?(?:[A-Z][\w'&.-]*|\d[\w-]*))*"
    r"(?:,\s+(?:LLC|L\.L\.C\.|Inc\.?|Corp\.?|Co\.?|Ltd\.?|LP|L\.P\.|LLP|PLLC)(?![\w]))?"
)
"""A name: capitalised words, joined by ``of``/``and``/``&``, with a company form after a comma (``Holdings, LLC``)."""
_COMPANY_FORM = re.compile(r"\b(?:Inc|Corp|Co|Ltd|L\.P|L\.L\.C)\.$")
"""A name ending in a company form's abbreviation keeps its full stop (``Orion Wireless Corp.``)."""


def clause_value(sentence: str) -> str:
    """The name a clause's sentence gives: its last run of capitalised words, not its first word.

    ``The site is commonly known as Elm Ridge Water Tank.`` -> ``Elm Ridge Water Tank``;
    ``This permit is issued by the Township of Upper Merion.`` -> ``Township of Upper Merion``. A sentence
    with no such run is returned whole.
    """
    runs = [m for m in PROPER_NAME.finditer(sentence) if m.start() > 0]
    if not runs:
        return sentence
    name = runs[-1].group(0)
    return name if _COMPANY_FORM.search(name) else name.rstrip(".")


POSITION_WORDS = frozenset({"coordinates", "coordinate", "location", "position", "gps", "nad83", "nad27", "wgs84"})
"""Words of a label whose value may be a whole position (``32.77, -96.79``): both coordinates at once."""


def names_position(label: str) -> bool:
    """True when a label may hold latitude and longitude together (``Coordinates``, ``LAT/LONG``)."""
    words = set(label_key(label).split()) | set(label_parts(label).units)
    return bool(words & POSITION_WORDS) or {"latitude", "longitude"} <= words
