"""Frames as a report reader sees them: a plain HTML table, shortened ids, JSON-ready rows.

polars' own notebook view is made for analysts (dtypes, quoted strings); a compliance reader wants
the values. ``towerkit query --format json`` and the notebooks' glued data share ``frame_records``,
so a report and the command print the same rows.
"""

from __future__ import annotations

import hashlib
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


UNITS = {"ft": "ft", "pct": "%", "usd": "USD", "days": "days", "years": "years", "months": "months", "pt": "pt"}
"""Column-name words that are units (``height_ft``, ``escalator_pct``): headers put them in brackets."""
HEADERS = {"days_left": "due in (days)", "delta_pt": "shift (pt)", "mean_delta_pt": "mean shift (pt)"}
"""Headers whose unit word is not at the end of the column name, or whose plain reading would mislead."""
NOWRAP_MAX_CHARS = 24
"""A text column whose values all have no space and at most this many characters is an id or code
(``OK-0495``, ``FAA-DNH-18M``): it is kept on one line, as dates are, rather than broken at hyphens."""


def header(column: str) -> str:
    """A column's header as a reader wants it: words, with the unit in brackets (``height_ft`` -> ``height (ft)``)."""
    if column in HEADERS:
        return HEADERS[column]
    words = column.split("_")
    if len(words) > 1 and words[-1] in UNITS:
        return f"{' '.join(words[:-1])} ({UNITS[words[-1]]})"
    return column.replace("_", " ")


def _html_cell(v: Any) -> str:
    """One value as table-cell text: nulls and NaN blank, floats without trailing zeros, HTML escaped."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if not math.isnan(v) else ""
    return html.escape(v.isoformat() if isinstance(v, (date, datetime)) else str(v))


def nowrap_columns(frame: pl.DataFrame) -> list[str]:
    """The columns a table keeps on one line: dates and times, numbers, and id-like text."""
    out = []
    for col, dtype in frame.schema.items():
        if dtype.is_temporal() or dtype.is_numeric():
            out.append(col)
        elif dtype == pl.String:
            lengths = frame[col].drop_nulls().str.len_chars()
            spaced = frame[col].drop_nulls().str.contains(r"\s").any()
            if lengths.len() and not spaced and int(lengths.max() or 0) <= NOWRAP_MAX_CHARS:  # type: ignore[arg-type]  # max() of lengths is an int
                out.append(col)
    return out


@dataclass(frozen=True)
class Table:
    """A frame shown as a plain HTML table: no dtype row, no quotes around text, nulls blank, units in headers.

    ``_repr_html_`` is what Jupyter and nbconvert render; at most ``max_rows`` rows are shown. Jupyter's
    stylesheet sets ``white-space: normal`` on every cell, which breaks ``2026-02-01`` at its hyphens;
    the table carries its own rule (``!important``, scoped by a class made from its content) that keeps
    date, number and id columns on one line.
    """

    frame: pl.DataFrame
    max_rows: int = 200

    def _repr_html_(self) -> str:
        head = "".join(f'<th title="{html.escape(c)}">{html.escape(header(c))}</th>' for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{_html_cell(v)}</td>" for v in row) + "</tr>"
            for row in self.frame.head(self.max_rows).iter_rows()
        )
        more = (
            f"<p><em>{self.frame.height - self.max_rows} more rows in the notebook's data.</em></p>"
            if self.frame.height > self.max_rows
            else ""
        )
        scope = "tk-" + hashlib.sha256((head + body).encode()).hexdigest()[:12]
        kept = [i + 1 for i, c in enumerate(self.frame.columns) if c in set(nowrap_columns(self.frame))]
        rule = ", ".join(f"table.{scope} td:nth-child({i})" for i in kept)
        style = f"<style>{rule} {{ white-space: nowrap !important; }}</style>" if kept else ""
        return (
            f'{style}<table class="dataframe towerkit-table {scope}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{more}"
        )

    def __repr__(self) -> str:
        return repr(self.frame)
