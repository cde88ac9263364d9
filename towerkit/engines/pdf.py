"""pdfplumber on the pages the router sent to the text layer: words with boxes, ruled tables.

The PDF is opened once per document and read page by page; each page is closed as soon as its
words and tables are out, because pdfplumber keeps every parsed page otherwise (6.4 GB for a
2,000-page PDF against 62 MB with ``page.close()``, PERFORMANCE_NOTES.md).

Words: ``keep_blank_chars=False`` (a space ends a word) and ``x_tolerance=1.5`` pt — half
pdfplumber's default of 3, which glues words together in generators that position words by
offset instead of writing a space (a 9 pt font's space is ~2.3 pt). ``y_tolerance=3``.
Tables: pdfplumber's ruling-line strategy; a "table" needs at least 2 rows, 2 columns and 2
non-empty cells, so a bordered box or a single rule does not count as one.
"""

from __future__ import annotations

import logging
import re
from types import TracebackType
from typing import Any, Self

from towerkit.engines.drawn_boxes import Shape, with_drawn_boxes
from towerkit.errors import ExtractionError
from towerkit.models import Table, Word

log = logging.getLogger(__name__)

_CID_ONLY = re.compile(r"(?:\(cid:\d+\))+")
"""A word made only of unmapped glyphs carries no text; it is dropped (the page kept few of them,
or the router would have sent it to OCR)."""

WORD_SETTINGS: dict[str, Any] = {"x_tolerance": 1.5, "y_tolerance": 3, "keep_blank_chars": False}
"""pdfplumber's ``extract_words`` settings (see the module docstring for the tolerances)."""

DARK_SHARE = 0.5
"""Ink share from which a fill is dark: black, a dark gray, a saturated colour."""
MIN_TABLE_ROWS = 2
"""A ruled box with fewer rows is a frame, not a table."""
MIN_TABLE_COLUMNS = 2
"""A ruled box with fewer columns is a frame, not a table."""
MIN_TABLE_CELLS = 2
"""Non-empty cells a table needs: a single filled cell is a boxed note."""


class PageFailed(Exception):
    """pdfminer could not parse one page; the caller may OCR it instead."""

    def __init__(self, page: int, detail: str) -> None:
        super().__init__(f"page {page}: {detail}")
        self.page = page
        self.detail = detail


class PlumberDoc:
    """An open pdfplumber document read one page at a time (a context manager)."""

    def __init__(self, path: str) -> None:
        try:
            # Deferred: pdfplumber (with pdfminer, ~12 MB resident) is only needed where PDFs are read.
            # The ingest's main process imports this module (through the pool) but never reads a PDF;
            # extraction processes get it preloaded by the forkserver (pipeline.pool._PRELOAD).
            import pdfplumber  # noqa: PLC0415  heavy third-party, kept out of the main process

            self._pdf = pdfplumber.open(path)
            self._pages = self._pdf.pages
        except ExtractionError:
            raise  # a deadline (SIGALRM) raised inside pdfminer must not become "corrupt"
        except Exception as e:  # pdfminer raises many unrelated types for a broken file
            reraise_wrapped_deadline(e)
            detail = one_line(e)
            if "password" in detail.lower() or type(e).__name__.startswith("PDFPassword"):
                raise ExtractionError("encrypted", "password required") from e
            raise ExtractionError("corrupt", f"pdfminer cannot parse the document: {detail}") from e

    def __enter__(self) -> Self:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release the file and pdfminer's caches; never raises."""
        try:
            self._pdf.close()
        except Exception as e:  # noqa: BLE001  closing must not mask the real outcome
            log.debug("closing pdfplumber document: %s", e)

    def __len__(self) -> int:
        return len(self._pages)

    def read_page(self, number: int) -> tuple[list[Word], list[Table]]:
        """Words and ruled tables of page ``number`` (from 1); raises PageFailed on a parse error."""
        page = self._pages[number - 1]
        try:
            raw_words = page.extract_words(**WORD_SETTINGS)
            words = [
                Word(
                    str(w["text"]),
                    number,
                    round(float(w["x0"]), 2),
                    round(float(w["top"]), 2),
                    round(float(w["x1"]), 2),
                    round(float(w["bottom"]), 2),
                    None,
                )
                for w in raw_words
                if not _CID_ONLY.fullmatch(str(w["text"]))
            ]
            if page.rects:
                strokes = [_shape(o) for o in (*page.lines, *page.curves)]
                words = with_drawn_boxes(words, [_shape(o) for o in page.rects], strokes, number)
            tables: list[Table] = []
            for found in page.find_tables():
                rows = clean_rows(found.extract())
                if is_real_table(rows):
                    x0, top, x1, bottom = (round(float(v), 2) for v in found.bbox)
                    tables.append(Table(number, len(tables) + 1, rows, (x0, top, x1, bottom)))
        except ExtractionError:
            raise  # the worker's deadline: not a parse error, do not fall back to OCR
        except Exception as e:  # pdfminer: PSSyntaxError, KeyError, TypeError... on broken streams
            reraise_wrapped_deadline(e)
            raise PageFailed(number, one_line(e)) from e
        else:
            return words, tables
        finally:
            page.close()


def reraise_wrapped_deadline(e: BaseException) -> None:
    """Re-raise an ExtractionError (the worker's SIGALRM deadline) that pdfplumber wrapped.

    pdfplumber re-raises whatever pdfminer raised as ``PdfminerException(original)``, so a
    deadline firing mid-parse arrives here disguised as a parse error.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [e]
    while todo:
        cur = todo.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, ExtractionError):
            raise cur
        todo.extend(a for a in cur.args if isinstance(a, BaseException))
        todo.extend(x for x in (cur.__cause__, cur.__context__) if x is not None)


def _shape(obj: dict[str, Any]) -> Shape:
    """A pdfplumber rect, line or curve as a plain box, with whether it is outlined or darkly filled."""
    x0, top, x1, bottom = (float(obj[k]) for k in ("x0", "top", "x1", "bottom"))
    return Shape(x0, top, x1, bottom, bool(obj.get("stroke")), bool(obj.get("fill")) and _dark(obj))


def _dark(obj: dict[str, Any]) -> bool:
    """Whether a fill colour is dark (gray, RGB or CMYK as pdfplumber gives it): a ticked box, not a white ground."""
    color = obj.get("non_stroking_color")
    values = [float(v) for v in (color if isinstance(color, (list, tuple)) else [color]) if isinstance(v, (int, float))]
    if not values:
        return False
    if len(values) == 4:  # noqa: PLR2004 - CMYK: ink on paper
        return values[3] > DARK_SHARE or min(values[:3]) > DARK_SHARE
    return sum(values) / len(values) < 1 - DARK_SHARE


def clean_rows(rows: list[list[str | None]]) -> tuple[tuple[str | None, ...], ...]:
    """Cells with whitespace collapsed; empty cells None. Pure."""
    return tuple(tuple((" ".join(c.split()) or None) if c is not None else None for c in row) for row in rows)


def is_real_table(rows: tuple[tuple[str | None, ...], ...]) -> bool:
    """At least 2 rows, 2 columns and 2 non-empty cells. Pure."""
    if len(rows) < MIN_TABLE_ROWS or max((len(r) for r in rows), default=0) < MIN_TABLE_COLUMNS:
        return False
    return sum(1 for r in rows for c in r if c) >= MIN_TABLE_CELLS


def one_line(e: BaseException) -> str:
    """An exception as one short line: its message, or its type when it has none."""
    text = " ".join(str(e).split())[:160]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
