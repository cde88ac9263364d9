"""Layout fingerprints: what a document's STATIC text (labels, headings) looks like, not its values.

Two documents printed from one template share their labels and headings in the same order and
roughly the same place; they differ in values (numbers, dates, ids, names). So the fingerprint keeps
only words that look static and describes them by shingles:

* ``w|page|word``            - the static vocabulary of each page,
* ``b|page|word|next``       - reading-order bigrams (label order; a moved field breaks two of them),
* ``y|page|word|band``       - the word's vertical band, ``band = round((top - page_top) / band_pt)``,
  measured from the page's first static word so a scan's margin offset or a uniform shift of the
  whole page costs nothing; ``band_pt`` (24 pt) is coarse enough for OCR jitter of a few points.

A word is dropped as a *value* when it: is a low-confidence OCR word (``conf < min_conf``); lies in
the box of an extracted field value; contains a digit (numbers, dates, ids, money); or sits after a
label on its line: after the first word ending in ``:`` (or ``=``) of a line segment, and in a
segment without a label of its own that follows a segment ending in ``:`` (a value set apart from
its label by a wide gap). Segments are runs of words on a line closer than ``1.2 x`` the median word
height (at least 8 pt).
Words are lower-cased and stripped to letters (accents folded), so ``Height:`` from a text layer and
``HEIGHT`` from Tesseract agree; words shorter than two letters are dropped.

``exact`` is the sha256 of the sorted shingle set: identical for two documents of one layout whose
values differ. ``signature`` is a 64-value MinHash over blake2b (numpy-vectorized) (fixed keys; never Python's
``hash()``, which is salted per process), so it is the same on every run and machine.
Labels (end of module): ``same_label``, ``label_printed`` and ``label_at`` tell the drift rules whether
a template's label wording is what a document prints, from its shingles or, on scans, its OCR words
(``ocr_fold`` forgives the glyphs Tesseract confuses).

This module is pure: no I/O, no duckdb, no pdfplumber.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz

from towerkit.fields.glyphs import ocr_fold
from towerkit.models import FieldValue, Fingerprint, Word

SIGNATURE_SIZE = 64
BAND_PT = 24.0
"""Vertical quantum of position shingles (points)."""
MIN_CONF = 50.0
"""OCR words below this Tesseract confidence are too unreliable to describe a layout."""

MIN_TOKEN_LEN = 2
"""Normalized words shorter than this (single letters, OCR specks) describe no layout."""

_PRIME = (1 << 31) - 1
"""MinHash modulus: products of two values below it fit numpy's uint64 without overflow."""
_LETTERS = re.compile(r"[^a-z]+")


def _seeds(n: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = [], []
    for i in range(n):
        d = hashlib.blake2b(f"towerkit-minhash-{i}".encode(), digest_size=8).digest()
        a.append(int.from_bytes(d[:4], "big") % (_PRIME - 1) + 1)
        b.append(int.from_bytes(d[4:], "big") % _PRIME)
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


_SEEDS = _seeds(SIGNATURE_SIZE)


def normalize_token(text: str) -> str:
    """Lower-case ASCII letters only (accents folded, punctuation and digits removed)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _LETTERS.sub("", folded.lower())


def normalize_label(text: str | None) -> str:
    """A label compared across documents: its normalized words joined by one space."""
    if not text:
        return ""
    return " ".join(t for t in (normalize_token(w) for w in text.split()) if t)


def _in_box(w: Word, f: FieldValue) -> bool:
    if f.page != w.page or f.x0 is None or f.top is None or f.x1 is None or f.bottom is None:
        return False
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return f.x0 - 1 <= cx <= f.x1 + 1 and f.top - 1 <= cy <= f.bottom + 1


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Group one page's words into lines by vertical centre, each line sorted left to right."""
    if not words:
        return []
    heights = [max(w.bottom - w.top, 1.0) for w in words]
    tol = max(2.0, 0.5 * statistics.median(heights))
    # Every coordinate and the text break ties: words on one spot in another order are the same page.
    ordered = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0, w.text, w.x1, w.bottom))
    lines: list[list[Word]] = []
    centre = None
    for w in ordered:
        c = (w.top + w.bottom) / 2
        if centre is None or c - centre > tol:
            lines.append([w])
            centre = c
        else:
            lines[-1].append(w)
    return [sorted(line, key=lambda w: (w.x0, w.top, w.text, w.x1, w.bottom)) for line in lines]


def _is_label_end(text: str) -> bool:
    return text.rstrip().endswith((":", "="))


def static_words(words: Sequence[Word], fields: Sequence[FieldValue] = (), *, min_conf: float = MIN_CONF) -> list[Word]:
    """The words that describe a layout (labels, headings), in reading order, text normalized."""
    boxed = [f for f in fields if f.page is not None and f.x0 is not None]
    usable = [
        w
        for w in words
        if (w.conf is None or w.conf < 0 or w.conf >= min_conf)
        and w.text.strip()
        and not any(_in_box(w, f) for f in boxed)
    ]
    out: list[Word] = []
    for page in sorted({w.page for w in usable}):
        page_words = [w for w in usable if w.page == page]
        heights = [max(w.bottom - w.top, 1.0) for w in page_words]
        gap = max(8.0, 1.2 * statistics.median(heights))
        for line in _lines(page_words):
            segments: list[list[Word]] = []
            for w in line:
                if segments and w.x0 - segments[-1][-1].x1 <= gap:
                    segments[-1].append(w)
                else:
                    segments.append([w])
            prev_ended_label = False
            for seg in segments:
                has_label = any(_is_label_end(w.text) or w.text.strip() in (":", "=") for w in seg)
                if prev_ended_label and not has_label:  # a value set apart from its label
                    prev_ended_label = False
                    continue
                in_value = False
                for i, w in enumerate(seg):
                    if in_value:
                        break
                    text = w.text
                    # "Height" ":" split by OCR: the lone colon closes the label before it.
                    ends = _is_label_end(text) or (i + 1 < len(seg) and seg[i + 1].text.strip() in (":", "="))
                    if "=" in text.strip("=") and not ends:  # key=value in one token (text logs)
                        text, ends = text.split("=", 1)[0], True
                    if not any(ch.isdigit() for ch in text):
                        tok = normalize_token(text)
                        if len(tok) >= MIN_TOKEN_LEN:
                            out.append(Word(tok, w.page, w.x0, w.top, w.x1, w.bottom, w.conf))
                    in_value = ends
                prev_ended_label = _is_label_end(seg[-1].text) or seg[-1].text.strip() in (":", "=")
    return out


def shingles_of(static: Sequence[Word], *, band_pt: float = BAND_PT) -> frozenset[str]:
    """The shingle set of already-filtered static words (see the module docstring)."""
    out: set[str] = set()
    for page in sorted({w.page for w in static}):
        seq = [w for w in static if w.page == page]
        top0 = min(w.top for w in seq)
        for w in seq:
            out.add(f"w|{page}|{w.text}")
            out.add(f"y|{page}|{w.text}|{round((w.top - top0) / band_pt)}")
        for a, b in itertools.pairwise(seq):
            out.add(f"b|{page}|{a.text}|{b.text}")
    return frozenset(out)


def _h31(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "big") % _PRIME


def minhash(shingles: Iterable[str], size: int = SIGNATURE_SIZE) -> tuple[int, ...]:
    """MinHash signature: for each fixed (a, b), min over shingles of (a*h + b) mod 2^31-1.

    ``h`` is blake2b of the shingle; the permutations are vectorized (numpy) because this runs
    for every pending document.
    """
    hashes = np.fromiter((_h31(s) for s in shingles), dtype=np.uint64)
    if hashes.size == 0:
        return ()
    a, b = _SEEDS if size == SIGNATURE_SIZE else _seeds(size)
    return tuple(int(v) for v in ((a[:, None] * hashes[None, :] + b[:, None]) % _PRIME).min(axis=1))


def exact_of(shingles: Iterable[str]) -> str:
    """sha256 hex over the canonical (sorted, newline-joined) shingle set."""
    return hashlib.sha256("\n".join(sorted(shingles)).encode("utf-8")).hexdigest()


def from_shingles(shingles: Iterable[str]) -> Fingerprint:
    """The fingerprint of a shingle set (a consensus, or shingles read back from the store)."""
    s = frozenset(shingles)
    return Fingerprint(exact=exact_of(s), shingles=s, signature=minhash(s))


def fingerprint(
    words: Sequence[Word],
    fields: Sequence[FieldValue] = (),
    *,
    min_conf: float = MIN_CONF,
    band_pt: float = BAND_PT,
) -> Fingerprint:
    """The layout fingerprint of one document from its words and (optionally) extracted fields.

    Args:
        words: every word of the document (any order; the result does not depend on it).
        fields: extracted fields; words inside their value boxes are values and are dropped.
        min_conf: OCR words below this confidence are ignored.
        band_pt: vertical quantum of the position shingles.

    """
    return from_shingles(shingles_of(static_words(words, fields, min_conf=min_conf), band_pt=band_pt))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (two empty sets are identical)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """MinHash estimate of Jaccard: the share of equal signature positions."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Layout similarity in [0, 1]: exact Jaccard of shingles when both have them, else MinHash."""
    if a.exact == b.exact:
        return 1.0
    if a.shingles and b.shingles:
        return jaccard(a.shingles, b.shingles)
    return signature_similarity(a.signature, b.signature)


def consensus(fingerprints: Sequence[Fingerprint], share: float = 0.5) -> Fingerprint:
    """The shingles present in at least ``share`` of the fingerprints: a template's static core.

    One document still carries some per-document words (names in prose, enumerations in tables);
    across several documents of one template only the static text recurs.
    """
    if len(fingerprints) == 1:
        return fingerprints[0]
    counts: dict[str, int] = {}
    for fp in fingerprints:
        for s in fp.shingles:
            counts[s] = counts.get(s, 0) + 1
    need = max(1, int(share * len(fingerprints) + 0.999999))
    return from_shingles(s for s, c in counts.items() if c >= need)


MIN_TEMPLATE_SHINGLES = 8
"""Below this a template is too small for containment to mean anything; Jaccard is used instead."""


def match_score(doc: Fingerprint, template: Fingerprint) -> float:
    """How well a document follows a template: the share of the template's shingles it contains.

    Containment, not Jaccard: a document carries per-document words a template's consensus has
    shed (names in prose, free-text findings), and those must not count against it. What makes a
    document a stranger is missing the template's static text, which containment measures. Tiny
    templates fall back to Jaccard; shingle-less fingerprints to MinHash.
    """
    if doc.exact == template.exact:
        return 1.0
    if doc.shingles and len(template.shingles) >= MIN_TEMPLATE_SHINGLES:
        return len(doc.shingles & template.shingles) / len(template.shingles)
    return similarity(doc, template)


# -- labels: a template's label wordings against what a document prints ----------------------------

LABEL_SIMILARITY = 80.0
"""rapidfuzz ratio (0-100) at or above which two label wordings are one label read twice: OCR turns
"Structure Height (AGL)" into "Structure Helght (AGL)"; a renamed label ("Overall Height Above
Ground") scores far lower."""


def same_label(a: str, b: str, *, ocr: bool = False) -> bool:
    """Whether two label texts are the same wording, forgiving OCR misreads and punctuation.

    With ``ocr`` (one of them was read by Tesseract) glyphs it confuses are folded together first
    (``ocr_fold``): "Appheant Sie 1D" is "Applicant Site ID" read badly (ratio 81 plain,
    94 folded), while a renamed label ("Site Number") stays far apart either way.
    """
    na, nb = normalize_label(a), normalize_label(b)
    if ocr:
        na, nb = ocr_fold(na), ocr_fold(nb)
    if na == nb or fuzz.ratio(na, nb) >= LABEL_SIMILARITY:
        return True
    # one wording inside the other ("Permit No." read from "Case / Permit No."), OCR-forgiving
    short, long_ = sorted((na, nb), key=len)
    return len(short) >= 0.6 * len(long_) and fuzz.partial_ratio(short, long_) >= LABEL_SIMILARITY


def label_printed(label: str, page: int, shingles: frozenset[str], *, strict: bool = False) -> bool:
    """Whether a label is printed on a page: all its words there, or (3+ words) half its word pairs in order.

    Words alone are too lenient: "Inspection" of a dropped "Inspection Date" is still in the title.
    """
    toks = [t for t in normalize_label(label).split() if len(t) >= MIN_TOKEN_LEN]
    if not toks:
        return False
    if strict:  # every word, in order: "Monthly Rent" is not printed inside "Base Rent (Monthly)"
        if len(toks) == 1:
            return f"w|{page}|{toks[0]}" in shingles
        return all(f"b|{page}|{a}|{b}" in shingles for a, b in itertools.pairwise(toks))
    if all(f"w|{page}|{t}" in shingles for t in toks):
        return True
    pairs = list(itertools.pairwise(toks))  # word order survives one OCR misread in a longer label
    return bool(pairs) and sum(f"b|{page}|{a}|{b}" in shingles for a, b in pairs) * 2 >= len(pairs) > 1


LABEL_AT_SCORE = 75.0
"""Folded rapidfuzz ratio at or above which OCR words beside a missing value's place are its template
label read badly (``Appheant Sie 1D`` for ``Applicant Site ID`` scores 94). Labels of 5-8 letters
need 85, shorter ones an exact folded match: short words collide by chance."""
SHORT_LABEL_LEN = 4
"""Folded label keys up to this many characters need an exact match in ``label_at``."""
MEDIUM_LABEL_LEN = 8
"""Folded label keys up to this many characters (and above ``SHORT_LABEL_LEN``) need a score of 85."""
LABEL_ABOVE_PT = 32.0
"""How far above a value's top (points) its label may sit: the line above, in boxed forms."""
LABEL_BELOW_PT = 8.0
"""How far below a value's top (points) a word may sit and still be on the value's line."""
LABEL_MAX_DX = 320.0
"""How far left or right of a value's x (points) a word may start and still be its label."""
SAME_LINE_PT = 6.0
"""A line of words whose top is within this (points) of the value's is the value's own line."""
COLUMN_PT = 30.0
"""A label on the line above starts within this (points) of the value's x: the value's column."""


def label_at_threshold(key: str) -> float:
    """The ``label_at`` score a folded label key needs (see ``LABEL_AT_SCORE``)."""
    return 100.0 if len(key) <= SHORT_LABEL_LEN else 85.0 if len(key) <= MEDIUM_LABEL_LEN else LABEL_AT_SCORE


def label_at(label: str, page: int, x: float, y: float, words: Sequence[Word], slope: float = 0.0) -> tuple[float, str]:
    """How well OCR words where a label belongs read as ``label``: best folded ratio and the text read.

    Where a label belongs, for a value whose top-left is (x, y): on the value's line, ending left of
    it (label: value), or on the line just above, starting in the value's column (boxed forms).
    ``slope`` (dy/dx, the page's skew) levels the words first: a scan rotated one degree puts a label
    200 pt to the left 3.5 pt off its value's line. Runs of one word fewer to one more than the label
    are compared after ``normalize_label`` and ``ocr_fold``, so a label Tesseract garbled or read with
    low confidence (the fingerprint drops words under 50) still counts; the same words elsewhere on
    the page do not.
    """
    key = ocr_fold(normalize_label(label))
    n = len(key.split())
    if not key:
        return 0.0, ""
    level = [(w.top - slope * ((w.x0 + w.x1) / 2 - x), w) for w in words if w.page == page]
    near = sorted(
        ((t, w) for t, w in level if y - LABEL_ABOVE_PT <= t <= y + LABEL_BELOW_PT and abs(w.x0 - x) <= LABEL_MAX_DX),
        key=lambda tw: (tw[0], tw[1].x0),
    )
    lines: list[list[tuple[float, Word]]] = []
    for t, w in near:  # a line is joined near its mean top: OCR's jitter does not split "Date" from "Issued:"
        if lines and abs(t - statistics.fmean(lt for lt, _ in lines[-1])) <= max(3.0, 0.5 * (w.bottom - w.top)):
            lines[-1].append((t, w))
        else:
            lines.append([(t, w)])
    best, text = 0.0, ""
    for line in lines:
        same_line = abs(statistics.fmean(lt for lt, _ in line) - y) <= SAME_LINE_PT
        ws = sorted((w for _, w in line), key=lambda w: w.x0)
        for i in range(len(ws)):
            for k in range(max(1, n - 1), n + 2):
                run = ws[i : i + k]
                if len(run) < k:
                    break
                if same_line and run[-1].x1 > x + 4.0:
                    continue
                if not same_line and (abs(run[0].x0 - x) > COLUMN_PT or line[0][0] > y - 4.0):
                    continue
                read = " ".join(w.text for w in run)
                s = fuzz.ratio(ocr_fold(normalize_label(read)), key)
                if s > best:
                    best, text = s, read
    return best, text
