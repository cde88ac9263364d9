# ruff: noqa: S101, PLR2004, INP001
"""A private mount namespace for tests that need a small or read-only filesystem.

As root (CI) ``unshare --mount`` is enough; elsewhere a user namespace maps the user to root inside
it. A mount that is refused fails the test: a fault test that silently skipped would prove nothing.
Commands run inside with ``nsenter``; files outside the mounts are shared with the test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]


@contextmanager
def mount_namespace(script: str) -> Iterator[Runner]:
    """Run the shell ``script`` (mount commands) in a new mount namespace; yield a runner of commands inside it."""
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    holder = subprocess.Popen(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            *user,
            "sh",
            "-c",
            f"{script} && echo ready && exec sleep 900",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stderr is not None
    if holder.stdout.readline().strip() != "ready":
        holder.kill()
        pytest.fail(f"mount refused ({script}): {holder.stderr.read().strip()}")
    enter = ["nsenter", "-t", str(holder.pid), "-m", *([] if not user else ["-U", "--preserve-credentials"]), "--"]

    def run(
        cmd: list[str], timeout: float = 180, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*enter, *cmd], capture_output=True, text=True, timeout=timeout, check=False, env=env)

    try:
        yield run
    finally:
        holder.kill()
        holder.wait()
