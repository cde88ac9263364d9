"""Peak memory of the whole ingest process tree (main + forkserver + workers + Tesseract).

Each input is ingested by ``towerkit ingest`` in a subprocess into a fresh database while a thread
of this process sums the RSS of every descendant every 20 ms (``_common.TreeSampler``): a child's
``ru_maxrss`` would start from its parent's high-water mark (PERFORMANCE_NOTES.md), and per-process
peaks do not add up to the tree's peak. Summed RSS counts pages shared by forked workers once per
process, so the figures are upper bounds; the ratios compare like with like.

Inputs and targets:
  - a 20-page and a 2,000-page text PDF (reportlab tower report, ruled table per page):
    2,000-page peak <= 1.5x the 20-page peak and < 600 MB;
  - a 1 GiB file named ``.pdf`` (sparse zeros; over ``max_file_mb``, so hashed and rejected)
    against a 1 KiB one: hashing 1 GiB adds < 50 MB;
  - corpora of 500 and 5,000 small documents (legacy logs and one-page PDFs):
    5,000-document peak <= 1.2x the 500-document peak;
  - a 20 MB and a 2 GB legacy text log (``--only log``; generated, varied lines): the log is read in
    1 MiB windows, one page each, so the 2 GB peak <= 1.5x the 20 MB peak.

Usage: ``python benchmarks/bench_memory.py [--quick] [--only pages,bigfile,corpus,log] [--log-sizes MB,MB]
[--write-md]`` (``--log-sizes 20,500``: the logs' sizes in MB, the first the baseline; a 500 MB log shows
the trend in a quarter of the 2 GB run's time).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import machine_line, mb, run_measured, table, towerkit_cmd, update_section, verdict  # noqa: E402
from _corpus import small_corpus, sparse_file, tower_report  # noqa: E402


def ingest_peak(path: Path, work: Path, name: str, workers: int | None,
                timeout: float | None = None) -> tuple[float, float, dict[str, object]]:
    """(peak tree RSS in MB, wall seconds, --json summary) of ingesting ``path`` into a fresh database."""
    db = work / f"mem-{name}.duckdb"
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)
    extra = ["--workers", str(workers)] if workers else []
    if timeout:
        extra += ["--timeout", f"{timeout:g}"]
    m = run_measured(towerkit_cmd("ingest", str(path), "--db", str(db), "--json", *extra), check=False)
    try:
        summary = m.json()
    except ValueError:  # the run itself failed: its peak still counts, its outcome says why
        last = (m.stderr.strip().splitlines() or ["?"])[-1][:120]
        summary = {"ingested": "?", "quarantined": "?", "failed": f"? (exit {m.returncode}: {last})"}
    roles = ", ".join(f"{r} {mb(v):.0f}" for r, v in sorted(m.extra["peak_by_role"].items()))  # type: ignore[union-attr]
    print(f"  {name}: peak {mb(m.peak_rss):.0f} MB (largest process of each kind, MB: {roles}), wall {m.wall:.1f} s, CPU {m.cpu:.1f} s, {summary}", flush=True)
    return mb(m.peak_rss), m.wall, summary


LOG_LINE = (
    "{d} {h:02d}:{m:02d}:{s:02d} SITE {zone}-{site:04d} sector {sec} azimuth {az} deg tilt {tilt} deg "
    "power {pw:.1f} dBm VSWR {vswr:.2f} tech {tech} status {status}\n"
)
"""One line of the generated legacy log: a field technician's timestamped reading, ~120 bytes."""


def legacy_log(path: Path, size: int) -> Path:
    """A text log of about ``size`` bytes, written in 8 MiB blocks (reused if already there)."""
    if path.is_file() and path.stat().st_size >= size:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    statuses = ("OK", "OK", "OK", "WARN", "ALARM")
    written, i = 0, 0
    with path.open("w", encoding="ascii") as f:
        while written < size:
            lines = []
            for _ in range(70_000):
                i += 1
                lines.append(LOG_LINE.format(
                    d=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", h=i % 24, m=i % 60, s=(i * 7) % 60,
                    zone=("NY", "TX", "CA")[i % 3], site=i % 9973, sec=1 + i % 3, az=(i * 37) % 360,
                    tilt=i % 11, pw=40 + (i % 50) / 10, vswr=1 + (i % 90) / 100, tech=f"T{i % 97:02d}",
                    status=statuses[i % 5]))
            block = "".join(lines)
            f.write(block)
            written += len(block)
    return path


def _group(groups: dict[str, dict[str, object]], name: str) -> tuple[list[tuple[str, ...]], list[str]]:
    rows: list[tuple[str, ...]] = []
    lines: list[str] = []
    groups[name] = {"rows": rows, "lines": lines, "machine": machine_line()}
    return rows, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="peak RSS of the ingest process tree")
    ap.add_argument("--quick", action="store_true", help="smoke run: 5/50 pages, 64 MiB, 20/60 documents")
    ap.add_argument("--only", default="pages,bigfile,corpus")
    ap.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="per-file timeout passed to ingest (default 300 s; a loaded machine may need more for 2,000 pages)")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    ap.add_argument("--log-sizes", default=None,
                    help="comma-separated log sizes in MB (10^6 bytes), the first the baseline (default 20,2000)")
    ap.add_argument("--write-md", action="store_true")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    small_pages, big_pages = (5, 50) if args.quick else (20, 2000)
    big_bytes = (64 if args.quick else 1024) * 2**20
    small_docs, big_docs = (20, 60) if args.quick else (500, 5000)

    machine = machine_line()
    print(f"machine: {machine}", flush=True)
    work = Path(args.workdir) / "memory"
    work.mkdir(parents=True, exist_ok=True)
    groups: dict[str, dict[str, object]] = {}

    if "pages" in only:
        rows, lines = _group(groups, "pages")
        print("PDF pages:", flush=True)
        peaks = {}
        for n in (small_pages, big_pages):
            pdf = tower_report(work / f"pages-{n}" / "z" / "TX-0001" / f"report-{n}.pdf", n)
            peaks[n], wall, s = ingest_peak(pdf, work, f"pages-{n}", args.workers, args.timeout)
            rows.append((f"{n}-page text PDF", f"{peaks[n]:.0f}", f"{wall:.1f}", f"{s['ingested']}+{s['quarantined']} stored, {s['failed']} failed"))
        ratio = peaks[big_pages] / peaks[small_pages]
        lines.append(f"ratio peak {big_pages}-page / {small_pages}-page: {ratio:.2f}x (target <= 1.5x: "
                     f"{verdict(ratio <= 1.5)}); {big_pages}-page peak {peaks[big_pages]:.0f} MB "
                     f"(target < 600 MB: {verdict(peaks[big_pages] < 600)})")

    if "bigfile" in only:
        rows, lines = _group(groups, "bigfile")
        print("hashing a large file:", flush=True)
        tiny = sparse_file(work / "tiny" / "z" / "S1" / "tiny.pdf", 1024)
        big = sparse_file(work / "big" / "z" / "S1" / "big.pdf", big_bytes)
        p_tiny, w_tiny, _ = ingest_peak(tiny, work, "tiny", args.workers)
        p_big, w_big, s = ingest_peak(big, work, "big", args.workers)
        rows.append(("1 KiB file named .pdf", f"{p_tiny:.0f}", f"{w_tiny:.1f}", "failed (not a PDF)"))
        over = big_bytes > 512 * 2**20  # Settings.max_file_mb default
        rows.append((f"{big_bytes // 2**20} MiB file named .pdf", f"{p_big:.0f}", f"{w_big:.1f}",
                     f"failed {s['failed']} ({'over max_file_mb: hashed, never parsed' if over else 'not a PDF'})"))
        added = p_big - p_tiny
        lines.append(f"ratio peak {big_bytes // 2**20} MiB / 1 KiB file: {p_big / p_tiny:.2f}x; hashing adds "
                     f"{added:.0f} MB (target < 50 MB: {verdict(added < 50)})")

    if "corpus" in only:
        rows, lines = _group(groups, "corpus")
        print("many small documents:", flush=True)
        peaks = {}
        for n in (small_docs, big_docs):
            root = small_corpus(work / f"docs-{n}", n)
            peaks[n], wall, s = ingest_peak(root, work, f"docs-{n}", args.workers)
            rows.append((f"{n} small documents", f"{peaks[n]:.0f}", f"{wall:.1f}",
                         f"{s['ingested']}+{s['quarantined']} stored, {s['failed']} failed"))
        ratio = peaks[big_docs] / peaks[small_docs]
        lines.append(f"ratio peak {big_docs} docs / {small_docs} docs: {ratio:.2f}x (target <= 1.2x: {verdict(ratio <= 1.2)})")

    if "log" in only:
        rows, lines = _group(groups, "log")
        print("huge legacy text logs:", flush=True)
        peaks = {}
        if args.log_sizes:
            sizes = tuple(int(float(v) * 10**6) for v in args.log_sizes.split(","))
        else:
            sizes = (2 * 10**6, 64 * 2**20) if args.quick else (20 * 10**6, 2 * 10**9)
        for size in sizes:
            label = f"{size / 10**6:.0f} MB" if size < 10**9 else f"{size / 10**9:g} GB"
            log_file = legacy_log(work / f"log-{size}" / "z" / "NY-0001" / f"log-{size}.log", size)
            peaks[size], wall, s = ingest_peak(log_file, work, f"log-{size}", args.workers)
            rows.append((f"{label} text log", f"{peaks[size]:.0f}", f"{wall:.1f}",
                         f"{s['ingested']}+{s['quarantined']} stored, {s['failed']} failed"))
        for n, size in enumerate(sizes[1:], start=1):
            ratio = peaks[size] / peaks[sizes[0]]
            lines.append(f"ratio peak {rows[n][0]} / {rows[0][0]}: {ratio:.2f}x "
                         f"(target <= 1.5x: {verdict(ratio <= 1.5)})")

    header = ("input", "peak tree RSS MB", "wall s", "outcome")
    rows = [tuple(r) for g in groups.values() for r in g["rows"]]  # type: ignore[attr-defined]
    lines = [ln for g in groups.values() for ln in g["lines"]]  # type: ignore[attr-defined]
    print()
    print(table(rows, header))
    for line in lines:
        print(line)
    if args.write_md and not args.quick:
        # groups measured by earlier invocations (--only) are kept, each with its own command and load
        saved_path = work / "results.json"
        saved = json.loads(saved_path.read_text()) if saved_path.is_file() else {}
        cmd = "python benchmarks/bench_memory.py " + " ".join(a for a in (argv or sys.argv[1:]) if a != "--write-md")
        for name, g in groups.items():
            saved[name] = {**g, "command": cmd.strip()}
        saved_path.write_text(json.dumps(saved, indent=1))
        order = [k for k in ("pages", "bigfile", "corpus", "log") if k in saved]
        all_rows = [tuple(r) for k in order for r in saved[k]["rows"]]
        body = ("## Peak memory of the ingest process tree\n\n"
                "Peak = largest sum of RSS over the ingest process and all its descendants, sampled every 20 ms "
                "(an upper bound: pages shared by forked workers count once per process).\n\n"
                + table(all_rows, header) + "\n\n"
                + "\n".join(f"- {ln}" for k in order for ln in saved[k]["lines"]) + "\n\n"
                + "\n".join(f"- {k}: `{saved[k]['command']}` on {saved[k]['machine']}" for k in order) + "\n")
        update_section("bench_memory", body)
        print("BENCHMARKS.md section bench_memory updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
