"""A label whose value is a list: one entry a line under the first (``cc: RSS`` / ``RDC`` / ``PHL``).

A wrapped value and a list look alike: lines aligned under the value's first word. They differ in
where their lines break. Text is wrapped only where the next word does not fit, so a wrapped line
ends with less room than the next line's first word needs; a list breaks after every entry, however
short it is. Three or more lines that each end with room for the next line's first word, and start
alike, are entries of a list, each a value of the label; otherwise the lines are one value wrapped
(``wraps.continued``). An address is broken by hand too, but its lines start unlike or it ends in
a postal code: it stays one value.

A list may run in columns (``cc:`` over two columns of names): a segment right of the value on the
label's line that heads aligned entries of its own is another column of the same list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from towerkit.fields.cells import EXTEND_GAP_CHARS, char_width, height, text_of
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading, separator_at
from towerkit.fields.wraps import CONTINUE_INDENT, CONTINUE_MAX_GAP, continued
from towerkit.models import PairKind, Word

LIST_MIN_ENTRIES = 3
"""Entries a list has at least: two lines that each end short are as often an address as a list."""
LIST_MAX_ENTRIES = 40
"""Entries of one column read at most (a distribution list of a memo runs to twenty)."""
MAX_ODD_STARTS = 5
"""Entries from which one may start unlike the rest (a scan's misread first glyph)."""

Entry = tuple[Word, ...]
Row = tuple[Entry, Line]
"""An entry and the line it was read from."""


def add_value(r: Reading, line: Line, label: Sequence[Word], value: Entry, kind: PairKind, conf: float) -> bool:
    """Record the label's value, wrapped onto the lines under it, or its entries if they are a list."""
    entries = list_entries(r, line, label, value)
    if not entries:
        return r.add(label, continued(line, value, label, r), kind, conf)
    added = [r.add(label, entry, "list", conf) for entry in entries]
    return any(added)


def list_entries(r: Reading, line: Line, label: Sequence[Word], value: Entry) -> list[Entry]:
    """The entries of the list the value opens, in columns, the value first; empty when it is no list."""
    if not label or not value:
        return []
    first = _column(r, line, value, label[0].x0)
    if len(first) < 2 or not _broken_by_hand(r, first):  # noqa: PLR2004 - the value and one line under it
        return []
    entries = [e for e, _ in first]
    right = max(e[-1].x1 for e in entries)
    for seg in line.segments:
        head = r.free(seg.words)
        if not head or head[0].x0 <= right or len(head) != len(seg.words):
            continue
        if _holds_separator(head):
            break  # the next field's label on the same line
        column = _column(r, line, head, right)
        if len(column) < 2 or not _broken_by_hand(r, column):  # noqa: PLR2004
            break
        entries.extend(e for e, _ in column)
        right = max(e[-1].x1 for e, _ in column)
    if len(entries) < LIST_MIN_ENTRIES or not _alike(entries) or _POSTAL_END.search(text_of(first[-1][0])):
        return []
    return entries


_POSTAL_END = re.compile(r"\b\d{5}(-\d{4})?$")
"""A ZIP code ending a block's last line: the block is an address (``One Park Avenue`` / ``New York, NY 10016``)."""


def _alike(entries: Sequence[Entry]) -> bool:
    """Whether the entries start alike (capital, digit, small letter), as a list's parallel items do.

    An address block is broken by hand too, but its lines start unlike (``Acme Inc.`` / ``666 Fifth
    Avenue`` / ``New York``): it is one value, an address. One whose lines start alike still ends in a
    postal code (``_POSTAL_END``).
    """
    kinds = Counter(_start_kind(e[0].text) for e in entries)
    odd = len(entries) - max(kinds.values())
    return odd == 0 or (odd == 1 and len(entries) >= MAX_ODD_STARTS)


def _start_kind(text: str) -> str:
    c = next((c for c in text if c.isalnum()), "")
    return "digit" if c.isdigit() else "upper" if c.isupper() else "lower" if c else "mark"


def _holds_separator(words: Sequence[Word]) -> bool:
    """Whether the words hold a separator, a dash included: a label and value of their own, not an entry."""
    return any(separator_at(words, i) for i in range(len(words)))


def _column(r: Reading, line: Line, head: Entry, left: float) -> list[Row]:
    """The head and the free segments aligned under it, line by line, until a gap, a label or a word in its way.

    ``left`` is where the column's own space starts: a word between it and the column is another
    field's (the label's column, or the column before).
    """
    x0 = head[0].x0
    cw = char_width(head)
    h = max(1.0, height(head))
    out: list[Row] = [(head, line)]
    bottom = line.bottom
    for below in r.lines[line.index + 1 : line.index + LIST_MAX_ENTRIES]:
        if below.page != line.page or below.top - bottom > CONTINUE_MAX_GAP * h:
            break
        if any(w.x1 > left and w.x0 < x0 - CONTINUE_INDENT * cw for w in below.words):
            break
        at = next((k for k, s in enumerate(below.segments) if abs(s.words[0].x0 - x0) <= CONTINUE_INDENT * cw), None)
        if at is None:
            break
        entry = _entry(below, at, cw)
        if len(r.free(entry)) != len(entry) or _holds_separator(entry):
            break  # another pair's words, or a label and value of its own
        out.append((entry, below))
        bottom = below.bottom
    return out


def _entry(line: Line, at: int, cw: float) -> Entry:
    """The line's segment ``at`` with the segments close after it: a scan splits a typed entry at wide spaces."""
    words = list(line.segments[at].words)
    for seg in line.segments[at + 1 :]:
        if seg.words[0].x0 - words[-1].x1 > EXTEND_GAP_CHARS * cw:
            break
        words.extend(seg.words)
    return tuple(words)


def _broken_by_hand(r: Reading, rows: Sequence[Row]) -> bool:
    """Whether every line ends with room for the next one's first word: broken on purpose, not wrapped.

    A line's room runs to the next word on its line (a scan splits prose at wide gaps, a list's next
    column stands far off), else to the page's right margin.
    """
    margin = _right_margin(r, rows[0][1].page)
    for (a, ln), (b, _) in pairwise(rows):
        after = [w.x0 for w in ln.words if w.x0 > a[-1].x1]
        cw = char_width(a)
        if min(after, default=max(margin, a[-1].x1)) - a[-1].x1 < 2 * cw + (b[0].x1 - b[0].x0):
            return False
    return True


MARGIN_SHARE = 0.9
"""Share of a page's lines that end left of its right margin (a speck or a stamp may stand further out)."""


def _right_margin(r: Reading, page: int) -> float:
    """Where the page's lines end: the right margin wrapped text runs to (every page's, measured once)."""
    if not r.margins:
        ends: dict[int, list[float]] = {}
        for ln in r.lines:
            if ln.words:
                ends.setdefault(ln.page, []).append(ln.words[-1].x1)
        for p, xs in ends.items():
            xs.sort()
            r.margins[p] = xs[min(len(xs) - 1, int(MARGIN_SHARE * len(xs)))]
    return r.margins.get(page, 0.0)
