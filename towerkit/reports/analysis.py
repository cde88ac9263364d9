"""Pure analysis behind the notebooks: polars frames in, polars frames (or arrays) out.

Notebooks stay thin (DESIGN.md): they load frames through ``towerkit.reports.data``, hand them to
these functions and display the result. Nothing here opens a database or a file, so every number a
report shows is computed by code that ``tests/test_analysis.py`` checks on small hand-made frames.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import numpy as np
import polars as pl

T = TypeVar("T")

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


# --- parameters ----------------------------------------------------------------------------------


def resolve_as_of(as_of: str | date | None, today: date | None = None) -> date:
    """The report date: ``None`` means today, so a parameters cell can stay deterministic-friendly.

    Raises:
        ValueError: ``as_of`` is not an ISO date (``YYYY-MM-DD``).

    """
    if as_of is None or as_of == "":
        return today or date.today()
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {as_of!r}") from None


# --- compliance rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInfo:
    """What a compliance query says about itself in its header (``towerkit.queries``)."""

    name: str
    title: str
    """The header's ``description``: what the rule checks, in one line."""
    description: str
    """The header's ``row``: what one finding means."""
    rule_ids: tuple[str, ...]
    """COMPLIANCE_RULES.md ids (``TIA-INSP``, ``FAA-DNH-18M``)."""
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
    labels = ["overdue"] + [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]
    expr = pl.when(pl.col("days_left") < edges[0]).then(pl.lit(labels[0]))
    for (a, b), label in zip(zip(edges, edges[1:]), labels[1:]):
        expr = expr.when((pl.col("days_left") >= a) & (pl.col("days_left") < b)).then(pl.lit(label))
    expr = expr.otherwise(pl.lit(labels[-1]))
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
    for status in ("ingested", "quarantined", "failed"):
        out[status] = documents.filter(pl.col("status") == status).height if documents.height else 0
    return out


def quarantine_backlog(quarantine: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Pending quarantine items by document type with their count and oldest age in days."""
    pending = quarantine.filter(pl.col("status").fill_null("pending") == "pending")
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


def frame_records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (dates as ISO text), the shape ``towerkit query --format json`` uses."""

    def plain(v: Any) -> Any:
        if isinstance(v, (date, datetime)):
            return v.isoformat()
        if isinstance(v, float) and v != v:
            return None
        return v

    return [{k: plain(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def display_frame(frame: pl.DataFrame, width: int = 12) -> pl.DataFrame:
    """A finding table for reading: sha256 ids cut to ``width`` characters and lists joined.

    Only for display; glued data and ``towerkit query`` keep the full ids.
    """

    def short(col: str) -> pl.Expr:
        return (
            pl.when(pl.col(col).str.len_chars() == 64)
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


@dataclass(frozen=True)
class Table:
    """A frame shown as a plain HTML table: no dtype row, no quotes around text, nulls blank.

    polars' own notebook view is made for analysts (types, quoted strings); a compliance reader
    wants the values. ``_repr_html_`` is what Jupyter and nbconvert render.
    """

    frame: pl.DataFrame
    max_rows: int = 200

    def _repr_html_(self) -> str:
        def cell(v: Any) -> str:
            if v is None:
                return ""
            if isinstance(v, float):
                return f"{v:,.2f}".rstrip("0").rstrip(".") if v == v else ""
            return html.escape(v.isoformat() if isinstance(v, (date, datetime)) else str(v))

        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
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


# --- drift ---------------------------------------------------------------------------------------


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
    """Drift events counted per period (``every``: polars duration, e.g. ``1d``, ``1w``, ``1mo``) and ``by``.

    Periods are taken from the document's date when the frame has ``doc_date`` (when the layout
    changed in the world), else from ``detected_at`` (when towerkit noticed).
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


# --- layout similarity and clustering ------------------------------------------------------------


def shingles(words: Iterable[str], k: int = 3) -> frozenset[str]:
    """k-word shingles of a document's label words in reading order (values and numbers dropped).

    Labels carry the layout (``Inspection Date:`` sits where the template puts it); values differ
    from document to document, so digits and long all-caps codes are left out before shingling.
    """
    kept = [w.lower().strip(".:;,()#") for w in words]
    kept = [w for w in kept if w and any(c.isalpha() for c in w) and not any(c.isdigit() for c in w)]
    if len(kept) < k:
        return frozenset({" ".join(kept)}) if kept else frozenset()
    return frozenset(" ".join(kept[i : i + k]) for i in range(len(kept) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets are identical (1.0)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity_matrix(items: Sequence[T], similarity: Callable[[T, T], float]) -> np.ndarray:
    """Symmetric matrix of pairwise similarities with ones on the diagonal."""
    n = len(items)
    out = np.ones((n, n), dtype=float)
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = float(similarity(items[i], items[j]))
    return out


def average_linkage(distance: np.ndarray) -> np.ndarray:
    """UPGMA clustering of a square distance matrix, as a scipy-style linkage matrix.

    Row ``i`` of the result merges clusters ``Z[i,0]`` and ``Z[i,1]`` (ids < n are the items, id
    ``n + i`` the cluster made in row ``i``) at height ``Z[i,2]``, giving ``Z[i,3]`` items. Written
    here rather than taking scipy as a dependency for one function; O(n³), fine for a few hundred
    documents. Ties merge the lowest ids first, so the result is deterministic.
    """
    d = np.asarray(distance, dtype=float)
    n = d.shape[0]
    if d.shape != (n, n):
        raise ValueError("distance must be a square matrix")
    if n < 2:
        return np.zeros((0, 4))
    work = d.copy()
    np.fill_diagonal(work, np.inf)
    ids = list(range(n))
    sizes = [1] * n
    active = list(range(n))
    z = np.zeros((n - 1, 4))
    for step in range(n - 1):
        sub = work[np.ix_(active, active)]
        flat = int(np.argmin(sub))
        a, b = divmod(flat, len(active))
        i, j = sorted((active[a], active[b]))
        height = work[i, j]
        left, right = sorted((ids[i], ids[j]))
        size = sizes[i] + sizes[j]
        z[step] = (left, right, height, size)
        for m in active:
            if m not in (i, j):
                merged = (work[i, m] * sizes[i] + work[j, m] * sizes[j]) / size
                work[i, m] = work[m, i] = merged
        work[j, :] = work[:, j] = np.inf
        active.remove(j)
        ids[i] = n + step
        sizes[i] = size
    return z


def cut_tree(z: np.ndarray, n: int, threshold: float) -> list[int]:
    """Flat clusters: merges at height ≤ ``threshold`` are kept; labels numbered 1.. by first item."""
    parent = list(range(2 * n - 1)) if n else []

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for step, (a, b, height, _) in enumerate(z):
        if height <= threshold + 1e-12:
            parent[find(int(a))] = n + step
            parent[find(int(b))] = n + step
    roots: dict[int, int] = {}
    labels = []
    for i in range(n):
        r = find(i)
        labels.append(roots.setdefault(r, len(roots) + 1))
    return labels


def leaf_order(z: np.ndarray, n: int) -> list[int]:
    """Items in dendrogram order (children left to right), for the heat map and the dendrogram."""
    if n == 0:
        return []
    if n == 1:
        return [0]

    def leaves(node: int) -> list[int]:
        stack, out = [node], []
        while stack:
            x = stack.pop()
            if x < n:
                out.append(x)
            else:
                a, b = z[x - n, 0], z[x - n, 1]
                stack.extend((int(b), int(a)))
        return out

    return leaves(2 * n - 2)


def cluster_table(labels: Sequence[str], clusters: Sequence[int], templates: Sequence[str | None]) -> pl.DataFrame:
    """Clusters against registered templates: one row per (cluster, template) with its documents."""
    frame = pl.DataFrame(
        {
            "doc": list(labels),
            "cluster": list(clusters),
            "template_id": [t if t is not None else "(none)" for t in templates],
        },
        schema={"doc": pl.String, "cluster": pl.Int64, "template_id": pl.String},
    )
    return (
        frame.group_by(["cluster", "template_id"])
        .agg(pl.len().cast(pl.Int64).alias("docs"))
        .sort(["cluster", "docs", "template_id"], descending=[False, True, False])
    )


def cluster_purity(labels_true: Sequence[str | None], clusters: Sequence[int]) -> float:
    """Share of documents whose cluster's majority template is their own template (1.0 = clusters agree)."""
    if not clusters:
        return 1.0
    frame = pl.DataFrame({"t": [t or "(none)" for t in labels_true], "c": list(clusters)})
    majority = frame.group_by(["c", "t"]).agg(pl.len().alias("n")).group_by("c").agg(pl.col("n").max())
    return float(majority["n"].sum()) / len(clusters)


def outliers(similarity: np.ndarray, labels: Sequence[str], threshold: float) -> pl.DataFrame:
    """Documents whose best match among the others is below ``threshold``: layouts nothing resembles."""
    n = len(labels)
    schema = {"doc": pl.String, "best_match": pl.String, "similarity": pl.Float64}
    if n < 2:
        return pl.DataFrame(schema=schema)
    s = np.array(similarity, dtype=float)
    np.fill_diagonal(s, -np.inf)
    best = s.argmax(axis=1)
    rows = [
        {"doc": labels[i], "best_match": labels[int(best[i])], "similarity": round(float(s[i, best[i]]), 3)}
        for i in range(n)
        if s[i, best[i]] < threshold
    ]
    return pl.DataFrame(rows, schema=schema).sort(["similarity", "doc"])


def doc_words(tokens: pl.DataFrame) -> dict[str, list[str]]:
    """Each document's words in the order of the frame (load them in reading order)."""
    out: dict[str, list[str]] = {}
    for doc_id, text in tokens.select("doc_id", "text").iter_rows():
        out.setdefault(doc_id, []).append(text or "")
    return out


def layout_similarity(
    doc_ids: Sequence[str],
    *,
    stored: Mapping[str, Sequence[str] | None] | None = None,
    tokens: pl.DataFrame | None = None,
    k: int = 3,
) -> tuple[np.ndarray, str]:
    """Pairwise layout similarity of documents, and the name of the method used.

    Prefers the drift engine's own view, so the clusters shown are the ones it would form: its
    ``similarity`` over the layout shingles it stored per document (``stored``), else over
    fingerprints it computes from the stored ``tokens``. Without the engine, Jaccard similarity over
    k-word label shingles of the tokens.
    """
    engine = _engine_similarity()
    if engine is not None and stored and all(stored.get(d) for d in doc_ids):
        from towerkit.drift.fingerprint import from_shingles

        prints = [from_shingles(stored[d] or ()) for d in doc_ids]
        return similarity_matrix(prints, engine[1]), "towerkit.drift.fingerprint.similarity (stored layouts)"
    frame = tokens if tokens is not None else pl.DataFrame(schema={"doc_id": pl.String, "text": pl.String})
    if engine is not None and frame.height:
        make, sim = engine
        from towerkit.models import Word

        words: dict[str, list[Word]] = {d: [] for d in doc_ids}
        for row in frame.iter_rows(named=True):
            if row["doc_id"] in words:
                words[row["doc_id"]].append(
                    Word(
                        row["text"] or "",
                        int(row["page"] or 1),
                        float(row["x0"]),
                        float(row["top"]),
                        float(row["x1"]),
                        float(row["bottom"]),
                    )
                )
        prints = [make(tuple(words[d])) for d in doc_ids]
        return similarity_matrix(prints, sim), "towerkit.drift.fingerprint.similarity (from tokens)"
    per_doc = doc_words(frame)
    sets = [shingles(per_doc.get(d, []), k) for d in doc_ids]
    return similarity_matrix(sets, jaccard), f"jaccard over {k}-word label shingles"


def _engine_similarity() -> tuple[Callable[[Any], Any], Callable[[Any, Any], float]] | None:
    try:
        from towerkit.drift import fingerprint as fp
    except ImportError:
        return None
    make = getattr(fp, "fingerprint", None)
    sim = getattr(fp, "similarity", None)
    if callable(make) and callable(sim):
        return make, sim
    return None
