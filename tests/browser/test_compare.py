"""«Сравнение органов» and the sector filter of ratings in Chromium (issue 12, part «Compare»): two organs
picked on a phone, the filter leaving one sector, and both pages without JavaScript."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import page_types
from tests.browser.test_pages import axe_violations, url_of, visit

# the no-JS table's rows: the link's text and the headline cell (the first figure after «Уровень»)
TABLE_ROWS = """() => [...document.querySelectorAll('table.tp-table--cards tbody tr')].map(tr => ({
  name: tr.querySelector('th a').textContent,
  headline: tr.querySelectorAll('td')[2].textContent,
  visible: tr.checkVisibility(),
}))"""
SHOWN_SECTORS = """() => [...document.querySelectorAll('tr[data-sector]')].filter(r => r.checkVisibility())
  .map(r => r.dataset.sector)"""


def comparison_of(site) -> str:
    return sorted(p.relative_to(site).as_posix() for p in site.glob("compare/*.html"))[-1]


def test_two_organs_side_by_side_on_a_phone(browser, built_sites, server):
    path = comparison_of(built_sites["demo"])
    context, page, log = visit(browser, url_of(server, "demo", path), "phone", wait_until="load")
    try:
        rows = page.evaluate(TABLE_ROWS)
        first, second = rows[0], rows[-1]
        page.select_option("#tp-compare-a", label=first["name"])
        page.select_option("#tp-compare-b", label=second["name"])
        result = page.locator(".tp-compare__result table")
        head = result.locator("thead th").all_inner_texts()
        assert head == [first["name"], second["name"]]
        values = result.locator("tbody tr:not(.tp-compare__topic)").nth(1).locator("strong").all_inner_texts()
        assert values == [first["headline"], second["headline"]]
        for cell in result.locator("thead th, tbody td").all():  # side by side, both on a 360 px screen
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, cell.inner_text()
        key = re.search(r"#a=([^&]+)&b=(.+)$", page.url)
        assert key, page.url  # the choice is in the address, to be shared
        assert axe_violations(page) == []
        # the shared address opens the same two
        page.goto(page.url.replace("#", "?again#"), wait_until="load")
        assert page.locator(".tp-compare__result thead th").all_inner_texts() == [first["name"], second["name"]]
        assert log["failed"] == []
    finally:
        context.close()


@pytest.mark.parametrize("site_name", ["demo", "dzerzhinsk"])
def test_the_sector_filter_leaves_only_rows_of_the_sector(browser, built_sites, server, site_name):
    """Dzerzhinsk ranks within sectors: the other sectors' sections go with their rows; no place changes."""
    path = page_types(built_sites[site_name])["rating"]
    context, page, _ = visit(browser, url_of(server, site_name, path), "phone", wait_until="load")
    try:
        places = page.locator("tr[data-sector] td.tp-place").all_inner_texts()
        total = len(places)
        sectors = [o.get_attribute("value") for o in page.locator("#tp-sector-filter option").all()][1:]
        sector = sectors[1]
        page.select_option("#tp-sector-filter", value=sector)
        shown = page.evaluate(SHOWN_SECTORS)
        assert shown and set(shown) == {sector}
        assert page.locator(".tp-filter__count").inner_text() == f"Показано: {len(shown)} из {total}"
        headings = {h.inner_text() for h in page.locator("article h2").all() if h.is_visible()}
        assert not headings & (set(sectors) - {sector}), headings
        page.select_option("#tp-sector-filter", value="")
        assert page.locator("tr[data-sector] td.tp-place").all_inner_texts() == places
    finally:
        context.close()


def test_without_javascript_the_whole_table_shows(browser, built_sites, server):
    site = built_sites["demo"]
    for path in (comparison_of(site), page_types(site)["rating"]):
        context, page, _ = visit(browser, url_of(server, "demo", path), "phone", javascript=False, wait_until="load")
        try:
            rows = page.locator("tr[data-sector]")
            assert rows.count() > 1 and all(r.is_visible() for r in rows.all())
            assert all(s.is_visible() for s in page.locator("tr[data-sector] .tp-sector").all())
            assert not page.locator(".tp-filter").is_visible() and not page.locator(".tp-compare").is_visible()
        finally:
            context.close()
