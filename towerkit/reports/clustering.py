"""Template clustering: group documents by first-page layout, independently of the template registry.

Similarity comes from the drift engine (``towerkit.drift.fingerprint``), so the clusters shown are
the ones the engine would form; average linkage (UPGMA) builds the tree, ``cut_tree`` cuts it into
flat clusters and ``leaf_order`` gives the order the heat map and dendrogram draw items in. The
clusters are then compared with the registered templates (``cluster_table``, ``cluster_purity``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from towerkit.drift import fingerprint as fp
from towerkit.models import Word

T = TypeVar("T")

MERGE_TOLERANCE = 1e-12
"""Slack when comparing a merge height with the cut threshold, so float round-off does not split a cluster."""
MIN_ITEMS_TO_PAIR = 2
"""Clustering and outliers need at least two documents; fewer give an empty result."""


def shingles(words: Iterable[str], k: int = 3) -> frozenset[str]:
    """k-word shingles of a document's label words in reading order (values and numbers dropped).

    Labels carry the layout (``Inspection Date:`` sits where the template puts it); values differ
    from document to document, so words with a digit, and words without a letter, are left out
    before shingling.
    """
    kept = [w.lower().strip(".:;,()#") for w in words]
    kept = [w for w in kept if w and any(c.isalpha() for c in w) and not any(c.isdigit() for c in w)]
    if len(kept) < k:
        return frozenset({" ".join(kept)}) if kept else frozenset()
    return frozenset(" ".join(kept[i : i + k]) for i in range(len(kept) - k + 1))


def similarity_matrix(items: Sequence[T], similarity: Callable[[T, T], float]) -> npt.NDArray[np.float64]:
    """Symmetric matrix of pairwise similarities with ones on the diagonal."""
    n = len(items)
    out = np.ones((n, n), dtype=float)
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = float(similarity(items[i], items[j]))
    return out


def average_linkage(distance: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """UPGMA clustering of a square distance matrix, as a scipy-style linkage matrix.

    Row ``i`` of the result merges clusters ``Z[i,0]`` and ``Z[i,1]`` (ids < n are the items, id
    ``n + i`` the cluster made in row ``i``) at height ``Z[i,2]``, giving ``Z[i,3]`` items. Written
    here rather than taking scipy as a dependency for one function; O(n³), fine for a few hundred
    documents. Ties merge the lowest ids first, so the result is deterministic.

    Raises:
        ValueError: ``distance`` is not a square matrix.

    """
    d = np.asarray(distance, dtype=float)
    n = d.shape[0]
    if d.shape != (n, n):
        raise ValueError("distance must be a square matrix")
    if n < MIN_ITEMS_TO_PAIR:
        return np.zeros((0, 4))
    work = d.copy()
    np.fill_diagonal(work, np.inf)
    ids = list(range(n))
    sizes = [1] * n
    active = list(range(n))
    z = np.zeros((n - 1, 4))
    for step in range(n - 1):
        sub = work[np.ix_(active, active)]
        a, b = divmod(int(np.argmin(sub)), len(active))
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


def cut_tree(z: npt.NDArray[np.float64], n: int, threshold: float) -> list[int]:
    """Flat clusters: merges at height ≤ ``threshold`` are kept; labels numbered 1.. by first item."""
    parent = list(range(2 * n - 1)) if n else []

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for step, (a, b, height, _) in enumerate(z):
        if height <= threshold + MERGE_TOLERANCE:
            parent[find(int(a))] = n + step
            parent[find(int(b))] = n + step
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots) + 1) for i in range(n)]


def leaf_order(z: npt.NDArray[np.float64], n: int) -> list[int]:
    """Items in dendrogram order (children left to right), for the heat map and the dendrogram."""
    if n == 0:
        return []
    if n == 1:
        return [0]
    stack = [2 * n - 2]  # the root: the cluster made by the last merge
    out: list[int] = []
    while stack:
        x = stack.pop()
        if x < n:
            out.append(x)
        else:
            a, b = z[x - n, 0], z[x - n, 1]
            stack.extend((int(b), int(a)))
    return out


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


def outliers(similarity: npt.ArrayLike, labels: Sequence[str], threshold: float) -> pl.DataFrame:
    """Documents whose best match among the others is below ``threshold``: layouts nothing resembles."""
    n = len(labels)
    schema = {"doc": pl.String, "best_match": pl.String, "similarity": pl.Float64}
    if n < MIN_ITEMS_TO_PAIR:
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


def _token_words(tokens: pl.DataFrame, doc_ids: Sequence[str]) -> dict[str, list[Word]]:
    """The ``tokens`` rows of ``doc_ids`` as the drift engine's ``Word`` records, per document."""
    words: dict[str, list[Word]] = {d: [] for d in doc_ids}
    for row in tokens.iter_rows(named=True):
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
    return words


def layout_similarity(
    doc_ids: Sequence[str],
    *,
    stored: Mapping[str, Sequence[str] | None] | None = None,
    tokens: pl.DataFrame | None = None,
    k: int = 3,
) -> tuple[npt.NDArray[np.float64], str]:
    """Pairwise layout similarity of documents, and the name of the method used.

    Uses the drift engine's own view, so the clusters shown are the ones it would form: its
    ``similarity`` over the layout shingles it stored per document, else over fingerprints computed
    from the stored tokens. With neither (no tokens loaded), Jaccard similarity over k-word label
    shingles.

    Args:
        doc_ids: the documents, in the order of the matrix's rows and columns.
        stored: the engine's layout shingles per document (``doc_layouts``); used only when every
            document has them.
        tokens: first-page ``tokens`` rows (``doc_id``, ``page``, ``text``, box) in reading order.
        k: words per shingle of the Jaccard fallback.

    """
    if stored and all(stored.get(d) for d in doc_ids):
        prints = [fp.from_shingles(stored[d] or ()) for d in doc_ids]
        return similarity_matrix(prints, fp.similarity), "towerkit.drift.fingerprint.similarity (stored layouts)"
    frame = tokens if tokens is not None else pl.DataFrame(schema={"doc_id": pl.String, "text": pl.String})
    if frame.height:
        words = _token_words(frame, doc_ids)
        prints = [fp.fingerprint(tuple(words[d])) for d in doc_ids]
        return similarity_matrix(prints, fp.similarity), "towerkit.drift.fingerprint.similarity (from tokens)"
    per_doc = doc_words(frame)
    sets = [shingles(per_doc.get(d, []), k) for d in doc_ids]
    return similarity_matrix(sets, fp.jaccard), f"jaccard over {k}-word label shingles"
