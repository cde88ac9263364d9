"""Who holds a database file, and how: what a "database is busy" message names.

DuckDB refuses a second process with the holder's PID only. Linux tells the rest: the holder's
command line (``/proc/PID/cmdline``) and the kind of lock it took on the file (``/proc/locks``:
DuckDB takes a shared READ lock for a read-only connection and a WRITE lock otherwise). Elsewhere,
or when ``/proc`` is not readable, the message falls back to the PID alone.
"""

from __future__ import annotations

from pathlib import Path

MAX_COMMAND_CHARS = 60
"""The holder's command line is cut to this: enough to tell 'towerkit ingest' from a notebook kernel."""


def _command(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    if not words:
        return None
    # "python -m towerkit ingest ..." and ".venv/bin/towerkit ingest ..." both read "towerkit ingest ..."
    shown = [Path(words[0]).name, *words[1:]]
    if len(shown) > 2 and shown[1] == "-m":  # noqa: PLR2004 (interpreter, -m, module)
        shown = shown[2:]
    text = " ".join(" ".join(shown).split())  # a ``python -c`` script's line breaks would break the one-line message
    return text if len(text) <= MAX_COMMAND_CHARS else text[: MAX_COMMAND_CHARS - 1] + "…"


def _lock_kind(pid: int, path: Path) -> str | None:
    """``reading`` or ``writing``, from the holder's POSIX lock on the file's inode; None if unknown."""
    try:
        st = path.stat()
        locks = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    inode = f":{st.st_ino}"
    for line in locks.splitlines():
        parts = line.split()
        # e.g. "1: POSIX  ADVISORY  WRITE 12345 08:01:393219 0 EOF"
        if len(parts) >= 6 and parts[4] == str(pid) and parts[5].endswith(inode):  # noqa: PLR2004
            return "writing" if parts[3] == "WRITE" else "reading"
    return None


def describe_holder(pid: int, db: str | Path) -> str:
    """``process 123 (towerkit ingest data/x) holds it for writing``, as much of it as can be known."""
    command = _command(pid)
    kind = _lock_kind(pid, Path(db))
    who = f"process {pid}" + (f" ({command})" if command else "")
    return f"{who} holds it" + (f" for {kind}" if kind else "")
