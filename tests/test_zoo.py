# ruff: noqa: S101, PLR2004, INP001
"""The layout zoo writes what its ground truth says: valid files, honest formats, real scans.

The zoo is a measuring instrument for the extractor, so these tests check the instrument itself:
the same seed gives the same bytes, every family writes files that open, the ground truth is in the
DESIGN.md normalised formats, and a scan recorded as rotated and low-resolution really is.
"""

from __future__ import annotations

import configparser
import csv
import hashlib
import io
import json
import random
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.zoo import FAMILIES, THIRD_FAMILIES  # noqa: E402
from benchmarks.zoo import facts as fx  # noqa: E402
from benchmarks.zoo.generate import generate, render_pdf  # noqa: E402
from benchmarks.zoo.labels import build_items, random_style  # noqa: E402
from benchmarks.zoo.scan import scan  # noqa: E402

DOCS, SEED = 20, 11
FIELDS = {
    "structural_inspection": {
        "asr_number",
        "structure_type",
        "structure_height_ft",
        "latitude",
        "longitude",
        "inspection_date",
        "inspection_firm",
        "max_capacity_pct",
        "result",
        "lighting_type",
        "next_inspection_date",
    },
    "lease_amendment": {
        "lease_id",
        "lessor",
        "lessee",
        "amendment_date",
        "commencement_date",
        "expiration_date",
        "monthly_rent_usd",
        "escalator_pct",
        "renewal_term_years",
        "renewals_remaining",
        "notice_days",
    },
    "municipal_permit": {
        "jurisdiction",
        "permit_number",
        "permit_type",
        "issue_date",
        "expiration_date",
        "approved_height_ft",
        "permit_status",
    },
    "faa_determination": {
        "asn",
        "structure_height_ft",
        "structure_height_amsl_ft",
        "latitude",
        "longitude",
        "determination",
        "marking_lighting",
        "determination_date",
        "expiration_date",
    },
    "field_log": {"log_date", "technician", "activity", "light_outage", "findings"},
}
FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "height": re.compile(r"^\d+\.\d$"),
    "coord": re.compile(r"^-?\d{1,3}\.\d{6}$"),
    "money": re.compile(r"^\d+\.\d{2}$"),
    "number": re.compile(r"^\d+(\.\d+)?$"),
}
KIND = {
    **dict.fromkeys(
        (
            "inspection_date",
            "next_inspection_date",
            "amendment_date",
            "commencement_date",
            "expiration_date",
            "issue_date",
            "determination_date",
            "log_date",
        ),
        "date",
    ),
    **dict.fromkeys(("structure_height_ft", "approved_height_ft", "structure_height_amsl_ft"), "height"),
    **dict.fromkeys(("latitude", "longitude"), "coord"),
    "monthly_rent_usd": "money",
    **dict.fromkeys(
        ("max_capacity_pct", "escalator_pct", "renewal_term_years", "renewals_remaining", "notice_days"), "number"
    ),
}
ENUMS = {
    "structure_type": {"monopole", "self_supporting", "guyed"},
    "result": {"pass", "fail"},
    "light_outage": {"yes", "no"},
}
LOWER = {"permit_type", "permit_status", "determination", "marking_lighting", "activity", "lighting_type"}


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Two documents of every family, some of them scans."""
    root = tmp_path_factory.mktemp("zoo")
    return root, generate(root, docs=DOCS, seed=SEED)


def test_same_seed_same_bytes(corpus: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    """A corpus is reproducible to the byte, so scores from two runs compare like with like."""
    root, _ = corpus
    generate(tmp_path, docs=DOCS, seed=SEED)
    assert _hashes(tmp_path) == _hashes(root)
    other = tmp_path / "other"
    generate(other, docs=3, seed=SEED + 1)
    assert (other / "ground_truth.jsonl").read_bytes() != (root / "ground_truth.jsonl").read_bytes()


def _check_value(name: str, value: str) -> None:
    """One normalised value is in its DESIGN.md format."""
    kind = KIND.get(name)
    if kind:
        assert FORMATS[kind].match(value), (name, value)
    if kind == "date":
        date.fromisoformat(value)
    if name == "latitude":
        assert -90 <= float(value) <= 90
    if name == "longitude":
        assert float(value) < 0  # every zoo site is in the western hemisphere
    if name in ENUMS:
        assert value in ENUMS[name], (name, value)
    if name in LOWER:
        assert value == value.lower()
    if name == "asn":
        assert re.match(r"^\d{4}-[A-Z]{3}-\d+-OE$", value)


def test_ground_truth_rows_follow_the_design_formats(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    """Every row has the contract's keys, fields of its type only, values in normalised form."""
    root, rows = corpus
    assert [json.loads(x) for x in (root / "ground_truth.jsonl").read_text().splitlines()] == rows
    assert {r["family"] for r in rows} == set(FAMILIES)
    for r in rows:
        assert (root / r["file"]).is_file()
        assert r["file"].count("/") == 2
        assert r["template"] == r["family"]
        assert (r["revision"], r["drifted"], r["expect_status"]) == (1, False, "ingested")
        assert r["route"] in ("text", "ocr")
        fields = r["fields"]
        assert fields, r
        assert set(fields) <= FIELDS[r["doc_type"]] | {"site_id", "site_name"}, r
        for name, value in fields.items():
            _check_value(name, value)
        if "site_id" in fields:
            assert r["file"].split("/")[1] == fields["site_id"]


def _pdf_text(path: Path) -> tuple[int, str]:
    doc = pdfium.PdfDocument(path)
    try:
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        return len(doc), text
    finally:
        doc.close()


def _check_export(path: Path, r: dict[str, Any]) -> None:
    """Text exports parse as what their extension and layout say."""
    assert r["route"] == "text"
    assert path.suffix in (".csv", ".tsv", ".ini", ".txt", ".log")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # legacy field laptops
    layout = r["layout"]
    if layout.startswith("csv"):
        assert len(list(csv.reader(io.StringIO(text)))) >= 2
    elif layout.startswith("tsv"):
        assert len(list(csv.reader(io.StringIO(text), delimiter="\t"))) >= 2
        assert all("\t" in ln for ln in text.splitlines() if ln)
    elif layout == "ini":
        cp = configparser.ConfigParser(interpolation=None)
        cp.read_string(text)
        assert cp.sections()
    elif layout == "fixed":
        assert re.search(r"^-{2,}( +-{2,})+$", text, re.MULTILINE)
    if "site_id" in r["fields"]:
        assert r["fields"]["site_id"] in text


def _check_text_pdf(path: Path, r: dict[str, Any]) -> None:
    """A text PDF opens, carries its values in the text layer, and looks like its family."""
    pages, text = _pdf_text(path)
    assert path.suffix == ".pdf"
    assert pages >= 1
    if "site_id" in r["fields"]:
        assert r["fields"]["site_id"] in text
    if r["family"] == "clauses":
        assert re.search(r"\d+\.\d+ [A-Z]", text)
    if r["family"] == "dot_leaders":
        assert re.search(r"\.{4,}|_{4,}|(\. ){4,}", text)


def _check_scan(path: Path, r: dict[str, Any]) -> None:
    """Scans have no text layer (PDF) or no DPI information (PNG, TIFF), and the recorded size."""
    if path.suffix == ".pdf":
        pages, text = _pdf_text(path)
        assert pages == r["scan"]["pages"]
        assert not text.strip()
        return
    with Image.open(path) as im:
        im.load()
        if path.suffix == ".png":
            assert "dpi" not in im.info
            assert b"pHYs" not in path.read_bytes()
        else:
            assert not {282, 283, 296} & set(im.tag_v2)  # no X/Y resolution, no resolution unit
        _assert_scan_size(im.size, r["scan"])


def test_every_family_writes_valid_files(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    """Each file opens with the reader its kind calls for."""
    root, rows = corpus
    for r in rows:
        path = root / r["file"]
        if r["family"] == "exports":
            _check_export(path, r)
        elif r["route"] == "text":
            _check_text_pdf(path, r)
        else:
            _check_scan(path, r)


def test_the_third_writer_s_families_write_valid_files_with_their_truth(tmp_path: Path) -> None:
    """The third writer's layouts (gov_form, datasheet, ...) open, carry their values and keep the truth's formats."""
    rows = generate(tmp_path, docs=10, seed=SEED, families=THIRD_FAMILIES)
    assert {r["family"] for r in rows} == set(THIRD_FAMILIES)
    for r in rows:
        for name, value in r["fields"].items():
            _check_value(name, value)
        path = tmp_path / r["file"]
        if r["route"] == "text":
            _check_text_pdf(path, r)
        else:
            _check_scan(path, r)


def _assert_scan_size(size: tuple[int, int], info: dict[str, Any]) -> None:
    """The pixel size is the page at the recorded dpi (turned if rotated; skew adds a few %)."""
    w, h = (d / 72 * info["dpi"] for d in info["page_pt"])
    if info["rotation"] in (90, 270):
        w, h = h, w
    assert w * 0.99 <= size[0] <= w * 1.07, (size, info)
    assert h * 0.99 <= size[1] <= h * 1.07, (size, info)


def test_families_reach_their_layouts(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    """Scans happen, exports stay text, checkbox forms only hold types with options to tick."""
    _, rows = corpus
    assert any(r["route"] == "ocr" for r in rows)
    assert all(r["route"] == "text" for r in rows if r["family"] == "exports")
    assert all(r["doc_type"] != "lease_amendment" for r in rows if r["family"] == "checkboxes")


@pytest.mark.parametrize("rotation", [90, 180])
def test_a_small_scan_is_really_rotated_and_low_res(rotation: int) -> None:
    """A scan recorded at 110 dpi and turned is that size and that way round."""
    rng = random.Random(5)  # noqa: S311 - reproducible test data
    site = fx.site_pool(rng, 1)[0]
    facts = fx.make_facts("field_log", site, rng)
    items = build_items("field_log", facts, random_style(rng), rng)
    pdf, _ = render_pdf("same_line", "field_log", facts, items, rng)
    data, ext, info = scan(pdf, rng, dpi=110, rotation=rotation, fmt="png")
    assert (ext, info.dpi, info.rotation) == (".png", 110, rotation)
    with Image.open(io.BytesIO(data)) as im:
        assert "dpi" not in im.info
        _assert_scan_size(im.size, info.as_dict())
        ink = np.asarray(im.convert("L")) < 128  # dark pixels: print, not paper tone or noise
    # The letterhead and fields sit at the top of the page; where did the top go?
    if rotation == 90:  # counter-clockwise: the top of the page is now on the left
        assert ink[:, : ink.shape[1] // 2].sum() > 1.5 * ink[:, ink.shape[1] // 2 :].sum()
    else:  # upside down: the top is at the bottom
        assert ink[ink.shape[0] // 2 :].sum() > 1.5 * ink[: ink.shape[0] // 2].sum()


def test_a_scan_upside_down_on_grainy_paper_is_turned_by_what_osd_sees_as_scanned(tmp_path: Path) -> None:
    """A wide table scanned upside down at 134 dpi on grey paper: its flattened copy's grain misled Tesseract's
    orientation check (upright, 0.77), which on the page as scanned is sure it is upside down (1.6)."""
    from benchmarks.zoo.generate import make_document
    from towerkit.config import Settings
    from towerkit.engines.extract import extract

    rel, data, row = make_document(18, 505, "wide_table", fx.site_pool(random.Random("zoo:505:sites"), 6))
    assert row["scan"]["rotation"] == 180 and not row["scan"]["binary"]  # the instrument made what this needs
    path = tmp_path / Path(rel).name
    path.write_bytes(data)
    doc = extract(path, Settings(workers=0))
    text = " ".join(w.text for w in doc.words)
    assert "turned 180 degrees" in doc.pages[0].reason and "Record Detail" in text, text[:200]
