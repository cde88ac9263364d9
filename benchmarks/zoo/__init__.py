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

__all__ = ["EXTRA_FAMILIES", "FAMILIES", "MORE_FAMILIES", "THIRD_FAMILIES"]
