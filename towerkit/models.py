"""The plain records that pass between stages (and between processes, so all are picklable).

Coordinates are PDF points (1/72 inch) from the top-left corner of the page, whatever the source:
OCR boxes are converted from pixels with the render DPI, legacy text lines get a fixed character
cell (``TEXT_CELL_W`` by ``TEXT_CELL_H``), so layout tolerances mean the same thing on every route.
Pages are numbered from 1.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pyarrow as pa

Route = Literal["text", "ocr"]
Engine = Literal["pdfplumber", "tesseract", "text"]
Status = Literal["ingested", "quarantined", "failed"]

TEXT_CELL_W = 6.0
"""Width in points given to one character of a legacy text log."""
TEXT_CELL_H = 12.0
"""Height in points given to one line of a legacy text log."""

FAILED_PAGE_PREFIX = "failed: "
"""How a page that could not be read starts its ``pages.reason``: the store has no page status
column, and a later run re-extracts documents with such pages (the engines write it, the store's
writer looks for it)."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word with its box. ``conf`` is Tesseract's 0-100 confidence, None for a text layer."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table as pdfplumber found it: rows of cell strings (None for an empty cell)."""

    page: int
    table_no: int
    rows: tuple[tuple[str | None, ...], ...]
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the router measured on one page, what it decided and why (the ``pages`` table)."""

    page: int
    route: Route
    engine: Engine
    width: float
    height: float
    chars: int
    char_density: float
    unmapped_ratio: float
    image_coverage: float
    reason: str
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ExtractedDoc:
    """Everything read from one file: the input of field extraction and fingerprinting.

    ``engine`` is the engine that read most pages; ``route_reason`` sums up the per-page decisions
    in one line (e.g. ``pdf: 3 pages text layer; page 2 scanned image -> ocr``).
    """

    kind: Literal["pdf", "image", "text"]
    engine: Engine
    route_reason: str
    pages: tuple[PageRecord, ...]
    words: tuple[Word, ...]
    tables: tuple[Table, ...] = ()
    encoding: str | None = None
    stored_only: StoredOnly | None = None
    """Words and tables of the pages past ``Settings.analysis_pages``, already as Arrow columns:
    stored with the document, not read for its fields, type or layout, and never held as ``Word``
    objects (a 2,000-page report would otherwise keep ~340,000 of them in the worker)."""

    @property
    def page_count(self) -> int:
        """Pages read, including any past the analysis window."""
        return len(self.pages)

    @property
    def route(self) -> Route:
        """``ocr`` if any page was OCRed, else ``text``."""
        return "ocr" if any(p.route == "ocr" for p in self.pages) else "text"


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One canonical field found in a document (a ``fields`` row).

    ``value`` is the normalized canonical text (DESIGN.md); it is None, with ``error`` saying why,
    when the document's text could not be normalized: the raw text is kept, never dropped.
    """

    field: str
    value: str | None
    raw_text: str
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    confidence: float = 1.0
    value_num: float | None = None
    value_date: date | None = None
    error: str | None = None
    label: str | None = None
    """The label text the value was found by, for drift checks (None for prose or table values)."""

    @property
    def value_sha256(self) -> str:
        """sha256 of the canonical value (of the raw text when there is no value)."""
        text = self.value if self.value is not None else f"\x00raw:{self.raw_text}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in the page's coordinates (points; see the module docstring)."""

PairKind = Literal[
    "same_line",
    "leader",
    "below",
    "boxed",
    "table",
    "header_row",
    "clause",
    "checkbox",
    "export",
    "list",
    "caption",
    "question",
]


@dataclass(frozen=True, slots=True)
class Pair:
    """A label and the value a person reading the page would pair with it (a ``kv_pairs`` row).

    Found by the layout reader from positions alone, whatever the words say; ``field`` is set
    afterwards when the label maps to a catalog field (``field_score`` 0-1 says how well), and
    ``chosen`` when the field took this pair's value: the other pairs mapped to the same field
    are its runners-up, kept for review.
    """

    page: int
    label: str
    value: str
    label_box: Box
    value_box: Box
    kind: PairKind
    confidence: float
    value_words: tuple[Word, ...] = ()
    """The value's words (for a field's box and OCR confidence); not stored."""
    label_words: tuple[Word, ...] = ()
    """The label's words as printed, colon included (what drift checks compare); not stored."""
    field: str | None = None
    field_score: float | None = None
    chosen: bool = False


@dataclass(frozen=True, slots=True)
class Classification:
    """The document type and issuer read from a document's content."""

    doc_type: str | None
    issuer: str | None
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A layout fingerprint: ``exact`` identifies a layout, ``shingles`` allow similarity."""

    exact: str
    shingles: frozenset[str] = field(default_factory=frozenset)
    signature: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DocResult:
    """What a worker hands the writer for one path: a processed document or a failure."""

    path: str
    zone: str | None
    sha256: str
    size_bytes: int
    site_hint: str | None = None
    extracted: ExtractedDoc | None = None
    classification: Classification | None = None
    fields: tuple[FieldValue, ...] = ()
    pairs: tuple[Pair, ...] = ()
    """Every label/value pair the layout reader found, mapped or not (the ``kv_pairs`` rows)."""
    fingerprint: Fingerprint | None = None
    error_kind: str | None = None
    error: str | None = None
    seconds: float = 0.0
    rows: DocRows | None = None
    """The document's table rows as Arrow frames (``towerkit.pipeline.pack``): set by the worker, which
    then drops the words, tables, fields and fingerprint so they cross to the writer only as columns."""

    @property
    def failed(self) -> bool:
        """True when the path could not be processed: ``error`` says why."""
        return self.error is not None


@dataclass(frozen=True, slots=True)
class DocRows:
    """A document's rows for the ``pages``, ``fields``, ``tokens``, ``doc_tables`` and ``doc_layouts`` tables.

    ``spooled`` names Parquet files (table -> path, rows without ``doc_id``) holding the rows of
    pages past the analysis window; the writer loads them with ``read_parquet`` and deletes them.
    """

    tables: dict[str, pa.Table]
    fields_sha256: str
    site_id: str | None = None
    """The first ``site_id`` field's value, for ``documents.site_id`` (the writer needs no fields)."""
    spooled: dict[str, str] = dataclasses.field(default_factory=dict)
    spooled_rows: int = 0

    @property
    def most_rows(self) -> int:
        """Rows of the document's largest table: what the writer's batch_rows limit counts."""
        return max((t.num_rows for t in self.tables.values()), default=0) + self.spooled_rows


@dataclass(frozen=True, slots=True)
class StoredOnly:
    """Token and table rows (no ``doc_id`` yet) of pages that are stored but not analysed.

    They are Parquet files in the run's spool folder, or Arrow tables when there is none
    (``extract`` called alone).
    """

    files: dict[str, str]
    tables: dict[str, pa.Table]
    rows: int
