"""glibc malloc settings for the long-lived main process of an ingest run.

glibc raises its mmap threshold each time a large block is freed (up to 32 MB), after which large
transient buffers — unpickled worker results, Arrow frames, DuckDB's scans — come from the heap and
their freed pages stay in it. A fixed threshold sends blocks over 256 KiB to mmap, which gives them
back on free, and a 1 MiB trim threshold returns the heap's free top. On 5,000 small documents this
took 10-20 MB off the main process's peak (BENCHMARKS.md, bench_memory) for no measurable time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1
"""glibc's ``mallopt`` parameter number for the trim threshold (malloc.h)."""
M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number for the mmap threshold (malloc.h)."""
MMAP_THRESHOLD = 256 * 1024
"""Blocks above this many bytes are mmapped, so freeing them gives the pages back."""
TRIM_THRESHOLD = 1024 * 1024
"""Free memory at the heap's top beyond this many bytes is returned to the system."""


@functools.cache
def return_freed_memory() -> bool:
    """Apply the thresholds to this process; False where malloc is not glibc's (nothing changes).

    Process-wide and idempotent, so it runs once: finding libc spawns ``ldconfig`` (2-10 ms), which
    every ``ingest()`` call from a notebook or a test would otherwise pay again.
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # musl and macOS have no mallopt
        return False
    ok = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1)
    if not ok:
        log.debug("mallopt refused the thresholds; malloc left as it is")
    return ok
