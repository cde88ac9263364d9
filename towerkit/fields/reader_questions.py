"""Numbered questions answered on the line under them: a questionnaire's items.

A form that asks prints each item's number and question on a line and the answer under it, indented
at least as far as the question's words, often behind an answer word and a colon (``4) Permit number``
over ``A: BP-2017-40158``, ``Q7. What is the monthly rent?`` over ``Response: US$ 725.00``). The answer
word labels nothing: the question does. Without an answer word, only a question that asks (``?``), reads
as a label or names a thing (``Effective date of the amendment``) pairs, and not with a line that starts in
lower case (a numbered entry's wrapped rest). With one, the number may be missing (a scan's OCR drops a bold
``2.`` set apart in the margin): a line alone that asks over ``Answer:`` is still the question; so is one whose
words start where the page's numbered questions' words do, over an answer set further in or asked with ``?``. A
scan's ``Ql.`` or ``Qs.`` numbers like ``Q1.`` or ``Q5.``. On a scan a speck read as a line of its own may stand
between.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from towerkit.fields.cells import MIN_LABELNESS, char_width, height, labelness
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading
from towerkit.fields.wraps import continued
from towerkit.models import Word

QUESTION_CONFIDENCE = 0.8
"""A numbered question over its answer."""
ANSWER_MAX_GAP = 1.0
"""Line heights between a question and its answer: the answer is the next line, set close."""
SCAN_ANSWER_MAX_GAP = 1.5
"""The same on a scan, whose word boxes are their ink, smaller than the type's: the air between looks wider."""
ANSWER_WORDS = frozenset({"a", "ans", "answer", "response", "reply", "resp", "r"})
"""Words a form prints before each answer (``A:``, ``Answer:``, ``Response:``): no label of their own."""

_ITEM = re.compile(r"^[\"'\u2018\u201c]?(?:Q|Item|Question)?\s*\d{1,2}[a-z]?[.):,]?$", re.IGNORECASE)
"""An item's number, perhaps after the quote mark a scan reads in a speck before it (``\u201cItem 3.``); a scan's
stop may read as a comma (``Item 1,``)."""
_ITEM_WORD = re.compile(r"^[\"'\u2018\u201c]?(?:Item|Question|No\.?)$", re.IGNORECASE)
_SCANNED_ITEM_WORD = re.compile(r"^(?:[IiTtlL1|]?tem|Hem)$")
"""``Item`` as a scan misreads its capital I (``Ttem``, ``ltem``, ``tem``, ``Hem`` for the I and t run together)."""
_SCANNED_Q = re.compile(r"^[Q@][\dlIi|SsOoZB]\d?[.):,]$")
"""``Q1.``, ``Q5.`` or ``Q12.`` as a scan reads a digit as the letter it looks like (``Ql.``, ``Qi.``, ``Qs.``), or
the Q as ``@``."""


def read_questions(r: Reading) -> None:
    """Every numbered question with its answer on the line under it."""
    for line in r.lines[:-1]:
        _answered(line, r)


def _answered(line: Line, r: Reading) -> None:
    """The pair of line's numbered question and the answer under it, if the line asks one and is answered."""
    words = r.free(line.words)
    k = line.index + 1
    while k + 1 < len(r.lines) and _speck(r.lines[k]):
        k += 1  # a scan's speck read as a line of its own between the question and its answer
    nxt = r.lines[k]
    answer = r.free(nxt.words)
    marked = bool(answer) and _answer_word(answer[0])
    alone = bool(words) and len(line.segments) == 1 and _asks(words)
    question = _after_number(words) or (words if alone and (marked or _listed(words, line, r)) else ())
    while len(question) > 1 and not any(c.isalnum() or c == "?" for c in question[-1].text):
        question = question[:-1]  # a speck after the question, read as a dash set apart
    if len(words) != len(line.words) or not question or nxt.page != line.page or _cells(question, line) > 1:
        return
    h = max(1.0, height(line.words)) * (ANSWER_MAX_GAP if words[0].conf is None else SCAN_ANSWER_MAX_GAP)
    if len(answer) != len(nxt.words) or nxt.top - line.bottom > h:
        return
    cw = char_width(question)
    if answer[0].x0 < question[0].x0 - cw or (_after_number(answer) and answer[0].x0 <= line.words[0].x0 + cw):
        return  # not under the question's words, or the next item (a figure under the words answers: "5 years")
    parts = marked and not any(w.text.endswith(":") for w in answer[1:])  # a long answer a scan read in parts
    if len(nxt.segments) > 1 + marked and not parts:
        return  # pairs side by side, not one answer (an answer word may stand apart from the answer)
    if not (marked or _after_number(words) or question[-1].text.endswith("?") or answer[0].x0 > question[0].x0):
        return  # a line of the list's column over one set no further in: a wrapped line, no question and answer
    value = answer[1:] if marked else answer
    if not value or not (marked or (_asks(question) and not value[0].text[:1].islower())):
        return
    value = continued(nxt, tuple(value), question, r)
    if r.add(_unasked(question), value, "question", QUESTION_CONFIDENCE):
        r.take([*words, *answer])


def _listed(words: Sequence[Word], line: Line, r: Reading) -> bool:
    """Whether a line without a number starts where the page's numbered questions' words do.

    An item whose number a scan dropped: ``2.`` read by Tesseract as nothing, ``Q6.`` lost beside ``Q5.`` and ``Q7.``.
    """
    cw = char_width(words)
    for other in r.lines:
        asked = _after_number(other.words) if other.page == line.page and other is not line else ()
        if asked and abs(asked[0].x0 - words[0].x0) <= cw and other.words[0].x1 < words[0].x0:
            return True
    return False


def _answer_word(w: Word) -> bool:
    """``Answer:``, ``A:``, ``Response:``: what a form prints before each answer."""
    return w.text.endswith(":") and w.text[:-1].rstrip(".").casefold() in ANSWER_WORDS


def _asks(question: Sequence[Word]) -> bool:
    """A question (``?``), a label, or what an item names."""
    return question[-1].text.endswith("?") or labelness(question) >= MIN_LABELNESS or _names(question)


def _speck(line: Line) -> bool:
    """A line of one mark of two characters at most, no letter or figure of a word (``;``, ``~``, ``..``)."""
    text = line.words[0].text
    return len(line.words) == 1 and len(text) <= 2 and not any(c.isalnum() for c in text)  # noqa: PLR2004 - "2%" answers


def _names(question: Sequence[Word]) -> bool:
    """A capitalised phrase, no figure, no full stop: what an item names (``Effective date of the amendment``)."""
    text = " ".join(w.text for w in question)
    return text[:1].isupper() and not text.endswith(".") and not any(c.isdigit() for c in text)


def _cells(question: Sequence[Word], line: Line) -> int:
    """Segments the question spans: a table's numbered row spans several, a question one (a ``?`` may be split)."""
    spans = sum(1 for seg in line.segments if any(w in seg.words for w in question))
    return 1 if question[-1].text.endswith("?") else spans


def _after_number(words: Sequence[Word]) -> Sequence[Word]:
    """The words after an item's number (``4)``, ``Q7.``, ``Item 2.``), or none when the line has no number."""
    if len(words) > 2 and _item_word(words[0]) and _ITEM.match(words[1].text):  # noqa: PLR2004
        return words[2:]
    if len(words) < 2:  # noqa: PLR2004 - a number and a word
        return ()
    numbered = _ITEM.match(words[0].text) or (words[0].conf is not None and _SCANNED_Q.match(words[0].text))
    return words[1:] if numbered else ()


def _item_word(w: Word) -> bool:
    return bool(_ITEM_WORD.match(w.text) or (w.conf is not None and _SCANNED_ITEM_WORD.match(w.text)))


def _unasked(question: Sequence[Word]) -> Sequence[Word]:
    """The question without its question mark, which is no part of what it names."""
    last = question[-1]
    if not last.text.endswith("?"):
        return question
    return [*question[:-1], Word(last.text.rstrip("?"), last.page, last.x0, last.top, last.x1, last.bottom, last.conf)]
