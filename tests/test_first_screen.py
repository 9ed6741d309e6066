"""The municipality on the first screen of every page (issue 12): the theme's header cuts the site's name on
a phone («Мониторинг качества м…»), so overrides/main.html says the municipality on a line under the header.
What the built HTML holds is checked here; that the line is seen at 360 px and hidden where the header has
room is tests/browser/first_screen_checks.py's."""
from pathlib import Path

from generator.cli import main

HOSTILE = "Город <b>Тест</b> & «Ко»"


def test_every_page_names_the_municipality_under_the_header_escaped(minimal_copy: Path, tmp_path: Path):
    site_yaml = minimal_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        'municipality: "Тестовый городской округ"', f'municipality: "{HOSTILE}"'), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--data", str(minimal_copy), "--out", str(out), "--quiet"]) == 0
    line = '<p class="tp-municipality" aria-hidden="true">Город &lt;b&gt;Тест&lt;/b&gt; &amp; «Ко»</p>'
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'class="md-header"' not in html:  # a page without the theme's layout (a widget, a redirect)
            continue
        assert html.count(line) == 1, page.relative_to(out)
        # under the header, before the content: where a reader's first screen has it
        assert html.index('class="md-header"') < html.index(line) < html.index('class="md-main"'), page
        assert "<b>Тест</b>" not in html, page
