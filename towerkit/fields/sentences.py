"""Facts stated in sentences: a value found by its shape, named by the words of its own clause.

A letter or a report's narrative says ``Our crew inspected the tower on the 21st of November, 2022.``:
there is no label and no layout, yet a reader knows whose date it is, because the words that lead to it
speak of inspecting. So a sentence is read the way a form is: its values are found by their shape (a
date, a height with its unit, a percentage, an amount, a coordinate, a code with digits, a count, a
name), and the words that lead to each value in its clause are its label, matched against the catalog's
wordings word by word (``inspected`` is ``Inspection``; the generic ``date`` is what the value's shape
already says). Where nothing leads to a value (``Acme Towers LLC remains the lessee.``), the words after
it in the clause name it.

Only prose is read (sentences with several lower-case words), a clause must name the field with at least
half of a wording's words, and a field takes a sentence's value only when no form, table or prose pattern
gave it one (``extract.py``'s order).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from towerkit.fields.catalog import MACROS, FieldSpec, enum_key, enum_options, label_key
from towerkit.fields.mapping import POSITION_WORDS, PROPER_NAME, WORD_SYNONYMS, phrases
from towerkit.fields.normalize import Unparseable, norm_coord, norm_date
from towerkit.fields.strategies import Candidate, PageText

SHORT_LINE = 0.7
"""A line shorter than this share of the page's longest ends its block: a heading, an address line, a
paragraph's last line. No sentence runs on past one."""
MIN_LOWER_WORDS = 3
"""Lower-case words a sentence needs to be prose and not a label, a heading or an address."""
LOWER_SHARE = 0.4
"""...and this share of all its words: a line of capitalised labels and figures is a form, not prose."""
MIN_SHARE = {"*": 0.5, "text": 1.0}
"""Share of a wording's words a clause must say for its value to be that field's: any capitalised words look
like a name, so a name's clause must say all of them (``Site Name``, not every clause about a site)."""
SAME_PREFIX = 5
"""Letters two words must share from their start to be one word in two forms (``inspected``/``inspection``)."""
SAME_PREFIX_SHARE = 0.6
"""...and that share of the shorter word: ``lessor`` and ``lessee`` share four letters and stay apart."""
SENTENCE_QUALITY = 0.7
"""A candidate's quality is its naming share times this: below any form's pair."""

STOP_WORDS = frozenset(
    {
        "a", "an", "the", "of", "on", "in", "at", "to", "by", "for", "from", "with", "as", "is",
        "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "shall", "would", "should", "may",
        "can", "this", "that", "these", "those", "its", "it", "our", "we", "us", "you", "your", "their", "they",
        "them", "he", "she", "his", "her", "which", "who", "whom", "and", "or", "but", "not", "any", "all",
        "also", "than", "then", "there", "here", "such", "per", "upon", "into", "onto", "over", "under", "about",
        "after", "before", "during", "same", "each", "every", "other",
    }
)  # fmt: skip
"""Words that lead to a value without naming it. ``until`` and ``through`` are not among them: ``valid until``
and ``good through`` say where a term ends."""
UNIT_WORDS = frozenset({"ft", "feet", "foot", "m", "meters", "metres", "percent", "%", "usd", "pct", "dollars"})
"""Units a wording or a field's name may carry: the value's shape says them."""
COMPANY_FORMS = frozenset({"inc", "corp", "co", "ltd", "l.p", "l.l.c", "llc"})
"""A company form's abbreviation keeps its full stop at a sentence's end."""
ABBREVIATIONS = frozenset(
    {
        "no", "nos", "inc", "corp", "co", "ltd", "st", "ave", "blvd", "rd", "tel", "ft", "dr", "mr",
        "mrs", "ms", "jr", "sr", "approx", "ref", "vs", "etc", "dept", "ext", "fig", "sq", "mt", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
"""Words whose full stop is their own, not a sentence's end."""

_NUM = r"\d[\d,]*(?:\.\d+)?"
_ANGLE = (
    r"(?:[NSEW]\s*)?\d{1,3}(?:\.\d+)?\s*°\s*(?:\d{1,2}(?:\.\d+)?\s*['\u2032\u2019]\s*)?(?:\d{1,2}(?:\.\d+)?\s*(?:\"|\u2033|\u201d|'')\s*)?"
    r"(?:[NSEW](?![A-Za-z]))?|[-\u2212]?\d{1,3}\.\d{4,}\s*°?\s*(?:[NSEW](?![A-Za-z]))?"
    r"|\d{1,3}[-\s]\d{1,2}[-\s]\d{1,2}(?:\.\d+)?\s*[NSEW](?![A-Za-z])"
)
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(MACROS["{date}"], re.IGNORECASE)),
    ("coordinate", re.compile(_ANGLE)),
    ("money", re.compile(rf"(?:\$|\bUSD\s?)\s*{_NUM}")),
    ("percent", re.compile(rf"(?<![\w.]){_NUM}\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)),
    (
        "height",
        re.compile(
            rf"(?<![\w.]){_NUM}\s*(?:(?:feet|foot|ft|meters|metres|m)(?![A-Za-z])|['\u2032](?![\w'\u2032]))",
            re.IGNORECASE,
        ),
    ),
    ("id", re.compile(r"(?<![\w/.-])(?=[A-Z0-9.-]*\d)(?=[A-Z0-9.-]{5,})[A-Z0-9][A-Z0-9.-]*[A-Z0-9](?![\w/-])")),
    (
        "integer",
        re.compile(
            r"\b[a-z]+(?:-[a-z]+)?\s*\(\s*\d{1,4}\s*\)|(?<![\w.,/$-])\d{1,4}(?![\w%/-]|[.,]\d)",
            re.IGNORECASE,
        ),
    ),
    ("name", PROPER_NAME),
)
"""Value shapes, in the order they claim a sentence's characters: a date's day is no count, a name's month no name."""
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
SHOWN = {"date": frozenset({"date", "dated"}), "id": frozenset({"number"}), "integer": frozenset({"number"})}
"""Generic words a value's shape shows by itself: a date is plainly a date, a code a number. Any capitalised
words look like a name, so a name's wording must say ``name`` (``Site Name``: not every clause about a site)."""
_PREFIXED = re.compile(r"\b(re|pre|non)-(?=[a-z])", re.IGNORECASE)
"""A prefix makes one word (``re-inspection`` is a reinspection, not an inspection)."""
_CLAUSE_BREAK = re.compile(r";|\s+(?:and|but|while|whereas)\s+(?=[A-Za-z])|,\s+(?:which|who)\s+")
_APPOSED_NOUN = re.compile(r"\s([a-z]{3,})\b")
_AT_NAME = re.compile(r"\b[a-z]{3,}\s+at\s+$")
_LOWER_WORD = re.compile(r"[a-z]{2,}(?:'s)?[,;:]?")
_LEAD_IN = re.compile(r"([^:;]{8,}?):\s+(?=\S)(?!\d)")
"""A sentence's words up to a colon, then its value: the colon of a time (``9:00``) or a ratio is not one."""
_STOP_AT_END = re.compile(r"[.!?][\"')\]]?\s*$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in a sentence: its shape, text, page characters and the clause around it."""

    shape: str
    start: int
    end: int
    lead: str
    trail: str


def sentence_candidates(
    texts: Sequence[PageText], specs: Sequence[FieldSpec], doc_type: str | None
) -> dict[str, list[Candidate]]:
    """Each field's values from the document's sentences, best named first.

    A value goes to the one field its clause names best; a value two fields' wordings name equally well is
    left to neither. Decoys (``emit = false``) take their values too, so that no other field does.
    """
    by_shape: dict[str, list[FieldSpec]] = {}
    for spec in specs:
        phrase = spec.type == "text" and bool(spec.case or spec.multiline)  # ``generator service``, not a name
        by_shape.setdefault("phrase" if phrase else SHAPE_OF_TYPE.get(spec.type, spec.type), []).append(spec)
    out: dict[str, list[tuple[float, int, Candidate]]] = {}
    order = 0
    for pt in texts:
        text = pt.text.replace("\n", " ")
        for found in _values(pt.text):
            raw = text[found.start : found.end]
            choice = _name(found, _takers(found.shape, raw, by_shape), doc_type)
            if choice is None or not choice[1].emit:
                continue
            share, spec = choice
            words = tuple(w for s, e, w in pt.spans if s < found.end and e > found.start)
            order += 1
            cand = Candidate(raw, words, None, round(share * SENTENCE_QUALITY, 3), "sentence")
            out.setdefault(spec.name, []).append((-share, order, cand))
    return {name: [c for *_, c in sorted(cands, key=lambda t: t[:2])] for name, cands in out.items()}


def _takers(shape: str, raw: str, by_shape: dict[str, list[FieldSpec]]) -> list[FieldSpec]:
    """The fields a value of this shape may be.

    A coordinate's by its axis; a capitalised phrase is also an enumeration's when it is one of its values (``the
    tower is rated PASS``).
    """
    if shape == "coordinate":
        return [s for s in by_shape.get(shape, ()) if _on_axis(raw, s.type[-3:])]
    if shape == "phrase":  # a closed list's value or a phrase; a name is left to its own shape
        return by_shape.get("enum", []) + by_shape.get("phrase", [])
    if shape == "name":
        key = enum_key(raw)
        named = [s for s in by_shape.get("enum", ()) if any(k == key for k, _ in enum_options(s.allowed, s.synonyms))]
        return named or by_shape.get(shape, [])  # one of a closed list's values is no proper name
    return by_shape.get(shape, [])


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


def _values(page: str) -> Iterator[Found]:
    """Every value of every prose sentence of a page, with the words that lead to it and follow it."""
    text = page.replace("\n", " ")
    for start, end in _sentences(page):
        sentence = text[start:end]
        if not _prose(sentence):
            continue
        said = _LEAD_IN.match(sentence)
        if said:  # ``The purpose of the visit was: Generator service.``: all after the colon is the value
            stop = len(sentence.rstrip().rstrip(".!?"))
            yield Found("phrase", start + said.end(), start + stop, said[1], "")
        spans = _shapes(sentence)
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence) if not _inside(m.start(), spans)]
        lead = ""
        for k, (shape, s, e) in enumerate(spans):
            lo = max([b for b in breaks if b <= s] + [spans[k - 1][2] if k else 0])
            hi = min([b for b in breaks if b >= e] + [spans[k + 1][1] if k + 1 < len(spans) else len(sentence)])
            if re.search(r"\w", sentence[lo:s]) or not k or spans[k - 1][0] != shape:
                lead = sentence[lo:s]  # else the second of a pair (``located at 33° N, 109° W``) shares the first's
            yield Found(shape, start + s, start + e, lead, sentence[e:hi])


def _prose(sentence: str) -> bool:
    """A sentence, not a label, a heading, an address or a log line: it ends in a stop and is mostly lower case."""
    words = sentence.split()
    lower = sum(bool(_LOWER_WORD.fullmatch(w)) for w in words)
    return bool(_STOP_AT_END.search(sentence)) and lower >= MIN_LOWER_WORDS and lower >= LOWER_SHARE * len(words)


def _sentences(page: str) -> Iterator[tuple[int, int]]:
    """Character ranges of a page's sentences: blocks of lines end at a short line, sentences at a full stop."""
    lines, pos = [], 0
    for line in page.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    longest = max((e - s for s, e in lines), default=0)
    block_start = 0
    for s, e in lines:
        if e - s < SHORT_LINE * longest or e == lines[-1][1]:
            yield from _split(page, block_start, e)
            block_start = e + 1


def _split(page: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences of one block: at a full stop before a capital, unless the stop ends an abbreviation."""
    block = page[start:end].replace("\n", " ")
    at = 0
    for m in _SENTENCE_END.finditer(block):
        last = block[: m.start()].rsplit(" ", 1)[-1].casefold()
        if last in ABBREVIATIONS or len(last) == 1 or _INITIALS.fullmatch(last):
            continue
        yield start + at, start + m.start() + 1
        at = m.end()
    if block[at:].strip():
        yield start + at, end


def _shapes(sentence: str) -> list[tuple[str, int, int]]:
    """The sentence's values by shape, each character claimed once, in reading order."""
    taken = [False] * len(sentence)
    spans: list[tuple[str, int, int]] = []
    for shape, rx in SHAPES:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if shape == "name":
                s, e = _trim_name(sentence, s, e)
            if e <= s or any(taken[s:e]) or not _valid(shape, sentence[s:e]) or _glued(sentence, s, e, shape):
                continue
            taken[s:e] = [True] * (e - s)
            spans.append((shape, s, e))
    return sorted(spans, key=lambda t: t[1])


def _trim_name(sentence: str, s: int, e: int) -> tuple[int, int]:
    """A name less the capitalised function words a sentence starts with (``The Township of ...``).

    Less the sentence's full stop too (``Fox Run East.``); ``Acme Towers Inc.`` keeps its own.
    """
    words = sentence[s:e].split(" ")
    while words and words[0].casefold() in STOP_WORDS:
        s += len(words.pop(0)) + 1
    while words and words[-1].casefold() in STOP_WORDS:  # ``... Site The tower``: the next sentence's first word
        e -= len(words.pop()) + 1
    last = words[-1] if words else ""
    if last.endswith(".") and last[:-1].casefold() not in COMPANY_FORMS and not _INITIALS.fullmatch(last.casefold()):
        e -= 1  # ``José C.`` keeps an initial's stop
    return (s, e) if words and (s > 0 or len(words) > 1) else (s, s)


def _glued(sentence: str, s: int, e: int, shape: str) -> bool:
    """A figure that goes on into letters or a hyphen is part of a code (``21-ANM-6013`` is no date)."""
    if shape == "name":
        return False
    before, after = sentence[s - 1 : s], sentence[e : e + 1]
    return bool(re.match(r"[\w-]", before) or re.match(r"[A-Za-z0-9-]", after))


def _valid(shape: str, raw: str) -> bool:
    if shape == "date":
        try:
            norm_date(raw)
        except Unparseable:
            return False
    return True


def _inside(pos: int, spans: Sequence[tuple[str, int, int]]) -> bool:
    return any(s <= pos < e for _, s, e in spans)


def _name(found: Found, specs: Sequence[FieldSpec], doc_type: str | None) -> tuple[float, FieldSpec] | None:
    """The field the words leading to the value name best (else the words after it), if one does.

    Of two fields named as fully, the one whose word stands nearer the value wins (``Our records carry this
    facility under site number ...``: the site's number, not a record's); named as fully and as near, neither.
    """
    unit = _cue_words(found.trail)[:1] if found.shape == "integer" else ()  # ``5 years``: what it counts
    apposed = _apposed(found)
    for cue in (*apposed, unit + _cue_words(found.lead)[::-1], _cue_words(found.trail)):
        if not cue:
            continue
        least = len(cue) if cue in apposed else 1  # set against a noun: the wording must say the noun too
        scored = sorted(((_naming(cue, spec, doc_type), spec) for spec in specs), key=lambda t: t[0], reverse=True)
        scored = [(n, s) for n, s in scored if n[0] >= MIN_SHARE.get(s.type, MIN_SHARE["*"]) and n[1] >= least]
        if not scored:
            continue
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # two fields named equally: the sentence does not say which
        return scored[0][0][0], scored[0][1]
    return None


def _apposed(found: Found) -> tuple[tuple[str, ...], ...]:
    """A name set against the noun it names, read first and only as that noun and ``name``.

    ``Our Pine Bluff Relo tower`` is the tower's name; ``the structure at Mesa Verde West`` its location's.
    """
    if found.shape != "name":
        return ()
    after = _APPOSED_NOUN.match(found.trail)
    after = after if after and after[1] not in STOP_WORDS else None
    at = _AT_NAME.search(found.lead)
    return tuple(c for c in ((_root(after[1]), "name") if after else (), ("location", "name") if at else ()) if c)


def _cue_words(text: str) -> tuple[str, ...]:
    """The naming words of a clause in order: no function words (``above the ground`` is ``agl``), no figures."""
    kept = " ".join(w for w in label_key(_PREFIXED.sub(r"\1", text)).split() if w not in STOP_WORDS and not w.isdigit())
    return tuple(NAMING_VERBS.get(w) or _root(w) for w in phrases(kept).split())


def _naming(cue: tuple[str, ...], spec: FieldSpec, doc_type: str | None) -> tuple[float, int, int]:
    """(share of the best wording's words the cue says, how many, minus the nearest one's place in the cue)."""
    best = (0.0, 0, 0)
    for wording in (*spec.labels_for(doc_type), spec.name, *WHOLE_POSITION.get(spec.type, ())):
        needed = _wording_words(wording, shown=SHOWN.get(spec.type, frozenset()))
        if not needed:
            continue
        at = [k for k, c in enumerate(cue) if any(_same(w, c) for w in needed)]
        said = sum(any(_same(w, c) for c in cue) for w in needed)
        if said:
            best = max(best, (said / len(needed), said, -min(at)))
    return best


@lru_cache(maxsize=4096)
def _wording_words(wording: str, shown: frozenset[str]) -> tuple[str, ...]:
    """A wording's naming words: not the generic words the value's shape shows, units or function words."""
    key = phrases(label_key(_PREFIXED.sub(r"\1", wording.replace("_", " "))))
    return tuple(_root(w) for w in key.split() if w not in shown and w not in UNIT_WORDS and w not in STOP_WORDS)


@lru_cache(maxsize=16384)
def _root(word: str) -> str:
    """A word's root, through the printed forms' synonyms before and after its suffix goes."""
    w = WORD_SYNONYMS.get(word, word)
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
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
