# ruff: noqa: S101, PLR2004, INP001
"""docs/compliance_rules.md's rule -> query table says exactly what the queries' ``-- rules:`` headers say."""

from __future__ import annotations

import re
from pathlib import Path

from towerkit.queries import list_queries

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "compliance_rules.md"
_ROW = re.compile(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \| (.+) \|$")
_LINK = re.compile(r"\[([a-z0-9_]+)\]\(\.\./queries/([a-z0-9_]+)\.sql\) \((rule|report)\)")


def _table() -> dict[str, list[tuple[str, str]]]:
    text = RULES.read_text(encoding="utf-8")
    block = text.split("<!-- rule-queries:start -->", 1)[1].split("<!-- rule-queries:end -->", 1)[0]
    out: dict[str, list[tuple[str, str]]] = {}
    for line in block.strip().splitlines()[2:]:
        m = _ROW.match(line)
        assert m, f"not a rule row: {line!r}"
        links = _LINK.findall(m.group(2))
        assert all(name == stem for name, stem, _ in links), line
        out[m.group(1)] = [(name, kind) for name, _, kind in links]
    return out


def test_table_matches_the_query_headers() -> None:
    """Every (rule, query) pair of the headers is in the table and the table has no other."""
    expected: dict[str, list[tuple[str, str]]] = {}
    for q in list_queries(ROOT / "queries"):
        for rule in q.rules:
            expected.setdefault(rule, []).append((q.name, q.kind))
    table = _table()
    assert {k: sorted(v) for k, v in table.items()} == {k: sorted(v) for k, v in expected.items()}


def test_every_rule_id_is_in_the_catalogue_and_every_link_resolves() -> None:
    """A rule id of the table has its row in the catalogue below it; each linked query file exists."""
    text = RULES.read_text(encoding="utf-8")
    catalogue = text.split("<!-- rule-queries:end -->", 1)[1]
    ids = set(re.findall(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|", catalogue, re.MULTILINE))
    table = _table()
    assert set(table) <= ids
    for queries in table.values():
        for name, _ in queries:
            assert (ROOT / "queries" / f"{name}.sql").is_file()
