"""The duckdb side of compliance queries: run one with bound parameters, and keep its facts current.

The rule queries read materialized tables (``doc_facts``, ``site_doc_facts``) rather than the live
views of migration 030: at a million documents a window over ten million field rows takes seconds
per query, while the materialized tables answer in tens of milliseconds. ``refresh_facts`` rebuilds
them and records a signature of the documents table, so ``facts_stale`` can tell that the tables lag
behind the documents (someone ingested or released documents without a refresh); ``run_query`` then
computes current facts into session-temporary tables (``use_live_facts``), so a query is never
answered from stale facts, only more slowly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from towerkit.errors import QueryError, StoreError
from towerkit.store.db import Connection, utcnow
from towerkit.store.integrity import file_error

log = logging.getLogger(__name__)

_SIGNATURE_SQL = """
SELECT count(*)::BIGINT,
       coalesce(sum(hash(doc_id, status, ingested_at, site_id, doc_type) % 1000000007), 0)::BIGINT
FROM documents
"""


FACT_TABLES = ("doc_facts", "site_doc_facts", "site_wide", "lease_effective")
"""Materialized in this order (each later one reads doc_facts), each from its ``<name>_live`` view."""


@dataclass(frozen=True)
class FactsRefresh:
    """What one ``refresh_facts`` call built, and how long it took (end-of-ingest cost)."""

    documents: int
    site_facts: int
    seconds: float


def _one_line(err: BaseException) -> str:
    """The first line of an error's text (DuckDB's run to several), or its class name when empty."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def run_sql(conn: Connection, name: str, sql: str, params: Mapping[str, Any]) -> pl.DataFrame:
    """Run ``sql`` with DuckDB named parameters (values bound, never pasted) into a polars frame.

    Raises:
        QueryError: DuckDB rejected or failed the query (one line naming the query).

    """
    try:
        return conn.execute(sql, dict(params)).pl()
    except duckdb.Error as e:
        raise file_error(conn, e) or QueryError(f"query {name} failed: {_one_line(e)}") from e


def facts_signature(conn: Connection) -> str:
    """A cheap digest of which documents are ingested (about 30 ms at a million documents)."""
    n, h = conn.execute(_SIGNATURE_SQL).fetchone() or (0, 0)
    return f"{n}:{h}"


def facts_stale(conn: Connection) -> bool:
    """True when documents changed since the last ``refresh_facts`` (or it never ran on a non-empty db)."""
    try:
        row = conn.execute("SELECT signature FROM main.facts_state WHERE id = 1").fetchone()
        return (row is None and _has_documents(conn)) or (row is not None and row[0] != facts_signature(conn))
    except duckdb.Error as e:  # an older database without migration 030
        log.debug("facts_state unreadable: %s", _one_line(e))
        return True


def _has_documents(conn: Connection) -> bool:
    """Whether any document is ingested: an empty database needs no facts to be current."""
    row = conn.execute("SELECT count(*) FROM documents WHERE status = 'ingested'").fetchone()
    return bool(row and row[0])


def refresh_facts(conn: Connection) -> FactsRefresh:
    """Rebuild the facts tables (``FACT_TABLES``) from their live views (migrations 030, 031).

    Runs in the caller's transaction when there is one (the ingest writer calls it inside its own),
    so readers never see half-built facts there. Measured at 26.8 s for a million documents (10.4
    million field rows) on two cores: BENCHMARKS.md, "Compliance queries at scale".

    Raises:
        StoreError: DuckDB failed (e.g. the database is read-only).

    """
    started = time.perf_counter()
    try:
        _drop_live_facts(conn)
        for table in FACT_TABLES:
            conn.execute(f"DELETE FROM main.{table}")  # noqa: S608  names from FACT_TABLES, not user input
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM {table}_live")  # noqa: S608  FACT_TABLES
        docs = _count(conn, "main.doc_facts")
        facts = _count(conn, "main.site_doc_facts")
        seconds = time.perf_counter() - started
        conn.execute("DELETE FROM facts_state WHERE id = 1")  # not INSERT OR REPLACE: no keys on a DuckLake store
        conn.execute("INSERT INTO facts_state VALUES (1, ?, ?, ?, ?)", [facts_signature(conn), docs, utcnow(), seconds])
    except duckdb.Error as e:
        raise file_error(conn, e) or StoreError(f"refreshing compliance facts failed: {_one_line(e)}") from e
    log.info("compliance facts refreshed: %d documents, %d site facts in %.2f s", docs, facts, seconds)
    return FactsRefresh(docs, facts, seconds)


def _drop_live_facts(conn: Connection) -> None:
    """Drop this session's temporary facts, so the refreshed tables are what queries read."""
    for table in (*FACT_TABLES, "live_facts_state"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")


def use_live_facts(conn: Connection) -> None:
    """Shadow stale facts tables with session-temporary ones built from the live views.

    Works on read-only connections too (temporary tables live in memory) and DuckDB resolves
    unqualified names to the temporary schema first, so every query and view of this session then
    reads current facts. Costs about one ``refresh_facts``; rebuilt only when documents change again.

    Raises:
        StoreError: DuckDB failed.

    """
    signature = facts_signature(conn)
    try:
        row = conn.execute("SELECT signature FROM temp.live_facts_state").fetchone()
        if row and row[0] == signature:
            return
    except duckdb.Error:
        pass
    try:
        for table in FACT_TABLES:
            conn.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM {table}_live")  # noqa: S608  FACT_TABLES
        conn.execute("CREATE OR REPLACE TEMP TABLE live_facts_state AS SELECT ?::VARCHAR AS signature", [signature])
    except duckdb.Error as e:
        raise StoreError(f"building current compliance facts failed: {_one_line(e)}") from e
    log.warning(
        "compliance facts tables are older than the documents; using facts computed for this "
        "session (run 'towerkit tags' to refresh them for everyone)"
    )


def _count(conn: Connection, table: str) -> int:
    """Rows of ``table``, one of our own fact tables (never a name from input)."""
    row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608  table is one of ours, not input
    return int(row[0]) if row else 0
