"""Numbered clauses: a number, a heading ending in a full stop, and the sentence it labels.

A numbered clause whose first words end in a full stop is a heading and its sentence
(``4.2 Rent. The monthly rent is $2,500.00 ...`` -> Rent = "The monthly rent is ..."); the clause
runs on over the lines under it until the next number, a wide gap or a few lines. A clause whose
sentence leads in to a colon (``5.1 Remarks. The technician reported: ...``) is its heading's pair too;
a label before the colon (``3.2 Reference. Work order: WO1``) is left to the line pass. A numbered table
row (``14 | Lat. (NAD 83) | 28-06-14.22N``) is no clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from statistics import median

from towerkit.fields.cells import ITEM_NUMBER, SIGNS, height
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading
from towerkit.models import Word

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
    first words stand in two columns (``14 | Lat. (NAD 83) | 28-06-14.22N``): a sentence runs on, and a
    "sentence" of a few words across a gap from its heading (``11 | FCC Registration No. | 1212593``).
    """
    own = next((seg.words for seg in line.segments if line.words[0] in seg.words), ())
    columns = {k for k, seg in enumerate(line.segments) for w in heading if w in seg.words and w not in own}
    after = {k for k, seg in enumerate(line.segments) for w in rest if w in seg.words}
    ends = {k for k, seg in enumerate(line.segments) if heading and heading[-1] in seg.words}
    cell = bool(rest) and len(rest) <= MAX_CELL_WORDS and not after & ends
    return len(columns) > 1 or len(after) > 1 or cell or (bool(heading) and heading[0].text[:1] in SIGNS)


MAX_CELL_WORDS = 3
"""Words of a table row's value set apart from its label (``11 | FCC Registration No. | 1212593``): no sentence."""


def read_clause(line: Line, r: Reading) -> None:
    """The clause line ``line`` opens, if it does: its heading paired with its sentence."""
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
