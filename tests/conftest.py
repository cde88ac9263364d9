"""Shared fixtures: real parts only (a real DuckDB, real generated PDFs, the real Tesseract)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from towerkit.config import Settings
from towerkit.sample import generate
from towerkit.store import Connection, connect

# ruff: noqa: INP001  tests/ is no package: pytest imports its modules by rootdir, as the helpers expect

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Per-example deadlines measure the machine, not the code: on a loaded 2-core CI box a first call
# that imports a codec can take 250 ms. Properties stay strict; wall time does not fail them.
hypothesis_settings.register_profile("towerkit", deadline=None, print_blob=True)
hypothesis_settings.load_profile("towerkit")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """OCR tests skip where Tesseract is missing, except under CI, where they must run and fail."""
    if shutil.which("tesseract") or IN_CI:
        return
    skip = pytest.mark.skip(reason="tesseract not installed (make test installs it)")
    for item in items:
        if "ocr" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(name="settings")
def _settings() -> Settings:
    """Serial settings: everything in this process, as notebook debugging runs it."""
    return Settings(workers=0)


@pytest.fixture(name="shared_corpus", scope="session")
def _shared_corpus() -> Path:
    """The real public PDFs and scans in ../shared/corpus (CI lays shared/ beside the clone)."""
    if not SHARED_CORPUS.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED_CORPUS} missing under CI")
        pytest.skip("../shared/corpus not present")
    return SHARED_CORPUS


@pytest.fixture(name="duck")
def _duck() -> Iterator[Connection]:
    """An in-memory DuckDB with the towerkit schema applied."""
    conn = connect(":memory:")
    yield conn
    conn.close()


@pytest.fixture(name="sample_corpus", scope="session")
def _sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated corpus (all five types, scans, drift, broken files) shared by the session."""
    root = tmp_path_factory.mktemp("sample")
    generate(root, docs=40, seed=11)
    return root


@pytest.fixture(name="pg_conninfo", scope="session")
def _pg_conninfo() -> Iterator[str]:
    """A private PostgreSQL (scripts/pg-local.sh) for DuckLake catalogs; under CI a failure to start fails."""
    # Imported here so the appended fixture leaves the module's import block as it was.
    from contextlib import ExitStack  # noqa: PLC0415

    from pg_cluster import PgUnavailable, private_cluster  # noqa: PLC0415

    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(private_cluster())
        except PgUnavailable as e:
            if IN_CI:
                pytest.fail(f"PostgreSQL did not start under CI: {e}")
            pytest.skip(f"PostgreSQL unavailable: {e}")
        yield cluster.conninfo
