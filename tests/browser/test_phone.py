"""The search box on a phone, the count of its results and the 404 page (issue 12, part C). The tables of ratings and organ pages on a
phone and a laptop and the home's first screen are checked in test_pages' visit of those pages
(kind_checks.py)."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_pages import url_of


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


# what the theme writes above the results (its «k» above 999, rounded to a hundred) → what the page shows
SEARCH_COUNTS = {"Найдено совпадений: 2.4k": "Найдено совпадений: около 2\u00a0400",
                 "Найдено совпадений: 1k": "Найдено совпадений: около 1\u00a0000",
                 "Найдено совпадений: 12.3k": "Найдено совпадений: около 12\u00a0300",
                 "Найдено совпадений: 999": "Найдено совпадений: 999",
                 "Найдено 1 совпадение": "Найдено 1 совпадение"}
# each text set as the theme sets it (textContent), read back once the page's observer has run
SHOWN = """async texts => { const meta = document.querySelector('.md-search-result__meta'); const shown = [];
  for (const text of texts) { meta.textContent = text; await new Promise(r => setTimeout(r)); shown.push(meta.textContent); }
  return shown; }"""


def test_a_count_of_search_results_is_said_in_russian_not_as_2_4k(page_context, built_sites, server):
    """At 400 organs a search finds thousands of entries, which the theme counts as «2.4k»; the page says
    «около 2 400» (the theme's count is rounded to a hundred), from the file system as from a server."""
    page = page_context.new_page()
    try:
        for url in (url_of(server, "demo", "index.html"), (built_sites["demo"] / "index.html").as_uri()):
            page.goto(url, wait_until="load")
            assert page.evaluate(SHOWN, list(SEARCH_COUNTS)) == list(SEARCH_COUNTS.values()), url
    finally:
        page.close()


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
