"""The values the drift rules pass around: a revision's expected fields, drift events, verdicts.

Pure frozen records (no I/O). The store keeps templates as plain rows; ``towerkit.drift.registry``
builds these from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from towerkit.models import Fingerprint

Severity = Literal["minor", "major"]
Kind = Literal["field_moved", "field_missing", "new_label", "unknown_layout"]


@dataclass(frozen=True, slots=True)
class FieldPosition:
    """Where a template revision expects a field: its label wording and the value's top-left."""

    field: str
    label: str | None
    page: int
    x0: float
    top: float
    fixed: bool = True
    """False when the baseline documents put the value in different places (prose, tables that
    grow): then only presence and label are checked, never the position."""


@dataclass(frozen=True, slots=True)
class TemplateRevision:
    """One registered layout of a family (``doc_type``, ``issuer``): what documents are checked against."""

    template_id: str
    doc_type: str | None
    issuer: str | None
    revision: int
    fingerprint: Fingerprint
    fields: dict[str, FieldPosition] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DriftEvent:
    """One way a document differs from its revision (a ``drift_events`` row without its ids)."""

    kind: Kind
    field: str | None
    expected: str | None
    observed: str | None
    delta_pt: float | None
    severity: Severity
    message: str = ""
    """One human-readable line, e.g. ``field_moved: structure_height_ft moved 84 pt (tolerance 24)``."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one document: the revision it matched (if any) and the drift found."""

    template_id: str | None
    similarity: float
    events: tuple[DriftEvent, ...]

    @property
    def major(self) -> bool:
        """Any major event: the document is quarantined."""
        return any(e.severity == "major" for e in self.events)

    @property
    def status(self) -> str:
        """The ``documents.status`` this verdict gives."""
        return "quarantined" if self.major else "ingested"

    @property
    def reasons(self) -> list[str]:
        """The major events' messages: what the quarantine row and the alert say."""
        return [e.message for e in self.events if e.severity == "major"]
