"""The layout zoo: a second, independent generator of tower documents for honest generalisation tests.

towerkit's own sample generator and its field extractor grew up together, so scoring the extractor on
that corpus measures memory, not reading. The zoo prints the same five document types the way other
issuers do — ten layout families (``FAMILIES``), varied wording, units, value formats, scans — and
writes ground truth in the DESIGN.md format, with a ``family`` key so scores can be split per layout.
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

__all__ = ["FAMILIES"]
