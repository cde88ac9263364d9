"""What the layout reader knows about a piece of a line: its shape, never its wording.

A label and a value are told apart the way a reader of an unfamiliar form tells them apart: a
label ends in a colon or sits before a separator, is short, is made of letters, is often printed
smaller than the values beside it; a value holds digits, currency, dates, or simply sits where a
label points. Nothing here knows a catalog word, so a form in any wording reads the same.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from statistics import mean, median

from towerkit.models import Box, Word

SEPARATOR_RUN = re.compile(r"^[-_.=:|·•…~*]{2,}$|^[.…]{3,}|[.…]{3,}$")
"""A run of separators (``-----``, ``____``, ``.....``, ``====``): rules and leaders, never a value."""
LEADER = re.compile(r"[.…_]{3,}")
"""Dots or underscores leading the eye from a label to its value."""
DASH_GLYPHS = frozenset({"-", "–", "—"})  # noqa: RUF001 - the en dash is a separator printers use
"""Dashes: between two phrases on a line they may pair them, or be part of a value or a range."""
DASHES = DASH_GLYPHS | {"=", "|", ":"}
"""Tokens that stand between a label and its value on one line."""
MAX_LABEL_WORDS = 8
"""A label is a short phrase; more words are a sentence (prose with a colon in it)."""
MIN_LABELNESS = 0.5
"""Labelness (``labelness``) a phrase needs to be taken as a label by its shape alone."""
MAX_LABEL_CHARS = 60
"""Characters a label may have at most, for the same reason."""
TRAILING_MARKS = ":=-–—|."  # noqa: RUF001
"""Punctuation that ends a label and is not part of it."""
CLOSING = ".,;!"
"""Sentence punctuation: a phrase ending in it reads as prose, not as a label (a question mark is a form's
question: ``Lights out?``)."""

_VALUEISH = re.compile(r"[$€£%°]|\d")


def is_separator(text: str) -> bool:
    """True for a token that is only separators: a rule, a leader, a lone colon or dash."""
    t = text.strip()
    return not t or t in DASHES or (bool(SEPARATOR_RUN.match(t)) and not any(c.isalnum() for c in t))


_TRIPLE = re.compile(r"([a-z.,:;])\1\1")
LEADER_NOISE_MIN_CHARS = 6
"""Characters an OCR word needs before a triple letter in it reads as a misread leader, not a word."""


LEADER_NOISE_CONF = 30.0
"""Tesseract confidence under which a word of dot-like glyphs only is a misread leader, however short."""
LEADER_NOISE_CHARS = frozenset("bcdeilnorstuy0126.,:;-'`«»")
"""Glyphs Tesseract reads a row of dots as (round letters, small digits, punctuation)."""


def ocr_leader(w: Word) -> bool:
    """True for an OCR word that is a row of leader dots misread (``wieeececcccee``, ``...,...::cccc``).

    English words rarely hold the same letter three times running; dots read as ``c``, ``e`` and
    ``s`` always do. Only OCR words (with a confidence) are judged: a text layer prints dots.
    """
    t = w.text
    if w.conf is None or in_capitals(t):
        return False
    dotted = not any(c.isdigit() for c in t) or t.count(".") >= 2  # noqa: PLR2004 - "2.0.0..." yes, "EL-2020-" no
    if w.conf < LEADER_NOISE_CONF and dotted and set(t.lower()) <= LEADER_NOISE_CHARS:
        return True  # "cee", "bbe", "2.0.0...": read with hardly any confidence from dots' shapes
    if w.conf < LEADER_NOISE_CONF and 2 * t.count(".") >= len(t):
        return True  # "..................005.": mostly dots, the rest specks read as digits
    if len(t) < LEADER_NOISE_MIN_CHARS:
        return False
    return bool(_TRIPLE.search(t)) and sum(c in ".,:;-'" or c.islower() for c in t) >= len(t) - 1


def in_capitals(text: str) -> bool:
    """Two or more capitals: a word, however unsure, and never a leader's dots, which read as ``cece``, not ``SITE``."""
    return sum(c.isupper() for c in text) >= 2  # noqa: PLR2004


def strip_separators(words: Sequence[Word], *, leaders: bool = True) -> tuple[Word, ...]:
    """The words without separator tokens at either end (a value never starts with ``=`` or ``....``).

    ``leaders=False`` keeps a scan's unsure dot-like word (``no`` read at 15): after a ticked box it is the
    option's first word, no leader.
    """
    ws = list(words)
    ref = print_height(ws)
    while ws and (_strippable(ws[0], leaders=leaders) or _dots_as_letters(ws[0], ref)):
        ws.pop(0)
    while ws and (_strippable(ws[-1], leaders=leaders) or _dots_as_letters(ws[-1], ref)):
        ws.pop()
    return tuple(ws)


DOT_HEIGHT_SHARE = 0.35
"""A scan's word under this share of its print height (``print_height``) is dots read as letters: a leader's
dots sit on the baseline, 1-2 pt high, while the smallest letters (x-height) are half a capital's."""
CONFIDENT = 50.0
"""OCR confidence of the words whose height is the print height."""


def print_height(words: Sequence[Word]) -> float:
    """Median height of the words a scan read with confidence, of two letters or digits at least; 0 with none."""
    sure = [w.bottom - w.top for w in words if (w.conf or 0.0) >= CONFIDENT and sum(map(str.isalnum, w.text)) > 1]
    return median(sure) if sure else 0.0


def _dots_as_letters(w: Word, ref: float) -> bool:
    """A scanned word with letters, flatter than any letter of its value: a leader's dots read as letters.

    ``wee`` 1.6 pt high before ``2026-ACE-17214-OE`` 8 pt high opened that identifier's value.
    """
    flat = w.bottom - w.top < DOT_HEIGHT_SHARE * ref
    return flat and w.conf is not None and any(c.isalpha() for c in w.text)


BOX_EDGE_GLYPHS = frozenset("|[]{}()")
"""What a scan reads a box's ruling as, standing alone at a cell's end: an edge, not text."""


def _ruling(text: str) -> bool:
    """A scan's ruling read as a run of edge glyphs (``|)``, ``||``): a bar among them, no box (``[]``)."""
    return "|" in text and all(c in BOX_EDGE_GLYPHS for c in text)


def _strippable(w: Word, *, leaders: bool = True) -> bool:
    edge = w.conf is not None and (w.text in BOX_EDGE_GLYPHS or _ruling(w.text))
    leader = leaders and ocr_leader(w)
    return is_separator(w.text) or w.text in (".", "·", "…", "_") or leader or edge  # "_": a blank's speck


_WRAPPED = re.compile(r"^\([^()]+\)$")
"""A label wholly in parentheses: ``(Site Number)``."""


def clean_label(text: str) -> str:
    """A label as printed, without the colon, equals sign, dash or leader that ended it.

    A label wholly in parentheses (``(Site Number)``, as forms print the caption under a blank) is
    the words inside them.
    """
    t = LEADER.sub(" ", text).strip()
    while t and t[-1] in TRAILING_MARKS:
        t = t[:-1].rstrip()
    while t and t[0] in TRAILING_MARKS:
        t = t[1:].lstrip()
    if _WRAPPED.match(t):
        t = t[1:-1].strip()
    return " ".join(t.split())


STATEMENT_MARKS = frozenset({"\u2022", "\u00b7", "|", "\u25aa", "\u25e6", "\u2016"})
"""Marks a line of run-on statements sets between them (``Site: TX-1 \u2022 Height: 180 ft``): bullets, bars."""


def ends_statement(text: str) -> bool:
    """Whether a word ends a statement on a run-on line: a bullet or bar of its own, or a word ending in ``;``."""
    return text in STATEMENT_MARKS or (len(text) > 1 and text.endswith(";"))


def without_statement_marks(words: Sequence[Word]) -> tuple[Word, ...]:
    """The words without the statement marks at their end (the bullet before the next statement's label)."""
    ws = tuple(words)
    while ws and ws[-1].text in STATEMENT_MARKS:
        ws = ws[:-1]
    return ws


_BOXED_DATE = re.compile(r"(?<![\d ])\d(?: \d)+(?: ?[/.-] ?\d(?: \d)+){2}(?![\d ]*\d)")
"""A date printed one digit a box (``0 5 / 1 3 / 2 0 2 0``): the boxes' spaces are no part of it."""


def clean_value(text: str) -> str:
    """A value without leading separators (``= 12``, ``: 12``, ``.... 12``) or trailing rules, a boxed date closed."""
    t = LEADER.sub(" ", text).strip()
    t = re.sub(r"^[\s:=|–—-]+(?=\S)", "", t) if not re.match(r"^[-–]\d", t) else t  # noqa: RUF001 - keep a minus
    t = re.sub(r"(?<=\S)[\s|_;]+$", "", t)
    t = re.sub(r"(\s[-_=.]{3,})+$", "", t)
    return _BOXED_DATE.sub(lambda m: m[0].replace(" ", ""), " ".join(t.split()))


def box(words: Sequence[Word]) -> Box:
    """The box around words of one page."""
    return (
        round(min(w.x0 for w in words), 2),
        round(min(w.top for w in words), 2),
        round(max(w.x1 for w in words), 2),
        round(max(w.bottom for w in words), 2),
    )


def text_of(words: Sequence[Word]) -> str:
    """The words joined by single spaces."""
    return " ".join(w.text for w in words)


EXTEND_GAP_CHARS = 4.0
"""Character widths between a value and a following segment under which that segment is more of the value."""


def char_width(words: Sequence[Word]) -> float:
    """Points per character of a run of words on one line: the unit of the reader's gaps and alignments."""
    return max(1.0, (words[-1].x1 - words[0].x0) / max(1, len(text_of(words))))


def outside_parens(text: str) -> str:
    """The text without its bracketed parts: ``Latitude (NAD83)`` is a label, its digits a qualifier's."""
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", text)


_WORD_NUMBER = re.compile(r"(?<=[A-Za-z]{3})[_&]?\d{1,2}\b")
"""A short number a word ends in (``location_nad83``, ``Address2``, ``LON_NAD_83``, a scan's ``NAD&83``): a name's."""


ITEM_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[lI]\d?)[a-z]?[.)]$")
"""The number a form gives an item before its caption (``1a.``, ``4)``, ``(3)``; a scan's ``la.`` for ``1a.``)."""


def without_item_number(words: Sequence[Word]) -> Sequence[Word]:
    """A caption without the form's item number before it (``1a. Site Name``): the form's number, not a figure."""
    return words[1:] if len(words) > 1 and ITEM_NUMBER.match(words[0].text) else words


def label_digits(text: str) -> int:
    """The digits that count against a phrase being a label: not a qualifier's, nor a name's short suffix."""
    return sum(c.isdigit() for c in _WORD_NUMBER.sub("", outside_parens(text)))


def height(words: Sequence[Word]) -> float:
    """The median word height: printed size, which tells small labels from the values they head."""
    hs = sorted(w.bottom - w.top for w in words)
    return hs[len(hs) // 2] if hs else 0.0


TALL_GLYPHS = frozenset("bdfhiklt0123456789()[]{}/|!?#$%&@") | frozenset(string.ascii_uppercase)
"""Glyphs that reach cap height: a scanned word with one is as tall as its print size's capitals."""
DEEP_GLYPHS = frozenset("gjpqy()[]{}|,;")
"""Glyphs that hang below the baseline."""
CAP_SHARE = 0.72
"""Cap height as a share of the print size (typical text faces: 0.66-0.75)."""
X_SHARE = 0.5
"""x-height as a share of the print size: a word of small letters only (``mean``, ``use``)."""
DESCENT_SHARE = 0.22
"""Depth under the baseline as a share of the print size."""


def print_size(words: Sequence[Word], *, low: bool = False) -> float:
    """The print size of words, comparable between words of different letters.

    A text layer's word box is its font's box: its height is the print size. A scan's is the ink's,
    so ``Finding`` (capital, ascender and descender) stands 5.8 px in 6-point print while ``Hazard``
    (no descender) stands 7.2 px in 10-point: the ink heights say the caption is nearly as big as its
    value, the print sizes say it is three-fifths. Each scanned word's height is divided by the share
    of the print size its glyphs span.

    ``low``: of two middle sizes the lower, of words of two letters or digits at least (``A,`` is a speck's size
    as often as a letter's): a scan's box that took in a speck or a rule stands tall.
    """
    words = ([w for w in words if sum(map(str.isalnum, w.text)) > 1] or words) if low else words
    sizes = []
    for w in words:
        if w.conf is None:
            sizes.append(w.bottom - w.top)
            continue
        glyphs = set(w.text)
        share = (CAP_SHARE if glyphs & TALL_GLYPHS else X_SHARE) + (DESCENT_SHARE if glyphs & DEEP_GLYPHS else 0.0)
        sizes.append((w.bottom - w.top) / share)
    sizes.sort()
    return sizes[(len(sizes) - 1) // 2 if low else len(sizes) // 2] if sizes else 0.0


CAPTION_SHARE = 0.92
"""A label printed below this share of its value's size is a caption (a form box's corner label)."""
CAPTION_SHARE_OCR = 0.8
"""The same on a scan, where OCR boxes of one size of print vary by a tenth or more."""


def printed_smaller(words: Sequence[Word], than: Sequence[Word], *, low: bool = False) -> bool:
    """Whether ``words`` are printed smaller than ``than``, as a caption is than its value (``low``: ``print_size``)."""
    share = CAPTION_SHARE_OCR if words[0].conf is not None else CAPTION_SHARE
    return print_size(words, low=low) < share * print_size(than, low=low)


SIGNS = "$€£%°@"
"""Signs that mark a figure (``$ 4,875``, ``45%``): in a label, only as its unit."""


def _unit_sign(words: Sequence[Word]) -> bool:
    """A sign standing alone after a label's words (``MAX. STRESS RATIO %``): the column's unit.

    Only at the end: a sign that leads (``% Capacity``) heads a table's column of figures, which the
    column's aggregate reads, not a pair.
    """
    signed = [w for w in words if any(c in SIGNS for c in w.text)]
    return len(words) > 1 and signed == [words[-1]] and len(words[-1].text) == 1


LABEL_END_WORDS = frozenset({"by", "to"})
"""Words a short label may end with (``Received by``, ``Copies to``) and a finished value does not; a
line of prose may too (``the tickets arrived on``), so only a capitalised phrase of a few words counts."""
LABEL_END_MAX_WORDS = 3
"""Words at most of a label that ends in one of ``LABEL_END_WORDS``."""


_WORDISH = r"[A-Za-z]{2}|(?:[A-Za-z]\.){2}"
"""What a text layer's label holds: two letters together, or initials with their stops (``W.O. #``)."""
_WORDISH_OCR = r"[A-Za-z]{3}|(?:[A-Za-z]\.){2}"
"""The same on a scan, where two letters together may be a speck read as ``ee``."""


def labelness(words: Sequence[Word]) -> float:
    """How much a phrase reads like a label (0-1), from its shape only.

    Letters and few words score high; a colon at its end is nearly proof; digits, currency and
    sentence punctuation at the end push it towards a value or prose.
    """
    if not words:
        return 0.0
    text = text_of(words).strip()
    label = clean_label(text)
    letters = sum(c.isalpha() for c in label)
    if not label or letters == 0 or len(words) > MAX_LABEL_WORDS or len(label) > MAX_LABEL_CHARS:
        return 0.0
    score = 0.55
    if text.endswith(":"):
        score += 0.4
    confs = [w.conf for w in words if w.conf is not None and w.conf >= 0]
    if not text.endswith(":") and not re.search(_WORDISH_OCR if confs else _WORDISH, label):
        return 0.0  # "a", "ee", "H": OCR specks, not labels; short labels ("To:", "cc:") carry a colon, initials stops
    digits = label_digits(label)
    if digits:
        score -= min(0.4, 0.15 + 0.5 * digits / max(1, len(label)))
    if any(c in SIGNS for c in label) and not {"(", "["} & set(label) and not _unit_sign(words):
        score -= 0.2
    if text[-1] in CLOSING and re.search(r"\b[a-z]{5,}[.,;!]$", text):
        score -= 0.3  # "No." and "Ht." are abbreviations; "was inspected." is prose
    if len(words) > MAX_LABEL_WORDS // 2:
        score -= 0.1
    if 1 < len(words) <= LABEL_END_MAX_WORDS and words[-1].text.lower() in LABEL_END_WORDS and text[:1].isupper():
        score += 0.2  # "Authorized by", "Copies to": a phrase that asks for what follows it
    caps = [w.text[0].isupper() for w in words if w.text[:1].isalpha()]
    if caps and mean(caps) >= 0.5:  # noqa: PLR2004 - most words capitalised
        score += 0.05
    return max(0.0, min(1.0, score))


def valueness(words: Sequence[Word]) -> float:
    """How much a phrase reads like a value (0-1): digits, money, dates, codes."""
    if not words:
        return 0.0
    text = text_of(words)
    if text.rstrip().endswith(":"):
        return 0.0
    hits = len(_VALUEISH.findall(text))
    score = 0.3 + min(0.6, 0.6 * hits / max(1, len(text.replace(" ", ""))) + (0.3 if hits else 0.0))
    return min(1.0, score)


def ocr_quality(words: Sequence[Word]) -> float:
    """Tesseract's mean confidence as a factor 0.5-1 (1 on a text layer): a misread pair is less sure."""
    confs = [w.conf for w in words if w.conf is not None and w.conf >= 0]
    return 0.5 + 0.5 * (mean(confs) / 100.0) if confs else 1.0


CHECKED = frozenset({"[x]", "[X]", "[✓]", "[✔]", "☒", "☑", "✔", "✓", "■", "(x)", "(X)", "[*]", "[/]"})
"""How a ticked box prints as text."""
UNCHECKED = frozenset({"[]", "[ ]", "☐", "□", "( )", "()", "[_]"})
"""How an empty box prints as text."""
_OCR_TICKED = re.compile(r"^[-\u2014\u2013_]*(?:[\[({|][xX✓✔]{1,2}[\])}|]?|[\[({|]?[xX✓✔]{1,2}[\])}|])$")
"""A ticked box as a scan reads it: ``[X``, ``X]``, ``[xX]``, ``—[x]`` (a dash before it is the box's own edge)."""
_OCR_EMPTY = re.compile(r"^[-\u2014\u2013_]*[\[({](?:[_ )\]|]|[.,'`]{1,2})?[\])}|]$")
"""An empty box as a scan reads it: ``[)``, ``(_]``, ``[]``, with a speck in it ``[.]``."""
_OCR_GLUED = re.compile(r"^[-\u2014\u2013_]*([\[(]\]?)([A-Z][\w./-]*)$")
"""An empty box read glued to its option: ``[No``, ``[]Y``, ``[]L-810``."""


def ocr_view(words: Sequence[Word]) -> list[Word]:
    """A scanned line's words with the box glyphs OCR garbles read as ``[x]`` and ``[ ]``, glued ones split off."""
    out: list[Word] = []
    for w in words:
        glued = _OCR_GLUED.match(w.text)
        if _OCR_TICKED.match(w.text):
            out.append(Word("[x]", w.page, w.x0, w.top, w.x1, w.bottom, w.conf))
        elif _OCR_EMPTY.match(w.text):
            out.append(Word("[ ]", w.page, w.x0, w.top, w.x1, w.bottom, w.conf))
        elif glued:
            cut = w.x0 + (w.x1 - w.x0) * len(glued[1]) / len(w.text)
            out.append(Word("[ ]", w.page, w.x0, w.top, cut, w.bottom, w.conf))
            out.append(Word(glued[2], w.page, cut, w.top, w.x1, w.bottom, w.conf))
        else:
            out.append(w)
    return out


def is_box(w: Word) -> bool:
    """A checkbox glyph, as printed or as a scan garbles it (``[ ]``, ``☒``, ``[)``, ``(_]``)."""
    t = w.text
    return t in CHECKED or t in UNCHECKED or (w.conf is not None and bool(_OCR_EMPTY.match(t) or _OCR_TICKED.match(t)))
