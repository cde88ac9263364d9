# ruff: noqa: S101, PLR2004, INP001
"""Teaching a label once: suggest proposes it, add-label writes the user catalog, a fresh ingest reads it.

Same corpus as test_coverage: one inspection layout prints its tower height under a wording the
catalog does not know. After ``catalog add-label``, a new ingest of the same files, with the written
catalog (given, or found beside the database), extracts the height for that issuer's documents with
the values the documents print.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from pathlib import Path

import duckdb
import pytest
from test_coverage import FIELD, LABEL, affected, ingest, renamed_corpus

from towerkit.cli import main
from towerkit.fields import load_catalog
from towerkit.review.coverage import coverage_frames, record_catalog
from towerkit.review.teach import add_label, command_line, dumps, suggest
from towerkit.review.user_catalog import default_catalog_path, effective_catalog_path
from towerkit.sample import TRUTH
from towerkit.store import connect

MIN_COVERAGE = 0.95
"""The issue's target: the field's coverage for the issuer after teaching the label."""


@pytest.fixture(name="corpus", scope="module")
def _corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("renamed")
    renamed_corpus(root)
    return root


@pytest.fixture(name="db", scope="module")
def _db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("teach") / "towerkit.duckdb"
    ingest(corpus, db)
    with connect(db) as conn:
        record_catalog(conn, load_catalog())
    return db


def _truth(corpus: Path) -> dict[str, str]:
    """Ground-truth height per file path of the corpus (relative paths as the generator wrote them)."""
    rows = [json.loads(line) for line in (corpus / TRUTH).read_text(encoding="utf-8").splitlines()]
    return {str((corpus / r["file"]).resolve()): r["fields"][FIELD] for r in rows if FIELD in r["fields"]}


def _heights(db: Path, issuer: str) -> dict[str, str | None]:
    """The height in force per document path of ``issuer`` (None where none was found)."""
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            """SELECT d.path, f.value FROM documents d
               LEFT JOIN fields f ON f.doc_id = d.doc_id AND f.field = ? AND f.error IS NULL
               WHERE d.issuer = ? AND d.status = 'ingested'""",
            [FIELD, issuer],
        ).fetchall()
    return {str(Path(p).resolve()): v for p, v in rows}


def test_suggest_proposes_the_field_the_values_look_like(db: Path) -> None:
    """The renamed label comes first, as the field its documents lack, with the command that teaches it."""
    _, docs = affected(db)
    with duckdb.connect(str(db), read_only=True) as conn:
        found = suggest(conn, load_catalog())
    assert found
    top = found[0]
    assert (top.label, top.field, top.documents, top.lacking) == (LABEL, FIELD, len(docs), len(docs))
    assert top.example_doc in docs
    assert top.command() == f'towerkit catalog add-label {FIELD} "{LABEL}"'
    assert all(s.lacking > 0 for s in found)


def test_suggest_cli_json_is_one_object(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``catalog suggest --json``: one object whose suggestions carry a ready command line naming the database."""
    capsys.readouterr()
    assert main(["catalog", "suggest", "--db", str(db), "--json"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1
    data = json.loads(out)
    assert data["generated_at"].endswith("Z")
    first = data["suggestions"][0]
    assert (first["label"], first["field"]) == (LABEL, FIELD)
    assert first["command"] == f'towerkit catalog add-label {FIELD} "{LABEL}" --db "{db}"'
    assert main(["catalog", "suggest", "--db", str(db)]) == 0
    assert f'towerkit catalog add-label {FIELD} "{LABEL}"' in capsys.readouterr().out


def test_add_label_then_a_fresh_ingest_extracts_the_field(
    db: Path, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """add-label writes the catalog beside the database and records it; a new ingest with it reads the heights."""
    issuer, docs = affected(db)
    written = default_catalog_path(db)
    written.unlink(missing_ok=True)
    assert main(["catalog", "add-label", FIELD, LABEL, "--db", str(db)]) == 0
    assert written.is_file()
    assert LABEL in load_catalog(written).labels(FIELD)
    assert tomllib.loads(written.read_text(encoding="utf-8"))["fields"][FIELD]["labels"] == [LABEL]
    sha = hashlib.sha256(written.read_bytes()).hexdigest()
    with duckdb.connect(str(db), read_only=True) as conn:
        recorded = conn.execute("SELECT path, sha256, recorded_by FROM user_catalogs").fetchall()
    assert [(r[0], r[1]) for r in recorded] == [(str(written.resolve()), sha)]
    assert effective_catalog_path(db, None) == str(written)
    # the same wording again (any case) changes nothing: no duplicate, no new record
    assert main(["catalog", "add-label", FIELD, LABEL.upper(), "--db", str(db)]) == 0
    assert "already reads" in capsys.readouterr().out
    assert hashlib.sha256(written.read_bytes()).hexdigest() == sha
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM user_catalogs").fetchone() == (1,)

    fresh = tmp_path / "fresh.duckdb"
    ingest(corpus, fresh, "--catalog", str(written))
    with connect(fresh) as conn:
        record_catalog(conn, load_catalog(written))
    with duckdb.connect(str(fresh), read_only=True) as conn:
        fields, labels = coverage_frames(conn, "issuer", catalog=load_catalog(written))
    share = fields.filter((fields["group"] == issuer) & (fields["field"] == FIELD))["share"].item()
    assert share >= MIN_COVERAGE
    assert LABEL not in labels.filter(labels["group"] == issuer)["label"].to_list()
    truth = _truth(corpus)
    heights = _heights(fresh, issuer)
    assert len(heights) == len(docs)
    assert heights == {p: truth[p] for p in heights}


def test_ingest_reads_the_catalog_beside_the_database_by_default(db: Path, corpus: Path, tmp_path: Path) -> None:
    """Without --catalog, ingest uses ``<db stem>.catalog.toml`` beside the database and records its sha256."""
    issuer, _ = affected(db)
    fresh = tmp_path / "portfolio.duckdb"
    beside = default_catalog_path(fresh)
    add_label(beside, FIELD, LABEL, load_catalog())
    assert beside.name == "portfolio.catalog.toml"
    ingest(corpus, fresh)
    heights = _heights(fresh, issuer)
    assert heights
    assert None not in heights.values()
    with duckdb.connect(str(fresh), read_only=True) as conn:
        rows = conn.execute("SELECT path, sha256 FROM user_catalogs").fetchall()
    assert rows == [(str(beside.resolve()), hashlib.sha256(beside.read_bytes()).hexdigest())]


def test_add_label_keeps_the_other_entries_of_the_file(tmp_path: Path) -> None:
    """Entries a user wrote by hand (patterns with backslashes, synonyms, booleans) survive a rewrite."""
    path = tmp_path / "mine.toml"
    path.write_text(
        "# my notes\n"
        '[fields.structure_type]\nlabels = ["Tower Kind"]\nsynonyms = { guyed = ["Guy-wired"] }\n\n'
        "[fields.asr_number]\npatterns = ['ASR\\s+(?P<v>1\\d{6})']\n\n"
        '[doc_types.structural_inspection]\nkeywords = ["tower check \\"sheet\\""]\n',
        encoding="utf-8",
    )
    before = tomllib.loads(path.read_text(encoding="utf-8"))
    add_label(path, FIELD, "Höhe über Grund", load_catalog(path))
    after = tomllib.loads(path.read_text(encoding="utf-8"))
    assert after["fields"][FIELD] == {"labels": ["Höhe über Grund"]}
    del after["fields"][FIELD]
    assert after == before
    assert "Höhe über Grund" in load_catalog(path).labels(FIELD)


def test_dumps_round_trips_what_toml_reads() -> None:
    """The writer's text parses back to the same data: quotes, backslashes, control characters, nesting."""
    data = {
        "fields": {
            "x": {"labels": ['A "quoted" \\ label', "tab\there", "bell\x07", "del\x7f"], "critical": True},
            "y.z": {"aggregate": "max_column", "weight": 1.5, "n": 3, "syn": {"a b": ["c"]}},
        },
        "doc_types": {"t": {"keywords": []}},
    }
    assert tomllib.loads(dumps(data)) == data


def test_command_line_quotes_for_the_shell() -> None:
    """A label with quotes or a dollar sign is quoted so the printed line runs as shown."""
    assert command_line(FIELD, 'Ht "AGL" $x') == f'towerkit catalog add-label {FIELD} "Ht \\"AGL\\" \\$x"'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["structure_height", LABEL], "unknown field 'structure_height'; closest: "),
        ([FIELD, "  "], "the label is empty"),
        ([FIELD, ":"], "the label is empty"),
    ],
)
def test_add_label_refuses_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """An unknown field names the closest ones; an empty label says so; nothing is written."""
    target = tmp_path / "cat.toml"
    assert main(["catalog", "add-label", *args, "--catalog", str(target), "--db", str(tmp_path / "x.duckdb")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert message in err
    if "closest" in message:
        assert FIELD in err
    assert not target.exists()
    assert not (tmp_path / "x.duckdb").exists()


def test_an_unwritable_catalog_path_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalog in a folder that does not exist, or that cannot be written, is refused in one line."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["catalog", "add-label", FIELD, LABEL, "--catalog", str(blocker / "cat.toml")]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "cannot write catalog" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    # root writes into any folder of its own: then a folder no one may create files in stands in
    folder = Path("/proc") if os.geteuid() == 0 else locked
    try:
        assert main(["catalog", "add-label", FIELD, LABEL, "--catalog", str(folder / "cat.toml")]) == 3
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1
        assert "cannot write catalog" in err
    finally:
        locked.chmod(0o700)


def test_an_invalid_catalog_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A target file that is not TOML is named, and left as it was."""
    target = tmp_path / "broken.toml"
    target.write_text("[fields.x\n", encoding="utf-8")
    assert main(["catalog", "add-label", FIELD, LABEL, "--catalog", str(target)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "invalid TOML" in err
    assert target.read_text(encoding="utf-8") == "[fields.x\n"


def test_suggest_on_a_database_without_documents_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing ingested, nothing to suggest from: one line, exit 3."""
    db = tmp_path / "empty.duckdb"
    connect(db).close()
    assert main(["catalog", "suggest", "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "holds no ingested documents" in err


def test_a_copied_catalog_is_recorded_with_its_own_path(db: Path, tmp_path: Path) -> None:
    """The record names the file beside the database it was used from (a copy elsewhere is another path)."""
    written = default_catalog_path(db)
    if not written.is_file():
        add_label(written, FIELD, LABEL, load_catalog())
    other = tmp_path / "other.duckdb"
    shutil.copy(written, default_catalog_path(other))
    assert effective_catalog_path(other, None) == str(default_catalog_path(other))
    assert effective_catalog_path(other, "given.toml") == "given.toml"
    assert effective_catalog_path(":memory:", None) is None
    assert effective_catalog_path(tmp_path / "none.duckdb", None) is None
