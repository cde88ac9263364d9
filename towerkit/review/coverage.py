"""What extraction missed: per group, the share of documents carrying each expected field, and the labels no field took.

For each unmapped label, the field its values look like.

A field missing from every document of one issuer usually means the issuer prints it under a
wording the catalog does not know. The layout reader stores every label -> value pair it found
(``kv_pairs``), mapped or not, so the unmapped ones can be read back: their values say what they
hold (a date, a height in feet, a percentage, dollars, coordinates), the document type says
which fields could be meant, and the documents that lack one of those fields say which gap the
label would fill. Nothing here is keyed on an issuer or a wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from towerkit.errors import UsageError
from towerkit.fields import Catalog, FieldSpec, load_catalog
from towerkit.fields.catalog import enum_key, enum_options, label_key
from towerkit.fields.enum_values import NUMBER_WORDS
from towerkit.fields.mapping import LabelParts, label_parts
from towerkit.fields.normalize import NULL_WORDS, Normalized, Unparseable, normalize
from towerkit.queries import load
from towerkit.review.user_catalog import recorded_catalog_path
from towerkit.store import Connection
from towerkit.store.coverage_store import (
    GROUP_COLUMNS,
    documents_lacking,
    field_ranges,
    replace_catalog_fields,
    unmapped_labels,
)
from towerkit.store.query_runner import run_sql

BY = tuple(GROUP_COLUMNS)
"""How documents may be grouped: ``towerkit coverage --by``."""
UNMAPPED_PER_GROUP = 200
"""Unmapped labels read per group, most documents first: a group's OCR noise has a long tail of one-offs."""
LOOKS_LIKE_SHARE = 0.8
"""Share of a label's sample values that must read as a field's type: a stray misread must not decide it."""
MAX_VALUE_CHARS = 40
"""A value longer than this is a sentence, not one printed value (a date inside a clause says nothing)."""
RANGE_FACTOR = 2.0
"""A number within this factor of a field's values found elsewhere fits its range (heights of 90-400 ft
take 45-800 ft; a site's elevation above sea level of 2,000 ft does not)."""
DATE_SLACK = timedelta(days=3653)
"""A date within ten years of a field's dates found elsewhere fits its range."""

_LENGTH_UNIT = re.compile(r"\d\s*(?:'|ft\b|feet\b|foot\b|m\b|meters?\b|metres?\b)", re.IGNORECASE)
_MONEY_MARK = re.compile(r"\$|\busd\b|\bdollars?\b", re.IGNORECASE)
_PERCENT_MARK = re.compile(r"%|\bpercent\b", re.IGNORECASE)
_COORD_MARK = re.compile(r"°|\d\s*[NSEW]\b|\d+\.\d{4,}", re.IGNORECASE)
_WHOLE_NUMBER = re.compile(r"\(?\d{1,7}\)?")
_UNIT_KIND = {"ft": "height", "feet": "height", "m": "height", "$": "money", "usd": "money", "%": "percent"}
"""A unit printed in the label, in parentheses, and the value type it announces."""


@dataclass(frozen=True, slots=True)
class LabelGuess:
    """The field an unmapped label's values look like, and how many of its documents lack that field."""

    field: str | None
    lacking: int


def record_catalog(conn: Connection, catalog: Catalog) -> None:
    """Replace ``catalog_fields`` with the fields ``catalog`` expects per document type (caller's transaction).

    Decoys (``emit = false``) are no field a document is expected to carry, so they are left out.
    """
    rows = [
        (doc_type, spec.name, spec.name in catalog.critical(doc_type), catalog.digest)
        for doc_type in sorted(catalog.doc_types)
        for spec in sorted(catalog.for_type(doc_type), key=lambda s: s.name)
        if spec.emit
    ]
    replace_catalog_fields(conn, rows)


def check_by(by: str) -> str:
    """``by`` if it names a grouping, else a one-line ``UsageError`` listing them."""
    if by not in BY:
        raise UsageError(f"unknown --by value {by!r} (one of {', '.join(BY)})")
    return by


def coverage_frames(
    conn: Connection, by: str = "doc_type", *, catalog: Catalog | None = None, per_group: int = UNMAPPED_PER_GROUP
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Coverage per group and expected field, and the labels no field took per group.

    The first frame is ``queries/coverage.sql`` (``group, doc_type, documents, field, critical,
    found, share, group_id, unmapped_labels``), critical fields first in each group. The second has
    ``group, label, documents, example_value, example_doc, likely_field, lacking, group_id``: labels
    grouped by their normalised wording, those whose values look like a field their documents lack
    first (``lacking`` of them), then by documents. ``catalog`` defaults to the user catalog recorded
    in the database, else the packaged one.

    Raises:
        UsageError: ``by`` is not one of ``BY``.

    """
    check_by(by)
    query = load("coverage")
    fields = run_sql(conn, "coverage", query.sql, query.bind({"by": by}))
    if catalog is None:
        catalog = load_catalog(recorded_catalog_path(conn))
    names = dict(zip(fields["group_id"].to_list(), fields["group"].to_list(), strict=True))
    labels = unmapped_frame(conn, by, catalog, per_group=per_group)
    labels = labels.with_columns(pl.col("group_id").replace_strict(names, default=pl.col("group_id")).alias("group"))
    labels = labels.sort(["group", "lacking", "documents", "label"], descending=[False, True, True, False])
    return fields, labels.select(
        "group", "label", "documents", "example_value", "example_doc", "likely_field", "lacking", "group_id"
    )


_LABEL_SCHEMA: dict[str, Any] = {
    "group_id": pl.String,
    "label": pl.String,
    "documents": pl.Int64,
    "example_value": pl.String,
    "example_doc": pl.String,
    "likely_field": pl.String,
    "lacking": pl.Int64,
    "variants": pl.List(pl.String),
}


def unmapped_frame(conn: Connection, by: str, catalog: Catalog, *, per_group: int = UNMAPPED_PER_GROUP) -> pl.DataFrame:
    """The unmapped labels of each group, merged by wording, with the field their values look like.

    Columns: ``group_id, label, documents, example_value, example_doc, likely_field, lacking,
    variants`` (the printed wordings merged into the row).
    """
    check_by(by)
    raw = unmapped_labels(conn, by, per_group)
    merged = _merge_wordings(raw.iter_rows(named=True))
    ranges = field_ranges(conn)
    # A decoy entry (``emit = false``) says the catalog knows the wording and means it to be no field.
    claimed = {label_key(w) for s in catalog.fields.values() if not s.emit for w in s.labels}
    guesses: dict[tuple[str, str], list[str]] = {}
    for group_key, row in merged.items():
        specs = [s for s in catalog.fields.values() if s.emit and any(s.applies(t) for t in row["doc_types"])]
        known_not_a_field = group_key[1] in claimed
        guesses[group_key] = (
            [] if known_not_a_field else _looks_like(row["values"], label_parts(row["label"]), specs, ranges)
        )
    cand = pl.DataFrame(
        [
            {"group_id": g, "label": v, "field": f, "key": k}
            for (g, k), fs in guesses.items()
            for f in fs
            for v in merged[(g, k)]["variants"]
        ],
        schema={"group_id": pl.String, "label": pl.String, "field": pl.String, "key": pl.String},
    )
    lacking: dict[tuple[str, str, str], int] = {}
    if not cand.is_empty():
        counts = documents_lacking(conn, by, cand.select("group_id", "label", "field")).join(
            cand, on=["group_id", "label", "field"]
        )
        for r in counts.iter_rows(named=True):
            k3 = (r["group_id"], r["key"], r["field"])
            lacking[k3] = lacking.get(k3, 0) + int(r["lacking"])
    rows = []
    for (group_id, key), row in merged.items():
        guess = _choose(
            guesses[(group_id, key)], {f: lacking.get((group_id, key, f), 0) for f in guesses[(group_id, key)]}
        )
        rows.append(
            {
                "group_id": group_id,
                "label": row["label"],
                "documents": row["documents"],
                "example_value": row["example_value"],
                "example_doc": row["example_doc"],
                "likely_field": guess.field,
                "lacking": guess.lacking,
                "variants": row["variants"],
            }
        )
    frame = pl.DataFrame(rows, schema=_LABEL_SCHEMA)
    return frame.sort(["group_id", "lacking", "documents", "label"], descending=[False, True, True, False])


def _merge_wordings(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Printed labels of one group that read the same after ``label_key`` (``Top of Steel:``, ``TOP OF STEEL``)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:  # most documents first within a group: the first wording seen names the row
        key = label_key(r["label"]) or r["label"].casefold()
        cur = out.get((r["group_id"], key))
        if cur is None:
            out[(r["group_id"], key)] = {
                "label": r["label"],
                "documents": int(r["documents"]),
                "doc_types": list(r["doc_types"] or []),
                "example_value": r["example_value"],
                "example_doc": r["example_doc"],
                "values": list(r["values"] or []),
                "variants": [r["label"]],
            }
            continue
        cur["documents"] += int(r["documents"])
        cur["doc_types"] = sorted(set(cur["doc_types"]) | set(r["doc_types"] or []))
        cur["values"] += list(r["values"] or [])
        cur["variants"].append(r["label"])
    return out


def value_kinds(value: str, parts: LabelParts) -> set[str]:
    """The value types a printed value shows evidence of, from its own marks and the label's unit.

    A bare number is claimed by no measure (``192`` could be feet, dollars or a count) unless the
    label's unit says which (``(ft)``, ``($)``, ``(%)``); a date or coordinate shows its own form.
    """
    v = value.strip()
    if not v or len(v) > MAX_VALUE_CHARS:
        return set()
    unit_kinds = {_UNIT_KIND[u] for u in parts.units if u in _UNIT_KIND}
    checks = (
        ("date", True, "date"),
        ("coordinate_lat", bool(_COORD_MARK.search(v)), "coordinate_lat"),
        ("coordinate_lon", bool(_COORD_MARK.search(v)), "coordinate_lon"),
        ("percent", bool(_PERCENT_MARK.search(v)) or "percent" in unit_kinds, "percent"),
        ("money", bool(_MONEY_MARK.search(v)) or "money" in unit_kinds, "money"),
        ("height", bool(_LENGTH_UNIT.search(v)) or "height" in unit_kinds, "height"),
        ("integer", bool(_WHOLE_NUMBER.fullmatch(v)), "integer"),
    )
    kinds = {kind for kind, evident, norm in checks if evident and _parses(norm, v, parts)}
    if "date" in kinds:  # ``04/25/2022`` is a date, not a number or a coordinate
        return {"date"}
    if kinds & {"percent", "money", "height", "coordinate_lat", "coordinate_lon"}:
        kinds.discard("integer")
    return kinds


def _parses(kind: str, value: str, parts: LabelParts) -> bool:
    try:
        normalize(kind, value, metres_hint=parts.metres, ocr=False)
    except Unparseable:
        return False
    return True


def _fits(spec: FieldSpec, value: str, kinds: set[str]) -> bool:
    """The value reads as this field: its type shows in the value, or the field's own allowed words or id form do."""
    if spec.type in kinds:
        return True
    v = value.strip()
    if not v or len(v) > MAX_VALUE_CHARS:
        return False
    if spec.type == "enum":
        words = f" {enum_key(v)} "
        keys = [k for k, _ in enum_options(spec.allowed, spec.synonyms)]
        numbers = {k for k in keys if k.isdigit() or k in NUMBER_WORDS}  # "2" fits a count as well as a class
        return any(k not in numbers and f" {k} " in words for k in keys)
    if spec.type == "id" and spec.pattern:
        return re.fullmatch(spec.pattern, v.upper()) is not None
    return False


def _looks_like(
    values: Sequence[str], parts: LabelParts, specs: Sequence[FieldSpec], ranges: Mapping[str, tuple[Any, ...]]
) -> list[str]:
    """The fields most of the values read as, those whose range the values fit first.

    ``N/A``, ``none``, ``pending`` and the like say nothing about what a label holds, so they do not vote.
    """
    values = [v for v in values if v.strip().casefold() not in NULL_WORDS]
    if not values:
        return []
    kinds = [value_kinds(v, parts) for v in values]
    out: list[tuple[float, str]] = []
    for spec in specs:
        hits = [v for v, k in zip(values, kinds, strict=True) if _fits(spec, v, k)]
        if len(hits) < LOOKS_LIKE_SHARE * len(values):
            continue
        in_range = sum(_in_range(spec, v, parts, ranges.get(spec.name)) for v in hits) / len(values)
        out.append((in_range, spec.name))
    return [name for _, name in sorted(out, key=lambda t: (-t[0], t[1]))]


def _in_range(spec: FieldSpec, value: str, parts: LabelParts, rng: tuple[Any, ...] | None) -> bool:
    """The value lies near the values this field took in other documents (never seen: no evidence)."""
    if rng is None:
        return False
    try:
        n: Normalized = normalize(spec.type, value, metres_hint=parts.metres, ocr=False)
    except Unparseable:
        return False
    lo, hi, first, last = rng
    if n.day is not None and isinstance(first, date) and isinstance(last, date):
        return first - DATE_SLACK <= n.day <= last + DATE_SLACK
    if n.num is not None and lo is not None and hi is not None:
        x, a, b = abs(n.num), min(abs(lo), abs(hi)), max(abs(lo), abs(hi))
        return bool(a / RANGE_FACTOR <= x <= b * RANGE_FACTOR)
    return True


def _choose(fields: Sequence[str], lacking: Mapping[str, int]) -> LabelGuess:
    """The guessed field: of those the values read as, the one most of the label's documents lack.

    A gap filled beats a field already found; then the best range fit (``fields`` is in that order).
    """
    if not fields:
        return LabelGuess(None, 0)
    best = max(fields, key=lambda f: (lacking.get(f, 0), -fields.index(f)))
    return LabelGuess(best, lacking.get(best, 0))
