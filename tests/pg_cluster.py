# ruff: noqa: S101, INP001
"""A private PostgreSQL for tests, started by scripts/pg-local.sh exactly as a user starts one.

The cluster lives in a fresh folder under the system temp dir, not pytest's ``tmp_path``: as root the
server runs as the ``postgres`` user, which cannot enter pytest's 0700 ``/tmp/pytest-of-root``. It
listens on a free port of its own, so a developer's own server (or ``make pg-start``) is never touched.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "pg-local.sh"

SCRIPT_TIMEOUT = 600.0
"""Seconds one call of the script may take: a start on a clean CI box first installs postgresql with apt."""

PORT_ATTEMPTS = 3
"""Starts tried on fresh ports: a free port found here can be taken by another process before the server binds it."""


class PgUnavailable(RuntimeError):
    """The script could not start a cluster here; carries its one-line reason for the skip or failure."""


@dataclass(frozen=True)
class Cluster:
    """A running private cluster: its data folder (for the script's other commands) and its conninfo."""

    directory: Path
    port: int
    conninfo: str


def pg_local(action: str, directory: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/pg-local.sh ACTION DIR [...]`` as ``make pg-start`` does, capturing its two streams."""
    return subprocess.run(  # noqa: S603  argv is sh, the repository's script and the test's own arguments
        ["sh", str(SCRIPT), action, str(directory), *extra],  # noqa: S607  sh is POSIX's; PATH finds it
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def reason(proc: subprocess.CompletedProcess[str]) -> str:
    """The script's last stderr line: it ends every failure with the one line a user should read."""
    lines = proc.stderr.strip().splitlines()
    return lines[-1] if lines else f"pg-local.sh exited {proc.returncode} without a message"


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """Start a cluster in a new temp folder on a free port; stop it and delete the folder afterwards.

    Raises:
        PgUnavailable: the script failed (no PostgreSQL and no way to install it, or the server would not start).

    """
    directory = Path(tempfile.mkdtemp(prefix="towerkit-pg-"))
    try:
        for _ in range(PORT_ATTEMPTS):
            port = free_port()
            proc = pg_local("start", directory, str(port))
            if proc.returncode == 0 or "is in use" not in proc.stderr:
                break
        if proc.returncode != 0:
            raise PgUnavailable(reason(proc))
        lines = proc.stdout.splitlines()
        assert len(lines) == 1, f"pg-local.sh start printed {lines!r}, not one conninfo line"
        yield Cluster(directory, port, lines[0])
    finally:
        pg_local("stop", directory)
        shutil.rmtree(directory, ignore_errors=True)


def parse_conninfo(conninfo: str) -> dict[str, str]:
    """The keywords of a conninfo the script printed (plain ``key=value`` pairs, no quoting needed)."""
    return dict(pair.split("=", 1) for pair in conninfo.split())


def new_database(conninfo: str, prefix: str = "lake") -> str:
    """Create a database of its own in the cluster behind ``conninfo``; return the conninfo that opens it.

    A DuckLake catalog remembers its DATA_PATH, so tests that each want an empty lake sharing the session's
    cluster need one database each, not one ``towerkit`` database between them.
    """
    keys = parse_conninfo(conninfo)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = " ".join(f"{k}={v}" for k, v in {**keys, "dbname": "postgres"}.items())
    psql = shutil.which("psql")
    if psql is None:
        raise PgUnavailable("psql is not on PATH (it comes with the postgresql package)")
    subprocess.run(  # noqa: S603  argv is psql and a database name this function generated
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin, "-c", f'CREATE DATABASE "{name}"'],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return " ".join(f"{k}={v}" for k, v in {**keys, "dbname": name}.items())


def _psql(conninfo: str, *args: str) -> str:
    """Run psql on ``conninfo`` (stop at the first error) and return its unaligned, tuples-only output."""
    psql = shutil.which("psql")
    if psql is None:
        raise PgUnavailable("psql is not on PATH (it comes with the postgresql package)")
    return subprocess.run(  # noqa: S603  argv is psql and statements the tests' helpers wrote
        [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def password_database(conninfo: str, role: str, password: str) -> str:
    """A new database owned by a role that must log in with ``password``; the conninfo without the password.

    The script's cluster trusts every local connection, so a wrong or missing password would go
    unnoticed. This puts a scram-sha-256 line for ``role`` first in ``pg_hba.conf`` (written by the
    server itself with COPY, so no file permissions are needed) and reloads the configuration.
    """
    keys = parse_conninfo(conninfo)
    admin = " ".join(f"{k}={v}" for k, v in {**keys, "dbname": "postgres"}.items())
    hba = _psql(admin, "-c", "SHOW hba_file").strip()
    lines = _psql(admin, "-c", f"SELECT pg_read_file('{hba}')").splitlines()
    first = f"host all {role} 127.0.0.1/32 scram-sha-256"
    rows = ",".join("$l$" + line + "$l$" for line in [first, *lines])
    _psql(admin, "-c", f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    raw = "WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"  # each line written as it is, tabs and all
    _psql(admin, "-c", f"COPY (SELECT unnest(ARRAY[{rows}])) TO '{hba}' {raw}")
    _psql(admin, "-c", "SELECT pg_reload_conf()")
    target = new_database(conninfo, prefix=role)
    name = parse_conninfo(target)["dbname"]
    _psql(admin, "-c", f'ALTER DATABASE "{name}" OWNER TO {role}')
    return " ".join(f"{k}={v}" for k, v in {**keys, "dbname": name, "user": role}.items())
