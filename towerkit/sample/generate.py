"""Write a planned corpus to disk with its ground truth (``ground_truth.jsonl``).

Tree: ``ROOT/<zone>/<site_id>/<file>``. One JSON object per file, sorted by path::

    {"file", "doc_type", "route", "template", "revision", "drifted", "drift", "expect_status",
     "fields", "raw", "issuer", "issuer_name", "new_issuer", "doc_date", "zone", "site_id", "format",
     "pages", "ocr_pages", "broken", "mislabeled", "encoding"}

``route`` is ``ocr`` when any page needs OCR (scans, the mixed PDF, the broken-encoding PDF) and
``null`` for broken files. ``fields`` holds only fields the document prints, in canonical form
(``towerkit.sample.canonical``); ``raw`` the text printed for each (a
phrase for values inside prose, e.g. ``five (5)``), for diagnosing extraction misses.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path
from typing import Any

from towerkit.errors import InputError
from towerkit.sample import broken, render_pdf, scan, templates, textlog
from towerkit.sample.model import Doc
from towerkit.sample.plan import plan

log = logging.getLogger(__name__)
TRUTH = "ground_truth.jsonl"
"""The ground-truth file at the corpus root; its presence also marks a folder as a replaceable corpus."""
OCR_FORMATS = {"png", "tiff", "scanpdf", "png_as_pdf", "mixed", "badfont"}
"""Formats with at least one page that only OCR can read."""
SCAN_EXT = {"png": "png", "tiff": "tif", "scanpdf": "pdf", "png_as_pdf": "pdf"}
SCANNER_CYCLE, FRENCH_SCANNER = 5, 3
"""Every fifth scan (``n % 5 == 3``) comes from a scanner set to French (``Numérisation 0038.tif``)."""


def _name(d: Doc, n: int) -> str:
    """File names the way each issuer (or scanner) names them: spaces, accents and all."""
    f, sid, dd = d.facts, d.site.site_id, d.doc_date
    ymd = dd.strftime("%Y%m%d")
    if d.broken == "random_bytes":
        return f"download_{ymd}.pdf"
    if d.fmt in SCAN_EXT:
        ext = SCAN_EXT[d.fmt]
        if n % SCANNER_CYCLE == FRENCH_SCANNER:
            return f"Numérisation {n:04d}.{ext}"
        return f"Scan_{dd.isoformat()}_{n:04d}.{ext}" if n % 2 else f"IMG_{ymd}_{1000 + n}.{ext}"
    names = {
        "acme_eng": f"{sid} Inspection Report {dd.isoformat()}.pdf",
        "summit_struct": f"SSG_{sid}_TIA_Inspection_{ymd}.pdf",
        "ridgeline_tower": f"RTS-{sid}-{ymd}.pdf",
        "harlan_price": f"{sid}_{f.get('ordinal', 'First')}_Amendment_{dd:%Y-%m}.pdf",
        "meridian_towers": f"MTP_Abstract_{f.get('lease_id')}_{ymd}.pdf",
        "permitworks": f"Permit {f.get('permit_number')}.pdf",
        "civicplan": f"{f.get('permit_number')}_approval.pdf",
        "faa_oeaaa": f"{f.get('asn')}.pdf",
        "skyclear_aero": f"FAA_{f.get('asn')}_summary.pdf",
        "apex_maint": f"visit_{ymd}.log",
        "lonestar_svc": (
            f"{f.get('technician')} {dd.isoformat()}.txt" if n % 4 == 1 else f"field_report_{dd.isoformat()}.txt"
        ),
    }
    return names[d.issuer or ""]


def _content(d: Doc, rng: random.Random) -> bytes:
    """The file's bytes; rendering fills ``d.truth`` and ``d.extra`` (pages, OCR pages, encoding)."""
    if d.fmt in ("log", "txt"):
        d.extra["encoding"] = "latin-1" if d.fmt == "log" else "utf-8"
        d.extra["pages"] = 1
        return textlog.render(d)
    if d.fmt == "badfont":
        return render_pdf.break_text_layer(render_pdf.render(d, font="Vera"))
    pdf = render_pdf.render(d)
    if d.broken in broken.KINDS:
        return _broken_content(d, pdf, rng)
    if d.fmt == "pdf":
        return pdf
    return _scanned_content(d, pdf)


def _broken_content(d: Doc, pdf: bytes, rng: random.Random) -> bytes:
    """A broken file of kind ``d.broken``, made from the document's real PDF where the kind needs one."""
    if d.broken == "truncated":
        return broken.truncated(pdf)
    if d.broken == "encrypted":
        return broken.encrypted(pdf, d.seed)
    if d.broken == "empty":
        return broken.empty()
    return broken.random_bytes(rng)


def _scanned_content(d: Doc, pdf: bytes) -> bytes:
    """The text PDF scanned: one page (``mixed``) or all of them, saved in the scan's format."""
    title = f"{d.doc_type} {d.site.site_id}"
    if d.fmt == "mixed":
        page = d.extra["pages"] - 1 if d.issuer == "summit_struct" else 1
        d.extra["ocr_pages"] = [page + 1]
        return scan.replace_page_with_scan(pdf, page, d.seed, title)
    pages = scan.scan_pages(pdf, d.seed)
    d.extra["ocr_pages"] = list(range(1, len(pages) + 1))
    if d.fmt in ("png", "png_as_pdf"):
        return scan.to_png(pages)
    if d.fmt == "tiff":
        return scan.to_tiff(pages)
    return scan.to_image_pdf(pages, title)


def _row(d: Doc, rel: str) -> dict[str, Any]:
    """The ground-truth row of a written file (keys in the module docstring)."""
    failed = d.broken is not None
    tpl = None if failed else templates.BY_KEY[f"{d.issuer}/{d.doc_type}"]
    return {
        "file": rel,
        "doc_type": None if failed else d.doc_type,
        "route": None if failed else ("ocr" if d.fmt in OCR_FORMATS else "text"),
        "template": tpl.key if tpl else None,
        "revision": None if failed else d.revision,
        "drifted": (not failed) and d.revision > 1,
        "drift": None if failed else d.drift,
        "expect_status": "failed" if failed else ("quarantined" if d.drift == "major" else "ingested"),
        "fields": {} if failed else dict(sorted(d.truth.items())),
        "raw": {} if failed else {k: d.printed[k] for k in sorted(d.truth) if k in d.printed},
        "issuer": None if failed else d.issuer,
        "issuer_name": tpl.name if tpl else None,
        "new_issuer": bool(tpl and tpl.new),
        "doc_date": None if failed else d.doc_date.isoformat(),
        "zone": d.site.zone,
        "site_id": d.site.site_id,
        "format": d.fmt,
        "pages": None if failed else d.extra.get("pages"),
        "ocr_pages": d.extra.get("ocr_pages", []) if not failed else [],
        "broken": d.broken,
        "mislabeled": "png" if d.fmt == "png_as_pdf" else None,
        "encoding": d.extra.get("encoding"),
    }


def clear_previous(out_dir: Path) -> None:
    """Empty ``out_dir`` if it holds a previous sample corpus; refuse any other non-empty folder."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise InputError(f"{out_dir} exists and is not a folder")
    entries = list(out_dir.iterdir())
    if not entries:
        return
    if not (out_dir / TRUTH).is_file():
        raise InputError(f"{out_dir} is not empty and holds no sample corpus (no {TRUTH}); choose an empty folder")
    for p in entries:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


def generate(out_dir: Path, docs: int = 60, seed: int = 7, era: str = "all") -> list[dict[str, Any]]:
    """Write a corpus of ``docs`` files under ``out_dir`` and its ground truth; return the rows.

    The same arguments give byte-identical files. A folder holding a previous sample corpus is
    replaced; any other non-empty folder is refused with ``InputError``.

    Args:
        out_dir: the corpus root (created if missing).
        docs: the number of files, broken ones included.
        seed: the random seed; with ``era`` it fixes every byte written.
        era: ``all`` (baseline, drifted and new-issuer documents), ``baseline`` (revision 1 only)
            or ``later`` (revisions >= 2 and a new issuer, dated after any baseline document).

    """
    out_dir = Path(out_dir)
    rng = random.Random(f"towerkit-sample/{seed}/{era}")  # noqa: S311  a reproducible corpus, not a secret
    planned = plan(rng, docs, era)
    clear_previous(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for n, d in enumerate(planned):
        data = _content(d, rng)
        name = _name(d, n)
        rel = f"{d.site.zone}/{d.site.site_id}/{name}"
        k = 2
        while rel in used:
            stem, dot, ext = name.rpartition(".")
            rel = f"{d.site.zone}/{d.site.site_id}/{stem} ({k}){dot}{ext}"
            k += 1
        used.add(rel)
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows.append(_row(d, rel))
    rows.sort(key=lambda r: r["file"])
    with (out_dir / TRUTH).open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    log.info("sample corpus: %d files in %s", len(rows), out_dir)
    return rows
