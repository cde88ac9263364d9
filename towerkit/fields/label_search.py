"""Fuzzy search for the catalog's label wordings at the start of a line's segments.

Typed labels vary by a letter, scanned ones by a misread glyph or two: a wording matches a segment's
first words when rapidfuzz scores them high enough for the key's length (short keys exactly, long ones
with room for OCR slips), and never when another word stands in a wording's place (``Report`` is not
``Record``). Lines and segments come from ``layout``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from towerkit.fields.catalog import label_key
from towerkit.fields.glyphs import misread, ocr_fold
from towerkit.fields.layout import Segment
from towerkit.models import Word

EXACT_LABEL_MAX_CHARS = 4
"""Label keys this short must match exactly: one wrong glyph makes another word."""
SHORT_LABEL_MAX_CHARS = 8
"""Label keys up to this length tolerate less fuzz than longer ones (see ``threshold``)."""
FOLDED_SCORE_CAP = 99.0
"""A label that matches only once OCR glyphs are folded scores at most this, under an exact 100."""
EXACT_SCORE = 100.0
"""The score of an exact match (rapidfuzz's scale)."""
OTHER_WORD_SCORE = 80.0
"""Most a scanned label with another word in a wording's place scores: under every OCR threshold."""
MAX_LABEL_WORDS = 9
"""Words at the start of a segment tried as a label."""


def threshold(key: str, *, ocr: bool) -> float:
    """Fuzzy score a label needs: short labels must match exactly, long ones tolerate OCR slips."""
    n = len(key)
    if n <= EXACT_LABEL_MAX_CHARS:
        return 100.0
    if n <= SHORT_LABEL_MAX_CHARS:
        return 88.0 if ocr else 94.0
    return 82.0 if ocr else 92.0


def label_score(cand: str, key: str, *, ocr: bool) -> float:
    """Fuzzy score (0-100) of a candidate label key against a catalog key.

    On OCR text, the score of the two keys with Tesseract's confusable glyphs folded together
    (``normalize.ocr_fold``) counts too, capped just under an exact match so that a wording
    read exactly always outranks one that only folds alike.
    """
    score = fuzz.ratio(cand, key)
    if not ocr:
        return score
    folded_cand, folded_key = ocr_fold(cand), ocr_fold(key)
    if score < FOLDED_SCORE_CAP:
        score = max(score, min(FOLDED_SCORE_CAP, fuzz.ratio(folded_cand, folded_key)))
    if score > OTHER_WORD_SCORE and another_word(folded_cand, folded_key, ocr=True):
        return OTHER_WORD_SCORE  # another word in a wording's place: under every OCR threshold
    return score


TYPED_WORD_SCORE = 80.0
"""rapidfuzz ratio each word of a typed label needs with the wording's word in its place: ``Monthy`` /
``Monthly`` 92 and ``Hieght`` / ``Height`` 83 pass, ``Report`` / ``Record`` 67 does not."""
READ_WORD_SCORE = 70.0
"""The same on a scan, glyphs folded: a misread keeps most of a word (``Dete`` / ``Date`` 75), another
word does not (``Report`` / ``Record`` 67)."""


@lru_cache(maxsize=65536)
def another_word(a: str, b: str, *, ocr: bool) -> bool:
    """True when a printed label puts a different word where a wording has one (``Report No.`` for ``Record No.``).

    On a text layer the letters are what was typed: a misspelling stays close to its word (``Monthy``),
    and so does a word cut short (``Out``); another word does not, however alike the rest of the label.
    A scan misreads a glyph or two of a word, not half of it. ``a`` and ``b`` are keys, folded on scans.
    """
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    in_order = min(_alike(x, y, ocr=ocr) for x, y in zip(wa, wb, strict=True))
    any_order = min(_alike(x, y, ocr=ocr) for x, y in zip(sorted(wa), sorted(wb), strict=True))
    return max(in_order, any_order) < (READ_WORD_SCORE if ocr else TYPED_WORD_SCORE)


def _alike(x: str, y: str, *, ocr: bool) -> float:
    """How alike two words are, 0-100.

    A word cut short (``Out`` for ``Outage``) counts as the word, and on a scan so does one glyph
    misread, however short the word (``TD`` for ``ID``), or two thin ones dropped (``Se`` for ``Site``).
    """
    if x.startswith(y) or y.startswith(x) or (ocr and misread(x, y)):
        return 100.0
    return fuzz.ratio(x, y)


OCR_NEAR_EXACT = 90.0
"""On OCR text, a label of 8+ characters scoring this high is the label read with one glyph wrong
(``monthly cent`` for ``monthly rent``) and takes a value to its right like an exact one."""


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label wording found at the start of a segment, covering its first ``n`` words."""

    field: str
    label: str
    segment: Segment
    n: int
    score: float

    @property
    def label_words(self) -> tuple[Word, ...]:
        """The words the label covers."""
        return self.segment.words[: self.n]

    @property
    def rest(self) -> tuple[Word, ...]:
        """The segment's words after the label: a value on the same line, if any."""
        return self.segment.words[self.n :]

    @property
    def colon(self) -> bool:
        """True when a colon ends the label: what follows is its value, even after a fuzzy match."""
        ws = self.segment.words
        return ws[self.n - 1].text.endswith(":") or (self.n < len(ws) and ws[self.n].text.startswith(":"))

    @property
    def text(self) -> str:
        """The label as printed."""
        return " ".join(w.text for w in self.label_words)


SEGMENTS_AT_ONCE = 128
"""Segments whose prefixes are scored against the wordings in one grid (memory: up to 9 prefixes x wordings x
8 bytes a segment, ~20 kB at 300 wordings)."""


def match_segments(
    segs: Sequence[Segment], wordings: Sequence[tuple[str, str, str]], *, ocr: bool
) -> list[LabelHit | None]:
    """The best label (field, wording, key) starting each segment: longest first, then best score.

    Why together: every segment's label prefixes meet every wording of the document type, millions
    of pairs a corpus. rapidfuzz scores each grid of them in C (``process.cdist``, raw and folded), and
    only the pairs that reach their threshold there are scored again, one by one, as before.
    """
    keyed = [(f, w, k) for f, w, k in wordings if k]
    shapes = [_key_shape(k, ocr=ocr) for _, _, k in keyed]
    thresholds = np.array([thr for thr, _ in shapes]) - 1e-6
    out: list[LabelHit | None] = []
    for start in range(0, len(segs), SEGMENTS_AT_ONCE):
        chunk = segs[start : start + SEGMENTS_AT_ONCE]
        prefixes = [_prefixes(seg) for seg in chunk]
        cands = [cand for ps in prefixes for _, cand, _ in ps]
        if not cands or not keyed:
            out += [None] * len(chunk)
            continue
        reach = _scores(cands, [k for _, _, k in keyed], ocr=ocr) >= thresholds
        row = 0
        for seg, ps in zip(chunk, prefixes, strict=True):
            passing = zip(*np.nonzero(reach[row : row + len(ps)].T), strict=True)  # wording by wording
            out.append(_best(seg, [(keyed[j], shapes[j], ps[i]) for j, i in passing], ocr=ocr))
            row += len(ps)
    return out


@lru_cache(maxsize=65536)
def _key_shape(key: str, *, ocr: bool) -> tuple[float, int]:
    """A key's threshold and its number of words."""
    return threshold(key, ocr=ocr), len(key.split())


def _prefixes(seg: Segment) -> list[tuple[int, str, int]]:
    """The segment's first 1..MAX_LABEL_WORDS words as label keys: (words, key, words of the key)."""
    words = seg.words
    keys = ((n, label_key(" ".join(w.text for w in words[:n]))) for n in range(1, min(len(words), MAX_LABEL_WORDS) + 1))
    return [(n, key, len(key.split())) for n, key in keys if key]


def _scores(cands: list[str], keys: list[str], *, ocr: bool) -> npt.NDArray[np.float64]:
    """Every candidate's ``fuzz.ratio`` with every key, on a scan the better of it and the folded keys' one.

    Never below ``label_score``, which caps the folded score and lowers another word's: what stays under
    a threshold here stays under it there.
    """
    raw: npt.NDArray[np.float64] = process.cdist(cands, keys, scorer=fuzz.ratio, workers=1)
    if not ocr:
        return raw
    folded: npt.NDArray[np.float64] = process.cdist(
        [ocr_fold(c) for c in cands], [ocr_fold(k) for k in keys], scorer=fuzz.ratio, workers=1
    )
    return np.maximum(raw, folded)


def _best(
    seg: Segment, pairs: list[tuple[tuple[str, str, str], tuple[float, int], tuple[int, str, int]]], *, ocr: bool
) -> LabelHit | None:
    """The best-ranked of the (wording, its shape, prefix) pairs that may reach their threshold."""
    best: tuple[tuple[int, int, int], LabelHit] | None = None
    for (fname, wording, key), (thr, kw), (n, cand, cw) in pairs:
        if abs(cw - kw) > 1 or (cand != key and thr >= EXACT_SCORE):
            continue
        score = 100.0 if cand == key else label_score(cand, key, ocr=ocr)
        if score >= thr:
            rank = (round(score), n, len(key))
            if best is None or rank > best[0]:
                best = (rank, LabelHit(fname, wording, seg, n, score))
    return None if best is None else _with_unit(best[1])


def _with_unit(hit: LabelHit) -> LabelHit:
    """The hit with a unit or qualifier after its label taken in: ``(ft)``, ``(m)``, ``(AGL)``, ``(%)``."""
    words = hit.segment.words
    n = hit.n
    while (
        n < len(words)
        and re.fullmatch(r"\(?[A-Za-z%#.]{1,6}\)?:?", words[n].text)
        and words[n].text.startswith("(")
        and words[n].text.rstrip(":").endswith(")")
    ):
        n += 1
    return LabelHit(hit.field, hit.label, hit.segment, n, hit.score) if n != hit.n else hit


def segment_key(seg: Segment) -> str:
    """The segment's text as a label key (``catalog.label_key``), for matching catalog wordings."""
    return label_key(seg.text)
