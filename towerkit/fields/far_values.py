"""A value far out on its label's line belongs to it only where the page sets values in a column.

``Tower Owner                          Lone Oak Holdings`` is a form's wide layout: the other rows
put their values in the same column, starting or ending where this one does. A lone phrase far
across an empty stretch of the line is something else the page prints there: a running footer
(``Confidential ... Page 1``), a letterhead's right-hand title, a stamp or a filing number at the
margin. Those pairs are dropped. A label that says its value follows (a colon, a leader, a blank's
rule between the two) keeps it however far, and so does every pair whose value sits near its label.
"""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.fields.layout import Line
from towerkit.models import Pair

FAR_GAP = 10.0
"""Label heights between a label and its value on one line beyond which the value needs a column."""
COLUMN_SLACK = 1.0
"""Label heights two values' edges may differ by and still stand in one column."""
SLACK_PER_GAP = 0.1
"""Share of the gap added to the slack: a scan's skew and warp move an edge more the further out it is."""


def in_columns(pairs: Sequence[Pair], lines: Sequence[Line]) -> list[Pair]:
    """The pairs without the same-line ones whose lone far value stands in no column of the page's values.

    Most pages have no far pair: only then are the lines looked up word by word.
    """
    far = [p for p in pairs if _far(p)]
    if not far:
        return list(pairs)
    line_of = {id(w): line for line in lines for w in line.words}
    dropped = {id(p) for p in far if _alone(p, line_of) and not _column_mate(p, pairs)}
    return [p for p in pairs if id(p) not in dropped]


def _height(p: Pair) -> float:
    return max(1.0, p.label_box[3] - p.label_box[1])


def _far(p: Pair) -> bool:
    """A same-line pair whose value stands far out and whose label does not say a value follows (a colon)."""
    if p.kind != "same_line" or not p.label_words or p.value_box[0] - p.label_box[2] <= FAR_GAP * _height(p):
        return False
    return not p.label_words[-1].text.endswith(":")


def _alone(p: Pair, line_of: dict[int, Line]) -> bool:
    """Whether nothing stands between the label and its far value on their line (no leader, no blank's rule)."""
    line = line_of.get(id(p.label_words[-1]))
    return line is not None and not any(w.x0 >= p.label_box[2] and w.x1 <= p.value_box[0] for w in line.words)


def _column_mate(p: Pair, pairs: Sequence[Pair]) -> bool:
    h = _height(p)
    slack = max(COLUMN_SLACK * h, SLACK_PER_GAP * (p.value_box[0] - p.label_box[2]))
    left, right = p.value_box[0], p.value_box[2]
    return any(
        q is not p
        and q.page == p.page
        and (abs(q.value_box[0] - left) <= slack or abs(q.value_box[2] - right) <= COLUMN_SLACK * h)
        for q in pairs
    )
