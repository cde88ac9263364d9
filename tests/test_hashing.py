"""Streaming hashes equal hashlib's over the whole content, at any chunk boundary."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from towerkit.pipeline.hashing import sha256_file


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 3 * 1024 + 7])
def test_streaming_hash_matches_whole_file_hash(tmp_path: Path, size: int) -> None:
    """Chunked hashing gives the same digest and size as hashing the bytes at once."""
    data = bytes(range(256)) * (size // 256 + 1)
    data = data[:size]
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert sha256_file(str(path), chunk=1024) == (hashlib.sha256(data).hexdigest(), size)


def test_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    """A missing file surfaces as OSError for the caller to turn into a failed row."""
    with pytest.raises(OSError):
        sha256_file(str(tmp_path / "missing"))
