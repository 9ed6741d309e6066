"""Baikonur formulas against values worked by hand.

The fixture tests/fixtures/baikonur (two quarters, three organs, five services) exercises every
branch: several channels weighted by respondents, a channel with 0 respondents, a criterion with
no rows, a service whose every row has 0 respondents, a service left out of its organ's
workbook, an organ that sent no workbook, and a tie in the rating. The numbers below are the
definitions of baikonur.yaml written out with the fixture's cells, not values read back.
"""
from fractions import Fraction as F
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.baikonur import criterion_mean, service_score
from generator.results import Figure
from generator.text_ru import decimal
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
    # 10 по телефону со средним 4 и 30 на терминале со средним 5: (4·10 + 5·30) / 40 = 190 / 40 = 4,75
    f = criterion_mean("c", "Время", [("Телефон", 10, F(4)), ("Терминал", 30, F(5))])
    assert f.value == F(19, 4)
    assert f.substituted(lambda i: str(i.value)) == "(4 × 10 + 5 × 30) / (10 + 30)"
    assert [i.symbol for i in f.inputs] == ["n1", "o1", "n2", "o2"]


def test_issue_example_is_exactly_on_the_excellent_edge():
    # (4 × 3,90 + 40 × 4,56) / 44 = (15,6 + 182,4) / 44 = 198 / 44 = 4,5 ровно; в числах с плавающей
    # точкой это 4,4999999999999991 — «хорошо», и О = (4,5 + 2,5) / 2 падало ниже 3,5
    time = BAIKONUR.with_band(criterion_mean("criterion_time", "Время",
                                             [("Телефон", 4, F("3.90")), ("Терминал", 40, F("4.56"))]))
    assert time.value == F(9, 2) and time.band.code == "excellent"
    queue = BAIKONUR.with_band(criterion_mean("criterion_queue", "Очередь", [("Телефон", 4, F("2.5"))]))
    score = BAIKONUR.with_band(service_score([("Время", time), ("Очередь", queue)]))
    assert score.value == F(7, 2) and score.band.code == "good"
    assert score.substituted(lambda i: decimal(i.value)) == "(4,5 + 2,5) / 2"


def test_channel_without_respondents_is_left_out_of_the_mean():
    # терминал 0 опрошенных: только телефон, 5·10 / 10 = 5
    f = criterion_mean("c", "Вежливость", [("Телефон", 10, F(5)), ("Терминал", 0, None)])
    assert f.value == 5
    assert f.notes == ("Способ «Терминал»: опрошенных нет, в расчёт не входит",)


def test_criterion_without_answers_is_not_evaluated():
    f = criterion_mean("c", "Информация", [("Сайт", 0, None)])
    assert f.value is None and "нет ни одного ответа" in f.reason
    assert criterion_mean("c", "Информация", []).value is None


def test_service_score_averages_only_rated_criteria():
    parts = [("А", Figure("a", F("4.75"))), ("Б", Figure("b", F(4))), ("В", Figure("c", F(5))),
             ("Г", Figure("d", F("3.25"))), ("Д", Figure("e", None))]
    f = service_score(parts)
    assert f.value == F(17, 4)  # (4,75 + 4 + 5 + 3,25) / 4 = 17 / 4 = 4,25
    assert f.notes == ("Критерий «Д» не оценён (нет ответов) и в расчёт не входит",)


def test_service_score_without_any_rated_criterion_is_not_evaluated():
    f = service_score([("А", Figure("a", None))])
    assert f.value is None and f.reason


@pytest.mark.parametrize("value, band", [
    ("5", "excellent"), ("4.5", "excellent"), ("4.49", "good"), ("3.5", "good"), ("3.35", "fair"),
    ("2.5", "fair"), ("2", "poor"), ("1.5", "poor"), ("1.49", "very_poor"), ("1", "very_poor")])
def test_score_scale_rounds_to_nearest_grade(value, band):
    assert BAIKONUR.scales["score"].band_for(F(value)).code == band


# ---- the fixture, quarter by quarter ------------------------------------------------

def test_q1_service_with_several_channels(results):
    s1 = get(results, "2025-Q1", "alpha", "s1")
    f = {k: v.value for k, v in s1.figures.items()}
    assert f["criterion_time"] == F(4 * 10 + 5 * 30, 40)          # 4,75
    assert f["criterion_queue"] == F(4 * 10 + 4 * 30, 40)         # 4,00
    assert f["criterion_politeness"] == F(5 * 10, 10)              # 5,00 (терминал: 0 опрошенных)
    assert f["criterion_comfort"] == F(4 * 10 + 3 * 30, 40)       # 130 / 40 = 3,25
    assert f["criterion_information"] is None                                # строк нет
    assert f["score"] == F(17, 4)                                   # (4,75 + 4 + 5 + 3,25) / 4 = 4,25
    assert s1.figures["score"].band.code == "good" and s1.rank == 1
    # опрошены люди, а не ответы: по телефону 10 человек (по 10 на каждый из 4 критериев), на терминале 30
    assert s1.detail["respondents"] == {"phone": 10, "terminal": 30, "internet": 0, "questionnaire": 0}
    assert s1.value("respondents") == 40


def test_q1_channel_with_zero_respondents_and_one_channel(results):
    s2 = get(results, "2025-Q1", "alpha", "s2")
    assert s2.value("score") == F(4 + 4 + 5 + 5 + 3, 5)            # 21 / 5 = 4,2
    assert s2.rank == 2
    assert s2.detail["reported"]["internet"] and s2.detail["respondents"]["internet"] == 0
    s3 = get(results, "2025-Q1", "beta", "s3")
    assert s3.value("score") == F(2 + 1 + 2 + 1 + 2, 5)            # 1,6
    assert s3.figures["score"].band.code == "poor" and s3.rank == 3


def test_q1_service_without_answers_is_not_rated(results):
    s5 = get(results, "2025-Q1", "gamma", "s5")
    assert s5.value("score") is None and s5.rank is None
    gamma = get(results, "2025-Q1", "gamma")
    assert gamma.monitored and gamma.value("score") is None  # представил сведения, но оценок нет


def test_q1_organs_and_city(results):
    alpha = get(results, "2025-Q1", "alpha")
    assert alpha.value("score") == (F("4.25") + F("4.2")) / 2       # 4,225
    assert alpha.value("respondents") == 10 + 30 + 5                          # С1: 10 + 30, С2: 5 (сайт: 0)
    assert alpha.detail["proposals"] == [                                    # sheet «Предложения» of alpha.xlsx
        "Установить второй терминал для оценки качества в зале ожидания",
        "Разместить образцы заявлений у окон приёма <и> на сайте"]
    beta = get(results, "2025-Q1", "beta")
    assert beta.detail["missing"] == ["Услуга С4"]                            # нет в книге органа
    assert beta.detail["proposals"] == ["Продлить часы приёма по субботам"]  # proposals/beta.csv
    assert get(results, "2025-Q1", "gamma").detail["proposals"] == []
    city = results.municipal["2025-Q1"]
    assert city["score"].value == (F("4.25") + F("4.2") + F("1.6")) / 3   # 3,35
    assert city["services_rated"].value == 3                                  # С5 без ответов
    assert city["respondents"].value == 40 + 5 + 2 + 0                        # С1, С2, С3, С5


def test_q2_tie_and_organ_without_workbook(results):
    ranks = {a.service_id: a.rank for a in results.services if a.period.name == "2025-Q2"}
    # С1 = С2 = 4,5 делят 1-е место; С3 = 4,0 — 3-е; С4 = 3,0 — 4-е
    assert ranks == {"s1": 1, "s2": 1, "s3": 3, "s4": 4}
    gamma = get(results, "2025-Q2", "gamma")
    assert not gamma.monitored and "не представлены" in gamma.reason
    assert results.municipal["2025-Q2"]["score"].value == 4                # (4,5 + 4,5 + 4 + 3) / 4


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
    assert s3.value("score") == F(8, 5) and s3.detail["respondents"]["internet"] == 2  # 2 человека, не 10 ответов


# ---- raw answers instead of the survey workbooks ---------------------------------------

RESPONSES_Q2 = """respondent,service_id,channel,date,time,queue,politeness,comfort,information,comment,publish
1,s1,phone,10.04.2025,5,4,5,4,5,,
2,s1,terminal,11.04.2025,3,4,5,,5,,
3,s1,phone,12.04.2025,4,4,4,4,4,,
"""


def answered_instead_of_workbooks(tmp_path, answers: str):
    """The fixture with its 2025-Q2 given as the questionnaires `answers` instead of survey workbooks."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.rmtree(data / "periods" / "2025-Q2" / "survey")
    (data / "periods" / "2025-Q2" / "responses.csv").write_text(answers, encoding="utf-8")
    report, dataset = check(data)
    assert report.errors == [], report.as_text()
    return dataset


def test_raw_answers_are_aggregated_into_the_survey(tmp_path):
    from generator.compute import compute as compute_all

    s1 = get(compute_all(answered_instead_of_workbooks(tmp_path, RESPONSES_Q2)), "2025-Q2", "alpha", "s1")
    # Оj: mean over the respondents who rated the criterion (respondent-weighted over channels)
    criteria = {"time": F(5 + 3 + 4, 3), "queue": F(4 + 4 + 4, 3), "politeness": F(5 + 5 + 4, 3),
                "comfort": F(4 + 4, 2), "information": F(5 + 5 + 4, 3)}
    assert s1.value("score") == sum(criteria.values()) / 5 == F(64, 15)   # (4 + 4 + 14/3 + 4 + 14/3) / 5 ≈ 4,267


def test_survey_and_raw_answers_together_are_refused(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "periods" / "2025-Q2" / "responses.csv").write_text(RESPONSES_Q2, encoding="utf-8")
    report, _ = check(data)
    assert [p.code for p in report.errors] == ["feedback-given-twice"]


# six applicants by phone, each rating four criteria (information left empty): 6 people, 24 answers
RESPONSES_SIX = "respondent,service_id,channel,date,time,queue,politeness,comfort,information,comment,publish\n" + "".join(
    f"{n},s3,phone,1{n}.04.2025,{score},4,5,3,,,\n" for n, score in enumerate((5, 5, 4, 4, 3, 3), start=1))


@pytest.fixture
def six_by_phone(tmp_path):
    return answered_instead_of_workbooks(tmp_path, RESPONSES_SIX)


def test_raw_answers_count_people_not_answers(six_by_phone):
    results = compute(six_by_phone)
    s3 = get(results, "2025-Q2", "beta", "s3")
    assert s3.detail["respondents"] == {"phone": 6, "terminal": 0, "internet": 0, "questionnaire": 0}
    assert s3.value("respondents") == 6 and s3.detail["total_respondents"] == 6   # not 6 × 4 = 24
    assert s3.value("criterion_time") == F(5 + 5 + 4 + 4 + 3 + 3, 6)              # 4
    assert s3.value("criterion_information") is None
    assert get(results, "2025-Q2", "beta").value("respondents") == 6
    assert results.municipal["2025-Q2"]["respondents"].value == 6
    period = next(p for p in six_by_phone.periods if p.period.name == "2025-Q2")
    assert BAIKONUR.coverage(period, results) == ["1\u00a0услуга, 6\u00a0опрошенных заявителей"]


def test_a_survey_table_counts_the_most_answered_criterion(tmp_path):
    """A workbook gives people per criterion: 12 rated time, 9 of them rated comfort → 12 asked, not 21."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "periods/2025-Q2/survey/beta.csv").write_text(
        "service_id,channel,criterion,respondents,score\ns3,internet,time,12,4\ns3,internet,comfort,9,\"3,5\"\n",
        encoding="utf-8")
    report, dataset = check(data)
    assert report.errors == [], report.as_text()
    s3 = get(compute(dataset), "2025-Q2", "beta", "s3")
    assert s3.detail["respondents"]["internet"] == 12 and s3.value("respondents") == 12


def test_raw_answers_publish_the_aggregated_survey_table(six_by_phone):
    """Open data of a quarter given as raw answers: the table the figures were computed from, exact."""
    from generator.methods.baikonur.inputs import SURVEY
    from generator.opendata import _table_csv

    period = next(p for p in six_by_phone.periods if p.period.name == "2025-Q2")
    table = BAIKONUR.open_data_table(six_by_phone, period, SURVEY)
    lines = _table_csv(table, SURVEY).splitlines()
    assert lines[0] == "organization_id,service_id,service_name,channel,criterion,respondents,score"
    assert lines[1:] == [
        "beta,s3,Услуга С3,phone,time,6,4",                # (5 + 5 + 4 + 4 + 3 + 3) / 6
        "beta,s3,Услуга С3,phone,queue,6,4",
        "beta,s3,Услуга С3,phone,politeness,6,5",
        "beta,s3,Услуга С3,phone,comfort,6,3",
        "beta,s3,Услуга С3,phone,information,0,"]
    q1 = next(p for p in six_by_phone.periods if p.period.name == "2025-Q1")
    assert BAIKONUR.open_data_table(six_by_phone, q1, SURVEY) is q1.tables["survey"]  # workbooks: as given


def test_a_repeating_mean_is_published_to_six_decimals(tmp_path):
    """Three applicants rating 5, 4, 4: 13/3 is published as 4.333333, not as binary noise."""
    import shutil

    from generator.methods.baikonur.inputs import SURVEY
    from generator.opendata import _table_csv

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.rmtree(data / "periods" / "2025-Q2" / "survey")
    (data / "periods" / "2025-Q2" / "responses.csv").write_text(
        "respondent,service_id,channel,date,time\n1,s1,terminal,01.04.2025,5\n2,s1,terminal,02.04.2025,4\n"
        "3,s1,terminal,03.04.2025,4\n", encoding="utf-8")
    report, dataset = check(data)
    assert report.errors == [], report.as_text()
    period = next(p for p in dataset.periods if p.period.name == "2025-Q2")
    assert "alpha,s1,Услуга С1,terminal,time,3,4.333333" in _table_csv(
        BAIKONUR.open_data_table(dataset, period, SURVEY), SURVEY).splitlines()
    assert get(compute(dataset), "2025-Q2", "alpha", "s1").value("score") == F(13, 3)
