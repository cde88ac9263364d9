# ruff: noqa: S101, PLR2004, INP001
# ruff: noqa: S603  the subprocesses run pip, venv and the installed towerkit with arguments built here
"""The built wheel, installed as a user installs it, run from a folder outside the checkout.

The wheel is built from a copy of the sources (``pip wheel --no-build-isolation``, with this venv's
setuptools, so no network), then installed into a fresh ``--without-pip`` venv. The third-party
dependencies come from this venv through a ``.pth`` file naming a folder of links to its installed
distributions, without towerkit itself: pip resolves ``towerkit[reports,sample]`` against them
offline, and towerkit can only come from the wheel. A second venv leaves every extra's
distributions out of that folder, so it is what ``pip install towerkit`` gives: it must ingest and
query, and a command needing an extra must say which one in a single line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "towerkit", "queries", "notebooks", "docs")
"""What a wheel is built from (pyproject.toml, setup.py and MANIFEST.in say why each is needed)."""
ENV_POINTING_HOME = ("PYTHONPATH", "VIRTUAL_ENV", "TOWERKIT_QUERIES", "TOWERKIT_NOTEBOOKS", "TOWERKIT_DB")
"""Variables that would point an installed towerkit back at this checkout or its venv."""
RULE = "faa_determination_expiring"
TIMEOUT_S = 900


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _extra_requirements(wheel: Path, extras: tuple[str, ...]) -> set[str]:
    """The distributions the wheel's metadata requires only for ``extras`` (canonical names)."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        text = zf.read(meta).decode()
    names: set[str] = set()
    for line in text.splitlines():
        m = re.match(r'Requires-Dist: ([A-Za-z0-9_.-]+)[^;]*; extra == "(\w+)"', line)
        if m and m.group(2) in extras and _canonical(m.group(1)) != "towerkit":
            names.add(_canonical(m.group(1)))
    return names


@pytest.fixture(name="wheel", scope="module")
def _wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``towerkit-*.whl`` built from a copy of the sources (the checkout itself is left untouched)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "wheel", "--no-deps", "--no-build-isolation"]
    done = subprocess.run([*pip, "-w", str(root / "dist"), str(src)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (wheel,) = (root / "dist").glob("towerkit-*.whl")
    return wheel


def _dependency_links(dest: Path, leave_out: set[str]) -> Path:
    """A folder of links to this venv's installed distributions, without towerkit and ``leave_out``."""
    site = Path(sysconfig.get_paths()["purelib"])
    hidden = {"__pycache__"}
    for dist in metadata.distributions(path=[str(site)]):
        if _canonical(dist.metadata["Name"]) not in {"towerkit", *leave_out}:
            continue
        hidden |= {f.parts[0] for f in dist.files or () if f.parts and f.parts[0] != ".."}
    dest.mkdir()
    for entry in site.iterdir():
        if entry.name not in hidden and not entry.name.startswith(("__editable__", "towerkit")):
            (dest / entry.name).symlink_to(entry)
    return dest


def _user_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_POINTING_HOME}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _install(wheel: Path, root: Path, spec: str, leave_out: set[str]) -> Path:
    """A fresh venv under ``root`` with ``wheel{spec}`` installed by its own pip; returns the venv."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    (site / "_towerkit_test_deps.pth").write_text(f"{_dependency_links(root / 'deps', leave_out)}\n")
    jupyter_data = Path(sys.prefix) / "share" / "jupyter"
    if "nbconvert" not in leave_out and jupyter_data.is_dir():
        # nbconvert's templates and ipykernel's kernel spec are data files pip puts under the venv's
        # share/, which a .pth cannot carry: link them where the installed extra would have put them.
        (venv / "share").mkdir()
        (venv / "share" / "jupyter").symlink_to(jupyter_data)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--no-index", f"{wheel}{spec}"]
    done = _run(venv, root, pip)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv


def _run(venv: Path, cwd: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as the venv's user: its ``bin/`` first on PATH, nothing pointing at the checkout."""
    return subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=cwd, env=_user_env(venv), timeout=TIMEOUT_S
    )


def _towerkit(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the venv's ``towerkit`` console script, as a user would, from ``cwd``."""
    return _run(venv, cwd, [str(venv / "bin" / "towerkit"), *args])


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(name="full", scope="module")
def _full(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding ``towerkit[reports,sample]`` from the wheel."""
    return _install(wheel, tmp_path_factory.mktemp("full"), "[reports,sample]", set())


@pytest.fixture(name="work", scope="module")
def _work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user's folder: outside the checkout, with a small corpus written by the installed towerkit."""
    work = tmp_path_factory.mktemp("work")
    assert REPO not in work.parents
    return work


def test_installed_towerkit_comes_from_the_wheel_with_its_data(full: Path, work: Path) -> None:
    """towerkit, its queries, notebooks and rules text are the venv's copies; the checkout is not on sys.path."""
    probe = (
        "import json, sys, towerkit\n"
        "from towerkit.queries import queries_dir, rules_path\n"
        "from towerkit.reports.jobs import notebooks_dir\n"
        "print(json.dumps({'file': towerkit.__file__, 'path': sys.path, 'queries': str(queries_dir()),\n"
        "                  'notebooks': str(notebooks_dir()), 'rules': str(rules_path())}))\n"
    )
    out = json.loads(_ok(_run(full, work, [str(full / "bin" / "python"), "-c", probe])))
    for key in ("file", "queries", "notebooks", "rules"):
        assert Path(out[key]).resolve().is_relative_to(full.resolve()), (key, out[key])
    assert not any(p and Path(p).resolve() == REPO for p in out["path"]), out["path"]
    assert sorted(p.name for p in Path(out["queries"]).glob("*.sql")) == sorted(
        p.name for p in (REPO / "queries").glob("*.sql")
    )
    assert (Path(out["queries"]) / "README.md").is_file()
    assert Path(out["rules"]).read_text(encoding="utf-8").startswith("# Telecom-tower compliance rule catalogue")


def test_wheel_runs_sample_ingest_query_tags_report_and_audit(full: Path, work: Path) -> None:
    """The whole flow with the installed console script, each step exiting 0."""
    _ok(_towerkit(full, work, "sample", "--out", "corpus", "--docs", "12"))
    ingested = _towerkit(full, work, "ingest", "corpus", "--db", "t.duckdb", "--workers", "1")
    _ok(ingested)
    assert "not refreshed" not in ingested.stderr, ingested.stderr
    listed = _ok(_towerkit(full, work, "query", "--list"))
    assert RULE in listed
    _ok(_towerkit(full, work, "query", RULE, "--db", "t.duckdb", "--format", "csv"))
    _ok(_towerkit(full, work, "tags", "--db", "t.duckdb"))
    reports = _ok(_towerkit(full, work, "report", "--list"))
    assert "compliance_report" in reports.split(), reports
    html = _ok(_towerkit(full, work, "report", "compliance_report", "--db", "t.duckdb", "--out", "out")).strip()
    assert (work / html).resolve().is_file()
    assert "<table" in (work / html).read_text(encoding="utf-8")
    _ok(_towerkit(full, work, "audit", "verify", "--db", "t.duckdb"))


def test_base_install_ingests_and_queries_and_names_the_missing_extras(
    wheel: Path, full: Path, work: Path, tmp_path: Path
) -> None:
    """``pip install towerkit`` alone: no Jupyter stack, no reportlab, no test tools, and it still works."""
    leave_out = _extra_requirements(wheel, ("reports", "sample", "dev"))
    assert {"papermill", "matplotlib", "reportlab", "psutil", "hypothesis"} <= leave_out
    base = _install(wheel, tmp_path, "", leave_out)
    if not (work / "corpus").is_dir():
        _ok(_towerkit(full, work, "sample", "--out", "corpus", "--docs", "12"))
    _ok(_towerkit(base, tmp_path, "ingest", str(work / "corpus"), "--db", "b.duckdb", "--workers", "1"))
    _ok(_towerkit(base, tmp_path, "query", RULE, "--db", "b.duckdb"))
    _ok(_towerkit(base, tmp_path, "tags", "--db", "b.duckdb"))
    _ok(_towerkit(base, tmp_path, "audit", "verify", "--db", "b.duckdb"))
    _ok(_towerkit(base, tmp_path, "quarantine", "list", "--db", "b.duckdb"))
    for args, extra in (
        (("sample", "--out", "corpus"), "sample"),
        (("report", "--list"), "reports"),
        (("report", "compliance_report", "--db", "b.duckdb"), "reports"),
    ):
        result = _towerkit(base, tmp_path, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr
        assert f"pip install 'towerkit[{extra}]'" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "corpus").exists()
