"""Every page kind every demo site declares, at a phone and a desktop viewport, in Chromium."""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import (ARTIFACTS, ROOT, SUBFOLDER, VIEWPORTS, cases, declared_kinds, demo_sites,
                                    page_types)
from tests.browser.kind_checks import EVERY_KIND_CHECKS, KIND_CHECKS

AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROKEN_IMAGES = """async () => {
  const results = await Promise.all([...document.images].map(img => {
    img.loading = "eager";
    return img.decode().then(() => null, () => img.getAttribute("src"));
  }));
  return results.filter(Boolean);
}"""
CHART_IMAGE = re.compile(r'<img\b[^>]*\bsrc="([^"]*charts/[^"]*)"')
# a lazy image scrolled into view may still be loading: wait for it
IMAGE_LOADED = "i => i.complete ? i.naturalWidth > 0 : i.decode().then(() => i.naturalWidth > 0, () => false)"


def visit(browser, url: str, viewport: str, javascript: bool = True, wait_until: str = "networkidle"):
    """A fresh browser context (no storage, no cache) on `url`; every request it makes is logged.
    "networkidle" waits until nothing has loaded for 0,5 s: what the request checks need, but a
    page without JavaScript loads nothing after its "load" event."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page, log = logged_page(context, url, wait_until)
    return context, page, log


def logged_page(context, url: str, wait_until: str = "networkidle"):
    """A new page of `context` on `url`; every request it makes is logged."""
    page = context.new_page()
    log = {"requests": [], "failed": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.goto(url, wait_until=wait_until)
    return page, log


def screenshot(page, name: Path, full_page: bool = True) -> None:
    """For people to look at (SCREENSHOTS=1): tests/artifacts/screenshots/, ignored by git."""
    if os.environ.get("SCREENSHOTS"):
        name.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(name), full_page=full_page)


def width_once_laid_out(page, limit: int) -> int:
    """The page's width once the theme has laid it out again after a resize (a few frames: right after
    a resize from the phone viewport it is still 11 px wider than the desktop one)."""
    try:
        page.wait_for_function("limit => document.documentElement.scrollWidth <= limit", arg=limit, timeout=5000)
    except PlaywrightTimeout:
        pass  # it does not fit: the assertion reports the width
    return page.evaluate("document.documentElement.scrollWidth")


def axe_violations(page) -> list:
    """WCAG 2.1 AA violations of the page as it is now; only violations are gathered (axe skips the
    bookkeeping of what passed), and axe is added to the page once."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}))
             .violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
             .map(n => n.target.join(" ")).join("; ")}`)""", WCAG_21_AA)


def url_of(server, site_name, path):
    return f"{server}/{site_name}/{SUBFOLDER}/{path}"


def test_every_page_kind_a_site_has_is_declared_and_every_declared_kind_is_there(built_sites):
    """The cases below are the declared kinds: a kind a site has but does not declare would go untested."""
    for site_name, data in demo_sites().items():
        declared, present = declared_kinds(data), page_types(built_sites[site_name])
        assert sorted(present) == sorted(declared), site_name


@pytest.mark.parametrize("site_name, kind", cases())
def test_page_is_accessible_offline_safe_and_fits(page_context, built_sites, server, site_name, kind):
    """One load, checked at the phone viewport and again after resizing to the desktop one, with the
    checks of every kind and of its own (kind_checks.EVERY_KIND_CHECKS, KIND_CHECKS) at each. The phone's
    accessibility check runs while the theme's search worker is still loading its index (it changes nothing
    on the page): the request checks wait for the network to be idle only after it, which saves the half
    second of idleness, and more, on each of the hundred visits of the suite."""
    types = page_types(built_sites[site_name])
    assert kind in types, f"the methodologies of the {site_name} site declare {kind} pages, but it has none"
    first, *others = VIEWPORTS
    page, log = logged_page(page_context, url_of(server, site_name, types[kind]), wait_until="load")
    try:
        for viewport in [first, *others]:
            if viewport != first:
                page.set_viewport_size(VIEWPORTS[viewport])
                width_once_laid_out(page, VIEWPORTS[viewport]["width"])
            assert axe_violations(page) == [], viewport
            page.wait_for_load_state("networkidle")
            assert page.evaluate(BROKEN_IMAGES) == [], viewport
            elsewhere = [u for u in log["requests"] if not u.startswith((server, "data:", "blob:"))]
            assert elsewhere == [], f"requests to other hosts ({viewport})"
            assert log["failed"] == [], viewport
            width = width_once_laid_out(page, VIEWPORTS[viewport]["width"])
            assert width <= VIEWPORTS[viewport]["width"], \
                f"the page scrolls sideways at the {viewport} viewport; wide tables must scroll in their box"
            for check in (*EVERY_KIND_CHECKS, *KIND_CHECKS.get(kind, ())):
                check(page, kind, viewport)
            screenshot(page, ARTIFACTS / site_name / f"{kind.replace(' ', '-')}-{viewport}.png")
    finally:
        page.close()


@pytest.mark.parametrize("site_name, kind", cases())
def test_without_javascript_every_figure_table_and_chart_is_there(no_script_context, built_sites, server, site_name,
                                                                   kind):
    site = built_sites[site_name]
    path = page_types(site)[kind]
    html = (site / path).read_text(encoding="utf-8")
    page, _ = logged_page(no_script_context, url_of(server, site_name, path), wait_until="load")
    try:
        assert page.locator("table").count() == html.count("<table"), "tables"
        charts = page.locator("img[src*='charts/']")
        assert sorted(charts.evaluate_all("images => images.map(i => i.getAttribute('src'))")) == \
            sorted(CHART_IMAGE.findall(html)), "every chart image referenced in the HTML is on the page"
        # each scrolled into view as a reader would (lazy images load then, without a script), in one call
        unloaded = charts.evaluate_all(f"""async images => {{ const missing = [];
            for (const i of images) {{ i.scrollIntoView(); if (!(await ({IMAGE_LOADED})(i))) missing.push(i.getAttribute("src")); }}
            return missing; }}""")
        assert unloaded == [], "chart images not loaded"
        assert page.locator(".tp-figure__value").count() == html.count("tp-figure__value"), "figures"
    finally:
        page.close()


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_opens_from_the_file_system(browser, built_sites, site_name):
    site = built_sites[site_name]
    for kind in ("home", "organ", "rating"):
        path = page_types(site)[kind]
        context, page, log = visit(browser, (site / path).as_uri(), "desktop")
        try:
            assert page.evaluate(BROKEN_IMAGES) == []
            assert log["failed"] == [], kind
            assert all(u.startswith(("file://", "data:", "blob:")) for u in log["requests"]), kind
            assert page.locator("link[rel=stylesheet]").count() > 0
            assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
        finally:
            context.close()


def test_version_for_the_visually_impaired_is_kept_across_pages(browser, built_sites, server):
    types = page_types(built_sites["demo"])
    context, page, _ = visit(browser, url_of(server, "demo", types["home"]), "desktop")
    try:
        toggle = page.locator("#tp-a11y-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert page.evaluate("document.documentElement.classList.contains('tp-low-vision')")
        page.goto(url_of(server, "demo", types["organ"]), wait_until="networkidle")
        assert page.evaluate("document.documentElement.classList.contains('tp-low-vision')")
        assert page.locator("#tp-a11y-toggle").get_attribute("aria-pressed") == "true"
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > 25
        assert axe_violations(page) == []
        screenshot(page, ARTIFACTS / "demo" / "low-vision-organ.png", full_page=False)
        page.locator("#tp-a11y-toggle").click()
        assert not page.evaluate("document.documentElement.classList.contains('tp-low-vision')")
    finally:
        context.close()


def test_the_switch_is_hidden_without_javascript(browser, built_sites, server):
    context, page, _ = visit(browser, url_of(server, "demo", "index.html"), "desktop", javascript=False)
    try:
        assert not page.locator("#tp-a11y-toggle").is_visible()
    finally:
        context.close()


def test_russian_search_finds_an_organ_from_an_inflected_partial_name(browser, built_sites, server):
    """The theme's search with the Russian stemmer, opened the way a shared search link opens it
    (headless typing does not reach the theme's input handler; the query path is the same)."""
    context, page, _ = visit(browser, url_of(server, "demo", "index.html?q=образования"), "desktop")
    try:
        page.locator(".md-search-result__item").first.wait_for(timeout=30000)
        titles = page.locator(".md-search-result__item h1").all_inner_texts()
        assert any("Управление образования" in t for t in titles), titles
    finally:
        context.close()


class _Tables(HTMLParser):
    """The tables of a page as a reader's screen reader has them: each table's class, its column headings
    (text, class) and its body rows, each cell as (tag, attributes, whether it holds a level's band)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._part = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"class": attrs.get("class") or "", "head": [], "rows": []})
        elif not self.tables:
            return
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr" and self._part == "tbody":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "attrs": attrs, "text": "", "band": False}
            (self.tables[-1]["head"] if self._part == "thead" else self.tables[-1]["rows"][-1]).append(self._cell)
        elif self._cell is not None and "tp-band" in (attrs.get("class") or ""):
            self._cell["band"] = True

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None
        elif tag in ("thead", "tbody"):
            self._part = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


# the kinds whose tables this project's act templates and pages/{organ,rating,methodology,service,compare} write (the home's short list has its own phone layout and first-screen check)
KINDS_WITH_VERDICT_TABLES = ("organ", "service", "rating", "methodology", "generalized", "survey", "compare")


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_a_level_column_is_marked_as_a_verdict_and_its_cards_are_labelled(built_sites, site_name):
    """Issue 12 (tables on phones): a column that shows a level (a band) in any row is marked as a verdict
    column (`m.col(..., key=true)`: the browser check keeps it on a phone's screen); and in a table laid out
    as cards on a phone, every cell of a body row of a single header row names its column (`data-label`), so a
    card never shows a bare figure."""
    site = built_sites[site_name]
    for kind, path in page_types(site).items():
        if kind not in KINDS_WITH_VERDICT_TABLES:
            continue
        parser = _Tables()
        parser.feed((site / path).read_text(encoding="utf-8"))
        for table in parser.tables:
            head = table["head"]
            where = (site_name, kind, [h["text"].strip() for h in head][:3])
            for row in table["rows"]:
                if len(row) != len(head):
                    continue  # a group's heading, or a cell spanning the columns of a missing row
                for heading, cell in zip(head, row):
                    if cell["band"] and cell["tag"] == "td":
                        assert "tp-key" in (heading["attrs"].get("class") or ""), (*where, heading["text"])
                    if "tp-table--cards" in table["class"] and cell["tag"] == "td":
                        assert cell["attrs"].get("data-label"), (*where, heading["text"])
