"""Kaluga's survey figures carry 95 % intervals (issue 15): worked by hand on the demo (data/, 2025,
organ «obrazovanie») and, for raw answers, on tests/fixtures/minimal with a responses.csv."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from tests.helpers import approve_all_comments, assessment

DEMO = Path(__file__).resolve().parent.parent / "data"
KALUGA = METHODOLOGIES["kaluga"]


@pytest.fixture(scope="module")
def obrazovanie():
    report, dataset = check(DEMO)
    assert report.ok, report.as_text()
    return assessment(compute(dataset), "2025", "obrazovanie")


def ends(interval) -> tuple[float, float]:
    return round(float(interval.low), 1), round(float(interval.high), 1)


def test_a_channel_from_table_1_gets_the_conservative_interval(obrazovanie):
    # feedback.csv, in_person: work 4,11 (n = 248), time 4,26 (n = 36), information 4,22 (n = 258);
    # CSI = 12,59 / 3 = 4,1967, Куд = CSI × 20 = 83,93 %.
    # Each criterion, only its count known: half = t(0,975; n − 1) × 2 × √(n / (n − 1)) / √n = t × 2 / √(n − 1):
    #   248: 1,9696 × 2 / 15,716 = 0,2506;  36: 2,0301 × 2 / 5,916 = 0,6863;  258: 1,9693 × 2 / 16,031 = 0,2457.
    # The same people rate the three criteria: σ of CSI = mean σ → half = 1,1826 / 3 = 0,3942 of a score,
    # × 20 = 7,88 p.p.: 83,93 ± 7,88 = от 76,0 до 91,8 %.
    figure = obrazovanie.figures["kud_in_person"]
    assert figure.interval.method == "conservative" and figure.interval.value == figure.value
    assert ends(figure.interval) == (76.0, 91.8)
    halves = [2.0 * 2 / math.sqrt(n - 1) for n in (248, 36, 258)]  # the same with t rounded up to 2,0
    assert float(figure.interval.half_width) == pytest.approx(sum(halves) / 3 * 20, rel=0.02)
    assert "с запасом" in figure.interval.how


def test_the_portal_pools_every_rating(obrazovanie):
    # epgu_ratings.csv: 961 ratings of the organ's services, CSI weighted by them = 93611 / 24025 = 3,8964;
    # half = 1,9625 × 2 / √960 = 0,1267 → × 20 = 2,53 p.p. around Куд 77,93 %.
    figure = obrazovanie.figures["kud_epgu"]
    assert figure.interval.n == 961
    assert ends(figure.interval) == (75.4, 80.5)


def test_the_headline_carries_the_survey_error_only(obrazovanie):
    # Куд = mean of 5 channels asked of different people: σ = √Σσ² / 5; Кэф = (Куд + Кпр) / 2, Кпр a
    # complete count: σ(Кэф) = σ(Куд) / 2. Channel halves 7,88; 9,02; 6,16; 5,69; 2,53 p.p. →
    # √220,3 / 5 / 2 = 1,48 p.p.: Кэф 81,03 % от 79,5 до 82,5 %.
    channels = [f for code, f in obrazovanie.figures.items() if code.startswith("kud_") and code != "kud_change"]
    assert len(channels) == 5
    kud, kef = obrazovanie.figures["kud"], obrazovanie.figures["kef"]
    assert kud.se == pytest.approx(math.sqrt(sum(f.se ** 2 for f in channels)) / 5, rel=1e-6)
    assert kef.se == pytest.approx(kud.se / 2, rel=1e-6)
    assert kef.interval.method == "carried" and ends(kef.interval) == (79.5, 82.5)
    assert kef.interval.low <= kef.value <= kef.interval.high


def test_administrative_counts_have_no_interval(obrazovanie):
    for code in ("d_mu", "d_zh", "us", "kmnk", "uar", "kpr"):
        assert obrazovanie.figures[code].interval is None, code


def test_respondents_add_up_the_channels(obrazovanie):
    # the most respondents of any criterion per channel: 258 + 187 + 313 + 286, and 961 portal ratings
    assert KALUGA.survey_indicator == "kud"
    assert KALUGA.respondents(obrazovanie) == 258 + 187 + 313 + 286 + 961


RESPONSES_2025 = """respondent,service_id,channel,date,work,time,information,comment,publish
1,a1,in_person,12.03.2025,5,4,5,,
2,a2,in_person,2025-04-01,4,4,5,,
3,a1,in_person,15.05.2025,4,3,,,
4,b1,phone,20.06.2025,3,2,4,,
"""


def test_raw_answers_give_the_t_interval(minimal_copy):
    period = minimal_copy / "periods" / "2025"
    (period / "feedback.csv").unlink()
    (period / "responses.csv").write_text(RESPONSES_2025, encoding="utf-8")
    approve_all_comments(minimal_copy)
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    results = compute(dataset)
    alpha = assessment(results, "2025", "alpha")
    # in_person: work 5, 4, 4 (mean 4,333, s = 0,5774); time 4, 4, 3 (3,667, s = 0,5774); information 5, 5 (s = 0).
    # half = t(0,975; 2) × s / √3 = 4,3027 × 0,5774 / 1,7321 = 1,4343 for work and time, 0 for information;
    # CSI 4,3333 ± (1,4343 + 1,4343 + 0) / 3 = ± 0,9562 → Куд 86,67 ± 19,12: от 67,5 до 100 (the scale's top).
    figure = alpha.figures["kud_in_person"]
    assert figure.interval.method == "t" and figure.interval.n == 3
    assert ends(figure.interval) == (67.5, 100.0)
    # beta's phone channel: one respondent (3, 2, 4), no spread to estimate: each criterion may be anywhere
    # on 1–5 (σ = its larger distance to an end / 1,96: 2, 3, 3), CSI 3 ± 2,67 → the whole scale, Куд 20–100 %
    beta = assessment(results, "2025", "beta")
    assert ends(beta.figures["kud_phone"].interval) == (20.0, 100.0)
    assert beta.figures["kef"].interval is not None


def test_a_portal_of_one_rating_is_never_an_exact_channel():
    from fractions import Fraction

    from generator.methods.kaluga.intervals import epgu_interval

    interval = epgu_interval(Fraction(4), 1)
    assert (interval.low, interval.high) == (1, 5)
