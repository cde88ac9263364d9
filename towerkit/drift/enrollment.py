"""Baseline enrollment: the template a family with no template gets from its first batch.

Pure (no I/O): ``towerkit.drift.registry`` feeds the family's pending documents, in canonical
order, a chunk at a time as the store reads them, and inserts the :class:`Baseline` it gets back.

A document joins the first leader (canonical order) it matches: layout similarity at the
threshold AND no major field drift against the leader's own field positions, so a revision that
moved a field forms its own cluster even though its words are the same. A leader's layout and
field positions are sharpened to the consensus of its first members as they arrive
(``SHARPEN_AT``). The BASELINE is the cluster of the earliest-dated document (ties → larger
cluster → smaller leader fingerprint); the template is the consensus of the cluster's first
``BASELINE_DOCS`` members (shingles in at least half of them) with per-field positions at their
median.

The other clusters are either the baseline's form changed (their documents are then judged against
it: drift) or forms of their own, enrolled beside it (:meth:`LeaderClustering.new_forms`): a cluster
whose layout matches no enrolled template and keeps none's identity (``towerkit.drift.identity``).
The same clustering enrolls, in a family that has templates already, the documents that are
strangers to all of them (:func:`cluster_layouts` with ``known``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from towerkit.drift.assessment import assess, median_positions
from towerkit.drift.fingerprint import consensus
from towerkit.drift.identity import new_form
from towerkit.drift.records import FieldPosition, TemplateRevision
from towerkit.models import FieldValue, Fingerprint, Word

log = logging.getLogger(__name__)

BASELINE_DOCS = 25
"""Documents whose consensus makes a new template (bounded so 100 k pending documents stay cheap)."""
SHARPEN_AT = frozenset({3, 5, 9, 17, BASELINE_DOCS})
"""Member counts at which a leader's layout becomes its members' consensus (its static core)."""


@dataclass(frozen=True, slots=True)
class ClusterInput:
    """One pending document as clustering sees it: its date, layout, fields and (scans) words."""

    doc_id: str
    doc_date: Any
    fp: Fingerprint
    fields: list[FieldValue]
    ocr: bool = False
    words: Sequence[Word] | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The enrolled cluster: its consensus layout, median positions, first members and size."""

    fingerprint: Fingerprint
    positions: dict[str, FieldPosition]
    members: tuple[str, ...]
    count: int


@dataclass(slots=True)
class _Cluster:
    leader: TemplateRevision
    first_date: Any
    members: list[str]
    layouts: list[tuple[Fingerprint, list[FieldValue]]]
    count: int = 1


@dataclass(slots=True)
class LeaderClustering:
    """Leader clustering of one new family's documents, fed in canonical order (see the module docstring)."""

    doc_type: str
    issuer: str
    critical: Collection[str]
    tolerance_pt: float
    threshold: float
    clusters: list[_Cluster] = field(default_factory=list)

    def _join(self, doc: ClusterInput) -> bool:
        """Add ``doc`` to the leader it matches without major drift; False when it matches none."""
        if not self.clusters:
            return False
        a = assess(
            doc.fp,
            doc.fields,
            [c.leader for c in self.clusters],
            self.critical,
            tolerance_pt=self.tolerance_pt,
            threshold=self.threshold,
            ocr=doc.ocr,
            words=doc.words,
        )
        if a.major:
            return False
        c = next(c for c in self.clusters if c.leader.template_id == a.template_id)
        c.count += 1
        if len(c.members) < BASELINE_DOCS:
            c.members.append(doc.doc_id)
            c.layouts.append((doc.fp, doc.fields))
            if len(c.layouts) in SHARPEN_AT:  # sharpen the leader's static core
                c.leader = TemplateRevision(
                    c.leader.template_id,
                    self.doc_type,
                    self.issuer,
                    c.leader.revision,
                    consensus([f for f, _ in c.layouts]),
                    median_positions([fs for _, fs in c.layouts], tolerance_pt=self.tolerance_pt),
                )
        return True

    def add(self, doc: ClusterInput) -> None:
        """Cluster the next document: join a leader, or lead a new cluster."""
        if self._join(doc):
            return
        n = len(self.clusters)
        lead = TemplateRevision(
            f"leader-{n}",
            self.doc_type,
            self.issuer,
            n,
            doc.fp,
            median_positions([doc.fields], tolerance_pt=self.tolerance_pt),
        )
        self.clusters.append(_Cluster(lead, doc.doc_date, [doc.doc_id], [(doc.fp, doc.fields)]))

    def _enrolled(self, c: _Cluster) -> Baseline:
        """The template a cluster would enroll: its first members' consensus and median positions."""
        return Baseline(
            consensus([f for f, _ in c.layouts]),
            median_positions([fs for _, fs in c.layouts], tolerance_pt=self.tolerance_pt),
            tuple(c.members),
            c.count,
        )

    def baseline(self) -> Baseline:
        """The cluster of the earliest-dated document (ties → larger → smaller leader fingerprint)."""
        first_date = self.clusters[0].first_date
        tied = [c for c in self.clusters if c.first_date == first_date]
        return self._enrolled(min(tied, key=lambda c: (-c.count, c.leader.fingerprint.exact)))

    def new_forms(self, known: Sequence[Fingerprint]) -> list[Baseline]:
        """The clusters that are forms of their own, in order of their first document.

        A cluster is one when its layout matches none of ``known`` nor of the clusters enrolled
        before it, and keeps none's identity (``identity.new_form``). A cluster that is a known form
        changed is left out: its documents are judged against that form, as drift.
        """
        enrolled = list(known)
        out: list[Baseline] = []
        for c in self.clusters:
            b = self._enrolled(c)
            if new_form(b.fingerprint, enrolled, self.threshold):
                out.append(b)
                enrolled.append(b.fingerprint)
        return out


def cluster_layouts(
    docs: Iterable[ClusterInput],
    doc_type: str,
    issuer: str,
    critical: Collection[str],
    *,
    tolerance_pt: float,
    threshold: float,
    known: Sequence[Fingerprint] = (),
) -> list[Baseline]:
    """Cluster a family's documents (canonical order) and return the templates they enroll.

    Args:
        docs: the documents in canonical order (a new family's: all of them, at least one; a known
            family's: those that match none of its templates); read once, so a generator that loads
            them a chunk at a time keeps memory bounded.
        doc_type: the family's document type.
        issuer: the family's issuer.
        critical: fields whose drift against a leader keeps a document out of its cluster.
        tolerance_pt: ``Settings.drift_tolerance_pt``.
        threshold: ``Settings.template_match_threshold``.
        known: the family's templates so far (none: a new family).

    Returns the baseline first when ``known`` is empty, then every cluster that is a form of its own
    (``LeaderClustering.new_forms``); may be empty when ``known`` is given.

    """
    clustering = LeaderClustering(doc_type, issuer, critical, tolerance_pt, threshold)
    for doc in docs:
        clustering.add(doc)
    if not clustering.clusters:
        return []
    out = [] if known else [clustering.baseline()]
    out += clustering.new_forms([*known, *(b.fingerprint for b in out)])
    for b in out:
        log.info(
            "enrolled %s/%s from %d of %d documents in its layout cluster", doc_type, issuer, len(b.members), b.count
        )
    return out
