"""«Найти услугу» and the words citizens look for services by (issue 12, «Find»): every service of
services.csv on the finder, linked to where its figures are; synonyms from generator/synonyms.yaml and
a data folder's synonyms.yaml (checked as records); search results that say the organ and the period."""
from __future__ import annotations

import csv
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator.build import check, prepare
from generator.problems import Report
from generator.publish.search import summarised
from generator.render.finder import Synonyms, normalised
from generator.validate.synonyms import DEFAULT_FILE, checked_groups, default_groups, synonym_groups
from generator.load.yaml_files import read_yaml

ROOT = Path(__file__).resolve().parents[1]
ORGAN = re.compile(r'<div class="tp-finder__organ"(?: data-w="(?P<short>[^"]*)")?><h3>(?P<organ>.*?)</h3>'
                   r'<p class="tp-finder__where">(?P<where><a href="(?P<href>[^"]+)">.*?)</p>'
                   r'<ul class="tp-finder__list">\n(?P<items>.*?)</ul>', re.S)
ITEM = re.compile(r'<li(?: data-c="(?P<c>[0-9 ]+)")?>(?:<a href="(?P<href>[^"]+)">(?P<linked>.*?)</a>(?P<when>.*?)'
                  r'|(?P<name>[^<]*))</li>')
CONCEPTS = re.compile(r'<script type="application/json" id="tp-finder-concepts">(.*?)</script>')


def finder_items(page: str) -> list[dict]:
    """Every service on the finder: its name, the page its figures are on, what the reader is told of
    that page, and the words it is also found by besides its name (its organ's names, its concepts'
    phrases), as the script compares them."""
    concepts = json.loads(CONCEPTS.search(page).group(1))
    items = []
    for organ in ORGAN.finditer(page):
        for item in ITEM.finditer(organ["items"]):
            items.append({
                "name": item["linked"] if item["href"] else item["name"], "organ": organ["organ"],
                "href": item["href"] or organ["href"],
                "where": organ["where"] + (item["when"] if item["href"] else ""),
                "words": normalised(" ".join([organ["organ"], organ["short"] or "", *(
                    w for i in (item["c"] or "").split() for w in concepts[int(i)])]))})
    return items


def test_the_generators_synonyms_are_valid_and_a_municipalitys_number():
    report = Report()
    groups = checked_groups(read_yaml(DEFAULT_FILE, "generator/synonyms.yaml"), report)
    assert report.problems == []
    assert 20 <= len(groups) <= 40 and groups == list(default_groups())


@pytest.mark.parametrize("name, words", [
    ("Постановка на учёт и направление детей в муниципальные образовательные организации, реализующие "
     "образовательные программы дошкольного образования", {"детский сад", "садик", "ясли"}),
    ("Постановка на учёт детей, нуждающихся в местах в детских садах", {"дошкольное образование", "ясли"}),
    ("Приём заявлений о зачислении в муниципальные общеобразовательные организации", {"школа"}),
    ("Государственная регистрация заключения брака", {"ЗАГС"}),
    ("Предоставление субсидий на оплату жилого помещения и коммунальных услуг", {"ЖКХ"}),
])
def test_a_service_carries_the_words_of_a_concept_in_its_name_in_any_form(name, words):
    assert words <= set(Synonyms(default_groups()).words_for(name))


def test_words_of_a_phrase_count_only_together_and_prepositions_not_at_all():
    found = Synonyms(default_groups()).words_for("Выдача разрешений на вырубку зелёных насаждений, ул. Садовая")
    assert "детский сад" not in found and "вырубка деревьев" in found
    assert "прописка" not in Synonyms(default_groups()).words_for("Государственная регистрация рождения")


def _data_with_synonyms(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "synonyms.yaml").write_text(text, encoding="utf-8")
    return data


def test_a_data_folders_file_adds_replaces_and_removes_concepts(tmp_path):
    data = _data_with_synonyms(tmp_path, (
        "- target: Дошкольное образование\n  words: [садочек]\n"
        "- target: опека и попечительство\n  words: []\n"
        "- target: МФЦ\n  words: [многофункциональный центр, мои документы]\n"))
    report, dataset = check(data)
    assert report.ok, report.as_text()
    by_target = {g.target.lower(): g.words for g in dataset.synonyms}
    assert by_target["дошкольное образование"] == ("садочек",)
    assert "опека и попечительство" not in by_target and by_target["мфц"] == ("многофункциональный центр", "мои документы")


def test_a_wrong_entry_is_a_record_with_its_line_and_field(tmp_path):
    data = _data_with_synonyms(tmp_path, (
        "- target: садик\n  words: детский сад\n"      # line 1: words not a list
        "- words: [ясли]\n"                             # line 3: no target
        "- target: лицей\n  слова: [лицей]\n  words: [лицей]\n"  # line 4: an unknown field
        "- target: школа\n  words: [гимназия]\n"        # line 7: valid
        "- target: Школа\n  words: [лицей]\n"))         # line 9: the same concept again
    report, _ = check(data)
    found = sorted((p.file, p.row, p.column, p.code) for p in report.problems)
    assert found == [("synonyms.yaml", 1, "words", "synonym-invalid"), ("synonyms.yaml", 3, "target", "synonym-invalid"),
                     ("synonyms.yaml", 4, "слова", "synonym-invalid"), ("synonyms.yaml", 9, "target", "synonym-invalid")]
    assert all(re.search("[а-я]", p.message) for p in report.problems)


def test_not_a_list_is_one_record():
    report = Report()
    raw = type("Raw", (), {"path": "synonyms.yaml", "data": {"садик": "детский сад"}, "item_lines": []})()
    assert synonym_groups(raw, report) == default_groups()
    assert [(p.row, p.code) for p in report.problems] == [(None, "synonym-invalid")]


@pytest.fixture(scope="module", params=["data", "examples/novokuznetsk", "examples/dzerzhinsk"])
def finder(request):
    """The site's pages as rendered, without drawing its charts (the finder has none)."""
    from generator.render.site import SiteRenderer

    data = ROOT / request.param
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SiteRenderer, "chart", lambda self, chart: chart)
        bundle = prepare(data).bundle
    return data, bundle


def test_the_finder_lists_every_service_linked_to_a_page_of_the_site(finder):
    data, bundle = finder
    items = finder_items(bundle.files["services.md"])
    with (data / "services.csv").open(encoding="utf-8") as f:
        services = [row["name"] for row in csv.DictReader(f)]
    assert sorted(unescape(i["name"]) for i in items) == sorted(services)
    for item in items:
        target = item["href"].replace(".html", ".md")
        assert target in bundle.files, item
    assert {"Найти услугу": "services.md"} in bundle.nav
    # where services have pages of their own, the finder links them
    if any(p.startswith("services/") for p in bundle.files):
        assert any(i["href"].startswith("services/") and "оценки услуг" in i["where"] for i in items)


def test_a_kindergarten_is_found_as_a_detskiy_sad_on_the_finder_and_its_organs_page(finder):
    data, bundle = finder
    items = finder_items(bundle.files["services.md"])
    schooling = [i for i in items if "детский сад" in i["words"]]
    assert schooling, "a kindergarten service of every demo carries «детский сад»"
    # the search finds the organ's page by its tags (a concept's words in one tag) or its name (Dzerzhinsk's
    # kindergartens are organs of their own)
    pages = [text for path, text in bundle.files.items() if re.fullmatch(r"organs/[^/]+/index\.md", path)]
    tags = [tag for text in pages if text.startswith("---") for tag in yaml.safe_load(text.split("---")[1]).get("tags", [])]
    names = [line.lower() for text in pages for line in text.splitlines() if line.startswith("# ")]
    assert any("детский сад" in tag.split(" · ") for tag in tags) or any("детский сад" in name for name in names)


def test_a_reports_search_entry_says_its_period_once():
    index = {"config": {}, "docs": [
        {"location": "organs/obrazovanie/2025.html", "title": "Управление образования", "text": ""},
        {"location": "services/obr-ochered/2025-Q3.html", "title": "Постановка на учёт", "text": ""},
        {"location": "organs/obrazovanie/index.html", "title": "Управление образования", "text": ""},
        {"location": "rating/2025.html", "title": "Рейтинг органов за 2025 год", "text": ""}]}
    titles = [e["title"] for e in summarised(index)["docs"]]
    assert titles == ["Управление образования — 2025 год", "Постановка на учёт — III квартал 2025 года",
                      "Управление образования", "Рейтинг органов за 2025 год"]
    assert summarised(summarised(index)) == summarised(index)


def test_the_finder_says_each_organ_and_each_concept_once(finder):
    """Hundreds of organs must stay light on a phone: an organ's name, report and period are said once
    for all its services, a concept's phrases once in a table (a service names it by index), and a
    service costs little more than its name."""
    data, bundle = finder
    page = bundle.files["services.md"]
    items = finder_items(page)
    organs = {i["organ"] for i in items}
    assert len(ORGAN.findall(page)) == len(organs)
    concepts = json.loads(CONCEPTS.search(page).group(1))
    assert len(concepts) == len({tuple(c) for c in concepts})
    lists = [organ["items"] for organ in ORGAN.finditer(page)]
    names = sum(len(i["name"].encode()) for i in items)
    assert (len("".join(lists).encode()) - names) / len(items) < 100


def test_names_and_words_from_data_are_escaped(tmp_path):
    data = _data_with_synonyms(tmp_path, '- target: брак\n  words: ["</script><b>брак & свадьба"]\n')
    services = (data / "services.csv").read_text(encoding="utf-8")
    (data / "services.csv").write_text(services.replace("Государственная регистрация заключения брака",
                                                        "Регистрация <i>брака</i> & «развода»"), encoding="utf-8")
    from generator.render.site import SiteRenderer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SiteRenderer, "chart", lambda self, chart: chart)
        page = prepare(data).bundle.files["services.md"]
    assert "<i>" not in page and "<b>" not in page
    assert "Регистрация &lt;i&gt;брака&lt;/i&gt; &amp; «развода»" in page
    table = CONCEPTS.search(page).group(1)
    assert "</script><b>брак & свадьба" in [w for c in json.loads(table) for w in c]
