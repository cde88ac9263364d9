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
USER_PASSWORD = "tower-2024"


def empty() -> bytes:
    return b""


def truncated(pdf: bytes) -> bytes:
    cut = int(len(pdf) * 0.45)
    return pdf[:cut]


def encrypted(pdf: bytes, seed: int) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    file_id = ByteStringObject(hashlib.sha256(f"towerkit-sample-{seed}".encode()).digest()[:16])
    writer._ID = ArrayObject((file_id, file_id))
    writer.generate_file_identifiers = lambda: None  # type: ignore[method-assign]  # pypdf draws random ids
    writer.encrypt(USER_PASSWORD, owner_password="owner-" + USER_PASSWORD, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def random_bytes(rng: random.Random) -> bytes:
    n = rng.randint(3000, 20000)
    data = bytes(rng.getrandbits(8) for _ in range(n))
    return b"\x00\x17" + data  # never starts with a known magic number
