"""Discovery: zones from the tree, fairness across zones, and odd paths that must not break a run."""

from __future__ import annotations

import os
from pathlib import Path

from towerkit.pipeline.discover import display_path, interleave, missing_paths, zone_sources


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_zone_and_site_come_from_the_first_two_folders(tmp_path: Path) -> None:
    """ROOT/<zone>/<site>/<file> gives the zone and the site hint; files at the root have no zone."""
    _touch(tmp_path / "north" / "TX-0001" / "a.pdf")
    _touch(tmp_path / "loose.txt")
    items = [i for _, it in zone_sources([tmp_path]) for i in it]
    by_name = {Path(i.path).name: i for i in items}
    assert (by_name["a.pdf"].zone, by_name["a.pdf"].site_hint) == ("north", "TX-0001")
    assert by_name["loose.txt"].zone is None


def test_zones_are_interleaved_round_robin(tmp_path: Path) -> None:
    """A large zone does not starve a small one: files alternate between zones."""
    for i in range(5):
        _touch(tmp_path / "big" / "S1" / f"{i}.txt")
    _touch(tmp_path / "small" / "S2" / "0.txt")
    zones = [i.zone for i in interleave(zone_sources([tmp_path]))]
    assert zones[:2] in (["big", "small"], ["small", "big"])
    assert zones.count("big") == 5 and zones.count("small") == 1


def test_symlink_loops_and_broken_links_end_as_items_not_hangs(tmp_path: Path) -> None:
    """A folder symlinked to its parent is walked once; a dangling link is reported, not skipped."""
    _touch(tmp_path / "z" / "S" / "doc.txt")
    os.symlink(tmp_path / "z", tmp_path / "z" / "S" / "loop")
    os.symlink(tmp_path / "nowhere", tmp_path / "z" / "S" / "dangling.pdf")
    items = [i for _, it in zone_sources([tmp_path]) for i in it]
    names = sorted(Path(i.path).name for i in items)
    assert names == ["dangling.pdf", "doc.txt"]
    dangling = next(i for i in items if i.path.endswith("dangling.pdf"))
    assert dangling.error == "broken symlink"


def test_ground_truth_and_hidden_files_are_not_documents(tmp_path: Path) -> None:
    """The generator's answer key and dotfiles are never ingested."""
    _touch(tmp_path / "ground_truth.jsonl")
    _touch(tmp_path / "z" / ".DS_Store")
    _touch(tmp_path / "z" / "S" / "a.txt")
    items = [i for _, it in zone_sources([tmp_path]) for i in it]
    assert [Path(i.path).name for i in items] == ["a.txt"]


def test_undecodable_names_are_stored_as_escaped_text(tmp_path: Path) -> None:
    """A file name with non-UTF-8 bytes and a newline still yields a UTF-8 display path."""
    raw = os.fsencode(tmp_path) + b"/z/S/bad\xff name\n.txt"
    os.makedirs(os.fsencode(tmp_path) + b"/z/S", exist_ok=True)
    with open(raw, "wb") as f:
        f.write(b"hello")
    items = [i for _, it in zone_sources([tmp_path]) for i in it]
    assert len(items) == 1
    shown = display_path(items[0].path)
    shown.encode("utf-8")
    assert "\\xff" in shown and "\n" in shown


def test_missing_paths_are_named(tmp_path: Path) -> None:
    """Paths that do not exist are reported before anything runs."""
    assert missing_paths([tmp_path, tmp_path / "nope"]) == [str(tmp_path / "nope")]
