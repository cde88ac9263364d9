"""Streaming sha256: a file of any size is hashed in fixed chunks, so memory stays flat.

Measured here (PERFORMANCE_NOTES.md): a 1 GiB file hashed in 64 KiB chunks peaks at 14 MB RSS,
read whole at 1,037 MB. 1 MiB chunks cost the same memory order and fewer system calls.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20
"""Bytes read per system call: 1 MiB (see the module docstring)."""


def sha256_file(path: str, chunk: int = CHUNK) -> tuple[str, int]:
    """Return (hex digest, size in bytes) of a file, read in ``chunk``-byte pieces.

    Raises OSError as the OS gives it (the caller decides what an unreadable file means).
    """
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb", buffering=0) as f:
        buf = bytearray(chunk)
        view = memoryview(buf)
        while n := f.readinto(buf):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size
