"""Delimited exports are laid out as the aligned tables they mean, so headers sit over their values."""

# ruff: noqa: S101, INP001

from __future__ import annotations

from towerkit.engines.delimited import align, delimiter_of
from towerkit.engines.text import extract_text
from towerkit.fields import classify, extract_fields, load_catalog
from towerkit.models import ExtractedDoc


def test_csv_tsv_and_pipe_exports_are_recognised_and_prose_is_not() -> None:
    """Every line splitting into the same cells names the delimiter; prose commas do not."""
    assert delimiter_of("Site ID,Site Name\nTX-1,Elm\n") == ","
    assert delimiter_of("Site ID\tTechnician\nTX-1\tB. Ruiz\n") == "\t"
    assert delimiter_of("a | b | c\n1 | 2 | 3\n") == "|"
    assert delimiter_of("Replaced bulb, checked wiring\nInspected, ok, no issues\nnothing to add\n") is None
    assert delimiter_of("Site ID,Site Name\n") is None  # one line is a sentence, not a table


def test_aligned_columns_keep_quoted_cells_whole() -> None:
    """Each column starts at one offset on every line, and a quoted comma stays inside its cell."""
    out = align('Site ID,Site Name,Tower Height\nTX-0001,"Elm Ridge, North",180 ft\n', ",").splitlines()
    assert out[0].index("Site Name") == out[1].index("Elm Ridge, North")
    assert out[0].index("Tower Height") == out[1].index("180 ft")


def test_a_wide_csv_export_yields_its_fields() -> None:
    """Header over values: the field log's site, date and technician come out of a one-row CSV."""
    data = (
        b"Site ID,Log Date,Technician,Activity,Light Outage\n"
        b"TX-0042,03/14/2026,Bea Ruiz,Quarterly site visit,No\n"
    )
    words, pages, encoding = extract_text(data)
    doc = ExtractedDoc("text", "text", pages[0].reason, tuple(pages), tuple(words))
    assert "comma-separated columns aligned" in pages[0].reason
    cat = load_catalog()
    fields = {f.field: f.value for f in extract_fields(doc, classify(doc, cat), cat)}
    assert fields.get("site_id") == "TX-0042"
    assert fields.get("log_date") == "2026-03-14"
