"""Figures are exact: decimal inputs become fractions, bands and places are decided on the exact
value, rounding happens once, when printing, half away from zero. Checked for every scale of every
methodology, so a new plugin's scales are covered without a new test."""
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text_ru
from generator.config import Organization
from generator.exact import decimal_text, exact, round_half_away
from generator.figures import (Const, Difference, Input, Product, Quotient, Ref, Sum, computed, mean,
                               weighted_mean)
from generator.methods import METHODOLOGIES
from generator.periods import parse_period
from generator.results import Assessment, assign_ranks
from generator.validate.schema import parse_number

SCALES = [(m.code, code, scale) for m in METHODOLOGIES.values() for code, scale in m.scales.items()]
SCALE_IDS = [f"{m}-{c}" for m, c, _ in SCALES]
decimals = st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


# ---- inputs and rounding -----------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("0,85", Fraction(85, 100)), ("0.82", Fraction(82, 100)), ("1 024,5", Fraction(20490, 20)),
    ("81,5 %", Fraction(163, 2)), ("4", Fraction(4)), ("-3,90", Fraction(-39, 10)),
])
def test_decimal_input_is_read_digit_for_digit(text, value):
    assert parse_number(text) == value and isinstance(parse_number(text), Fraction)


def test_a_float_from_a_spreadsheet_is_taken_by_its_shortest_decimal():
    assert exact(0.85) == Fraction(85, 100)
    assert exact(0.1 + 0.2) != Fraction(3, 10)  # float noise is not hidden: it never reaches a figure


def test_the_issue_examples_are_exact():
    assert (exact("0,82") + exact("0,88")) / 2 == Fraction(85, 100)
    assert Fraction(250 + 352 + 370, 81) / 3 == 4
    assert (4 * exact("3,90") + 40 * exact("4,56")) / 44 == Fraction(9, 2)


@given(decimals, st.integers(0, 4))
def test_rounding_is_half_away_from_zero_on_the_exact_value(value, places):
    expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)  # half away from zero
    assert round_half_away(Fraction(value), places) == expected


@pytest.mark.parametrize("value, three, one", [
    (Fraction("4.3125"), "4,313", "4,3"), (Fraction("81.05"), "81,05", "81,1"), (Fraction("-0.125"), "-0,125", "-0,1"),
    (Fraction(2, 3), "0,667", "0,7"), (Fraction("0.0005"), "0,001", "0,0"),
])
def test_every_printer_rounds_by_the_same_rule(value, three, one):
    assert text_ru.decimal(value) == three
    assert text_ru.number(value, 3).rstrip("0").rstrip(",") == three.rstrip("0").rstrip(",")
    assert text_ru.number(value, 1) == one


@pytest.mark.parametrize("value, text", [
    (Fraction("67.8"), "67.8"), (Fraction(2008, 30), "66.933333"), (Fraction(100), "100"), (Fraction(-1, 2), "-0.5"),
    (Fraction(1, 3 * 10**7), "0"), (Fraction("0.0000005"), "0.000001"),
])
def test_open_data_decimal_text(value, text):
    assert decimal_text(value) == text


@given(decimals)
def test_open_data_text_round_trips_a_six_decimal_value(value):
    assert Fraction(decimal_text(Fraction(value))) == Fraction(value)


# ---- scales: every edge of every scale of every methodology ------------------------

def _edges(scale):
    for band in scale.bands:
        for bound, closed in ((band.lower, band.lower_inclusive), (band.upper, band.upper_inclusive)):
            if bound is not None:
                yield bound, closed, band


@pytest.mark.parametrize("method, code, scale", SCALES, ids=SCALE_IDS)
def test_a_value_on_an_edge_takes_the_band_whose_side_is_closed(method, code, scale):
    for bound, closed, band in _edges(scale):
        owner = scale.band_for(bound)
        if closed:
            assert owner == band, f"{method}/{code}: {bound} belongs to «{band.label}»"
        else:
            assert owner != band, f"{method}/{code}: {bound} is outside «{band.label}»"


@pytest.mark.parametrize("method, code, scale", SCALES, ids=SCALE_IDS)
def test_a_value_computed_onto_an_edge_is_banded_like_the_edge(method, code, scale):
    """The edge reached by a mean of decimal inputs, the way data reaches it ((0,82 + 0,88) / 2)."""
    for bound, _, _ in _edges(scale):
        low, high = bound - Fraction(3, 100), bound + Fraction(3, 100)
        reached = mean("x", "", [Input("a", "", low), Input("b", "", high)], "").value
        assert reached == bound and scale.band_for(reached) == scale.band_for(bound)


@settings(max_examples=200)
@given(st.sampled_from(SCALES), st.fractions(min_value=-10, max_value=110, max_denominator=10**4))
def test_every_value_within_the_scale_falls_in_at_most_one_band(entry, value):
    _, _, scale = entry
    assert sum(band.contains(value) for band in scale.bands) <= 1


# ---- the figure algebra: the printed calculation is the computation ------------------

@st.composite
def terms(draw, depth=3):
    if depth == 0 or draw(st.booleans()):
        if draw(st.booleans()):
            value = draw(st.fractions(min_value=-100, max_value=100, max_denominator=100))
            return Ref(Input("x", "", value))
        return Const(draw(st.integers(1, 100)))
    kind = draw(st.sampled_from([Sum, Difference, Product, Quotient]))
    parts = [draw(terms(depth=depth - 1)) for _ in range(2 if kind in (Difference, Quotient) else draw(st.integers(2, 3)))]
    return kind(*parts)


def _evaluate(text: str, values: dict[str, Fraction]) -> Fraction:
    """Read a printed calculation back with Python's own precedence: inputs by name, constants exact."""
    python = re.sub(r"\b\d+\b", lambda m: f"F({m.group(0)})", text.replace("×", "*").replace("−", "-"))
    return eval(python, {"F": Fraction, **values})  # noqa: S307 — names, digits and operators built by the test


@settings(max_examples=300)
@given(terms())
def test_the_printed_calculation_evaluates_to_the_published_value(term):
    figure = computed("x", "", term)
    if figure.value is None:
        return  # a zero divisor somewhere: not evaluated, nothing printed
    names: dict[Input, str] = {}
    printed = figure.substituted(lambda i: names.setdefault(i, f"v{len(names)}"))
    assert _evaluate(printed, {name: i.value for i, name in names.items()}) == figure.value


def test_figures_refuse_floats():
    with pytest.raises(TypeError):
        Input("a", "", 0.85)
    with pytest.raises(TypeError):
        computed("x", "", Const(1)).__class__("x", 0.85)


def test_weighted_mean_of_the_baikonur_example_is_exactly_four_and_a_half():
    figure = weighted_mean("score", "", [(Input("О1", "", exact("3,90")), Input("n1", "", 4)),
                                         (Input("О2", "", exact("4,56")), Input("n2", "", 40))], "")
    assert figure.value == Fraction(9, 2)
    assert figure.symbolic == "({О1} × {n1} + {О2} × {n2}) / ({n1} + {n2})"


# ---- places: equal exact values share the smallest place -----------------------------

ORG = Organization(id="x", name="Орган", sector="Сфера")
PERIOD = parse_period("2025")


def _ranked(values):
    organs = []
    for index, value in enumerate(values):
        organ = Assessment(PERIOD, Organization(id=f"o{index}", name=f"Орган {index}", sector="С"), "kaluga", True)
        organ.figures["kef"] = computed("kef", "", Ref(Input("v", "", value)))
        organs.append(organ)
    assign_ranks(organs, "kef")
    return [o.rank for o in organs]


@given(st.lists(st.fractions(min_value=0, max_value=100, max_denominator=20), min_size=1, max_size=12),
       st.randoms(use_true_random=False))
def test_places_are_one_more_than_the_strictly_better_and_do_not_depend_on_order(values, random):
    places = _ranked(values)
    for value, place in zip(values, places):
        assert place == 1 + sum(1 for other in values if other > value)
    order = list(range(len(values)))
    random.shuffle(order)
    shuffled = _ranked([values[i] for i in order])
    assert [shuffled[order.index(i)] for i in range(len(values))] == places


def test_two_summaries_of_exactly_081_share_a_place():
    from_means = [(exact("0,80") + exact("0,82")) / 2, (exact("0,71") + exact("0,91")) / 2, exact("0,81")]
    assert _ranked(from_means) == [1, 1, 1]
