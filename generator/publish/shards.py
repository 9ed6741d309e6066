"""The mkdocs build of a site project, split across processes and limited to the pages that changed.

A page's HTML depends only on its own Markdown and on what every page shares (mkdocs.yml with the
nav, the theme), so the pages can be converted in separate mkdocs runs: each run reads the whole
project (the nav, links between pages) but converts and writes only its own share of the pages
(mkdocs' `dirty` mode, told by `_Shard` which files count as modified). The first run also puts the
static files in place (those of docs/ as hard links: the project is the build's own) and writes the
theme's own pages (404, sitemap); the others write into folders of their own, whose pages are then
moved beside the first run's.

Each run's Markdown copies the raw HTML blocks of our pages without parsing them (`PassThrough`,
publish/passthrough.py), and its search plugin reads only what the index keeps (`for_search`).

Each run's search plugin indexes only the pages it converted, so the index is put together here, in
the order of a single build (`SearchIndex`), with the entries of the pages that were not rebuilt
taken from the published site's index, and then cut down to summaries (`search.summarised`).
"""
from __future__ import annotations

import json
import logging
import math
import os
import re
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

# Fewer pages than this per process: the start of a process (≈ 1,5 s) costs more than it saves.
PAGES_PER_PROCESS = 150
# At most this many pages per mkdocs run: mkdocs holds every page it converts until it has written them all
# (its Markdown is dropped once converted: _Shard), so a 400-organ site is converted in several runs, each in
# a new process: four runs of 606 pages took 340 MB at most, two at a time, against 490 MB for two of 1 212.
PAGES_PER_RUN = 700
SEARCH_FOLDER = "search"
SEARCH_JSON, SEARCH_SCRIPT = "search_index.json", "search_index.js"
_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_SEARCH_MARKERS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as material/plugins/search strips them
# Where a heading's section may begin, as the search plugin's parser sees it (see `for_search`).
_HEADING_END = re.compile(r"<h[1-6]\b[^>]*>", re.IGNORECASE)
_ANY_HEADING = re.compile(r"<h[1-6]", re.IGNORECASE)
# a heading that opens a section with an anchor, or none (the plugin makes sections of headings with an id)
_HEADING_WITH_ANCHOR = re.compile(
    r'<h[1-6](?: (?!id=)[a-z][-a-z0-9]*="[^"<>]*")*(?: id="[^"<>]+"(?: (?!id=)[a-z][-a-z0-9]*="[^"<>]*")*)?>')
# Markdown copies our raw HTML blocks without its HTML parsers reading them (publish/passthrough.py);
# the tests turn it off to compare.
SET_ASIDE_RAW_HTML = True
# What mkdocs says of every `dirty` build: here the pages left out are exactly those not to rebuild.
_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class ShardResult:
    pages: list[str]  # every page of the project (source paths), in the order mkdocs builds them
    urls: dict[str, str]  # page → its address in the site (what search entries point to)
    outputs: dict[str, str]  # page → the file mkdocs writes for it (inside the site folder)
    built: list[str]  # the pages this run converted
    search: dict | None  # the search index this run wrote (its own pages only)
    problem: str | None = None  # what mkdocs said when it failed


class _Shard(BasePlugin):
    """Marks as modified only the pages of this run (and, for the first run, the static files, which it
    links into the site instead of copying them: `_place`)."""

    def __init__(self, pages: set[str] | None, with_static: bool):
        super().__init__()
        self.selected, self.with_static = pages, with_static
        self.order: list[str] = []
        self.urls: dict[str, str] = {}
        self.outputs: dict[str, str] = {}
        self.built: list[str] = []

    @event_priority(-100)  # after every other plugin has added its files
    def on_files(self, files, *, config):
        docs = os.path.join(os.path.abspath(config.docs_dir), "")
        for file in files:
            if file.is_documentation_page():
                self.order.append(file.src_uri)
                self.urls[file.src_uri] = file.url
                self.outputs[file.src_uri] = file.dest_uri
                chosen = self.selected is None or file.src_uri in self.selected
                if chosen:
                    self.built.append(file.src_uri)
            else:
                chosen = self.with_static
                if chosen and file.generated_by is None and (file.abs_src_path or "").startswith(docs):
                    file.copy_file = partial(_place, file)
            file.is_modified = (lambda value=chosen: value)  # what `dirty` mode asks of each file
        return files

    def on_page_content(self, html, *, page, config, files):
        page.markdown = ""  # converted: mkdocs would hold it with every other page until all are written
        return html

    def on_post_page(self, output, *, page, config):
        page.content = ""  # in the written page now; only its anchors are still looked at
        return output


def _place(file, dirty: bool = False) -> None:
    """What File.copy_file does for a file of the project's docs/, with a hard link instead of a copy:
    the project is the build's own and goes with it, and neither it nor the site is ever written into
    (nor, when the file came from the published site, that site: publish/project.py DocsWriter)."""
    target = file.abs_dest_path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(file.abs_src_path, target)
    except OSError:  # no hard links here (or something there already: replaced, not written into)
        if os.path.lexists(target):
            os.unlink(target)
        shutil.copyfile(file.abs_src_path, target)


class _TablesOutOfSearch(BasePlugin):
    """The search plugin reads every page's HTML, of which the tables are most (a third of the whole
    build at 100 organs), only for search.py to drop their text from the index: it is shown the page
    without them (and a report only up to its second section, `for_search`), and the page gets its
    own content back before the theme renders it."""

    def __init__(self):
        super().__init__()
        self.content: str | None = None

    @event_priority(100)  # before the search plugin
    def on_page_context(self, context, *, page, config, nav):
        self.content = page.content
        page.content = for_search(page.content or "", page.url)
        return context


def for_search(content: str, url: str) -> str:
    """What the search plugin needs to read of a page: without its tables and, on a page in a
    folder (a report, whose sections search.py leaves out of the index), only up to the heading
    that opens its second top-level section. Past that heading the plugin's parser adds text only
    to that section or later ones (returning from a nested heading, it goes back to the last
    section of a depth it is at, never past a top-level one to the page's own), all left out; so
    when that heading and every one after it have an anchor (none makes an entry of the page's own
    address), the index is what the whole page gives."""
    from material.plugins.search.plugin import Parser

    from generator.publish.search import report_section

    content = _TABLE.sub("", content)
    if not report_section({"location": f"{url}#a-section"}):
        return content
    parser, fed = Parser(), 0
    for heading in _HEADING_END.finditer(content):
        parser.feed(content[fed:heading.end()])  # text between tags is read in one piece, as in one feed
        fed = heading.end()
        opened = [n for n, section in enumerate(parser.data) if n and section.depth <= 1]
        if opened:
            # (nothing left half-read: the heading's `>` ended its tag, not a quoted value)
            cut_off = not parser.rawdata and all(section.id for section in parser.data[opened[0]:])
            later = (_HEADING_WITH_ANCHOR.match(content, h.start()) for h in _ANY_HEADING.finditer(content, fed))
            return content[:fed] if cut_off and all(later) else content
    return content


class _ContentBack(BasePlugin):
    def __init__(self, keeper: _TablesOutOfSearch):
        super().__init__()
        self.keeper = keeper

    @event_priority(-100)  # after the search plugin
    def on_page_context(self, context, *, page, config, nav):
        # what the search plugin does to the page it is shown (markers of what to leave out of the index)
        page.content = _SEARCH_MARKERS.sub("", self.keeper.content or "")
        return context


class _NotTheDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


def build_shard(config_file: str, site_dir: str, pages: list[str] | None, with_static: bool) -> ShardResult:
    """One mkdocs run (in this process or a worker): converts `pages` (None: all) into site_dir."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.publish.engines import collected_messages
    from generator.publish.passthrough import PassThrough

    quiet = _NotTheDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    shard = _Shard(None if pages is None else set(pages), with_static)
    try:
        with collected_messages() as said:
            try:
                config = load_config(config_file, strict=True, site_dir=site_dir)  # a warning is an error
                config.plugins["transparency/shard"] = shard
                if SET_ASIDE_RAW_HTML:
                    config.markdown_extensions.append(PassThrough())  # after md_in_html, whose blocks it reads
                keeper = _TablesOutOfSearch()
                config.plugins["transparency/tables-out-of-search"] = keeper
                config.plugins["transparency/content-back"] = _ContentBack(keeper)
                # not «dirty» for the plugins: the search plugin would carry its index over to the next build
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config, dirty=True)
                finally:
                    config.plugins.on_shutdown()
            except MkDocsException as error:
                return ShardResult([], {}, {}, [], None, problem="\n".join([*said, str(error)]))
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    index_file = Path(site_dir) / SEARCH_FOLDER / SEARCH_JSON
    search = json.loads(index_file.read_text(encoding="utf-8")) if index_file.is_file() else None
    return ShardResult(shard.order, shard.urls, shard.outputs, shard.built, search)


def split(pages: list[str], workers: int) -> list[list[str]]:
    """Round robin, so the few long pages (ratings) do not all fall to one run: a run for each
    process, more when that would put over PAGES_PER_RUN pages in one."""
    count = max(1, min(workers, math.ceil(len(pages) / PAGES_PER_PROCESS)))
    runs = math.ceil(len(pages) / PAGES_PER_RUN)
    if runs > count:  # as many runs for each process: five runs on two processes left one alone for the last fifth
        count = math.ceil(runs / count) * count
    return [pages[i::count] for i in range(count)]


@dataclass
class SearchIndex:
    """The search index of a whole site, put together page by page in the order of a single build."""
    config: dict | None = None
    entries: dict[str, list[dict]] = field(default_factory=dict)  # address of a page → its entries

    def add(self, index: dict | None, urls: set[str] | None = None) -> None:
        """The entries of `index` (of the pages at `urls`, or all)."""
        if index is None:
            return
        self.config = self.config or index.get("config")
        for entry in index.get("docs", []):
            page = entry["location"].split("#", 1)[0]
            if urls is None or page in urls:
                self.entries.setdefault(page, []).append(entry)

    def as_dict(self, order: list[str]) -> dict:
        return {"config": self.config or {}, "docs": [e for url in order for e in self.entries.get(url, [])]}


def write_search_index(site_dir: Path, index: dict) -> None:
    """Both forms the theme reads, as summaries: the JSON, and the script the offline plugin makes of it."""
    from generator.publish import search

    search.write_search_index(site_dir, index)


def finished(run, pages: list[str]) -> ShardResult:
    """A run's result; a process that died (killed, out of memory) is a failure of the engine."""
    try:
        return run.result()
    except Exception as error:  # noqa: BLE001 — BrokenProcessPool and the like: said as a record
        return ShardResult([], {}, {}, [], None, problem=(
            f"процесс, собиравший {len(pages)} страниц, завершился без результата ({type(error).__name__}: "
            f"{error}); возможно, не хватило памяти: задайте меньше процессов (TRANSPARENCY_WORKERS)"))


def build_pages(config_file: Path, site_dir: Path, pages: list[str], workers: int,
                search: SearchIndex) -> ShardResult:
    """Converts `pages` into site_dir, which may already hold the pages not rebuilt, in
    up to `workers` processes; adds their search entries to `search`. Returns the first run's
    result with every run's pages in `built`; a failure of mkdocs is in `problem`."""
    if workers <= 1 or len(pages) < 2 * PAGES_PER_PROCESS:
        result = build_shard(str(config_file), str(site_dir), pages, True)
        search.add(result.search)
        return result
    shares = split(pages, workers)
    folders = [site_dir] + [site_dir.parent / f"{site_dir.name}-part-{n}" for n in range(1, len(shares))]
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing inherited half-done
    # a new process for each run: the memory of the pages a run converted goes with it
    with ProcessPoolExecutor(max_workers=min(workers, len(shares)), mp_context=context,
                             max_tasks_per_child=1) as pool:
        runs = [pool.submit(build_shard, str(config_file), str(folder), share, n == 0)
                for n, (folder, share) in enumerate(zip(folders, shares))]
        results = [finished(run, share) for run, share in zip(runs, shares)]
    first = results[0]
    for result, folder in zip(results, folders):
        if result.problem:
            first.problem = result.problem
            break
        search.add(result.search, {result.urls[page] for page in result.built})
        if folder != site_dir:
            for page in result.built:
                target = site_dir / result.outputs[page]
                target.parent.mkdir(parents=True, exist_ok=True)
                (folder / result.outputs[page]).replace(target)
            first.built.extend(result.built)
    for folder in folders[1:]:
        shutil.rmtree(folder, ignore_errors=True)
    return first
