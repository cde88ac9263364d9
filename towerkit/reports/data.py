"""What the notebooks read from a towerkit database, read briefly and read-only.

DuckDB lets one process write a file, and a read-only open fails while another process writes
(and a reader blocks a writer from opening). So a notebook opens the database once, through
``reading()``, loads every frame it needs into memory, and closes it within a second or so; it
never holds the file for the length of a report. When an ingest holds the write lock, ``reading``
retries for a short bounded time and then raises ``DatabaseBusy`` with one clear line; it never
hangs and never touches the writer's file beyond a shared read lock.

Notebooks also ``glue()`` their key figures as a custom MIME output that tests and tools read back
with ``read_glue()`` (the idea of scrapbook's glue, in a dozen lines).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.errors import DatabaseBusy
from towerkit.reports.analysis import RuleInfo
from towerkit.store import connect
from towerkit.store.db import Connection

log = logging.getLogger(__name__)

DEFAULT_WAIT_S = 10.0
"""How long a report waits for a writing process to release the database before giving up."""
WAIT_ENV = "TOWERKIT_DB_WAIT_S"
"""Overrides the wait; ``towerkit report --wait`` sets it for the notebook's kernel."""
GLUE_MIME = "application/vnd.towerkit.glue+json"
DOC_DATE_FIELDS = ("inspection_date", "amendment_date", "issue_date", "determination_date", "log_date")
"""The field that dates a document in the world, per type (drift timelines use it)."""


# --- opening ----------------------------------------------------------------------------------------


def wait_seconds(wait_s: float | None = None) -> float:
    """``wait_s`` if given, else ``$TOWERKIT_DB_WAIT_S``, else ten seconds."""
    if wait_s is not None:
        return wait_s
    try:
        return float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


def open_read_only(db: str | Path, wait_s: float | None = None, poll_s: float = 0.2) -> Connection:
    """Open ``db`` read-only, retrying while another process writes it, for at most ``wait_s``.

    Raises:
        DatabaseBusy: still locked after ``wait_s`` seconds.
        InputError: the file does not exist or is not a database.

    """
    wait_s = wait_seconds(wait_s)
    deadline = time.monotonic() + max(0.0, wait_s)
    delay = poll_s
    while True:
        try:
            return connect(db, read_only=True)
        except DatabaseBusy as e:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseBusy(f"{e} (waited {wait_s:g} s)") from e
            log.info("database %s busy; retrying in %.1f s", db, min(delay, remaining))
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def reading(db: str | Path, wait_s: float | None = None) -> Iterator[Connection]:
    """A read-only connection that is closed on leaving the block: hold it only to load frames."""
    conn = open_read_only(db, wait_s)
    try:
        yield conn
    finally:
        conn.close()


def _frame(conn: Connection, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    return conn.execute(sql, dict(params or {})).pl()


# --- compliance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One compliance rule query, what it says it checks, and its findings."""

    info: RuleInfo
    frame: pl.DataFrame


@dataclass(frozen=True)
class AuditStatus:
    """The audit chain check: ``ok`` is None when no verifier is available."""

    ok: bool | None
    entries: int | None
    message: str


@dataclass(frozen=True)
class ComplianceData:
    """Everything the compliance report shows, loaded in one short read."""

    as_of: date
    horizon_days: int
    zone: str | None
    documents: pl.DataFrame
    rules: tuple[RuleResult, ...]
    quarantine: pl.DataFrame
    audit: AuditStatus
    skipped: tuple[str, ...] = field(default=())


def rule_queries() -> list[RuleInfo]:
    """Every ``kind: rule`` query in ``queries/``, described by its own header.

    Parameters the report does not set keep their declared defaults, and the header text shows
    those values (``over $height_threshold_ft ft`` reads ``over 200 ft``).
    """
    from towerkit.queries import list_queries

    out = []
    for q in list_queries():
        if q.kind != "rule":
            continue
        defaults = {p.name: p.default for p in q.params if p.name not in ("as_of", "horizon_days", "zone")}

        def fill(text: str, defaults: dict[str, Any] = defaults) -> str:
            for name, value in sorted(defaults.items(), key=lambda kv: -len(kv[0])):
                text = text.replace(f"${name}", f"{value:g}" if isinstance(value, float) else str(value))
            return text

        out.append(
            RuleInfo(
                name=q.name,
                title=fill(q.description or q.name.replace("_", " ")),
                description=fill(q.row),
                rule_ids=q.rules,
                params=tuple(p.name for p in q.params),
                notes=tuple(fill(b) for b in q.boundaries),
            )
        )
    return out


def run_rule(conn: Connection, info: RuleInfo, params: Mapping[str, Any]) -> pl.DataFrame:
    """Run one rule query with the report parameters it declares (others keep their defaults)."""
    from towerkit.queries import run_query

    return run_query(conn, info.name, **{k: v for k, v in params.items() if k in info.params})


DOCUMENTS_SQL = """
SELECT doc_id, site_id, zone, doc_type, issuer, status, template_id, engine, ingested_at
FROM documents WHERE $zone IS NULL OR zone = $zone
"""

QUARANTINE_SQL = """
SELECT q.doc_id, q.status, q.reasons, q.queued_at, d.doc_type, d.issuer, d.zone, d.site_id, d.path
FROM quarantine q LEFT JOIN documents d USING (doc_id)
WHERE $zone IS NULL OR d.zone = $zone
ORDER BY q.queued_at, q.doc_id
"""


def load_compliance(
    db: str | Path, as_of: date, horizon_days: int, zone: str | None = None, wait_s: float | None = None
) -> ComplianceData:
    """Read everything the compliance report needs, holding the database for one short read."""
    params = {"as_of": as_of, "horizon_days": horizon_days, "zone": zone}
    with reading(db, wait_s) as conn:
        documents = _frame(conn, DOCUMENTS_SQL, {"zone": zone})
        rules = tuple(RuleResult(info, run_rule(conn, info, params)) for info in rule_queries())
        quarantine = _frame(conn, QUARANTINE_SQL, {"zone": zone})
        audit = audit_status(conn)
    return ComplianceData(as_of, horizon_days, zone, documents, rules, quarantine, audit)


def audit_status(conn: Connection) -> AuditStatus:
    """Verify the audit chain (the same check as ``towerkit audit verify``) on an open connection."""
    from towerkit.errors import TowerkitError
    from towerkit.store.audit_log import verify_db

    try:
        result = verify_db(conn)
    except TowerkitError as e:
        return AuditStatus(False, None, str(e))
    return AuditStatus(result.ok, result.entries, str(result))


# --- drift and templates ----------------------------------------------------------------------------

DRIFT_SQL = f"""
SELECT e.doc_id, e.template_id, e.kind, e.field, e.expected, e.observed, e.delta_pt, e.severity,
       e.detected_at, d.issuer, d.zone, d.doc_type, d.site_id, d.status,
       (SELECT min(f.value_date) FROM fields f
         WHERE f.doc_id = e.doc_id AND f.field IN ({", ".join(repr(x) for x in DOC_DATE_FIELDS)})) AS doc_date
FROM drift_events e LEFT JOIN documents d USING (doc_id)
ORDER BY e.detected_at, e.doc_id, e.kind, e.field
"""

TEMPLATES_SQL = """
SELECT t.template_id, t.doc_type, t.issuer, t.revision, t.parent_id, t.status, t.first_seen,
       count(d.doc_id) AS documents
FROM templates t LEFT JOIN documents d USING (template_id)
GROUP BY ALL ORDER BY t.doc_type, t.issuer, t.revision
"""

LAYOUT_DOCS_SQL = """
SELECT doc_id, doc_type, issuer, zone, template_id, status, fingerprint
FROM documents WHERE status <> 'failed' AND doc_id IN (SELECT DISTINCT doc_id FROM tokens)
ORDER BY doc_type, issuer, doc_id LIMIT $max_docs
"""

HAS_LAYOUTS_SQL = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'doc_layouts'"

STORED_SHINGLES_SQL = """
SELECT l.doc_id, l.shingles
FROM doc_layouts l JOIN (SELECT unnest($doc_ids::VARCHAR[]) AS doc_id) USING (doc_id)
"""

TOKENS_SQL = """
SELECT t.doc_id, t.page, t.text, t.x0, t.top, t.x1, t.bottom
FROM tokens t JOIN (SELECT unnest($doc_ids::VARCHAR[]) AS doc_id) USING (doc_id)
WHERE t.page = 1
ORDER BY t.doc_id, round(t.top / 6), t.x0
"""


@dataclass(frozen=True)
class DriftData:
    events: pl.DataFrame
    templates: pl.DataFrame
    documents: pl.DataFrame


def load_drift(db: str | Path, wait_s: float | None = None) -> DriftData:
    """Drift events with their documents' issuer, zone and date, and the template registry."""
    with reading(db, wait_s) as conn:
        return DriftData(
            _frame(conn, DRIFT_SQL), _frame(conn, TEMPLATES_SQL), _frame(conn, DOCUMENTS_SQL, {"zone": None})
        )


@dataclass(frozen=True)
class LayoutData:
    documents: pl.DataFrame
    tokens: pl.DataFrame
    templates: pl.DataFrame
    stored: dict[str, list[str] | None]
    """The drift engine's layout shingles per document (``doc_layouts``), where it stored them."""


def load_layouts(db: str | Path, max_docs: int = 200, wait_s: float | None = None) -> LayoutData:
    """First-page words of up to ``max_docs`` readable documents, for layout similarity."""
    with reading(db, wait_s) as conn:
        docs = _frame(conn, LAYOUT_DOCS_SQL, {"max_docs": max_docs})
        ids = docs["doc_id"].to_list()
        tokens = _frame(conn, TOKENS_SQL, {"doc_ids": ids})
        stored: dict[str, list[str] | None] = {}
        (has_layouts,) = conn.execute(HAS_LAYOUTS_SQL).fetchone() or (0,)
        if has_layouts:
            stored = dict(conn.execute(STORED_SHINGLES_SQL, {"doc_ids": ids}).fetchall())
        return LayoutData(docs, tokens, _frame(conn, TEMPLATES_SQL), stored)


# --- glue: figures a notebook hands to whoever runs it ------------------------------------------------


def glue(name: str, value: Any) -> None:
    """Record a JSON value in the notebook's outputs under ``name`` (invisible in the HTML report)."""
    from IPython.display import display

    display({GLUE_MIME: {"name": name, "data": json.loads(json.dumps(value, default=str))}}, raw=True)


def read_glue(notebook: Any) -> dict[str, Any]:
    """Every glued value of an executed notebook (a path or an nbformat node), by name."""
    if isinstance(notebook, (str, Path)):
        notebook = json.loads(Path(notebook).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if GLUE_MIME in data:
                out[data[GLUE_MIME]["name"]] = data[GLUE_MIME]["data"]
    return out


RUN_OUTCOMES_SQL = """
SELECT coalesce(p.zone, '(none)') AS zone, p.outcome, count(*) AS files
FROM document_paths p WHERE p.run_id = $run_id
GROUP BY ALL ORDER BY zone, outcome
"""

RUN_PROBLEMS_SQL = """
SELECT p.path, p.outcome, p.reason
FROM document_paths p WHERE p.run_id = $run_id AND p.outcome IN ('failed', 'quarantined')
ORDER BY p.outcome, p.path
"""


@dataclass(frozen=True)
class RunData:
    outcomes: pl.DataFrame
    problems: pl.DataFrame


def load_run(db: str | Path, run_id: str, wait_s: float | None = None) -> RunData:
    """One ingest run's outcomes per zone and its failed or quarantined files with reasons."""
    with reading(db, wait_s) as conn:
        return RunData(
            _frame(conn, RUN_OUTCOMES_SQL, {"run_id": run_id}), _frame(conn, RUN_PROBLEMS_SQL, {"run_id": run_id})
        )
