"""The per-page text-layer probe: cheap pypdfium2 signals the router decides on.

pypdfium2 reads a page's text about 60x faster than pdfplumber (PERFORMANCE_NOTES.md), so every
page of every PDF is probed before the expensive engines run. Signals (all per page):

- ``chars``: usable characters — non-whitespace, minus unmapped glyphs (below).
- ``char_density``: usable characters per 100 pt² of page area (a 10x10 pt square). A full
  letter page of 10 pt prose is ~0.6; a sparse form ~0.15; a scanner's footer stamp on a scan ~0.01.
- ``unmapped_ratio``: share of the page's non-whitespace glyphs that carry no real character:
  ``(cid:NN)`` sequences (pdfminer's rendering of an unmapped glyph, found in text layers built
  from its output), private-use code points U+E000-U+F8FF, U+FFFD, and control characters (what
  pdfium returns for broken fonts). Fonts without a ToUnicode map are a special case: pdfium then
  guesses from the raw char codes and flags the guess (``FPDFText_HasUnicodeMapError``); the guess
  is often right (identity cmaps, standard encodings) and sometimes Caesar-shifted gibberish
  (``3HQČåQtSURVW`` for "Pen..."). When most sampled glyphs are guesses, characters in tokens that
  do not look like words (``_wordlike``) count as unmapped too.
- ``image_coverage``: share of the page area covered by image objects, including images inside
  form XObjects (transformed by the form matrices), clipped to the page and unioned exactly
  (coordinate compression), so tiled scans and overlapping images are neither missed nor
  double-counted.
- ``vector_paths``: path objects, to tell a page of text drawn as curves from a blank page.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MAP_ERROR_SAMPLE = 96
"""Glyphs sampled per page for pdfium's unicode-map-error flag (a ctypes call each, ~1 µs)."""
MAP_ERROR_DOMINANT = 0.5
"""Share of flagged samples above which the page's text is word-shape checked."""
MAX_OBJECTS = 50_000
"""Page objects inspected per page; a CAD sheet can hold millions and the probe must stay cheap."""

_CID = re.compile(r"\(cid:\d+\)")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ue000-\uf8ff\ufffd]")
_SPACE = re.compile(r"[ \t\r\n\x0b\x0c\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_SWAPPED = re.compile(r"[\u2000-\u7e00]")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?*•·–—-_/\\|"  # noqa: RUF001  typographic quotes and dashes are the point
_SEPARATORS = re.compile(r"[\W_]+")
MAX_WORD_CHARS = 40
"""A token longer than this is not shaped like a word (glyph soup runs on without spaces)."""
MAX_FORM_DEPTH = 8
"""Form XObjects nested deeper than this are not opened (real files nest two or three)."""
EXACT_MAX_RECTS = 400
"""Up to this many image rectangles, coverage is computed exactly; above, on a grid."""
GRID_CELLS = 256
"""Cells per side of the coverage grid used above ``EXACT_MAX_RECTS``."""
SWAPPED_DOMINANT = 0.3
"""Share of byte-swapped UTF-16 glyphs (U+4D00 for 'M') above which the layer is garbage."""


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the probe measured on one page (points; page numbers from 1)."""

    page: int
    width: float
    height: float
    chars: int
    glyphs: int
    """Non-whitespace characters before removing unmapped ones."""
    unmapped: int
    char_density: float
    unmapped_ratio: float
    image_coverage: float
    images: int = 0
    vector_paths: int = 0


def text_signals(text: str, map_error_share: float = 0.0) -> tuple[int, int]:
    """(non-whitespace glyphs, unmapped glyphs) of a page's text. Pure.

    Args:
        text: the page text as pdfium (or another layer) returned it.
        map_error_share: share of sampled glyphs whose unicode pdfium guessed (no ToUnicode map);
            at or above ``MAP_ERROR_DOMINANT`` tokens that are not word-shaped count as unmapped.

    """
    cids = len(_CID.findall(text))
    if cids:
        text = _CID.sub("", text)
    glyphs = len(text) - len(_SPACE.findall(text)) + cids
    if not glyphs:
        return 0, 0
    bad = cids + len(_BAD_CHARS.findall(text))
    swapped = sum(1 for m in _SWAPPED.finditer(text) if ord(m.group()) & 0xFF == 0)
    if swapped >= SWAPPED_DOMINANT * glyphs:
        bad += swapped  # UTF-16 read with the wrong byte order: every such glyph is noise
    elif map_error_share >= MAP_ERROR_DOMINANT:
        for token in text.split():
            core = token.strip(_EDGE_PUNCT)
            if core and not _BAD_CHARS.search(core) and not _wordlike(core):
                bad += len(token)
    return glyphs, min(bad, glyphs)


def _wordlike(core: str) -> bool:
    """True for tokens shaped like words, numbers or IDs in any script; False for cipher soup.

    Every alphanumeric run must be digits, lower case, UPPER case (codes like ``ASW``,
    ``NY1234``), Title case, or letters of a caseless script (CJK); ``QtSURVW`` or ``þWHFK`` fail.
    """
    if len(core) > MAX_WORD_CHARS:
        return False
    for part in _SEPARATORS.split(core):
        if not part or part.isdigit() or part.islower() or part.isupper() or part.istitle():
            continue
        if part.isalnum() and not any(c.isupper() or c.islower() for c in part):
            continue  # caseless script
        return False
    return True


def probe_page(page: pdfium.PdfPage, number: int) -> PageSignals:
    """Measure one open page; the caller closes the page. The text page is closed here."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        share = _map_error_share(textpage)
    finally:
        textpage.close()
    glyphs, unmapped = text_signals(text, share)
    coverage, images, paths = _objects(page)
    area = max(width * height, 1.0)
    usable = glyphs - unmapped
    return PageSignals(
        page=number,
        width=round(width, 2),
        height=round(height, 2),
        chars=usable,
        glyphs=glyphs,
        unmapped=unmapped,
        char_density=round(usable / (area / 100.0), 4),
        unmapped_ratio=round(unmapped / glyphs, 4) if glyphs else 0.0,
        image_coverage=round(coverage, 4),
        images=images,
        vector_paths=paths,
    )


def _map_error_share(textpage: pdfium.PdfTextPage) -> float:
    """Share of evenly sampled, non-generated glyphs whose unicode pdfium had to guess."""
    n = textpage.count_chars()
    if n <= 0:
        return 0.0
    step = max(1, n // MAP_ERROR_SAMPLE)
    flagged = seen = 0
    for i in range(0, n, step):
        if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        seen += 1
        flagged += pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1
    return flagged / seen if seen else 0.0


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _objects(page: pdfium.PdfPage) -> tuple[float, int, int]:
    """(image coverage, image count, path count), walking form XObjects with their matrices."""
    left, bottom, right, top = page.get_bbox()
    rects: list[tuple[float, float, float, float]] = []
    counts = {"images": 0, "paths": 0, "seen": 0}
    _walk(page, None, _IDENTITY, rects, counts, depth=0)
    coverage = union_coverage(rects, (left, bottom, right, top))
    return coverage, counts["images"], counts["paths"]


def _walk(
    page: pdfium.PdfPage,
    form: object,
    matrix: _Matrix,
    rects: list[tuple[float, float, float, float]],
    counts: dict[str, int],
    depth: int,
) -> None:
    """Collect image rectangles (page space) and count paths, descending into form XObjects.

    Raw pdfium calls, not ``PdfPage.get_objects``: one Python object per page object is too slow
    for CAD sheets, and ``get_bounds`` of an object inside a form is in the form's own space.
    """
    n = pdfium_c.FPDFPage_CountObjects(page) if form is None else pdfium_c.FPDFFormObj_CountObjects(form)
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    for i in range(max(n, 0)):
        if counts["seen"] >= MAX_OBJECTS:
            return
        counts["seen"] += 1
        obj = pdfium_c.FPDFPage_GetObject(page, i) if form is None else pdfium_c.FPDFFormObj_GetObject(form, i)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            counts["paths"] += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                counts["images"] += 1
                rects.append(_transform_rect(matrix, (x0.value, y0.value, x1.value, y1.value)))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            fm = pdfium_c.FS_MATRIX()
            if pdfium_c.FPDFPageObj_GetMatrix(obj, fm):
                inner = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), matrix)
                _walk(page, obj, inner, rects, counts, depth + 1)


def _compose(first: _Matrix, then: _Matrix) -> _Matrix:
    """The matrix applying ``first`` and then ``then`` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    ta, tb, tc, td, te, tf = then
    return (
        a * ta + b * tc,
        a * tb + b * td,
        c * ta + d * tc,
        c * tb + d * td,
        e * ta + f * tc + te,
        e * tb + f * td + tf,
    )


def _transform_rect(m: _Matrix, rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    if m == _IDENTITY:
        return rect
    a, b, c, d, e, f = m
    x0, y0, x1, y1 = rect
    xs, ys = [], []
    for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def union_coverage(rects: list[tuple[float, float, float, float]], bbox: tuple[float, float, float, float]) -> float:
    """Share of ``bbox`` covered by the union of ``rects`` (all left, bottom, right, top). Pure.

    Exact by coordinate compression: O(n²) cells for n rectangles, and n is small (a scan is one
    to a few dozen strips); beyond 400 rectangles they are merged onto a 256x256 grid instead.
    """
    left, bottom, right, top = bbox
    area = (right - left) * (top - bottom)
    if area <= 0 or not rects:
        return 0.0
    clipped = []
    for rx0, ry0, rx1, ry1 in rects:
        x0, x1 = max(rx0, left), min(rx1, right)
        y0, y1 = max(ry0, bottom), min(ry1, top)
        if x1 > x0 and y1 > y0:
            clipped.append((x0, y0, x1, y1))
    if not clipped:
        return 0.0
    if len(clipped) > EXACT_MAX_RECTS:
        # Grid path: a cell counts when its centre is covered, so thin slivers are not inflated.
        xs = np.linspace(left, right, GRID_CELLS + 1)
        ys = np.linspace(bottom, top, GRID_CELLS + 1)
        cx, cy = (xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2
        covered = np.zeros((GRID_CELLS, GRID_CELLS), dtype=bool)
        for x0, y0, x1, y1 in clipped:
            covered[
                np.searchsorted(cx, x0) : np.searchsorted(cx, x1), np.searchsorted(cy, y0) : np.searchsorted(cy, y1)
            ] = True
    else:
        xs = np.unique([v for r in clipped for v in (r[0], r[2])])
        ys = np.unique([v for r in clipped for v in (r[1], r[3])])
        covered = np.zeros((len(xs) - 1, len(ys) - 1), dtype=bool)
        for x0, y0, x1, y1 in clipped:  # edges are exact grid lines here
            covered[
                np.searchsorted(xs, x0) : np.searchsorted(xs, x1), np.searchsorted(ys, y0) : np.searchsorted(ys, y1)
            ] = True
    cell = np.outer(np.diff(xs), np.diff(ys))
    return float(min(1.0, (cell * covered).sum() / area))
