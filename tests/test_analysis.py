# ruff: noqa: S101, PLR2004, INP001  pytest asserts; expected values are literals; tests/ is a folder of test modules, not a package
# ruff: noqa: DTZ001  naive timestamps on purpose: DuckDB TIMESTAMP columns (and the frames read from them) carry no zone
"""The pure helpers behind the notebooks (compliance_summary, tables, drift_timeline, clustering) and their figures."""

from __future__ import annotations

import io
from datetime import date, datetime
from itertools import combinations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from towerkit.drift import fingerprint
from towerkit.reports import clustering, compliance_summary, drift_timeline, notebook, plots, tables


def test_resolve_as_of_none_is_today_and_iso_parses() -> None:
    """None means today; ISO strings and dates pass; anything else is refused with a clear message."""
    assert notebook.resolve_as_of(None, today=date(2026, 3, 1)) == date(2026, 3, 1)
    assert notebook.resolve_as_of("2026-02-28") == date(2026, 2, 28)
    assert notebook.resolve_as_of(datetime(2026, 1, 2, 3, 4)) == date(2026, 1, 2)
    with pytest.raises(ValueError, match="ISO date"):
        notebook.resolve_as_of("31/01/2026")


def test_rule_text_shows_ids_meaning_boundaries_and_count() -> None:
    """A rule's section names its rule ids, what a finding means, its boundaries and the finding count."""
    info = compliance_summary.RuleInfo(
        "inspections_overdue",
        "Structural inspections overdue",
        "one site past its interval",
        ("TIA-INSP",),
        ("as_of", "zone"),
        ("guyed towers every 3 years",),
    )
    text = compliance_summary.rule_text(info, 1)
    assert text.splitlines()[0] == "### Structural inspections overdue (TIA-INSP)"
    assert "Each finding: one site past its interval." in text
    assert "- guyed towers every 3 years" in text
    assert text.endswith("`towerkit query inspections_overdue`: **1** finding.")


def test_rule_text_fills_parameters_and_display_frame_shortens_ids() -> None:
    """Header placeholders read as the report's values; hash ids and lists are shortened for reading."""
    info = compliance_summary.RuleInfo("x", "Due within $horizon_days days", "", (), ("horizon_days",))
    assert compliance_summary.rule_text(info, 0, {"horizon_days": 30}).startswith("### Due within 30 days")
    frame = pl.DataFrame({"doc_id": ["a" * 64], "doc_ids": [["b" * 64, "c" * 64]], "n": [1]})
    shown = tables.display_frame(frame, width=4).row(0, named=True)
    assert shown == {"doc_id": "aaaa…", "doc_ids": "bbbb, cccc", "n": 1}


def test_table_renders_plain_escaped_values() -> None:
    """Report tables show values without quotes or dtypes, escape HTML, leave nulls blank and cap rows."""
    frame = pl.DataFrame({"site_id": ["<b>X</b>", None], "due": [date(2026, 1, 2), None], "x": [1.5, 2.0]})
    page = tables.Table(frame, max_rows=1)._repr_html_()
    assert "<td>&lt;b&gt;X&lt;/b&gt;</td><td>2026-01-02</td><td>1.5</td>" in page
    assert '"' not in page.split("<tbody>")[1].split("</tbody>")[0]
    assert "1 more rows" in page


def test_upcoming_deadlines_keep_overdue_and_drop_beyond_horizon() -> None:
    """Findings due after as_of + horizon are left out; overdue ones stay with negative days_left."""
    results = {
        "insp": pl.DataFrame(
            {"site_id": ["A", "B", "C"], "due_date": [date(2026, 1, 1), date(2026, 2, 10), date(2026, 9, 1)]}
        ),
        "no_dates": pl.DataFrame({"site_id": ["Z"], "note": ["x"]}),
    }
    out = compliance_summary.upcoming_deadlines(results, date(2026, 2, 1), 30)
    assert out.to_dicts() == [
        {"rule": "insp", "site_id": "A", "due": date(2026, 1, 1), "days_left": -31},
        {"rule": "insp", "site_id": "B", "due": date(2026, 2, 10), "days_left": 9},
    ]
    buckets = compliance_summary.deadline_buckets(out)
    assert dict(zip(buckets["bucket"], buckets["n"], strict=False)) == {"overdue": 1, "0-29": 1}


def test_deadline_column_prefers_known_names_else_the_only_date() -> None:
    """The due-date column is found by name, else as the single date column, else not at all."""
    assert (
        compliance_summary.deadline_column(pl.DataFrame({"a": [date(2026, 1, 1)], "expires_on": [date(2026, 1, 2)]}))
        == "expires_on"
    )
    assert compliance_summary.deadline_column(pl.DataFrame({"x": [date(2026, 1, 1)]})) == "x"
    assert compliance_summary.deadline_column(pl.DataFrame({"x": [date(2026, 1, 1)], "y": [date(2026, 1, 1)]})) is None


def test_portfolio_summary_and_quarantine_backlog() -> None:
    """Headline counts and the pending backlog are computed from the frames, nulls included."""
    docs = pl.DataFrame({"site_id": ["A", "A", "B", None], "status": ["ingested", "quarantined", "ingested", "failed"]})
    assert compliance_summary.portfolio_summary(docs) == {
        "sites": 2,
        "documents": 4,
        "ingested": 2,
        "quarantined": 1,
        "failed": 1,
    }
    q = pl.DataFrame(
        {
            "doc_id": ["1", "2", "3"],
            "status": ["pending", "pending", "approved"],
            "queued_at": [datetime(2026, 1, 1), datetime(2026, 1, 20), datetime(2026, 1, 1)],
            "doc_type": ["lease_amendment", "lease_amendment", "field_log"],
        }
    )
    backlog = compliance_summary.quarantine_backlog(q, date(2026, 2, 1))
    assert backlog.to_dicts() == [{"doc_type": "lease_amendment", "pending": 2, "oldest_days": 31}]


def _events() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d3"],
            "kind": ["field_moved", "field_missing", "field_moved", "unknown_layout"],
            "field": ["inspection_date", "notice_days", "inspection_date", None],
            "delta_pt": [30.0, None, 50.0, None],
            "severity": ["minor", "major", "major", "major"],
            "issuer": ["acme", "acme", "zenith", None],
            "template_id": ["t1", "t1", "t2", "t2"],
            "zone": ["north", "north", "south", "south"],
            "detected_at": [datetime(2026, 2, 1)] * 4,
            "doc_date": [date(2024, 3, 5), date(2024, 3, 5), date(2025, 7, 1), None],
        }
    )


def test_drift_over_time_uses_document_dates_and_filters() -> None:
    """Events are counted per period of the document's own date and narrowed by the filters."""
    events = _events()
    per_year = drift_timeline.drift_over_time(events, "issuer", "1y")
    assert per_year.to_dicts() == [
        {"period": date(2024, 1, 1), "issuer": "acme", "events": 2},
        {"period": date(2025, 1, 1), "issuer": "zenith", "events": 1},
    ]
    assert drift_timeline.filter_events(events, zone="south", template_id="t2").height == 2
    assert drift_timeline.filter_events(events, issuer="acme", since=date(2026, 3, 1)).height == 0


def test_field_changes_counts_moves_and_vanishings() -> None:
    """Per field: moves, disappearances, major events, mean move distance, affected documents."""
    changes = {r["field"]: r for r in drift_timeline.field_changes(_events()).to_dicts()}
    assert changes["inspection_date"] == {
        "field": "inspection_date",
        "moved": 2,
        "missing": 0,
        "new_label": 0,
        "major": 1,
        "mean_delta_pt": 40.0,
        "docs": 2,
    }
    assert changes["notice_days"]["missing"] == 1
    totals = drift_timeline.drift_totals(_events(), "zone")
    assert totals.filter(pl.col("zone") == "south").row(0, named=True)["unknown_layout"] == 1


def test_shingles_ignore_values_and_jaccard_bounds() -> None:
    """Label shingles drop digits so two documents of one template share them despite their values."""
    a = clustering.shingles(["Site", "ID:", "TX-0001", "Inspection", "Date:", "2024-01-05", "Result:", "pass"], k=2)
    b = clustering.shingles(["Site", "ID:", "TX-0099", "Inspection", "Date:", "2025-11-30", "Result:", "pass"], k=2)
    assert a == b
    assert "site id" in a
    assert fingerprint.jaccard(a, b) == 1.0
    assert fingerprint.jaccard(frozenset({"x"}), frozenset({"y"})) == 0.0
    assert fingerprint.jaccard(frozenset(), frozenset()) == 1.0


def test_average_linkage_small_known_case() -> None:
    """A and b (distance 2) merge first; c joins at the mean of its distances to them."""
    d = np.array([[0, 2, 6], [2, 0, 8], [6, 8, 0]], dtype=float)
    z = clustering.average_linkage(d)
    assert z.tolist() == [[0, 1, 2, 2], [2, 3, 7, 3]]
    assert clustering.cut_tree(z, 3, 2.0) == [1, 1, 2]
    assert clustering.cut_tree(z, 3, 10.0) == [1, 1, 1]
    assert clustering.leaf_order(z, 3) == [2, 0, 1]  # left child (the lower id, item 2) first, as scipy


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=36))
def test_average_linkage_heights_are_mean_original_distances(values: list[float]) -> None:
    """Every merge height equals the mean original distance between the two merged groups (UPGMA)."""
    n = 2
    while n * (n - 1) // 2 < len(values):
        n += 1
    flat = (values * n * n)[: n * (n - 1) // 2]
    d = np.zeros((n, n))
    for (i, j), v in zip(combinations(range(n), 2), flat, strict=False):
        d[i, j] = d[j, i] = v
    z = clustering.average_linkage(d)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for step, (a, b, height, size) in enumerate(z):
        left, right = members[int(a)], members[int(b)]
        assert height == pytest.approx(np.mean([d[i, j] for i in left for j in right]))
        assert size == len(left) + len(right)
        members[n + step] = left + right
    assert sorted(clustering.leaf_order(z, n)) == list(range(n))
    assert len(set(clustering.cut_tree(z, n, -1.0))) == n


def test_clusters_against_templates_and_outliers() -> None:
    """Two clear layout groups and one stray document: clusters match templates, the stray is an outlier."""
    sets = [
        frozenset({"a", "b", "c"}),
        frozenset({"a", "b", "c", "d"}),
        frozenset({"x", "y"}),
        frozenset({"x", "y", "z"}),
        frozenset({"q"}),
    ]
    sim = clustering.similarity_matrix(sets, fingerprint.jaccard)
    z = clustering.average_linkage(1 - sim)
    clusters = clustering.cut_tree(z, 5, 0.5)
    assert clusters == [1, 1, 2, 2, 3]
    templates = ["t1", "t1", "t2", "t2", None]
    assert clustering.cluster_purity(templates, clusters) == 1.0
    table = clustering.cluster_table(["d1", "d2", "d3", "d4", "d5"], clusters, templates)
    assert table.filter(pl.col("cluster") == 3)["template_id"].to_list() == ["(none)"]
    odd = clustering.outliers(sim, ["d1", "d2", "d3", "d4", "d5"], 0.3)
    assert odd["doc"].to_list() == ["d5"]


def test_layout_similarity_prefers_the_engine_on_stored_layouts() -> None:
    """Stored layout shingles are compared by towerkit.drift.fingerprint.similarity; tokens otherwise."""
    sim, method = clustering.layout_similarity(["a", "b"], stored={"a": ["s1", "s2"], "b": ["s1", "s3"]})
    assert "towerkit.drift.fingerprint" in method
    assert sim[0, 1] == pytest.approx(1 / 3)
    tokens = pl.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "page": [1] * 4,
            "text": ["Site", "ID:", "Site", "ID:"],
            "x0": [10.0, 40.0, 10.0, 40.0],
            "top": [10.0] * 4,
            "x1": [30.0, 60.0, 30.0, 60.0],
            "bottom": [20.0] * 4,
        }
    )
    sim2, method2 = clustering.layout_similarity(["a", "b"], stored={}, tokens=tokens)
    assert sim2[0, 1] == pytest.approx(1.0)
    assert method2


def test_frame_records_are_json_ready() -> None:
    """Dates become ISO text and NaN becomes null, as in `towerkit query --format json`."""
    frame = pl.DataFrame({"d": [date(2026, 1, 2)], "x": [float("nan")], "s": ["a"]})
    assert tables.frame_records(frame) == [{"d": "2026-01-02", "x": None, "s": "a"}]


def _non_blank(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("L")
    pixels = np.asarray(image)
    return bool((pixels < 200).mean() > 0.005)


def test_every_figure_renders_a_non_blank_png() -> None:
    """Each plot helper draws something visible, including its empty-data message."""
    deadlines = pl.DataFrame(
        {"rule": ["a", "b"], "site_id": ["S1", "S2"], "due": [date(2026, 1, 1)] * 2, "days_left": [-3, 40]}
    )
    events = _events()
    sim = np.array([[1.0, 0.2, 0.1], [0.2, 1.0, 0.8], [0.1, 0.8, 1.0]])
    z = clustering.average_linkage(1 - sim)
    figures = [
        plots.deadline_chart(deadlines, date(2026, 1, 1), 90),
        plots.deadline_chart(deadlines.head(0), date(2026, 1, 1), 90),
        plots.bar_counts(pl.DataFrame({"k": ["x", "y"], "n": [3, 1]}), "k", "n", "counts"),
        plots.stacked_timeline(drift_timeline.drift_over_time(events, "zone", "1y"), "zone", "drift"),
        plots.field_changes_chart(drift_timeline.field_changes(events)),
        plots.heatmap(sim, ["a", "b", "c"], clustering.leaf_order(z, 3)),
        plots.dendrogram(z, ["a", "b", "c"], 0.5),
    ]
    for fig in figures:
        png = plots.png_bytes(fig)
        assert png.startswith(b"\x89PNG")
        assert _non_blank(png)
    assert plots.describe(figures[1]).startswith("No deadlines")
