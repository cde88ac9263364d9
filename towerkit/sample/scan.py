"""Make scans: rasterize a text PDF's pages, degrade them like a tired office scanner, save them.

Degradation (seeded numpy ``default_rng``): contrast loss (paper grey, ink not quite black), a
slight rotation (0.3-1.5 degrees either way), a light blur, Gaussian sensor noise and dark
speckles. Kept mild enough that Tesseract still reads every label at 200 DPI: the point is an
honest OCR route, not an unreadable page.

Outputs: PNG (one page), multi-page TIFF (bilevel Group 4, as fax-era archives hold them),
image-only PDF (JPEG pages, Pillow's PDF writer), and a text PDF with one page replaced by its
scan (pypdf stitches the pages; it adds no random file id unless encrypting).
"""

from __future__ import annotations

import io
import time

import numpy as np
import pypdf
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

DPI = 200
FIXED_DATE = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))
"""Pillow stamps PDFs with the current time unless told otherwise: a fixed date keeps bytes reproducible."""
POINTS_PER_INCH = 72
P_COUNTERCLOCKWISE = 0.5
"""Scanners skew either way."""
SPECKLE_DENSITY = 0.0004
"""Share of pixels turned into dark dust specks: visible, yet sparse enough for Tesseract."""
BILEVEL_THRESHOLD = 150
"""Grey levels above this become white in a bilevel TIFF: below the degraded paper (218-240), above its ink."""


def rasterize(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Every page of ``pdf`` as an 8-bit greyscale image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            pages.append(page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil().convert("L"))
            page.close()
        return pages
    finally:
        doc.close()


def degrade(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """``img`` as a tired office scanner returns it (see the module docstring); draws from ``rng``."""
    angle = float(rng.uniform(0.3, 1.5)) * (1 if rng.random() < P_COUNTERCLOCKWISE else -1)
    a = np.asarray(img, dtype=np.float32)
    ink, paper = float(rng.uniform(25, 60)), float(rng.uniform(218, 240))
    a = ink + a * (paper - ink) / 255.0
    out = Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")
    out = out.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=int(paper))
    out = out.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.4, 0.8))))
    a = np.asarray(out, dtype=np.float32)
    a += rng.standard_normal(a.shape, dtype=np.float32) * np.float32(rng.uniform(5, 10))
    speck = rng.random(a.shape, dtype=np.float32) < SPECKLE_DENSITY
    a[speck] = ink
    return Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")


def scan_pages(pdf: bytes, seed: int) -> list[Image.Image]:
    """Every page of ``pdf`` rasterized and degraded, the same for the same ``seed``."""
    rng = np.random.default_rng(seed)
    return [degrade(p, rng) for p in rasterize(pdf)]


def to_png(pages: list[Image.Image]) -> bytes:
    """The first page as a PNG (callers pass single-page layouts only: a PNG holds one page)."""
    buf = io.BytesIO()
    pages[0].save(buf, "PNG", dpi=(DPI, DPI), optimize=False)
    return buf.getvalue()


def to_tiff(pages: list[Image.Image]) -> bytes:
    """Multi-page bilevel TIFF, CCITT Group 4 (threshold just below the paper grey)."""
    bilevel = [p.point(lambda v: 255 if v > BILEVEL_THRESHOLD else 0).convert("1") for p in pages]
    buf = io.BytesIO()
    bilevel[0].save(buf, "TIFF", compression="group4", dpi=(DPI, DPI), save_all=True, append_images=bilevel[1:])
    return buf.getvalue()


def to_image_pdf(pages: list[Image.Image], title: str) -> bytes:
    """An image-only PDF: each page one JPEG at 200 DPI, no text layer (Pillow writes no dates)."""
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        resolution=float(DPI),
        save_all=True,
        append_images=pages[1:],
        quality=72,
        title=title,
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )
    return buf.getvalue()


def replace_page_with_scan(text_pdf: bytes, page_index: int, seed: int, title: str) -> bytes:
    """The text PDF with one page swapped for its scan (a page faxed back and stitched in).

    The kept pages are copied as they are (pypdf), so they keep their text layer.
    """
    scanned = scan_pages(text_pdf, seed)[page_index]
    image_pdf = to_image_pdf([scanned], title)
    reader = pypdf.PdfReader(io.BytesIO(text_pdf))
    image_reader = pypdf.PdfReader(io.BytesIO(image_pdf))
    writer = pypdf.PdfWriter()
    for i, page in enumerate(reader.pages):
        writer.add_page(image_reader.pages[0] if i == page_index else page)
    writer.add_metadata({"/Title": title, "/Producer": "towerkit.sample"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
