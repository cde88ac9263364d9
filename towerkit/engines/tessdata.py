"""A copy of Tesseract's language model without its number dictionary, made once per machine.

Tesseract's line recogniser weighs each reading against the model's word, punctuation and number
dictionaries; a reading none of them accepts has its certainty scaled by 2.25 (``kDictRatio``). An
identifier printed as a letter before digits (``Z452648``, ``E429234``) fits no dictionary, while the
same glyphs read as digits fit the number dictionary's patterns, so Tesseract prints ``2452648``
although its network put the ``Z`` first (80% against 17% at that glyph). No parameter switches the
recogniser's dictionaries off (``load_number_dawg`` reaches only the legacy engine), so the model is
copied with its ``lstm-number-dawg`` component left out; only words read again (``ocr_numbers``) use it.

The traineddata container is a count of slots, a table of 64-bit offsets (-1 for an empty slot) and
the components in slot order; a component runs to the next one's offset. The copy lives in the user's
cache (``$XDG_CACHE_HOME/towerkit``, not a folder other users can write: it is a model Tesseract
runs), named after the original's digest, written once and replaced atomically, so workers share it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
import tempfile
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import pytesseract

LSTM_NUMBER_DAWG = 20
"""Slot of the recogniser's number dictionary (``TESSDATA_LSTM_NUMBER_DAWG`` in Tesseract's tessdatamanager.h)."""
MAX_SLOTS = 64
"""More slots than any Tesseract release has (24 in 4.x and 5.x): a larger count is not a model."""
_COUNT = struct.calcsize("<i")
_LIST_LANGS = re.compile(r'languages in "([^"]+)"')


class TessdataError(ValueError):
    """A traineddata file whose slot table does not describe its bytes."""


def without_component(blob: bytes, slot: int) -> bytes:
    """``blob`` (a traineddata file) with component ``slot`` left out; unchanged if it has none. Pure."""
    if len(blob) < _COUNT:
        raise TessdataError("shorter than its slot count")
    (count,) = struct.unpack_from("<i", blob, 0)
    header = _COUNT + 8 * count
    if not 0 < count <= MAX_SLOTS or len(blob) < header:
        raise TessdataError(f"implausible slot count {count}")
    offsets = list(struct.unpack_from(f"<{count}q", blob, _COUNT))
    if not 0 <= slot < count or offsets[slot] < 0:
        return blob
    present = sorted((o, i) for i, o in enumerate(offsets) if o >= 0)
    if present[0][0] != header or present[-1][0] > len(blob):
        raise TessdataError("offsets outside the file")
    ends = {i: nxt for (_, i), (nxt, _) in pairwise(present)} | {present[-1][1]: len(blob)}
    parts: list[bytes] = []
    new = [-1] * count
    at = header
    for o, i in present:
        if i == slot:
            continue
        new[i] = at
        parts.append(blob[o : ends[i]])
        at += ends[i] - o
    return struct.pack(f"<i{count}q", count, *new) + b"".join(parts)


@lru_cache(maxsize=4)
def digitless_tessdata(lang: str) -> str | None:
    """A tessdata folder holding ``lang``'s models without their number dictionaries, or None.

    None when Tesseract's folder cannot be found or a model cannot be read: the word is then not
    read again, and the page's own reading stands.
    """
    source = _tessdata_dir()
    if source is None:
        return None
    try:
        models = {code: (source / f"{code}.traineddata").read_bytes() for code in lang.split("+")}
        digest = hashlib.sha256(b"".join(models[c] for c in sorted(models))).hexdigest()[:16]
        target = _cache_dir() / f"tessdata-{digest}"
        target.mkdir(parents=True, exist_ok=True)
        for code, blob in models.items():
            path = target / f"{code}.traineddata"
            if not path.exists():
                _write_atomically(path, without_component(blob, LSTM_NUMBER_DAWG))
        configs = target / "configs"
        if not configs.exists() and (source / "configs").is_dir():
            shutil.copytree(source / "configs", configs, dirs_exist_ok=True)  # pytesseract asks for configs/tsv
        return str(target)
    except (OSError, RuntimeError, TessdataError):  # RuntimeError: Path.home() with no home to find
        return None


def _cache_dir() -> Path:
    """``$XDG_CACHE_HOME/towerkit``, else ``~/.cache/towerkit``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "towerkit"


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _tessdata_dir() -> Path | None:
    """Where Tesseract finds its models: ``TESSDATA_PREFIX`` if set, else what ``--list-langs`` names."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix and Path(prefix).is_dir():
        return Path(prefix)
    binary = shutil.which(pytesseract.pytesseract.tesseract_cmd)
    if binary is None:
        return None
    try:
        # A fixed argv: the binary found on PATH and one flag; no shell, no user input.
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    m = _LIST_LANGS.search(out.stdout + out.stderr)
    return Path(m[1]) if m and Path(m[1]).is_dir() else None
