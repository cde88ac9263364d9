"""Parameters that name things in the data (zone, site, issuer, template) are checked against it.

A misspelt zone must never produce "0 sites, 0 findings": that reads as a clean bill of health. So
``query`` and ``report`` look every such value up before running and refuse an unknown one with the
closest values the database does hold. Parsing the two parameter forms (papermill's ``-p KEY
VALUE`` and ``--param KEY=VALUE``) and a ``--params FILE.yaml`` lives here too, so both commands
read parameters the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from towerkit.errors import InputError, UsageError
from towerkit.store.db import Connection
from towerkit.store.known_values import distinct_values

CHECKED = {
    "zone": "zone",
    "site_id": "site_id",
    "site": "site_id",
    "issuer": "issuer",
    "template_id": "template_id",
    "template": "template_id",
    "doc_type": "doc_type",
}
"""Parameter name -> what it names in the database."""
CLOSEST = 3
"""Existing values named in the error: enough to spot the typo, few enough for one line."""


def merge_params(
    pairs: Iterable[Sequence[str]], assignments: Iterable[str], files: Iterable[str | Path] = ()
) -> dict[str, Any]:
    """One dict from ``-p KEY VALUE`` pairs, ``--param KEY=VALUE`` items and YAML files (in that precedence).

    A name given twice on the command line is an error; a file's values are typed by YAML
    (papermill's typed parameters) and the command line overrides them.

    Raises:
        UsageError: a malformed item, a name given twice, or a file that is not a YAML mapping.
        InputError: a parameters file that does not exist or cannot be read.

    """
    base: dict[str, Any] = {}
    for f in files:
        base.update(read_params_file(f))
    given: dict[str, Any] = {}
    for key, value in pairs:
        _put(given, key, value)
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param wants KEY=VALUE, got {item!r} (papermill's form is -p KEY VALUE)")
        _put(given, key.strip(), value)
    return {**base, **given}


def _put(given: dict[str, Any], key: str, value: Any) -> None:
    name = key.strip()
    if not name:
        raise UsageError("a parameter needs a name")
    if name in given:
        raise UsageError(f"parameter {name} given twice")
    given[name] = value


def read_params_file(path: str | Path) -> dict[str, Any]:
    """A YAML mapping of parameters (values keep their YAML types: numbers, booleans, null)."""
    import yaml  # noqa: PLC0415  deferred third-party import: only --params needs it

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"parameters file {p} does not exist") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"parameters file {p} cannot be read: {e}") from e
    except yaml.YAMLError as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise UsageError(f"parameters file {p} is not valid YAML: {first}") from e
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise UsageError(f"parameters file {p} must be a mapping of names to values")
    return {str(k): v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


def check_against_data(conn: Connection, params: Mapping[str, Any]) -> None:
    """Refuse a zone, site, issuer, template or document type the database does not hold.

    Raises:
        UsageError: one line naming the unknown value and the closest existing ones.

    """
    for name, value in params.items():
        kind = CHECKED.get(name)
        if kind is None or value is None or str(value).strip().lower() in ("", "none", "null"):
            continue
        existing = distinct_values(conn, kind)
        if str(value) in existing:
            continue
        raise UsageError(f"no {name} {str(value)!r} in the database; {closest(str(value), existing)}")


def closest(value: str, existing: Sequence[str]) -> str:
    """``closest: a, b, c`` (by spelling, case ignored), or why there is nothing to name."""
    if not existing:
        return "it holds none yet (ingest first)"
    by_lower = {v.lower(): v for v in existing}
    near = difflib.get_close_matches(value.lower(), list(by_lower), n=CLOSEST, cutoff=0.0)
    return "closest: " + ", ".join(by_lower[n] for n in near)
