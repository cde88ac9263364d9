"""Field accuracy: generate a corpus, extract → classify → extract_fields, score against ground truth.

    .venv/bin/python benchmarks/field_accuracy.py --docs 60 --seed 7 [--workers 2] [--keep DIR]
    .venv/bin/python benchmarks/field_accuracy.py --corpus DIR [--leave-family-out]

``--corpus`` scores an existing corpus (any folder with a ``ground_truth.jsonl``, e.g. the layout zoo
of ``benchmarks/zoo/generate.py``) instead of generating the sample one. ``--leave-family-out`` adds
tables split by the ground truth's ``family`` key (``template`` where there is none): field P/R/F1
and document-type accuracy per family, per family and route, and field F1 per family — layouts the
extractor was never tuned on show up as the families where it falls apart.

Prints precision / recall / F1 per field, per doc type and per route (``text`` / ``ocr``). A field
counts correct when its normalized value equals the ground truth exactly; a predicted value for a
field the truth lacks (or a wrong value) is a false positive; a truth field without a correct value
is a false negative. Only fields the truth names somewhere in the corpus are scored: a field towerkit
extracts beyond DESIGN.md's contract (``risk_category``) has no truth to be right or wrong against.
Runs standalone: no ingest pipeline, no database.

``--truth-vocabulary catalog`` maps the truth's value of each enumeration DESIGN.md gives no
vocabulary (``UNFIXED_ENUMS``) through the catalog's own values and synonyms before comparing. The
layout zoo's truth is the printed wording in lower case (``l-864 red flashing``), towerkit emits the
catalog's code (``red``) that the compliance queries compare; mapped, a miss is an extraction miss,
not a vocabulary difference. A truth wording the catalog cannot map stays as printed (and is missed).
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


UNFIXED_ENUMS = ("determination", "marking_lighting", "lighting_type", "permit_type", "permit_status")
"""Enumerations DESIGN.md names without values: a generator's truth may print its own words for them."""


def catalog_vocabulary(name: str, value: str) -> str:
    """The catalog's code for the truth's printed ``value`` of an unfixed enumeration, else ``value``."""
    from towerkit.fields import load_catalog
    from towerkit.fields.normalize import Unparseable, norm_enum

    spec = load_catalog().fields.get(name)
    if name not in UNFIXED_ENUMS or spec is None:
        return value
    try:
        return str(norm_enum(value, spec.allowed, spec.synonyms).value)
    except Unparseable:
        return value


def score(
    rows: list[dict[str, Any]], results: dict[str, tuple[str | None, dict[str, str]]], *, vocabulary: bool = False
) -> dict[str, Any]:
    """Counts (tp, fp, fn) per field, per doc type, per route and overall per route, plus misses."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: list[str] = []
    schema = {name for r in rows for name in r.get("fields", {})}
    for r in rows:
        if not r.get("doc_type") or r["file"] not in results:
            continue
        got_type, got = results[r["file"]]
        truth: dict[str, str] = r["fields"]
        if vocabulary:
            truth = {k: catalog_vocabulary(k, v) for k, v in truth.items()}
        route = r["route"]
        keys = [("route", route), ("type", f"{route}/{r['doc_type']}")]
        for name in (set(truth) | set(got)) & schema:
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


Results = dict[str, tuple[str | None, dict[str, str]]]


def _extract_corpus(root: Path, workers: int) -> tuple[list[dict[str, Any]], Results]:
    """Ground-truth rows of ``root`` and the extractor's (doc type, fields) for every typed file."""
    rows = [json.loads(line) for line in (root / "ground_truth.jsonl").read_text().splitlines() if line.strip()]
    todo = [(str(root), r["file"]) for r in rows if r.get("doc_type")]
    with ProcessPoolExecutor(max_workers=workers) as ex:
        results = {rel: (dt, vals) for rel, dt, vals in ex.map(_one, todo, chunksize=2)}
    return rows, results


def run(
    docs: int, seed: int, workers: int, keep: Path | None = None, corpus: Path | None = None, *, vocabulary: bool = False
) -> dict[str, Any]:
    """Generate the sample corpus (or take ``corpus`` as it is), extract every file and score it."""
    with tempfile.TemporaryDirectory(prefix="towerkit-fields-") as tmp:
        started = time.perf_counter()
        if corpus is not None:
            root = corpus
        else:
            from towerkit.sample.generate import generate

            root = keep or Path(tmp)
            generate(root, docs=docs, seed=seed)
        rows, results = _extract_corpus(root, workers)
        out = score(rows, results, vocabulary=vocabulary)
        out["seconds"] = time.perf_counter() - started
        out["files"] = len(results)
        out["rows"], out["results"] = rows, results
        return out


def _family(row: dict[str, Any]) -> str:
    return str(row.get("family") or row.get("template") or "?")


def family_tables(rows: list[dict[str, Any]], results: Results, *, vocabulary: bool = False) -> list[str]:
    """The ``--leave-family-out`` report: each layout family scored on its own."""
    scored = [r for r in rows if r.get("doc_type") and r["file"] in results]
    fams = sorted({_family(r) for r in scored})
    per: dict[str, dict[str, Any]] = {f: score([r for r in scored if _family(r) == f], results, vocabulary=vocabulary) for f in fams}
    lines = [f"\n{'family':<14} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6}  {'tp/fp/fn':<14} {'type acc':>8}"]
    total = [0, 0, 0]
    for f in fams:
        docs = [r for r in scored if _family(r) == f]
        c = [sum(v[i] for (k, _), v in per[f]["counts"].items() if k == "route") for i in range(3)]
        total = [a + b for a, b in zip(total, c, strict=True)]
        ok = sum(results[r["file"]][0] == r["doc_type"] for r in docs)
        p, rc, f1 = prf(c)
        tally = "/".join(map(str, c))
        lines.append(f"{f:<14} {len(docs):>5} {p:6.3f} {rc:6.3f} {f1:6.3f}  {tally:<14} {ok / len(docs):8.3f}")
    p, rc, f1 = prf(total)
    ok = sum(results[r["file"]][0] == r["doc_type"] for r in scored)
    lines.append(f"{'ALL':<14} {len(scored):>5} {p:6.3f} {rc:6.3f} {f1:6.3f}  {'/'.join(map(str, total)):<14} "
                 f"{ok / max(len(scored), 1):8.3f}")
    lines.append(f"\n{'family/route':<22} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6}  {'tp/fp/fn':<14} {'type acc':>8}")
    for f in fams:
        for (k, route), c in sorted(per[f]["counts"].items()):
            if k == "route":
                docs = [r for r in scored if _family(r) == f and r["route"] == route]
                ok = sum(results[r["file"]][0] == r["doc_type"] for r in docs)
                p, rc, f1 = prf(c)
                tally = "/".join(map(str, c))
                lines.append(f"{f + '/' + route:<22} {len(docs):>5} {p:6.3f} {rc:6.3f} {f1:6.3f}  "
                             f"{tally:<14} {ok / max(len(docs), 1):8.3f}")
    lines.append("\nfield F1 by family (routes pooled; '-' = field never in truth nor predicted)")
    short = [f[:8] for f in fams]
    lines.append(f"{'field':<26} " + " ".join(f"{s:>8}" for s in short))
    names = sorted({k[1].split("/", 1)[1] for f in fams for k in per[f]["counts"] if k[0] == "field"})
    for name in names:
        cells = []
        for f in fams:
            c = [sum(v[i] for (k, key), v in per[f]["counts"].items() if k == "field" and key.split("/", 1)[1] == name)
                 for i in range(3)]
            cells.append(f"{prf(c)[2]:8.3f}" if any(c) else f"{'-':>8}")
        lines.append(f"{name:<26} " + " ".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    ap.add_argument("--misses", action="store_true", help="list every wrong or missing value")
    ap.add_argument("--corpus", type=Path, default=None, help="score this existing corpus (with ground_truth.jsonl)")
    ap.add_argument("--leave-family-out", action="store_true", help="also print scores per layout family")
    ap.add_argument(
        "--truth-vocabulary",
        choices=("printed", "catalog"),
        default="printed",
        help="compare the unfixed enumerations as the truth prints them, or mapped to the catalog's codes",
    )
    a = ap.parse_args(argv)
    if a.corpus is not None and not (a.corpus / "ground_truth.jsonl").is_file():
        print(f"error: no ground_truth.jsonl in {a.corpus}", file=sys.stderr)
        return 2
    out = run(a.docs, a.seed, a.workers, a.keep, a.corpus, vocabulary=a.truth_vocabulary == "catalog")
    counts = out["counts"]
    source = f"corpus={a.corpus}" if a.corpus is not None else f"docs={a.docs} seed={a.seed}"
    print(f"{out['files']} documents in {out['seconds']:.1f} s ({source})")
    for kind, title in (("route", "route"), ("type", "route/doc_type"), ("field", "route/field")):
        print(f"\n{title:<42} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
        for (k, name), c in sorted(counts.items()):
            if k == kind:
                p, r, f = prf(c)
                print(f"{name:<42} {p:6.3f} {r:6.3f} {f:6.3f}  {c[0]}/{c[1]}/{c[2]}")
    if a.leave_family_out:
        print("\n".join(family_tables(out["rows"], out["results"], vocabulary=a.truth_vocabulary == "catalog")))
    if a.misses:
        print("\n" + "\n".join(out["misses"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
