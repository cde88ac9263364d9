"""Ingest throughput: towerkit against the naive pipeline, on one generated corpus, in one run.

Configurations, each a subprocess whose whole process tree is measured (CPU from rusage of every
reaped descendant, Tesseract included; see ``_common``):

  (a) the naive pipeline (``benchmarks/naive_pipeline.py``): one file after another, pdfplumber on
      every page, pytesseract with default settings at 300 DPI, row-by-row inserts;
  (b) ``towerkit ingest`` with defaults (a worker per core, or ``--workers N``);
  (c) ``towerkit ingest --workers 0``: the same work done by one process, no pool. This is the
      issue's "with 1 worker" baseline; ``--workers 1`` (one extraction process) would add the
      pool's pickling and forkserver CPU to the numerator and flatter the efficiency.

Printed: documents/s, pages/s, the speed-up of (b) over (a), and the parallel efficiency
``CPU seconds of (c) / (cores x wall seconds of (b))`` — how much of the machine the parallel run
turns into the work one process needs. Also the routing probe's share of CPU: the pypdfium2
probe + routing decision (``towerkit.engines.extract.plan``) is timed in-process over every file of the
corpus and divided by the CPU seconds of run (b). Ratios within one run are what count (the
machine is shared); the load average at start is printed.

Usage: ``python benchmarks/bench_ingest.py [--docs 150] [--seed 7] [--workers N] [--quick] [--write-md]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import PYTHON, REPO, machine_line, run_measured, table, towerkit_cmd, update_section, verdict  # noqa: E402

TARGET_SPEEDUP = 5.0
TARGET_EFFICIENCY = 0.85
TARGET_PROBE_SHARE = 0.05


def make_corpus(root: Path, docs: int, seed: int) -> dict[str, object]:
    """The sample generator's mixed corpus (cached by docs and seed); returns its make-up."""
    truth = root / "ground_truth.jsonl"
    if not truth.is_file():
        from towerkit.sample import generate

        if root.exists():
            shutil.rmtree(root)
        generate(root, docs=docs, seed=seed)
    rows = [json.loads(line) for line in truth.read_text().splitlines() if line.strip()]
    scanned = sum(1 for r in rows if r.get("route") == "ocr")
    return {"files": len(rows), "scanned": scanned, "bytes": sum(p.stat().st_size for p in root.rglob("*") if p.is_file())}


def probe_cpu(root: Path) -> tuple[float, int]:
    """CPU seconds of sniffing + probing + routing every file (``extract.plan``), in this process."""
    from towerkit.config import Settings
    from towerkit.errors import ExtractionError
    from towerkit.engines.extract import plan

    settings = Settings(workers=0)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "ground_truth.jsonl")
    pages = 0
    start = time.process_time()
    for p in files:
        try:
            _kind, routes = plan(p, settings)
            pages += len(routes)
        except ExtractionError:
            pass
    return time.process_time() - start, pages


def db_pages(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT coalesce(sum(page_count), 0) FROM documents").fetchone()[0])
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="towerkit ingest vs the naive pipeline")
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="workers of run (b) (default: all cores)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 12 documents")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    ap.add_argument("--skip-naive", action="store_true", help="skip (a) (it is the slow one)")
    ap.add_argument("--write-md", action="store_true", help="write the results into BENCHMARKS.md")
    args = ap.parse_args(argv)
    if args.quick:
        args.docs = min(args.docs, 12)

    cores = os.cpu_count() or 1
    machine = machine_line()
    print(f"machine: {machine}", flush=True)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{args.docs}-{args.seed}"
    t0 = time.perf_counter()
    made = make_corpus(corpus, args.docs, args.seed)
    print(f"corpus: {corpus} {made['files']} files, {made['scanned']} scanned (route=ocr), "
          f"{made['bytes'] / 2**20:.1f} MiB (ready in {time.perf_counter() - t0:.1f} s)", flush=True)

    results: dict[str, dict[str, float]] = {}
    configs: list[tuple[str, list[str], Path]] = []
    if not args.skip_naive:
        db = work / "naive.duckdb"
        configs.append(("naive", [PYTHON, str(REPO / "benchmarks" / "naive_pipeline.py"), str(corpus),
                                  "--db", str(db)], db))
    par = ["--workers", str(args.workers)] if args.workers else []
    db_par, db_one = work / "towerkit-par.duckdb", work / "towerkit-1.duckdb"
    configs.append(("towerkit", towerkit_cmd("ingest", str(corpus), "--db", str(db_par), "--json", *par), db_par))
    configs.append(("towerkit_1", towerkit_cmd("ingest", str(corpus), "--db", str(db_one), "--json",
                                               "--workers", "0"), db_one))
    for name, cmd, db in configs:
        for f in (db, Path(str(db) + ".wal")):
            f.unlink(missing_ok=True)
        shutil.rmtree(db.parent / "logs", ignore_errors=True)
        print(f"running {name}: {' '.join(cmd)}", flush=True)
        m = run_measured(cmd, interval=0.05)
        summary = m.json()
        pages = int(summary["pages"]) if name == "naive" else db_pages(db)
        files = int(summary["files"])
        results[name] = {"files": files, "pages": pages, "wall": m.wall, "cpu": m.cpu,
                         "docs_s": files / m.wall, "pages_s": pages / m.wall,
                         "main_cpu": m.extra["cpu_by_role"].get("main", 0.0)}  # type: ignore[union-attr]
        roles = ", ".join(f"{r} {v:.1f}" for r, v in sorted(m.extra["cpu_by_role"].items()))  # type: ignore[union-attr]
        print(f"  {name}: {files} files, {pages} pages, wall {m.wall:.1f} s, tree CPU {m.cpu:.1f} s "
              f"(sampled CPU s by process kind: {roles}); peak tree RSS {m.peak_rss / 2**20:.0f} MB", flush=True)

    probe_s, probe_pages = probe_cpu(corpus)

    labels = {"naive": "(a) naive pipeline", "towerkit": f"(b) towerkit ingest, {args.workers or cores} workers",
              "towerkit_1": "(c) towerkit ingest --workers 0 (one process)"}
    rows = [(labels[k], str(int(r["files"])), str(int(r["pages"])), f"{r['wall']:.1f}", f"{r['cpu']:.1f}",
             f"{r['docs_s']:.2f}", f"{r['pages_s']:.2f}") for k, r in results.items()]
    print()
    print(table(rows, ("configuration", "files", "pages", "wall s", "CPU s (tree)", "docs/s", "pages/s")))
    tk, one = results["towerkit"], results["towerkit_1"]
    workers_b = args.workers or cores
    efficiency = one["cpu"] / (workers_b * tk["wall"])
    probe_share = probe_s / tk["cpu"]
    lines = []
    if "naive" in results:
        speedup = tk["docs_s"] / results["naive"]["docs_s"]
        lines.append(f"ratio docs/s towerkit / naive: {speedup:.2f}x (target >= {TARGET_SPEEDUP:g}x: "
                     f"{verdict(speedup >= TARGET_SPEEDUP)})")
        lines.append(f"ratio CPU s naive / towerkit: {results['naive']['cpu'] / tk['cpu']:.2f}x")
        lines.append(f"ratio docs/s towerkit serial / naive: {one['docs_s'] / results['naive']['docs_s']:.2f}x")
    lines.append(f"ratio docs/s towerkit {workers_b} workers / serial: {tk['docs_s'] / one['docs_s']:.2f}x")
    lines.append(f"parallel efficiency = CPU(serial) {one['cpu']:.1f} s / ({workers_b} x wall {tk['wall']:.1f} s) "
                 f"= {efficiency:.2f} (target >= {TARGET_EFFICIENCY}: {verdict(efficiency >= TARGET_EFFICIENCY)})")
    lines.append(f"CPU overhead of the pool: CPU(b) / CPU(c) = {tk['cpu'] / one['cpu']:.2f}; the main process of (b) "
                 f"used {tk['main_cpu']:.1f} CPU s ({100 * tk['main_cpu'] / tk['wall']:.0f}% of one core over the run)")
    lines.append(f"probe share = routing probe CPU {probe_s:.2f} s over {probe_pages} pages "
                 f"({1000 * probe_s / max(probe_pages, 1):.2f} ms/page) / CPU(b) {tk['cpu']:.1f} s = {100 * probe_share:.2f}% "
                 f"(target <= {100 * TARGET_PROBE_SHARE:g}%: {verdict(probe_share <= TARGET_PROBE_SHARE)})")
    for line in lines:
        print(line)

    if args.write_md:
        cmd = "python benchmarks/bench_ingest.py " + " ".join(a for a in (argv or sys.argv[1:]) if a != "--write-md")
        body = (f"## Ingest throughput: towerkit vs the naive pipeline\n\n"
                f"Command: `{cmd.strip()}`  \nMachine: {machine}  \n"
                f"Corpus: {made['files']} generated files (`towerkit.sample.generate`, seed {args.seed}), "
                f"{made['scanned']} scanned, {made['bytes'] / 2**20:.1f} MiB. Each configuration ran as a subprocess; "
                f"CPU is the whole process tree (workers, forkserver, Tesseract).\n\n"
                + table(rows, ("configuration", "files", "pages", "wall s", "CPU s (tree)", "docs/s", "pages/s"))
                + "\n\n" + "\n".join(f"- {line}" for line in lines) + "\n")
        update_section("bench_ingest", body)
        print("BENCHMARKS.md section bench_ingest updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
