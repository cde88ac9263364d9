# ruff: noqa: S101, PLR2004, INP001
"""Coverage on a real corpus where one issuer prints a label the catalog does not know.

The sample generator's inspection report is drawn with its tower-height label renamed (patched in
this process for the corpus generation only), the corpus is ingested by the real CLI, and coverage
must name that label as the top unmapped one of the issuer that prints it, with the height at 0 %.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from towerkit.cli import main
from towerkit.fields import load_catalog
from towerkit.fields.mapping import label_parts
from towerkit.review.coverage import coverage_frames, record_catalog, value_kinds
from towerkit.sample import draw, generate
from towerkit.store import connect

PRINTED = "Structure Height (AGL):"
"""The tower-height label one inspection layout prints: a wording the catalog knows."""
RENAMED = "Top of Steel:"
"""What the test prints instead: how some engineers name a tower's height, known to neither the catalog
nor the layout reader's word forms (checked below with ``towerkit pairs``)."""
LABEL = RENAMED.rstrip(":")
FIELD = "structure_height_ft"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def renamed_corpus(root: Path, *, docs: int = 18, seed: int = 6) -> list[dict[str, Any]]:
    """A small baseline corpus with ``PRINTED`` drawn as ``RENAMED``; text-route files only, so tests stay fast."""
    original = draw.Sheet.text

    def text(self: draw.Sheet, x: float, y: float, s: str, *args: Any, **kwargs: Any) -> float:
        return original(self, x, y, RENAMED if s == PRINTED else s, *args, **kwargs)  # type: ignore[no-any-return]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(draw.Sheet, "text", text)
        rows = generate(root, docs=docs, seed=seed, era="baseline")
    kept = []
    for r in rows:
        if r["route"] == "text":
            kept.append(r)
        else:
            (root / r["file"]).unlink()
    return kept


def ingest(corpus: Path, db: Path, *extra: str) -> None:
    """The real CLI ingest, in this process."""
    assert main(["ingest", str(corpus), "--db", str(db), "--workers", "0", "--json", *extra]) == 0


def affected(db: Path) -> tuple[str, list[str]]:
    """The issuer whose documents print the renamed label, and those documents (found from the data)."""
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT d.issuer, d.doc_id FROM kv_pairs k JOIN documents d USING (doc_id) WHERE k.label = ?",
            [LABEL],
        ).fetchall()
    issuers = {r[0] for r in rows}
    assert len(issuers) == 1, issuers
    return issuers.pop(), sorted(r[1] for r in rows)


@pytest.fixture(name="corpus", scope="module")
def _corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("renamed")
    renamed_corpus(root)
    return root


@pytest.fixture(name="db", scope="module")
def _db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "towerkit.duckdb"
    ingest(corpus, db)
    with connect(db) as conn:
        record_catalog(conn, load_catalog())
    return db


@pytest.fixture(name="ro")
def _ro(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    conn = duckdb.connect(str(db), read_only=True)
    yield conn
    conn.close()


def test_the_layout_reader_pairs_the_renamed_label(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``towerkit pairs`` reads the new wording as a label with a height beside it, and no field takes it."""
    _, docs = affected(db)
    assert len(docs) >= 2
    with duckdb.connect(str(db), read_only=True) as conn:
        path = conn.execute("SELECT path FROM documents WHERE doc_id = ?", [docs[0]]).fetchone()[0]  # type: ignore[index]
        unmapped = conn.execute("SELECT count(*) FROM kv_pairs WHERE label = ? AND field IS NULL", [LABEL]).fetchone()
    capsys.readouterr()
    assert main(["pairs", path, "--json"]) == 0
    pairs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    hit = [p for p in pairs if p["label"] == LABEL]
    assert len(hit) == 1
    assert re.fullmatch(r"\d+(\.\d)? ft", hit[0]["value"])
    assert unmapped == (len(docs),)


def test_coverage_names_the_label_and_the_field_at_zero(ro: duckdb.DuckDBPyConnection, db: Path) -> None:
    """For the issuer that prints it, the height is at 0 % and the renamed label is the top unmapped one."""
    issuer, docs = affected(db)
    fields, labels = coverage_frames(ro, "issuer")
    row = fields.filter((pl.col("group") == issuer) & (pl.col("field") == FIELD)).row(0, named=True)
    assert row["documents"] == len(docs)
    assert row["found"] == 0
    assert row["share"] == 0.0
    assert row["critical"] is True
    assert LABEL.casefold() in row["unmapped_labels"]
    top = labels.filter(pl.col("group") == issuer).row(0, named=True)
    assert top["label"] == LABEL
    assert top["documents"] == len(docs)
    assert top["likely_field"] == FIELD
    assert top["lacking"] == len(docs)
    assert top["example_doc"] in docs
    assert re.fullmatch(r"\d+(\.\d)? ft", top["example_value"])
    # the other issuers of the same type still print a known wording: it is the label, not the field
    others = fields.filter((pl.col("group") != issuer) & (pl.col("field") == FIELD) & (pl.col("documents") > 0))
    assert others.height >= 1
    assert others["share"].min() == 1.0


def test_critical_fields_come_first_in_each_group(ro: duckdb.DuckDBPyConnection) -> None:
    """Within a group and type, every critical field is listed before any other."""
    fields, _ = coverage_frames(ro, "doc_type")
    for (_, _), part in fields.filter(pl.col("field").is_not_null()).group_by(
        ["group", "doc_type"], maintain_order=True
    ):
        flags = part["critical"].to_list()
        assert flags == sorted(flags, reverse=True)
    assert set(fields["group"]) <= set(load_catalog().doc_types) | {"unknown"}


def test_templates_are_named_by_issuer_and_type(ro: duckdb.DuckDBPyConnection, db: Path) -> None:
    """``--by template`` names a template by its issuer, document type and revision, not by its hash."""
    issuer, _ = affected(db)
    fields, labels = coverage_frames(ro, "template")
    assert fields["group_id"].str.starts_with("tpl-").all()
    assert not fields["group"].str.contains("tpl-").any()
    mine = fields.filter(pl.col("group").str.starts_with(issuer) & (pl.col("field") == FIELD))
    assert mine["group"].to_list() == [f"{issuer} / structural_inspection r1"]
    assert mine["share"].to_list() == [0.0]
    assert labels.filter(pl.col("group") == mine["group"][0])["label"][0] == LABEL


def test_zones_group_every_ingested_document(ro: duckdb.DuckDBPyConnection) -> None:
    """Grouped by zone, the documents add up to the ingested ones."""
    fields, _ = coverage_frames(ro, "zone")
    per_type = fields.unique(["group", "doc_type"]).select(pl.col("documents").sum()).item()
    assert per_type == ro.execute("SELECT count(*) FROM documents WHERE status = 'ingested'").fetchone()[0]  # type: ignore[index]


def test_record_catalog_replaces_the_expected_fields(tmp_path: Path) -> None:
    """catalog_fields holds each type's emitted fields and their criticality, no decoys; each call replaces it."""
    catalog = load_catalog()
    with connect(tmp_path / "c.duckdb") as conn:
        record_catalog(conn, catalog)
        record_catalog(conn, catalog)
        rows = conn.execute("SELECT doc_type, field, critical, catalog_sha256 FROM catalog_fields").fetchall()
    expected = {
        (t, f.name, f.name in catalog.critical(t), catalog.digest)
        for t in catalog.doc_types
        for f in catalog.for_type(t)
        if f.emit
    }
    assert set(rows) == expected
    assert len(rows) == len(expected)
    assert not any(f.startswith("_") for _, f, _, _ in rows)
    assert ("structural_inspection", FIELD, True, catalog.digest) in expected


def test_coverage_cli_prints_a_table_and_one_json_object(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The table points at the label beside the missing field; ``--json`` is one object with ISO UTC time."""
    issuer, docs = affected(db)
    capsys.readouterr()
    assert main(["coverage", "--by", "issuer", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert f'unmapped "{LABEL}" looks like it' in table
    assert main(["coverage", "--by", "issuer", "--db", str(db), "--json"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1
    data = json.loads(out)
    assert ISO_UTC.match(data["generated_at"])
    assert data["by"] == "issuer"
    group = next(g for g in data["groups"] if g["group"] == issuer)
    assert group["documents"] == len(docs)
    height = next(f for f in group["fields"] if f["field"] == FIELD)
    assert (height["found"], height["share"]) == (0, 0.0)
    assert group["unmapped_labels"][0]["label"] == LABEL
    assert group["unmapped_labels"][0]["likely_field"] == FIELD


def test_coverage_records_the_catalog_when_none_was(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database whose catalog_fields is empty gets the catalog in force recorded on the first coverage run."""
    db = tmp_path / "fresh.duckdb"
    ingest(corpus, db)
    with connect(db) as conn:
        conn.execute("DELETE FROM catalog_fields")
    capsys.readouterr()
    assert main(["coverage", "--db", str(db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert any(g["fields"] for g in data["groups"])
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM catalog_fields").fetchone()[0] > 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--by", "site"], 2, "unknown --by value 'site' (one of doc_type, template, issuer, zone)"),
        ([], 3, "holds no ingested documents"),
    ],
)
def test_bad_inputs_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    """An unknown grouping or a database with no documents is one line on stderr and a non-zero exit."""
    db = tmp_path / "empty.duckdb"
    connect(db).close()
    assert main(["coverage", "--db", str(db), *args]) == code
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_a_missing_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Coverage never creates a database: a missing one is named in one line."""
    assert main(["coverage", "--db", str(tmp_path / "nope.duckdb")]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "does not exist" in err
    assert not (tmp_path / "nope.duckdb").exists()


@pytest.mark.parametrize(
    ("value", "label", "kinds"),
    [
        ("192 ft", "Top of Steel", {"height"}),
        ("58.5", "Height (m)", {"height"}),
        ("04/25/2022", "Next Due", {"date"}),
        ("March 3, 2026", "Signed", {"date"}),
        ("$1,975.00", "Payment", {"money"}),
        ("87.4%", "Usage", {"percent"}),
        ("34.948755", "Lat/Long", {"coordinate_lat", "coordinate_lon"}),
        ("97-14-03.2 W", "Position", {"coordinate_lon"}),
        ("90", "Days", {"integer"}),
        ("L3x3x1/4", "Leg", set()),
        ("Acme Tower Engineering", "Firm", set()),
        ("The current term of the Agreement shall expire on August 7, 2026.", "Term", set()),
    ],
)
def test_value_kinds_read_the_value_and_the_label_unit(value: str, label: str, kinds: set[str]) -> None:
    """A value shows its type by its own marks (a unit, ``$``, ``%``, a date, degrees) or the label's unit."""
    assert value_kinds(value, label_parts(label)) == kinds
