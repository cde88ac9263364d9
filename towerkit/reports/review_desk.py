"""The review desk: a document's page with its boxes, its fields, and the analyst's actions on them.

Plain functions do the work, so the desk is tested without a browser: ``load_review`` reads one
document in a short read-only visit; ``fields_frame``, ``missing_frame``, ``unmapped_frame`` are its
tables; ``accept_doc``, ``correct_field``, ``teach_label`` open the database for writing only for
their own transaction (a kernel holding the file would lock out every ingest) and answer with an
``Outcome`` carrying a refusal's one line. ``Desk`` wires them to ipywidgets for a live session.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.config import Settings
from towerkit.errors import InputError, TowerkitError, UsageError
from towerkit.fields import Catalog, load_catalog
from towerkit.reports.data import reading
from towerkit.reports.page_view import DEFAULT_DPI, DRAWN_FROM, PageImage, legend, review_page
from towerkit.reports.tables import Table
from towerkit.review.corrections import accept, set_value
from towerkit.review.coverage import coverage_frames
from towerkit.review.queue import DocReview, QueueItem, doc_review, expected_fields, list_queue
from towerkit.review.reextract import reextract
from towerkit.review.teach import add_label
from towerkit.review.user_catalog import current_user, default_catalog_path, effective_catalog_path, record_user_catalog
from towerkit.store import Connection, open_db
from towerkit.store.review import doc_ids_with_prefix

MIN_PREFIX = 8
"""Shortest doc-id prefix accepted (as ``towerkit review``): shorter ones soon name several documents."""
TOP_LABELS = 15
"""Unmapped labels a report lists: the frequent ones are worth teaching, the tail is letterheads and prose."""
FIELD_COLUMNS = {"field": pl.String, "value": pl.String, "source": pl.String, "confidence": pl.Float64}
FIELD_COLUMNS |= {"page": pl.Int64, "raw_text": pl.String, "revision": pl.Int64}
"""The desk's field table: the value in force, extracted or corrected, how sure, where, as printed."""
PAIR_COLUMNS = {"page": pl.Int64, "label": pl.String, "value": pl.String, "kind": pl.String, "confidence": pl.Float64}
"""The desk's table of pairs no field took."""


@dataclass(frozen=True)
class ReviewView:
    """One document as the desk shows it: the review, the page drawn, the queue it came from."""

    review: DocReview
    page: int
    image: PageImage
    queue: tuple[QueueItem, ...]
    expected: tuple[str, ...]
    """The fields the catalog in force reads on this document's type, critical first."""
    critical: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    """What an action did, in one line; ``ok`` False means the database is unchanged."""

    ok: bool
    message: str


def reviewer(by: str | None) -> str:
    """Who is acting: ``by`` if given, else the login name (corrections and acceptances record it)."""
    return (by or "").strip() or current_user()


def catalog_for(db: str | Path) -> Catalog:
    """The catalog in force for ``db``: the user catalog beside it when there is one, else the packaged one."""
    return load_catalog(effective_catalog_path(db, None))


def resolve_doc(conn: Connection, doc_id: str | None, queue: tuple[QueueItem, ...]) -> str:
    """The document to show: ``doc_id`` (a full id or a prefix), else the oldest one waiting for review."""
    given = str(doc_id or "").strip()
    if not given:
        if not queue:
            raise InputError("the review queue is empty: no document waits for review (give doc_id to see one)")
        return queue[0].doc_id
    if len(given) < MIN_PREFIX:
        raise UsageError(f"document id {given!r} is too short: give at least {MIN_PREFIX} characters")
    found = doc_ids_with_prefix(conn, given)
    if len(found) != 1:
        raise InputError(f"unknown document {given}") if not found else UsageError(f"{given!r} names several documents")
    return found[0]


def load_review(
    db: str | Path, doc_id: str | None = None, page: int = 1, *, dpi: int = DEFAULT_DPI, wait_s: float | None = None
) -> ReviewView:
    """Read one document for review (the oldest queued one when ``doc_id`` is None) and draw its page.

    Args:
        db: the database, opened read-only for this call only.
        doc_id: a document id or a prefix of at least eight characters; None: the queue's first.
        page: the page to draw, from 1.
        dpi: pixels per inch of the page picture.
        wait_s: how long to wait for a writer to release the database.

    Raises:
        InputError: unknown document, or an empty queue and no ``doc_id``.
        UsageError: an ambiguous or too short id, or a page the document does not have.

    """
    catalog = catalog_for(db)
    with reading(db, wait_s) as conn:
        queue = tuple(list_queue(conn))
        review = doc_review(conn, resolve_doc(conn, doc_id, queue), catalog)
        image = review_page(conn, review, int(page), dpi=dpi)
    expected = tuple(expected_fields(catalog, review.doc_type))
    critical = frozenset(catalog.critical(review.doc_type)) if review.doc_type else frozenset()
    return ReviewView(review, int(page), image, queue, expected, critical)


def load_coverage(
    db: str | Path, by: str = "doc_type", group: str | None = None, wait_s: float | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Coverage per group and expected field, and the labels no field took (``towerkit coverage``).

    Args:
        db: the database, opened read-only for this call only.
        by: how documents are grouped: doc_type, template, issuer or zone.
        group: keep only this group's rows (its id: a zone, a template id...; None: every group).
        wait_s: how long to wait for a writer to release the database.

    """
    with reading(db, wait_s) as conn:
        found, unmapped = coverage_frames(conn, by=by)
    if group is not None:
        found, unmapped = (f.filter(pl.col("group_id") == group) for f in (found, unmapped))
    return found.drop("group_id"), unmapped.drop("group_id")


def _readable(frame: pl.DataFrame, width: int = 12) -> pl.DataFrame:
    """A coverage frame for reading: label lists joined in full, the example document's id cut to ``width``."""
    exprs = [
        pl.col(c).list.join("; ") if isinstance(t, pl.List) else pl.col(c).str.slice(0, width) + pl.lit("…")
        for c, t in frame.schema.items()
        if isinstance(t, pl.List) or c == "example_doc"
    ]
    return frame.with_columns(exprs) if exprs else frame


def show_coverage(
    db: str | Path, by: str = "doc_type", group: str | None = None, top_labels: int = TOP_LABELS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Display the coverage tables in the running notebook (``load_coverage``'s arguments) and return them."""
    # IPython is deferred: only a notebook kernel has it (see notebook.display_raw)
    from IPython.display import Markdown, display  # noqa: PLC0415  deferred heavy third-party import

    found, unmapped = load_coverage(db, by, group)
    display(Table(_readable(found)) if found.height else Markdown("_No ingested documents to cover._"))  # type: ignore[no-untyped-call]  # IPython has no annotations
    if unmapped.height:
        display(Markdown("**Most frequent labels no field took**"))  # type: ignore[no-untyped-call]  # IPython has no annotations
        display(Table(_readable(unmapped.head(top_labels))))  # type: ignore[no-untyped-call]  # IPython has no annotations
    return found, unmapped


# --- what the notebook prints -----------------------------------------------------------------------


def summary_html(view: ReviewView) -> str:
    """The document in a few lines: id, file, type, site, review status and the reasons it is queued."""
    r = view.review
    e = html.escape
    waiting = f" · {len(view.queue)} document(s) waiting in the queue" if view.queue else ""
    lines = [
        f"<b>Document</b> <code>{e(r.doc_id)}</code>",
        f"<b>File</b> <code>{e(r.path or '(unknown)')}</code>",
        (
            f"<b>Type</b> {e(r.doc_type or '(unknown)')} · <b>site</b> {e(r.site_id or '?')} · "
            f"<b>zone</b> {e(r.zone or '?')} · <b>pages</b> {len(r.pages)} · "
            f"<b>extraction revision</b> {r.extraction_revision or 1}"
        ),
        f"<b>Review</b> {e(r.status or 'not queued')}{waiting}",
    ]
    reasons = "".join(f"<li>{e(reason)}</li>" for reason in r.reasons)
    note = f" ({e(view.image.note)})" if view.image.note else ""
    drawn = f"Page {view.page} of {len(r.pages)}, drawn from {DRAWN_FROM[view.image.source]}{note}. {legend()}"
    queued = f"<p>Why it is queued:</p><ul>{reasons}</ul>" if reasons else ""
    return f"<p>{'<br>'.join(lines)}</p>{queued}<p>{drawn}</p>"


def fields_frame(review: DocReview) -> pl.DataFrame:
    """The fields in force: value, where it came from (extracted or a correction), confidence, page."""
    rows = [{c: f.get(c) for c in FIELD_COLUMNS} for f in review.fields]
    return pl.DataFrame(rows, schema=FIELD_COLUMNS, orient="row")


def missing_frame(view: ReviewView) -> pl.DataFrame:
    """The expected fields no value was found for, critical ones first."""
    missing = list(view.review.missing)
    return pl.DataFrame({"field": missing, "critical": [m in view.critical for m in missing]})


def unmapped_frame(review: DocReview) -> pl.DataFrame:
    """The label/value pairs the layout reader found that no field took: candidates to teach."""
    rows = [{c: p.get(c) for c in PAIR_COLUMNS} for p in review.pairs if not p.get("field")]
    return pl.DataFrame(rows, schema=PAIR_COLUMNS, orient="row")


# --- the actions -------------------------------------------------------------------------------------


def _act(action: Callable[[], str]) -> Outcome:
    """Run an action; a refusal (any towerkit error) becomes a failed Outcome with its one line."""
    try:
        return Outcome(ok=True, message=action())
    except TowerkitError as e:
        return Outcome(ok=False, message=str(e).splitlines()[0] if str(e) else type(e).__name__)


def accept_doc(db: str | Path, doc_id: str, *, by: str | None = None) -> Outcome:
    """Accept a queued document as it stands (``towerkit review accept``)."""

    def run() -> str:
        who = reviewer(by)
        with open_db(db) as conn:
            accept(conn, doc_id, by=who)
        return f"document {doc_id[:12]} accepted by {who}"

    return _act(run)


def correct_field(
    db: str | Path, doc_id: str, field: str, typed: str, *, by: str | None = None, reason: str | None = None
) -> Outcome:
    """Record a corrected value (``towerkit review set``); a value that does not normalise is refused."""

    def run() -> str:
        who = reviewer(by)
        with open_db(db) as conn:
            done = set_value(conn, doc_id, field, typed, by=who, reason=reason or None, catalog=catalog_for(db))
        was = f" (was {done.previous_value!r})" if done.previous_value is not None else ""
        return f"{field} set to {done.value!r}{was} by {who}, correction {done.correction_id}"

    return _act(run)


def teach_label(
    db: str | Path,
    field: str,
    label: str,
    *,
    by: str | None = None,
    catalog_file: str | Path | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Add ``label`` to ``field`` in the user catalog (default: beside ``db``), then re-extract every document.

    Re-extraction reads stored words only (no OCR, no source files); ``by`` is recorded with the
    catalog version and in the audit chain; ``settings`` default to ``Settings()``.
    """

    def run() -> str:
        who = reviewer(by)
        path = Path(catalog_file) if catalog_file is not None else default_catalog_path(db)
        written = add_label(path, field, label, catalog_for(db))
        catalog = load_catalog(written)
        with open_db(db) as conn:
            record_user_catalog(conn, written, who)
            done = reextract(conn, catalog=catalog, settings=settings or Settings(), by=who)
        return (
            f"label {label!r} now reads as {field} ({written}); re-extracted {done.documents} documents, "
            f"{len(done.changed)} changed"
        )

    return _act(run)


# --- the widgets --------------------------------------------------------------------------------------


def frame_html(frame: pl.DataFrame, empty: str) -> str:
    """A frame as the desk's HTML table, or ``empty`` in italics when it has no rows."""
    return Table(frame)._repr_html_() if frame.height else f"<p><em>{html.escape(empty)}</em></p>"


class Desk:
    """The ipywidgets of the review desk and the callbacks that drive them.

    Every callback is a plain method (``show``, ``accept``, ``correct``, ``teach``) that tests call
    directly; the buttons only call them. ``root`` is the box a notebook displays.
    """

    def __init__(self, db: str | Path, *, by: str | None = None, dpi: int = DEFAULT_DPI) -> None:
        """Build the widgets (nothing is read until ``show``)."""
        # ipywidgets is deferred: only a live desk needs it, not the reports that import this module.
        import ipywidgets as w  # noqa: PLC0415  deferred heavy third-party import

        self.db, self.by, self.dpi = db, by, dpi
        self.view: ReviewView | None = None
        self.documents: Any = w.Dropdown(description="document", layout=w.Layout(width="60%"))
        self.page: Any = w.Dropdown(description="page", options=[1], layout=w.Layout(width="12em"))
        self.image: Any = w.Image(format="png")
        self.summary, self.fields, self.missing, self.unmapped, self.message = (w.HTML() for _ in range(5))
        self.field: Any = w.Dropdown(description="field")
        self.value: Any = w.Text(description="value", placeholder="the value as it should read")
        self.reason: Any = w.Text(description="reason", placeholder="why (optional)")
        self.label: Any = w.Dropdown(description="label")
        self.target: Any = w.Dropdown(description="means")
        self.accept_button: Any = w.Button(description="Accept document", button_style="success")
        self.correct_button: Any = w.Button(description="Save correction", button_style="warning")
        self.teach_button: Any = w.Button(description="Teach label + re-extract", button_style="info")
        self.accept_button.on_click(lambda _: self.accept())
        self.correct_button.on_click(lambda _: self.correct())
        self.teach_button.on_click(lambda _: self.teach())
        self.documents.observe(lambda change: self.show(change["new"], 1), names="value")
        self.page.observe(lambda change: self._page_changed(change["new"]), names="value")
        self.root: Any = w.VBox(
            [
                w.HBox([self.documents, self.page, self.accept_button]),
                self.message,
                w.HBox([self.image, w.VBox([self.summary, self.fields, self.missing])]),
                w.HTML("<b>Correct a value</b>"),
                w.HBox([self.field, self.value, self.reason, self.correct_button]),
                w.HTML("<b>Teach a label no field took</b>"),
                w.HBox([self.label, self.target, self.teach_button]),
                self.unmapped,
            ]
        )
        self._showing = False

    def _page_changed(self, page: int | None) -> None:
        if self.view is not None and page is not None and not self._showing:
            self.show(self.view.review.doc_id, int(page))

    def show(self, doc_id: str | None = None, page: int = 1) -> ReviewView | None:
        """Load ``doc_id`` (None: the queue's first) at ``page`` and fill every widget with it."""
        if self._showing:
            return self.view
        try:
            view = load_review(self.db, doc_id, page, dpi=self.dpi)
        except TowerkitError as e:
            self.message.value = f"<p style='color:#b00'>{html.escape(str(e))}</p>"
            return None
        self._showing = True
        try:
            self.view = view
            r = view.review
            queued = [(f"{q.doc_id[:12]} {q.doc_type or '?'} {q.site_id or ''}", q.doc_id) for q in view.queue]
            if r.doc_id not in {d for _, d in queued}:
                queued.insert(0, (f"{r.doc_id[:12]} {r.doc_type or '?'} (not queued)", r.doc_id))
            self.documents.options, self.documents.value = queued, r.doc_id
            self.page.options = [int(p["page"]) for p in r.pages] or [1]
            self.page.value = view.page
            self.image.value = view.image.png
            self.summary.value = summary_html(view)
            self.fields.value = "<b>Fields</b>" + frame_html(fields_frame(r), "no field values")
            self.missing.value = "<b>Missing</b>" + frame_html(missing_frame(view), "none missing")
            self.unmapped.value = frame_html(unmapped_frame(r), "every pair was taken by a field")
            self.field.options = list(view.expected) or [f["field"] for f in r.fields]
            self.target.options = list(view.expected)
            self.label.options = sorted({str(p["label"]) for p in r.pairs if not p.get("field") and p.get("label")})
        finally:
            self._showing = False
        return view

    def _done(self, outcome: Outcome) -> Outcome:
        colour = "#070" if outcome.ok else "#b00"
        self.message.value = f"<p style='color:{colour}'>{html.escape(outcome.message)}</p>"
        if outcome.ok and self.view is not None:
            shown = self.message.value
            self.show(self.view.review.doc_id, self.view.page)
            self.message.value = shown
        return outcome

    def accept(self) -> Outcome:
        """Accept the document shown."""
        if self.view is None:
            return self._done(Outcome(ok=False, message="no document shown"))
        return self._done(accept_doc(self.db, self.view.review.doc_id, by=self.by))

    def correct(self) -> Outcome:
        """Save the typed value for the chosen field; a refusal is shown in one line."""
        if self.view is None or not self.field.value:
            return self._done(Outcome(ok=False, message="choose a field to correct"))
        doc_id, field, typed = self.view.review.doc_id, self.field.value, self.value.value
        return self._done(correct_field(self.db, doc_id, field, typed, by=self.by, reason=self.reason.value))

    def teach(self) -> Outcome:
        """Write the chosen label into the user catalog as the chosen field, then re-extract."""
        if not self.label.value or not self.target.value:
            return self._done(Outcome(ok=False, message="choose a label and the field it means"))
        return self._done(teach_label(self.db, self.target.value, self.label.value, by=self.by))


def review_desk(
    db: str | Path, *, doc_id: str | None = None, page: int = 1, by: str | None = None, dpi: int = DEFAULT_DPI
) -> Desk:
    """The review desk for ``db``, showing ``doc_id`` (None: the queue's first) at ``page``."""
    desk = Desk(db, by=by, dpi=dpi)
    desk.show(doc_id, page)
    return desk
