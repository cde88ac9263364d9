"""One page of a stored document as a PNG, with what extraction found boxed over it.

An analyst judging a field needs to see where on the page it was read and what was printed around
it, so the page is drawn with three kinds of boxes: the fields in force (named), the label/value
pairs the layout reader found that a field took, and the pairs no field took. Every box in the
database is in PDF points from the page's top-left corner (OCR boxes included), so one scale,
pixels per point, maps them onto the picture.

The picture is the original file when it is still where it was ingested from and still has the
content the document's id hashes (a PDF page rendered with pdfium, an image frame with Pillow,
turned upright as OCR turned it). Otherwise (the file moved, changed, or was never a picture: a
text export) it is a wireframe drawn from the stored words, so review works from the database alone.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from towerkit.engines.orientation import turn_upright
from towerkit.engines.sniff import HEAD_BYTES, sniff
from towerkit.errors import UsageError
from towerkit.models import Word
from towerkit.pipeline.hashing import sha256_file
from towerkit.review.queue import DocReview
from towerkit.store import Connection
from towerkit.store.templates import load_words

log = logging.getLogger(__name__)

BoxKind = Literal["field", "pair", "unmapped"]
SourceKind = Literal["pdf", "image"]
PictureKind = Literal["pdf", "image", "wireframe"]

DEFAULT_DPI = 100
"""Pixels per inch of the picture: a US Letter page is 850 x 1100 px, legible in a notebook cell
and about 150 KB as PNG, where 150 dpi would triple the notebook's size for no reading gain."""
COLOURS: dict[BoxKind, tuple[int, int, int]] = {"field": (0, 114, 178), "pair": (0, 158, 115), "unmapped": (213, 94, 0)}
"""Blue for fields, green for pairs a field took, vermilion for pairs none took: the Okabe-Ito
colours, told apart by readers with the common colour-vision deficiencies."""
OUTLINE_PX = 3
"""Box outline width: visible over dense print at 100 dpi without hiding the first letter."""
FILL_ALPHA = 40
"""Opacity (0-255) of a box's tint: enough to see the box, little enough to read what is under it."""
LABEL_PT = 7.0
"""Height of a field's name tag, in points (scaled with the picture)."""
WIREFRAME_INK = (90, 90, 90)
"""Grey of the words on a wireframe page: clearly not the original print."""
ASPECT_TOLERANCE = 0.03
"""A picture whose width/height ratio differs from the stored page's by more than this is not the
page the boxes were measured on (an unknown turn, a different crop): the wireframe is drawn instead."""
PALETTE_COLOURS = 32
"""Colours the original page is reduced to before the boxes are drawn: print and paper keep their
look, a scan's grain stops costing most of the notebook's size; the boxes keep their exact colours."""
DRAWN_FROM: dict[PictureKind, str] = {
    "pdf": "the original PDF",
    "image": "the original image",
    "wireframe": "the stored words",
}
"""What a picture was drawn from, as a reader is told it."""
MEANING: dict[BoxKind, str] = {
    "field": "fields in force",
    "pair": "pairs a field took",
    "unmapped": "pairs no field took",
}
"""What each colour marks, for the legend and the picture's alternative text."""
TURNED = re.compile(r"turned (90|180|270) degrees")
"""How the OCR engine notes, in a page's reason, that it read the page turned upright."""


@dataclass(frozen=True, slots=True)
class Box:
    """One box to draw, in PDF points from the page's top-left corner."""

    kind: BoxKind
    label: str
    x0: float
    top: float
    x1: float
    bottom: float

    def pixels(self, scale: float) -> tuple[int, int, int, int]:
        """The box in pixels of a picture drawn at ``scale`` pixels per point (x0, top, x1, bottom)."""
        return (round(self.x0 * scale), round(self.top * scale), round(self.x1 * scale), round(self.bottom * scale))


@dataclass(frozen=True)
class PageImage:
    """A rendered page: PNG bytes, its size in pixels, the scale used, and what it was drawn from."""

    png: bytes
    width: int
    height: int
    scale: float
    """Pixels per PDF point: a box at (x0, top) in the database is at (x0 * scale, top * scale)."""
    source: PictureKind
    note: str = ""
    """Why the original file was not used (empty when it was)."""
    alt: str = ""
    """What the picture shows, in words: the HTML export's alternative text."""

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        """The page as PNG for Jupyter, and as an ``<img>`` with alternative text for the HTML export.

        nbconvert prefers the HTML form and cannot take alternative text from anywhere else (as
        ``plots.show``); both carry the same PNG, embedded as a data URI.
        """
        encoded = base64.b64encode(self.png).decode("ascii")
        text = html.escape(self.alt or "page image", quote=True)
        return {
            "image/png": encoded,
            "text/html": f'<img alt="{text}" width="{self.width}" src="data:image/png;base64,{encoded}"/>',
        }


def _box(kind: BoxKind, label: str, row: Mapping[str, Any], prefix: str = "") -> Box | None:
    """The box named ``prefix`` (``label_``, ``value_`` or none) of a row, if it has all four sides (not NaN)."""
    try:
        x0, top, x1, bottom = (float(row[f"{prefix}{side}"]) for side in ("x0", "top", "x1", "bottom"))
    except (KeyError, TypeError):  # a side missing or None
        return None
    return None if math.isnan(x0 + top + x1 + bottom) else Box(kind, label, x0, top, x1, bottom)


def page_boxes(fields: Iterable[Mapping[str, Any]], pairs: Iterable[Mapping[str, Any]], page: int) -> list[Box]:
    """The boxes of one page, in drawing order: pairs first, then fields on top of them.

    Args:
        fields: field rows (``field``, ``page``, ``x0``, ``top``, ``x1``, ``bottom``), as
            ``towerkit.review.queue.doc_review`` returns them.
        pairs: layout-reader pairs (``page``, ``label``, ``field``, ``label_x0``..., ``value_x0``...).
        page: the page number, from 1.

    """
    out: list[Box] = []
    for pair in pairs:
        if pair.get("page") != page:
            continue
        kind: BoxKind = "pair" if pair.get("field") else "unmapped"
        name = str(pair.get("field") or pair.get("label") or "")
        out += [b for b in (_box(kind, name, pair, "label_"), _box(kind, name, pair, "value_")) if b is not None]
    for field in fields:
        if field.get("page") == page:
            box = _box("field", str(field.get("field") or ""), field)
            if box is not None:
                out.append(box)
    return out


# --- the picture under the boxes --------------------------------------------------------------------


def page_turn(reason: str | None) -> int:
    """The clockwise turn OCR gave a page to read it upright (0 when none), from the page's reason."""
    found = TURNED.search(reason or "")
    return int(found.group(1)) if found else 0


def _render_pdf(path: Path, page: int, scale: float) -> Image.Image:
    """A PDF page rendered at ``scale`` pixels per point."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise ValueError(f"the PDF has no page {page}")
        bitmap = pdf[page - 1].render(scale=scale)
        picture: Image.Image = bitmap.to_pil()  # pypdfium2 has no annotations
        return picture.convert("RGB")
    finally:
        pdf.close()


def _open_frame(path: Path, page: int) -> Image.Image:
    """Frame ``page`` of an image file, with a photo's EXIF orientation applied as OCR applied it."""
    with Image.open(path) as img:
        frames = getattr(img, "n_frames", 1)
        if not 1 <= page <= frames:
            raise ValueError(f"the image has no frame {page}")
        img.seek(page - 1)
        img.load()
        frame = ImageOps.exif_transpose(img) if frames == 1 else img.copy()
        return frame.convert("RGB")


class NoPicture(Exception):
    """The original page cannot be drawn, and why; never leaves this module (``render`` draws the wireframe)."""


def _source_kind(path: str | Path | None, doc_id: str) -> tuple[Path, SourceKind]:
    """The source file and whether it is a PDF or an image, if it still holds this document."""
    if not path:
        raise NoPicture("no source path recorded")
    file = Path(path)
    if not file.is_file():
        raise NoPicture("source file not found")
    try:
        digest, _ = sha256_file(str(file))
        with file.open("rb") as f:
            sniffed = sniff(f.read(HEAD_BYTES), file.name).kind
    except OSError as e:
        raise NoPicture(f"source file unreadable ({e.strerror or type(e).__name__})") from e
    if digest != doc_id:
        raise NoPicture("source file changed since ingest")
    if sniffed == "pdf":
        return file, "pdf"
    if sniffed == "image":
        return file, "image"
    raise NoPicture(f"source is a {sniffed} file, not a picture")


def source_picture(
    path: str | Path | None, doc_id: str, page: int, size_pt: tuple[float, float], scale: float, turn: int = 0
) -> tuple[Image.Image, SourceKind]:
    """The original page as a picture of the stored page's size.

    Args:
        path: where the document was ingested from (``documents.path``).
        doc_id: the document's id, the sha256 of its content: a file that no longer hashes to it
            is not this document.
        page: the page number, from 1.
        size_pt: the stored page's width and height in points.
        scale: pixels per point of the picture.
        turn: the clockwise turn OCR applied to read the page (``page_turn``).

    Raises:
        NoPicture: the file is gone, changed, not a picture, cannot be decoded, or its page's shape
            is not the stored page's.

    """
    file, kind = _source_kind(path, doc_id)
    try:
        picture = _render_pdf(file, page, scale) if kind == "pdf" else _open_frame(file, page)
    except (pdfium.PdfiumError, UnidentifiedImageError, OSError, ValueError, EOFError) as e:
        raise NoPicture(f"source file cannot be drawn ({' '.join(str(e).split())[:80]})") from e
    picture = turn_upright(picture, turn).convert("RGB")
    width, height = _pixel_size(size_pt, scale)
    if abs(picture.width / picture.height - width / height) > ASPECT_TOLERANCE * (width / height):
        raise NoPicture("source page's shape differs from the stored page")
    if picture.size != (width, height):
        picture = picture.resize((width, height), Image.Resampling.LANCZOS)
    return picture, kind


def _pixel_size(size_pt: tuple[float, float], scale: float) -> tuple[int, int]:
    """A page of ``size_pt`` points in pixels, at least one pixel each way."""
    return max(1, round(size_pt[0] * scale)), max(1, round(size_pt[1] * scale))


@lru_cache(maxsize=64)
def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at ``px`` pixels (no font file on the machine is needed)."""
    return ImageFont.load_default(size=max(px, 6))


def wireframe(words: Sequence[Word], size_pt: tuple[float, float], scale: float) -> Image.Image:
    """A white page with the stored words written where they were read, in grey.

    Args:
        words: the page's stored words (boxes in points).
        size_pt: the stored page's width and height in points.
        scale: pixels per point.

    """
    picture = Image.new("RGB", _pixel_size(size_pt, scale), "white")
    draw = ImageDraw.Draw(picture)
    for word in words:
        x0, top, x1, bottom = (round(v * scale) for v in (word.x0, word.top, word.x1, word.bottom))
        draw.rectangle((x0, top, max(x0, x1), max(top, bottom)), outline=(225, 225, 225))
        draw.text((x0, top), word.text, fill=WIREFRAME_INK, font=_font(max(1, bottom - top)))
    return picture


def draw_boxes(picture: Image.Image, boxes: Sequence[Box], scale: float) -> Image.Image:
    """``picture`` with ``boxes`` drawn over it: tinted, outlined, fields tagged with their name."""
    base = picture.convert("RGBA")
    tint = Image.new("RGBA", base.size, (0, 0, 0, 0))
    shade = ImageDraw.Draw(tint)
    for box in boxes:
        shade.rectangle(box.pixels(scale), fill=(*COLOURS[box.kind], FILL_ALPHA))
    out = Image.alpha_composite(base, tint)
    draw = ImageDraw.Draw(out)
    font = _font(round(LABEL_PT * scale))
    for box in boxes:
        x0, top, x1, bottom = box.pixels(scale)
        draw.rectangle((x0, top, max(x0, x1), max(top, bottom)), outline=COLOURS[box.kind], width=OUTLINE_PX)
        if box.kind == "field" and box.label:
            left, upper, right, lower = draw.textbbox((0, 0), box.label, font=font)
            tag_w, tag_h = right - left + 4, lower - upper + 2
            # beside the value, where forms leave room; above it when the page's edge is too near
            x, y = (x1 + OUTLINE_PX, top) if x1 + OUTLINE_PX + tag_w <= out.width else (x0, max(0, top - tag_h))
            draw.rectangle((x, y, x + tag_w, y + tag_h), fill=COLOURS["field"])
            draw.text((x + 2 - left, y + 1 - upper), box.label, fill="white", font=font)
    return out.convert("RGB")


def render(
    *,
    doc_id: str,
    path: str | Path | None,
    page: int,
    size_pt: tuple[float, float],
    boxes: Sequence[Box],
    words: Sequence[Word] | Callable[[], Sequence[Word]] = (),
    turn: int = 0,
    dpi: int = DEFAULT_DPI,
) -> PageImage:
    """Draw one page with its boxes: the original when it can be read, else the stored words.

    Args:
        doc_id: the document's id (its content's sha256).
        path: where it was ingested from.
        page: the page number, from 1.
        size_pt: the stored page's width and height in points (``pages.width``, ``pages.height``).
        boxes: what to draw over it (``page_boxes``).
        words: the document's stored words (or a function that loads them, called only when the
            wireframe is drawn).
        turn: the clockwise turn OCR applied to the page (``page_turn``).
        dpi: pixels per inch of the picture.

    """
    scale = dpi / 72.0
    kind: PictureKind
    note = ""
    try:
        picture, kind = source_picture(path, doc_id, page, size_pt, scale, turn)
        # a scan's paper grain is most of its PNG's bytes: 920 KB for a noisy page at 100 dpi, 330 KB in 32 colours
        picture = picture.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE).convert("RGB")
    except NoPicture as e:
        note = str(e)
        log.info("page %d of %s drawn from its stored words: %s", page, doc_id[:12], note)
        stored = words() if callable(words) else words
        picture, kind = wireframe([w for w in stored if w.page == page], size_pt, scale), "wireframe"
    drawn = draw_boxes(picture, boxes, scale)
    buf = io.BytesIO()
    drawn.save(buf, format="PNG")
    counts = ", ".join(f"{text}: {sum(1 for b in boxes if b.kind == k)}" for k, text in MEANING.items())
    alt = f"Page {page} drawn from {DRAWN_FROM[kind]}, boxed in colour: {counts}"
    return PageImage(buf.getvalue(), drawn.width, drawn.height, scale, kind, note, alt)


def review_page(conn: Connection, review: DocReview, page: int = 1, *, dpi: int = DEFAULT_DPI) -> PageImage:
    """One page of a reviewed document (``towerkit.review.queue.doc_review``) with its boxes drawn.

    Args:
        conn: the database (read-only is enough): the stored words are read only when the
            source file cannot be drawn.
        review: the document as ``doc_review`` returns it.
        page: the page number, from 1.
        dpi: pixels per inch of the picture.

    Raises:
        UsageError: the document has no such page.

    """
    pages = {int(p["page"]): p for p in review.pages}
    if page not in pages:
        have = f"pages 1-{max(pages)}" if pages else "no stored pages"
        raise UsageError(f"document {review.doc_id[:12]} has no page {page} ({have})")
    info = pages[page]
    size = (float(info["width"]), float(info["height"]))
    boxes = page_boxes(review.fields, review.pairs, page)

    def stored_words() -> list[Word]:
        return load_words(conn, [review.doc_id]).get(review.doc_id, [])

    turn = page_turn(info.get("reason"))
    return render(
        doc_id=review.doc_id,
        path=review.path,
        page=page,
        size_pt=size,
        boxes=boxes,
        words=stored_words,
        turn=turn,
        dpi=dpi,
    )


def legend() -> str:
    """The colours' meaning, as HTML for the text beside the picture."""
    return " · ".join(f'<span style="color:rgb{COLOURS[k]}">■</span> {text}' for k, text in MEANING.items())
