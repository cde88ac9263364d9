"""Facts stated in sentences: a value found by its shape, named by the words of its own clause.

A letter or a report's narrative says ``Our crew inspected the tower on the 21st of November, 2022.``:
there is no label and no layout, yet a reader knows whose date it is, because the words that lead to it
speak of inspecting. So a sentence is read the way a form is: its values are found by their shape (a
date, a height with its unit, a percentage, an amount, a coordinate, a code with digits, a count, a
name), and the words that lead to each value in its clause are its label, matched against the catalog's
wordings word by word (``inspected`` is ``Inspection``; the generic ``date`` is what the value's shape
already says). Where nothing leads to a value (``Acme Towers LLC remains the lessee.``), the words after
it in the clause name it.

The values and their clauses come from ``sentence_values.py`` (prose only); this module names them. A clause
must say at least half of a wording's words (a name's wording whole), and a field takes a sentence's value
only when no form, table or prose pattern gave it one, bar a bare generic label (``Date:`` heading a memo),
which yields to a sentence that says whose date it is (``extract.py``'s order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from towerkit.fields.catalog import FieldSpec, enum_key, enum_options, label_key
from towerkit.fields.mapping import POSITION_WORDS, WORD_SYNONYMS, phrases, stem
from towerkit.fields.normalize import Unparseable, norm_coord
from towerkit.fields.sentence_values import STOP_WORDS, Found, sentence_values
from towerkit.fields.strategies import Candidate, PageText

MIN_SHARE = {"*": 0.5, "text": 1.0}
"""Share of a wording's words a clause must say for its value to be that field's: any capitalised words look
like a name, so a name's clause must say all of them (``Site Name``, not every clause about a site)."""
SAME_PREFIX = 5
"""Letters two words must share from their start to be one word in two forms (``inspected``/``inspection``)."""
SAME_PREFIX_SHARE = 0.7
"""...and that share of the shorter word: ``lessor`` and ``lessee`` share four letters and stay apart."""
BEYOND_WEIGHT = 0.9
"""A value named only by the words past the clause's next value is named less surely: never surely enough to type
a document (two columns of a page read across as one sentence: ``On the current 737 MAX, ... is measured by two
crew``)."""
UNNAMED_SHARE = 0.5
"""A closed list's value no words name, printed as one of the only list of the type that has it (``Approval was
granted under the Special Use category``): named by itself, less surely than by words (never enough to type)."""
UNNAMED_LETTERS = 3
"""...and only with this many letters at least: the pronoun ``I`` is no risk category ``I``."""
OTHER_VERSION = frozenset({"draft", "supersed", "previou", "former"})
"""Roots of words that say a clause speaks of another version of the document (``supersedes the draft issued on
...``): its values are that one's. Not ``prior`` or ``earlier``: ``90 days prior notice``, ``no earlier than``."""
SENTENCE_QUALITY = 0.7
"""A candidate's quality is its naming share times this: below any form's pair."""

UNIT_WORDS = frozenset({"ft", "feet", "foot", "m", "meters", "metres", "percent", "%", "usd", "pct", "dollars"})
"""Units a wording or a field's name may carry: the value's shape says them."""

SHAPE_OF_TYPE = {
    "date": "date",
    "coordinate_lat": "coordinate",
    "coordinate_lon": "coordinate",
    "money": "money",
    "percent": "percent",
    "height": "height",
    "id": "id",
    "integer": "integer",
    "text": "name",
}
"""The shape a field's value type is found in. An enumeration's value is found as a name (``_takers``): a
lower-case word (``the permit was issued``) is the sentence's verb, not its status."""
WHOLE_POSITION = dict.fromkeys(("coordinate_lat", "coordinate_lon"), tuple(sorted(POSITION_WORDS)))
"""A clause may name a coordinate by the whole position (``The tower is located at 33° 41' N, 109° 22' W``)."""
NAMING_VERBS = dict.fromkeys(("known", "called", "named", "referred", "designated", "titled"), "name") | {
    "tall": "height",
    "high": "height",
}
"""Words that say what the value is without a label's noun: verbs that give a name (``The facility is known
locally as ...``) say ``name``; ``tall`` and ``high`` say ``height`` (``The tower stands 175' tall``)."""
_LEASED = r"\bleas\w*\b(?:\s+\w+){0,3}\s+"
COUNT_UNITS = {"day": "day", "days": "day", "d": "day", "month": "month", "months": "month", "mos": "month",
               "year": "year", "years": "year", "yrs": "year", "yr": "year"}  # fmt: skip
"""Units a count may be followed by, each to its one name."""
PARTIES = {
    False: (
        (re.compile(_LEASED + r"from\s*$", re.IGNORECASE), "lessor"),
        (re.compile(_LEASED + r"to\s*$", re.IGNORECASE), "lessee"),
    ),
    True: (
        (re.compile(r"^\s*" + _LEASED + r"from\b", re.IGNORECASE), "lessee"),
        (re.compile(r"^\s*" + _LEASED + r"to\b", re.IGNORECASE), "lessor"),
    ),
}
"""Who a lease's verb points at: land is leased *from* its lessor and *to* its lessee, and the one who
``leases the ground from`` someone is the lessee."""
SHOWN = {"date": frozenset({"date", "dated"}), "id": frozenset({"number"}), "integer": frozenset({"number"})}
"""Generic words a value's shape shows by itself: a date is plainly a date, a code a number. Any capitalised
words look like a name, so a name's wording must say ``name`` (``Site Name``: not every clause about a site)."""
_PREFIXED = re.compile(r"\b(re|pre|non)-(?=[a-z])", re.IGNORECASE)
"""A prefix makes one word (``re-inspection`` is a reinspection, not an inspection)."""
SAID_AS = (
    (re.compile(r"\b(?:each|every|per|a)\s+year\b|\b(?:yearly|annually)\b", re.IGNORECASE), "annual"),
    (re.compile(r"\bruns?\s+(?:to|through|until)\b", re.IGNORECASE), "ends"),
    (re.compile(r"\bfollow[- ]up\b", re.IGNORECASE), "next"),
)
"""Everyday phrases in the one word a wording uses: ``rises 2.5 percent each year`` is an annual increase, a
term that ``runs to`` a date ends then, a ``follow-up inspection`` is the next one."""
_APPOSED_NOUN = re.compile(r"\s([a-z]{3,})\b")
_AT_NAME = re.compile(r"\b([a-z]{3,})\s+at\s+$")


Read = Sequence[tuple[PageText, Sequence[Found]]]
"""A document's pages with the values of their sentences: found once, named for each type asked."""


def read_sentences(texts: Sequence[PageText]) -> Read:
    """Each page with the values of its prose sentences (``sentence_values``)."""
    return [(pt, found) for pt in texts if (found := tuple(sentence_values(pt.text)))]


def sentence_candidates(read: Read, specs: Sequence[FieldSpec], doc_type: str | None) -> dict[str, list[Candidate]]:
    """Each field's values from the document's sentences, best named first.

    A value goes to the one field its clause names best; a value two fields' wordings name equally well is
    left to neither. Decoys (``emit = false``) take their values too, so that no other field does.
    """
    by_shape: dict[str, list[FieldSpec]] = {}
    for spec in specs:
        phrase = spec.type == "text" and bool(spec.case or spec.multiline)  # ``generator service``, not a name
        by_shape.setdefault("phrase" if phrase else SHAPE_OF_TYPE.get(spec.type, spec.type), []).append(spec)
    by_value: dict[str, list[FieldSpec]] = {}
    for spec in by_shape.get("enum", ()):
        for key in dict.fromkeys(k for k, _ in enum_options(spec.allowed, spec.synonyms)):
            by_value.setdefault(key, []).append(spec)
    out: dict[str, list[tuple[float, int, Candidate]]] = {}
    order = 0
    for pt, values in read:
        text = pt.text.replace("\n", " ")
        for found in values:
            raw = text[found.start : found.end]
            takers = _takers(found, raw, by_shape, by_value)
            choice = _name(found, takers, doc_type) or _by_itself(raw, takers)
            if choice is None or not choice[1].emit:
                continue
            share, spec = choice
            words = tuple(w for s, e, w in pt.spans if s < found.end and e > found.start)
            order += 1
            cand = Candidate(raw, words, None, round(share * SENTENCE_QUALITY, 3), "sentence")
            out.setdefault(spec.name, []).append((-share, order, cand))
    return {name: [c for *_, c in sorted(cands, key=lambda t: t[:2])] for name, cands in out.items()}


def _by_itself(raw: str, takers: Sequence[FieldSpec]) -> tuple[float, FieldSpec] | None:
    """A closed list's value that no words name, when only one list of the type has it.

    ``Approval was granted under the Special Use category``: the list's own value, not one of its synonyms
    (``Class I, Division 2`` is a hazardous area, no structure class), and not a letter or two (the pronoun ``I``).
    """
    if len(takers) != 1 or takers[0].type != "enum" or sum(c.isalpha() for c in raw) < UNNAMED_LETTERS:
        return None
    own = {enum_key(a) for a in takers[0].allowed}
    return (UNNAMED_SHARE, takers[0]) if enum_key(raw) in own else None


def _takers(
    found: Found, raw: str, by_shape: dict[str, list[FieldSpec]], by_value: dict[str, list[FieldSpec]]
) -> list[FieldSpec]:
    """The fields a value of this shape may be.

    A coordinate's by its axis; a sentence's complement a phrase field's or, printed as one, a closed list's value;
    a capitalised phrase is also an enumeration's when it is one of its values (``the tower is rated PASS``); a
    count followed by a unit (``120 days``) only a field measured in it, a bare count (``one (1) additional
    renewal term``) only a field that counts.
    """
    shape = found.shape
    if shape == "integer":
        word = next((t for t in found.trail.casefold().split() if any(c.isalpha() for c in t)), "")  # past OCR's dots
        unit = COUNT_UNITS.get(word.strip(".,;:"))
        return [s for s in by_shape.get(shape, ()) if _measured_in(s.labels) == unit]
    if shape == "coordinate":
        return [s for s in by_shape.get(shape, ()) if _on_axis(raw, s.type[-3:])]
    if shape in ("phrase", "complement"):  # a phrase, or a closed list's value: after ``is``/``as`` only as printed
        closed = by_shape.get("enum", []) if shape == "phrase" else by_value.get(enum_key(raw), [])
        return closed + by_shape.get("phrase", [])
    if shape == "name":
        named = by_value.get(enum_key(raw), [])
        if named or " " not in raw.strip():  # a closed list's value is no proper name; nor is one capitalised word
            return named
        return by_shape.get(shape, [])
    return by_shape.get(shape, [])


@lru_cache(maxsize=256)
def _measured_in(labels: tuple[str, ...]) -> str | None:
    """The unit a count field is measured in, from its wordings (``Notice Period (days)``), or None for a count."""
    words = {w for label in labels for w in label_key(label).split()}
    return next((COUNT_UNITS[w] for w in sorted(words) if w in COUNT_UNITS), None)


def _on_axis(raw: str, axis: str) -> bool:
    """A coordinate read on the field's axis: a hemisphere letter decides, else the value must be in range."""
    letters = {c for c in raw if c in "NSEW"}
    if letters and (axis == "lat") != bool(letters & {"N", "S"}):
        return False
    try:
        norm_coord(raw, axis)
    except Unparseable:
        return False
    return True


def _name(found: Found, specs: Sequence[FieldSpec], doc_type: str | None) -> tuple[float, FieldSpec] | None:
    """The field the words leading to the value name best (else the words after it), if one does.

    Of two fields named as fully, the one whose word stands nearer the value wins (``Our records carry this
    facility under site number ...``: the site's number, not a record's); named as fully and as near, neither.
    """
    unit = _cue_words(found.trail)[:1] if found.shape == "integer" else ()  # ``5 years``: what it counts
    apposed = _apposed(found)
    lead, trail = unit + _cue_words(found.lead)[::-1], _cue_words(found.trail, after=True)
    if OTHER_VERSION & {*lead, *trail}:
        return None  # ``This report supersedes the draft issued on May 16, 2022``: another document's date
    beyond = () if trail else _cue_words(found.beyond, after=True)
    named = lead + _cue_words(found.before)[::-1] if found.before else ()  # the name before it as its label
    for cue in (*apposed, lead, named, trail, beyond):
        if not cue:
            continue
        least = 2 if cue in apposed else 1  # set against a noun: the wording must say more than ``name``
        best = _best(cue, specs, doc_type, least)
        if best is None:
            continue
        if len(best) > 1 and cue is lead and trail:  # ``A height of 440 FT above the ground``: the rest decides
            best = _best(lead + trail, best, doc_type, least) or best
        if len(best) > 1:
            return None  # two fields named equally: the sentence does not say which
        noun = _own_noun(found)
        if noun and not _naming(noun, best[0], doc_type)[0]:
            return None  # ``filed on Form 7460-1``: the form's number, whatever the clause says before it
        return _naming(cue, best[0], doc_type)[0] * (BEYOND_WEIGHT if cue is beyond else 1.0), best[0]
    return None


def _best(cue: tuple[str, ...], specs: Sequence[FieldSpec], doc_type: str | None, least: int) -> list[FieldSpec] | None:
    """The fields the cue names best, all of them if tied; None if it names none well enough."""
    scored = [(_naming(cue, s, doc_type), s) for s in specs]
    scored = [(n, s) for n, s in scored if n[0] >= MIN_SHARE.get(s.type, MIN_SHARE["*"]) and n[2] >= least]
    if not scored:
        return None
    top = max(n for n, _ in scored)
    return [s for n, s in scored if n == top]


def _own_noun(found: Found) -> tuple[str, ...]:
    """The noun a code is printed after, which it is the number of.

    ``Form 7460-1``, ``Permit BP-2022-51768``: a capitalised word, not a code's own capitals (``CUP 20-556``);
    empty for any other value or word.
    """
    last = found.lead.rstrip().rsplit(" ", 1)[-1] if found.shape == "id" else ""
    if not last.istitle() or not last.isalpha() or last.casefold() in STOP_WORDS:
        return ()
    return (_root(last.casefold()),)


def _apposed(found: Found) -> tuple[tuple[str, ...], ...]:
    """A name set against the noun it names, read first and only as that noun and ``name``.

    ``Our Pine Bluff Relo tower`` is the tower's name; a noun ``at`` a name (``the structure at Mesa Verde West``)
    gives the location's, a verb only its own (``located at`` the location's, ``recorded at Book 1123`` none).
    """
    if found.shape != "name":
        return ()
    after = _APPOSED_NOUN.match(found.trail)
    after = after if after and after[1] not in STOP_WORDS else None
    cues: list[tuple[str, ...]] = [(_root(after[1]), "name")] if after else []
    at = _AT_NAME.search(found.lead)
    if at:
        verb = at[1].endswith(("ed", "ing"))
        cues.append((_root(at[1]), "name") if verb else (_root(at[1]), "location", "name"))
    return tuple(cues)


def _cue_words(text: str, *, after: bool = False) -> tuple[str, ...]:
    """The naming words of a clause in order: no function words (``above the ground`` is ``agl``), no figures.

    ``after``: the words follow the value, which is then the subject of their verb (``X leases ... from``).
    """
    text = next((f"{text} {who}" for rx, who in PARTIES[after] if rx.search(text)), text)
    for rx, word in SAID_AS:
        text = rx.sub(word, text)
    kept = " ".join(w for w in label_key(_PREFIXED.sub(r"\1", text)).split() if w not in STOP_WORDS and not w.isdigit())
    return tuple(NAMING_VERBS.get(w) or _root(w) for w in phrases(kept).split())


def _naming(cue: tuple[str, ...], spec: FieldSpec, doc_type: str | None) -> tuple[float, int, int]:
    """(share of the best wording's words the cue says, minus the nearest one's place in the cue, how many).

    Of wordings said as fully, the one said nearest the value names it (``Light outage was reported. Observations
    made on site were as follows: ...``: the observations), then the one of more words.
    """
    best = (0.0, -len(cue), 0)
    for wording in (*spec.labels_for(doc_type), spec.name, *WHOLE_POSITION.get(spec.type, ())):
        needed = _wording_words(wording, shown=SHOWN.get(spec.type, frozenset()))
        if not needed:
            continue
        at = [k for k, c in enumerate(cue) if any(_same(w, c) for w in needed)]
        said = sum(any(_same(w, c) for c in cue) for w in needed)
        if said:
            best = max(best, (said / len(needed), -min(at), said))
    return best


@lru_cache(maxsize=4096)
def _wording_words(wording: str, shown: frozenset[str]) -> tuple[str, ...]:
    """A wording's naming words: not the generic words the value's shape shows, units or function words."""
    key = phrases(label_key(_PREFIXED.sub(r"\1", wording.replace("_", " "))))
    return tuple(_root(w) for w in key.split() if w not in shown and w not in UNIT_WORDS and w not in STOP_WORDS)


def _root(word: str) -> str:
    """``stem``, then the synonyms once more: ``started`` is ``start`` is ``commencement``."""
    w = stem(word)
    return WORD_SYNONYMS.get(w, w)


def _same(a: str, b: str) -> bool:
    """One word in two forms: equal roots, or a long shared start (``registration``/``registered``)."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= SAME_PREFIX and n >= SAME_PREFIX_SHARE * min(len(a), len(b))
