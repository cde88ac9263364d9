"""Tesseract's TSV output read: its words, and the blocks it found but read nothing in. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from towerkit.errors import ExtractionError
from towerkit.models import Word

Box = tuple[int, int, int, int]
"""left, top, width, height in pixels of the image Tesseract read."""


def parse_tsv(tsv: str, page: int, scale: float) -> list[Word]:
    """Words from Tesseract's TSV output, boxes scaled from pixels to points. Pure.

    Rows of level 5 are words; rows with confidence -1 (layout rows) or blank text are dropped.

    Args:
        tsv: ``tesseract ... tsv`` output, header line included.
        page: the page number the words belong to (Tesseract's own ``page_num`` is ignored).
        scale: points per pixel, ``72 / dpi``.

    """
    return [
        Word(
            text,
            page,
            round(left * scale, 2),
            round(top * scale, 2),
            round((left + width) * scale, 2),
            round((top + height) * scale, 2),
            round(conf, 2),
        )
        for text, (left, top, width, height), conf in _word_rows(tsv)
        if text
    ]


def blank_boxes(tsv: str) -> list[Box]:
    """The boxes of Tesseract's word rows that have a confidence but no text. Pure."""
    return [box for text, box, _ in _word_rows(tsv) if not text]


def _word_rows(tsv: str) -> Iterator[tuple[str, Box, float]]:
    """Each word row (level 5) with a confidence: its stripped text, box and confidence; malformed rows skipped."""
    lines = tsv.splitlines()
    if not lines:
        return
    header = lines[0].split("\t")
    try:
        col = {name: header.index(name) for name in ("level", "left", "top", "width", "height", "conf", "text")}
    except ValueError as e:
        raise ExtractionError("ocr_failed", f"unexpected Tesseract TSV header: {lines[0][:80]!r}") from e
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < len(header) or cells[col["level"]] != "5":
            continue
        try:
            conf = float(cells[col["conf"]])
            box = (int(cells[col["left"]]), int(cells[col["top"]]), int(cells[col["width"]]), int(cells[col["height"]]))
        except ValueError:
            continue
        if conf >= 0:
            yield cells[col["text"]].strip(), box, conf
