"""Checks of some page kinds made during test_pages' one visit of the page: the verdicts and tables of
ratings and organ pages and the home's first screen (issue 12, part C), the charts' text on a phone
(test_charts.py keeps what it says of a site as a whole). They were visits of their own;
made in the visit that already loads the page at the phone viewport and resizes it to the desktop one,
they cost the suite no page load, axe injection or resize of their own."""
from __future__ import annotations

import re

from tests.browser.conftest import VIEWPORTS

SMALLEST_TEXT = 12  # CSS px
# every chart of the page measured at once, each image loaded by MEASURE itself
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

# every table box that is displayed: its size, whether its hint shows, and the cards' cells
TABLES = """() => [...document.querySelectorAll('.tp-table-wrap')].filter(box => box.checkVisibility()).map(box => ({
  caption: box.querySelector('caption').textContent.slice(0, 60),
  wider: box.scrollWidth > box.clientWidth + 1,
  hint: getComputedStyle(box.querySelector('.tp-scroll-hint')).visibility === 'visible',
  cards: box.querySelector('table.tp-table--cards') !== null,
  labelled: [...box.querySelectorAll('.tp-table--cards td[data-label]')].map(td => {
    const r = td.getBoundingClientRect(); return [td.dataset.label, Math.round(r.left), Math.round(r.right)]; }),
}))"""
# scrolled to its end, the box's row headers still start at its left edge (they stay in place); the box is
# scrolled back after, as a reader's next page would find it (the same visit checks the desktop viewport next)
STICKY_AFTER_SCROLL = """box => { box.scrollLeft = box.scrollWidth;
  const left = box.getBoundingClientRect().left;
  const offsets = [...box.querySelectorAll('tbody th[scope=row]')].map(th => Math.round(th.getBoundingClientRect().left - left));
  box.scrollLeft = 0;
  return offsets; }"""
# where the home's first things end, in page pixels: the headline's value and change, the finder link,
# the first of the best (its top: «or its start») and the last of the worst (its bottom); and the rows of the
# best and the worst whose names are cut («…») or run past the screen's right edge
FIRST_SCREEN = """() => {
  const bottom = s => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().bottom + scrollY) : null; };
  const top = s => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().top + scrollY) : null; };
  const rows = [...document.querySelectorAll('.tp-home-best tbody tr:not(.tp-gap)')];
  const cut = rows.filter(tr => [tr, ...tr.querySelectorAll('*')].some(e =>
      getComputedStyle(e).textOverflow === 'ellipsis' || e.getBoundingClientRect().right > innerWidth + 1
      || (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)))
    .map(tr => tr.querySelector('th').textContent);
  return {value: bottom('.tp-home-top .tp-verdict__value'), change: bottom('.tp-home-top__change'),
          finder: bottom('.tp-home-find a'), best: top('.tp-home-best tbody tr'),
          worst: rows.length ? Math.round(rows[rows.length - 1].getBoundingClientRect().bottom + scrollY) : null,
          rows: rows.length, cut, finder_on_page: document.querySelector('.tp-home-find') !== null}; }"""


def verdicts_on_a_phone_and_no_table_cut_on_a_laptop(page, kind: str, viewport: str) -> None:
    """At 360 px the verdict columns are on screen and wide tables say they scroll; the same page,
    resized to 1366 px, has no table wider than its box."""
    tables = page.evaluate(TABLES)
    if viewport == "desktop":
        assert [t["caption"] for t in tables if t["wider"]] == [], "cut at 1366 px"
        return
    width = VIEWPORTS["phone"]["width"]
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


# Every table box displayed, scrolled to its start: for each column heading marked as a verdict column
# (`th.tp-key`, set by the macro `m.col(..., key=true)`: the level, the place, the change, the headline value),
# where a reader sees it — the heading's own box, or, where the rows are laid out as cards, each row's cell of
# that column with the label the card prints before it. The column of a heading is found on the header's grid
# (colspans and rowspans), a row's cell on the row's own (a cell spanning several columns names none of them).
VERDICT_COLUMNS = """() => {
  const grid = rows => { const taken = [], at = new Map();
    rows.forEach((tr, y) => { let x = 0;
      for (const cell of tr.cells) { while (taken[y]?.[x]) x++;
        at.set(cell, cell.colSpan > 1 ? -1 : x);
        for (let dy = 0; dy < cell.rowSpan; dy++) for (let dx = 0; dx < cell.colSpan; dx++) (taken[y + dy] ??= [])[x + dx] = true;
        x += cell.colSpan; } });
    return at; };
  const seen = [];
  for (const box of document.querySelectorAll('.tp-table-wrap')) {
    if (!box.checkVisibility()) continue;
    box.scrollLeft = 0;
    const table = box.querySelector('table'), caption = table.caption ? table.caption.textContent.slice(0, 60) : '';
    const keys = [...table.querySelectorAll('thead th.tp-key')];
    if (!keys.length) continue;
    const columns = grid([...table.tHead.rows]);
    const body = [...table.tBodies].flatMap(b => [...b.rows]).filter(tr => tr.checkVisibility());
    const cards = body.length > 0 && getComputedStyle(body[0]).display !== 'table-row';
    for (const th of keys) {
      const name = th.textContent.replace(/\\s+/g, ' ').trim();
      if (!cards) { const r = th.getBoundingClientRect();
        seen.push({caption, name, cards, label: name, left: Math.round(r.left), right: Math.round(r.right)}); continue; }
      const x = columns.get(th);
      for (const tr of body) { const cell = [...tr.cells].find(c => grid([tr]).get(c) === x);
        if (!cell || !cell.checkVisibility()) continue;
        const r = cell.getBoundingClientRect();
        seen.push({caption, name, cards, label: cell.dataset.label || '', left: Math.round(r.left), right: Math.round(r.right)}); }
    }
  }
  return seen; }"""
# Every word of a visible table heading (a column's or a row's) that the layout has broken over two lines: a
# line may break at a space, or after a hyphen, a dash or a slash, never inside a word (the browser's
# hyphenation, `overflow-wrap: anywhere` and `word-break: break-all` all do); a word on one line has one box
BROKEN_HEADER_WORDS = """() => { const broken = [];
  for (const th of document.querySelectorAll('.md-typeset table th')) {
    if (!th.checkVisibility()) continue;
    const texts = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-\u2010-\u2014\\/]+[\\-\u2010-\u2014\\/]?/g)) {
        const range = document.createRange();
        range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
        // a line's box: its top in a heading set across, its left in one set on its side
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0 && r.height > 0)
          .map(r => `${Math.round(r.left)} ${Math.round(r.top)}`));
        if (lines.size > 1) broken.push(`${th.textContent.replace(/\\s+/g, ' ').trim().slice(0, 50)}: «${word[0]}»`); } } }
  return broken; }"""


def verdict_columns_on_screen_and_headers_whole(page, kind: str, viewport: str) -> None:
    """Every page kind, both viewports (issue 12: «no cut or hidden verdict column»). At 360 px, each table
    box scrolled to its start, every verdict column (th.tp-key) lies inside the screen: its heading, or in
    cards each row's cell of it, labelled. At both widths no heading breaks inside a word («Уро-вень»,
    «Опро/шено» stacked a syllable a line)."""
    assert page.evaluate(BROKEN_HEADER_WORDS) == [], (viewport, page.url)
    if viewport != "phone":
        return
    width = VIEWPORTS["phone"]["width"]
    off = [c for c in page.evaluate(VERDICT_COLUMNS) if not (0 <= c["left"] and c["right"] <= width and c["label"])]
    assert off == [], (page.url, off[:6])


def homes_first_screen_has_the_headline_its_change_and_the_start_of_the_best(page, kind: str, viewport: str) -> None:
    """At 360×740 and at 1366×768: the municipality's headline figure, its change in words, the link to find
    one's service and the first of the best three are on the first screen; on the phone the worst three end
    on it too (the theme's header and the switch above it included), their names wrapped, never cut."""
    height = VIEWPORTS[viewport]["height"]
    at = page.evaluate(FIRST_SCREEN)
    assert at["value"] is not None and at["value"] <= height, (viewport, at)
    assert at["change"] is not None and at["change"] <= height, (viewport, at)
    assert at["best"] is not None and at["best"] < height, (viewport, at)
    if at["finder_on_page"]:
        assert at["finder"] <= height, (viewport, at)
    assert at["cut"] == [], (viewport, at)
    if viewport == "phone":
        assert at["worst"] is not None and at["worst"] <= height, (viewport, at)


# where the first rated subject's headline value ends, in page pixels (its card's when the cell is not marked)
FIRST_RATED = """() => { const row = [...document.querySelectorAll('table.tp-table--cards tbody tr')].find(tr => tr.checkVisibility());
  if (!row) return null;
  const cell = row.querySelector('td.tp-headline') || row;
  return {bottom: Math.round(cell.getBoundingClientRect().bottom + scrollY), name: row.querySelector('th').textContent.trim()}; }"""


def ratings_first_subject_is_on_the_first_phone_screen(page, kind: str, viewport: str) -> None:
    """At 360×740 the first rated subject's place, name and headline value end on the first screen (the
    theme's header, the heading, «Как определяется место», the comparison link and the filter above it):
    a rating's reader sees a figure before scrolling (issue 12)."""
    if viewport != "phone":
        return
    first = page.evaluate(FIRST_RATED)
    assert first is not None, "no rated subject"
    assert first["bottom"] <= VIEWPORTS["phone"]["height"], (page.url, first)


# the codes in table cells laid out on more than one line («organization_i» / «d»)
SPLIT_CODES = """() => [...document.querySelectorAll('.md-typeset table code')]
  .filter(code => code.checkVisibility() && code.getClientRects().length > 1).map(code => code.textContent)"""


def codes_in_tables_stay_whole_and_no_table_is_cut(page, kind: str, viewport: str) -> None:
    """A code in a table cell (a column's name on the open data page, a check's code) is never broken over two
    lines, at 360 px or at 1366 px; the description beside it wraps instead. At 1366 px no table is wider than
    its box; at 360 px one that is says so («Таблица прокручивается вбок →»)."""
    assert page.evaluate(SPLIT_CODES) == [], (viewport, page.url)
    for table in page.evaluate(TABLES):
        if viewport == "desktop":
            assert not table["wider"], ("cut at 1366 px", table["caption"])
        else:
            assert table["hint"] == table["wider"], table["caption"]


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chart_text_is_readable_on_a_phone_and_levels_are_named(page, kind: str, viewport: str) -> None:
    """Charts as a citizen's phone shows them (360×740): every text of every chart at least 12 CSS px as
    drawn, names never cut, and bars coloured by level come with a legend naming each level. The page is
    scrolled back to its top after (MEASURE scrolls each chart into view)."""
    if viewport != "phone":
        return
    charts = page.locator("figure.tp-chart img").evaluate_all(f"images => Promise.all(images.map({MEASURE}))")
    page.evaluate("window.scrollTo(0, 0)")
    for chart in charts:
        where = f"{page.url}: {chart['src']}"
        assert chart["box"] > 0 and chart["rendered"] <= chart["natural"] <= VIEWPORTS["desktop"]["width"], where
        smallest = min(chart["sizes"]) * chart["rendered"] / chart["box"]
        assert smallest >= SMALLEST_TEXT, f"{where}: text drawn {smallest:.1f} px on a 360 px phone"
        assert not any("…" in line for line in chart["lines"]), f"{where}: a name is cut"
        named = {_words(line) for line in chart["lines"]}
        for level in set(chart["levels"]) - {"—"}:
            assert _words(level) in named, f"{where}: the legend does not name «{level}»"


# the pages whose charts differ in kind (the home page's and the overview's trends are drawn as the
# organ page's are): bars coloured by level, trends with gaps, surveys
KINDS_WITH_CHARTS = ("rating", "organ", "service", "survey")
# page kind → the checks test_pages makes at each viewport of its visit, after its own
KIND_CHECKS = {kind: (chart_text_is_readable_on_a_phone_and_levels_are_named,) for kind in KINDS_WITH_CHARTS}
for _kind in ("rating", "organ"):
    KIND_CHECKS[_kind] = (verdicts_on_a_phone_and_no_table_cut_on_a_laptop, *KIND_CHECKS[_kind])
KIND_CHECKS["rating"] = (ratings_first_subject_is_on_the_first_phone_screen, *KIND_CHECKS["rating"])
KIND_CHECKS["home"] = (homes_first_screen_has_the_headline_its_change_and_the_start_of_the_best,)
# the pages whose tables name codes: columns, values and checks
for _kind in ("open data", "data format", "methodology", "control"):
    KIND_CHECKS[_kind] = (*KIND_CHECKS.get(_kind, ()), codes_in_tables_stay_whole_and_no_table_is_cut)
# made on every page kind, before its own
EVERY_KIND_CHECKS = (verdict_columns_on_screen_and_headers_whole,)
# the first screen of every kind: the municipality's name, the title's lines, the overview's verdict, small type
from tests.browser.first_screen_checks import register as register_first_screen_checks  # noqa: E402
register_first_screen_checks(KIND_CHECKS)
