"""The writer's insert rate, and what a re-run of an already-ingested corpus costs.

1. Field rows per second through ``towerkit.store.writer.Writer`` — the real hot path, driven as
   ingest drives it: batches cut by ``batch_docs``/``batch_rows``, each prepared (Arrow frames for
   documents, paths, pages, fields, tokens and layouts; audit events) while the previous one commits
   in its own transaction with its audit-chain entries — against ``executemany`` of the same field
   rows into the same ``fields`` table, in the same run (target >= 300,000 field rows/s). A
   200-document warm-up into a throwaway file comes first, so DuckDB's and Arrow's first-use costs
   are not charged to the rate. The many-fields case and DuckDB alone are each run ``--repeat``
   times (default 3) into fresh files; every rate is printed and the median is the result, since
   one run on a shared 2-core machine varies by 10-15%. Measured with many fields per document
   (where field rows dominate) and with a realistic ~15 fields and 150 words (200,000 field rows).
2. A second ``towerkit ingest`` of a corpus already in the database against the first (every file is
   hashed, found stored and recorded as a duplicate): target >= 20x faster. Both the in-run seconds
   (the ``--json`` summary) and the process wall time (which adds interpreter start-up) are shown.

Usage: ``python benchmarks/bench_writer.py [--docs 5000] [--fields 100] [--repeat 3] [--rerun-docs 60] [--quick] [--write-md]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import machine_line, run_measured, table, towerkit_cmd, update_section, verdict  # noqa: E402

from towerkit.config import Settings  # noqa: E402
from towerkit.models import DocResult, ExtractedDoc, FieldValue, PageRecord, Word  # noqa: E402
from towerkit.columns import SCHEMAS  # noqa: E402

TARGET_ROWS_S = 300_000
TARGET_RERUN = 20.0
FIELD_COLS = tuple(SCHEMAS["fields"].names)


def synthetic(i: int, n_fields: int, n_words: int) -> DocResult:
    """A stored-looking document: one page, ``n_words`` words, ``n_fields`` fields of mixed kinds."""
    sha = f"{i:064x}"
    page = PageRecord(1, "text", "pdfplumber", 612, 792, 900, 0.4, 0.0, 0.0, "text layer", 0.05)
    words = tuple(Word(f"w{i}-{j}", 1, float(j), 10.0, j + 5.0, 20.0) for j in range(n_words))
    doc = ExtractedDoc("pdf", "pdfplumber", "pdf: 1 page text layer", (page,), words)
    fields = []
    for j in range(n_fields):
        if j % 3 == 0:
            fields.append(FieldValue(f"f{j}", f"2024-03-{1 + j % 28:02d}", f"03/{1 + j % 28:02d}/2024", 1,
                                     10.0, 10.0 + j, 80.0, 20.0 + j, 0.98, value_date=date(2024, 3, 1 + j % 28),
                                     label=f"Label {j}"))
        elif j % 3 == 1:
            fields.append(FieldValue(f"f{j}", f"{j * 1.5:.1f}", f"{j * 1.5:.1f} ft", 1, 10.0, 10.0 + j, 80.0,
                                     20.0 + j, 0.99, value_num=j * 1.5, label=f"Label {j}"))
        else:
            fields.append(FieldValue(f"f{j}", f"value {i} {j}", f"Value {i} {j}", 1, 10.0, 10.0 + j, 80.0,
                                     20.0 + j, 1.0))
    return DocResult(path=f"/bench/z/S{i}/doc{i}.pdf", zone="z", sha256=sha, size_bytes=1000 + i,
                     site_hint=f"S{i}", extracted=doc, fields=tuple(fields))


def writer_rate(n_docs: int, n_fields: int, n_words: int, settings: Settings, work: Path) -> tuple[float, float, int, float]:
    """(field rows/s, seconds, field rows, worker packing s) through Writer.write_batch into a fresh file.

    The documents are first packed as the extraction workers pack them (``towerkit.pipeline.pack.pack``:
    Arrow rows, fingerprint, fields digest); that worker-side time is returned separately, since it
    runs in N processes in parallel, not in the one writer.
    """
    from towerkit.pipeline.pack import pack
    from towerkit.store import connect
    from towerkit.store.batch import batches
    from towerkit.store.writer import Writer

    db = work / f"writer-{n_fields}.duckdb"
    db.unlink(missing_ok=True)
    conn = connect(db)
    try:
        w = Writer(conn, str(db))
        w.start_run("bench", {"paths": []}, {"bench": True}, "0")
        raw = [synthetic(i, n_fields, n_words) for i in range(n_docs)]
        start = time.perf_counter()
        docs = [pack(d) for d in raw]
        packing = time.perf_counter() - start
        del raw
        start = time.perf_counter()
        # cut as ingest cuts them, each batch prepared while the last one commits, as ingest does
        w.write_all("bench", batches(docs, settings.batch_docs, settings.batch_rows))
        conn.close()  # its checkpoint is part of the cost
        seconds = time.perf_counter() - start
        conn = connect(db)
        rows = int(conn.execute("SELECT count(*) FROM fields").fetchone()[0])
    finally:
        conn.close()
    assert rows == n_docs * n_fields, (rows, n_docs * n_fields)
    return rows / seconds, seconds, rows, packing


def duckdb_ceiling(n_docs: int, n_fields: int, settings: Settings, work: Path) -> tuple[float, float]:
    """(rows/s, seconds) of the same field rows alone: one combined Arrow frame per batch, one
    INSERT and COMMIT each, nothing else in the transaction. What DuckDB itself allows here."""
    import pyarrow as pa

    from towerkit.pipeline.pack import pack
    from towerkit.store import connect
    from towerkit.store.batch import batches
    from towerkit.store.writer import Writer

    db = work / "ceiling.duckdb"
    db.unlink(missing_ok=True)
    conn = connect(db)
    Writer(conn).begin_writes()  # the DuckDB settings the writer's batches are committed with
    docs = [pack(synthetic(i, n_fields, 0)) for i in range(n_docs)]
    frames = [pa.concat_tables([d.rows.tables["fields"] for d in b]).combine_chunks()  # type: ignore[union-attr]
              for b in batches(docs, settings.batch_docs, settings.batch_rows)]
    start = time.perf_counter()
    for frame in frames:
        conn.execute("BEGIN TRANSACTION")
        conn.register("_f", frame)
        conn.execute("INSERT INTO fields BY NAME SELECT * FROM _f")
        conn.unregister("_f")
        conn.execute("COMMIT")
    conn.close()
    seconds = time.perf_counter() - start
    return n_docs * n_fields / seconds, seconds


def repeated(measure: Callable[[], tuple[Any, ...]], times: int) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """``times`` results of ``measure`` (rate first), sorted by rate, and the median one."""
    runs = sorted((measure() for _ in range(times)), key=lambda r: r[0])
    return runs, runs[len(runs) // 2]


def executemany_rate(n_rows: int, n_fields: int, work: Path) -> tuple[float, float]:
    """(rows/s, seconds) of the same field rows inserted with executemany into the same table."""
    from towerkit.store import connect

    db = work / "executemany.duckdb"
    db.unlink(missing_ok=True)
    conn = connect(db)
    try:
        rows = []
        i = 0
        while len(rows) < n_rows:
            for f in synthetic(i, n_fields, 0).fields:
                rows.append([f"{i:064x}", f.field, f.value, f.value_num, f.value_date, f.raw_text, f.page, f.x0,
                             f.top, f.x1, f.bottom, f.confidence, f.value_sha256, f.error, f.label])
            i += 1
        rows = rows[:n_rows]
        sql = f"INSERT INTO fields ({', '.join(FIELD_COLS)}) VALUES ({', '.join('?' * len(FIELD_COLS))})"
        start = time.perf_counter()
        conn.execute("BEGIN TRANSACTION")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
        seconds = time.perf_counter() - start
    finally:
        conn.close()
    return n_rows / seconds, seconds


def rerun(docs: int, seed: int, work: Path) -> tuple[dict[str, float], dict[str, float], dict[str, object]]:
    """First and second ingest of one generated corpus into one database."""
    from towerkit.sample import generate

    corpus = work / f"rerun-corpus-{docs}-{seed}"
    if not (corpus / "ground_truth.jsonl").is_file():
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, docs=docs, seed=seed)
    db = work / "rerun.duckdb"
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)
    out = []
    for _ in range(2):
        m = run_measured(towerkit_cmd("ingest", str(corpus), "--db", str(db), "--json"), sample_memory=False)
        s = m.json()
        out.append({"wall": m.wall, "run": float(s["seconds"]), "cpu": m.cpu, "summary": s})
        print(f"  ingest: wall {m.wall:.2f} s, in-run {s['seconds']} s, CPU {m.cpu:.1f} s: {s}", flush=True)
    return out[0], out[1], out[1]["summary"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="writer insert rate and re-run cost")
    ap.add_argument("--docs", type=int, default=5000, help="synthetic documents")
    ap.add_argument("--fields", type=int, default=100, help="fields per synthetic document")
    ap.add_argument("--batch-docs", type=int, default=Settings().batch_docs,
                    help="documents per write_batch at most (default: Settings.batch_docs)")
    ap.add_argument("--batch-rows", type=int, default=Settings().batch_rows,
                    help="rows of one table per write_batch at most (default: Settings.batch_rows)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the many-fields case and of DuckDB alone; "
                    "the median is reported (default 3)")
    ap.add_argument("--executemany-rows", type=int, default=5_000)
    ap.add_argument("--rerun-docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="smoke run: 200 docs, 2,000 executemany rows, 12-doc re-run")
    ap.add_argument("--skip-rerun", action="store_true")
    ap.add_argument("--workdir", default=os.environ.get("TOWERKIT_BENCH_DIR", "/tmp/towerkit-bench"))
    ap.add_argument("--write-md", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.docs, args.executemany_rows, args.rerun_docs = min(args.docs, 200), 2_000, min(args.rerun_docs, 12)
        args.repeat = 1
    if args.repeat < 1:
        ap.error(f"--repeat must be at least 1, got {args.repeat}")

    machine = machine_line()
    print(f"machine: {machine}", flush=True)
    work = Path(args.workdir) / "writer"
    work.mkdir(parents=True, exist_ok=True)

    rows: list[tuple[str, ...]] = []
    lines: list[str] = []
    settings = Settings(batch_docs=args.batch_docs, batch_rows=args.batch_rows)
    cut = f"batches <= {args.batch_docs} docs / {args.batch_rows:,} rows"
    writer_rate(200, args.fields, 10, settings, work)  # warm-up: first-use costs of DuckDB, Arrow and their allocators
    many_runs, (many_rate, many_s, many_rows, many_pack) = repeated(
        lambda: writer_rate(args.docs, args.fields, 10, settings, work), args.repeat)
    rows.append((f"write_batch, {args.docs} docs x {args.fields} fields, {cut}",
                 f"{many_rows:,}", f"{many_s:.2f}", f"{many_rate:,.0f}", f"{many_pack:.2f}"))
    real_docs = max(1, min(args.docs * args.fields, 200_000) // 15)
    real_rate, real_s, real_rows, real_pack = writer_rate(real_docs, 15, 150, settings, work)
    rows.append((f"write_batch, {real_docs} docs x 15 fields + 150 words, {cut}",
                 f"{real_rows:,}", f"{real_s:.2f}", f"{real_rate:,.0f}", f"{real_pack:.2f}"))
    ceil_runs, (ceil_rate, ceil_s) = repeated(lambda: duckdb_ceiling(args.docs, args.fields, settings, work),
                                              args.repeat)
    rows.append(("DuckDB alone: the same field rows, one frame per batch, no other table", f"{many_rows:,}",
                 f"{ceil_s:.2f}", f"{ceil_rate:,.0f}", "-"))
    em_rate, em_s = executemany_rate(args.executemany_rows, args.fields, work)
    rows.append(("executemany, same field rows, one transaction", f"{args.executemany_rows:,}", f"{em_s:.2f}",
                 f"{em_rate:,.0f}", "-"))
    header = ("path", "field rows", "seconds", "field rows/s", "worker-side packing s (1 core)")
    print()
    print(table(rows, header))
    lines.append(f"write_batch field rows/s: {many_rate:,.0f}, median of {args.repeat} "
                 f"({', '.join(f'{r[0]:,.0f}' for r in many_runs)}) (target >= {TARGET_ROWS_S:,}: "
                 f"{verdict(many_rate >= TARGET_ROWS_S)})")
    lines.append(f"ratio write_batch / executemany: {many_rate / em_rate:.1f}x")
    lines.append(f"ratio write_batch / DuckDB alone (field rows only): {many_rate / ceil_rate:.2f}x "
                 f"(DuckDB alone: {', '.join(f'{r[0]:,.0f}' for r in ceil_runs)})")
    lines.append(f"realistic documents (15 fields, 150 words each): {real_rate:,.0f} field rows/s, "
                 f"{real_docs / real_s:,.0f} documents/s")

    if not args.skip_rerun:
        print("re-run of an ingested corpus:", flush=True)
        try:
            first, second, s = rerun(args.rerun_docs, args.seed, work)
        except RuntimeError as e:  # report the rest even when ingest itself is broken
            print(f"re-run benchmark failed: {e}", file=sys.stderr)
            args.skip_rerun = True
    if not args.skip_rerun:
        r_run = first["run"] / max(second["run"], 1e-9)
        r_wall = first["wall"] / second["wall"]
        rows2 = [("first ingest", f"{first['wall']:.2f}", f"{first['run']:.2f}", f"{first['cpu']:.1f}"),
                 (f"re-run ({s['duplicates']} duplicates)", f"{second['wall']:.2f}", f"{second['run']:.2f}",
                  f"{second['cpu']:.1f}")]
        print(table(rows2, ("run", "wall s", "in-run s", "CPU s")))
        rows += []
        lines.append(f"ratio re-run speed first / second (in-run seconds): {r_run:.1f}x (target >= {TARGET_RERUN:g}x: "
                     f"{verdict(r_run >= TARGET_RERUN)}); process wall incl. start-up: {r_wall:.1f}x")
    for line in lines:
        print(line)
    if args.write_md:
        cmd = "python benchmarks/bench_writer.py " + " ".join(a for a in (argv or sys.argv[1:]) if a != "--write-md")
        body = (f"## Writer insert rate and re-runs\n\nCommand: `{cmd.strip()}`  \nMachine: {machine}\n\n"
                + table(rows, header) + "\n\n"
                + "Documents are packed first as extraction workers pack them (`towerkit.pipeline.pack.pack`: Arrow "
                "rows, layout fingerprint, fields digest); that time is shown apart because N workers do it "
                "in parallel, off the single writer's path. The writer's seconds include its frames, the "
                "insert of every table and the audit-chain entries, in one transaction per batch.\n\n")
        if not args.skip_rerun:
            body += (f"Re-run of a {args.rerun_docs}-document generated corpus (seed {args.seed}):\n\n"
                     + table(rows2, ("run", "wall s", "in-run s", "CPU s")) + "\n\n")
        body += "\n".join(f"- {line}" for line in lines) + "\n"
        update_section("bench_writer", body)
        print("BENCHMARKS.md section bench_writer updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
