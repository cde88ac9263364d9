"""Checking the ``corrections`` table against the audit chain (part of ``towerkit audit verify``)."""

from __future__ import annotations

from towerkit.audit.canonical import CORRECTION_KEYS, correction_digest
from towerkit.audit.chain import Problem
from towerkit.store.db import Connection

_CORRECTION_SQL = f"""
SELECT c.correction_id, {", ".join("c." + k for k in CORRECTION_KEYS if k != "correction_id")}, c.record_sha256,
       a.seq, json_extract_string(a.detail, '$.record_sha256') AS logged
FROM corrections c
FULL OUTER JOIN (SELECT seq, detail, CAST(json_extract(detail, '$.correction_id') AS INTEGER) AS cid
                 FROM audit_log WHERE event = 'corrected') a ON a.cid = c.correction_id
ORDER BY coalesce(a.seq, 0), c.correction_id LIMIT ?
"""  # noqa: S608 (fixed column names)


def correction_problems(conn: Connection, limit: int) -> list[Problem]:
    """Corrections edited, inserted or deleted behind the chain's back.

    Each ``corrected`` entry carries the hash of its correction record; the row is hashed again
    here from its columns, so changing a corrected value, its author or its time is detected even
    when the edit also rewrote ``record_sha256``.
    """
    problems: list[Problem] = []
    names = ("correction_id", *(k for k in CORRECTION_KEYS if k != "correction_id"))
    for row in conn.execute(_CORRECTION_SQL, [limit]).fetchall():
        record = dict(zip(names, row[: len(names)], strict=True))
        stored, seq, logged = row[len(names) :]
        cid = record["correction_id"]
        if cid is None:
            problems.append(Problem(int(seq), "a correction recorded in the chain is missing from corrections"))
        elif seq is None:
            problems.append(Problem(None, f"correction {cid} is not covered by any audit entry (inserted?)"))
        elif correction_digest(record) != logged or stored != logged:
            problems.append(Problem(int(seq), f"correction {cid} does not match the record_sha256 in the chain"))
    return problems
