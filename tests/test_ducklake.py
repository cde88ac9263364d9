# ruff: noqa: S101, PLR2004, INP001
"""The DuckLake store: the same corpus gives the same data as the DuckDB file; readers read while an
ingest writes; two writers into one PostgreSQL-catalogued lake store each content once.

Real parts only: DuckLake's extension from its PyPI wheels, a SQLite catalog file, a private
PostgreSQL started by scripts/pg-local.sh (the ``pg_conninfo`` fixture), ``towerkit`` run as a user
runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from towerkit.reports.jobs import without_password
from towerkit.store import connect, default_db
from towerkit.store.db import db_label
from towerkit.store.lake import lake_ddl, redact, split_password

SAME = (
    "SELECT doc_id, status, doc_type, site_id, engine, page_count, template_id IS NOT NULL FROM documents",
    "SELECT doc_id, field, value, value_num, value_date, value_sha256, page FROM fields",
    "SELECT doc_id, page, route, engine, chars FROM pages",
    "SELECT doc_id, count(*), sum(length(text)) FROM tokens GROUP BY doc_id",
    "SELECT doc_type, revision, status FROM templates",
    "SELECT path, outcome, reason FROM document_paths",
    "SELECT doc_id, reasons, status FROM quarantine",
    "SELECT doc_id, status FROM review_queue",
    "SELECT site_id, rule_id, tag, severity, due_date FROM compliance_tags",
)
"""What a store holds, compared between the two stores (paths compared relative to the corpus)."""


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  our own interpreter
        [sys.executable, "-m", "towerkit", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@contextmanager
def _data_path(folder: Path | str | None) -> Iterator[None]:
    """``$TOWERKIT_DATA_PATH`` set for this process (connections opened in the test) while inside."""
    if folder is not None:
        os.environ["TOWERKIT_DATA_PATH"] = str(folder)
    try:
        yield
    finally:
        os.environ.pop("TOWERKIT_DATA_PATH", None)


def _rows(db: str, sql: str, root: Path, data_path: Path | None = None) -> list[tuple[object, ...]]:
    with _data_path(data_path):
        conn = connect(db, read_only=True)
        try:
            rows = conn.execute(f"SELECT * FROM ({sql}) ORDER BY ALL").fetchall()  # noqa: S608  test constants
        finally:
            conn.close()
    prefix = str(root)
    return [tuple(v.replace(prefix, "<corpus>") if isinstance(v, str) else v for v in r) for r in rows]


def _tamper(db: str, data_path: Path | str, sql: str) -> None:
    """Change the store behind towerkit's back, as someone with write access to the catalog could."""
    with _data_path(data_path):
        conn = connect(db)
        try:
            conn.execute(sql)
        finally:
            conn.close()


def test_migrations_lose_only_what_ducklake_lacks() -> None:
    """Keys, sequences and indexes go; columns, their types and literal defaults stay. Pure."""
    sql = (
        "CREATE SEQUENCE IF NOT EXISTS alert_ids START 1;\n"
        "CREATE TABLE t (id BIGINT PRIMARY KEY DEFAULT nextval('alert_ids'), a VARCHAR NOT NULL,\n"
        "    b INTEGER, PRIMARY KEY (a, b));\n"
        "CREATE UNIQUE INDEX ti ON t (a);\n"
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS f BOOLEAN DEFAULT false;\n"
    )
    out = lake_ddl(sql)
    assert "SEQUENCE" not in out and "INDEX" not in out and "PRIMARY" not in out and "nextval" not in out
    assert "id BIGINT," in out and "a VARCHAR NOT NULL" in out and "DEFAULT 'false'" in out


def test_passwords_never_leave_the_address() -> None:
    """Keyword and URI forms of a libpq connection string lose their password. Pure."""
    assert redact("ducklake:postgres:dbname=t host=h password=s3cret user=u") == (
        "ducklake:postgres:dbname=t host=h password=*** user=u"
    )
    assert (
        redact("ducklake:postgres:postgresql://ana:s3cret@h:5432/t")
        == "ducklake:postgres:postgresql://ana:***@h:5432/t"
    )
    assert "s3cret" not in redact("password = 's3 cret' dbname=t")


def test_a_password_is_split_off_for_the_environment() -> None:
    """The address without its password, and the password libpq then reads from $PGPASSWORD. Pure."""
    assert split_password("ducklake:postgres:dbname=t host=h password=s3cret user=u") == (
        "ducklake:postgres:dbname=t host=h user=u",
        "s3cret",
    )
    assert split_password("ducklake:postgres:dbname=t password = 's3 c\\'ret'") == (
        "ducklake:postgres:dbname=t",
        "s3 c'ret",
    )
    assert split_password("ducklake:postgres:postgresql://ana:s%40cret@h:5432/t") == (
        "ducklake:postgres:postgresql://ana@h:5432/t",
        "s@cret",
    )
    assert split_password("ducklake:sqlite:data/lake.sqlite") == ("ducklake:sqlite:data/lake.sqlite", None)
    params, taken = without_password({"db_path": "ducklake:postgres:dbname=t password=pw", "as_of": "2026-01-31"})
    assert params == {"db_path": "ducklake:postgres:dbname=t", "as_of": "2026-01-31"}
    assert taken == "pw"


def test_a_lake_uri_in_the_environment_keeps_its_slashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """$TOWERKIT_DB as typed: Path('...postgresql://a:pw@h/db') folds '//' and redact misses the password."""
    uri = "ducklake:postgres:postgresql://ana:pw@h:5432/t"
    monkeypatch.setenv("TOWERKIT_DB", uri)
    assert default_db() == uri
    assert db_label(None) == "ducklake:postgres:postgresql://ana:***@h:5432/t"


@pytest.mark.slow
def test_dask_into_a_sqlite_lake_gives_what_the_pool_gives_into_a_file(sample_corpus: Path, tmp_path: Path) -> None:
    """One corpus, the local process pool into a DuckDB file and Dask (local:2) into a DuckLake: same
    documents, fields and hashes, templates, paths, queue and tags; the lake's audit chain verifies
    and a tampered field value is found."""
    file_db = tmp_path / "t.duckdb"
    lake = f"ducklake:sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}"
    data = tmp_path / "lake" / "files"
    a = _cli("ingest", str(sample_corpus), "--db", str(file_db), "--json")
    b = _cli("ingest", str(sample_corpus), "--db", lake, "--data-path", str(data), "--cluster", "local:2", "--json")
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr
    sa, sb = json.loads(a.stdout), json.loads(b.stdout)
    for key in ("files", "ingested", "quarantined", "failed", "duplicates"):
        assert sa[key] == sb[key], key
    assert sb["db"] == lake
    for sql in SAME:
        assert _rows(str(file_db), sql, sample_corpus) == _rows(lake, sql, sample_corpus, data), sql
    assert any(data.rglob("*.parquet")), "the lake's rows are Parquet files under --data-path"

    verified = _cli("audit", "verify", "--db", lake, "--data-path", str(data))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # What analysts do on a file works on the lake: lineage, an approval, a report that records its snapshot.
    env = {"TOWERKIT_DATA_PATH": str(data)}
    doc, field = _rows(lake, "SELECT doc_id, field FROM fields LIMIT 1", sample_corpus, data)[0]
    assert _cli("lineage", str(doc), str(field), "--db", lake, env=env).returncode == 0
    pending = _rows(lake, "SELECT doc_id FROM quarantine WHERE status = 'pending'", sample_corpus, data)
    if pending:
        approved = _cli("quarantine", "approve", str(pending[0][0]), "--by", "ana", "--db", lake, env=env)
        assert approved.returncode == 0, approved.stderr
    report = _cli("report", "compliance_report", "--db", lake, "--out", str(tmp_path / "r"), "--json", env=env)
    assert report.returncode == 0, report.stderr
    snapshot = json.loads(report.stdout)["snapshot"]
    assert isinstance(snapshot, int)
    assert f"snapshot {snapshot}" in (tmp_path / "r" / "compliance_report.html").read_text()
    assert _cli("audit", "verify", "--db", lake, env=env).returncode == 0
    _tamper(lake, data, "UPDATE fields SET value = 'tampered' WHERE rowid = (SELECT min(rowid) FROM fields)")
    tampered = _cli("audit", "verify", "--db", lake, "--data-path", str(data))
    assert tampered.returncode != 0
    assert "fields" in (tampered.stdout + tampered.stderr).lower()


@pytest.mark.slow
def test_a_query_answers_while_an_ingest_commits_and_a_snapshot_reads_again(
    sample_corpus: Path, tmp_path: Path
) -> None:
    """A compliance query answers during an ingest into a SQLite-catalogued lake (no "database is busy"),
    and ``--snapshot`` gives the same answer after more data landed and after ``towerkit compact``."""
    lake = f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}"
    env = {"TOWERKIT_DATA_PATH": str(tmp_path / "files")}
    first = _cli("ingest", str(sample_corpus / "north"), "--db", lake, "--json", env=env)
    assert first.returncode == 0, first.stderr
    proc = subprocess.Popen(  # noqa: S603  our own interpreter
        [sys.executable, "-m", "towerkit", "ingest", str(sample_corpus), "--db", lake, "--workers", "1", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    answered_during = []
    try:
        while proc.poll() is None:
            q = _cli("query", "marking_lighting", "--db", lake, "--format", "json", env=env, timeout=120)
            running = proc.poll() is None
            assert q.returncode == 0, q.stderr
            json.loads(q.stdout)
            if running:
                answered_during.append(q)
            time.sleep(0.2)
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert answered_during, "the ingest ended before any query ran: no query was tried during it"
    # Every read saw whole batches: each stored document has its document_paths row and its audit entry.
    with _data_path(env["TOWERKIT_DATA_PATH"]):
        conn = connect(lake, read_only=True)
        try:
            snap_docs = conn.execute("SELECT count(*) FROM documents").fetchone()
            (snapshot,) = conn.execute("SELECT id FROM lake.current_snapshot()").fetchone() or (None,)
        finally:
            conn.close()
    before = _cli(
        "query", "site_compliance_summary", "--db", lake, "--snapshot", str(snapshot), "--format", "csv", env=env
    )
    assert before.returncode == 0, before.stderr
    more = tmp_path / "more" / "z" / "XX-0001"
    more.mkdir(parents=True)
    (more / "log.txt").write_text("SITE ID XX-0001\nStructure Height 200 ft\n")
    again = _cli("ingest", str(tmp_path / "more"), "--db", lake, "--json", env=env)
    assert again.returncode == 0, again.stderr
    after = _cli(
        "query", "site_compliance_summary", "--db", lake, "--snapshot", str(snapshot), "--format", "csv", env=env
    )
    assert after.stdout == before.stdout
    compacted = _cli("compact", "--db", lake, "--json", env=env)
    assert compacted.returncode == 0, compacted.stderr
    files = json.loads(compacted.stdout)
    assert files["compacted"] and files["files_after"] < files["files_before"], files
    kept = _cli(
        "query", "site_compliance_summary", "--db", lake, "--snapshot", str(snapshot), "--format", "csv", env=env
    )
    assert kept.stdout == before.stdout  # an older snapshot keeps the files it reads
    assert _cli("audit", "verify", "--db", lake, env=env).returncode == 0
    early = _cli("query", "marking_lighting", "--db", lake, "--snapshot", "1", env=env)  # before the schema was whole
    assert (early.returncode, early.stdout) == (3, ""), early.stderr
    assert early.stderr.startswith("towerkit: snapshot 1 of ") and len(early.stderr.splitlines()) == 1, early.stderr
    with _data_path(env["TOWERKIT_DATA_PATH"]):
        conn = connect(lake, read_only=True, snapshot=snapshot)
        try:
            assert conn.execute("SELECT count(*) FROM documents").fetchone() == snap_docs
        finally:
            conn.close()


@pytest.mark.slow
def test_two_writers_into_one_postgres_lake_store_each_content_once(
    sample_corpus: Path, tmp_path: Path, pg_conninfo: str
) -> None:
    """Two ingests of overlapping folders at once: both finish, no content is stored twice, the counts
    equal a serial run's, and the audit chain verifies (then catches a deleted audit entry)."""
    from pg_cluster import new_database  # noqa: PLC0415  the tests' own helper module

    lake = f"ducklake:postgres:{new_database(pg_conninfo)}"
    secret = "hunter2-not-for-logs"  # trust auth ignores it: it only has to stay out of everything written
    with_password = f"{lake} password={secret}"
    env = {"TOWERKIT_DATA_PATH": str(tmp_path / "files")}
    # The catalog is new: both ingests create it at once (one waits for the other's metadata).
    both = [
        subprocess.Popen(  # noqa: S603  our own interpreter
            [
                sys.executable,
                "-m",
                "towerkit",
                "ingest",
                str(sample_corpus / zone),
                str(sample_corpus / "east"),
                "--db",
                db,
                "--workers",
                "1",
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )  # fmt: skip
        for zone, db in (("north", with_password), ("west", lake))
    ]
    results = [p.communicate(timeout=900) for p in both]
    for p, (_out, err) in zip(both, results, strict=True):
        assert p.returncode == 0, err
    summaries = [json.loads(out) for out, _ in results]
    assert summaries[0]["db"] == f"{lake} password=***"
    written = [out + err for out, err in results]
    written += [str(r) for r in _rows(lake, "SELECT args, manifest FROM runs", sample_corpus, tmp_path / "files")]
    written += [f.read_text() for f in (tmp_path / "files").rglob("*.jsonl")]
    assert all(secret not in text for text in written)
    serial = tmp_path / "serial.duckdb"
    for zone in ("north", "west"):
        done = _cli("ingest", str(sample_corpus / zone), str(sample_corpus / "east"), "--db", str(serial), "--json")
        assert done.returncode == 0, done.stderr
    count = "SELECT count(*), count(DISTINCT doc_id) FROM documents"
    lake_docs = _rows(lake, count, sample_corpus, tmp_path / "files")
    assert lake_docs == _rows(str(serial), count, sample_corpus)
    assert lake_docs[0][0] == lake_docs[0][1]  # no content twice
    for sql in ("SELECT count(*) FROM templates", "SELECT count(*) FROM fields", "SELECT count(*) FROM tokens"):
        assert _rows(lake, sql, sample_corpus, tmp_path / "files") == _rows(str(serial), sql, sample_corpus), sql
    # Every file of both runs has exactly one document_paths row; east's files are stored by one run only.
    for s in summaries:
        assert s["files"] == s["ingested"] + s["quarantined"] + s["failed"] + s["duplicates"]
    assert sum(s["duplicates"] for s in summaries) >= len(list((sample_corpus / "east").rglob("*.*"))) - 1
    verified = _cli("audit", "verify", "--db", lake, env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    _tamper(lake, env["TOWERKIT_DATA_PATH"], "DELETE FROM audit_log WHERE seq = (SELECT max(seq) - 3 FROM audit_log)")
    assert _cli("audit", "verify", "--db", lake, env=env).returncode != 0


@pytest.mark.slow
def test_a_catalog_that_needs_its_password_works_and_never_shows_it(
    sample_corpus: Path, tmp_path: Path, pg_conninfo: str
) -> None:
    """A PostgreSQL catalog whose role logs in by password (scram, not the script's trust): ingest, report
    and coverage all connect, and no output, run record, event log or executed notebook holds the password.

    A redacted address (``password=***``) cannot log in, so any place that reopened the store by its
    label instead of the address given failed here, after the run had committed.
    """
    from pg_cluster import password_database  # noqa: PLC0415  the tests' own helper module

    secret = "s3cret-Kept-Out"  # noqa: S105  a test password for a throwaway role
    lake = f"ducklake:postgres:{password_database(pg_conninfo, 'analyst', secret)}"
    db = f"{lake} password={secret}"
    env = {"TOWERKIT_DATA_PATH": str(tmp_path / "files")}
    wrong = _cli("query", "asr_missing", "--db", f"{lake} password=not-it", env=env)
    assert wrong.returncode != 0
    assert "not-it" not in wrong.stdout + wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1, wrong.stderr
    ingested = _cli("ingest", str(sample_corpus / "north"), "--db", db, "--workers", "1", "--json", env=env)
    assert ingested.returncode == 0, ingested.stderr
    assert json.loads(ingested.stdout)["db"] == f"{lake} password=***"
    report = _cli("report", "compliance_report", "--db", db, "--out", str(tmp_path / "report"), env=env)
    assert report.returncode == 0, report.stderr
    coverage = _cli("coverage", "--db", db, "--json", env=env)
    assert coverage.returncode == 0, coverage.stderr
    written = [p.stdout + p.stderr for p in (ingested, report, coverage)]
    written += [f.read_text() for f in (tmp_path / "report").rglob("*") if f.is_file()]
    written += [f.read_text() for f in (tmp_path / "files").rglob("*.jsonl")]
    written += [str(r) for r in _rows(db, "SELECT args, manifest FROM runs", sample_corpus, tmp_path / "files")]
    assert all(secret not in text for text in written)


def test_bad_lake_addresses_are_one_line(tmp_path: Path) -> None:
    """An unknown catalog kind or an empty address (exit 2), a read of a missing catalog (exit 3): one line."""
    for db, words, code in (
        ("ducklake:mysql:x", "unknown DuckLake catalog", 2),
        ("ducklake:sqlite:", "names no catalog", 2),
        (f"ducklake:sqlite:{tmp_path / 'none.sqlite'}", "does not exist", 3),
    ):
        done = _cli("query", "marking_lighting", "--db", db)
        assert done.returncode == code, (db, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    done = _cli("query", "marking_lighting", "--db", str(tmp_path / "x.duckdb"), "--snapshot", "3")
    assert done.returncode == 2 and "needs a DuckLake store" in done.stderr
