"""Ivanovo's shares satisfied carry Wilson's 95 % interval and Усз the error carried from them (issue 15):
worked by hand on the demo (examples/ivanovo, 2025, organ «uszn»)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.methods import METHODOLOGIES
from tests.helpers import computed_folder, assessment

DEMO = Path(__file__).resolve().parent.parent / "examples" / "ivanovo"
IVANOVO = METHODOLOGIES["ivanovo"]


@pytest.fixture(scope="module")
def results():
    return computed_folder(DEMO)


def ends(interval) -> tuple[float, float]:
    return round(float(interval.low), 1), round(float(interval.high), 1)


def test_a_share_satisfied_gets_wilson(results):
    # «kompensatsii», 2025: 53 satisfied of 70 asked, p = 0,75714; z = 1,96, z²/n = 3,8415 / 70 = 0,05488.
    # centre = (p + z²/2n) / (1 + z²/n) = (0,75714 + 0,02744) / 1,05488 = 0,74377;
    # half = z / (1 + z²/n) × √(p(1 − p)/n + z²/4n²) = 1,85804 × √(0,0026268 + 0,0001960) = 0,09872;
    # 75,7 % от 64,5 до 84,2 %.
    sat = assessment(results, "2025", "uszn", "kompensatsii").figures["sat"]
    assert [i.value for i in sat.inputs] == [53, 70]
    assert sat.interval.method == "wilson" and sat.interval.n == 70
    assert ends(sat.interval) == (64.5, 84.2)


def test_usz_carries_the_services_errors(results):
    # Усз of «uszn» = mean of its 3 socially significant services (81/95, 53/70, 73/93), each asked of other
    # applicants: σ = √(σ₁² + σ₂² + σ₃²) / 3 with σᵢ = Wilson's width / 2 / 1,96 = 3,633; 5,037; 4,215 →
    # σ = 7,506 / 3 = 2,502; ± 1,96 σ = 4,90 p.p.: 79,8 % от 74,9 до 84,7 %.
    organ = assessment(results, "2025", "uszn")
    services = organ.detail["significant"]
    usz = organ.figures["usz"]
    assert usz.se == pytest.approx(sum(s.figures["sat"].se ** 2 for s in services) ** 0.5 / 3, rel=1e-6)
    assert usz.interval.method == "carried" and ends(usz.interval) == (74.9, 84.7)


def test_counts_and_unasked_services_have_no_interval(results):
    municipal = results.municipal["2025"]
    assert municipal["respondents"].interval is None and municipal["services_asked"].interval is None
    assert municipal["usz"].interval is not None and municipal["sat"].interval.method == "wilson"
    unasked = assessment(results, "2025", "blagoustroystvo")
    assert unasked.figures["usz"].value is None and unasked.figures["usz"].interval is None


def test_respondents_are_those_behind_the_rated_figure(results):
    assert IVANOVO.survey_indicator == "usz"
    assert IVANOVO.respondents(assessment(results, "2025", "uszn")) == 95 + 70 + 93  # the significant services
    assert IVANOVO.respondents(assessment(results, "2025", "uszn", "spravki-uszn")) == 76
    assert IVANOVO.respondents(assessment(results, "2025", "blagoustroystvo")) is None
