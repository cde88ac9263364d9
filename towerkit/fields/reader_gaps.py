"""Label | value by a wide gap: a short phrase with room after it labels what follows, and a row header its figures.

The last passes of the layout reader (``reader``): what no separator, table, caption or grid joined is read by
the shapes of its cells, a label-shaped phrase then a value-shaped one; a row header before two figures or more
is a table's row; a label and a figure typed one space apart are a pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from towerkit.fields.cells import (
    EXTEND_GAP_CHARS,
    MIN_LABELNESS,
    char_width,
    labelness,
    strip_separators,
    text_of,
    valueness,
)
from towerkit.fields.layout import Line
from towerkit.fields.pitch import side_by_side
from towerkit.fields.reader_lists import add_value
from towerkit.fields.reading import Reading, dates_whole, label_to_leader, with_unit
from towerkit.models import Word

GAP_CONFIDENCE = 0.7
"""A label and a value set apart by a wide gap, told apart only by their shapes."""
MIN_ROW_FIGURES = 2
"""Figures after a row header that make its line a table row (one figure is a plain label | value)."""
MAX_FIGURE_WORDS = 3
"""Words a figure cell holds at most (``71.3 %``, ``$ 1,400.00``)."""

_INITIAL = re.compile(r"^[A-Z]\.$")
"""A name's initial (``H.``): a value ending in one goes on (``H.   S. Tong``), typed entries space wide."""


def gap_pairs(line: Line, r: Reading) -> None:
    """``Label    value`` on one line, or several such pairs side by side, told apart by shape."""
    segs = dates_whole([ws for s in line.segments if (ws := strip_separators(r.free(s.words)))])
    if _row_of_figures(segs):
        for value in segs[1:]:
            r.add(segs[0], value, "table", GAP_CONFIDENCE)
        return
    i = _first_label(segs)
    alternating = _alternating(segs, i) or (i == 0 and side_by_side(segs) and labelness(segs[0]) >= MIN_LABELNESS)
    paired = False
    while i + 1 < len(segs):
        label, value = segs[i], segs[i + 1]
        if len(r.free((*label, *value))) < len(label) + len(value):
            i += 1  # a column of a list read from this line's first pair
            continue
        lab, val = labelness(label), labelness(value)
        last = len(segs) == 2 or (paired and i + 2 == len(segs))  # noqa: PLR2004 - the line's one pair, or its last
        if lab >= MIN_LABELNESS and (alternating or valueness(value) > valueness(label) or lab > val or last):
            while i + 2 < len(segs) and _more_of(value, segs[i + 2]):
                value = (*value, *segs[i + 2])
                del segs[i + 2]
            label, value = label_to_leader(label, value)
            value = with_unit(value, segs[i + 2] if i + 2 < len(segs) else None)
            if add_value(r, line, label, value, "same_line", GAP_CONFIDENCE * min(1.0, 0.5 + lab)):
                i += 2
                paired = True
                continue
        i += 1


def _alternating(segs: Sequence[tuple[Word, ...]], start: int) -> bool:
    """Whether the line is label | value pairs throughout.

    Every label place must hold a label, and the label places read more like labels than the
    value places do.
    """
    labels, values = segs[start::2], segs[start + 1 :: 2]
    if len(labels) < 2 or len(values) < len(labels) or any(labelness(c) < MIN_LABELNESS for c in labels):  # noqa: PLR2004
        return False
    return sum(map(labelness, labels)) / len(labels) > sum(map(labelness, values)) / len(values)


def _first_label(segs: Sequence[tuple[Word, ...]]) -> int:
    """0, or 1 when the line reads better as value | label | value | label ... than the other way round.

    A line of alternating labels and values (``Received by  Mark Ahearn  Time  3:45  Date  7/9/84``)
    is decided as a whole: the segments in label places must read more like labels, and those in
    value places more like values, than with the places swapped. A line whose first segment reads
    as a label opens with it: a typed name spaced wide (``J.   F.   Anders``) only looks like labels.
    """
    if len(segs) < 3:  # noqa: PLR2004
        return 0

    def fit(start: int) -> float:
        labels, values = segs[start::2], segs[start + 1 :: 2]
        return sum(labelness(c) - valueness(c) for c in labels) - sum(labelness(c) - valueness(c) for c in values)

    return 1 if fit(1) > fit(0) and labelness(segs[0]) < MIN_LABELNESS else 0


def _more_of(value: tuple[Word, ...], nxt: tuple[Word, ...]) -> bool:
    """Whether the next segment continues a value: close after it and not a label of its own."""
    cw = char_width(value)
    near = nxt[0].x0 - value[-1].x1 <= EXTEND_GAP_CHARS * cw or _cut_short(value)
    return near and (labelness(nxt) < MIN_LABELNESS or bool(_INITIAL.match(value[-1].text)))


ANGLE_MARKS = ("\u00b0", "\u00ba", "'", "\u2032")
"""Degree and minute marks: an angle printed after one goes on (``36\u00b0   02'   09.93" N``)."""


def _cut_short(value: Sequence[Word]) -> bool:
    """Whether a value ends where more of it must follow: after a comma, or a degree or minute mark."""
    last = value[-1].text
    return last.endswith(",") or (last.endswith(ANGLE_MARKS) and any(c.isdigit() for c in last))


def _row_of_figures(segs: Sequence[tuple[Word, ...]]) -> bool:
    """A row header and two or more figures after it (``STRENGTH  +1  -15  +3``): a table row.

    Each figure is that row's value in another column, so each pairs with the row's label.
    """
    if len(segs) < MIN_ROW_FIGURES + 1 or labelness(segs[0]) < MIN_LABELNESS:
        return False
    if any(c.isdigit() for c in text_of(segs[0])):
        return False
    if any(_cut_short(v) for v in segs[1:-1]):
        return False  # a figure cut off goes on in the next cell: "March 1,   1978" is one date
    return all(any(c.isdigit() for c in text_of(v)) and len(v) <= MAX_FIGURE_WORDS for v in segs[1:])


_FIGURE = re.compile(r"^[$#]?\d[\d,./:-]*\d$|^\$$")
"""A figure as typed on a form: a date, an amount, a number (``11/2/61``, ``$``, ``20182``)."""
_UNIT_WORD = re.compile(r"^[a-z]{1,4}\.?$|^%$")
"""A unit after a figure, in lower case as units print (``gms.``, ``psig``, ``mm``)."""
FIGURE_MAX_WORDS = 2
"""Words the figure after a label in one segment may have (``$ 4,875``)."""


def label_then_figure(words: tuple[Word, ...], r: Reading) -> None:
    """A segment left unread that is a label and then a figure typed a space after it (``DATE 11/2/61``).

    Only a formatted figure (a date, an amount, a code), or a number after ``No.``/``#``: a name with a
    number in it (``KENT 100``) or an address line (``Greensboro, NC 27405``) is not a pair.
    """
    k = next((i for i, w in enumerate(words) if any(c.isdigit() for c in w.text)), None)
    end = len(words) - 1 if k is not None and k < len(words) - 1 and _UNIT_WORD.match(words[-1].text) else len(words)
    if k is None or k == 0 or end - k > FIGURE_MAX_WORDS or not all(_FIGURE.match(w.text) for w in words[k:end]):
        return
    label, value = words[:k], words[k:]
    formatted = any(c in "/-.,:$" for c in text_of(value)) or label[-1].text.lower().rstrip(".") in ("no", "#")
    formatted = formatted or end < len(words)  # a figure with its unit is a measurement
    if labelness(label) >= MIN_LABELNESS and "," not in text_of(label) and formatted:
        r.add(label, value, "same_line", GAP_CONFIDENCE * 0.8)
