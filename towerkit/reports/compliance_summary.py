"""What the compliance report says about the rule queries: findings, deadlines, backlog, headline counts.

Pure functions of polars frames: ``towerkit.reports.loaders`` reads the frames, the compliance
notebook hands them here and displays the result, and ``tests/test_analysis.py`` checks every number
on small hand-made frames. Nothing here opens a database or a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import polars as pl
from polars.expr.whenthen import ChainedThen, Then

DEADLINE_NAMES = (
    "due_date",
    "deadline",
    "due",
    "next_due",
    "expires_on",
    "expiration_date",
    "next_inspection_date",
    "notice_deadline",
    "expiry_date",
)
"""Column names a rule's result may use for the date something falls due, in order of preference."""

STATUSES = ("ingested", "quarantined", "failed")
"""The document statuses the portfolio summary counts (DESIGN.md's ``documents.status``)."""


@dataclass(frozen=True)
class RuleInfo:
    """What a compliance query says about itself in its header (``towerkit.queries``)."""

    name: str
    title: str
    """The header's ``description``: what the rule checks, in one line."""
    description: str
    """The header's ``row``: what one finding means."""
    rule_ids: tuple[str, ...]
    """docs/compliance_rules.md ids (``TIA-INSP``, ``FAA-DNH-18M``)."""
    params: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """The header's ``boundary`` lines: exactly where the rule draws its lines."""


def rule_text(info: RuleInfo, findings: int, params: Mapping[str, Any] | None = None) -> str:
    """The Markdown a report prints above a rule's table; ``$param`` in the header reads as its value."""

    def fill(text: str) -> str:
        for name, value in sorted((params or {}).items(), key=lambda kv: -len(kv[0])):
            if value is not None:
                text = text.replace(f"${name}", str(value))
        return text

    info = RuleInfo(
        info.name,
        fill(info.title),
        fill(info.description),
        info.rule_ids,
        info.params,
        tuple(fill(n) for n in info.notes),
    )
    ids = f" ({', '.join(info.rule_ids)})" if info.rule_ids else ""
    lines = [f"### {info.title}{ids}", ""]
    if info.description:
        lines += [f"Each finding: {info.description}.".replace("..", "."), ""]
    lines += [f"- {note}" for note in info.notes]
    if info.notes:
        lines.append("")
    lines.append(f"`towerkit query {info.name}`: **{findings}** finding{'s' if findings != 1 else ''}.")
    return "\n".join(lines)


def findings_summary(results: Mapping[str, pl.DataFrame], infos: Mapping[str, RuleInfo]) -> pl.DataFrame:
    """One row per rule: its name, rule ids and how many findings (result rows) it has."""
    rows = [
        {"rule": name, "rule_ids": ", ".join(infos[name].rule_ids) if name in infos else "", "findings": frame.height}
        for name, frame in sorted(results.items())
    ]
    return pl.DataFrame(rows, schema={"rule": pl.String, "rule_ids": pl.String, "findings": pl.Int64})


NOTE_KINDS = ("missing", "assumed")
"""The note prefixes rule queries write: a required input absent (INPUT_MISSING) or an optional one defaulted."""


def missing_inputs(results: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Per rule, each input that was missing or assumed, and for how many sites.

    Read from the ``notes`` the rule queries write (``missing: expiration_date``,
    ``assumed: notice_days=90``), so an analyst sees which findings rest on a default and what to
    collect to make them firm.
    """
    rows: list[dict[str, Any]] = []
    for name, frame in sorted(results.items()):
        if "notes" not in frame.columns or "site_id" not in frame.columns:
            continue
        sites: dict[tuple[str, str], set[str]] = {}
        for site, notes in frame.select("site_id", "notes").iter_rows():
            for note in notes or ():
                kind, _, what = str(note).partition(": ")
                if kind in NOTE_KINDS and what:
                    sites.setdefault((kind, what), set()).add(str(site))
        rows += [{"rule": name, "input": what, "kind": kind, "sites": len(s)} for (kind, what), s in sites.items()]
    schema = {"rule": pl.String, "input": pl.String, "kind": pl.String, "sites": pl.Int64}
    return pl.DataFrame(rows, schema=schema).sort(["rule", "kind", "sites"], descending=[False, True, True])


def deadline_column(frame: pl.DataFrame) -> str | None:
    """The column holding the date something falls due, by name, else the only date column."""
    dates = [c for c, t in frame.schema.items() if t in (pl.Date, pl.Datetime) or isinstance(t, pl.Datetime)]
    for name in DEADLINE_NAMES:
        if name in dates:
            return name
    return dates[0] if len(dates) == 1 else None


def upcoming_deadlines(results: Mapping[str, pl.DataFrame], as_of: date, horizon_days: int) -> pl.DataFrame:
    """Every finding with a due date within ``horizon_days`` of ``as_of`` (overdue ones included).

    Returns columns ``rule``, ``site_id``, ``due``, ``days_left`` (negative: overdue), sorted by due date.
    """
    schema = {"rule": pl.String, "site_id": pl.String, "due": pl.Date, "days_left": pl.Int64}
    parts = []
    for name, frame in sorted(results.items()):
        col = deadline_column(frame)
        if col is None or frame.height == 0:
            continue
        site = pl.col("site_id").cast(pl.String) if "site_id" in frame.columns else pl.lit(None, pl.String)
        parts.append(
            frame.select(pl.lit(name).alias("rule"), site.alias("site_id"), pl.col(col).cast(pl.Date).alias("due"))
        )
    if not parts:
        return pl.DataFrame(schema=schema)
    horizon_end = as_of + timedelta(days=horizon_days)
    return (
        pl.concat(parts)
        .drop_nulls("due")
        .filter(pl.col("due") <= horizon_end)
        .with_columns((pl.col("due") - pl.lit(as_of)).dt.total_days().cast(pl.Int64).alias("days_left"))
        .unique()
        .sort(["due", "rule", "site_id"], nulls_last=True)
        .select(list(schema))
    )


def deadline_buckets(deadlines: pl.DataFrame, edges: Sequence[int] = (0, 30, 60, 90)) -> pl.DataFrame:
    """Count deadlines per rule in day buckets (``overdue``, ``0-29``, ...) for the deadline chart."""
    labels = ["overdue", *[f"{a}-{b - 1}" for a, b in pairwise(edges)], f"{edges[-1]}+"]
    first = pl.when(pl.col("days_left") < edges[0]).then(pl.lit(labels[0]))
    chained: Then | ChainedThen = first
    # one bucket per pair of edges; ``labels`` has one more entry (the open-ended last bucket)
    for (a, b), label in zip(pairwise(edges), labels[1:], strict=False):
        chained = chained.when((pl.col("days_left") >= a) & (pl.col("days_left") < b)).then(pl.lit(label))
    expr = chained.otherwise(pl.lit(labels[-1]))
    counted = deadlines.with_columns(expr.alias("bucket")).group_by(["rule", "bucket"]).agg(pl.len().alias("n"))
    order = {label: i for i, label in enumerate(labels)}
    return (
        counted.with_columns(pl.col("bucket").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort(["_o", "rule"])
        .drop("_o")
    )


def portfolio_summary(documents: pl.DataFrame) -> dict[str, int]:
    """Headline counts of a ``documents`` frame: sites, documents and documents per status."""
    out = {
        "sites": documents.filter(pl.col("site_id").is_not_null())["site_id"].n_unique() if documents.height else 0,
        "documents": documents.height,
    }
    for status in STATUSES:
        out[status] = documents.filter(pl.col("status") == status).height if documents.height else 0
    return out


def quarantine_backlog(quarantine: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Pending quarantine items by document type with their count and oldest age in days on ``as_of``.

    An item queued after ``as_of`` was not in the backlog on that day: it is left out (``queued_after``
    counts it), so a report dated in the past never shows a negative age.
    """
    pending = _pending(quarantine).filter(pl.col("queued_at").cast(pl.Date) <= as_of)
    schema = {"doc_type": pl.String, "pending": pl.Int64, "oldest_days": pl.Int64}
    if pending.height == 0:
        return pl.DataFrame(schema=schema)
    if "doc_type" not in pending.columns:
        pending = pending.with_columns(pl.lit(None, pl.String).alias("doc_type"))
    return (
        pending.with_columns((pl.lit(as_of) - pl.col("queued_at").cast(pl.Date)).dt.total_days().alias("age"))
        .group_by(pl.col("doc_type").fill_null("unknown"))
        .agg(pl.len().cast(pl.Int64).alias("pending"), pl.col("age").max().cast(pl.Int64).alias("oldest_days"))
        .sort(["pending", "doc_type"], descending=[True, False])
        .select(list(schema))
    )


def queued_after(quarantine: pl.DataFrame, as_of: date) -> int:
    """Pending quarantine items queued after ``as_of``: the backlog of that day leaves them out."""
    return _pending(quarantine).filter(pl.col("queued_at").cast(pl.Date) > as_of).height


def _pending(quarantine: pl.DataFrame) -> pl.DataFrame:
    return quarantine.filter(pl.col("status").fill_null("pending") == "pending")
