"""The rows coverage and teaching read and write: expected fields, unmapped labels, the user catalog.

SQL only. What a label's values look like and which field they belong to is decided in
``towerkit.review``; the per-field coverage itself is ``queries/coverage.sql``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import polars as pl

from towerkit.errors import StoreError
from towerkit.store.db import Connection, utcnow

GROUP_COLUMNS = {"doc_type": "d.doc_type", "template": "d.template_id", "issuer": "d.issuer", "zone": "d.zone"}
"""What each ``--by`` groups ingested documents by (a fixed set: never user text in SQL)."""

SAMPLE_VALUES = 20
"""Values read per unmapped label to judge what they look like: enough to outvote a stray misread."""


def _err(e: duckdb.Error) -> StoreError:
    text = str(e).strip()
    return StoreError(f"database: {text.splitlines()[0] if text else type(e).__name__}")


def replace_catalog_fields(conn: Connection, rows: Sequence[tuple[str, str, bool, str]]) -> None:
    """Replace ``catalog_fields`` with ``(doc_type, field, critical, catalog_sha256)`` rows (caller's transaction)."""
    try:
        conn.execute("DELETE FROM catalog_fields")
        if rows:
            conn.executemany("INSERT INTO catalog_fields VALUES (?, ?, ?, ?)", [list(r) for r in rows])
    except duckdb.Error as e:
        raise _err(e) from e


def catalog_field_count(conn: Connection) -> int:
    """Rows in ``catalog_fields``: none means no catalog was recorded in this database yet."""
    row = conn.execute("SELECT count(*) FROM catalog_fields").fetchone()
    return int(row[0]) if row else 0


def ingested_count(conn: Connection) -> int:
    """Documents with status ``ingested``: what coverage counts."""
    row = conn.execute("SELECT count(*) FROM documents WHERE status = 'ingested'").fetchone()
    return int(row[0]) if row else 0


def unmapped_labels(conn: Connection, by: str, per_group: int) -> pl.DataFrame:
    """Per (group, printed label) of ingested documents, the labels no field took.

    Columns: ``group_id, label, documents, doc_types, example_value, example_doc, values`` (up to
    ``SAMPLE_VALUES`` values, one per document); at most ``per_group`` labels per group, most
    documents first.
    """
    group = GROUP_COLUMNS[by]
    sql = f"""
    WITH pairs AS (
        SELECT coalesce({group}, 'unknown') AS group_id, d.doc_type, k.doc_id, trim(k.label) AS label,
               trim(k.value) AS value, k.pair_no
        FROM kv_pairs k JOIN documents d USING (doc_id)
        WHERE d.status = 'ingested' AND k.field IS NULL AND trim(coalesce(k.label, '')) <> ''
          AND trim(coalesce(k.value, '')) <> ''
    ),
    per_doc AS (  -- one pair per document and label: the first printed
        SELECT * FROM pairs QUALIFY row_number() OVER (PARTITION BY group_id, label, doc_id ORDER BY pair_no) = 1
    ),
    labels AS (
        SELECT group_id, label, count(*) AS documents,
               list(DISTINCT doc_type ORDER BY doc_type) FILTER (WHERE doc_type IS NOT NULL) AS doc_types,
               arg_min(value, doc_id) AS example_value, min(doc_id) AS example_doc
        FROM per_doc GROUP BY group_id, label
        QUALIFY row_number() OVER (PARTITION BY group_id ORDER BY count(*) DESC, label) <= $per_group
    ),
    samples AS (
        SELECT group_id, label, list(value ORDER BY doc_id) AS "values"
        FROM (SELECT * FROM per_doc
              QUALIFY row_number() OVER (PARTITION BY group_id, label ORDER BY doc_id) <= {SAMPLE_VALUES})
        GROUP BY group_id, label
    )
    SELECT l.group_id, l.label, l.documents, coalesce(l.doc_types, CAST([] AS VARCHAR[])) AS doc_types,
           l.example_value, l.example_doc, s."values"
    FROM labels l JOIN samples s USING (group_id, label)
    ORDER BY l.group_id, l.documents DESC, l.label
    """  # noqa: S608  the group expression comes from GROUP_COLUMNS, never from the user
    try:
        return conn.execute(sql, {"per_group": per_group}).pl()
    except duckdb.Error as e:
        raise _err(e) from e


def documents_lacking(conn: Connection, by: str, candidates: pl.DataFrame) -> pl.DataFrame:
    """For each ``(group_id, label, field)`` candidate: how many documents printing the label lack the field.

    A document lacks a field when no row in force gives it a value that normalised.
    """
    if candidates.is_empty():
        return candidates.with_columns(pl.lit(0, dtype=pl.Int64).alias("lacking"))
    group = GROUP_COLUMNS[by]
    conn.register("coverage_candidates", candidates.select("group_id", "label", "field").to_arrow())
    sql = f"""
    WITH label_docs AS (
        SELECT DISTINCT coalesce({group}, 'unknown') AS group_id, trim(k.label) AS label, k.doc_id
        FROM kv_pairs k JOIN documents d USING (doc_id)
        WHERE d.status = 'ingested' AND k.field IS NULL
          AND trim(k.label) IN (SELECT label FROM coverage_candidates)
    )
    SELECT c.group_id, c.label, c.field,
           count(ld.doc_id) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM fields f WHERE f.doc_id = ld.doc_id AND f.field = c.field
                 AND f.value IS NOT NULL AND f.error IS NULL)) AS lacking
    FROM coverage_candidates c
    LEFT JOIN label_docs ld ON ld.group_id = c.group_id AND ld.label = c.label
    GROUP BY c.group_id, c.label, c.field
    """  # noqa: S608  the group expression comes from GROUP_COLUMNS, never from the user
    try:
        return conn.execute(sql).pl()
    except duckdb.Error as e:
        raise _err(e) from e
    finally:
        conn.unregister("coverage_candidates")


def field_ranges(conn: Connection) -> dict[str, tuple[Any, Any, Any, Any]]:
    """Each field's range over the values found: ``(min_num, max_num, min_date, max_date)``."""
    rows = conn.execute(
        """SELECT field, min(value_num), max(value_num), min(value_date), max(value_date)
           FROM fields WHERE value IS NOT NULL AND error IS NULL GROUP BY field"""
    ).fetchall()
    return {str(r[0]): (r[1], r[2], r[3], r[4]) for r in rows}


def record_user_catalog_row(conn: Connection, path: str, sha256: str, by: str | None) -> bool:
    """Add a ``user_catalogs`` row unless the latest for ``path`` has the same sha256; True when added."""
    try:
        row = conn.execute(
            "SELECT sha256 FROM user_catalogs WHERE path = ? ORDER BY recorded_at DESC LIMIT 1", [path]
        ).fetchone()
        if row is not None and row[0] == sha256:
            return False
        conn.execute("INSERT INTO user_catalogs VALUES (?, ?, ?, ?)", [path, sha256, utcnow(), by])
    except duckdb.Error as e:
        raise _err(e) from e
    return True


def latest_user_catalog(conn: Connection) -> tuple[str, str] | None:
    """The user catalog recorded last, ``(path, sha256)``, or None when none was."""
    row = conn.execute("SELECT path, sha256 FROM user_catalogs ORDER BY recorded_at DESC LIMIT 1").fetchone()
    return (str(row[0]), str(row[1])) if row else None
