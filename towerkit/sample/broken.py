"""Broken files, as real shares hold them: each must end ``failed`` with a one-line reason.

Kinds (ground truth ``broken``):

* ``empty``: 0 bytes with a ``.pdf`` name (an interrupted copy).
* ``truncated``: a real report cut at ~45% of its bytes, mid content stream: no xref, no trailer.
* ``encrypted``: a real report encrypted by pypdf with a user password (RC4-128 with a fixed file
  id, so the bytes are reproducible); opening it needs the password we do not have.
* ``random_bytes``: noise named ``.pdf`` (a corrupted download): no magic bytes of any format.

Not broken: a *readable* PNG scan named ``.pdf`` is what an office scanner with the wrong save
setting produces; its content is a valid document, so its ground truth is ``ingested`` via the
``ocr`` route with all its fields, and ``mislabeled: "png"`` notes the wrong extension (built in
``generate``). A reader that trusts the extension fails it; one that sniffs magic bytes reads it.
"""

from __future__ import annotations

import hashlib
import io
import random

import pypdf
from pypdf.generic import ArrayObject, ByteStringObject

KINDS = ("encrypted", "truncated", "empty", "random_bytes")
USER_PASSWORD = "tower-2024"  # noqa: S105  a published test-corpus password, protecting nothing
"""Documented so a test can show the file opens with it; the pipeline must refuse the file without it."""
TRUNCATE_AT = 0.45
"""Keep this share of the bytes: the cut falls mid content stream, before the xref and trailer."""


def empty() -> bytes:
    """Zero bytes: an interrupted copy."""
    return b""


def truncated(pdf: bytes) -> bytes:
    """The first 45% of ``pdf``: no xref, no trailer, no ``%%EOF``."""
    cut = int(len(pdf) * TRUNCATE_AT)
    return pdf[:cut]


def encrypted(pdf: bytes, seed: int) -> bytes:
    """``pdf`` RC4-128-encrypted with ``USER_PASSWORD``; the file id comes from ``seed`` so bytes repeat."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    file_id = ByteStringObject(hashlib.sha256(f"towerkit-sample-{seed}".encode()).digest()[:16])
    writer._ID = ArrayObject((file_id, file_id))  # noqa: SLF001  pypdf has no public setter for the file id
    writer.generate_file_identifiers = lambda: None  # type: ignore[method-assign]  # pypdf draws random ids
    writer.encrypt(USER_PASSWORD, owner_password="owner-" + USER_PASSWORD, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def random_bytes(rng: random.Random) -> bytes:
    """3-20 kB of seeded noise behind two bytes that start no known format."""
    n = rng.randint(3000, 20000)
    data = bytes(rng.getrandbits(8) for _ in range(n))
    return b"\x00\x17" + data  # never starts with a known magic number
