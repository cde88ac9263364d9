"""Past one machine, measured against the one-machine default in the same run (issue 19).

1. **Dask overhead**: the same generated corpus ingested with ``--cluster local:2`` (a
   ``distributed.LocalCluster`` of two single-threaded worker processes) and with the local process
   pool (``--workers 2``), each into a fresh DuckDB file; files/s and the ratio (target: Dask within
   15% of the pool).
2. **Store write rate**: the writer's hot path (``Writer.write_all``, batches cut and prepared as
   ingest does, each committed with its audit entries) into a DuckDB file, a DuckLake with a SQLite
   catalog and, with ``--pg CONNINFO`` or a cluster started by ``scripts/pg-local.sh``, a DuckLake with
   a PostgreSQL catalog; field rows/s and the ratio to the file (target: a lake within 2x).
3. **Query latency during an ingest**: ``marking_lighting`` answered in-process (open read-only,
   pinned snapshot, run, close) on a SQLite-catalogued lake, first idle, then while an ingest of the
   corpus commits into the same lake; median and worst (target: under 2 s during the ingest).

Usage: ``python benchmarks/bench_scale.py [--docs 80] [--synthetic 2000] [--pg CONNINFO] [--quick] [--write-md]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import machine_line, run_measured, table, towerkit_cmd, update_section, verdict  # noqa: E402
from bench_writer import synthetic  # noqa: E402

from towerkit.config import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGET_DASK = 0.85
TARGET_LAKE = 0.5
TARGET_QUERY_S = 2.0


def ingest_rate(corpus: Path, db: Path, extra: list[str]) -> tuple[float, float, dict[str, object]]:
    """(files/s, wall s, summary) of one ``towerkit ingest`` of ``corpus`` into a fresh ``db``."""
    if db.exists():
        db.unlink()
    m = run_measured(towerkit_cmd("ingest", str(corpus), "--db", str(db), "--json", *extra), sample_memory=False)
    summary = json.loads(m.stdout)
    return summary["files"] / float(summary["seconds"]), m.wall, summary


def cluster_startup(workers: int) -> float:
    """Seconds to start and stop the executor of ``--cluster local:N`` alone (its worker processes import
    towerkit, pdfplumber and Dask): a cost per run, not per file, which a short corpus feels most."""
    from towerkit.pipeline.dask_pool import DaskExecutor

    start = time.perf_counter()
    executor = DaskExecutor(Settings(workers=workers, cluster=f"local:{workers}"))
    started = time.perf_counter() - start
    executor.close()
    return started


def writer_rate(db: str, n_docs: int, settings: Settings) -> tuple[float, float]:
    """(field rows/s, seconds) of ``n_docs`` synthetic documents through the writer into ``db``."""
    from towerkit.pipeline.pack import pack
    from towerkit.store import connect
    from towerkit.store.batch import batches
    from towerkit.store.writer import Writer

    conn = connect(db)
    try:
        w = Writer(conn, db)
        w.start_run("bench", {"paths": []}, {"bench": True}, "0")
        docs = [pack(synthetic(i, 15, 150)) for i in range(n_docs)]
        start = time.perf_counter()
        w.write_all("bench", batches(docs, settings.batch_docs, settings.batch_rows))
        seconds = time.perf_counter() - start
        rows = int(conn.execute("SELECT count(*) FROM fields").fetchone()[0])
    finally:
        conn.close()
    assert rows == n_docs * 15, rows
    return rows / seconds, seconds


def query_once(db: str) -> tuple[float, float]:
    """(seconds to open ``db`` read-only, answer ``marking_lighting`` and close; of which the query alone).

    Opening a lake loads and verifies the signatures of two DuckDB extensions (~0.4 s here): a
    command pays it once, a notebook once per kernel.
    """
    from towerkit.queries import run_query
    from towerkit.store import connect

    start = time.perf_counter()
    conn = connect(db, read_only=True)
    try:
        opened = time.perf_counter()
        run_query(conn, "marking_lighting")
        answered = time.perf_counter()
    finally:
        conn.close()
    return time.perf_counter() - start, answered - opened


def query_during_ingest(corpus: Path, work: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float]], int]:
    """Latencies idle and during an ingest into a SQLite lake, and how many queries saw the ingest running."""
    lake = f"ducklake:sqlite:{work / 'q' / 'catalog.sqlite'}"
    shutil.rmtree(work / "q", ignore_errors=True)
    first = subprocess.run(towerkit_cmd("ingest", str(corpus / "north"), "--db", lake, "--json"),  # noqa: S603
                           capture_output=True, text=True, check=True, env=os.environ.copy())
    del first
    idle = [query_once(lake) for _ in range(5)]
    proc = subprocess.Popen(towerkit_cmd("ingest", str(corpus), "--db", lake, "--workers", "1", "--json"),  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    during: list[tuple[float, float]] = []
    while proc.poll() is None:
        seconds = query_once(lake)
        if proc.poll() is None:
            during.append(seconds)
        time.sleep(0.1)
    _out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(err[-2000:])
    return idle, during, len(during)


def start_pg(work: Path) -> tuple[str, Path]:
    """A private PostgreSQL from scripts/pg-local.sh (its conninfo and folder, for the stop)."""
    folder = Path(tempfile.mkdtemp(prefix="towerkit-bench-pg-"))
    os.chmod(folder, 0o755)  # noqa: PTH101  the postgres user enters it
    done = subprocess.run(["sh", str(REPO / "scripts" / "pg-local.sh"), "start", str(folder / "pg"), "55491"],  # noqa: S603,S607
                          capture_output=True, text=True, check=True)
    del work
    return done.stdout.strip(), folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Dask and DuckLake against the one-machine default")
    ap.add_argument("--docs", type=int, default=200, help="documents in the generated corpus (default 200)")
    ap.add_argument("--synthetic", type=int, default=20000, help="synthetic documents for the write rate")
    ap.add_argument("--rounds", type=int, default=3, help="alternating pool/Dask rounds; the median ratio is kept")
    ap.add_argument("--pg", help="conninfo of a PostgreSQL to use (default: start one with scripts/pg-local.sh)")
    ap.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL-catalogued lake")
    ap.add_argument("--quick", action="store_true", help="smoke run: 24 documents, 300 synthetic")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    ap.add_argument("--write-md", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.docs, args.synthetic, args.rounds = min(args.docs, 24), min(args.synthetic, 300), 1
    machine = machine_line()
    print(f"machine: {machine}", flush=True)
    work = Path(args.workdir) / "scale"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = work / "corpus"
    subprocess.run(towerkit_cmd("sample", "--out", str(corpus), "--docs", str(args.docs), "--seed", "19"),  # noqa: S603
                   check=True, capture_output=True)
    os.environ["TOWERKIT_DATA_PATH"] = str(work / "files")

    print("1. Dask local:2 against the process pool ...", flush=True)
    # Alternating rounds, the median ratio: one round on a shared 2-core machine varies by 10-20%.
    ratios, same = [], True
    for _ in range(args.rounds):
        pool_rate, pool_wall, pool = ingest_rate(corpus, work / "pool.duckdb", ["--workers", "2"])
        dask_rate, dask_wall, dask = ingest_rate(corpus, work / "dask.duckdb", ["--cluster", "local:2"])
        same = same and all(pool[k] == dask[k] for k in ("files", "ingested", "quarantined", "failed"))
        ratios.append((dask_rate / pool_rate, dask_rate, pool_rate, dask_wall, pool_wall))
        print(f"   round: Dask {dask_rate:.2f} files/s, pool {pool_rate:.2f} files/s", flush=True)
    dask_ratio, dask_rate, pool_rate, dask_wall, pool_wall = sorted(ratios)[len(ratios) // 2]
    startup = statistics.median(cluster_startup(2) for _ in range(3))
    print(f"   LocalCluster(2) start-up: {startup:.2f} s", flush=True)

    print("2. writer rows/s: DuckDB file, SQLite lake, PostgreSQL lake ...", flush=True)
    settings = Settings()
    stores = [("DuckDB file", str(work / "w.duckdb")), ("DuckLake, SQLite catalog", f"ducklake:sqlite:{work / 'w.sqlite'}")]
    pg_folder = None
    if not args.no_pg:
        conninfo = args.pg
        if conninfo is None:
            conninfo, pg_folder = start_pg(work)
        stores.append(("DuckLake, PostgreSQL catalog", f"ducklake:postgres:{conninfo}"))
    rates = []
    try:
        for label, db in stores:
            os.environ["TOWERKIT_DATA_PATH"] = str(work / f"files-{len(rates)}")
            rate, seconds = writer_rate(db, args.synthetic, settings)
            rates.append((label, rate, seconds))
            print(f"   {label}: {rate:,.0f} field rows/s ({seconds:.1f} s)", flush=True)
    finally:
        if pg_folder is not None:
            subprocess.run(["sh", str(REPO / "scripts" / "pg-local.sh"), "stop", str(pg_folder / "pg")],  # noqa: S603,S607
                           capture_output=True, check=False)
            shutil.rmtree(pg_folder, ignore_errors=True)
    base = rates[0][1]

    print("3. query latency idle and during an ingest (SQLite lake) ...", flush=True)
    os.environ["TOWERKIT_DATA_PATH"] = str(work / "files-q")
    idle, during, n = query_during_ingest(corpus, work)
    logging.getLogger("towerkit").setLevel(logging.WARNING)
    total = [t for t, _ in during] or [float("nan")]
    alone = [q for _, q in during] or [float("nan")]
    worst = max(total)

    rows = [
        ("Dask local:2 vs --workers 2 (files/s, whole run)", f"{dask_rate:.2f} vs {pool_rate:.2f}", f"{dask_ratio:.2f}x",
         f">= {TARGET_DASK:.2f}x", verdict(dask_ratio >= TARGET_DASK and same)),
        ("LocalCluster(2) start-up, once per run (s)", f"{startup:.2f}", f"{startup / dask_wall:.0%} of the Dask run",
         "", ""),
    ]
    for label, rate, seconds in rates[1:]:
        rows.append((f"{label} vs DuckDB file (field rows/s; docs/s)",
                     f"{rate:,.0f} vs {base:,.0f}; {args.synthetic / seconds:,.0f} vs {args.synthetic / rates[0][2]:,.0f}",
                     f"{rate / base:.2f}x", f">= {TARGET_LAKE:.2f}x", verdict(rate / base >= TARGET_LAKE)))
    rows.append(("marking_lighting during an ingest, open + answer (s, median / worst)",
                 f"{statistics.median(total):.2f} / {worst:.2f} ({n} queries)",
                 f"idle {statistics.median(t for t, _ in idle):.2f}", f"< {TARGET_QUERY_S:.0f} s",
                 verdict(bool(during) and worst < TARGET_QUERY_S)))
    rows.append(("the query alone on an open connection (s, median / worst)",
                 f"{statistics.median(alone):.2f} / {max(alone):.2f}", f"idle {statistics.median(q for _, q in idle):.2f}",
                 f"< {TARGET_QUERY_S:.0f} s", verdict(bool(during) and max(alone) < TARGET_QUERY_S)))
    body = (
        "## Past one machine (benchmarks/bench_scale.py)\n\n"
        f"Machine: {machine}. Corpus: `towerkit sample --docs {args.docs} --seed 19`, {args.rounds} alternating "
        f"rounds, the median ratio kept (all: {', '.join(f'{r[0]:.2f}' for r in sorted(ratios))}); write rate: "
        f"{args.synthetic:,} synthetic documents of 15 fields and 150 words (each field row comes with 10 word "
        f"rows). Median round's ingest walls: pool {pool_wall:.1f} s, Dask {dask_wall:.1f} s (outcome counts "
        f"{'equal' if same else 'DIFFER'}).\n\n"
        + table(rows, ("measure", "measured", "ratio", "target", "verdict"))
        + "\n"
    )
    print(body)
    if args.write_md:
        update_section("scale", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
