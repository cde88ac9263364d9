# ruff: noqa: S101, PLR2004, INP001, S603
"""The review queue, corrections and re-extraction as a user runs them: the real CLI in a real process.

One generated corpus is ingested once; every test works on its own copy of that database. The
re-extraction test moves the source files away and runs with an empty PATH (no tesseract).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from towerkit.config import Settings
from towerkit.fields import load_catalog
from towerkit.review.queue import reasons_from_rows
from towerkit.sample import generate
from towerkit.store import connect
from towerkit.store.review_queue import field_dicts


def tk(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """Run ``towerkit ARGS --db DB`` with no PATH (so no tesseract) as user ``rev1``."""
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args, "--db", str(db)],
        check=False,
        capture_output=True,
        text=True,
        env={"PATH": "", "USER": "rev1", "HOME": str(db.parent)},
        timeout=300,
    )


@pytest.fixture(name="ingested", scope="module")
def _ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus, database): a 30-file generated corpus ingested once by the real CLI."""
    root = tmp_path_factory.mktemp("rq")
    corpus = root / "corpus"
    generate(corpus, docs=30, seed=5)
    db = root / "base.duckdb"
    r = subprocess.run(
        [sys.executable, "-m", "towerkit", "ingest", str(corpus), "--db", str(db), "--workers", "2"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    return corpus, db


@pytest.fixture(name="db")
def _db(ingested: tuple[Path, Path], tmp_path: Path) -> Path:
    """A private copy of the ingested database."""
    copy = tmp_path / "t.duckdb"
    shutil.copy(ingested[1], copy)
    return copy


def _doc_of(db: Path, doc_type: str, field: str) -> str:
    conn = connect(db, read_only=True)
    try:
        row = conn.execute(
            "SELECT d.doc_id FROM documents d JOIN fields f USING (doc_id) WHERE d.status = 'ingested' "
            "AND d.doc_type = ? AND f.field = ? AND f.value IS NOT NULL ORDER BY d.doc_id LIMIT 1",
            [doc_type, field],
        ).fetchone()
    finally:
        conn.close()
    assert row is not None, f"the corpus has no {doc_type} with {field}"
    return str(row[0])


def test_queue_holds_exactly_the_documents_whose_values_need_a_person(db: Path) -> None:
    """Every ingested document is queued iff its stored fields give a reason; it stays ingested."""
    catalog = load_catalog(None)
    floor = Settings().review_min_confidence
    conn = connect(db, read_only=True)
    try:
        queued = dict(conn.execute("SELECT doc_id, status FROM review_queue").fetchall())
        docs = conn.execute("SELECT doc_id, doc_type, status FROM documents WHERE status = 'ingested'").fetchall()
        expected = {
            d for d, t, _ in docs if reasons_from_rows(t, field_dicts(conn, d), catalog, min_confidence=floor)
        }
        statuses = {d: s for d, _, s in conn.execute("SELECT doc_id, doc_type, status FROM documents").fetchall()}
        tagged = conn.execute(
            "SELECT bool_or(under_review), count(*) FILTER (WHERE under_review) FROM compliance_tags"
        ).fetchone()
        rests = conn.execute(
            "SELECT count(*) FROM compliance_tags t WHERE EXISTS (SELECT 1 FROM review_queue q "
            "WHERE q.status = 'pending' AND list_contains(t.doc_ids, q.doc_id))"
        ).fetchone()
    finally:
        conn.close()
    assert expected, "a corpus with scans always has some doubtful value"
    assert set(queued) == expected
    assert all(statuses[d] == "ingested" for d in queued)
    assert tagged is not None and rests is not None
    assert tagged[1] == rests[0]

    listed = tk("review", "list", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    body = json.loads(listed.stdout)
    assert {d["doc_id"] for d in body["documents"]} == expected
    assert all(d["reasons"] and d["queued_at"].endswith("Z") for d in body["documents"])


def test_a_correction_is_used_by_facts_and_keeps_the_extracted_value(db: Path) -> None:
    """``review set`` puts the value in force, keeps the extracted row, shows in lineage and tags."""
    doc = _doc_of(db, "municipal_permit", "expiration_date")
    soon = (date.today() + timedelta(days=30)).isoformat()  # noqa: DTZ011 (tags are computed as of today)
    r = tk("review", "set", doc[:12], "expiration_date", soon, "--by", "ana", "--reason", "scan misread", db=db)
    assert r.returncode == 0, r.stderr
    assert "correction 1" in r.stdout

    conn = connect(db, read_only=True)
    try:
        in_force = conn.execute(
            "SELECT value, source FROM fields WHERE doc_id = ? AND field = 'expiration_date'", [doc]
        ).fetchall()
        kept = conn.execute(
            "SELECT source, superseded_by FROM field_history WHERE doc_id = ? AND field = 'expiration_date'", [doc]
        ).fetchall()
        fact = conn.execute("SELECT CAST(expiration_date AS VARCHAR) FROM doc_facts WHERE doc_id = ?", [doc]).fetchall()
        tags = conn.execute(
            "SELECT rule_id, due_date FROM compliance_tags WHERE list_contains(doc_ids, ?)", [doc]
        ).fetchall()
    finally:
        conn.close()
    assert in_force == [(soon, "correction")]
    assert kept == [("extracted", "correction 1")]
    assert fact == [(soon,)]
    assert any(str(due) == soon for _, due in tags), tags

    lineage = tk("lineage", doc[:12], "expiration_date", db=db)
    assert lineage.returncode == 0, lineage.stderr
    assert "correction by ana (scan misread)" in lineage.stdout
    assert "superseded by correction 1" in lineage.stdout

    assert tk("audit", "verify", db=db).returncode == 0


def test_tampering_with_a_correction_fails_audit_verify(db: Path) -> None:
    """An edited correction row, or an edited corrected value in ``fields``, is detected."""
    doc = _doc_of(db, "structural_inspection", "structure_height_ft")
    assert tk("review", "set", doc[:12], "structure_height_ft", "61 m", "--by", "ana", db=db).returncode == 0
    conn = connect(db, read_only=True)
    try:
        value = conn.execute(
            "SELECT value FROM fields WHERE doc_id = ? AND field = 'structure_height_ft'", [doc]
        ).fetchone()
    finally:
        conn.close()
    assert value == ("200.1",)  # 61 m in feet, one decimal (DESIGN.md)
    assert tk("audit", "verify", db=db).returncode == 0

    for sql in (
        "UPDATE corrections SET corrected_by = 'mallory'",
        "UPDATE fields SET value = '300.0' WHERE source = 'correction'",
    ):
        copy = db.with_name(f"tampered-{len(sql)}.duckdb")
        shutil.copy(db, copy)
        conn = connect(copy)
        conn.execute(sql)
        conn.close()
        v = tk("audit", "verify", db=copy)
        assert v.returncode == 1, sql
        assert "correction" in v.stdout + v.stderr or "fields of doc" in v.stdout + v.stderr


def test_a_value_that_does_not_normalise_is_refused_in_one_line(db: Path) -> None:
    """No row is written; the error says why, in one line, exit 2."""
    doc = _doc_of(db, "structural_inspection", "structure_height_ft")
    r = tk("review", "set", doc[:12], "structure_height_ft", "very tall", "--by", "ana", db=db)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1
    assert "not a valid height for structure_height_ft" in r.stderr
    unknown = tk("review", "set", doc[:12], "structure_heigth_ft", "100", "--by", "ana", db=db)
    assert unknown.returncode == 2
    assert "did you mean structure_height_ft" in unknown.stderr
    conn = connect(db, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM corrections").fetchone() == (0,)
    finally:
        conn.close()


def test_accept_clears_the_document_and_is_audited(db: Path) -> None:
    """``review accept`` closes the pending review with the reviewer's name; a second accept is refused."""
    listed = json.loads(tk("review", "list", "--json", db=db).stdout)["documents"]
    doc = listed[0]["doc_id"]
    r = tk("review", "accept", doc[:12], db=db)
    assert r.returncode == 0, r.stderr
    again = tk("review", "accept", doc[:12], db=db)
    assert again.returncode == 2
    assert "already accepted" in again.stderr
    conn = connect(db, read_only=True)
    try:
        row = conn.execute("SELECT status, resolved_by FROM review_queue WHERE doc_id = ?", [doc]).fetchone()
        event = conn.execute(
            "SELECT json_extract_string(detail, '$.by') FROM audit_log WHERE event = 'review_accepted' AND doc_id = ?",
            [doc],
        ).fetchone()
    finally:
        conn.close()
    assert row == ("accepted", "rev1")
    assert event == ("rev1",)
    assert tk("audit", "verify", db=db).returncode == 0


def test_reextract_without_sources_or_tesseract_keeps_values_and_corrections(
    ingested: tuple[Path, Path], db: Path
) -> None:
    """With the files moved away and no tesseract, reextract reads stored words: same digests, corrections kept."""
    corpus, _ = ingested
    doc = _doc_of(db, "lease_amendment", "monthly_rent_usd")
    assert tk("review", "set", doc[:12], "monthly_rent_usd", "$2,345.00", "--by", "ana", db=db).returncode == 0
    conn = connect(db, read_only=True)
    try:
        before = dict(
            conn.execute(
                "SELECT doc_id, arg_max(fields_sha256, seq) FROM audit_log WHERE fields_sha256 IS NOT NULL "
                "GROUP BY doc_id"
            ).fetchall()
        )
    finally:
        conn.close()
    hidden = corpus.with_name("corpus-moved-away")
    corpus.rename(hidden)
    try:
        r = tk("reextract", "--json", db=db)
    finally:
        hidden.rename(corpus)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["documents"] >= 20
    assert summary["changed"] == 0  # same words, same catalog: the same fields as the ingest read
    assert summary["corrections_kept"] == 1

    conn = connect(db, read_only=True)
    try:
        after = dict(
            conn.execute(
                "SELECT doc_id, arg_max(fields_sha256, seq) FROM audit_log WHERE fields_sha256 IS NOT NULL "
                "GROUP BY doc_id"
            ).fetchall()
        )
        rent = conn.execute(
            "SELECT value, source, revision FROM fields WHERE doc_id = ? AND field = 'monthly_rent_usd'", [doc]
        ).fetchone()
        revisions = conn.execute("SELECT DISTINCT extraction_revision FROM documents WHERE status <> 'failed'").fetchall()
        history = conn.execute("SELECT count(*) FROM field_history WHERE superseded_by = 'reextract'").fetchone()
        events = conn.execute("SELECT count(*) FROM audit_log WHERE event = 'reextracted'").fetchone()
    finally:
        conn.close()
    assert {d: after[d] for d in before} == before
    assert rent == ("2345.00", "correction", 2)
    assert revisions == [(2,)]
    assert history is not None and history[0] > 0
    assert events == (summary["documents"],)
    assert tk("audit", "verify", db=db).returncode == 0


def test_reextract_selectors_and_bad_input(db: Path) -> None:
    """--doc limits the run; an unknown template or a bad date is one line, exit 2."""
    doc = _doc_of(db, "lease_amendment", "monthly_rent_usd")
    one = tk("reextract", "--doc", doc[:12], "--json", db=db)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["documents"] == 1
    bad = tk("reextract", "--template", "tpl-nothing-like-it", db=db)
    assert bad.returncode == 2
    assert bad.stderr.startswith("towerkit: no template")
    assert bad.stderr.count("\n") == 1
    date_bad = tk("reextract", "--since", "yesterday", db=db)
    assert date_bad.returncode == 2
    assert "not a date" in date_bad.stderr


def test_approve_refreshes_facts_and_tags_and_acknowledges_the_alert(db: Path) -> None:
    """After ``quarantine approve`` no query warns about stale facts and the document's alert is closed."""
    held = json.loads(tk("quarantine", "list", "--json", db=db).stdout)["documents"]
    assert held, "the corpus holds a drifted document"
    doc = held[0]["doc_id"]
    r = tk("quarantine", "approve", doc[:12], db=db)
    assert r.returncode == 0, r.stderr
    q = tk("query", "permits_expiring", db=db)
    assert q.returncode == 0, q.stderr
    assert "stale" not in q.stderr
    alerts = json.loads(tk("alerts", "--json", db=db).stdout)["alerts"]
    assert doc not in {a["doc_id"] for a in alerts}
    conn = connect(db, read_only=True)
    try:
        status = conn.execute("SELECT status FROM documents WHERE doc_id = ?", [doc]).fetchone()
        tagged = conn.execute("SELECT max(computed_at) FROM compliance_tags").fetchone()
        approved = conn.execute("SELECT max(logged_at) FROM audit_log WHERE event = 'approved'").fetchone()
    finally:
        conn.close()
    assert status == ("ingested",)
    assert tagged is not None and approved is not None
    assert tagged[0] >= approved[0]  # the tags were rebuilt with the approval, not before it


def test_findings_resting_on_a_document_under_review_say_so(db: Path) -> None:
    """``towerkit query`` marks a rule's finding under_review exactly when one of its documents waits for review."""
    conn = connect(db, read_only=True)
    try:
        pending = {r[0] for r in conn.execute("SELECT doc_id FROM review_queue WHERE status = 'pending'").fetchall()}
    finally:
        conn.close()
    seen = 0
    for rule in ("permits_expiring", "faa_determination_expiring", "inspections_overdue", "lease_expirations"):
        r = tk("query", rule, "--format", "json", "--param", "as_of=2030-01-01", "--param", "horizon_days=3650", db=db)
        assert r.returncode == 0, r.stderr
        for row in json.loads(r.stdout):
            assert row["under_review"] == bool(set(row["doc_ids"]) & pending), row
            seen += row["under_review"]
    assert seen, "some finding of this corpus rests on a document waiting for review"
