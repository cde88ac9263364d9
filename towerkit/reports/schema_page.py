"""docs/schema.md, written from the comments the database carries (migration 060).

The page is generated, never edited: the comments are the one source, so a DuckDB client and the
page say the same thing, and ``tests/test_schema_doc.py`` fails when the committed page and a freshly
migrated database differ. Regenerate with ``python -m towerkit.reports.schema_page > docs/schema.md``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from towerkit.store.schema_doc import ColumnDoc, RelationDoc, fresh_schema_docs

REGENERATE = "python -m towerkit.reports.schema_page > docs/schema.md"
"""The command the page names for regenerating itself."""

_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.(?:\s|$)")

_INTRO = """\
# Database schema reference

<!-- Generated from the database's own comments by `REGENERATE`. Do not edit: change the
comments in a migration (towerkit/store/migrations/060_comments.sql) and regenerate;
tests/test_schema_doc.py fails when this page and a freshly migrated database differ. -->

Every table, view and column of a towerkit database carries a comment saying what a value means,
its unit and which command writes it. The comments live in the database file (migration
`060_comments.sql`), so any DuckDB client shows the same text as this page:

```sql
SELECT table_name, comment FROM duckdb_tables();
SELECT view_name, comment FROM duckdb_views();
SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = 'documents';
```

An older database gets the comments the first time a command opens it for writing: migrations are
applied in place, in order, and the data is kept.

Conventions throughout: timestamps are UTC, stored without a time zone; boxes (`x0`, `top`, `x1`,
`bottom`) are PDF points (1/72 inch) from the page's top-left corner, OCR boxes included; pages are
numbered from 1; `doc_id` is the sha256 of the file's content. Field values are normalised: dates
`YYYY-MM-DD`, heights in feet, money in US dollars, percentages as plain numbers, coordinates in
decimal degrees, enumerations lowercase.

**Views.** DuckDB 1.5 supports `COMMENT ON VIEW` and `COMMENT ON COLUMN` on a view's columns, and
keeps both in the file (checked on DuckDB 1.5.5), so views are documented here like tables. A view
recreated with `CREATE OR REPLACE VIEW` loses its comments: a migration that redefines a view must
repeat them (tests/test_schema_doc.py catches a forgotten one). The `*_live` views compute the facts tables
on every read; `refresh_facts` copies them into the tables of the same name without `_live`, which
the compliance queries read. What each command does is in [cli.md](cli.md); failed-file reasons
(`documents.error_kind`, `document_paths.reason`) are explained in
[troubleshooting.md](troubleshooting.md).
""".replace("REGENERATE", REGENERATE)


def _cell(text: str) -> str:
    """Text safe inside Markdown (a ``|`` would end a table cell, ``<db stem>`` would vanish as HTML)."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _summary(comment: str | None) -> str:
    """The comment's first sentence, for the contents table."""
    if not comment:
        return "(no comment)"
    m = _SENTENCE_END.search(comment)
    return comment if m is None else comment[: m.start() + 1]


def _type(col: ColumnDoc) -> str:
    notes = ["key"] if col.key else ([] if col.nullable else ["not null"])
    return f"`{col.data_type}`" + (f" ({', '.join(notes)})" if notes else "")


def render_schema_page(relations: Sequence[RelationDoc]) -> str:
    """The Markdown page: a contents table, then each table and view with its columns."""
    out = [_INTRO, "## Contents", "", "| name | kind | what it holds |", "| --- | --- | --- |"]
    out += [f"| [{r.name}](#{r.name}) | {r.kind} | {_cell(_summary(r.comment))} |" for r in relations]
    for r in relations:
        out += ["", f"## {r.name}", "", f"*{r.kind}*. {_cell(r.comment or '(no comment)')}", ""]
        out += ["| column | type | meaning |", "| --- | --- | --- |"]
        out += [f"| `{c.name}` | {_type(c)} | {_cell(c.comment or '(no comment)')} |" for c in r.columns]
    return "\n".join(out) + "\n"


def schema_page() -> str:
    """The page for the schema this towerkit creates (a fresh in-memory database, every migration)."""
    return render_schema_page(fresh_schema_docs())


def main() -> None:
    """Print the page (``python -m towerkit.reports.schema_page > docs/schema.md``)."""
    sys.stdout.write(schema_page())


if __name__ == "__main__":
    main()
