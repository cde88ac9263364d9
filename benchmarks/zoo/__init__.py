"""The layout zoo: a second, independent generator of tower documents for honest generalisation tests.

towerkit's own sample generator and its field extractor grew up together, so scoring the extractor on
that corpus measures memory, not reading. The zoo prints the same five document types the way other
issuers do — ten layout families (``FAMILIES``), varied wording, units, value formats, scans — and
writes ground truth in the DESIGN.md format, with a ``family`` key so scores can be split per layout.

``MORE_FAMILIES`` are six further conventions (captions under fill-in rules, running ``label: value``
lines, two panels, margin labels, numbered matrices, business letters). They are kept out of the
default ``FAMILIES`` so a corpus generated with the defaults stays byte-identical to earlier ones.

``EXTRA_FAMILIES`` are two prose conventions by a second, independent writer (an office memo or printed
e-mail, and a report's narrative section under headings): facts stated only in running sentences whose
wording no reader of the extractor has seen. They are kept out of both tuples above for the same reason.

``THIRD_FAMILIES`` are five form layouts by a third, independent writer who read neither the extractor
nor the other families' layout code nor their label tables, with wordings of its own (``third_labels.py``):
a government box form, a spec sheet, a tab-stop typed report, a summary table, a field visit sheet.
Kept out of every tuple above, so corpora generated before them regenerate byte for byte.

``FOURTH_FAMILIES`` are five layouts by a fourth, independent writer under the same reading rules, with
its own wordings (``fourth_labels.py``): a posted permit card of boxes with small top-left labels, an
invoice-style statement, a numbered questionnaire, a landscape page of wide one-row tables with wrapped
unit headers, and a line-printer report with ``=====`` under fixed-width column heads. Kept out of
every tuple above for the same reason.
"""

from __future__ import annotations

FAMILIES: tuple[str, ...] = (
    "same_line",
    "dot_leaders",
    "columns",
    "grid_plain",
    "grid_ruled",
    "boxed",
    "kv_table",
    "clauses",
    "checkboxes",
    "exports",
)

MORE_FAMILIES: tuple[str, ...] = (
    "caption_below",
    "inline_run",
    "two_panel",
    "margin_labels",
    "matrix",
    "letter",
)

EXTRA_FAMILIES: tuple[str, ...] = ("memo", "narrative")

THIRD_FAMILIES: tuple[str, ...] = ("gov_form", "datasheet", "tabbed", "summary_table", "field_sheet")

FOURTH_FAMILIES: tuple[str, ...] = ("permit_card", "statement", "questionnaire", "wide_table", "line_printer")

__all__ = ["EXTRA_FAMILIES", "FAMILIES", "FOURTH_FAMILIES", "MORE_FAMILIES", "THIRD_FAMILIES"]
