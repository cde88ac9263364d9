"""The template registry against a real DuckDB file: enrollment, verdicts, determinism, review."""

# ruff: noqa: S101, PLR2004, INP001, S311  pytest asserts; expected values are literals; tests/ is no package; seeded shuffles, not secrets

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from layouts import form, values

from towerkit.config import Settings
from towerkit.drift.registry import ResolveResult, resolve_pending
from towerkit.drift.review import approve, reject
from towerkit.errors import UsageError
from towerkit.models import FieldValue, Word
from towerkit.pipeline.ingest import ingest
from towerkit.sample import generate
from towerkit.store import Connection, connect

SETTINGS = Settings(workers=0)


def doc_id_of(name: str) -> str:
    """The doc_id a test document named ``name`` gets (as if it were its file's sha256)."""
    return hashlib.sha256(name.encode()).hexdigest()


def store_doc(
    conn: Connection,
    name: str,
    words: list[Word],
    fields: list[FieldValue],
    *,
    doc_type: str | None = "structural_inspection",
    issuer: str | None = "acme",
    run_id: str = "run-1",
) -> str:
    """Insert one extracted document the way the writer does: status and outcome 'pending'."""
    d = doc_id_of(name)
    site = next((f.value for f in fields if f.field == "site_id"), None)
    conn.execute(
        "INSERT INTO documents (doc_id, sha256, path, zone, site_id, doc_type, issuer, engine, route, page_count, "
        "status, run_id) VALUES (?, ?, ?, 'z1', ?, ?, ?, 'pdfplumber', 'text', 1, 'pending', ?)",
        [d, d, f"z1/{name}.pdf", site, doc_type, issuer, run_id],
    )
    conn.execute(
        "INSERT INTO document_paths (run_id, path, doc_id, outcome, zone) VALUES (?, ?, ?, 'pending', 'z1')",
        [run_id, f"z1/{name}.pdf", d],
    )
    conn.execute(
        "INSERT INTO pages (doc_id, page, route, engine, chars, width, height) "
        "VALUES (?, 1, 'text', 'pdfplumber', 500, 612, 792)",
        [d],
    )
    toks = pa.table(
        {
            "doc_id": [d] * len(words),
            "page": [w.page for w in words],
            "text": [w.text for w in words],
            "x0": [w.x0 for w in words],
            "top": [w.top for w in words],
            "x1": [w.x1 for w in words],
            "bottom": [w.bottom for w in words],
            "conf": pa.array([w.conf for w in words], pa.float64()),
        }
    )
    conn.register("_toks", toks)
    conn.execute("INSERT INTO tokens BY NAME SELECT * FROM _toks")
    conn.unregister("_toks")
    if fields:
        conn.executemany(
            "INSERT INTO fields (doc_id, field, value, raw_text, page, x0, top, x1, bottom, confidence, value_date, "
            "label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    d,
                    f.field,
                    f.value,
                    f.raw_text,
                    f.page,
                    f.x0,
                    f.top,
                    f.x1,
                    f.bottom,
                    f.confidence,
                    f.value if f.field.endswith("_date") else None,
                    f.label,
                ]
                for f in fields
            ],
        )
    return d


def baseline_batch(conn: Connection, n: int = 6, *, start: int = 0) -> list[str]:
    """Store ``n`` documents of the baseline form (values from ``start`` on); their doc_ids."""
    return [store_doc(conn, f"base{i}", *form(values(i))) for i in range(start, start + n)]


def statuses(conn: Connection) -> dict[str, str]:
    """doc_id -> documents.status."""
    return dict(conn.execute("SELECT doc_id, status FROM documents").fetchall())


def resolve(conn: Connection, settings: Settings = SETTINGS) -> ResolveResult:
    """Resolve the pending documents in a transaction of their own, as the end of a run does."""
    conn.execute("BEGIN TRANSACTION")
    r = resolve_pending(conn, settings, None, run_id="run-x")
    conn.execute("COMMIT")
    return r


@pytest.fixture(name="db")
def _db(tmp_path: Path) -> Iterator[Connection]:
    conn = connect(tmp_path / "t.duckdb")
    yield conn
    conn.close()


MAJOR_MOVE = {"structure_height_ft": (0, 84)}


def test_new_family_is_enrolled_and_ingested(db: Connection) -> None:
    """A never-seen issuer's documents enroll one template and are all ingested, nothing quarantined."""
    ids = baseline_batch(db)
    r = resolve(db)
    assert (r.ingested, r.quarantined, r.templates_created, r.alerts) == (6, 0, 1, ())
    assert set(statuses(db).values()) == {"ingested"}
    assert db.execute("SELECT count(DISTINCT template_id) FROM documents").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM document_paths WHERE outcome = 'ingested'").fetchone()[0] == len(ids)


def test_later_batch_quarantines_major_and_ingests_minor(db: Connection) -> None:
    """Second batch: a moved critical field and a renamed label are quarantined; a small shift is ingested."""
    baseline_batch(db)
    resolve(db)
    moved = store_doc(db, "moved", *form(values(20), moves=MAJOR_MOVE), run_id="run-2")
    renamed = store_doc(db, "renamed", *form(values(21), labels={"result": "Outcome:"}), run_id="run-2")
    minor = store_doc(db, "minor", *form(values(22), dx=4, dy=9), run_id="run-2")
    other = store_doc(
        db,
        "other",
        *form(values(23), headings=(("Northwind Engineering", 72, 60),)),
        issuer="northwind",
        run_id="run-2",
    )
    r = resolve(db)
    st = statuses(db)
    assert (st[moved], st[renamed], st[minor], st[other]) == ("quarantined", "quarantined", "ingested", "ingested")
    assert (r.quarantined, r.templates_created) == (2, 1)
    assert sorted(a.doc_id for a in r.alerts) == sorted([moved, renamed])
    reasons = db.execute("SELECT reasons FROM quarantine WHERE doc_id = ?", [moved]).fetchone()[0]
    assert "structure_height_ft moved 84 pt (tolerance 24)" in reasons
    assert (
        db.execute("SELECT outcome, reason FROM document_paths WHERE doc_id = ?", [moved]).fetchone()[0]
        == "quarantined"
    )
    assert db.execute("SELECT count(*) FROM fields WHERE doc_id = ?", [moved]).fetchone()[0] == 6
    audit = db.execute("SELECT event, doc_id FROM audit_log WHERE event = 'quarantined'").fetchall()
    assert sorted(d for _, d in audit) == sorted([moved, renamed])


def test_baseline_is_the_earliest_dated_cluster(db: Connection) -> None:
    """In one batch with two layouts of a new family, the earlier-dated layout is the template."""
    early = [
        store_doc(db, f"e{i}", *form({**values(i), "inspection_date": f"2020-01-0{i + 1}"}, moves=MAJOR_MOVE))
        for i in range(2)
    ]
    late = [store_doc(db, f"l{i}", *form({**values(i), "inspection_date": f"2024-01-0{i + 1}"})) for i in range(5)]
    resolve(db)
    st = statuses(db)
    assert {st[d] for d in early} == {"ingested"}
    assert {st[d] for d in late} == {"quarantined"}


def test_unclassified_document_is_ingested_with_a_minor_event(db: Connection) -> None:
    """A document with no doc_type is ingested without a template and gets one minor unknown_layout event."""
    d = store_doc(db, "loose", *form(values(1)), doc_type=None, issuer=None)
    resolve(db)
    assert statuses(db)[d] == "ingested"
    assert db.execute("SELECT kind, severity FROM drift_events WHERE doc_id = ?", [d]).fetchall() == [
        ("unknown_layout", "minor")
    ]


def snapshot(conn: Connection) -> tuple[Any, ...]:
    """Everything a verdict decides, without timestamps or alert ids."""
    return (
        sorted(conn.execute("SELECT doc_id, status, template_id, fingerprint FROM documents").fetchall()),
        sorted(conn.execute("SELECT template_id, revision, fingerprint, field_positions FROM templates").fetchall()),
        sorted(
            conn.execute(
                "SELECT doc_id, template_id, kind, field, expected, observed, delta_pt, severity FROM drift_events"
            ).fetchall(),
            key=str,
        ),
        sorted(conn.execute("SELECT doc_id, reasons, status FROM quarantine").fetchall()),
    )


def mixed_batch() -> list[tuple[Any, ...]]:
    """Eight baseline documents, three with a critical field moved far, three shifted a little."""
    docs = [(f"b{i}", *form(values(i))) for i in range(8)]
    docs += [(f"m{i}", *form(values(30 + i), moves=MAJOR_MOVE)) for i in range(3)]
    docs += [(f"s{i}", *form(values(40 + i), dx=3, dy=7)) for i in range(3)]
    return docs


def test_verdicts_do_not_depend_on_order_or_crash_split(tmp_path: Path) -> None:
    """Shuffled insertion, and a run split by a crash then re-run, give the same templates and verdicts."""
    snaps = []
    for k, split in enumerate((None, None, 5)):
        conn = connect(tmp_path / f"d{k}.duckdb")
        docs = mixed_batch()
        random.Random(k).shuffle(docs)
        for j, (name, words, fields) in enumerate(docs):
            # the crashed run stored `split` documents and never resolved; the re-run stores the rest
            store_doc(conn, name, words, fields, run_id="run-1" if split is None or j < split else "run-2")
        resolve(conn)
        snaps.append(snapshot(conn))
        conn.close()
    assert snaps[0] == snaps[1] == snaps[2]
    statuses_ = {s for _, s, _, _ in snaps[0][0]}
    assert statuses_ == {"ingested", "quarantined"}


def test_resolve_leaves_other_documents_alone(db: Connection) -> None:
    """Only pending documents are touched; a second resolve with nothing pending changes nothing."""
    baseline_batch(db)
    resolve(db)
    before = snapshot(db)
    r = resolve(db)
    assert (r.ingested, r.quarantined) == (0, 0)
    assert snapshot(db) == before


def test_reject_closes_review_and_keeps_the_document_out(db: Connection) -> None:
    """Rejecting keeps the document quarantined, marks the row rejected with who, and audits it."""
    baseline_batch(db)
    resolve(db)
    d = store_doc(db, "moved", *form(values(20), moves=MAJOR_MOVE))
    resolve(db)
    reject(db, d[:10], by="ana")
    assert db.execute("SELECT status, resolved_by FROM quarantine WHERE doc_id = ?", [d]).fetchone() == (
        "rejected",
        "ana",
    )
    assert statuses(db)[d] == "quarantined"
    assert db.execute("SELECT count(*) FROM audit_log WHERE event = 'rejected' AND doc_id = ?", [d]).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM alerts WHERE doc_id = ? AND NOT acknowledged", [d]).fetchone()[0] == 0
    with pytest.raises(UsageError, match="already reviewed"):
        reject(db, d, by="ana")


def test_unnamed_issuer_layouts_are_each_enrolled(db: Connection) -> None:
    """With a doc_type but no issuer, each distinct layout becomes its own template; nothing is quarantined."""
    a = store_doc(db, "a", *form(values(1)), issuer=None)
    b = store_doc(
        db,
        "b",
        *form(
            values(2),
            headings=(("Northwind Engineering", 72, 60),),
            layout=(("site_id", "Tower Number:", 60, 100), ("inspection_date", "Visit:", 60, 130)),
        ),
        issuer=None,
    )
    r = resolve(db)
    assert statuses(db)[a] == statuses(db)[b] == "ingested"
    assert r.templates_created == 2


@pytest.mark.slow
def test_two_batches_end_to_end(tmp_path: Path) -> None:
    """Baseline then later batch: major revisions quarantined, minor and new issuers ingested, approve releases."""
    base, later, db = tmp_path / "base", tmp_path / "later", tmp_path / "e2e.duckdb"
    generate(base, docs=30, seed=5, era="baseline")
    generate(later, docs=30, seed=6, era="later")
    ingest(base, db, workers=0, progress=False)
    ingest(later, db, workers=0, progress=False)
    truth = {}
    for root in (base, later):
        for line in (root / "ground_truth.jsonl").read_text().splitlines():
            rec = json.loads(line)
            truth[str((root / rec["file"]).resolve())] = rec
    conn = connect(db)
    got = {
        str(Path(p).resolve()): s
        for p, s in conn.execute(
            "SELECT p.path, d.status FROM document_paths p JOIN documents d USING (doc_id)"
        ).fetchall()
    }
    wrong = [
        (r["file"], r.get("drift"), r["expect_status"], got.get(p))
        for p, r in truth.items()
        if r["expect_status"] != "failed" and got.get(p) not in (None, "failed") and got[p] != r["expect_status"]
    ]
    assert not wrong
    q = conn.execute("SELECT doc_id FROM quarantine WHERE status = 'pending' ORDER BY doc_id").fetchall()
    assert q, "the later batch must quarantine its major revisions"
    before = len(q)
    r = approve(conn, q[0][0], by="e2e", settings=SETTINGS)
    assert r.revision
    assert r.revision >= 2
    left = conn.execute("SELECT count(*) FROM quarantine WHERE status = 'pending'").fetchone()[0]
    assert left == before - 1 - len(r.released)
    for d in (q[0][0], *r.released):
        assert conn.execute("SELECT status FROM documents WHERE doc_id = ?", [d]).fetchone()[0] == "ingested"
        assert conn.execute("SELECT count(*) FROM fields WHERE doc_id = ?", [d]).fetchone()[0] > 0
        # the re-read pairs replaced the ingest-time ones: one row per pair, chosen ones agree with fields
        pairs = conn.execute("SELECT pair_no, field, chosen FROM kv_pairs WHERE doc_id = ?", [d]).fetchall()
        assert pairs and len({n for n, _, _ in pairs}) == len(pairs)
        fields = {f for (f,) in conn.execute("SELECT field FROM fields WHERE doc_id = ?", [d]).fetchall()}
        assert {f for _, f, chosen in pairs if chosen} <= fields
    assert conn.execute("SELECT count(*) FROM audit_log WHERE event IN ('approved', 'released')").fetchone()[
        0
    ] == 1 + len(r.released)
    conn.close()


OTHER_FORM = (
    ("site_id", "Tower Number:", 60, 100),
    ("inspection_date", "Visit:", 60, 130),
    ("structure_height_ft", "Overall Height (AGL):", 60, 160),
    ("result", "Outcome:", 60, 190),
    ("site_name", "Location:", 300, 100),
    ("max_capacity_pct", "Peak Utilization:", 300, 130),
)
"""Another form of the same document type from the same issuer: other title, labels and order."""
OTHER_HEADINGS = (("Field Services Division", 72, 40), ("Annual Tower Condition Survey", 72, 60))


def other_form(i: int, date: str | None = None) -> tuple[list[Word], list[FieldValue]]:
    """A filled copy of ``OTHER_FORM`` (values from ``i``, inspection date ``date`` if given)."""
    v = values(i) if date is None else {**values(i), "inspection_date": date}
    return form(v, layout=OTHER_FORM, headings=OTHER_HEADINGS)


def two_page_revision(i: int, date: str | None = None) -> tuple[list[Word], list[FieldValue]]:
    """The baseline form revised: title kept on page 1, its data block moved onto page 2."""
    v = values(i) if date is None else {**values(i), "inspection_date": date}
    words, fields = form(v)
    moved = [Word(w.text, 2, w.x0, w.top, w.x1, w.bottom, w.conf) if w.top >= 100 else w for w in words]
    return moved, [FieldValue(**{**{k: getattr(f, k) for k in f.__slots__}, "page": 2}) for f in fields]


def test_another_form_of_a_known_issuer_is_a_new_template_not_drift(db: Connection) -> None:
    """A form of the same type and issuer that shares neither title nor labels is enrolled, not quarantined."""
    baseline_batch(db)
    resolve(db)
    first = store_doc(db, "other0", *other_form(20), run_id="run-2")
    r = resolve(db)
    assert statuses(db)[first] == "ingested"
    assert (r.quarantined, r.templates_created) == (0, 1)
    base_tpl = db.execute("SELECT template_id FROM documents WHERE doc_id = ?", [doc_id_of("base0")]).fetchone()
    new_tpl = db.execute("SELECT template_id FROM documents WHERE doc_id = ?", [first]).fetchone()
    assert new_tpl[0] is not None
    assert new_tpl != base_tpl
    assert db.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
    second = store_doc(db, "other1", *other_form(21), run_id="run-3")
    r = resolve(db)
    assert statuses(db)[second] == "ingested"
    assert r.templates_created == 0  # the new form's second document follows the template its first enrolled
    tpl = db.execute("SELECT template_id FROM documents WHERE doc_id IN (?, ?)", [first, second]).fetchall()
    assert len(set(tpl)) == 1


def test_a_revision_that_keeps_title_and_labels_is_still_drift(db: Connection) -> None:
    """The baseline form rearranged onto two pages (layout score 0.26) keeps its identity: quarantined."""
    baseline_batch(db)
    resolve(db)
    d = store_doc(db, "twopage", *two_page_revision(20), run_id="run-2")
    r = resolve(db)
    assert statuses(db)[d] == "quarantined"
    assert r.templates_created == 0
    reasons = db.execute("SELECT reasons FROM quarantine WHERE doc_id = ?", [d]).fetchone()[0]
    assert "unknown_layout: layout similarity" in reasons


def test_one_batch_of_a_new_issuer_enrolls_each_of_its_forms(db: Connection) -> None:
    """A new issuer's first batch with two unrelated forms enrolls both; its later two-page revision is drift."""
    early = [store_doc(db, f"a{i}", *form({**values(i), "inspection_date": f"2020-01-0{i + 1}"})) for i in range(3)]
    late = [store_doc(db, f"b{i}", *other_form(10 + i, f"2022-01-0{i + 1}")) for i in range(3)]
    revised = store_doc(db, "rev", *two_page_revision(30, "2024-01-01"))
    r = resolve(db)
    st = statuses(db)
    assert {st[d] for d in early + late} == {"ingested"}
    assert st[revised] == "quarantined"
    assert r.templates_created == 2
    assert (
        db.execute("SELECT count(DISTINCT template_id) FROM documents WHERE doc_id IN ?", [early + late]).fetchone()[0]
        == 2
    )
