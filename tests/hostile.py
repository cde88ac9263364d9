"""Builders of hostile and odd inputs, made on the fly so no large file is committed.

Each returns the path written. Handcrafted PDFs are written byte by byte with a correct xref table
(offsets computed), so what breaks them is exactly the one thing each is meant to break.
"""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def text_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A small text-layer PDF drawn with reportlab."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    for p in range(pages):
        y = 720
        for line in lines:
            c.drawString(72, y, f"{line}")
            y -= 16
        c.drawString(72, 60, f"Page {p + 1} of {pages}")
        c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Serialize numbered objects (1-based) into a PDF with a valid xref and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def many_pages_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages sharing one small content stream (written in well under a second)."""
    content = b"BT /F1 12 Tf 72 720 Td (Tower inspection page) Tj ET"
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects += [page] * pages
    path.write_bytes(_pdf(objects))
    return path


def page_tree_loop_pdf(path: Path) -> Path:
    """A page tree whose /Kids points back at itself: a naive walker never returns."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    path.write_bytes(_pdf(objects))
    return path


def deeply_nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """An object nested ``depth`` arrays deep: recursion-based parsers overflow their stack."""
    nested = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Nest 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots 4 0 R >>",
        nested,
    ]
    path.write_bytes(_pdf(objects))
    return path


def huge_png(path: Path, width: int, height: int) -> Path:
    """A valid grayscale PNG of width x height that compresses to a few hundred KB (a pixel bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    body = bytearray()
    for _ in range(height):
        body += comp.compress(row)
    body += comp.flush()
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", bytes(body)))
        f.write(chunk(b"IEND", b""))
    return path


def encrypted_pdf(src: Path, path: Path, user_password: str, owner_password: str = "owner") -> Path:
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    with open(path, "wb") as f:
        writer.write(f)
    return path


def scan_png(path: Path, lines: list[str]) -> Path:
    """A clean 200-DPI 'scan' of a few lines of text, for the OCR route."""
    img = Image.new("L", (1700, 800), 255)
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 40)
    except OSError:
        font = ImageFont.load_default()
    for i, line in enumerate(lines):
        draw.text((100, 100 + i * 70), line, fill=0, font=font)
    img.save(path, dpi=(200, 200))
    return path


def random_bytes(path: Path, size: int, seed: int = 1) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def odd_name(folder: Path, raw_name: bytes, data: bytes) -> str:
    """Write a file whose name is raw bytes (newlines, invalid UTF-8); returns its str path."""
    target = os.fsencode(folder) + b"/" + raw_name
    with open(target, "wb") as f:
        f.write(data)
    return os.fsdecode(target)


@contextmanager
def write_lock_held(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database's write lock (as a running ingest does) while inside."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.kill()
        holder.wait()
