"""The ``exports`` family: plain-text records as asset systems and field crews export them.

Wide and long CSV/TSV (header row + values, or ``field,value`` rows), INI files (``KEY = VALUE``
under ``[section]``), fixed-width tables whose header words are underlined by runs of dashes, and
timestamped key logs. Some legacy files are written in cp1252, as old field laptops did.
"""

from __future__ import annotations

import csv
import io
import random
import re

from benchmarks.zoo.facts import chance
from benchmarks.zoo.labels import Item

SECTIONS = ("site", "record", "asset", "data", "details", "general")
KINDS = ("csv_wide", "csv_long", "tsv_wide", "tsv_long", "ini", "fixed", "keylog")


def _key(label: str, *, upper: bool) -> str:
    """``Tower Ht. AGL (M)`` → ``TOWER_HT_AGL_M``: how exports name columns."""
    k = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_")
    return k.upper() if upper else k.lower()


def _unique(names: list[str]) -> list[str]:
    """Suffix repeated column names, as spreadsheet exports do."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}_{seen[n]}")
    return out


def _delimited(items: list[Item], rng: random.Random, delim: str, *, wide: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=rng.choice(("\n", "\r\n")))
    keyed, upper = chance(rng, 0.5), chance(rng, 0.5)
    names = _unique([_key(i.label, upper=upper) if keyed else i.label for i in items])
    if wide:
        w.writerow(names)
        w.writerow([i.value for i in items])
    else:
        if chance(rng, 0.7):
            w.writerow(rng.choice((("Field", "Value"), ("KEY", "VALUE"), ("attribute", "value"))))
        for n, i in zip(names, items, strict=True):
            w.writerow((n, i.value))
    return buf.getvalue()


def _ini(items: list[Item], rng: random.Random) -> str:
    upper = chance(rng, 0.5)
    eq = rng.choice((" = ", "=", " = "))
    cut = rng.randint(1, max(1, len(items) - 1))
    lines = [f"; exported {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d} by asset tool"] if chance(rng, 0.5) else []
    names = _unique([_key(i.label, upper=upper) for i in items])
    for part, (lo, hi) in enumerate(((0, cut), (cut, len(items)))):
        if hi <= lo:
            continue
        sec = rng.choice(SECTIONS)
        lines.append(f"[{sec.upper() if upper else sec}{part + 1 if part else ''}]")
        lines += [f"{names[k]}{eq}{items[k].value}" for k in range(lo, hi)]
        lines.append("")
    return "\n".join(lines)


def _fixed(items: list[Item], rng: random.Random) -> str:
    """Blocks of four to six columns: header words, dashes under each, one row of values."""
    per = rng.randint(4, 6)
    gap = rng.choice((2, 3, 4))
    out = []
    if chance(rng, 0.6):
        out += [rng.choice(("SITE EXPORT", "Asset record", "FIELD LOG EXTRACT", "REPORT")), ""]
    for start in range(0, len(items), per):
        block = items[start : start + per]
        widths = [max(len(i.label), len(i.value)) for i in block]
        pad = " " * gap
        out.append(pad.join(i.label.ljust(w) for i, w in zip(block, widths, strict=True)).rstrip())
        out.append(pad.join("-" * w for w in widths))
        out.append(pad.join(i.value.ljust(w) for i, w in zip(block, widths, strict=True)).rstrip())
        out.append("")
    return "\n".join(out)


def _keylog(items: list[Item], rng: random.Random) -> str:
    """``2026-03-14 08:12:03 INFO Label: value`` lines, as data loggers write them."""
    t = rng.randint(6, 9) * 3600
    stamp = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = []
    for i in items:
        t += rng.randint(1, 90)
        lines.append(f"{stamp} {t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} INFO {i.label}: {i.value}")
    return "\n".join(lines) + "\n"


def render_export(items: list[Item], rng: random.Random) -> tuple[bytes, str, str]:
    """(file bytes, extension, kind) of one export."""
    kind = rng.choice(KINDS)
    if kind.startswith(("csv", "tsv")):
        text = _delimited(items, rng, "," if kind.startswith("csv") else "\t", wide=kind.endswith("wide"))
        ext = ".csv" if kind.startswith("csv") else rng.choice((".tsv", ".tsv", ".txt"))
    elif kind == "ini":
        text, ext = _ini(items, rng), ".ini"
    elif kind == "fixed":
        text, ext = _fixed(items, rng), rng.choice((".txt", ".log"))
    else:
        text, ext = _keylog(items, rng), ".log"
    encoding = "utf-8"
    if ext in (".txt", ".log") and chance(rng, 0.3):
        encoding = "cp1252"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data, ext, kind
