# ruff: noqa: S101, PLR2004, INP001
"""Time budgets that follow the work: a stuck page costs that page; steady progress never times out.

The slow pages are slow by their content, not by a mock: pdfminer parses every path operator of a
page in Python, so a page of 100,000 small filled rectangles takes ~18 s of pdfplumber here, one of
1,500 about 0.15 s.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from towerkit.config import Settings
from towerkit.engines.budget import is_failed_page
from towerkit.pipeline.ingest import ingest
from towerkit.pipeline.worker import FileTask, process_file
from towerkit.store import connect

HUNG_RECTS = 100_000
"""Rectangles on the hung page: ~18 s of pdfminer, far past the tests' stall timer."""
STEADY_RECTS = 1_500
"""Rectangles on each page of the steadily progressing file: ~0.15 s each."""


def _pdf(contents: list[bytes]) -> bytes:
    """A PDF of letter pages with the given content streams and one Helvetica font."""
    n = len(contents)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(contents):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        z = zlib.compress(content)
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _page(number: int, rects: int = 0) -> bytes:
    """A text page (site, page number) with ``rects`` tiny filled rectangles drawn under its text."""
    text = f"BT /F1 12 Tf 72 700 Td (Inspection report site NY-{number:04d} page {number}) Tj ET\n".encode()
    return text + b"".join(b"%d %d 2 2 re f\n" % (k % 600, (k // 600) % 680) for k in range(rects))


def _task(path: Path) -> FileTask:
    return FileTask(str(path), path.name, None, None, "0" * 64, path.stat().st_size)


def test_a_stuck_page_costs_that_page_not_the_file(tmp_path: Path) -> None:
    """A page that outlives the stall timer is stored failed with its reason; the pages around it are read."""
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf([_page(1), _page(2, HUNG_RECTS), _page(3)]))
    started = time.monotonic()
    result = process_file(_task(path), Settings(workers=0, stall_timeout_s=1.5))
    elapsed = time.monotonic() - started
    assert result.error is None and result.extracted is not None
    pages = {p.page: p for p in result.extracted.pages}
    assert is_failed_page(pages[2].reason) and pages[2].reason.startswith("failed: page timeout after 1.5 s")
    assert not is_failed_page(pages[1].reason) and not is_failed_page(pages[3].reason)
    assert "1 page failed (page 2: page timeout after 1.5 s)" in result.extracted.route_reason
    assert result.rows is not None
    texts = set(result.rows.tables["tokens"].column("text").to_pylist())
    assert {"NY-0001", "NY-0003"} <= texts and "NY-0002" not in texts
    assert elapsed < 12  # the hung page alone takes ~18 s


def test_the_ceiling_fails_a_file_that_progresses_too_long(tmp_path: Path) -> None:
    """Past ``file_timeout_s`` a file fails as timeout however steadily it progresses."""
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf([_page(i, STEADY_RECTS * 4) for i in range(1, 30)]))
    result = process_file(_task(path), Settings(workers=0, stall_timeout_s=30, file_timeout_s=1.0))
    assert result.error_kind == "timeout" and "ceiling" in (result.error or "")


@pytest.fixture(name="loaded_machine")
def _loaded_machine() -> Iterator[None]:
    """Two processes spinning on the CPU for the length of the test: the machine is loaded."""
    spin = "import time\nend = time.monotonic() + 120\nwhile time.monotonic() < end: pass\n"
    hogs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2)]  # noqa: S603  our own interpreter
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


@pytest.mark.slow
@pytest.mark.usefixtures("loaded_machine")
def test_steady_progress_on_a_loaded_machine_runs_on_while_a_hung_page_is_stopped(tmp_path: Path) -> None:
    """With a 3 s stall timer, a file that needs far longer in all but finishes a page at a time is
    ingested whole, while the hung page of another file fails alone and that file is stored.
    """
    root = tmp_path / "corpus" / "z" / "NY-0001"
    root.mkdir(parents=True)
    (root / "steady.pdf").write_bytes(_pdf([_page(i, STEADY_RECTS) for i in range(1, 41)]))
    (root / "hung.pdf").write_bytes(_pdf([_page(1), _page(2, HUNG_RECTS), _page(3)]))
    db = tmp_path / "t.duckdb"
    summary = ingest([tmp_path / "corpus"], db, workers=1, settings={"stall_timeout_s": 3.0}, progress=False)
    assert summary.failed == 0 and summary.ingested + summary.quarantined == 2
    conn = connect(db)
    try:
        rows = conn.execute(
            """SELECT d.path, p.page, p.reason, d.page_count FROM pages p JOIN documents d USING (doc_id)
               WHERE starts_with(p.reason, 'failed: ') ORDER BY d.path, p.page"""
        ).fetchall()
        steady_s = conn.execute(
            "SELECT sum(seconds) FROM pages p JOIN documents d USING (doc_id) WHERE d.path LIKE '%steady.pdf'"
        ).fetchone()
    finally:
        conn.close()
    assert [(Path(r[0]).name, r[1]) for r in rows] == [("hung.pdf", 2)]
    assert rows[0][2].startswith("failed: page timeout after 3 s")
    # The steady file took longer in all than the stall timer: a per-file wall clock of 3 s would have failed it.
    assert steady_s is not None and steady_s[0] > 3.0


RETRY_RECTS = 20_000
"""Rectangles on a page that fails a 1 s stall timer (~3.6 s of pdfminer) and reads under a longer one."""


def _page_reasons(db: Path) -> dict[str, list[tuple[int, str | None]]]:
    conn = connect(db, read_only=True)
    try:
        rows = conn.execute(
            "SELECT d.path, p.page, p.reason FROM pages p JOIN documents d USING (doc_id) ORDER BY d.path, p.page"
        ).fetchall()
    finally:
        conn.close()
    out: dict[str, list[tuple[int, str | None]]] = {}
    for path, page, reason in rows:
        out.setdefault(Path(path).name, []).append((page, reason))
    return out


@pytest.mark.slow
def test_a_later_run_reads_failed_pages_again_unless_a_person_decided_on_the_document(tmp_path: Path) -> None:
    """Run 1 gives up page 2 of both files; a reviewer accepts b.pdf as it is. Run 2, with a longer stall
    timer, reads a.pdf again and replaces its rows (one document, three good pages, no doubled fields);
    b.pdf is a duplicate, its accepted read untouched. Run 3 finds nothing left to retry.
    """
    root = tmp_path / "corpus" / "z" / "NY-0001"
    root.mkdir(parents=True)
    (root / "a.pdf").write_bytes(_pdf([_page(1), _page(2, RETRY_RECTS), _page(3)]))
    (root / "b.pdf").write_bytes(_pdf([_page(4), _page(5, RETRY_RECTS), _page(6)]))
    db = tmp_path / "t.duckdb"
    first = ingest([tmp_path / "corpus"], db, workers=1, settings={"stall_timeout_s": 1.0}, progress=False)
    assert first.failed == 0 and first.ingested + first.quarantined == 2
    before = _page_reasons(db)
    assert all(is_failed_page(before[name][1][1]) for name in ("a.pdf", "b.pdf")), before
    conn = connect(db, read_only=True)
    try:
        b_id = conn.execute("SELECT doc_id FROM documents WHERE path LIKE '%b.pdf'").fetchone()[0]
        tokens_before = conn.execute(
            "SELECT count(*) FROM tokens t JOIN documents d USING (doc_id) WHERE d.path LIKE '%a.pdf'"
        ).fetchone()[0]
    finally:
        conn.close()
    accepted = subprocess.run(  # noqa: S603  our own interpreter
        [sys.executable, "-m", "towerkit", "review", "accept", b_id, "--by", "ana", "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert accepted.returncode == 0, accepted.stderr

    second = ingest([tmp_path / "corpus"], db, workers=1, settings={"stall_timeout_s": 30.0}, progress=False)
    assert (second.ingested + second.quarantined, second.duplicates, second.failed) == (1, 1, 0)
    after = _page_reasons(db)
    assert after["a.pdf"] == [(1, after["a.pdf"][0][1]), (2, after["a.pdf"][1][1]), (3, after["a.pdf"][2][1])]
    assert not any(is_failed_page(reason) for _, reason in after["a.pdf"]), after["a.pdf"]
    assert after["b.pdf"] == before["b.pdf"]
    conn = connect(db, read_only=True)
    try:
        docs = conn.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        a_now = conn.execute(
            "SELECT (SELECT count(*) FROM tokens t WHERE t.doc_id = d.doc_id), d.run_id FROM documents d "
            "WHERE d.path LIKE '%a.pdf'"
        ).fetchone()
        outcomes = conn.execute(
            "SELECT outcome, count(*) FROM document_paths WHERE run_id = ? GROUP BY ALL ORDER BY 1", [second.run_id]
        ).fetchall()
    finally:
        conn.close()
    assert docs == (2, 2)
    assert a_now[0] == tokens_before * 3 // 2 and a_now[1] == second.run_id  # three pages of words, once
    assert outcomes[0][0] == "duplicate" and sum(n for _, n in outcomes) == 2

    third = ingest([tmp_path / "corpus"], db, workers=1, settings={"stall_timeout_s": 30.0}, progress=False)
    assert third.duplicates == 2 and third.ingested + third.quarantined == 0


def test_a_log_that_fits_its_head_reads_as_before(tmp_path: Path) -> None:
    """A small log goes through ``read_log`` exactly as ``extract_text`` reads it whole."""
    from towerkit.columns import StoredOnlyBuilder
    from towerkit.engines.text import LINES_PER_PAGE, extract_text, read_log

    data = "".join(f"line {i}\tvalue {i * 3}\r\n" for i in range(500)).encode("utf-16")
    path = tmp_path / "a.log"
    path.write_bytes(data)
    with path.open("rb") as f:
        words, pages, encoding = read_log(f, head_lines=50 * LINES_PER_PAGE, max_pages=5000, later=StoredOnlyBuilder())
    whole_words, whole_pages, whole_encoding = extract_text(data)
    untimed = [dataclasses.replace(p, seconds=0.0) for p in pages]
    assert (words, untimed, encoding) == (
        whole_words,
        [dataclasses.replace(p, seconds=0.0) for p in whole_pages],
        whole_encoding,
    )


def test_huge_log_windows_split_lines_and_crlf_across_chunks() -> None:
    """Lines cut across decoded chunks (and a CRLF cut between its CR and LF) come out whole."""
    from towerkit.engines.text import _lines

    chunks = ["alpha be", "ta\r", "\ngamma\rdel", "ta\n", "", "last"]
    assert list(_lines(chunks)) == ["alpha beta", "gamma", "delta", "last"]


def _peak_rss_mb(path: Path, spool: Path) -> tuple[float, int, int]:
    """(peak RSS MB, pages, stored-only rows) of one worker process extracting ``path`` from a clean start."""
    code = (
        "import os, resource, sys\n"
        "from towerkit.config import Settings\n"
        "from towerkit.pipeline.worker import FileTask, process_file\n"
        "p = sys.argv[1]\n"
        "r = process_file(FileTask(p, p, None, None, '0' * 64, os.path.getsize(p), sys.argv[2]), Settings(workers=0))\n"
        "assert r.error is None, r.error\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(r.extracted.pages), r.rows.spooled_rows)\n"
    )
    out = subprocess.run(  # noqa: S603  our own interpreter, our own code
        [sys.executable, "-c", code, str(path), str(spool)], capture_output=True, text=True, check=True, timeout=900
    )
    kb, pages, rows = out.stdout.split()
    return int(kb) / 1024, int(pages), int(rows)


def _write_log(path: Path, size: int) -> Path:
    line = "2024-03-{d:02d} 12:{m:02d} SITE NY-{s:04d} sector {k} azimuth {a} deg power {p:.1f} dBm status OK\n"
    block = "".join(
        line.format(d=1 + i % 28, m=i % 60, s=i % 9973, k=i % 3, a=(i * 37) % 360, p=40 + i % 9) for i in range(20_000)
    )
    with path.open("w", encoding="ascii") as f:
        for _ in range(max(1, size // len(block))):
            f.write(block)
    return path


@pytest.mark.slow
def test_a_64_mb_log_is_many_pages_in_bounded_memory(tmp_path: Path) -> None:
    """A ~64 MB log becomes ~64 window pages past its head, its words spooled, and the worker's
    peak RSS stays within 1.5x of a 5 MB log's (a whole read held ~30 bytes of objects per byte, about
    2 GB here, so the bound tells windows from a whole read; bench_memory --only log runs 2 GB).
    """
    small = _write_log(tmp_path / "small.log", 5 * 2**20)
    big = _write_log(tmp_path / "big.log", 64 * 2**20)
    spool = tmp_path / "spool"
    spool.mkdir()
    small_mb, _, _ = _peak_rss_mb(small, spool)
    big_mb, pages, rows = _peak_rss_mb(big, spool)
    assert pages > 64 and rows > 6_000_000
    assert big_mb <= 1.5 * small_mb, (small_mb, big_mb)
    assert os.path.getsize(big) > 60 * 2**20


def test_a_log_past_its_head_is_paged_in_windows_and_its_words_stored_only() -> None:
    """Past the head, each window is one page whose words go to the stored-only rows, not to analysis."""
    import io

    from towerkit.columns import StoredOnlyBuilder
    from towerkit.engines.text import read_log

    body = "".join(f"reading {i} OK\n" for i in range(3000)).encode()
    later = StoredOnlyBuilder()
    ticks: list[int] = []

    def progress(page: int, megapixels: float = 0.0) -> float:
        ticks.append(page)
        return 0.0

    words, pages, encoding = read_log(
        io.BytesIO(body + b"x" * (1 << 20) + b"\n"), head_lines=66, max_pages=50, later=later, progress=progress
    )
    built = later.build()
    assert encoding == "utf-8" and {w.page for w in words} == {1} and len(words) == 66 * 3
    assert len(pages) == 1 + len(ticks) and ticks == list(range(2, len(pages) + 1))
    assert built is not None and built.tables["tokens"].num_rows == (3000 - 66) * 3 + 1
    assert all(p.reason.startswith("text file (utf-8)") for p in pages)


def test_the_cli_names_pages_it_stored_as_failed(tmp_path: Path) -> None:
    """A page given up is not a failed file: the summary says so on stderr, and --json lists it."""
    root = tmp_path / "corpus" / "z" / "NY-0002"
    root.mkdir(parents=True)
    (root / "c.pdf").write_bytes(_pdf([_page(1), _page(2, RETRY_RECTS), _page(3)]))
    cmd = [sys.executable, "-m", "towerkit", "ingest", str(tmp_path / "corpus"), "--workers", "1", "--timeout", "1"]
    plain = subprocess.run(  # noqa: S603  our own interpreter
        [*cmd, "--db", str(tmp_path / "a.duckdb")], capture_output=True, text=True, check=False, timeout=300
    )
    assert plain.returncode == 0, plain.stderr
    assert "1 pages could not be read and were stored as failed" in plain.stderr
    assert "c.pdf page 2: failed: page timeout" in plain.stderr
    listed = subprocess.run(  # noqa: S603  our own interpreter
        [*cmd, "--db", str(tmp_path / "b.duckdb"), "--json"], capture_output=True, text=True, check=False, timeout=300
    )
    assert listed.returncode == 0, listed.stderr
    pages = json.loads(listed.stdout)["failed_pages"]
    assert [(Path(p["path"]).name, p["page"]) for p in pages] == [("c.pdf", 2)]
    assert pages[0]["reason"].startswith("failed: page timeout")
