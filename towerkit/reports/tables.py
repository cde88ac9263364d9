"""Frames as a report reader sees them: a plain HTML table, shortened ids, JSON-ready rows.

polars' own notebook view is made for analysts (dtypes, quoted strings); a compliance reader wants
the values. ``towerkit query --format json`` and the notebooks' glued data share ``frame_records``,
so a report and the command print the same rows.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

SHA256_HEX_LEN = 64
"""Length of a sha256 hex digest: a ``*doc_id`` string this long is a content id, shortened for display."""


def _json_value(v: Any) -> Any:
    """Dates as ISO text and NaN as None; everything else as polars returned it."""
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def frame_records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (dates as ISO text), the shape ``towerkit query --format json`` uses."""
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def display_frame(frame: pl.DataFrame, width: int = 12) -> pl.DataFrame:
    """A finding table for reading: sha256 ids cut to ``width`` characters and lists joined.

    Only for display; glued data and ``towerkit query`` keep the full ids.
    """

    def short(col: str) -> pl.Expr:
        return (
            pl.when(pl.col(col).str.len_chars() == SHA256_HEX_LEN)
            .then(pl.col(col).str.slice(0, width) + pl.lit("…"))
            .otherwise(pl.col(col))
            .alias(col)
        )

    exprs = []
    for col, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            exprs.append(
                pl.col(col).list.eval(pl.element().cast(pl.String).str.slice(0, width)).list.join(", ").alias(col)
            )
        elif dtype == pl.String and col.endswith("doc_id"):
            exprs.append(short(col))
    return frame.with_columns(exprs) if exprs else frame


def _html_cell(v: Any) -> str:
    """One value as table-cell text: nulls and NaN blank, floats without trailing zeros, HTML escaped."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if not math.isnan(v) else ""
    return html.escape(v.isoformat() if isinstance(v, (date, datetime)) else str(v))


@dataclass(frozen=True)
class Table:
    """A frame shown as a plain HTML table: no dtype row, no quotes around text, nulls blank.

    ``_repr_html_`` is what Jupyter and nbconvert render; at most ``max_rows`` rows are shown.
    """

    frame: pl.DataFrame
    max_rows: int = 200

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_html_cell(v)}</td>" for v in row) + "</tr>"
            for row in self.frame.head(self.max_rows).iter_rows()
        )
        more = (
            f"<p><em>{self.frame.height - self.max_rows} more rows in the notebook's data.</em></p>"
            if self.frame.height > self.max_rows
            else ""
        )
        return (
            f'<table class="dataframe" style="white-space: nowrap"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{more}"
        )

    def __repr__(self) -> str:
        return repr(self.frame)
