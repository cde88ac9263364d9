"""``towerkit pairs FILE...``: every label -> value pair the layout reader finds, without a database.

The first thing to run on a new kind of document: it shows what the reader pairs up before any
catalog field is involved. The files are read as ``towerkit ingest`` reads them (same engines, same
routing, same OCR), one at a time in this process, and each file's pairs are printed as soon as it
is read. A file that cannot be read costs one line on stderr, never the others.

Boxes are printed in the units a user can check against the file: PDF points for PDFs (OCRed pages
included) and text files, pixels of the image for image files. Inside towerkit every box is in
points (an image page's words are stored at ``72 / dpi`` points per pixel, the DPI stated by the
file or measured from its text), so image boxes are converted back here with the image's own size.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from towerkit.cli.common import positive_int
from towerkit.config import Settings
from towerkit.errors import ExitCode, ExtractionError

if TYPE_CHECKING:
    from towerkit.models import Box, ExtractedDoc, Pair

LABEL_WIDTH = 36
"""Characters of a label shown in the table before it is cut: most labels are a few words."""
VALUE_WIDTH = 60
"""Characters of a value shown in the table: enough for an address or a sentence's start."""
POINT_DECIMALS = 2
"""Decimals of a box in points: a hundredth of a point is below any print or scan precision."""
PIXEL_DECIMALS = 1
"""Decimals of a box in pixels: a tenth of a pixel is finer than OCR boxes are."""

_DESCRIPTION = """\
Print every label -> value pair the layout reader finds in each FILE (PDF, scanned image, text log
or export), without a database and without the field catalog.

A pair is a label and the value a person reading the page would join to it: 'Tower height: 180 ft'
on one line, a small heading over the value under it (grids, boxed form fields), a small caption
under the value typed on its blank, a dot leader, a two-column table row, a numbered clause's
heading and its sentence, a ticked checkbox and its question, a CSV/TSV/INI header and its column's
value, a list under its label ('cc:' and a name a line: one pair an entry). Each pair has a kind
(same_line, leader, below, boxed, caption, table, header_row, clause, checkbox, export, list), a
confidence from 0 to 1, and the boxes of its label and its value.

Boxes are [x0, top, x1, bottom] from the page's top-left corner: PDF points (1/72 inch) for PDFs,
OCRed PDF pages included, and for text files (one character cell is 6 x 12 points); pixels of the
image for image files (PNG, TIFF, JPEG...), upright as read (an image turned upright by its EXIF
tag or by the OCR's orientation check is measured after turning).
"""

_EPILOG = """\
--json prints one JSON object per pair and per line: {"path", "page", "label", "value", "label_box",
"value_box", "confidence", "kind"}. A file that cannot be read (missing, a folder, empty, encrypted,
broken, not a document) prints one line on stderr and the other files are still read; the exit
status is 1 when any file failed, else 0.
"""


def register(sub: Any) -> None:
    """Add ``pairs`` to the ``towerkit`` sub-command parsers."""
    p = sub.add_parser(
        "pairs",
        help="print every label -> value pair found in files (no database)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="files to read (PDF, image, text log or export)")
    p.add_argument("--json", action="store_true", help="one JSON object per pair, one per line")
    p.add_argument(
        "--ocr-dpi", type=positive_int, metavar="N", help="render DPI for image-only PDF pages (default 200)"
    )
    p.add_argument(
        "--analysis-pages",
        type=positive_int,
        metavar="N",
        help="read pairs from the first N pages of each file, as ingest reads fields (default 50)",
    )
    p.set_defaults(func=run)


@dataclass(frozen=True, slots=True)
class FilePairs:
    """One file's pairs with their boxes in the units printed (``unit``: ``pt`` or ``px``)."""

    path: str
    pairs: tuple[Pair, ...]
    boxes: tuple[tuple[Box, Box], ...]
    unit: str


def run(args: argparse.Namespace) -> int:
    """Read each file and print its pairs; exit 1 when any file could not be read, else 0."""
    settings = Settings.resolve(None, ocr_dpi=args.ocr_dpi, analysis_pages=args.analysis_pages, workers=0)
    failed = 0
    for path in args.paths:
        try:
            found = read_file(path, settings)
        except ExtractionError as e:
            print(f"towerkit: {path}: {e.reason}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            _print_json(found)
        else:
            _print_table(found)
        sys.stdout.flush()
    return int(ExitCode.CHECK_FAILED if failed else ExitCode.OK)


def read_file(path: str, settings: Settings) -> FilePairs:
    """A file's pairs, boxes in the units printed.

    Raises:
        ExtractionError: the file cannot be read (``reason`` says why in one line).

    """
    from towerkit.engines.extract import extract  # noqa: PLC0415  # deferred: pdfplumber, pypdfium2, pytesseract
    from towerkit.fields.reader import read_pairs  # noqa: PLC0415  # deferred: rapidfuzz

    if Path(path).is_dir():
        raise ExtractionError("unreadable", "a folder, not a file (give the files in it)", path=path)
    doc = extract(path, settings)
    try:
        pairs = read_pairs(doc)
    except Exception as e:  # a reader bug on odd input must cost this file, not the others
        raise ExtractionError("internal", f"layout reader failed: {type(e).__name__}: {e}", path=path) from e
    if doc.kind != "image":
        return FilePairs(path, pairs, tuple((p.label_box, p.value_box) for p in pairs), "pt")
    scales = pixel_scales(path, doc)
    boxes = tuple((_scaled(p.label_box, scales[p.page]), _scaled(p.value_box, scales[p.page])) for p in pairs)
    return FilePairs(path, pairs, boxes, "px")


def pixel_scales(path: str, doc: ExtractedDoc) -> dict[int, tuple[float, float]]:
    """Pixels per point (x, y) of each page of an image file, from the image's own size.

    The OCR stores a word at ``72 / dpi`` points per pixel and the page at its pixel size times the
    same factor, so pixels per point is the upright image's size over the page's size in points:
    exact whatever the DPI was (stated, estimated, upscaled for OCR). A page turned a quarter turn
    upright (EXIF orientation, or the OCR's orientation check) has its width and height swapped; the
    page's proportions say which way round they are.
    """
    from PIL import Image, ImageSequence, UnidentifiedImageError  # noqa: PLC0415  # deferred: Pillow

    try:
        with Image.open(path) as img:
            sizes = [frame.size for frame in ImageSequence.Iterator(img)]
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise ExtractionError("unreadable", f"image size cannot be read: {e}", path=path) from e
    scales = {}
    for page in doc.pages:
        w, h = sizes[page.page - 1] if page.page <= len(sizes) else sizes[0]
        if _closer_turned(w, h, page.width, page.height):
            w, h = h, w
        scales[page.page] = (w / page.width, h / page.height)
    return scales


def _closer_turned(w: int, h: int, width_pt: float, height_pt: float) -> bool:
    """True when the page in points has the proportions of the image turned a quarter turn."""
    if width_pt <= 0 or height_pt <= 0:
        return False
    ratio = width_pt / height_pt
    return abs(ratio - h / w) < abs(ratio - w / h)


def _scaled(box: Box, scale: tuple[float, float]) -> Box:
    sx, sy = scale
    return (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)


def _rounded(box: Box, unit: str) -> list[float]:
    digits = PIXEL_DECIMALS if unit == "px" else POINT_DECIMALS
    return [round(v, digits) for v in box]


def _print_json(found: FilePairs) -> None:
    for p, (label_box, value_box) in zip(found.pairs, found.boxes, strict=True):
        record = {
            "path": found.path,
            "page": p.page,
            "label": p.label,
            "value": p.value,
            "label_box": _rounded(label_box, found.unit),
            "value_box": _rounded(value_box, found.unit),
            "confidence": round(p.confidence, 3),
            "kind": p.kind,
        }
        print(json.dumps(record, ensure_ascii=False))


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _print_table(found: FilePairs) -> None:
    """The file's pairs as aligned columns under a heading naming the file and the box unit."""
    unit = "pixels" if found.unit == "px" else "points"
    n = len(found.pairs)
    print(f"{found.path}: {n} pair{'s' if n != 1 else ''} (value boxes in {unit})")
    if not found.pairs:
        return
    headers = ["page", "kind", "conf", "label", "value", "value box"]
    rows = [
        [
            str(p.page),
            p.kind,
            f"{p.confidence:.2f}",
            _short(p.label, LABEL_WIDTH),
            _short(p.value, VALUE_WIDTH),
            " ".join(f"{v:g}" for v in _rounded(value_box, found.unit)),
        ]
        for p, (_, value_box) in zip(found.pairs, found.boxes, strict=True)
    ]
    _table(headers, rows)
    print()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
