"""How layouts drift over time: drift events filtered, counted per period and summed per field.

Pure functions of the ``drift_events`` frame ``towerkit.reports.loaders.load_drift`` reads (joined
with each document's issuer, zone and own date); the drift notebook and its live explorer widget
show what they return.
"""

from __future__ import annotations

from datetime import date

import polars as pl


def filter_events(
    events: pl.DataFrame,
    *,
    issuer: str | None = None,
    template_id: str | None = None,
    zone: str | None = None,
    since: date | None = None,
) -> pl.DataFrame:
    """Drift events narrowed by the notebook's filters; ``None`` keeps everything."""
    out = events
    for col, value in (("issuer", issuer), ("template_id", template_id), ("zone", zone)):
        if value is not None and col in out.columns:
            out = out.filter(pl.col(col) == value)
    if since is not None:
        out = out.filter(pl.col("detected_at").cast(pl.Date) >= since)
    return out


def drift_over_time(events: pl.DataFrame, by: str, every: str = "1w") -> pl.DataFrame:
    """Drift events counted per period and per value of ``by``.

    Periods are taken from the document's date when the frame has ``doc_date`` (when the layout
    changed in the world), else from ``detected_at`` (when towerkit noticed).

    Args:
        events: drift events as ``load_drift`` returns them.
        by: the column to split counts by (``issuer``, ``template_id``, ``zone``); nulls count as ``unknown``.
        every: the period, a polars duration such as ``1d``, ``1w``, ``1mo``.

    """
    when = "doc_date" if "doc_date" in events.columns else "detected_at"
    schema = {"period": pl.Date, by: pl.String, "events": pl.Int64}
    if events.height == 0:
        return pl.DataFrame(schema=schema)
    return (
        events.with_columns(
            pl.col(when).cast(pl.Datetime).dt.truncate(every).cast(pl.Date).alias("period"),
            pl.col(by).cast(pl.String).fill_null("unknown"),
        )
        .drop_nulls("period")
        .group_by(["period", by])
        .agg(pl.len().cast(pl.Int64).alias("events"))
        .sort(["period", by])
        .select(list(schema))
    )


def field_changes(events: pl.DataFrame) -> pl.DataFrame:
    """Per field: how often it moved, vanished or appeared under a new label, and how far it moved."""
    schema = {
        "field": pl.String,
        "moved": pl.Int64,
        "missing": pl.Int64,
        "new_label": pl.Int64,
        "major": pl.Int64,
        "mean_delta_pt": pl.Float64,
        "docs": pl.Int64,
    }
    rows = events.filter(pl.col("field").is_not_null())
    if rows.height == 0:
        return pl.DataFrame(schema=schema)
    return (
        rows.group_by("field")
        .agg(
            (pl.col("kind") == "field_moved").sum().cast(pl.Int64).alias("moved"),
            (pl.col("kind") == "field_missing").sum().cast(pl.Int64).alias("missing"),
            (pl.col("kind") == "new_label").sum().cast(pl.Int64).alias("new_label"),
            (pl.col("severity") == "major").sum().cast(pl.Int64).alias("major"),
            pl.col("delta_pt").filter(pl.col("kind") == "field_moved").mean().round(1).alias("mean_delta_pt"),
            pl.col("doc_id").n_unique().cast(pl.Int64).alias("docs"),
        )
        .sort(["docs", "field"], descending=[True, False])
        .select(list(schema))
    )


def drift_totals(events: pl.DataFrame, by: str) -> pl.DataFrame:
    """Events and affected documents per value of ``by``, per kind in columns."""
    if events.height == 0:
        return pl.DataFrame(schema={by: pl.String, "docs": pl.Int64, "events": pl.Int64})
    counts = (
        events.with_columns(pl.col(by).cast(pl.String).fill_null("unknown"))
        .group_by(by)
        .agg(pl.col("doc_id").n_unique().cast(pl.Int64).alias("docs"), pl.len().cast(pl.Int64).alias("events"))
    )
    kinds = (
        events.with_columns(pl.col(by).cast(pl.String).fill_null("unknown"))
        .pivot(on="kind", index=by, values="doc_id", aggregate_function="len")
        .fill_null(0)
    )
    return counts.join(kinds, on=by, how="left").sort(["events", by], descending=[True, False])
