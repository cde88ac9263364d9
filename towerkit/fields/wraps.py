"""A value wrapped onto the lines under it: how far, how aligned, and when the next line is another field.

Shared by every pass that finds a value (``reader``, ``reader_tables``, ``reader_grid``, ``reader_lists``).
"""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.fields.cells import char_width, height, labelness, printed_smaller, valueness
from towerkit.fields.layout import Line
from towerkit.fields.reading import Reading
from towerkit.models import Word

CONTINUE_MAX_LINES = 3
"""Lines a value may wrap onto."""
CONTINUE_MAX_GAP = 0.9
"""Line heights between two lines of one wrapped value."""
CONTINUE_SPACED_GAP = 1.6
"""Line heights between two lines of a value typed double-spaced (a typewriter's line feed twice: 1.1-1.3)."""
SPACING_JITTER = 0.3
"""Line heights by which a double-spaced value's gaps may differ: its lines are fed alike."""
CONTINUE_INDENT = 2.0
"""Character widths a wrapped line may sit off the value's first word."""

SIZE_JITTER = 0.03
"""Share of the print size by which one size set in a text layer may vary (rounding of word boxes)."""


def _resized(words: Sequence[Word], value: Sequence[Word]) -> bool:
    """Whether a text layer prints ``words`` at another size than ``value``; a scan's heights are too noisy to say."""
    if any(w.conf is not None for w in (*words, *value)):
        return False
    return abs(height(words) - height(value)) > SIZE_JITTER * height(value)


def continued(line: Line, value: tuple[Word, ...], label: Sequence[Word], r: Reading) -> tuple[Word, ...]:
    """The value with the lines it wraps onto: aligned under its first word, nothing in the label's column.

    Typed double-spaced, a wrap stands further below than any single-spaced one, as far as the next
    field's row may; it is taken only when it starts under the value's first word and every line of it
    is fed alike.
    """
    if len(value) < 2:  # noqa: PLR2004 - a lone number or code does not wrap
        return value
    x0 = value[0].x0
    cw = char_width(value)
    h = max(1.0, height(value))
    out = list(value)
    bottom = line.bottom
    captioned = bool(label) and printed_smaller(label, value)
    spacing: float | None = None  # the first wrap's gap: a double-spaced value's lines are fed alike
    for below in r.lines[line.index + 1 : line.index + 1 + CONTINUE_MAX_LINES]:
        gap = below.top - bottom
        if below.page != line.page or gap > CONTINUE_SPACED_GAP * h:
            break
        free = r.free(below.words)
        if len(free) != len(below.words) or any(w.x1 > label[0].x0 and w.x0 < x0 - cw for w in free):
            break
        if captioned and printed_smaller(free, value):
            break  # printed as small as the caption: the next box's caption, not more of this value
        if _resized(free, value):
            break  # a text layer's wrapped line keeps its value's print size: another size is a heading or a note
        beside = bool(label) and label[-1].x1 < x0 and abs(free[0].x0 - x0) <= cw  # an empty label column left of it
        if abs(free[0].x0 - x0) > CONTINUE_INDENT * cw or (labelness(free) > valueness(free) + 0.3 and not beside):
            break
        if gap > CONTINUE_MAX_GAP * h and (
            abs(free[0].x0 - x0) > cw or (spacing is not None and abs(gap - spacing) > SPACING_JITTER * h)
        ):
            break  # double-spaced: only a line under the first word, as far below as the last one
        spacing = gap if spacing is None else spacing
        out.extend(free)
        bottom = below.bottom
    return tuple(out)
