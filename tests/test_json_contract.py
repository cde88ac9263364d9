# ruff: noqa: S101, PLR2004, INP001, S603
"""``--json`` across commands, as docs/cli.md states it: one object per summary or listing, UTC ``Z`` stamps.

One small generated corpus is ingested by the real CLI; every command runs in its own process and its
whole stdout must parse as one JSON object (``pairs --json`` alone is a stream of lines).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from towerkit.sample import generate

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def tk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=300, cwd=cwd, check=False
    )


@pytest.fixture(name="env", scope="module")
def _env(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("json")
    generate(root / "c", docs=16, seed=3)
    db = root / "t.duckdb"
    r = tk("ingest", str(root / "c"), "--db", str(db), "--json", cwd=root)
    assert r.returncode == 0, r.stderr
    return root, db, json.loads(r.stdout)


def _stamps(value: Any, key: str = "") -> list[tuple[str, str]]:
    """Every (key, value) whose key names a time (``*_at``), anywhere in the object."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _stamps(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _stamps(v, key)]
    return [(key, value)] if key.endswith("_at") and isinstance(value, str) else []


def test_every_summary_and_listing_is_one_object_with_utc_stamps(env: tuple[Path, Path, dict[str, Any]]) -> None:
    """Each command's stdout is exactly one JSON object; listings are arrays inside it."""
    root, db, ingest = env
    d = str(db)
    rows = json.loads(tk("query", "coverage", "--db", d, "--format", "json", cwd=root).stdout)
    assert isinstance(rows, list)  # query --format json keeps its shape: an array of rows
    commands: dict[str, tuple[list[str], str | None]] = {
        "quarantine list": (["quarantine", "list", "--db", d, "--json"], "documents"),
        "alerts": (["alerts", "--db", d, "--json", "--all"], "alerts"),
        "review list": (["review", "list", "--db", d, "--json", "--all"], "documents"),
        "tags": (["tags", "--db", d, "--json"], None),
        "audit verify": (["audit", "verify", "--db", d, "--json"], "problems"),
        "coverage": (["coverage", "--db", d, "--json"], "groups"),
        "catalog suggest": (["catalog", "suggest", "--db", d, "--json"], "suggestions"),
        "report --list": (["report", "--list", "--json"], "reports"),
        "sample": (["sample", "--out", str(root / "s2"), "--docs", "3", "--json"], None),
    }
    for name, (args, listing) in commands.items():
        r = tk(*args, cwd=root)
        assert r.returncode == 0, (name, r.stderr)
        body = json.loads(r.stdout)
        assert isinstance(body, dict), name
        if listing is not None:
            assert isinstance(body[listing], list), name
        for key, stamp in _stamps(body):
            assert STAMP.match(stamp), (name, key, stamp)
    for key in ("failed_files", "quarantined_files", "paused_zones"):
        assert isinstance(ingest[key], list)
    assert STAMP.match(ingest["started_at"]) and STAMP.match(ingest["finished_at"])


def test_show_reextract_and_lineage_are_objects(env: tuple[Path, Path, dict[str, Any]]) -> None:
    """Per-document commands give one object too; pairs --json stays a stream of lines."""
    root, db, _ = env
    d = str(db)
    import duckdb  # noqa: PLC0415  (the test reads the database the CLI wrote)

    with duckdb.connect(d, read_only=True) as conn:
        doc_id, path = conn.execute(
            "SELECT d.doc_id, d.path FROM documents d JOIN fields f USING (doc_id) WHERE f.field = 'site_id' "
            "AND d.status = 'ingested' AND d.engine = 'pdfplumber' ORDER BY d.doc_id LIMIT 1"
        ).fetchone()
    show = json.loads(tk("review", "show", doc_id[:12], "--db", d, "--json", cwd=root).stdout)
    assert show["doc_id"] == doc_id and isinstance(show["fields"], list)
    lin = json.loads(tk("lineage", doc_id[:12], "site_id", "--db", d, "--json", cwd=root).stdout)
    assert lin["doc_id"] == doc_id and lin["records"][0]["in_force"] is True
    rex = tk("reextract", "--doc", doc_id[:12], "--db", d, "--json", cwd=root)
    assert rex.returncode == 0, rex.stderr
    assert json.loads(rex.stdout)["documents"] == 1
    pairs = tk("pairs", path, "--json", cwd=root)
    lines = [json.loads(line) for line in pairs.stdout.splitlines()]
    assert lines and all({"label", "value", "page"} <= set(p) for p in lines)
