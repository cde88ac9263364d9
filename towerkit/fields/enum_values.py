"""An enumeration's value printed under a label no catalog wording names: the value names the field.

``DECISION  Denied`` on a permit, ``FINDING  No Hazard`` on an FAA letter, ``TYPE  Monopole`` on an
inspection: the label is a word any form may print, but the value is one of the few a field of this
document type takes, so a reader knows which field it is without knowing the label. The value must
be one of the field's values or their synonyms as a whole (or begin with one of two words or more:
``Red lights and paint``), the pair must be one no label mapped, and it must be the only such pair
for the field on the document. Words that answer many questions (``None``, ``Yes``, ``OK``) never
name a field on their own. Last of the strategies: a labelled value always wins. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from towerkit.fields.catalog import FieldSpec, enum_key, enum_options
from towerkit.fields.strategies import Candidate
from towerkit.models import Pair

VALUE_QUALITY = 0.5
"""A value found by its shape alone: below any labelled candidate's quality."""
MIN_VALUE_CHARS = 4
"""Shorter values (``N/A``, ``X``, ``OK``) are abbreviations too many fields share."""
MIN_PREFIX_WORDS = 2
"""A value may begin with a field's value only when that value is a phrase, not one word."""
NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"})
"""Counts written out: a value that is a number says nothing about which enumeration it belongs to."""
GENERIC_VALUES = (
    frozenset(
        {"none", "yes", "no", "true", "false", "open", "closed", "final", "valid", "void", "normal", "out", "good"}
        | {"fair", "standard", "typical", "other", "unknown", "mild", "urban", "rural", "suburban"}
    )
    | NUMBER_WORDS
)
"""Answers to many questions on one form, counts among them: they name no field by themselves."""


def _options(spec: FieldSpec) -> list[tuple[str, str]]:
    options = enum_options(spec.allowed, spec.synonyms)
    return [(k, v) for k, v in options if len(k) >= MIN_VALUE_CHARS and k not in GENERIC_VALUES]


def _names(value: str, options: Sequence[tuple[str, str]]) -> bool:
    key = enum_key(value)
    return any(key == k or (len(k.split()) >= MIN_PREFIX_WORDS and key.startswith(k + " ")) for k, _ in options)


def value_candidates(spec: FieldSpec, pairs: Sequence[Pair]) -> Iterator[Candidate]:
    """The one unmapped pair whose value is one of this enumeration's values, if exactly one is."""
    if spec.type != "enum" or not spec.emit:
        return
    options = _options(spec)
    found = [p for p in pairs if p.field is None and _names(p.value, options)]
    if len({enum_key(p.value) for p in found}) == 1:
        p = found[0]
        yield Candidate(p.value, p.value_words, p.label, VALUE_QUALITY * p.confidence, "value")
