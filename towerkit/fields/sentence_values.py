"""Values in running sentences, found by their shape, with the words of their clause around them.

``sentences.py`` names each value by those words; this module only finds them. A page's lines are cut into
blocks at short lines (a heading, an address line, a paragraph's end) and blocks into sentences at full
stops that end no abbreviation. A sentence that is prose (it ends in a stop and is mostly lower case) gives
its values by shape, each character claimed once: a date, a coordinate, an amount, a percentage, a height
with its unit, a code with digits, a count, a capitalised name; after a lead-in colon the rest of the
sentence as one phrase, and the few words a sentence ends in after ``is`` or ``as`` as its complement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from towerkit.fields.catalog import MACROS
from towerkit.fields.mapping import PROPER_NAME
from towerkit.fields.normalize import Unparseable, norm_date
from towerkit.fields.numwords import CARDINALS, SCALES_AND_HUNDRED

SHORT_LINE = 0.7
"""A line shorter than this share of the page's longest ends its block: a heading, an address line, a
paragraph's last line. No sentence runs on past one."""

MIN_LOWER_WORDS = 3
"""Lower-case words a sentence needs to be prose and not a label, a heading or an address; one fewer with a verb
that says what something is (``The landlord is Carlos Nakamura.``)."""

LOWER_SHARE = 0.3
"""...and this share of all its words: a line of capitalised labels and figures is a form, not prose (``On May
2, 2020, Jo P. Ng visited the site.`` is, at three in ten). A function word that starts a sentence counts."""

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

NUMBER_WORDS = frozenset(CARDINALS) | SCALES_AND_HUNDRED | {"dollars", "cents"}
"""Words of an amount written out."""

MIN_CODE_CHARS = 5
"""Letters and digits a code needs: fewer is a count or a year."""
COMPANY_FORMS = frozenset({"inc", "corp", "co", "ltd", "l.p", "l.l.c", "llc"})
"""A company form's abbreviation keeps its full stop at a sentence's end."""

ABBREVIATIONS = frozenset(
    {
        "no", "nos", "co", "st", "ave", "blvd", "rd", "hwy", "pkwy", "tel", "ft", "dr", "mr",
        "mrs", "ms", "jr", "sr", "approx", "ref", "vs", "etc", "dept", "ext", "fig", "sq", "mt", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
"""Words whose full stop is their own, not a sentence's end. A company's form (``Inc.``, ``Corp.``) ends its name,
and before a capital the sentence too (``The tenant is Orion Site Corp. Figures are current ...``)."""
NUMBER_SIGNS = frozenset({"no", "nos"})
"""...of which ``No.`` only before a figure (``No. 4``): ``the technician answered NO.`` ends a sentence."""
_FIGURE_NEXT = re.compile(r"[\s#]*\d")

_NUM = r"\d[\d,]*(?:\.\d+)?"

CODE = r"(?=[A-Z0-9.-]*\d)(?=[A-Z0-9.-]{5,})[A-Z0-9][A-Z0-9.-]*[A-Z0-9]"
"""A code: five capitals or digits at least, one of them a digit (``US-TX-1501``, ``WO635873``)."""

_ANGLE = (
    r"(?:[NSEW]\s*)?\d{1,3}(?:\.\d+)?\s*°(?:\s*\d{1,2}(?:\.\d+)?\s*['\u2032\u2019])?(?:\s*\d{1,2}(?:\.\d+)?\s*(?:\"|\u2033|\u201d|''))?"
    r"(?:\s*[NSEW](?![A-Za-z]))?|[-\u2212]?\d{1,3}\.\d{4,}(?:\s*°)?(?:\s*[NSEW](?![A-Za-z]))?"
    r"|\d{1,3}[-\s]\d{1,2}[-\s]\d{1,2}(?:\.\d+)?\s*[NSEW](?![A-Za-z])"
)
"""A coordinate in degrees (and minutes, seconds, a hemisphere); no space after it, which would glue it to the next
word (``A latitude of 39.075802 was confirmed``)."""

SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(MACROS["{date}"], re.IGNORECASE)),
    ("coordinate", re.compile(_ANGLE)),
    ("money", re.compile(rf"(?:\bUS\$|\$|\bUSD\s?)\s*{_NUM}|(?<![\w.]){_NUM}\s*USD\b")),
    ("percent", re.compile(rf"(?<![\w.]){_NUM}\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)),
    (
        "height",
        re.compile(
            rf"(?<![\w.]){_NUM}[.-]?\s*(?:(?:feet|foot|ft|meters|metres|m)(?![A-Za-z])|['\u2032\u2019](?![\w'\u2032\u2019]))",
            re.IGNORECASE,
        ),
    ),
    (
        "id",
        re.compile(
            r"(?<![\w/.-])(?:[A-Z]{2,6} (?=\d))?"  # a code's letters before its figures (``CUP 20-556``)
            rf"{CODE}(?![\w/-])"
        ),
    ),
    (
        "integer",
        re.compile(
            r"\b[a-z]+(?:-[a-z]+)?\s*\(\s*\d{1,3}\s*\)|(?<![\w.,/$-])\d{1,3}(?![\w%/-]|[.,]\d)",
            re.IGNORECASE,
        ),
    ),
    ("name", PROPER_NAME),
)
"""Value shapes, in the order they claim a sentence's characters: a date's day is no count, a name's month no name."""

_CLAUSE_BREAK = re.compile(r";|\s+(?:and|but|while|whereas)\s+(?=[A-Za-z])|,\s+(?:which|who)\s+")

_LOWER_WORD = re.compile(r"[a-z]{2,}(?:'s)?[,;:.]?")

_LEAD_IN = re.compile(r"([^:;]{8,}?):\s+(?=\S)(?!\d)")
"""A sentence's words up to a colon, then its value: the colon of a time (``9:00``) or a ratio is not one."""

_COPULA = r"\b(?:is|are|was|were)\b"
_WORD = r"(?!(?:is|are|was|were|as)\b)[^\s,;:]+"
_COMPLEMENT = re.compile(rf"(?:{_COPULA}|\bas\b)\s+({_WORD}(?:\s+{_WORD}){{0,5}})\s*$")
"""A sentence's last ``is`` or ``as`` and the value it ends in: up to six words, none of them another."""

_CLAUSE_OPEN = re.compile(r"[;,]\s*|\s(?:and|but|while|whereas|or)\s+")
"""Where the clause a sentence ends in begins: its words, not the sentence's, name what it ends in."""

_PAIRED = re.compile(r"\band\b")
"""What joins a pair of values of one shape besides a comma."""

_AGENT = re.compile(r",?\s+by\s+")
"""``by`` alone between two values: the second did what the clause's verb says."""

_STOP_AT_END = re.compile(r"[.!?][\"')\]]?\s*$")

_GLUED_WORD = re.compile(r"(?<=\w\w)\.[a-z]+$")
"""A lower-case word glued to a name by a stop, where a scan lost the space."""

_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")

_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[^\sa-z,;:.])")
"""A stop, then anything but a lower-case word or punctuation: a capital, a figure, a quote, a box (``☒ Terms``)."""


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in a sentence: its shape, text, page characters and the clause around it."""

    shape: str
    start: int
    end: int
    lead: str
    trail: str
    beyond: str = ""
    """The rest of the clause past the next value, that value left out (``On May 2, 2020, Jo Ng visited the site``)."""
    before: str = ""
    """A name said just before it in its clause, which may be its label (``listed in the Antenna Structure
    Registration system as number 1019624``)."""


def sentence_values(page: str) -> Iterator[Found]:
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
        stated = None if said else _complement(sentence, spans)
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence) if not _inside(m.start(), spans)]
        lead = ""
        for k, (shape, s, e) in enumerate(spans):
            lo = max([b for b in breaks if b <= s] + [spans[k - 1][2] if k else 0])
            hi = min([b for b in breaks if b >= e] + [spans[k + 1][1] if k + 1 < len(spans) else len(sentence)])
            if k and lo == spans[k - 1][2] and _AGENT.fullmatch(sentence[lo:s]):
                lead += sentence[lo:s]  # ``inspected on June 8, 2019 by Acme``: the clause's verb says who Acme is
            elif (
                re.search(r"\w", _PAIRED.sub("", sentence[lo:s]))
                or not k
                or _another(spans[k - 1][0], shape, sentence[lo:s])
            ):
                lead = sentence[lo:s]  # else the second of a pair (``at 33° N, 109° W``, ``N and W``) shares it
                if lo in breaks and not _says_anything(lead):  # ``I checked the ASR lookup and it is 1104564``
                    start_of_last = max([b for b in breaks if b < lo] + [0])
                    figures = [t for t in spans if t[0] != "name"]  # a name there may be its label (``ASR``)
                    lead = " ".join(sentence[a:b] for _, a, b in _gaps(figures, start_of_last, s))
            end_of_clause = min([b for b in breaks if b >= e] + [len(sentence)])
            beyond = " ".join(sentence[a:b] for _, a, b in _gaps(spans, hi, end_of_clause))
            said_by = f"{lead} {sentence[s:e].split()[0]}" if shape == "id" and " " in sentence[s:e] else lead
            before = sentence[spans[k - 1][1] : lo] if k and spans[k - 1][0] == "name" and lo == spans[k - 1][2] else ""
            yield Found(shape, start + s, start + e, said_by, sentence[e:hi], beyond, before)  # ``ASR 1216676``: ASR
        if stated:  # after the names, which keep their place where both name one field
            clause = max([b.end() for b in _CLAUSE_OPEN.finditer(sentence, 0, stated[0])], default=0)
            yield Found("complement", start + stated[0], start + stated[1], sentence[clause : stated[0]], "")


def _complement(sentence: str, spans: Sequence[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The few words a sentence ends in after its last ``is``/``was``/``as``, as one value.

    ``The purpose of the visit was grounding repair.``: a phrase with a figure, a date or a comma in it is a
    clause, not a value.
    """
    m = _COMPLEMENT.search(sentence)
    if not m or any(shape != "name" and s < m.end(1) and e > m.start(1) for shape, s, e in spans):
        return None
    start, end = m.span(1)
    return start, len(sentence[:end].rstrip(".!?"))


def _says_anything(text: str) -> bool:
    """Whether a lead has a word that may name something: ``and it is`` has none, its clause's subject is the last."""
    return any(w.casefold().strip(",.;:") not in STOP_WORDS for w in text.split() if any(c.isalpha() for c in w))


def _another(before: str, shape: str, gap: str) -> bool:
    """Whether a value is another than the one before it, not the same said again.

    The second of a pair is of its shape (``33° N, 109° W``); a figure in brackets restates any (``Three Thousand
    ... Dollars ($3,925.00)``).
    """
    return before != shape and "(" not in gap


def _gaps(spans: Sequence[tuple[str, int, int]], lo: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """The stretches between ``lo`` and ``hi`` no value covers."""
    at = lo
    for _, s, e in spans:
        if e <= at or s >= hi:
            continue
        if s > at:
            yield "", at, s
        at = max(at, e)
    if at < hi:
        yield "", at, hi


def _prose(sentence: str) -> bool:
    """A sentence, not a label, a heading, an address or a log line: it ends in a stop and is mostly lower case.

    An amount written out (``One Thousand Four Hundred and 60/100 Dollars``) is capitalised as figures are not:
    its words count neither way.
    """
    words = [w for w in sentence.split() if not _spelled_amount(w)]
    lower = sum(bool(_LOWER_WORD.fullmatch(w)) for w in words) + bool(words and words[0].casefold() in STOP_WORDS)
    least = MIN_LOWER_WORDS - bool(re.search(_COPULA, sentence))  # ``The tenant is Acme Towers LLC.``
    return bool(_STOP_AT_END.search(sentence)) and lower >= least and lower >= LOWER_SHARE * len(words)


def _spelled_amount(word: str) -> bool:
    """A figure or a word of a number written out (``Eighty-One``, ``Hundred``, ``Dollars``)."""
    parts = word.strip(",.;:()").casefold().split("-")
    return any(c.isdigit() for c in word) or all(p in NUMBER_WORDS for p in parts)


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
        own_stop = last in ABBREVIATIONS or len(last) == 1 or bool(_INITIALS.fullmatch(last))
        if last in NUMBER_SIGNS:  # ``answered NO. Carlos ...``: a No. is a number's sign only before the number
            own_stop = bool(_FIGURE_NEXT.match(block, m.end()))
        if own_stop:
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
            if shape == "name" and any(taken[s:e]):  # ``Hwy 31 II``: a name holds the counts among its words
                held = [t for t in spans if t[0] == "integer" and s <= t[1] and t[2] <= e]
                if sum(b - a for _, a, b in held) == sum(taken[s:e]) and sentence[e - 1].isalpha():
                    spans = [t for t in spans if t not in held]
                    taken[s:e] = [False] * (e - s)
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
    glued = _GLUED_WORD.search(last)  # a scan lost the space after a stop: ``Bear Creek Relo.is the subject``
    if glued:
        e, last = e - len(glued[0]), last[: glued.start()]
    if last.endswith(".") and last[:-1].casefold() not in COMPANY_FORMS and not _INITIALS.fullmatch(last.casefold()):
        e -= 1  # ``José C.`` keeps an initial's stop
    return (s, e) if words and (s > 0 or len(words) > 1) else (s, s)


def _glued(sentence: str, s: int, e: int, shape: str) -> bool:
    """A figure that goes on into letters or a hyphen is part of a code (``21-ANM-6013`` is no date)."""
    if shape == "name":
        return False
    before, after = sentence[s - 1 : s], sentence[e : e + 1]
    if shape == "height" and re.match(r"-[a-z]", sentence[e : e + 2]):
        after = ""  # a compound: ``a 175-ft-tall tower``, ``stands 429.7 ft-tall``
    return bool(re.match(r"[\w-]", before) or re.match(r"[A-Za-z0-9-]", after))


def _valid(shape: str, raw: str) -> bool:
    """A date that reads as one; a code of five letters or digits at least (``2007.`` is a year and a stop)."""
    if shape == "id":
        return sum(c.isalnum() for c in raw) >= MIN_CODE_CHARS
    if shape == "date":
        try:
            norm_date(raw)
        except Unparseable:
            return False
    return True


def _inside(pos: int, spans: Sequence[tuple[str, int, int]]) -> bool:
    return any(s <= pos < e for _, s, e in spans)
