"""Every error towerkit raises, in one place so modules can share them without import loops.

Errors carry fields (which file, which page, which entry) and a one-line ``reason`` meant for the
user: the CLI prints it as is, the pipeline stores it in ``documents.error``. ``Transient`` errors
are worth one retry (a worker process died, a lock was held); ``Terminal`` ones are not (the file
is encrypted; retrying will not decrypt it).
"""

from __future__ import annotations

import errno
import importlib.util
import os
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``towerkit`` command."""

    OK = 0
    CHECK_FAILED = 1  # a verification or check found a problem (audit verify, failed report)
    USAGE = 2  # bad arguments or parameters
    INPUT = 3  # a path, database or bundle the user named cannot be used
    BUSY = 4  # the database is locked by another process
    FAILED_FILES = 5  # ingest --fail-on failed: the run completed, some files failed
    QUARANTINED = 6  # ingest --fail-on quarantined: the run completed, some documents were quarantined
    FINDINGS = 7  # ingest --fail-on findings: the run completed, compliance findings stand
    DISK_FULL = 8  # a filesystem towerkit writes to (database, event log, temp folder) is full
    INTERNAL = 70


class TowerkitError(Exception):
    """Base of all towerkit errors; ``str(err)`` is a one-line message for the user."""

    exit_code: ExitCode = ExitCode.INTERNAL


class Transient:
    """Mixin: the same call may succeed if tried again."""


class Terminal:
    """Mixin: trying again gives the same result."""


class UsageError(TowerkitError, Terminal):
    """A bad argument or parameter from the user."""

    exit_code = ExitCode.USAGE


class InputError(TowerkitError, Terminal):
    """A path, database or bundle named by the user cannot be used."""

    exit_code = ExitCode.INPUT


class ExtractionError(TowerkitError, Terminal):
    """A file could not be read into words.

    ``kind`` is a short machine tag (``empty``, ``encrypted``, ``truncated``, ``not_a_pdf``,
    ``unsupported``, ``too_large``, ``unreadable``, ``ocr_unavailable``, ``timeout``, ``crashed``,
    ``corrupt``); ``reason`` is the one-line text stored as the document's error, e.g.
    ``encrypted: password required``.
    """

    def __init__(self, kind: str, detail: str, *, path: str | None = None, page: int | None = None) -> None:
        self.kind = kind
        self.detail = detail
        self.path = path
        self.page = page
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        """The one line stored as the document's error, e.g. ``encrypted: password required``."""
        where = f" (page {self.page})" if self.page is not None else ""
        return f"{self.kind.replace('_', ' ')}: {self.detail}{where}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive pickling through a process pool on their own.
        return (_rebuild_extraction_error, (self.kind, self.detail, self.path, self.page))


def _rebuild_extraction_error(kind: str, detail: str, path: str | None, page: int | None) -> ExtractionError:
    """Unpickle an ExtractionError with its keyword-only fields (see ``ExtractionError.__reduce__``)."""
    return ExtractionError(kind, detail, path=path, page=page)


class WorkerCrashed(TowerkitError, Transient):
    """The worker process extracting a file died (killed, out of memory, segfault)."""


class StoreError(TowerkitError):
    """A database operation failed."""

    exit_code = ExitCode.INPUT


class DatabaseBusy(StoreError, Transient):
    """Another process holds the database's write lock."""

    exit_code = ExitCode.BUSY


class SchemaError(StoreError, Terminal):
    """The database is not a towerkit database, or is newer than this towerkit."""


class DatabaseDamaged(StoreError, Terminal):
    """The database file is damaged (cut short, bytes changed): nothing is written to it."""


NO_SPACE = os.strerror(errno.ENOSPC)
"""The C library's text for ENOSPC ("No space left on device"): how a full disk reads in messages
that crossed a process or library boundary as text (DuckDB's IO errors, a worker's failure reason)."""


def is_disk_full(err: BaseException | str | None) -> bool:
    """Whether an error (or its text) says a filesystem is full (ENOSPC, or EDQUOT: a quota reached)."""
    if isinstance(err, OSError) and err.errno in {errno.ENOSPC, errno.EDQUOT}:
        return True
    text = str(err) if err is not None else ""
    return NO_SPACE in text or os.strerror(errno.EDQUOT) in text


class DiskFull(StoreError, Transient):
    """A filesystem towerkit writes to is full: the run stops, what was committed stays.

    ``what`` names the thing being written (``the database``, ``the event log``, ``the temp folder``)
    and ``path`` where it is, so the user knows which filesystem to free.
    """

    exit_code = ExitCode.DISK_FULL

    def __init__(self, what: str, path: str, hint: str = "free space") -> None:
        self.what = what
        self.path = path
        self.hint = hint
        super().__init__(
            f"disk full writing {what} {path} ({NO_SPACE}): {hint} and run the same command again; "
            "nothing committed was lost"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (DiskFull, (self.what, self.path, self.hint))


class QueryError(TowerkitError, Terminal):
    """A query name or parameter is wrong, or the query failed."""

    exit_code = ExitCode.USAGE


class AuditError(TowerkitError, Terminal):
    """The audit chain or an evidence bundle does not verify."""

    exit_code = ExitCode.CHECK_FAILED


class JobFailed(TowerkitError, Terminal):
    """A notebook report failed in one of its cells."""

    exit_code = ExitCode.CHECK_FAILED

    def __init__(self, notebook: str, cell_index: int | None, ename: str, evalue: str) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        where = f" in cell {cell_index}" if cell_index is not None else ""
        super().__init__(f"report {notebook} failed{where}: {ename}: {evalue}")

    def __reduce__(self) -> tuple[object, ...]:
        return (JobFailed, (self.notebook, self.cell_index, self.ename, self.evalue))


EXTRAS: dict[str, tuple[str, ...]] = {
    "reports": ("papermill", "nbformat", "nbconvert", "ipykernel", "IPython", "ipywidgets", "matplotlib"),
    "sample": ("reportlab", "fontTools"),
    "scale": (
        "distributed",
        "duckdb_extension_ducklake",
        "duckdb_extension_sqlite_scanner",
        "duckdb_extension_postgres_scanner",
    ),
}
"""Per optional extra of pyproject.toml, the modules towerkit imports from it: one missing means the
extra was not installed (the base install ingests and queries without any of them)."""


class MissingExtra(UsageError):
    """A command needs an optional part of towerkit that this install left out.

    Raised before the heavy import fails, so the user reads the one ``pip install`` line that fixes
    it instead of a traceback ending in ``No module named 'reportlab'``.
    """

    def __init__(self, extra: str, needed_by: str, missing: tuple[str, ...]) -> None:
        self.extra = extra
        self.needed_by = needed_by
        self.missing = missing
        super().__init__(
            f"{needed_by} needs the optional '{extra}' part, not installed here (no {', '.join(missing)}): "
            f"pip install 'towerkit[{extra}]'"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (MissingExtra, (self.extra, self.needed_by, self.missing))

    @classmethod
    def check(cls, extra: str, needed_by: str) -> None:
        """Raise ``MissingExtra`` when any module of ``extra`` cannot be imported; nothing is imported."""
        missing = tuple(name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None)
        if missing:
            raise cls(extra, needed_by, missing)
