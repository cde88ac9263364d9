# ruff: noqa: S101, PLR2004, INP001
"""The schema reference: every table, view and column commented in the database; docs/schema.md made from it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from towerkit.reports.schema_page import REGENERATE, render_schema_page, schema_page
from towerkit.store.db import connect, migration_files
from towerkit.store.schema_doc import ColumnDoc, RelationDoc, fresh_schema_docs, read_schema_docs

ROOT = Path(__file__).resolve().parents[1]
COMMENTS_VERSION = 60


def test_every_table_view_and_column_has_a_comment() -> None:
    """A fresh database documents itself: no table, view or column without a comment."""
    relations = fresh_schema_docs()
    names = {r.name for r in relations}
    assert {"documents", "document_paths", "fields", "audit_log", "site_facts", "kv_pairs", "corrections"} <= names
    assert {r.kind for r in relations} == {"table", "view"}
    bare = [r.name for r in relations if not (r.comment or "").strip()]
    bare += [f"{r.name}.{c.name}" for r in relations for c in r.columns if not (c.comment or "").strip()]
    assert bare == []
    assert sum(len(r.columns) for r in relations) > 300


def test_committed_page_equals_the_generated_one() -> None:
    """docs/schema.md cannot drift from the comments: regenerate it when a migration changes them."""
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_page(), f"docs/schema.md is stale: {REGENERATE}"


def test_page_lists_every_column_with_its_meaning() -> None:
    """Each relation has a section and each of its columns a row carrying the comment."""
    page = schema_page()
    for r in fresh_schema_docs():
        assert f"\n## {r.name}\n" in page
        assert f"| [{r.name}](#{r.name}) | {r.kind} |" in page
        for c in r.columns:
            assert f"| `{c.name}` | `{c.data_type}`" in page
    assert "| `doc_id` | `VARCHAR` (key) | The content's sha256" in page


def test_renderer_keeps_table_cells_intact() -> None:
    """A pipe or an angle bracket in a comment cannot break the Markdown table."""
    col = ColumnDoc("c", "INTEGER", nullable=False, key=False, comment="x || y <z>")
    rel = RelationDoc("t", "view", "A | B. Then <more>.", (col,))
    page = render_schema_page([rel])
    assert "| [t](#t) | view | A \\| B. |" in page
    assert "| `c` | `INTEGER` (not null) | x \\|\\| y &lt;z&gt; |" in page


def test_older_database_upgraded_in_place_gets_the_comments(tmp_path: Path) -> None:
    """A database made before migration 060 gains every comment on its next write open, data kept."""
    db = tmp_path / "old.duckdb"
    conn = connect(db, migrate=False)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    now = datetime.now(UTC).replace(tzinfo=None)
    for version, name, sql in migration_files():
        if version < COMMENTS_VERSION:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, now])
    conn.execute("INSERT INTO documents (doc_id, sha256, path, status) VALUES ('d1', 'd1', '/x.pdf', 'failed')")
    before = read_schema_docs(conn)
    conn.close()
    assert all(c.comment is None for r in before for c in r.columns if r.name == "documents")

    conn = connect(db)
    try:
        after = read_schema_docs(conn)
        assert conn.execute("SELECT count(*) FROM documents WHERE doc_id = 'd1'").fetchone() == (1,)
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] >= COMMENTS_VERSION
    finally:
        conn.close()
    assert [r.name for r in after] == [r.name for r in fresh_schema_docs()]
    assert all(r.comment and all(c.comment for c in r.columns) for r in after)

    reopened = connect(db, read_only=True)
    try:
        docs = {r.name: r for r in read_schema_docs(reopened)}
    finally:
        reopened.close()
    assert docs["documents"].comment is not None
    assert docs["documents"].comment.startswith("One row per distinct file content")
    assert docs["site_facts"].columns[0].comment
