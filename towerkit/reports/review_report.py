"""The review notebook's static tables and its glued summary, so the notebook itself holds only calls.

The review desk (``review_desk``, ``page_view``) reads the document, draws its page and carries the
live actions; this module only displays its frames as report tables (a sentence when one is empty)
and assembles what the notebook glues for tests and tools.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from towerkit.reports import review_desk
from towerkit.reports.notebook import show_table
from towerkit.reports.review_desk import ReviewView


def show_fields(view: ReviewView) -> pl.DataFrame:
    """The fields in force (extracted or corrected); returns the frame."""
    fields = review_desk.fields_frame(view.review)
    show_table(fields, "No field values.")
    return fields


def show_missing(view: ReviewView) -> pl.DataFrame:
    """The fields the catalog expects on this type that were not found; returns the frame."""
    missing = review_desk.missing_frame(view)
    show_table(missing, "None: every expected field was found.")
    return missing


def show_unmapped(view: ReviewView) -> pl.DataFrame:
    """The pairs the layout reader found that no catalog field took; returns the frame."""
    unmapped = review_desk.unmapped_frame(view.review)
    show_table(unmapped, "None: every pair was taken by a field.")
    return unmapped


def summary_json(
    view: ReviewView, fields: pl.DataFrame, missing: pl.DataFrame, unmapped: pl.DataFrame
) -> dict[str, Any]:
    """The figures the notebook glues: the document, its picture, and the size of each table."""
    return {
        "doc_id": view.review.doc_id,
        "page": view.page,
        "status": view.review.status,
        "reasons": list(view.review.reasons),
        "picture": view.image.source,
        "note": view.image.note,
        "image": [view.image.width, view.image.height],
        "fields": fields.height,
        "missing": missing["field"].to_list(),
        "unmapped": unmapped.height,
        "queued": len(view.queue),
    }
