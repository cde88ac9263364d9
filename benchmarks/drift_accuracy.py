"""Drift detection accuracy: does towerkit quarantine exactly the documents whose layout drifted badly?

Two batches, as an operator lives them: a BASELINE corpus (``towerkit.sample.generate(era="baseline")``)
ingested first, then a LATER corpus (``era="later"``: template revisions, minor shifts, new issuers)
into the same database. Ground truth says per file whether it is expected ``quarantined`` (major
drift). Reported:

* major-drift precision and recall (positive = quarantined; files that failed to extract are left out),
* false-quarantine rate: quarantined among files expected ingested,
* quarantined minor-drift files and quarantined new-issuer files (both must be 0),
* whether verdicts are identical at 0 (in-process), 1, 2 and 8 workers.

Usage::

    .venv/bin/python benchmarks/drift_accuracy.py --docs 120 --seed 7 [--workers 0 1 2 8] [--write]

``--write`` replaces the section between ``<!-- drift_accuracy -->`` markers in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MARK = "<!-- drift_accuracy -->"


def load_truth(root: Path) -> dict[str, dict[str, Any]]:
    out = {}
    with open(root / "ground_truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out[str((root / rec["file"]).resolve())] = rec
    return out


def verdicts(db: Path) -> dict[str, tuple[str, str | None]]:
    """path → (outcome of the path's last run, template id) as stored."""
    from towerkit.store import open_db

    with open_db(db, read_only=True) as conn:
        rows = conn.execute(
            "SELECT p.path, d.status, d.template_id, p.outcome FROM document_paths p "
            "LEFT JOIN documents d USING (doc_id) ORDER BY p.seen_at").fetchall()
    out: dict[str, tuple[str, str | None]] = {}
    for path, status, tpl, outcome in rows:
        out[str(Path(path).resolve())] = (status or outcome, tpl)
    return out


def run_two_batches(base: Path, later: Path, db: Path, workers: int) -> dict[str, tuple[str, str | None]]:
    from towerkit.pipeline import ingest

    ingest.ingest(base, db, workers=workers, progress=False)
    ingest.ingest(later, db, workers=workers, progress=False)
    return verdicts(db)


def score(truth: dict[str, dict[str, Any]], got: dict[str, tuple[str, str | None]]) -> dict[str, Any]:
    tp = fp = fn = tn = 0
    minor_q = new_issuer_q = 0
    misses: list[str] = []
    for path, rec in sorted(truth.items()):
        expect = rec.get("expect_status")
        status = got.get(path, ("missing", None))[0]
        if expect == "failed" or status == "failed":
            continue
        pos, pred = expect == "quarantined", status == "quarantined"
        tp += pos and pred
        fp += (not pos) and pred
        fn += pos and not pred
        tn += (not pos) and not pred
        if pred and rec.get("drift") == "minor":
            minor_q += 1
        if pred and rec.get("new_issuer"):
            new_issuer_q += 1
        if pos != pred:
            misses.append(f"{'FN' if pos else 'FP'} {rec['file']} template={rec.get('template')} "
                          f"rev={rec.get('revision')} drift={rec.get('drift')}")
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "false_quarantine_rate": fp / (fp + tn) if fp + tn else 0.0,
        "minor_quarantined": minor_q, "new_issuer_quarantined": new_issuer_q, "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=120, help="documents per batch")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2, 8])
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--write", action="store_true", help="write the results into BENCHMARKS.md")
    args = ap.parse_args(argv)

    from towerkit.sample import generate

    with tempfile.TemporaryDirectory() as tmp:
        work = args.out or Path(tmp)
        base, later = work / "baseline", work / "later"
        t0 = time.monotonic()
        generate(base, docs=args.docs, seed=args.seed, era="baseline")
        generate(later, docs=args.docs, seed=args.seed + 1, era="later")
        truth = {**load_truth(base), **load_truth(later)}
        gen_s = time.monotonic() - t0
        results = {}
        timings = {}
        for w in args.workers:
            db = work / f"w{w}.duckdb"
            db.unlink(missing_ok=True)
            t0 = time.monotonic()
            results[w] = run_two_batches(base, later, db, w)
            timings[w] = time.monotonic() - t0
        first = results[args.workers[0]]
        identical = all(r == first for r in results.values())
        s = score(truth, first)
        kinds = Counter((rec.get("drift") or "none", rec.get("expect_status")) for rec in truth.values())

    lines = [
        f"Two batches of {args.docs} generated documents each (seed {args.seed}: `era=baseline`, then "
        f"seed {args.seed + 1} `era=later`) ingested into one database.",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| major-drift precision | {s['precision']:.3f} ({s['tp']} of {s['tp'] + s['fp']} quarantined) |",
        f"| major-drift recall | {s['recall']:.3f} ({s['tp']} of {s['tp'] + s['fn']} expected) |",
        f"| false-quarantine rate | {s['false_quarantine_rate']:.3f} ({s['fp']} of {s['fp'] + s['tn']}) |",
        f"| minor-drift files quarantined | {s['minor_quarantined']} |",
        f"| new-issuer files quarantined | {s['new_issuer_quarantined']} |",
        f"| identical verdicts at workers {', '.join(map(str, args.workers))} | {'yes' if identical else 'NO'} |",
        f"| ground truth (drift, expected status) | {', '.join(f'{k[0]}/{k[1]}: {v}' for k, v in sorted(kinds.items()))} |",
        f"| seconds (generate; two ingests per worker count) | {gen_s:.0f}; "
        f"{', '.join(f'{w}w {t:.0f}' for w, t in timings.items())} |",
        "",
        f"Command: `.venv/bin/python benchmarks/drift_accuracy.py --docs {args.docs} --seed {args.seed} "
        f"--workers {' '.join(map(str, args.workers))} --write`",
    ]
    if s["misses"]:
        lines += ["", "Misclassified:", ""] + [f"- {m}" for m in s["misses"][:20]]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(REPO / "BENCHMARKS.md", "## Drift detection accuracy\n\n" + text)
    ok = s["precision"] >= 0.95 and s["recall"] >= 0.95 and identical and not s["minor_quarantined"] \
        and not s["new_issuer_quarantined"]
    return 0 if ok else 1


def write_section(path: Path, body: str) -> None:
    """Replace (or append) the text between the two drift_accuracy markers, keeping other sections."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{MARK}\n{body}\n{MARK}"
    if old.count(MARK) >= 2:
        head, _, rest = old.partition(MARK)
        _, _, tail = rest.partition(MARK)
        new = head + block + tail
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
