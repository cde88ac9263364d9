"""The spacing of a line: a typewriter's pitch on a scan, and the rhythm of label | value pairs set side by side.

The pitch of a line typed on a typewriter and scanned: a word space measured in its own characters.

A scan's word boxes are their ink. In a monospaced face a glyph's ink is narrower than the pitch it
advances, so a word's width over its characters underestimates the pitch, and one typed space looks
like the wide gap between a label and its value (``Peter   Faucetta Jr.`` cut in three). A line whose
word widths grow by one step a character is monospaced; that step is its pitch.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from towerkit.models import Word

MIN_WORDS = 3
"""Scanned words of two characters or more a line needs before its widths can tell a pitch."""
FIT_SHARE = 0.1
"""Largest median distance of a word's width from the fitted line, in pitches: a proportional face's
words stray further (an ``m`` is three ``i`` wide)."""


def pitch(words: Sequence[Word]) -> float | None:
    """The width a character advances on this scanned line, when it is typed in a monospaced face."""
    ws = [w for w in words if w.conf is not None and len(w.text) >= 2]  # noqa: PLR2004
    if len(ws) < MIN_WORDS:
        return None  # every line of every document comes here: a text layer's, with no confidence, leaves at once
    lengths = np.array([len(w.text) for w in ws], dtype=np.float64)
    if len(set(lengths)) < 2:  # noqa: PLR2004
        return None
    widths = np.array([w.x1 - w.x0 for w in ws], dtype=np.float64)
    step, start = np.polyfit(lengths, widths, 1)
    if step <= 0 or not -step <= start <= 0.2 * step:
        return None
    spread = float(np.median(np.abs(widths - (step * lengths + start))))
    return float(step) if spread <= FIT_SHARE * step else None


EVEN_SPACES = 2.0
"""Pitches (else character widths) a scanned line's even gaps stay under to be word spaces: two typed
spaces, or a column's gap, span more."""
EVEN_SHARE = 1.25
"""How much wider a scanned line's widest gap may be than its narrowest for its spacing to be even."""


def evenly_spaced(words: Sequence[Word], unit: float) -> bool:
    """Whether a scanned line's words stand evenly apart: one phrase, one space between its words.

    A scan's ink boxes can make a word space look as wide as the gap after a label
    (``Final   Film   Supplied``, where ``pitch`` finds no monospaced face); but a value stands off
    its label further than its own words stand apart (``DATE  April 30, 1985``), so only gaps that
    are all alike are a phrase's spaces.
    """
    gaps = [b.x0 - a.x1 for a, b in pairwise(words)]
    if len(gaps) < 2 or min(gaps) <= 0:  # noqa: PLR2004 - one gap has nothing to be alike with
        return False
    return max(gaps) <= EVEN_SHARE * min(gaps) and max(gaps) < EVEN_SPACES * unit


PAIR_GAP_SHARE = 0.5
"""Share of the gap between two pairs on a line that the gap inside each pair stays under."""


def side_by_side(cells: Sequence[Sequence[Word]]) -> bool:
    """Whether a line's cells are label | value pairs side by side, by the rhythm of their gaps.

    ``Lessee  Westfield Group      Landlord  Harlan Trust``: an even number of cells, four or more, each pair's
    two close together and the pairs far apart, as no evenly set row of column headings is.
    """
    if len(cells) < 4 or len(cells) % 2:  # noqa: PLR2004 - one pair is no evidence of a rhythm
        return False
    gaps = [b[0].x0 - max(w.x1 for w in a) for a, b in pairwise(cells)]
    return max(gaps[0::2]) < PAIR_GAP_SHARE * min(gaps[1::2])
