"""The site rendered from tests/fixtures/minimal, compared file by file with tests/golden/.

Pages (Markdown with their HTML) and open data are compared exactly; assets are copies. Chart SVGs
are left out: their text metrics depend on the fonts of the machine; their specs,
text alternatives and data tables are in the pages and are compared.

Regenerate on purpose only, and say so in the commit:  make golden
"""
import os
import shutil
from pathlib import Path

from generator.build import prepare

GOLDEN = Path(__file__).parent / "golden"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def rendered() -> dict[str, str]:
    bundle = prepare(MINIMAL).bundle
    return {path: content for path, content in bundle.files.items()
            if not path.endswith(".svg") and not path.startswith("assets/")}  # assets are copied, not rendered


def test_rendered_site_matches_golden():
    files = rendered()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, content in files.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "the set of files changed"
    for path, content in files.items():
        assert content == expected[path], f"{path} differs from tests/golden/{path} (make golden, on purpose)"
