"""Text layer or OCR, page by page: a pure decision on the probe's signals, with its reasons.

The rules, first match wins (``decide``):

1. **Broken encoding** — some glyphs are unmapped and their share exceeds ``text_max_unmapped``:
   ``ocr``. The glyphs render fine, only their unicode is lost, so OCR reads what the eye sees.
2. **Scan** — images cover at least ``ocr_image_coverage`` of the page and the text is thin: fewer
   than ``text_min_chars`` usable characters *or* density below ``text_min_density``: ``ocr``.
   Both tests are needed: a scanner's footer stamp ("Scanned 2024-03-01 12:00 p.1") has 30
   characters but a density of ~0.01 on a letter page, so one stray line never makes a scan "text".
3. **Image only** — no usable character at all and images cover at least
   ``IMAGE_ONLY_MIN_COVERAGE`` (a scan placed smaller than the page): ``ocr``.
4. **Text drawn as curves** — no usable character, no image, and at least ``ocr_vector_paths``
   path objects (outlined fonts, CAD exports): ``ocr``.
5. **Blank** — nothing usable and nothing to read (no text, no image, few paths): ``text`` with 0
   characters. OCR of an empty page costs ~1.3 s and finds nothing.
6. Otherwise ``text``: a usable text layer. That includes a hidden OCR layer over a scan
   (OCRmyPDF output) when it is as dense as a text page: re-OCRing it would cost ~1.3 s/page to
   get the same words back (without confidences: such words carry ``conf=None``). A thin hidden
   layer is re-OCRed by rule 2 (``graph_ocred.pdf``: 77 chars at density 0.036 over a chart). A thin
   layer with no scan (a cover page with a title) stays text: there is nothing else on the page to read.

Evidence for the defaults, measured on the shared corpus (476 pages, ``tests/test_routing.py``):
``text_max_unmapped`` 0.10 — broken fonts measure 1.00 (issue-791, type3_font_nomapping, cmyk),
usable layers at most 0.013 (issue-625's guessed-but-right identity cmap). ``ocr_image_coverage``
0.60 — scans measure 0.65-1.00 (poster 0.65, acroform 0.69), text pages with figures 0.00-0.35.
``text_min_density`` 0.05 — over a full-page scan, stray text measures 0.001-0.036 (a date stamp
0.0013, graph_ocred's OCR layer 0.036), dense OCR layers and text pages 0.10-1.64. Known
casualty: issue-1008 (a map image, 66%, with 317 real label chars at 0.033) is OCRed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from towerkit.config import Settings
from towerkit.engines.budget import is_failed_page
from towerkit.engines.probe import PageSignals
from towerkit.models import FAILED_PAGE_PREFIX, PageRecord, Route

IMAGE_ONLY_MIN_COVERAGE = 0.10
"""A page without any text whose images cover this share is a scan placed smaller than the page;
below it the image is a logo or a stamp and OCR would find nothing worth 1.3 s."""


def decide(signals: PageSignals, settings: Settings) -> tuple[Route, str]:
    """Route one page to ``text`` or ``ocr`` and say why, naming the numbers. Pure.

    Args:
        signals: what ``probe.probe_page`` measured.
        settings: the routing thresholds (``text_min_chars``, ``text_min_density``,
            ``text_max_unmapped``, ``ocr_image_coverage``, ``ocr_vector_paths``).

    """
    reason = _ocr_reason(signals, settings)
    if reason is not None:
        return "ocr", reason
    return "text", _text_reason(signals, settings)


def _ocr_reason(s: PageSignals, settings: Settings) -> str | None:
    """Rules 1-4: why the page must be OCRed, or None when its text layer is to be read."""
    cover = f"{s.image_coverage:.0%}"
    if s.unmapped and s.unmapped_ratio > settings.text_max_unmapped:
        return f"ocr: {s.unmapped_ratio:.0%} unmapped glyphs (broken font encoding)"
    if s.image_coverage >= settings.ocr_image_coverage:
        if s.chars < settings.text_min_chars:
            return f"ocr: image covers {cover} and only {s.chars} usable chars"
        if s.char_density < settings.text_min_density:
            return (
                f"ocr: image covers {cover} and text is thin ({s.chars} chars, density "
                f"{s.char_density:.3f} < {settings.text_min_density:g})"
            )
    if s.chars == 0 and s.image_coverage >= IMAGE_ONLY_MIN_COVERAGE:
        return f"ocr: no text layer, image covers {cover}"
    if s.chars == 0 and s.vector_paths >= settings.ocr_vector_paths:
        return f"ocr: no text layer, {s.vector_paths} vector paths (text drawn as curves?)"
    return None


def _text_reason(s: PageSignals, settings: Settings) -> str:
    """Rules 5-6, for a page no OCR rule claimed: blank, or a usable text layer."""
    if s.chars == 0:
        return "blank: no text layer and nothing to OCR"
    cover = f"{s.image_coverage:.0%}"
    numbers = f"{s.chars} chars, density {s.char_density:.2f}, unmapped {s.unmapped_ratio:.2f}"
    if s.image_coverage >= settings.ocr_image_coverage:
        return f"text layer over {cover} image (OCR layer): {numbers}"
    return f"text layer: {numbers}"


def summarize(pages: Sequence[PageRecord], *, prefix: str = "") -> str:
    """One line for ``documents.route_reason`` from the per-page decisions. Pure.

    Examples: ``pdf: 3 pages text layer``; ``pdf: 12 pages: 11 text layer, 1 ocr (page 7: image
    covers 98% and only 3 usable chars)``; ``pdf: 2 pages ocr (62% unmapped glyphs ...)``.
    """
    head = f"{prefix}: " if prefix else ""
    if not pages:
        return f"{head}no pages"
    n = len(pages)
    label = f"{n} page{'s' if n != 1 else ''}"
    routes = Counter(p.route for p in pages)
    ocr = [p for p in pages if p.route == "ocr"]
    blank = sum(1 for p in pages if p.route == "text" and p.chars == 0)
    if not ocr:
        extra = f" ({blank} blank)" if blank else ""
        return f"{head}{label} text layer{extra}"
    why = _short(ocr[0].reason)
    if routes["text"] == 0:
        common = Counter(_kind(p.reason) for p in ocr).most_common(1)[0][0]
        same = all(_kind(p.reason) == common for p in ocr)
        return f"{head}{label} ocr ({why if n == 1 or not same else common})"
    where = _pages_list([p.page for p in ocr])
    return f"{head}{label}: {routes['text']} text layer, {len(ocr)} ocr ({where}: {why})"


def failed_note(pages: Sequence[PageRecord]) -> str:
    """``; 1 page failed (page 7: page timeout after 60 s)`` for pages given up, else ``""``. Pure."""
    failed = [p for p in pages if is_failed_page(p.reason)]
    if not failed:
        return ""
    n = len(failed)
    why = failed[0].reason.removeprefix(FAILED_PAGE_PREFIX)
    return f"; {n} page{'s' if n != 1 else ''} failed ({_pages_list([p.page for p in failed])}: {why})"


def _short(reason: str) -> str:
    return reason.split(": ", 1)[1] if reason.startswith("ocr: ") else reason


def _kind(reason: str) -> str:
    """The rule behind a reason, without its numbers (for grouping many pages)."""
    text = _short(reason)
    if "unmapped" in text:
        return "broken font encoding"
    if "vector paths" in text:
        return "text drawn as curves"
    if text.startswith("no text layer"):
        return "no text layer, image only"
    if "thin" in text:
        return "scanned image, thin text layer"
    if text.startswith("image covers"):
        return "scanned image"
    return text


def _pages_list(numbers: Sequence[int], limit: int = 6) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = f" +{len(numbers) - limit} more" if len(numbers) > limit else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"
