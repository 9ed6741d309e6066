"""Baikonur's survey figures get their 95 % intervals: each criterion's mean Оj (a t-interval from the raw
answers; from the organs' workbooks, which give means and counts only, the conservative one), the service's
score О (its criteria's errors taken as fully correlated), the organ's Оорг and the city's Оср (carried).

Computed only (nothing built): the demo (examples/baikonur, workbooks) and a hand-made quarter of raw answers.
"""
import math
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from generator.config import Organization
from generator.dataset import PeriodData
from generator.methods import METHODOLOGIES
from generator.methods.baikonur.inputs import RESPONSES
from generator.periods import parse_period
from tests.helpers import assessment, computed_folder, tenth

DEMO = Path(__file__).resolve().parent.parent / "examples" / "baikonur"
BAIKONUR = METHODOLOGIES["baikonur"]
Z = 1.959964


@pytest.fixture(scope="module")
def results():
    return computed_folder(DEMO)



def test_criterion_from_the_workbooks_has_the_conservative_interval(results):
    # kui-arenda, 2025-Q4, «очередь»: 39 по телефону (3,19) и 6 на терминале (3,66): n = 45,
    # Оj = (3,19 · 39 + 3,66 · 6) / 45 = 3,2527; наибольшее s на шкале 1–5: 2 · √(45/44) = 2,0226;
    # t(0,975; 44) = 2,0154; 2,0154 · 2,0226 / √45 = 0,6077 → от 2,6 до 3,9
    queue = assessment(results, "2025-Q4", "kui", "kui-arenda").figures["criterion_queue"]
    assert queue.value == Fraction(4879, 1500)
    assert (queue.interval.method, queue.interval.n) == ("conservative", 45)
    assert (tenth(queue.interval.low), tenth(queue.interval.high)) == (Fraction("2.6"), Fraction("3.9"))


def test_score_adds_its_criteria_errors_as_fully_correlated(results):
    # О = mean of 5 criteria answered by the same applicants: σ(О) = mean of the σ(Оj), not √Σ(σ/5)²
    service = assessment(results, "2025-Q4", "kui", "kui-arenda")
    criteria = [f for code, f in service.figures.items() if code.startswith("criterion_") and f.evaluated]
    sigma = sum(f.se for f in criteria) / len(criteria)
    score = service.figures["score"]
    assert score.interval.method == "carried" and "полностью связанные" in score.interval.how
    assert math.isclose(float(score.value - score.interval.low), Z * sigma, rel_tol=1e-6)
    assert (tenth(score.interval.low), tenth(score.interval.high)) == (Fraction("2.7"), Fraction("4.0"))


def test_organ_and_city_carry_their_services_errors(results):
    # Оорг of kui = (О1 + О2 + О3) / 3 over three services asked apart: σ = √Σ(σᵢ / 3)² = 0,1779,
    # 3,3575 ∓ 1,96 · 0,1779 → от 3,0 до 3,7
    organ = assessment(results, "2025-Q4", "kui")
    services = [a for a in organ.detail["services"] if a.value("score") is not None]
    sigma = math.sqrt(sum((s.figures["score"].se / 3) ** 2 for s in services))
    assert math.isclose(sigma, 0.1779, abs_tol=1e-4)
    assert (tenth(organ.figures["score"].interval.low), tenth(organ.figures["score"].interval.high)) == \
        (Fraction("3.0"), Fraction("3.7"))
    city = results.municipal["2025-Q4"]["score"]
    assert city.interval is not None and city.interval.low <= city.value <= city.interval.high
    # a mean of 1–5 scores is never said to reach past 5
    for a in results.assessments:
        if a.figures.get("score") is not None and a.figures["score"].interval is not None:
            assert 1 <= a.figures["score"].interval.low and a.figures["score"].interval.high <= 5


def test_counts_have_no_interval_and_respondents_are_the_people_asked(results):
    service = assessment(results, "2025-Q4", "kui", "kui-arenda")
    assert service.figures["respondents"].interval is None  # a count of people asked, not an estimate
    assert results.municipal["2025-Q4"]["services_rated"].interval is None
    assert BAIKONUR.survey_indicator == "score"
    assert BAIKONUR.respondents(service) == service.figures["respondents"].value == 71


def raw_quarter(time_scores: list[int]):
    """One service asked by phone, each applicant rating only «время» with the given scores."""
    organs = {"alpha": Organization(id="alpha", name="Орган А", sector="Сфера")}
    services = pd.DataFrame([{"service_id": "s1", "organization_id": "alpha", "name": "Услуга"}])
    columns = [c.name for c in RESPONSES.columns]
    answers = pd.DataFrame([{"respondent": i, "service_id": "s1", "channel": "phone", "date": "2025-02-01",
                             "time": Fraction(score), "comment": None, "publish": None, "_row": i + 1}
                            for i, score in enumerate(time_scores, start=1)], columns=[*columns, "_row"])
    empty = {"survey": pd.DataFrame(columns=["organization_id", "service_id", "channel", "criterion",
                                             "respondents", "score", "_row"]),
             "proposals": pd.DataFrame(columns=["organization_id", "proposal", "_row"])}
    period = PeriodData(parse_period("2025-Q1"), "baikonur", {"responses": answers, **empty})
    dataset = type("Dataset", (), {"services": services, "organizations": organs})()
    return BAIKONUR.compute(dataset, [period])


def test_criterion_from_raw_answers_has_students_interval():
    # 5, 5, 4, 4, 3, 3: mean 4, s = √(4 / 5) = 0,8944, t(0,975; 5) = 2,5706, 2,5706 · 0,8944 / √6 = 0,9387
    # → от 3,1 до 4,9
    results = raw_quarter([5, 5, 4, 4, 3, 3])
    service = assessment(results, "2025-Q1", "alpha", "s1")
    time = service.figures["criterion_time"]
    assert time.value == 4 and (time.interval.method, time.interval.n) == ("t", 6)
    assert (tenth(time.interval.low), tenth(time.interval.high)) == (Fraction("3.1"), Fraction("4.9"))
    # one criterion: О = О1, with the same interval
    assert service.figures["score"].interval.low == pytest.approx(float(time.interval.low), abs=1e-6)
    assert BAIKONUR.respondents(service) == 6


def test_a_criterion_of_one_answer_leaves_the_score_without_interval():
    service = assessment(raw_quarter([4]), "2025-Q1", "alpha", "s1")
    assert service.figures["criterion_time"].interval is None
    assert service.figures["score"].value == 4 and service.figures["score"].interval is None
