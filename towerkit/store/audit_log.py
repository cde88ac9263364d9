"""The ``audit_log`` table: appending chain entries and reading them back in order.

``append_events`` is called by the single writer inside its open transaction, so an entry and the
rows it describes commit (or roll back) together; it never begins or commits a transaction. The
chain forms live in ``towerkit.audit``; this module only moves rows.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from towerkit.audit import GENESIS, AuditEntry, AuditEvent, canonical_json, entry_hash, plain_json
from towerkit.errors import StoreError
from towerkit.store.db import Connection, utcnow

log = logging.getLogger(__name__)

_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("run_id", pa.string()), ("logged_at", pa.timestamp("us")), ("event", pa.string()),
    ("doc_id", pa.string()), ("file_sha256", pa.string()), ("fields_sha256", pa.string()),
    ("detail", pa.string()), ("prev_hash", pa.string()), ("entry_hash", pa.string()),
])
_COLUMNS = ", ".join(_SCHEMA.names)
READ_CHUNK = 20_000


def chain_head(conn: Connection) -> tuple[int, str]:
    """(last seq, its entry_hash), or (0, GENESIS) for an empty chain."""
    row = conn.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append_events(conn: Connection, events: Sequence[AuditEvent]) -> list[AuditEntry]:
    """Append ``events`` to the chain as gapless entries, inside the caller's transaction.

    Rows are built in Python and inserted as one Arrow frame (one statement per call, whatever the
    batch size). Returns the entries written.
    """
    if not events:
        return []
    seq, prev = chain_head(conn)
    now = utcnow()
    entries: list[AuditEntry] = []
    cols: dict[str, list[Any]] = {name: [] for name in _SCHEMA.names}
    for ev in events:
        seq += 1
        detail = None if ev.detail is None else plain_json(ev.detail)
        draft = AuditEntry(seq, ev.run_id, now, ev.event, ev.doc_id, ev.file_sha256, ev.fields_sha256,
                           detail, prev, "")
        h = entry_hash(prev, draft)
        entries.append(AuditEntry(seq, ev.run_id, now, ev.event, ev.doc_id, ev.file_sha256, ev.fields_sha256,
                                  detail, prev, h))
        for name, value in (("seq", seq), ("run_id", ev.run_id), ("logged_at", now), ("event", ev.event),
                            ("doc_id", ev.doc_id), ("file_sha256", ev.file_sha256),
                            ("fields_sha256", ev.fields_sha256),
                            ("detail", None if detail is None else canonical_json(detail)),
                            ("prev_hash", prev), ("entry_hash", h)):
            cols[name].append(value)
        prev = h
    frame = pa.table(cols, schema=_SCHEMA)
    conn.register("_audit_batch", frame)
    try:
        conn.execute(f"INSERT INTO audit_log ({_COLUMNS}) SELECT {_COLUMNS} FROM _audit_batch")  # noqa: S608
    finally:
        conn.unregister("_audit_batch")
    return entries


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    seq, run_id, logged_at, event, doc_id, file_sha, fields_sha, detail, prev_hash, ehash = row
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            detail = {"__unparseable__": detail}  # hashes will not recompute: reported as altered
    return AuditEntry(int(seq), run_id, logged_at, str(event), doc_id, file_sha, fields_sha, detail,
                      str(prev_hash or ""), str(ehash or ""))


def iter_entries(conn: Connection, where: str = "", params: Sequence[Any] = ()) -> Iterator[AuditEntry]:
    """Entries in seq order, fetched in chunks so memory stays bounded.

    ``where`` is a fixed SQL condition written by this package (never user text); values go in
    ``params``.
    """
    sql = f"SELECT {_COLUMNS} FROM audit_log {('WHERE ' + where) if where else ''} ORDER BY seq"  # noqa: S608
    try:
        cur = conn.cursor()
        cur.execute(sql, list(params))
        while True:
            rows = cur.fetchmany(READ_CHUNK)
            if not rows:
                break
            for r in rows:
                yield _entry(r)
    except duckdb.Error as e:
        raise StoreError(f"reading the audit log failed: {str(e).splitlines()[0]}") from e
