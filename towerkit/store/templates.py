"""The template registry: resolve pending documents to templates and verdicts (SQL lives here).

The writer stores each extracted document as ``pending``; at the END of a run the integrator calls
:func:`resolve_pending` inside its transaction. Verdicts depend only on the set of pending documents,
never on arrival order, worker count or a crash splitting the run, because:

* documents are processed in a canonical order: family ``(doc_type, issuer)``, document date (from
  the fields in ``DATE_FIELDS``), then ``doc_id``;
* a family with no template gets one from this batch: its documents are clustered (leader
  clustering in canonical order at ``template_match_threshold``) and the BASELINE is the cluster of
  the earliest-dated document (ties → larger cluster → smaller leader fingerprint). The template is
  the consensus of the cluster's first ``BASELINE_DOCS`` members (shingles in at least half of them)
  with per-field positions at their median; other clusters of that family are ``unknown_layout``;
* template ids are ``tpl-`` + sha256(doc_type | issuer | consensus fingerprint)[:16].

Fingerprints are computed by the worker that extracted the document (``towerkit.pipeline.pack``) and stored
in ``doc_layouts`` with the document; resolution reads them back instead of every token. Review
(approve, reject, alerts) is ``towerkit.store.review``.

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
import json
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyarrow as pa

from towerkit.config import Settings
from towerkit.drift.alerts import Alert, alert_message
from towerkit.drift.assessment import Assessment, DriftEvent, FieldPosition, TemplateRevision, assess, median_positions
from towerkit.drift.fingerprint import consensus, fingerprint
from towerkit.models import FieldValue, Fingerprint, Word
from towerkit.store.db import Connection, utcnow

log = logging.getLogger(__name__)

DATE_FIELDS = ("inspection_date", "amendment_date", "issue_date", "determination_date", "log_date")
BASELINE_DOCS = 25
"""Documents whose consensus makes a new template (bounded so 100 k pending documents stay cheap)."""
CHUNK_DOCS = 500

DEFAULT_CRITICAL: dict[str, tuple[str, ...]] = {
    "structural_inspection": ("site_id", "structure_height_ft", "inspection_date", "result", "max_capacity_pct"),
    "lease_amendment": ("site_id", "lease_id", "expiration_date", "monthly_rent_usd"),
    "municipal_permit": ("site_id", "permit_number", "expiration_date", "approved_height_ft"),
    "faa_determination": ("site_id", "asn", "structure_height_ft", "determination_date"),
    "field_log": ("site_id", "log_date", "light_outage"),
}
"""Used only when no field catalog is given (``towerkit.fields`` owns the real list)."""


class Catalog(Protocol):
    def critical(self, doc_type: str) -> Iterable[str]: ...


@dataclass(frozen=True, slots=True)
class ResolveResult:
    ingested: int = 0
    quarantined: int = 0
    templates_created: int = 0
    minor_events: int = 0
    major_events: int = 0
    alerts: tuple[Alert, ...] = ()


@dataclass(slots=True)
class _Doc:
    doc_id: str
    doc_type: str | None
    issuer: str | None
    site_id: str | None
    sha256: str
    path: str | None
    run_id: str | None
    route: str | None = None


@dataclass(slots=True)
class _Outcome:
    doc: _Doc
    fp: Fingerprint | None
    assessment: Assessment
    fields: list[FieldValue] = field(default_factory=list)


def critical_fields(catalog: Catalog | None, doc_type: str | None) -> frozenset[str]:
    if doc_type is None:
        return frozenset()
    if catalog is not None:
        return frozenset(catalog.critical(doc_type))
    return frozenset(DEFAULT_CRITICAL.get(doc_type, ("site_id",)))


def template_id_for(doc_type: str | None, issuer: str | None, exact: str) -> str:
    key = f"{doc_type or ''}|{issuer or ''}|{exact}"
    return "tpl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# -- loading ---------------------------------------------------------------------------------------


def _family_sql(alias: str = "") -> str:
    a = f"{alias}." if alias else ""
    return f"{a}doc_type IS NOT DISTINCT FROM ? AND {a}issuer IS NOT DISTINCT FROM ?"


def load_revisions(conn: Connection, doc_type: str | None, issuer: str | None) -> list[TemplateRevision]:
    rows = conn.execute(
        f"SELECT template_id, doc_type, issuer, revision, fingerprint, shingles, signature, field_positions "
        f"FROM templates WHERE status = 'active' AND {_family_sql()} ORDER BY revision, template_id",
        [doc_type, issuer],
    ).fetchall()
    return [_revision(r) for r in rows]


def _revision(r: tuple[Any, ...]) -> TemplateRevision:
    tid, dt, iss, rev, exact, shingles, sig, positions = r
    fp = Fingerprint(exact, frozenset(json.loads(shingles) if shingles else ()), tuple(json.loads(sig) if sig else ()))
    pos = {k: FieldPosition(**v) for k, v in (json.loads(positions) if positions else {}).items()}
    return TemplateRevision(tid, dt, iss, int(rev or 1), fp, pos)


ALL_PAGES = 2**31 - 1
"""Page bound meaning "every page" where a caller gives no ``analysis_pages``."""


def _for_ids(conn: Connection, ids: Sequence[str], sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql``, which joins ``_tk_ids`` (one ``doc_id`` column: ``ids``) to pick its documents."""
    conn.register("_tk_ids", pa.table({"doc_id": list(ids)}))
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.unregister("_tk_ids")


def _words(conn: Connection, ids: Sequence[str], analysis_pages: int | None = None) -> dict[str, list[Word]]:
    """The stored words of documents (of their first ``analysis_pages`` pages: what was analysed)."""
    out: dict[str, list[Word]] = {i: [] for i in ids}
    rows = _for_ids(
        conn,
        ids,
        "SELECT t.doc_id, t.text, t.page, t.x0, t.top, t.x1, t.bottom, t.conf FROM tokens t "
        "JOIN _tk_ids USING (doc_id) WHERE t.page <= ?",
        [analysis_pages if analysis_pages is not None else ALL_PAGES],
    )
    for d, text, page, x0, top, x1, bottom, conf in rows:
        if text is None:
            continue
        out[d].append(Word(text, int(page or 1), x0 or 0.0, top or 0.0, x1 or 0.0, bottom or 0.0, conf))
    return out


def _fields(conn: Connection, ids: Sequence[str]) -> dict[str, list[FieldValue]]:
    out: dict[str, list[FieldValue]] = {i: [] for i in ids}
    rows = _for_ids(
        conn,
        ids,
        "SELECT f.doc_id, field, value, raw_text, page, x0, top, x1, bottom, confidence, "
        "value_num, value_date, error, label FROM fields f JOIN _tk_ids USING (doc_id)",
    )
    for d, name, value, raw, page, x0, top, x1, bottom, conf, vnum, vdate, err, label in rows:
        out[d].append(
            FieldValue(
                name,
                value,
                raw or "",
                page,
                x0,
                top,
                x1,
                bottom,
                1.0 if conf is None else conf,
                vnum,
                vdate,
                err,
                label,
            )
        )
    return out


def stored_layouts(
    conn: Connection, ids: Sequence[str], fields: dict[str, list[FieldValue]], analysis_pages: int | None = None
) -> dict[str, Fingerprint]:
    """Fingerprints of pending documents as their workers computed them (``doc_layouts``).

    Reading them back costs a few shingles per document; recomputing them would fetch every token
    of every pending document into Python at the end of the run (664 MB for one 2,000-page PDF).
    Documents stored without one (by an older towerkit) are fingerprinted from their tokens.
    """
    out: dict[str, Fingerprint] = {}
    rows = _for_ids(
        conn,
        ids,
        "SELECT l.doc_id, l.fingerprint, l.shingles, l.signature FROM doc_layouts l JOIN _tk_ids USING (doc_id)",
    )
    for doc_id, exact, shingles, signature in rows:
        out[doc_id] = Fingerprint(exact, frozenset(shingles or ()), tuple(signature or ()))
    missing = [i for i in ids if i not in out]
    if missing:
        words = _words(conn, missing, analysis_pages)
        out.update({i: fingerprint(words[i], fields[i]) for i in missing})
    return out


def _chunk_inputs(
    conn: Connection,
    ids: Sequence[str],
    scan_ids: Sequence[str],
    settings: Settings,
) -> tuple[dict[str, list[FieldValue]], dict[str, Fingerprint], dict[str, list[Word]]]:
    """What deciding a chunk of pending documents reads: fields, stored layouts, and the words of
    its scans only (``assess`` looks for garbled labels in place on OCRed documents).
    """
    fields = _fields(conn, ids)
    return (
        fields,
        stored_layouts(conn, ids, fields, settings.analysis_pages),
        _words(conn, scan_ids, settings.analysis_pages),
    )


def doc_fingerprints(conn: Connection, ids: Sequence[str], analysis_pages: int | None = None) -> dict[str, Fingerprint]:
    """Fingerprints of stored documents from their tokens and fields (what resolve computes)."""
    words, fields = _words(conn, ids, analysis_pages), _fields(conn, ids)
    return {i: fingerprint(words[i], fields[i]) for i in ids}


# -- resolution ------------------------------------------------------------------------------------


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
    date_list = ", ".join(f"'{f}'" for f in DATE_FIELDS)
    conn.execute("DROP TABLE IF EXISTS _tk_pending")
    conn.execute(
        f"""CREATE TEMP TABLE _tk_pending AS
        SELECT row_number() OVER (ORDER BY d.doc_type NULLS LAST, d.issuer NULLS LAST,
                                           dd.doc_date NULLS LAST, d.doc_id) AS rn,
               d.doc_id, d.doc_type, d.issuer, d.site_id, d.sha256, d.path, d.run_id, d.route, dd.doc_date
        FROM documents d
        LEFT JOIN (SELECT doc_id, min(value_date) AS doc_date FROM fields
                   WHERE field IN ({date_list}) GROUP BY doc_id) dd USING (doc_id)
        WHERE d.status = 'pending'"""
    )
    families = conn.execute(
        "SELECT doc_type, issuer, min(rn), max(rn) FROM _tk_pending GROUP BY ALL ORDER BY min(rn)"
    ).fetchall()
    totals = {"ingested": 0, "quarantined": 0, "templates": 0, "minor": 0, "major": 0}
    alerts: list[Alert] = []
    for doc_type, issuer, lo, hi in families:
        revisions = load_revisions(conn, doc_type, issuer) if doc_type is not None else []
        crit = critical_fields(catalog, doc_type)
        if doc_type is not None and issuer is not None and not revisions:
            revisions = [_enroll_baseline(conn, doc_type, issuer, lo, hi, settings, crit)]
            totals["templates"] += 1
        for start in range(lo, hi + 1, CHUNK_DOCS):
            docs = _pending_docs(conn, start, min(hi, start + CHUNK_DOCS - 1))
            ids = [d.doc_id for d in docs]
            fields, layouts, scans = _chunk_inputs(conn, ids, [d.doc_id for d in docs if d.route == "ocr"], settings)
            outcomes: list[_Outcome] = []
            for d in docs:
                fp = layouts[d.doc_id]
                if doc_type is None:
                    ev = DriftEvent(
                        "unknown_layout",
                        None,
                        None,
                        fp.exact[:12],
                        None,
                        "minor",
                        "unknown_layout: document type not recognized; ingested without a template",
                    )
                    outcomes.append(_Outcome(d, fp, Assessment(None, 0.0, (ev,)), fields[d.doc_id]))
                    continue
                a = assess(
                    fp,
                    fields[d.doc_id],
                    revisions,
                    crit,
                    tolerance_pt=settings.drift_tolerance_pt,
                    threshold=settings.template_match_threshold,
                    ocr=d.route == "ocr",
                    words=scans.get(d.doc_id),
                )
                if issuer is None and (not revisions or a.similarity < settings.template_match_threshold):
                    rev = _insert_template(
                        conn,
                        doc_type,
                        None,
                        fp,
                        median_positions([fields[d.doc_id]], tolerance_pt=settings.drift_tolerance_pt),
                        revision=1,
                        parent_id=None,
                        baseline_docs=1,
                        source_doc_id=d.doc_id,
                    )
                    revisions.append(rev)
                    totals["templates"] += 1
                    ev = DriftEvent(
                        "unknown_layout",
                        None,
                        None,
                        fp.exact[:12],
                        None,
                        "minor",
                        f"unknown_layout: unnamed issuer; new layout enrolled as {rev.template_id}",
                    )
                    a = Assessment(rev.template_id, 1.0, (ev,))
                outcomes.append(_Outcome(d, fp, a, fields[d.doc_id]))
            alerts.extend(_write_outcomes(conn, outcomes, run_id))
            for o in outcomes:
                totals["quarantined" if o.assessment.major else "ingested"] += 1
                for e in o.assessment.events:
                    totals[e.severity] += 1
    conn.execute("DROP TABLE IF EXISTS _tk_pending")
    return ResolveResult(
        totals["ingested"], totals["quarantined"], totals["templates"], totals["minor"], totals["major"], tuple(alerts)
    )


def _pending_docs(conn: Connection, lo: int, hi: int) -> list[_Doc]:
    rows = conn.execute(
        "SELECT doc_id, doc_type, issuer, site_id, sha256, path, run_id, route FROM _tk_pending "
        "WHERE rn BETWEEN ? AND ? ORDER BY rn",
        [lo, hi],
    ).fetchall()
    return [_Doc(*r) for r in rows]


def _enroll_baseline(
    conn: Connection,
    doc_type: str,
    issuer: str,
    lo: int,
    hi: int,
    settings: Settings,
    critical: Collection[str],
) -> TemplateRevision:
    """Cluster a new family's documents and enroll the earliest-dated document's cluster.

    A document joins the first leader (canonical order) it matches: layout similarity at the
    threshold AND no major field drift against the leader's own field positions, so a revision
    that moved a field forms its own cluster even though its words are the same.
    """
    threshold = settings.template_match_threshold
    leaders: list[tuple[TemplateRevision, Any, list[str]]] = []  # (leader layout, first date, first members)
    member_fps: list[list[tuple[Fingerprint, list[FieldValue]]]] = []
    counts: list[int] = []
    tol = settings.drift_tolerance_pt
    for start in range(lo, hi + 1, CHUNK_DOCS):
        rows = conn.execute(
            "SELECT doc_id, doc_date, route FROM _tk_pending WHERE rn BETWEEN ? AND ? ORDER BY rn",
            [start, min(hi, start + CHUNK_DOCS - 1)],
        ).fetchall()
        ids = [r[0] for r in rows]
        fields, layouts, scans = _chunk_inputs(conn, ids, [r[0] for r in rows if r[2] == "ocr"], settings)
        for doc_id, doc_date, route in rows:
            fp = layouts[doc_id]
            joined = False
            if leaders:
                a = assess(
                    fp,
                    fields[doc_id],
                    [lead for lead, _, _ in leaders],
                    critical,
                    tolerance_pt=settings.drift_tolerance_pt,
                    threshold=threshold,
                    ocr=route == "ocr",
                    words=scans.get(doc_id),
                )
                i = next(k for k, (lead, _, _) in enumerate(leaders) if lead.template_id == a.template_id)
                if not a.major:
                    joined = True
                    counts[i] += 1
                    if len(leaders[i][2]) < BASELINE_DOCS:
                        leaders[i][2].append(doc_id)
                        member_fps[i].append((fp, fields[doc_id]))
                        if len(member_fps[i]) in (3, 5, 9, 17, BASELINE_DOCS):  # sharpen the leader's static core
                            old = leaders[i][0]
                            lead = TemplateRevision(
                                old.template_id,
                                doc_type,
                                issuer,
                                old.revision,
                                consensus([f for f, _ in member_fps[i]]),
                                median_positions([fs for _, fs in member_fps[i]], tolerance_pt=tol),
                            )
                            leaders[i] = (lead, leaders[i][1], leaders[i][2])
            if not joined:
                lead = TemplateRevision(
                    f"leader-{len(leaders)}",
                    doc_type,
                    issuer,
                    len(leaders),
                    fp,
                    median_positions([fields[doc_id]], tolerance_pt=tol),
                )
                leaders.append((lead, doc_date, [doc_id]))
                member_fps.append([(fp, fields[doc_id])])
                counts.append(1)
    first_date = leaders[0][1]
    tied = [i for i, (_, d, _) in enumerate(leaders) if d == first_date]
    pick = sorted(tied, key=lambda i: (-counts[i], leaders[i][0].fingerprint.exact))[0]
    members = leaders[pick][2]
    fp = consensus([f for f, _ in member_fps[pick]])
    positions = median_positions([fs for _, fs in member_fps[pick]], tolerance_pt=tol)
    log.info(
        "enrolled %s/%s from %d of %d documents in its layout cluster", doc_type, issuer, len(members), counts[pick]
    )
    return _insert_template(
        conn,
        doc_type,
        issuer,
        fp,
        positions,
        revision=1,
        parent_id=None,
        baseline_docs=counts[pick],
        source_doc_id=members[0],
    )


def _insert_template(
    conn: Connection,
    doc_type: str | None,
    issuer: str | None,
    fp: Fingerprint,
    positions: dict[str, FieldPosition],
    *,
    revision: int,
    parent_id: str | None,
    baseline_docs: int,
    source_doc_id: str | None,
    approved_by: str | None = None,
) -> TemplateRevision:
    tid = template_id_for(doc_type, issuer, fp.exact)
    pos_json = json.dumps(
        {
            k: {"field": v.field, "label": v.label, "page": v.page, "x0": v.x0, "top": v.top, "fixed": v.fixed}
            for k, v in sorted(positions.items())
        },
        sort_keys=True,
    )
    conn.execute(
        "INSERT INTO templates (template_id, doc_type, issuer, fingerprint, signature, revision, parent_id, status, "
        "first_seen, shingles, field_positions, baseline_docs, approved_by, source_doc_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [
            tid,
            doc_type,
            issuer,
            fp.exact,
            json.dumps(list(fp.signature)),
            revision,
            parent_id,
            utcnow(),
            json.dumps(sorted(fp.shingles)),
            pos_json,
            baseline_docs,
            approved_by,
            source_doc_id,
        ],
    )
    return TemplateRevision(tid, doc_type, issuer, revision, fp, dict(positions))


def _write_outcomes(conn: Connection, outcomes: Sequence[_Outcome], run_id: str | None) -> list[Alert]:
    """Write one chunk's verdicts: documents, paths, layouts, drift events, quarantine, alerts, audit."""
    if not outcomes:
        return []
    now = utcnow()
    ids = [o.doc.doc_id for o in outcomes]
    status = ["quarantined" if o.assessment.major else "ingested" for o in outcomes]
    reasons = ["; ".join(o.assessment.reasons) or None for o in outcomes]
    upd = pa.table(
        {
            "doc_id": ids,
            "status": status,
            "template_id": [o.assessment.template_id for o in outcomes],
            "fingerprint": [o.fp.exact if o.fp else None for o in outcomes],
            "reason": reasons,
            "similarity": [float(o.assessment.similarity) for o in outcomes],
            "shingles": [sorted(o.fp.shingles) if o.fp else [] for o in outcomes],
            "signature": [list(o.fp.signature) if o.fp else [] for o in outcomes],
        }
    )
    conn.register("_tk_upd", upd)
    try:
        conn.execute(
            "UPDATE documents SET status = u.status, template_id = u.template_id, fingerprint = u.fingerprint "
            "FROM _tk_upd u WHERE documents.doc_id = u.doc_id"
        )
        conn.execute(
            "UPDATE document_paths SET outcome = u.status, reason = coalesce(u.reason, document_paths.reason) "
            "FROM _tk_upd u WHERE document_paths.doc_id = u.doc_id AND document_paths.outcome = 'pending'"
        )
        # The worker's row is there already (towerkit.pipeline.pack): set what resolution decided, and do not
        # rewrite its shingles (a delete and re-insert doubled them in the transaction's memory).
        conn.execute(
            "UPDATE doc_layouts SET similarity = u.similarity, "
            "template_id = u.template_id FROM _tk_upd u WHERE doc_layouts.doc_id = u.doc_id"
        )
        conn.execute(
            "INSERT INTO doc_layouts SELECT doc_id, fingerprint, shingles, signature, similarity, template_id "
            "FROM _tk_upd u WHERE NOT EXISTS (SELECT 1 FROM doc_layouts l WHERE l.doc_id = u.doc_id)"
        )
        conn.execute("DELETE FROM drift_events WHERE doc_id IN (SELECT doc_id FROM _tk_upd)")
        conn.execute("DELETE FROM quarantine WHERE doc_id IN (SELECT doc_id FROM _tk_upd)")
    finally:
        conn.unregister("_tk_upd")
    ev_rows: dict[str, list[Any]] = {
        k: [] for k in ("doc_id", "template_id", "kind", "field", "expected", "observed", "delta_pt", "severity")
    }
    for o in outcomes:
        for e in o.assessment.events:
            for k, v in zip(
                ev_rows,
                (
                    o.doc.doc_id,
                    o.assessment.template_id,
                    e.kind,
                    e.field,
                    e.expected,
                    e.observed,
                    e.delta_pt,
                    e.severity,
                ),
            ):
                ev_rows[k].append(v)
    if ev_rows["doc_id"]:
        conn.register(
            "_tk_ev",
            pa.table(
                ev_rows, schema=pa.schema([(k, pa.float64() if k == "delta_pt" else pa.string()) for k in ev_rows])
            ),
        )
        try:
            conn.execute(
                "INSERT INTO drift_events (doc_id, template_id, kind, field, expected, observed, delta_pt, "
                "severity, detected_at) SELECT *, ? FROM _tk_ev",
                [now],
            )
        finally:
            conn.unregister("_tk_ev")
    quarantined = [o for o in outcomes if o.assessment.major]
    if not quarantined:
        return []
    conn.executemany(  # at most one chunk of rows; quarantine is the rare path
        "INSERT INTO quarantine (doc_id, reasons, status, queued_at, template_id) VALUES (?, ?, 'pending', ?, ?)",
        [[o.doc.doc_id, json.dumps(o.assessment.reasons), now, o.assessment.template_id] for o in quarantined],
    )
    alerts: list[Alert] = []
    for o in quarantined:
        msg = alert_message(o.doc.path, o.doc.site_id, o.assessment.reasons)
        kind = next(e.kind for e in o.assessment.events if e.severity == "major")
        (aid,) = conn.execute(
            "INSERT INTO alerts (created_at, severity, site_id, doc_id, kind, message) VALUES (?, 'major', ?, ?, ?, ?) "
            "RETURNING alert_id",
            [now, o.doc.site_id, o.doc.doc_id, kind, msg],
        ).fetchone()
        alerts.append(Alert(int(aid), now, "major", o.doc.site_id, o.doc.doc_id, kind, msg))
    _audit(
        conn,
        [
            (run_id or o.doc.run_id, "quarantined", o.doc, o.fields, {"reasons": o.assessment.reasons})
            for o in quarantined
        ],
    )
    return alerts


def _audit(
    conn: Connection, entries: Sequence[tuple[str | None, str, _Doc, Sequence[FieldValue], dict[str, Any]]]
) -> None:
    """Append audit events (towerkit.audit and towerkit.store.audit_log are another engineer's)."""
    from towerkit.audit.canonical import AuditEvent, fields_digest
    from towerkit.store.audit_log import append_events

    append_events(
        conn,
        [
            AuditEvent(run, event, d.doc_id, d.sha256, fields_digest(fs), detail=detail)
            for run, event, d, fs, detail in entries
        ],
    )
