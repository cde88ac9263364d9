"""Ticked boxes: pairs that marks make, not positions (numbered clauses are ``reader_clauses``'s).

A line of options with boxes before them answers the question printed before the first box: the
ticked option is the value (``Status: [X] Approved [ ] Denied`` -> Status = Approved); on a scan whose
ticked box OCR dropped, the one option left without a box among empty ones. Boxes that lead a line
answer the question after them (``[X] Yes [ ] No  Charges filed?``), or the line above: a list one
option a line, or options run on from the asking line. Boxes a PDF draws and boxes a scan's pixels
show reach here as ``☒``/``☐`` words (``engines.drawn_boxes``, ``engines.scan_boxes``).
"""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.fields.cells import (
    CHECKED,
    MIN_LABELNESS,
    UNCHECKED,
    clean_label,
    height,
    label_digits,
    labelness,
    ocr_view,
    printed_smaller,
    strip_separators,
    text_of,
    without_item_number,
)
from towerkit.fields.layout import Line
from towerkit.fields.reader_clauses import CLAUSE_MAX_HEADING_WORDS, read_clause
from towerkit.fields.reading import Reading
from towerkit.models import Word

CHECKBOX_CONFIDENCE = 0.85
"""The ticked one of several boxes: marks are explicit, but OCR confuses empty and ticked glyphs."""
UNBOXED_CONFIDENCE = 0.6
"""The option left without a box among empty ones: inferred from what OCR did not read."""
MAX_OPTION_WORDS = 4
"""Words an option has at most (``Yes``, ``L-865 white medium``)."""
MAX_LIST_OPTIONS = 8
"""Lines of a one-option-a-line list above the ticked one that may still lead to its question."""
CAPTION_MAX_GAP = 1.5
"""Line heights between a caption and the row of boxes under it that answers it."""


def read_marks(r: Reading) -> None:
    """Checkbox answers and clause headings, before any pass could take their words apart."""
    for line in r.lines:
        _checkboxes(line, r)
    for line in r.lines:
        read_clause(line, r)


def _boxes(words: Sequence[Word]) -> list[tuple[int, bool]]:
    """Positions of box glyphs and whether each is ticked; ``[ ]`` split into two words counts once (``{[ ]`` too)."""
    out: list[tuple[int, bool]] = []
    for i, w in enumerate(words):
        t = w.text
        if t in CHECKED:
            out.append((i, True))
        elif t in UNCHECKED or (_open_half(t) and i + 1 < len(words) and words[i + 1].text == "]"):
            out.append((i, False))
    return out


def _open_half(text: str) -> bool:
    """A box's left half before a lone ``]``: ``[``, or the ``{[`` or ``{`` a scan reads it as (no letter, figure)."""
    return len(text) <= 2 and not any(c.isalnum() for c in text)  # noqa: PLR2004


def _checkboxes(line: Line, r: Reading) -> None:
    words = r.free(line.words)
    marks = _boxes(words)
    scanned = list(words)
    if any(w.conf is not None for w in words):
        view = ocr_view(words)
        seen = _boxes(view)
        raw_ticked = any(ticked for _, ticked in marks)
        one_ticked = sum(1 for _, ticked in seen if ticked) == 1 and len(seen) >= 2  # noqa: PLR2004
        if one_ticked and (not raw_ticked or len(seen) > len(marks)):
            words, marks = tuple(view), seen  # the garbled boxes too, or the first option joins the question
        elif not raw_ticked:
            _unboxed_answer(line, r)
            return
    if not any(ticked for _, ticked in marks):
        return
    first = marks[0][0]
    label, siblings, end_of_options = _question(words, marks, line, r)
    if not label:
        return
    options = []
    for n, (i, ticked) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else end_of_options
        opt = tuple(w for w in words[i + 1 : end] if w.text != "]")
        if ticked and opt:
            options.append(opt)
    if not options or not clean_label(text_of(label)):
        return
    value = tuple(w for opt in options for w in opt)
    if r.add(label, value, "checkbox", CHECKBOX_CONFIDENCE):
        garbled = any(w is not v for w, v in zip(words, scanned, strict=False)) or len(words) != len(scanned)
        r.take(scanned if garbled else words[first:end_of_options])  # what precedes the question is another pair's
        r.take(siblings)


def _question(
    words: Sequence[Word], marks: Sequence[tuple[int, bool]], line: Line, r: Reading
) -> tuple[tuple[Word, ...], tuple[Word, ...], int]:
    """The question a row of boxes answers, the other options' words, and where the options end.

    Before the boxes, else after them, else the caption over the first box, else the line above a list.
    """
    first = marks[0][0]
    label = _own_question(strip_separators(words[:first]), line)  # a blank's stray rule before the boxes
    if label and not _asks(label):
        label = ()  # a figure before the boxes is another cell's value (``1288517 | [X] Guyed [ ] Monopole``)
    if label and _apart(label[-1], words[first], line) and not text_of(label).rstrip().endswith((":", "?")):
        label = _small_caption(words[first], line, r) or label  # a cell's value, another caption's (``Cedar Hollow``)
    siblings: tuple[Word, ...] = ()
    end_of_options = len(words)
    if not label:
        label, end_of_options = _question_after(words, marks[-1][0], line)
    if not label:
        label = _caption_over(words[first], line, r)
    if not label:
        label, siblings = _question_above(line, r)
    if end_of_options == len(words):
        end_of_options = _cell_end(words, marks[-1][0], line)
    return label, siblings, end_of_options


def _apart(a: Word, b: Word, line: Line) -> bool:
    """Whether two words of a line stand in different cells (segments)."""
    return not any(a in s.words and b in s.words for s in line.segments)


def _asks(words: Sequence[Word]) -> bool:
    """Whether words read as a question or caption: label-shaped, no figure."""
    words = without_item_number(words)
    return labelness(words) >= MIN_LABELNESS and label_digits(text_of(words)) == 0


def _caption_over(box: Word, line: Line, r: Reading) -> tuple[Word, ...]:
    """The caption printed over a row's first box: a form's boxed choice (``2b. Structure Type`` / ``[X] Guyed``).

    The line just above, close, holding a label-shaped cell with no box of its own that spans the box's left edge.
    A cell that starts right after a box on that line is the box's option (``[`` | ``] Guyed`` on a scan), no caption.
    """
    if line.index == 0:
        return ()
    above = r.lines[line.index - 1]
    h = height(line.words)
    if above.page != line.page or line.top - above.bottom > CAPTION_MAX_GAP * h:
        return ()
    options = {id(above.words[i + 1]) for i, _ in _boxes(above.words) if i + 1 < len(above.words)}
    for seg in above.segments:
        ws = r.free(seg.words)
        if ws and ws[0].x0 - h <= box.x0 <= max(w.x1 for w in ws) and not _boxes(ws) and _asks(ws):
            return () if id(ws[0]) in options else ws  # a box's option, its box read as a cell apart: no caption
    return ()


def _small_caption(box: Word, line: Line, r: Reading) -> tuple[Word, ...]:
    """The caption over a box when printed smaller than the boxes' line, as a form box's caption is."""
    caption = _caption_over(box, line, r)
    return caption if caption and printed_smaller(caption, line.words) else ()


def _cell_end(words: Sequence[Word], last_box: int, line: Line) -> int:
    """Where the last option ends: with its box's cell (the box alone in one, the next), not the line.

    ``[ ] FAIL   [X] Passed      59.4``: the figure past the gap is the next caption's value, no part of the option.
    """
    seg_of = {id(w): k for k, s in enumerate(line.segments) for w in s.words}
    own = seg_of.get(id(words[last_box]))
    if own is None:
        return len(words)
    if last_box + 1 < len(words) and seg_of.get(id(words[last_box + 1])) != own:
        own = seg_of.get(id(words[last_box + 1]))  # the box set apart from its option
    return next((k for k in range(last_box + 1, len(words)) if seg_of.get(id(words[k])) != own), len(words))


def _own_question(before: Sequence[Word], line: Line) -> tuple[Word, ...]:
    """The question the boxes answer: the words before them in the last one's segment, from a colon on.

    ``Age: 1 Year 9 Months   Gender: [ ] Female [X] Male`` asks ``Gender``; ``Age`` and its value are
    another pair on the same line, left to the line pass.
    """
    if not before:
        return ()
    seg = next((s.words for s in line.segments if any(w is before[-1] for w in s.words)), ())
    own = tuple(w for w in before if any(w is v for v in seg)) or tuple(before)
    colons = [k for k, w in enumerate(own[:-1]) if w.text.endswith(":")]
    return own[colons[-1] + 1 :] if colons else own


def _question_after(words: Sequence[Word], last_box: int, line: Line) -> tuple[tuple[Word, ...], int]:
    """Boxes that lead a line answer the question printed after them: ``[X] Yes [ ] No   Charges filed?``.

    The last option ends with the segment its box starts; the next segment is the question when it ends
    in a question mark or a colon. Returns (question, where the options end).
    """
    seg_of = {id(w): k for k, s in enumerate(line.segments) for w in s.words}
    start = seg_of.get(id(words[last_box]))
    after = [k for k in range(last_box + 1, len(words)) if seg_of.get(id(words[k])) != start]
    if start is None or not after:
        return (), len(words)
    nxt = seg_of.get(id(words[after[0]]))
    question = tuple(w for w in words[after[0] :] if seg_of.get(id(w)) == nxt)
    if not text_of(question).rstrip().endswith(("?", ":")):
        return (), len(words)
    return question, after[0]


def _unboxed_answer(line: Line, r: Reading) -> None:
    """On a scan, ``Question: | [ ] Yes | No``: the one option whose box OCR did not read is the ticked one.

    A ticked box prints as a filled or crossed square, which Tesseract often drops as no glyph at all,
    or reads as a stray sign (``@``, ``©``), while the empty boxes beside it read as ``[ ]``. Only a
    question ending in a colon, two or more options each its own segment, every option but one behind an
    empty box; a sign before an option's box or in its place is no part of the option.
    """
    segs = [_unmarked(ocr_view(ws)) for s in line.segments if (ws := r.free(s.words))]
    scanned = any(w.conf is not None for s in segs for w in s)  # a scan's boxes found in its pixels carry no conf
    if len(segs) < 3 or not segs[0][-1].text.endswith(":") or not scanned:  # noqa: PLR2004
        return
    bare = [s for s in segs[1:] if s[0].text not in UNCHECKED]
    if len(bare) != 1 or len(bare[0]) > MAX_OPTION_WORDS or _boxes(bare[0]):
        return
    if r.add(segs[0], bare[0], "checkbox", UNBOXED_CONFIDENCE):
        r.take(r.free(line.words))


def _unmarked(words: list[Word]) -> list[Word]:
    """An option's words without the lone signs before it (``@``, ``©``: a box a scan read as a sign)."""
    k = 0
    while k < len(words) - 1 and len(words[k].text) <= 2 and not any(c.isalnum() for c in words[k].text):  # noqa: PLR2004
        if words[k].text in UNCHECKED:
            break
        k += 1
    return words[k:]


MAX_QUESTION_WORDS = 16
"""Words of a question over its options (``8) What is the current status of the permit?``): one printed line."""


def _question_above(line: Line, r: Reading) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The question when the options stand on lines of their own, and the other options' words.

    A list printed one option a line (``Result:`` / ``[ ] Pass`` / ``[X] Failed``) may tick any of
    them: the question is the first line above without a box (its cell over the ticked box, when a row of
    headings), over the options above this one, each led by a box at this line's left edge. Options that run
    on from the question's own line (``Lighting: [ ] Red [ ] White`` / ``[X] Dual``) answer that line's question.
    """
    siblings: list[Word] = []
    left = line.words[0].x0
    for above in reversed(r.lines[max(0, line.index - MAX_LIST_OPTIONS) : line.index]):
        if above.page != line.page:
            break
        marks = _boxes(above.words)
        if not marks:  # the question is the cell over the ticked box's column, not the row of headings it is in
            at = next((line.words[i].x0 for i, ticked in _boxes(line.words) if ticked), left)
            over = [s for s in above.segments if s.x0 - height(line.words) <= at <= s.x1]
            words = r.free(over[0].words if len(above.segments) > 1 and over else above.words)
            asks = bool(words) and words[-1].text.endswith("?") and len(words) <= MAX_QUESTION_WORDS
            ok = 0 < len(words) <= CLAUSE_MAX_HEADING_WORDS + 2 or asks  # a question may run longer than a caption
            return (words, tuple(siblings)) if ok else ((), ())
        if marks[0][0] != 0:  # options run on from the line that asks: "Lighting: [ ] A [ ] B" / "[X] C"
            asked = _own_question(r.free(above.words[: marks[0][0]]), above)
            if asked and not _asks(asked):  # another cell's figure before them: the caption over their first box
                asked = _small_caption(above.words[marks[0][0]], above, r) or asked
            return (asked, tuple(siblings)) if asked and not siblings else ((), ())
        if abs(above.words[0].x0 - left) > height(line.words):
            break
        siblings.extend(r.free(above.words))
    return (), ()
