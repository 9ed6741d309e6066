"""Dzerzhinsk's survey share Ду gets Wilson's 95 % interval; the sheets' scores and the counts get none.

Computed from the demo (examples/dzerzhinsk), nothing built. Wilson's interval of x of n:
    centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²),  z = 1,959964.
"""
from fractions import Fraction
from pathlib import Path

import pytest

from generator.methods import METHODOLOGIES
from tests.helpers import assessment, computed_folder, tenth

DEMO = Path(__file__).resolve().parent.parent / "examples" / "dzerzhinsk"
DZ = METHODOLOGIES["dzerzhinsk"]


@pytest.fixture(scope="module")
def results():
    return computed_folder(DEMO)



def test_survey_share_has_wilsons_interval(results):
    # gimnaziya-2, 2025-Q4: 5 of 6 rated the service 4 or 5, p = 0,8333, z²/n = 3,8415 / 6 = 0,6402;
    # centre = (0,8333 + 0,3201) / 1,6402 = 0,7032; half = 1,9600 / 1,6402 · √(0,02315 + 0,02668) = 0,2667;
    # 0,7032 ∓ 0,2667 → от 43,6 до 97,0 %
    share = assessment(results, "2025-Q4", "gimnaziya-2").figures["survey_share"]
    assert share.value == Fraction(250, 3)
    interval = share.interval
    assert (interval.method, interval.n, interval.level) == ("wilson", 6, 95)
    assert (tenth(interval.low), tenth(interval.high)) == (Fraction("43.6"), Fraction("97.0"))
    assert interval.low <= share.value <= interval.high


def test_the_citys_share_is_wilsons_over_every_answer(results):
    city = results.municipal["2025-Q4"]["survey_share"]
    happy, asked = (i.value for i in city.inputs)
    assert city.interval.method == "wilson" and city.interval.n == asked == 31 and happy == 19


def test_the_rating_and_the_counts_have_no_interval(results):
    # the summary ranks by the sheets (an inspection or a self-assessment, not a sample of people): no interval;
    # complaints and violations are complete counts
    organisation = assessment(results, "2025-Q4", "gimnaziya-2")
    for code in ("summary", "s1", "complaints", "violations", "rank_mean", "summary_change"):
        assert organisation.figures[code].interval is None, code
    assert organisation.figures["summary_change"].test is None


def test_respondents_is_the_shares_denominator(results):
    assert DZ.survey_indicator == "survey_share"
    assert DZ.respondents(assessment(results, "2025-Q4", "gimnaziya-2")) == 6
    silent = assessment(results, "2025-Q4", "shkola-4")  # no questionnaire about its services this quarter
    assert silent.figures.get("survey_share") is None or silent.figures["survey_share"].interval is None
    assert DZ.respondents(silent) is None
    assert DZ.respondents(assessment(results, "2024-Q4", "gimnaziya-2")) is None  # a quarter without a survey
