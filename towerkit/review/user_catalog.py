"""The user catalog kept beside the database: where it lives, when it is in force, its recorded sha256.

A label taught with ``towerkit catalog add-label`` goes into ``<db stem>.catalog.toml`` next to the
database file, so every later ``ingest`` and ``reextract`` on that database reads it without a
``--catalog`` option; the database records each version it used by sha256 (``user_catalogs``), so
a result can be traced to the exact wording list that produced it.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from pathlib import Path

from towerkit.config import Settings
from towerkit.errors import InputError
from towerkit.fields import Catalog, load_catalog
from towerkit.store import Connection
from towerkit.store.coverage_store import latest_user_catalog, record_user_catalog_row
from towerkit.store.db import db_anchor

CATALOG_SUFFIX = ".catalog.toml"
"""The user catalog's name is the database's stem plus this: ``towerkit.duckdb`` -> ``towerkit.catalog.toml``."""

_NOT_A_FILE = re.compile(r"^:memory:$", re.IGNORECASE)
"""A ``--db`` that names no place at all: it has no folder to keep a catalog in. A DuckLake store keeps
its catalog beside its anchor (``towerkit.store.db.db_anchor``): the SQLite file, or in the data folder."""


def default_catalog_path(db_path: str | os.PathLike[str] | None) -> Path:
    """The user catalog beside the database: ``<db stem>.catalog.toml`` in the database's folder."""
    db = db_anchor(db_path)
    return db.with_name(db.stem + CATALOG_SUFFIX)


def effective_catalog_path(db_path: str | os.PathLike[str] | None, given: str | None) -> str | None:
    """The catalog file extraction uses: ``given`` wins; else the one beside the database if it exists; else None."""
    if given:
        return given
    if db_path is not None and _NOT_A_FILE.match(os.fspath(db_path)):
        return None
    beside = default_catalog_path(db_path)
    return str(beside) if beside.is_file() else None


def catalog_in_force(db_path: str | os.PathLike[str] | None, given: str | None) -> tuple[str | None, Catalog]:
    """The catalog file a command on ``db_path`` extracts with, and that catalog loaded.

    ``given`` (``--catalog``) wins, then ``$TOWERKIT_CATALOG_PATH``, then the user catalog beside the
    database, then the packaged catalog (path None).
    """
    path = effective_catalog_path(db_path, given or Settings.from_env().catalog_path)
    return path, load_catalog(path)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The sha256 of a catalog file's bytes (what ``user_catalogs`` records)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as e:
        raise InputError(f"catalog {path}: cannot read: {e.strerror or e}") from e


def record_user_catalog(conn: Connection, path: str | os.PathLike[str], by: str | None) -> str:
    """Record the catalog file's sha256 in ``user_catalogs`` (once per version) and return it."""
    sha = file_sha256(path)
    record_user_catalog_row(conn, str(Path(path).resolve()), sha, by)
    return sha


def recorded_catalog_path(conn: Connection) -> str | None:
    """The user catalog recorded last in this database, if the file is still there."""
    latest = latest_user_catalog(conn)
    return latest[0] if latest is not None and Path(latest[0]).is_file() else None


def current_user() -> str:
    """Who runs the command, for ``recorded_by`` (``$USER``, else the login name, else ``unknown``)."""
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (OSError, KeyError):  # no passwd entry (containers)
        return "unknown"
