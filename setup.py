"""The one build step pyproject.toml cannot declare: ship copies of the top-level data folders.

``queries/``, ``notebooks/`` and the compliance rules text stay at the top of the repository, where
people edit them; a wheel needs them inside the package, where ``importlib.resources`` finds them.
The copy goes to ``towerkit/_data/`` in the build tree only, never the source tree, so a checkout or
an editable install (``pip install -e .``, the Makefile's) keeps reading the top-level folders live.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {
    "queries": ("*.sql", "README.md"),
    "notebooks": ("*.ipynb",),
    "docs": ("compliance_rules.md",),
}
"""Top-level folder -> the files of it the package needs at run time (towerkit/queries.py reads them)."""
TARGET = ("towerkit", "_data")
"""Where the copies land inside the package: ``towerkit.queries.SHIPPED_DATA`` names the same folder."""


class BuildPyWithData(build_py):
    """``build_py`` that also copies ``SHIPPED`` into the package being built."""

    def run(self) -> None:
        """Build the package as usual, then replace its ``_data/`` with fresh copies (no stale files)."""
        super().run()
        if self.editable_mode:  # an editable install reads the top-level folders themselves
            return
        target = Path(self.build_lib, *TARGET)
        shutil.rmtree(target, ignore_errors=True)
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    if source.name.startswith("."):
                        continue
                    (target / folder).mkdir(parents=True, exist_ok=True)
                    self.copy_file(str(source), str(target / folder / source.name))


setup(cmdclass={"build_py": BuildPyWithData})
