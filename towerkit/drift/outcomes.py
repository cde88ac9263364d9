"""What a verdict writes: documents' status, drift events, quarantine rows, alerts, audit events.

``towerkit.drift.registry`` decides a chunk of pending documents and hands the outcomes to
:func:`write_outcomes`, which turns them into rows for ``towerkit.store.templates`` in this order:
verdicts (documents, paths, layouts), drift events, then for quarantined documents their
quarantine rows, one major alert each (text by ``towerkit.drift.alerts.alert_message``, kind of
the first major event) and one ``quarantined`` audit event each, in the chunk's canonical order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from towerkit.audit.canonical import AuditEvent, fields_digest
from towerkit.drift.alerts import Alert, alert_message
from towerkit.drift.records import Assessment
from towerkit.models import FieldValue, Fingerprint
from towerkit.store.audit_log import append_events
from towerkit.store.db import Connection, utcnow
from towerkit.store.templates import (
    AlertRow,
    DriftEventRow,
    PendingRow,
    QuarantineRow,
    VerdictRow,
    insert_alerts,
    insert_drift_events,
    insert_quarantine,
    write_verdicts,
)


@dataclass(slots=True)
class PendingDoc:
    """A stored document a verdict is about (a pending one, or one under review)."""

    doc_id: str
    doc_type: str | None
    issuer: str | None
    site_id: str | None
    sha256: str
    path: str | None
    run_id: str | None
    route: str | None = None

    @classmethod
    def from_row(cls, row: PendingRow) -> PendingDoc:
        """The record of a ``towerkit.store.templates.PendingRow``."""
        return cls(*row)


@dataclass(slots=True)
class Outcome:
    """One document's verdict with what it was decided from (its layout and fields)."""

    doc: PendingDoc
    fp: Fingerprint | None
    assessment: Assessment
    fields: list[FieldValue] = field(default_factory=list)


AuditEntryPlan = tuple[str | None, str, PendingDoc, Sequence[FieldValue], dict[str, Any]]
"""(run_id, event, document, its fields, detail) of one audit event to append."""


def audit_events(entries: Sequence[AuditEntryPlan]) -> list[AuditEvent]:
    """The audit events of decisions about documents: the file's hash and its fields' digest."""
    # AuditEvent.run_id is typed str, yet a document stored without a run (never, by this version's
    # writer) is recorded with a NULL run as it always was: no value is invented here.
    return [
        AuditEvent(cast("str", run), event, d.doc_id, d.sha256, fields_digest(fs), detail=detail)
        for run, event, d, fs, detail in entries
    ]


def append_audit(conn: Connection, entries: Sequence[AuditEntryPlan]) -> None:
    """Append the audit events of ``entries`` to the chain, in order (inside the caller's transaction)."""
    append_events(conn, audit_events(entries))


def verdict_rows(outcomes: Sequence[Outcome]) -> list[VerdictRow]:
    """The status, template and layout rows of a chunk's verdicts."""
    return [
        VerdictRow(
            o.doc.doc_id,
            "quarantined" if o.assessment.major else "ingested",
            o.assessment.template_id,
            o.fp,
            "; ".join(o.assessment.reasons) or None,
            float(o.assessment.similarity),
        )
        for o in outcomes
    ]


def drift_event_rows(outcomes: Sequence[Outcome]) -> list[DriftEventRow]:
    """Every event of every outcome, minor ones included, as ``drift_events`` rows."""
    return [
        (
            o.doc.doc_id,
            o.assessment.template_id,
            e.kind,
            e.field,
            e.expected,
            e.observed,
            e.delta_pt,
            e.severity,
        )
        for o in outcomes
        for e in o.assessment.events
    ]


def alert_rows(quarantined: Sequence[Outcome]) -> list[AlertRow]:
    """One major alert per quarantined document: the first major event's kind and a one-line text."""
    return [
        (
            o.doc.site_id,
            o.doc.doc_id,
            next(e.kind for e in o.assessment.events if e.severity == "major"),
            alert_message(o.doc.path, o.doc.site_id, o.assessment.reasons),
        )
        for o in quarantined
    ]


def _write_quarantine(
    conn: Connection, quarantined: Sequence[Outcome], run_id: str | None, now: datetime
) -> list[Alert]:
    """Queue quarantined documents for review, raise their alerts and audit them."""
    rows: list[QuarantineRow] = [(o.doc.doc_id, o.assessment.reasons, o.assessment.template_id) for o in quarantined]
    insert_quarantine(conn, rows, now)
    planned = alert_rows(quarantined)
    ids = insert_alerts(conn, planned, now)
    alerts = [
        Alert(aid, now, "major", site_id, doc_id, kind, msg)
        for aid, (site_id, doc_id, kind, msg) in zip(ids, planned, strict=True)
    ]
    append_audit(
        conn,
        [
            (run_id or o.doc.run_id, "quarantined", o.doc, o.fields, {"reasons": o.assessment.reasons})
            for o in quarantined
        ],
    )
    return alerts


def write_outcomes(conn: Connection, outcomes: Sequence[Outcome], run_id: str | None) -> list[Alert]:
    """Write one chunk's verdicts: documents, paths, layouts, drift events, quarantine, alerts, audit.

    Args:
        conn: the connection, inside the resolution's transaction.
        outcomes: the chunk's verdicts in canonical order.
        run_id: recorded on the audit events (None: each document's own run).

    Returns the alerts created, for ``towerkit.drift.alerts.post_alerts`` after the commit.

    """
    if not outcomes:
        return []
    now = utcnow()
    write_verdicts(conn, verdict_rows(outcomes))
    insert_drift_events(conn, drift_event_rows(outcomes), now)
    quarantined = [o for o in outcomes if o.assessment.major]
    if not quarantined:
        return []
    return _write_quarantine(conn, quarantined, run_id, now)
