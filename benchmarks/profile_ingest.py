"""Where an ingest spends its time: cProfile of a serial run (``workers=1``: everything in one process).

A serial run is the only one a profiler sees whole (pool workers are other processes); per-file
work is the same in both. Self time (``tottime``) is summed per component, recognised by the file
it is spent in, so the table answers "what costs what" without reading a call graph:

- ``pdfminer`` / ``pdfplumber``: the text-layer parse (expected to dominate text PDFs);
- ``tesseract (wait)``: time blocked on the Tesseract subprocess (its CPU is in the child);
- ``probe (pypdfium2)``: routing's per-page probe; ``duckdb``: every SQL statement;
- ``towerkit.<module>``: our own Python (fields, audit digests, fingerprints, writer frames ...).

Usage: ``python benchmarks/profile_ingest.py [CORPUS] [--docs 60] [--seed 7] [--top 25] [--out FILE.prof]``
(without CORPUS a generated corpus is used). Open ``--out`` with ``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import machine_line, table  # noqa: E402

BUCKETS = (
    ("/pdfminer/", "pdfminer (text-layer parse)"),
    ("/pdfplumber/", "pdfplumber (words, tables)"),
    ("/pypdfium2/", "pypdfium2 (probe, render)"),
    ("/PIL/", "Pillow"),
    ("/pytesseract/", "pytesseract"),
    ("subprocess.py", "tesseract (wait on subprocess)"),
    ("selectors.py", "tesseract (wait on subprocess)"),
    ("/duckdb/", "duckdb (SQL)"),
    ("/pyarrow/", "pyarrow"),
    ("/numpy/", "numpy"),
    ("/charset_normalizer/", "charset-normalizer"),
    ("/rapidfuzz/", "rapidfuzz"),
    ("/json/", "json"),
    ("/asyncio/", "asyncio"),
    ("/reportlab/", "reportlab"),
)


def bucket(filename: str, func: str) -> str:
    if filename == "~":  # built-ins: attribute by name
        if "duckdb" in func:
            return "duckdb (SQL)"
        if "poll" in func or "waitpid" in func or "read" in func and "posix" in func:
            return "tesseract (wait on subprocess)"
        if "sha256" in func or "openssl" in func:
            return "hashing"
        return "builtins"
    for needle, name in BUCKETS:
        if needle in filename:
            return name
    if "/towerkit/" in filename:
        mod = filename.split("/towerkit/", 1)[1].removesuffix(".py").replace("/", ".")
        return f"towerkit.{mod}"
    if "/lib/python3" in filename and "site-packages" not in filename:
        return "stdlib"
    return "other: " + filename.rsplit("/site-packages/", 1)[-1].split("/", 1)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="profile a serial ingest")
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", help="write the raw profile here")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    args = ap.parse_args(argv)
    print(f"machine: {machine_line()}", flush=True)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        corpus = Path(args.corpus)
    else:
        from bench_ingest import make_corpus

        corpus = work / f"corpus-{args.docs}-{args.seed}"
        make_corpus(corpus, args.docs, args.seed)
    db = work / "profile.duckdb"
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)

    from towerkit.ingest import ingest

    prof = cProfile.Profile()
    cpu0, t0 = time.process_time(), time.perf_counter()
    prof.enable()
    summary = ingest([corpus], db, workers=1, progress=False, event_log=work / "profile-events.jsonl")
    prof.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
    print(f"ingest: {summary.as_json()}; wall {wall:.1f} s, CPU of this process {cpu:.1f} s (profiler overhead included)")
    if args.out:
        prof.dump_stats(args.out)

    stats = pstats.Stats(prof)
    per: Counter[str] = Counter()
    total = 0.0
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        per[bucket(filename, func)] += tt
        total += tt
    rows = [(name, f"{sec:.2f}", f"{100 * sec / total:.1f}%") for name, sec in per.most_common(20)]
    print()
    print(table(rows, ("component (self time)", "seconds", "share")))
    print()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
