"""Issue 15's funnel plot on every demo: Novokuznetsk's services by Дусл, the share satisfied over all the
questionnaires of a service (its act asks Д per point of service), Dzerzhinsk's organisations by Ду on the
survey page (its rating leaves the survey out), and the value axis that fits what is drawn.

Hand-computed values; the demos of examples/ rendered in memory (no mkdocs build)."""
from __future__ import annotations

import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import check
from generator.chart_places import FunnelSubject, funnel_chart, funnel_domain
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.novokuznetsk import methodology as nk_module
from generator.methods.novokuznetsk.figures import pooled_share
from generator.render.site import SiteRenderer
from generator.stats.funnel import funnel_limits
from generator.text_ru import interval_range, percent
from tests.helpers import assessment, tenth

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NK = METHODOLOGIES["novokuznetsk"]


def _data(name: str):
    report, dataset = check(EXAMPLES / name)
    assert dataset is not None and report.ok, report.as_text()
    return dataset


@pytest.fixture(scope="module")
def novokuznetsk():
    dataset = _data("novokuznetsk")
    return dataset, compute(dataset)


class _Undrawn:
    """Charts kept as specs, never drawn: the pages are what these tests read."""

    def add(self, path, spec, largest=None):
        pass


def _pages(dataset, results, services=()):
    """The ratings, the methodology's own pages (Dzerzhinsk's surveys), the methodology page and the pages of
    `services` of the last period, rendered as a build renders them, with their charts' specs."""
    method = METHODOLOGIES[dataset.site.methodology]
    site = SiteRenderer(dataset, results, method, None, keep_specs=True)
    site.bundle.nav, site.drawing = site.nav(), _Undrawn()
    for period in site.periods:
        method.rating_page(site, period)
    method.extra_pages(site)
    site.page("methodology.md", method.template("methodology"), method=method)
    for service in results.services:
        if service.service_id in services and service.period == site.latest:
            method.service_page(site, service)
    return site.bundle.files, site.specs


# ---- Дусл: the share satisfied over every questionnaire of a service ------------------------------------

def test_pooled_share_of_two_points_by_hand():
    # 30 of 40 at one point, 10 of 20 at the other: Дусл = 40 / 60 = 66,7 %, not the mean of 75 % and 50 %.
    # Wilson, p = 2/3, n = 60, z² / n = 3,8415 / 60 = 0,06402: centre = (0,66667 + 0,03201) / 1,06402 = 0,65664;
    # half = 1,95996 · √(0,0037037 + 0,0002668) / 1,06402 = 0,11607 → от 54,1 до 77,3 %
    figure = pooled_share([("МФЦ", {"satisfied": 30, "rated": 40}), ("Ключи", {"satisfied": 10, "rated": 20})], 4)
    assert figure.value == F(200, 3) and percent(figure.value) == "66,7\u00a0%"
    assert (figure.interval.method, figure.interval.n) == ("wilson", 60)
    assert (tenth(figure.interval.low), tenth(figure.interval.high)) == (F("54.1"), F("77.3"))
    assert interval_range(figure.interval, "%") == "от 54,1 до 77,3\u00a0%"
    assert [i.symbol for i in figure.inputs] == ["Кудовл1", "Копр1", "Кудовл2", "Копр2"]
    assert figure.substituted(lambda i: str(i.value)) == "(30 + 10) / (40 + 20) × 100"
    assert "по всем точкам оказания услуги" in figure.formula


def test_a_point_whose_share_was_typed_in_is_named_and_left_out_of_the_pooled_share():
    figure = pooled_share([("Центр", None), ("МФЦ", {"satisfied": 7, "rated": 9})], 4)
    assert figure.value == F(700, 9) and figure.interval.n == 9
    assert [i.symbol for i in figure.inputs] == ["Кудовл", "Копр"]
    [note] = figure.notes
    assert "«Центр»" in note and "не входит" in note


def test_without_questionnaires_a_service_has_no_pooled_share():
    assert pooled_share([("Центр", None), ("МФЦ", None)], 4) is None


def test_the_demos_pooled_shares_and_their_respondents(novokuznetsk):
    _, results = novokuznetsk
    # obr-zachislenie, 2025-H2: Ключи 7 of 9, МФЦ 13 of 15, the centre typed in → 20 / 24 = 83,3 %
    service = assessment(results, "2025-H2", "obr", "obr-zachislenie")
    pooled = service.figures["pooled_share"]
    assert pooled.value == F(250, 3) and NK.respondents(service) == 24 == pooled.interval.n
    for a in results.assessments:
        if "pooled_share" in a.figures:
            assert NK.respondents(a) == sum(i.value for i in a.figures["pooled_share"].inputs
                                            if i.symbol.startswith("Копр"))
    # the earlier periods have no responses.csv: no Дусл at all, not one «не оценивается»
    assert not any("pooled_share" in a.figures for a in results.assessments if a.period.name != "2025-H2")


def test_pooled_share_changes_no_figure_level_or_place(novokuznetsk, monkeypatch):
    dataset, results = novokuznetsk
    monkeypatch.setattr(nk_module, "pooled_share", lambda points, threshold: None)
    without = {(a.period.name, a.organization.id, a.service_id): a for a in compute(dataset).assessments}

    def kept(a):
        return ({c: (f.value, f.band, f.interval) for c, f in a.figures.items() if c != "pooled_share"},
                a.rank, a.place_range)

    assert all(kept(a) == kept(without[(a.period.name, a.organization.id, a.service_id)])
               for a in results.assessments)


# ---- the pages ---------------------------------------------------------------------------------------------

def _text(markdown: str) -> str:
    # not \s: that is also the no-break space the figures keep before «%»
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", markdown)).replace("&nbsp;", "\u00a0")


def test_novokuznetsk_rating_has_the_funnel_of_pooled_shares_with_those_outside_named(novokuznetsk):
    files, specs = _pages(*novokuznetsk, services=("obr-zachislenie",))
    page = files["rating/2025-H2.md"]
    assert "## Дусл и число опрошенных {#funnel}" in page
    words = _text(page)
    # Дусл over the five surveyed services: (20 + 11 + 12 + 5 + 1) / (24 + 11 + 14 + 10 + 9) = 49 / 68 = 72,1 %;
    # archive-dostup, 1 of 9 = 11,1 %: 99,8 % limits at n = 9 from 72,1 − 3,09 · √(72,1 · 27,9 / 9) = 25,8 %
    assert "среднее по всем опрошенным (72,1\u00a0%)" in words
    assert ("За пределами границ: Назначение субсидий на оплату жилого помещения и коммунальных услуг — выше границы "
            "95 %; Обеспечение доступа к архивным документам в читальном зале — ниже границы 99,8 %.") in words
    spec = specs["charts/rating-2025-H2-funnel.svg"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Дусл, %"
    for period in ("2024-H2", "2025-H1"):  # no questionnaires, no funnel
        assert "{#funnel}" not in files[f"rating/{period}.md"]
        assert f"charts/rating-{period}-funnel.svg" not in specs
    methodology = _text(files["methodology.md"])
    assert "На воронке — Дусл: доля удовлетворённых по всем точкам оказания услуги" in methodology
    assert "id=\"indicator-pooled_share\"" in files["methodology.md"]
    service = _text(files["services/obr-zachislenie/2025-H2.md"])
    assert "83,3\u00a0%" in service and "в Дусл не входит" in service


def test_open_data_publishes_the_pooled_share_with_its_interval(novokuznetsk):
    _, results = novokuznetsk
    from generator.opendata import result_rows

    [row] = [r for r in result_rows(results) if r["indicator"] == "pooled_share" and r["service_id"] == "kumi-arenda"]
    # 5 of 10: Wilson от 23,7 до 76,3 %
    assert row["value"] == 50 and (tenth(row["ci_low"]), tenth(row["ci_high"])) == (F("23.7"), F("76.3"))


def test_dzerzhinsk_survey_page_has_the_funnel_and_the_rating_links_to_it():
    dataset = _data("dzerzhinsk")
    files, specs = _pages(dataset, compute(dataset))
    page = files["surveys/2025-Q3.md"]
    assert "## Доля удовлетворённых и число опрошенных {#funnel}" in page
    words = _text(page)
    # 55 of the 81 who rated the quality: Ду = 67,9 %; ДК «Химик», 2 of 9 = 22,2 %: 95 % limits at n = 9 from
    # 67,9 − 1,96 · √(67,9 · 32,1 / 9) = 37,4 %, 99,8 % from 19,8 %: below the 95 % one only
    assert "среднее по всем опрошенным (67,9\u00a0%)" in words
    assert "За пределами границ: Детский сад № 21 — ниже границы 95 %; ДК «Химик» — ниже границы 95 %." in words
    assert "charts/surveys/2025-Q3-funnel.svg" in specs
    rating = files["rating/2025-Q3.md"]
    assert "{#funnel}" not in rating and "charts/rating-2025-Q3-funnel.svg" not in specs
    assert re.search(r'<a href="[^"]*surveys/2025-Q3\.html#funnel">воронкой', rating)
    assert "на странице итогов опроса каждого периода" in _text(files["methodology.md"])


# ---- the value axis ----------------------------------------------------------------------------------------

def test_the_axis_fits_the_drawn_values_with_a_margin_inside_the_scale():
    hundred = (F(0), F(100))
    assert funnel_domain([60, 90, 75], hundred) == (F("58.5"), F("91.5"))  # span 30, margin 1,5
    assert funnel_domain([70, 80], hundred) == (69, 81)  # span 10: 1/100 of the scale, more than 1/20 of it
    assert funnel_domain([2, 98], hundred) == (0, 100)  # the margin of 4,8 would pass the scale
    assert funnel_domain([50], hundred) == (49, 51)  # one value: 1/50 of the scale around it
    assert funnel_domain([F(41, 10), F(43, 10)], (F(1), F(5))) == (F("4.06"), F("4.34"))  # 4 / 100 either side


@given(st.lists(st.fractions(min_value=0, max_value=100), min_size=1, max_size=30))
def test_the_axis_holds_every_value_and_stays_inside_the_scale(values):
    low, high = funnel_domain(values, (F(0), F(100)))
    assert 0 <= low <= min(values) and max(values) <= high <= 100 and low < high


def test_the_chart_draws_its_points_and_limits_inside_its_axis():
    target = F(75)
    subjects = [FunnelSubject(name, n, value, "inside", None, tuple(funnel_limits(target, [n])))
                for name, n, value in (("А", 400, F(72)), ("Б", 2400, F(79)))]
    spec = funnel_chart("charts/x.svg", "Куд", subjects, funnel_limits(target, [400, 2400]), target,
                        "Куд, %", "Орган", "%").spec
    [rows] = spec["datasets"].values()
    domains = [layer["encoding"]["y"]["scale"]["domain"] for layer in spec["layer"]]
    low, high = domains[0]
    assert all(d == [low, high] for d in domains) and 0 <= low and high <= 100
    assert all(low <= row["value"] <= high for row in rows)
    # the limits at n = 400, 99,8 %: 75 ± 3,09 · √(75 · 25 / 400) = 75 ± 6,69; a 0–100 axis would leave them a tenth
    assert high - low < 20


def test_the_axis_of_a_mean_stays_on_its_scale():
    target = F("4.2")
    limits = funnel_limits(target, [5, 100], kind="mean")
    subject = FunnelSubject("А", 5, F("4.9"), "inside", None, tuple(funnel_limits(target, [5], kind="mean")))
    spec = funnel_chart("charts/x.svg", "О", [subject], limits, target, "О, баллы", "Услуга", "",
                        (F(1), F(5))).spec
    low, high = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert 1 <= low and high == 5  # n = 5 reaches the top of the scale: the axis ends there, not past it
