"""Tesseract's confusable glyphs: repairs for values and a fold for comparing labels. Pure.

OCR reads ``O`` for ``0``, ``l`` for ``1``, ``rn`` for ``m``. Values are repaired in the direction
their type needs (digits in a date, letters in an identifier's letter part); labels are compared
with the confusable glyphs folded together on both sides.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

BANG_MIN_CHARS = 2
"""A word longer than this ending in ``!`` after letters lost an ``l`` or ``I`` (``Hil!``)."""

_DIGIT_FOR = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "i": "1",
    "S": "5",
    "s": "5",
    "B": "8",
    "Z": "2",
    "z": "2",
    "g": "9",
}


SAME_SHAPE_DIGITS = frozenset("OoIl|i")
"""Letters printed as their digit's very shape (``O``/``0``, ``l``/``1``): no confidence tells them apart."""


def ocr_digits(text: str, *, sure: bool = False, code_lead: bool = False) -> str:
    """Turn OCR letter-for-digit confusions (``O3/14/2O24``, ``AR-O159``) back into digits.

    A confusable letter becomes a digit only when a neighbour is a digit and no neighbour is a
    plain letter, so ``OK0495`` and ``Oct`` stay as they are. A ``sure`` read (Tesseract confident of
    the word) keeps letters of another shape than their digit: ``B521852`` read surely has a B.
    ``code_lead`` keeps such a letter where it begins the text (an identifier's code, ``Z452648``):
    Tesseract's number dictionary pulls a code's letter towards the digit, never the other way.
    """
    chars = list(text)
    for i, c in enumerate(chars):
        if c not in _DIGIT_FOR or (sure and c not in SAME_SHAPE_DIGITS):
            continue
        if code_lead and i == 0 and c.isupper() and c not in SAME_SHAPE_DIGITS:
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        near = (prev, nxt)
        if any(n.isdigit() for n in near) and not any(n.isalpha() and n not in _DIGIT_FOR for n in near):
            if not (prev.isalpha() and nxt.isalpha()):
                chars[i] = _DIGIT_FOR[c]
        elif c == "O" and nxt.isdigit() and not prev.islower():
            chars[i] = _DIGIT_FOR[c]  # "LO8", "ARO110": an upper-case O before digits in a code
    return "".join(chars)


_SIGN_SPECK = re.compile(r"(\$\s*)[.,'`]\s*(?=\d{1,3},\d{3})")


def sign_speck(text: str) -> str:
    """A speck a scan read between a dollar sign and its figure (``$ .4,525.00``): no point, thousands follow."""
    return _SIGN_SPECK.sub(r"\1", text)


_SPLIT_DECIMALS = re.compile(r"(\d\.(\d+)) (\d+)(?![\d.])")
_SPACE_BEFORE_POINT = re.compile(r"(?<=\d) (?=\.\d)")
_SPACE_AFTER_POINT = re.compile(r"(?<=\d\.) (?=\d)")
MAX_COORD_DECIMALS = 6
"""Decimals a coordinate prints at most (about 0.1 m): more after joining is two numbers, not one split."""


def number_gaps(text: str) -> str:
    """A coordinate's decimals put back together where a scan opened a space (``30.43 1142``, ``15 .29``, ``39. 51``).

    Tesseract spaces a narrow glyph (``1``) as a word break. Decimals joined only up to six, so a latitude
    and a longitude printed side by side (``32.113298 97.123456``) stay two numbers.
    """
    text = _SPACE_AFTER_POINT.sub("", _SPACE_BEFORE_POINT.sub("", text))
    return _SPLIT_DECIMALS.sub(lambda m: m[0] if len(m[2]) + len(m[3]) > MAX_COORD_DECIMALS else m[1] + m[3], text)


_LETTER_FOR = {"0": "O", "1": "I", "5": "S", "8": "B"}

_SIGN_AS_LETTER = re.compile(r"£(?=[A-Za-z0-9])")


def ocr_sign_letters(text: str) -> str:
    """A pound sign glued to an identifier's characters back to the ``E`` Tesseract took it for (``£614191``).

    No identifier prints a currency sign, and the two glyphs differ by a stroke; alone (``£ 120``) it is money.
    """
    return _SIGN_AS_LETTER.sub("E", text)


def ocr_letters(text: str) -> str:
    """The reverse repair, for identifier parts that must be letters (``-0E`` → ``-OE``)."""
    chars = list(text)
    for i, c in enumerate(chars):
        near = (text[i - 1] if i > 0 else "", text[i + 1] if i + 1 < len(text) else "")
        if c in _LETTER_FOR and any(n.isalpha() for n in near) and not any(n.isdigit() for n in near):
            chars[i] = _LETTER_FOR[c]
    return "".join(chars)


def ocr_text(text: str) -> str:
    """Undo OCR slips that are unambiguous in names: ``Il``/``I!`` → ``II``, ``Hil!`` → ``Hill``, case.

    And a speck read as an opening quote before the first word (``\u2018Lindqvist``) that none closes.
    """
    text = _STRAY_QUOTE.sub("", text) if not any(q in text[1:] for q in _QUOTES) else text
    return _roman_suffix(_title_case(" ".join(_ocr_token(tok) for tok in sentence_stop(text).split())))


_QUOTES = "\u2018\u2019\u201c\u201d'\"`"
_STRAY_QUOTE = re.compile("^[" + re.escape(_QUOTES) + "](?=[A-Za-z])")


def _roman_suffix(text: str) -> str:
    """``Mill Creek IT`` / ``Cane Brake ul`` → ``... II``: a name's last token of strokes OCR read as letters.

    Sites and parties are numbered with Roman numerals (``II``, ``III``); on a scan their strokes come
    back as ``IT``, ``Il``, ``ul``. Only after a capitalised word, and only strokes with an I or l among them.
    """
    words = text.split()
    if len(words) < 2 or not words[-2][:1].isupper():  # noqa: PLR2004
        return text
    last = words[-1]
    if re.fullmatch(r"[IlTtUuJj1|]{2,3}", last) and ("I" in last or "l" in last) and last not in ("It", "Ut"):
        return " ".join([*words[:-1], "I" * len(last)])
    return text


def sentence_stop(text: str) -> str:
    """``site audit.`` → ``site audit``: a full stop after a whole word ends a sentence; ``Corp.`` keeps its own.

    Only a value of one sentence: the value is the phrase a sentence gave, not the sentence (``Purpose of
    the visit: Climb inspection.``). Notes of several sentences keep their punctuation as written.
    """
    last = text.rstrip().rsplit(" ", 1)[-1]
    if ". " in text:
        return text  # notes of several sentences: the last one's stop is part of the text
    word = last[:-1].replace("-", "")
    if not last.endswith(".") or not word.isalpha():
        return text
    if len(word) >= MIN_WORD_BEFORE_STOP or (word.islower() and len(word) >= MIN_LOWER_BEFORE_STOP):
        return text.rstrip()[:-1]
    return text


MIN_WORD_BEFORE_STOP = 5
"""Letters of a last word whose full stop ends a sentence: abbreviations (``Inc.``, ``Corp.``, ``Ave.``) are shorter."""
MIN_LOWER_BEFORE_STOP = 3
"""Letters of a lower-case last word (``lamp.``, ``re-torqued.``) whose stop ends a sentence: abbreviations are
capitalised (``St.``, ``Co.``) or single letters."""
SAME_SHAPE = frozenset("copsuvwxz")
"""Letters whose capital is their small form printed larger: a scan's size alone tells them apart, and
Tesseract often reads ``Sandy`` as ``sandy``."""
SMALL_WORDS = frozenset({"and", "for", "the", "with", "von", "van", "der", "del", "des", "per", "via", "upon", "over"})
"""Words a title-cased name keeps in lower case (``Village of Loveland``, ``Ludwig van Beethoven``)."""
MIN_TITLE_CHARS = 3
"""Shorter words (``of``, ``de``, ``ul``) are left as read."""


def _title_case(text: str) -> str:
    """``sandy Ridge East`` → ``Sandy Ridge East``: a name in title case whose same-shape capitals were read small.

    Only when the phrase is title case by its other words: some word begins with a capital that has a
    small form of another shape, and none with such a small letter. A sentence (``Side marker out``)
    has plain lower-case words, so it is left as read.
    """
    words = [w for w in text.split() if w[:1].isalpha() and len(w) >= MIN_TITLE_CHARS and w.lower() not in SMALL_WORDS]
    initials = [w[0] for w in words]
    if not any(c.isupper() and c.lower() not in SAME_SHAPE for c in initials):
        return text
    if any(c.islower() and c not in SAME_SHAPE for c in initials):
        return text
    fix = {w for w in words if w[0] in SAME_SHAPE}
    return " ".join(w[0].upper() + w[1:] if w in fix else w for w in text.split())


def _ocr_token(tok: str) -> str:
    if re.fullmatch(r"[Il1|!]{2,3}", tok):
        return "I" * len(tok)
    if len(tok) > BANG_MIN_CHARS and tok.endswith("!") and tok[:-1].isalpha():
        return tok[:-1] + ("l" if tok[-2].islower() else "I")
    return tok


_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("li", "h"))
_OCR_CHARS = str.maketrans("ij1|!0qe", "lllllooc")


@lru_cache(maxsize=65536)
def ocr_fold(text: str) -> str:
    """A lower-case label text with the glyphs Tesseract confuses folded together, on both sides.

    Degraded scans read ``Applicant`` as ``Appheant`` (``li`` → ``h``, ``c`` → ``e``), ``Permit``
    as ``Perrnit``, ``ID`` as ``1D``: plain edit distance counts each as a full error and a three-word
    label falls just below any sane threshold. Folding ``rn``/``m``, ``cl``/``d``, ``vv``/``w``,
    ``li``/``h``, ``i``/``l``/``j``/``1``, ``o``/``0``/``q`` and ``c``/``e`` in both strings before
    comparing counts them as the near-misses they are. Only for comparing OCR text: two different
    words can fold alike (``lease``/``lcase``), so a text layer is never compared this way.
    """
    s = text.lower()
    for a, b in _OCR_PAIRS:
        s = s.replace(a, b)
    return s.translate(_OCR_CHARS)


MAX_MISREAD_SUBSTITUTIONS = 1
"""Glyphs of a scanned word read as another glyph (``1`` as ``4``, ``I`` as ``T``)."""
MAX_MISREAD_INDELS = 2
"""Glyphs a scan adds or drops in a word (a doubled ``C``, two thin ones lost), insertions plus deletions."""


def misread(a: str, b: str) -> bool:
    """Whether a scan could have read ``b`` as ``a``: one glyph read as another, or two added or dropped.

    ``TD`` for ``ID``, ``Se`` for ``Site``, ``US-TX-9454`` for ``US-TX-9451``, ``CCO-49410`` for
    ``CO-49410``: however short the word. Half a word read differently is another word.
    """
    return Levenshtein.distance(a, b) <= MAX_MISREAD_SUBSTITUTIONS or Indel.distance(a, b) <= MAX_MISREAD_INDELS


MIN_READ_WORD = 6
"""Letters a word needs before a scan's one glyph off it is still that word (``Sire`` may be another word)."""
_GLUED = re.compile(r"\b([a-z]{4,})(of|the)\b")
"""A word and the ``of``/``the`` after it that a scan read without the space (``Dateof This Amendment``)."""


def as_read(label_key: str, wording_key: str) -> str:
    """A scan's label key as the wording it may be.

    Words run together apart (``Dateof``), a long word a glyph off one of the wording's (``Monthiy``) that word.
    Only for comparing a scan's label with one wording at a time.
    """
    keys = [k for k in wording_key.split() if len(k) >= MIN_READ_WORD]
    words = _GLUED.sub(r"\1 \2", label_key).split()
    return " ".join(next((k for k in keys if w not in keys and len(w) == len(k) and misread(w, k)), w) for w in words)
