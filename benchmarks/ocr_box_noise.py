# ruff: noqa: T201, INP001, S311
"""OCR box noise: how far Tesseract's boxes put a form's static words from where the text layer has them.

Why: on the OCR route the drift checks compare where a scan's words sit with where a template
(often enrolled from text PDFs) expects them. Whatever OCR does to a box that the page fit
(``towerkit.drift.pagefit``: a page's common skew, scale and shift) does not remove is jitter, not
drift; ``towerkit.drift.checks.OCR_NOISE_PT`` is set from what this script measures.

Method: every text PDF of a generated sample corpus (one per issuer's layout, up to ``--layouts``;
its first page), read twice by ``towerkit.engines.extract.extract``: as it is (text route, the
reference) and scanned (OCR route). Two scanners:

* ``sample``: the sample corpus's own (``towerkit.sample.scan``): 200 dpi, stated in the file,
  skewed 0.3-1.5 degrees, grey noise and specks;
* ``zoo DPI``: the layout zoo's (``benchmarks/zoo/scan.py``) at 100, 150, 200 and 300 dpi, skewed
  up to 1.8 degrees (the canvas grows), sometimes bilevel, saved as PNG *without* DPI metadata, so
  towerkit estimates the resolution from the text height.

Anchors are the static words (``fingerprint.static_words``: labels and headings, values left out)
whose normalised text occurs once on both pages. The page fit is the drift code's own
``fit_page`` on those pairs (top-left corners; shift not capped, to see it whole); the *residual*
of a word is the distance between its OCR top-left and where the fit maps its text-layer top-left.
The fitted transform itself (shift, skew, scale) is printed too: the drift code removes it only
within ``pagefit.MAX_SKEW_DEG``, ``MAX_SCALE_DIFF`` and the drift tolerance.

The baseline, measured in the same run: the text route read twice (residual 0 by construction, a
check of the matching); ratios are to the checks' text-route noise floor (``NOISE_FLOOR_PT``).

Usage: ``python benchmarks/ocr_box_noise.py [--layouts 8] [--seed 3]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ["OMP_THREAD_LIMIT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# After the path: the checkout's towerkit and zoo, not an installed copy.
from benchmarks.zoo.scan import scan
from towerkit.config import Settings
from towerkit.drift.checks import NOISE_FLOOR_PT
from towerkit.drift.fingerprint import static_words
from towerkit.drift.pagefit import fit_page
from towerkit.engines.extract import extract
from towerkit.models import Word
from towerkit.sample import generate
from towerkit.sample.scan import scan_pages, to_png

ZOO_DPIS = (100, 150, 200, 300)
"""The layout zoo draws its scans' resolution from 100-300 dpi; these span it."""


def anchors(words: Sequence[Word]) -> dict[str, tuple[float, float]]:
    """Static words of page 1 whose normalised text occurs once: text -> (x0, top)."""
    page1 = [w for w in static_words(words) if w.page == 1]
    counts = Counter(w.text for w in page1)
    return {w.text: (w.x0, w.top) for w in page1 if counts[w.text] == 1}


def residuals(
    ref: dict[str, tuple[float, float]], got: dict[str, tuple[float, float]], *, capped: bool = False
) -> tuple[list[float], Any]:
    """Per shared anchor, its distance from where the page fit maps it; and the fit.

    ``capped``: the fit as the drift checks make it for a text page (skew, scale and shift limits);
    otherwise nothing is capped: what is left is OCR's own jitter.
    """
    keys = sorted(set(ref) & set(got))
    pairs = [(*ref[k], *got[k]) for k in keys]
    if capped:
        fit = fit_page(pairs, tolerance_pt=Settings().drift_tolerance_pt)
    else:
        fit = fit_page(pairs, tolerance_pt=math.inf, max_skew_deg=math.inf, max_scale_diff=math.inf)
    out = []
    for ex, ey, ox, oy in pairs:
        px, py = fit.predict(ex, ey)
        out.append(math.hypot(ox - px, oy - py))
    return out, fit


def pct(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))] if s else float("nan")


def layouts(root: Path, limit: int) -> list[Path]:
    """One text PDF per issuer's layout of the corpus at ``root`` (its first page is measured)."""
    seen: set[str] = set()
    out: list[Path] = []
    for line in (root / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text_pdf = rec.get("format") == "pdf" and rec.get("route") == "text" and not rec.get("broken")
        if text_pdf and rec["template"] not in seen:
            seen.add(rec["template"])
            out.append(root / rec["file"])
    return out[:limit]


def scans(pdf: Path, work: Path, seed: int) -> list[tuple[str, Path]]:
    """(scanner name, scan file) of ``pdf``: the sample's scanner, and the zoo's at each of ``ZOO_DPIS``."""
    data = pdf.read_bytes()
    out = []
    p = work / f"{pdf.stem}-sample.png"
    p.write_bytes(to_png(scan_pages(data, seed)))
    out.append(("sample 200 (stated)", p))
    for dpi in ZOO_DPIS:
        blob, ext, _ = scan(data, random.Random(f"{seed}-{pdf.stem}-{dpi}"), dpi=dpi, rotation=0, fmt="png")
        p = work / f"{pdf.stem}-zoo{dpi}{ext}"
        p.write_bytes(blob)
        out.append((f"zoo {dpi} (no dpi)", p))
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure, print the per-scanner table; 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layouts", type=int, default=8)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)

    settings = Settings(workers=0)
    by_scanner: dict[str, list[float]] = {}
    capped: dict[str, list[float]] = {}
    fits: dict[str, list[tuple[float, float, float]]] = {}
    baseline: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp) / "corpus", Path(tmp) / "scans"
        work.mkdir()
        generate(root, docs=60, seed=args.seed, era="baseline")
        for pdf in layouts(root, args.layouts):
            ref = anchors(extract(pdf, settings).words)
            baseline += residuals(ref, anchors(extract(pdf, settings).words))[0]
            for name, path in scans(pdf, work, args.seed):
                got = anchors(extract(path, settings).words)
                res, fit = residuals(ref, got)
                by_scanner.setdefault(name, []).extend(res)
                capped.setdefault(name, []).extend(residuals(ref, got, capped=True)[0])
                fits.setdefault(name, []).append((math.hypot(fit.dx, fit.dy), math.degrees(fit.theta), fit.scale))
                print(
                    f"{pdf.name[:24]:24s} {name:20s} anchors {len(res):3d}  p99 {pct(res, 0.99):5.1f} pt  "
                    f"scale {fit.scale:.3f}  shift {math.hypot(fit.dx, fit.dy):5.1f} pt  "
                    f"capped fit p99 {pct(capped[name][-len(res) :], 0.99):6.1f} pt",
                    flush=True,
                )
    print()
    print(
        "| scanner | anchors | p50 pt | p90 | p95 | p99 | max | p99 / text noise floor | fit shift pt (max) "
        "| skew deg (max abs) | scale (min-max) | p99 after the text-route fit |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    every: list[float] = []
    for name, res in by_scanner.items():
        every += res
        f = fits[name]
        print(
            f"| {name} | {len(res)} | {pct(res, 0.5):.1f} | {pct(res, 0.9):.1f} | {pct(res, 0.95):.1f} | "
            f"{pct(res, 0.99):.1f} | {max(res):.1f} | {pct(res, 0.99) / NOISE_FLOOR_PT:.2f} | "
            f"{max(s for s, _, _ in f):.0f} | {max(abs(t) for _, t, _ in f):.2f} | "
            f"{min(c for _, _, c in f):.3f}-{max(c for _, _, c in f):.3f} | {pct(capped[name], 0.99):.1f} |"
        )
    print(
        f"| all scans | {len(every)} | {pct(every, 0.5):.1f} | {pct(every, 0.9):.1f} | {pct(every, 0.95):.1f} | "
        f"{pct(every, 0.99):.1f} | {max(every):.1f} | {pct(every, 0.99) / NOISE_FLOOR_PT:.2f} | | | | |"
    )
    print(
        f"| baseline: text route twice | {len(baseline)} | {pct(baseline, 0.5):.1f} | | | "
        f"{pct(baseline, 0.99):.1f} | {max(baseline):.1f} | | | | | |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
