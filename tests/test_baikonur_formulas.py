"""Baikonur formulas against values worked by hand.

The fixture tests/fixtures/baikonur (two quarters, three organs, five services) exercises every
branch: several channels weighted by respondents, a channel with 0 respondents, a criterion with
no rows, a service whose every row has 0 respondents, a service left out of its organ's
workbook, an organ that sent no workbook, and a tie in the rating. The numbers below are the
definitions of baikonur.yaml written out with the fixture's cells, not values read back.
"""
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.baikonur import criterion_mean, service_score
from generator.results import Figure
from tests.helpers import assessment, computed

BAIKONUR = METHODOLOGIES["baikonur"]
FIXTURE = Path(__file__).parent / "fixtures" / "baikonur"


@pytest.fixture(scope="module")
def results():
    return computed("baikonur", warnings=("baikonur-report-missing",))  # gamma sent nothing for 2025-Q2, on purpose


def get(results, period, org, service=None):
    return assessment(results, period, org, service)


# ---- single formulas ----------------------------------------------------------

def test_criterion_mean_is_weighted_by_respondents():
    # 10 по телефону со средним 4 и 30 на терминале со средним 5: (10·4 + 30·5) / 40 = 190 / 40 = 4,75
    f = criterion_mean("c", "Время", [("Телефон", 10, 4.0), ("Терминал", 30, 5.0)])
    assert f.value == pytest.approx(4.75)
    assert f.substituted(lambda i: str(i.value)) == "(10 × 4.0 + 30 × 5.0) / (10 + 30)"


def test_channel_without_respondents_is_left_out_of_the_mean():
    # терминал 0 опрошенных: только телефон, 10·5 / 10 = 5
    f = criterion_mean("c", "Вежливость", [("Телефон", 10, 5.0), ("Терминал", 0, None)])
    assert f.value == pytest.approx(5.0)
    assert f.notes == ("Способ «Терминал»: опрошенных нет, в расчёт не входит",)


def test_criterion_without_answers_is_not_evaluated():
    f = criterion_mean("c", "Информация", [("Сайт", 0, None)])
    assert f.value is None and "нет ни одного ответа" in f.reason
    assert criterion_mean("c", "Информация", []).value is None


def test_service_score_averages_only_rated_criteria():
    parts = [("А", Figure("a", 4.75)), ("Б", Figure("b", 4.0)), ("В", Figure("c", 5.0)),
             ("Г", Figure("d", 3.25)), ("Д", Figure("e", None))]
    f = service_score(parts)
    assert f.value == pytest.approx((4.75 + 4.0 + 5.0 + 3.25) / 4)  # 17 / 4 = 4,25
    assert f.notes == ("Критерий «Д» не оценён (нет ответов) и в расчёт не входит",)


def test_service_score_without_any_rated_criterion_is_not_evaluated():
    f = service_score([("А", Figure("a", None))])
    assert f.value is None and f.reason


@pytest.mark.parametrize("value, band", [
    (5.0, "excellent"), (4.5, "excellent"), (4.49, "good"), (3.5, "good"), (3.35, "fair"),
    (2.5, "fair"), (2.0, "poor"), (1.5, "poor"), (1.49, "very_poor"), (1.0, "very_poor")])
def test_score_scale_rounds_to_nearest_grade(value, band):
    assert BAIKONUR.scales["score"].band_for(value).code == band


# ---- the fixture, quarter by quarter ------------------------------------------------

def test_q1_service_with_several_channels(results):
    s1 = get(results, "2025-Q1", "alpha", "s1")
    f = {k: v.value for k, v in s1.figures.items()}
    assert f["criterion_time"] == pytest.approx((10 * 4 + 30 * 5) / 40)      # 4,75
    assert f["criterion_queue"] == pytest.approx((10 * 4 + 30 * 4) / 40)     # 4,00
    assert f["criterion_politeness"] == pytest.approx(10 * 5 / 10)           # 5,00 (терминал: 0 опрошенных)
    assert f["criterion_comfort"] == pytest.approx((10 * 4 + 30 * 3) / 40)   # 130 / 40 = 3,25
    assert f["criterion_information"] is None                                # строк нет
    assert f["score"] == pytest.approx((4.75 + 4 + 5 + 3.25) / 4)            # 4,25
    assert s1.figures["score"].band.code == "good" and s1.rank == 1
    assert s1.detail["respondents"] == {"phone": 40, "terminal": 90, "internet": 0, "questionnaire": 0}


def test_q1_channel_with_zero_respondents_and_one_channel(results):
    s2 = get(results, "2025-Q1", "alpha", "s2")
    assert s2.value("score") == pytest.approx((4 + 4 + 5 + 5 + 3) / 5)        # 21 / 5 = 4,2
    assert s2.rank == 2
    assert s2.detail["reported"]["internet"] and s2.detail["respondents"]["internet"] == 0
    s3 = get(results, "2025-Q1", "beta", "s3")
    assert s3.value("score") == pytest.approx((2 + 1 + 2 + 1 + 2) / 5)        # 1,6
    assert s3.figures["score"].band.code == "poor" and s3.rank == 3


def test_q1_service_without_answers_is_not_rated(results):
    s5 = get(results, "2025-Q1", "gamma", "s5")
    assert s5.value("score") is None and s5.rank is None
    gamma = get(results, "2025-Q1", "gamma")
    assert gamma.monitored and gamma.value("score") is None  # представил сведения, но оценок нет


def test_q1_organs_and_city(results):
    alpha = get(results, "2025-Q1", "alpha")
    assert alpha.value("score") == pytest.approx((4.25 + 4.2) / 2)           # 4,225
    assert alpha.detail["proposals"] == [                                    # sheet «Предложения» of alpha.xlsx
        "Установить второй терминал для оценки качества в зале ожидания",
        "Разместить образцы заявлений у окон приёма <и> на сайте"]
    beta = get(results, "2025-Q1", "beta")
    assert beta.detail["missing"] == ["Услуга С4"]                            # нет в книге органа
    assert beta.detail["proposals"] == ["Продлить часы приёма по субботам"]  # proposals/beta.csv
    assert get(results, "2025-Q1", "gamma").detail["proposals"] == []
    assert results.municipal["2025-Q1"]["score"].value == pytest.approx((4.25 + 4.2 + 1.6) / 3)  # 3,35


def test_q2_tie_and_organ_without_workbook(results):
    ranks = {a.service_id: a.rank for a in results.services if a.period.name == "2025-Q2"}
    # С1 = С2 = 4,5 делят 1-е место; С3 = 4,0 — 3-е; С4 = 3,0 — 4-е
    assert ranks == {"s1": 1, "s2": 1, "s3": 3, "s4": 4}
    gamma = get(results, "2025-Q2", "gamma")
    assert not gamma.monitored and "не представлены" in gamma.reason
    assert results.municipal["2025-Q2"]["score"].value == pytest.approx((4.5 + 4.5 + 4 + 3) / 4)  # 4,0


def test_missing_workbook_is_a_warning():
    report, _ = check(FIXTURE)
    assert [(p.code, p.severity) for p in report.problems] == [("baikonur-report-missing", "warning")]


def test_an_organ_workbook_reads_like_its_csv(tmp_path):
    """The survey of one organ as a real .xlsx (Russian headers, organ taken from the file name)."""
    import shutil

    from openpyxl import Workbook

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "periods/2025-Q1/survey/beta.csv").unlink()
    book = Workbook()
    sheet = book.active
    sheet.append(("Код услуги", "Наименование услуги", "Способ опроса", "Критерий качества",
                  "Количество опрошенных", "Средний балл"))
    for criterion, score in (("Время предоставления услуги", 2), ("Время ожидания в очереди", 1),
                             ("Вежливость и компетентность сотрудника", 2),
                             ("Комфортность условий в помещении", 1),
                             ("Доступность информации о порядке предоставления услуги", 2)):
        sheet.append(("s3", "Услуга С3", "Опросный модуль на сайте", criterion, 2, score))
    book.save(data / "periods/2025-Q1/survey/beta.xlsx")
    report, dataset = check(data)
    assert report.ok, report.as_text()
    s3 = get(compute(dataset), "2025-Q1", "beta", "s3")
    assert s3.value("score") == pytest.approx(1.6) and s3.detail["respondents"]["internet"] == 10


# ---- raw answers instead of the survey workbooks ---------------------------------------

RESPONSES_Q2 = """respondent,service_id,channel,date,time,queue,politeness,comfort,information,comment,publish
1,s1,phone,10.04.2025,5,4,5,4,5,,
2,s1,terminal,11.04.2025,3,4,5,,5,,
3,s1,phone,12.04.2025,4,4,4,4,4,,
"""


def test_raw_answers_are_aggregated_into_the_survey(tmp_path):
    import shutil

    from generator.compute import compute as compute_all

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.rmtree(data / "periods" / "2025-Q2" / "survey")
    (data / "periods" / "2025-Q2" / "responses.csv").write_text(RESPONSES_Q2, encoding="utf-8")
    report, dataset = check(data)
    assert report.errors == [], report.as_text()
    s1 = get(compute_all(dataset), "2025-Q2", "alpha", "s1")
    # Оj: mean over the respondents who rated the criterion (respondent-weighted over channels)
    criteria = {"time": (5 + 3 + 4) / 3, "queue": (4 + 4 + 4) / 3, "politeness": (5 + 5 + 4) / 3,
                "comfort": (4 + 4) / 2, "information": (5 + 5 + 4) / 3}
    assert s1.value("score") == pytest.approx(sum(criteria.values()) / 5)   # 4,4


def test_survey_and_raw_answers_together_are_refused(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "periods" / "2025-Q2" / "responses.csv").write_text(RESPONSES_Q2, encoding="utf-8")
    report, _ = check(data)
    assert [p.code for p in report.errors] == ["feedback-given-twice"]
