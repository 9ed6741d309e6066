"""A digest (generator/digests.py) names each class where it first occurs in the pickle and refers to that
occurrence afterwards: two values still have the same digest exactly when they are equal, classes
included (an Input where there was a Ref is another figure), however their objects are shared."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import example, given, strategies as st

from generator.digests import digest


@dataclass(frozen=True)
class Input:
    value: object


@dataclass(frozen=True)
class Ref:  # the same fields as Input: only the class tells them apart
    value: object


def plain(value):
    """The value as data with every class named: what equality of digests must follow."""
    if isinstance(value, (Input, Ref)):
        return (type(value).__name__, plain(value.value))
    if isinstance(value, type):
        return ("class", value.__name__)
    if isinstance(value, list):
        return [plain(item) for item in value]
    return ("fraction", value.numerator, value.denominator) if isinstance(value, Fraction) else value


leaves = st.fractions() | st.integers(-3, 3) | st.sampled_from([Fraction, Input, Ref, int])
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | inner.map(Input) | inner.map(Ref),
                      max_leaves=10)


@example([Input(1), Ref(1), Input(1)], [Input(1), Ref(1), Ref(1)])
@example([Fraction, Input, Fraction], [Fraction, Input, Input])
@example([Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(2, 4)])
@given(values, values)
def test_two_values_have_the_same_digest_exactly_when_they_are_equal_classes_and_all(one, other):
    assert (digest(one) == digest(other)) == (plain(one) == plain(other))


@given(values)
def test_a_digest_with_classes_does_not_depend_on_how_the_objects_are_shared(value):
    assert digest([value, value]) == digest([value, copy.deepcopy(value)]) == digest(copy.deepcopy([value, value]))


def test_a_class_that_cannot_be_named_has_no_digest():
    @dataclass
    class Local:
        value: int

    assert digest([Input(1), Local(1)]) is None
