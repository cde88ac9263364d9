"""Whether a layout no template matches is a known form that changed, or a form of its own.

Pure (no I/O). A document whose layout score (``fingerprint.match_score``) is below the match
threshold for every template of its family is either a revision of one of them (the issuer moved
sections, renamed a label, spread the report over two pages: drift, held for review) or a form the
registry has never seen (another office of the same issuer, a form printed by a system nobody has
enrolled: a new template, not drift). The layout score cannot tell them apart: a report rearranged
onto two pages keeps 0.06 of its template's positional shingles, as little as an unrelated form.

What a revision keeps is its identity: its title and the wording of most of its labels, in their
order, wherever on which page they now sit. Two measures, both from the stored shingles:

* **title**: the share of the template's title words (page 1, the first ``TITLE_BANDS`` position
  bands from the top: letterhead and title) that the document prints anywhere;
* **anchors**: the share of the template's word pairs in reading order (``b|page|a|b`` shingles,
  page ignored) that the document has: a label's words in order ("study number" is not
  "aeronautical study"), a heading before its label.

A document is the same form changed when both reach their thresholds (:func:`same_form`); the
issuer is already the same (templates are looked up per document type and issuer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from towerkit.drift.fingerprint import match_score
from towerkit.models import Fingerprint

TITLE_BANDS = 2
"""Position bands (``fingerprint.BAND_PT`` = 24 pt each, from the page's first static word) that hold
a form's letterhead and title: about the top 36 pt of page 1's static text."""
TITLE_SHARE = 0.75
"""Share of the template's title words a revision still prints. Measured: the sample corpus's major
revisions keep 0.91-1.00 (``benchmarks/drift_accuracy.py --docs 80 --seed 11``); unseen forms of the
same type and issuer (the layout zoo, seeds 1 and 2) share up to 0.80, because titles of one document
type use the same words ("determination", "hazard"). So the title alone cannot decide; it must agree
with the anchors. Three in four lets one OCR misread in a short title pass."""
ANCHOR_SHARE = 0.45
"""Share of the template's word pairs a revision still prints. Measured: the sample corpus's major
revisions keep 0.50-0.95 (0.50: a report rearranged onto two pages, then scanned); unseen forms of
the same type and issuer keep at most 0.35 (layout zoo, seeds 1 and 2, against the nearest template
of the sample corpus or of the zoo's other families). The threshold sits between the two."""


@dataclass(frozen=True, slots=True)
class Identity:
    """How much of a template's identity a document keeps: title words and anchor word pairs."""

    title: float
    anchors: float

    @property
    def same_form(self) -> bool:
        """Both the title and most anchors agree: the template's form, changed or not."""
        return self.title >= TITLE_SHARE and self.anchors >= ANCHOR_SHARE


def _parts(shingle: str) -> list[str]:
    return shingle.split("|")


def title_words(fp: Fingerprint) -> frozenset[str]:
    """The static words of page 1's first ``TITLE_BANDS`` position bands: letterhead and title."""
    out = set()
    for s in fp.shingles:
        if s.startswith("y|1|"):
            _, _, word, band = _parts(s)
            if int(band) < TITLE_BANDS:
                out.add(word)
    return frozenset(out)


def words(fp: Fingerprint) -> frozenset[str]:
    """Every static word of every page, the page ignored."""
    return frozenset(_parts(s)[2] for s in fp.shingles if s.startswith("w|"))


def anchor_pairs(fp: Fingerprint) -> frozenset[tuple[str, str]]:
    """The reading-order word pairs of every page, the page ignored."""
    out = set()
    for s in fp.shingles:
        if s.startswith("b|"):
            p = _parts(s)
            out.add((p[2], p[3]))
    return frozenset(out)


def _share(
    wanted: frozenset[str] | frozenset[tuple[str, str]], have: frozenset[str] | frozenset[tuple[str, str]]
) -> float:
    """The share of ``wanted`` found in ``have`` (none wanted: no evidence, 0.0)."""
    return len(wanted & have) / len(wanted) if wanted else 0.0


def identity(doc: Fingerprint, template: Fingerprint) -> Identity:
    """How much of ``template``'s title and anchors ``doc`` prints (see the module docstring)."""
    return Identity(_share(title_words(template), words(doc)), _share(anchor_pairs(template), anchor_pairs(doc)))


def same_form(doc: Fingerprint, templates: Sequence[Fingerprint]) -> bool:
    """Whether ``doc`` keeps the identity of any of ``templates``: a revision of it, not a new form."""
    return any(identity(doc, t).same_form for t in templates)


def new_form(doc: Fingerprint, templates: Sequence[Fingerprint], threshold: float) -> bool:
    """Whether ``doc`` is a form of its own: its layout matches none of ``templates`` and keeps none's identity."""
    return all(match_score(doc, t) < threshold for t in templates) and not same_form(doc, templates)
