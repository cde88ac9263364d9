"""What a Dask worker runs for ``ingest --cluster``: the same pure ``process_file`` as a pool process.

The driver (``pipeline.dask_pool``) submits ``extract_on_worker`` and commits what it returns;
nothing here touches the database. A file travels as its path (the worker reads it where it is,
as a pool process does) or, for a small file sent to a remote cluster, as its bytes, which the
worker writes to a private temporary folder under the file's own name and reads from there.

A zone is pinned to workers by a worker resource named ``zone_resource(zone)``: the operator starts
them with ``dask worker ADDRESS --nthreads 1 --resources "zone-north=1"`` and the driver submits that
zone's files with the resource; files of zones no worker holds run anywhere.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from towerkit.config import Settings
from towerkit.models import DocResult
from towerkit.pipeline.worker import FileTask, init_worker, process_file

if TYPE_CHECKING:
    from distributed import Worker


ZONE_PREFIX = "zone-"
"""Every zone resource's name starts so, which keeps it apart from a worker's other resources (GPU, MEMORY)."""


def zone_resource(zone: str) -> str:
    """The worker resource that pins ``zone`` (a folder's name) to the workers holding it.

    ``zone-`` and the zone as a slug: ASCII letters lower-cased, digits, and one ``-`` for every run
    of anything else (``North Region`` -> ``zone-north-region``). A folder name may hold what
    ``dask worker --resources "a=1,b=1"`` splits on (commas, spaces, ``=``), and Dask lower-cases a
    resource set by environment variable: the slug survives both. Names that differ only
    in case or punctuation share a resource, hence one set of workers; a name with no ASCII letter
    or digit is spelt by its UTF-8 bytes in hex (``zone-x-e69db1e4baac``).
    """
    ascii_only = unicodedata.normalize("NFKD", zone).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return ZONE_PREFIX + (slug or "x-" + zone.encode().hex())


def zone_threads(workers: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Workers and threads serving each pinned zone's resource, from ``scheduler_info()["workers"]``.

    A worker runs as many of a zone's files at once as it holds units of the zone's resource, up to
    its threads (each file needs one unit).
    """
    counts: dict[str, tuple[int, int]] = {}
    for info in workers.values():
        for name, amount in info.get("resources", {}).items():
            if name.startswith(ZONE_PREFIX) and amount >= 1:
                served, threads = counts.get(name, (0, 0))
                counts[name] = (served + 1, threads + min(int(amount), int(info.get("nthreads", 1))))
    return counts


def extract_on_worker(task: FileTask, settings: Settings, data: bytes | None) -> tuple[int, DocResult]:
    """Extract one file on a Dask worker; returns the worker's pid with the result.

    The pid tells the driver which process did the work (its count per process is logged, and a
    test compares it with the workers' own pids). Tesseract is held to one thread here as well as
    by ``ProcessSetup``: a worker of someone else's cluster never ran our setup.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if data is None:
        return os.getpid(), process_file(task, settings)
    with tempfile.TemporaryDirectory(prefix="towerkit-dask-") as tmp:
        # The file keeps its name: the sniffer takes a log's extension as a hint.
        local = Path(tmp) / (Path(task.path).name or "file")
        local.write_bytes(data)
        return os.getpid(), process_file(dataclasses.replace(task, path=str(local)), settings)


def missing_here(paths: list[str]) -> list[str]:
    """Of ``paths`` (folders the driver will hand this worker), those this machine cannot see."""
    return [p for p in paths if not Path(p).is_dir()]


class ProcessSetup(WorkerPlugin):
    """A ``local:N`` worker process set up as a pool process is: one Tesseract thread, a memory cap.

    Registered only on clusters towerkit starts itself: the address-space cap is a process-wide
    limit, not ours to set on the workers of a shared scheduler.
    """

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb

    def setup(self, worker: Worker) -> None:  # noqa: ARG002  the hook's signature; the process is what we set up
        """Run once in each worker process as it joins, restarts included."""
        init_worker(self.memory_mb)
