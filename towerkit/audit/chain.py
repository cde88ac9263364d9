"""The hash chain's verification and the Merkle roots over it: pure, so a bundle verifies offline.

The forms these check are defined in ``towerkit.audit.canonical``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from towerkit.audit.canonical import GENESIS, AuditEntry, entry_hash


# -- verification --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, anchored at the first entry it concerns (``seq`` None for bundle files)."""

    seq: int | None
    message: str
    seq_end: int | None = None

    def __str__(self) -> str:
        if self.seq is None:
            return self.message
        if self.seq_end is not None and self.seq_end != self.seq:
            return f"entries {self.seq}-{self.seq_end}: {self.message}"
        return f"entry {self.seq}: {self.message}"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of a verification: ``ok`` iff no problem; ``head`` the last entry's hash."""

    entries: int
    head: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    @property
    def first_bad_seq(self) -> int | None:
        """The seq of the first problem's entry (None when intact, or tied to no entry)."""
        return self.problems[0].seq if self.problems else None

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.entries} entries"
        return str(self.problems[0])


DIAGNOSE_WINDOW = 64
"""How far a bad entry's seq is searched for the seq its hash was made with (reorder diagnosis)."""


def _self_consistent(row: AuditEntry, prev_hash: str, seq: int) -> bool:
    return entry_hash(prev_hash, row, seq) == row.entry_hash


def _diagnose_altered(row: AuditEntry, expected_prev: str, nxt: AuditEntry | None, seq: int) -> Problem:
    """Why an entry's hash does not recompute: moved, inserted, or altered in place."""
    for delta in range(1, DIAGNOSE_WINDOW + 1):
        for other in (seq + delta, seq - delta):
            if other >= 1 and _self_consistent(row, row.prev_hash, other):
                return Problem(
                    seq,
                    f"entry hashed as seq {other} found at seq {seq} "
                    "(entries reordered, or deleted/inserted and renumbered)",
                )
    if nxt is not None and nxt.prev_hash == expected_prev and _self_consistent(nxt, expected_prev, seq):
        return Problem(seq, "inserted entry (the next entry's hash was made for this position)")
    return Problem(seq, "entry_hash mismatch (entry altered or forged)")


def verify_chain(rows: Iterable[AuditEntry], *, start_prev: str = GENESIS, start_seq: int = 1) -> VerifyResult:
    """Check rows in seq order: seqs gapless from ``start_seq``, each linked and recomputing.

    Streams (one entry of look-ahead), so a chain of millions of entries is checked in bounded
    memory. Stops at the first problem: what follows a break cannot be trusted or blamed.

    Args:
        rows: entries ordered by seq (``ORDER BY seq``; a bundle's list).
        start_prev: the prev_hash expected of the first row (GENESIS for a whole chain; a
            segment's first prev_hash when re-verifying a segment).
        start_seq: the seq expected of the first row, or 0 to accept the first row's seq.

    """
    it: Iterator[AuditEntry] = iter(rows)
    row = next(it, None)
    expected_prev, expected_seq, count = start_prev, start_seq, 0
    seen_hashes: dict[str, int] = {}
    while row is not None:
        nxt = next(it, None)
        if expected_seq == 0:
            expected_seq = row.seq
        if row.seq > expected_seq:
            return VerifyResult(
                count,
                expected_prev,
                (
                    Problem(
                        expected_seq,
                        "seq gap (entry deleted)" if row.seq == expected_seq + 1 else "seq gap (entries deleted)",
                        row.seq - 1,
                    ),
                ),
            )
        if row.seq < expected_seq:
            return VerifyResult(
                count, expected_prev, (Problem(row.seq, f"seq out of order after entry {expected_seq - 1}"),)
            )
        if not _self_consistent(row, row.prev_hash, row.seq):
            return VerifyResult(count, expected_prev, (_diagnose_altered(row, expected_prev, nxt, row.seq),))
        if row.prev_hash != expected_prev:
            if row.prev_hash in seen_hashes:
                what = (
                    f"prev_hash links to entry {seen_hashes[row.prev_hash]}, not the one before it "
                    "(entries reordered or deleted and renumbered)"
                )
            else:
                what = (
                    "prev_hash does not match the previous entry's hash "
                    "(entry inserted, or the previous one deleted or replaced)"
                )
            return VerifyResult(count, expected_prev, (Problem(row.seq, what),))
        seen_hashes[row.entry_hash] = row.seq
        if len(seen_hashes) > 4 * DIAGNOSE_WINDOW:
            seen_hashes.pop(next(iter(seen_hashes)))
        expected_prev, expected_seq, count = row.entry_hash, row.seq + 1, count + 1
        row = nxt
    return VerifyResult(count, expected_prev)


# -- Merkle root ---------------------------------------------------------------------------------
def merkle_root(hashes: Sequence[str]) -> str:
    """RFC 6962 Merkle tree hash over hex entry hashes (see the module docstring), hex."""
    level = [hashlib.sha256(b"\x00" + bytes.fromhex(h)).digest() for h in hashes]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    # Pairing left to right and carrying an odd last node up unchanged builds exactly the RFC 6962
    # tree (left subtree = largest power of two below n), without recursion over slices.
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()


def _merkle_levels(hashes: Sequence[str]) -> list[list[bytes]]:
    level = [hashlib.sha256(b"\x00" + bytes.fromhex(h)).digest() for h in hashes]
    levels = [level]
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        levels.append(nxt)
        level = nxt
    return levels


def merkle_proofs(hashes: Sequence[str], indexes: Iterable[int]) -> dict[int, list[str]]:
    """RFC 6962 audit paths (hex sibling hashes, leaf upward) of the leaves at ``indexes``."""
    levels = _merkle_levels(hashes)
    out: dict[int, list[str]] = {}
    for index in indexes:
        if not 0 <= index < len(hashes):
            raise ValueError(f"leaf {index} outside a tree of {len(hashes)}")
        path, i = [], index
        for level in levels[:-1]:
            if i % 2:
                path.append(level[i - 1].hex())
            elif i + 1 < len(level):
                path.append(level[i + 1].hex())
            i //= 2
        out[index] = path
    return out


def verify_merkle_proof(leaf_hash: str, index: int, size: int, proof: Sequence[str], root: str) -> bool:
    """Whether ``leaf_hash`` is leaf ``index`` of the ``size``-leaf tree with ``root`` (RFC 9162 2.1.3.2)."""
    if not 0 <= index < size:
        return False
    try:
        r = hashlib.sha256(b"\x00" + bytes.fromhex(leaf_hash)).digest()
        fn, sn = index, size - 1
        for p in proof:
            sib = bytes.fromhex(p)
            if sn == 0:
                return False
            if fn % 2 or fn == sn:
                r = hashlib.sha256(b"\x01" + sib + r).digest()
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
            else:
                r = hashlib.sha256(b"\x01" + r + sib).digest()
            fn >>= 1
            sn >>= 1
    except ValueError:
        return False
    return sn == 0 and r.hex() == root
