"""Matplotlib figures for the notebooks, rendered to static PNG (no JavaScript, no network).

Figures are built on ``matplotlib.figure.Figure`` with the Agg canvas, never through pyplot, so no
global figure state leaks between cells and nothing is displayed twice; ``show(fig)`` puts the PNG
into the notebook, where nbconvert embeds it in the HTML report as a data URI.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from towerkit.reports.clustering import leaf_order
from towerkit.reports.drift_timeline import field_changes
from towerkit.reports.notebook import display_raw
from towerkit.reports.tables import Table

DPI = 100
"""Resolution of every figure and its PNG: 8 x 4 inches become 800 x 400 pixels."""
SOON_DAYS = 30
"""Deadlines fewer days away than this are drawn orange (overdue ones red)."""
OVERDUE_LANE_SHARE = 0.25
"""The overdue lane's width as a share of the horizon: room for a "1611 d overdue" label at the chart's
size while the horizon keeps four fifths of the axis, however long ago a deadline passed."""
MAX_OVERDUE_LABELS = 3
"""Overdue items a rule's row labels one by one; the rest are counted in one more label (they would overlap)."""
OVERDUE_STEP = 0.24
"""Vertical spacing, in rows, between the stacked overdue items of one rule."""
MAX_HEATMAP_LABELS = 60
"""Above this many documents the heat map drops its tick labels: they would overlap."""
MAX_DENDROGRAM_LABELS = 80
"""Above this many documents the dendrogram drops its leaf labels: they would overlap."""
MIN_TO_CLUSTER = 2
"""A dendrogram needs at least two documents."""


def new_figure(width: float = 8.0, height: float = 4.0) -> Figure:
    """A figure with an Agg canvas attached (renders without a display or a GUI backend)."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def describe(fig: Figure) -> str:
    """A figure's alternative text: its axes titles (and the message of an empty figure)."""
    parts = [ax.get_title() for ax in fig.axes if ax.get_title()]
    parts += [t.get_text() for ax in fig.axes for t in ax.texts if not parts]
    return "; ".join(parts) or "chart"


def show(fig: Figure, alt: str | None = None) -> None:
    """Display a figure as an inline PNG in the running notebook, with alternative text.

    The HTML form carries ``alt`` (nbconvert's templates cannot take it from metadata); the plain
    ``image/png`` form is what Jupyter and papermill keep as the image itself.
    """
    encoded = base64.b64encode(png_bytes(fig)).decode("ascii")
    text = html.escape(alt or describe(fig), quote=True)
    display_raw(
        {
            "image/png": encoded,
            "text/html": f'<img alt="{text}"{axis_attributes(fig)} src="data:image/png;base64,{encoded}"/>',
        }
    )


def axis_attributes(fig: Figure) -> str:
    """The first axes' x range as an ``<img>`` attribute, so a reader of the HTML (or a test) can check the scale."""
    axes = [ax for ax in fig.axes if ax.axison]
    if not axes:
        return ""
    lo, hi = axes[0].get_xlim()
    return f' data-xlim="{lo:g} {hi:g}"'


def _empty(fig: Figure, message: str) -> Figure:
    """``fig`` showing only ``message``: a chart with nothing to draw still says why in the report."""
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555")
    ax.set_axis_off()
    return fig


def deadline_chart(deadlines: pl.DataFrame, as_of: date, horizon_days: int) -> Figure:
    """Deadlines on the horizon (0 to ``horizon_days``), one row per rule, one dot per site.

    Overdue deadlines do not stretch the axis (one due five years ago would squeeze the horizon into
    a sliver): they sit at the left edge of a shaded lane left of 0, each labelled with its days overdue.
    """
    rules = sorted(set(deadlines["rule"].to_list())) if deadlines.height else []
    overdue = deadlines.filter(pl.col("days_left") < 0).sort("days_left") if deadlines.height else deadlines
    most = max((overdue["rule"] == r).sum() for r in rules) if overdue.height else 0
    row_inches = 0.45 if most <= 1 else 0.7
    fig = new_figure(9.0, max(2.5, row_inches * len(rules) + 1.6))
    if not rules:
        return _empty(fig, f"No deadlines due by {as_of.isoformat()} + {horizon_days} days")
    ax = fig.add_subplot()
    y = {rule: i for i, rule in enumerate(rules)}
    lane = max(1.0, OVERDUE_LANE_SHARE * horizon_days)
    ax.axvspan(-lane, 0, color="#f6dcd8", zorder=0)
    ax.text(-lane / 2, len(rules) - 0.45, "overdue", ha="center", va="bottom", fontsize=8, color="#c0392b")
    upcoming = deadlines.filter(pl.col("days_left") >= 0)
    days = upcoming["days_left"].to_numpy()
    colors = np.where(days < SOON_DAYS, "#e67e22", "#2e86c1")
    ax.scatter(days, [y[r] for r in upcoming["rule"].to_list()], c=colors, s=36, alpha=0.8, zorder=3, clip_on=False)
    for rule in rules:
        _overdue_row(ax, overdue.filter(pl.col("rule") == rule)["days_left"].to_list(), y[rule], lane)
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_yticks(range(len(rules)), rules)
    ax.set_ylim(-0.6, len(rules) - 0.4 + (0.35 if overdue.height else 0))
    ax.set_xlim(-lane, horizon_days)
    ticks = MaxNLocator(nbins=6, integer=True).tick_values(0, horizon_days)
    ax.set_xticks([t for t in ticks if 0 <= t <= horizon_days])
    ax.set_xlabel(f"days from {as_of.isoformat()} (orange: < {SOON_DAYS} days; red lane: overdue, by how many days)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Deadlines within {horizon_days} days")
    return fig


def _overdue_row(ax: Axes, days_left: Sequence[int], row: int, lane: float) -> None:
    """One rule's overdue items at the lane's left edge, stacked, each labelled with its days overdue."""
    shown = list(days_left[:MAX_OVERDUE_LABELS])
    labels = [f"{-d:,} d overdue" for d in shown]
    if len(days_left) > MAX_OVERDUE_LABELS:
        labels.append(f"+{len(days_left) - MAX_OVERDUE_LABELS} more")
    for k, label in enumerate(labels):
        at = row + (k - (len(labels) - 1) / 2) * OVERDUE_STEP
        if k < len(shown):
            ax.scatter([-lane], [at], c="#c0392b", s=30, zorder=4, clip_on=False)
        ax.text(-lane * 0.9, at, label, ha="left", va="center", fontsize=7, color="#7b241c")


def bar_counts(frame: pl.DataFrame, label: str, value: str, title: str, color: str = "#2e86c1") -> Figure:
    """Horizontal bars of ``value`` per ``label`` (biggest on top)."""
    fig = new_figure(8.0, max(2.5, 0.35 * frame.height + 1.4))
    if frame.height == 0:
        return _empty(fig, f"{title}: nothing to show")
    ax = fig.add_subplot()
    ordered = frame.sort(value)
    ax.barh([str(v) for v in ordered[label].to_list()], ordered[value].to_list(), color=color)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def stacked_timeline(over_time: pl.DataFrame, by: str, title: str) -> Figure:
    """Stacked bars of events per period, one colour per value of ``by``."""
    fig = new_figure(9.0, 4.0)
    if over_time.height == 0:
        return _empty(fig, f"{title}: no drift events")
    wide = over_time.pivot(on=by, index="period", values="events", aggregate_function="sum").fill_null(0)
    wide = wide.sort("period")
    ax = fig.add_subplot()
    periods = [p.isoformat() for p in wide["period"].to_list()]
    bottom = np.zeros(len(periods))
    for col in [c for c in wide.columns if c != "period"]:
        values = wide[col].to_numpy().astype(float)
        ax.bar(periods, values, bottom=bottom, label=col)
        bottom += values
    ax.set_title(title)
    ax.set_ylabel("events")
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def field_changes_chart(changes: pl.DataFrame) -> Figure:
    """Per field, how often it moved, went missing or appeared under a new label."""
    fig = new_figure(8.0, max(2.5, 0.35 * changes.height + 1.4))
    if changes.height == 0:
        return _empty(fig, "No field moved or vanished")
    ax = fig.add_subplot()
    ordered = changes.sort("docs")
    names = ordered["field"].to_list()
    left = np.zeros(len(names))
    for col, color in (("moved", "#2e86c1"), ("missing", "#c0392b"), ("new_label", "#27ae60")):
        values = ordered[col].to_numpy().astype(float)
        ax.barh(names, values, left=left, color=color, label=col.replace("_", " "))
        left += values
    ax.set_title("Fields that move or vanish")
    ax.legend(fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return fig


def heatmap(similarity: npt.NDArray[np.float64], labels: Sequence[str], order: Sequence[int]) -> Figure:
    """Pairwise similarity as a heat map, rows and columns in dendrogram order."""
    n = len(order)
    size = min(12.0, max(4.0, 0.18 * n + 3.0))
    fig = new_figure(size, size * 0.85)
    if n == 0:
        return _empty(fig, "No documents to compare")
    ax = fig.add_subplot()
    idx = list(order)
    image = ax.imshow(similarity[np.ix_(idx, idx)], vmin=0.0, vmax=1.0, cmap="viridis")
    if n <= MAX_HEATMAP_LABELS:
        names = [labels[i] for i in idx]
        ax.set_xticks(range(n), names, rotation=90, fontsize=6)
        ax.set_yticks(range(n), names, fontsize=6)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(image, ax=ax, label="layout similarity")
    ax.set_title("Pairwise layout similarity")
    return fig


def dendrogram(z: npt.NDArray[np.float64], labels: Sequence[str], threshold: float | None = None) -> Figure:
    """A dendrogram of a linkage matrix (as ``clustering.average_linkage`` returns), drawn directly."""
    n = len(labels)
    # rotated labels take height of their own; keep ~4 inches for the tree itself
    label_inches = 0.065 * max((len(s) for s in labels), default=0) if n <= MAX_DENDROGRAM_LABELS else 0.0
    fig = new_figure(10.0, 4.0 + label_inches)
    if n < MIN_TO_CLUSTER:
        return _empty(fig, "Fewer than two documents: nothing to cluster")
    order = leaf_order(z, n)
    x: dict[int, float] = {leaf: float(i) for i, leaf in enumerate(order)}
    h: dict[int, float] = dict.fromkeys(range(n), 0.0)
    ax = fig.add_subplot()
    for step, (left, right, height, _) in enumerate(z):
        a, b = int(left), int(right)
        node = n + step
        ax.plot([x[a], x[a], x[b], x[b]], [h[a], height, height, h[b]], color="#34495e", linewidth=0.9)
        x[node] = (x[a] + x[b]) / 2
        h[node] = float(height)
    if threshold is not None:
        ax.axhline(threshold, color="#c0392b", linestyle="--", linewidth=1, label=f"cut at {threshold:g}")
        ax.legend(fontsize=8)
    if n <= MAX_DENDROGRAM_LABELS:
        ax.set_xticks(range(n), [labels[i] for i in order], rotation=90, fontsize=6)
    else:
        ax.set_xticks([])
    ax.set_ylabel("distance (1 - similarity)")
    ax.set_title("Average-linkage clustering of document layouts")
    return fig


def drift_explorer(events: pl.DataFrame, columns: Sequence[str] = ("issuer", "template", "zone")) -> Any:
    """Ipywidgets dropdowns over drift events that redraw a table: for live Jupyter sessions only.

    Under papermill nobody moves the dropdowns, so notebooks print the static tables anyway; this
    widget only adds exploration when a frontend is attached. Returns the widget box.
    """
    # ipywidgets and IPython are deferred: only a live Jupyter session needs them, and importing
    # this module (every report notebook does) must not pay for them.
    import ipywidgets as widgets  # noqa: PLC0415  deferred heavy third-party import
    from IPython.display import display  # noqa: PLC0415  deferred heavy third-party import

    choices = {
        c: ["(all)", *sorted({str(v) for v in events[c].drop_nulls().to_list()})]
        for c in columns
        if c in events.columns
    }
    dropdowns = {c: widgets.Dropdown(options=opts, description=c) for c, opts in choices.items()}
    out = widgets.Output()

    def redraw(**values: str) -> None:
        narrowed = events
        for column, value in values.items():
            if value != "(all)":
                narrowed = narrowed.filter(pl.col(column).cast(pl.String) == value)
        with out:
            out.clear_output(wait=True)
            display(Table(field_changes(narrowed)))  # type: ignore[no-untyped-call]  # IPython has no annotations

    widgets.interactive_output(redraw, dict(dropdowns))
    return widgets.VBox([widgets.HBox(list(dropdowns.values())), out])
