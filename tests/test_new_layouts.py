# ruff: noqa: S101, PLR2004, INP001, S311
"""Drift only where it is drift, on real files: new forms, rescans and revisions after a sample corpus.

One database, as a user with an existing one lives it: the sample corpus's baseline is ingested
first; a second run then brings (a) the layout zoo's documents, forms the registry has never seen,
some of them from issuers the sample corpus already enrolled; (b) the baseline's own text PDFs
scanned again at 150 dpi and saved without DPI metadata, so towerkit estimates their resolution;
(c) the sample corpus's genuinely revised documents (ground truth ``drift == "major"``). Only (c)
may be quarantined. Real generated PDFs and scans, the real Tesseract, a real DuckDB file.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from towerkit.pipeline.ingest import ingest
from towerkit.sample import generate
from towerkit.store import Connection, connect

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.zoo.generate import generate as generate_zoo  # noqa: E402
from benchmarks.zoo.scan import scan  # noqa: E402

pytestmark = [pytest.mark.ocr, pytest.mark.slow]

ZOO_DOCS = 16
"""Enough zoo documents that some land in a family the sample corpus enrolled (index 12 and 15 at seed 1)."""
RESCAN_DPI = 150
"""A resolution towerkit estimates 17-27% off on these pages (``benchmarks/ocr_box_noise.py``)."""

Batch = dict[str, str]
"""Resolved path of each file of the second run -> what it is: ``zoo``, ``rescan`` or ``revision``."""


def _rows(root: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (root / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _second_run(tmp: Path, baseline: Path) -> tuple[Path, Batch, dict[str, str]]:
    """Write the second run's folder; return it, what each file is, and each rescan's original path."""
    later, zoo, batch = tmp / "later", tmp / "zoo", tmp / "batch"
    generate(later, docs=30, seed=6, era="later")
    generate_zoo(zoo, docs=ZOO_DOCS, seed=1)
    kinds: Batch = {}
    originals: dict[str, str] = {}

    def put(rel: str, data: bytes, kind: str) -> Path:
        dest = batch / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        kinds[str(dest.resolve())] = kind
        return dest

    for rec in _rows(later):
        if rec.get("drift") == "major":
            put(f"revision/{rec['file']}", (later / str(rec["file"])).read_bytes(), "revision")
    for rec in _rows(zoo):
        put(f"zoo/{rec['file']}", (zoo / str(rec["file"])).read_bytes(), "zoo")
    for i, rec in enumerate(_rows(baseline)):
        if rec.get("format") == "pdf" and rec.get("route") == "text" and not rec.get("broken"):
            src = baseline / str(rec["file"])
            blob, ext, _ = scan(src.read_bytes(), random.Random(f"rescan-{i}"), dpi=RESCAN_DPI, rotation=0)
            dest = put(f"rescan/{src.stem}{ext}", blob, "rescan")
            originals[str(dest.resolve())] = str(src.resolve())
    return batch, kinds, originals


@pytest.fixture(name="two_runs", scope="module")
def _two_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Connection, Batch, dict[str, str]]]:
    """The database after both runs, what each second-run file is, and each rescan's original."""
    tmp = tmp_path_factory.mktemp("newlayouts")
    baseline, db = tmp / "baseline", tmp / "t.duckdb"
    generate(baseline, docs=30, seed=5, era="baseline")
    batch, kinds, originals = _second_run(tmp, baseline)
    ingest(baseline, db, workers=0, progress=False)
    ingest(batch, db, workers=0, progress=False)
    conn = connect(db)
    yield conn, kinds, originals
    conn.close()


def _status(conn: Connection, kinds: Batch, kind: str) -> dict[str, tuple[str, str | None, str | None]]:
    """Path -> (status, template_id, doc_type) of the second run's files of one kind."""
    rows = conn.execute("SELECT path, status, template_id, doc_type FROM documents").fetchall()
    return {str(Path(p).resolve()): (s, t, d) for p, s, t, d in rows if kinds.get(str(Path(p).resolve())) == kind}


def test_forms_never_seen_are_new_templates_not_drift(two_runs: tuple[Connection, Batch, dict[str, str]]) -> None:
    """No zoo document is quarantined; each typed one is filed under a template, old or newly enrolled."""
    conn, kinds, _ = two_runs
    got = _status(conn, kinds, "zoo")
    assert len(got) == ZOO_DOCS
    assert {p: s for p, (s, _, _) in got.items() if s == "quarantined"} == {}
    assert all(t is not None for _, t, d in got.values() if d is not None)


def test_a_known_form_scanned_at_an_estimated_resolution_is_not_drift(
    two_runs: tuple[Connection, Batch, dict[str, str]],
) -> None:
    """Rescans of baseline PDFs are ingested, none quarantined, and most are matched to their original's template."""
    conn, kinds, originals = two_runs
    got = _status(conn, kinds, "rescan")
    assert len(got) >= 8
    assert {p: s for p, (s, _, _) in got.items() if s == "quarantined"} == {}
    template_of = {
        str(Path(p).resolve()): t for p, t in conn.execute("SELECT path, template_id FROM documents").fetchall()
    }
    same = sum(t == template_of[originals[p]] for p, (_, t, _) in got.items())
    assert same >= 0.75 * len(got)


def test_genuine_revisions_are_still_quarantined(two_runs: tuple[Connection, Batch, dict[str, str]]) -> None:
    """Every major revision of a sample template is quarantined, held against its template."""
    conn, kinds, _ = two_runs
    got = _status(conn, kinds, "revision")
    assert got
    assert {p: s for p, (s, _, _) in got.items() if s != "quarantined"} == {}
    assert all(t is not None for _, t, _ in got.values())
