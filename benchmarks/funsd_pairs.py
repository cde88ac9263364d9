# ruff: noqa: T201, INP001
"""Label -> value pairs on real scanned forms: the layout reader against two naive rules, same OCR words.

Data: ``/work/shared/corpus/funsd-train`` (75 FUNSD forms, fax-quality scans of about 100 dpi).
The split is ``ocr_recall.half_images``: image names sorted, even indexes the *tune* half, odd
indexes the *measure* half (the default). Each image is OCRed once by
``towerkit.engines.extract.extract(image, Settings())`` (two processes, ``OMP_THREAD_LIMIT=1``)
and the one ``ExtractedDoc`` feeds every configuration, so they differ only in how they pair words:

  towerkit           ``towerkit.fields.reader.read_pairs(doc)``, boxes scaled from page points to
                     image pixels by ``image width px / page width pt`` (as ``ocr_recall.py`` does);
  colon split        every line of ``fields.layout.build_lines`` holding a word that ends in ``:``:
                     label = the words up to and including the first such word, value = the rest of
                     the line (lines with nothing after the colon give no pair);
  colon split, every :  the same with a pair for every colon of the line: a colon word labels the
                     words after it up to the segment holding the next colon word (the issue's
                     0.18-0.22 fits this reading better: on the tune half one pair a line gives 0.159,
                     one pair a colon 0.210);
  nearest neighbour  every segment of those lines that ends in ``:`` or is short (<= 4 words) and
                     letters only, paired with the next segment to its right on its line, else with
                     the nearest segment below whose left edge is within 1.5 label heights of its own;
  towerkit pairs     (``--cli``) the JSON lines of ``towerkit pairs IMAGES... --json``, run once over
                     the half, boxes already in image pixels: the target as the issue states it.

Truth: every link in an annotation's ``linking`` between a ``question`` entity and an ``answer``
entity, in either direction (1,380 over the 75 forms); label = the question's text and box, value =
the answer's. A question with two answer entities gives two truth pairs.

Scoring: text is normalised (lower case, whitespace collapsed, surrounding punctuation stripped,
which strips a trailing colon); the similarity of two texts is rapidfuzz ``fuzz.ratio / 100``, and
0 when either is empty (such a side can only match by its box). A found pair *matches* a truth pair
when (label similarity >= 0.8 or label box IoU >= 0.5) and (value similarity >= 0.8 or value box
IoU >= 0.5). Matching is one-to-one, greedy over the candidate (found, truth) couples in descending
order of combined score, a side's score being the larger of its similarity and its IoU. Precision
= matched found pairs / found pairs, recall = matched truth pairs / truth pairs, F1 their harmonic
mean, all pooled over the forms of the half. Per-kind precision (matched / found for each
``Pair.kind``) says which layout rule misfires. Word recall is ``ocr_recall.score`` (same text,
IoU >= 0.3 or centre inside, one-to-one) of the words ``extract`` returns against the annotated words.

Usage: ``python benchmarks/funsd_pairs.py [--half measure|tune] [--limit N] [--dump DIR] [--cli]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # ocr_recall: the split, the corpus, the word matcher

from ocr_recall import CORPUS, PUNCT, half_images, score, truth
from PIL import Image
from rapidfuzz import fuzz

from towerkit.config import Settings
from towerkit.engines.extract import extract
from towerkit.errors import TowerkitError
from towerkit.fields.layout import Line, Segment, build_lines
from towerkit.fields.reader import read_pairs
from towerkit.models import ExtractedDoc, Word

Box = tuple[float, float, float, float]

MIN_TEXT_SIM = 0.8
"""Normalised-text similarity at which a side matches: the issue's criterion; absorbs an OCR slip or two."""
MIN_BOX_IOU = 0.5
"""Box IoU at which a side matches when its text does not (OCR misread, label kept with a stray glyph)."""
NN_SHORT_WORDS = 4
"""Words a letters-only segment may have to count as a label for the nearest-neighbour baseline."""
NN_BELOW_LEFT = 1.5
"""Label heights a segment's left edge may be from the label's to be taken as the value under it."""
COLON_SPLIT_RANGE = (0.18, 0.22)
"""Colon-split F1 the issue reports on FUNSD: far outside it, suspect this scorer before the reader."""
COLON_SPLIT_SLACK = 0.05
"""Room around that range for one half's ~37 forms (the issue measured 50 other forms)."""
OCR_PROCESSES = 2
"""The machine's two cores; Tesseract runs single-threaded in each (``OMP_THREAD_LIMIT=1``)."""


@dataclass(frozen=True, slots=True)
class KV:
    """A label and its value with both boxes in image pixels: a truth pair or a found one."""

    label: str
    value: str
    label_box: Box
    value_box: Box
    kind: str = ""


@dataclass(slots=True)
class Tally:
    """Counts pooled over the forms of the half for one configuration."""

    found: int = 0
    truth: int = 0
    matched: int = 0
    kind_found: Counter[str] = field(default_factory=Counter)
    kind_matched: Counter[str] = field(default_factory=Counter)

    def add(self, found: Sequence[KV], truth_pairs: Sequence[KV], links: Sequence[int | None]) -> None:
        """Count one form's found pairs, truth pairs and matches (``links`` as ``match`` returns it)."""
        self.found += len(found)
        self.truth += len(truth_pairs)
        for kv, link in zip(found, links, strict=True):
            self.kind_found[kv.kind] += 1
            if link is not None:
                self.matched += 1
                self.kind_matched[kv.kind] += 1

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 (0 where undefined)."""
        p = self.matched / self.found if self.found else 0.0
        r = self.matched / self.truth if self.truth else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def norm_text(text: str) -> str:
    """Lower case, whitespace collapsed, surrounding punctuation (a trailing colon too) stripped."""
    return " ".join(text.split()).strip(PUNCT + " ").lower()


def similarity(a: str, b: str) -> float:
    """``fuzz.ratio / 100`` of the normalised texts; 0 when either is empty."""
    na, nb = norm_text(a), norm_text(b)
    return fuzz.ratio(na, nb) / 100 if na and nb else 0.0


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes ``(x0, top, x1, bottom)``."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _side(text: str, box: Box, want_text: str, want_box: Box) -> float | None:
    sim, overlap = similarity(text, want_text), iou(box, want_box)
    return max(sim, overlap) if sim >= MIN_TEXT_SIM or overlap >= MIN_BOX_IOU else None


def match(found: Sequence[KV], truth_pairs: Sequence[KV]) -> list[int | None]:
    """For each found pair, the index of the truth pair it matched, or None (one-to-one, greedy)."""
    couples: list[tuple[float, int, int]] = []
    for i, f in enumerate(found):
        for j, t in enumerate(truth_pairs):
            lab = _side(f.label, f.label_box, t.label, t.label_box)
            val = _side(f.value, f.value_box, t.value, t.value_box) if lab is not None else None
            if lab is not None and val is not None:
                couples.append((lab + val, i, j))
    links: list[int | None] = [None] * len(found)
    taken: set[int] = set()
    for _, i, j in sorted(couples, key=lambda c: (-c[0], c[1], c[2])):
        if links[i] is None and j not in taken:
            links[i] = j
            taken.add(j)
    return links


def truth_pairs_of(image: Path) -> list[KV]:
    """The question -> answer links of one form (each link once, whichever entity lists it)."""
    form = json.loads((CORPUS / "annotations" / f"{image.stem}.json").read_text())["form"]
    by_id = {e["id"]: e for e in form}
    links: set[tuple[int, int]] = set()
    for e in form:
        for a, b in e["linking"]:
            kinds = (by_id[a]["label"], by_id[b]["label"])
            if kinds == ("question", "answer"):
                links.add((a, b))
            elif kinds == ("answer", "question"):
                links.add((b, a))
    out = []
    for q, a in sorted(links):
        qb, ab = (tuple(float(v) for v in by_id[x]["box"]) for x in (q, a))
        out.append(KV(by_id[q]["text"], by_id[a]["text"], qb, ab))  # type: ignore[arg-type]
    return out


def _union(words: Sequence[Word], scale: float) -> Box:
    return (
        min(w.x0 for w in words) * scale,
        min(w.top for w in words) * scale,
        max(w.x1 for w in words) * scale,
        max(w.bottom for w in words) * scale,
    )


def _kv(label: Sequence[Word], value: Sequence[Word], kind: str, scale: float) -> KV:
    text = " ".join
    return KV(
        text(w.text for w in label), text(w.text for w in value), _union(label, scale), _union(value, scale), kind
    )


def colon_split(lines: Sequence[Line], scale: float) -> list[KV]:
    """Baseline (a): each line cut after its first word ending in ``:``."""
    out = []
    for line in lines:
        cut = next((i for i, w in enumerate(line.words) if w.text.endswith(":")), None)
        if cut is not None and cut + 1 < len(line.words):
            out.append(_kv(line.words[: cut + 1], line.words[cut + 1 :], "colon", scale))
    return out


def colon_split_every(lines: Sequence[Line], scale: float) -> list[KV]:
    """Baseline (a'), a reading of "splitting lines at a colon" closer to the issue's 0.18-0.22: a pair per colon.

    Each word ending in ``:`` labels the words after it up to the next label, which starts at the
    segment holding the next colon word (never before the previous colon); the first label starts
    the line, as in ``colon_split``.
    """
    out = []
    for line in lines:
        ws = line.words
        seg_first = [n for seg in line.segments for n in [ws.index(seg.words[0])] * len(seg.words)]
        colons = [i for i, w in enumerate(ws) if w.text.endswith(":")]
        starts = [0] + [max(seg_first[c], prev + 1) for prev, c in pairwise(colons)]
        for k, c in enumerate(colons):
            end = starts[k + 1] if k + 1 < len(colons) else len(ws)
            if end > c + 1:
                out.append(_kv(ws[starts[k] : c + 1], ws[c + 1 : end], "colon", scale))
    return out


_LETTERS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def _nn_label(seg: Segment) -> bool:
    return seg.text.endswith(":") or (len(seg.words) <= NN_SHORT_WORDS and _LETTERS.fullmatch(seg.text) is not None)


def nearest_neighbour(lines: Sequence[Line], scale: float) -> list[KV]:
    """Baseline (b): a label-looking segment takes the segment to its right, else the nearest one under it."""
    out = []
    for n, line in enumerate(lines):
        for i, seg in enumerate(line.segments):
            if not _nn_label(seg):
                continue
            value: Segment | None = line.segments[i + 1] if i + 1 < len(line.segments) else None
            if value is None:
                tol = NN_BELOW_LEFT * (seg.bottom - seg.top)
                below = [
                    s
                    for other in lines[n + 1 :]
                    if other.page == line.page and other.top >= (seg.top + seg.bottom) / 2
                    for s in other.segments
                    if abs(s.x0 - seg.x0) <= tol
                ]
                value = min(below, key=lambda s: (s.top, s.x0), default=None)
            if value is not None:
                out.append(_kv(seg.words, value.words, "nn", scale))
    return out


@dataclass(frozen=True, slots=True)
class Form:
    """One OCRed image: its words (once, for every configuration) and the points -> pixels scale."""

    image: Path
    doc: ExtractedDoc | None
    scale: float
    seconds: float
    error: str | None = None


def ocr_form(image: Path) -> Form:
    """Extract one image as ingest would (run in a worker process)."""
    started = time.perf_counter()
    try:
        doc = extract(image, Settings())
    except TowerkitError as e:
        return Form(image, None, 1.0, time.perf_counter() - started, str(e))
    with Image.open(image) as im:
        scale = im.width / doc.pages[0].width
    return Form(image, doc, scale, time.perf_counter() - started)


def reader_pairs(form: Form) -> list[KV]:
    """``read_pairs`` on the cached words, boxes in image pixels."""
    if form.doc is None:
        return []
    s = form.scale
    return [
        KV(p.label, p.value, tuple(v * s for v in p.label_box), tuple(v * s for v in p.value_box), p.kind)  # type: ignore[arg-type]
        for p in read_pairs(form.doc)
    ]


def cli_pairs(images: Sequence[Path]) -> tuple[dict[str, list[KV]], float]:
    """The pairs ``towerkit pairs IMAGES... --json`` prints, by image name, and its wall seconds."""
    exe = Path(sys.executable).with_name("towerkit")
    started = time.perf_counter()
    proc = subprocess.run(  # noqa: S603 - our own console script on our own file list
        [str(exe), "pairs", *map(str, images), "--json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"towerkit pairs exited {proc.returncode}: {proc.stderr[-2000:]}")
    out: dict[str, list[KV]] = {im.name: [] for im in images}
    for line in proc.stdout.splitlines():
        if line.strip():
            o = json.loads(line)
            kv = KV(o["label"], o["value"], tuple(o["label_box"]), tuple(o["value_box"]), o.get("kind", "?"))
            out.setdefault(Path(o["path"]).name, []).append(kv)
    return out, seconds


def _dump(
    folder: Path, form: Form, want: list[KV], found: dict[str, list[KV]], links: dict[str, list[int | None]]
) -> None:
    configs = {}
    for name, kvs in found.items():
        hit = {j for j in links[name] if j is not None}
        configs[name] = {
            "found": [{**asdict(kv), "truth": j} for kv, j in zip(kvs, links[name], strict=True)],
            "missed": [j for j in range(len(want)) if j not in hit],
        }
    doc = {"image": str(form.image), "error": form.error, "truth": [asdict(t) for t in want], "configs": configs}
    (folder / f"{form.image.stem}.json").write_text(json.dumps(doc, indent=1))


@dataclass(slots=True)
class Run:
    """Everything one half gave: pair tallies per configuration and the stored words' recall."""

    tallies: dict[str, Tally]
    words_hit: int = 0
    words_want: int = 0
    words_found: int = 0


def score_forms(forms: Sequence[Form], configs: dict[str, Callable[[Form], list[KV]]], dump: Path | None) -> Run:
    """Pair each form every way, match against its truth, tally; the words once per form."""
    run = Run({name: Tally() for name in configs})
    for form in forms:
        if form.error:
            print(f"  {form.image.name}: extraction failed: {form.error}")
        want = truth_pairs_of(form.image)
        found = {name: pair(form) for name, pair in configs.items()}
        links = {name: match(kvs, want) for name, kvs in found.items()}
        for name, tally in run.tallies.items():
            tally.add(found[name], want, links[name])
        s = form.scale
        words = [] if form.doc is None else form.doc.words
        words_px = [(w.text, (w.x0 * s, w.top * s, w.x1 * s, w.bottom * s)) for w in words]
        annotated = truth(form.image)
        run.words_hit += score(words_px, annotated)
        run.words_want += len(annotated)
        run.words_found += sum(1 for t, _ in words_px if t.strip().strip(PUNCT))
        if dump:
            _dump(dump, form, want, found, links)
    return run


def report(run: Run) -> None:
    """The table, per-kind precision of the reader, word recall, and a warning if colon split is off."""
    print(f"{'config':<22} {'found':>6} {'matched':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for name, t in run.tallies.items():
        p, r, f1 = t.prf()
        print(f"{name:<22} {t.found:6d} {t.matched:7d} {p:6.3f} {r:6.3f} {f1:6.3f}")
    for name in ("towerkit read_pairs", "towerkit pairs --cli"):
        t = run.tallies.get(name, Tally())
        if t.found:
            print(f"per-kind precision, {name}:")
        for kind, n in t.kind_found.most_common():
            print(f"  {kind:<12} {n:5d} found {t.kind_matched[kind]:5d} matched  P {t.kind_matched[kind] / n:.3f}")
    hit, want, found = run.words_hit, run.words_want, run.words_found
    print(
        f"word recall of the stored words: {hit / max(1, want):.3f} "
        f"({hit} of {want}; precision {hit / max(1, found):.3f} of {found} found)"
    )
    colon_f1 = run.tallies["colon split"].prf()[2]
    lo, hi = COLON_SPLIT_RANGE
    if not lo - COLON_SPLIT_SLACK <= colon_f1 <= hi + COLON_SPLIT_SLACK:
        print(f"note: colon split F1 {colon_f1:.3f} is far from the issue's {lo}-{hi}: check the scorer")


def main() -> None:
    """OCR the half once, pair its words every way, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("measure", "tune"), default="measure")
    ap.add_argument("--limit", type=int, default=0, help="only the first N images of the half")
    ap.add_argument("--dump", type=Path, help="write each form's found pairs against its truth (JSON) here")
    ap.add_argument("--cli", action="store_true", help="also score `towerkit pairs IMAGES... --json`")
    args = ap.parse_args()
    images = half_images(args.half)[: args.limit or None]
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    with ProcessPoolExecutor(OCR_PROCESSES) as pool:
        forms = list(pool.map(ocr_form, images))
    ocr_wall = time.perf_counter() - started
    configs: dict[str, Callable[[Form], list[KV]]] = {
        "towerkit read_pairs": reader_pairs,
        "colon split": lambda f: colon_split(build_lines(f.doc.words), f.scale) if f.doc else [],
        "colon split, every :": lambda f: colon_split_every(build_lines(f.doc.words), f.scale) if f.doc else [],
        "nearest neighbour": lambda f: nearest_neighbour(build_lines(f.doc.words), f.scale) if f.doc else [],
    }
    cli_line = ""
    if args.cli:
        cli, seconds = cli_pairs(images)
        configs["towerkit pairs --cli"] = lambda f: cli[f.image.name]
        cli_line = f"; towerkit pairs --json {seconds:.1f} s wall ({seconds / max(1, len(images)):.2f} s/page)"
    run = score_forms(forms, configs, args.dump)
    ocr_s = sum(f.seconds for f in forms) / max(1, len(forms))
    print(
        f"{args.half} half: {len(forms)} forms, {run.tallies['colon split'].truth} truth pairs, "
        f"{run.words_want} annotated words; OCR {ocr_s:.2f} s/page per process, {ocr_wall:.1f} s wall "
        f"({OCR_PROCESSES} processes, OMP_THREAD_LIMIT=1){cli_line}"
    )
    report(run)


if __name__ == "__main__":
    main()
