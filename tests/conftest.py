import shutil
from pathlib import Path

import pytest

from tests.run_folder import run_folder

TESTS = Path(__file__).parent
MINIMAL = TESTS / "fixtures" / "minimal"


def pytest_collection_modifyitems(items):
    """With pytest-xdist (--dist loadgroup) the tests of one file outside tests/browser/ run on one
    worker: their module fixtures (a built site) are made once, not once per worker. Browser cases
    are spread one by one: each is slow and they share the builds of the demo sites."""
    for item in items:
        if "browser" not in item.path.parent.parts and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.path.relative_to(TESTS).as_posix()))


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory) -> Path:
    """Charts are cached in a temporary folder of the run, shared by its workers, never in the checkout."""
    folder = run_folder(tmp_path_factory) / "chart-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSPARENCY_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    """No page prints the build date, but mkdocs reads it (SOURCE_DATE_EPOCH): tests pin it to 23.11.2026."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")


@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def no_pdfs():
    """The demos ask for every PDF report (seconds each): builds in tests make none (TRANSPARENCY_PDF, which
    processes the tests start inherit); tests/test_pdf.py lifts it to make them as site.yaml says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSPARENCY_PDF", "none")
        yield
