# ruff: noqa: T201, INP001
"""OCR word recall on real low-resolution scans: towerkit against the plain ``tesseract`` command.

Data: ``/work/shared/corpus/funsd-train`` (75 FUNSD forms, fax-quality scans of about 100 dpi with
no DPI metadata, word boxes annotated). The image names are sorted; even indexes are the *tune*
half (every threshold of ``towerkit/engines/scan_geometry.py`` was chosen on it), odd indexes the
*measure* half (the default, reported once).

Configurations, each run on every image of the half, one Tesseract thread (``OMP_THREAD_LIMIT=1``):

  towerkit   ``towerkit.engines.extract.extract(image)``: the words exactly as stored;
  plain      ``tesseract IMAGE - tsv`` with no options;
  plain x3   the same on the image upscaled 3x with Lanczos (written as PNG, no DPI).

Matching: a word's text is normalised (lower-cased, surrounding punctuation stripped; words that
are nothing but punctuation are dropped on both sides). Boxes are compared in image pixels:
towerkit's boxes are in points and are scaled back by ``image width px / page width pt``; the
x3 boxes are divided by 3. An annotated word is *recalled* by a found word with the same
normalised text whose box has IoU >= 0.3 with it or whose centre lies inside it (OCR boxes are
ink boxes, annotation boxes are often looser). Matching is one-to-one, greedy in annotation
order. Recall = matched annotated words / annotated words; precision = matched found words /
found words (both pooled over the pages). Seconds per page are wall seconds of each run.

Usage: ``python benchmarks/ocr_recall.py [--half measure|tune] [--limit N] [--only towerkit,plain,x3]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from towerkit.config import Settings
from towerkit.engines.extract import extract

CORPUS = Path("/work/shared/corpus/funsd-train")
PUNCT = "\"'.,:;!?()[]{}<>-_*/\\|`~@#$%^&+=“”‘’«»"  # noqa: RUF001 - typographic quotes are the point
Box = tuple[float, float, float, float]


def norm(text: str) -> str:
    """Lower case, surrounding punctuation stripped."""
    return text.strip().strip(PUNCT).lower()


def half_images(half: str) -> list[Path]:
    """The tune half (even indexes in name order) or the measure half (odd)."""
    names = sorted((CORPUS / "images").glob("*.png"))
    return names[0::2] if half == "tune" else names[1::2]


def truth(image: Path) -> list[tuple[str, Box]]:
    """The annotated words with a non-empty normalised text, boxes in pixels."""
    form = json.loads((CORPUS / "annotations" / f"{image.stem}.json").read_text())["form"]
    out = []
    for entity in form:
        for w in entity["words"]:
            t = norm(w["text"])
            if t:
                x0, y0, x1, y1 = (float(v) for v in w["box"])
                out.append((t, (x0, y0, x1, y1)))
    return out


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _matches(found: Box, want: Box) -> bool:
    cx, cy = (found[0] + found[2]) / 2, (found[1] + found[3]) / 2
    inside = want[0] <= cx <= want[2] and want[1] <= cy <= want[3]
    return inside or _iou(found, want) >= 0.3  # noqa: PLR2004


def score(found: list[tuple[str, Box]], want: list[tuple[str, Box]]) -> int:
    """How many annotated words are matched, one-to-one."""
    pool = [(norm(t), b) for t, b in found]
    pool = [(t, b) for t, b in pool if t]
    used = [False] * len(pool)
    hits = 0
    for text, box in want:
        for i, (t, b) in enumerate(pool):
            if not used[i] and t == text and _matches(b, box):
                used[i] = True
                hits += 1
                break
    return hits


def run_towerkit(image: Path) -> list[tuple[str, Box]]:
    """The words towerkit stores, boxes back in image pixels."""
    doc = extract(image, Settings(workers=0))
    with Image.open(image) as im:
        px = im.width / doc.pages[0].width
    return [(w.text, (w.x0 * px, w.top * px, w.x1 * px, w.bottom * px)) for w in doc.words]


def _tesseract_tsv(path: Path, factor: float) -> list[tuple[str, Box]]:
    out = subprocess.run(["tesseract", str(path), "-", "tsv"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    words = []
    for line in out.splitlines()[1:]:
        c = line.split("\t")
        if len(c) < 12 or c[0] != "5" or not c[11].strip() or float(c[10]) < 0:  # noqa: PLR2004
            continue
        x, y, w, h = (int(v) / factor for v in c[6:10])
        words.append((c[11].strip(), (x, y, x + w, y + h)))
    return words


def run_plain(image: Path) -> list[tuple[str, Box]]:
    """``tesseract IMAGE - tsv``, no options."""
    return _tesseract_tsv(image, 1.0)


def run_x3(image: Path) -> list[tuple[str, Box]]:
    """The plain command on the image upscaled 3x (Lanczos), boxes divided by 3."""
    with Image.open(image) as im, tempfile.TemporaryDirectory() as tmp:
        big = im.convert("L").resize((im.width * 3, im.height * 3), Image.Resampling.LANCZOS)
        path = Path(tmp) / "x3.png"
        big.save(path)
        return _tesseract_tsv(path, 3.0)


RUNNERS: dict[str, Callable[[Path], list[tuple[str, Box]]]] = {
    "towerkit": run_towerkit,
    "plain": run_plain,
    "x3": run_x3,
}


def main() -> None:
    """Run the configurations on one half and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("measure", "tune"), default="measure")
    ap.add_argument("--limit", type=int, default=0, help="only the first N images of the half")
    ap.add_argument("--only", default="towerkit,plain,x3")
    ap.add_argument("--per-page", action="store_true", help="print each page's recall")
    args = ap.parse_args()
    images = half_images(args.half)
    if args.limit:
        images = images[: args.limit]
    wants = {im: truth(im) for im in images}
    n_want = sum(len(w) for w in wants.values())
    print(f"{args.half} half: {len(images)} pages, {n_want} annotated words; OMP_THREAD_LIMIT=1")
    print(f"{'config':<10} {'recall':>7} {'precision':>9} {'found':>6} {'s/page':>7}")
    for name in args.only.split(","):
        runner = RUNNERS[name]
        hits = found = 0
        seconds = 0.0
        for im in images:
            started = time.perf_counter()
            words = runner(im)
            seconds += time.perf_counter() - started
            h = score(words, wants[im])
            kept = sum(1 for t, _ in words if norm(t))
            if args.per_page:
                print(f"  {im.stem} {name} recall {h / max(len(wants[im]), 1):.2f}")
            hits += h
            found += kept
        print(f"{name:<10} {hits / n_want:7.3f} {hits / max(found, 1):9.3f} {found:6d} {seconds / len(images):7.2f}")


if __name__ == "__main__":
    main()
