# ruff: noqa: S101, PLR2004, INP001, S603
"""Issue 18's whole flow as a new user runs it, in real processes: see the gap, teach the label, re-extract.

One issuer prints its tower height under a wording the catalog does not know. Coverage names that
label; ``catalog suggest`` proposes the field; ``catalog add-label`` writes the user catalog beside
the database; ``reextract`` (the source files moved away, no tesseract on PATH) brings the stored
documents up to it; the issuer's coverage of the field goes from 0 to at least 95 %, the rows in force
equal a fresh ingest's with the same catalog, and the audit chain records it all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from test_coverage import FIELD, LABEL, affected, renamed_corpus
from test_review_queue import tk

from towerkit.review.user_catalog import default_catalog_path

MIN_COVERAGE = 0.95


def _share(db: Path, issuer: str) -> float:
    r = tk("coverage", "--by", "issuer", "--json", db=db)
    assert r.returncode == 0, r.stderr
    [group] = [g for g in json.loads(r.stdout)["groups"] if g["group"] == issuer]
    [row] = [f for f in group["fields"] if f["field"] == FIELD]
    return float(row["share"])


def _rows_in_force(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Per document path: its field rows in force (value, hash, raw text, box), sorted."""
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT d.path, f.field, f.value, f.value_sha256, f.raw_text, f.page, round(f.x0, 2), round(f.top, 2) "
            "FROM fields f JOIN documents d USING (doc_id) ORDER BY ALL"
        ).fetchall()
    out: dict[str, list[tuple[object, ...]]] = {}
    for path, *rest in rows:
        out.setdefault(str(Path(path).name), []).append(tuple(rest))
    return out


@pytest.mark.slow
def test_teach_a_label_then_reextract_without_sources_or_ocr(tmp_path: Path) -> None:
    """Coverage 0 -> >= 95 % for the issuer, rows equal a fresh ingest's, audit verifies."""
    corpus = tmp_path / "corpus"
    renamed_corpus(corpus)
    db = tmp_path / "portfolio.duckdb"
    first = subprocess.run(
        [sys.executable, "-m", "towerkit", "ingest", str(corpus), "--db", str(db), "--json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stderr
    issuer, docs = affected(db)
    assert len(docs) >= 2

    # 1. the gap is visible: the field at 0 for the issuer, the label the top unmapped one
    assert _share(db, issuer) == 0.0
    body = json.loads(tk("coverage", "--by", "issuer", "--json", db=db).stdout)
    [group] = [g for g in body["groups"] if g["group"] == issuer]
    top = group["unmapped_labels"][0]
    assert top["label"] == LABEL
    assert top["likely_field"] == FIELD

    # 2. suggest proposes it; add-label writes the catalog beside the database
    sug = tk("catalog", "suggest", "--json", db=db)
    assert sug.returncode == 0, sug.stderr
    assert any(s["label"] == LABEL and s["field"] == FIELD for s in json.loads(sug.stdout)["suggestions"])
    added = tk("catalog", "add-label", FIELD, LABEL, db=db)
    assert added.returncode == 0, added.stderr
    assert default_catalog_path(db).is_file()

    # 3. reextract with the sources gone and no tesseract: stored words only
    hidden = corpus.with_name("moved-away")
    corpus.rename(hidden)
    try:
        r = tk("reextract", "--json", db=db)
    finally:
        hidden.rename(corpus)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert set(docs) <= set(summary["changed_doc_ids"])
    assert _share(db, issuer) >= MIN_COVERAGE

    # 4. the rows in force equal a fresh ingest's with the same catalog (found beside its database)
    fresh = tmp_path / "fresh.duckdb"
    default_catalog_path(fresh).write_bytes(default_catalog_path(db).read_bytes())
    again = subprocess.run(
        [sys.executable, "-m", "towerkit", "ingest", str(corpus), "--db", str(fresh), "--json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    assert _rows_in_force(db) == _rows_in_force(fresh)

    # 5. the audit chain holds the re-extraction and still verifies; tampering with a new row fails it
    with duckdb.connect(str(db), read_only=True) as conn:
        events = conn.execute(
            "SELECT count(*), count(DISTINCT json_extract_string(detail, '$.catalog_sha256')) "
            "FROM audit_log WHERE event = 'reextracted'"
        ).fetchone()
    assert events == (summary["documents"], 1)
    assert tk("audit", "verify", db=db).returncode == 0
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE fields SET value = '999.0' WHERE field = ? AND doc_id = ?", [FIELD, docs[0]])
    bad = tk("audit", "verify", db=db)
    assert bad.returncode == 1
    assert "do not match fields_sha256" in bad.stdout
