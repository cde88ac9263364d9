"""Shared benchmark plumbing: measured subprocesses, process-tree memory sampling, BENCHMARKS.md sections.

Why subprocesses: the CPU seconds of a configuration must include everything it ran — the main
process, the forkserver, the pool workers and every Tesseract child. The benchmark makes itself a
*child subreaper* (Linux ``PR_SET_CHILD_SUBREAPER``), so processes orphaned when the measured
command exits (the forkserver outlives its parent for a moment) are re-parented to the benchmark
and reaped here; every process of the tree is then waited for by someone, and
``getrusage(RUSAGE_CHILDREN)`` before/after holds the CPU of the whole tree exactly.

Why sampling for memory: a child's ``ru_maxrss`` starts from its parent's high-water mark
(PERFORMANCE_NOTES.md), and the peak of a *tree* is not the sum of per-process peaks. A thread samples
the RSS of every live descendant every ``interval`` seconds with psutil and keeps the largest sum.
The sum of RSS counts pages shared between forked workers once per process, so it is an upper bound.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BENCHMARKS_MD = REPO / "BENCHMARKS.md"
_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants so their CPU time is reaped here (Linux only; False elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def machine_line() -> str:
    """Cores, CPU model, memory and the load average at start: the context of every number."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    mem = psutil.virtual_memory().total / 2**30
    return (f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
            f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


class TreeSampler(threading.Thread):
    """Peak summed RSS of all descendants of this process (and optionally itself), every ~20 ms."""

    def __init__(self, interval: float = 0.02, include_self: bool = False):
        super().__init__(daemon=True)
        self.interval = interval
        self.include_self = include_self
        self.peak = 0
        self.samples = 0
        self.per_pid: dict[int, tuple[int, str]] = {}
        self.labels: dict[int, str] = {}
        self.cpu: dict[int, tuple[float, str]] = {}
        """Each process's own CPU seconds at its last sample (a lower bound: up to one interval is missed)."""
        """Each process's own peak RSS and a short label (its command line), for attribution."""
        self._stop_evt = threading.Event()
        self._me = psutil.Process()

    def run(self) -> None:
        while not self._stop_evt.is_set():
            total = self._me.memory_info().rss if self.include_self else 0
            try:
                kids = self._me.children(recursive=True)
            except psutil.Error:
                kids = []
            for p in kids:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue  # exited between listing and reading
                total += rss
                label = self.labels.get(p.pid) or self.labels.setdefault(p.pid, _label(p))
                if rss > self.per_pid.get(p.pid, (0, ""))[0]:
                    self.per_pid[p.pid] = (rss, label)
                try:
                    t = p.cpu_times()
                    self.cpu[p.pid] = (t.user + t.system, label)
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self.samples += 1
            self._stop_evt.wait(self.interval)

    def stop(self) -> int:
        self._stop_evt.set()
        self.join()
        return self.peak


def _label(p: psutil.Process) -> str:
    try:
        cmd = p.cmdline()
    except psutil.Error:
        return "?"
    text = " ".join(cmd)
    if "resource_tracker" in text:
        return "resource_tracker"
    if "forkserver" in text:  # pool workers are forked by the forkserver and share its command line
        try:
            parent = " ".join(p.parent().cmdline()) if p.parent() else ""
        except psutil.Error:
            parent = ""
        return "worker" if "forkserver" in parent else "forkserver"
    if "multiprocessing" in text or "spawn_main" in text:
        return "worker"
    if cmd and cmd[0].endswith("tesseract"):
        return "tesseract"
    return "main" if "towerkit" in text else (cmd[0].rsplit("/", 1)[-1] if cmd else "?")


@dataclass
class Measured:
    """One measured command: wall and CPU seconds of its whole process tree, peak tree RSS, output."""

    cmd: list[str]
    returncode: int
    wall: float
    cpu_user: float
    cpu_sys: float
    peak_rss: int
    stdout: str
    stderr: str
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def cpu(self) -> float:
        return self.cpu_user + self.cpu_sys

    def json(self) -> dict[str, object]:
        """The last JSON object printed on stdout (the ``--json`` summary)."""
        for line in reversed(self.stdout.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                return json.loads(line)
        raise ValueError(f"no JSON on stdout of {' '.join(self.cmd)}:\n{self.stdout[-2000:]}\n{self.stderr[-2000:]}")


def _reap_orphans(deadline_s: float = 60.0) -> None:
    """Wait for adopted orphans (e.g. the forkserver) so their rusage lands in RUSAGE_CHILDREN."""
    end = time.monotonic() + deadline_s
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > end:
                return
            time.sleep(0.02)


def run_measured(cmd: Sequence[str], *, env: dict[str, str] | None = None, sample_memory: bool = True,
                 interval: float = 0.02, cwd: Path | None = None, check: bool = True) -> Measured:
    """Run ``cmd`` to completion and measure its whole process tree (see the module docstring)."""
    become_subreaper()
    _reap_orphans(0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = TreeSampler(interval) if sample_memory else None
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=str(cwd or REPO))
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    _reap_orphans()
    peak = sampler.stop() if sampler else 0
    per_role: dict[str, int] = {}
    for rss, role in (sampler.per_pid.values() if sampler else ()):
        per_role[role] = max(per_role.get(role, 0), rss)
    cpu_role: dict[str, float] = {}
    for sec, role in (sampler.cpu.values() if sampler else ()):
        cpu_role[role] = cpu_role.get(role, 0.0) + sec
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = Measured(list(cmd), proc.returncode, wall, after.ru_utime - before.ru_utime,
                 after.ru_stime - before.ru_stime, peak, out, err, {"peak_by_role": per_role, "cpu_by_role": cpu_role})
    if check and proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    return m


def towerkit_cmd(*args: str) -> list[str]:
    """``towerkit ...`` through the interpreter running the benchmark (the project venv)."""
    return [PYTHON, "-m", "towerkit", *args]


def mb(n: int | float) -> float:
    return n / 2**20


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """A Markdown table (also readable on a terminal)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    lines = [fmt.format(*header), "| " + " | ".join("-" * w for w in widths) + " |"]
    lines += [fmt.format(*map(str, r)) for r in rows]
    return "\n".join(lines)


def update_section(name: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace the text between ``<!-- name -->`` and ``<!-- /name -->`` (append the section if absent).

    Other engineers own other sections of the file: only the named section is touched.
    """
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text() if path.exists() else "# towerkit benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"
