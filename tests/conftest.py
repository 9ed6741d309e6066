import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
MINIMAL = TESTS / "fixtures" / "minimal"


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    """Pages print the build date; tests pin it to 23.11.2026."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")


@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target
