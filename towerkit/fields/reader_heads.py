"""Labels a form repeats at the head of its lines: one record block printed again and again.

A programme lists its speakers as blocks of ``Speaker ____`` / ``Position ____`` / ``Topic ____``.
Filled in, the blank's rule is lost under the typing, and each line reads as one run of words with
no separator between the label and what was typed after it (``Speaker Dr. Jorge J. Yunis``). The
same capitalised word opening three lines or more, in one column, each time followed by something
else, names what follows it. Read last: every other way of pairing has had its chance.
"""

from __future__ import annotations

from collections import defaultdict

from towerkit.fields.cells import char_width, strip_separators
from towerkit.fields.reading import Reading
from towerkit.models import Word

MIN_REPEATS = 3
"""Lines a word must open, in one column of a page, to be a label the form repeats."""
MIN_LETTERS = 4
"""Letters a repeated head needs: shorter openers (``The``, ``A``, ``No``) begin sentences as often."""
MAX_VALUE_WORDS = 8
"""Words after the head that can be its value: more is a paragraph that happens to begin alike."""
HEAD_CONFIDENCE = 0.6
"""A repeated head: the repetition is the only evidence, no separator and no column."""
ALIGN_CHARS = 2.0
"""Character widths within which the repeated heads start, to stand in one column."""


def read_repeated_heads(r: Reading) -> None:
    """Pair each free run of words opened by a label the page repeats with the words after it.

    The repetition counts every line the word opens, paired already or not (``Speaker __ Dr. Wolff``
    read by its blank); only runs no pass took are paired here.
    """
    heads: dict[tuple[int, str], list[Word]] = defaultdict(list)
    for line in r.lines:
        for seg in line.segments:
            if key := _head(seg.words[0]):
                heads[(line.page, key)].append(seg.words[0])
    for line in r.lines:
        for seg in line.segments:
            words = r.free(seg.words)
            key = _head(seg.words[0])
            if not key or len(words) != len(seg.words) or not 2 <= len(words) <= MAX_VALUE_WORDS + 1:  # noqa: PLR2004
                continue
            if not _aligned(words[0], heads[(line.page, key)]):
                continue
            value = strip_separators(words[1:])
            if value and (value[0].text[:1].isupper() or not value[0].text[:1].isalpha()):
                r.add(words[:1], value, "same_line", HEAD_CONFIDENCE)


def _head(w: Word) -> str | None:
    """The word as a repeated label's key (its letters, lower case), when it can be one."""
    letters = "".join(ch for ch in w.text if ch.isalpha())
    if len(letters) < MIN_LETTERS or not letters[0].isupper() or not w.text[:1].isalpha():
        return None
    return letters.lower()


def _aligned(first: Word, others: list[Word]) -> bool:
    """Whether the word starts in one column with at least two more of its kind."""
    tol = ALIGN_CHARS * char_width((first,))
    return sum(1 for o in others if abs(o.x0 - first.x0) <= tol) >= MIN_REPEATS
