"""Finding the files of a run and their zones, lazily, so a huge tree never sits in memory.

A corpus is ``ROOT/<zone>/<site_id>/<file>`` (DESIGN.md): the zone is the first folder under the
root a file was given from, the site hint the second. Files are yielded zone by zone and the zones
interleaved round-robin, so every zone gets a fair share of the workers, and a dead zone (an
unmounted share) can be paused without starving the others.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

IGNORED_NAMES = frozenset({"ground_truth.jsonl", "Thumbs.db", "desktop.ini"})
"""Never documents: the sample generator's answer key and file managers' droppings."""


@dataclass(frozen=True, slots=True)
class FileItem:
    """One path of a run. ``error`` is set when the path cannot even be listed or opened."""

    path: str
    zone: str | None
    site_hint: str | None
    error: str | None = None

    @property
    def display(self) -> str:
        """The path as it is stored and shown (see ``display_path``)."""
        return display_path(self.path)


def display_path(path: str) -> str:
    r"""The path as valid UTF-8 text for the database: undecodable bytes become ``\xNN`` escapes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def _ignored(name: str) -> bool:
    return name.startswith(".") or name in IGNORED_NAMES


def _walk(folder: str, root_parts: int, seen: set[tuple[int, int]]) -> Iterator[FileItem]:
    """Depth-first, sorted (deterministic), following no directory symlink twice (no loops)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield FileItem(folder, *_zone_site(folder, root_parts), error=f"unreadable folder: {e.strerror or e}")
        return
    for entry in entries:
        if _ignored(entry.name):
            continue
        try:
            st = Path(entry.path).stat()  # follows symlinks: a link to a file is that file
        except OSError as e:
            reason = "broken symlink" if entry.is_symlink() else f"unreadable: {e.strerror or e}"
            yield FileItem(entry.path, *_zone_site(entry.path, root_parts), error=reason)
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue  # a symlink loop or a second link to a folder already walked
            seen.add(key)
            yield from _walk(entry.path, root_parts, seen)
        elif stat.S_ISREG(st.st_mode):
            yield FileItem(entry.path, *_zone_site(entry.path, root_parts))
        else:
            yield FileItem(entry.path, *_zone_site(entry.path, root_parts), error="not a regular file")


def _zone_site(path: str, root_parts: int) -> tuple[str | None, str | None]:
    parts = Path(path).parts[root_parts:]
    folders = parts[:-1]
    zone = display_path(folders[0]) if folders else None
    site = display_path(folders[1]) if len(folders) > 1 else None
    return zone, site


def zone_sources(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[str | None, Iterator[FileItem]]]:
    """One lazy iterator per zone across all given paths (files given directly: zone None)."""
    sources: list[tuple[str | None, Iterator[FileItem]]] = []
    loose: list[FileItem] = []
    for given in paths:
        p = os.fspath(given)
        # os.path.isdir, not Path.is_dir: a path it may not stat (EACCES) is a file to report, not an error.
        if os.path.isdir(p):  # noqa: PTH112
            root_parts = len(Path(p).parts)
            try:
                with os.scandir(p) as it:
                    children = sorted(it, key=lambda e: e.name)
            except OSError as e:
                loose.append(FileItem(p, None, None, error=f"unreadable folder: {e.strerror or e}"))
                continue
            for child in children:
                if _ignored(child.name):
                    continue
                if child.is_dir():
                    st = Path(child.path).stat()
                    seen = {(st.st_dev, st.st_ino)}
                    sources.append((display_path(child.name), _walk(child.path, root_parts, seen)))
                else:
                    loose.extend(_walk_single(child.path))
        else:
            loose.append(FileItem(p, None, None))
    if loose:
        sources.insert(0, (None, iter(loose)))
    return sources


def _walk_single(path: str) -> list[FileItem]:
    """A file directly under a root: zone None, but still checked like any walked entry."""
    try:
        st = Path(path).stat()
    except OSError as e:
        return [FileItem(path, None, None, error=f"unreadable: {e.strerror or e}")]
    if not stat.S_ISREG(st.st_mode):
        return [FileItem(path, None, None, error="not a regular file")]
    return [FileItem(path, None, None)]


def interleave(sources: list[tuple[str | None, Iterator[FileItem]]]) -> Iterator[FileItem]:
    """Round-robin over the zones' iterators until all are exhausted."""
    iterators = [it for _, it in sources]
    while iterators:
        alive = []
        for it in iterators:
            item = next(it, None)
            if item is not None:
                yield item
                alive.append(it)
        iterators = alive


def missing_paths(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Paths the user named that do not exist (a usage error, reported before anything runs)."""
    return [os.fspath(p) for p in paths if not os.path.lexists(p)]
