"""What a notebook needs around its analysis: reading its parameters and handing figures to its runner.

Notebooks ``glue()`` their key figures as a custom MIME output that tests and tools read back with
``read_glue()`` (the idea of scrapbook's glue, in a dozen lines); ``towerkit report`` leaves that
output out of the HTML export.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.reports.tables import Table

GLUE_MIME = "application/vnd.towerkit.glue+json"
"""The MIME type of glued values: invisible in Jupyter and dropped from the HTML report."""


def resolve_as_of(as_of: str | date | None, today: date | None = None) -> date:
    """The report date: ``None`` (or an empty string) means today, so a parameters cell can leave it unset.

    Args:
        as_of: the parameters cell's value: an ISO date string, a date or datetime, or None.
        today: the date None stands for (default: the local calendar day).

    Raises:
        ValueError: ``as_of`` is not an ISO date (``YYYY-MM-DD``).

    """
    if as_of is None or as_of == "":
        # the analyst's local calendar day, as date.today() gives it
        return today or datetime.now().astimezone().date()
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {as_of!r}") from None


def display_raw(bundle: dict[str, Any]) -> None:
    """Display a MIME bundle (MIME type -> data) as the running cell's output."""
    # IPython is deferred: it is present only in a notebook kernel, and importing towerkit (the CLI,
    # the ingest workers) must not pay for it.
    from IPython.display import display  # noqa: PLC0415  deferred heavy third-party import

    display(bundle, raw=True)  # type: ignore[no-untyped-call]  # IPython's display() has no annotations


def glue(name: str, value: Any) -> None:
    """Record a JSON value in the notebook's outputs under ``name`` (invisible in the HTML report)."""
    display_raw({GLUE_MIME: {"name": name, "data": json.loads(json.dumps(value, default=str))}})


def read_glue(notebook: Any) -> dict[str, Any]:
    """Every glued value of an executed notebook (a path or an nbformat node), by name."""
    if isinstance(notebook, (str, Path)):
        notebook = json.loads(Path(notebook).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if GLUE_MIME in data:
                out[data[GLUE_MIME]["name"]] = data[GLUE_MIME]["data"]
    return out


def show_markdown(text: str) -> None:
    """Display Markdown text (as IPython's ``Markdown`` does) as the running cell's output."""
    display_raw({"text/markdown": text, "text/plain": text})


def show_html(markup: str, text: str = "") -> None:
    """Display an HTML fragment, with ``text`` as its plain-text form."""
    display_raw({"text/html": markup, "text/plain": text or markup})


def show_table(frame: pl.DataFrame, empty: str = "Nothing to show.", max_rows: int = 200) -> None:
    """Display ``frame`` as a report table, or ``empty`` in italics when it has no rows."""
    if frame.height == 0:
        show_markdown(f"_{empty}_")
        return
    table = Table(frame, max_rows)
    show_html(table._repr_html_(), repr(frame))
