"""Every error towerkit raises, in one place so modules can share them without import loops.

Errors carry fields (which file, which page, which entry) and a one-line ``reason`` meant for the
user: the CLI prints it as is, the pipeline stores it in ``documents.error``. ``Transient`` errors
are worth one retry (a worker process died, a lock was held); ``Terminal`` ones are not (the file
is encrypted; retrying will not decrypt it).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``towerkit`` command."""

    OK = 0
    CHECK_FAILED = 1  # a verification or check found a problem (audit verify, failed report)
    USAGE = 2  # bad arguments or parameters
    INPUT = 3  # a path, database or bundle the user named cannot be used
    BUSY = 4  # the database is locked by another process
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
