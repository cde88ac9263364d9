"""Checking a report's parameters before any kernel starts: names, types, dates, paths.

Papermill only warns about a parameter the notebook does not declare and happily injects a
misspelt date, so a typo would cost a kernel start and end in a traceback deep in a cell (or, worse,
in a report silently made for the wrong day). ``validate_parameters`` checks every value against the
notebook's ``parameters`` cell first, so a bad one is one clear ``UsageError`` line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from towerkit.errors import InputError, UsageError
from towerkit.store.lake import is_lake

CREATES_DB = frozenset({"ingest_batch"})
"""Notebooks whose ``db_path`` is written (and may not exist yet) rather than read."""
DURATION = re.compile(r"^\d+(d|w|mo|q|y)$")
"""A timeline period the drift notebook accepts (``every``): a count and a unit, e.g. ``1w``."""
MIN_MAX_DOCS = 2
"""``max_docs`` below two leaves the clustering notebook nothing to compare."""


def _is_none(value: Any) -> bool:
    """Whether a parameter value means None: None itself, or ``none``/``null``/empty text from the CLI."""
    return value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null", ""))


def _not_integer(name: str, value: Any) -> UsageError:
    """The error for a value that is not an integer."""
    return UsageError(f"parameter {name} must be an integer, got {value!r}")


def _int(name: str, value: Any, minimum: int) -> int:
    """``value`` as an integer ≥ ``minimum``; booleans and fractional floats are refused."""
    if isinstance(value, bool):
        raise _not_integer(name, value)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _not_integer(name, value) from None
    if isinstance(value, float) and not value.is_integer():
        raise _not_integer(name, value)
    if number < minimum:
        raise UsageError(f"parameter {name} must be ≥ {minimum}, got {number}")
    return number


def _float(name: str, value: Any, low: float, high: float) -> float:
    """``value`` as a number in ``[low, high]``."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"parameter {name} must be a number, got {value!r}") from None
    if not low <= number <= high:
        raise UsageError(f"parameter {name} must be between {low:g} and {high:g}, got {number:g}")
    return number


def _iso_date(name: str, value: Any) -> str | None:
    """``value`` as ``YYYY-MM-DD`` text, or None for a None-like value."""
    if _is_none(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise UsageError(f"parameter {name} must be an ISO date (YYYY-MM-DD) or None, got {value!r}") from None


def _default_type(spec: Mapping[str, Any]) -> str:
    """The type of a parameter: its annotation if any, else the type of its default's literal.

    papermill infers a type only from annotations (``x: int = 1``); our cells use plain
    ``x = 1`` with a comment, so the default literal decides.
    """
    annotated = str(spec.get("inferred_type_name") or "None")
    if annotated != "None":
        return annotated
    try:
        return type(ast.literal_eval(str(spec.get("default")))).__name__
    except (ValueError, SyntaxError):
        return "str"


def _bool(name: str, value: Any) -> bool:
    """``value`` as a boolean: a bool, or ``true``/``yes``/``1`` and ``false``/``no``/``0`` in any case."""
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "yes", "1"):
        return True
    if str(value).lower() in ("false", "no", "0"):
        return False
    raise UsageError(f"parameter {name} must be true or false, got {value!r}")


def _date_param(_report: str, name: str, value: Any) -> str | None:
    """``as_of``, ``since``: an ISO date or None."""
    return _iso_date(name, value)


def _count_param(_report: str, name: str, value: Any) -> int:
    """``horizon_days``, ``workers``: a non-negative integer."""
    return _int(name, value, 0)


def _max_docs_param(_report: str, name: str, value: Any) -> int:
    """``max_docs``: at least two documents to compare."""
    return _int(name, value, MIN_MAX_DOCS)


def _shingle_k_param(_report: str, name: str, value: Any) -> int:
    """``shingle_k``: at least one word per shingle."""
    return _int(name, value, 1)


def _share_param(_report: str, name: str, value: Any) -> float:
    """``threshold``: a distance between 0 and 1."""
    return _float(name, value, 0.0, 1.0)


def _period_param(_report: str, _name: str, value: Any) -> str:
    """``every``: a timeline period such as ``1w`` (``DURATION``)."""
    if not DURATION.match(str(value)):
        raise UsageError(f"parameter every must be a period such as 1d, 1w, 1mo, 1q, 1y; got {value!r}")
    return str(value)


def _db_path_param(report: str, _name: str, value: Any) -> str:
    """``db_path``: an absolute path, of an existing file unless the report creates the database.

    A DuckLake address passes as given: connecting checks it (and says when its catalog is missing).
    """
    if is_lake(str(value)):
        return str(value)
    path = Path(str(value)).expanduser().resolve()
    if report not in CREATES_DB and not path.is_file():
        raise InputError(f"database {value} does not exist (run towerkit ingest first)")
    return str(path)


def _input_dir_param(_report: str, _name: str, value: Any) -> str:
    """``input_dir``: an absolute path that exists."""
    path = Path(str(value)).expanduser().resolve()
    if not path.exists():
        raise InputError(f"input {value} does not exist")
    return str(path)


NAMED_CHECKS: dict[str, Callable[[str, str, Any], Any]] = {
    "as_of": _date_param,
    "since": _date_param,
    "horizon_days": _count_param,
    "workers": _count_param,
    "max_docs": _max_docs_param,
    "shingle_k": _shingle_k_param,
    "threshold": _share_param,
    "every": _period_param,
    "db_path": _db_path_param,
    "input_dir": _input_dir_param,
}
"""Parameters the notebooks share, checked precisely: called with (report, name, value)."""


def _by_declared_type(name: str, value: Any, spec: Mapping[str, Any]) -> Any:
    """Any other parameter, converted by the type papermill inferred from the notebook's default."""
    kind = _default_type(spec)
    if _is_none(value) and kind in ("NoneType", "str"):
        return None
    if kind.startswith("int"):
        return _int(name, value, -(2**63))
    if kind.startswith("float"):
        return _float(name, value, float("-inf"), float("inf"))
    if kind.startswith("bool"):
        return _bool(name, value)
    return value if isinstance(value, (str, int, float, bool, list, dict)) else str(value)


def check_value(report: str, name: str, value: Any, spec: Mapping[str, Any]) -> Any:
    """One parameter's value, converted to what the notebook expects.

    Known names get a precise check (``NAMED_CHECKS``: dates parse, counts are non-negative
    integers, paths exist); others are converted by the type papermill inferred from the notebook's
    default.

    Args:
        report: the report's name (``db_path`` may be missing only for reports that create it).
        name: the parameter's name.
        value: the value given (CLI text or a Python value).
        spec: the parameter as ``declared_parameters`` returns it.

    Raises:
        UsageError: the value is not acceptable; InputError: a path does not exist.

    """
    check = NAMED_CHECKS.get(name)
    if check is not None:
        return check(report, name, value)
    return _by_declared_type(name, value, spec)


def validate_parameters(
    report: str, declared: Mapping[str, Mapping[str, Any]], given: Mapping[str, Any]
) -> dict[str, Any]:
    """Check every given parameter against the notebook's parameters cell; unknown names fail."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise UsageError(
            f"report {report} has no parameter {', '.join(unknown)}; its parameters: {', '.join(declared) or '(none)'}"
        )
    return {name: check_value(report, name, value, declared[name]) for name, value in given.items()}
