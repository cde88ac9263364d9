"""Extraction on a Dask cluster (``ingest --cluster ADDRESS``), behind the process pool's seam.

``DaskExecutor`` has the pool's interface (``capacity``, ``async run(task)``, ``close()``,
``kill()``), so the asyncio pipeline, its bounded queues and its backpressure do not change: at most
``capacity`` files are in the cluster at once, its threads plus a short queue. Each task runs
``worker.process_file`` on a worker (``dask_tasks.extract_on_worker``) and returns the packed
result; only the driver commits.

Failures follow the pool's rules. A worker that dies costs at most the files it held: the scheduler
runs each of them once more (``allowed-failures``, set to one retry on ``local:N``) and then gives
it up as ``KilledWorker``, stored as ``crashed``. A file past the hard ceiling fails as ``timeout``
and its worker is restarted (a thread cannot be stopped, a process can). Each future is released
as soon as its result is read: a finished result still held is computed again when the worker
holding it dies.

Page stall alarms need a process's main thread, which a Dask task does not run on: on a worker the
stall timer and the ceiling are checked as each step starts, Tesseract keeps its own per-page
timeout, and the driver's ceiling is the hard stop for a step that never returns.

Zones pinned to workers: the workers' ``zone-*`` resources (``dask_tasks.zone_resource``) are read
as the run starts; a file of such a zone needs one unit of it, any other file runs anywhere. Dask
holds a pinned file whose workers all died (``no-worker``) until one joins, unless the scheduler's
``no-workers-timeout`` is set; the driver's ceiling still counts, so the file fails as ``timeout``.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dask
from distributed import CancelledError, Client, KilledWorker, LocalCluster
from distributed.scheduler import NoValidWorkerError

from towerkit.config import Settings
from towerkit.errors import UsageError
from towerkit.models import DocResult
from towerkit.pipeline.dask_tasks import ProcessSetup, extract_on_worker, missing_here, zone_resource, zone_threads
from towerkit.pipeline.faults import unreadable
from towerkit.pipeline.worker import MAX_DEATHS, QUEUED_FILES, FileTask, failed_result, grace_s, one_line

log = logging.getLogger(__name__)

LOCAL = "local:"
"""``local:N``: a ``LocalCluster`` of N single-threaded worker processes, started and closed by the run."""
SCHEMES = ("tcp://", "tls://")
"""Schemes of a running scheduler's address (``dask scheduler`` prints one as it starts)."""

CONNECT_TIMEOUT_S = 5.0
"""Seconds to wait for a scheduler to answer: one on a network answers in milliseconds, and a
mistyped address should cost the user a few seconds, not the 30 of Dask's default."""
WORKERS_TIMEOUT_S = 30.0
"""Seconds to wait for a scheduler with no workers yet to get one (workers started with it join
within a few seconds); a run with none would wait forever."""

SEND_BYTES_MAX = 8 * 2**20
"""Files up to this size go to a remote cluster's workers as bytes, so the input folders need not be
shared: 8 MiB is above the sample corpus's largest scan and below the 10 MB past which Dask warns
about large task arguments. Larger files go by path, which the workers must see."""

QUEUE_SHARE = 4
"""Files waiting beyond one per worker thread: ``QUEUED_FILES``, or one more per this many threads on a
large cluster, whose round trips add up."""

POLL_S = 1.0
"""Seconds between looks at whether a queued file has probably started (its ceiling counts from then)."""


def local_workers(address: str) -> int | None:
    """N for ``local:N``, None for a scheduler's address.

    Raises:
        UsageError: the address is neither (``foo://``, ``local:0``).

    """
    if address.startswith(LOCAL):
        count = address[len(LOCAL) :]
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--cluster {address}: local:N needs N of 1 or more worker processes")
        return int(count)
    scheme, sep, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if not sep or f"{scheme}://" not in SCHEMES or not host or not port.isdigit():
        raise UsageError(
            f"--cluster {address}: expected tcp://HOST:PORT (a running Dask scheduler) or local:N "
            "(N worker processes on this machine)"
        )
    return None


@dataclass
class _Flight:
    """One file submitted to the cluster."""

    resource: str | None = None
    """The zone resource it needs (None: any worker)."""
    started: float | None = None
    """When it probably started on a worker (monotonic): its ceiling counts from then, not from the queue."""


class _TimedOut(Exception):
    """The file passed the hard ceiling, or no worker is left that may run it: the message is the reason."""


class _Lost(Exception):
    """The cluster lost the file (its task cancelled, its result gone with a worker): worth one more try."""


class DaskExecutor:
    """The extraction pool's interface over a Dask cluster; see the module's docstring for its rules."""

    def __init__(self, settings: Settings) -> None:
        address = settings.cluster or ""
        count = local_workers(address)
        self.settings = settings
        self.address = address
        self.remote = count is None
        """A scheduler we did not start: its workers may be other machines (bytes, shared-folder checks)."""
        self.restarts = 0
        self.pids: Counter[int] = Counter()
        """Files extracted per worker process id: where the work ran."""
        # Past the ceiling: the worker's own clock ends a file that is still stepping first, with its reason.
        self.grace = grace_s(settings)
        self.cluster: Any = None
        """The ``LocalCluster`` of ``local:N`` (None on a remote scheduler)."""
        self.client: Any
        """A ``distributed.Client``: its methods are not annotated, so it and its futures are held as Any."""
        if count is None:
            self.client = _connect(address)
        else:
            self.cluster, self.client = _start_local(count, settings.worker_memory_mb)
        nthreads = self.client.nthreads()
        self.threads = sum(nthreads.values())
        self.zone_threads = zone_threads(self.client.scheduler_info()["workers"])
        """Workers and threads holding each zone resource as the run started: read once, not per file."""
        self.pinned_zones: dict[str, str] = {}
        """Zones of this run's files that were pinned, and their resource (for the run's record)."""
        self.capacity = self.threads + max(QUEUED_FILES, self.threads // QUEUE_SHARE)
        # Results are read (and unpickled) on these threads, never on the event loop's.
        self._reader = ThreadPoolExecutor(self.capacity, thread_name_prefix="towerkit-dask")
        self._flights: dict[int, _Flight] = {}
        """In submission order, which is the order the scheduler starts them in."""
        self._numbers = itertools.count()
        self._shared: set[str] = set()
        if any(n > 1 for n in nthreads.values()):
            log.warning("Dask workers with several threads run files side by side in one process: slower than one each")
        log.info("extracting on Dask %s: %d workers, %d threads", address, len(nthreads), self.threads)
        if self.zone_threads:
            pinned = ", ".join(f"{r} on {w} worker{'s' * (w > 1)}" for r, (w, _) in sorted(self.zone_threads.items()))
            log.info("zones pinned to Dask workers: %s; files of other zones run on any worker", pinned)

    async def run(self, task: FileTask) -> DocResult:
        """Extract one file on the cluster; a dead or hung worker costs this file at most, never the run.

        Raises:
            UsageError: a worker of a remote cluster cannot see a folder this file needs.

        """
        started = time.perf_counter()
        data: bytes | None = None
        if self.remote:
            await self._check_folders(task)
            if task.size_bytes <= SEND_BYTES_MAX:
                try:
                    data = await asyncio.to_thread(Path(task.path).read_bytes)
                except OSError as e:
                    return failed_result(task, "unreadable", unreadable(e), started)
        for _ in range(MAX_DEATHS):
            try:
                return await self._attempt(task, data)
            except _TimedOut as e:
                return failed_result(task, "timeout", f"timeout: {e}", started)
            except KilledWorker:
                return failed_result(task, "crashed", "crashed: the Dask worker died twice on this file", started)
            except _Lost as e:
                log.warning("the Dask cluster lost %s (%s); retrying once", task.display, e)
            except Exception as e:  # whatever a task raises costs its file, never the run
                log.exception("Dask task raised on %s", task.display)
                return failed_result(task, "internal", f"internal: {type(e).__name__}: {one_line(e)}", started)
        return failed_result(task, "crashed", "crashed: the Dask cluster lost this file twice", started)

    async def _attempt(self, task: FileTask, data: bytes | None) -> DocResult:
        loop = asyncio.get_running_loop()
        number = next(self._numbers)
        flight = self._flights[number] = _Flight(self._resource(task))
        self._start_flights()
        done: asyncio.Future[None] = loop.create_future()
        future: Any = None
        try:
            future = self.client.submit(
                extract_on_worker,
                task,
                self.settings,
                data,
                key=f"towerkit-{task.sha256[:16]}-{number}",
                pure=False,
                retries=0,
                resources=None if flight.resource is None else {flight.resource: 1},
            )
            future.add_done_callback(lambda _f: _settle(loop, done))
            await self._wait(done, flight, future)
            outcome = await loop.run_in_executor(self._reader, _read, future)
        finally:
            del self._flights[number]
            self._start_flights()
            if future is not None:
                future.release()
        if isinstance(outcome, NoValidWorkerError):  # the scheduler's own ``no-workers-timeout`` passed
            raise _TimedOut(f"no Dask worker holding {flight.resource} left to run it (scheduler's no-workers-timeout)")
        if isinstance(outcome, BaseException):
            raise outcome
        pid, result = outcome
        self.pids[pid] += 1
        return result

    async def _wait(self, done: asyncio.Future[None], flight: _Flight, future: Any) -> None:
        """Wait for the task to end, up to the ceiling (plus the grace) counted from its probable start."""
        while True:
            remaining = POLL_S
            if flight.started is not None:
                remaining = flight.started + self.settings.file_timeout_s + self.grace - time.monotonic()
                if remaining <= 0:
                    loop = asyncio.get_running_loop()
                    ceiling = f"over the {self.settings.file_timeout_s:g} s ceiling for one file"
                    if await loop.run_in_executor(self._reader, self._restart_worker_of, future):
                        raise _TimedOut(f"{ceiling} (worker restarted)")
                    raise _TimedOut(f"{ceiling}, no Dask worker holding {flight.resource or 'it'} left to run it")
            try:
                await asyncio.wait_for(asyncio.shield(done), timeout=remaining)
            except TimeoutError:
                continue
            return

    def _resource(self, task: FileTask) -> str | None:
        """The zone resource ``task`` needs, None when no worker held its zone's as the run started."""
        resource = zone_resource(task.zone or "")
        if task.zone is None or resource not in self.zone_threads:
            return None
        self.pinned_zones[str(task.zone)] = resource
        return resource

    def _start_flights(self) -> None:
        """Mark started the oldest files the threads can hold; a pinned one needs a thread of its zone's too.

        The zones' threads are those the run started with, so a zone whose workers all died still starts a clock.
        """
        now, taken = time.monotonic(), Counter[str | None]()
        for flight in self._flights.values():
            if taken.total() >= self.threads:
                break
            if flight.resource is None or taken[flight.resource] < self.zone_threads[flight.resource][1]:
                taken[flight.resource] += 1
                flight.started = now if flight.started is None else flight.started

    def _restart_worker_of(self, future: Any) -> bool:
        """Restart the worker running ``future``, the only way to stop a task that never returns; False if none runs it.

        The task is cancelled first: the scheduler would otherwise run it again on the restarted worker,
        whose one thread the file would hold past the ceiling again, the next file's clock running behind it.
        """
        workers = [w for w, keys in self.client.processing().items() if future.key in keys]
        if not workers:
            return False
        future.cancel()
        try:
            self.client.restart_workers(workers, timeout=CONNECT_TIMEOUT_S * 2)
        except Exception as e:  # noqa: BLE001  a worker without a nanny cannot restart: it keeps the thread busy
            log.warning("could not restart Dask worker %s: %s", workers[0], one_line(e))
            return True
        self.restarts += 1
        log.warning("Dask worker %s restarted: a file passed the ceiling on it", workers[0])
        return True

    async def _check_folders(self, task: FileTask) -> None:
        """Check, once per folder, that the workers see the folders this file needs (its own, when large)."""
        folders = {task.spool_dir} if task.spool_dir else set()
        if task.size_bytes > SEND_BYTES_MAX:
            folders.add(str(Path(task.path).parent))
        new = sorted(folders - self._shared)
        if new:
            await asyncio.to_thread(self.check_shared, new)
            self._shared.update(new)

    def check_shared(self, folders: Sequence[str]) -> None:
        """Ask every worker whether it sees ``folders``; nothing to ask on ``local:N``.

        Raises:
            UsageError: a worker cannot see one of them (a folder not shared with that machine).

        """
        if not self.remote:
            return
        answers = self.client.run(missing_here, list(folders))
        for worker, missing in sorted(answers.items()):
            if missing:
                raise UsageError(
                    f"--cluster {self.address}: worker {worker} cannot see {missing[0]}: files over "
                    f"{SEND_BYTES_MAX // 2**20} MiB and the run's spool folder (under TMPDIR) must be on a "
                    "filesystem the workers share with this machine"
                )

    def close(self) -> None:
        """Let the cluster go: a ``local:N`` cluster stops, a remote one stays up for its next client."""
        if self.pids:
            log.info("files extracted per Dask worker process: %s", dict(self.pids))
        self._reader.shutdown(wait=False, cancel_futures=True)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def kill(self) -> None:
        """Stop at once (the run was interrupted): every future was released when its file's task ended."""
        self.close()


def _connect(address: str) -> Any:
    """A client of the running scheduler at ``address`` with at least one worker, or one clear line."""
    try:
        client: Any = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)  # type: ignore[no-untyped-call]  # distributed has few annotations
    except (OSError, TimeoutError, ValueError) as e:
        raise UsageError(
            f"--cluster {address}: no Dask scheduler answered within {CONNECT_TIMEOUT_S:g} s ({one_line(e)})"
        ) from e
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except TimeoutError as e:
        client.close()
        raise UsageError(f"--cluster {address}: the scheduler has no workers ({WORKERS_TIMEOUT_S:g} s waited)") from e
    return client


def _start_local(count: int, memory_mb: int) -> tuple[Any, Any]:
    """A ``LocalCluster`` of ``count`` single-threaded worker processes, set up as the pool's are.

    Dask's own memory management is off (``memory_limit=0``): the worker's address-space cap
    (``ProcessSetup``) bounds a runaway file as in the pool, where Dask would pause a worker at 80%
    of its share and leave its files waiting.
    """
    with dask.config.set({"distributed.scheduler.allowed-failures": MAX_DEATHS - 1}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]  # distributed has few annotations
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            memory_limit=0,
            dashboard_address=None,
        )
    client = Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]  # distributed has few annotations
    client.register_plugin(ProcessSetup(memory_mb))
    return cluster, client


def _settle(loop: asyncio.AbstractEventLoop, done: asyncio.Future[None]) -> None:
    """Called on Dask's callback thread when a task ends: wake the file's coroutine on its own loop."""

    def wake() -> None:
        if not done.done():
            done.set_result(None)

    try:
        loop.call_soon_threadsafe(wake)
    except RuntimeError:  # the run's loop closed: nobody waits for this file any more
        return


def _read(future: Any) -> tuple[int, DocResult] | BaseException:
    """The task's ``(pid, result)``, or the error that ended it, read off the event loop.

    Errors are returned, not raised: a cancellation raised through an asyncio future would read as
    the run itself being cancelled.
    """
    try:
        outcome: tuple[int, DocResult] = future.result()
    except KilledWorker as e:
        return e
    except (CancelledError, OSError) as e:  # cancelled by the cluster, or the worker holding it died
        return _Lost(one_line(e))
    except Exception as e:  # noqa: BLE001  handed to ``run``, which fails the file with it
        return e
    return outcome


__all__ = ["DaskExecutor", "local_workers"]
