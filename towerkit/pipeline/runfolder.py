"""One temp folder per ingest run, so a killed run's leftovers are found and removed by the next start.

Everything a run writes to temp storage goes under ``$TMPDIR/towerkit-run-<run_id>/``: the spool of
long documents' rows, Tesseract's and pytesseract's files, multiprocessing's socket folder. For the
run, ``TMPDIR``/``TMP``/``TEMP`` and ``tempfile.tempdir`` point there; the extraction workers are
forked by a forkserver started during the run, so they inherit that environment and their
``tempfile.gettempdir()`` is the run folder too. A marker file holds the owner's PID and its start
time (``/proc/PID/stat``), so a PID reused by another process is not mistaken for the owner: the
next start removes the folders of runs whose owner is gone, never a live run's.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from multiprocessing import forkserver
from pathlib import Path

log = logging.getLogger(__name__)

PREFIX = "towerkit-run-"
"""Names of run folders in the system temp folder: ``towerkit-run-<run_id>``."""
SHORT_PREFIX = "tkmp-"
"""Names of the short folder that holds multiprocessing's socket when the run folder's path is too long."""
SOCKET_PATH_MAX = 100
"""Longest folder path for multiprocessing's socket: Linux allows 107 bytes in a socket path (macOS
103) and multiprocessing adds ``/listener-XXXXXXXX``; a longer one stops the forkserver from starting."""
LISTENER_CHARS = len("/listener-XXXXXXXX")
"""What multiprocessing appends to its temp folder to name the forkserver's socket."""
MARKER = "owner"
"""The file in a run folder holding ``<pid> <start time>`` of the process that owns it."""
MARKERLESS_GRACE_S = 60.0
"""A folder without a marker this old lost its owner between mkdir and writing the marker (a
microsecond window); a younger one may be a run that is starting right now."""
TEMP_VARS = ("TMPDIR", "TMP", "TEMP")
"""Environment variables ``tempfile`` and Tesseract read for the temp folder."""


def new_run_id() -> str:
    """A run id that sorts by start time (UTC) and stays unique within a second."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (``/proc/PID/stat`` field 22), None if unknown.

    With the PID, it names one process: a PID reused after a crash has another start time.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None  # noqa: PLR2004 (field 22 is the 20th after the name)


def owner_alive(marker_text: str) -> bool:
    """Whether the process named by a marker (``<pid> <start time>``) still runs."""
    parts = marker_text.split()
    try:
        pid = int(parts[0])
    except (IndexError, ValueError):
        return False
    recorded = parts[1] if len(parts) > 1 else "?"
    now = start_time(pid)
    if now is not None:
        return now == recorded
    if Path("/proc/self/stat").exists():
        return False  # /proc works here and has no such process
    try:  # no /proc (macOS): liveness by signal 0 only
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(base: str) -> list[str]:
    """Remove the run folders under ``base`` whose owner is gone; the ones removed."""
    removed: list[str] = []
    try:
        entries = [
            e for e in os.scandir(base) if e.name.startswith((PREFIX, SHORT_PREFIX)) and e.is_dir(follow_symlinks=False)
        ]
    except OSError as e:
        log.debug("temp folder %s not swept: %s", base, e)
        return removed
    for entry in entries:
        try:
            text = Path(entry.path, MARKER).read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < MARKERLESS_GRACE_S:
                    continue
            text = ""
        except OSError:
            continue  # not ours to judge (another user's folder)
        if text and owner_alive(text):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        if not Path(entry.path).exists():
            removed.append(entry.path)
            log.info("removed %s, left by a run that is gone", entry.path)
    return removed


@contextlib.contextmanager
def run_folder(run_id: str) -> Iterator[str]:
    """The run's temp folder, made the process's temp folder until the block ends, then removed.

    Dead runs' folders are removed first. Start the extraction pool inside the block: its processes
    take the temp folder from the environment when they start.
    """
    base = tempfile.gettempdir()
    sweep(base)
    folder = str(Path(base, PREFIX + run_id))
    Path(folder).mkdir(0o700)
    saved_env = {k: os.environ.get(k) for k in TEMP_VARS}
    saved_tempdir = tempfile.tempdir
    saved_mp: object = _UNSET
    marker = f"{os.getpid()} {start_time(os.getpid()) or '?'}\n"
    mp = str(Path(folder, "mp"))
    if len(mp) + LISTENER_CHARS > SOCKET_PATH_MAX:
        mp = str(Path(base, SHORT_PREFIX + run_id[-6:]))
    try:
        Path(folder, MARKER).write_text(marker, encoding="ascii")
        _stop_forkserver()  # one started before the run has the old environment
        os.environ.update(dict.fromkeys(TEMP_VARS, folder))
        tempfile.tempdir = folder
        saved_mp = _set_multiprocessing_tempdir(mp)
        if not mp.startswith(folder):
            Path(mp, MARKER).write_text(marker, encoding="ascii")
        yield folder
    finally:
        # The forkserver and multiprocessing's socket folder live in the run folder: they go with it,
        # and the next run starts its own.
        _stop_forkserver()
        if saved_mp is not _UNSET:
            _set_multiprocessing_tempdir(saved_mp)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        tempfile.tempdir = saved_tempdir
        shutil.rmtree(folder, ignore_errors=True)
        if not mp.startswith(folder):
            shutil.rmtree(mp, ignore_errors=True)


def _stop_forkserver() -> None:
    """Stop this process's forkserver, if one runs; the next worker start launches a fresh one.

    ``ForkServer._stop`` is CPython's own way to stop it (its test suite uses it); without it a
    forkserver outlives the run with the run's environment and its socket in the removed folder.
    """
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is None:
        return
    try:
        stop()
    except (OSError, ChildProcessError) as e:
        log.debug("forkserver not stopped: %s", e)


_UNSET = object()
"""Marks a multiprocessing temp folder setting that was never changed."""


def _set_multiprocessing_tempdir(value: object) -> object:
    """Point multiprocessing's own temp folder (its forkserver socket) at ``value``; the previous setting.

    ``multiprocessing.util.get_temp_dir`` would otherwise make ``pymp-*`` in the temp folder with a
    finalizer that removes it at exit only: a killed run would leave it behind, and a folder made
    inside the run folder would be gone before that finalizer ran. Set here, no finalizer is made.
    """
    config = getattr(multiprocessing.current_process(), "_config", None)
    if not isinstance(config, dict):
        return _UNSET
    previous = config.get("tempdir")
    if isinstance(value, str):
        Path(value).mkdir(0o700, parents=True, exist_ok=True)
    config["tempdir"] = value
    return previous
