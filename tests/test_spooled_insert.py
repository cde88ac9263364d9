# ruff: noqa: S101, PLR2004, INP001
"""Spooled pages moved into ``tokens``: every row, each page's words in order, the database's settings kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from towerkit.columns import SPOOL_ROWS, StoredOnlyBuilder
from towerkit.errors import StoreError
from towerkit.models import Word
from towerkit.store import connect
from towerkit.store.spooled import insert_spooled
from towerkit.store.transactions import transaction

PAGES = 6
WORDS_PER_PAGE = 25_000
"""Six pages of 25,000 words: two spool row groups (``SPOOL_ROWS``), which DuckDB inserts in parallel."""


def _gib(setting: str) -> float:
    number, unit = setting.split()
    return float(number) * {"GiB": 1.0, "MiB": 1 / 1024}[unit]


def _spool(spool: Path, first_page: int) -> str:
    later = StoredOnlyBuilder(str(spool))
    for page in range(first_page, first_page + PAGES):
        later.add(
            [
                Word(f"p{page}w{i}", page, float(i % 80), float(i // 80), i % 80 + 5.0, i // 80 + 9.0)
                for i in range(WORDS_PER_PAGE)
            ],
            [],
        )
    built = later.build()
    assert built is not None
    return built.files["tokens"]


def test_spooled_words_keep_their_order_and_the_memory_limit_comes_back(tmp_path: Path) -> None:
    """Two documents' spools go in whole and in reading order; a missing spool says so; the limit is unchanged."""
    spool = tmp_path / "spool"
    spool.mkdir()
    files = {"a" * 64: _spool(spool, 51), "b" * 64: _spool(spool, 51)}
    assert PAGES * WORDS_PER_PAGE > 2 * SPOOL_ROWS
    conn = connect(tmp_path / "t.duckdb")
    settings = "SELECT current_setting('memory_limit'), current_setting('enable_external_file_cache')"
    before = conn.execute(settings).fetchone()

    seen = []
    with transaction(conn, "t.duckdb") as c:
        for doc_id, path in files.items():
            insert_spooled(c, "tokens", doc_id, path)
            seen.append(c.execute(settings).fetchone())
    # Set back with SET from the value DuckDB reports, rounded down to a tenth of a GiB, so at most that
    # much below the default, and no lower with each further document.
    assert seen[0] == seen[1] and seen[0][1] == before[1]
    assert _gib(before[0]) - 0.11 <= _gib(seen[0][0]) <= _gib(before[0])

    expected = [f"p{p}w{i}" for p in range(51, 51 + PAGES) for i in range(WORDS_PER_PAGE)]
    for doc_id in files:
        rows = conn.execute("SELECT text, page FROM tokens WHERE doc_id = ? ORDER BY rowid", [doc_id]).fetchall()
        assert [t for t, _ in rows] == expected
        assert all(t.startswith(f"p{p}w") for t, p in rows)

    with pytest.raises(StoreError, match=r"gone\.parquet"), transaction(conn, "t.duckdb") as c:
        insert_spooled(c, "tokens", "c" * 64, str(spool / "gone.parquet"))
    assert conn.execute(settings).fetchone() == seen[0]
    assert conn.execute("SELECT count(*) FROM tokens").fetchone() == (2 * PAGES * WORDS_PER_PAGE,)

    # The limit really came back, not only its reported value (RESET memory_limit left DuckDB 1.5.5's
    # buffer pool at 32MB): a statement needing far more than 32MB of memory still runs.
    big = conn.execute(
        "SELECT count(DISTINCT h) FROM (SELECT md5(range::VARCHAR) AS h FROM range(3000000))"
    ).fetchone()
    assert big == (3_000_000,)
