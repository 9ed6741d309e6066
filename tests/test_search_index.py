"""The search index holds summaries (issue 11): every page findable by its title, no table rows,
the JSON and the offline script the same index, a bounded size per page."""
from __future__ import annotations

import csv
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.publish.search import (INDEX_JSON, INDEX_SCRIPT, PAGE_TEXT, SCRIPT_PREFIX, SECTION_TEXT,
                                      serialised, summarise_search_index, summarised)
from tests.run_folder import made_once, run_folder

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data"
# Where and how the browser tests build the demo site (tests/browser/conftest.py), so that one
# build serves both when they run together.
SUBFOLDER = "municipality/monitoring"
# 5 MB for the ≈ 2 400 pages of 400 organs over 5 periods (10 services each, their names as tags)
BYTES_PER_PAGE = 2_000
BYTES_PER_SERVICE = 200  # a name of up to ~90 letters of Cyrillic in UTF-8, as a tag of its organ's page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    def make(folder: Path) -> None:
        from generator.cli import main

        assert main(["build", "--data", str(DEMO), "--out", str(folder / SUBFOLDER), "--quiet"]) == 0

    return made_once(run_folder(tmp_path_factory) / "served" / "demo", make) / SUBFOLDER


@pytest.fixture(scope="module")
def index(site) -> dict:
    return json.loads((site / "search" / INDEX_JSON).read_text(encoding="utf-8"))


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


def visible(text: str) -> str:
    """An entry's text as a reader sees it: without its markup, entities read."""
    return unescape(re.sub(r"<[^>]+>", "", text))


class TableRows(HTMLParser):
    """Each table row's text as the search plugin flattened it: its cells run together."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[int, str]] = []  # (cells, text)
        self.row: list[str] | None = None
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row, self.cells = [], 0
        elif tag in ("td", "th") and self.row is not None:
            self.cells += 1

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            self.rows.append((self.cells, " ".join("".join(self.row).split())))
            self.row = None

    def handle_data(self, data):
        if self.row is not None:
            self.row.append(data)


def test_every_page_has_an_entry_before_its_sections(site, index):
    seen: set[str] = set()
    for entry in index["docs"]:
        page, _, section = entry["location"].partition("#")
        assert section or page not in seen, f"{page}: two entries of the page itself"
        assert page in seen or not section, f"{entry['location']}: a section before its page"
        seen.add(page)
        assert entry["title"].strip(), entry
    assert sorted(seen) == pages(site)


def test_no_entry_holds_a_table_row(site, index):
    texts = "\n".join(visible(entry["text"]) for entry in index["docs"])
    checked = 0
    for page in pages(site):
        parser = TableRows()
        parser.feed((site / page).read_text(encoding="utf-8"))
        for cells, row in parser.rows:
            if cells > 1 and len(row) >= 20:
                checked += 1
                assert row not in texts, f"{page}: a table row is in the search index: {row}"
    assert checked > 1000  # the demo's reports are mostly tables


def test_the_json_and_the_offline_script_hold_the_same_index(site):
    data = (site / "search" / INDEX_JSON).read_text(encoding="utf-8")
    script = (site / "search" / INDEX_SCRIPT).read_text(encoding="utf-8")
    assert script == SCRIPT_PREFIX + data
    assert json.loads(script.removeprefix(SCRIPT_PREFIX)) == json.loads(data)


def test_the_index_is_small(site, index):
    size = (site / "search" / INDEX_JSON).stat().st_size
    services = len((DEMO / "services.csv").read_text(encoding="utf-8-sig").splitlines()) - 1
    assert size <= BYTES_PER_PAGE * len(pages(site)) + BYTES_PER_SERVICE * services, \
        f"{size} bytes for {len(pages(site))} pages and {services} services"
    for entry in index["docs"]:
        assert len(visible(entry["text"])) <= max(PAGE_TEXT, SECTION_TEXT), entry["location"]


def test_organs_and_periods_stay_findable(index):
    titles = {entry["title"] for entry in index["docs"]}
    organs = [organ["name"] for organ in yaml.safe_load((DEMO / "organizations.yaml").read_text(encoding="utf-8"))]
    assert [name for name in organs if name not in titles] == []
    for period in ("2023", "2024", "2025"):
        reports = [e for e in index["docs"] if re.fullmatch(rf"organs/[^/]+/{period}\.html", e["location"])]
        assert reports and all(f"за {period} год" in visible(e["text"]) for e in reports), period


def test_every_service_is_found_on_its_organs_page(index):
    """Kaluga's services have no page of their own and live in tables, which the index leaves out:
    the organ's page carries them as tags (the search weighs tags above titles)."""
    services = list(csv.DictReader((DEMO / "services.csv").read_text(encoding="utf-8-sig").splitlines()))
    tags = {e["location"]: e.get("tags", []) for e in index["docs"]}
    missing = [s["name"] for s in services
               if unescape_all(tags.get(f"organs/{s['organization_id']}/index.html", [])).count(s["name"]) != 1]
    assert services and missing == []


def unescape_all(tags: list[str]) -> list[str]:
    return [unescape(tag) for tag in tags]


def test_the_built_index_is_already_a_summary(index):
    assert summarised(index) == index


# --- the summary of a small hand-written index -------------------------------------------------

CONFIG = {"lang": ["ru"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}
LONG = " ".join(["слово"] * 80)  # 479 characters


def small_index() -> dict:
    return {"config": CONFIG, "docs": [
        {"location": "about.html", "title": "О мониторинге", "text": "<p>Вступление &amp; цель.</p>"},
        {"location": "about.html#_2", "title": "Что оценивается",
         "text": "Таблица 1. Сводка ОрганКэф Управление образования81,0\u00a0% "
                 "<p>Первый абзац с <code>кодом</code>.</p> Подпись диаграммы <ul> <li>пункт</li> </ul>"},
        {"location": "about.html#long", "title": "Длинный раздел", "text": f"<p>{LONG} &lt;b&gt;</p>"},
        {"location": "organs/obrazovanie/2025.html", "title": "Управление образования",
         "text": "<p>Отчёт за 2025 год.</p>", "tags": ["отчёт"], "boost": 2},
        {"location": "organs/obrazovanie/2025.html#introduction", "title": "1. Введение",
         "text": "<p>Орган: Управление образования.</p> МестоОрган 1Управление"},
    ]}


def test_a_summary_keeps_paragraphs_and_lists_but_not_the_text_of_tables():
    docs = summarised(small_index())["docs"]
    assert docs[0]["text"] == "<p>Вступление &amp; цель.</p>"
    assert docs[1]["text"] == "<p>Первый абзац с <code>кодом</code>.</p> <ul> <li>пункт</li> </ul>"


def test_long_text_is_cut_on_a_word_boundary():
    text = summarised(small_index())["docs"][2]["text"]
    assert text.startswith("<p>слово слово") and text.endswith("слово…</p>")
    assert len(visible(text)) <= SECTION_TEXT and " " not in visible(text)[-2:]
    assert "&lt;" not in text  # what did not fit is left out whole, never half an entity or tag


def test_a_report_is_found_by_its_own_entry_and_its_sections_are_left_out():
    docs = summarised(small_index())["docs"]
    assert docs[3]["text"] == "<p>Отчёт за 2025 год.</p>"
    assert [d["location"] for d in docs] == ["about.html", "about.html#_2", "about.html#long",
                                           "organs/obrazovanie/2025.html"]


def test_only_a_pages_own_entry_keeps_its_tags():
    index = small_index()
    index["docs"][1]["tags"] = ["отчёт"]  # the plugin copies a page's tags to each of its sections
    docs = summarised(index)["docs"]
    assert "tags" not in docs[1] and docs[3]["tags"] == ["отчёт"]


def test_a_summary_keeps_everything_but_the_text():
    """…and a report's title, which gains its period in words (issue 12: results tell a report apart)."""
    before = small_index()
    after = summarised(before)
    assert after["config"] == before["config"]
    kept = [e for e in before["docs"] if not ("#" in e["location"] and "/" in e["location"])]
    report = {"title": "Управление образования — 2025 год"}
    assert [{k: v for k, v in e.items() if k != "text"} for e in after["docs"]] == \
           [{k: v for k, v in e.items() if k != "text"} | (report if e["location"] == "organs/obrazovanie/2025.html" else {})
            for e in kept]
    assert before == small_index()  # the input is not changed
    assert summarised(after) == after


def test_summarise_search_index_rewrites_both_files_the_same_each_time(tmp_path):
    plugin_output = json.dumps(small_index(), separators=(",", ":"))  # as the plugins write it
    folder = tmp_path / "site" / "search"
    folder.mkdir(parents=True)
    (folder / INDEX_JSON).write_text(plugin_output, encoding="utf-8")
    (folder / INDEX_SCRIPT).write_text(f"var __index = {plugin_output}", encoding="utf-8")
    summarise_search_index(tmp_path / "site")
    first = (folder / INDEX_JSON).read_bytes()
    assert first.decode("utf-8") == serialised(summarised(small_index()))
    assert (folder / INDEX_SCRIPT).read_bytes() == SCRIPT_PREFIX.encode() + first
    (folder / INDEX_JSON).write_text(plugin_output, encoding="utf-8")
    summarise_search_index(tmp_path / "site")
    assert (folder / INDEX_JSON).read_bytes() == first


def test_a_site_without_a_search_index_or_script_is_left_as_it_is(tmp_path):
    summarise_search_index(tmp_path)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / INDEX_JSON).write_text(json.dumps(small_index()), encoding="utf-8")
    summarise_search_index(tmp_path)
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == [INDEX_JSON]
