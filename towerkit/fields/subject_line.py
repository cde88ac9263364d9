"""What a letter is about: the site its subject line names after the matter.

A letter, a memo or an e-mail says which site it concerns in its subject line, after what it is about:
``RE: Determination of No Hazard - Mill Creek East - US-TX-1501``, ``Subject: FW: Maintenance Ticket - Pine
Bluff Relo``. Each part after the first is a code or a name, and what every document is about is its site: the
fields every document type carries (the catalog's ``*`` fields) take them by their type, a code the one that
is an identifier, a name the one that is text. They are read last, when no label, table or sentence gave those
fields a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from towerkit.fields.catalog import FieldSpec
from towerkit.fields.layout import Line
from towerkit.fields.mapping import PROPER_NAME
from towerkit.fields.sentence_values import CODE
from towerkit.fields.strategies import Candidate
from towerkit.models import Word

SUBJECT_LABELS = frozenset({"re:", "subject:", "subj:"})
"""How a subject line begins."""
FORWARDED = frozenset({"re:", "fw:", "fwd:"})
"""What a reply or a forward puts before the subject."""
SEPARATORS = frozenset({"-", "\u2013", "\u2014", "/", "|"})
"""What stands between a subject's parts, on its own between spaces."""
SUBJECT_QUALITY = 0.5
"""A value read from a subject line: below any label's or sentence's."""

_CODE = re.compile(CODE)
"""A code as a sentence's is (``US-TX-1501``, ``CO-12657``)."""


def subject_candidates(spec: FieldSpec, lines: Sequence[Line]) -> Iterator[Candidate]:
    """The parts of the document's first subject line after its matter that this field's type takes."""
    if "*" not in spec.doc_types or spec.type not in ("id", "text") or not spec.emit:
        return
    for words in _parts(lines)[1:]:
        text = " ".join(w.text for w in words)
        code = _CODE.fullmatch(text) is not None
        if (spec.type == "id") == code and (code or PROPER_NAME.fullmatch(text)):
            yield Candidate(text, words, "RE", SUBJECT_QUALITY, "subject")


def _parts(lines: Sequence[Line]) -> list[tuple[Word, ...]]:
    """The first subject line's parts, the matter first; none when the document has no subject line."""
    for line in lines:
        words = list(line.words)
        if not words or words[0].text.casefold() not in SUBJECT_LABELS:
            continue
        words.pop(0)
        while words and words[0].text.casefold() in FORWARDED:
            words.pop(0)
        parts: list[tuple[Word, ...]] = []
        part: list[Word] = []
        for w in [*words, None]:
            if w is None or w.text in SEPARATORS:
                if part:
                    parts.append(tuple(part))
                part = []
            else:
                part.append(w)
        return parts
    return []
