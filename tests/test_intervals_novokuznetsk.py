"""Novokuznetsk's parameter 9 and what is computed from it get their 95 % intervals: the share of satisfied
Д (Wilson's, when counted from the questionnaires), П9 (the points of the scale rows Д's interval reaches),
Соку (П9's interval scaled: the other parameters are the inspector's scores), И. A share typed in without its
number of respondents has an unknown error: no interval there, nor in a mean that includes it.

Computed from the demo (examples/novokuznetsk; its 2025-H2 has questionnaires at some points), nothing built.
"""
from fractions import Fraction
from pathlib import Path

import pytest

from generator.methods import METHODOLOGIES
from tests.helpers import assessment, computed_folder, tenth

DEMO = Path(__file__).resolve().parent.parent / "examples" / "novokuznetsk"
NK = METHODOLOGIES["novokuznetsk"]


@pytest.fixture(scope="module")
def results():
    return computed_folder(DEMO)



def test_surveyed_share_has_wilsons_interval_and_p9_the_rows_it_reaches(results):
    # archive-dostup, 2025-H2, point main: 1 of 9 satisfied, p = 0,1111, z²/n = 3,8415 / 9 = 0,4268;
    # centre = (0,1111 + 0,2134) / 1,4268 = 0,2274; half = 1,9600 / 1,4268 · √(0,01097 + 0,01186) = 0,2076
    # → от 2,0 до 43,5 %: rows «менее 20 %» (1 балл) … «35–49 %» (3 балла), so П9 = 1, от 1 до 3
    service = assessment(results, "2025-H2", "archive", "archive-dostup")
    share = service.figures["p9_share_main"]
    assert share.value == Fraction(100, 9) and (share.interval.method, share.interval.n) == ("wilson", 9)
    assert (tenth(share.interval.low), tenth(share.interval.high)) == (Fraction("2.0"), Fraction("43.5"))
    p9 = service.figures["p9_main"]
    assert (p9.value, p9.interval.low, p9.interval.high) == (1, 1, 3)


def test_soku_and_the_headline_carry_p9(results):
    # Соку = (15/8 + 0 + 0 + 5 + 5 + 0 + 2 + П9) / 8: П9 from 1 to 3 moves it by 0 … 2/8 = 0,25,
    # Соку = 119/64 = 1,86 → от 1,86 до 2,11; И = Соку (one point): the same interval
    service = assessment(results, "2025-H2", "archive", "archive-dostup")
    soku = service.figures["soku_main"]
    assert soku.value == Fraction(119, 64)
    assert (soku.interval.low, soku.interval.high) == (Fraction(119, 64), Fraction(135, 64))
    index = service.figures["index"]
    assert (index.value, index.interval.low, index.interval.high) == (soku.value, soku.interval.low,
                                                                      soku.interval.high)


def test_a_typed_share_has_no_interval_nor_a_mean_with_it(results):
    typed = assessment(results, "2025-H2", "obr", "obr-info")  # every point's share typed in assessments.csv
    assert all(f.interval is None for f in typed.figures.values())
    mixed = assessment(results, "2025-H2", "obr", "obr-zachislenie")  # two points asked, one typed
    assert mixed.figures["soku_klyuchi"].interval is not None
    assert mixed.figures["index"].interval is None
    assert assessment(results, "2025-H2", "obr").figures["index"].interval is None
    assert results.municipal["2025-H2"]["index"].interval is None


def test_inspectors_scores_have_no_interval(results):
    # parameter I is the inspector's score of the regulation's requirements, not a sample of people
    service = assessment(results, "2025-H2", "archive", "archive-dostup")
    assert service.figures["p1_main"].interval is None


def test_respondents_sum_the_questionnaires_of_the_points(results):
    assert NK.respondents(assessment(results, "2025-H2", "archive", "archive-dostup")) == 9
    zachislenie = assessment(results, "2025-H2", "obr", "obr-zachislenie")
    assert NK.respondents(zachislenie) == sum(s["survey"]["rated"] for s in zachislenie.detail["sheets"]
                                              if s["survey"]) == 24
    assert NK.respondents(assessment(results, "2025-H2", "obr", "obr-info")) is None
    assert NK.respondents(assessment(results, "2025-H1", "archive", "archive-dostup")) is None
