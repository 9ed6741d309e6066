"""Tables on a phone and a laptop, the search box on a phone and the 404 page (issue 12, part C)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import VIEWPORTS, cases, demo_sites, page_types
from tests.browser.test_pages import url_of, visit, width_once_laid_out

VERDICT_PAGES = [case for case in cases() if case[1] in ("rating", "organ")]
# every table box that is displayed: its size, whether its hint shows, and the cards' cells
TABLES = """() => [...document.querySelectorAll('.tp-table-wrap')].filter(box => box.checkVisibility()).map(box => ({
  caption: box.querySelector('caption').textContent.slice(0, 60),
  wider: box.scrollWidth > box.clientWidth + 1,
  hint: getComputedStyle(box.querySelector('.tp-scroll-hint')).visibility === 'visible',
  cards: box.querySelector('table.tp-table--cards') !== null,
  labelled: [...box.querySelectorAll('.tp-table--cards td[data-label]')].map(td => {
    const r = td.getBoundingClientRect(); return [td.dataset.label, Math.round(r.left), Math.round(r.right)]; }),
}))"""
# scrolled to its end, the box's row headers still start at its left edge (they stay in place)
STICKY_AFTER_SCROLL = """box => { box.scrollLeft = box.scrollWidth;
  const left = box.getBoundingClientRect().left;
  return [...box.querySelectorAll('tbody th[scope=row]')].map(th => Math.round(th.getBoundingClientRect().left - left)); }"""


@pytest.mark.parametrize("site_name, kind", VERDICT_PAGES)
def test_verdicts_on_a_phone_and_no_table_cut_on_a_laptop(browser, built_sites, server, site_name, kind):
    """At 360 px the verdict columns are on screen and wide tables say they scroll; the same page,
    resized to 1366 px, has no table wider than its box."""
    path = page_types(built_sites[site_name])[kind]
    context, page, _ = visit(browser, url_of(server, site_name, path), "phone", wait_until="load")
    try:
        width = VIEWPORTS["phone"]["width"]
        tables = page.evaluate(TABLES)
        if kind == "rating":
            assert any(t["cards"] for t in tables), "the rating is laid out as cards on a phone"
        if kind == "organ":  # one summary: the verdict, with what the act's own summary added
            assert page.locator(".tp-summary").count() <= 1 and page.locator(".tp-verdict").count() <= 1
        for table in tables:
            assert table["hint"] == table["wider"], table["caption"]
            for label, left, right in table["labelled"]:
                assert 0 <= left and right <= width, (table["caption"], label, left, right)
        for box in page.locator(".tp-table-wrap").all():
            if box.evaluate("b => b.checkVisibility() && b.scrollWidth > b.clientWidth + 1"):
                offsets = box.evaluate(STICKY_AFTER_SCROLL)
                assert all(abs(o) <= 1 for o in offsets), (box.get_attribute("aria-label"), offsets)
        page.set_viewport_size(VIEWPORTS["desktop"])
        width_once_laid_out(page, VIEWPORTS["desktop"]["width"])
        tables = page.evaluate(TABLES)
        assert [t["caption"] for t in tables if t["wider"]] == [], "cut at 1366 px"
    finally:
        context.close()


@pytest.mark.parametrize("low_vision", [False, True], ids=["usual", "low-vision"])
def test_on_a_phone_nothing_covers_the_open_search_box(browser, built_sites, server, low_vision):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    if low_vision:
        context.add_init_script("localStorage.setItem('tp-low-vision', '1')")
    page = context.new_page()
    try:
        page.goto(url_of(server, "demo", "index.html"), wait_until="load")
        page.locator("label.md-header__button[for=__search]").click()
        search = page.locator(".md-search__input")
        search.click(timeout=3000)  # fails with «… intercepts pointer events» if anything lies over it
        assert search.evaluate("i => document.activeElement === i")
        assert not page.locator("#tp-a11y-toggle").is_visible()
    finally:
        context.close()


def test_404_is_russian_themed_and_leads_back_from_a_subfolder_and_the_file_system(browser, built_sites, server):
    site = built_sites["demo"]
    body = (site / "404.html").read_bytes()
    root = re.search(rb'var root = "([^"]*)"', body).group(1).decode()  # the path of the site's address
    at_its_address = f"{server}{root}"

    def web_server(route):
        """The site at its own address, showing its 404 page for a missing one (at that address)."""
        file = site / route.request.url[len(at_its_address):].split("?")[0]
        if file.is_file():
            route.fulfill(path=file)
        else:
            route.fulfill(status=404, body=body, content_type="text/html")

    for url in (url_of(server, "demo", "404.html"), (site / "404.html").as_uri(),
                f"{at_its_address}organs/no-such-organ/2099.html"):
        context = browser.new_context(viewport=VIEWPORTS["phone"])
        page = context.new_page()
        page.route(f"{at_its_address}**", web_server)
        try:
            page.goto(url, wait_until="load")
            assert page.evaluate("document.documentElement.lang") == "ru"
            assert page.locator("h1").inner_text() == "Страница не найдена", url
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", url
            assert page.locator("form.tp-404-search input[name=q]").count() == 1
            page.get_by_role("link", name="Перейти на главную страницу").click()
            page.wait_for_load_state("load")
            assert page.url.split("?")[0].endswith("/index.html") and "no-such-organ" not in page.url, url
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", url
        finally:
            context.close()


# where the home's first things end, in page pixels: the headline's value and change, the finder link,
# the first of the best (its top: «or its start»)
FIRST_SCREEN = """() => {
  const bottom = s => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().bottom + scrollY) : null; };
  const top = s => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().top + scrollY) : null; };
  return {value: bottom('.tp-home-top .tp-verdict__value'), change: bottom('.tp-home-top__change'),
          finder: bottom('.tp-home-find a'), best: top('.tp-home-best tbody tr'),
          finder_on_page: document.querySelector('.tp-home-find') !== null}; }"""


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_the_homes_first_screen_has_the_headline_its_change_and_the_start_of_the_best(browser, built_sites, server,
                                                                                         site_name):
    """At 360×740 and at 1366×768: the municipality's headline figure, its change in words, the link to find
    one's service and the first of the best three are on the first screen."""
    context, page, _ = visit(browser, url_of(server, site_name, "index.html"), "phone", wait_until="load")
    try:
        for viewport in ("phone", "desktop"):
            if viewport == "desktop":
                page.set_viewport_size(VIEWPORTS["desktop"])
                width_once_laid_out(page, VIEWPORTS["desktop"]["width"])
            height = VIEWPORTS[viewport]["height"]
            at = page.evaluate(FIRST_SCREEN)
            assert at["value"] is not None and at["value"] <= height, (viewport, at)
            assert at["change"] is not None and at["change"] <= height, (viewport, at)
            assert at["best"] is not None and at["best"] < height, (viewport, at)
            if at["finder_on_page"]:
                assert at["finder"] <= height, (viewport, at)
    finally:
        context.close()

