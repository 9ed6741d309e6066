"""`transparency build --engine`: mkdocs (the default) and Zensical build the same site project.

Zensical is an optional extra (`pip install 'transparency[zensical]'`, pinned in
requirements-test.lock): its tests are skipped, saying why, only where it is not installed.
A failure of either engine is a Russian problem record, and the published site stays as it was.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import MANIFEST, engines, project
from tests.security.test_injection import HOSTILE, assert_nothing_injected, html_pages, poison_minimal

# Builds whole sites with Zensical: in `make test`, not in the fast suite.
pytestmark = pytest.mark.packaging

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                    reason="Zensical is not installed (pip install 'transparency[zensical]')")


def build(data: Path, out: Path, *engine: str) -> int:
    return main(["build", "--data", str(data), "--out", str(out), "--quiet", *engine])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The minimal fixture built by mkdocs and, where it is installed, by Zensical."""
    root = tmp_path_factory.mktemp("engines")
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795392000")
        for engine in ("mkdocs", "zensical"):
            if engine == "mkdocs" or importlib.util.find_spec("zensical") is not None:
                assert build(MINIMAL, root / engine, "--engine", engine) == 0
                built[engine] = root / engine
    return built


@needs_zensical
def test_zensical_builds_every_page_mkdocs_builds(sites):
    pages = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
             for engine, site in sites.items()}
    assert pages["zensical"] == pages["mkdocs"]
    for engine, site in sites.items():
        html = (site / "organs" / "alpha" / "2025.html").read_text(encoding="utf-8")
        assert "79,7\xa0%" in html and 'id="tp-a11y-toggle"' in html, f"{engine}: the page or the theme overrides"
        assert "<title>Управление «Альфа» ＆ ‹b›партнёры‹/b› — 2025 год - " in html, engine
        assert "&lt;b&gt;партнёры&lt;/b&gt;" in html and "<b>партнёры</b>" not in html, engine


@needs_zensical
def test_zensical_site_loads_nothing_from_elsewhere(sites):
    loading = re.compile(r'<(?:script|link(?![^>]*rel="canonical")|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//',
                         re.I)
    site = sites["zensical"]
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not loading.search(html), f"{page.relative_to(site)} loads an external resource"
        assert "fonts.googleapis" not in html and "unpkg.com" not in html
    assert (site / "search.js").is_file(), "the search index as a script: search works from file:// too"


@needs_zensical
def test_zensical_links_resolve(sites):
    site = sites["zensical"]
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for target in re.findall(r'(?:href|src)="([^"#:?]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().exists(), f"{page.relative_to(site)} → {target}"


@needs_zensical
def test_zensical_shows_hostile_text_as_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    poison_minimal(data)
    assert build(data, tmp_path / "site", "--engine", "zensical") == 0
    for path, page in html_pages(tmp_path / "site").items():
        assert_nothing_injected(page, path)
        if path != "404.html":
            assert f"Округ {HOSTILE}" in page.visible, path
    for page in (tmp_path / "site").rglob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S).group(1)
        assert "<" not in title and ">" not in title, f"{page}: {title}"


# --- failures -------------------------------------------------------------------------------

def with_a_broken_link(original):
    def docs_files(bundle, *rest):
        files = original(bundle, *rest)
        files["about.md"] += "\n[ссылка в никуда](missing.md)\n"
        return files
    return docs_files


@pytest.mark.parametrize("engine", ["mkdocs", pytest.param("zensical", marks=needs_zensical)])
def test_a_failed_engine_is_a_russian_record_and_the_site_stays(engine, sites, tmp_path, monkeypatch, capsys):
    out = tmp_path / "site"
    shutil.copytree(sites["mkdocs"], out)
    # the broken page comes from a patched function, which no fingerprint of files sees: without its
    # manifest the copied site cannot pass for what this build would make («nothing changed»)
    (out / MANIFEST).unlink(missing_ok=True)
    before = snapshot(out)
    monkeypatch.setattr(project, "docs_files", with_a_broken_link(project.docs_files))
    assert build(MINIMAL, out, "--engine", engine) == 1
    err = capsys.readouterr().err
    assert "[site-engine-failed] ошибка: программа сборки сайта" in err and "не собрала сайт" in err
    assert "missing.md" in err, "the engine's own message is quoted"
    assert "Traceback" not in err and "\x1b[" not in err
    assert f"Сайт не собран; {out}/ оставлен без изменений." in err
    assert snapshot(out) == before and not list(tmp_path.glob(".site-new-*"))


def test_a_missing_engine_is_reported_with_the_data_before_anything_is_built(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(engines, "zensical_command", lambda: None)
    assert build(MINIMAL, tmp_path / "site", "--engine", "zensical") == 1
    err = capsys.readouterr().err
    assert "--engine: [site-engine-missing] ошибка: программа сборки сайта Zensical не установлена" in err
    assert "pip install 'transparency[zensical]'" in err
    assert not (tmp_path / "site").exists()


def test_an_unknown_engine_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        build(MINIMAL, tmp_path / "site", "--engine", "hugo")
    assert "invalid choice: 'hugo'" in capsys.readouterr().err


def test_the_command_line_offers_every_engine():
    from generator import cli
    from generator.publish import ENGINES

    assert cli.ENGINES == ENGINES
