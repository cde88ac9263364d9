"""The template registry: resolve pending documents to templates and verdicts.

The writer stores each extracted document as ``pending``; at the END of a run the integrator calls
:func:`resolve_pending` inside its transaction. Verdicts depend only on the set of pending documents,
never on arrival order, worker count or a crash splitting the run, because:

* documents are processed in a canonical order: family ``(doc_type, issuer)``, document date (from
  the fields in ``DATE_FIELDS``), then ``doc_id``;
* a family with no template gets one from this batch: its documents are clustered (leader
  clustering in canonical order at ``template_match_threshold``) and the BASELINE is the cluster of
  the earliest-dated document (ties → larger cluster → smaller leader fingerprint). The template is
  the consensus of the cluster's first ``BASELINE_DOCS`` members (shingles in at least half of them)
  with per-field positions at their median (``towerkit.drift.enrollment``). Each other cluster is
  either the baseline's form changed (judged against it: drift) or a form of its own, enrolled too;
* a known family's documents that match none of its templates are told apart the same way
  (``towerkit.drift.identity``): a document that keeps a template's title and most of its labels
  is that form changed (``unknown_layout``, major); the others are clustered and each cluster
  enrolled as a new template, never held as a drifted revision of the nearest one;
* template ids are ``tpl-`` + sha256(doc_type | issuer | consensus fingerprint)[:16].

Fingerprints are computed by the worker that extracted the document (``towerkit.pipeline.pack``) and stored
in ``doc_layouts`` with the document; resolution reads them back instead of every token. This
module decides; the rows it reads and writes are ``towerkit.store.templates``' (read through
``towerkit.drift.reads``), and what a verdict writes is ``towerkit.drift.outcomes``. Review
(approve, reject, alerts) is ``towerkit.drift.review``.

Policy decisions (documented in the report and ``towerkit quarantine --help``):

* No doc_type (unclassified): ingested, template NULL, a minor ``unknown_layout`` event. Holding
  back every stray cover letter would bury the real drift; its facts carry no doc_type, so no
  compliance query reads them.
* A doc_type but no issuer: every distinct layout is enrolled as its own template (a new, unnamed
  issuer), so only per-field drift against a matched layout quarantines it.
* Rejecting keeps ``documents.status = 'quarantined'`` (the contract's status set) with the
  quarantine row ``rejected``: it stays out of facts and off the pending review list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from towerkit.config import Settings
from towerkit.drift.alerts import Alert
from towerkit.drift.assessment import assess, median_positions
from towerkit.drift.enrollment import cluster_layouts
from towerkit.drift.identity import new_form, same_form
from towerkit.drift.outcomes import Outcome, PendingDoc, write_outcomes
from towerkit.drift.reads import CHUNK_DOCS, chunk_inputs, cluster_inputs
from towerkit.drift.records import Assessment, DriftEvent, FieldPosition, TemplateRevision
from towerkit.models import FieldValue, Fingerprint, Word
from towerkit.store.db import Connection
from towerkit.store.templates import (
    RevisionRow,
    TemplateRow,
    close_pending,
    insert_template,
    open_pending,
    pending_docs,
)
from towerkit.store.templates import load_revisions as load_revision_rows

DATE_FIELDS = ("inspection_date", "amendment_date", "issue_date", "determination_date", "log_date")
"""The fields whose earliest value dates a document (the second key of the canonical order)."""

DEFAULT_CRITICAL: dict[str, tuple[str, ...]] = {
    "structural_inspection": ("site_id", "structure_height_ft", "inspection_date", "result", "max_capacity_pct"),
    "lease_amendment": ("site_id", "lease_id", "expiration_date", "monthly_rent_usd"),
    "municipal_permit": ("site_id", "permit_number", "expiration_date", "approved_height_ft"),
    "faa_determination": ("site_id", "asn", "structure_height_ft", "determination_date"),
    "field_log": ("site_id", "log_date", "light_outage"),
}
"""Used only when no field catalog is given (``towerkit.fields`` owns the real list)."""


class Catalog(Protocol):
    """What resolution needs of a field catalog (``towerkit.fields.Catalog`` has it)."""

    def critical(self, doc_type: str) -> Iterable[str]:
        """Field names whose drift is major for this document type."""
        ...


@dataclass(frozen=True, slots=True)
class ResolveResult:
    """What one resolution decided: counts, and the alerts to post after the commit."""

    ingested: int = 0
    quarantined: int = 0
    templates_created: int = 0
    minor_events: int = 0
    major_events: int = 0
    alerts: tuple[Alert, ...] = ()


def critical_fields(catalog: Catalog | None, doc_type: str | None) -> frozenset[str]:
    """The fields whose drift quarantines a document of ``doc_type`` (none without a doc_type)."""
    if doc_type is None:
        return frozenset()
    if catalog is not None:
        return frozenset(catalog.critical(doc_type))
    return frozenset(DEFAULT_CRITICAL.get(doc_type, ("site_id",)))


def template_id_for(doc_type: str | None, issuer: str | None, exact: str) -> str:
    """``tpl-`` + sha256(doc_type | issuer | fingerprint)[:16]: the same layout gets the same id everywhere."""
    key = f"{doc_type or ''}|{issuer or ''}|{exact}"
    return "tpl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# -- templates -------------------------------------------------------------------------------------


def revision_from_row(row: RevisionRow) -> TemplateRevision:
    """The revision a ``templates`` row describes."""
    tid, dt, iss, rev, fp, positions = row
    return TemplateRevision(tid, dt, iss, rev, fp, {k: FieldPosition(**v) for k, v in positions.items()})


def load_revisions(conn: Connection, doc_type: str | None, issuer: str | None) -> list[TemplateRevision]:
    """The active revisions of a family, oldest first."""
    return [revision_from_row(r) for r in load_revision_rows(conn, doc_type, issuer)]


def new_revision(
    doc_type: str | None,
    issuer: str | None,
    fp: Fingerprint,
    positions: dict[str, FieldPosition],
    revision: int,
) -> TemplateRevision:
    """A revision to register, with its id (``template_id_for``)."""
    return TemplateRevision(
        template_id_for(doc_type, issuer, fp.exact), doc_type, issuer, revision, fp, dict(positions)
    )


def store_revision(
    conn: Connection,
    rev: TemplateRevision,
    *,
    parent_id: str | None,
    baseline_docs: int,
    source_doc_id: str | None,
    approved_by: str | None = None,
) -> None:
    """Insert ``rev`` as a ``templates`` row (an id already stored is left as it is)."""
    positions = {
        k: {"field": v.field, "label": v.label, "page": v.page, "x0": v.x0, "top": v.top, "fixed": v.fixed}
        for k, v in rev.fields.items()
    }
    row = TemplateRow(
        rev.template_id,
        rev.doc_type,
        rev.issuer,
        rev.fingerprint,
        positions,
        rev.revision,
        parent_id,
        baseline_docs,
        source_doc_id,
        approved_by,
    )
    insert_template(conn, row)


# -- deciding --------------------------------------------------------------------------------------


def _unknown_layout(fp: Fingerprint, message: str) -> Assessment:
    """A verdict without drift: one minor ``unknown_layout`` event saying why."""
    ev = DriftEvent("unknown_layout", None, None, fp.exact[:12], None, "minor", f"unknown_layout: {message}")
    return Assessment(None, 0.0, (ev,))


def decide(
    doc: PendingDoc,
    fp: Fingerprint,
    fields: list[FieldValue],
    revisions: Sequence[TemplateRevision],
    critical: Collection[str],
    settings: Settings,
    *,
    words: Sequence[Word] | None = None,
) -> tuple[Assessment, TemplateRevision | None]:
    """The verdict on one pending document, and the template to enroll for it, if any (pure).

    Args:
        doc: the document (its ``doc_type``, ``issuer`` and ``route`` are read).
        fp: its layout fingerprint.
        fields: its extracted fields.
        revisions: its family's revisions so far.
        critical: fields whose drift is major for its doc_type.
        settings: ``template_match_threshold`` and ``drift_tolerance_pt`` are read.
        words: its words when it is a scan (``assess`` looks for garbled labels in place).

    Returns the assessment and, for a document whose layout matches no revision and that is no
    revision's form changed (``identity.same_form``; without an issuer, never), the new revision the
    caller registers (the document then matches it, with one minor event). Forms a batch brings are
    normally enrolled before, by clustering (``_Resolution.enroll``); this catches the stray one.

    """
    if doc.doc_type is None:
        return _unknown_layout(fp, "document type not recognized; ingested without a template"), None
    a = assess(
        fp,
        fields,
        revisions,
        critical,
        tolerance_pt=settings.drift_tolerance_pt,
        threshold=settings.template_match_threshold,
        ocr=doc.route == "ocr",
        words=words,
    )
    if a.similarity < settings.template_match_threshold and (
        doc.issuer is None or not same_form(fp, [r.fingerprint for r in revisions])
    ):
        rev = new_revision(
            doc.doc_type, doc.issuer, fp, median_positions([fields], tolerance_pt=settings.drift_tolerance_pt), 1
        )
        why = (
            "unnamed issuer; new layout" if doc.issuer is None else "a form of its own (no template's title and labels)"
        )
        unknown = _unknown_layout(fp, f"{why} enrolled as {rev.template_id}")
        return Assessment(rev.template_id, 1.0, unknown.events), rev
    return a, None


# -- resolution ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Resolution:
    """One resolution's connection, settings and running totals."""

    conn: Connection
    settings: Settings
    catalog: Catalog | None
    run_id: str | None
    counts: dict[str, int] = field(
        default_factory=lambda: {"ingested": 0, "quarantined": 0, "templates": 0, "minor": 0, "major": 0}
    )
    alerts: list[Alert] = field(default_factory=list)

    def enroll(
        self, doc_type: str, issuer: str, lo: int, hi: int, critical: Collection[str], known: Sequence[TemplateRevision]
    ) -> list[TemplateRevision]:
        """Cluster a family's documents and register the templates they bring, each as revision 1.

        A new family (nothing ``known``) enrolls its baseline and every other cluster that is a form
        of its own; a known family, the clusters of its documents that are strangers to every
        template it has (``identity.new_form``). A cluster that is a known form changed enrolls
        nothing: its documents are judged against that form.
        """
        fps = [r.fingerprint for r in known]
        threshold = self.settings.template_match_threshold
        bases = cluster_layouts(
            cluster_inputs(
                self.conn, lo, hi, self.settings, (lambda fp: new_form(fp, fps, threshold)) if fps else None
            ),
            doc_type,
            issuer,
            critical,
            tolerance_pt=self.settings.drift_tolerance_pt,
            threshold=threshold,
            known=fps,
        )
        out = []
        for base in bases:
            rev = new_revision(doc_type, issuer, base.fingerprint, base.positions, 1)
            store_revision(self.conn, rev, parent_id=None, baseline_docs=base.count, source_doc_id=base.members[0])
            self.counts["templates"] += 1
            out.append(rev)
        return out

    def family(self, doc_type: str | None, issuer: str | None, lo: int, hi: int) -> None:
        """Decide every pending document of one family (numbered ``lo`` to ``hi``), a chunk at a time."""
        revisions = load_revisions(self.conn, doc_type, issuer) if doc_type is not None else []
        crit = critical_fields(self.catalog, doc_type)
        if doc_type is not None and issuer is not None:
            revisions += self.enroll(doc_type, issuer, lo, hi, crit, revisions)
        for start in range(lo, hi + 1, CHUNK_DOCS):
            docs = [PendingDoc.from_row(r) for r in pending_docs(self.conn, start, min(hi, start + CHUNK_DOCS - 1))]
            self.chunk(docs, revisions, crit)

    def chunk(self, docs: Sequence[PendingDoc], revisions: list[TemplateRevision], critical: Collection[str]) -> None:
        """Decide and write one chunk; a layout enrolled on the way joins ``revisions`` for the next documents."""
        ids = [d.doc_id for d in docs]
        fields, layouts, scans = chunk_inputs(
            self.conn, ids, [d.doc_id for d in docs if d.route == "ocr"], self.settings
        )
        outcomes: list[Outcome] = []
        for d in docs:
            fp = layouts[d.doc_id]
            a, enrolled = decide(d, fp, fields[d.doc_id], revisions, critical, self.settings, words=scans.get(d.doc_id))
            if enrolled is not None:
                store_revision(self.conn, enrolled, parent_id=None, baseline_docs=1, source_doc_id=d.doc_id)
                revisions.append(enrolled)
                self.counts["templates"] += 1
            outcomes.append(Outcome(d, fp, a, fields[d.doc_id]))
        self.alerts.extend(write_outcomes(self.conn, outcomes, self.run_id))
        for o in outcomes:
            self.counts["quarantined" if o.assessment.major else "ingested"] += 1
            for e in o.assessment.events:
                self.counts[e.severity] += 1


def resolve_pending(
    conn: Connection,
    settings: Settings,
    catalog: Catalog | None = None,
    *,
    run_id: str | None = None,
) -> ResolveResult:
    """Give every pending document a template and a verdict (call at the end of a run, in its transaction).

    Args:
        conn: the writer's connection, inside its open transaction.
        settings: ``template_match_threshold`` and ``drift_tolerance_pt`` are read.
        catalog: the field catalog (``critical(doc_type)``); None uses ``DEFAULT_CRITICAL``.
        run_id: recorded on the audit events of quarantined documents (default: the document's run).

    Returns the counts and the alerts created, for ``towerkit.drift.alerts.post_alerts`` after commit.

    """
    run = _Resolution(conn, settings, catalog, run_id)
    for doc_type, issuer, lo, hi in open_pending(conn, DATE_FIELDS):
        run.family(doc_type, issuer, lo, hi)
    close_pending(conn)
    c = run.counts
    return ResolveResult(c["ingested"], c["quarantined"], c["templates"], c["minor"], c["major"], tuple(run.alerts))
