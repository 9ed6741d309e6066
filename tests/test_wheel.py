"""The generator installed as a wheel, outside the checkout, builds every demo site.

The wheel is built from a copy of the sources (the checkout gets no build/ folder) and installed
into a fresh virtual environment in a temporary folder. That environment borrows the installed
dependencies of the running one, so nothing is downloaded: a folder of links to them, named by a
.pth file and read after the environment's own packages. Editable installs (the checkout itself,
the test plugins of tests/plugins/) are left out, as a fresh environment would not have them.
Every build runs from another working folder.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

# Builds every demo site from an installed wheel: in `make test`, not in the fast suite.
pytestmark = pytest.mark.packaging

PROJECT = Path(__file__).resolve().parents[1]
SOURCES = ("generator", "site_templates", "content", "mkdocs.yml", "pyproject.toml", "setup.py", "MANIFEST.in")
DEMOS = [PROJECT / "data", *sorted(p for p in (PROJECT / "examples").iterdir() if (p / "site.yaml").is_file())]


def clean_environment(**settings) -> dict:
    """The environment of the processes started here: nothing that points Python at the checkout."""
    env = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "PYTHONHOME")}
    return {**env, **settings}


def run(command: list, cwd: Path, **env) -> subprocess.CompletedProcess:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                          env=clean_environment(**env), timeout=600)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh environment holding the wheel."""
    root = tmp_path_factory.mktemp("wheel")
    sources = root / "sources"
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, sources / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_shared"))
        else:
            sources.mkdir(exist_ok=True)
            shutil.copyfile(source, sources / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
         "--wheel-dir", root / "dist", sources], cwd=root)
    [wheel] = (root / "dist").glob("transparency-*.whl")
    environment = root / "env"
    run([sys.executable, "-m", "venv", environment], cwd=root)  # its own pip, from Python's bundled wheel
    python = environment / "bin" / "python"
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel], cwd=root)
    # only now the dependencies: pip must not see the checkout's editable install while installing
    site_packages = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             cwd=root).stdout.strip())
    borrowed = borrow_dependencies(Path(sysconfig.get_paths()["purelib"]), root / "dependencies")
    (site_packages / "borrowed-dependencies.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    return environment / "bin"


def borrow_dependencies(site_packages: Path, folder: Path) -> Path:
    """Links to the installed packages of site_packages, without editable installs and .pth files."""
    folder.mkdir()
    for entry in site_packages.iterdir():
        if entry.name.startswith("__editable__") or entry.suffix == ".pth" or editable(entry):
            continue
        (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


def editable(entry: Path) -> bool:
    direct_url = entry / "direct_url.json"
    if entry.suffix != ".dist-info" or not direct_url.is_file():
        return False
    return json.loads(direct_url.read_text(encoding="utf-8")).get("dir_info", {}).get("editable", False)


def test_the_installed_package_is_used_not_the_checkout(installed, tmp_path):
    done = run([installed / "python", "-c", "import generator, generator.resources as r; "
                "print(generator.__file__); print(r.SHARED); print(r.cache_dir())"],
               cwd=tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"), TRANSPARENCY_CACHE_DIR="")
    module, shared, cache = map(Path, done.stdout.split())
    environment = installed.parent
    assert environment in module.parents and PROJECT not in module.parents
    assert shared == module.parent / "_shared" and (shared / "mkdocs.yml").is_file()
    assert (shared / "site_templates" / "overrides" / "main.html").is_file() and (shared / "content").is_dir()
    assert cache == tmp_path / "cache" / "transparency" / "charts", "never a cache inside the installed package"


def test_the_installed_package_builds_every_demo(installed, tmp_path, chart_cache):
    """One build per core at a time, each from a working folder of its own. The charts go to the
    run's chart cache (shared with the other tests, never the checkout's): the charts are the same,
    and rendering them all again only makes the test slower."""
    def build(data: Path) -> subprocess.CompletedProcess:
        work = tmp_path / data.name
        work.mkdir()
        return subprocess.run([str(installed / "transparency"), "build", "--data", str(data), "--out", "site", "--quiet"],
                              cwd=work, capture_output=True, text=True, timeout=600,
                              env=clean_environment(TRANSPARENCY_CACHE_DIR=str(chart_cache)))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        done = dict(zip((data.name for data in DEMOS), pool.map(build, DEMOS)))
    for name, build in done.items():
        assert build.returncode == 0 and build.stdout.startswith("Готово: "), f"{name}:\n{build.stdout}\n{build.stderr}"
        site = tmp_path / name / "site"
        assert (site / "index.html").is_file() and (site / "opendata" / "results.csv").is_file(), name
    assert any(chart_cache.glob("*.svg"))
