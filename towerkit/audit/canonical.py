"""The audit trail's canonical forms: the exact bytes a fields digest and a chain entry hash cover.

No database here: ``towerkit.store.audit_log`` reads and writes rows, this module only decides
what the bytes are and whether they still add up, so an evidence bundle can be re-verified offline
by the same code (or by any reimplementation of the forms documented below).

Canonical fields (``canonical_fields``, format ``towerkit-fields/1``)
    A document's fields are reduced to plain rows ``(field, value, raw_text, page, value_num,
    value_date, x0, top, x1, bottom)``, the same tuple a ``FieldValue`` or a ``fields`` table row
    gives (``field_row``). Rows are sorted by that tuple, ``None`` before any value. Each row
    becomes a JSON object with exactly those ten keys; floats are written as Python's shortest
    round-trip ``repr`` (``1.0``, never ``1``), dates as ``YYYY-MM-DD``, absent values as
    ``null`` (except raw_text, which a FieldValue always has: a NULL raw_text counts as ``""``).
    The whole is ``{"fields":[...],"format":"towerkit-fields/1"}`` serialized with keys
    sorted, separators ``,`` and ``:`` (no whitespace), non-ASCII kept as UTF-8 (``ensure_ascii``
    off). ``fields_digest`` is the lowercase hex sha256 of those bytes. Confidence, label, error
    and value_sha256 are left out: they describe how a value was found, not what the document says,
    and value_sha256 is derived from value anyway. The box and the numeric/date forms are in, so a
    compliance query's input (value_num, value_date) and the lineage box are covered too.

Canonical entry (``canonical_entry``)
    ``{"detail":…,"doc_id":…,"event":…,"fields_sha256":…,"file_sha256":…,"logged_at":…,
    "run_id":…,"seq":…}`` with the same JSON settings; ``seq`` an integer, ``logged_at`` the naive
    UTC timestamp as ``YYYY-MM-DDTHH:MM:SS.ffffff`` (always microseconds), ``detail`` the JSON
    value as stored (``plain_json`` makes it JSON-native first: tuples become lists, non-finite
    floats and other objects their ``str``). ``entry_hash = sha256(prev_hash_hex_ascii ‖
    canonical_entry_bytes)``; the first entry's ``prev_hash`` is 64 zeros (``GENESIS``).

Merkle root (``merkle_root``)
    RFC 6962 over the entries' hashes (raw 32 bytes each): leaf ``sha256(0x00 ‖ h)``, node
    ``sha256(0x01 ‖ left ‖ right)``, the left subtree the largest power of two below n; the empty
    tree is ``sha256(b"")``.

What a chain cannot do alone: anyone who knows these forms can rewrite the whole chain after
tampering. Record the head hash (printed by ``towerkit audit verify``) or the per-run Merkle roots
somewhere the database's writers cannot reach to close that gap.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from towerkit.models import FieldValue

GENESIS = "0" * 64
"""The prev_hash of the first entry of every chain."""
FIELDS_FORMAT = "towerkit-fields/1"
"""The ``format`` key of the canonical fields document: a new form gets a new name."""
FIELD_KEYS = ("field", "value", "raw_text", "page", "value_num", "value_date", "x0", "top", "x1", "bottom")
"""The columns of a ``fields`` row covered by the fields digest, in sort order."""
ENTRY_KEYS = ("seq", "run_id", "logged_at", "event", "doc_id", "file_sha256", "fields_sha256", "detail")
"""The keys of an entry its hash covers (``prev_hash`` enters the hash apart, ``entry_hash`` is it)."""
EVENTS = frozenset({"run_start", "document", "duplicate", "quarantined", "approved", "rejected", "released", "run_end"})
"""The event names the pipeline writes (others are accepted: the chain does not judge meaning)."""

FieldRow = tuple[Any, ...]
"""(field, value, raw_text, page, value_num, value_date, x0, top, x1, bottom)."""


# -- canonical JSON ------------------------------------------------------------------------------
def plain_json(value: Any) -> Any:
    """A JSON-native copy of ``value`` whose canonical dump is stable across a database round trip."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain_json(v) for v in value]
        return sorted(items, key=canonical_json) if isinstance(value, (set, frozenset)) else items
    return _plain_scalar(value)


def _plain_scalar(value: Any) -> str:
    """Any other value as text: timestamps as ``iso_timestamp``, dates ISO, the rest their ``str``."""
    if isinstance(value, datetime):
        return iso_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> str:
    """Keys sorted, no whitespace, UTF-8 kept, NaN refused (``plain_json`` removes them first)."""
    return _CANONICAL.encode(value)


def iso_timestamp(value: datetime | str) -> str:
    """``YYYY-MM-DDTHH:MM:SS.ffffff`` of a naive UTC timestamp (an aware one is converted)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep="T", timespec="microseconds")


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- fields digest -------------------------------------------------------------------------------
def _float(v: Any) -> float | None:
    return None if v is None else float(v)


def _date(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        v = v.date()
    return v.isoformat() if isinstance(v, date) else str(v)


def field_row(f: FieldValue | Sequence[Any]) -> FieldRow:
    """The digest's plain tuple of a FieldValue, or of a ``fields`` row selected in FIELD_KEYS order."""
    if isinstance(f, FieldValue):
        raw = (f.field, f.value, f.raw_text, f.page, f.value_num, f.value_date, f.x0, f.top, f.x1, f.bottom)
    else:
        raw = tuple(f)
        if len(raw) != len(FIELD_KEYS):
            raise ValueError(f"a field row has {len(FIELD_KEYS)} columns ({', '.join(FIELD_KEYS)}), got {len(raw)}")
    name, value, raw_text, page, num, day, x0, top, x1, bottom = raw
    return (
        str(name),
        value,
        "" if raw_text is None else str(raw_text),
        None if page is None else int(page),
        _float(num),
        _date(day),
        _float(x0),
        _float(top),
        _float(x1),
        _float(bottom),
    )


def _sort_key(row: FieldRow) -> tuple[tuple[int, Any], ...]:
    return tuple((0, "") if v is None else (1, v) for v in row)


def canonical_fields(fields: Iterable[FieldValue | Sequence[Any]]) -> bytes:
    """The ``towerkit-fields/1`` bytes of a document's fields (see the module docstring)."""
    rows = sorted((field_row(f) for f in fields), key=_sort_key)
    # field_row already made every value str, int, float or None, so only non-finite floats need
    # plain_json's treatment; skipping its recursion halves the writer's digest cost.
    doc = {
        "fields": [{k: _finite(v) for k, v in zip(FIELD_KEYS, r, strict=True)} for r in rows],
        "format": FIELDS_FORMAT,
    }
    return canonical_json(doc).encode("utf-8")


def _finite(v: Any) -> Any:
    return str(v) if isinstance(v, float) and not math.isfinite(v) else v


def fields_digest(fields: Iterable[FieldValue | Sequence[Any]]) -> str:
    """sha256 (hex) of ``canonical_fields``: recomputable from the ``fields`` table alone."""
    return _sha256_hex(canonical_fields(fields))


CORRECTION_KEYS = (
    "correction_id",
    "doc_id",
    "field",
    "typed",
    "value",
    "value_num",
    "value_date",
    "previous_value",
    "reason",
    "corrected_by",
    "corrected_at",
)
"""What a correction's record hash covers: everything a reviewer said, and who, when, about what."""


def correction_digest(row: Mapping[str, Any]) -> str:
    """sha256 of a correction's canonical JSON, recomputable from its ``corrections`` row alone."""
    plain = {k: plain_json(row.get(k)) for k in CORRECTION_KEYS}
    plain["value_num"] = _finite(_float(row.get("value_num")))
    plain["value_date"] = _date(row.get("value_date"))
    return _sha256_hex(canonical_json(plain).encode("utf-8"))


# -- entries -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Something to record; the store gives it a seq, a timestamp and its place in the chain."""

    run_id: str
    event: str
    doc_id: str | None = None
    file_sha256: str | None = None
    fields_sha256: str | None = None
    detail: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One ``audit_log`` row as stored (``detail`` parsed from its JSON)."""

    seq: int
    run_id: str | None
    logged_at: datetime | str
    event: str
    doc_id: str | None
    file_sha256: str | None
    fields_sha256: str | None
    detail: Any
    prev_hash: str
    entry_hash: str

    def as_json(self) -> dict[str, Any]:
        """The row as plain JSON (bundles store entries this way)."""
        return {
            "seq": self.seq,
            "run_id": self.run_id,
            "logged_at": iso_timestamp(self.logged_at),
            "event": self.event,
            "doc_id": self.doc_id,
            "file_sha256": self.file_sha256,
            "fields_sha256": self.fields_sha256,
            "detail": plain_json(self.detail),
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> AuditEntry:
        """An entry from its ``as_json`` form (a bundle's entries); a malformed one is a ValueError."""
        try:
            return cls(
                seq=int(d["seq"]),
                run_id=d["run_id"],
                logged_at=str(d["logged_at"]),
                event=str(d["event"]),
                doc_id=d["doc_id"],
                file_sha256=d["file_sha256"],
                fields_sha256=d["fields_sha256"],
                detail=d["detail"],
                prev_hash=str(d["prev_hash"]),
                entry_hash=str(d["entry_hash"]),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"not an audit entry: {e}") from e


def canonical_entry(entry: AuditEntry | Mapping[str, Any], seq: int | None = None) -> bytes:
    """The canonical bytes of an entry (``seq`` overrides the entry's own, for diagnosis)."""
    get: Callable[[str], Any] = entry.get if isinstance(entry, Mapping) else (lambda k: getattr(entry, k))
    return entry_body(
        get("seq") if seq is None else seq,
        get("run_id"),
        iso_timestamp(get("logged_at")),
        get("event"),
        get("doc_id"),
        get("file_sha256"),
        get("fields_sha256"),
        canonical_json(plain_json(get("detail"))),
    )


def entry_body(
    seq: int,
    run_id: Any,
    logged_at: str,
    event: Any,
    doc_id: Any,
    file_sha256: Any,
    fields_sha256: Any,
    detail_json: str,
) -> bytes:
    """``canonical_json`` of an entry's ENTRY_KEYS, written key by key in their sorted order.

    The writer serializes each detail once, for the stored column and the hash alike, and joins the
    rest: a dict built and dumped per entry cost it ~30 µs an entry, a tenth of its time on small
    documents. ``test_canonical_entry_is_canonical_json_of_its_keys`` holds the two forms equal.
    """
    j = _CANONICAL.encode
    return (
        '{"detail":'
        + detail_json
        + ',"doc_id":'
        + j(doc_id)
        + ',"event":'
        + j(event)
        + ',"fields_sha256":'
        + j(fields_sha256)
        + ',"file_sha256":'
        + j(file_sha256)
        + ',"logged_at":'
        + j(logged_at)
        + ',"run_id":'
        + j(run_id)
        + ',"seq":'
        + str(int(seq))
        + "}"
    ).encode("utf-8")


def entry_hash(prev_hash: str, entry: AuditEntry | Mapping[str, Any], seq: int | None = None) -> str:
    """sha256(prev_hash ‖ canonical entry), hex."""
    return chain_hash(prev_hash, canonical_entry(entry, seq))


def chain_hash(prev_hash: str, body: bytes) -> str:
    """sha256(prev_hash ‖ body), hex: an entry's hash from its ``entry_body``."""
    return _sha256_hex(prev_hash.encode("ascii") + body)
