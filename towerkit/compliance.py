"""Compliance tags: every ``kind: rule`` query's findings, stored per site for dashboards and alerts.

The ingest writer calls ``refresh_tags(conn)`` at the end of each run, inside its own transaction
(a read-write connection). It first rebuilds the facts tables the rules read (``refresh_facts``),
then runs each rule with ``as_of`` and ``horizon_days`` (other parameters at their declared
defaults) and replaces ``compliance_tags`` with the rows whose ``tag`` is not NULL. Rules may
return informational rows with a NULL tag (e.g. leases without conflicts); those are not tags.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.queries import RULE_COLUMNS, list_queries, today
from towerkit.store.compliance_store import TAG_SCHEMA, replace_tags
from towerkit.store.db import Connection, utcnow
from towerkit.store.query_runner import refresh_facts, run_sql

log = logging.getLogger(__name__)


def compute_tags(
    conn: Connection, as_of: date | None = None, horizon_days: int = 90, folder: Path | None = None
) -> pl.DataFrame:
    """Run every rule query and collect its tagged rows (no writes; facts must be current)."""
    as_of = as_of or today()
    parts = []
    for query in list_queries(folder):
        if query.kind != "rule":
            continue
        given: dict[str, Any] = {}
        names = {p.name for p in query.params}
        if "as_of" in names:
            given["as_of"] = as_of
        if "horizon_days" in names:
            given["horizon_days"] = horizon_days
        frame = run_sql(conn, query.name, query.sql, query.bind(given))
        found = frame.select(RULE_COLUMNS).filter(pl.col("tag").is_not_null())
        parts.append(
            found.with_columns(pl.lit(query.name).alias("query")).select(
                [pl.col(c).cast(t) for c, t in TAG_SCHEMA.items()]
            )
        )
    if not parts:
        return pl.DataFrame(schema=TAG_SCHEMA)
    return pl.concat(parts)


def refresh_tags(
    conn: Connection, as_of: date | None = None, horizon_days: int = 90, folder: Path | None = None
) -> int:
    """Rebuild the facts tables, then replace ``compliance_tags``; returns how many tags were stored.

    Args:
        conn: a read-write connection (the ingest writer's, inside its transaction, is fine).
        as_of: evaluation date; today when None.
        horizon_days: how far ahead "expiring"/"due" rules look.
        folder: the queries folder (default: ``towerkit.queries.queries_dir()``).

    """
    as_of = as_of or today()
    refresh_facts(conn)
    tags = compute_tags(conn, as_of, horizon_days, folder)
    n = replace_tags(conn, tags, as_of, utcnow())
    log.info("compliance tags refreshed: %d tags as of %s", n, as_of)
    return n
