# ruff: noqa: S101, PLR2004, INP001
"""Extraction on Dask (``ingest --cluster``): real LocalClusters, real worker processes, real DuckDB files."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from distributed import Client, LocalCluster
from PIL import Image

from towerkit.config import Settings
from towerkit.errors import UsageError
from towerkit.pipeline.dask_pool import DaskExecutor, local_workers
from towerkit.pipeline.dask_tasks import zone_resource, zone_threads
from towerkit.pipeline.hashing import sha256_file
from towerkit.pipeline.worker import FileTask, process_file
from towerkit.store import connect

pytestmark = pytest.mark.ocr  # the sample corpus holds scans


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  our own CLI
        [sys.executable, "-m", "towerkit", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _files(root: Path) -> list[str]:
    truth = (root / "ground_truth.jsonl").read_text().splitlines()
    return sorted(json.loads(line)["file"] for line in truth if line.strip())


def _stored(db: Path, root: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a run stored, without run ids, times or absolute paths."""
    with connect(db, read_only=True) as conn:
        paths = conn.execute("SELECT path, doc_id, outcome, reason FROM document_paths").fetchall()
        return {
            "documents": conn.execute(
                "SELECT doc_id, doc_type, issuer, engine, route, page_count, template_id, status, error"
                " FROM documents ORDER BY doc_id"
            ).fetchall(),
            "fields": conn.execute("SELECT doc_id, field, value, value_sha256 FROM fields ORDER BY ALL").fetchall(),
            "templates": conn.execute(
                "SELECT doc_type, issuer, count(*) FROM templates GROUP BY ALL ORDER BY ALL"
            ).fetchall(),
            "document_paths": sorted((str(Path(p).relative_to(root)), *rest) for p, *rest in paths),
        }


@pytest.fixture(name="scheduler", scope="module")
def _scheduler() -> Iterator[str]:
    """A running scheduler with two single-threaded worker processes, reached by address as a remote one is."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _held(executor: DaskExecutor, wait_s: float = 10.0) -> list[str]:
    """Our keys the scheduler still holds once a release had time to reach it.

    ``Future.release`` only sends the release; the scheduler forgets the key when it handles the message, a
    moment later on a loaded machine. A key still held after ``wait_s`` was never released.
    """
    deadline = time.monotonic() + wait_s
    while True:
        held = [str(k) for k in executor.client.who_has() if str(k).startswith("towerkit-")]
        if not held or time.monotonic() > deadline:
            return held
        time.sleep(0.1)


def test_addresses_are_read_or_refused() -> None:
    """local:N and tcp://HOST:PORT are understood; anything else is the user's one-line mistake."""
    assert local_workers("local:3") == 3
    assert local_workers("tcp://10.0.0.5:8786") is None
    for bad in ("foo://host:1", "local:0", "local:two", "tcp://host", "host:8786"):
        with pytest.raises(UsageError, match="--cluster"):
            local_workers(bad)


def test_bad_cluster_addresses_are_one_line_and_exit_2(tmp_path: Path) -> None:
    """A wrong address, no worker count or no scheduler answering: one line on stderr, exit 2, no traceback."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Site ID: TX-0001\n")
    port = _free_port()
    for address, says in (
        ("foo://host:1", "expected tcp://HOST:PORT"),
        ("local:0", "1 or more"),
        (f"tcp://127.0.0.1:{port}", "no Dask scheduler answered"),
    ):
        done = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.duckdb"), "--cluster", address)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert says in lines[0]
        assert "Traceback" not in done.stderr


def test_extraction_runs_in_the_workers_processes(scheduler: str, sample_corpus: Path) -> None:
    """On a scheduler reached by address, files go as bytes, run in the workers' processes and match a local run."""
    paths = [sample_corpus / f for f in _files(sample_corpus)][:8]
    settings = Settings(cluster=scheduler)
    executor = DaskExecutor(settings)
    try:
        assert executor.remote
        assert executor.capacity == 2 + 2
        tasks = [_task(p) for p in paths]

        async def run_all() -> list[object]:
            return list(await asyncio.gather(*(executor.run(t) for t in tasks)))

        results = asyncio.run(run_all())
        worker_pids = set(executor.client.run(os.getpid).values())
        assert sum(executor.pids.values()) == len(paths)
        assert set(executor.pids) <= worker_pids
        assert os.getpid() not in executor.pids
        here = [process_file(t, Settings(workers=0)) for t in tasks]
        for there, local in zip(results, here, strict=True):
            assert there.path == local.path
            assert there.error == local.error
            assert [(f.field, f.value) for f in there.fields] == [(f.field, f.value) for f in local.fields]
            digests = [r.rows.fields_sha256 if r.rows else None for r in (there, local)]
            assert digests[0] == digests[1]
        with pytest.raises(UsageError, match="cannot see /no/such/folder"):
            executor.check_shared(["/no/such/folder"])
        # Each future was released once read: the cluster holds none of our results.
        assert not _held(executor)
    finally:
        executor.close()


@pytest.mark.slow
def test_local_cluster_with_a_worker_killed_stores_what_the_pool_stores(tmp_path: Path, sample_corpus: Path) -> None:
    """A local:2 worker killed mid-run costs no file: one path row each, and the same rows as the process pool."""
    pool_db, dask_db, log = tmp_path / "pool.duckdb", tmp_path / "dask.duckdb", tmp_path / "events.jsonl"
    pooled = _cli("ingest", str(sample_corpus), "--db", str(pool_db), "--workers", "2", "--json")
    assert pooled.returncode == 0, pooled.stderr
    cmd = [sys.executable, "-m", "towerkit", "ingest", str(sample_corpus), "--db", str(dask_db), "--json"]
    proc = subprocess.Popen(  # noqa: S603  our own CLI
        [*cmd, "--cluster", "local:2", "--log", str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    killed = _kill_a_worker_once_files_are_done(proc, log, after=3)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert killed, "the run ended before a worker could be killed"
    summary, pool_summary = json.loads(out), json.loads(pooled.stdout)
    files = _files(sample_corpus)
    with connect(dask_db, read_only=True) as conn:
        rows = conn.execute("SELECT path FROM document_paths WHERE run_id = ?", [summary["run_id"]]).fetchall()
    assert sorted(str(Path(p).relative_to(sample_corpus)) for (p,) in rows) == files
    keys = ("files", "ingested", "quarantined", "failed", "duplicates")
    assert {k: summary[k] for k in keys} == {k: pool_summary[k] for k in keys}
    assert summary["ingested"] + summary["quarantined"] + summary["failed"] + summary["duplicates"] == len(files)
    assert _stored(dask_db, sample_corpus) == _stored(pool_db, sample_corpus)


@pytest.mark.slow
def test_a_file_past_the_ceiling_fails_as_timeout_and_its_worker_restarts(tmp_path: Path) -> None:
    """A step past the ceiling (no alarm reaches a task's thread) costs its file; the worker is replaced."""
    noise = _noise_png(tmp_path / "noise.png")  # Tesseract reads noise for about 5 s in one step
    executor = DaskExecutor(Settings(cluster="local:1", stall_timeout_s=2, file_timeout_s=1))
    try:
        before = set(executor.client.run(os.getpid).values())
        slow = asyncio.run(executor.run(_task(noise)))
        assert slow.error_kind == "timeout"
        assert slow.error == "timeout: over the 1 s ceiling for one file (worker restarted)"
        assert executor.restarts == 1
        executor.client.wait_for_workers(1, timeout=30)
        assert set(executor.client.run(os.getpid).values()).isdisjoint(before)
        assert not any(executor.client.processing().values())  # the file given up is not run again on the new worker
        small = tmp_path / "log.txt"
        small.write_text("Site ID: TX-0001\nInspection Date: 2024-01-02\n")
        assert asyncio.run(executor.run(_task(small))).error is None
    finally:
        executor.close()


@pytest.mark.slow
def test_a_file_whose_worker_dies_twice_fails_as_crashed(tmp_path: Path) -> None:
    """A worker killed under a file is retried once on another; killed again, the file fails as crashed."""
    noise = _noise_png(tmp_path / "noise.png")
    executor = DaskExecutor(Settings(cluster="local:2"))
    try:

        async def run_and_kill_twice() -> object:
            running = asyncio.create_task(executor.run(_task(noise)))
            killed: dict[str, int] = {}
            for _ in range(2):
                address, pid = await asyncio.to_thread(_worker_running_ours, executor, killed)
                os.kill(pid, signal.SIGKILL)
                killed[address] = pid
            return await running

        result = asyncio.run(run_and_kill_twice())
        assert result.error_kind == "crashed"
        assert result.error == "crashed: the Dask worker died twice on this file"
    finally:
        executor.close()


def test_zone_resources_are_names_dask_worker_accepts() -> None:
    """A folder's name becomes a resource name ``dask worker --resources`` parses; other resources pin nothing."""
    assert zone_resource("north") == "zone-north"
    assert zone_resource("North Region") == zone_resource("north_region") == "zone-north-region"
    assert zone_resource("Zürich, 2=a") == "zone-zurich-2-a"
    assert zone_resource("東京") == "zone-x-e69db1e4baac"
    for zone in ("north", "North Region", "a=1,b c", "東京", "--"):
        name = zone_resource(zone)
        assert name.startswith("zone-")
        assert name.replace("-", "").isalnum()
        assert name.isascii()
    workers = {
        "a": {"nthreads": 1, "resources": {"zone-north": 1, "GPU": 1}},
        "b": {"nthreads": 2, "resources": {"zone-north": 4, "zone-east": 0.5}},
        "c": {"nthreads": 4, "resources": {}},
    }
    assert zone_threads(workers) == {"zone-north": (2, 3)}


@pytest.fixture(name="pinned_scheduler", scope="module")
def _pinned_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes as an operator starts them, one serving zone north."""
    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{_free_port()}"
    procs = [_dask(logs / "scheduler.log", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1])]
    try:
        for name, extra in (("north", ["--resources", "zone-north=1"]), ("any", [])):
            procs.append(_dask(logs / f"{name}.log", "worker", address, "--name", name, *extra))
        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)


@pytest.mark.slow
def test_a_pinned_zone_runs_only_on_its_workers(tmp_path: Path, sample_corpus: Path, pinned_scheduler: str) -> None:
    """Every north file runs on the worker holding zone-north; the others run on any worker; all are stored."""
    db = tmp_path / "t.duckdb"
    with Client(pinned_scheduler, set_as_default=False) as client:
        client.get_task_stream()  # the scheduler records the task stream from the first ask on
        since = time.time()
        done = _cli("-v", "ingest", str(sample_corpus), "--db", str(db), "--cluster", pinned_scheduler, "--json")
        assert done.returncode == 0, done.stderr
        stream = [t for t in client.get_task_stream(start=since) if str(t["key"]).startswith("towerkit-")]
        by_name = {info["name"]: w for w, info in client.scheduler_info()["workers"].items()}
    assert "zones pinned to Dask workers: zone-north on 1 worker;" in done.stderr
    zones: dict[str, set[str]] = {}
    for rel in _files(sample_corpus):
        sha, _ = sha256_file(str(sample_corpus / rel))
        zones.setdefault(sha[:16], set()).add(Path(rel).parts[0])
    ran: dict[str, set[str]] = {}
    for t in stream:
        assert t["status"] == "OK", t
        ran.setdefault(t["worker"], set()).update(zones[str(t["key"]).split("-")[1]])
    assert ran[by_name["north"]], "the north worker ran nothing"
    assert "north" not in ran.get(by_name["any"], set()), "a north file ran on the worker without zone-north"
    assert ran[by_name["any"]] - {"north"}, "no other zone's file ran on the other worker"
    north_shas = {sha for sha, zs in zones.items() if "north" in zs}
    assert north_shas <= {str(t["key"]).split("-")[1] for t in stream if t["worker"] == by_name["north"]}
    summary = json.loads(done.stdout)
    with connect(db, read_only=True) as conn:
        rows = conn.execute("SELECT path FROM document_paths WHERE run_id = ?", [summary["run_id"]]).fetchall()
    assert sorted(str(Path(p).relative_to(sample_corpus)) for (p,) in rows) == _files(sample_corpus)
    assert summary["ingested"] + summary["quarantined"] + summary["failed"] + summary["duplicates"] == len(rows)


def test_a_pinned_zone_whose_workers_died_fails_as_timeout(tmp_path: Path, pinned_scheduler: str) -> None:
    """Dask holds a file whose zone has no worker left; the driver's ceiling fails it, other zones run on."""
    worker = _dask(tmp_path / "far.log", "worker", pinned_scheduler, "--no-nanny", "--resources", "zone-far-field=1")
    try:
        with Client(pinned_scheduler, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(3, timeout=60)
        executor = DaskExecutor(Settings(cluster=pinned_scheduler, file_timeout_s=1, stall_timeout_s=2))
    finally:
        _stop(worker, signal.SIGKILL)
    try:
        assert executor.zone_threads == {"zone-north": (1, 1), "zone-far-field": (1, 1)}
        deadline = time.monotonic() + 30
        while len(executor.client.nthreads()) > 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        small = tmp_path / "log.txt"
        small.write_text("Site ID: TX-0001\nInspection Date: 2024-01-02\n")

        async def both() -> list[object]:
            far, east = (dataclasses.replace(_task(small), zone=z) for z in ("Far Field", "east"))
            return list(await asyncio.gather(executor.run(far), executor.run(east)))

        started = time.monotonic()
        far, east = asyncio.run(both())
        assert far.error_kind == "timeout"
        assert (
            far.error
            == "timeout: over the 1 s ceiling for one file, no Dask worker holding zone-far-field left to run it"
        )
        assert far.seconds < 15
        assert time.monotonic() - started < 15
        assert east.error is None
        assert executor.pinned_zones == {"Far Field": "zone-far-field"}
        assert not _held(executor)
    finally:
        executor.close()


def _dask(log: Path, *args: str) -> subprocess.Popen[bytes]:
    """``dask scheduler`` or ``dask worker`` (one thread, no memory pausing), its output to ``log``.

    The HTTP server a scheduler keeps without its dashboard takes a free port, not Dask's 8787, which
    the other tests' clusters would then warn about.
    """
    if args[0] == "worker":
        args = (*args, "--nthreads", "1", "--memory-limit", "0")
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603  the dask CLI of this venv
            [sys.executable, "-m", "dask", *args, "--no-dashboard", "--dashboard-address", "127.0.0.1:0"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop one process this module started and reap it."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _worker_running_ours(executor: DaskExecutor, killed: dict[str, int]) -> tuple[str, int]:
    """The address and pid of the live worker running our one task once it runs again.

    Only that worker is asked its pid: asking a killed one the scheduler still lists waits out a 30 s
    connect timeout, long enough for the retry to finish unseen (CI's failure). A killed worker can
    linger as a zombie while its nanny restarts it, so its pid is skipped too.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        busy = [w for w, keys in executor.client.processing().items() if keys and w not in killed]
        pids = executor.client.run(os.getpid, workers=busy[:1], on_error="ignore") if busy else {}
        if busy and busy[0] in pids and pids[busy[0]] not in killed.values():
            return busy[0], int(pids[busy[0]])
        time.sleep(0.1)
    raise AssertionError("no worker started the file")


def _noise_png(path: Path) -> Path:
    """A 2500 x 2500 image of random grey: Tesseract looks for text in every speck of it."""
    noise = random.Random(3).randbytes(2500 * 2500)  # noqa: S311  noise, not a secret
    Image.frombytes("L", (2500, 2500), noise).save(path, dpi=(200, 200))
    return path


def _kill_a_worker_once_files_are_done(proc: subprocess.Popen[str], log: Path, after: int) -> bool:
    """SIGKILL one Dask worker process of ``proc`` once ``after`` files are stored; False if it ended first."""
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        stored = log.read_text().count('"event": "file"') if log.exists() else 0
        workers = [c for c in psutil.Process(proc.pid).children() if "spawn_main" in _cmdline(c)]
        if stored >= after and workers:
            os.kill(workers[0].pid, signal.SIGKILL)
            return True
        time.sleep(0.05)
    return False


def _cmdline(process: psutil.Process) -> str:
    """Its command line, or "" once it has ended: a worker restarted by the nanny is a zombie for a moment."""
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def _task(path: Path) -> FileTask:
    sha, size = sha256_file(path)
    return FileTask(str(path), path.name, None, None, sha, size)


def _free_port() -> int:
    import socket  # noqa: PLC0415  only this helper needs it

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
