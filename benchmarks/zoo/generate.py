"""Write a layout-zoo corpus: ``DIR/<zone>/<site_id>/<file>`` plus ``DIR/ground_truth.jsonl``.

    .venv/bin/python benchmarks/zoo/generate.py --out DIR [--docs N] [--seed S]
        [--families a,b,...|more|extra|third|fourth]

``--families`` defaults to the ten ``FAMILIES``; it also takes names of ``MORE_FAMILIES`` (``more`` stands
for all of those), of ``EXTRA_FAMILIES``, the prose ``memo`` and ``narrative`` (``extra`` for both), and of
``THIRD_FAMILIES``, a third writer's five form layouts (``third`` for all five), and of ``FOURTH_FAMILIES``,
a fourth writer's five layouts (``fourth`` for all five).

Document ``i`` is drawn from its own ``random.Random(f"zoo:{seed}:{i}")`` and PDFs are written with
``invariant=1``, so the same arguments give the same bytes on every run. Families take turns
(``i % len(families)``) so every family gets its share even in a small corpus.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.zoo import EXTRA_FAMILIES, FAMILIES, FOURTH_FAMILIES, MORE_FAMILIES, THIRD_FAMILIES
from benchmarks.zoo import facts as fx
from benchmarks.zoo.exports import render_export
from benchmarks.zoo.facts import chance
from benchmarks.zoo.forms import FAMILY_DRAW, kv_table
from benchmarks.zoo.fourth_sheets import FOURTH_DRAW
from benchmarks.zoo.labels import Item, Style, build_items, random_style, title, truth_of
from benchmarks.zoo.more_forms import MORE_DRAW, letter
from benchmarks.zoo.prose import checkboxes, clauses
from benchmarks.zoo.prose_more import EXTRA_DRAW
from benchmarks.zoo.scan import scan
from benchmarks.zoo.sheet import Sheet
from benchmarks.zoo.third_sheets import THIRD_DRAW

ALLOWED: dict[str, tuple[str, ...]] = (
    dict.fromkeys(FAMILIES, fx.DOC_TYPES)
    | {
        "checkboxes": ("structural_inspection", "municipal_permit", "faa_determination", "field_log"),
        "exports": (*fx.DOC_TYPES, "field_log", "field_log"),  # exports are mostly field logs
    }
    | dict.fromkeys(MORE_FAMILIES, fx.DOC_TYPES)
    | dict.fromkeys(EXTRA_FAMILIES, fx.DOC_TYPES)
    | dict.fromkeys(THIRD_FAMILIES, fx.DOC_TYPES)
    | {"field_sheet": (*fx.DOC_TYPES, "field_log", "field_log")}  # visit sheets are mostly field logs
    | dict.fromkeys(FOURTH_FAMILIES, fx.DOC_TYPES)
    | {"statement": (*fx.DOC_TYPES, "lease_amendment")}  # statements are mostly rent statements
)
SCAN_SHARE = 0.3
_FAA_NAMES = ("Federal Aviation Administration", "FAA Obstruction Evaluation Service", "Obstruction Evaluation Group")
_LETTER_DATES = ("long", "long", "ordinal", "us", "dmy")
_MEMO_DATES = ("long", "long", "us", "ordinal", "abbr", "dmy", "iso")  # memos and reports: dates as people type them
_DEPTS = ("Planning & Development Department", "Building Division", "Zoning Office", "Community Development")


def _style(family: str, rng: random.Random) -> Style:
    """Per-family adjustments of an issuer's habits (prose has no unit-in-label; exports print terse)."""
    if family == "clauses":
        ds = rng.choice(("ordinal", "ordinal", "long", "us", "dmy"))
        return random_style(rng, prose=True, unit_in_label=0.0, date_style=ds)
    if family == "letter" or family in EXTRA_FAMILIES:  # a sentence cannot lean on a unit in a label it lacks
        dates = _LETTER_DATES if family == "letter" else _MEMO_DATES
        return random_style(rng, prose=True, unit_in_label=0.0, date_style=rng.choice(dates))
    if family == "kv_table":
        return random_style(rng, unit_column=chance(rng, 0.4))
    if family == "checkboxes":
        return random_style(rng, keep=0.95)
    if family == "exports":
        return random_style(
            rng,
            date_style=rng.choice(("iso", "us", "oracle", "iso")),
            coord_style=rng.choice(("signed", "signed", "dms_dash", "dec_hemi")),
        )
    special = _fourth_style if family in FOURTH_FAMILIES else _third_style if family in THIRD_FAMILIES else None
    return special(family, rng) if special else random_style(rng)


def _third_style(family: str, rng: random.Random) -> Style:
    """The third writer's forms: a bare number's unit is shown by the layout (a column, a header, brackets)."""
    if family == "field_sheet":  # typed onto rules, dates mostly as MM/DD/YYYY
        return random_style(rng, unit_in_label=0.0, date_style=rng.choice(("us", "us", "us", "iso", "long", "dmy")))
    share = {"gov_form": (0.0, 0.3, 0.7), "datasheet": (0.3, 0.7, 1.0), "tabbed": (0.0, 0.0, 0.4)}
    return random_style(rng, unit_column=True, unit_in_label=rng.choice(share.get(family, (0.5, 1.0))))


def _fourth_style(family: str, rng: random.Random) -> Style:
    """The fourth writer's issuers: a bare number's unit goes to a box label, a header or a unit cell."""
    if family == "line_printer":  # mainframe dates and coordinates
        return random_style(
            rng,
            caps=True,
            date_style=rng.choice(("us", "iso", "oracle", "oracle")),
            coord_style=rng.choice(("dms_dash", "signed", "signed")),
            unit_in_label=rng.choice((0.5, 0.8, 1.0)),
        )
    if family == "questionnaire":  # answers typed as people type them; a unit sometimes in the question
        return random_style(rng, date_style=rng.choice(("long", "us", "us", "abbr", "dmy")), unit_in_label=0.3)
    share = {"permit_card": (0.0, 0.3, 0.6), "statement": (0.4, 0.7), "wide_table": (0.5, 0.8, 1.0)}
    return random_style(rng, unit_in_label=rng.choice(share[family]))


def _letterhead(doc_type: str, f: dict[str, Any], items: list[Item], rng: random.Random) -> tuple[str, dict[str, str]]:
    """(issuer line, fields it states): the issuer never silently names a field the truth lacks."""
    printed = {k for i in items for k in i.truth}
    if doc_type == "municipal_permit":  # a permit always names its authority at the top
        return f"{f['jurisdiction']} - {rng.choice(_DEPTS)}", {"jurisdiction": f["jurisdiction"]}
    if doc_type == "faa_determination" and chance(rng, 0.6):
        region = rng.choice(("Southwest", "Great Lakes", "Eastern", "Southern", "Central", "Northwest Mountain"))
        return f"{rng.choice(_FAA_NAMES)} - {region} Region", {}
    if doc_type == "structural_inspection" and "inspection_firm" in printed and chance(rng, 0.5):
        return f["inspection_firm"], {}
    if doc_type == "lease_amendment" and "lessee" in printed and chance(rng, 0.4):
        return f["lessee"], {}
    return fx.company(rng), {}


def render_pdf(
    family: str, doc_type: str, f: dict[str, Any], items: list[Item], rng: random.Random
) -> tuple[bytes, dict[str, str]]:
    """A text PDF of ``items`` in ``family``'s layout, and fields the letterhead states."""
    sh = Sheet(rng)
    issuer, extra = _letterhead(doc_type, f, items, rng)
    head = title(doc_type, f, {k for i in items for k in i.truth}, rng)
    if family == "letter":  # a letter's sender block and subject line take the letterhead's place
        letter(sh, items, rng, issuer=issuer, subject=head, doc_type=doc_type)
        return sh.finish(), extra
    if family in EXTRA_DRAW:  # a memo's header or a report's title block is its own letterhead
        EXTRA_DRAW[family](sh, items, rng, issuer=issuer, subject=head, doc_type=doc_type)
        return sh.finish(), extra
    if family in FOURTH_DRAW:  # each prints the issuer and title its own way (a card, a statement, a printout)
        FOURTH_DRAW[family](sh, items, rng, issuer=issuer, subject=head, doc_type=doc_type)
        if family != "line_printer" and chance(rng, 0.4):
            sh.signature()
        return sh.finish(), extra
    sh.letterhead(issuer, head)
    if family in FAMILY_DRAW:
        FAMILY_DRAW[family](sh, items, rng)
    elif family in MORE_DRAW:
        MORE_DRAW[family](sh, items, rng)
    elif family in THIRD_DRAW:
        THIRD_DRAW[family](sh, items, rng, doc_type)
    elif family == "kv_table":
        kv_table(sh, items, rng, doc_type)
    elif family == "clauses":
        clauses(sh, items, rng, doc_type)
    elif family == "checkboxes":
        checkboxes(sh, items, rng)
    else:
        raise ValueError(f"no PDF layout for family {family!r}")
    if chance(rng, 0.5):
        sh.signature()
    return sh.finish(), extra


def _name(site_id: str, i: int, ext: str, rng: random.Random, *, scanned: bool) -> str:
    """File names as people leave them: none says which layout or type the file holds."""
    if scanned and chance(rng, 0.5):
        return f"{rng.choice(('scan', 'IMG', 'SCN', 'doc'))}_{i:05d}{ext}"
    return rng.choice((f"{site_id}_{i:04d}{ext}", f"{site_id.lower()}-{i:05d}{ext}", f"D{i:06d}{ext}"))


def make_document(i: int, seed: int, family: str, sites: list[fx.Site]) -> tuple[str, bytes, dict[str, Any]]:
    """(relative path, bytes, ground-truth row) of document ``i``."""
    rng = random.Random(f"zoo:{seed}:{i}")  # noqa: S311 - reproducible test data, not secrets
    doc_type = rng.choice(ALLOWED[family])
    site = rng.choice(sites)
    f = fx.make_facts(doc_type, site, rng)
    items = build_items(doc_type, f, _style(family, rng), rng)
    truth = truth_of(items)
    row: dict[str, Any] = {
        "doc_type": doc_type,
        "route": "text",
        "template": family,
        "family": family,
        "revision": 1,
        "drifted": False,
        "expect_status": "ingested",
    }
    if family == "exports":
        data, ext, kind = render_export(items, rng)
        row["layout"] = kind
    else:
        data, extra = render_pdf(family, doc_type, f, items, rng)
        truth |= extra
        ext = ".pdf"
        if rng.random() < SCAN_SHARE:
            data, ext, info = scan(data, rng)
            row["route"] = "ocr"
            row["scan"] = info.as_dict()
    rel = f"{site.zone}/{site.site_id}/{_name(site.site_id, i, ext, rng, scanned=row['route'] == 'ocr')}"
    row["fields"] = dict(sorted(truth.items()))
    return rel, data, {"file": rel, **row}


def generate(out: Path, docs: int = 200, seed: int = 1, families: tuple[str, ...] = FAMILIES) -> list[dict[str, Any]]:
    """Write ``docs`` documents and the ground truth under ``out``; return the ground-truth rows."""
    known = set(FAMILIES) | set(MORE_FAMILIES) | set(EXTRA_FAMILIES) | set(THIRD_FAMILIES) | set(FOURTH_FAMILIES)
    unknown = set(families) - known
    if unknown:
        raise ValueError(f"unknown families: {', '.join(sorted(unknown))}")
    sites = fx.site_pool(random.Random(f"zoo:{seed}:sites"), max(4, docs // 3))  # noqa: S311 - reproducible
    rows = []
    for i in range(docs):
        rel, data, row = make_document(i, seed, families[i % len(families)], sites)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows.append(row)
    (out / "ground_truth.jsonl").write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    return rows


def _families(arg: str) -> tuple[str, ...]:
    """The ``--families`` list, with ``more``, ``extra``, ``third`` and ``fourth`` expanded to their family tuples."""
    groups = {"more": MORE_FAMILIES, "extra": EXTRA_FAMILIES, "third": THIRD_FAMILIES, "fourth": FOURTH_FAMILIES}
    names = (x.strip() for x in arg.split(","))
    return tuple(itertools.chain.from_iterable(groups.get(n, (n,)) for n in names if n))


def main(argv: list[str] | None = None) -> int:
    """CLI entry: generate and print a one-screen summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--families",
        default=",".join(FAMILIES),
        help="comma-separated names from: "
        + ", ".join(FAMILIES + MORE_FAMILIES + EXTRA_FAMILIES + THIRD_FAMILIES + FOURTH_FAMILIES)
        + "; 'more' = the six from caption_below to letter; 'extra' = memo and narrative;"
        + " 'third' = gov_form, datasheet, tabbed, summary_table, field_sheet;"
        + " 'fourth' = permit_card, statement, questionnaire, wide_table, line_printer",
    )
    a = ap.parse_args(argv)
    fams = _families(a.families)
    started = time.perf_counter()
    try:
        rows = generate(a.out, a.docs, a.seed, fams)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    took = time.perf_counter() - started
    per = Counter((r["family"], r["route"]) for r in rows)
    print(f"{len(rows)} documents in {took:.1f} s -> {a.out}")  # noqa: T201
    for fam in fams:
        print(f"  {fam:<13} text={per[fam, 'text']:<4} ocr={per[fam, 'ocr']}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
