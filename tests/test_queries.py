"""Every queries/*.sql file parses, binds its defaults and returns its declared columns.

A rule's rows have a site, a rule id and unique keys, on an empty and on a populated database.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from test_rules import add_doc

from towerkit.compliance import refresh_tags
from towerkit.errors import QueryError
from towerkit.queries import RULE_COLUMNS, list_queries, load, parse, queries_dir, run_query, today
from towerkit.store import connect
from towerkit.store.query_runner import facts_stale, refresh_facts

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package

REPO = Path(__file__).resolve().parents[1]
QUERIES = list_queries()
NAMES = [q.name for q in QUERIES]
AS_OF = date(2026, 6, 30)


@pytest.fixture(name="portfolio", scope="module")
def _portfolio() -> Any:
    """A 3,000-document synthetic portfolio (the benchmark's generator) with facts and tags refreshed."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    bench = importlib.import_module("bench_queries")
    conn = connect(":memory:")
    bench.build(conn, 3000, sites=300)
    refresh_tags(conn, as_of=AS_OF)
    yield conn
    conn.close()


def _params(name: str) -> dict[str, Any]:
    query = load(name)
    return {"as_of": AS_OF} if any(p.name == "as_of" for p in query.params) else {}


def test_the_required_queries_exist() -> None:
    """The queries of issue 6 are all present."""
    required = {
        "asr_missing",
        "asr_format_invalid",
        "marking_lighting",
        "faa_determination_expiring",
        "height_mismatch",
        "inspections_overdue",
        "structural_capacity",
        "lease_notice_windows",
        "lease_expirations",
        "rent_schedule",
        "lease_terms",
        "permits_expiring",
        "light_outages",
        "quarantine_backlog",
        "drift_by_month",
        "ingest_failures",
        "site_compliance_summary",
    }
    assert required <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name: str) -> None:
    """Each header names its file, describes a row, and documents every parameter; rules name their rule ids."""
    query = load(name)
    assert query.name == name
    assert query.description
    assert query.row
    assert query.columns
    assert query.key
    assert set(query.key) <= set(query.columns)
    if query.kind == "rule":
        assert query.rules
        assert query.columns[: len(RULE_COLUMNS)] == RULE_COLUMNS
    for p in query.params:
        assert p.doc, f"{name}: parameter {p.name} has no description"


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_an_empty_database(duck: Any, name: str) -> None:
    """With defaults bound, an empty database gives zero rows with exactly the declared columns."""
    refresh_facts(duck)
    frame = run_query(duck, name)
    assert frame.height == 0
    assert tuple(frame.columns) == load(name).columns


@pytest.mark.parametrize("name", NAMES)
def test_rows_on_a_portfolio_have_sites_rule_ids_and_unique_keys(portfolio: Any, name: str) -> None:
    """On a populated database the declared columns come back; rules carry site, rule id, evidence, unique keys."""
    query = load(name)
    frame = run_query(portfolio, name, **_params(name))
    assert tuple(frame.columns) == query.columns
    assert frame.height == frame.select(query.key).unique().height, f"{name}: duplicate keys"
    if query.kind == "rule":
        assert frame.height > 0, f"{name} finds nothing on the synthetic portfolio"
        assert frame.filter(pl.col("site_id").is_null() | pl.col("rule_id").is_null()).height == 0
        assert set(frame["rule_id"].unique()) <= set(query.rules)
        assert frame.filter(pl.col("doc_ids").list.len() == 0).height == 0


def test_tags_match_the_tagged_rule_rows(portfolio: Any) -> None:
    """compliance_tags holds exactly the rule rows with a tag, as of the refresh date."""
    expected = sum(
        run_query(portfolio, q.name, **_params(q.name)).filter(pl.col("tag").is_not_null()).height
        for q in QUERIES
        if q.kind == "rule"
    )
    stored = portfolio.execute("SELECT count(*), min(as_of), max(as_of) FROM compliance_tags").fetchone()
    assert stored == (expected, AS_OF, AS_OF)
    assert expected > 0


def test_unknown_parameter_names_the_allowed_ones() -> None:
    """A misspelt parameter is refused with the list of parameters the query takes."""
    with pytest.raises(QueryError, match=r"no parameter 'horizon'; allowed: as_of, horizon_days"):
        load("lease_expirations").bind({"horizon": "30"})


@pytest.mark.parametrize(
    ("param", "value"), [("as_of", "30/06/2026"), ("horizon_days", "ninety"), ("horizon_days", "1.5")]
)
def test_malformed_values_are_refused(param: str, value: str) -> None:
    """Values that are not of the declared type raise QueryError naming the parameter and type."""
    with pytest.raises(QueryError, match=param):
        load("lease_expirations").bind({param: value})


def test_values_are_coerced_by_declared_type() -> None:
    """CLI text becomes DATE, INTEGER, DOUBLE, BOOLEAN; NULL and 'today' are understood."""
    bound = load("structural_capacity").bind({"allowance_pct": "110", "include_pass": "yes", "zone": "NULL"})
    assert bound == {"allowance_pct": 110.0, "include_pass": True, "zone": None, "as_of": today()}
    assert load("lease_expirations").bind({"as_of": "today"})["as_of"] == date.today()  # noqa: DTZ011  local day
    assert load("lease_expirations").bind({})["horizon_days"] == 90


def test_unknown_query_lists_known_ones() -> None:
    """Asking for a query that does not exist names those that do."""
    with pytest.raises(QueryError, match=r"known: .*asr_missing"):
        load("no_such_rule")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("-- name: other\n", "file is q.sql"),
        ("-- name: q\n-- colour: red\n", "unknown header key"),
        ("-- name: q\n-- param: x FLOAT = 1  (doc)\n", "bad param line"),
        ("-- name: q\n-- param: zone VARCHAR = NULL  (doc)\n-- param: y INTEGER = 3  (doc)\n", "unused parameters"),
    ],
)
def test_malformed_headers_are_refused(header: str, message: str) -> None:
    """The header grammar is strict: wrong name, unknown key, bad type or a declared-but-unused parameter."""
    rest = "-- kind: report\n-- description: d\n-- row: r\n-- key: a\n-- columns: a\n"
    with pytest.raises(QueryError, match=message):
        parse("q", header + rest + "SELECT 1 AS a WHERE $zone IS NULL OR true\n")


def test_undeclared_parameter_is_refused() -> None:
    """A $parameter the header does not declare is an error, so nothing is ever bound by accident."""
    text = "-- name: q\n-- kind: report\n-- description: d\n-- row: r\n-- key: a\n-- columns: a\nSELECT $x AS a\n"
    with pytest.raises(QueryError, match="undeclared parameters"):
        parse("q", text)


def test_duckdb_errors_become_one_line_query_errors(duck: Any, tmp_path: Path) -> None:
    """A query DuckDB cannot run is reported as a one-line QueryError naming the query."""
    (tmp_path / "broken.sql").write_text(
        "-- name: broken\n-- kind: report\n-- description: d\n-- row: r\n-- key: a\n-- columns: a\n"
        "SELECT a FROM no_such_table\n"
    )
    with pytest.raises(QueryError) as err:
        run_query(duck, "broken", folder=tmp_path)
    assert "query broken failed" in str(err.value)
    assert "\n" not in str(err.value)


def test_queries_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """$TOWERKIT_QUERIES points the loader at another folder; by default it is the repository's queries/."""
    assert queries_dir() == REPO / "queries"
    monkeypatch.setenv("TOWERKIT_QUERIES", str(tmp_path))
    assert queries_dir() == tmp_path


def test_facts_staleness_is_detected(duck: Any) -> None:
    """Ingesting without refreshing leaves the facts stale; refresh_facts makes them current again."""
    duck.execute(
        "INSERT INTO documents (doc_id, sha256, path, status, site_id, doc_type, ingested_at) "
        "VALUES ('d1', 'd1', 'p', 'ingested', 'S1', 'field_log', now())"
    )
    assert facts_stale(duck)
    refresh_facts(duck)
    assert not facts_stale(duck)
    duck.execute("UPDATE documents SET status = 'quarantined' WHERE doc_id = 'd1'")
    assert facts_stale(duck)


def test_stale_facts_are_never_used(tmp_path: Path) -> None:
    """Without a refresh, a read-only query computes current facts for its session instead of reading stale ones."""
    path = tmp_path / "t.duckdb"
    conn = connect(path)
    refresh_facts(conn)
    add_doc(conn, "d1", "S1", "structural_inspection", structure_height_ft=250.0)
    conn.close()
    ro = connect(path, read_only=True)
    try:
        assert facts_stale(ro)
        assert run_query(ro, "asr_missing")["site_id"].to_list() == ["S1"]
        assert ro.execute("SELECT count(*) FROM t.main.doc_facts").fetchone() == (0,)  # the file is untouched
    finally:
        ro.close()
    conn = connect(path)
    refresh_facts(conn)  # drops this session's temporary facts and fills the real tables
    assert conn.execute("SELECT count(*) FROM main.doc_facts").fetchone() == (1,)
    assert run_query(conn, "asr_missing")["site_id"].to_list() == ["S1"]
    conn.close()
