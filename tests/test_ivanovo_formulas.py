"""Ivanovo formulas against values worked by hand from the seed's definitions.

tests/fixtures/ivanovo: organ «alpha» has a1, a2 (socially significant) and a3 (not); organ
«beta» has b1 (socially significant). «Satisfied» = overall score ≥ 4 (ivanovo.yaml).
"""
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.ivanovo import direction, period_bounds
from generator.periods import parse_period
from generator.problems import Report
from tests.helpers import assessment, computed

FIXTURE = Path(__file__).parent / "fixtures" / "ivanovo"
IVANOVO = METHODOLOGIES["ivanovo"]


@pytest.fixture(scope="module")
def results():
    return computed("ivanovo")


def get(results, period, org, service=None):
    return assessment(results, period, org, service)


def test_share_satisfied_per_service(results):
    # 2024 a1: overall 5, 4, 3, 2 → 2 satisfied of 4 = 50 %
    sat = get(results, "2024", "alpha", "a1").figures["sat"]
    assert sat.value == pytest.approx(2 / 4 * 100) == pytest.approx(50.0)
    assert [i.value for i in sat.inputs] == [2, 4]
    # 2024 a2: 5, 5, 4, 4, 1 → 4 of 5 = 80 %
    assert get(results, "2024", "alpha", "a2").value("sat") == pytest.approx(80.0)
    # 2025 a2: 5, 3, 3, 1 → 1 of 4 = 25 %
    assert get(results, "2025", "alpha", "a2").value("sat") == pytest.approx(25.0)


def test_service_without_respondents_is_not_evaluated(results):
    b1 = get(results, "2024", "beta", "b1")
    assert not b1.monitored and b1.value("sat") is None
    assert "не опрошено ни одного заявителя" in b1.figures["sat"].reason


def test_organ_average_over_socially_significant_only(results):
    # 2024 alpha: (a1 50 + a2 80) / 2 = 65; a3 (100 %, not socially significant) does not count
    usz = get(results, "2024", "alpha").figures["usz"]
    assert usz.value == pytest.approx((50 + 80) / 2) == pytest.approx(65.0)
    # 2025 alpha: a1 3 of 3 = 100, a2 25 → 62,5
    assert get(results, "2025", "alpha").value("usz") == pytest.approx((100 + 25) / 2)


def test_organ_without_respondents_is_not_monitored_and_not_ranked(results):
    beta = get(results, "2024", "beta")
    assert not beta.monitored and beta.rank is None and beta.value("usz") is None


def test_change_in_percentage_points(results):
    # alpha: 62,5 − 65 = −2,5 п. п. (a fall); a1: 100 − 50 = +50; a2: 25 − 80 = −55
    assert get(results, "2025", "alpha").value("usz_change") == pytest.approx(-2.5)
    assert get(results, "2025", "alpha", "a1").value("sat_change") == pytest.approx(50.0)
    assert get(results, "2025", "alpha", "a2").value("sat_change") == pytest.approx(-55.0)
    # beta 2025 = 50 (b1: 4, 3 → 1 of 2) but 2024 was not evaluated → change not evaluated
    beta = get(results, "2025", "beta")
    assert beta.value("usz") == pytest.approx(50.0) and beta.value("usz_change") is None
    assert "не оценивается" in beta.figures["usz_change"].reason
    # first period: nothing to compare with
    assert "нет прошлого периода" in get(results, "2024", "alpha").figures["usz_change"].reason


def test_municipal_average_and_its_change(results):
    # 2024: b1 not evaluated → (50 + 80) / 2 = 65; 2025: (100 + 25 + 50) / 3 = 58,333…
    assert results.municipal["2024"]["usz"].value == pytest.approx(65.0)
    assert results.municipal["2025"]["usz"].value == pytest.approx(175 / 3)
    assert results.municipal["2025"]["usz_change"].value == pytest.approx(175 / 3 - 65)
    assert any("Услуга Б1" in note for note in results.municipal["2024"]["usz"].notes)


def test_ranks_by_organ_average(results):
    # 2025: alpha 62,5 > beta 50
    assert get(results, "2025", "alpha").rank == 1 and get(results, "2025", "beta").rank == 2


def test_direction_words():
    # the seed: «возрос с 72,4 % до 81,03 %» → +8,63 п. п.
    assert direction(81.03 - 72.4) == "возрос"
    assert direction(-0.5) == "снизился"
    assert direction(0.04) == "не изменился"  # shows as 0,0 at one decimal
    assert direction(None) is None


def test_period_bounds():
    assert [str(d) for d in period_bounds(parse_period("2015-Q1"))] == ["2015-01-01", "2015-03-31"]
    assert [str(d) for d in period_bounds(parse_period("2014"))] == ["2014-01-01", "2014-12-31"]
    assert [str(d) for d in period_bounds(parse_period("2014-H2"))] == ["2014-07-01", "2014-12-31"]


def test_comments_are_deidentified_before_open_data(results):
    _, dataset = check(FIXTURE)
    compute(dataset)
    table = dataset.periods[0].tables["responses"]
    published = [c for c in table["comment"] if isinstance(c, str) and c]
    # consent + scrubbed; «+7 (912) …» had no consent and is gone
    assert published == ["Спасибо специалисту [имя скрыто], всё объяснила",
                         "Очередь два часа, пишите на [e-mail скрыт]",
                         "Живу [адрес скрыт], далеко ездить"]
    assert not any("+7" in str(c) for c in table["comment"])


def test_measures_yaml_is_validated():
    from generator.methods.ivanovo import measures_of

    class Period:  # the smallest PeriodData-like object
        extras = {"measures": {"published": "23.04.2015", "measures": [{"text": "стенды", "organ": "nobody",
                                                                          "extra": 1}]}}
        period = parse_period("2015")

    report = Report()
    assert measures_of(Period, {"alpha"}, report) is None
    codes = [(p.column, p.code) for p in report.problems]
    assert ("published", "measures-invalid") in codes and ("measures[0].extra", "measures-invalid") in codes
    Period.extras = {"measures": {"measures": [{"text": "стенды", "organ": "nobody"}]}}
    report = Report()
    assert measures_of(Period, {"alpha"}, report) is not None
    assert [p.code for p in report.problems] == ["measures-unknown-organ"]
