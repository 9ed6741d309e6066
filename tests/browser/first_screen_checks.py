"""Checks of the first phone screen of every page kind (issue 12: headers, titles, the overview's verdict,
small type), made during test_pages' one visit of each page like kind_checks' (register() adds them to
KIND_CHECKS): they cost the suite no page load of their own.

- Which municipality this is: its whole name is on the first screen (360×740 and 1366×768), not cut by
  the theme's header («Мониторинг качества м…») nor hidden under anything.
- A page's title says what the page is in a line or two: at most four lines at 360 px.
- An organ's overview opens with the verdict of the latest period and links to its full report.
- Nothing a reader must read on the home page, an organ's page or a rating is drawn under 12 CSS px on a
  phone (the charts are images, measured by kind_checks' chart check).
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import yaml

from tests.browser.conftest import SUBFOLDER, VIEWPORTS, declared_kinds, demo_sites

SMALLEST_TEXT = 12  # CSS px
MOST_TITLE_LINES = 4  # at 360 px

# the elements of the page that show the whole `name` (whitespace as the reader sees it): each one's box in
# page pixels, whether it is displayed and whether its text is cut (wider than its box, or an ellipsis)
SHOWING_NAME = """name => {
  const squeeze = s => s.replace(/\\s+/g, ' ').trim();
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (!squeeze(e.textContent).includes(name)) continue;
    if ([...e.children].some(c => squeeze(c.textContent).includes(name))) continue;  // its child shows it
    const r = e.getBoundingClientRect();
    let cut = false;
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (a.scrollWidth > a.clientWidth + 1 && style.overflowX !== 'visible') cut = true;
      if (style.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth + 1) cut = true;
    }
    found.push({tag: e.tagName + '.' + e.className, shown: e.checkVisibility({opacityProperty: true, visibilityProperty: true})
                && r.width > 1 && r.height > 1, top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY), cut});
  }
  return found; }"""

# the page's title: its lines as laid out (its height over its line height) and its text
TITLE_LINES = """() => { const h1 = document.querySelector('.md-content h1');
  if (!h1) return null;
  const style = getComputedStyle(h1);
  const clipped = style.position === 'absolute' && h1.getBoundingClientRect().width <= 1;  // said to screen readers only
  return {lines: clipped ? 0 : Math.round(h1.getBoundingClientRect().height / parseFloat(style.lineHeight)),
          text: h1.textContent.trim()}; }"""

# every text a reader sees drawn under `smallest` CSS px: its size, its element and its start (a visually
# hidden text, for screen readers only, is a box of a pixel and is not seen)
SMALL_TEXT = """smallest => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, e = node.parentElement;
    if (!node.textContent.trim() || !e || !e.checkVisibility({visibilityProperty: true})) continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < smallest) small.push([Math.round(size * 10) / 10, e.tagName + '.' + e.className, node.textContent.trim().slice(0, 40)]);
  }
  return small; }"""

# the overview's verdict: where it is against the first table, and its link to the period's report
OVERVIEW_VERDICT = """() => { const v = document.querySelector('.md-content .tp-verdict');
  const table = document.querySelector('.md-content table');
  if (!v) return null;
  const report = v.querySelector('a[href]');
  return {before_table: !table || !!(v.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
          level: (v.querySelector('.tp-verdict__level') || {}).textContent || '',
          value: (v.querySelector('.tp-verdict__value') || {}).textContent || '',
          top: Math.round(v.getBoundingClientRect().top + scrollY), report: report && report.textContent.trim()}; }"""


@functools.cache
def municipality_of(site_name: str) -> str:
    """The municipality's name as site.yaml gives it, spaces as a reader sees them."""
    data = demo_sites()[site_name]
    name = yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))["municipality"]
    return re.sub(r"\s+", " ", name).strip()


def site_of(url: str) -> str:
    """The demo site a page of the test server belongs to: /<site>/municipality/monitoring/…"""
    path = urlsplit(url).path
    return path.split(f"/{SUBFOLDER}/")[0].strip("/").split("/")[-1]


def the_municipality_is_named_on_the_first_screen(page, kind: str, viewport: str) -> None:
    """Its whole name, not cut by the header and displayed, ends on the first screen (the page as loaded,
    at its top)."""
    name = municipality_of(site_of(page.url))
    height = VIEWPORTS[viewport]["height"]
    places = page.evaluate(SHOWING_NAME, name)
    seen = [p for p in places if p["shown"] and not p["cut"] and p["bottom"] <= height]
    assert seen, f"«{name}» is not on the first screen at the {viewport} viewport: {places}"


def the_title_takes_a_line_or_two(page, kind: str, viewport: str) -> None:
    """At 360 px a page's h1 takes at most four lines: what the page is, its caveats in the lead."""
    if viewport != "phone":
        return
    title = page.evaluate(TITLE_LINES)
    assert title is not None, "no title"
    assert title["lines"] <= MOST_TITLE_LINES, f"the title takes {title['lines']} lines at 360 px: {title['text']}"


def the_overview_opens_with_the_verdict(page, kind: str, viewport: str) -> None:
    """An organ's overview opens with the latest period's verdict (its level or value, and a link to the
    period's full report), above the table of periods; on a phone it starts on the first screen."""
    verdict = page.evaluate(OVERVIEW_VERDICT)
    notice = page.locator(".md-content .tp-notice").count()
    if verdict is None:  # the organ was not monitored in the latest period: its notice says why
        assert notice == 1, "the overview has neither a verdict nor a notice"
        return
    assert verdict["before_table"] and verdict["value"].strip(), verdict
    assert verdict["report"] and verdict["report"].startswith("Полный отчёт"), verdict
    if viewport == "phone":
        assert verdict["top"] < VIEWPORTS["phone"]["height"], verdict


def no_text_under_12_px_on_a_phone(page, kind: str, viewport: str) -> None:
    """At 360 px no text a reader sees is under 12 CSS px (header, content and footer)."""
    if viewport != "phone":
        return
    assert page.evaluate(SMALL_TEXT, SMALLEST_TEXT) == [], page.url


SMALL_TEXT_KINDS = ("home", "organ", "rating")


def all_kinds() -> list[str]:
    """Every page kind any demo declares."""
    return list(dict.fromkeys(kind for data in demo_sites().values() for kind in declared_kinds(data)))


def register(kind_checks: dict) -> None:
    """Adds these checks to kind_checks.KIND_CHECKS, after the checks already there."""
    for kind in all_kinds():
        mine = [the_municipality_is_named_on_the_first_screen, the_title_takes_a_line_or_two]
        if kind == "organ overview":
            mine.append(the_overview_opens_with_the_verdict)
        if kind in SMALL_TEXT_KINDS:
            mine.append(no_text_under_12_px_on_a_phone)
        kind_checks[kind] = (*kind_checks.get(kind, ()), *mine)
