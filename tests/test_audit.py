"""The audit trail's pure core: canonical forms, chain verification, Merkle roots and proofs."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from towerkit.audit.canonical import (
    ENTRY_KEYS,
    GENESIS,
    AuditEntry,
    canonical_entry,
    canonical_fields,
    canonical_json,
    entry_hash,
    field_row,
    fields_digest,
    plain_json,
)
from towerkit.audit.chain import merkle_proofs, merkle_root, verify_chain, verify_merkle_proof
from towerkit.config import Settings
from towerkit.models import FieldValue
from towerkit.pipeline.manifest import build_manifest, manifest_differences, tesseract_version

# ruff: noqa: S101, PLR2004, INP001  pytest asserts on literal expected values; tests/ is no package

T0 = datetime(2026, 11, 28, 14, 0, 0, 123456)  # noqa: DTZ001  audit timestamps are naive UTC (DuckDB TIMESTAMP)


def chain(n: int) -> list[AuditEntry]:
    """A valid chain of ``n`` document entries."""
    out, prev = [], GENESIS
    for i in range(1, n + 1):
        draft = AuditEntry(
            i, "run-1", T0, "document", f"{i:064x}", f"{i:064x}", "ab" * 32, {"path": f"z/s/{i}.pdf", "n": i}, prev, ""
        )
        h = entry_hash(prev, draft)
        out.append(replace(draft, entry_hash=h))
        prev = h
    return out


def rehash(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Recompute every hash and link after an edit (what a forger who knows the forms can do)."""
    out, prev = [], GENESIS
    for entry in entries:
        draft = replace(entry, prev_hash=prev, entry_hash="")
        e = replace(draft, entry_hash=entry_hash(prev, draft))
        out.append(e)
        prev = e.entry_hash
    return out


def test_fields_canonical_form_is_exact() -> None:
    """The canonical fields bytes are the documented JSON: sorted rows, sorted keys, no whitespace, UTF-8."""
    fv = [
        FieldValue("site_name", "Colina Señal", "COLINA SEÑAL", 1, 72.0, 10.0, 140.0, 22.0),
        FieldValue("structure_height_ft", "150.0", "150 ft", 2, 1, 2, 3, 4, value_num=150),
    ]
    expected = (
        '{"fields":[{"bottom":22.0,"field":"site_name","page":1,"raw_text":"COLINA SEÑAL","top":10.0,'
        '"value":"Colina Señal","value_date":null,"value_num":null,"x0":72.0,"x1":140.0},'
        '{"bottom":4.0,"field":"structure_height_ft","page":2,"raw_text":"150 ft","top":2.0,"value":"150.0",'
        '"value_date":null,"value_num":150.0,"x0":1.0,"x1":3.0}],"format":"towerkit-fields/1"}'
    ).encode()
    assert canonical_fields(list(reversed(fv))) == expected
    assert fields_digest(fv) == hashlib.sha256(expected).hexdigest()


def test_fields_digest_same_from_fieldvalues_and_db_rows() -> None:
    """A FieldValue and the fields row stored from it (date objects, ints for doubles) give the same digest."""
    fv = FieldValue(
        "inspection_date", "2025-03-01", "March 1, 2025", 1, 10.0, 20.0, 30.0, 40.0, value_date=date(2025, 3, 1)
    )
    row = ("inspection_date", "2025-03-01", "March 1, 2025", 1, None, date(2025, 3, 1), 10, 20, 30, 40)
    assert field_row(fv) == field_row(row)
    assert fields_digest([fv]) == fields_digest([row])


def test_fields_digest_changes_with_each_covered_column() -> None:
    """Changing value, raw text, page, number, date or box changes the digest; confidence does not."""
    base = FieldValue("x", "1.0", "1", 1, 1.0, 2.0, 3.0, 4.0, confidence=0.5, value_num=1.0)
    d0 = fields_digest([base])
    for change in (
        {"value": "2.0"},
        {"raw_text": "2"},
        {"page": 2},
        {"value_num": 2.0},
        {"value_date": date(2020, 1, 1)},
        {"x0": 1.5},
        {"bottom": 4.25},
        {"field": "y"},
    ):
        assert fields_digest([replace(base, **change)]) != d0, change
    assert fields_digest([replace(base, confidence=0.9, label="X:")]) == d0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.none(), st.text(max_size=5)),
            st.text(max_size=5),
            st.one_of(st.none(), st.integers(1, 3)),
        ),
        max_size=6,
    ),
    st.randoms(),
)
def test_fields_digest_ignores_row_order(rows: list[tuple[object, ...]], rnd: object) -> None:
    """The digest is a function of the set of rows, not of the order a query returns them in."""
    full = [(*r, None, None, None, None, None, None) for r in rows]
    shuffled = list(full)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert fields_digest(full) == fields_digest(shuffled)


_TEXT = st.one_of(st.none(), st.text(max_size=12))
_DETAIL = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.floats(allow_nan=False, allow_infinity=False)
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)


@given(
    seq=st.integers(1, 10**12),
    run_id=_TEXT,
    event=st.text(max_size=12),
    doc_id=_TEXT,
    file_sha=_TEXT,
    fields_sha=_TEXT,
    detail=_DETAIL,
)
@settings(max_examples=200)
def test_canonical_entry_is_canonical_json_of_its_keys(
    seq: int,
    run_id: str | None,
    event: str,
    doc_id: str | None,
    file_sha: str | None,
    fields_sha: str | None,
    detail: object,
) -> None:
    """The writer's key-by-key body is byte for byte canonical_json of the entry's keys, odd text included."""
    e = AuditEntry(seq, run_id, T0, event, doc_id, file_sha, fields_sha, detail, GENESIS, "")
    as_dict = {
        "seq": seq,
        "run_id": run_id,
        "logged_at": "2026-11-28T14:00:00.123456",
        "event": event,
        "doc_id": doc_id,
        "file_sha256": file_sha,
        "fields_sha256": fields_sha,
        "detail": plain_json(detail),
    }
    assert set(as_dict) == set(ENTRY_KEYS)  # a key added to the entry must reach entry_body too
    assert canonical_entry(e) == canonical_json(as_dict).encode("utf-8")


def test_entry_canonical_form_is_exact() -> None:
    """The canonical entry is the documented JSON object and the hash is sha256(prev ‖ entry)."""
    e = AuditEntry(7, "r", T0, "document", "d", "f", None, {"b": 1, "a": [1, 2]}, GENESIS, "")
    expected = (
        b'{"detail":{"a":[1,2],"b":1},"doc_id":"d","event":"document","fields_sha256":null,'
        b'"file_sha256":"f","logged_at":"2026-11-28T14:00:00.123456","run_id":"r","seq":7}'
    )
    assert canonical_entry(e) == expected
    assert entry_hash(GENESIS, e) == hashlib.sha256(GENESIS.encode() + expected).hexdigest()


def test_entry_hash_is_stable_across_a_json_round_trip() -> None:
    """An entry serialized to JSON (as a bundle stores it) and read back hashes the same."""
    e = chain(3)[2]
    back = AuditEntry.from_json(json.loads(json.dumps(e.as_json())))
    assert entry_hash(back.prev_hash, back) == e.entry_hash


def test_clean_chain_verifies() -> None:
    """An untouched chain verifies, counting its entries and returning its head."""
    c = chain(20)
    r = verify_chain(c)
    assert r.ok
    assert r.entries == 20
    assert r.head == c[-1].entry_hash
    assert str(r) == "audit chain intact: 20 entries"


def test_altered_entry_detected() -> None:
    """Editing an entry's content breaks its hash at that seq."""
    c = chain(10)
    c[4] = replace(c[4], detail={"path": "other.pdf"})
    assert str(verify_chain(c)) == "entry 5: entry_hash mismatch (entry altered or forged)"


def test_deleted_entry_detected() -> None:
    """A missing seq is a gap reported at the missing entry."""
    c = chain(10)
    del c[6]
    assert str(verify_chain(c)) == "entry 7: seq gap (entry deleted)"


def test_reordered_entries_detected() -> None:
    """Entries swapped (seq kept in order) are reported at the first moved entry."""
    c = chain(10)
    c[3], c[4] = replace(c[4], seq=4), replace(c[3], seq=5)
    assert str(verify_chain(c)).startswith("entry 4: entry hashed as seq 5 found at seq 4")


def test_inserted_entry_detected() -> None:
    """An entry inserted mid-chain (later seqs shifted) is named."""
    c = chain(6)
    forged = replace(c[2], seq=3, detail={"forged": True}, prev_hash=c[1].entry_hash, entry_hash="f" * 64)
    c = c[:2] + [forged] + [replace(e, seq=e.seq + 1) for e in c[2:]]
    assert str(verify_chain(c)) == "entry 3: inserted entry (the next entry's hash was made for this position)"


def test_relinked_entry_detected() -> None:
    """A self-consistent entry whose prev_hash skips the entry before it is reported as a broken link."""
    c = chain(5)
    bad = replace(c[3], prev_hash=c[1].entry_hash, entry_hash="")
    c[3] = replace(bad, entry_hash=entry_hash(bad.prev_hash, bad))
    assert "prev_hash links to entry 2" in str(verify_chain(c))


def test_fully_rehashed_forgery_only_caught_by_the_head() -> None:
    """A forger who recomputes every hash passes the chain check but changes the head (why heads are recorded)."""
    c = chain(5)
    forged = rehash([replace(c[0], detail={"x": 1}), *c[1:]])
    r = verify_chain(forged)
    assert r.ok
    assert r.head != verify_chain(c).head


def _rfc6962(leaves: list[bytes]) -> bytes:
    """RFC 6962's recursive definition, to check the iterative implementation against."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + _rfc6962(leaves[:k]) + _rfc6962(leaves[k:])).digest()


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 7, 8, 9, 31, 64, 100])
def test_merkle_root_matches_rfc6962_and_proofs_verify(n: int) -> None:
    """The root equals RFC 6962's tree hash, every leaf's proof verifies, and a wrong leaf's does not."""
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(n)]
    root = merkle_root(hashes)
    assert root == _rfc6962([bytes.fromhex(h) for h in hashes]).hex()
    proofs = merkle_proofs(hashes, range(n))
    for i, h in enumerate(hashes):
        assert verify_merkle_proof(h, i, n, proofs[i], root)
        assert not verify_merkle_proof("0" * 64, i, n, proofs[i], root)
        if n > 1:
            assert not verify_merkle_proof(h, (i + 1) % n, n, proofs[i], root)


def test_null_raw_text_digests_like_empty() -> None:
    """A fields row whose raw_text is NULL digests like the FieldValue it came from (raw_text "")."""
    assert fields_digest([FieldValue("x", "1", "")]) == fields_digest([("x", "1", None) + (None,) * 7])


def test_manifest_records_versions_settings_and_catalog() -> None:
    """The run manifest names library and Tesseract versions, OCR and routing settings, and the catalog hash."""
    m = build_manifest(Settings(workers=0, ocr_dpi=300), "c" * 64)
    assert m["packages"]["duckdb"] == "1.5.5"
    assert m["packages"]["pdfminer.six"] != "not installed"
    assert m["ocr"] == {"lang": "eng", "dpi": 300, "psm": 3}
    assert m["settings"]["text_min_chars"] == Settings().text_min_chars
    assert m["catalog_sha256"] == "c" * 64
    assert m["pdfium"]
    assert m["python"].count(".") == 2
    if shutil.which("tesseract"):
        assert m["tesseract"].startswith("tesseract ")
    assert tesseract_version("no-such-tesseract-binary") == "not installed"
    json.dumps(m)  # storable as runs.manifest
    other = build_manifest(Settings(workers=4, ocr_dpi=200), "c" * 64)
    assert manifest_differences(m, other) == ["ocr.dpi: 300 != 200", "settings.ocr_dpi: 300 != 200"]
