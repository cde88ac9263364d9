"""Files without a page probe: images (every frame OCRed) and legacy text logs (read in windows).

Both report progress page by page (``engines.budget``): an image frame that outlives its allowance
is kept as a failed page, and a huge log's windows restart the stall timer as they are read.
"""

from __future__ import annotations

from pathlib import Path

from towerkit.columns import StoredOnlyBuilder
from towerkit.config import Settings
from towerkit.engines.budget import Progress
from towerkit.engines.ocr import ocr_image_file
from towerkit.engines.sniff import Sniffed
from towerkit.engines.text import LINES_PER_PAGE, read_log
from towerkit.errors import ExtractionError
from towerkit.models import ExtractedDoc, PageRecord


def extract_image(name: str, settings: Settings, sniffed: Sniffed, note: str, progress: Progress) -> ExtractedDoc:
    """OCR every frame of an image file, one page each."""
    results = ocr_image_file(name, settings, progress)
    if not results:
        raise ExtractionError("corrupt", f"{sniffed.mime_label} has no frames")
    pages = tuple(
        PageRecord(
            page=i,
            route="ocr",
            engine="tesseract",
            width=r.width,
            height=r.height,
            chars=0,
            char_density=0.0,
            unmapped_ratio=0.0,
            image_coverage=1.0,
            reason=r.failed or f"ocr: {sniffed.mime_label} at {r.dpi_label} dpi",
            seconds=r.seconds,
        )
        for i, r in enumerate(results, start=1)
    )
    n = len(pages)
    dpis = sorted({r.dpi_label for r in results if not r.failed})
    failed = sum(1 for r in results if r.failed)
    lost = f"; {failed} failed" if failed else ""
    reason = f"image: {n} page{'s' if n != 1 else ''} ocr ({sniffed.mime_label}, {'/'.join(dpis)} dpi{lost}){note}"
    return ExtractedDoc(
        kind="image",
        engine="tesseract",
        route_reason=reason,
        pages=pages,
        words=tuple(w for r in results for w in r.words),
    )


def extract_text_file(
    name: str, settings: Settings, note: str, spool_dir: str | None, progress: Progress
) -> ExtractedDoc:
    """A legacy log: its head analysed as printer pages, the rest stored in windows (``text.read_log``)."""
    later = StoredOnlyBuilder(spool_dir)
    with Path(name).open("rb") as f:
        words, pages, encoding = read_log(
            f,
            head_lines=settings.analysis_pages * LINES_PER_PAGE,
            max_pages=settings.max_pages,
            later=later,
            progress=progress,
        )
    n = len(pages)
    reason = f"text: {n} page{'s' if n != 1 else ''} legacy text ({encoding}){note}"
    return ExtractedDoc(
        kind="text",
        engine="text",
        route_reason=reason,
        pages=tuple(pages),
        words=tuple(words),
        encoding=encoding,
        stored_only=later.build(),
    )
