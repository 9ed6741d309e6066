"""No text from data files becomes markup, a link, a template expression or a spreadsheet formula.

Every text field a maintainer writes (site.yaml, organizations.yaml, services.csv, Ivanovo's
measures.yaml and survey comments) is filled with hostile text; the built site must show that
text as text — and contain exactly the elements and attributes it contains when the same data
is harmless.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import approve_all_comments

import pytest
import yaml

from generator.cli import main
from generator.config import Organization, SiteConfig
from generator.opendata import to_csv
from generator.render.environment import md, yaml_scalar
from generator.validate.common import SERVICES

FIXTURES = Path(__file__).parent.parent / "fixtures"

# One line of everything that could open HTML, Markdown, a Jinja expression or front matter.
HOSTILE = ('<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %} --- '
           "[x](javascript:alert(1)) *bold* # heading")
# The same after line breaks, for fields that could end a heading or a front-matter line.
BREAKING = "\n---\n[y](javascript:alert(2))\n\n# heading\ntitle: injected\n"


# --- reading the built site ----------------------------------------------------------------

class _Page(HTMLParser):
    """The elements, attributes and visible text of one HTML (or SVG) document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] in ("script", "style"):
            self.scripts.append(data)
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def parsed(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def build(data: Path, out: Path) -> Path:
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    return out


def html_pages(site: Path) -> dict[str, _Page]:
    return {p.relative_to(site).as_posix(): parsed(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def assert_nothing_injected(page: _Page, where: str) -> None:
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), f"{where}: <{tag} {name}> — обработчик события из данных"
        assert not value.strip().lower().startswith(("javascript:", "data:text/html")), f"{where}: <{tag} {name}={value!r}>"
        assert not (tag == "img" and name == "src" and value == "x"), f"{where}: <img src=x> из данных"
    for script in page.scripts:
        assert "alert(" not in script, f"{where}: скрипт из данных"


def poison_minimal(data: Path) -> None:
    """Every text field of the minimal fixture gets the hostile text."""
    site = yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))
    site["municipality"] = f"Округ {HOSTILE}"
    site["publisher"] = {"name": f"Управление {HOSTILE}", "email": f"e {HOSTILE}", "phone": f"т {HOSTILE}",
                         "address": f"а {HOSTILE}"}
    (data / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    organizations = yaml.safe_load((data / "organizations.yaml").read_text(encoding="utf-8"))
    for organization in organizations:
        organization["name"] += f" {HOSTILE}{BREAKING}"
        organization["sector"] += f" {HOSTILE}"
        if "short_name" in organization:
            organization["short_name"] += f" {HOSTILE}"
    (data / "organizations.yaml").write_text(yaml.safe_dump(organizations, allow_unicode=True), encoding="utf-8")
    rows = list(csv.reader(io.StringIO((data / "services.csv").read_text(encoding="utf-8"))))
    for row in rows[1:]:
        row[2] += f" {HOSTILE}{BREAKING}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (data / "services.csv").write_text(out.getvalue(), encoding="utf-8")


def poison_csv(path: Path, columns: list[str]) -> None:
    """The hostile text appended to every filled cell of `columns` (empty cells stay empty: an
    empty cell may legitimately leave a part of a page out)."""
    frame = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in frame:
        for column in columns:
            if row.get(column):
                row[column] += f" {HOSTILE}{BREAKING}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(frame[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(frame)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """The minimal fixture built as it is and with hostile text in every field."""
    root = tmp_path_factory.mktemp("injection")
    clean = build(FIXTURES / "minimal", root / "clean")
    data = root / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    poison_minimal(data)
    return clean, build(data, root / "hostile")


# --- the tests -----------------------------------------------------------------------------

def test_hostile_text_creates_no_element_or_attribute(sites):
    clean, hostile = sites
    clean_pages, hostile_pages = html_pages(clean), html_pages(hostile)
    assert hostile_pages.keys() == clean_pages.keys()
    for path, page in hostile_pages.items():
        assert_nothing_injected(page, path)
        assert page.tags == clean_pages[path].tags, f"{path}: данные добавили или убрали элементы"
        names = {(tag, name) for tag, name, _ in page.attributes}
        assert names == {(tag, name) for tag, name, _ in clean_pages[path].attributes}, f"{path}: атрибуты из данных"


def test_hostile_text_is_shown_as_text_and_not_evaluated(sites):
    _, hostile = sites
    pages = html_pages(hostile)
    for path, page in pages.items():
        # header and footer; verbatim, so `{{ 7*7 }}` was not computed into 49 either
        assert f"Округ {HOSTILE}" in page.visible, f"{path}: название округа в шапке искажено"
    organ = pages["organs/alpha/2025.html"].visible
    assert f"Управление «Альфа» & <b>партнёры</b> {HOSTILE}" in organ  # the heading, as text
    assert "[y](javascript:alert(2))" in organ and f"Выдача справок «А» {HOSTILE}" in organ
    assert f"Публикует: Управление {HOSTILE}" in pages["index.html"].visible  # the footer's copyright


def test_page_titles_cannot_open_markup(sites):
    _, hostile = sites
    for path in ("organs/alpha/2025.html", "organs/beta/index.html", "index.html"):
        html = (hostile / path).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and ">" not in title, f"{path}: {title}"


def test_charts_hold_hostile_text_only_as_text(sites):
    _, hostile = sites
    charts = sorted((hostile / "charts").rglob("*.svg"))
    assert charts
    for chart in charts:
        page = parsed(chart.read_text(encoding="utf-8"))
        assert_nothing_injected(page, chart.name)
        assert not {"script", "foreignobject", "img", "a", "iframe"} & set(page.tags), chart.name


def test_search_index_holds_hostile_text_only_as_text(sites):
    _, hostile = sites
    index = json.loads((hostile / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("&lt;script&gt;" in tag for doc in index["docs"] for tag in doc.get("tags", [])), \
        "the hostile service names are in the index, as tags of their organs' pages"
    for doc in index["docs"]:
        # the theme's search prints title, text and every tag as HTML
        for field, value in [("title", doc.get("title", "")), ("text", doc.get("text", "")),
                             *(("tag", tag) for tag in doc.get("tags", []))]:
            page = parsed(value)
            assert_nothing_injected(page, f"{doc['location']} {field}")
            assert not {"script", "img", "iframe", "a"} & set(page.tags), f"{doc['location']} {field}"


def test_ivanovo_measures_title_cannot_open_front_matter_or_a_link(tmp_path):
    """Ivanovo's news post: its title goes to front matter and a heading, measures and consented
    comments to the body."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "ivanovo", data)
    measures = data / "periods" / "2025" / "measures.yaml"
    content = yaml.safe_load(measures.read_text(encoding="utf-8"))
    content["title"] = f"Итоги {HOSTILE}{BREAKING}"
    content["measures"][0]["text"] = f"мера {HOSTILE}{BREAKING}"
    measures.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    responses = data / "periods" / "2025" / "responses.csv"
    responses.write_text(responses.read_text(encoding="utf-8").replace(
        "принял без очереди", "принял [x](javascript:alert(1)) <script>alert(1)</script> {{ 7*7 }}"), encoding="utf-8")
    approve_all_comments(data)  # the hostile comment is read and approved, as if a reviewer missed it
    site = build(data, tmp_path / "site")
    clean = build(FIXTURES / "ivanovo", tmp_path / "clean")
    clean_pages = html_pages(clean)
    for path, page in html_pages(site).items():
        assert_nothing_injected(page, path)
        assert page.tags == clean_pages[path].tags, f"{path}: данные добавили или убрали элементы"
    news = parsed((site / "news" / "2025.html").read_text(encoding="utf-8"))
    assert f"Итоги {HOSTILE} --- [y](javascript:alert(2)) # heading title: injected" in news.visible
    assert f"мера {HOSTILE} --- [y](javascript:alert(2))" in news.visible
    assert "[x](javascript:alert(1)) <script>alert(1)</script> {{ 7*7 }}" in news.visible  # the quote, as text


def test_novokuznetsk_texts_create_no_element_or_attribute(tmp_path):
    """Points of service, the conditions' texts, the organ's report and the comparison with another
    municipality are free text too."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "novokuznetsk", data)
    organizations = yaml.safe_load((data / "organizations.yaml").read_text(encoding="utf-8"))
    for organization in organizations:
        organization["name"] += f" {HOSTILE}{BREAKING}"
        for point in organization["points"]:
            point["name"] += f" {HOSTILE}{BREAKING}"
            point["address"] = f"ул. {HOSTILE}{BREAKING}" if "address" in point else None
    (data / "organizations.yaml").write_text(yaml.safe_dump(organizations, allow_unicode=True), encoding="utf-8")
    poison_csv(data / "services.csv", ["name"])
    first = data / "periods" / "2025-H1"
    poison_csv(first / "conditions.csv", ["required", "actual", "deviation"])
    poison_csv(first / "applications.csv", ["refusal_reasons", "problems", "measures"])
    poison_csv(first / "comparison.csv", ["other_municipality", "regulation_own", "provision_other", "organ_own",
                                          "recipients_other"])
    clean_pages = html_pages(build(FIXTURES / "novokuznetsk", tmp_path / "clean"))
    hostile_pages = html_pages(build(data, tmp_path / "site"))
    assert hostile_pages.keys() == clean_pages.keys()
    for path, page in hostile_pages.items():
        assert_nothing_injected(page, path)
        assert page.tags == clean_pages[path].tags, f"{path}: данные добавили или убрали элементы"
    service = hostile_pages["services/s1/2025-H1.html"].visible  # conditions and comparison are shown here
    assert f"{HOSTILE} --- [y](javascript:alert(2)) # heading title: injected" in service
    assert f"ул. {HOSTILE}" in hostile_pages["organs/uo/2025-H1.html"].visible  # the points of the organ


@pytest.mark.parametrize("text", [HOSTILE, HOSTILE + BREAKING, "---", 'a: "b"\nc: d', "\u2028---\u2029x", "'", "# x", "null", "2025", "@x"])
def test_front_matter_value_is_one_yaml_string(text):
    assert yaml.safe_load(f"title: {yaml_scalar(text)}\n") == {"title": re.sub(r"[\n\u2028\u2029]+", " ", text)}


def test_heading_text_stays_on_its_line():
    assert "\n" not in md("Комитет\n---\n[x](javascript:alert(1))")
    assert str(md("[x](javascript:alert(1))")) == r"\[x\]\(javascript:alert\(1\)\)"


# --- addresses ------------------------------------------------------------------------------

BAD_ADDRESSES = {
    "javascript_scheme": "javascript:alert(1)",
    "javascript_scheme_capitals": "JavaScript:alert(1)",
    "data_scheme": "data:text/html,<script>alert(1)</script>",
    "embedded_quote": 'https://example.org/"><script>alert(1)</script>',
    "embedded_apostrophe": "https://example.org/' onmouseover='alert(1)",
    "angle_bracket": "https://example.org/<b>",
    "inner_space": "https://example.org/a b",
    "newline": "https://example.org/\nhttps://evil.example",
    "control_character": "https://example.org/\x00",
    "direction_override": "https://example.org/\u202egro.live",
    "zero_width_space": "https://exam\u200bple.org/",
    "no_host": "https:///path",
    "no_slashes": "https:example.org",
    "relative": "//example.org/",
    "credentials": "https://example.org@evil.example/",
    "bad_port": "https://example.org:99999/",
    "bad_host": "https://-evil-.example/",
    "broken_ipv6": "http://[zz]/",
}


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_site_url_must_be_a_whole_http_address(address):
    with pytest.raises(ValueError) as error:
        SiteConfig(municipality="М", site_url=address, methodology="kaluga", publisher={"name": "П"})
    assert error.value.errors()[0]["type"] == "url_invalid"
    assert "адрес сайта" in str(error.value)


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_organ_website_must_be_a_whole_http_address(address):
    with pytest.raises(ValueError) as error:
        Organization(id="alpha", name="А", sector="С", website=address)
    assert error.value.errors()[0]["type"] == "url_invalid"


@pytest.mark.parametrize("address", ["https://example.org/monitoring/", "http://example.org", "https://админ.рф/a?b=1&c=2#d",
                                     "http://127.0.0.1:8000/", "http://[::1]/site/"])
def test_whole_http_addresses_are_accepted(address):
    assert Organization(id="alpha", name="А", sector="С", website=address).website == address


# --- open data ------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "-", "=", "-abc"]


@pytest.mark.parametrize("text", FORMULAS)
def test_open_data_text_cell_cannot_start_a_formula(text):
    rows = list(csv.reader(io.StringIO(to_csv([{"name": text}], ["name"]), newline="")))
    assert rows[1] == ["'" + text.replace("\r", "\n")]  # a CR is kept as a line break in a quoted cell


@pytest.mark.parametrize("value, published", [(Fraction(-1, 2), "-0.5"), (-3, "-3"), (-0.25, "-0.25"), ("-0.5", "-0.5"),
                                              ("+7", "+7"), ("Выдача справок", "Выдача справок"), ("a=b", "a=b")])
def test_open_data_numbers_and_plain_text_stay_as_they_are(value, published):
    rows = list(csv.reader(io.StringIO(to_csv([{"value": value}], ["value"]), newline="")))
    assert rows[1] == [published]


def test_published_tables_neutralise_formulas_in_names(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    services = data / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace(
        "Приём заявлений А2", '"=HYPERLINK(""http://evil.example"",""А2"")"'), encoding="utf-8")
    requests = data / "periods" / "2025" / "requests.csv"  # beta gets worse: its change is negative
    requests.write_text(requests.read_text(encoding="utf-8").replace(
        "b1,4,5000,4000,500,100,50,", "b1,4,5000,1000,3500,100,900,"), encoding="utf-8")
    site = build(data, tmp_path / "site")
    published = list(csv.DictReader(io.StringIO((site / "opendata" / "services.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in published if r["service_id"] == "a2"] == ['\'=HYPERLINK("http://evil.example","А2")']
    assert list(published[0]) == [c.name for c in SERVICES.columns]
    results = list(csv.DictReader(io.StringIO((site / "opendata" / "results.csv").read_text(encoding="utf-8"))))
    change = [r["value"] for r in results if r["indicator"] == "kef_change" and r["organization_id"] == "beta"
              and r["period"] == "2025"]
    assert change == ["-0.829178"]  # a negative number stays a number
