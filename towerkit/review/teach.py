"""Teach a printed label once: propose catalog entries from unmapped labels, and write the user catalog.

``suggest`` reads what ``coverage`` found: labels no field took whose values look like a field their
documents lack. ``add_label`` adds a wording to ``[fields.FIELD] labels`` of the user catalog file
(the catalog merge adds user wordings to the packaged ones), checks the result still loads, and
replaces the file in one step, so a failed write never leaves half a catalog behind.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from towerkit.errors import InputError, UsageError
from towerkit.fields import Catalog, load_catalog
from towerkit.fields.catalog import label_key
from towerkit.review.coverage import unmapped_frame
from towerkit.store import Connection

HEADER = (
    "# towerkit user catalog: wordings and fields added to the packaged catalog (same format as\n"
    "# towerkit/fields/catalog.toml). Written by `towerkit catalog add-label`, which keeps every entry\n"
    "# but not comments; `ingest` and `reextract` on the database beside it read it by default.\n"
)
"""The top of a written catalog: what the file is and that a rewrite keeps entries, not comments."""
CLOSEST_FIELDS = 3
"""Field names offered when the one typed is not in the catalog."""
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL = frozenset(chr(i) for i in range(32)) | {"\x7f"}
"""Characters a TOML basic string must escape (tab and newline get their short escapes)."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed catalog entry: a printed label, the field its values look like, and the evidence."""

    label: str
    field: str
    documents: int
    lacking: int
    """Documents printing the label that lack the field: the gap the entry would fill."""
    example_value: str | None
    example_doc: str | None

    def command(self, db: str | None = None) -> str:
        """The command line that teaches it (``--db`` only when one was named)."""
        return command_line(self.field, self.label, db)


def command_line(field: str, label: str, db: str | None = None) -> str:
    """``towerkit catalog add-label FIELD "LABEL"``, quoted for a POSIX shell."""
    line = f"towerkit catalog add-label {field} {_dquote(label)}"
    return f"{line} --db {_dquote(db)}" if db else line


def _dquote(text: str) -> str:
    return '"' + re.sub(r'(["\\$`])', r"\\\1", text) + '"'


def suggest(conn: Connection, catalog: Catalog) -> list[Suggestion]:
    """Catalog entries worth adding: unmapped labels whose values look like a field their documents lack.

    Labels are merged across document types by wording; a label the catalog already lists for the
    field is left out (adding it again would change nothing). Most documents lacking the field first.
    """
    frame = unmapped_frame(conn, "doc_type", catalog)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for r in frame.iter_rows(named=True):
        field = r["likely_field"]
        if field is None or r["lacking"] <= 0 or label_known(catalog, field, r["label"]):
            continue
        key = (label_key(r["label"]) or r["label"].casefold(), field)
        cur = merged.setdefault(key, {**r, "documents": 0, "lacking": 0})
        cur["documents"] += r["documents"]
        cur["lacking"] += r["lacking"]
    out = [
        Suggestion(m["label"], field, m["documents"], m["lacking"], m["example_value"], m["example_doc"])
        for (_, field), m in merged.items()
    ]
    return sorted(out, key=lambda s: (-s.lacking, -s.documents, s.label.casefold(), s.field))


def label_known(catalog: Catalog, field: str, label: str) -> bool:
    """True when the catalog already lists this wording for the field (compared after ``label_key``)."""
    key = label_key(label)
    return any(label_key(w) == key for w in catalog.labels(field))


def check_field(catalog: Catalog, field: str) -> None:
    """A one-line ``UsageError`` naming the closest field names when ``field`` is not in the catalog."""
    if field in catalog.fields:
        return
    names = sorted(catalog.fields)
    close = [m[0] for m in process.extract(field, names, scorer=fuzz.WRatio, limit=CLOSEST_FIELDS)]
    raise UsageError(f"unknown field {field!r}; closest: {', '.join(close)}")


def clean_label(label: str) -> str:
    """The label as one line with single spaces; a ``UsageError`` when nothing printable is left."""
    text = " ".join(label.split())
    if not text or not any(c.isalnum() for c in text):
        raise UsageError("the label is empty: give the wording as the documents print it")
    return text


def add_label(catalog_file: Path, field: str, label: str, catalog: Catalog) -> Path:
    """Add ``label`` to ``[fields.FIELD] labels`` in ``catalog_file`` (created if missing); return the file.

    ``catalog`` is the catalog in force, to check the field exists. Adding a wording the file already
    holds (after ``label_key``) leaves the file as it is.

    Raises:
        UsageError: unknown field, an empty label, or a file that is no valid catalog.
        InputError: the file cannot be read or written.

    """
    check_field(catalog, field)
    text = clean_label(label)
    path = Path(catalog_file)
    data = _read(path)
    fields = data.setdefault("fields", {})
    if not isinstance(fields, dict):
        raise UsageError(f"catalog {path}: [fields] must be a table")
    entry = fields.setdefault(field, {})
    if not isinstance(entry, dict):
        raise UsageError(f"catalog {path}: [fields.{field}] must be a table")
    labels = entry.setdefault("labels", [])
    if not isinstance(labels, list):
        raise UsageError(f"catalog {path}: [fields.{field}] labels must be a list")
    if any(isinstance(w, str) and label_key(w) == label_key(text) for w in labels):
        return path
    labels.append(text)
    _write_checked(path, HEADER + "\n" + dumps(data))
    return path


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"catalog {path}: invalid TOML: {e}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"catalog {path}: cannot read: {getattr(e, 'strerror', None) or e}") from e


def _write_checked(path: Path, text: str) -> None:
    """Write ``text`` beside ``path``, load it as a catalog, then move it into place (one rename)."""
    if not path.parent.is_dir():
        raise InputError(f"cannot write catalog {path}: folder {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise InputError(f"cannot write catalog {path}: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        try:
            load_catalog(tmp)
        except UsageError as e:
            raise UsageError(str(e).replace(tmp, str(path))) from e
        Path(tmp).replace(path)
    except OSError as e:
        raise InputError(f"cannot write catalog {path}: {e.strerror or e}") from e
    finally:
        Path(tmp).unlink(missing_ok=True)


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for a parsed TOML document (tables, arrays of scalars, strings, numbers, booleans, dates).

    Values are written as ``tomllib`` reads them back: the result is checked by parsing it again.
    """
    lines: list[str] = []
    _table(lines, (), data)
    text = "\n".join(lines).lstrip("\n") + "\n"
    if tomllib.loads(text) != dict(data):
        raise UsageError("catalog: the entries cannot be written back as TOML unchanged")
    return text


def _table(lines: list[str], path: tuple[str, ...], table: Mapping[str, Any]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, Mapping)}
    subtables = {k: v for k, v in table.items() if isinstance(v, Mapping)}
    if path and (scalars or not subtables):
        lines.extend(("", f"[{'.'.join(_key(p) for p in path)}]"))
    lines.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars.items())
    for k, v in subtables.items():
        _table(lines, (*path, str(k)), v)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")) if not math.isfinite(v) else repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, (datetime, date, time)):
        return v.isoformat()
    if isinstance(v, list):
        if any(isinstance(x, Mapping) for x in v):
            raise UsageError("catalog: arrays of tables are not part of the catalog format")
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise UsageError(f"catalog: cannot write a value of type {type(v).__name__}")


def _string(s: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for c in s:
        if c in ('"', "\\"):
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c in _CONTROL:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'
