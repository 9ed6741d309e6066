"""«Сравнение органов» (render/compare.py, pages/compare.md.j2) and the sector filter of ratings: what a
reader gets without JavaScript (the table), what the script reads (the JSON block) and how names from
the data are kept inert in both."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import yaml

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.render.compare import page_path
from generator.render.site import SiteRenderer
from tests.helpers import FIXTURES

FIXTURE_NAMES = ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"]
HOSTILE = 'Отдел </script><script>alert(1)</script> «Б» & "кавычки" \u2028 <!--'


def site_of(data) -> SiteRenderer:
    report, dataset = check(data)
    assert report.ok, report.as_text()
    site = SiteRenderer(dataset, compute(dataset), METHODOLOGIES[dataset.site.methodology], None)
    site.drawing = SimpleNamespace(add=lambda *_: None)  # the pages name their charts; none is drawn here
    return site


def pages_of(site: SiteRenderer, period) -> tuple[str, str]:
    """(the rating page, the comparison page) of a period, as the generator writes them."""
    site.method_for(period).rating_page(site, period)
    site.comparison(period)
    return site.bundle.files[f"rating/{period.name}.md"], site.bundle.files[page_path(period)]


class Rows(HTMLParser):
    """The rows of a page's tables that link a subject: href → {"place", "text", cells by data-label, "sector"}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict] = {}
        self.row: dict | None = None
        self.label: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.row = {"sector": attrs.get("data-sector"), "text": "", "cells": {}}
        elif self.row is not None and tag == "td":
            self.label = "place" if "tp-place" in (attrs.get("class") or "") else attrs.get("data-label")
            self.row["cells"].setdefault(self.label, "")
        elif self.row is not None and tag == "a" and "href" not in self.row:
            self.row["href"] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "td":
            self.label = None
        elif tag == "tr" and self.row is not None:
            if "href" in self.row:
                self.rows[self.row["href"]] = self.row
            self.row = None

    def handle_data(self, data):
        if self.row is not None:
            self.row["text"] += data
            if self.label:
                self.row["cells"][self.label] += data


def rows_of(page: str) -> dict[str, dict]:
    parser = Rows()
    parser.feed(page)
    return parser.rows


def script_data(page: str) -> dict:
    """The JSON the script reads: the value of the box's `data-compare`, as a browser decodes it."""
    match = re.search(r'<div class="tp-compare" id="tp-compare" [^>]*data-compare="([^"]*)">', page)
    assert match, "the comparison carries its data for the script"
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_the_comparison_rows_are_the_ratings_figures(fixture):
    """Every ranked subject is a row with the rating's place and headline value, and the script's data
    holds the same subjects with the same values; each rating row names its sector."""
    site = site_of(FIXTURES / fixture)
    for period in site.periods:
        method = site.method_for(period)
        rating, comparison = pages_of(site, period)
        ranked = site.results.ranked(period)
        rating_rows, compared = rows_of(rating), rows_of(comparison)
        assert len(compared) == len(ranked), (fixture, period.name)
        data = script_data(comparison) if len(ranked) > 1 else {"subjects": []}
        by_url = {s["url"]: s for s in data["subjects"]}
        for href, row in compared.items():
            before = rating_rows[href]  # both pages are in sibling folders: the same relative link
            assert row["cells"]["place"] == before["cells"]["place"]
            assert row["sector"] == before["sector"] == html.unescape(row["sector"])
            headline = next(v for k, v in row["cells"].items() if k not in ("place", "Уровень", "Изменение"))
            assert headline in before["text"], (href, headline)
            if data["subjects"]:
                assert by_url[href]["values"][0][0] == headline
                assert by_url[href]["place"].startswith(row["cells"]["place"] + " из ")
        assert data["subjects"] == [] or data["indicators"][0]["code"] == method.headline
        assert f'href="../compare/{period.name}.html"' in rating


def test_a_report_links_its_organ_into_the_comparison():
    site = site_of(FIXTURES / "minimal")
    organ = next(a for a in site.results.organs if a.rank)
    site.method_for(organ.period).organ_page(site, organ)
    page = site.bundle.files[organ.page]
    assert f'href="../../compare/{organ.period.name}.html#a={organ.organization.id}">Сравнить с другими органами</a>' in page


@pytest.mark.parametrize("fixture", ["dzerzhinsk", "minimal"])
def test_the_sector_filter_lists_each_sector_once_and_only_with_two(fixture):
    site = site_of(FIXTURES / fixture)
    period = site.periods[-1]
    rating, _ = pages_of(site, period)
    options = re.findall(r'<option value="([^"]+)">', rating)
    sectors = {a.organization.sector for a in site.results.ranked(period)}
    if len(sectors) > 1:
        assert sorted(set(options)) == sorted(options) and sectors <= {html.unescape(o) for o in options}
        assert "assets/sector-filter.js" in rating
    else:
        assert "data-tp-sector-filter" not in rating


def test_names_from_the_data_cannot_leave_an_attribute_or_the_scripts_data(minimal_copy):
    organs = yaml.safe_load((minimal_copy / "organizations.yaml").read_text(encoding="utf-8"))
    organs[1]["name"] = HOSTILE
    organs[1]["sector"] = 'Сфера "><img src=x onerror=alert(1)>'
    (minimal_copy / "organizations.yaml").write_text(yaml.safe_dump(organs, allow_unicode=True), encoding="utf-8")
    site = site_of(minimal_copy)
    period = site.periods[-1]
    rating, comparison = pages_of(site, period)
    for page in (rating, comparison):
        assert "<img src=x" not in page and "<script>alert" not in page
        assert 'data-sector="Сфера &#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in page
    raw = re.search(r'data-compare="([^"]*)"', comparison).group(1)  # the attribute ends where it should
    assert "<" not in raw and ">" not in raw
    names = {s["name"] for s in script_data(comparison)["subjects"]}
    assert HOSTILE in names  # the script prints it, as text, exactly as the data wrote it


def test_a_cell_without_a_value_says_why_in_words():
    """«не оценивается» alone tells a reader nothing: a figure not evaluated gives its reason, a figure the
    methodology did not make for the subject (Дусл of a service without questionnaires) says there was nothing
    to make it from."""
    from generator.figures import not_evaluated
    from generator.render.compare import missing_reason

    assert missing_reason(None) == "не рассчитан: нет исходных данных"
    figure = not_evaluated("kud", "Куд = …", "нет оценок клиентов")
    assert missing_reason(figure) == "не оценивается: нет оценок клиентов"
