"""Ticked boxes and numbered clauses: pairs that marks and numbering make, not positions.

A line of options with boxes before them answers the question printed before the first box: the
ticked option is the value (``Status: [X] Approved [ ] Denied`` -> Status = Approved); on a scan whose
ticked box OCR dropped, the one option left without a box among empty ones. Boxes that lead a line
answer the question after them (``[X] Yes [ ] No  Charges filed?``), or the line above: a list one
option a line, or options run on from the asking line. Boxes a PDF draws and boxes a scan's pixels
show reach here as ``☒``/``☐`` words (``engines.drawn_boxes``, ``engines.scan_boxes``). A numbered
clause whose first words end in a full stop is a heading and its sentence
(``4.2 Rent. The monthly rent is $2,500.00 ...`` -> Rent = "The monthly rent is ..."); the clause
runs on over the lines under it until the next number, a wide gap or a few lines. A clause whose
sentence leads in to a colon (``5.1 Remarks. The technician reported: ...``) is its heading's pair too;
a label before the colon (``3.2 Reference. Work order: WO1``) is left to the line pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from statistics import median

from towerkit.fields.cells import (
    CHECKED,
    ITEM_NUMBER,
    MIN_LABELNESS,
    SIGNS,
    UNCHECKED,
    clean_label,
    height,
    label_digits,
    labelness,
    ocr_view,
    strip_separators,
    text_of,
    without_item_number,
)
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading
from towerkit.models import Word

CHECKBOX_CONFIDENCE = 0.85
"""The ticked one of several boxes: marks are explicit, but OCR confuses empty and ticked glyphs."""
UNBOXED_CONFIDENCE = 0.6
"""The option left without a box among empty ones: inferred from what OCR did not read."""
MAX_OPTION_WORDS = 4
"""Words an option has at most (``Yes``, ``L-865 white medium``)."""
MAX_LIST_OPTIONS = 8
"""Lines of a one-option-a-line list above the ticked one that may still lead to its question."""
CLAUSE_CONFIDENCE = 0.7
"""A clause heading and its sentence: the value is the whole sentence, not a clean value."""
CLAUSE_MAX_LINES = 6
"""Lines a clause's value runs over at most: it is evidence, not the whole contract."""
CLAUSE_MAX_HEADING_WORDS = 6
"""Words a clause heading has at most (``Rent.``, ``Term and Renewal.``)."""
NESTED_LABEL_WORDS = 5
"""Words after a clause heading within which a colon makes the clause a plain ``label: value`` line."""
LEAD_IN_WORDS = frozenset({"the", "a", "an", "this", "our", "we"})
"""First words of a sentence before a colon (``The technician reported: ...``): a lead-in, not a label, so the
clause's heading labels what follows the colon."""
CAPTION_MAX_GAP = 1.5
"""Line heights between a caption and the row of boxes under it that answers it."""
CLAUSE_LINE_GAP = 1.0
"""Line heights between two lines of one clause."""

_NUMBER = re.compile(r"^(?:§\s*|[-~'\u2018\u2019•](?=\d))?(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|\(?[a-zA-Z]\)|[IVX]{1,4}\.)$")
"""A clause number (``4.2``, ``(b)``, ``IV.``); a scan's speck may sit before its digits (``-2.3``)."""
_SCANNED_NUMBER = re.compile(r"^(?=.*\D)[^\s$€£%]{1,3}\d$")
"""A scan's clause number with its stop or first digit misread (``&2``, ``\u2018a3``, ``4&3`` for 3.2, 1.3, 4.3):
a short mark ending in a digit, not all digits (``9982 Industrial Pkwy.`` is an address). It opens a clause
only before a heading, as any number does."""


def _numbered(w: Word) -> bool:
    """Whether a line's first word numbers a clause."""
    return bool(_NUMBER.match(w.text) or (w.conf is not None and _SCANNED_NUMBER.match(w.text)))


_HEADING_END = re.compile(r"[A-Za-z)]\.[:;,']?$")
"""A heading's last word: a full stop after a letter, and on a scan perhaps a speck read beside it (``Lighting.:``)."""
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{0,5}\.$")
"""A word cut short with a full stop (``Ht.``, ``Agl.``, ``Determ.``: up to six letters): a heading's, not a
sentence's end."""


def read_marks(r: Reading) -> None:
    """Checkbox answers and clause headings, before any pass could take their words apart."""
    for line in r.lines:
        _checkboxes(line, r)
    for line in r.lines:
        _clause(line, r)


def _boxes(words: Sequence[Word]) -> list[tuple[int, bool]]:
    """Positions of box glyphs and whether each is ticked; ``[ ]`` split into two words counts once."""
    out: list[tuple[int, bool]] = []
    for i, w in enumerate(words):
        t = w.text
        if t in CHECKED:
            out.append((i, True))
        elif t in UNCHECKED or (t == "[" and i + 1 < len(words) and words[i + 1].text == "]"):
            out.append((i, False))
    return out


def _checkboxes(line: Line, r: Reading) -> None:
    words = r.free(line.words)
    marks = _boxes(words)
    scanned = list(words)
    if any(w.conf is not None for w in words):
        view = ocr_view(words)
        seen = _boxes(view)
        raw_ticked = any(ticked for _, ticked in marks)
        one_ticked = sum(1 for _, ticked in seen if ticked) == 1 and len(seen) >= 2  # noqa: PLR2004
        if one_ticked and (not raw_ticked or len(seen) > len(marks)):
            words, marks = tuple(view), seen  # the garbled boxes too, or the first option joins the question
        elif not raw_ticked:
            _unboxed_answer(line, r)
            return
    if not any(ticked for _, ticked in marks):
        return
    first = marks[0][0]
    label, siblings, end_of_options = _question(words, marks, line, r)
    if not label:
        return
    options = []
    for n, (i, ticked) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else end_of_options
        opt = tuple(w for w in words[i + 1 : end] if w.text != "]")
        if ticked and opt:
            options.append(opt)
    if not options or not clean_label(text_of(label)):
        return
    value = tuple(w for opt in options for w in opt)
    if r.add(label, value, "checkbox", CHECKBOX_CONFIDENCE):
        garbled = any(w is not v for w, v in zip(words, scanned, strict=False)) or len(words) != len(scanned)
        r.take(scanned if garbled else words[first:end_of_options])  # what precedes the question is another pair's
        r.take(siblings)


def _question(
    words: Sequence[Word], marks: Sequence[tuple[int, bool]], line: Line, r: Reading
) -> tuple[tuple[Word, ...], tuple[Word, ...], int]:
    """The question a row of boxes answers, the other options' words, and where the options end.

    Before the boxes, else after them, else the caption over the first box, else the line above a list.
    """
    first = marks[0][0]
    label = _own_question(strip_separators(words[:first]), line)  # a blank's stray rule before the boxes
    if label and not _asks(label):
        label = ()  # a figure before the boxes is another cell's value (``1288517 | [X] Guyed [ ] Monopole``)
    siblings: tuple[Word, ...] = ()
    end_of_options = len(words)
    if not label:
        label, end_of_options = _question_after(words, marks[-1][0], line)
    if not label:
        label = _caption_over(words[first], line, r)
    if not label:
        label, siblings = _question_above(line, r)
    if end_of_options == len(words):
        end_of_options = _cell_end(words, marks[-1][0], line)
    return label, siblings, end_of_options


def _asks(words: Sequence[Word]) -> bool:
    """Whether words read as a question or caption: label-shaped, no figure."""
    words = without_item_number(words)
    return labelness(words) >= MIN_LABELNESS and label_digits(text_of(words)) == 0


def _caption_over(box: Word, line: Line, r: Reading) -> tuple[Word, ...]:
    """The caption printed over a row's first box: a form's boxed choice (``2b. Structure Type`` / ``[X] Guyed``).

    The line just above, close, holding a label-shaped cell with no box of its own that spans the box's left edge.
    """
    if line.index == 0:
        return ()
    above = r.lines[line.index - 1]
    h = height(line.words)
    if above.page != line.page or line.top - above.bottom > CAPTION_MAX_GAP * h:
        return ()
    for seg in above.segments:
        ws = r.free(seg.words)
        if ws and ws[0].x0 - h <= box.x0 <= max(w.x1 for w in ws) and not _boxes(ws) and _asks(ws):
            return ws
    return ()


def _cell_end(words: Sequence[Word], last_box: int, line: Line) -> int:
    """Where the last option ends: with its box's cell (the box alone in one, the next), not the line.

    ``[ ] FAIL   [X] Passed      59.4``: the figure past the gap is the next caption's value, no part of the option.
    """
    seg_of = {id(w): k for k, s in enumerate(line.segments) for w in s.words}
    own = seg_of.get(id(words[last_box]))
    if own is None:
        return len(words)
    if last_box + 1 < len(words) and seg_of.get(id(words[last_box + 1])) != own:
        own = seg_of.get(id(words[last_box + 1]))  # the box set apart from its option
    return next((k for k in range(last_box + 1, len(words)) if seg_of.get(id(words[k])) != own), len(words))


def _own_question(before: Sequence[Word], line: Line) -> tuple[Word, ...]:
    """The question the boxes answer: the words before them in the last one's segment, from a colon on.

    ``Age: 1 Year 9 Months   Gender: [ ] Female [X] Male`` asks ``Gender``; ``Age`` and its value are
    another pair on the same line, left to the line pass.
    """
    if not before:
        return ()
    seg = next((s.words for s in line.segments if any(w is before[-1] for w in s.words)), ())
    own = tuple(w for w in before if any(w is v for v in seg)) or tuple(before)
    colons = [k for k, w in enumerate(own[:-1]) if w.text.endswith(":")]
    return own[colons[-1] + 1 :] if colons else own


def _question_after(words: Sequence[Word], last_box: int, line: Line) -> tuple[tuple[Word, ...], int]:
    """Boxes that lead a line answer the question printed after them: ``[X] Yes [ ] No   Charges filed?``.

    The last option ends with the segment its box starts; the next segment is the question when it ends
    in a question mark or a colon. Returns (question, where the options end).
    """
    seg_of = {id(w): k for k, s in enumerate(line.segments) for w in s.words}
    start = seg_of.get(id(words[last_box]))
    after = [k for k in range(last_box + 1, len(words)) if seg_of.get(id(words[k])) != start]
    if start is None or not after:
        return (), len(words)
    nxt = seg_of.get(id(words[after[0]]))
    question = tuple(w for w in words[after[0] :] if seg_of.get(id(w)) == nxt)
    if not text_of(question).rstrip().endswith(("?", ":")):
        return (), len(words)
    return question, after[0]


def _unboxed_answer(line: Line, r: Reading) -> None:
    """On a scan, ``Question: | [ ] Yes | No``: the one option whose box OCR did not read is the ticked one.

    A ticked box prints as a filled or crossed square, which Tesseract often drops as no glyph at all,
    or reads as a stray sign (``@``, ``©``), while the empty boxes beside it read as ``[ ]``. Only a
    question ending in a colon, two or more options each its own segment, every option but one behind an
    empty box; a sign before an option's box or in its place is no part of the option.
    """
    segs = [_unmarked(ocr_view(ws)) for s in line.segments if (ws := r.free(s.words))]
    scanned = any(w.conf is not None for s in segs for w in s)  # a scan's boxes found in its pixels carry no conf
    if len(segs) < 3 or not segs[0][-1].text.endswith(":") or not scanned:  # noqa: PLR2004
        return
    bare = [s for s in segs[1:] if s[0].text not in UNCHECKED]
    if len(bare) != 1 or len(bare[0]) > MAX_OPTION_WORDS or _boxes(bare[0]):
        return
    if r.add(segs[0], bare[0], "checkbox", UNBOXED_CONFIDENCE):
        r.take(r.free(line.words))


def _unmarked(words: list[Word]) -> list[Word]:
    """An option's words without the lone signs before it (``@``, ``©``: a box a scan read as a sign)."""
    k = 0
    while k < len(words) - 1 and len(words[k].text) <= 2 and not any(c.isalnum() for c in words[k].text):  # noqa: PLR2004
        if words[k].text in UNCHECKED:
            break
        k += 1
    return words[k:]


def _question_above(line: Line, r: Reading) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The question when the options stand on lines of their own, and the other options' words.

    A list printed one option a line (``Result:`` / ``[ ] Pass`` / ``[X] Failed``) may tick any of
    them: the question is the first line above without a box, over the options above this one, each led
    by a box at this line's left edge. Options that run on from the question's own line
    (``Lighting: [ ] Red [ ] White`` / ``[X] Dual``) answer that line's question.
    """
    siblings: list[Word] = []
    left = line.words[0].x0
    for above in reversed(r.lines[max(0, line.index - MAX_LIST_OPTIONS) : line.index]):
        if above.page != line.page:
            break
        marks = _boxes(above.words)
        if not marks:
            words = r.free(above.words)
            ok = 0 < len(words) <= CLAUSE_MAX_HEADING_WORDS + 2
            return (words, tuple(siblings)) if ok else ((), ())
        if marks[0][0] != 0:  # options run on from the line that asks: "Lighting: [ ] A [ ] B" / "[X] C"
            asked = r.free(above.words[: marks[0][0]])
            return (_own_question(asked, above), tuple(siblings)) if asked and not siblings else ((), ())
        if abs(above.words[0].x0 - left) > height(line.words):
            break
        siblings.extend(r.free(above.words))
    return (), ()


SENTENCE_OPENERS = frozenset({"The", "This", "That", "These", "Its", "It", "A", "An", "Each", "No", "All", "Any"})
"""Words a clause's sentence opens with, after its heading."""
MISREAD_STOP_WORDS = 4
"""Words at most of a heading whose full stop a scan read as a comma."""


def _misread_stop(k: int, words: Sequence[Word]) -> bool:
    """A scanned heading's full stop read as a comma (``7.1 Issued Date, This determination ...``), or lost.

    Only where no full stop ends a heading (a comma inside ``Rent, Taxes and Utilities.`` has its stop
    after it), after a short heading, and before a word a sentence opens with, or the heading's own first
    word taken up again (``4.1 Permit Number, Permit number CUP 21-939 ...``): ``Business Address One
    Park Avenue, New York`` is an address. A stop set apart (``4.1 Site . This document ...``) is dropped
    with the scan's dust; the wide gap it leaves before the sentence says where it stood.
    """
    word, nxt = words[k], words[k + 1]
    opens = nxt.text in SENTENCE_OPENERS or nxt.text.casefold() == words[1].text.casefold()
    if word.conf is None or k > MISREAD_STOP_WORDS or not opens:
        return False  # the cheap tests first: the line's median gap is wanted only past them
    if word.text.endswith(","):
        return _HEADING_END.search(word.text[:-1] + ".") is not None
    return _HEADING_END.search(word.text + ".") is not None and nxt.x0 - word.x1 > LOST_STOP_GAP * _word_gap(words)


LOST_STOP_GAP = 2.0
"""Times a line's usual gap between words that the gap left by a stop dropped as dust is wider."""


def _word_gap(words: Sequence[Word]) -> float:
    """The line's usual gap between two words (its median)."""
    return median(b.x0 - a.x1 for a, b in pairwise(words)) if len(words) > 1 else 0.0


def _after_abbreviation(words: Sequence[Word], end: int) -> int:
    """Where a heading that opens with an abbreviation ends: ``Max. Approved Height.`` runs on to its stop.

    Only over a few capitalised words ending in a full stop, with a capitalised word after it: a
    sentence's second word is lower case (``Rent. The monthly rent``).
    """
    if not _ABBREVIATION.match(words[end].text):
        return end
    for k in range(end + 1, min(len(words) - 1, end + 1 + ABBREVIATED_HEADING_WORDS)):
        if not words[k].text[:1].isupper():
            return end
        if _HEADING_END.search(words[k].text) and words[k + 1].text[:1].isupper():
            return k
    return end


ABBREVIATED_HEADING_WORDS = 3
"""Words a heading runs on after an abbreviation (``Max. Approved Height.``)."""


def _count(words: Sequence[Word]) -> bool:
    """``1 of 3``: a sheet's count, whatever follows it, not clause 1."""
    return len(words) > 2 and words[1].text.casefold() == "of" and words[2].text.rstrip(".,").isdigit()  # noqa: PLR2004


def _table_row(line: Line, heading: Sequence[Word], rest: Sequence[Word]) -> bool:
    """Whether a numbered line's "heading" is a table row's cells: a heading is one phrase naming a thing.

    Across a column gap it is cells (``73.2 | m | Vantage Telecom Inc.``), beside the number's own
    segment (a scan's speck read beside the number, ``26 sj | Log Date.``, is set apart by the same gap);
    opening with a sign it is a figure's (``2 %   Olga N. Osei   $1,825``). So is a "sentence" whose
    first words stand in two columns (``14 | Lat. (NAD 83) | 28-06-14.22N``): a sentence runs on.
    """
    own = next((seg.words for seg in line.segments if line.words[0] in seg.words), ())
    columns = {k for k, seg in enumerate(line.segments) for w in heading if w in seg.words and w not in own}
    after = {k for k, seg in enumerate(line.segments) for w in rest if w in seg.words}
    return len(columns) > 1 or len(after) > 1 or (bool(heading) and heading[0].text[:1] in SIGNS)


def _clause(line: Line, r: Reading) -> None:
    words = r.free(line.words)
    if len(words) < 2 or len(words) != len(line.words) or not _numbered(words[0]) or _count(words):  # noqa: PLR2004
        return
    last = min(len(words), CLAUSE_MAX_HEADING_WORDS + 1)
    end = next((k for k in range(1, last) if _HEADING_END.search(words[k].text) or words[k].text == "."), None)
    if end is None:
        end = next((k for k in range(1, last - 1) if _misread_stop(k, words)), None)
    if end is None:
        return
    while end + 2 < len(words) and _ABBREVIATION.match(words[end].text) and _ABBREVIATION.match(words[end + 1].text):
        end += 1  # a heading of abbreviations ("Ht. Agl.") ends at its last one
    end = _after_abbreviation(words, end)
    near = range(end + 1, min(len(words), end + 1 + NESTED_LABEL_WORDS))
    colon = next((k for k in near if words[k].text.endswith(":")), None)
    lead_in = colon is not None and words[end + 1].text.casefold() in LEAD_IN_WORDS
    if colon is not None and not lead_in:
        return  # the clause holds a "label: value" of its own, which the line pass reads
    heading = tuple(w for w in words[1 : end + 1] if w.text != ".")
    if _table_row(line, heading, words[end + 1 :]) or (end + 1 < len(words) and ITEM_NUMBER.match(words[end + 1].text)):
        return  # a second item's number after the heading: a row of numbered captions, not a clause's sentence
    if heading and heading[-1].text.endswith(","):
        heading = (*heading[:-1], replace(heading[-1], text=heading[-1].text[:-1]))  # the stop read as a comma
    if not all(w.text[:1].isupper() or not w.text[:1].isalpha() or len(w.text) <= 3 for w in heading[:1]):  # noqa: PLR2004
        return
    value = list(words[colon + 1 :] if lead_in and colon is not None else words[end + 1 :])
    h = max(1.0, height(line.words))
    bottom = line.bottom
    for nxt in r.lines[line.index + 1 : line.index + CLAUSE_MAX_LINES]:
        free = r.free(nxt.words)
        if nxt.page != line.page or nxt.top - bottom > CLAUSE_LINE_GAP * h or not free or _numbered(free[0]):
            break
        value.extend(free)
        bottom = nxt.bottom
    if value and r.add(heading, value, "clause", CLAUSE_CONFIDENCE):
        r.take(words[: (colon or 0) + 1] if lead_in else words[:1])
