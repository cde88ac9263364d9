"""Make scans: rasterize a text PDF's pages, degrade them like a tired office scanner, save them.

Degradation (seeded numpy ``default_rng``): contrast loss (paper grey, ink not quite black), a
slight rotation (0.3-1.5 degrees either way), a light blur, Gaussian sensor noise and dark
speckles. Kept mild enough that Tesseract still reads every label at 200 DPI: the point is an
honest OCR route, not an unreadable page.

Outputs: PNG (one page), multi-page TIFF (bilevel Group 4, as fax-era archives hold them),
image-only PDF (JPEG pages drawn by reportlab, so bytes stay reproducible), and a text PDF with
one page replaced by its scan.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.utils import ImageReader

from towerkit.sample.draw import PAGE_H, PAGE_W
from towerkit.sample.render_pdf import new_canvas

DPI = 200


def rasterize(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            pages.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
        return pages
    finally:
        doc.close()


def degrade(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    angle = float(rng.uniform(0.3, 1.5)) * (1 if rng.random() < 0.5 else -1)
    a = np.asarray(img, dtype=np.float32)
    ink, paper = float(rng.uniform(25, 60)), float(rng.uniform(218, 240))
    a = ink + a * (paper - ink) / 255.0
    out = Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")
    out = out.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=int(paper))
    out = out.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.4, 0.8))))
    a = np.asarray(out, dtype=np.float32)
    a += rng.normal(0.0, float(rng.uniform(5, 10)), a.shape).astype(np.float32)
    speck = rng.random(a.shape, dtype=np.float32) < 0.0004
    a[speck] = ink
    return Image.fromarray(a.clip(0, 255).astype(np.uint8), "L")


def scan_pages(pdf: bytes, seed: int) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    return [degrade(p, rng) for p in rasterize(pdf)]


def to_png(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PNG", dpi=(DPI, DPI), optimize=False)
    return buf.getvalue()


def to_tiff(pages: list[Image.Image]) -> bytes:
    """Multi-page bilevel TIFF, CCITT Group 4 (threshold just below the paper grey)."""
    bilevel = [p.point(lambda v: 255 if v > 150 else 0).convert("1") for p in pages]
    buf = io.BytesIO()
    bilevel[0].save(buf, "TIFF", compression="group4", dpi=(DPI, DPI), save_all=True,
                    append_images=bilevel[1:])
    return buf.getvalue()


def _jpeg(img: Image.Image) -> io.BytesIO:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=72, dpi=(DPI, DPI))
    buf.seek(0)
    return buf


def to_image_pdf(pages: list[Image.Image], title: str) -> bytes:
    """An image-only PDF: each page one JPEG filling a letter page, no text layer."""
    buf = io.BytesIO()
    c = new_canvas(buf, title)
    for img in pages:
        c.drawImage(ImageReader(_jpeg(img)), 0, 0, width=PAGE_W, height=PAGE_H)
        c.showPage()
    c.save()
    return buf.getvalue()


def replace_page_with_scan(text_pdf: bytes, page_index: int, seed: int, title: str) -> bytes:
    """The text PDF with one page swapped for its scan (a page faxed back and stitched in).

    The other pages are redrawn as vector images would lose their text layer, so instead each
    kept page is imported as-is: pypdf copies the page objects and reportlab is not involved.
    """
    import pypdf

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
