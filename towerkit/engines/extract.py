"""``extract(path, settings)``: one file's bytes to words, tables and per-page routing records.

A pure function of the file's content and the settings (DESIGN.md), safe to run in worker
processes and, later, on a Dask cluster: it returns an ``ExtractedDoc`` or raises
``ExtractionError`` with a one-line reason; no other exception escapes.

PDFs: every page is probed with pypdfium2 first (~1 ms/page), ``routing.decide`` picks each
page's engine, then pdfplumber reads only the ``text`` pages and Tesseract only the ``ocr`` pages
(a scanned page inside a text PDF is OCRed on its own). A page pdfminer cannot parse is OCRed
instead, and its reason says so. Images (any frame count) are OCRed; legacy text goes to the
text engine, a huge log in windows of bounded memory (``text.read_log``). The extension is only a
hint: a PNG named ``.pdf`` is OCRed as the image it is, with the mislabel noted in ``route_reason``.

Each page starts by calling ``progress`` (``engines.budget``): a page that outlives its allowance
is kept as a failed page record (``failed: page timeout after N s``) and the next page is read.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from towerkit.columns import StoredOnlyBuilder
from towerkit.config import Settings
from towerkit.engines.budget import NO_PROGRESS, PageStalled, Progress, failed_page_reason, ocr_megapixels, within
from towerkit.engines.logs_and_images import extract_image, extract_text_file
from towerkit.engines.ocr import ocr_pdf_page
from towerkit.engines.pdf import PageFailed, PlumberDoc, one_line, reraise_wrapped_deadline
from towerkit.engines.probe import PageSignals, probe_page
from towerkit.engines.routing import decide, failed_note, summarize
from towerkit.engines.sniff import HEAD_BYTES, Sniffed, sniff
from towerkit.errors import ExtractionError
from towerkit.models import Engine, ExtractedDoc, PageRecord, Route, Table, Word

log = logging.getLogger(__name__)

_PDFIUM_ERRORS = {
    pdfium.raw.FPDF_ERR_PASSWORD: ("encrypted", "password required"),
    pdfium.raw.FPDF_ERR_SECURITY: ("encrypted", "unsupported security handler"),
    pdfium.raw.FPDF_ERR_FILE: ("unreadable", "file cannot be read"),
}


def extract(
    path: str | os.PathLike[str],
    settings: Settings,
    *,
    spool_dir: str | None = None,
    progress: Progress = NO_PROGRESS,
    skip_pages: Collection[int] = (),
) -> ExtractedDoc:
    """Read one file into an ExtractedDoc.

    Args:
        path: the file; its content decides the engine, its extension is only a hint.
        settings: routing thresholds, OCR settings and size limits.
        spool_dir: where the rows of pages past ``settings.analysis_pages`` are streamed (Parquet);
            None keeps them in memory as Arrow tables.
        progress: the stall timer, called as each page starts (``engines.budget``).
        skip_pages: PDF pages not to touch, recorded failed: they hung a worker beyond its own
            timer on an earlier try (``pipeline.pool``).

    Raises:
        ExtractionError: for every file that cannot be read, with a one-line ``reason``.

    """
    name = os.fspath(path)
    try:
        return _extract(name, settings, _Job(spool_dir, progress, frozenset(skip_pages)))
    except ExtractionError as e:
        if e.path is None:
            raise ExtractionError(e.kind, e.detail, path=name, page=e.page) from e
        raise
    except MemoryError as e:
        raise ExtractionError("too_large", "out of memory while reading", path=name) from e
    except Exception as e:  # a parser's own bug must become one failed file with a reason
        try:
            reraise_wrapped_deadline(e)  # the worker's alarm, wrapped by ctypes or a parser: still a timeout
        except ExtractionError as inner:
            raise ExtractionError(inner.kind, inner.detail, path=name, page=inner.page) from e
        log.warning("unexpected %s reading %s", type(e).__name__, name, exc_info=True)
        raise ExtractionError("corrupt", one_line(e), path=name) from e


def plan(path: str | os.PathLike[str], settings: Settings) -> tuple[str, tuple[tuple[Route, str], ...]]:
    """The route each page would take, without running pdfplumber or Tesseract (~1 ms/page).

    For dry runs, routing audits and accuracy tests against ground truth. Returns the content
    kind (``pdf``, ``image``, ``text``) and per page ``(route, reason)``; images and text files
    report one entry. Raises ExtractionError like ``extract`` for files that cannot be opened.
    """
    name = os.fspath(path)
    sniffed = sniff(_read_head(name), name)
    if sniffed.kind == "image":
        return "image", (("ocr", f"ocr: {sniffed.mime_label}"),)
    if sniffed.kind == "text":
        return "text", (("text", "text file"),)
    if sniffed.kind != "pdf":
        raise ExtractionError("not_a_pdf" if sniffed.claimed == "pdf" else "unsupported", sniffed.mime_label)
    doc = _open_pdfium(name)
    try:
        if len(doc) > settings.max_pages:
            raise ExtractionError("too_many_pages", f"{len(doc)} > {settings.max_pages}")
        return "pdf", tuple(decide(_probe(doc, i).signals, settings) for i in range(1, len(doc) + 1))
    finally:
        doc.close()


def _read_head(name: str) -> bytes:
    # The path exactly as given, not Path(name): Path drops a trailing slash, and "file.pdf/" must
    # stay unreadable rather than open the file.
    try:
        size = os.stat(name).st_size  # noqa: PTH116
        with open(name, "rb") as f:  # noqa: PTH123
            head = f.read(HEAD_BYTES)
    except FileNotFoundError as e:
        raise ExtractionError("unreadable", "file not found") from e
    except OSError as e:
        raise ExtractionError("unreadable", f"{e.strerror or one_line(e)}") from e
    if size == 0:
        raise ExtractionError("empty", "0 bytes")
    return head


@dataclass(frozen=True)
class _Job:
    """How one extraction runs, beside the file and the settings."""

    spool_dir: str | None = None
    progress: Progress = NO_PROGRESS
    skip: frozenset[int] = frozenset()


def _extract(name: str, settings: Settings, job: _Job) -> ExtractedDoc:
    sniffed = sniff(_read_head(name), name)
    note = _mislabel_note(sniffed)
    if sniffed.kind == "pdf":
        return _extract_pdf(name, settings, note, job)
    if sniffed.kind == "image":
        return extract_image(name, settings, sniffed, note, job.progress)
    if sniffed.kind == "text":
        return extract_text_file(name, settings, note, job.spool_dir, job.progress)
    if sniffed.claimed == "pdf":
        raise ExtractionError("not_a_pdf", sniffed.mime_label)
    raise ExtractionError("unsupported", sniffed.mime_label)


def _mislabel_note(sniffed: Sniffed) -> str:
    if not sniffed.mislabelled or sniffed.claimed is None:
        return ""
    return f" [named as {sniffed.claimed} but is {sniffed.mime_label}]"


# --- PDF --------------------------------------------------------------------------------------


@dataclass
class _PageOut:
    signals: PageSignals
    route: Route
    reason: str
    engine: Engine = "pdfplumber"
    words: list[Word] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    seconds: float = 0.0
    failed: bool = False
    """Given up (stalled): its reason says why; no later stage reads it."""

    def give_up(self, reason: str) -> None:
        self.failed, self.reason, self.words, self.tables = True, reason, [], []


def _failed_out(number: int, reason: str) -> _PageOut:
    """A page given up before it was probed: its size and signals are unknown (zeros)."""
    out = _PageOut(PageSignals(number, 0.0, 0.0, 0, 0, 0, 0.0, 0.0, 0.0), "text", "")
    out.give_up(reason)
    return out


def _extract_pdf(name: str, settings: Settings, note: str, job: _Job) -> ExtractedDoc:
    doc = _open_pdfium(name)
    try:
        n = len(doc)
        if n > settings.max_pages:
            raise ExtractionError("too_many_pages", f"{n} > {settings.max_pages}")
        if n == 0:
            raise ExtractionError("corrupt", "no pages")
        outs = [_probe_or_fail(doc, i, settings, job) for i in range(1, n + 1)]
        for out in outs:
            if not out.failed:
                out.route, out.reason = decide(out.signals, settings)
        later = _StoredOnly(settings.analysis_pages, job.spool_dir)
        _read_text_pages(name, outs, later, job.progress)
        _ocr_pages(doc, outs, settings, later, job.progress)
    finally:
        doc.close()
    pages = tuple(
        PageRecord(
            page=o.signals.page,
            route=o.route,
            engine=o.engine,
            width=o.signals.width,
            height=o.signals.height,
            chars=o.signals.chars,
            char_density=o.signals.char_density,
            unmapped_ratio=o.signals.unmapped_ratio,
            image_coverage=o.signals.image_coverage,
            reason=o.reason,
            seconds=round(o.seconds, 6),
        )
        for o in outs
    )
    return ExtractedDoc(
        kind="pdf",
        engine=_main_engine(pages),
        route_reason=summarize(pages, prefix="pdf") + failed_note(pages) + note,
        pages=pages,
        words=tuple(w for o in outs for w in o.words),
        tables=tuple(t for o in outs for t in o.tables),
        stored_only=later.build(),
    )


class _StoredOnly(StoredOnlyBuilder):
    """Pages past ``analysis_pages`` leave their words here as Arrow rows as soon as they are read."""

    def __init__(self, analysis_pages: int, spool_dir: str | None) -> None:
        super().__init__(spool_dir)
        self.analysis_pages = analysis_pages

    def take(self, o: _PageOut) -> None:
        if o.signals.page > self.analysis_pages:
            self.add(o.words, o.tables)
            o.words, o.tables = [], []


def _open_pdfium(name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(name)
    except pdfium.PdfiumError as e:
        if e.err_code in _PDFIUM_ERRORS:
            kind, detail = _PDFIUM_ERRORS[e.err_code]
            raise ExtractionError(kind, detail) from e
        kind, detail = _diagnose_broken(name)
        raise ExtractionError(kind, detail) from e


def _diagnose_broken(name: str) -> tuple[str, str]:
    """Name what is missing in a PDF pdfium refused: a cut-off tail, or no cross-reference table."""
    try:
        with Path(name).open("rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4096))
            tail = f.read()
    except OSError as e:
        return "unreadable", e.strerror or one_line(e)
    if b"%%EOF" not in tail:
        if b"startxref" not in tail:
            return "truncated", "no xref and no %%EOF at the end (file cut short)"
        return "truncated", "no %%EOF marker (file cut short?)"
    if b"startxref" not in tail and b"xref" not in tail:
        return "corrupt", "no xref (cross-reference table)"
    return "corrupt", "PDFium cannot parse the document (data format error)"


def _probe(doc: pdfium.PdfDocument, number: int) -> _PageOut:
    started = time.perf_counter()
    try:
        page = doc[number - 1]
    except pdfium.PdfiumError as e:
        raise ExtractionError("corrupt", "page cannot be loaded", page=number) from e
    try:
        signals = probe_page(page, number)
    except ExtractionError:
        raise
    except Exception as e:  # ctypes wraps an alarm raised while it converts an argument
        reraise_wrapped_deadline(e)
        raise
    finally:
        page.close()
    return _PageOut(signals, "text", "", seconds=time.perf_counter() - started)


def _probe_or_fail(doc: pdfium.PdfDocument, number: int, settings: Settings, job: _Job) -> _PageOut:
    """The page's signals, or a failed record if it hung a worker before or stalls now."""
    if number in job.skip:
        return _failed_out(number, failed_page_reason(settings.stall_timeout_s, stopped=True))
    job.progress(number)
    try:
        return _probe(doc, number)
    except PageStalled as e:
        job.progress(number)  # re-arm at once: the timer repeats until a step starts
        return _failed_out(number, failed_page_reason(e.seconds))


def _read_text_pages(name: str, outs: list[_PageOut], later: _StoredOnly, progress: Progress) -> None:
    """Pdfplumber on the ``text`` pages; a page (or document) pdfminer cannot parse goes to OCR."""
    # Blank pages too: pdfium misses some fonts pdfminer reads (kampo.pdf: 19 glyphs vs 2,537
    # words), and an empty page costs pdfplumber next to nothing.
    todo = [o for o in outs if o.route == "text" and not o.failed]
    if not todo:
        return
    progress(0)  # opening the document with pdfminer is a step of its own
    try:
        plumb = PlumberDoc(name)
    except ExtractionError as e:
        if e.kind in {"encrypted", "timeout"}:
            raise
        for o in todo:
            o.route, o.reason = "ocr", f"ocr: pdfminer cannot parse the document ({e.detail[:80]})"
        return
    with plumb:
        for o in todo:
            started = time.perf_counter()
            progress(o.signals.page)
            try:
                o.words, o.tables = plumb.read_page(o.signals.page)
                if o.words and o.signals.chars == 0:
                    o.reason = f"text layer: pdfminer read {len(o.words)} words where pdfium read none"
                later.take(o)
            except PageStalled as e:
                progress(o.signals.page)
                o.give_up(failed_page_reason(e.seconds))
            except (PageFailed, IndexError) as e:
                if o.signals.chars == 0:
                    o.reason += f" (pdfminer cannot parse it: {str(e)[:60]})"  # blank either way
                else:
                    o.route, o.reason = "ocr", f"ocr: pdfminer failed on the page ({str(e)[:80]})"
            o.seconds += time.perf_counter() - started


def _ocr_pages(
    doc: pdfium.PdfDocument, outs: list[_PageOut], settings: Settings, later: _StoredOnly, progress: Progress
) -> None:
    todo = [o for o in outs if o.route == "ocr" and not o.failed]
    if not todo:
        return
    with tempfile.TemporaryDirectory(prefix="towerkit-ocr-") as workdir:
        for o in todo:
            started = time.perf_counter()
            o.engine = "tesseract"
            mp = ocr_megapixels(o.signals.width, o.signals.height, settings.ocr_dpi)
            page_settings = within(settings, progress(o.signals.page, min(mp, settings.max_image_pixels / 1e6)))
            page = doc[o.signals.page - 1]
            try:
                result = ocr_pdf_page(page, o.signals.page, page_settings, workdir)
            except ExtractionError as e:
                if e.kind != "timeout":
                    raise
                progress(o.signals.page)
                o.give_up(
                    failed_page_reason(e.seconds if isinstance(e, PageStalled) else page_settings.ocr_page_timeout_s)
                )
                o.seconds += time.perf_counter() - started
                continue
            finally:
                page.close()
            o.engine, o.words = "tesseract", list(result.words)
            if result.dpi != settings.ocr_dpi:
                o.reason += f" (rendered at {result.dpi:g} dpi to fit max_image_pixels)"
            if result.dpi_note:
                o.reason += f" ({result.dpi_note})"
            later.take(o)
            o.seconds += time.perf_counter() - started


def _main_engine(pages: tuple[PageRecord, ...]) -> Engine:
    """The engine of most pages; a tie goes to tesseract (OCR'd words carry the caveats)."""
    counts = Counter(p.engine for p in pages)
    return max(counts, key=lambda e: (counts[e], e == "tesseract"))
