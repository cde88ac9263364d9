"""Evidence bundles: one site's documents, fields and the audit entries covering them, checkable offline.

A bundle is a folder of four files with fixed names (nothing in it is named after user or database
text, so no site id or document id can steer a write outside the folder):

- ``documents.json``: the site's documents (metadata, every path, sha256, template);
- ``fields.json``: their fields with page and box, per document;
- ``entries.json``: every chain entry naming one of them, plus their runs' ``run_start``/``run_end``
  entries, each with prev/entry hashes, and RFC 6962 inclusion proofs tying each document entry to
  its run's ``run_end`` Merkle root;
- ``manifest.json``: the sha256 and size of every other file, the database chain head at export,
  and its own digest (``manifest_sha256`` = sha256 of the canonical JSON of the rest), written in
  canonical form, so a one-byte change anywhere, manifest included, fails ``verify_bundle``.

``verify_bundle`` needs no database: the forms are those of ``towerkit.audit``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from towerkit import __version__
from towerkit.audit.canonical import FIELD_KEYS, AuditEntry, canonical_json, entry_hash, fields_digest, plain_json
from towerkit.audit.chain import Problem, VerifyResult, merkle_proofs, verify_merkle_proof
from towerkit.errors import AuditError, InputError
from towerkit.store import Connection, open_db, utcnow
from towerkit.store import lineage as store_lineage
from towerkit.store.audit_log import verify_db

FORMAT = "towerkit-bundle/1"
MANIFEST = "manifest.json"
DATA_FILES = ("documents.json", "fields.json", "entries.json")
SAFE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}\.json$")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pretty(value: Any) -> bytes:
    return (
        json.dumps(plain_json(value), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    ).encode()


def manifest_bytes(body: Mapping[str, Any]) -> bytes:
    """The manifest's exact bytes: ``body`` plus its own digest, canonical JSON and a newline."""
    core = {k: v for k, v in body.items() if k != "manifest_sha256"}
    full = {**core, "manifest_sha256": _sha256(canonical_json(plain_json(core)).encode("utf-8"))}
    return (canonical_json(plain_json(full)) + "\n").encode("utf-8")


# -- building (pure) ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BundleData:
    """What the store hands over for one site."""

    site_id: str
    documents: list[dict[str, Any]]
    fields: dict[str, list[dict[str, Any]]]
    entries: list[AuditEntry]
    proofs: list[dict[str, Any]]
    chain_head: dict[str, Any]


def bundle_files(data: BundleData, created_at: str) -> dict[str, bytes]:
    """File name -> bytes of a bundle, manifest included."""
    files = {
        "documents.json": _pretty({"format": FORMAT, "site_id": data.site_id, "documents": data.documents}),
        "fields.json": _pretty({"format": FORMAT, "site_id": data.site_id, "fields": data.fields}),
        "entries.json": _pretty(
            {"format": FORMAT, "entries": [e.as_json() for e in data.entries], "merkle_proofs": data.proofs}
        ),
    }
    body = {
        "format": FORMAT,
        "site_id": data.site_id,
        "created_at": created_at,
        "towerkit": __version__,
        "chain_head": data.chain_head,
        "files": {name: {"sha256": _sha256(b), "bytes": len(b)} for name, b in sorted(files.items())},
    }
    files[MANIFEST] = manifest_bytes(body)
    return files


def write_bundle(out: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into ``out``, which must be new or empty; never anywhere else."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise InputError(f"{out} is not empty; give a new or empty folder for the bundle")
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    for name, data in files.items():
        if not SAFE_NAME.match(name):
            raise InputError(f"refusing unsafe bundle file name {name!r}")
        target = root / name
        if target.parent != root:
            raise InputError(f"refusing to write outside {out}: {name!r}")
        with target.open("xb") as fh:  # exclusive: never overwrite, never follow a planted link
            fh.write(data)


# -- export (database side) -----------------------------------------------------------------------
def export_bundle(site_id: str, out: Path, *, db: str | os.PathLike[str] | None = None) -> str:
    """Write the evidence bundle of ``site_id`` into ``out``; returns a one-line summary.

    Refuses to export from a database whose chain does not verify: evidence cut from a broken
    chain would prove nothing.
    """
    if out.is_dir() and any(out.iterdir()):
        raise InputError(f"{out} is not empty; give a new or empty folder for the bundle")
    with open_db(None if db is None else Path(db), read_only=True) as conn:
        docs = store_lineage.site_documents(conn, site_id)
        if not docs:
            raise InputError(f"unknown site {site_id!r}: no documents")
        check = verify_db(conn)
        if not check.ok:
            raise AuditError(f"the database's audit trail does not verify ({check.problems[0]}); not exporting")
        ids = [d["doc_id"] for d in docs]
        fields = store_lineage.fields_by_doc(conn, ids)
        entries = store_lineage.entries_for_docs(conn, ids)
        proofs = _proofs(conn, entries)
        head = {"seq": check.entries, "entry_hash": check.head}
        created = utcnow().isoformat(timespec="seconds")
    files = bundle_files(BundleData(site_id, docs, fields, entries, proofs, head), created)
    write_bundle(out, files)
    nfields = sum(len(v) for v in fields.values())
    return f"wrote {out}: {len(docs)} documents, {nfields} fields, {len(entries)} audit entries"


def _proofs(conn: Connection, entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """Inclusion proofs of each non-run entry in its run's run_end Merkle root."""
    ends = {e.run_id: e for e in entries if e.event == "run_end"}
    out = []
    for run_id, end in ends.items():
        leaves = store_lineage.run_leaves(conn, str(run_id), end.seq)
        index = {seq: i for i, (seq, _) in enumerate(leaves)}
        wanted = {
            index[e.seq]: e.seq
            for e in entries
            if e.run_id == run_id and e.event not in ("run_start", "run_end") and e.seq in index
        }
        paths = merkle_proofs([h for _, h in leaves], wanted)
        out += [
            {"seq": seq, "run_end_seq": end.seq, "index": i, "size": len(leaves), "proof": paths[i]}
            for i, seq in sorted(wanted.items())
        ]
    return out


# -- verification (offline) -----------------------------------------------------------------------
def _load(path: Path, problems: list[Problem]) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        problems.append(Problem(None, f"{path.name}: unreadable ({type(e).__name__})"))
        return None


def _check_manifest(folder: Path, problems: list[Problem]) -> dict[str, Any] | None:
    raw_path = folder / MANIFEST
    if not raw_path.is_file():
        raise InputError(f"{folder} is not an evidence bundle (no {MANIFEST})")
    raw = raw_path.read_bytes()
    manifest = _load(raw_path, problems)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        problems.append(Problem(None, f"{MANIFEST}: not a {FORMAT} manifest"))
        return None
    if manifest_bytes(manifest) != raw or manifest.get("manifest_sha256") is None:
        problems.append(Problem(None, f"{MANIFEST}: altered (its own digest or canonical form does not match)"))
    files = manifest.get("files")
    if not isinstance(files, dict):
        problems.append(Problem(None, f"{MANIFEST}: no file list"))
        return None
    present = {p.name for p in folder.iterdir()} - {MANIFEST}
    for name in sorted(set(files) | present):
        if name not in files:
            problems.append(Problem(None, f"{name}: not listed in the manifest (file added)"))
        elif not SAFE_NAME.match(name) or name not in DATA_FILES:
            problems.append(Problem(None, f"{MANIFEST}: unexpected file name {name!r}"))
        elif name not in present:
            problems.append(Problem(None, f"{name}: missing"))
        else:
            data = (folder / name).read_bytes()
            meta = files[name] if isinstance(files[name], dict) else {}
            if _sha256(data) != meta.get("sha256") or len(data) != meta.get("bytes"):
                problems.append(Problem(None, f"{name}: sha256 does not match the manifest (file altered)"))
    return manifest


def verify_bundle(folder: Path) -> VerifyResult:
    """Check a bundle offline: manifest and file hashes, every entry, inclusion proofs, documents, fields."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder")
    problems: list[Problem] = []
    manifest = _check_manifest(folder, problems)
    if manifest is None or problems:
        return VerifyResult(0, "", tuple(problems))
    docs_doc = _load(folder / "documents.json", problems)
    fields_doc = _load(folder / "fields.json", problems)
    entries_doc = _load(folder / "entries.json", problems)
    if problems:
        return VerifyResult(0, "", tuple(problems))
    try:
        entries = [AuditEntry.from_json(e) for e in entries_doc["entries"]]
        documents = list(docs_doc["documents"])
        fields = dict(fields_doc["fields"])
        proofs = list(entries_doc.get("merkle_proofs", []))
    except (KeyError, TypeError, ValueError) as e:
        return VerifyResult(0, "", (Problem(None, f"bundle content malformed: {e}"),))
    _check_entries(entries, proofs, problems)
    _check_documents(manifest.get("site_id"), documents, fields, entries, problems)
    problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return VerifyResult(len(entries), entries[-1].entry_hash if entries else "", tuple(problems))


def _check_entries(entries: list[AuditEntry], proofs: list[Any], problems: list[Problem]) -> None:
    by_seq = {}
    for e in entries:
        if e.seq in by_seq:
            problems.append(Problem(e.seq, "appears twice"))
        by_seq[e.seq] = e
        if entry_hash(e.prev_hash, e) != e.entry_hash:
            problems.append(Problem(e.seq, "entry_hash mismatch (entry altered)"))
        prev = by_seq.get(e.seq - 1)
        if prev is not None and e.prev_hash != prev.entry_hash:
            problems.append(Problem(e.seq, f"prev_hash does not link to entry {e.seq - 1}"))
    for p in proofs:
        try:
            entry, end = by_seq[int(p["seq"])], by_seq[int(p["run_end_seq"])]
            root = end.detail.get("merkle_root") if isinstance(end.detail, dict) else None
            ok = root is not None and verify_merkle_proof(
                entry.entry_hash, int(p["index"]), int(p["size"]), list(p["proof"]), str(root)
            )
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            problems.append(
                Problem(p.get("seq") if isinstance(p, dict) else None, "not included in its run's run_end Merkle root")
            )


def _check_documents(
    site_id: Any, documents: list[Any], fields: dict[str, Any], entries: list[AuditEntry], problems: list[Problem]
) -> None:
    latest: dict[str, AuditEntry] = {}
    hashes: dict[str, set[str]] = {}
    for e in entries:
        if e.doc_id and e.fields_sha256 and (e.doc_id not in latest or e.seq > latest[e.doc_id].seq):
            latest[e.doc_id] = e
        if e.doc_id and e.file_sha256:
            hashes.setdefault(e.doc_id, set()).add(e.file_sha256)
    ids = set()
    for d in documents:
        doc_id = str(d.get("doc_id"))
        ids.add(doc_id)
        if d.get("site_id") != site_id:
            problems.append(
                Problem(None, f"document {doc_id[:12]}… belongs to site {d.get('site_id')!r}, not {site_id!r}")
            )
        if d.get("sha256") != doc_id or hashes.get(doc_id, set()) - {doc_id} or doc_id not in hashes:
            problems.append(Problem(None, f"document {doc_id[:12]}…: sha256 not covered by its audit entries"))
        rows = fields.get(doc_id, [])
        entry = latest.get(doc_id)
        if entry is None:
            if rows:
                problems.append(Problem(None, f"fields of doc {doc_id[:12]}… are not covered by any entry"))
            continue
        digest = fields_digest([tuple(r.get(k) for k in FIELD_KEYS) for r in rows])
        if digest != entry.fields_sha256:
            problems.append(Problem(entry.seq, f"fields of doc {doc_id[:12]}… do not match fields_sha256"))
    problems.extend(
        Problem(None, f"fields of doc {doc_id[:12]}… belong to no document of the bundle")
        for doc_id in sorted(set(fields) - ids)
    )
