"""A scanned page's skew measured and taken out before OCR, and the words' boxes put back (numpy, Pillow; pure).

Why: a sheet fed a degree or two askew puts a dot-leader form's label and its value on different
text lines. Tesseract follows the leader's dots down the page and loses the label beside them: a
page fed 1.6 degrees askew came back as values and runs of dots, ``Tower ID`` and ``Study Number``
gone; levelled, every label read. Small skew is no harm, so a page is turned only past
``MIN_SKEW_DEG``. The words read on the levelled page are moved back to where the file has them
(``unlevel``), so a box drawn on the scan falls on its word, as for a page never turned.

How: a text line is a dense band of ink along its baseline. Projected along the right angle, the
rows' ink counts are sharpest (largest sum of squares); along a wrong one the bands smear into each
other. The projection runs on a copy about ``PROBE_WIDTH`` pixels wide, for each angle in
``STEP_DEG`` steps up to ``MAX_SKEW_DEG`` either way: a few tens of milliseconds a page.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
from PIL import Image

from towerkit.models import Word

MAX_SKEW_DEG = 3.0
"""The largest skew looked for: a sheet fed further askew than this is rare, and a table's ruled
diagonal or a logo must not pass for text lines."""
STEP_DEG = 0.1
"""The angle's resolution: a tenth of a degree moves a line end 1.4 px on the probe, under a text line's height."""
MIN_SKEW_DEG = 1.0
"""Skew Tesseract's own line finding absorbs; a page is turned only past it, as rotation resamples every glyph
(from half a degree, the sample corpus's scans lost two fields and FUNSD's forms 0.02 of their words)."""
PROBE_WIDTH = 800
"""The width the page is measured at: text lines stay several pixels high, the projection stays cheap."""
INK_SHARE = 0.6
"""A probe pixel darker than this share of the paper's tone (its median) is ink."""
MIN_INK_PIXELS = 200
"""A page with less ink than this on the probe (blank, a stamp) has no lines to measure."""


def skew_angle(gray: Image.Image) -> float:
    """Degrees the page's text lines rise to the right (counter-clockwise positive); 0.0 if none can be measured."""
    probe = gray.convert("L")
    if probe.width > PROBE_WIDTH:
        size = (PROBE_WIDTH, max(1, round(probe.height * PROBE_WIDTH / probe.width)))
        probe = probe.resize(size, Image.Resampling.BOX)
    pixels = np.asarray(probe)
    ys, xs = np.nonzero(pixels < INK_SHARE * float(np.median(pixels)))
    if len(xs) < MIN_INK_PIXELS:
        return 0.0
    best, sharpest = 0.0, -1.0
    steps = round(MAX_SKEW_DEG / STEP_DEG)
    for k in range(-steps, steps + 1):
        rows = np.round(ys + xs * np.tan(np.radians(k * STEP_DEG))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        sharpness = float(np.dot(counts, counts))
        if sharpness > sharpest:
            best, sharpest = k * STEP_DEG, sharpness
    return round(best, 2)


def levelled(gray: Image.Image) -> tuple[Image.Image, float]:
    """The page levelled and the skew it had; the page as it is and 0.0 if its skew is under ``MIN_SKEW_DEG``."""
    angle = skew_angle(gray)
    return (level(gray, angle), angle) if abs(angle) >= MIN_SKEW_DEG else (gray, 0.0)


def level(gray: Image.Image, angle: float) -> Image.Image:
    """``gray`` turned by ``-angle`` degrees about its centre, same size, corners filled as paper."""
    return gray.convert("L").rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def unlevel(words: Sequence[Word], angle: float, width: float, height: float) -> list[Word]:
    """Words read on a page levelled by ``angle``, moved to where the page as scanned has them. Pure.

    Each box keeps its size and moves with its centre, turned back about the page's centre (``width`` and
    ``height`` in the words' units): the boxes a user draws on the file fall on the words.
    """
    if not angle:
        return list(words)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    out = []
    for w in words:
        dx, dy = (w.x0 + w.x1 - width) / 2, (w.top + w.bottom - height) / 2
        mx, my = dx * cos + dy * sin - dx, -dx * sin + dy * cos - dy
        out.append(dataclasses.replace(w, x0=w.x0 + mx, x1=w.x1 + mx, top=w.top + my, bottom=w.bottom + my))
    return out
