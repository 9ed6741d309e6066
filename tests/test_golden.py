"""Each site in tests/fixtures/<name>/ rendered and compared file by file with tests/golden/<name>/.

Pages (Markdown with their HTML) and open data are compared exactly; assets are copies.
Chart SVGs are left out: their text metrics depend on the fonts of the machine; their
specs, text alternatives and data tables are in the pages and are compared.

Regenerate on purpose only, and say so in the commit:  make golden
"""
import os
import shutil
from pathlib import Path

import pytest

from generator.build import prepare

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"


def rendered(fixture: Path) -> dict[str, str]:
    bundle = prepare(fixture).bundle
    return {path: content for path, content in bundle.files.items()
            if not path.endswith(".svg") and not path.startswith("assets/")}  # assets are copied, not rendered


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if (p / "site.yaml").exists()))
def test_rendered_site_matches_golden(name):
    files = rendered(FIXTURES / name)
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for path, content in files.items():
            target = golden / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8")
                for p in golden.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "the set of files changed"
    for path, content in files.items():
        assert content == expected[path], f"{path} differs from tests/golden/{name}/{path} (make golden, on purpose)"
