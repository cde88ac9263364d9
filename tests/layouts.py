"""Hand-built form layouts for the fingerprint, drift and template tests (no files, no OCR)."""

from __future__ import annotations

from collections.abc import Sequence

from towerkit.models import FieldValue, Word

CHAR_W = 5.5
LINE_H = 10.0

INSPECTION = (
    ("site_id", "Site ID:", 72, 120),
    ("site_name", "Site Name:", 72, 140),
    ("structure_height_ft", "Structure Height:", 72, 180),
    ("inspection_date", "Inspection Date:", 72, 200),
    ("result", "Result:", 72, 220),
    ("max_capacity_pct", "Max Capacity:", 300, 220),
)
HEADINGS = (
    ("ACME Tower Services", 72, 60),
    ("Structural Inspection Report", 72, 80),
    ("Inspector notes and findings follow below", 72, 300),
)


def words_of(text: str, page: int, x: float, y: float, conf: float | None = None) -> list[Word]:
    out, cx = [], x
    for t in text.split():
        w = len(t) * CHAR_W
        out.append(Word(t, page, cx, y, cx + w, y + LINE_H, conf))
        cx += w + CHAR_W
    return out


def form(
    values: dict[str, str],
    layout: Sequence[tuple[str, str, float, float]] = INSPECTION,
    headings: Sequence[tuple[str, float, float]] = HEADINGS,
    *,
    dx: float = 0.0,
    dy: float = 0.0,
    moves: dict[str, tuple[float, float]] | None = None,
    labels: dict[str, str] | None = None,
    drop: Sequence[str] = (),
    conf: float | None = None,
    extra: Sequence[tuple[str, float, float]] = (),
) -> tuple[list[Word], list[FieldValue]]:
    """Words and fields of one filled form; ``moves`` shifts single fields, ``labels`` renames them."""
    words: list[Word] = []
    fields: list[FieldValue] = []
    for text, x, y in (*headings, *extra):
        words += words_of(text, 1, x + dx, y + dy, conf)
    for name, label, x, y in layout:
        if name in drop:
            continue
        mx, my = (moves or {}).get(name, (0.0, 0.0))
        label = (labels or {}).get(name, label)
        lw = words_of(label, 1, x + dx + mx, y + dy + my, conf)
        vx = lw[-1].x1 + 2 * CHAR_W
        vw = words_of(values.get(name, "x"), 1, vx, y + dy + my, conf)
        words += lw + vw
        fields.append(
            FieldValue(
                name,
                values.get(name),
                values.get(name, ""),
                1,
                vw[0].x0,
                vw[0].top,
                vw[-1].x1,
                vw[-1].bottom,
                label=label.rstrip(":"),
            )
        )
    return words, fields


def values(i: int) -> dict[str, str]:
    """Per-document values that differ in numbers and in proper names."""
    names = ["Cedar Ridge", "Oak Hollow North", "Pine Bluff", "Marsh Creek Water Tower", "Elm"]
    return {
        "site_id": f"TX-{1000 + i}",
        "site_name": names[i % len(names)],
        "structure_height_ft": f"{100 + i} ft",
        "inspection_date": f"2024-03-{1 + i % 28:02d}",
        "result": "pass" if i % 3 else "fail",
        "max_capacity_pct": f"{50 + i}%",
    }
