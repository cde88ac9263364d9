"""Where a value sits relative to its label: right, below, in a ruled grid, in prose, in a table column.

Each strategy yields ``Candidate``s (raw text, words for the box, the label that led there, a
quality 0-1); extract.py normalizes them in order and keeps the first that parses.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from towerkit.fields.catalog import FieldSpec, label_key
from towerkit.fields.cells import strip_separators
from towerkit.fields.label_search import (
    EXACT_SCORE,
    OCR_NEAR_EXACT,
    LabelHit,
    label_score,
    match_segments,
    segment_key,
    threshold,
)
from towerkit.fields.layout import Line, Segment
from towerkit.fields.mapping import clause_value, label_parts, names_position
from towerkit.fields.normalize import Unparseable, norm_percent
from towerkit.models import FieldValue, Pair, Table, Word

LONG_LABEL_CHARS = 8
"""On OCR text, a label key this long that scores ``OCR_NEAR_EXACT`` counts as exact."""
BELOW_MARGIN = 10
"""Points left of a label a value below it may start (values are set a little left of labels)."""
SPLIT_LABEL_GAP = 30
"""Points between a label segment and the one before it under which both are one label."""
BELOW_MAX_LINES = 5
"""Lines under a label searched for its value."""
BELOW_MAX_GAP = 3.5
"""Label heights between a label and the line below it beyond which that line is not its value."""
MIN_LINE_HEIGHT = 4.0
"""Points: the least line height used for gaps, so a line of tiny glyphs does not shrink them."""
CONTINUATION_MAX_LINES = 7
"""Lines a multi-line value may continue over."""
CONTINUATION_MAX_GAP = 1.2
"""Line heights between the lines of one multi-line value."""
CONTINUATION_INDENT = 8
"""Points a continuation line's first word may sit off the value's first word."""
PROSE_QUALITY = 0.9
"""Quality of a value read by a prose pattern (a label in the layout is better evidence)."""
MAX_PERCENT = 1000
"""Largest percentage accepted in a table column (stress ratios exceed 100, never 1000)."""
HEADER_ROWS = 3
"""Rows at the top of a table searched for a column header."""
COLUMN_MAX_LINES = 60
"""Lines under a column header scanned for its values."""
COLUMN_MARGIN = 12
"""Points either side of a column header a value's centre may fall."""
CELL_MAX_WORDS = 2
"""Words a column cell holds at most: more is running text under the table."""
COLUMN_MAX_MISSES = 2
"""Lines in a row without a value after which the column has ended."""
DROPPED_POINT_MIN_VALUES = 3
"""Values a column needs before its decimal style says anything about a missing point."""
DROPPED_POINT_SHARE = 0.6
"""Share of a column's values printed with one decimal above which a bare integer lost its point."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible value for a field: its text, words (for the box), label, quality and strategy."""

    raw: str
    words: tuple[Word, ...]
    label: str | None
    quality: float
    how: str


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words).strip()


def hits_by_segment(
    lines: Sequence[Line], wordings: Sequence[tuple[str, str, str]], *, ocr: bool
) -> dict[tuple[int, int], LabelHit]:
    """Every segment that starts with a known label, keyed by (line index, segment index)."""
    keyed: list[tuple[int, Segment]] = []
    for line in lines:
        for seg in line.segments:
            words = seg.words
            labelled = seg
            if words and not any(c.isalnum() for c in words[0].text) and len(words) > 1:
                labelled = Segment(seg.page, seg.line, seg.index, words[1:])
            keyed.append((line.index, labelled))
    hits = match_segments([seg for _, seg in keyed], wordings, ocr=ocr)
    return {(index, seg.index): hit for (index, seg), hit in zip(keyed, hits, strict=True) if hit is not None}


def label_candidates(
    hit: LabelHit,
    lines: Sequence[Line],
    hits: dict[tuple[int, int], LabelHit],
    spec: FieldSpec,
    *,
    ocr: bool = False,
) -> Iterator[Candidate]:
    """Right of the label in the same segment, then the next segment, then the cell below.

    A value in the label's own segment without a colon between them is taken only after an exact
    label (prose lines start with label-like words), or on OCR text after a long label read with
    one glyph wrong (``OCR_NEAR_EXACT``).
    """
    q = hit.score / 100.0
    seg = hit.segment
    line = lines[seg.line]
    rest = tuple(w for w in hit.rest if w.text not in (":", "|"))
    exact = hit.score >= EXACT_SCORE or (
        ocr and hit.score >= OCR_NEAR_EXACT and len(label_key(hit.label)) >= LONG_LABEL_CHARS
    )
    if rest and (hit.colon or (exact and spec.type != "text")):
        yield _continued(Candidate(_text(rest).lstrip(":").strip(), rest, hit.text, q, "right"), lines, hits, spec)
    nxt = line.segments[seg.index + 1] if seg.index + 1 < len(line.segments) else None
    if not rest and nxt is not None and (line.index, nxt.index) not in hits:
        ws = tuple(w for w in nxt.words if w.text not in (":", "|"))
        if ws:
            yield _continued(Candidate(_text(ws), ws, hit.text, q * 0.98, "right"), lines, hits, spec)
    if rest:
        return
    # value below: the first line beneath whose words fall in the label's column
    left = seg.x0 - BELOW_MARGIN
    prev = line.segments[seg.index - 1] if seg.index > 0 else None
    if prev is not None and (line.index, prev.index) not in hits and seg.x0 - prev.x1 < SPLIT_LABEL_GAP:
        left = prev.x0 - BELOW_MARGIN  # "Case / Permit No." split at the slash: one label, one column
    right = nxt.x0 - 2 if nxt is not None else float("inf")
    height = max(MIN_LINE_HEIGHT, seg.bottom - seg.top)
    for below in lines[line.index + 1 : line.index + 1 + BELOW_MAX_LINES]:
        if below.page != line.page or below.top - line.bottom > BELOW_MAX_GAP * height:
            break
        ws = strip_separators([w for w in below.words if left <= w.x0 < right])
        if not ws:
            continue  # a rule under the label (``REMARKS`` over ``-------``): the value is under it
        if any((below.index, s.index) in hits for s in below.segments if s.words[0] in ws):
            break
        yield _continued(Candidate(_text(ws), ws, hit.text, q * 0.95, "below"), lines, hits, spec)
        break


def _continued(
    c: Candidate, lines: Sequence[Line], hits: dict[tuple[int, int], LabelHit], spec: FieldSpec
) -> Candidate:
    """Multi-line free text: add following lines that start under the value's first word."""
    if not spec.multiline or not c.words:
        return c
    first = c.words[0]
    words = list(c.words)
    li = _line_of(lines, first)
    if li is None:
        return c
    prev = lines[li]
    for nxt in lines[li + 1 : li + 1 + CONTINUATION_MAX_LINES]:
        gap = nxt.top - prev.bottom
        if nxt.page != prev.page or gap > CONTINUATION_MAX_GAP * max(MIN_LINE_HEIGHT, prev.bottom - prev.top):
            break
        start = nxt.words[0]
        if abs(start.x0 - first.x0) > CONTINUATION_INDENT or (nxt.index, 0) in hits:
            break
        words.extend(nxt.words)
        prev = nxt
    return Candidate(_text(words), tuple(words), c.label, c.quality, c.how)


def _line_of(lines: Sequence[Line], word: Word) -> int | None:
    for line in lines:
        if line.page == word.page and word in line.words:
            return line.index
    return None


# --- ruled key/value grids -----------------------------------------------------------------


@lru_cache(maxsize=4096)
def _best_wording(ck: str, wordings: tuple[tuple[str, str, str], ...], *, ocr: bool) -> tuple[float, str, str]:
    """The wording a table cell's key matches best: (score, field, key); the same for every field asking."""
    best, _, field, key = max((100.0 if ck == k else label_score(ck, k, ocr=ocr), len(k), f, k) for f, _, k in wordings)
    return best, field, key


def table_candidates(
    spec: FieldSpec, wordings: Sequence[tuple[str, str, str]], tables: Sequence[Table], *, ocr: bool
) -> Iterator[Candidate]:
    """Label cells of 2- or 4-column key/value tables; the value is the cell to the right.

    A cell counts for this field only if no other field's wording (decoys included) matches it better.
    """
    keyed = tuple(w for w in wordings if w[2])
    if not keyed:
        return
    for t in tables:
        for row in t.rows:
            cells = [c or "" for c in row]
            for i in range(len(cells) - 1):
                ck = label_key(cells[i])
                if not ck or not cells[i + 1].strip():
                    continue
                best, fbest, kbest = _best_wording(ck, keyed, ocr=ocr)
                if fbest == spec.name and best >= threshold(kbest, ocr=ocr):
                    yield Candidate(" ".join(cells[i + 1].split()), (), cells[i], 0.95 * best / 100, "table")


# --- prose ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's running text, with each word's character span so a match maps back to words."""

    page: int
    text: str
    spans: tuple[tuple[int, int, Word], ...]


def page_texts(lines: Sequence[Line]) -> list[PageText]:
    """Running text per page (lines joined by newlines) with each word's character span."""
    out: list[PageText] = []
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, plines in sorted(by_page.items()):
        parts: list[str] = []
        spans: list[tuple[int, int, Word]] = []
        pos = 0
        for line in plines:
            for w in line.words:
                spans.append((pos, pos + len(w.text), w))
                parts.append(w.text + " ")
                pos += len(w.text) + 1
            parts[-1] = parts[-1][:-1] + "\n"
        out.append(PageText(page, "".join(parts), tuple(spans)))
    return out


def prose_candidates(spec: FieldSpec, texts: Sequence[PageText]) -> Iterator[Candidate]:
    """Values captured by the field's prose patterns (group ``v``, else the whole match)."""
    for pt in texts:
        for rx in spec.compiled_patterns():
            for m in rx.finditer(pt.text):
                try:
                    start, end = m.span("v")
                except IndexError:
                    start, end = m.span()
                ws = tuple(w for s, e, w in pt.spans if s < end and e > start)
                yield Candidate(" ".join(pt.text[start:end].split()), ws, None, PROSE_QUALITY, "prose")


# --- table aggregates ----------------------------------------------------------------------


def _pct(cell: str) -> float | None:
    s = re.sub(r"^(\d+)[:,](\d)$", r"\1.\2", cell.strip())  # OCR misread the decimal point
    if not re.fullmatch(r"[\dOolI.,% ]{1,8}", s) or not any(c.isdigit() for c in s):
        return None
    try:
        v = float(norm_percent(s).value)
    except Unparseable:
        return None
    return v if 0 <= v <= MAX_PERCENT else None


def column_max(spec: FieldSpec, tables: Sequence[Table], lines: Sequence[Line], *, ocr: bool) -> Candidate | None:
    """The largest number in the column whose header matches one of ``column_labels``."""
    keys = [label_key(c) for c in spec.column_labels]
    if not keys:
        return None
    for t in tables:
        if not t.rows:
            continue
        for hi, header in enumerate(t.rows[:HEADER_ROWS]):
            col = _best_col([c or "" for c in header], keys, ocr=ocr)
            if col is None:
                continue
            vals = [
                (v, cell)
                for r in t.rows[hi + 1 :]
                if col < len(r)
                for cell in [r[col]]
                if cell
                for v in [_pct(cell)]
                if v is not None
            ]
            if vals:
                _, raw = max(vals, key=lambda x: x[0])
                return Candidate(raw, (), header[col], 0.95, "column")
    for line in lines:
        for seg in line.segments:
            sk = segment_key(seg)
            if not sk or max((label_score(sk, k, ocr=ocr) if sk != k else 100.0 for k in keys), default=0) < threshold(
                max(keys, key=lambda k: label_score(sk, k, ocr=ocr)), ocr=ocr
            ):
                continue
            found = _fix_dropped_points(_scan_column(seg, lines[line.index + 1 :]))
            if found:
                best = max(found, key=lambda x: x[0])
                return Candidate(f"{best[0]:g}", (best[1],), seg.text, 0.85, "column")
    return None


def _best_col(cells: Sequence[str], keys: Sequence[str], *, ocr: bool) -> int | None:
    best, col = 0.0, None
    for i, c in enumerate(cells):
        ck = label_key(c)
        if not ck:
            continue
        for k in keys:
            s = 100.0 if ck == k else label_score(ck, k, ocr=ocr)
            if s >= threshold(k, ocr=ocr) and (s, len(k)) > (best, 0):
                best, col = s, i
    return col


def _fix_dropped_points(found: list[tuple[float, Word]]) -> list[tuple[float, Word]]:
    """In a column printed with one decimal, an OCR value without its point (``128`` for 12.8) is rescaled."""
    texts = [w.text.strip("%") for _, w in found]
    dec = [t for t in texts if re.fullmatch(r"\d+\.\d", t)]
    if len(found) < DROPPED_POINT_MIN_VALUES or len(dec) < DROPPED_POINT_SHARE * len(found):
        return found
    out = []
    for v, w in found:
        t = w.text.strip("%")
        out.append((v / 10 if re.fullmatch(r"\d{2,4}", t) else v, w))
    return out


def _scan_column(header: Segment, below: Sequence[Line]) -> list[tuple[float, Word]]:
    left, right = header.x0 - COLUMN_MARGIN, header.x1 + COLUMN_MARGIN
    found: list[tuple[float, Word]] = []
    misses = 0
    for line in below[:COLUMN_MAX_LINES]:
        if line.page != header.page:
            break
        ws = [w for w in line.words if left <= (w.x0 + w.x1) / 2 <= right]
        if len(ws) > CELL_MAX_WORDS:  # running text under the table, not a cell
            if found:
                break
            continue
        vals = [(v, w) for w in ws for v in [_pct(w.text)] if v is not None]
        if vals:
            found.extend(vals)
            misses = 0
        elif found:
            misses += 1
            if misses >= COLUMN_MAX_MISSES:
                break
    return found


SENTENCE_OPENERS = frozenset({"The", "This", "That", "These", "Its", "It", "Such"})
"""First words that make a value a sentence (a clause whose heading OCR split off), not a name."""


def pair_candidates(spec: FieldSpec, pairs: Sequence[Pair]) -> Iterator[Candidate]:
    """The layout reader's pairs mapped to this field, best label match and confidence first.

    Of two labels that name the field equally well, the one its catalog entry lists first wins: an entry
    lists its own name before looser wordings (``Inspection Company`` before ``Prepared By``, which on
    many reports names the person who wrote it).
    """
    position = spec.type in ("coordinate_lat", "coordinate_lon")
    mine = [p for p in pairs if p.field == spec.name or (position and names_position(p.label))]
    keys = [label_key(w) for w in spec.labels]
    rank = {p.label: next((i for i, k in enumerate(keys) if k == label_key(p.label)), len(keys)) for p in mine}
    for p in sorted(mine, key=lambda p: (-(p.field_score or 0.0) * p.confidence, rank[p.label])):
        label = _text(p.label_words) or p.label
        label = p.label if label_parts(p.label).metres and not label_parts(label).metres else label  # a unit column's
        sentence = p.kind == "clause" or p.value.split(" ", 1)[0] in SENTENCE_OPENERS
        name = spec.type == "text" and not spec.multiline  # notes are the sentences themselves
        raw = clause_value(p.value) if sentence and name else p.value
        yield Candidate(raw, p.value_words, label, (p.field_score or 0.0) * p.confidence, "pair")


def mark_chosen(pairs: Sequence[Pair], fields: Sequence[FieldValue]) -> tuple[Pair, ...]:
    """The pairs with ``chosen`` set where a field's value sits in the pair's value box."""
    at = {f.field: f for f in fields if f.page is not None and f.x0 is not None}
    out = []
    for p in pairs:
        f = at.get(p.field) if p.field else None
        hit = f is not None and f.page == p.page and _inside(f, p.value_box)
        out.append(dataclasses.replace(p, chosen=True) if hit else p)
    return tuple(out)


def _inside(f: FieldValue, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = ((f.x0 or 0.0) + (f.x1 or 0.0)) / 2, ((f.top or 0.0) + (f.bottom or 0.0)) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1
