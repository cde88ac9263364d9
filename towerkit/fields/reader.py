"""The layout reader: every label -> value pair on a page, found from positions, whatever the words.

This is how a person reads a form they have never seen: a colon, an equals sign, a dash or a
row of dots between two phrases joins them; a short phrase with a wide gap after it labels what
follows; a row of small headings labels the row under it; a rule of dashes under a header row
makes columns; a numbered clause's heading labels its sentence; a ticked box is the answer to the
question before it. The catalog plays no part (``fields.mapping`` maps pairs to fields later), so
a new form reads as well on its first copy as on its tenth.

A block of labels set flush right against values set flush left is first cut at its gutter
(``gutters``). Passes run from the most explicit evidence to the least, and a word once used is not used again:
ticked boxes and numbered clauses (``reader_marks``), tables of pairs side by side, separators on a
line, label | value tables (``reader_tables``), small captions under the values typed on their blanks
(``reader_captions``), dashed header rows and grids (``reader_grid``), label | value by a wide gap
(and a row header before its figures: ``reader_gaps``), a value typed a little off its label's line, a label
with nothing to its right takes the value under it (both ``reader_below``), and last a label and a figure
typed one space apart (``reader_gaps``). A lone value far across an empty line is then dropped unless the page's values
stand in a column there (``far_values``: a footer's two ends are no pair). Pure: words in, pairs out
(``reader_words`` prepares a scan's words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from towerkit.fields.cells import (
    DASH_GLYPHS,
    EXTEND_GAP_CHARS,
    MAX_LABEL_WORDS,
    MIN_LABELNESS,
    char_width,
    ends_statement,
    is_separator,
    labelness,
    strip_separators,
    text_of,
    without_statement_marks,
)
from towerkit.fields.far_values import in_columns
from towerkit.fields.grid_cells import is_label
from towerkit.fields.gutters import cut_at_gutters
from towerkit.fields.layout import Line, Segment, build_lines
from towerkit.fields.reader_below import below, offset
from towerkit.fields.reader_captions import read_captions
from towerkit.fields.reader_gaps import GAP_CONFIDENCE, MAX_FIGURE_WORDS, gap_pairs, label_then_figure
from towerkit.fields.reader_lists import add_value
from towerkit.fields.reader_marks import read_marks
from towerkit.fields.reader_questions import read_questions
from towerkit.fields.reader_ruled import read_grids
from towerkit.fields.reader_tables import read_kv_columns, read_kv_tables
from towerkit.fields.reader_words import dedusted, split_equals
from towerkit.fields.reading import (
    DASH_CONFIDENCE,
    EXPLICIT_CONFIDENCE,
    UNIT,
    Reading,
    collapse_leaders,
    separator_at,
)
from towerkit.models import ExtractedDoc, Pair, PairKind, Word


def read_pairs(doc: ExtractedDoc) -> tuple[Pair, ...]:
    """Every label -> value pair of the document, in reading order (page, top, left)."""
    lines = build_lines(split_equals(doc.words))
    if doc.route != "ocr":
        return read_lines(lines, export=doc.kind == "text")
    return read_lines(build_lines(dedusted(lines)), export=doc.kind == "text")


def read_lines(lines: Sequence[Line], *, export: bool = False) -> tuple[Pair, ...]:
    """The reader's passes over lines already built (see the module docstring)."""
    lines = cut_at_gutters(lines)
    r = Reading(lines, export=export)
    read_marks(r)
    read_questions(r)
    read_kv_columns(r)
    for line in lines:
        _explicit(line, r)
    read_kv_tables(r)
    read_captions(r)
    read_grids(r)
    for line in lines:
        gap_pairs(line, r)
    for line in lines:
        words = r.free(line.words)
        if len(line.segments) == 1 and len(words) == len(line.words) and labelness(words) >= MIN_LABELNESS:
            offset(line, words, GAP_CONFIDENCE, r)
    for line, label, conf in r.pending:
        if not offset(line, label, conf, r):
            below(line, label, conf, r)
    for line in lines:
        for seg in line.segments:
            label_then_figure(r.free(seg.words), r)
    return tuple(sorted(in_columns(r.pairs, lines), key=lambda p: (p.page, p.label_box[1], p.label_box[0])))


def _explicit(line: Line, r: Reading) -> None:
    """Pairs joined by a separator on this line: colon, equals, dash, leader dots."""
    segs = [s for s in line.segments if r.free(s.words)]
    for si, seg in enumerate(segs):
        words = collapse_leaders(r.free(seg.words), r)
        if words and all(is_separator(w.text) for w in words) and 0 < si < len(segs) - 1:
            _between(segs, si, words, line, r)
            continue
        seps = [(i, k) for i in range(len(words)) if (k := separator_at(words, i)) is not None]
        seps = [s for n, s in enumerate(seps) if n == 0 or s[0] != seps[n - 1][0] + 1]  # "Attendance: __": one
        if not seps:
            continue
        starts = _label_starts(words, [i for i, _ in seps])
        for n, (i, (own, conf)) in enumerate(seps):
            label = words[starts[n] : i] if own else words[starts[n] : i + 1]
            if not label and n == 0 and si > 0:
                label = r.free(segs[si - 1].words)  # the separator opens this segment: the label is the one before
            end = starts[n + 1] if n + 1 < len(seps) else _statement_end(words, i, run_on=n > 0)
            value = without_statement_marks(words[i + 1 : end])
            if _refused(label, value, conf, si):
                continue
            last = si
            if not strip_separators(value) and n + 1 == len(seps):
                value, last = _right_of(segs, si, r)
            if strip_separators(value):
                leader = _leader(words, i)
                kind: PairKind = "leader" if leader else "same_line"
                if n + 1 == len(seps):
                    add_value(r, line, label, _extend_right(segs, last, tuple(value), r, far=leader), kind, conf)
                else:
                    r.add(label, value, kind, conf)
            elif conf >= EXPLICIT_CONFIDENCE:
                r.pending.append((line, tuple(label), conf))
                r.take(label)


def _refused(label: Sequence[Word], value: Sequence[Word], conf: float, si: int) -> bool:
    """Whether a separator's label and value make no pair: no label, or a dash that joins no label to a value.

    A dash after the line's first segment is inside a value (``ADWEEK - Midwest``); one before a unit and no
    figure gives a heading its unit (``Height Above Ground - m``).
    """
    if not label or len(label) > MAX_LABEL_WORDS or labelness(label) == 0.0:
        return True
    inner_dash = si > 0 and conf == DASH_CONFIDENCE and not _label_dash_figure(label, value)
    unit = bool(value) and _heading_unit(value)
    short = labelness(label) < MIN_LABELNESS or len(label) > MAX_LABEL_WORDS // 2
    return conf < EXPLICIT_CONFIDENCE and (short or inner_dash or unit)


def _between(segs: Sequence[Segment], si: int, sep: Sequence[Word], line: Line, r: Reading) -> None:
    """A separator standing alone between two segments (a leader across a gap): left labels right.

    After a leader the value is the rest of the line: a leader runs to the value, which nothing follows
    (a scan may split ``March 30,   2016`` at a wide gap).
    """
    label, value = r.free(segs[si - 1].words), r.free(segs[si + 1].words)
    if not label or not value or labelness(label) < MIN_LABELNESS or separator_at(value, 0):
        return
    if all(w.text == "|" for w in sep) and is_label(tuple(value)):
        return  # a ruled table's cell border between two headings ("LIGHTING | PRINTED"), not a pair
    if all(w.text in DASH_GLYPHS for w in sep) and _heading_row(segs, si):
        return  # a scan's speck read as a dash between two of a row's headings
    leader = any(_leader(sep, i) for i in range(len(sep)))
    conf = EXPLICIT_CONFIDENCE if leader or sep[0].text in (":", "=") else DASH_CONFIDENCE
    if leader:
        value = _extend_right(segs, si + 1, value, r, far=True)
    r.take(sep)
    add_value(r, line, label, value, "leader" if leader else "same_line", conf)


HEADING_ROW_CELLS = 4
"""Label cells, the separator's two neighbours included, that make a line with no other separator a heading row."""


def _heading_unit(value: Sequence[Word]) -> bool:
    """A unit alone, or before more of a heading's words (``AGL - feet Height``): no value; a currency leads one."""
    first = value[0].text
    currency = first.casefold() in ("$", "usd", "(usd)", "($)")
    rest = value[1:2]
    return bool(UNIT.match(first)) and not currency and not any(c.isdigit() for w in rest for c in w.text)


def _heading_row(segs: Sequence[Segment], si: int) -> bool:
    """Whether every segment of the line but the one at ``si`` is a label and there are several: a row of headings."""
    others = [s for k, s in enumerate(segs) if k != si]
    return len(others) >= HEADING_ROW_CELLS and all(is_label(tuple(s.words)) for s in others)


def _statement_end(words: Sequence[Word], i: int, *, run_on: bool) -> int:
    """Where the last statement of a run-on line ends: at its mark, the words after it the next one's start.

    ``Licensee: Sterling Inspection Corp. • Amendment`` wraps to ``Date: November 26, 2019``: the
    value is not ``Sterling Inspection Corp. • Amendment``. Only on a line that ran statements on.
    """
    if run_on:
        for k in range(i + 1, len(words) - 1):
            if ends_statement(words[k].text):
                return k + 1
    return len(words)


def _leader(words: Sequence[Word], i: int) -> bool:
    return bool(re.search(r"[.…_]{3,}", words[i].text))


def _label_starts(words: Sequence[Word], seps: Sequence[int]) -> list[int]:
    """Where each separator's label starts: after the previous value, at the widest gap between them.

    A mark that ends a statement (``•``, ``|``, a word ending in ``;``) between the two says where:
    ``Asset ID: US-NC-5602 • Facility: Sandy Ridge East • Lease ID: L-98920`` runs statements on. Before
    the first label, such a mark ends the value the line above wrapped onto this one.
    """
    head = [s for s in range(seps[0] - 1) if ends_statement(words[s].text)] if seps else []
    starts = [head[-1] + 1 if head else 0]
    for prev, cur in pairwise(seps):
        lo, hi = prev + 2, cur  # the previous value keeps at least one word
        ends = [s for s in range(lo - 1, hi - 1) if ends_statement(words[s].text)]
        if ends:
            starts.append(ends[-1] + 1)
            continue
        if lo > hi:
            starts.append(cur if separator_at(words, cur) == (False, EXPLICIT_CONFIDENCE) else prev + 1)
            continue
        best = max(range(lo, hi + 1), key=lambda s: (words[s].x0 - words[s - 1].x1, s))
        starts.append(best)
    return starts


def _right_of(segs: Sequence[Segment], si: int, r: Reading) -> tuple[tuple[Word, ...], int]:
    """The next segment of the line as a value, unless it is a label itself; and that segment's index.

    A blank's rule or a leader standing between them (``SALES:  ._  238,282``) is passed over.
    """
    while si + 1 < len(segs) and all(is_separator(w.text) for w in segs[si + 1].words):
        si += 1
    if si + 1 >= len(segs):
        return (), si
    nxt = r.free(segs[si + 1].words)
    if si + 2 == len(segs) and r.names_a_field(nxt):
        return (), si + 1  # "Approved By:   Date" left blank: the next field's label ends the line
    if not nxt or any(separator_at(nxt, i) for i in range(len(nxt)) if not is_separator(nxt[i].text)):
        return (), si + 1
    if any(nxt[i].text in DASH_GLYPHS and _label_dash_figure(nxt[:i], nxt[i + 1 :]) for i in range(1, len(nxt) - 1)):
        return (), si + 1  # "Pay Terms - 00000": a pair of its own
    return nxt, si + 1


def _label_dash_figure(label: Sequence[Word], value: Sequence[Word]) -> bool:
    """Whether a dash joins a label to a figure (``Pay Terms - 00000``), not two parts of one value.

    A figure is short; a dash before a phrase with a number in it (``Plasticizer - 1 part LG-168``) is prose.
    """
    figure = len(value) <= MAX_FIGURE_WORDS and any(c.isdigit() for c in text_of(value))
    return figure and not any(c.isdigit() for c in text_of(label))


def _extend_right(
    segs: Sequence[Segment], k: int, value: tuple[Word, ...], r: Reading, *, far: bool = False
) -> tuple[Word, ...]:
    """The value with the segments after it on the line that are more of it, not another label.

    A typed or handwritten entry is often spaced wider than print (``S.   H.   Trebilcock``), so
    it falls apart into segments; a segment close after the value with no separator of its own
    continues it. After a leader (``far``) the rest of the line is the value, however far.
    """
    out = list(value)
    for seg in segs[k + 1 :]:
        nxt = r.free(seg.words)
        cw = char_width(out)
        if not nxt or (not far and nxt[0].x0 - out[-1].x1 > EXTEND_GAP_CHARS * cw) or _opens_pair(nxt):
            break
        out.extend(nxt)
    return tuple(out)


def _opens_pair(seg: Sequence[Word]) -> bool:
    """Whether a segment holds a label and separator of its own; a dash inside it is the value's (``A - B``)."""
    return any((k := separator_at(seg, i)) and k[1] >= EXPLICIT_CONFIDENCE for i in range(len(seg)))
