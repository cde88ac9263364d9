"""What a Dask worker runs for ``ingest --cluster``: the same pure ``process_file`` as a pool process.

The driver (``pipeline.dask_pool``) submits ``extract_on_worker`` and commits what it returns;
nothing here touches the database. A file travels as its path (the worker reads it where it is,
as a pool process does) or, for a small file sent to a remote cluster, as its bytes, which the
worker writes to a private temporary folder under the file's own name and reads from there.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin

from towerkit.config import Settings
from towerkit.models import DocResult
from towerkit.pipeline.worker import FileTask, init_worker, process_file

if TYPE_CHECKING:
    from distributed import Worker


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
