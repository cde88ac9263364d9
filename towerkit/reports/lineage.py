"""Where a value came from (lineage) and whether two runs agree (run diff).

A field's lineage runs from the file (paths, sha256) through the page and the box it was read from,
the engine and route that read it, the template it was matched against, to the audit entry whose
fields digest covers it, so an analyst can answer "why does the database say this?" in one command.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from towerkit.audit.canonical import FIELD_KEYS, field_row, fields_digest
from towerkit.errors import InputError
from towerkit.pipeline.manifest import manifest_differences
from towerkit.store import Connection, open_db
from towerkit.store import lineage as store_lineage
from towerkit.store.audit_log import stored_fields_digest


def _db_path(db: str | os.PathLike[str] | None) -> Path | None:
    """``db`` as ``open_db`` takes it (it makes a ``Path`` of it either way); None keeps the default database."""
    return None if db is None else Path(db)


@dataclass(frozen=True)
class LineageRecord:
    """One ``fields`` row of a document's field, traced back to its file and forward to its audit entry."""

    doc_id: str
    field: str
    value: str | None
    raw_text: str | None
    page: int | None
    bbox: tuple[float, float, float, float] | None
    confidence: float | None
    sha256: str
    paths: tuple[str, ...]
    site_id: str | None
    doc_type: str | None
    status: str | None
    engine: str | None
    route: str | None
    route_reason: str | None
    template_id: str | None
    template_revision: int | None
    audit_seq: int | None
    audit_entry_hash: str | None
    audit_event: str | None
    fields_verified: bool
    """Whether the document's current fields still match the covering entry's fields digest."""
    error: str | None = None
    label: str | None = None
    source: str = "extracted"
    """``extracted`` (read from the document) or ``correction`` (typed by a reviewer)."""
    revision: int | None = None
    in_force: bool = True
    """False for a row that left ``fields``: an older extraction revision, or a value a correction replaced."""
    superseded_by: str | None = None
    corrected_by: str | None = None
    correction_reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Every attribute by name, for ``--json`` output."""
        return asdict(self)

    def text(self) -> str:
        """The record as aligned ``name  value`` lines, for the terminal."""
        box = "-" if self.bbox is None else ", ".join(f"{v:.1f}" for v in self.bbox)
        audit = (
            "no audit entry covers this document"
            if self.audit_seq is None
            else f"entry {self.audit_seq} ({self.audit_event}) {self.audit_entry_hash}"
            f"{'' if self.fields_verified else '  FIELDS DO NOT MATCH THIS ENTRY'}"
        )
        rows = [
            ("document", self.doc_id),
            ("field", self.field),
            ("value", self.value if self.value is not None else f"(none: {self.error or 'not normalized'})"),
            ("raw text", self.raw_text),
            ("label", self.label),
            ("page", self.page),
            ("bbox (pt)", box),
            ("confidence", self.confidence),
            ("file sha256", self.sha256),
            ("paths", "\n              ".join(self.paths) or "-"),
            ("site / type", f"{self.site_id} / {self.doc_type} ({self.status})"),
            ("engine", f"{self.engine} via {self.route} route"),
            ("route reason", self.route_reason),
            ("template", f"{self.template_id} rev {self.template_revision}" if self.template_id else "-"),
            ("audit", audit),
            ("source", self._source_text()),
        ]
        return "\n".join(f"{k:<14}{'' if v is None else v}" for k, v in rows)

    def _source_text(self) -> str:
        """Where the value came from and whether it is in force."""
        who = f" by {self.corrected_by}" if self.corrected_by else ""
        why = f" ({self.correction_reason})" if self.correction_reason else ""
        state = "in force" if self.in_force else f"superseded by {self.superseded_by}"
        return f"{self.source}{who}{why}, revision {self.revision or 1}, {state}"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in self.as_json().items()
        )
        return f"<table><caption>lineage of {html.escape(self.field)}</caption>{rows}</table>"


def lineage(conn: Connection, doc_id: str, field: str) -> list[LineageRecord]:
    """Trace one field of one document (doc id or a ≥ 8 hex character prefix).

    Raises:
        UsageError: the id is not hex or too short.
        InputError: unknown or ambiguous document, or the document has no such field.

    """
    full = store_lineage.resolve_doc_id(conn, doc_id)
    rows = store_lineage.field_rows(conn, full, field)
    if not rows:
        known = store_lineage.field_names(conn, full)
        hint = f" (it has: {', '.join(known)})" if known else " (it has no fields)"
        raise InputError(f"document {full[:12]}… has no field {field!r}{hint}")
    entry = store_lineage.covering_entry(conn, full)
    verified = entry is not None and entry.fields_sha256 == stored_fields_digest(conn, full)
    paths = tuple(store_lineage.doc_paths(conn, full))
    out = []
    for r in rows:
        box = None if r["x0"] is None else (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
        out.append(
            LineageRecord(
                doc_id=full,
                field=field,
                value=r["value"],
                raw_text=r["raw_text"],
                page=r["page"],
                bbox=box,
                confidence=r["confidence"],
                sha256=r["sha256"],
                paths=paths,
                site_id=r["site_id"],
                doc_type=r["doc_type"],
                status=r["status"],
                engine=r["page_engine"] or r["doc_engine"],
                route=r["page_route"] or r["doc_route"],
                route_reason=r["page_reason"] or r["route_reason"],
                template_id=r["template_id"],
                template_revision=r["template_revision"],
                audit_seq=entry.seq if entry else None,
                audit_entry_hash=entry.entry_hash if entry else None,
                audit_event=entry.event if entry else None,
                fields_verified=verified,
                error=r["error"],
                label=r["label"],
                source=r["source"] or "extracted",
                revision=r["revision"],
                in_force=bool(r["in_force"]),
                superseded_by=r["superseded_by"],
                corrected_by=r["corrected_by"],
                correction_reason=r["correction_reason"],
            )
        )
    return out


def lineage_db(doc_id: str, field: str, db: str | os.PathLike[str] | None = None) -> list[LineageRecord]:
    """``lineage`` on a database file opened read-only."""
    with open_db(_db_path(db), read_only=True) as conn:
        return lineage(conn, doc_id, field)


# -- run diff -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocDiff:
    """One document the two runs disagree on: seen by one run only, or with different fields."""

    doc_id: str
    paths: tuple[str, ...]
    kind: str  # only_a | only_b | fields
    fields: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DiffReport:
    """What ``diff_runs`` found: the documents compared, those that differ, and manifest changes."""

    run_a: str
    run_b: str
    compared: int
    diffs: tuple[DocDiff, ...] = field(default_factory=tuple)
    manifest_changes: tuple[str, ...] = ()

    @property
    def same(self) -> bool:
        """True when the runs agree on every document both saw and neither saw one the other did not."""
        return not self.diffs

    def lines(self) -> list[str]:
        """The report as terminal lines: a verdict, one line per differing document, manifest changes."""
        if self.same:
            out = [f"same fields: runs {self.run_a} and {self.run_b} agree on {self.compared} documents"]
        else:
            total = self.compared + sum(d.kind != "fields" for d in self.diffs)
            out = [
                f"different: {len(self.diffs)} of {total} documents differ between runs {self.run_a} and {self.run_b}"
            ]
            for d in self.diffs:
                where = d.paths[0] if d.paths else "?"
                if d.kind == "fields":
                    detail = f"fields differ: {', '.join(d.fields)}" if d.fields else "fields differ"
                else:
                    detail = f"seen only by run {self.run_a if d.kind == 'only_a' else self.run_b}"
                out.append(f"  {d.doc_id[:12]}… {where}: {detail}{(' (' + d.note + ')') if d.note else ''}")
        out += [f"  manifest: {c}" for c in self.manifest_changes]
        return out


def _field_map(rows: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        out.setdefault(r["field"], []).append(field_row([r[k] for k in FIELD_KEYS]))
    return {k: sorted(v, key=repr) for k, v in out.items()}


def _changed_fields(rows_a: list[dict[str, Any]], rows_b: list[dict[str, Any]]) -> tuple[str, ...]:
    a, b = _field_map(rows_a), _field_map(rows_b)
    return tuple(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)))


def diff_runs(
    run_a: str, run_b: str, *, db: str | os.PathLike[str] | None = None, db_b: str | os.PathLike[str] | None = None
) -> DiffReport:
    """Compare the fields two runs produced for the same content (documents keyed by sha256).

    Which fields differ is listed when both databases still hold the fields the runs recorded (their
    current fields digest equals the run's); otherwise only the digests are known to differ.
    """
    with open_db(_db_path(db), read_only=True) as ca:
        if not store_lineage.run_exists(ca, run_a):
            raise InputError(f"unknown run {run_a}")
        seen_a = store_lineage.run_digests(ca, run_a)
        man_a = _manifest(ca, run_a)
        if db_b is None:
            if not store_lineage.run_exists(ca, run_b):
                raise InputError(f"unknown run {run_b}")
            seen_b, man_b = store_lineage.run_digests(ca, run_b), _manifest(ca, run_b)
            diffs, compared = _compare(seen_a, seen_b, ca, ca)
        else:
            with open_db(_db_path(db_b), read_only=True) as cb:
                if not store_lineage.run_exists(cb, run_b):
                    raise InputError(f"unknown run {run_b} in {db_b}")
                seen_b, man_b = store_lineage.run_digests(cb, run_b), _manifest(cb, run_b)
                diffs, compared = _compare(seen_a, seen_b, ca, cb)
    changes = tuple(manifest_differences(man_a, man_b)) if man_a and man_b else ()
    return DiffReport(run_a, run_b, compared, tuple(diffs), changes)


def _manifest(conn: Connection, run_id: str) -> dict[str, Any]:
    """The run's recorded manifest (versions, settings), or an empty dict when none was kept."""
    row = conn.execute("SELECT manifest FROM runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None or row[0] is None:
        return {}
    value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return value if isinstance(value, dict) else {}


def _compare(
    seen_a: dict[str, dict[str, Any]], seen_b: dict[str, dict[str, Any]], ca: Connection, cb: Connection
) -> tuple[list[DocDiff], int]:
    """The differing documents of two runs' digests, and how many documents both runs saw."""
    diffs: list[DocDiff] = []
    both = sorted(set(seen_a) & set(seen_b))
    differing = [d for d in both if seen_a[d]["digest"] != seen_b[d]["digest"]]
    fa = store_lineage.fields_by_doc(ca, differing) if differing else {}
    fb = store_lineage.fields_by_doc(cb, differing) if differing else {}
    for d in differing:
        rows_a, rows_b = fa.get(d, []), fb.get(d, [])
        current_a = fields_digest(r for v in _field_map(rows_a).values() for r in v)
        current_b = fields_digest(r for v in _field_map(rows_b).values() for r in v)
        if current_a == seen_a[d]["digest"] and current_b == seen_b[d]["digest"]:
            diffs.append(DocDiff(d, tuple(seen_a[d]["paths"]), "fields", _changed_fields(rows_a, rows_b)))
        else:
            diffs.append(
                DocDiff(
                    d,
                    tuple(seen_a[d]["paths"]),
                    "fields",
                    note="fields re-extracted since; values of the older run are not kept",
                )
            )
    diffs.extend(DocDiff(d, tuple(seen_a[d]["paths"]), "only_a") for d in sorted(set(seen_a) - set(seen_b)))
    diffs.extend(DocDiff(d, tuple(seen_b[d]["paths"]), "only_b") for d in sorted(set(seen_b) - set(seen_a)))
    return diffs, len(both)
