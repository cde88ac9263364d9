"""Every query in queries/ against a synthetic portfolio of 1,000,000 documents: each must answer in < 1 s.

The database is built straight in DuckDB with ``range()`` (no PDFs): one document row per file and
the canonical field rows a real ingest writes for its type (about 11 per document, so ~11 M field
rows), 100,000 sites in four zones, 97 % ingested, the rest quarantined or failed, plus drift
events, quarantine entries and failed paths for the operational reports. Values are pseudo-random
but deterministic (hashes of the row number), spread so every rule finds something.

Then the end-of-ingest work of ``refresh_tags`` (``refresh_facts``, then every rule) is timed once, and
every query is timed with its default parameters (median of 3 runs, after one warm-up).

    .venv/bin/python benchmarks/bench_queries.py                 # 1 M documents, prints the table
    .venv/bin/python benchmarks/bench_queries.py --write-md      # also updates BENCHMARKS.md
    .venv/bin/python benchmarks/bench_queries.py --docs 20000    # quick look
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from towerkit.compliance import compute_tags  # noqa: E402
from towerkit.store.compliance_store import replace_tags  # noqa: E402
from towerkit.store.db import utcnow  # noqa: E402
from towerkit.store.query_runner import refresh_facts  # noqa: E402
from towerkit.queries import list_queries, run_query  # noqa: E402
from towerkit.store import connect  # noqa: E402

BENCH_AS_OF = date(2026, 6, 30)
LIMIT_S = 1.0
MD_NAME = "bench_queries"

# (doc_type, share of documents in tenths) and each type's fields as SQL expressions over
# i (document number), s (site number), h(k) = a hash of (i, k) in 0..9999.
TYPES = {
    0: "structural_inspection", 1: "structural_inspection", 2: "lease_amendment", 3: "lease_amendment",
    4: "lease_amendment", 5: "municipal_permit", 6: "faa_determination", 7: "field_log", 8: "field_log",
    9: "field_log",
}
_HEIGHT = "(80 + (s * 37) % 420 + (s % 7) * 0.1)"
_LIGHT = "(['none', 'red', 'dual', 'white'])[1 + (CASE WHEN " + _HEIGHT + " > 200 THEN 1 + s % 3 ELSE (s % 5 = 0)::INT END)]"
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    # (field, kind: t=text n=number d=date, expression)
    "structural_inspection": [
        ("asr_number", "t", "CASE WHEN h(1) < 500 THEN NULL WHEN h(1) < 600 THEN lpad((s % 999999)::VARCHAR, 6, '0') "
                            "ELSE (1000000 + s % 320000)::VARCHAR END"),
        ("structure_type", "t", "(['monopole', 'monopole', 'self_supporting', 'guyed'])[1 + s % 4]"),
        ("structure_height_ft", "n", _HEIGHT + " + CASE WHEN h(2) < 300 THEN 10 ELSE 0 END"),
        ("latitude", "n", "30 + (s % 1000) / 100.0"), ("longitude", "n", "-90 - (s % 1000) / 100.0"),
        ("inspection_date", "d", "DATE '2016-01-01' + h(3) % 3800"),
        ("inspection_firm", "t", "'Firm ' || (s % 40)::VARCHAR"),
        ("max_capacity_pct", "n", "20 + h(4) % 900 / 10.0 + CASE WHEN h(5) < 800 THEN 15 ELSE 0 END"),
        ("result", "t", "CASE WHEN h(5) < 800 THEN 'fail' ELSE 'pass' END"),
        ("lighting_type", "t", "CASE WHEN h(6) < 200 THEN 'red' ELSE " + _LIGHT + " END"),
    ],
    "lease_amendment": [
        ("lease_id", "t", "'L' || s::VARCHAR || '-' || (i % 2)::VARCHAR"),
        ("lessor", "t", "'Owner ' || (s % 5000)::VARCHAR"), ("lessee", "t", "'Carrier ' || (s % 4)::VARCHAR"),
        ("amendment_date", "d", "DATE '2012-01-01' + h(1) % 5000"),
        ("commencement_date", "d", "DATE '2005-01-01' + (s * 13 + i % 2) % 4000"),
        ("expiration_date", "d", "DATE '2025-06-01' + (s * 17 + i % 2 + h(2) % 3) % 2000"),
        ("monthly_rent_usd", "n", "650 + h(3) % 3500"), ("escalator_pct", "n", "(2 + h(4) % 3)::DOUBLE"),
        ("renewal_term_years", "n", "5"), ("renewals_remaining", "n", "h(5) % 5"),
        ("notice_days", "n", "([60, 90, 90, 120, 180])[1 + h(6) % 5]"),
    ],
    "municipal_permit": [
        ("jurisdiction", "t", "'County ' || (s % 300)::VARCHAR"),
        ("permit_number", "t", "'BP-' || (s % 100000)::VARCHAR || '-' || (h(1) % 3)::VARCHAR"),
        ("permit_type", "t", "(['building', 'conditional_use', 'special_use', 'electrical'])[1 + h(2) % 4]"),
        ("issue_date", "d", "DATE '2014-01-01' + h(3) % 4000"),
        ("expiration_date", "d", "DATE '2016-01-01' + h(3) % 4000 + 365 * (1 + h(4) % 5)"),
        ("approved_height_ft", "n", "round(" + _HEIGHT + ") - CASE WHEN h(5) < 500 THEN 5 ELSE 0 END"),
        ("permit_status", "t", "(['issued', 'active', 'finaled', 'expired'])[1 + h(6) % 4]"),
    ],
    "faa_determination": [
        ("asn", "t", "'2024-ASW-' || (h(1) + 1000)::VARCHAR || '-OE'"),
        ("structure_height_ft", "n", "round(" + _HEIGHT + ") - CASE WHEN h(2) < 1200 THEN 8 ELSE 0 END"),
        ("structure_height_amsl_ft", "n", "round(" + _HEIGHT + ") + 600"),
        ("latitude", "n", "30 + (s % 1000) / 100.0"), ("longitude", "n", "-90 - (s % 1000) / 100.0"),
        ("determination", "t", "CASE WHEN h(3) < 700 THEN 'hazard' ELSE 'no_hazard' END"),
        ("marking_lighting", "t", "CASE WHEN h(4) < 300 THEN 'white' ELSE " + _LIGHT + " END"),
        ("determination_date", "d", "DATE '2022-01-01' + h(5) % 1600"),
        ("expiration_date", "d", "DATE '2022-01-01' + h(5) % 1600 + 548"),
    ],
    "field_log": [
        ("log_date", "d", "DATE '2022-01-01' + h(1) % 1650"),
        ("technician", "t", "'Tech ' || (h(2) % 200)::VARCHAR"),
        ("activity", "t", "(['light inspection', 'climb inspection', 'antenna install', 'site audit'])[1 + h(3) % 4]"),
        ("light_outage", "t", "CASE WHEN h(4) < 500 THEN 'yes' ELSE 'no' END"),
        ("findings", "t", "'ok'"),
    ],
}


def _expr(kind: str, sql: str) -> str:
    """A struct literal for one field row: value text plus value_num or value_date."""
    sql = re.sub(r"\bh\((\d+)\)", r"CAST(hash(i, \1) % 10000 AS INTEGER)", sql)
    if kind == "n":
        return f"{{'field': ?, 'value': CAST(({sql}) AS VARCHAR), 'num': CAST(({sql}) AS DOUBLE), 'dt': NULL::DATE}}"
    if kind == "d":
        return f"{{'field': ?, 'value': strftime(({sql}), '%Y-%m-%d'), 'num': NULL::DOUBLE, 'dt': CAST(({sql}) AS DATE)}}"
    return f"{{'field': ?, 'value': CAST(({sql}) AS VARCHAR), 'num': NULL::DOUBLE, 'dt': NULL::DATE}}"


def build(conn: Any, docs: int, sites: int | None = None) -> None:
    """Fill documents, fields, quarantine, drift_events and document_paths with ``docs`` synthetic documents."""
    sites = sites or max(docs // 10, 1)
    type_case = "CASE i % 10 " + " ".join(f"WHEN {k} THEN '{v}'" for k, v in TYPES.items()) + " END"
    conn.execute(f"""
        CREATE OR REPLACE TEMP TABLE synth AS
        SELECT i, CAST(hash(i, 0) % {sites} AS INTEGER) AS s, {type_case} AS doc_type,
               md5(i::VARCHAR) AS doc_id,
               CASE WHEN CAST(hash(i, 99) % 100 AS INTEGER) < 97 THEN 'ingested'
                    WHEN CAST(hash(i, 99) % 100 AS INTEGER) < 99 THEN 'quarantined' ELSE 'failed' END AS status
        FROM (SELECT CAST(r AS INTEGER) AS i FROM range({docs}) t(r))""")
    conn.execute(f"""
        INSERT INTO documents (doc_id, sha256, path, size_bytes, zone, site_id, doc_type, engine, status,
                               error_kind, error, run_id, ingested_at)
        SELECT doc_id, doc_id, 'corpus/z' || (s % 4)::VARCHAR || '/ST-' || lpad(s::VARCHAR, 6, '0') || '/' || doc_id || '.pdf',
               100000 + i % 50000, 'z' || (s % 4)::VARCHAR, 'ST-' || lpad(s::VARCHAR, 6, '0'), doc_type,
               (['pdfplumber', 'tesseract', 'text'])[1 + i % 3], status,
               CASE WHEN status = 'failed' THEN 'truncated' END,
               CASE WHEN status = 'failed' THEN 'truncated: %%EOF missing' END,
               'run-' || (i // 100000)::VARCHAR, TIMESTAMP '2025-01-01' + to_seconds(i * 30)
        FROM synth""")
    for doc_type, fields in FIELDS.items():
        structs = [_expr("t", "'ST-' || lpad(s::VARCHAR, 6, '0')"), _expr("t", "'Site ' || s::VARCHAR")]
        names = ["site_id", "site_name"]
        for name, kind, sql in fields:
            structs.append(_expr(kind, sql))
            names.append(name)
        conn.execute(f"""
            INSERT INTO fields (doc_id, field, value, value_num, value_date, page, confidence)
            SELECT doc_id, f.field, f.value, f.num, f.dt, 1, 0.99
            FROM (SELECT doc_id, unnest([{', '.join(structs)}]) AS f FROM synth WHERE doc_type = '{doc_type}')
            WHERE f.value IS NOT NULL""", names)
    conn.execute("""
        INSERT INTO quarantine (doc_id, reasons, status, queued_at)
        SELECT doc_id, 'field_moved: asr_number', CASE WHEN i % 3 = 0 THEN 'approved' ELSE 'pending' END,
               TIMESTAMP '2025-01-01' + to_seconds(i * 30)
        FROM synth WHERE status = 'quarantined'""")
    conn.execute("""
        INSERT INTO drift_events (doc_id, template_id, kind, field, expected, observed, delta_pt, severity, detected_at)
        SELECT doc_id, 'tpl-' || (i % 11)::VARCHAR,
               (['field_moved', 'field_missing', 'new_label', 'unknown_layout'])[1 + i % 4],
               (['asr_number', 'inspection_date', 'monthly_rent_usd'])[1 + i % 3], '', '', 14.5,
               CASE WHEN i % 5 = 0 THEN 'major' ELSE 'minor' END, TIMESTAMP '2025-01-01' + to_seconds(i * 30)
        FROM synth WHERE status = 'quarantined'""")
    conn.execute("""
        INSERT INTO document_paths (run_id, path, doc_id, outcome, reason, zone, seen_at)
        SELECT d.run_id, d.path, d.doc_id, d.status, d.error, d.zone, d.ingested_at FROM documents d""")
    conn.execute("DROP TABLE synth")


def _median_time(conn: Any, name: str, runs: int) -> tuple[float, int]:
    run_query(conn, name, as_of=BENCH_AS_OF) if _takes(name, "as_of") else run_query(conn, name)
    times, n = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        frame = run_query(conn, name, as_of=BENCH_AS_OF) if _takes(name, "as_of") else run_query(conn, name)
        times.append(time.perf_counter() - t0)
        n = frame.height
    return statistics.median(times), n


def _takes(name: str, param: str) -> bool:
    return any(q.name == name and any(p.name == param for p in q.params) for q in list_queries())


def update_section(path: Path, body: str) -> None:
    """Replace only this benchmark's section of BENCHMARKS.md (others own the rest)."""
    start, end = f"<!-- {MD_NAME} -->", f"<!-- /{MD_NAME} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text() if path.exists() else "# towerkit benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--db", type=Path, help="keep the database here (default: a temporary file)")
    ap.add_argument("--write-md", action="store_true", help="write the results into BENCHMARKS.md")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.duckdb"
    if db.exists():
        db.unlink()
    conn = connect(db)
    t0 = time.perf_counter()
    build(conn, args.docs)
    built = time.perf_counter() - t0
    n_fields = conn.execute("SELECT count(*) FROM fields").fetchone()[0]
    load_start = os.getloadavg()[0]
    facts = refresh_facts(conn)
    t0 = time.perf_counter()
    tag_frame = compute_tags(conn, BENCH_AS_OF, 90)
    tags = replace_tags(conn, tag_frame, BENCH_AS_OF, utcnow())
    tagged = time.perf_counter() - t0
    conn.execute("CHECKPOINT")
    conn.close()

    conn = connect(db, read_only=True)
    rows = []
    worst = 0.0
    for query in list_queries():
        seconds, n = _median_time(conn, query.name, args.runs)
        worst = max(worst, seconds)
        rows.append((query.name, query.kind, f"{seconds * 1000:.0f}", n, "ok" if seconds < LIMIT_S else "SLOW"))
    conn.close()
    cores = os.cpu_count()
    head = ("query", "kind", "median ms", "rows", f"< {LIMIT_S:g} s")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(v).ljust(w) for v, w in zip(r, widths)) + " |"  # noqa: E731
    table = "\n".join([line(head), "| " + " | ".join("-" * w for w in widths) + " |", *map(line, rows)])
    summary = (
        f"## Compliance queries at scale (`benchmarks/bench_queries.py`)\n\n"
        f"{args.docs:,} synthetic documents ({n_fields:,} field rows, {max(args.docs // 10, 1):,} sites), "
        f"{cores} cores (load average {load_start:.1f} when the refresh started, {os.getloadavg()[0]:.1f} at the "
        f"end: the machine is shared), DuckDB file on local disk, read-only connection, as_of {BENCH_AS_OF}, "
        f"default parameters, median of {args.runs} after a warm-up.\n\n"
        f"- build (range() inserts): {built:.1f} s\n"
        f"- end-of-ingest cost of `refresh_tags` = `refresh_facts` (rebuilds doc_facts, site_doc_facts, "
        f"site_wide, lease_effective) {facts.seconds:.1f} s + every rule query and storing {tags:,} tags "
        f"{tagged:.1f} s\n"
        f"- slowest query: {worst * 1000:.0f} ms ({'all under' if worst < LIMIT_S else 'NOT all under'} {LIMIT_S:g} s)\n\n"
        f"{table}\n"
    )
    print(summary)
    if args.write_md:
        update_section(REPO / "BENCHMARKS.md", summary)
        print(f"BENCHMARKS.md section {MD_NAME} updated")
    tmp.cleanup()
    return 0 if worst < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
