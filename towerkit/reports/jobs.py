"""Notebooks as batch jobs: validate parameters, run with papermill, export self-contained HTML.

``run_report`` reads the notebook's ``parameters`` cell with ``papermill.inspect_notebook`` and
checks every value (``towerkit.reports.report_parameters``) before any kernel starts, because
papermill itself only warns about unknown names; a failing cell becomes
``JobFailed(notebook, cell_index, ename, evalue)``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from towerkit.errors import DatabaseBusy, InputError, JobFailed, MissingExtra, UsageError
from towerkit.parameters import check_against_data
from towerkit.queries import shipped_dir
from towerkit.reports.data import DEFAULT_WAIT_S, SNAPSHOT_ENV, WAIT_ENV
from towerkit.reports.notebook import GLUE_MIME
from towerkit.reports.report_parameters import CREATES_DB, validate_parameters
from towerkit.store import connect
from towerkit.store.lake import snapshot_id, split_password

log = logging.getLogger(__name__)

KERNEL = "python3"
"""The Jupyter kernel every report runs in (the one each notebook's ``kernelspec`` names)."""
ANSI = re.compile(r"\x1b\[[0-9;]*m")
"""Terminal colour codes, stripped from a kernel's error text before it becomes a one-line error."""
HIDDEN_MIME = frozenset({"application/vnd.jupyter.widget-view+json", GLUE_MIME})
"""Outputs left out of the HTML: live widgets (static HTML cannot run them) and glued data."""

# nbconvert's lab template loads require.js, MathJax and mermaid from a CDN and, when widget state
# is present, the widget manager from unpkg. None of it is needed to show tables and PNG charts, and
# an offline reader would wait on it, so the report template drops those blocks.
REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


@dataclass(frozen=True)
class ReportResult:
    """Where a report run wrote its executed notebook and its HTML export."""

    html: Path
    ipynb: Path
    seconds: float = 0.0
    snapshot: int | None = None
    """The DuckLake snapshot every read of the report saw (None on a DuckDB file)."""


# --- finding notebooks ------------------------------------------------------------------------------


def notebooks_dir() -> Path:
    """``$TOWERKIT_NOTEBOOKS``, else the ``notebooks/`` this install ships (a wheel's copy, or the checkout's)."""
    env = os.environ.get("TOWERKIT_NOTEBOOKS")
    if env:
        return Path(env)
    return shipped_dir("notebooks")


def available_reports() -> list[str]:
    """Names of the runnable notebooks (``notebooks/NAME.ipynb``)."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb") if not p.name.startswith("."))


def notebook_path(name: str) -> Path:
    """The notebook of a report name; an unknown name lists the available ones in one line."""
    path = notebooks_dir() / f"{name}.ipynb"
    if not path.is_file():
        raise UsageError(f"no report named {name!r}; available: {', '.join(available_reports()) or '(none)'}")
    return path


def declared_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """The notebook's parameters cell as papermill reads it: name -> {default, inferred_type_name, help}."""
    MissingExtra.check("reports", "running a notebook report")  # every report path starts here; papermill is optional
    # papermill is deferred (as nbformat, nbconvert and jinja2 below): it pulls in Jupyter's client
    # stack, which only running or listing a report needs, not the rest of the CLI.
    import papermill as pm  # noqa: PLC0415  deferred heavy third-party import

    return {name: dict(spec) for name, spec in pm.inspect_notebook(str(path)).items()}


# --- running --------------------------------------------------------------------------------------


def default_out_dir(name: str) -> Path:
    """``data/reports/<UTC timestamp>-<name>-<random>/``: runs never overwrite each other."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("data") / "reports" / f"{stamp}-{name}-{secrets.token_hex(2)}"


def run_report(
    name: str,
    db: str | os.PathLike[str] | None,
    params: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    wait_s: float = DEFAULT_WAIT_S,
    show_code: bool = False,
    timeout_s: int = 900,
    snapshot: int | None = None,
) -> ReportResult:
    """Run ``notebooks/NAME.ipynb`` with papermill and export it to self-contained HTML.

    Args:
        name: report name, e.g. ``compliance_report``.
        db: the database, passed as the notebook's ``db_path`` (None: the notebook's default or
            ``params['db_path']``).
        params: other parameters; strings are converted by the parameters cell's types.
        out: output folder (default ``data/reports/<timestamp>-<name>-<hex>/``).
        wait_s: how long to wait for a writing process to release the database.
        show_code: keep code cells in the HTML (reports hide them by default).
        timeout_s: per-cell execution limit.
        snapshot: the DuckLake snapshot to read (None: the newest when the report starts); a
            DuckDB file has none.

    Raises:
        UsageError: unknown report or parameter, or a bad value (before any kernel starts).
        InputError: the database or input folder does not exist.
        DatabaseBusy: another process kept the database locked for ``wait_s``.
        JobFailed: a cell raised; carries the cell index and the error.

    """
    started = time.monotonic()
    path = notebook_path(name)
    declared = declared_parameters(path)
    given = dict(params or {})
    if db is not None:
        if "db_path" not in declared:
            raise UsageError(f"report {name} does not read a database (--db given)")
        given["db_path"] = os.fspath(db)
    values = validate_parameters(name, declared, given)
    if "db_path" in declared and name not in CREATES_DB:
        db_path = values.get("db_path") or str(Path(str(declared["db_path"]["default"]).strip("'\"")).resolve())
        conn = connect(db_path, read_only=True, wait_s=wait_s, snapshot=snapshot)  # exists, is a database
        try:
            check_against_data(conn, values)  # a misspelt zone is an error, never an empty report
            snapshot = snapshot_id(conn)  # a lake's newest, pinned for every read of the notebook
        finally:
            conn.close()
    out_dir = Path(out) if out is not None else default_out_dir(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb = out_dir / f"{name}.ipynb"
    # The kernel inherits these: the notebook's own open waits as long, and reads the same snapshot.
    pinned = {WAIT_ENV: str(wait_s), SNAPSHOT_ENV: "" if snapshot is None else str(snapshot)}
    values, secret = without_password(values)
    if secret is not None:
        pinned[PASSWORD_ENV] = secret  # the executed notebook keeps its parameters: never the password
    previous = {k: os.environ.get(k) for k in pinned}
    os.environ.update(pinned)
    try:
        _execute(name, path, ipynb, values, timeout_s)
    finally:
        for k, v in previous.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    html = out_dir / f"{name}.html"
    export_html(ipynb, html, show_code=show_code)
    seconds = round(time.monotonic() - started, 2)
    log.info("report %s written to %s in %.1f s", name, html, seconds)
    return ReportResult(html=html, ipynb=ipynb, seconds=seconds, snapshot=snapshot)


PASSWORD_ENV = "PGPASSWORD"  # noqa: S105  the variable's name, not a password
"""Where a report's kernel finds the catalog's password: libpq reads it when the conninfo names none."""


def without_password(values: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The notebook's parameters with any password taken out of ``db_path``, and that password. Pure.

    papermill writes every parameter into the executed notebook (the injected cell and its metadata),
    which is a report's output: the password goes to the kernel through ``$PGPASSWORD`` instead.
    """
    out = dict(values)
    db = out.get("db_path")
    if not isinstance(db, str):
        return out, None
    out["db_path"], secret = split_password(db)
    return out, secret


def _execute(name: str, source: Path, target: Path, values: Mapping[str, Any], timeout_s: int) -> None:
    """Run the notebook with papermill; a failing cell or kernel becomes ``JobFailed`` (or ``DatabaseBusy``)."""
    # papermill is deferred: see declared_parameters
    import papermill as pm  # noqa: PLC0415  deferred heavy third-party import
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415  deferred heavy third-party import

    try:
        pm.execute_notebook(
            str(source),
            str(target),
            parameters=dict(values),
            kernel_name=KERNEL,
            cwd=str(Path.cwd()),
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout_s,
            # ipykernel 7 warns on every start that its local TCP sockets are unencrypted; a report
            # job's stderr is for the report's own errors.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as e:
        evalue = ANSI.sub("", str(e.evalue)).strip().splitlines()
        first = evalue[0] if evalue else ""
        if e.ename == "DatabaseBusy":
            raise DatabaseBusy(first) from e
        raise JobFailed(name, e.cell_index, e.ename, first) from e
    except Exception as e:  # no kernel, kernel died, timeout: the report did not run
        if isinstance(e, (UsageError, InputError)):
            raise
        text = ANSI.sub("", str(e)).strip().splitlines()
        raise JobFailed(name, None, type(e).__name__, text[0] if text else "") from e


def export_html(ipynb: Path, html: Path, *, show_code: bool = False) -> Path:
    """Write a self-contained HTML page of an executed notebook: CSS inline, images as data URIs.

    Widget state is dropped (static HTML cannot run widgets, and the widget manager would be
    fetched from a CDN); the static tables and charts the notebooks always print remain.
    """
    # nbformat, jinja2 and nbconvert are deferred: only exporting a report needs them (see declared_parameters)
    import nbformat  # noqa: PLC0415  deferred heavy third-party import
    from jinja2 import DictLoader  # noqa: PLC0415  deferred heavy third-party import
    from nbconvert import HTMLExporter  # noqa: PLC0415  deferred heavy third-party import

    nb = nbformat.read(str(ipynb), as_version=4)  # type: ignore[no-untyped-call]  # nbformat has no annotations
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if not HIDDEN_MIME & set(o.get("data", {}))]
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]  # nbconvert has no annotations
        template_name="lab",
        extra_loaders=[DictLoader({"towerkit_report.html.j2": REPORT_TEMPLATE})],
        template_file="towerkit_report.html.j2",
        embed_images=True,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": ipynb.stem}})
    html.write_text(body, encoding="utf-8")
    return html
