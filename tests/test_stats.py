"""The statistics core (generator/stats/): intervals, tests of change, ranges of places and funnel
limits against values computed by hand (the arithmetic is in the comments) and, where scipy has the
same test, against scipy as an independent check; then their invariants with hypothesis."""
from __future__ import annotations

import math
import random
import time
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from generator.stats import changes, funnel, intervals, places
from generator.stats.common import to_exact, z_value
from generator.text_ru import percent

Z95 = 1.959963984540054  # the normal 97,5 % quantile
FEW = settings(max_examples=150, deadline=None, derandomize=True)


# --- intervals -------------------------------------------------------------------------------------

def test_wilson_29_of_36_by_hand():
    # p = 29/36 = 0,805556; z² = 3,841459; z²/n = 0,106707
    # centre = (p + z²/2n) / (1 + z²/n) = (0,805556 + 0,053354) / 1,106707 = 0,776094
    # half = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²) = 1,770987 · √(0,004351 + 0,000741) = 1,770987 · 0,071358
    #      = 0,126374 → from 64,972 % to 90,247 %
    ci = intervals.wilson(29, 36)
    assert ci.value == F(2900, 36)
    assert float(ci.low) == pytest.approx(64.972, abs=1e-3)
    assert float(ci.high) == pytest.approx(90.247, abs=1e-3)
    assert (percent(ci.value), percent(ci.low), percent(ci.high)) == ("80,6\u00a0%", "65,0\u00a0%", "90,2\u00a0%")
    assert ci.method == "wilson" and ci.level == 95 and ci.n == 36
    assert ci.how == "доверительный интервал Уилсона, 95\u00a0%, n\u00a0=\u00a036"
    independent = scipy_stats.binomtest(29, 36).proportion_ci(method="wilson")
    assert float(ci.low) == pytest.approx(100 * independent.low, abs=1e-8)
    assert float(ci.high) == pytest.approx(100 * independent.high, abs=1e-8)


def test_wilson_ends_are_exact_decimals_of_nine_places():
    ci = intervals.wilson(29, 36)
    assert (ci.low * 10 ** 9).denominator == 1 and (ci.high * 10 ** 9).denominator == 1
    assert to_exact(64.9719570048) == F("64.971957005") and to_exact(-0.0) == 0


def test_wilson_at_the_edges_and_without_respondents():
    # 0 of 36: low = 0, high = z² / (n + z²) = 3,841459 / 39,841459 = 9,642 %
    nobody = intervals.wilson(0, 36)
    assert nobody.low == 0 == nobody.value and float(nobody.high) == pytest.approx(9.642, abs=1e-3)
    everybody = intervals.wilson(36, 36)
    assert everybody.high == 100 == everybody.value and float(everybody.low) == pytest.approx(90.358, abs=1e-3)
    assert intervals.wilson(0, 0) is None
    with pytest.raises(ValueError):
        intervals.wilson(37, 36)


def test_wilson_of_a_share_in_percent_takes_the_share_as_it_is():
    # 80,5 % of 36 is 28,98 respondents: the share is used, not rounded to 29
    ci = intervals.wilson_share(F("80.5"), 36)
    assert ci.value == F("80.5") and ci == intervals.wilson(F("28.98"), 36)
    assert intervals.wilson_share(F(2900, 36), 36) == intervals.wilson(29, 36)


def test_t_interval_from_answers_by_hand():
    # answers 2, 3, 3, 4: mean 3; s² = (1 + 0 + 0 + 1) / 3 = 2/3, s = 0,816497; s/√n = 0,408248
    # t(0,975; 3) = 3,182446; half = 1,299228 → from 1,700772 to 4,299228
    ci = intervals.mean_from_answers({2: 1, 3: 2, 4: 1})
    assert ci.value == 3 and ci.method == "t" and ci.n == 4
    assert float(ci.low) == pytest.approx(1.700772, abs=1e-6)
    assert float(ci.high) == pytest.approx(4.299228, abs=1e-6)
    assert ci.how == "t-интервал Стьюдента по ответам, 95\u00a0%, n\u00a0=\u00a04"


def test_t_interval_is_clipped_to_the_scale():
    # answers 4, 4, 5, 5: mean 4,5; s = √(4 · 0,25 / 3) = 0,577350; half = 3,182446 · 0,577350 / 2 = 0,918693
    ci = intervals.mean_from_answers({4: 2, 5: 2})
    assert ci.high == 5 and float(ci.low) == pytest.approx(3.581307, abs=1e-6)
    assert intervals.mean_from_answers({5: 1}) is None and intervals.mean_from_answers({}) is None
    with pytest.raises(ValueError):
        intervals.mean_from_answers({6: 3})


def test_describe_answers_is_exact():
    mean, sd, n = intervals.describe_answers({1: 1, 5: 2})
    # mean 11/3; s² = ((8/3)² + 2 · (4/3)²) / 2 = (64/9 + 32/9) / 2 = 16/3
    assert (mean, n) == (F(11, 3), 3) and sd == pytest.approx(math.sqrt(16 / 3))


def test_conservative_interval_by_hand():
    # mean 4,2 of 36: largest s = (5 − 1)/2 · √(36/35) = 2,028370; s/√n = 2 / √35 = 0,338062
    # t(0,975; 35) = 2,030108; half = 0,686302 → from 3,513698 to 4,886302
    ci = intervals.mean_conservative(F("4.2"), 36)
    assert ci.method == "conservative" and ci.value == F("4.2")
    assert float(ci.low) == pytest.approx(3.513698, abs=1e-6)
    assert float(ci.high) == pytest.approx(4.886302, abs=1e-6)
    assert "консервативный" in ci.how and "1–5" in ci.how
    assert intervals.mean_conservative(F(4), 1) is None
    assert intervals.mean_conservative(F("4.9"), 10).high == 5


def test_scaled_follows_kaluga_formulas():
    # Куд = CSI / 5 × 100; Кэф = (Куд + Кпр) / 2 with Кпр = 90 a complete count
    csi = intervals.mean_conservative(F("4.2"), 36)
    kud = intervals.scaled(csi, 20)
    assert (kud.value, kud.low, kud.high) == (84, csi.low * 20, csi.high * 20)
    kef = intervals.scaled(kud, F(1, 2), F(90, 2))
    assert (kef.value, kef.low, kef.high) == (87, kud.low / 2 + 45, kud.high / 2 + 45)
    assert kef.how == csi.how and intervals.scaled(None, 20) is None
    flipped = intervals.scaled(kud, -1, 100)
    assert (flipped.low, flipped.high) == (100 - kud.high, 100 - kud.low)


def test_standard_error_of_an_interval():
    # Wilson 29/36: (90,247 − 64,972) / 2 / 1,959964 = 6,4478
    assert intervals.standard_error(intervals.wilson(29, 36)) == pytest.approx(6.4478, abs=1e-4)
    # a clipped t-interval keeps its whole side: (4,5 − 3,581307) / 1,959964
    clipped = intervals.mean_from_answers({4: 2, 5: 2})
    assert intervals.standard_error(clipped) == pytest.approx(0.918693 / Z95, abs=1e-6)
    assert z_value(95) == pytest.approx(Z95, abs=1e-12)


# --- changes ---------------------------------------------------------------------------------------

def test_two_proportions_by_hand():
    # 50 % of 100 → 60 % of 100: pooled p = 0,55; se = √(0,55 · 0,45 · 2/100) = 0,070356
    # z = 0,1 / 0,070356 = 1,421338; p = 2 · (1 − Φ(1,421338)) = 0,155218
    small = changes.two_proportions(50, 100, 60, 100)
    assert small.difference == 10 and small.p_value == pytest.approx(0.155218, abs=1e-6)
    assert (small.significant, small.direction, small.wording) == (False, "none", "изменение в пределах погрешности")
    # the same shares of 400 each: se = 0,035178, z = 2,842676, p = 0,004474
    large = changes.two_proportions(50, 400, 60, 400)
    assert large.p_value == pytest.approx(0.004474, abs=1e-6)
    assert (large.significant, large.direction, large.wording) == (True, "up", "рост значим")
    fall = changes.two_proportions(60, 400, 50, 400)
    assert (fall.difference, fall.direction, fall.wording) == (-10, "down", "снижение значимо")


def test_two_proportions_edges():
    same = changes.two_proportions(F(2900, 36), 36, F(2900, 36), 36)
    assert (same.difference, same.p_value, same.wording) == (0, 1.0, "без изменений")
    assert changes.two_proportions(100, 50, 100, 80).wording == "без изменений"
    assert changes.two_proportions(80, 0, 90, 10) is None


def test_welch_by_hand_and_against_scipy():
    # 4,0 (s 0,8, n 36) → 4,3 (s 0,7, n 40): v1 = 0,64/36 = 0,017778, v2 = 0,49/40 = 0,012250
    # t = 0,3 / √0,030028 = 1,731249; df = 0,030028² / (v1²/35 + v2²/39) = 70,02; p = 0,087812
    test = changes.welch(F(4), F("0.8"), 36, F("4.3"), F("0.7"), 40)
    assert test.difference == F("0.3") and test.p_value == pytest.approx(0.087812, abs=1e-6)
    assert test.wording == "изменение в пределах погрешности"
    independent = scipy_stats.ttest_ind_from_stats(4, 0.8, 36, 4.3, 0.7, 40, equal_var=False)
    assert test.p_value == pytest.approx(independent.pvalue, rel=1e-9)
    answers1 = [3] * 10 + [4] * 20 + [5] * 6
    answers2 = [4] * 12 + [5] * 28
    m1, s1, n1 = intervals.describe_answers({3: 10, 4: 20, 5: 6})
    m2, s2, n2 = intervals.describe_answers({4: 12, 5: 28})
    rise = changes.welch(m1, s1, n1, m2, s2, n2)
    assert rise.p_value == pytest.approx(scipy_stats.ttest_ind(answers2, answers1, equal_var=False).pvalue, rel=1e-9)
    assert rise.wording == "рост значим"


def test_welch_edges_and_conservative():
    assert changes.welch(F(4), 0, 10, F(4), 0, 10).wording == "без изменений"
    assert changes.welch(F(4), 0, 10, F(5), 0, 10).p_value == 0.0
    assert changes.welch(F(4), 1, 1, F(5), 1, 10) is None
    conservative = changes.welch_conservative(F("4.0"), 36, F("4.3"), 40)
    expected = changes.welch(F("4.0"), 2 * math.sqrt(36 / 35), 36, F("4.3"), 2 * math.sqrt(40 / 39), 40)
    assert conservative == expected and not conservative.significant


# --- places ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", places.METHODS)
def test_fixed_figures_keep_their_places_and_ties(method):
    subjects = [places.Subject("a", F(90)), places.Subject("b", F(80)), places.Subject("c", F(80)),
                places.Subject("d", F(70), 0.0)]
    assert places.place_ranges(subjects, method=method) == {"a": (1, 1), "b": (2, 2), "c": (2, 2), "d": (4, 4)}
    assert (places.place_ranges(subjects, higher_is_better=False, method=method)
            == {"a": (4, 4), "b": (2, 2), "c": (2, 2), "d": (1, 1)})
    assert places.place_ranges([], method=method) == {}
    with pytest.raises(ValueError):
        places.place_ranges([places.Subject("a", F(1)), places.Subject("a", F(2))], method=method)


def test_pairwise_ranges_by_hand():
    # a − b = 9,8 and a − c = 10 are within 1,959964 · √(0,5² + 6²) = 11,80: a, b, c may take 1 … 3;
    # d is 30 below c, far beyond 1,959964 · √(6² + 0,5²): 4th for certain
    subjects = [places.Subject("a", F(90), 0.5), places.Subject("b", F("80.2"), 6.0),
                places.Subject("c", F(80), 6.0), places.Subject("d", F(50), 0.5)]
    assert places.place_ranges(subjects) == {"a": (1, 3), "b": (1, 3), "c": (1, 3), "d": (4, 4)}
    # b is 0,2 above a, within 1,959964 · √(0,1² + 0,5²) = 1,00: a and b share 1 … 2; c is 20 below
    # both, beyond 1,959964 · √(0,5² + 0,5²) = 1,39: 3rd for certain
    closer = [places.Subject("a", F(90), 0.1), places.Subject("b", F("90.2"), 0.5), places.Subject("c", F(70), 0.5)]
    assert places.place_ranges(closer) == {"a": (1, 2), "b": (1, 2), "c": (3, 3)}


def test_simulated_ranges_are_narrower_on_the_same_figures():
    # within 2 se of a only 2,2 % of draws put c above a (90 vs 80 ± 6): a keeps 1 … 2
    subjects = [places.Subject("a", F(90), 0.5), places.Subject("b", F("80.2"), 6.0),
                places.Subject("c", F(80), 6.0), places.Subject("d", F(50), 0.5)]
    ranges = places.place_ranges(subjects, method="simulation")
    assert ranges == {"a": (1, 2), "b": (1, 3), "c": (1, 3), "d": (4, 4)}
    with pytest.raises(ValueError):
        places.place_ranges(subjects, method="bootstrap")


@pytest.mark.parametrize("method", places.METHODS)
def test_four_hundred_subjects_take_well_under_a_second(method):
    rng = random.Random(7)
    subjects = [places.Subject(f"organ {i:03}", F(rng.randint(5000, 9500), 100), rng.uniform(1, 7)) for i in range(400)]
    started = time.perf_counter()
    ranges = places.place_ranges(subjects, method=method)
    elapsed = time.perf_counter() - started
    assert len(ranges) == 400
    assert elapsed < 1.0, f"{elapsed:.2f} s"  # 2000 draws: about 0,15 s on the 2-core machine


# --- funnel ----------------------------------------------------------------------------------------

def test_funnel_limits_of_a_share_by_hand():
    # 80 % from 100: σ = √(80 · 20) = 40, σ/√n = 4; 95 %: 80 ± 1,959964 · 4 = 72,160 … 87,840
    # 99,8 %: z = 3,090232; 80 ± 12,361 = 67,639 … 92,361; from 36 the 99,8 % top clips at 100
    points = funnel.funnel_limits(80, [100, 36, 100, 0])
    assert [(p.n, p.level) for p in points] == [(36, 95), (36, F("99.8")), (100, 95), (100, F("99.8"))]
    assert float(points[2].low) == pytest.approx(72.160, abs=1e-3)
    assert float(points[2].high) == pytest.approx(87.840, abs=1e-3)
    assert float(points[3].low) == pytest.approx(67.639, abs=1e-3) and points[1].high == 100


def test_funnel_limits_of_a_mean_by_hand():
    # 4,2 on 1–5 from 36: σ² = (4,2 − 1)(5 − 4,2) = 2,56, σ = 1,6; σ/√n = 0,266667; ± 0,522657
    (point, _) = funnel.funnel_limits(F("4.2"), [36], kind="mean")
    assert float(point.low) == pytest.approx(3.677343, abs=1e-6)
    assert float(point.high) == pytest.approx(4.722657, abs=1e-6)


def test_outside_the_limits():
    assert funnel.outside(60, 100, 80) == "below"
    assert funnel.outside(F("87.9"), 100, 80) == "above"
    assert funnel.outside(F("87.9"), 100, 80, level=F("99.8")) is None
    assert funnel.outside(F("4.8"), 36, F("4.2"), kind="mean") == "above"
    assert funnel.outside(50, 0, 80) is None
    assert funnel.funnel_sizes(20, 400, 10) == [20, 28, 39, 54, 76, 106, 147, 206, 287, 400]


# --- invariants ------------------------------------------------------------------------------------

respondents = st.integers(min_value=1, max_value=5000)


@FEW
@given(n=respondents, data=st.data(), level=st.sampled_from([80, 90, 95, F("99.8")]))
def test_wilson_holds_its_share_inside_0_100(n, data, level):
    successes = data.draw(st.integers(min_value=0, max_value=n))
    ci = intervals.wilson(successes, n, level)
    assert 0 <= ci.low <= ci.value <= ci.high <= 100


@FEW
@given(successes=st.integers(min_value=0, max_value=40), extra=st.integers(min_value=0, max_value=40),
       times=st.integers(min_value=2, max_value=50))
def test_wilson_shrinks_as_respondents_grow(successes, extra, times):
    n = successes + extra or 1
    small, large = intervals.wilson(successes, n), intervals.wilson(successes * times, n * times)
    assert large.value == small.value and large.high - large.low < small.high - small.low


score_counts = st.dictionaries(st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=60),
                               min_size=1).filter(lambda counts: sum(counts.values()) >= 2)


@FEW
@given(counts=score_counts)
def test_t_interval_holds_its_mean_and_the_conservative_one_holds_it(counts):
    raw = intervals.mean_from_answers(counts)
    assert 1 <= raw.low <= raw.value <= raw.high <= 5
    wide = intervals.mean_conservative(raw.value, raw.n)
    assert wide.low <= raw.low and raw.high <= wide.high


@FEW
@given(counts=score_counts, times=st.integers(min_value=2, max_value=20))
def test_t_interval_shrinks_as_the_same_answers_grow(counts, times):
    small = intervals.mean_from_answers(counts)
    large = intervals.mean_from_answers({score: count * times for score, count in counts.items()})
    assert large.high - large.low <= small.high - small.low


subjects_lists = st.lists(
    st.tuples(st.integers(min_value=0, max_value=20), st.sampled_from([None, 0.0, 0.5, 2.0, 10.0])),
    min_size=1, max_size=25)


@FEW
@given(rows=subjects_lists, higher=st.booleans(), shuffle_seed=st.integers(min_value=0, max_value=1000),
       method=st.sampled_from(places.METHODS))
def test_place_ranges_hold_the_actual_place_and_ignore_order(rows, higher, shuffle_seed, method):
    subjects = [places.Subject(f"s{i}", F(value * 5), se) for i, (value, se) in enumerate(rows)]
    ranges = places.place_ranges(subjects, higher_is_better=higher, method=method, draws=300)
    for subject in subjects:
        better = sum(1 for other in subjects if (other.value > subject.value if higher else other.value < subject.value))
        low, high = ranges[subject.key]
        assert 1 <= low <= better + 1 <= high <= len(subjects)
    shuffled = subjects[:]
    random.Random(shuffle_seed).shuffle(shuffled)
    assert places.place_ranges(shuffled, higher_is_better=higher, method=method, draws=300) == ranges
    fixed_alike = {}
    for subject in subjects:  # figures without error and equal are tied in every draw
        if not subject.se:
            fixed_alike.setdefault(subject.value, set()).add(ranges[subject.key])
    assert all(len(found) == 1 for found in fixed_alike.values())


def test_a_p_value_a_hair_below_five_percent_is_printed_as_it_is_decided():
    """Significance is decided on p rounded to 9 decimals; the trail printed «p < 0,05» from the raw float
    beside «в пределах погрешности»."""
    from generator.stats.changes import _verdict
    from generator.text_ru import p_value

    p = 0.04999999999996
    assert not _verdict(F(1), p).significant
    assert p_value(p) == "p\u00a0≥\u00a00,05"
