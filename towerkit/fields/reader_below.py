"""A label with nothing to its right: its value typed a little off its line, or on the line under it.

The reader's last passes for a label it could not pair on its own line (a colon with nothing after
it, a label alone on its line): first the neighbouring line, when the value was typed a little above
or below the label's line (a typewriter not lined up), then the free words under the label, in its
column (a heading over its value).
"""

from __future__ import annotations

from towerkit.fields.cells import char_width, height, labelness, text_of, valueness
from towerkit.fields.layout import Line
from towerkit.fields.reading import EXPLICIT_CONFIDENCE, Reading, separator_at
from towerkit.fields.wraps import continued
from towerkit.models import Word

BELOW_CONFIDENCE = 0.65
"""A label with nothing to its right whose value is the aligned words under it."""
BELOW_MAX_LINES = 2
"""Lines under a label searched for its value: further down is another field's."""
BELOW_MAX_GAP = 2.6
"""Label heights between a label and the line below it beyond which that line is not its value."""
BELOW_MARGIN = 1.5
"""Character widths left of a label where the value under it may still start."""

OFFSET_MAX_SHARE = 0.6
"""Share of a label's height a value written off its line may sit above or below it (a form filled in
on a typewriter that was not lined up)."""
OFFSET_GAP_SHARE = 0.3
"""Share of its height a value written off a label's line may stand clear of it."""


def offset(line: Line, label: tuple[Word, ...], conf: float, r: Reading) -> bool:
    """A label with nothing to its right whose value was written a little above or below its line.

    The value is all the free words of the neighbouring line, every one right of the label, and
    reads as a value, not as another label.
    """
    h = max(1.0, height(label))
    cw = char_width(label)
    for k in (line.index + 1, line.index - 1):
        if not 0 <= k < len(r.lines) or r.lines[k].page != line.page:
            continue
        other = r.lines[k]
        gap = other.top - line.bottom if k > line.index else line.top - other.bottom
        ws = r.free(other.words)
        if -OFFSET_MAX_SHARE * h < gap < OFFSET_GAP_SHARE * h and ws and len(ws) == len(other.words):
            substantial = any(c.isdigit() for c in text_of(ws)) or sum(map(str.isalpha, text_of(ws))) >= 3  # noqa: PLR2004
            if ws[0].x0 > label[-1].x1 + cw and valueness(ws) > labelness(ws) and substantial:
                return r.add(label, ws, "same_line", conf)
    return False


def below(line: Line, label: tuple[Word, ...], conf: float, r: Reading) -> None:
    """A label with nothing to its right: its value is the free words under it, in its column."""
    cw = char_width(label)
    left = label[0].x0 - BELOW_MARGIN * cw
    nxt = [s for s in line.segments if s.x0 > label[-1].x1]
    right = nxt[0].x0 - cw if nxt else float("inf")
    h = max(1.0, height(label))
    for under in r.lines[line.index + 1 : line.index + 1 + BELOW_MAX_LINES]:
        if under.page != line.page or under.top - line.bottom > BELOW_MAX_GAP * h:
            return
        ws = tuple(w for w in r.free(under.words) if left <= w.x0 < right)
        if ws and not any(separator_at(ws, i) for i in range(len(ws))):
            r.add(label, continued(under, ws, label, r), "below", BELOW_CONFIDENCE * conf / EXPLICIT_CONFIDENCE)
            return
