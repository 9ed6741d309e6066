"""A survey's error carried through an act's formula, and the test of a change between two periods."""
from __future__ import annotations

from fractions import Fraction

import pytest

from generator.figures import Figure, Input, as_input, computed, mean, Ref, Product, Const, Quotient
from generator.stats.intervals import wilson
from generator.stats.propagation import carried, change_test


def survey_figure(satisfied: int, asked: int) -> Figure:
    interval = wilson(satisfied, asked)
    return Figure("kud", interval.value, interval=interval)


def test_a_composite_of_a_survey_part_and_a_count_part_is_as_uncertain_as_its_survey_part():
    # Куд = 29 of 36 = 80,56 %, Wilson 95 %: from 64,972 to 90,247 %; its σ = (90,247 − 64,972) / 2 / 1,96 = 6,4478
    # Кэф = (Куд + Кпр) / 2 with Кпр = 90 % a complete count: σ = 6,4478 / 2 = 3,2239, ± 1,96 σ = ± 6,3189
    kud = survey_figure(29, 36)
    kef = mean("kef", "Кэф = (Куд + Кпр) / 2", [as_input(kud, "Куд"), Input("Кпр", "Кпр", Fraction(90), "%")], "")
    assert kef.value == (Fraction(29, 36) * 100 + 90) / 2
    assert float(kef.interval.low) == pytest.approx(78.959, abs=1e-3)
    assert float(kef.interval.high) == pytest.approx(91.597, abs=1e-3)
    assert kef.interval.method == "carried"


def test_a_figure_of_complete_counts_has_no_interval():
    share = computed("d_mu", "Dму", Product(Quotient(Ref(Input("Кзу", "", 90)), Ref(Input("Кз", "", 100))), Const(100)))
    assert share.interval is None and share.se is None


def test_a_scaled_survey_figure_carries_a_scaled_error():
    # CSI = 4,2 with σ 0,1 → Куд = CSI / 5 × 100 = 84 % with σ 2, ± 3,92
    csi = Input("CSI", "", Fraction(42, 10), "", se=0.1)
    kud = computed("kud", "", Product(Quotient(Ref(csi), Const(5)), Const(100)))
    assert float(kud.interval.high - kud.value) == pytest.approx(3.92, abs=1e-2)


def test_a_carried_interval_never_goes_below_zero_and_holds_its_value():
    interval = carried(Fraction(1), 5.0)
    assert interval.low == 0 and interval.low <= interval.value <= interval.high


def test_two_survey_shares_are_compared_by_the_two_proportion_test():
    # 29 of 36 (80,6 %) against 30 of 36 (83,3 %): far within the error
    test = change_test(wilson(29, 36), wilson(30, 36))
    assert test.wording == "изменение в пределах погрешности" and not test.significant
    # 200 of 400 (50 %) against 300 of 400 (75 %): z ≈ 7,3
    assert change_test(wilson(200, 400), wilson(300, 400)).wording == "рост значим"
    assert change_test(wilson(300, 400), wilson(200, 400)).wording == "снижение значимо"


def test_carried_intervals_are_compared_by_their_standard_errors():
    # 80 ± 1,96·1 against 85 ± 1,96·1: z = 5 / √2 = 3,54 → significant; against 81: z = 0,71 → not
    assert change_test(carried(Fraction(80), 1.0), carried(Fraction(85), 1.0)).significant
    assert not change_test(carried(Fraction(80), 1.0), carried(Fraction(81), 1.0)).significant
    assert change_test(carried(Fraction(80), 1.0), None) is None


def test_a_mean_of_shares_near_100_percent_keeps_its_interval_within_100_percent():
    # two services at 98 % and 100 % with σ 3 each: mean 99 %, σ = √(1,5² + 1,5²) = 2,12, 99 + 4,16 > 100
    parts = [Input("Д1", "", Fraction(98), "%", se=3.0), Input("Д2", "", Fraction(100), "%", se=3.0)]
    figure = mean("usz", "", parts, "")
    assert figure.interval.high == 100 and float(figure.interval.low) == pytest.approx(94.84, abs=1e-2)


def test_two_equal_survey_parts_are_two_errors_not_one():
    # two channels with the same value and error: the mean's σ is √(2 · (3 / 2)²) = 2,12, not 1,5
    parts = [Input("К", "Куд канала", Fraction(80), "%", se=3.0), Input("К", "Куд канала", Fraction(80), "%", se=3.0)]
    figure = mean("kud", "", parts, "")
    assert float(figure.interval.high - figure.value) == pytest.approx(1.96 * 2.1213, abs=1e-3)
