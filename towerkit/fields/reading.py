"""The state of one reading of a page: the pairs found so far and the words they used.

Shared by the reader's passes (``reader``, ``reader_tables``, ``reader_grid``, ``reader_marks``), each of which may
take only words no earlier pass took: a word is part of one pair at most.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from towerkit.fields.cells import (
    CHECKED,
    CONFIDENT,
    DASH_GLYPHS,
    DOT_HEIGHT_SHARE,
    ITEM_NUMBER,
    LEADER_NOISE_CHARS,
    LEADER_NOISE_CONF,
    MIN_LABELNESS,
    UNCHECKED,
    box,
    clean_label,
    clean_value,
    in_capitals,
    is_box,
    is_separator,
    labelness,
    ocr_leader,
    ocr_quality,
    print_height,
    strip_separators,
    text_of,
)
from towerkit.fields.layout import Line
from towerkit.models import Pair, PairKind, Word

EXPLICIT_CONFIDENCE = 0.92
"""A colon, equals sign or leader between a label and a value: what printers use to say "pair"."""
DASH_CONFIDENCE = 0.75
"""A lone dash between them: also a range or an aside in prose, so less sure."""
BLANK_CONFIDENCE = 0.8
"""A short blank filled in between them (``Sample No. _ 5031``): never inside a value, unlike a dash."""

_SENTENCE_END = re.compile(r"[A-Za-z]{5,}\.$|^\d+(\.\d+)*\.?$")
"""A word that ends a clause's heading (``Reference.``) or numbers the clause (``2.4``)."""
_CLAUSE_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")
"""A clause's number (``2.4``): only after one does a word's full stop end a heading (``DETERM. DT`` is one label)."""


@dataclass(slots=True)
class Reading:
    """The pairs found so far and the words they used: each word belongs to at most one pair."""

    lines: Sequence[Line]
    pairs: list[Pair] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    pending: list[tuple[Line, tuple[Word, ...], float]] = field(default_factory=list)
    """Labels that ended in a separator with nothing after them: their value is looked for below."""
    export: bool = False
    """The words are a text file's (a log or an export): header rows are its records' columns."""
    margins: dict[int, float] = field(default_factory=dict)
    """Each page's right margin once measured (``reader_lists``): a page's lines are not sorted again a pair."""
    named: set[tuple[int, str]] | None = None
    """(page, label) of every label a colon ends, once gathered (``names_a_field``)."""

    def names_a_field(self, words: Sequence[Word]) -> bool:
        """Whether the words are what their page calls a field elsewhere, there with a colon.

        ``Approved By:  Date`` with nothing written: ``Date`` is the next field's label, not this one's
        value, as ``Date: 10/9/87`` higher up the page shows.
        """
        if self.named is None:
            self.named = set()
            for line in self.lines:
                for seg in line.segments:
                    start = 0
                    for k, w in enumerate(seg.words):
                        if len(w.text) > 1 and w.text.endswith(":"):
                            self.named.add((line.page, _name(seg.words[start : k + 1])))
                            start = k + 1
        return bool(words) and (words[0].page, _name(words)) in self.named

    def free(self, words: Iterable[Word]) -> tuple[Word, ...]:
        """The words not yet part of a pair."""
        return tuple(w for w in words if id(w) not in self.used)

    def add(
        self, label: Sequence[Word], value: Sequence[Word], kind: PairKind, confidence: float, unit: str = ""
    ) -> bool:
        """Record a pair unless its label or value is empty once separators are stripped.

        ``unit`` is a column header's unit (``Value (m)``), added to the label where the mapping
        reads units.
        """
        value = strip_separators(value, leaders=kind != "checkbox")
        if kind != "checkbox" and (any(w.text in BOXES for w in label) or (value and value[0].text in UNCHECKED)):
            return False  # options behind boxes are answers to a question, not labels or values of their own
        cut = next((k for k, w in enumerate(value) if k > 0 and is_box(w)), None)
        if cut is not None and kind != "checkbox":
            value = value[:cut]  # the next option's box ends this one: its words are not this value
        numbered = len(label) > 1 and bool(_CLAUSE_NUMBER.match(label[0].text))
        prefix = []  # words before the label that belong to its line, not to any value
        if len(label) > 1 and ITEM_NUMBER.match(label[0].text) and not numbered:
            prefix.append(label[0])  # a form's item number before its caption (a scan's "la." for "1a.")
            label = label[1:]
        while len(label) > 1 and any(c.isdigit() for c in label[0].text):
            prefix.append(label[0])  # a log line's timestamp or a row number before the label
            label = label[1:]
        if prefix and len(label) > 1 and label[0].text.strip("[]:").upper() in LOG_LEVELS:
            prefix.append(label[0])  # the level a log line prints after its timestamp
            label = label[1:]
        ends = [k for k, w in enumerate(label[:-1]) if _SENTENCE_END.search(w.text)] if numbered else []
        if ends:
            label = label[ends[-1] + 1 :]  # in a numbered clause, the label follows its heading ("2.4 Reference.")
        label_text = clean_label(text_of(label)) + (f" ({unit})" if unit else "")
        value_text = clean_value(text_of(value))
        if not any(c.isalnum() for c in label_text) or not any(c.isalnum() for c in value_text):
            return False
        conf = round(max(0.0, min(1.0, confidence * ocr_quality((*label, *value)))), 3)
        self.pairs.append(
            Pair(label[0].page, label_text, value_text, box(label), box(value), kind, conf, tuple(value), tuple(label))
        )
        self.used.update(id(w) for w in (*prefix, *label, *value))
        return True

    def take(self, words: Iterable[Word]) -> None:
        """Mark words as read without a pair (a checkbox glyph, a rule)."""
        self.used.update(id(w) for w in words)


LOG_LEVELS = frozenset({"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL"})
"""The levels log lines print between their timestamp and their message (syslog, log4j, Python)."""

BOXES = CHECKED | UNCHECKED
"""Boxes as printed or drawn (not a scan's garbled ones): never a label's words."""


def separator_at(words: Sequence[Word], i: int) -> tuple[bool, float] | None:
    """Whether word ``i`` separates a label from a value: (separator is its own token, confidence)."""
    t = words[i].text
    if t in (":", "=") or (is_separator(t) and t not in DASH_GLYPHS and len(t) > 1):
        return (True, EXPLICIT_CONFIDENCE)
    if set(t) == {"_"}:
        return (True, BLANK_CONFIDENCE) if 0 < i < len(words) - 1 else None  # a blank filled in: "No. _ 27"
    if t in DASH_GLYPHS:
        return (True, DASH_CONFIDENCE) if 0 < i < len(words) - 1 else None
    if len(t) > 1 and (t.endswith((":", "=")) or re.search(r"[.…_]{3,}$", t)) and any(c.isalpha() for c in t):
        return (False, EXPLICIT_CONFIDENCE)
    # A qualifier in parentheses ends the label ("Lat (NAD 83): 36.2"), or a sign does ("Contract #: 117-4599").
    if (t.endswith(("):", ")=")) or t in ("#:", "#=", "%:")) and i > 0:
        return (False, EXPLICIT_CONFIDENCE)
    return None


UNIT = re.compile(r"^\(?(ft|feet|m|metres|meters|%|in|mph|kips?|lbs?|usd|\$|yrs|years|days|months)\)?$", re.IGNORECASE)


def with_unit(value: tuple[Word, ...], nxt: tuple[Word, ...] | None) -> tuple[Word, ...]:
    """A value column followed by a unit column (``180 | ft``) reads as one value (``180 ft``)."""
    if nxt and len(nxt) == 1 and UNIT.match(nxt[0].text) and any(c.isdigit() for c in text_of(value)):
        return (*value, *nxt)
    return value


DOT_WORD_CONF = 40.0
"""OCR confidence under which a word of leader-like small letters is taken for dots (letters read well score 60+)."""


MISBOXED_WIDTH = 3.0
"""Line heights per character past which an unsure word's box is no print of its letters (letters are about
0.6 of one): Tesseract boxes a whole leader it reads as two letters (``3c`` over 340 pt)."""
MISBOXED_HEIGHT = 1.6
"""Times its line's sure words' height past which an unsure small-letter word is boxed by its row, not by
glyphs of its own (leader dots read as ``ra``, ``orcs``); ascender to descender is about 1.4."""


def _dot_like(w: Word, ref: float) -> bool:
    """Dot-high, or unsure small round letters, or unsure and boxed as no letters are; never capitals."""
    if w.bottom - w.top < DOT_HEIGHT_SHARE * ref:
        return True
    if (w.conf or 0.0) >= DOT_WORD_CONF:
        return False
    wide = ref > 0 and w.x1 - w.x0 > MISBOXED_WIDTH * ref * len(w.text)
    tall = ref > 0 and w.bottom - w.top > MISBOXED_HEIGHT * ref and w.text.isalpha() and w.text.islower()
    return not in_capitals(w.text) and (set(w.text.lower()) <= LEADER_NOISE_CHARS or wide or tall)


def merge_dot_runs(lines: Sequence[Line]) -> list[Word] | None:
    """The words with each run of three or more dot-like OCR words as one leader token; None if there is none.

    Tesseract reads a leader's dots as ``cee ee tenets``: merged, ``Site ID ........ TX-1`` reads as a
    label, a leader and a value. A word is dot-like when it is dot-high, or read with little confidence
    as the round small letters dots look like (``cece``, ``eee``: their boxes then span the line or more).
    """
    out: list[Word] = []
    merged = False
    for line in lines:
        ref = print_height(line.words)
        dots = _bridged(
            _over_rule([w.conf is not None and _dot_like(w, ref) for w in line.words], line.words, ref), line.words
        )
        run: list[Word] = []
        for w, dot in zip((*line.words, None), (*dots, False), strict=True):
            if w is not None and dot:
                run.append(w)
                continue
            if len(run) >= MIN_LEADER_DOTS or _flat_rule(run, ref):  # as high as the line, so that it stays on it
                conf = sum(x.conf or 0.0 for x in run) / len(run)
                text = "." * max(len(run), MIN_LEADER_DOTS)
                out.append(Word(text, line.page, run[0].x0, line.top, run[-1].x1, line.bottom, conf))
                merged = True
            else:
                out.extend(run)
            run = []
            if w is not None:
                out.append(w)
    return out if merged else None


def _over_rule(dots: list[bool], words: Sequence[Word], ref: float) -> list[bool]:
    """Dot-like flags with an unsure word read inside a leader's span taken into it.

    Tesseract may box a leader as one flat word and read some of its dots again as a word of their own
    (``03`` at 9 pt inside ``3.2...`` at 1 pt): no print is both a leader and a value at the same place.
    """
    flat = [w for w, d in zip(words, dots, strict=True) if d and _flat_rule((w,), ref)]
    return [
        d or ((w.conf or 0.0) < CONFIDENT and any(f.x0 <= w.x0 and w.x1 <= f.x1 for f in flat))
        for w, d in zip(words, dots, strict=True)
    ]


def _flat_rule(run: Sequence[Word], ref: float) -> bool:
    """Dot-high marks spanning several letters' width: a leader Tesseract boxed as one glyph (``2`` over 190 px).

    No letter is dot-high, so however few words it was read as, such a run is no value's print; nor are two
    or more spread over that span, each a few dots wide (``vt tt`` at 1 pt; single specks, ``;``, are noise).
    """
    if not run or ref <= 0:
        return False
    flat = all(w.bottom - w.top < DOT_HEIGHT_SHARE * ref or _skewed_rule(w, ref) for w in run)
    dots = len(run) > 1 and all(w.bottom - w.top < DOT_HEIGHT_SHARE * ref and w.x1 - w.x0 >= ref for w in run)
    span = sum(w.x1 - w.x0 for w in run) if not dots else run[-1].x1 - run[0].x0
    return flat and span > FLAT_RULE_SPAN * ref


def _skewed_rule(w: Word, ref: float) -> bool:
    """A leader boxed as a few glyphs on a skewed scan: its dots rise across the box.

    The box is then taller than a dot (``2c`` 2.8 pt high over 160 pt beside 6.8 pt print), yet under half
    a line and far wider than its letters could print.
    """
    return w.bottom - w.top < RULE_HEIGHT_SHARE * ref and w.x1 - w.x0 > MISBOXED_WIDTH * ref * len(w.text)


RULE_HEIGHT_SHARE = 0.5
"""Share of its line's print height under which a misboxed wide word may be a skewed leader (x-height reaches it)."""


FLAT_RULE_SPAN = 4.0
"""Line heights of dot-high boxes, gaps not counted, that are a leader on their own: a dot is a fifth of one
wide, and a few specks apart (a cell's ruling ``|``, a stray ``-``) are not a leader."""


def _bridged(dots: list[bool], words: Sequence[Word]) -> list[bool]:
    """Dot-like flags with a leader's unsure stray reading taken into it.

    Among a leader's dots Tesseract now and then reads a taller glyph (``re``, ``er``: a dot and a speck
    above it) that breaks the run; an unsure word without a digit right after ``BRIDGE_WORDS`` dot-like
    words, with more of them within as many words after it, is part of the leader. A label's own unsure
    word has no such run before it.
    """
    out = list(dots)
    for i, w in enumerate(words):
        if dots[i] or i < BRIDGE_WORDS or (w.conf or 0.0) >= CONFIDENT or any(c.isdigit() for c in w.text):
            continue
        out[i] = all(out[i - BRIDGE_WORDS : i]) and any(dots[i + 1 : i + 1 + BRIDGE_WORDS])
    return out


BRIDGE_WORDS = 2
"""Dot-like words before an unsure word (and within as many after it) that make it part of a leader."""
LEADER_DOTS = frozenset({".", "·", "•", "_", "…"})
"""Single glyphs that, three or more in a row, are a spaced-out leader (``. . . . .``)."""
LEADER_LETTERS = frozenset("ceosnrtaiwvmu.,:;-'")
"""What Tesseract reads a row of small dots as: round lowercase letters and punctuation."""
MIN_LEADER_DOTS = 3
"""Glyphs (or dot-like OCR words, ``merge_dot_runs``) in a row before they are a leader, not an initial's full stop."""


LONG_LEADER_CHARS = 12
"""Characters of one misread word that make it a whole leader (``.cesceccc...erves``), a separator like
``.....``; a shorter one (``cea``, ``coro``) is as likely a misread word as dots, so it separates nothing."""


LEADER_SPECKS = frozenset("0o5.,:;-'")
"""What Tesseract reads the last dots of a leader as, unsure of them (``005.``, ``0....05,``)."""


def _noise(w: Word) -> bool:
    """A short OCR word right after a misread leader that is more of it (``cree rite etree``, ``005.``)."""
    if w.conf is None:
        return False
    specks = w.conf < LEADER_NOISE_CONF and set(w.text) <= LEADER_SPECKS and any(c in ".,:;" for c in w.text)
    return specks or (w.text.islower() and set(w.text) <= LEADER_LETTERS)


def collapse_leaders(words: Sequence[Word], r: Reading) -> tuple[Word, ...]:
    """The words with each spaced-out or misread leader (``. . . .``, ``eceeccc``) as one leader token.

    The dots are marked as read: a leader belongs to no value.
    """
    out: list[Word] = []
    run: list[Word] = []
    weight = 0  # dots seen in the run; a misread leader word counts as a whole leader
    for w in (*words, None):
        merged = w is not None and len(w.text) >= MIN_LEADER_DOTS and set(w.text) == {"."}  # merge_dot_runs made it
        if w is not None and not merged and (w.text in LEADER_DOTS or ocr_leader(w)):
            run.append(w)
            weight += 1 if w.text in LEADER_DOTS else MIN_LEADER_DOTS
            continue
        if w is not None and weight >= MIN_LEADER_DOTS and _noise(w):
            run.append(w)
            continue
        if weight >= MIN_LEADER_DOTS:
            first, last = run[0], run[-1]
            dots = MIN_LEADER_DOTS if len(run) == 1 and len(first.text) >= LONG_LEADER_CHARS else len(run)
            out.append(Word("." * dots, first.page, first.x0, first.top, last.x1, last.bottom, first.conf))
            r.take(run)
        else:
            out.extend(run)
        run, weight = [], 0
        if w is not None:
            out.append(w)
    return tuple(out)


_MONTH = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$",
    re.IGNORECASE,
)
"""A month's name, whole or cut short: a date's first word, which a wide gap may part from its day."""
_DAY_YEAR = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?,?(?: \d{4})?$")
_YEAR = re.compile(r"^\d{4}\.?$")
_BOXED = (re.compile(r"^\d(?: \d){0,3}$"), re.compile(r"^[/.-]$"))
"""A comb field's digits and the separator printed between its groups of boxes."""


def dates_whole(segs: list[tuple[Word, ...]]) -> list[tuple[Word, ...]]:
    """The segments with a date spaced wide made one again (``Jul.   22,   2025``, ``0 5 / 1 3 / 2 0 2 0``).

    A month's name opens a value: only a month's name, a day and a year (``Jan   12   15`` may be a table row
    headed by its month). A date typed one digit a box is its three groups and the two separators between them.
    """
    out: list[tuple[Word, ...]] = []
    k = 0
    while k < len(segs):
        seg = segs[k]
        if k + 4 < len(segs) and all(_BOXED[n % 2].match(text_of(segs[k + n])) for n in range(5)):
            out.append(tuple(w for s in segs[k : k + 5] for w in s))  # a date one digit a box: 0 5 / 1 3 / 2 0 2 0
            k += 5
            continue
        day = text_of(segs[k + 1]) if k + 1 < len(segs) else ""
        if len(seg) == 1 and _MONTH.match(seg[0].text) and _DAY_YEAR.match(day):
            n = 2 if " " in day else 3  # the year in the day's segment, or in the next
            if " " in day or (k + 2 < len(segs) and _YEAR.match(text_of(segs[k + 2]))):
                out.append(tuple(w for s in segs[k : k + n] for w in s))
                k += n
                continue
        out.append(seg)
        k += 1
    return out


def label_to_leader(label: tuple[Word, ...], value: tuple[Word, ...]) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """A label runs on to the leader glued to its last word: ``TOWER | ID... ee, US-UT-7649`` is ``TOWER ID``.

    A scan may space a label's words a column apart; the dots glued to ``ID...`` end the label there.
    """
    k = next((j for j, w in enumerate(value[:LEADER_LABEL_WORDS]) if _GLUED_LEADER.search(w.text)), None)
    if k is None or k + 1 == len(value) or labelness((*label, *value[: k + 1])) < MIN_LABELNESS:
        return label, value
    rest = strip_separators(value[k + 1 :])
    return ((*label, *value[: k + 1]), rest) if rest else (label, value)


_GLUED_LEADER = re.compile(r"[A-Za-z]\.{2,}$")
LEADER_LABEL_WORDS = 3
"""Words of a label a scan may have set apart from its first ones."""


def _name(words: Sequence[Word]) -> str:
    """A label's words compared without case or punctuation (``Date:`` names ``DATE``)."""
    return " ".join("".join(c for c in w.text.lower() if c.isalnum()) for w in words).strip()
