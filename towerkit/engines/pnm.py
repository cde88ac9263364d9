"""The uncompressed page files Tesseract is handed (PERFORMANCE_NOTES.md: a path, never a PIL image).

Leptonica (Debian's) reads the header of a binary PBM with a scanf format that skips *all*
whitespace after the height, and so eats the first pixel bytes when they happen to be whitespace
codes (9-13, 32): the page then reads short and Tesseract fails the whole file with
``pixReadStreamPnm: read error in 4``. A bilevel scan with a speck in its first eight pixels (byte
0x20) did. A PBM's first pixel byte is therefore never left a whitespace code: its top bit is
flipped, which changes one corner pixel and nothing Tesseract reads. (A PGM's header ends with its
maximum value and is read correctly.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from towerkit.engines.budget import PageStalled
from towerkit.errors import ExtractionError
from towerkit.models import Word

log = logging.getLogger(__name__)

WHITESPACE_BYTES = frozenset(b"\t\n\v\f\r ")
"""Bytes C's ``isspace`` accepts: Leptonica's header scan swallows them where the pixels begin."""


def save_pnm(gray: Image.Image, workdir: str, stem: str) -> str:
    """Write ``gray`` (mode ``1`` or ``L``) as PBM/PGM under ``workdir``; the path."""
    path = Path(workdir) / f"{stem}.{'pbm' if gray.mode == '1' else 'pgm'}"
    gray.save(path, format="PPM")
    if gray.mode != "1":
        return str(path)
    with path.open("r+b") as f:
        start = f.seek(0, 2) - (gray.width + 7) // 8 * gray.height  # the header's length: the pixels fill the rest
        f.seek(start)
        first = f.read(1)
        if first and first[0] in WHITESPACE_BYTES:
            f.seek(start)
            f.write(bytes([first[0] ^ 0x80]))
    return str(path)


def read_again(
    image: Image.Image, workdir: str, stem: str, read: Callable[[str], list[Word]], what: str
) -> list[Word] | None:
    """``read``'s words of ``image`` handed over as a page file, or None if that extra reading failed.

    A page's words are already read when a part of it is read again: a failure of that second reading
    (logged, naming ``what``) leaves the page's words and loses nothing, unless the page's stall timer
    fired, which gives up the page. The image is closed and its file removed either way.
    """
    path = save_pnm(image, workdir, stem)
    try:
        return read(path)
    except PageStalled:
        raise
    except ExtractionError as e:
        log.warning("%s not read again: %s", what, e)
        return None
    finally:
        image.close()
        Path(path).unlink(missing_ok=True)
