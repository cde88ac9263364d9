"""The last lines of every report: which audit chain, which database snapshot, which catalog it rests on.

A printed report outlives the database it was read from. Its footer names the audit chain's head
hash and entry count (what ``towerkit audit verify`` prints), the database file with its size and
the last run it had seen, and the sha256 of the field catalog in force, so a reader can tell whether
two reports describe the same data and check either against the chain later.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from towerkit.errors import TowerkitError
from towerkit.fields import load_catalog
from towerkit.reports.data import reading
from towerkit.store import Connection
from towerkit.store.audit_log import chain_head, verify_db
from towerkit.store.db import db_label
from towerkit.store.lake import is_lake, snapshot_id

LAST_RUN_SQL = """
SELECT run_id, finished_at, json_extract_string(manifest, '$.catalog_sha256') AS catalog_sha256
FROM runs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, run_id DESC LIMIT 1
"""
HAS_USER_CATALOGS_SQL = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'user_catalogs'"
USER_CATALOG_SQL = "SELECT path, sha256 FROM user_catalogs ORDER BY recorded_at DESC LIMIT 1"
MIB = 1024 * 1024
"""Sizes from this up are printed in MiB, smaller ones in KiB: a database is rarely under a megabyte."""


@dataclass(frozen=True)
class ReportFooter:
    """What a report was read from, as its footer prints it."""

    audit_ok: bool | None
    """True: the chain and the data it covers verified; False: a problem (``audit_problem``); None: not verified."""
    audit_entries: int
    audit_head: str
    """The last entry's hash (64 hex; the genesis hash of zeros for an empty chain)."""
    audit_problem: str | None
    db_path: str
    db_bytes: int | None
    snapshot: int | None
    """The DuckLake snapshot read (``towerkit report --snapshot`` reads it again); None on a DuckDB file."""
    last_run_id: str | None
    last_run_finished_at: datetime | None
    catalog_sha256: str
    catalog_source: str
    """Where ``catalog_sha256`` comes from: the last run's manifest, else the packaged catalog."""
    user_catalog: tuple[str, str] | None
    """The user catalog recorded last (path, sha256 of the file), if one was taught."""
    read_at: datetime

    def audit_text(self) -> str:
        """The chain's state in a few words, said once (``intact``, ``BROKEN: ...``, ``not verified``)."""
        if self.audit_ok is None:
            return "not verified by this report (head read only; `towerkit audit verify` checks it)"
        return "intact" if self.audit_ok else f"BROKEN: {self.audit_problem}"

    def size_text(self) -> str:
        """The file size in KiB or MiB."""
        if self.db_bytes is None:
            return "size unknown"
        if self.db_bytes >= MIB:
            return f"{self.db_bytes / MIB:,.1f} MiB"
        return f"{self.db_bytes / 1024:,.0f} KiB"

    def where_text(self) -> str:
        """The file's size, or for a DuckLake store the snapshot read."""
        return self.size_text() if self.snapshot is None else f"snapshot {self.snapshot}"

    def as_json(self) -> dict[str, Any]:
        """Every attribute, timestamps as ISO-8601 UTC, for a report's glued summary."""
        out = asdict(self)
        for key in ("last_run_finished_at", "read_at"):
            out[key] = _iso(out[key])
        out["user_catalog"] = list(self.user_catalog) if self.user_catalog else None
        return out

    def _repr_html_(self) -> str:
        e = html.escape
        run = (
            f"last run <code>{e(self.last_run_id)}</code> finished {e(_iso(self.last_run_finished_at) or '?')}"
            if self.last_run_id
            else "no finished run"
        )
        user = ""
        if self.user_catalog:
            path, sha = self.user_catalog
            user = f" · user catalog <code>{e(path)}</code> (file sha256 <code>{e(sha)}</code>)"
        lines = [
            (
                f"<b>Audit chain</b> {e(self.audit_text())} · {self.audit_entries} entries · "
                f'head <code class="audit-head">{e(self.audit_head)}</code>'
            ),
            f"<b>Database</b> <code>{e(self.db_path)}</code> · {e(self.where_text())} · {run}",
            f"<b>Catalog</b> sha256 <code>{e(self.catalog_sha256)}</code> ({e(self.catalog_source)}){user}",
            f"Read {e(_iso(self.read_at) or '')}",
        ]
        body = "".join(f"<p style='margin: 0.2em 0'>{line}</p>" for line in lines)
        return (
            f'<footer class="towerkit-footer" data-audit-head="{e(self.audit_head)}" '
            f'data-audit-entries="{self.audit_entries}" '
            'style="border-top: 1px solid #999; margin-top: 2em; padding-top: 0.5em; font-size: 0.85em; '
            f'color: #333; overflow-wrap: anywhere">{body}</footer>'
        )


def _iso(value: datetime | None) -> str | None:
    """A stored timestamp (naive UTC, as DuckDB keeps them) as ISO-8601 with its zone."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def db_size(db: str | Path) -> int | None:
    """The database file's size in bytes (None for a database that is not a local file)."""
    try:
        return Path(db).stat().st_size
    except OSError:
        return None


def read_footer(conn: Connection, db: str | Path, *, verify: bool = True) -> ReportFooter:
    """The footer of a report reading ``db`` through ``conn``.

    Args:
        conn: an open connection (read-only is enough).
        db: the file ``conn`` was opened on, named and measured in the footer.
        verify: run the full audit verification (``towerkit audit verify``); otherwise only read the
            chain's head, which costs two lookups instead of a pass over every entry.

    """
    problem: str | None = None
    ok: bool | None = None
    if verify:
        try:
            result = verify_db(conn)
            entries, head, ok = result.entries, result.head, result.ok
            problem = None if result.ok else str(result)
        except TowerkitError as e:
            entries, head = chain_head(conn)
            ok, problem = False, str(e)
    else:
        entries, head = chain_head(conn)
    row = conn.execute(LAST_RUN_SQL).fetchone()
    run_id, finished, run_catalog = (row[0], row[1], row[2]) if row else (None, None, None)
    user: tuple[str, str] | None = None
    (has_user,) = conn.execute(HAS_USER_CATALOGS_SQL).fetchone() or (0,)
    if has_user:
        found = conn.execute(USER_CATALOG_SQL).fetchone()
        user = (str(found[0]), str(found[1])) if found else None
    if run_catalog:
        catalog, source = str(run_catalog), f"the catalog run {run_id} extracted with"
    else:
        catalog, source = load_catalog().digest, "the packaged catalog: no run recorded one"
    return ReportFooter(
        audit_ok=ok,
        audit_entries=int(entries),
        audit_head=str(head),
        audit_problem=problem,
        db_path=db_label(db) if is_lake(db) else str(Path(db).resolve()),
        db_bytes=None if is_lake(db) else db_size(db),
        snapshot=snapshot_id(conn),
        last_run_id=run_id,
        last_run_finished_at=finished,
        catalog_sha256=catalog,
        catalog_source=source,
        user_catalog=user,
        read_at=datetime.now(UTC),
    )


def load_footer(db: str | Path, *, verify: bool = True, wait_s: float | None = None) -> ReportFooter:
    """``read_footer`` in its own short read-only visit, for a report that does not hold a connection."""
    with reading(db, wait_s) as conn:
        return read_footer(conn, db, verify=verify)
