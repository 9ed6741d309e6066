"""The statistics core against simulated surveys with known true values (seeded, the same every run):
the 95 % intervals cover the truth in 93–97 % of surveys, and the ranges of places hold the true
place (the ranking of the true values) in at least 95 % of organs and runs."""
from __future__ import annotations

import functools
from fractions import Fraction as F

import numpy as np
import pytest

from generator.stats import intervals, places

SEED = 15


def _generator(*salt: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64([SEED, *salt]))


@functools.lru_cache(maxsize=None)
def _wilson(successes: int, n: int) -> intervals.Interval:
    return intervals.wilson(successes, n)


@pytest.mark.parametrize("n", [36, 100, 400])
@pytest.mark.parametrize("p", [F(1, 2), F(4, 5)])
def test_wilson_covers_the_true_share_in_95_percent_of_surveys(n, p):
    # 20 000 surveys: the coverage is measured to ± 0,3 %; Wilson's own coverage wanders around 95 %
    # with n (93,5 % exactly for n = 36, p = 0,5)
    surveys = _generator(n, int(p * 10)).binomial(n, float(p), size=20_000)
    covered = [_wilson(int(k), n).low <= p * 100 <= _wilson(int(k), n).high for k in surveys]
    assert 0.93 <= np.mean(covered) <= 0.97


ANSWERS = {  # shares of answers 1…5
    "skewed": (0.05, 0.10, 0.20, 0.35, 0.30),
    "symmetric": (0.10, 0.20, 0.40, 0.20, 0.10),
}


@pytest.mark.parametrize("n", [36, 100, 400])
@pytest.mark.parametrize("shape", sorted(ANSWERS))
def test_t_interval_covers_the_true_mean_in_95_percent_of_surveys(n, shape):
    probabilities = ANSWERS[shape]
    true_mean = sum(F(str(share)) * score for score, share in enumerate(probabilities, start=1))
    surveys = _generator(n, len(shape)).multinomial(n, probabilities, size=4000)
    raw, conservative = [], []
    for counts in surveys:
        ci = intervals.mean_from_answers({score: int(c) for score, c in enumerate(counts, start=1) if c})
        raw.append(ci.low <= true_mean <= ci.high)
        wide = intervals.mean_conservative(ci.value, n)
        conservative.append(wide.low <= true_mean <= wide.high)
    assert 0.93 <= np.mean(raw) <= 0.97
    assert np.mean(conservative) >= 0.95  # conservative: it never covers less


SCENARIOS = {  # true shares of the organs, and the fewest and most asked in one (spread evenly, shuffled)
    "spread": (np.linspace(0.60, 0.95, 15), (36, 400)),  # 2,5 points apart: some places are clear
    "close": (np.linspace(0.78, 0.86, 15), (36, 400)),  # all within a few points: hardly any place is
    "clusters": (np.repeat([0.70, 0.80, 0.90], 5) + np.tile(np.linspace(0, 0.01, 5), 3), (36, 400)),
    # forty organs, none asked more than 100: half a point apart, within two survey errors of each other
    "forty": (np.linspace(0.75, 0.95, 40), (36, 100)),
    # forty organs within ten points, none asked more than 100: the ends are a matter of chance
    "crowd": (np.linspace(0.78, 0.88, 40), (36, 100)),
}
RUNS = 200


def _coverage(scenario: str, method: str, runs: int = RUNS) -> float:
    """The share of (organ, run) in which the range of places holds the organ's true place: each run
    asks every organ's respondents (36 to 400 an organ), takes Wilson's interval of its share and
    the standard error of that, and ranges the places."""
    rng = _generator(len(scenario), len(method))
    true_shares, asked = SCENARIOS[scenario]
    sizes = rng.permutation(np.linspace(*asked, len(true_shares)).astype(int))
    true_places = places.actual_places([F(share).limit_denominator(10 ** 6) for share in true_shares])
    held = 0
    for run in range(runs):
        answered = rng.binomial(sizes, true_shares)
        subjects = []
        for organ, (successes, n) in enumerate(zip(answered, sizes)):
            ci = _wilson(int(successes), int(n))
            subjects.append(places.Subject(organ, ci.value, intervals.standard_error(ci)))
        ranges = places.place_ranges(subjects, method=method, seed=run)
        held += sum(ranges[organ][0] <= place <= ranges[organ][1] for organ, place in enumerate(true_places))
    return held / (runs * len(true_shares))


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_pairwise_ranges_hold_the_true_place(scenario):
    assert _coverage(scenario, "pairwise") >= 0.95


def test_simulated_ranges_hold_the_true_place_only_when_organs_differ():
    # Why "pairwise" is the default (the methodology page says so): over 200 runs the simulation held the
    # true place in 99,2 % (spread), 92,1 % (close) and 93,1 % (clusters) of organs; "pairwise" in 99,3 %,
    # 99,1 %, 96,5 %. In the crowd (60 runs) the simulation held 87,2 % and the true first place in 40 %
    # of runs; drawn with √2 · se, 93,1 % and 45 %; "pairwise" 97,8 % and 83 %.
    assert _coverage("spread", "simulation", runs=100) >= 0.95
    assert _coverage("close", "simulation", runs=100) < 0.95
    assert _coverage("crowd", "simulation", runs=30) < 0.95
