"""The field catalog: label wordings, value types and criticality, read from TOML (data, not code).

The packaged ``catalog.toml`` is read once per process; a user file (``--catalog FILE``) adds
fields and wordings or overrides keys, so a new issuer's wording needs no code change.
``Catalog.digest`` identifies the effective catalog in the run manifest.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from towerkit.errors import UsageError

VALUE_TYPES = {
    "date",
    "height",
    "coordinate_lat",
    "coordinate_lon",
    "money",
    "percent",
    "integer",
    "enum",
    "text",
    "id",
}

MACROS = {
    "{date}": r"(?:[A-Za-z]{3,10}[.\s]*\d{1,2}(?:st|nd|rd|th)?\s*[,.\-]{0,2}\s*\d{4}"
    r"|\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[\s-][A-Za-z]{3,10}\.?[\s-]\d{4}"
    r"|(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|[Il|]st)\s+(?:day\s+)?of\s+[A-Za-z]{3,10}\.?,?\s*\d{4})",  # Ist: 1st
    "{num}": r"\d[\d,]*(?:\.\d+)?",
    "{money}": r"\d[\d,]*(?:\.\d{1,2})?",
    "{int}": r"\d+",
    "{words}": r"[A-Za-z][A-Za-z\- ]*",
    # A party's name as contracts print it: capitalised words, initials, "of", "the", "and", "&", a comma before
    # LLC; a word ending in a full stop (a heading, "Parties.") is not part of it. Case-sensitive.
    "{name}": r"(?-i:(?:(?:[A-Z]\.|[A-Z][\w&'\u2019-]*,?)\s+"
    r"(?:(?:[A-Z]\.|[A-Z][\w&'\u2019-]*,?|&|of|and|the)\s+){0,7})?[A-Z][\w&'\u2019-]*\.?)",
}

_ABBREV = {
    "ht": "height",
    "hgt": "height",
    "elev": "elevation",
    "el": "elevation",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "approx": "approximately",
    "max": "maximum",
    "min": "minimum",
    "dt": "date",
    "insp": "inspection",
    "reg": "registration",
    "yrs": "years",
    "yr": "year",
    "mo": "monthly",
    "struct": "structure",
    "exp": "expiration",
    "amt": "amount",
    "sq": "square",
    "ft": "ft",
    "id": "id",
    "identifier": "id",
    "identification": "id",
    "hrs": "hours",
    "lat": "latitude",
    "long": "longitude",
    "lon": "longitude",
    "util": "utilization",
    "esc": "escalation",
    "ann": "annual",
    "ext": "extension",
    "desc": "description",
    "cap": "capacity",
}


def label_key(text: str) -> str:
    """A label's comparable form: casefolded, ``#``/``No.`` → number, abbreviations expanded, no punctuation."""
    s = text.casefold().replace("#", " number ").replace("&", " and ")
    s = re.sub(r"[^\w%/]+|_", " ", s).replace("/", " ")
    return " ".join(_ABBREV.get(t, t) for t in (_ocr_word(t) for t in s.split()))


def _ocr_word(tok: str) -> str:
    """``1d`` → ``id``, ``0wner`` → ``owner``: digits OCR put into a word of letters."""
    if tok.isalpha() or not any(c.isalpha() for c in tok) or not {c for c in tok if c.isdigit()} <= set("015"):
        return tok
    return tok.translate(str.maketrans("015", "ois"))


def enum_key(text: str) -> str:
    """Printed wording compared as words: case, punctuation and ``_`` do not tell two values apart.

    ``¥`` is a scan's ``Y`` (its serifs read as the bars): no wording of a value is in yen. A figure glued to
    the word after it is two words (``L-865white``: a scan lost the space), a suffix (``4th``) is not.
    """
    key = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("_", " ").replace("¥", "y"))
    return " ".join(re.sub(r"(?<=\d)(?=[a-z]{3})", " ", key).split())


def enum_options(allowed: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """(key, value) for each allowed value, then its synonyms, in catalog order; no empty key."""
    options = [(enum_key(w), v) for v in allowed for w in (v, *synonyms.get(v, ()))]
    return [(k, v) for k, v in options if k]


@dataclass(frozen=True)
class FieldSpec:
    """One catalog entry (see catalog.toml for the meaning of each key)."""

    name: str
    type: str
    doc_types: tuple[str, ...]
    labels: tuple[str, ...]
    labels_by_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    critical_for: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    pattern: str | None = None
    case: str | None = None
    multiline: bool = False
    emit: bool = True
    aggregate: str | None = None
    column_labels: tuple[str, ...] = ()

    def applies(self, doc_type: str | None) -> bool:
        """True when the field is read on documents of ``doc_type`` (``*`` means every type)."""
        return "*" in self.doc_types or (doc_type is not None and doc_type in self.doc_types)

    def labels_for(self, doc_type: str | None) -> tuple[str, ...]:
        """The label wordings to look for: the common ones, then those of ``doc_type``."""
        return self.labels + tuple(self.labels_by_type.get(doc_type or "", ()))

    def compiled_patterns(self) -> tuple[re.Pattern[str], ...]:
        """The prose patterns with their macros expanded, compiled once per process."""
        return _compile(self.patterns)


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        p = _flexible_spaces(pattern)
        for macro, rx in MACROS.items():
            p = p.replace(macro, rx)
        out.append(re.compile(p, re.IGNORECASE))
    return tuple(out)


def _flexible_spaces(pattern: str) -> str:
    """A literal space in a prose pattern matches any run of whitespace, line breaks and OCR's stray dots or commas."""
    out, depth, prev = [], 0, ""
    for c in pattern.replace(r"\s+", " "):
        if c == "[" and prev != "\\":
            depth += 1
        elif c == "]" and prev != "\\" and depth:
            depth -= 1
        out.append(r"[\s.,;:]+" if c == " " and depth == 0 and prev != "\\" else c)
        prev = c
    return "".join(out)


@dataclass(frozen=True)
class Catalog:
    """The effective catalog: fields by name, document-type keywords, and a digest of both."""

    fields: Mapping[str, FieldSpec]
    doc_types: Mapping[str, tuple[str, ...]]
    digest: str
    source: str = "packaged"

    def for_type(self, doc_type: str | None) -> list[FieldSpec]:
        """The fields a document of this type may carry (decoys included, emit=False)."""
        return [f for f in self.fields.values() if f.applies(doc_type)]

    def critical(self, doc_type: str | None) -> set[str]:
        """Field names whose drift is major for this document type."""
        return {f.name for f in self.fields.values() if f.emit and f.applies(doc_type) and doc_type in f.critical_for}

    @cached_property
    def label_keys(self) -> frozenset[str]:
        """Every wording of every field as ``label_key`` reads it: a label read as a value is no name."""
        return frozenset(label_key(w) for f in self.fields.values() for w in (*self.labels(f.name), *f.column_labels))

    def labels(self, field_name: str) -> tuple[str, ...]:
        """Every known wording of a field's label (all document types)."""
        spec = self.fields.get(field_name)
        if spec is None:
            return ()
        extra = tuple(w for ws in spec.labels_by_type.values() for w in ws)
        return spec.labels + extra


def _spec(name: str, raw: Mapping[str, Any], where: str) -> FieldSpec:
    def fail(problem: str) -> UsageError:
        return UsageError(f"catalog {where}: field {name!r}: {problem}")

    kind = raw.get("type", "text")
    if kind not in VALUE_TYPES:
        raise fail(f"unknown type {kind!r} (one of {', '.join(sorted(VALUE_TYPES))})")
    doc_types = raw.get("doc_types", ["*"])
    labels = raw.get("labels", [])
    if not isinstance(doc_types, list) or not all(isinstance(x, str) for x in doc_types):
        raise fail("doc_types must be a list of strings")
    if not isinstance(labels, list) or not all(isinstance(x, str) and x.strip() for x in labels):
        raise fail("labels must be a list of non-empty strings")
    crit = raw.get("critical", False)
    if crit is True:
        critical_for = (
            tuple(doc_types)
            if "*" not in doc_types
            else ("structural_inspection", "lease_amendment", "municipal_permit", "faa_determination", "field_log")
        )
    elif crit is False:
        critical_for = ()
    elif isinstance(crit, list):
        critical_for = tuple(crit)
    else:
        raise fail("critical must be true, false or a list of doc types")
    patterns = tuple(raw.get("patterns", []))
    for p in patterns + ((raw["pattern"],) if raw.get("pattern") else ()):
        try:
            _compile((p,))
        except (re.error, TypeError) as e:
            raise fail(f"bad regex {p!r}: {e}") from e
    if kind == "enum" and not raw.get("allowed"):
        raise fail("an enum needs `allowed` values")
    try:
        return FieldSpec(
            name=name,
            type=kind,
            doc_types=tuple(doc_types),
            labels=tuple(labels),
            labels_by_type={k: tuple(v) for k, v in dict(raw.get("labels_by_type", {})).items()},
            critical_for=critical_for,
            patterns=patterns,
            allowed=tuple(raw.get("allowed", ())),
            synonyms={k: tuple(v) for k, v in dict(raw.get("synonyms", {})).items()},
            pattern=raw.get("pattern"),
            case=raw.get("case"),
            multiline=bool(raw.get("multiline", False)),
            emit=bool(raw.get("emit", True)),
            aggregate=raw.get("aggregate"),
            column_labels=tuple(raw.get("column_labels", ())),
        )
    except (TypeError, ValueError, AttributeError) as e:
        raise fail(str(e)) from e


def _merge(base: dict[str, Any], extra: Mapping[str, Any], where: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for section in extra:
        if section not in ("fields", "doc_types"):
            raise UsageError(f"catalog {where}: unknown section [{section}] (expected [fields.*] or [doc_types.*])")
    for name, entry in dict(extra.get("fields", {})).items():
        if not isinstance(entry, dict):
            raise UsageError(f"catalog {where}: [fields.{name}] must be a table")
        cur = out.setdefault("fields", {}).setdefault(name, {})
        replace = bool(entry.get("replace", False))
        for key, val in entry.items():
            if key == "replace":
                continue
            if key in ("labels", "patterns", "column_labels") and not replace and isinstance(val, list):
                cur[key] = list(val) + [v for v in cur.get(key, []) if v not in val]
            else:
                cur[key] = val
    for name, entry in dict(extra.get("doc_types", {})).items():
        cur = out.setdefault("doc_types", {}).setdefault(name, {"keywords": []})
        kws = entry.get("keywords", []) if isinstance(entry, dict) else None
        if not isinstance(kws, list):
            raise UsageError(f"catalog {where}: [doc_types.{name}] keywords must be a list")
        cur["keywords"] = list(cur.get("keywords", [])) + [k for k in kws if k not in cur.get("keywords", [])]
    return out


def _build(data: Mapping[str, Any], where: str) -> Catalog:
    specs = {name: _spec(name, raw, where) for name, raw in dict(data.get("fields", {})).items()}
    doc_types = {
        name: tuple(str(k) for k in entry.get("keywords", []))
        for name, entry in dict(data.get("doc_types", {})).items()
    }
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return Catalog(fields=specs, doc_types=doc_types, digest=digest, source=where)


@lru_cache(maxsize=1)
def _packaged_data() -> dict[str, Any]:
    text = resources.files("towerkit.fields").joinpath("catalog.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _packaged() -> Catalog:
    return _build(_packaged_data(), "packaged")


def load_catalog(extra: str | Path | None = None) -> Catalog:
    """The packaged catalog, plus a user TOML that adds or overrides entries."""
    if extra is None or str(extra) == "":
        return _packaged()
    path = Path(extra)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"catalog {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"catalog {path}: cannot read: {e}") from e
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"catalog {path}: invalid TOML: {e}") from e
    return _build(_merge(_packaged_data(), data, str(path)), str(path))
