"""The run manifest: everything a run's results depend on, recorded with the run.

Extraction is a pure function of a file's bytes and the configuration (DESIGN.md); "the
configuration" includes library and binary versions, so two runs that disagree can be told apart
by their manifests (``runs.manifest`` and the ``run_start`` audit entry's detail).
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import platform
import shutil
import subprocess
import sys
from typing import Any

from towerkit import __version__
from towerkit.config import Settings

log = logging.getLogger(__name__)

PACKAGES = ("pdfplumber", "pdfminer.six", "pypdfium2", "duckdb", "pytesseract", "polars", "pillow", "pyarrow")
"""Distributions whose versions can change what a run extracts or stores."""
RESULT_SETTINGS = (
    "text_min_chars",
    "text_min_density",
    "text_max_unmapped",
    "ocr_image_coverage",
    "ocr_dpi",
    "ocr_lang",
    "ocr_psm",
    "max_image_pixels",
    "max_pages",
    "max_file_mb",
    "drift_tolerance_pt",
    "template_match_threshold",
)
"""Settings that change what a run extracts or decides (not tuning knobs such as workers)."""
NOT_INSTALLED = "not installed"
"""The version recorded for a package or binary that is missing."""
VERSION_TIMEOUT_S = 20
"""Seconds ``tesseract --version`` may take before the manifest records it as unavailable."""


def package_version(name: str) -> str:
    """The installed version of distribution ``name``, or ``NOT_INSTALLED``."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return NOT_INSTALLED


def pdfium_version() -> str:
    """The PDFium build pypdfium2 bundles (the package version alone does not name it)."""
    try:
        # Deferred: pypdfium2 loads the PDFium native library, needed here only for its version.
        from pypdfium2 import version as v  # noqa: PLC0415  third-party native library
    except ImportError:
        return NOT_INSTALLED
    return str(getattr(v, "PDFIUM_INFO", "unknown"))


@functools.lru_cache(maxsize=4)
def tesseract_version(binary: str = "tesseract") -> str:
    """First line of ``tesseract --version`` (e.g. ``tesseract 5.3.0``), cached per process."""
    exe = shutil.which(binary)
    if exe is None:
        return NOT_INSTALLED
    try:
        # A fixed argv: the binary found on PATH and one flag; no shell, no user input.
        out = subprocess.run(  # noqa: S603
            [exe, "--version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        log.warning("tesseract --version failed: %s", e)
        return f"unavailable ({type(e).__name__})"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0].strip() if text else "unknown"


def build_manifest(settings: Settings, catalog_digest: str | None) -> dict[str, Any]:
    """What this run's results depend on: versions, OCR and routing settings, the field catalog's hash.

    Args:
        settings: the run's settings.
        catalog_digest: sha256 of the field catalog in use (None if the caller has none).

    """
    return {
        "towerkit": __version__,
        "python": platform.python_version(),
        "python_implementation": sys.implementation.name,
        "platform": platform.platform(),
        "packages": {name: package_version(name) for name in PACKAGES},
        "pdfium": pdfium_version(),
        "tesseract": tesseract_version(),
        "ocr": {"lang": settings.ocr_lang, "dpi": settings.ocr_dpi, "psm": settings.ocr_psm},
        "settings": {name: getattr(settings, name) for name in RESULT_SETTINGS if hasattr(settings, name)},
        "catalog_sha256": catalog_digest,
    }


def manifest_differences(a: dict[str, Any], b: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted keys whose values differ between two manifests (``packages.duckdb: 1.5.5 != 1.5.4``)."""
    out: list[str] = []
    for key in sorted(set(a) | set(b)):
        va, vb = a.get(key), b.get(key)
        name = f"{prefix}{key}"
        if isinstance(va, dict) and isinstance(vb, dict):
            out.extend(manifest_differences(va, vb, name + "."))
        elif va != vb and key != "platform":
            out.append(f"{name}: {va} != {vb}")
    return out
