"""«Найти услугу» and the site search on a phone (issue 12, «Find»): «детский сад» typed letter by
letter finds the education office within a second, through the synonyms; the finder filters as one
types, and without JavaScript lists every service. (That nothing covers the open search box on a
phone is test_phone.py's.)"""
from __future__ import annotations

import csv
import time

from tests.browser.conftest import ROOT
from tests.browser.test_pages import url_of, visit

TYPED = "детский сад"
ORGAN = "Управление образования"  # of the demo (data/): its kindergarten service says «дошкольного образования»
SERVICE = "дошкольного образования"


def services_of(data) -> list[str]:
    with (data / "services.csv").open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


def test_typing_finds_the_service_on_the_finder_and_in_the_site_search(browser, built_sites, server):
    built_sites["demo"]
    context, page, log = visit(browser, url_of(server, "demo", "services.html"), "phone")
    try:
        total = len(services_of(ROOT / "data"))
        finder = page.locator("#tp-finder-words")
        finder.press_sequentially(TYPED, delay=30)
        shown = page.locator(".tp-finder__list li:not([hidden])")
        assert 0 < shown.count() < total
        assert all(SERVICE in text or "дошкольн" in text for text in shown.all_inner_texts())
        assert "Найдено услуг" in page.locator("#tp-finder-count").inner_text()
        page.select_option("#tp-finder-sector", "Городское хозяйство")
        assert shown.count() == 0 and page.locator("#tp-finder-none").is_visible()

        page.locator("label.md-header__button[for=__search]").click()
        search = page.locator(".md-search__input")
        search.press_sequentially(TYPED, delay=60)
        typed = time.monotonic()
        results = page.locator(".md-search-result__item", has_text=ORGAN)
        results.first.wait_for(timeout=1000)
        assert time.monotonic() - typed < 1.0
        assert log["failed"] == []
    finally:
        context.close()


def test_without_javascript_the_finder_lists_every_service(browser, built_sites, server):
    context, page, _ = visit(browser, url_of(server, "demo", "services.html"), "phone", javascript=False,
                             wait_until="load")
    try:
        assert not page.locator("#tp-finder").is_visible()
        names = page.locator(".tp-finder__list li").all_inner_texts()  # the demo's services have no pages of their own
        assert sorted(names) == sorted(services_of(ROOT / "data"))
        assert all(page.locator(".tp-finder__list li").nth(i).is_visible() for i in (0, len(names) - 1))
    finally:
        context.close()
