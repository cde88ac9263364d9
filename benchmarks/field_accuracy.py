"""Field accuracy: generate a corpus, extract → classify → extract_fields, score against ground truth.

    .venv/bin/python benchmarks/field_accuracy.py --docs 60 --seed 7 [--workers 2] [--keep DIR]

Prints precision / recall / F1 per field, per doc type and per route (``text`` / ``ocr``). A field
counts correct when its normalized value equals the ground truth exactly; a predicted value for a
field the truth lacks (or a wrong value) is a false positive; a truth field without a correct value
is a false negative. Runs standalone: no ingest pipeline, no database.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _one(args: tuple[str, str]) -> tuple[str, str | None, dict[str, str]]:
    """Extract one file in a worker process: (file, classified doc type, {field: value})."""
    root, rel = args
    from towerkit.config import Settings
    from towerkit.errors import ExtractionError
    from towerkit.engines.extract import extract
    from towerkit.fields import classify, extract_fields, load_catalog

    try:
        doc = extract(Path(root) / rel, Settings(workers=0))
    except ExtractionError:
        return rel, None, {}
    cat = load_catalog()
    c = classify(doc, cat)
    return rel, c.doc_type, {f.field: f.value for f in extract_fields(doc, c, cat) if f.value is not None}


def score(rows: list[dict[str, Any]], results: dict[str, tuple[str | None, dict[str, str]]]) -> dict[str, Any]:
    """Counts (tp, fp, fn) per field, per doc type, per route and overall per route, plus misses."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: list[str] = []
    for r in rows:
        if not r.get("doc_type") or r["file"] not in results:
            continue
        got_type, got = results[r["file"]]
        truth: dict[str, str] = r["fields"]
        route = r["route"]
        keys = [("route", route), ("type", f"{route}/{r['doc_type']}")]
        for name in set(truth) | set(got):
            t, g = truth.get(name), got.get(name)
            cell = [("field", f"{route}/{name}")] + keys
            for k in cell:
                c = counts[k]
                if g is not None and g == t:
                    c[0] += 1
                else:
                    if g is not None:
                        c[1] += 1
                    if t is not None:
                        c[2] += 1
            if g != t:
                misses.append(f"{route} {r['template']} {r['file']} {name}: truth={t!r} got={g!r}")
        if got_type != r["doc_type"]:
            misses.append(f"{route} {r['file']}: classified {got_type!r}, truth {r['doc_type']!r}")
    return {"counts": counts, "misses": misses}


def prf(c: list[int]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run(docs: int, seed: int, workers: int, keep: Path | None = None) -> dict[str, Any]:
    from towerkit.sample.generate import generate

    with tempfile.TemporaryDirectory(prefix="towerkit-fields-") as tmp:
        root = keep or Path(tmp)
        started = time.perf_counter()
        generate(root, docs=docs, seed=seed)
        rows = [json.loads(line) for line in (root / "ground_truth.jsonl").read_text().splitlines() if line.strip()]
        todo = [(str(root), r["file"]) for r in rows if r.get("doc_type")]
        with ProcessPoolExecutor(max_workers=workers) as ex:
            results = {rel: (dt, vals) for rel, dt, vals in ex.map(_one, todo, chunksize=2)}
        out = score(rows, results)
        out["seconds"] = time.perf_counter() - started
        out["files"] = len(todo)
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    ap.add_argument("--misses", action="store_true", help="list every wrong or missing value")
    a = ap.parse_args(argv)
    out = run(a.docs, a.seed, a.workers, a.keep)
    counts = out["counts"]
    print(f"{out['files']} documents in {out['seconds']:.1f} s (docs={a.docs} seed={a.seed})")
    for kind, title in (("route", "route"), ("type", "route/doc_type"), ("field", "route/field")):
        print(f"\n{title:<42} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
        for (k, name), c in sorted(counts.items()):
            if k == kind:
                p, r, f = prf(c)
                print(f"{name:<42} {p:6.3f} {r:6.3f} {f:6.3f}  {c[0]}/{c[1]}/{c[2]}")
    if a.misses:
        print("\n" + "\n".join(out["misses"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
