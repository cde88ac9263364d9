"""The template-clustering notebook's sections, one function each, so the notebook itself holds only calls.

``build`` reads up to ``max_docs`` documents' first-page layouts (``loaders.load_layouts``), measures
their similarity and cuts the average-linkage tree (``clustering``); each ``show_*`` displays one
section; ``summary_json`` is what the notebook glues. Documents are labelled by type, issuer and
the start of their id; templates by issuer, document type and revision, never by hash alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from towerkit.reports import clustering, plots
from towerkit.reports.loaders import LayoutData, load_layouts
from towerkit.reports.notebook import show_markdown, show_table

DOC_LABEL_ID_CHARS = 6
"""Characters of the document id a label keeps: enough to tell two documents of one template apart."""


@dataclass(frozen=True)
class ClusteringReport:
    """Documents, their pairwise layout similarity, and the clusters cut from it."""

    data: LayoutData
    labels: list[str]
    similarity: npt.NDArray[np.float64]
    method: str
    linkage: npt.NDArray[np.float64]
    clusters: list[int]
    threshold: float
    outlier_below: float
    templates: list[str | None]
    """Each document's template by its readable name (None: no template)."""

    @property
    def documents(self) -> int:
        """How many documents were compared."""
        return len(self.labels)


def template_names(templates: pl.DataFrame) -> dict[str, str]:
    """Template id -> its readable name (``issuer / doc_type rN``), from the registry frame."""
    return dict(templates.select("template_id", "template").iter_rows())


def build(
    db_path: str | Path,
    max_docs: int | str = 200,
    threshold: float | str = 0.6,
    shingle_k: int | str = 3,
    outlier_below: float | str = 0.35,
) -> ClusteringReport:
    """Read the layouts, compare every pair and cut the tree (the notebook's parameters, as papermill passes them)."""
    data = load_layouts(db_path, int(max_docs))
    docs = data.documents
    labels = [
        f"{t or '?'}:{i or '?'}:{d[:DOC_LABEL_ID_CHARS]}"
        for d, t, i in docs.select("doc_id", "doc_type", "issuer").iter_rows()
    ]
    doc_ids = docs["doc_id"].to_list()
    similarity, method = clustering.layout_similarity(doc_ids, stored=data.stored, tokens=data.tokens, k=int(shingle_k))
    linkage = clustering.average_linkage(1.0 - similarity)
    clusters = clustering.cut_tree(linkage, len(doc_ids), float(threshold))
    names = template_names(data.templates)
    templates = [names.get(t, t) if t is not None else None for t in docs["template_id"].to_list()]
    return ClusteringReport(
        data, labels, similarity, method, linkage, list(clusters), float(threshold), float(outlier_below), templates
    )


def show_headline(report: ClusteringReport) -> None:
    """How many documents were compared, by which measure, into how many clusters."""
    show_markdown(
        f"**{report.documents}** documents compared by {report.method}; "
        f"**{len(set(report.clusters))}** clusters at distance ≤ {report.threshold:g}."
    )


def show_dendrogram(report: ClusteringReport) -> None:
    """The average-linkage tree with the cut drawn."""
    plots.show(plots.dendrogram(report.linkage, report.labels, report.threshold))


def show_heatmap(report: ClusteringReport) -> None:
    """Pairwise similarity in dendrogram order."""
    order = clustering.leaf_order(report.linkage, report.documents)
    plots.show(plots.heatmap(report.similarity, report.labels, order))


def purity(report: ClusteringReport) -> float:
    """How far each cluster is one template (1.0: every cluster is)."""
    return clustering.cluster_purity(report.templates, report.clusters)


def show_clusters(report: ClusteringReport) -> None:
    """Clusters against registered templates, their purity, and the registry."""
    show_markdown(f"Cluster purity against templates: **{purity(report):.2f}** (1.00: every cluster is one template).")
    table = clustering.cluster_table(report.labels, report.clusters, report.templates)
    show_table(table.rename({"template_id": "template"}), "No documents to cluster.")
    show_table(report.data.templates, "No template registered yet.")


def show_outliers(report: ClusteringReport) -> None:
    """Documents whose best match is less similar than ``outlier_below``."""
    show_table(clustering.outliers(report.similarity, report.labels, report.outlier_below), "No outliers.")


def summary_json(report: ClusteringReport) -> dict[str, Any]:
    """The figures the notebook glues."""
    return {
        "documents": report.documents,
        "clusters": len(set(report.clusters)),
        "method": report.method,
        "purity": round(purity(report), 4),
        "outliers": clustering.outliers(report.similarity, report.labels, report.outlier_below).height,
        "templates": report.data.templates.height,
    }
