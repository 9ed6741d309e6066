"""Kaluga formulas against values worked by hand from the seed's definitions.

The fixture tests/fixtures/minimal was designed so that each organ and period
exercises a branch; the expected numbers below are the seed's formulas written out
with that fixture's counts (see the comments), not values read back from the code.
"""
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from generator.build import check
from generator.compute import compute
from generator.figures import Input
from generator.methods import METHODOLOGIES
from generator.methods.kaluga import (
    epgu_csi,
    raising_factor,
    regulation_quality,
    satisfaction_coefficient,
)
from tests.helpers import approve_all_comments, assessment, computed

KALUGA = METHODOLOGIES["kaluga"]
RULE = KALUGA.spec.raising_factor
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def results():
    return computed("minimal")


def organ(results, period_name, org_id):
    return assessment(results, period_name, org_id)


def values(result):
    """The figures of the act; the change against the previous period is tested on its own."""
    return {k: f.value for k, f in result.figures.items() if not k.endswith("_change")}


def test_change_is_against_the_previous_year_exactly(results):
    now, before = organ(results, "2025", "alpha"), organ(results, "2024", "alpha")
    change = now.figures["kef_change"]
    assert change.value == now.value("kef") - before.value("kef")
    assert change.inputs[1].label == "Значение за 2024 год"
    assert organ(results, "2024", "alpha").figures["kef_change"].reason == \
        "нет прошлого периода того же вида для сравнения"


# ---- single formulas ----------------------------------------------------------

def test_satisfaction_coefficient_is_csi_over_five():
    figure = satisfaction_coefficient(Input("CSI", "", Fraction("4.75")))
    assert figure.value == 95 and figure.substituted(lambda i: str(i.value)) == "19/4 / 5 × 100"
    assert satisfaction_coefficient(Input("CSI", "", 1)).value == 20


def test_epgu_csi_is_weighted_by_number_of_ratings():
    ratings = pd.DataFrame({"csi": [Fraction(4), Fraction(5)], "ratings": [100, 300]})
    assert epgu_csi(ratings) == Fraction(4 * 100 + 5 * 300, 400)  # 4,75


def test_epgu_csi_without_ratings_is_not_evaluated():
    assert epgu_csi(pd.DataFrame({"csi": [Fraction(4)], "ratings": [0]})) is None


@pytest.mark.parametrize("c210, other, p2, expected", [
    (True, True, 1, 1.0),        # соответствует, изменения в срок
    (True, True, Fraction(1, 2), Fraction(3, 4)),  # соответствует, с опозданием
    (False, True, 0, 0.0),       # не соответствует, изменения не вносились
    (True, False, None, 0.0),    # не соответствует иным актам, П2 не применяется
    (True, True, None, 1.0),     # только П1
])
def test_regulation_quality_is_mean_of_applicable_parameters(c210, other, p2, expected):
    assert regulation_quality(c210, other, p2) == expected


@pytest.mark.parametrize("requests, raw, factor", [
    (10001, Fraction(80), Fraction("1.05")),   # более 10 тыс.
    (10000, Fraction(80), Fraction("1.03")),   # ровно 10 тыс. — строка «от 8 до 10 тыс.»
    (8000, Fraction(80), Fraction("1.03")),    # нижняя граница включительно
    (7999, Fraction(80), None),                # коэффициент не предусмотрен
    (20000, Fraction(95), Fraction("1.05")),   # ровно 95 % — ещё не «более 95 %»
    (20000, Fraction("95.01"), None),          # более 95 % — не применяется (п. 3.3.4.3)
])
def test_raising_factor_table_1_5_1(requests, raw, factor):
    assert raising_factor(requests, raw, RULE)[0] == factor


# ---- whole organs, worked by hand ------------------------------------------------

def test_alpha_2025_every_figure(results):
    got = values(organ(results, "2025", "alpha"))
    kz = 6000 + 4500 + 80                                    # Кз = 10 580
    kud_in_person = (4.5 + 4.0 + 4.6) / 3 / 5 * 100          # 87,33
    kud_website = (3.5 + 3.0 + 4.0) / 3 / 5 * 100            # 70
    kud_epgu = 4.8 / 5 * 100                                 # 96 (одна услуга на ЕПГУ)
    kud = (kud_in_person + kud_website + kud_epgu) / 3
    d_u = 2 / 3 * 100                                        # a1 через МФЦ, a2 электронная
    d_el, d_mfc = 2000 / kz * 100, 3000 / kz * 100
    kmnk = (d_u + d_el + d_mfc) / 2
    d_mu = (5800 + 4400 + 80) / kz * 100
    d_zh = (6 + 3 + 0) / kz * 100
    d_pz = 1 / 1 * 100                                       # a2 электронная, a3 < 100 заявлений
    us = (d_mu + d_pz + (100 - d_zh)) / 3
    d_ar = 2 / 3 * 100
    kkr = (1 + 0) / 2 * 100                                  # a1: (1+1)/2; a2: П1=0, П2 не применяется
    uar = (d_ar + kkr) / 2
    kpr_raw = (kmnk + us + uar) / 3
    kpr = kpr_raw * 1.05                                     # Кз более 10 тыс.
    expected = {
        "kud_in_person": kud_in_person, "kud_website": kud_website, "kud_epgu": kud_epgu, "kud": kud,
        "d_u": d_u, "d_el": d_el, "d_mfc": d_mfc, "d_z": d_el + d_mfc, "kmnk": kmnk,
        "d_mu": d_mu, "d_zh": d_zh, "d_pz": d_pz, "us": us, "d_ar": d_ar, "kkr": kkr, "uar": uar,
        "kpr_raw": kpr_raw, "kpr": kpr, "kef": (kud + kpr) / 2}
    assert got == pytest.approx(expected)
    assert got["kef"] == pytest.approx(79.7287, abs=1e-4)


def test_beta_2025_raising_factor_103_and_prebooking_half(results):
    got = values(organ(results, "2025", "beta"))
    kz = 9000
    kmnk = (1 / 2 * 100 + 1000 / kz * 100) / 2
    us = (7900 / kz * 100 + 50 + (100 - 50 / kz * 100)) / 3   # Dпз: b2 из b1, b2
    uar = (100 + (0.75 + 0) / 2 * 100) / 2                  # b1 (1+0,5)/2, b2 (0+0)/2
    kpr = (kmnk + us + uar) / 3 * 1.03
    assert got["kud"] == pytest.approx(60.0)                 # (3 + 2,5 + 3,5) / 3 / 5
    assert got["kpr"] == pytest.approx(kpr)
    assert got["kef"] == pytest.approx((60 + kpr) / 2)


def test_alpha_2024_exactly_8000_requests_gets_103(results):
    result = organ(results, "2024", "alpha")
    assert result.detail["total_requests"] == 8000
    assert result.value("kpr") == pytest.approx(result.value("kpr_raw") * 1.03)


def test_beta_2024_criterion_without_respondents_is_skipped(results):
    got = values(organ(results, "2024", "beta"))
    assert got["kud_phone"] == pytest.approx((3.5 + 3.0) / 2 / 5 * 100)   # 65
    assert got["kud_website"] == pytest.approx((2.0 + 2.5 + 3.0) / 3 / 5 * 100)  # 50
    assert got["kud"] == pytest.approx(57.5)
    assert got["kpr"] == got["kpr_raw"]                      # 7 000 заявлений: без коэффициента


def test_gamma_2024_parts_not_evaluated_are_left_out(results):
    result = organ(results, "2024", "gamma")
    got = values(result)
    assert got["kud"] is None                                # ни одного канала
    assert got["d_pz"] is None                               # единственная услуга электронная
    assert got["us"] == pytest.approx((100 + (100 - 0)) / 2)
    assert got["kkr"] is None and got["uar"] == pytest.approx(0.0)   # Уар = Dар
    assert got["kpr_raw"] == pytest.approx((100 + 100 + 0) / 3)
    assert got["kef"] == pytest.approx(got["kpr"])           # Кэф по одному Кпр
    assert "Куд не оценивается" in result.figures["kef"].notes[0]


def test_gamma_2025_under_50_requests_is_not_monitored(results):
    result = organ(results, "2025", "gamma")
    assert not result.monitored and result.rank is None and result.figures == {}
    assert result.reason == "поступило 30\u00a0заявлений, менее 50 (п. 4.4 Порядка)"


def test_ranks_follow_kef(results):
    ranked = results.ranked(next(p for p in results.periods if p.name == "2024"))
    assert [o.organization.id for o in ranked] == ["alpha", "gamma", "beta"]
    assert [o.rank for o in ranked] == [1, 2, 3]


def test_bands_come_from_the_scales(results):
    alpha = organ(results, "2025", "alpha")
    assert alpha.figures["kef"].band.code == "above_average"   # 79,7 % ∈ [70; 80)
    assert alpha.figures["us"].band.code == "very_high"        # 99,0 % > 95
    assert alpha.figures["kud_epgu"].band.code == "very_high"  # 96 % ∈ [95; 100]
    assert alpha.figures["d_u"].band is None                   # у индикаторов нет шкалы


# ---- Таблица 1 from raw answers (responses.csv) ---------------------------------------

RESPONSES_2025 = """respondent,service_id,channel,date,work,time,information,comment,publish
1,a1,in_person,12.03.2025,5,4,5,Всё понятно,да
2,a2,in_person,2025-04-01,4,4,5,,
3,a1,in_person,15.05.2025,4,3,,"Звонила Петрова А. А., тел. 8 (900) 123-45-67",нет
4,b1,phone,20.06.2025,3,2,4,,
5,b2,phone,21.06.2025,3,3,3,,
"""


def test_responses_instead_of_feedback_are_aggregated_into_table_1(minimal_copy):
    period = minimal_copy / "periods" / "2025"
    (period / "feedback.csv").unlink()
    (period / "responses.csv").write_text(RESPONSES_2025, encoding="utf-8")
    approve_all_comments(minimal_copy)  # a person read the consented comments and approved them
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    got = {o.organization.id: o for o in compute(dataset).organs if o.period.name == "2025"}
    in_person = ((5 + 4 + 4) / 3 + (4 + 4 + 3) / 3 + (5 + 5) / 2) / 3 / 5 * 100   # third answer skipped «information»
    assert got["alpha"].value("kud_in_person") == pytest.approx(in_person)        # 86,67
    assert got["alpha"].value("kud") == pytest.approx((in_person + 96) / 2)       # with ЕПГУ
    assert got["beta"].value("kud_phone") == pytest.approx((3 + 2.5 + 3.5) / 3 / 5 * 100)  # 60
    # the «карта болей»: low scores (1–2) per criterion, consented comments only
    pains = got["beta"].detail["pain_map"]
    assert pains["criteria"][0] == {"criterion": "Удовлетворённость временными характеристиками (сроки "
                                    "предоставления, ожидание в очереди)", "rated": 2, "low": 1, "share": 50.0}
    alpha_comments = [c["text"] for c in got["alpha"].detail["pain_map"]["comments"]]
    assert alpha_comments == ["Всё понятно"]  # the comment with a name and a phone had no consent


def test_responses_and_feedback_together_are_refused(minimal_copy):
    (minimal_copy / "periods" / "2025" / "responses.csv").write_text(RESPONSES_2025, encoding="utf-8")
    report, _ = check(minimal_copy)
    assert [p.code for p in report.errors] == ["feedback-given-twice"]


def test_a_period_without_any_feedback_is_refused(minimal_copy):
    (minimal_copy / "periods" / "2025" / "feedback.csv").unlink()
    report, _ = check(minimal_copy)
    assert [(p.file, p.code) for p in report.errors] == [("periods/2025/feedback.csv", "file-missing")]
