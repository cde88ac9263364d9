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

from towerkit.audit.canonical import (
    FIELD_KEYS,
    GENESIS,
    AuditEntry,
    AuditEvent,
    canonical_json,
    chain_hash,
    entry_body,
    fields_digest,
    iso_timestamp,
    plain_json,
)
from towerkit.audit.chain import Problem, VerifyResult, merkle_root, verify_chain
from towerkit.errors import StoreError
from towerkit.store import lake
from towerkit.store.audit_corrections import correction_problems
from towerkit.store.db import Connection, utcnow
from towerkit.store.integrity import check_file, database_path, file_error

log = logging.getLogger(__name__)

_NAMES = (
    "seq",
    "run_id",
    "logged_at",
    "event",
    "doc_id",
    "file_sha256",
    "fields_sha256",
    "detail",
    "prev_hash",
    "entry_hash",
)
_COLUMNS = ", ".join(_NAMES)


def _arrow_schema() -> tuple[Any, Any]:
    """The pyarrow module and the ``audit_log`` frame schema, imported on first append only."""
    # imported here: verify, lineage and bundles never need Arrow, and it costs ~0.3 s of CLI start-up
    import pyarrow as pa  # noqa: PLC0415  optional heavy third-party import, deferred (see above)

    return pa, pa.schema(
        [
            ("seq", pa.int64()),
            ("run_id", pa.string()),
            ("logged_at", pa.timestamp("us")),
            ("event", pa.string()),
            ("doc_id", pa.string()),
            ("file_sha256", pa.string()),
            ("fields_sha256", pa.string()),
            ("detail", pa.string()),
            ("prev_hash", pa.string()),
            ("entry_hash", pa.string()),
        ]
    )


READ_CHUNK = 20_000


def chain_head(conn: Connection) -> tuple[int, str]:
    """(last seq, its entry_hash), or (0, GENESIS) for an empty chain."""
    # max() answers from zone maps and the seq lookup from the primary-key index: ~0.5 ms against
    # ~2 ms for ORDER BY seq DESC LIMIT 1 on a 20k-entry chain, paid once per writer batch.
    top = conn.execute("SELECT max(seq) FROM audit_log").fetchone()
    last = top[0] if top is not None else None
    if last is None:
        return 0, GENESIS
    head = conn.execute("SELECT entry_hash FROM audit_log WHERE seq = ?", [last]).fetchone()
    if head is None:  # max(seq) was just read in the same transaction: the row is there
        raise StoreError(f"audit entry {last} vanished while reading the chain head")
    return int(last), str(head[0])


def append_events(conn: Connection, events: Sequence[AuditEvent]) -> list[AuditEntry]:
    """Append ``events`` to the chain as gapless entries, inside the caller's transaction.

    Rows are built in Python and inserted as one Arrow frame (one statement per call, whatever the
    batch size). Returns the entries written.
    """
    if not events:
        return []
    seq, prev = chain_head(conn)
    now = utcnow()
    stamp = iso_timestamp(now)
    entries: list[AuditEntry] = []
    cols: dict[str, list[Any]] = {name: [] for name in _NAMES}
    for ev in events:
        seq += 1
        detail = None if ev.detail is None else plain_json(ev.detail)
        detail_json = canonical_json(detail)
        body = entry_body(seq, ev.run_id, stamp, ev.event, ev.doc_id, ev.file_sha256, ev.fields_sha256, detail_json)
        h = chain_hash(prev, body)
        entries.append(
            AuditEntry(seq, ev.run_id, now, ev.event, ev.doc_id, ev.file_sha256, ev.fields_sha256, detail, prev, h)
        )
        for name, value in (
            ("seq", seq),
            ("run_id", ev.run_id),
            ("logged_at", now),
            ("event", ev.event),
            ("doc_id", ev.doc_id),
            ("file_sha256", ev.file_sha256),
            ("fields_sha256", ev.fields_sha256),
            ("detail", None if detail is None else detail_json),
            ("prev_hash", prev),
            ("entry_hash", h),
        ):
            cols[name].append(value)
        prev = h
    pa, schema = _arrow_schema()
    frame = pa.table(cols, schema=schema)
    conn.register("_audit_batch", frame)
    try:
        conn.execute(f"INSERT INTO audit_log ({_COLUMNS}) SELECT {_COLUMNS} FROM _audit_batch")  # noqa: S608
    finally:
        conn.unregister("_audit_batch")
    return entries


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    """An ``AuditEntry`` from a row selected in ``_NAMES`` order, ``detail`` parsed from its JSON."""
    seq, run_id, logged_at, event, doc_id, file_sha, fields_sha, detail, prev_hash, ehash = row
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            detail = {"__unparseable__": detail}  # hashes will not recompute: reported as altered
    return AuditEntry(
        int(seq),
        run_id,
        logged_at,
        str(event),
        doc_id,
        file_sha,
        fields_sha,
        detail,
        str(prev_hash or ""),
        str(ehash or ""),
    )


def iter_entries(conn: Connection, where: str = "", params: Sequence[Any] = ()) -> Iterator[AuditEntry]:
    """Entries in seq order, fetched in chunks so memory stays bounded.

    ``where`` is a fixed SQL condition written by this package (never user text); values go in
    ``params``.
    """
    sql = f"SELECT {_COLUMNS} FROM audit_log {('WHERE ' + where) if where else ''} ORDER BY seq"  # noqa: S608
    try:
        cur = lake.cursor(conn)
        cur.execute(sql, list(params))
        while True:
            rows = cur.fetchmany(READ_CHUNK)
            if not rows:
                break
            for r in rows:
                yield _entry(r)
    except duckdb.Error as e:
        raise file_error(conn, e) or StoreError(f"reading the audit log failed: {str(e).splitlines()[0]}") from e


# -- verification against the data --------------------------------------------------------------
def _short(doc_id: str | None) -> str:
    """A doc id cut to 12 characters for a problem line."""
    return f"{doc_id[:12]}…" if doc_id else "?"


def iter_doc_fields(
    conn: Connection, doc_ids: Sequence[str] | None = None
) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(doc_id, its ``fields`` rows in FIELD_KEYS order) per document, streamed in doc_id order."""
    cols = ", ".join(FIELD_KEYS)
    where = "WHERE list_contains(?, doc_id)" if doc_ids is not None else ""
    cur = lake.cursor(conn)
    cur.execute(
        f"SELECT doc_id, {cols} FROM fields {where} ORDER BY doc_id",  # noqa: S608 (fixed names)
        [list(doc_ids)] if doc_ids is not None else [],
    )
    current: str | None = None
    rows: list[tuple[Any, ...]] = []
    while True:
        chunk = cur.fetchmany(READ_CHUNK)
        if not chunk:
            break
        for r in chunk:
            if r[0] != current:
                if current is not None:
                    yield current, rows
                current, rows = r[0], []
            rows.append(tuple(r[1:]))
    if current is not None:
        yield current, rows


def stored_fields_digest(conn: Connection, doc_id: str) -> str:
    """The fields digest of a document's current ``fields`` rows (of no rows, if it has none).

    Read on ``conn`` itself, not a cursor: a cursor is a second connection and would not see the
    rows the caller's open transaction just wrote.
    """
    rows = conn.execute(
        f"SELECT {', '.join(FIELD_KEYS)} FROM fields WHERE doc_id = ?",  # noqa: S608 (fixed names)
        [doc_id],
    ).fetchall()
    return fields_digest(rows)


def _file_hash_problems(conn: Connection, limit: int) -> list[Problem]:
    """Entries naming a content whose document is gone, or is stored under another hash.

    A ``duplicate`` entry may name content still in flight when a run was killed (stored by the
    re-run), so only its hash, not its presence, is checked; the content's own ``document`` entry
    covers presence.
    """
    problems: list[Problem] = []
    for seq, doc_id, _file_sha, stored in conn.execute(
        """SELECT a.seq, a.doc_id, a.file_sha256, d.sha256
           FROM audit_log a LEFT JOIN documents d ON d.doc_id = a.doc_id
           WHERE a.doc_id IS NOT NULL AND a.file_sha256 IS NOT NULL
             AND ((d.doc_id IS NULL AND a.event <> 'duplicate')
                  OR d.sha256 <> a.file_sha256 OR d.doc_id <> a.file_sha256)
           ORDER BY a.seq LIMIT ?""",
        [limit],
    ).fetchall():
        what = (
            "is missing from documents"
            if stored is None
            else f"has sha256 {stored[:12]}… in documents, not the file_sha256 recorded"
        )
        problems.append(Problem(int(seq), f"document {_short(doc_id)} {what}"))
    return problems


def _uncovered_document_problems(conn: Connection, limit: int) -> list[Problem]:
    """Documents no entry names: rows inserted behind the chain's back."""
    return [
        Problem(None, f"document {_short(doc_id)} is not covered by any audit entry (inserted?)")
        for (doc_id,) in conn.execute(
            """SELECT d.doc_id FROM documents d
               WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.doc_id = d.doc_id)
               ORDER BY d.doc_id LIMIT ?""",
            [limit],
        ).fetchall()
    ]


def _latest_fields_digests(conn: Connection) -> dict[str, tuple[int, str]]:
    """Per document, (seq, fields_sha256) of the LATEST entry carrying a fields digest for it."""
    return {
        doc_id: (int(seq), digest)
        for doc_id, seq, digest in conn.execute(
            """SELECT doc_id, max(seq), arg_max(fields_sha256, seq) FROM audit_log
               WHERE doc_id IS NOT NULL AND fields_sha256 IS NOT NULL GROUP BY doc_id"""
        ).fetchall()
    }


def _fields_digest_problems(
    conn: Connection, latest: dict[str, tuple[int, str]], budget: int
) -> tuple[list[Problem], set[str], bool]:
    """A document's current ``fields`` rows against the latest digest recorded for them.

    Stops once ``budget`` problems are found (checked after each document, so a budget of 0 or
    less stops after the first one).

    Returns:
        The problems, the doc ids whose rows were read, and whether every document was read.

    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for doc_id, rows in iter_doc_fields(conn):
        seen.add(doc_id)
        if doc_id not in latest:
            problems.append(Problem(None, f"fields of doc {_short(doc_id)} are not covered by any audit entry"))
        elif fields_digest(rows) != latest[doc_id][1]:
            problems.append(Problem(latest[doc_id][0], f"fields of doc {_short(doc_id)} do not match fields_sha256"))
        if len(problems) >= budget:
            return problems, seen, False
    return problems, seen, True


def _deleted_fields_problems(latest: dict[str, tuple[int, str]], seen: set[str]) -> list[Problem]:
    """Documents whose latest digest covers fields, none of which are left in ``fields``."""
    empty = fields_digest([])
    return [
        Problem(seq, f"fields of doc {_short(doc_id)} do not match fields_sha256 (rows deleted)")
        for doc_id, (seq, digest) in latest.items()
        if doc_id not in seen and digest != empty
    ]


def _unended_run_problems(conn: Connection) -> list[Problem]:
    """Finished runs without their ``run_end`` entry: the chain was cut short."""
    return [
        Problem(None, f"run {run_id} is finished but has no run_end entry (chain truncated?)")
        for (run_id,) in conn.execute(
            """SELECT r.run_id FROM runs r WHERE r.finished_at IS NOT NULL AND NOT EXISTS
               (SELECT 1 FROM audit_log a WHERE a.run_id = r.run_id AND a.event = 'run_end') ORDER BY r.started_at"""
        ).fetchall()
    ]


def _merkle_root_problems(conn: Connection) -> list[Problem]:
    """``run_end`` entries whose recorded Merkle root no longer covers the run's entries."""
    problems: list[Problem] = []
    for seq, run_id, detail in conn.execute(
        "SELECT seq, run_id, detail FROM audit_log WHERE event = 'run_end' ORDER BY seq"
    ).fetchall():
        claimed = json.loads(detail).get("merkle_root") if isinstance(detail, str) else None
        if claimed is None:
            continue
        hashes = [
            h
            for (h,) in conn.execute(
                "SELECT entry_hash FROM audit_log WHERE run_id = ? AND seq < ? ORDER BY seq", [run_id, seq]
            ).fetchall()
        ]
        if merkle_root(hashes) != claimed:
            problems.append(Problem(int(seq), f"merkle_root of run {run_id} does not match its entries"))
    return problems


def _data_problems(conn: Connection, limit: int) -> list[Problem]:
    """Documents, fields and runs that no longer match the entries describing them.

    Each check reads at most about ``limit`` rows; once the fields check reaches ``limit`` problems
    in all, the checks after it are skipped.
    """
    problems = _file_hash_problems(conn, limit)
    problems += _uncovered_document_problems(conn, limit)
    latest = _latest_fields_digests(conn)
    found, seen, complete = _fields_digest_problems(conn, latest, limit - len(problems))
    problems += found
    if not complete:
        return problems
    problems += _deleted_fields_problems(latest, seen)
    problems += _unended_run_problems(conn)
    problems += _merkle_root_problems(conn)
    problems += correction_problems(conn, limit)
    return problems


def verify_db(conn: Connection, *, max_problems: int = 50) -> VerifyResult:
    """Recompute the chain, then check documents and fields against the entries covering them.

    Problems come sorted by entry (those tied to no entry last); the first is the one to report.
    """
    path = database_path(conn)
    if path is not None and path.is_file():
        check_file(conn, path)  # a damaged block anywhere, not only in the tables the checks read
    try:
        chain = verify_chain(iter_entries(conn))
        problems = list(chain.problems) + _data_problems(conn, max_problems)
    except duckdb.Error as e:
        raise file_error(conn, e) or StoreError(f"audit verification failed: {str(e).splitlines()[0]}") from e
    problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return VerifyResult(chain.entries, chain.head, tuple(problems[:max_problems]))
