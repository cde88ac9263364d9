"""A document's site: what it prints, unless a scan misread its folder's id by a glyph.

The pure rule on its own, then a real ingest: a scan and a text layer that print an id one glyph off
their folder's (the same mistake Tesseract makes, printed on purpose so OCR reads it reliably).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from reportlab.pdfgen import canvas

from hostile import scan_png
from towerkit.fields.filing import document_site


@pytest.mark.parametrize(
    ("printed", "folder", "scanned", "want"),
    [
        ("US-TX-9454", "US-TX-9451", True, "US-TX-9451"),  # a digit misread
        ("CCO-49410", "CO-49410", True, "CO-49410"),  # a glyph doubled
        ("0-50937", "CO-50937", True, "CO-50937"),  # a glyph dropped, and O read as the 0 it looks like
        ("0-50937", "CO-50937", False, "0-50937"),
        ("US-TX-9454", "US-TX-9451", False, "US-TX-9454"),  # a text layer says what was typed
        ("TX-20322", "US-NC-5880", True, "TX-20322"),  # another site: misfiled, the document wins
        (None, "US-NC-5880", True, "US-NC-5880"),  # nothing printed: the folder
        ("US-NC-5880", None, True, "US-NC-5880"),  # no folder
    ],
)
def test_document_site(printed: str | None, folder: str | None, scanned: bool, want: str) -> None:
    assert document_site(printed, folder, scanned=scanned) == want


@pytest.mark.parametrize(
    ("raw", "scanned", "want"),
    [
        ("US-Ks-/413", True, "US-KS-7473"),  # the id was cut at a glyph no id holds: a fragment
        ("Tower 413", True, "413"),  # a whole token: the document says another site
        ("US-Ks-/413", False, "413"),  # a text layer says what was typed
    ],
)
def test_an_id_cut_out_of_a_garbled_reading_is_no_site_of_its_own(raw: str, scanned: bool, want: str) -> None:
    assert document_site("413", "US-KS-7473", scanned=scanned, raw=raw) == want


def test_ingest_files_a_misread_scan_under_its_folder(tmp_path: Path) -> None:
    site = tmp_path / "corpus" / "east" / "US-TX-9451"
    site.mkdir(parents=True)
    scan_png(site / "scan.png", ["Structural Inspection Report", "Site ID: US-TX-9454", "Tower Height: 180 ft"])
    pdf = canvas.Canvas(str(site / "typed.pdf"))
    for i, line in enumerate(["Structural Inspection Report", "Site ID: US-TX-9454", "Tower Height: 190 ft"]):
        pdf.drawString(72, 720 - 20 * i, line)
    pdf.save()
    db = tmp_path / "t.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "towerkit", "ingest", str(tmp_path / "corpus"), "--db", str(db)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        got = dict(conn.execute("SELECT regexp_extract(path, '[a-z]+\\.[a-z]+$'), site_id FROM documents").fetchall())
        printed = conn.execute("SELECT count(*) FROM fields WHERE field = 'site_id' AND value = 'US-TX-9454'").fetchone()
    assert got == {"scan.png": "US-TX-9451", "typed.pdf": "US-TX-9454"}
    assert printed == (2,)  # the field keeps what each page says; only the filing follows the folder
