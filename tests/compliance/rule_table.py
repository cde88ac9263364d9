"""Shared machinery of the rule test tables: each row seeds its own site into one real DuckDB file.

A row is one boundary case taken from the rule text in COMPLIANCE_RULES.md: the documents (facts) of
one site, the date the rule is evaluated at, the finding expected (the columns that matter, or None
for no finding) and the sentence of the rule it tests. Every row's site is seeded into one database
file built by towerkit's own store code, the facts tables are refreshed once, and the real query from
queries/ runs with the row's parameters; only the row's own site is compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from towerkit.queries import run_query
from towerkit.store import Connection, connect
from towerkit.store.query_runner import refresh_facts

# ruff: noqa: S101, INP001  pytest asserts; tests/ is no package
# ruff: noqa: DTZ001  ingested_at is a naive UTC TIMESTAMP in DuckDB, as the writer stores it


@dataclass(frozen=True)
class Case:
    """One row of a rule table: facts of one site, the evaluation parameters and the expected finding."""

    site: str
    rule: str
    docs: list[tuple[str, dict[str, Any]]]
    params: dict[str, Any]
    expect: dict[str, Any] | None
    extra: dict[str, Any] = field(default_factory=dict)


def add_doc(conn: Connection, doc_id: str, site_id: str, doc_type: str, fields: dict[str, Any]) -> None:
    """Store one ingested document and its canonical fields the way the ingest writer does."""
    conn.execute(
        "INSERT INTO documents (doc_id, sha256, path, zone, site_id, doc_type, status, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            doc_id,
            doc_id,
            f"/corpus/north/{site_id}/{doc_id}.pdf",
            "north",
            site_id,
            doc_type,
            "ingested",
            datetime(2026, 1, 1),
        ],
    )
    for name, v in fields.items():
        if v is None:
            continue
        num = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        day = v if isinstance(v, date) else None
        text = v.isoformat() if isinstance(v, date) else (f"{v}" if num is None else f"{v:g}")
        conn.execute(
            "INSERT INTO fields (doc_id, field, value, value_num, value_date) VALUES (?, ?, ?, ?, ?)",
            [doc_id, name, text, num, day],
        )


def build(path: Path, cases: list[Case]) -> Connection:
    """Create the database file at ``path``, seed every case's site and refresh the facts tables."""
    conn = connect(path)
    sites = [c.site for c in cases]
    assert len(sites) == len(set(sites)), "each row needs its own site"
    for case in cases:
        for i, (doc_type, fields) in enumerate(case.docs):
            add_doc(conn, f"{case.site}-d{i}", case.site, doc_type, fields)
    refresh_facts(conn)
    return conn


def findings(conn: Connection, query: str, case: Case, folder: Path | None = None) -> list[dict[str, Any]]:
    """Run ``query`` with the case's parameters and keep the rows of the case's own site."""
    return [r for r in run_query(conn, query, folder, **case.params).to_dicts() if r["site_id"] == case.site]


def matches(case: Case, got: list[dict[str, Any]]) -> bool:
    """True when the rows found are exactly the expected finding (on its named columns) or none."""
    if case.expect is None:
        return got == []
    return len(got) == 1 and all(got[0].get(k) == v for k, v in case.expect.items())
