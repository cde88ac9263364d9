"""Turn a rendered PDF into a scan: rasterised at 100-300 dpi, skewed, noisy, sometimes turned over.

Real scanners lose the text layer, the resolution (often unknown: many files carry no DPI metadata),
the orientation and the straightness of the page. The image is saved as PNG or TIFF with *no* DPI
information (Pillow writes pHYs / resolution tags only when asked, and we never ask), or wrapped
in an image-only PDF. ``ScanInfo`` records what was done so tests can check it really happened.
"""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from benchmarks.zoo.facts import chance


@dataclass(frozen=True)
class ScanInfo:
    """What the scanner did: ``rotation`` is counter-clockwise degrees, ``skew`` degrees too."""

    dpi: int
    rotation: int
    skew: float
    fmt: str
    pages: int
    binary: bool
    page_pt: tuple[float, float]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for the ground truth row (the page size as a list, as JSON reads it back)."""
        return {**asdict(self), "page_pt": list(self.page_pt)}


def _degrade(img: Image.Image, rng: random.Random, skew: float, *, binary: bool) -> Image.Image:
    """Skew, blur a little, add paper tone, noise and speckles; threshold for bilevel scans."""
    if chance(rng, 0.4):
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    nrng = np.random.default_rng(rng.getrandbits(63))
    arr = np.asarray(img, dtype=np.float64)
    arr = arr * rng.uniform(0.88, 0.98) + nrng.normal(0.0, rng.uniform(2.0, 7.0), arr.shape)
    speck = nrng.random(arr.shape) < rng.uniform(0.0001, 0.0008)
    arr[speck] = nrng.uniform(0, 90, int(speck.sum()))
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    if binary:
        cut = rng.randint(140, 175)
        out = out.point(lambda v: 255 if v > cut else 0).convert("1")
    return out


def rasterise(
    pdf: bytes, rng: random.Random, *, dpi: int | None = None, rotation: int | None = None
) -> tuple[list[Image.Image], ScanInfo]:
    """Every page of ``pdf`` as a degraded image, plus the record of what was done (tests may fix dpi/rotation)."""
    drawn_dpi, drawn_rotation = rng.randint(100, 300), rng.choice((0, 0, 0, 90, 180, 270))
    dpi = drawn_dpi if dpi is None else dpi
    rotation = drawn_rotation if rotation is None else rotation
    skew = round(rng.uniform(-1.8, 1.8), 2)
    binary = chance(rng, 0.4)
    doc = pdfium.PdfDocument(pdf)
    images: list[Image.Image] = []
    try:
        size = doc[0].get_size()
        for i in range(len(doc)):
            page = doc[i]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            img = _degrade(img, rng, skew, binary=binary)
            if rotation:
                img = img.rotate(rotation, expand=True)
            img.info.clear()
            images.append(img)
    finally:
        doc.close()
    info = ScanInfo(dpi, rotation, skew, "", len(images), binary, (round(size[0], 2), round(size[1], 2)))
    return images, info


def _image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF: one full-page picture per page, no text layer."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for img in images:
        w, h = img.width * 72 / dpi, img.height * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(img.convert("L")), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    return buf.getvalue()


def scan(
    pdf: bytes, rng: random.Random, *, dpi: int | None = None, rotation: int | None = None, fmt: str | None = None
) -> tuple[bytes, str, ScanInfo]:
    """(file bytes, extension, info): PNG / TIFF without DPI, or an image-only PDF."""
    images, info = rasterise(pdf, rng, dpi=dpi, rotation=rotation)
    drawn = rng.choice(("png", "tiff", "pdf")) if len(images) == 1 else rng.choice(("tiff", "pdf"))
    fmt = fmt or drawn
    buf = io.BytesIO()
    if fmt == "png":
        images[0].save(buf, format="PNG", optimize=False)
        ext = ".png"
    elif fmt == "tiff":
        comp = "group4" if info.binary else "tiff_lzw"
        images[0].save(buf, format="TIFF", compression=comp, save_all=True, append_images=images[1:])
        ext = rng.choice((".tif", ".tiff"))
    else:
        buf.write(_image_pdf(images, info.dpi))
        ext = ".pdf"
    return buf.getvalue(), ext, replace(info, fmt=fmt)
