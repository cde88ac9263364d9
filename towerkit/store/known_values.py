"""The values a parameter may name, as the database holds them: zones, sites, issuers, templates."""

from __future__ import annotations

from towerkit.store.db import Connection

COLUMNS = {
    "zone": "SELECT DISTINCT zone FROM documents WHERE zone IS NOT NULL",
    "site_id": "SELECT DISTINCT site_id FROM documents WHERE site_id IS NOT NULL",
    "issuer": "SELECT DISTINCT issuer FROM documents WHERE issuer IS NOT NULL",
    "template_id": "SELECT template_id FROM templates",
    "doc_type": "SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL",
}
"""What each checkable name reads; fixed SQL, so no user text reaches a statement."""


def distinct_values(conn: Connection, kind: str) -> list[str]:
    """Every value of ``kind`` (a key of ``COLUMNS``) the database holds, sorted."""
    return sorted(str(r[0]) for r in conn.execute(COLUMNS[kind]).fetchall())
