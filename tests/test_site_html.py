"""Properties of the built HTML that every page must have."""
import re
from pathlib import Path

import pytest

from generator.cli import main

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "site"
    assert main(["build", "--data", str(MINIMAL), "--out", str(out), "--quiet"]) == 0
    return out


def pages(site):
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_elsewhere(site):
    # <link rel="canonical"> names the page's public address; it loads nothing
    loading = re.compile(r'<(?:script|link(?![^>]*rel="canonical")|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//',
                         re.I)
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert not loading.search(html), f"{page.relative_to(site)} loads an external resource"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_untrusted_names_are_escaped(site):
    html = (site / "organs" / "alpha" / "2025.html").read_text(encoding="utf-8")
    assert "<b>партнёры</b>" not in html
    assert "&lt;b&gt;партнёры&lt;/b&gt;" in html
    assert "<title>Управление «Альфа» ＆ ‹b›партнёры‹/b› — 2025 год - " in html  # the theme prints titles raw


def test_a_name_cannot_break_out_of_the_title(minimal_copy, tmp_path):
    organizations = minimal_copy / "organizations.yaml"
    organizations.write_text(organizations.read_text(encoding="utf-8").replace(
        "Комитет по делам Беты", "Бета</title><script>alert(1)</script>"), encoding="utf-8")
    assert main(["build", "--data", str(minimal_copy), "--out", str(tmp_path / "s"), "--quiet"]) == 0
    for page in (tmp_path / "s").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page


def test_every_chart_has_a_text_alternative_and_a_table(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        for img in re.findall(r"<img [^>]*>", html):
            if "charts/" in img:
                alt = re.search(r'alt="([^"]+)"', img)
                assert alt and len(alt.group(1)) > 20, img
        assert html.count('class="tp-chart"') == html.count('class="tp-chart-data"')


def test_relative_links_resolve(site):
    """Every relative href/src of every page points at a file of the built site.

    404.html is left out: the web server serves it at any depth, so mkdocs gives it
    absolute addresses under site_url."""
    for page in pages(site):
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#:?]+)(?:#[^"]*)?"', html):
            resolved = (page.parent / target).resolve()
            assert resolved.exists(), f"{page.relative_to(site)} → {target}"


def test_pages_are_russian_and_figures_use_russian_formatting(site):
    html = (site / "rating" / "2025.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in html
    assert "79,7\u00a0%" in html  # Кэф alpha 2025, comma and non-breaking space
