"""Compliance rules and reports as SQL files: find them, read their headers, bind their parameters.

Each ``queries/NAME.sql`` starts with a header of ``-- key: value`` lines (grammar in
``queries/README.md``) declaring what a row means, the rule ids, the output columns and every
``$parameter`` with its type and default. Parameters from the command line arrive as text and are
coerced here by the declared type; values always travel to DuckDB as bound named parameters, never
pasted into the SQL, so a ``zone`` of ``x'; DROP TABLE documents; --`` is just a zone nobody has.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from towerkit.errors import QueryError
from towerkit.store.db import Connection
from towerkit.store.query_runner import facts_stale, run_sql, use_live_facts
from towerkit.store.review_queue import pending_doc_ids

log = logging.getLogger(__name__)

QUERIES_ENV = "TOWERKIT_QUERIES"
"""Environment variable naming another queries folder (tests, an operator's own rules)."""
SHIPPED_DATA = "_data"
"""The package folder an installed wheel keeps its copies of ``queries/``, ``notebooks/`` and
``docs/compliance_rules.md`` in (setup.py's ``TARGET``); absent in a checkout, which reads the originals."""
RULES_FILE = "compliance_rules.md"
"""The rule catalogue (ids, tags, sources) in ``docs/``: what every ``-- rules:`` id refers to."""
TYPES = ("DATE", "INTEGER", "DOUBLE", "VARCHAR", "BOOLEAN")
KINDS = ("rule", "report")
RULE_COLUMNS = ("site_id", "rule_id", "tag", "severity", "due_date", "doc_ids")
"""Columns every ``kind: rule`` query returns first; ``refresh_tags`` stores them."""
_KEYS = ("name", "kind", "rules", "description", "row", "key", "columns", "boundary", "param")
_LIST_KEYS = ("rules", "key", "columns")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Z]+)\s*=\s*(?P<default>'[^']*'|[^\s(]+)\s*(?:\((?P<doc>.*)\))?\s*$"
)
_HEADER_LINE = re.compile(r"^--\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_]\w*)")


def today() -> date:
    """The operator's local calendar day: what ``today`` means in a query and the default ``as_of``."""
    return date.today()  # noqa: DTZ011  compliance dates are local calendar days, not instants


def shipped_dir(folder: str) -> Path:
    """A top-level folder of the repository (``queries``, ``notebooks``, ``docs``) as this install has it.

    An installed wheel carries copies inside the package (``towerkit/_data/``, written by setup.py's
    build step) and finds them with importlib.resources; a checkout or an editable install has no
    copy and reads the repository's own folder beside the package, so an edit shows at once.
    """
    shipped = resources.files("towerkit") / SHIPPED_DATA / folder
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parent.parent / folder


def queries_dir() -> Path:
    """``$TOWERKIT_QUERIES``, else the ``queries/`` this install ships (see ``shipped_dir``)."""
    env = os.environ.get(QUERIES_ENV)
    if env:
        return Path(env)
    return shipped_dir("queries")


def rules_path() -> Path:
    """The compliance rules text the queries implement and reports cite (``docs/compliance_rules.md``)."""
    return shipped_dir("docs") / RULES_FILE


@dataclass(frozen=True)
class Param:
    """One declared ``$parameter``: its type, its default (``None`` is SQL NULL) and what it means."""

    name: str
    type: str
    default: Any
    doc: str = ""

    def coerce(self, value: Any, query: str) -> Any:
        """Turn a CLI string (or a Python value) into this parameter's type; None stays NULL."""
        if value is None:
            return None
        try:
            return _coerce(self.type, value)
        except (ValueError, TypeError):
            raise QueryError(
                f"query {query}: parameter {self.name} must be {self.type}{_TYPE_HINT[self.type]}, got {value!r}"
            ) from None

    def resolved_default(self) -> Any:
        """The default at run time: ``today`` means the day the query runs."""
        return today() if self.default == "today" else self.default


_TYPE_HINT = {
    "DATE": " (YYYY-MM-DD or 'today')",
    "INTEGER": "",
    "DOUBLE": "",
    "VARCHAR": "",
    "BOOLEAN": " (true/false)",
}


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    return today() if text == "today" else date.fromisoformat(text)


def _to_integer(value: Any) -> int:
    """An int; a bool or a float with a fraction is refused rather than silently truncated."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    return int(value)


def _to_double(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(value)  # noqa: TRY004  callers catch ValueError as "not of the declared type"
    return float(value)


def _to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise ValueError(value)


def _to_varchar(value: Any) -> str:
    return str(value)


_COERCERS: dict[str, Callable[[Any], Any]] = {
    "DATE": _to_date,
    "INTEGER": _to_integer,
    "DOUBLE": _to_double,
    "BOOLEAN": _to_boolean,
}
"""Per declared type, the function turning a value into it (VARCHAR, and any other, into str)."""


def _coerce(kind: str, value: Any) -> Any:
    """A CLI string or Python value as a parameter of type ``kind``; the text ``NULL`` is SQL NULL.

    Raises:
        ValueError: the value is not of that type (``Param.coerce`` turns it into a QueryError).

    """
    if isinstance(value, str) and value.strip().upper() == "NULL":
        return None
    convert: Callable[[Any], Any] = _COERCERS.get(kind, _to_varchar)
    return convert(value)


@dataclass(frozen=True)
class Query:
    """One parsed ``queries/*.sql`` file."""

    name: str
    kind: str
    rules: tuple[str, ...]
    description: str
    row: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    boundaries: tuple[str, ...]
    params: tuple[Param, ...]
    sql: str
    path: Path

    def param(self, name: str) -> Param:
        """The declared parameter ``name``; an unknown one is a QueryError naming the allowed ones."""
        for p in self.params:
            if p.name == name:
                return p
        allowed = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name} has no parameter {name!r}; allowed: {allowed}")

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter with a value: the given one coerced, else the default.

        Raises:
            QueryError: an unknown parameter (naming the allowed ones) or a malformed value.

        """
        bound = {p.name: p.resolved_default() for p in self.params}
        for name, value in given.items():
            bound[name] = self.param(name).coerce(value, self.name)
        return bound


def parse(name: str, text: str, path: Path | None = None) -> Query:
    """Parse one query file's header (grammar in queries/README.md) and check it against its body.

    Raises:
        QueryError: the header breaks the grammar, or declares parameters the SQL does not use (or
            the reverse).

    """
    where = f"query {name}"
    lines = text.splitlines()
    fields, body_start = _read_header(where, lines)
    kind = _check_header(where, name, fields)
    lists = {k: tuple(x.strip() for v in fields[k] for x in v.split(",") if x.strip()) for k in _LIST_KEYS}
    params = tuple(_parse_param(where, p) for p in fields["param"])
    body = "\n".join(ln.split("--", 1)[0] for ln in lines[body_start:])
    _check_params_used(where, params, body)
    if kind == "rule":
        _check_rule(where, lists)
    return Query(
        name,
        kind,
        lists["rules"],
        fields["description"][0],
        fields["row"][0],
        lists["key"],
        lists["columns"],
        tuple(fields["boundary"]),
        params,
        text,
        path or Path(f"{name}.sql"),
    )


def _read_header(where: str, lines: list[str]) -> tuple[dict[str, list[str]], int]:
    """The header's values per key, and the index of the first line of SQL (len(lines) if none).

    A line starting ``--  `` (two spaces) continues the previous description, row or boundary.
    """
    fields: dict[str, list[str]] = {k: [] for k in _KEYS}
    last: str | None = None
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if not stripped.startswith("--"):
            if stripped.strip():
                return fields, i
            continue
        m = _HEADER_LINE.match(stripped)
        if m and m.group("key") in _KEYS:
            last = m.group("key")
            fields[last].append(m.group("value").strip())
        elif m:
            raise QueryError(f"{where}: unknown header key {m.group('key')!r} (allowed: {', '.join(_KEYS)})")
        elif stripped.strip("- ") == "":
            last = None
        elif last in ("description", "row", "boundary") and stripped.startswith("--  "):
            fields[last][-1] += " " + stripped[2:].strip()
        else:
            raise QueryError(f"{where}: header line {i + 1} is not 'key: value': {stripped!r}")
    return fields, len(lines)


def _check_header(where: str, name: str, fields: dict[str, list[str]]) -> str:
    """Check the keys every query declares once, and return its kind."""
    for key in ("name", "kind", "description", "row", "columns"):
        if len(fields[key]) != 1:
            raise QueryError(f"{where}: header needs exactly one '-- {key}:' line")
    if fields["name"][0] != name:
        raise QueryError(f"{where}: header names {fields['name'][0]!r}, file is {name}.sql")
    kind = fields["kind"][0]
    if kind not in KINDS:
        raise QueryError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def _check_params_used(where: str, params: tuple[Param, ...], body: str) -> None:
    """Every ``$name`` in the SQL is declared, and every declared parameter is used."""
    used = set(_PARAM_USE.findall(body))
    declared = {p.name for p in params}
    if used - declared:
        raise QueryError(f"{where}: SQL uses undeclared parameters {sorted(used - declared)}")
    if declared - used:
        raise QueryError(f"{where}: declares unused parameters {sorted(declared - used)}")


def _check_rule(where: str, lists: dict[str, tuple[str, ...]]) -> None:
    """A rule names its rule ids and key, and returns ``RULE_COLUMNS`` first."""
    if not lists["rules"] or not lists["key"]:
        raise QueryError(f"{where}: a rule needs '-- rules:' and '-- key:'")
    if lists["columns"][: len(RULE_COLUMNS)] != RULE_COLUMNS:
        raise QueryError(f"{where}: a rule's columns must start with {', '.join(RULE_COLUMNS)}")


def _parse_param(where: str, text: str) -> Param:
    """One ``-- param: name TYPE = default  (doc)`` line; the default is coerced to TYPE now."""
    m = _PARAM.match(text)
    if not m or m.group("type") not in TYPES:
        raise QueryError(
            f"{where}: bad param line {text!r} (want 'name TYPE = default  (doc)', TYPE one of {', '.join(TYPES)})"
        )
    kind, raw = m.group("type"), m.group("default")
    if raw.upper() == "NULL":
        default: Any = None
    elif kind == "DATE" and raw == "today":
        default = "today"
    else:
        try:
            default = _coerce(kind, raw[1:-1] if raw.startswith("'") else raw)
        except ValueError:
            raise QueryError(f"{where}: default {raw!r} of {m.group('name')} is not {kind}") from None
    return Param(m.group("name"), kind, default, (m.group("doc") or "").strip())


def list_queries(folder: Path | None = None) -> list[Query]:
    """Every query in the folder, parsed, sorted by name."""
    folder = folder or queries_dir()
    if not folder.is_dir():
        raise QueryError(f"queries folder {folder} not found (set ${QUERIES_ENV})")
    return [load(p.stem, folder) for p in sorted(folder.glob("*.sql"))]


def load(name: str, folder: Path | None = None) -> Query:
    """Read and parse ``queries/NAME.sql``.

    Raises:
        QueryError: no such query (naming the known ones), or its header is malformed.

    """
    folder = folder or queries_dir()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise QueryError(f"bad query name {name!r}")
    path = folder / f"{name}.sql"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.sql"))) or "none"
        raise QueryError(f"no query named {name!r}; known: {known}")
    return parse(name, path.read_text(encoding="utf-8"), path)


def with_review_flags(conn: Connection, frame: pl.DataFrame, pending: Collection[str] | None = None) -> pl.DataFrame:
    """A rule's findings plus ``under_review``: whether a document a finding rests on waits for review.

    A finding built on a value nobody has checked yet (low confidence, failed normalisation, a missing
    critical field) says so, in ``towerkit query`` and in the compliance report alike. A caller
    flagging several rules' frames passes ``pending`` (``pending_doc_ids``) read once.
    """
    if "doc_ids" not in frame.columns:
        return frame
    pending = pending_doc_ids(conn) if pending is None else pending
    flag = pl.col("doc_ids").list.eval(pl.element().is_in(pending)).list.any().fill_null(value=False)
    return frame.with_columns(flag.alias("under_review"))


def run_query(conn: Connection, name: str, folder: Path | None = None, **params: Any) -> pl.DataFrame:
    """Run ``queries/NAME.sql`` on ``conn`` with ``params`` (others take their declared defaults).

    When the facts tables lag behind the documents (no ``refresh_facts`` since the last change), the
    query reads facts computed for this session instead, and a warning is logged.

    Raises:
        QueryError: unknown query or parameter, a malformed value, or DuckDB failed the query.

    """
    query = load(name, folder)
    bound = query.bind(params)
    if facts_stale(conn):
        use_live_facts(conn)
    return run_sql(conn, name, query.sql, bound)
