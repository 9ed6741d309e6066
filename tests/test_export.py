"""`transparency export`: the site project as a plain folder that anyone builds with mkdocs.

The same project is what `transparency build` builds, so a hand build of the export gives the
very site the generator publishes; everything from the data is already safe in it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from generator.cli import main
from generator.diff import FIGURES_FILE
from generator.publish import MANIFEST, SITE_STAMP, project
from tests.strategies import examples
from tests.security.test_injection import HOSTILE, assert_nothing_injected, html_pages, poison_minimal

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def export(data: Path, out: Path) -> int:
    return main(["export", "--data", str(data), "--out", str(out), "--quiet"])


def mkdocs_build(project: Path) -> Path:
    """Plain mkdocs, in a process of its own, on the exported mkdocs.yml; strict: a warning fails."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml"],
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return project / "site"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "project"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # as conftest pins it for each test
        assert export(MINIMAL, out) == 0
    return out


def test_the_project_is_plain_pages_overrides_and_a_config(exported):
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["theme"]["custom_dir"] == "overrides" and (exported / "overrides" / "main.html").is_file()
    assert [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]] == ["search", "offline"]
    assert config["site_name"] == "Мониторинг качества муниципальных услуг — Тестовый городской округ"
    assert {"Главная": "index.md"} in config["nav"]
    docs = exported / "docs"
    for page in ("about.md", "index.md", "organs/alpha/2025.md", "opendata/results.csv", "assets/transparency.css"):
        assert (docs / page).is_file(), page
    assert any((docs / "charts").rglob("*.svg"))
    assert (exported / SITE_STAMP).is_file()


def test_every_page_names_its_title(exported):
    pages = sorted((exported / "docs").rglob("*.md"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.match(r"---\ntitle: .+\n", text), page
    organ = (exported / "docs" / "organs" / "alpha" / "2025.md").read_text(encoding="utf-8")
    assert organ.startswith("---\ntitle: Управление «Альфа» ＆ ‹b›партнёры‹/b› — 2025 год\n")


@pytest.mark.packaging  # a whole mkdocs build: in `make test`, not in the fast suite
def test_plain_mkdocs_builds_the_site_transparency_build_publishes(exported, tmp_path):
    built = mkdocs_build(exported)
    assert main(["build", "--data", str(MINIMAL), "--out", str(tmp_path / "site"), "--quiet"]) == 0
    by_hand, published = files(built), files(tmp_path / "site")
    published.pop(SITE_STAMP)
    published.pop(MANIFEST)  # what the next build may reuse (publish/incremental.py)
    published.pop(FIGURES_FILE)  # what the next build compares its figures with (generator/diff)
    assert by_hand.keys() == published.keys()
    # the gzipped sitemap carries the time it was written; `transparency build` cuts the search index
    # down to summaries (publish/search.py), a hand build of the project keeps mkdocs' whole index
    differing = [path for path in by_hand if by_hand[path] != published[path]
                 and not path.endswith(".gz") and not path.startswith("search/search_index.")]
    assert differing == []


@pytest.mark.packaging  # a whole mkdocs build: in `make test`, not in the fast suite
def test_hostile_text_is_safe_in_the_project_itself(tmp_path):
    """Built by hand, with no plugin of ours: nothing from the data becomes markup."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    poison_minimal(data)
    assert export(data, tmp_path / "project") == 0
    config = (tmp_path / "project" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "<script>" not in config and "&lt;script&gt;" in config
    site = mkdocs_build(tmp_path / "project")
    for path, page in html_pages(site).items():
        assert_nothing_injected(page, path)
        assert f"Округ {HOSTILE}" in page.visible, path
    for page in site.rglob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S).group(1)
        assert "<" not in title and ">" not in title, f"{page}: {title}"


def test_export_replaces_its_own_project_and_nothing_else(exported, tmp_path, capsys):
    (exported / "docs" / "stale.md").write_text("old", encoding="utf-8")
    assert export(MINIMAL, exported) == 0, "a project carrying the stamp is replaced"
    assert not (exported / "docs" / "stale.md").exists()
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "письмо.docx").write_bytes(b"PK")
    assert export(MINIMAL, foreign) == 1
    err = capsys.readouterr().err
    assert "[output-folder-foreign]" in err and "Проект сайта не выгружен" in err
    assert [p.name for p in foreign.iterdir()] == ["письмо.docx"]


def test_export_into_the_data_folder_is_refused(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    assert export(data, data / "project") == 1
    assert "[output-inside-data-folder]" in capsys.readouterr().err
    assert not (data / "project").exists()


def test_export_summary_says_how_to_build(tmp_path, capsys):
    out = tmp_path / "project"
    assert main(["export", "--data", str(MINIMAL), "--out", str(out), "--quiet"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Готово: проект сайта (23\xa0страницы)") and f"mkdocs build -f {out / 'mkdocs.yml'}" in said


@examples(60)
@given(st.text(alphabet=st.sampled_from(list("Ааяё Zz09_*`#<>&\\!{}«»„“”.,;:()№%—–?’/\"'-=+|~")), min_size=1, max_size=30))
def test_a_plain_heading_gives_the_title_markdown_would(text):
    """project.first_heading takes a plain heading's text as it stands; for any text it must be what
    rendering the heading gives."""
    block = f"# {text}"
    fast = project.first_heading(block)
    parser = project._markdown()
    grab = project._FirstHeading(parser)
    parser.treeprocessors.register(grab, "transparency_first_heading", 1)
    parser.convert(block)
    assert fast == grab.title


@examples(60)
@given(st.text(alphabet=st.sampled_from(list("Ааяё Zz09«»„“”.,;:()№%—–?’/")), min_size=2, max_size=40))
@example("0  0")  # Markdown joins two spaces: found on CI, the short way must not take it
def test_a_heading_of_plain_text_takes_the_short_way_to_the_same_title(text):
    block = f"# {text}"
    parser = project._markdown()
    grab = project._FirstHeading(parser)
    parser.treeprocessors.register(grab, "transparency_first_heading", 1)
    parser.convert(block)
    assert project.first_heading(block) == grab.title


def test_the_project_written_while_rendering_equals_the_one_written_from_memory(tmp_path, monkeypatch):
    """`export` and `build` write each page as soon as it is rendered (a large site is never held in
    memory whole); `transparency serve` and a region's portal keep the bundle in memory: the same files."""
    from generator.build import prepare

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    assert export(MINIMAL, tmp_path / "streamed") == 0
    bundle = prepare(MINIMAL).bundle
    assert bundle.writer is None and any(bundle.files.values())  # kept in memory
    project.write_project(bundle, tmp_path / "in-memory")
    streamed, in_memory = files(tmp_path / "streamed"), files(tmp_path / "in-memory")
    assert streamed.pop(SITE_STAMP)
    assert streamed == in_memory
