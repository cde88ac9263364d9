"""What one ingest run left that a scheduler or a person acts on: failed and quarantined files, findings."""

from __future__ import annotations

from typing import Any

from towerkit.store.db import Connection


def run_items(conn: Connection, run_id: str) -> dict[str, Any]:
    """The run's start and end, failed and quarantined paths, failed pages, queued reviews and findings."""
    head = conn.execute("SELECT started_at, finished_at FROM runs WHERE run_id = ?", [run_id]).fetchone()
    failed = [
        {"path": p, "reason": r}
        for p, r in conn.execute(
            "SELECT path, reason FROM document_paths WHERE run_id = ? AND outcome = 'failed' ORDER BY path", [run_id]
        ).fetchall()
    ]
    quarantined = [
        {"path": p, "doc_id": d, "reasons": list(r or [])}
        for p, d, r in conn.execute(
            "SELECT dp.path, dp.doc_id, CAST(q.reasons AS JSON)::VARCHAR[] FROM document_paths dp "
            "LEFT JOIN quarantine q USING (doc_id) WHERE dp.run_id = ? AND dp.outcome = 'quarantined' ORDER BY dp.path",
            [run_id],
        ).fetchall()
    ]
    failed_pages = [
        {"path": p, "page": n, "reason": r}
        for p, n, r in conn.execute(
            "SELECT d.path, g.page, g.reason FROM pages g JOIN documents d USING (doc_id) "
            "WHERE d.run_id = ? AND g.reason LIKE 'failed:%' ORDER BY d.path, g.page",
            [run_id],
        ).fetchall()
    ]
    review = conn.execute(
        "SELECT count(*) FROM review_queue q JOIN documents d USING (doc_id) "
        "WHERE d.run_id = ? AND q.status = 'pending'",
        [run_id],
    ).fetchone()
    findings = conn.execute("SELECT count(*) FROM compliance_tags").fetchone()
    return {
        "started_at": head[0] if head else None,
        "finished_at": head[1] if head else None,
        "failed_files": failed,
        "quarantined_files": quarantined,
        "failed_pages": failed_pages,
        "review_queued": int(review[0]) if review else 0,
        "findings": int(findings[0]) if findings else 0,
    }
