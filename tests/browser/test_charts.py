"""Charts as a citizen's phone shows them (360×740): every text of every chart at least 12 CSS px as
drawn, names never cut, and bars coloured by level come with a legend naming each level."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SUBFOLDER, VIEWPORTS, demo_sites, page_types
from tests.browser.test_pages import visit

SMALLEST_TEXT = 12  # CSS px
# the pages whose charts differ in kind (the home page's and the overview's trends are drawn as the
# organ page's are): bars coloured by level, trends with gaps, surveys
KINDS_WITH_CHARTS = ("rating", "organ", "service", "survey")
# the sites whose methodologies rate on a scale of several levels: some chart of theirs has a legend
LEVELLED = {"demo", "baikonur", "novokuznetsk"}

MEASURE = """async img => {
  img.loading = "eager";
  img.scrollIntoView();
  await img.decode();
  const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), "image/svg+xml").documentElement;
  const texts = [...svg.querySelectorAll("text")];
  const table = img.closest("figure").nextElementSibling;
  const headers = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
  const column = headers.indexOf("Уровень");
  return {
    src: img.getAttribute("src"),
    rendered: img.getBoundingClientRect().width,
    natural: img.naturalWidth,
    box: svg.viewBox.baseVal.width,
    sizes: texts.map(t => parseFloat(t.getAttribute("font-size"))),
    lines: texts.map(t => [...t.childNodes].map(n => n.textContent).join(" ")),
    levels: column < 0 ? [] : [...table.querySelectorAll("tbody tr")].map(tr => tr.children[column].textContent.trim()),
  };
}"""


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def charts_of(browser, server: str, site: str, path: str) -> list[dict]:
    """Every chart of the page measured at once (each image is loaded by MEASURE itself)."""
    context, page, _ = visit(browser, f"{server}/{site}/{SUBFOLDER}/{path}", "phone", wait_until="load")
    try:
        return page.locator("figure.tp-chart img").evaluate_all(f"images => Promise.all(images.map({MEASURE}))")
    finally:
        context.close()


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_chart_text_is_readable_on_a_phone_and_levels_are_named(browser, built_sites, server, site_name):
    site = built_sites[site_name]
    kinds = page_types(site)
    measured, legends = [], 0
    for kind in KINDS_WITH_CHARTS:
        if kind not in kinds:
            continue
        for chart in charts_of(browser, server, site_name, kinds[kind]):
            where = f"{kinds[kind]}: {chart['src']}"
            assert chart["box"] > 0 and chart["rendered"] <= chart["natural"] <= VIEWPORTS["desktop"]["width"], where
            smallest = min(chart["sizes"]) * chart["rendered"] / chart["box"]
            assert smallest >= SMALLEST_TEXT, f"{where}: text drawn {smallest:.1f} px on a 360 px phone"
            assert not any("…" in line for line in chart["lines"]), f"{where}: a name is cut"
            named = {_words(line) for line in chart["lines"]}
            for level in set(chart["levels"]) - {"—"}:
                assert _words(level) in named, f"{where}: the legend does not name «{level}»"
            legends += bool(chart["levels"])
            measured.append(smallest)
    assert measured, "no chart on the pages looked at"
    if site_name in LEVELLED:
        assert legends, "no chart coloured by level"
