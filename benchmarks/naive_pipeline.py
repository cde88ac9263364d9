"""The naive pipeline: what a reasonable first version of the seed idea looks like.

The seed idea: "walk the folder, read every PDF with pdfplumber, OCR what has no text with
Tesseract, pull out the labelled fields, put it all in DuckDB". Written the way a newcomer writes
it from the libraries' own tutorials — not sabotaged, and with outputs of the same kind as
towerkit's (documents, pages, words, tables, fields in a DuckDB file):

- one file after another, in one process;
- PDFs: pdfplumber opens every page; ``extract_text`` classifies it (fewer than
  ``TEXT_THRESHOLD`` characters → scanned), text pages give ``extract_words`` + ``extract_tables``,
  scanned pages are rendered with ``page.to_image(resolution=300)`` and the PIL image handed to
  ``pytesseract.image_to_data`` with default settings (no ``OMP_THREAD_LIMIT``);
- images: every frame handed to pytesseract as a PIL image; text logs: decoded (UTF-8, else
  Latin-1) and split into words;
- fields: ``Label: value`` lines, keyed by the label; doc type by keywords;
- DuckDB: one ``INSERT`` per document and page, ``executemany`` for words, fields and table rows.

Run: ``python benchmarks/naive_pipeline.py CORPUS --db naive.duckdb`` prints one JSON summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import duckdb
import pdfplumber
import pytesseract
from PIL import Image, ImageSequence

TEXT_THRESHOLD = 25
"""A page whose extract_text() has fewer characters is treated as a scan (same as towerkit's default)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (doc_id VARCHAR, path VARCHAR, doc_type VARCHAR, engine VARCHAR,
    page_count INTEGER, status VARCHAR, error VARCHAR);
CREATE TABLE IF NOT EXISTS pages (doc_id VARCHAR, page INTEGER, engine VARCHAR, chars INTEGER);
CREATE TABLE IF NOT EXISTS words (doc_id VARCHAR, page INTEGER, text VARCHAR, x0 DOUBLE, top DOUBLE,
    x1 DOUBLE, bottom DOUBLE, conf DOUBLE);
CREATE TABLE IF NOT EXISTS doc_tables (doc_id VARCHAR, page INTEGER, table_no INTEGER, row_no INTEGER,
    cells VARCHAR[]);
CREATE TABLE IF NOT EXISTS fields (doc_id VARCHAR, field VARCHAR, value VARCHAR, page INTEGER);
"""

DOC_TYPES = {
    "structural_inspection": ("structural", "inspection"),
    "lease_amendment": ("lease", "amendment"),
    "municipal_permit": ("permit",),
    "faa_determination": ("aeronautical", "faa", "determination"),
    "field_log": ("field log", "technician", "log"),
}
IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TEXT_EXT = {".txt", ".log", ".csv"}
LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z /#.()-]{1,40}?)\s*:\s*(\S.*)$")


def ocr(image: Image.Image, page: int) -> list[tuple]:
    """pytesseract's word boxes for a PIL image, as the pytesseract README shows it."""
    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT)
    out = []
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= 0:
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            out.append((page, text, x, y, x + w, y + h, float(data["conf"][i])))
    return out


def read_pdf(path: str) -> tuple[list, list, list, list[str]]:
    pages, words, tables, texts = [], [], [], []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            if len(text.strip()) < TEXT_THRESHOLD:
                image = page.to_image(resolution=300).original
                found = ocr(image, n)
                pages.append((n, "tesseract", sum(len(w[1]) for w in found)))
                words += found
                texts.append(" ".join(w[1] for w in found))
            else:
                for w in page.extract_words():
                    words.append((n, w["text"], w["x0"], w["top"], w["x1"], w["bottom"], None))
                for t_no, rows in enumerate(page.extract_tables(), start=1):
                    for r_no, row in enumerate(rows):
                        tables.append((n, t_no, r_no, row))
                pages.append((n, "pdfplumber", len(text)))
                texts.append(text)
    return pages, words, tables, texts


def read_image(path: str) -> tuple[list, list, list, list[str]]:
    pages, words, texts = [], [], []
    with Image.open(path) as img:
        for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
            found = ocr(frame.convert("RGB"), n)
            pages.append((n, "tesseract", sum(len(w[1]) for w in found)))
            words += found
            texts.append(" ".join(w[1] for w in found))
    return pages, words, [], texts


def read_text(path: str) -> tuple[list, list, list, list[str]]:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    words = []
    for line_no, line in enumerate(text.splitlines()):
        col = 0
        for token in line.split():
            col = line.index(token, col)
            words.append((1, token, col * 6.0, line_no * 12.0, (col + len(token)) * 6.0, line_no * 12.0 + 12, None))
            col += len(token)
    return [(1, "text", len(text))], words, [], [text]


def classify(text: str) -> str | None:
    low = text.lower()
    best = max(DOC_TYPES, key=lambda t: sum(low.count(k) for k in DOC_TYPES[t]))
    return best if any(k in low for k in DOC_TYPES[best]) else None


def fields_of(texts: list[str]) -> list[tuple]:
    out = []
    for n, text in enumerate(texts, start=1):
        for line in text.splitlines():
            m = LABEL.match(line)
            if m:
                name = re.sub(r"\W+", "_", m.group(1).strip().lower()).strip("_")
                out.append((name, m.group(2).strip(), n))
    return out


def process(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Read one file and insert its rows; returns its page count."""
    doc_id = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    ext = Path(path).suffix.lower()
    try:
        if ext == ".pdf":
            pages, words, tables, texts = read_pdf(path)
        elif ext in IMAGE_EXT:
            pages, words, tables, texts = read_image(path)
        elif ext in TEXT_EXT:
            pages, words, tables, texts = read_text(path)
        else:
            raise ValueError(f"unsupported file type {ext}")
    except Exception as e:  # one bad file must not stop the loop
        con.execute("INSERT INTO documents VALUES (?, ?, NULL, NULL, 0, 'failed', ?)", [doc_id, path, str(e)[:200]])
        return 0
    engine = "tesseract" if any(p[1] == "tesseract" for p in pages) else pages[0][1]
    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, 'ingested', NULL)",
                [doc_id, path, classify("\n".join(texts)), engine, len(pages)])
    for p in pages:
        con.execute("INSERT INTO pages VALUES (?, ?, ?, ?)", [doc_id, *p])
    if words:
        con.executemany("INSERT INTO words VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [[doc_id, *w] for w in words])
    if tables:
        con.executemany("INSERT INTO doc_tables VALUES (?, ?, ?, ?, ?)", [[doc_id, *t] for t in tables])
    fields = fields_of(texts)
    if fields:
        con.executemany("INSERT INTO fields VALUES (?, ?, ?, ?)", [[doc_id, *f] for f in fields])
    return len(pages)


def run(root: str, db: str) -> dict[str, object]:
    started = time.perf_counter()
    con = duckdb.connect(db)
    con.execute(SCHEMA)
    files = pages = 0
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name == "ground_truth.jsonl" or name.startswith("."):
                continue
            pages += process(con, os.path.join(folder, name))
            files += 1
    con.close()
    return {"files": files, "pages": pages, "seconds": round(time.perf_counter() - started, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("--db", required=True)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.root, args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
