"""The batch-ingest notebook's sections: one run's files by zone and outcome, and the files that did not go in.

The notebook calls ``towerkit.pipeline.ingest.ingest`` itself (the run is the point of that
notebook); what it shows afterwards is read back here (``loaders.load_run``), so the notebook holds
only calls.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from towerkit.reports import plots
from towerkit.reports.loaders import RunData, load_run
from towerkit.reports.notebook import show_table


def show_outcomes(db_path: str | Path, run_id: str) -> RunData:
    """Files per zone and outcome of run ``run_id``, as a table and a chart; returns what it read."""
    run = load_run(db_path, run_id)
    show_table(run.outcomes, "The run saw no files.")
    totals = run.outcomes.group_by("outcome").agg(pl.col("files").sum())
    plots.show(plots.bar_counts(totals, "outcome", "files", f"Files by outcome, run {run_id}"))
    return run


def show_problems(run: RunData) -> None:
    """The failed and quarantined files with the reason for each."""
    show_table(run.problems, "None: every file was ingested.")
