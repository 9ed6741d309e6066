"""A change of a survey figure whose survey error is known for only one of the two periods (or, for a
municipal mean, for only some of its parts) cannot be tested: it is never worded as a rise or a fall,
nor as «в пределах погрешности» (Novokuznetsk's demo: shares typed without their counts in 2025-H1)."""
import math
from fractions import Fraction
from pathlib import Path

from generator.methods import METHODOLOGIES
from generator.periods import parse_period
from generator.render.press import change_headline
from generator.render.verdict import change_words
from generator.stats.changes import untested
from generator.stats.intervals import wilson
from generator.stats.propagation import change_test
from tests.helpers import computed_folder

NOVOKUZNETSK = Path(__file__).resolve().parents[1] / "examples" / "novokuznetsk"
SHARE = wilson(80, 100)  # 80 of 100 satisfied: a share of respondents with its interval


def test_a_change_with_the_error_of_one_period_only_is_untested():
    test = change_test(None, SHARE, Fraction(-3))
    assert test.direction == "unknown" and not test.significant and math.isnan(test.p_value)
    assert change_test(SHARE, None, Fraction(2)).direction == "unknown"
    assert change_test(None, None, Fraction(2)) is None  # complete counts: no test is due
    assert change_test(None, SHARE) is None  # without the change the test cannot be said untested
    assert untested(Fraction(0)).wording == "без изменений"


def test_an_untested_change_is_no_rise_no_fall_and_not_within_the_error():
    method = METHODOLOGIES["novokuznetsk"]
    indicator = method.indicators[method.headline]
    previous = parse_period("2025-H1")
    words = change_words(Fraction(-4, 100), previous, indicator, "балла", untested(Fraction(-4, 100)))
    assert "хуже" not in words.lower() and "погрешности" not in words and "не проверена" in words
    headline = change_headline(indicator, Fraction(363, 100), Fraction(-4, 100), untested(Fraction(-4, 100)))
    assert "снизил" not in headline and "на уровне" not in headline and "не проверена" in headline


def test_novokuznetsks_municipal_change_of_2025_h2_is_untested():
    results = computed_folder(NOVOKUZNETSK)
    method = METHODOLOGIES["novokuznetsk"]
    change = results.municipal["2025-H2"][f"{method.headline}_change"]
    assert change.value is not None and change.test is not None and change.test.direction == "unknown"


def test_a_change_without_a_test_in_a_tested_rating_is_never_the_largest_significant_one():
    from dataclasses import replace

    from generator.render.press import largest_changes
    from generator.stats.changes import two_proportions

    method = METHODOLOGIES["novokuznetsk"]
    code = f"{method.headline}_change"
    results = computed_folder(NOVOKUZNETSK)
    ranked = results.ranked(parse_period("2025-H2"))
    # the largest change made untested-by-absence (no test), one small change made significant
    biggest = max((a for a in ranked if code in a.figures and a.figures[code].value is not None),
                  key=lambda a: a.figures[code].value)
    biggest.figures[code] = replace(biggest.figures[code], test=None)
    other = next(a for a in ranked if a is not biggest and code in a.figures and a.figures[code].value)
    other.figures[code] = replace(other.figures[code], test=two_proportions(10, 1000, 90, 1000))
    facts = " ".join(largest_changes(method, ranked))
    assert biggest.service_name not in facts
