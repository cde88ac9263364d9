"""Benchmark inputs that the sample generator does not make: long reports and many tiny documents.

- ``tower_report(path, pages)``: a multi-page structural inspection report drawn with reportlab's
  canvas — a labelled header on page 1 and a ruled member-capacity table on every page, the shape
  that makes pdfplumber's per-page cost (and its page cache) show.
- ``small_corpus(root, docs)``: ``ROOT/<zone>/<site>/<file>`` of cheap documents, every one with
  distinct content (nothing is a duplicate): nine in ten legacy field logs (text engine), one in ten a
  one-page text PDF, so the run exercises the pool, the queues and the writer, not OCR.
- ``sparse_file(path, size)``: a file of ``size`` zero bytes that takes no disk (hashing path).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

ZONES = ("north", "south", "east", "west")
MEMBERS = ("Leg A", "Leg B", "Leg C", "Diagonal", "Horizontal", "Anchor rod", "Mount pipe", "Platform")


def tower_report(path: Path, pages: int, seed: int = 1) -> Path:
    """A text PDF of ``pages`` pages with a ruled table on each (cached: kept if it exists)."""
    if path.is_file():
        return path
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    c = canvas.Canvas(str(tmp), pagesize=letter)
    width, height = letter
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(54, height - 54, "Structural Inspection Report")
        c.setFont("Helvetica", 9)
        c.drawString(54, height - 70, f"Site ID: TX-{seed:04d}   Site Name: Benchmark Ridge   Page {n} of {pages}")
        if n == 1:
            y = height - 100
            for label, value in (("ASR Number", "1234567"), ("Structure Type", "Monopole"),
                                 ("Structure Height", "180 ft"), ("Inspection Date", "March 14, 2024"),
                                 ("Inspection Firm", "Summit Tower Engineering"), ("Result", "Pass")):
                c.drawString(54, y, f"{label}: {value}")
                y -= 14
        top, row_h = height - 210, 18
        cols = (54, 190, 290, 390, 490, 558)
        rows = 22
        c.setLineWidth(0.6)
        for r in range(rows + 1):
            c.line(cols[0], top - r * row_h, cols[-1], top - r * row_h)
        for x in cols:
            c.line(x, top, x, top - rows * row_h)
        for i, head in enumerate(("Member", "Elevation (ft)", "Size", "Capacity %", "Status")):
            c.drawString(cols[i] + 4, top - 13, head)
        for r in range(1, rows):
            cells = (rng.choice(MEMBERS), f"{rng.randint(0, 180)}", f"{rng.choice((2, 3, 4, 6))}in SCH40",
                     f"{rng.uniform(20, 99):.1f}", rng.choice(("OK", "OK", "OK", "Monitor")))
            for i, cell in enumerate(cells):
                c.drawString(cols[i] + 4, top - r * row_h - 13, cell)
        c.drawString(54, 60, f"Notes: member capacities per TIA-222-H, load case {rng.randint(1, 9)}, page {n}.")
        c.showPage()
    c.save()
    tmp.rename(path)
    return path


def _log_text(rng: random.Random, i: int, site: str) -> str:
    day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3600))
    lines = [
        "FIELD SERVICE LOG",
        f"Site ID: {site}",
        f"Site Name: Tower {i} {rng.choice(('Hill', 'Ridge', 'Creek', 'Mesa', 'Point'))}",
        f"Log Date: {day:%m/%d/%Y}",
        f"Technician: {rng.choice(('J. Alvarez', 'K. Osei', 'M. Brandt', 'R. Nakamura'))}",
        f"Activity: {rng.choice(('Lighting check', 'Climb inspection', 'Grounding test', 'Antenna swap'))}",
        f"Light Outage: {rng.choice(('No', 'No', 'Yes'))}",
        f"Findings: {rng.choice(('no defects', 'loose bolt on leg B', 'beacon bulb replaced'))}; ref {i:06d}",
    ]
    return "\r\n".join(lines) + "\r\n"


def small_corpus(root: Path, docs: int, seed: int = 5) -> Path:
    """``docs`` small distinct documents (cached by the presence of ``.complete``)."""
    marker = root / ".complete"
    if marker.is_file():
        return root
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    for i in range(docs):
        zone = ZONES[i % len(ZONES)]
        site = f"{zone[:2].upper()}-{i // 4:05d}"
        folder = root / zone / site
        folder.mkdir(parents=True, exist_ok=True)
        text = _log_text(rng, i, site)
        if i % 10 == 9:
            c = canvas.Canvas(str(folder / f"log-{i:06d}.pdf"), pagesize=letter)
            c.setFont("Helvetica", 10)
            y = 720
            for line in text.splitlines():
                c.drawString(72, y, line)
                y -= 14
            c.showPage()
            c.save()
        else:
            (folder / f"log-{i:06d}.log").write_bytes(text.encode("cp1252"))
    marker.write_text("ok\n")
    return root


def sparse_file(path: Path, size: int) -> Path:
    """A ``size``-byte file of zeros; sparse, so it costs no disk and no time to create."""
    if not (path.is_file() and path.stat().st_size == size):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            f.truncate(size)
    return path
