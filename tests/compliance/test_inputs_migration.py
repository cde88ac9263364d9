"""Migration 080 on a database made before it: the new inputs reach the rules without a re-ingest.

A database at schema 070 holds an inspection that states its edition, risk category and exposure, and an
FAA letter that says it cannot be petitioned; its facts tables were refreshed under 070, so they lack the
new columns. Opening it for writing applies 080: the rules must then see what the documents state (the
facts are found stale and computed for the session), before and after the next refresh_facts. Real
DuckDB files, towerkit's own migrations.
"""

# ruff: noqa: S101, INP001

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rule_table import add_doc

from towerkit.queries import run_query
from towerkit.store import Connection, connect
from towerkit.store.db import migration_files
from towerkit.store.query_runner import facts_stale, refresh_facts

INPUTS_VERSION = 80
AS_OF = date(2026, 1, 11)


def _old_database(path: Path) -> None:
    """A database with every migration before 080 applied, two documents and facts refreshed under 070."""
    conn = connect(path, migrate=False)
    try:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        now = datetime.now(UTC).replace(tzinfo=None)
        for version, name, sql in migration_files():
            if version < INPUTS_VERSION:
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, now])
        _add_stated_inputs(conn)
        refresh_facts(conn)
        assert "tia_revision" not in _columns(conn, "doc_facts")
    finally:
        conn.close()


def _columns(conn: Connection, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
    ).fetchall()
    return [r[0] for r in rows]


def _findings(conn: Connection) -> dict[str, Any]:
    """What the three rules say about the two sites."""
    insp = run_query(conn, "inspections_overdue", as_of=AS_OF, horizon_days=30).to_dicts()
    cap = run_query(conn, "structural_capacity", as_of=AS_OF).to_dicts()
    faa = run_query(conn, "faa_determination_expiring", as_of=AS_OF, horizon_days=30).to_dicts()
    return {
        "insp": [(r["site_id"], r["tag"], r["due_date"], r["interval_years"], r["notes"]) for r in insp],
        "cap": [(r["site_id"], r["tag"], r["tia_revision"], r["notes"]) for r in cap],
        "faa": [(r["site_id"], r["tag"], r["due_date"], r["petitionable"], r["notes"]) for r in faa],
    }


EXPECTED = {
    # coastal, risk category iii: 2 years, not 5; a Rev G report at 102 % fails; not petitionable: on issue + 18 months
    "insp": [("S1", "INSPECTION_OVERDUE", date(2026, 1, 10), 2, [])],
    "cap": [("S1", "SA_FAIL", "g", [])],
    "faa": [("S2", "DNH_EXPIRING", date(2026, 1, 15), False, [])],
}



def _add_stated_inputs(conn: Connection) -> None:
    """An inspection stating Rev G, Class III and a coastal site; a letter saying it cannot be petitioned."""
    inspection = {
        "inspection_date": date(2024, 1, 10),
        "structure_type": "self_supporting",
        "max_capacity_pct": 102.0,
        "tia_revision": "g",
        "risk_category": "iii",
        "site_environment": "coastal",
    }
    add_doc(conn, "i1", "S1", "structural_inspection", inspection)
    letter = {"determination": "no_hazard", "determination_date": date(2024, 7, 15), "petitionable": "no"}
    add_doc(conn, "f1", "S2", "faa_determination", letter)

def test_an_older_database_upgrades_and_its_rules_read_the_new_inputs(tmp_path: Path) -> None:
    """080 adds the columns in place, keeps the documents and facts, and no rule assumes what a document states."""
    db = tmp_path / "old.duckdb"
    _old_database(db)
    conn = connect(db)
    try:
        versions = {v for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}
        assert INPUTS_VERSION in versions
        cols = _columns(conn, "doc_facts")
        assert cols[-4:] == ["tia_revision", "risk_category", "site_environment", "petitionable"]
        assert _columns(conn, "site_wide")[-4:] == [
            "insp_risk_category",
            "insp_risk_doc",
            "insp_environment",
            "insp_environment_doc",
        ]
        assert conn.execute("SELECT count(*) FROM doc_facts").fetchone() == (2,)
        assert facts_stale(conn)  # the refresh under 070 filled no new column
        assert _findings(conn) == EXPECTED
        refresh_facts(conn)
        assert not facts_stale(conn)
        assert conn.execute(
            "SELECT tia_revision, risk_category, site_environment FROM doc_facts WHERE doc_id = 'i1'"
        ).fetchone() == ("g", "iii", "coastal")
        assert _findings(conn) == EXPECTED
    finally:
        conn.close()
    reopened = connect(db, read_only=True)
    try:
        assert _findings(reopened) == EXPECTED
    finally:
        reopened.close()


def test_a_new_database_reads_the_inputs_after_one_refresh(tmp_path: Path) -> None:
    """A database made by this towerkit, the same documents: the same findings."""
    conn = connect(tmp_path / "new.duckdb")
    try:
        _add_stated_inputs(conn)
        refresh_facts(conn)
        assert _findings(conn) == EXPECTED
    finally:
        conn.close()
