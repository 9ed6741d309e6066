"""Novokuznetsk formulas against values worked by hand from the seed's definitions.

Приложение № 2: parameter I = the mean of the evaluated requirements (1–5); parameters 2–8
score 5/2/0 or 5/0; parameter 9 scores 5 [80; 100] · 4 [50; 80) · 3 [35; 50) · 2 [20; 35) ·
1 [0; 20) from the share satisfied; Соку = the sum of the scored parameters / their number
(parameter 5 «не требуется» is not scored); И = Соку at one point, the mean of Соку over Км
points otherwise. The fixture tests/fixtures/novokuznetsk was designed so that each service
and period exercises a branch; the arithmetic is written out below.
"""
from fractions import Fraction as F
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.novokuznetsk import integrated_score, point_score, requirement_score
from generator.methods.novokuznetsk.inputs import PARAMETERS, REQUIREMENTS
from generator.results import Figure
from tests.helpers import assessment, computed

NKZ = METHODOLOGIES["novokuznetsk"]
FIXTURE = Path(__file__).parent / "fixtures" / "novokuznetsk"
INDEX = NKZ.scales["index"]
SATISFACTION = NKZ.scales["satisfaction"]


@pytest.fixture(scope="module")
def results():
    return computed("novokuznetsk")  # the fixture is clean: no warnings either


def service(results, period, service_id):
    return assessment(results, period, service_id=service_id)


def organ(results, period, org_id):
    return next(o for o in results.organs if o.period.name == period and o.organization.id == org_id)


# ---- the interpretation scale of И, exactly as the seed's «>» says -------------------------

@pytest.mark.parametrize("value, band", [
    (F("5.51"), "excellent"),      # > 5,5
    (F("5.5"), "very_good"),       # 5,5 is not «> 5,5»
    (F("5.01"), "very_good"),      # > 5,0
    (F(5), "good"),                # 5,0 is not «> 5,0»: the best reachable band
    (F("4.01"), "good"),
    (F(4), "satisfactory"),        # > 3,5 … 4,0
    (F("3.51"), "satisfactory"),
    (F("3.5"), "worrying"),
    (F("3.01"), "worrying"),
    (F(3), "bad"),
    (F("2.51"), "bad"),
    (F("2.5"), "very_bad"),
    (F("2.01"), "very_bad"),
    (F(2), "below_scale"),         # ≤ 2,0 has no row in the seed
    (F(0), "below_scale"),
])
def test_index_scale_boundaries(value, band):
    assert INDEX.band_for(value).code == band


def test_top_band_is_open_and_labels_read_as_the_seed():
    top = INDEX.bands[0]
    assert top.upper is None and not top.lower_inclusive and top.lower == F("5.5")
    assert [b.label for b in INDEX.bands] == ["Отлично", "Очень хорошо", "Хорошо", "Удовлетворительно",
                                              "Вызывает беспокойство", "Плохо", "Очень плохо", "Ниже шкалы"]
    assert top.interval("И", "") == "И > 5,5"


def test_top_two_bands_cannot_be_reached():
    # every parameter scores at most 5, so Соку ≤ 5 and И ≤ 5,0, which is «хорошо»
    best = point_score(requirement_score({c: "5" for c in REQUIREMENTS}, REQUIREMENTS),
                       {c: "5" for c in PARAMETERS}, Figure("p9", 5), PARAMETERS)
    assert best.value == 5
    assert INDEX.band_for(best.value).code == "good"


@pytest.mark.parametrize("share, points", [
    (100, 5), (80, 5), (F("79.9"), 4), (50, 4), (F("49.9"), 3), (35, 3), (F("34.9"), 2), (20, 2),
    (F("19.9"), 1), (0, 1)])
def test_parameter_9_points_from_the_share_satisfied(share, points):
    assert NKZ.satisfaction_points(SATISFACTION.band_for(share)) == points


# ---- single formulas ----------------------------------------------------------------

def test_parameter_1_is_the_mean_of_evaluated_requirements():
    cells = dict(zip(REQUIREMENTS, ["5", "4", "3", None, "не_оценивается", "2", "1", "5", "4"]))
    figure = requirement_score(cells, REQUIREMENTS)
    assert figure.value == F(5 + 4 + 3 + 2 + 1 + 5 + 4, 7)  # 24 / 7 = 3,43
    assert len(figure.notes) == 2  # two requirements left out, and said so


def test_parameter_1_with_no_requirement_evaluated_is_not_evaluated():
    figure = requirement_score(dict.fromkeys(REQUIREMENTS), REQUIREMENTS)
    assert figure.value is None and figure.reason


def test_point_score_leaves_out_parameter_5_when_not_needed():
    p1 = Figure("p1", 3)
    answers = dict(zip(PARAMETERS, ["5", "0", "2", "не_требуется", "5", "0", "2"]))
    figure = point_score(p1, answers, Figure("p9", 4), PARAMETERS)
    assert figure.value == F(3 + 5 + 0 + 2 + 5 + 0 + 2 + 4, 8)  # 21 / 8 = 2,625
    assert figure.substituted(lambda i: str(i.value)) == "(3 + 5 + 0 + 2 + 5 + 0 + 2 + 4) / 8"


def test_integrated_score_one_point_is_soku():
    figure = integrated_score([("А", Figure("soku", F("3.25")))])
    assert figure.value == F("3.25") and figure.formula.startswith("И = Соку")


def test_integrated_score_is_the_mean_over_km_points():
    figure = integrated_score([("А", Figure("soku", 4)), ("Б", Figure("soku", 3)), ("В", Figure("soku", F("2.5")))])
    assert figure.value == F(19, 6)  # (4 + 3 + 2,5) / 3 = 3,1667
    assert [i.symbol for i in figure.inputs] == ["СокуМ1", "СокуМ2", "СокуМ3", "Км"]


def _sheet(requirements: list, parameters: list, p9_points: int) -> Figure:
    p1 = requirement_score(dict(zip(REQUIREMENTS, requirements)), REQUIREMENTS)
    return point_score(p1, dict(zip(PARAMETERS, parameters)), Figure("p9", p9_points), PARAMETERS)


def test_issue_example_index_of_exactly_4_is_satisfactory_not_good():
    # three points, nine requirements and nine parameters each, so Соку = (Σ requirements / 9 + Σ 2–9) / 9:
    # (25 / 9 + 25) / 9 = 250 / 81; (37 / 9 + 35) / 9 = 352 / 81; (37 / 9 + 37) / 9 = 370 / 81
    sokus = [_sheet(["5", "5", "5", "2", "2", "2", "2", "1", "1"], ["5", "5", "5", "5", "0", "0", "0"], 5),
             _sheet(["5", "5", "5", "5", "5", "4", "4", "2", "2"], ["5", "5", "5", "5", "5", "5", "0"], 5),
             _sheet(["5", "5", "5", "5", "5", "4", "4", "2", "2"], ["5", "5", "5", "5", "5", "5", "2"], 5)]
    assert [s.value for s in sokus] == [F(250, 81), F(352, 81), F(370, 81)]
    index = NKZ.with_band(integrated_score([(str(n), s) for n, s in enumerate(sokus)]))
    assert index.value == (F(250) + 352 + 370) / 81 / 3 == 4
    assert index.band.code == "satisfactory"  # the row «> 4,0 — хорошо» does not take 4,0
    assert index.substituted(lambda i: str(i.value)) == "(250/81 + 352/81 + 370/81) / 3"


@pytest.mark.parametrize("sokus, band", [
    ([F("3.5")], "worrying"), ([F(4), F(3)], "worrying"),        # 3,5 is not «> 3,5»
    ([F(3)], "bad"), ([F("3.5"), F("2.5")], "bad"),              # 3,0 is not «> 3,0»
    ([F("2.5")], "very_bad"), ([F(3), F(2)], "very_bad"),        # 2,5 is not «> 2,5»
    ([F(5)], "good"), ([F(5), F(5)], "good"),                    # 5,0 is not «> 5,0»
    ([F(2)], "below_scale"), ([F("2.5"), F("1.5")], "below_scale"),
])
def test_index_on_the_edges_of_the_scale(sokus, band):
    index = NKZ.with_band(integrated_score([(str(n), Figure("soku", s)) for n, s in enumerate(sokus)]))
    assert index.value == sum(sokus) / len(sokus)
    assert index.band.code == band


def test_share_exactly_on_each_edge_of_parameter_9():
    from generator.methods.novokuznetsk import satisfaction_score, surveyed_share, typed_share

    for satisfied, rated, points in [(16, 20, 5), (10, 20, 4), (7, 20, 3), (4, 20, 2), (3, 20, 1)]:
        share = NKZ.with_band(surveyed_share(satisfied, rated, 4))
        assert share.value == F(100 * satisfied, rated)                   # 80, 50, 35, 20, 15 %
        p9 = satisfaction_score(share, NKZ.satisfaction_points(share.band))
        assert p9.value == points
        assert p9.notes[0].startswith(f"Д = {satisfied} / {rated} × 100 = ")
    typed = NKZ.with_band(typed_share(F(35)))
    assert typed.expression is None and NKZ.satisfaction_points(typed.band) == 3


# ---- the fixture, worked by hand --------------------------------------------------------

def test_s1_2025_h1_two_points(results):
    s1 = service(results, "2025-H1", "s1")
    # Центральный офис: requirements 5,5,4,4,5,5,4,5 and «other» empty → П1 = 37 / 8 = 4,625
    p1_center = F(5 + 5 + 4 + 4 + 5 + 5 + 4 + 5, 8)
    # parameters 2–8: 5,5,5,5,2,5,5; 85 % satisfied → 5 points
    soku_center = (p1_center + 5 + 5 + 5 + 5 + 2 + 5 + 5 + 5) / 9          # 4,625
    # Филиал: seven requirements of 3, fee and other «не оценивается» → П1 = 21 / 7 = 3
    # parameters 2–8: 5,0,2,2,2,5,2; 50 % satisfied → 4 points (50 opens the row «50–79 %»)
    soku_branch = F(3 + 5 + 0 + 2 + 2 + 2 + 5 + 2 + 4, 9)                   # 25 / 9 = 2,778
    assert s1.figures["p1_center"].value == F("4.625")
    assert s1.figures["p1_branch"].value == 3
    assert s1.figures["soku_center"].value == soku_center == F("4.625")
    assert s1.figures["soku_branch"].value == soku_branch
    assert s1.value("index") == (soku_center + soku_branch) / 2 == F(533, 144)  # 3,701
    assert s1.figures["index"].band.code == "satisfactory"
    assert s1.rank == 2


def test_s2_2025_h1_all_fives_without_parameter_5_is_good_not_very_good(results):
    s2 = service(results, "2025-H1", "s2")
    assert s2.value("index") == F(5 + 5 + 5 + 5 + 5 + 5 + 5 + 5, 8)  # 8 parameters, 5,0
    assert s2.figures["index"].band.code == "good"
    assert s2.rank == 1


def test_s3_2025_h1_two_requirements_and_parameter_5_not_needed(results):
    s3 = service(results, "2025-H1", "s3")
    p1 = F(2 + 1, 2)                                                          # 1,5
    # parameters 2,3,4,6,7,8: 5,5,2,2,5,0; 35 % satisfied → 3 points (row «35–49 %»)
    assert s3.value("index") == (p1 + 5 + 5 + 2 + 2 + 5 + 0 + 3) / 8 == F("2.9375")
    assert s3.figures["index"].band.code == "bad"


def test_s4_2025_h1_parameter_1_not_evaluated_and_index_exactly_2(results):
    s4 = service(results, "2025-H1", "s4")
    assert s4.figures["p1_main"].value is None
    # parameters 2–8: 5,5,0,0,0,0,2; 79,9 % satisfied → 4 points; parameter I left out → 8 parameters
    assert s4.value("index") == F(5 + 5 + 0 + 0 + 0 + 0 + 2 + 4, 8) == 2  # on the edge ≤ 2,0
    assert s4.figures["index"].band.code == "below_scale"
    assert s4.rank == 4


def test_2025_h2_services(results):
    s1 = service(results, "2025-H2", "s1")
    center = F(4 + 5 * 7 + 5, 9)        # 100 % → 5 points: 44 / 9
    branch = F(4 + 5 * 7 + 4, 9)        # 60 % → 4 points: 43 / 9
    assert s1.value("index") == (center + branch) / 2 == F(87, 18)         # 4,833
    # СокуМ1, СокуМ2 follow the order of the points in organizations.yaml, not of the CSV rows
    assert [i.label for i in s1.figures["index"].inputs][:2] == ["Соку в точке «Центральный офис»",
                                                                  "Соку в точке «Филиал в пос. Условном»"]
    s2 = service(results, "2025-H2", "s2")
    assert s2.value("index") == F(4 + 5 + 5 + 2 + 2 + 0 + 5 + 2, 8)  # 20 % → 2 points: 3,125
    assert s2.figures["index"].band.code == "worrying"
    s3 = service(results, "2025-H2", "s3")
    assert s3.value("index") == F(4 + 5 + 5 + 5 + 2 + 5 + 2 + 4, 8) == 4  # 32 / 8
    assert s3.figures["index"].band.code == "satisfactory"  # 4,0 is not «> 4,0»


def test_municipal_mean_of_index_over_assessed_services(results):
    h1 = (F(533, 144) + 5 + F("2.9375") + 2) / 4                               # 3,4097
    h2 = (F(87, 18) + F("3.125") + 4) / 3                                     # 3,9861
    assert results.municipal["2025-H1"]["index"].value == h1
    assert results.municipal["2025-H1"]["index"].band.code == "worrying"
    assert results.municipal["2025-H2"]["index"].value == h2
    assert results.municipal["2025-H2"]["index"].band.code == "satisfactory"


def test_organs_report_and_reference_mean(results):
    uo = organ(results, "2025-H1", "uo")
    assert uo.monitored and uo.value("index") == (F(533, 144) + 5) / 2
    assert uo.detail["totals"] == {"received": 120 + 40, "considered": 118 + 40, "refusals": 3 + 0}
    kumi = organ(results, "2025-H2", "kumi")
    assert kumi.monitored and not kumi.detail["report"]  # assessed, no Приложение № 1 this time
    arch = organ(results, "2025-H2", "arch")
    assert not arch.monitored and arch.reason and arch.rank is None


def test_comparison_deviation_is_district_minus_other(results):
    s1 = service(results, "2025-H1", "s1")
    [comparison] = s1.detail["comparisons"]
    lines = {line["code"]: line for line in comparison["lines"]}
    assert lines["documents"]["deviation"] == 4 - 6
    assert lines["term_days"]["deviation"] == 30 - 20
    assert lines["fee"]["deviation"] == 0
    assert lines["regulation"]["deviation"] is None  # text rows have no deviation
    assert service(results, "2025-H2", "s1").detail["comparisons"] == []


# ---- checks across tables that only warn ------------------------------------------------

def test_report_warnings_for_missing_reasons_and_more_considered_than_received(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "periods" / "2025-H2" / "applications.csv").write_text(
        "service_id,received,considered,refusals,refusal_reasons,problems,measures\n"
        "s1,95,97,0,,,\n"      # рассмотрено больше, чем принято — возможно (заявления прошлого периода)
        "s2,52,50,2,,,\n",     # 2 отказа без причин
        encoding="utf-8")
    report, dataset = check(data)
    assert report.ok and dataset is not None
    assert sorted(p.code for p in report.problems) == ["considered-exceed-received", "refusal-reasons-missing"]
    assert all(p.severity == "warning" for p in report.problems)


def test_seed_russian_headers_are_accepted(tmp_path, results):
    import shutil

    from generator.methods.novokuznetsk.inputs import ASSESSMENTS

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    path = data / "periods" / "2025-H2" / "assessments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    titles = {c.name: c.aliases[0] if c.name.startswith("p") and c.name != "point_id" else c.title
              for c in ASSESSMENTS.columns}
    lines[0] = ",".join(f'"{titles[h]}"' for h in header)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, dataset = check(data)
    assert report.ok and not report.problems, report.as_text()
    again = compute(dataset)
    assert service(again, "2025-H2", "s1").value("index") == F(87, 18)


# ---- parameter 9 from the questionnaires (responses.csv) ----------------------------------

def answers(*scores, service="s1", point="branch"):
    """A responses table as read: one respondent per score (None = the question left unanswered)."""
    import pandas as pd

    return pd.DataFrame({"respondent": range(1, len(scores) + 1), "service_id": service, "point_id": point,
                         "channel": "анкета", "date": "14.03.2025", "overall": list(scores),
                         "comment": None, "publish": None})


def p9_points(share):
    return NKZ.satisfaction_points(SATISFACTION.band_for(share))


def test_share_from_answers_7_of_9_is_77_8_percent_and_4_points(results):
    # Филиал, 2025-H1: scores 5,4,4,2,5,4,3,5,4 — seven of nine are 4 or 5
    p9 = service(results, "2025-H1", "s1").figures["p9_branch"]
    inputs = {i.symbol: i.value for i in p9.inputs}
    assert inputs["Кудовл"] == 7 and inputs["Копр"] == 9
    assert inputs["Д"] == F(700, 9)                                        # 77,78 % → row «50–79 %»
    assert p9.value == 4
    assert "7 / 9 × 100 = 77,8\u00a0% по анкетам получателей" in p9.notes[0]


def test_share_from_answers_at_80_percent_gives_5_points(results):
    # Центральный офис, s2, 2025-H1: scores 4,5,3,5,4 — four of five; 80 % opens the row «80–100 %»
    s2 = service(results, "2025-H1", "s2")
    sheet = s2.detail["sheets"][0]
    assert (sheet["survey"]["satisfied"], sheet["survey"]["rated"]) == (4, 5)
    assert sheet["satisfied_share"] == 80
    assert s2.figures["p9_center"].value == 5


def test_typed_share_is_kept_where_no_answers_were_given(results):
    s1 = service(results, "2025-H1", "s1")
    center = s1.detail["sheets"][0]
    assert center["survey"] is None and center["satisfied_share"] == 85
    assert [i.symbol for i in s1.figures["p9_center"].inputs] == ["Д"]


def test_unrated_answer_is_left_out_of_the_denominator():
    survey = NKZ.surveys(answers(5, None, 2, 4))[("s1", "branch")]
    assert (survey["satisfied"], survey["rated"], survey["respondents"]) == (2, 3, 4)
    assert survey["share"] == F(200, 3)                                    # 66,7 %, not 2 / 4 = 50 %


def test_a_score_of_exactly_4_is_satisfied():
    assert NKZ.satisfied_threshold == 4
    survey = NKZ.surveys(answers(4, 3))[("s1", "branch")]
    assert survey["satisfied"] == 1 and survey["share"] == 50  # 50 % → 4 points
    assert p9_points(survey["share"]) == 4
    assert NKZ.surveys(answers(3, 3, 3))[("s1", "branch")]["share"] == 0    # nobody at 4 or 5 → 1 point
    assert p9_points(0) == 1


def test_only_consented_comments_are_published_and_scrubbed(results):
    from generator.build import prepare

    branch = service(results, "2025-H1", "s1").detail["sheets"][1]
    assert branch["survey"]["comments"] == [
        "Всё понятно объяснили, спасибо специалисту [имя скрыто], мой телефон [телефон скрыт]"]
    site = {path: content if isinstance(content, str) else content.decode("utf-8")  # SVGs are bytes
            for path, content in prepare(FIXTURE).bundle.files.items()
            if not path.endswith((".png", ".xlsx", ".pdf"))}  # pictures and workbooks: not text
    for text in ("Смирнов", "12-34-56", "Петров", "Долго ждал"):     # names, phone, an unconsented comment
        assert not [path for path, content in site.items() if text in content], text
    assert not [path for path in site if path.endswith("responses.csv")]  # raw answers never in open data


def test_answers_without_an_assessed_point_and_dates_outside_the_half_year_warn(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    folder = data / "periods" / "2025-H2"
    (folder / "responses.csv").write_text(
        "respondent,service_id,point_id,channel,date,overall\n"
        "1,s4,main,интервью,12.09.2025,5\n"      # s4 is not assessed in 2025-H2
        "2,s4,main,сайт,01.02.2025,4\n"          # and this date is in the first half-year
        "3,s3,main,анкета,13.09.2025,4\n",        # s3 is assessed, but its share is typed in
        encoding="utf-8")
    (folder / "conditions.csv").write_text(
        "service_id,point_id,requirement,required,actual\n"
        "s4,main,r_fee,Бесплатно,Бесплатно\n", encoding="utf-8")
    report, _ = check(data)
    assert sorted((p.code, p.severity) for p in report.problems) == [
        ("novokuznetsk-conditions-unused", "warning"), ("novokuznetsk-responses-unused", "warning"),
        ("novokuznetsk-share-given-twice", "error"), ("response-date-outside-period", "warning")]
    unused = next(p for p in report.problems if p.code == "novokuznetsk-responses-unused")
    assert unused.row == 2 and unused.message.startswith("2\u00a0анкеты по услуге «s4» в точке «main»")


# ---- the text columns of Приложения № 2 and № 3 ------------------------------------------

def test_conditions_are_given_beside_the_requirements(results):
    center, branch = service(results, "2025-H1", "s1").detail["sheets"]
    assert center["conditions"]["r_queue_apply"] == {"required": "Не более 15 минут",
                                                     "actual": "До 25 минут в период приёмной кампании",
                                                     "deviation": "+10 минут"}
    assert center["conditions"]["r_informing"]["deviation"] == ""           # «при возможности»: may stay empty
    assert "r_total_time" not in center["conditions"]                       # no row: the cells stay empty
    assert list(branch["conditions"]) == ["r_comfort"]                      # given by its Russian wording


def test_documents_list_is_printed_with_the_count_and_the_deviation_stays_by_count(results):
    [comparison] = service(results, "2025-H1", "s1").detail["comparisons"]
    documents = next(line for line in comparison["lines"] if line["code"] == "documents")
    assert documents["own_names"] == ["Заявление", "Паспорт родителя", "Свидетельство о рождении ребёнка",
                                      "Медицинская карта"]
    assert len(documents["other_names"]) == documents["other"] == 6
    assert documents["deviation"] == 4 - 6
    assert documents["title"].endswith("(наименование и количество)")


def test_document_names_split_on_semicolons():
    from generator.methods.novokuznetsk import document_names

    assert document_names(" Заявление ;Паспорт;; ") == ["Заявление", "Паспорт"]
    assert document_names(None) == [] and document_names(float("nan")) == []


def test_answers_are_dated_inside_the_half_year():
    import datetime as dt

    from generator.periods import parse_period
    from generator.survey.responses import period_bounds

    assert period_bounds(parse_period("2025-H1")) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert period_bounds(parse_period("2025-H2")) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
