"""The sample corpus generator: real files on disk, read back with pdfplumber, pypdf and Tesseract."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from towerkit.sample import canonical as cn
from towerkit.sample import generate
from towerkit.sample.templates import DOC_TYPES

DATE = r"\d{4}-\d{2}-\d{2}"
FT = r"\d+\.\d"
COORD = r"-?\d{1,3}\.\d{6}"
PCT = r"\d+(\.\d*[1-9])?"
INT = r"\d+"
ENUM = r"[a-z][a-z_]*"
TEXT = r"\S(.*\S)?"
FIELD_FORMS = {
    "site_id": r"[A-Z]{2}-\d{4}", "site_name": TEXT,
    "asr_number": r"\d{7}", "structure_type": r"monopole|self_supporting|guyed", "structure_height_ft": FT,
    "latitude": COORD, "longitude": COORD, "inspection_date": DATE, "inspection_firm": TEXT,
    "max_capacity_pct": PCT, "result": r"pass|fail", "lighting_type": r"none|red|white|dual",
    "next_inspection_date": DATE,
    "lease_id": TEXT, "lessor": TEXT, "lessee": TEXT, "amendment_date": DATE, "commencement_date": DATE,
    "expiration_date": DATE, "monthly_rent_usd": r"\d+\.\d{2}", "escalator_pct": PCT,
    "renewal_term_years": INT, "renewals_remaining": INT, "notice_days": INT,
    "jurisdiction": TEXT, "permit_number": r"[A-Z]+-\d{4}-\d{5}", "permit_type": ENUM, "issue_date": DATE,
    "approved_height_ft": FT, "permit_status": ENUM,
    "asn": r"\d{4}-A[A-Z]{2}-\d{4,5}-OE", "structure_height_amsl_ft": FT, "determination": r"no_hazard|hazard",
    "marking_lighting": r"none|red|white|dual", "determination_date": DATE,
    "log_date": DATE, "technician": TEXT, "activity": r"[a-z]+( [a-z]+)*", "light_outage": r"yes|no",
    "findings": TEXT,
}
REQUIRED = {
    "structural_inspection": {"structure_type", "latitude", "longitude", "inspection_date", "inspection_firm",
                              "max_capacity_pct", "result", "lighting_type", "next_inspection_date"},
    "lease_amendment": {"lease_id", "lessor", "lessee", "amendment_date", "commencement_date", "expiration_date",
                        "monthly_rent_usd", "escalator_pct", "renewal_term_years", "renewals_remaining", "notice_days"},
    "municipal_permit": {"jurisdiction", "permit_number", "permit_type", "issue_date", "expiration_date",
                         "approved_height_ft", "permit_status"},
    "faa_determination": {"asn", "structure_height_ft", "structure_height_amsl_ft", "latitude", "longitude",
                          "determination", "marking_lighting", "determination_date", "expiration_date"},
    "field_log": {"log_date", "technician", "activity", "light_outage", "findings"},
}
SCAN_FORMATS = {"png", "tiff", "scanpdf", "png_as_pdf"}


def _truth(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "towerkit", "sample", *args], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(name="rows", scope="module")
def _rows(sample_corpus: Path) -> list[dict]:
    return _truth(sample_corpus)


def test_same_seed_gives_byte_identical_files(sample_corpus: Path, tmp_path: Path) -> None:
    """Generating again with the fixture's arguments reproduces every file byte for byte; another seed differs."""
    again = tmp_path / "again"
    generate(again, docs=40, seed=11)
    assert _digests(again) == _digests(sample_corpus)
    other = tmp_path / "other"
    generate(other, docs=12, seed=12)
    assert set(_digests(other).values()).isdisjoint(_digests(sample_corpus).values())


def test_ground_truth_lists_exactly_the_files(sample_corpus: Path, rows: list[dict]) -> None:
    """Every file on disk has one ground-truth row and every row names a file under ROOT/zone/site/."""
    on_disk = {str(p.relative_to(sample_corpus)) for p in sample_corpus.rglob("*")
               if p.is_file() and p.name != "ground_truth.jsonl"}
    listed = [r["file"] for r in rows]
    assert len(listed) == len(set(listed)) == 40
    assert set(listed) == on_disk
    for r in rows:
        zone, site, _ = r["file"].split("/")
        assert zone == r["zone"] and site == r["site_id"]
    assert 3 <= len({r["zone"] for r in rows}) <= 4
    assert any(not r["file"].isascii() for r in rows) and any(" " in r["file"] for r in rows)


def test_every_type_has_two_issuers_and_sites_hold_several_types(rows: list[dict]) -> None:
    """All five document types occur, each from at least two issuers, and a typical site has several types."""
    issuers = defaultdict(set)
    per_site = defaultdict(set)
    for r in rows:
        if r["doc_type"]:
            issuers[r["doc_type"]].add(r["issuer"])
            per_site[r["site_id"]].add(r["doc_type"])
    assert set(issuers) == set(DOC_TYPES)
    assert all(len(v) >= 2 for v in issuers.values()), issuers
    assert sum(len(v) >= 4 for v in per_site.values()) >= len(per_site) / 2


def test_scans_broken_and_drift_shares(rows: list[dict]) -> None:
    """About 20% scans, a mixed and a broken-encoding PDF routed to OCR, ~5% broken, 10-15% drifted."""
    fmt = Counter(r["format"] for r in rows)
    scans = sum(fmt[f] for f in SCAN_FORMATS)
    assert 0.15 <= scans / len(rows) <= 0.25, fmt
    assert fmt["mixed"] == fmt["badfont"] == fmt["png_as_pdf"] == 1
    assert all(r["route"] == "ocr" for r in rows if r["format"] in SCAN_FORMATS | {"mixed", "badfont"})
    broken = [r for r in rows if r["broken"]]
    assert 1 <= len(broken) <= 0.1 * len(rows)
    assert all(r["expect_status"] == "failed" and r["doc_type"] is None and r["fields"] == {} for r in broken)
    drifted = [r for r in rows if r["drifted"]]
    assert 0.1 <= len(drifted) / len(rows) <= 0.15
    assert {r["drift"] for r in drifted} == {"minor", "major"}
    for r in rows:
        if not r["broken"]:
            assert r["expect_status"] == ("quarantined" if r["drift"] == "major" else "ingested")


def test_every_field_value_is_canonical(rows: list[dict]) -> None:
    """Each ground-truth value matches its field's canonical pattern and each type carries its core fields."""
    for r in rows:
        if r["broken"]:
            continue
        fields = r["fields"]
        assert {"site_id", "site_name"} <= set(fields), r["file"]
        missing = REQUIRED[r["doc_type"]] - set(fields)
        if r["drift"] != "major":
            assert not missing, (r["file"], missing)
        for name, value in fields.items():
            assert isinstance(value, str) and re.fullmatch(FIELD_FORMS[name], value), (r["file"], name, value)


def test_canonical_conversions() -> None:
    """Metres, DMS and money print-then-normalize the way DESIGN.md says."""
    assert cn.c_ft_from_m("60.8") == "199.5"
    assert cn.c_ft_from_m("61.0") == "200.1"
    assert cn.p_coord(32.770083, "lat", "dms") == ("32\u00b046'12.3\"N", "32.770083")
    assert cn.p_coord(-97.123456, "lon", "dms_dash") == ("97-07-24.44W", "-97.123456")
    assert cn.p_coord(-97.123456, "lon", "dec_hemi") == ("97.12346\u00b0 W", "-97.123460")
    assert cn.money_words(cn.q("2350", 2)) == "Two Thousand Three Hundred Fifty and 00/100 Dollars ($2,350.00)"
    assert (cn.c_pct("87.40"), cn.c_pct("3.0"), cn.c_pct("100")) == ("87.4", "3", "100")


def test_drifted_documents_postdate_their_issuers_baselines(rows: list[dict]) -> None:
    """A drifted document is dated after every baseline document of its issuer, which has >= 3 of them."""
    base = defaultdict(list)
    for r in rows:
        if r["revision"] == 1 and not r["new_issuer"]:
            base[r["template"]].append(r["doc_date"])
    earliest = defaultdict(list)  # the registry orders a family by each document's earliest date field
    for r in rows:
        if r["revision"] == 1 and not r["new_issuer"]:
            earliest[r["template"]].append(_min_date(r))
    for r in rows:
        if r["drifted"]:
            assert len(base[r["template"]]) >= 3, r["template"]
            assert r["doc_date"] > max(base[r["template"]]), r["file"]
            assert _min_date(r) > max(earliest[r["template"]]), r["file"]


def _min_date(r: dict) -> str:
    return min(v for k, v in r["fields"].items() if k.endswith("_date"))


def test_compliance_variety(rows: list[dict]) -> None:
    """The corpus holds the edge cases the compliance rules look for."""
    insp = [r["fields"] for r in rows if r["doc_type"] == "structural_inspection"]
    heights = [float(f["structure_height_ft"]) for f in insp if "structure_height_ft" in f]
    assert any(h > 200 for h in heights) and any(h <= 200 for h in heights)
    assert any(f["inspection_date"] < "2023-02-01" for f in insp)  # overdue at the tests' as-of date
    logs = [r["fields"] for r in rows if r["doc_type"] == "field_log"]
    assert {"yes", "no"} <= {f["light_outage"] for f in logs}


def test_eras_split_baseline_and_later(tmp_path: Path) -> None:
    """era=baseline holds only revision 1; era=later only revisions >= 2 plus a new issuer, all dated later."""
    base = generate(tmp_path / "b", docs=12, seed=3, era="baseline")
    later = generate(tmp_path / "l", docs=12, seed=4, era="later")
    assert all(r["revision"] == 1 and not r["drifted"] for r in base if not r["broken"])
    docs = [r for r in later if not r["broken"]]
    assert all(r["drifted"] or r["new_issuer"] for r in docs)
    assert any(r["new_issuer"] and r["expect_status"] == "ingested" for r in docs)
    assert min(r["doc_date"] for r in docs) > max(r["doc_date"] for r in base if not r["broken"])


def test_pdfplumber_reads_labels_and_ruled_tables(sample_corpus: Path, rows: list[dict]) -> None:
    """A text-layer report yields its labels and values, and its member-capacity grid is found as a table."""
    r = next(r for r in rows if r["doc_type"] == "structural_inspection" and r["format"] == "pdf"
             and r["revision"] == 1)
    with pdfplumber.open(sample_corpus / r["file"]) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
        tables = [t for p in pdf.pages[1:] for t in p.extract_tables()]
    assert r["fields"]["site_id"] in text and r["fields"]["site_name"] in text
    assert re.search(r"Site (ID|Number)", text, re.I) and re.search(r"Inspection|Inspected", text, re.I)
    capacity = next(t for t in tables if any("Capacity" in (c or "") or "Usage" in (c or "") for c in t[0]))
    col = next(i for i, c in enumerate(capacity[0]) if "Capacity" in c or "Usage" in c)
    assert cn.c_pct(max((row[col] for row in capacity[1:]), key=float)) == r["fields"]["max_capacity_pct"]


def test_mixed_pdf_has_one_scanned_page(sample_corpus: Path, rows: list[dict]) -> None:
    """The mixed report keeps a text layer on its other pages and has only an image on the scanned one."""
    r = next(r for r in rows if r["format"] == "mixed")
    with pdfplumber.open(sample_corpus / r["file"]) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            if i in r["ocr_pages"]:
                assert not page.chars and len(page.images) == 1
            else:
                assert len(page.chars) > 100


def test_metres_are_converted_from_the_printed_value() -> None:
    """A layout printing metres yields the feet of the printed (rounded) metres, not of the hidden height."""
    import random
    from datetime import date
    from decimal import Decimal

    from towerkit.sample import facts, render_pdf
    from towerkit.sample.model import Doc

    site = facts.make_sites(random.Random(1), 1)[0]
    site.height_ft = Decimal("199.5")
    doc = Doc(site=site, doc_type="structural_inspection", issuer="summit_struct", revision=1, drift=None,
              doc_date=date(2023, 5, 2))
    facts.fill(doc, random.Random(2))
    pdf = render_pdf.render(doc)
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc_pdf:
        text = doc_pdf.pages[1].extract_text()
    assert "Tower Ht. AGL (m) 60.8" in text  # 199.5 ft = 60.808 m, printed 60.8
    assert doc.truth["structure_height_ft"] == "199.5" == cn.c_ft_from_m("60.8")
    assert doc.truth["inspection_date"] == "2023-05-02" and "02-May-2023" in text


def test_broken_encoding_pdf_has_a_meaningless_text_layer(sample_corpus: Path, rows: list[dict]) -> None:
    """The broken-font PDF has text objects, but extraction yields (cid:NN) codes instead of words."""
    r = next(r for r in rows if r["format"] == "badfont")
    with pdfplumber.open(sample_corpus / r["file"]) as pdf:
        text = pdf.pages[0].extract_text()
    assert text.count("(cid:") > 50
    assert r["fields"]["site_id"] not in text


def test_encrypted_and_truncated_files_are_really_broken(sample_corpus: Path, rows: list[dict]) -> None:
    """pypdf reports the encrypted sample as encrypted and refuses a wrong password; a truncated one has no %%EOF."""
    kinds = {r["broken"]: sample_corpus / r["file"] for r in rows if r["broken"]}
    assert set(kinds) == {"encrypted", "truncated", "empty", "random_bytes"}
    assert kinds["empty"].stat().st_size == 0
    head = kinds["random_bytes"].read_bytes()[:8]
    assert not head.startswith((b"%PDF", b"\x89PNG", b"II*\x00", b"MM\x00*", b"\xff\xd8"))
    reader = pypdf.PdfReader(kinds["encrypted"])
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == pypdf.PasswordType.NOT_DECRYPTED
    data = kinds["truncated"].read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" not in data and b"startxref" not in data


@pytest.mark.ocr
def test_tesseract_reads_a_scan(sample_corpus: Path, rows: list[dict], tmp_path: Path) -> None:
    """Tesseract reads a degraded PNG scan (the one saved with a .pdf name): its site and most printed values."""
    r = next(r for r in rows if r["format"] == "png_as_pdf")
    exe = shutil.which("tesseract") or "tesseract"
    out = subprocess.run([exe, str(sample_corpus / r["file"]), "stdout", "--psm", "3"], capture_output=True,
                         text=True, timeout=60, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    assert r["fields"]["site_id"] in out, out[:500]
    assert r["fields"]["site_name"] in out
    text = " ".join(out.split())
    short = [v for v in r["raw"].values() if len(v) <= 30]
    found = [v for v in short if " ".join(v.split()) in text]
    assert len(found) >= 0.75 * len(short), sorted(set(short) - set(found))


def test_cli_writes_a_corpus_and_refuses_bad_arguments(tmp_path: Path) -> None:
    """towerkit sample writes a corpus with a one-line summary; bad folders and counts fail in one line."""
    out = tmp_path / "corpus"
    done = _cli("--out", str(out), "--docs", "8", "--seed", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "8 files" in done.stdout
    assert len(_truth(out)) == 8
    again = _cli("--out", str(out), "--docs", "8", "--seed", "6")  # a previous corpus is replaced
    assert again.returncode == 0 and len(_truth(out)) == 8
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    refused = _cli("--out", str(busy))
    assert refused.returncode != 0 and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert (busy / "notes.txt").read_text() == "mine"
    zero = _cli("--out", str(tmp_path / "z"), "--docs", "0")
    assert zero.returncode != 0 and zero.stderr.count("\n") == 1
