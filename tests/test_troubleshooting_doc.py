# ruff: noqa: S101, PLR2004, INP001
"""docs/troubleshooting.md explains every failed-file kind the code can store, read from the source itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "troubleshooting.md"
PACKAGE = ROOT / "towerkit"

_LITERAL_KIND = (
    re.compile(r"ExtractionError\(\s*[\"']([a-z_]+)[\"']"),  # ExtractionError("encrypted", ...)
    re.compile(r"failed_result\(\s*task,\s*\"([a-z_]+)\""),  # the pool's own failures: timeout, crashed
    re.compile(r"[\w.]: \(\"([a-z_]+)\", \"[^\"]*\"\)"),  # {CODE: ("encrypted", "password required")} tables
    re.compile(r"kind = \"([a-z_]+)\" if .* else \"([a-z_]+)\""),  # kind = "truncated" if ... else "corrupt"
)
_DIAGNOSIS = re.compile(r"\ndef _diagnose\w*\(.*?(?=\ndef |\Z)", re.DOTALL)
"""A function that names what is wrong with a file and returns ``(kind, detail)``."""
_RETURNED_KIND = re.compile(r"return \"([a-z_]+)\", ")
_ANY_CALL = re.compile(r"(?<!class )ExtractionError\(\s*([^,\s)]+)")
_FORWARDED = {"e.kind", "inner.kind", "kind"}
"""Non-literal first arguments: a caught error's kind passed on, or a ``kind`` the patterns above read."""


def _kinds() -> set[str]:
    kinds: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "ExtractionError" not in text and "failed_result" not in text:
            continue
        for pattern in _LITERAL_KIND:
            for m in pattern.finditer(text):
                kinds.update(g for g in m.groups() if g)
        for body in _DIAGNOSIS.findall(text):
            kinds.update(_RETURNED_KIND.findall(body))
        for m in _ANY_CALL.finditer(text):
            arg = m.group(1)
            assert arg.startswith(('"', "'")) or arg in _FORWARDED, (
                f"{path.relative_to(ROOT)}: ExtractionError({arg}, ...): a kind this test cannot read; "
                "teach the test where it comes from and document it in docs/troubleshooting.md"
            )
    return kinds


def test_kinds_are_found_in_the_source() -> None:
    """The scan sees the kinds everyone knows are there, so an empty scan cannot pass."""
    kinds = _kinds()
    assert {"empty", "truncated", "encrypted", "not_a_pdf", "too_large", "timeout", "unreadable", "crashed"} <= kinds
    assert len(kinds) >= 12


def test_every_failed_file_kind_is_explained() -> None:
    """Each kind appears in the failed-files table as a row of its own, with an example, a cause and a fix."""
    page = PAGE.read_text(encoding="utf-8")
    section = page.split("### Files that failed", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_]+)` \|.*\|$", section, re.MULTILINE)}
    missing = sorted(_kinds() - set(rows))
    assert missing == [], f"docs/troubleshooting.md lacks failed-file kinds {missing}"
    for kind, row in rows.items():
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 4, f"row of {kind} is not kind | example | cause | fix"
        assert all(cells), f"row of {kind} has an empty cell"
        assert kind.replace("_", " ") in cells[1], f"{kind}'s example is not the reason towerkit prints"


def test_links_inside_the_repository_resolve() -> None:
    """Every relative link of the page names a file of the repository."""
    page = PAGE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page):
        if "://" not in target:
            assert (PAGE.parent / target).resolve().is_file(), target
