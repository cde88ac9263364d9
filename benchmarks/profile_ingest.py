"""Where an ingest spends its time: cProfile of a serial run (``workers=0``: everything in one process).

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


MARKERS = (
    # (substring of a frame, label): the first marker found from the leaf up names the sample
    ("engines/ocr.py", "OCR (render, PNM, wait for Tesseract)"),
    ("engines/pdf.py", "pdfplumber text pages"),
    ("engines/probe.py", "routing probe"),
    ("engines/text.py", "legacy text engine"),
    ("towerkit/fields/", "fields (classify, extract)"),
    ("drift/fingerprint.py", "fingerprints"),
    ("drift/registry.py", "end of run: resolve_pending (templates, drift)"),
    ("towerkit/drift/", "drift checks"),
    ("towerkit/audit/", "audit digests"),
    ("store/audit_log.py", "audit chain"),
    ("store/writer.py", "writer batches"),
    ("store/batch.py", "writer batches"),
    ("pipeline/pack.py", "packing rows (columns)"),
    ("columns.py", "packing rows (columns)"),
    ("hashing.py", "sha256"),
    ("sniff.py", "sniffing"),
    ("engines/extract.py", "extract (other)"),
    ("multiprocessing/", "pool plumbing (pickling, queues)"),
    ("concurrent/futures", "pool plumbing (pickling, queues)"),
    ("<module>", "imports and start-up"),
    ("_find_and_load", "imports and start-up"),
)


IDLE_LEAVES = ("_PollLikeSelector.select", "Condition.wait", "Event.wait", "Queue.get", "SimpleQueue.get",
               "wait (multiprocessing/connection", "sleep", "poll (", "_wait_for_tstate_lock", "select (")


def spy_summary(raw: Path) -> str:
    """Active (on-CPU) samples of a ``py-spy record --subprocesses -f raw`` file, per process kind and stage."""
    per: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        procs = [f for f in frames if f.startswith("process ")]  # main; forkserver; worker (a chain)
        role = "main" if len(procs) <= 1 else ("forkserver" if len(procs) == 2 else "worker")
        rest = frames[len(procs):]
        if not rest or any(rest[-1].startswith(w) for w in IDLE_LEAVES) or "concurrent/futures/thread.py:81" in rest[-1]:
            continue  # py-spy counts some blocked threads as active: a wait at the leaf is idle time
        label = "other"
        for frame in reversed(rest):
            hit = next((name for needle, name in MARKERS if needle in frame), None)
            if hit:
                label = hit
                break
        per[(role, label)] += int(count)
        totals[role] += int(count)
    rows = []
    for (role, label), n in sorted(per.items(), key=lambda kv: (kv[0][0], -kv[1])):
        rows.append((role, label, str(n), f"{100 * n / max(totals[role], 1):.1f}%"))
    return table(rows, ("process", "stage (innermost towerkit frame)", "samples", "share of process"))


def run_spy(corpus: Path, work: Path, workers: int | None, rate: int) -> int:
    """``towerkit ingest`` (the real parallel run) under ``py-spy record --subprocesses``."""
    import shutil
    import subprocess

    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy not installed (pip install py-spy); use the default cProfile mode", file=sys.stderr)
        return 2
    db = work / "profile-spy.duckdb"
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)
    raw = work / "profile-spy.txt"
    cmd = [spy, "record", "--subprocesses", "-r", str(rate), "-f", "raw", "-o", str(raw), "--",
           sys.executable, "-m", "towerkit", "ingest", str(corpus), "--db", str(db), "--json"]
    if workers:
        cmd += ["--workers", str(workers)]
    print(" ".join(cmd), flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-2000:])
    print()
    print(spy_summary(raw))
    return proc.returncode


def _profiled(prof: cProfile.Profile, fn):  # type: ignore[no-untyped-def]
    """Run ``fn`` with ``prof`` on; the writer and end-of-run steps run in ``asyncio.to_thread``
    threads, which cProfile does not follow, so each new thread gets its own profiler, merged after."""
    import threading

    extra: list[cProfile.Profile] = []
    orig_run = threading.Thread.run

    def run(self: threading.Thread) -> None:
        p = cProfile.Profile()
        extra.append(p)
        p.enable()
        try:
            orig_run(self)
        finally:
            p.disable()

    threading.Thread.run = run  # type: ignore[method-assign]
    prof.enable()
    try:
        return fn()
    finally:
        prof.disable()
        threading.Thread.run = orig_run  # type: ignore[method-assign]
        prof._extra = extra  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="profile a serial ingest")
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", help="write the raw profile here")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    ap.add_argument("--py-spy", action="store_true",
                    help="sample the real parallel run (main + workers) with py-spy instead of cProfile")
    ap.add_argument("--workers", type=int, default=None, help="workers of the --py-spy run (default: all cores)")
    ap.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
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
    if args.py_spy:
        return run_spy(corpus, work, args.workers, args.rate)
    db = work / "profile.duckdb"
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)

    from towerkit.pipeline.ingest import ingest

    prof = cProfile.Profile()
    cpu0, t0 = time.process_time(), time.perf_counter()
    summary = _profiled(prof, lambda: ingest([corpus], db, workers=0, progress=False,
                                            event_log=work / "profile-events.jsonl"))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - t0
    print(f"ingest: {summary.as_json()}; wall {wall:.1f} s, CPU of this process {cpu:.1f} s (profiler overhead included)")
    if args.out:
        prof.dump_stats(args.out)

    stats = pstats.Stats(prof)
    for p in getattr(prof, "_extra", []):
        try:
            stats.add(p)
        except TypeError:  # a thread that never ran anything profiled
            pass
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
