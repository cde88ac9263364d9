"""The package's shape, read from its source: floors, no import circles, the store alone speaks SQL.

The import graph is built with ``ast`` from every module of ``towerkit/``, with the imports under
``if TYPE_CHECKING:`` and inside functions included, so a circle cannot hide behind a type-only or
deferred import. ``docs/architecture.md`` draws the same floors.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "towerkit"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("cli", "__main__"),
    ("reports", "sample"),
    ("pipeline",),
    ("drift", "fields", "engines", "review"),
    ("compliance", "queries", "parameters"),
    ("store",),
    ("audit", "columns"),
    ("models", "config", "errors", "__init__"),
)
"""Top down. A module imports its own floor or lower ones; ``sample`` stands beside ``reports``
(only the CLI uses it, and it uses only the ground floor)."""

LEVEL = {unit: len(FLOORS) - i for i, floor in enumerate(FLOORS) for unit in floor}
MAX_MODULE_LINES = 400
DEFERRED = "# deferred:"
"""The comment that lets a function import a towerkit module: it must name the heavy optional
third-party library the import defers (reportlab, matplotlib, papermill...), so that a command that
does not need it starts without loading it."""


@dataclass(frozen=True)
class Edge:
    """One import statement of a towerkit module from a towerkit module."""

    src: str
    dst: str
    line: int
    in_function: bool
    deferred: bool
    """The import line says ``# deferred: <heavy third-party library>``: allowed inside a function."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, name: str | None) -> str:
    """``from module import name``: the submodule when ``name`` is one, else the module itself."""
    if name is not None and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    return module


def _absolute(src: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = src if path.name == "__init__.py" else src.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _walk(tree: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(tree):
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield child, inside
        yield from _walk(child, inside)


def _edges() -> list[Edge]:
    edges = []
    for src, path in MODULES.items():
        text = path.read_text()
        lines = text.splitlines()
        for node, in_function in _walk(ast.parse(text, str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                module = _absolute(src, path, node)
                targets = [_resolve(module, a.name) for a in node.names]
            else:
                continue
            for dst in targets:
                if dst == "towerkit" or dst.startswith("towerkit."):
                    deferred = DEFERRED in lines[node.lineno - 1] or DEFERRED in lines[node.lineno - 2]
                    edges.append(Edge(src, dst, node.lineno, in_function, deferred))
    return edges


EDGES = _edges()


def unit(module: str) -> str:
    """The floor unit of a module: its sub-package or flat module under ``towerkit``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one node, or a node importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_unit_has_a_floor() -> None:
    """A new sub-package or flat module must be placed on a floor before it can be imported."""
    assert sorted({unit(m) for m in MODULES} - set(LEVEL)) == []


def test_no_module_imports_a_higher_floor() -> None:
    """Arrows point down: cli, reports, pipeline, drift/fields/engines, compliance/queries, store, ..."""
    upward = [
        f"{e.src}:{e.line} imports {e.dst} ({unit(e.src)} is below {unit(e.dst)})"
        for e in EDGES
        if LEVEL[unit(e.dst)] > LEVEL[unit(e.src)]
    ]
    assert upward == []


def test_no_import_circle_between_modules() -> None:
    """Type-only and in-function imports count: a circle they close is still a circle."""
    graph: dict[str, set[str]] = {}
    for e in EDGES:
        graph.setdefault(e.src, set()).add(e.dst)
    assert _cycles(graph) == []


def test_no_import_circle_between_packages() -> None:
    """Two packages on one floor may share it, but only one of them may import the other."""
    graph: dict[str, set[str]] = {}
    for e in EDGES:
        if unit(e.src) != unit(e.dst):
            graph.setdefault(unit(e.src), set()).add(unit(e.dst))
    assert _cycles(graph) == []


def test_no_towerkit_import_inside_a_function() -> None:
    """A function imports a towerkit module only to defer a heavy library, and says which."""
    assert [f"{e.src}:{e.line} imports {e.dst}" for e in EDGES if e.in_function and not e.deferred] == []


def test_only_the_store_imports_duckdb() -> None:
    """The store is the seam where a DuckLake store plugs in: nothing else may speak to DuckDB."""
    offenders = []
    for src, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "duckdb" or n.startswith("duckdb.") for n in names) and unit(src) != "store":
                offenders.append(f"{src}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_at_most_400_lines(module: str) -> None:
    """Split a module at about 400 lines (STYLE.md): past that, one file holds several concerns."""
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module}: {lines} lines"


@pytest.mark.parametrize("package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py"))
def test_every_package_says_what_it_owns(package: str) -> None:
    """Each sub-package's docstring names what it owns and what it may import."""
    doc = ast.get_docstring(ast.parse(MODULES[package].read_text())) or ""
    assert package == "towerkit" or "import" in doc, f"{package}: say what it may import"


def test_the_graph_sees_deferred_and_type_only_imports(tmp_path: Path) -> None:
    """The walker finds imports inside functions and under TYPE_CHECKING (else the checks prove nothing)."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from towerkit.models import Word\n"
        "def f():\n    from towerkit.store import db\n"
    )
    found = [(n.lineno, inside) for n, inside in _walk(tree) if isinstance(n, ast.ImportFrom)]
    assert found == [(1, False), (3, False), (5, True)]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
