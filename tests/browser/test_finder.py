"""«Найти услугу» and the site search on a phone (issue 12, «Find»): «детский сад» typed letter by
letter finds the education office within a second, through the synonyms; the finder filters as one
types, and without JavaScript lists every service. (That nothing covers the open search box on a
phone is test_phone.py's.)"""
from __future__ import annotations

import csv
import re
import time

import pytest
import yaml

from tests.browser.conftest import ROOT, demo_sites
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


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_the_site_search_answers_a_letter_by_letter_query_within_a_second_on_every_demo(browser, built_sites,
                                                                                        server, site_name):
    """Issue 12, «Done when»: on a phone, a word of an organ's name that no other organ's name has, typed into
    the site search a letter at a time; from the last letter, a result naming that organ within a second, on
    each demo site."""
    organs = yaml.safe_load((demo_sites()[site_name] / "organizations.yaml").read_text(encoding="utf-8"))
    name, word = next((o["name"], w) for o in organs for w in _words(o["name"])
                      if not any(w in _words(other["name"]) for other in organs if other is not o))
    built_sites[site_name]
    context, page, log = visit(browser, url_of(server, site_name, "index.html"), "phone")
    try:
        page.locator("label.md-header__button[for=__search]").click()
        page.locator(".md-search__input").focus()
        for letter in word:  # as a phone's keyboard types: the letter, then a key-up (the theme searches on
            page.keyboard.insert_text(letter)  # key-up; Playwright sends a Cyrillic letter as text alone)
            page.keyboard.press("Shift")
            page.wait_for_timeout(60)
        typed = time.monotonic()
        page.locator(".md-search-result__item", has_text=name).first.wait_for(timeout=1000)
        assert time.monotonic() - typed < 1.0, (site_name, word)
        assert log["failed"] == []
    finally:
        context.close()


def _words(name: str) -> list[str]:
    """The words of a name a citizen might type (five letters and more), in lower case."""
    return [w.lower() for w in re.findall(r"[А-Яа-яЁё]{5,}", name)]
