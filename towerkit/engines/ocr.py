"""Tesseract OCR: scanned PDF pages and image files to words with confidences, in PDF points.

Speed (PERFORMANCE_NOTES.md): Tesseract is handed a *path* to an uncompressed PGM/PBM file, never
a PIL image — pytesseract re-encodes those as PNG first, 0.5 s per page at 200 DPI, as long as
the OCR itself. ``OMP_THREAD_LIMIT=1`` (set here if the caller has not): worker processes are
single-threaded by design, and Debian's OpenMP Tesseract is 4-5x slower per page without it.

Coordinates: pixel boxes are scaled by ``72 / dpi`` so a word sits where the text layer of the
same page would put it. PDF pages are rendered at ``settings.ocr_dpi`` and read at that DPI.

Image files (``ocr_image_file``) never get an invented DPI:

- the resolution is the one the file *states* when it is plausible (100-1200), else one
  *estimated* from the page (``scan_geometry``: median character height); only when neither
  exists (a blank page, a photo) is it unknown, Tesseract is given no ``--dpi`` and the boxes are
  scaled as if at ``UNKNOWN_DPI_BOXES`` (300), which the reason says;
- a page whose characters are under ``UPSCALE_BELOW_PX`` tall (fax-quality scans: ~8 px) is
  upscaled with Lanczos to ``TARGET_CHAR_PX`` before OCR, and Tesseract told the scaled DPI; boxes are
  converted back to the page's own points, so the upscale is invisible downstream;
- a page read with few confident words, or with sideways ones, gets Tesseract's orientation check (``--psm 0``, OSD,
  ~0.3 s, only then); if it says the page is turned 90/180/270 degrees, the page is turned upright
  and read again, and the better reading kept. Boxes and page size are those of the upright page,
  like an EXIF rotation. Small skew is left to Tesseract's own line finding;
- an image's lone specks are removed (``specks``) and the paper's grain set to white (``paper``) before
  Tesseract reads the page: upscaled specks read as glyphs; grain round every glyph cost labels and dots;
- a page with dot leaders is read again with its leaders painted over (``leaders``): beside the dots
  Tesseract garbles a form's labels and loses values;
- a block Tesseract kept but read nothing in is read again on its own (``ocr_blanks``), on pages with a
  few such blocks: a noisy scan's value after a leader is otherwise lost; unsure small print (a form's labels)
  is read again enlarged (``ocr_small``); an unsure word of digits is read again without the number
  dictionary (``ocr_numbers``), which had made a code's letter a digit (``Z452648``).

``OcrPage.dpi_note`` says how an image page's resolution was obtained, e.g. ``estimated; upscaled
2.5x``, so the page's ``reason`` names it (``OcrPage.label``); a stated DPI read as is has none.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from towerkit.config import Settings
from towerkit.engines.budget import NO_PROGRESS, PageStalled, Progress, failed_page_reason, within
from towerkit.engines.leaders import find_leaders, without_leaders
from towerkit.engines.ocr_blanks import SPARSE_PSM, reread_blanks
from towerkit.engines.ocr_numbers import LINE_PSM, reread_numbers
from towerkit.engines.ocr_small import BLOCK_PSM, reread_small
from towerkit.engines.orientation import osd_of, read_turned, worth_turning
from towerkit.engines.paper import flatten_paper
from towerkit.engines.pnm import save_pnm
from towerkit.engines.scan_boxes import boxes_as_words
from towerkit.engines.scan_geometry import estimate_dpi, text_height
from towerkit.engines.specks import without_specks
from towerkit.engines.tessdata import digitless_tessdata
from towerkit.engines.tesseract_tsv import parse_tsv
from towerkit.errors import ExtractionError
from towerkit.models import Word

log = logging.getLogger(__name__)

UNKNOWN_DPI_BOXES = 300
"""Scale of the point boxes of an image page whose resolution is neither stated nor measurable."""
TARGET_CHAR_PX = 20.0
"""Median character height Tesseract is given (chosen on the tune half of ``benchmarks/ocr_recall.py``)."""
UPSCALE_BELOW_PX = 11.0
"""Only pages with smaller characters are upscaled: fax-quality scans measure 4-10 px; 200 dpi office
scans 12-16 px, which Tesseract reads well as they are (PERFORMANCE_NOTES.md), and upscaling them
would cost 1.5-2.8x the OCR time."""
MAX_UPSCALE = 4.0
MIN_PLAUSIBLE_DPI, MAX_PLAUSIBLE_DPI = 100, 1200
TESSERACT_MAX_SIDE = 32_000
"""Leptonica refuses wider or taller images; PDF pages are rendered at a lower DPI to fit."""
APT_HINT = "tesseract not installed (apt-get install tesseract-ocr)"


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One OCRed page: its words (points), its size in points and the DPI it was read at."""

    words: tuple[Word, ...]
    width: float
    height: float
    dpi: float
    seconds: float = 0.0
    dpi_note: str = ""
    """How the DPI was obtained when the file did not simply state it (``estimated; upscaled 3x``)."""
    failed: str = ""
    """Why the page was given up (``failed: page timeout after N s``), empty when it was read."""

    @property
    def dpi_label(self) -> str:
        """The DPI as the page's reason prints it: ``200``, or ``103 (estimated; upscaled 2.5x)``."""
        return f"{self.dpi:g} ({self.dpi_note})" if self.dpi_note else f"{self.dpi:g}"


def run_tesseract(
    image_path: str, dpi: float | None, settings: Settings, psm: int | None = None, tessdata: str | None = None
) -> str:
    """Tesseract's TSV for one image file (no ``--dpi`` if ``dpi`` is None), with ``tessdata``'s models if given.

    Every failure is an ExtractionError.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    config = f"--psm {psm or settings.ocr_psm}" + (f" --dpi {round(dpi)}" if dpi else "")
    config += f' --tessdata-dir "{tessdata}"' if tessdata else ""
    try:
        return str(
            pytesseract.image_to_data(
                image_path, lang=settings.ocr_lang, config=config, timeout=settings.ocr_page_timeout_s
            )
        )
    except pytesseract.TesseractNotFoundError as e:
        raise ExtractionError("ocr_unavailable", APT_HINT) from e
    except pytesseract.TesseractError as e:
        message = " ".join(str(e.message).split())
        if "Failed loading language" in message or "loading language" in message.lower():
            raise ExtractionError(
                "ocr_unavailable",
                f"tesseract language '{settings.ocr_lang}' not installed "
                f"(apt-get install tesseract-ocr-{settings.ocr_lang})",
            ) from e
        raise ExtractionError("ocr_failed", f"tesseract exit {e.status}: {message[:160]}") from e
    except RuntimeError as e:  # pytesseract's timeout is a bare RuntimeError
        if "timeout" in str(e).lower():
            raise ExtractionError("timeout", f"tesseract took longer than {settings.ocr_page_timeout_s:g} s") from e
        raise ExtractionError("ocr_failed", f"tesseract: {e}") from e
    except OSError as e:
        raise ExtractionError("ocr_failed", f"tesseract could not run: {e}") from e


def ocr_bitmap(image: Image.Image, page: int, dpi: float, settings: Settings, workdir: str) -> OcrPage:
    """OCR one rendered page (any mode), turned upright first if it was scanned sideways or upside down.

    A scanned PDF page is as likely to be upside down as an image file: the same orientation check
    (run only when the first reading looks wrong) serves both.
    """
    started = time.perf_counter()
    gray = to_gray(image)
    scale = 72.0 / dpi
    words, turned = _read_upright(gray, page, dpi, scale, settings, workdir)
    words = boxes_as_words(words, gray, turned, text_height(gray), scale, page)
    if turned in (90, 270):
        gray = gray.transpose(Image.Transpose.ROTATE_90)  # only the size matters below
    return OcrPage(
        tuple(words),
        round(gray.width * scale, 2),
        round(gray.height * scale, 2),
        dpi,
        round(time.perf_counter() - started, 6),
        f"turned {turned} degrees" if turned else "",
    )


def ocr_pdf_page(page: pdfium.PdfPage, number: int, settings: Settings, workdir: str) -> OcrPage:
    """Render one PDF page in grayscale and OCR it; words come back in points.

    The page is rendered at ``ocr_dpi``, lower if the bitmap would exceed ``max_image_pixels`` or
    Leptonica's side limit.
    """
    width, height = page.get_size()
    dpi = float(settings.ocr_dpi)
    pixels = (width * dpi / 72.0) * (height * dpi / 72.0)
    if pixels > settings.max_image_pixels:
        dpi *= (settings.max_image_pixels / pixels) ** 0.5
    longest = max(width, height) * dpi / 72.0
    if longest > TESSERACT_MAX_SIDE:
        dpi *= TESSERACT_MAX_SIDE / longest
    dpi = max(int(dpi), 1)
    try:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True)
        image = bitmap.to_pil()
    except (pdfium.PdfiumError, ValueError, MemoryError) as e:
        raise ExtractionError("unreadable", f"page cannot be rendered: {e}", page=number) from e
    try:
        return ocr_bitmap(image, number, dpi, settings, workdir)
    except PageStalled:
        raise  # the worker's stall timer: the caller gives up this page alone
    except ExtractionError as e:
        raise ExtractionError(e.kind, e.detail, path=e.path, page=e.page or number) from e
    finally:
        image.close()
        bitmap.close()


def to_gray(image: Image.Image) -> Image.Image:
    """A 1-bit or 8-bit grayscale copy Tesseract reads as PNM; transparency becomes white paper."""
    if image.mode in ("1", "L"):
        return image
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return Image.fromarray((arr * (255.0 / top)).clip(0, 255).astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    return image.convert("L")


def image_dpi(image: Image.Image) -> float | None:
    """The DPI the image's metadata states, if plausible (a 72 dpi screen default is not); else None."""
    dpi = image.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return round(x, 2) if MIN_PLAUSIBLE_DPI <= x <= MAX_PLAUSIBLE_DPI else None


def upscale_factor(char_px: float | None, width: int, height: int, settings: Settings) -> float:
    """How much to enlarge a page whose characters are ``char_px`` tall (1.0: not at all)."""
    if not char_px or char_px >= UPSCALE_BELOW_PX:
        return 1.0
    room = math.sqrt(settings.max_image_pixels / (width * height))
    limit = min(MAX_UPSCALE, room, TESSERACT_MAX_SIDE / max(width, height))
    return max(1.0, round(min(TARGET_CHAR_PX / char_px, limit), 2))


def ocr_scan(image: Image.Image, page: int, stated: float | None, settings: Settings, workdir: str) -> OcrPage:
    """OCR one image-file page: resolution stated or measured, upscaled if small, turned upright if needed."""
    started = time.perf_counter()
    gray = to_gray(image)
    char_px = text_height(gray)  # on the page as scanned: the estimate does not move with the specks
    dpi = stated or (estimate_dpi(char_px) if char_px else None)
    factor = upscale_factor(char_px, gray.width, gray.height, settings)
    original, gray = gray, without_specks(gray)  # before the upscale makes each speck a blot
    if factor > 1:
        size = (round(gray.width * factor), round(gray.height * factor))
        gray = gray.convert("L").resize(size, Image.Resampling.LANCZOS)
    read_dpi = dpi * factor if dpi else None
    scale = 72.0 / ((dpi or UNKNOWN_DPI_BOXES) * factor)
    words, turned = _read_upright(gray, page, read_dpi, scale, settings, workdir)
    words = boxes_as_words(words, original, turned, char_px, scale * factor, page)  # boxes need no upscale
    if turned in (90, 270):
        gray = gray.transpose(Image.Transpose.ROTATE_90)  # only the size matters below
    notes = [] if stated else ["estimated" if dpi else f"unknown: no --dpi, boxes as {UNKNOWN_DPI_BOXES}"]
    if factor > 1:
        notes.append(f"upscaled {factor:g}x")
    if turned:
        notes.append(f"turned {turned} degrees")
    if stated and notes:
        notes.insert(0, "stated")
    return OcrPage(
        tuple(words),
        round(gray.width * scale, 2),
        round(gray.height * scale, 2),
        stated or round(dpi or UNKNOWN_DPI_BOXES),
        round(time.perf_counter() - started, 6),
        "; ".join(notes),
    )


def _read_upright(
    gray: Image.Image, page: int, dpi: float | None, scale: float, settings: Settings, workdir: str
) -> tuple[list[Word], int]:
    """Words of the page and the clockwise turn (0/90/180/270) that made it upright.

    Tesseract's orientation check (on the page as scanned: ``orientation.osd_of``) runs only when the first
    reading has few confident or sideways words; which turns are then read is ``orientation.read_turned``.
    """
    scanned, gray = gray, flatten_paper(gray)
    path = save_pnm(gray, workdir, f"page-{page}")
    try:
        words = _read_words(gray, path, page, dpi, scale, settings, workdir)
        if not worth_turning(words):
            return words, 0
        osd = osd_of(scanned, workdir, f"page-{page}-scanned", dpi, settings.ocr_page_timeout_s)
    finally:
        Path(path).unlink(missing_ok=True)

    def read(upright: Image.Image) -> list[Word]:
        path = save_pnm(upright, workdir, f"page-{page}-turned")
        try:
            return _read_words(upright, path, page, dpi, scale, settings, workdir)
        finally:
            Path(path).unlink(missing_ok=True)

    return read_turned(gray, words, osd, read)


def _read_words(
    gray: Image.Image, path: str, page: int, dpi: float | None, scale: float, settings: Settings, workdir: str
) -> list[Word]:
    """The page's words, read again without its dot leaders if it has them (``leaders``).

    The blocks Tesseract found but left blank are then read again on their own (``ocr_blanks``).
    """
    tsv = run_tesseract(path, dpi, settings)
    words = parse_tsv(tsv, page, scale)
    leaders = find_leaders(gray, words, scale)
    if leaders:
        gray = without_leaders(gray, leaders)
        clean = save_pnm(gray, workdir, f"page-{page}-unled")
        try:
            tsv = run_tesseract(clean, dpi, settings)
        finally:
            Path(clean).unlink(missing_ok=True)
        words = parse_tsv(tsv, page, scale)

    def cut(psm: int, at: float | None = dpi, folder: str | None = None) -> Callable[[str], list[Word]]:
        return lambda crop: parse_tsv(run_tesseract(crop, at, settings, psm, folder), page, 1.0)

    def digitless(crop: str) -> list[Word]:
        folder = digitless_tessdata(settings.ocr_lang)  # None: no copy could be made, the page's reading stands
        return cut(LINE_PSM, dpi, folder)(crop) if folder else []

    words = words + reread_blanks(gray, tsv, words, scale, workdir, cut(SPARSE_PSM))
    words = reread_small(gray, words, scale, workdir, cut(BLOCK_PSM, None))  # enlarged cuts: no page DPI
    return reread_numbers(gray, words, scale, workdir, digitless)


def ocr_image_file(path: str, settings: Settings, progress: Progress = NO_PROGRESS) -> list[OcrPage]:
    """OCR every frame of an image file (multi-page TIFF included), one page per frame.

    Each frame starts the stall timer (``progress``) with an allowance for its pixels; a frame past
    it, or past Tesseract's timeout, comes back as a failed page and the next frame is read.

    The pixel count is checked from the header before any frame is decoded (``Image.open`` is
    lazy); Pillow's own bomb check is set to the same limit, and its error converted. A photo's
    EXIF orientation is applied (technicians photograph permits with phones held sideways).
    """
    pages: list[OcrPage] = []
    previous_limit = Image.MAX_IMAGE_PIXELS  # a process-wide Pillow global: put it back after
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Pillow's bomb check at open would refuse without naming the size; ours (below,
            # from the header alone) names it. It is back on for everything that decodes.
            Image.MAX_IMAGE_PIXELS = None
            try:
                img = Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
            with img:
                frames = getattr(img, "n_frames", 1)
                _check_frames(frames, settings)
                with tempfile.TemporaryDirectory(prefix="towerkit-ocr-") as workdir:
                    for index, frame in enumerate(ImageSequence.Iterator(img), start=1):
                        check_pixels(frame.width, frame.height, settings)
                        pages.append(_frame(frame, index, frames, settings, workdir, progress))
    except ExtractionError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ExtractionError("too_large", f"image exceeds {settings.max_image_pixels} pixels") from e
    except UnidentifiedImageError as e:
        raise ExtractionError("corrupt", "image format not recognized by Pillow") from e
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        detail = " ".join(str(e).split())[:160] or type(e).__name__
        kind = "truncated" if "truncated" in detail.lower() else "corrupt"
        raise ExtractionError(kind, f"image cannot be decoded: {detail}") from e
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
    return pages


def _frame(
    frame: Image.Image, index: int, frames: int, settings: Settings, workdir: str, progress: Progress
) -> OcrPage:
    """One frame OCRed, or given up as a failed page when it outlives its allowance."""
    started = time.perf_counter()
    page_settings = within(settings, progress(index, frame.width * frame.height / 1e6))
    try:
        frame.load()
        upright = ImageOps.exif_transpose(frame) if frames == 1 else frame
        return ocr_scan(upright, index, image_dpi(frame), page_settings, workdir)
    except ExtractionError as e:
        if e.kind != "timeout":
            raise
        progress(index)
        seconds = e.seconds if isinstance(e, PageStalled) else page_settings.ocr_page_timeout_s
        dpi = image_dpi(frame) or float(settings.ocr_dpi)
        width, height = frame.width * 72.0 / dpi, frame.height * 72.0 / dpi
        return OcrPage((), width, height, dpi, time.perf_counter() - started, failed=failed_page_reason(seconds))


def _check_frames(frames: int, settings: Settings) -> None:
    """Refuse a multi-frame image with more frames than ``max_pages``, before decoding any."""
    if frames > settings.max_pages:
        raise ExtractionError("too_many_pages", f"{frames} > {settings.max_pages}")


def check_pixels(width: int, height: int, settings: Settings) -> None:
    """Refuse an image larger than ``max_image_pixels`` before decoding it."""
    if width * height > settings.max_image_pixels:
        raise ExtractionError("too_large", f"{width}x{height} px image exceeds {settings.max_image_pixels} pixels")
