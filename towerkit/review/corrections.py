"""Human corrections that keep the evidence, and accepting a reviewed document.

A correction never edits an extracted row: the row moves to ``field_history`` and a row with
``source = 'correction'`` takes its place in ``fields``, so facts and compliance use the corrected
value while lineage still shows what the document said. The typed value must normalise as the
field's type (the same normalisers extraction uses), or it is refused with one line. Each
correction and each acceptance is an audit entry carrying the document's new fields digest and the
correction record's own hash, so editing either fails ``towerkit audit verify``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from towerkit.audit.canonical import AuditEvent, correction_digest
from towerkit.compliance import refresh_tags
from towerkit.config import Settings
from towerkit.errors import InputError, UsageError
from towerkit.fields import Catalog, FieldSpec, load_catalog
from towerkit.fields.normalize import Unparseable, normalize
from towerkit.models import FieldValue
from towerkit.review.queue import refresh_docs
from towerkit.store.audit_log import append_events, stored_fields_digest
from towerkit.store.db import Connection, utcnow
from towerkit.store.review import transaction
from towerkit.store.review_queue import (
    accept_doc,
    doc_head,
    field_dicts,
    insert_correction_with_id,
    insert_fields,
    next_correction_id,
    queue_rows,
    set_site,
    supersede_fields,
)

REVIEW_RUN = "review"
"""run_id of audit events written by a reviewer (they belong to no ingest run)."""
DEFAULT_MIN_CONFIDENCE = Settings().review_min_confidence
"""The queue's confidence floor when the caller passes none (Settings' default)."""
MAX_TYPED_CHARS = 500
"""A corrected value longer than this is a paste gone wrong, not a field value."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A stored correction: what was typed, what it normalised to, and what it replaced."""

    correction_id: int
    doc_id: str
    field: str
    typed: str
    value: str
    previous_value: str | None
    corrected_by: str
    corrected_at: datetime
    record_sha256: str


def field_spec(catalog: Catalog, field: str, doc_type: str | None) -> FieldSpec:
    """The catalog entry of ``field`` (UsageError naming the closest field names when there is none)."""
    spec = catalog.fields.get(field)
    if spec is None or not spec.emit:
        names = sorted(n for n, s in catalog.fields.items() if s.emit)
        close = difflib.get_close_matches(field, names, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; fields: {', '.join(names)}"
        raise UsageError(f"unknown field {field!r}{hint}")
    if doc_type is not None and not spec.applies(doc_type):
        raise UsageError(f"field {field} is not read on {doc_type} documents")
    return spec


def typed_value(spec: FieldSpec, typed: str) -> FieldValue:
    """The FieldValue a typed correction stands for (UsageError when it does not normalise)."""
    text = typed.strip()
    if not text:
        raise UsageError(f"a correction of {spec.name} needs a value")
    if len(text) > MAX_TYPED_CHARS:
        raise UsageError(f"a correction of {spec.name} is {len(text)} characters long (at most {MAX_TYPED_CHARS})")
    try:
        n = normalize(
            spec.type,
            text,
            allowed=spec.allowed,
            synonyms=spec.synonyms,
            pattern=spec.pattern,
            case=spec.case,
            ocr=False,
        )
    except Unparseable as e:
        allowed = f" (one of: {', '.join(spec.allowed)})" if spec.allowed else ""
        raise UsageError(f"{typed!r} is not a valid {spec.type} for {spec.name}{allowed}: {e}") from None
    return FieldValue(
        field=spec.name,
        value=n.value,
        raw_text=text,
        confidence=1.0,
        value_num=n.num,
        value_date=n.day,
        label="correction",
    )


def _record(
    cid: int, doc_id: str, fv: FieldValue, typed: str, previous: str | None, by: str, reason: str | None, at: datetime
) -> dict[str, object]:
    row: dict[str, object] = {
        "correction_id": cid,
        "doc_id": doc_id,
        "field": fv.field,
        "typed": typed,
        "value": fv.value,
        "value_num": fv.value_num,
        "value_date": fv.value_date,
        "previous_value": previous,
        "reason": reason,
        "corrected_by": by,
        "corrected_at": at,
    }
    row["record_sha256"] = correction_digest(row)
    return row


def _who(by: str) -> str:
    name = by.strip()
    if not name:
        raise UsageError("say who made the change: --by NAME")
    return name


def apply_correction(conn: Connection, doc_id: str, fv: FieldValue, revision: int, tag: str) -> None:
    """Put a correction's value in force for its field (the current row moves to ``field_history``).

    The correction keeps the replaced row's page and box, so a reviewer still sees where on the
    page the value stands.
    """
    current = [r for r in field_dicts(conn, doc_id) if r["field"] == fv.field and r["page"] is not None]
    if current:
        r = current[0]
        fv = dataclasses.replace(fv, page=r["page"], x0=r["x0"], top=r["top"], x1=r["x1"], bottom=r["bottom"])
    supersede_fields(conn, doc_id, tag, utcnow(), fv.field)
    insert_fields(conn, doc_id, [fv], revision, "correction")


def set_value(
    conn: Connection,
    doc_id: str,
    field: str,
    typed: str,
    *,
    by: str,
    reason: str | None = None,
    catalog: Catalog | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> Correction:
    """Record a human value for ``field`` of ``doc_id``: in force from now on, evidence kept, audited.

    Raises:
        UsageError: unknown field, a field the document's type does not have, or a value that does
            not normalise for the field (one line saying why).
        InputError: no such document.

    """
    who = _who(by)
    head = doc_head(conn, doc_id)
    if head is None:
        raise InputError(f"unknown document {doc_id}")
    cat = catalog if catalog is not None else load_catalog(None)
    spec = field_spec(cat, field, head["doc_type"])
    fv = typed_value(spec, typed)
    with transaction(conn):
        current = [r for r in field_dicts(conn, doc_id) if r["field"] == field]
        previous = current[0]["value"] if current else None
        if previous is None and current:
            previous = current[0]["raw_text"]
        cid = next_correction_id(conn)
        at = utcnow()
        row = _record(cid, doc_id, fv, typed.strip(), previous, who, reason, at)
        insert_correction_with_id(conn, row)
        apply_correction(conn, doc_id, fv, int(head["extraction_revision"] or 1), f"correction {cid}")
        if field == "site_id" and fv.value:
            set_site(conn, doc_id, fv.value)
        detail = {
            "by": who,
            "field": field,
            "correction_id": cid,
            "record_sha256": row["record_sha256"],
            "previous_value": previous,
            "value": fv.value,
            "reason": reason,
        }
        append_events(
            conn,
            [AuditEvent(REVIEW_RUN, "corrected", doc_id, head["sha256"], stored_fields_digest(conn, doc_id), detail)],
        )
        refresh_docs(conn, [doc_id], cat, min_confidence=min_confidence, by=f"correction {cid}")
        refresh_tags(conn)
    return Correction(cid, doc_id, field, typed.strip(), fv.value or "", previous, who, at, str(row["record_sha256"]))


def latest_corrections(rows: Sequence[dict[str, object]]) -> dict[str, dict[str, object]]:
    """The newest correction per field, from ``corrections`` rows in id order."""
    out: dict[str, dict[str, object]] = {}
    for r in rows:
        out[str(r["field"])] = r
    return out


def correction_value(row: dict[str, object]) -> FieldValue:
    """The FieldValue a stored correction puts in force."""
    vd = row.get("value_date")
    vn = row.get("value_num")
    return FieldValue(
        field=str(row["field"]),
        value=str(row["value"]),
        raw_text=str(row["typed"]),
        confidence=1.0,
        value_num=float(vn) if isinstance(vn, (int, float)) else None,
        value_date=vd if isinstance(vd, date) else None,
        label="correction",
    )


def accept(conn: Connection, doc_id: str, *, by: str) -> None:
    """Clear a document from the review queue as accepted (audited); UsageError when it is not waiting."""
    who = _who(by)
    head = doc_head(conn, doc_id)
    if head is None:
        raise InputError(f"unknown document {doc_id}")
    with transaction(conn):
        if not accept_doc(conn, doc_id, who, utcnow()):
            rows = queue_rows(conn, doc_id=doc_id)
            state = f"already {rows[0]['status']}" if rows else "not in the review queue"
            raise UsageError(f"document {doc_id[:12]} is {state}")
        digest = stored_fields_digest(conn, doc_id)
        append_events(conn, [AuditEvent(REVIEW_RUN, "review_accepted", doc_id, head["sha256"], digest, {"by": who})])
        refresh_tags(conn)
