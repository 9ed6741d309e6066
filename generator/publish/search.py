"""The site search index holds summaries, not every table of every page (issue 11).

mkdocs-material's search plugin indexes a section of a page (the text under one heading) as one
entry, {location, title, text}, where text keeps only the markup of paragraphs, lists, code and
sub/superscripts: a table arrives as bare text (its caption and cells run together) between those
blocks. At 100 organs that made an index of 39 MB, which no phone loads. Here every entry keeps its
location, title (the page's title or the section's heading), boost and (on a page's own entry) tags, and of its text only
the paragraphs and lists, cut on a word boundary (see PAGE_TEXT). Organs, and services that have
pages, are found by their titles, a report's period by its opening paragraph and its entry's title, which
says it in words («Управление образования — 2025 год», `with_period`), every service by the
tags of its organ's page (render/site.py: Kaluga's services have no page of their own). The theme's
search worker builds the same kind of lunr index from it as before.

`summarised` works entry by entry on the parsed index, so the indexes of separately built parts of
a site can be merged before or after, and summarising a summary changes nothing; `serialised`
writes it. `write_search_index` writes a (merged) index as summaries into a built site, in both
forms the theme reads: `search/search_index.json` and the offline plugin's `search_index.js` (the
same index as a script, for a site opened from the file system). `summarise_search_index` does
that to the index a whole mkdocs build wrote.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from generator.periods import parse_period

INDEX_FOLDER = "search"
INDEX_JSON = "search_index.json"
INDEX_SCRIPT = "search_index.js"
SCRIPT_PREFIX = "var __index = "  # as the offline plugin writes it; the theme reads `__index`

# Visible characters of running text an entry keeps. A page's own entry keeps its opening
# paragraphs (they name the organ and period of a report). The site's own pages at its top (home,
# about, methodology, data format, open data) keep their sections' text; the pages in folders are
# the generator's reports, one per organ, service or period, thousands of them with the same
# sections (the same template with other figures): their sections are left out, the page's own
# entry finds it. Even their headings alone (24 000 entries of «Показатели», «Рекомендации»…) made
# two thirds of the index of 400 organs, 3,4 of its 5,1 MB. The rule looks at one entry only, so
# the entries of a page kept from an earlier build are what a full build would make of it.
PAGE_TEXT = 300
SECTION_TEXT = 300
ELLIPSIS = "…"

# The only markup the plugin leaves in an entry's text: always these tags, without attributes
# (any other `<` or `>` is escaped by the plugin).
TAG = re.compile(r"<(/?)(p|code|pre|li|ol|ul|sub|sup)>")
BLOCKS = frozenset({"p", "ul", "ol", "pre"})  # running text; bare text between them is tables
EMPTY_ELEMENT = re.compile(r"<(p|code|pre|li|ol|ul|sub|sup)>\s*</\1>")
SPACE = re.compile(r"\s")
# A report of one organ or service in one period: its entry's title says the period, so that the
# reports of one organ are told apart in the results («Управление образования — 2025 год»).
REPORT_PAGE = re.compile(r"(?:organs|services)/[^/]+/(?P<period>[^/]+)\.html")


def summarise_search_index(site_dir: Path) -> None:
    """Rewrite a built site's search index as summaries (and its script twin, when the offline
    plugin wrote one); a site without one (search off, Zensical's own format) is left as is."""
    source = Path(site_dir) / INDEX_FOLDER / INDEX_JSON
    if source.is_file():
        index = json.loads(source.read_text(encoding="utf-8"))
        write_search_index(site_dir, index, script=(source.parent / INDEX_SCRIPT).is_file())


def write_search_index(site_dir: Path, index: dict, script: bool = True) -> None:
    """The summary of `index` (whole or merged from parts) in both forms the theme reads: the JSON,
    and the script the offline plugin makes of it for a site opened from the file system."""
    folder = Path(site_dir) / INDEX_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    data = serialised(summarised(index))
    (folder / INDEX_JSON).write_text(data, encoding="utf-8")
    if script:
        (folder / INDEX_SCRIPT).write_text(SCRIPT_PREFIX + data, encoding="utf-8")


def serialised(index: dict) -> str:
    """The index as the plugin writes it (compact JSON), but with letters as UTF-8 rather than
    \\u escapes: a third of the bytes for Russian text. The theme fetches the .json (decoded as
    UTF-8 whatever the server says) or, from the file system, loads the .js into a UTF-8 page."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str)


def summarised(index: dict) -> dict:
    """The index with every entry's text reduced to its running text (see the module's docstring);
    the entries, their order (a page before its sections, which the theme relies on), locations,
    titles and the index's config stay as they are. Entry by entry, so indexes of parts of a site
    can be summarised before or after they are merged; summarising again changes nothing."""
    return {**index, "docs": [summarised_entry(entry) for entry in index.get("docs", []) if not report_section(entry)]}


def report_section(entry: dict) -> bool:
    """A section of a page in a folder: one of the generator's reports (see PAGE_TEXT)."""
    page, _, section = entry["location"].partition("#")
    return bool(section) and "/" in page


def summarised_entry(entry: dict) -> dict:
    page, _, section = entry["location"].partition("#")
    if not section:
        return {**entry, "title": with_period(page, entry.get("title", "")),
                "text": running_text(entry.get("text", ""), PAGE_TEXT)}
    # the plugin gives every section the page's tags: the page's own entry finds them once
    return {key: value for key, value in entry.items() if key != "tags"} | {
        "text": running_text(entry.get("text", ""), SECTION_TEXT)}


def with_period(page: str, title: str) -> str:
    """The title of a report's entry with its period in words, once (a summary summarised again
    stays as it is); any other page's title as it is."""
    match = REPORT_PAGE.fullmatch(page)
    period = parse_period(match["period"]) if match else None
    if period is None or title.endswith(f" — {period.label}"):
        return title
    return f"{title} — {period.label}"


def running_text(html: str, limit: int) -> str:
    """The paragraphs and lists of an entry's text, without the bare text between them (tables,
    figure captions, labels), cut after at most `limit` visible characters on a word boundary."""
    blocks: list[list[str]] = []  # the kept top-level elements, piece by piece
    open_tags: list[str] = []  # the kept elements the current text is in
    dropped = 0  # > 0: inside an element outside the running text (a table cell's code), its depth
    budget = limit
    for closing, tag, piece in pieces(html):
        if tag is None:
            if open_tags and not dropped:
                piece, budget = within(piece, budget)
                blocks[-1].append(piece)
                if budget < 0:
                    break
        elif dropped:
            dropped += -1 if closing else 1
        elif closing:
            if open_tags and open_tags[-1] == tag:
                open_tags.pop()
                blocks[-1].append(piece)
        elif open_tags:
            open_tags.append(tag)
            blocks[-1].append(piece)
        elif tag in BLOCKS:
            if blocks:  # the space that will stand between two blocks
                _, budget = within(" ", budget)
                if budget < 0:
                    break
            open_tags.append(tag)
            blocks.append([piece])
        else:
            dropped = 1
    if open_tags:
        blocks[-1].extend(f"</{tag}>" for tag in reversed(open_tags))
    kept = (without_empty_elements("".join(block)) for block in blocks)
    return " ".join(block for block in kept if block)


def pieces(html: str):
    """(closing, tag, markup) for each tag and (False, None, text) for the text between them."""
    position = 0
    for match in TAG.finditer(html):
        if match.start() > position:
            yield False, None, html[position:match.start()]
        yield match.group(1) == "/", match.group(2), match.group(0)
        position = match.end()
    if position < len(html):
        yield False, None, html[position:]


def within(text: str, budget: int) -> tuple[str, int]:
    """(text, budget left) when it fits; else the whole words of it that fit with an ellipsis
    (the ellipsis within the budget, so that a summary summarised again stays as it is), and -1."""
    if len(text) <= budget:
        return text, budget - len(text)
    cut = text[:budget]  # the ellipsis takes the last place
    spaces = [m.start() for m in SPACE.finditer(cut)]
    head = cut[:spaces[-1]].rstrip(" \t\n\xa0,;:—–-") if spaces else ""
    return (head + ELLIPSIS if head.strip() else ""), -1


def without_empty_elements(html: str) -> str:
    previous = None
    while previous != html:
        previous, html = html, EMPTY_ELEMENT.sub("", html)
    return html
