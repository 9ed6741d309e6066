"""The survey error a figure inherits through its formula: √Σ (∂f/∂xᵢ · seᵢ)², with the derivatives
exact (one reverse pass over the calculation), checked against hand-computed values and against a
finite-difference estimate on random calculations."""
from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.figures import Const, Difference, Input, Product, Quotient, Ref, Sum, computed, mean
from generator.stats.propagation import sampling_error


def survey(symbol: str, value, se: float) -> Input:
    return Input(symbol, "", Fraction(value), "%", se=se)


def test_a_mean_carries_each_part_divided_by_the_count():
    # (a + b + c) / 3 with σ 3, 4, 12: √((3/3)² + (4/3)² + (12/3)²) = √(169/9) = 13/3
    parts = [survey("a", 80, 3.0), survey("b", 70, 4.0), survey("c", 90, 12.0)]
    figure = mean("m", "", parts, "")
    assert sampling_error(figure.expression, figure.value) == pytest.approx(13 / 3, rel=1e-12)


def test_a_mean_of_many_parts_is_exactly_what_the_parts_give():
    # 400 organs at σ 2 each: the mean's σ is 2 / √400 = 0,1
    parts = [survey(f"К{n}", 50 + n % 50, 2.0) for n in range(400)]
    figure = mean("m", "", parts, "")
    assert sampling_error(figure.expression, figure.value) == pytest.approx(0.1, rel=1e-12)


def test_a_quotient_takes_both_derivatives():
    # a / b at a = 6 (σ 0,3), b = 4 (σ 0,2): ∂/∂a = 1/4, ∂/∂b = −6/16; √(0,075² + 0,075²) = 0,075 √2
    a, b = survey("a", 6, 0.3), survey("b", 4, 0.2)
    assert sampling_error(Quotient(Ref(a), Ref(b))) == pytest.approx(0.075 * math.sqrt(2), rel=1e-12)


def test_a_product_takes_the_other_factor_as_its_derivative():
    # a × b × 2 at a = 3 (σ 0,4), b = 5 (σ 0,1): ∂/∂a = 10, ∂/∂b = 6; √(4² + 0,6²) = √16,36
    a, b = survey("a", 3, 0.4), survey("b", 5, 0.1)
    assert sampling_error(Product(Ref(a), Ref(b), Const(2))) == pytest.approx(math.sqrt(16.36), rel=1e-12)


def test_a_difference_and_a_complete_count_part():
    # 100 − a + k, k a count without error: only a's σ, whatever its sign
    a, k = survey("a", 20, 1.5), Input("k", "", 7)
    assert sampling_error(Sum(Difference(Const(100), Ref(a)), Ref(k))) == pytest.approx(1.5, rel=1e-12)


def test_one_input_used_twice_is_one_part_with_both_uses():
    # a × a at a = 3, σ 0,1: d(a²)/da = 2a = 6 exactly, σ 0,6 (one input, counted once)
    a = survey("a", 3, 0.1)
    assert sampling_error(Product(Ref(a), Ref(a))) == pytest.approx(0.6, rel=1e-12)


def test_two_equal_inputs_are_two_parts():
    a, twin = survey("a", 3, 0.1), survey("a", 3, 0.1)
    assert a == twin
    assert sampling_error(Sum(Ref(a), Ref(twin))) == pytest.approx(0.1 * math.sqrt(2), rel=1e-12)


def test_no_error_without_a_survey_part_or_without_a_value():
    count = Input("k", "", 5)
    assert sampling_error(Quotient(Ref(count), Const(2))) is None
    a, zero = survey("a", 3, 0.1), Input("z", "", 0)
    assert sampling_error(Quotient(Ref(a), Ref(zero))) is None
    figure = computed("q", "", Quotient(Ref(a), Ref(zero)))
    assert figure.value is None and figure.interval is None


def test_a_survey_part_multiplied_by_zero_adds_no_error():
    a, zero = survey("a", 3, 0.5), Input("z", "", 0)
    assert sampling_error(Product(Ref(a), Ref(zero))) == 0.0


# ---- random calculations against a finite-difference estimate ---------------------------------------

VALUES = st.fractions(min_value=Fraction(1, 2), max_value=Fraction(100), max_denominator=1000)


@st.composite
def calculations(draw):
    """A calculation over 1–4 survey inputs (values away from zero, so no quotient is near a pole)."""
    inputs = [survey(f"x{n}", draw(VALUES), draw(st.floats(min_value=0.01, max_value=5.0)))
              for n in range(draw(st.integers(1, 4)))]

    def term(depth: int):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            if draw(st.booleans()):
                return Ref(draw(st.sampled_from(inputs)))
            return Const(draw(VALUES))
        kind = draw(st.sampled_from(["sum", "product", "quotient", "mean"]))
        if kind == "quotient":
            return Quotient(term(depth - 1), term(depth - 1))
        parts = [term(depth - 1) for _ in range(draw(st.integers(1, 3)))]
        if kind == "mean":
            return Quotient(Sum(*parts), Const(len(parts)))
        return Sum(*parts) if kind == "sum" else Product(*parts)

    return term(3), inputs


def nudged(expression, old: Input, new: Input):
    """The calculation with one input replaced by another."""
    if isinstance(expression, Ref):
        return Ref(new) if expression.input is old else expression
    if isinstance(expression, (Sum, Product)):
        return type(expression)(*(nudged(t, old, new) for t in expression.terms))
    if isinstance(expression, Quotient):
        return Quotient(*(nudged(t, old, new) for t in expression.terms))
    return expression


def finite_difference_error(expression, inputs: list[Input]) -> float:
    """√Σ (Δf/Δxᵢ · seᵢ)² with central differences of a small exact step."""
    variance = 0.0
    for known in inputs:
        step = known.value * Fraction(1, 10**6)
        up = nudged(expression, known, Input(known.symbol, "", known.value + step, "%", se=known.se)).value()
        down = nudged(expression, known, Input(known.symbol, "", known.value - step, "%", se=known.se)).value()
        variance += (float((up - down) / (2 * step)) * known.se) ** 2
    return math.sqrt(variance)


@settings(max_examples=150, deadline=None)
@given(calculations())
def test_the_one_pass_error_equals_a_finite_difference_estimate(calculation):
    expression, inputs = calculation
    if expression.value() is None:
        assert sampling_error(expression) is None
        return
    used = [i for i in inputs if any(r is i for r in expression.refs())]
    found = sampling_error(expression)
    if not used:
        assert found is None
        return
    assert found == pytest.approx(finite_difference_error(expression, used), rel=1e-4, abs=1e-9)
