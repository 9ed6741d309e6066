"""The figure algebra every methodology computes with.

A figure's value and the calculation its page prints come from one expression tree: the tree
computes the exact value (fractions, never floats) and writes itself out with the inputs'
symbols or values, so the printed calculation cannot disagree with the published number.

Building blocks: `Ref` (an input), `Const`, `Sum`, `Difference`, `Product`, `Quotient`; and the
figures the acts use, built from them: `share`, `mean`, `weighted_mean`, `ratio`, `capped`,
`count_figure`, and `not_evaluated` with its reason.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from generator.exact import exact, exact_sum
from generator.scales import Band

if TYPE_CHECKING:
    from generator.stats.changes import ChangeTest
    from generator.stats.intervals import Interval


def _plain(value):
    """An input keeps whole counts as ints (they print without decimals); any other number is exact.
    A float is refused: it would carry binary noise into a figure."""
    if value is None or type(value) is int or isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise TypeError(f"figures are exact: got the float {value!r}; pass the decimal input (Fraction)")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)  # also numpy integers
    return exact(value)


@dataclass(frozen=True)
class Input:
    symbol: str
    label: str
    value: int | Fraction | None
    unit: str = ""  # "%" for shares, "" for counts and scores
    # the standard error of a value estimated from a survey (in the input's unit); None for a complete
    # count (requests, complaints), which has no sampling error
    se: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _plain(self.value))


# ---- expressions ------------------------------------------------------------------
Show = Callable[[Input], str]  # how a page writes an input's value


class Term:
    """A node of a calculation: it knows its exact value and how to write itself."""

    precedence = 3  # 1: + and −, 2: × and /, 3: atoms

    def value(self) -> Fraction | None:
        raise NotImplementedError

    def text(self, show: Show) -> str:
        raise NotImplementedError

    def refs(self) -> list[Input]:
        return []

    def symbolic(self) -> str:
        """With symbols in braces: `{Кзу} / {Кз} × 100`."""
        return self.text(lambda i: "{" + i.symbol + "}")

    def _wrapped(self, show: Show, above: int, right: bool = False) -> str:
        inner = self.text(show)
        needs = self.precedence < above or (right and self.precedence == above and above < 3)
        return f"({inner})" if needs else inner


@dataclass(frozen=True)
class Ref(Term):
    input: Input

    def value(self) -> Fraction | None:
        return exact(self.input.value)

    def text(self, show: Show) -> str:
        return show(self.input)

    def refs(self) -> list[Input]:
        return [self.input]


@dataclass(frozen=True)
class Const(Term):
    number: Fraction | int
    shown: str = ""  # how the number is written, when not as a plain decimal

    def value(self) -> Fraction:
        return exact(self.number)

    def text(self, show: Show) -> str:
        from generator.text_ru import decimal

        return self.shown or decimal(self.number)


@dataclass(frozen=True)
class _Operation(Term):
    terms: tuple[Term, ...]
    sign: str = ""

    def refs(self) -> list[Input]:
        return [r for t in self.terms for r in t.refs()]

    def text(self, show: Show) -> str:
        first, *rest = self.terms
        parts = [first._wrapped(show, self.precedence)]
        parts += [t._wrapped(show, self.precedence, right=True) for t in rest]
        return f" {self.sign} ".join(parts)

    def values(self) -> list[Fraction] | None:
        values = [t.value() for t in self.terms]
        return None if any(v is None for v in values) else values

    def value(self):
        values = self.values()
        return None if values is None else self.combine(values)

    def combine(self, values: list[Fraction]) -> Fraction | None:
        """The operation on its terms' values (None: not evaluated)."""
        raise NotImplementedError

    def partials(self, values: list[Fraction]) -> list[Fraction | int]:
        """∂(the operation)/∂(each term) at the terms' `values`, which `combine` gives a value."""
        raise NotImplementedError


class Sum(_Operation):
    precedence = 1

    def __init__(self, *terms: Term):
        super().__init__(tuple(terms), "+")

    def combine(self, values):
        return exact_sum(values)

    def partials(self, values):
        return [1] * len(values)


class Difference(_Operation):
    precedence = 1

    def __init__(self, minuend: Term, subtrahend: Term):
        super().__init__((minuend, subtrahend), "−")

    def combine(self, values):
        return values[0] - values[1]

    def partials(self, values):
        return [1, -1]


class Product(_Operation):
    precedence = 2

    def __init__(self, *terms: Term):
        super().__init__(tuple(terms), "×")

    def combine(self, values):
        return math.prod(values[1:], start=values[0]) if values else Fraction(1)

    def partials(self, values):
        # the product of the other factors, from running products on each side (a factor may be zero)
        before, after = [Fraction(1)], [Fraction(1)]
        for v in values[:-1]:
            before.append(before[-1] * v)
        for v in reversed(values[1:]):
            after.append(after[-1] * v)
        return [b * a for b, a in zip(before, reversed(after))]


class Quotient(_Operation):
    """A division; its value is None (not evaluated) when the divisor is zero."""

    precedence = 2

    def __init__(self, dividend: Term, divisor: Term):
        super().__init__((dividend, divisor), "/")

    def combine(self, values):
        return None if not values[1] else values[0] / values[1]

    def partials(self, values):
        dividend, divisor = values
        return [1 / divisor, -dividend / (divisor * divisor)]


def mean_term(terms: Sequence[Term]) -> Term:
    """(a + b + c) / 3; a single term stands for itself."""
    if len(terms) == 1:
        return terms[0]
    return Quotient(Sum(*terms), Const(len(terms)))


def refs(inputs: Iterable[Input]) -> list[Term]:
    return [Ref(i) for i in inputs]


# ---- figures ----------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One computed value. `value` is None when the methodology says it is not evaluated."""

    indicator: str
    value: Fraction | None
    formula: str = ""  # with symbols: "Dму = Кзу / Кз × 100 %"
    expression: Term | None = None  # what computed `value`; None for a value that is not evaluated
    inputs: tuple[Input, ...] = ()
    band: Band | None = None
    reason: str = ""  # why not evaluated
    notes: tuple[str, ...] = field(default_factory=tuple)
    # the confidence interval of a figure estimated from a survey, or carried to it from the survey figures
    # it is computed from (`computed`); None for a figure of complete counts
    interval: Interval | None = None
    # on a change figure (`<code>_change`): whether the change is more than the surveys' error
    test: ChangeTest | None = None

    def __post_init__(self) -> None:
        if isinstance(self.value, float):
            raise TypeError(f"figure {self.indicator}: figures are exact, got the float {self.value!r}")
        if self.value is not None and not isinstance(self.value, Fraction):
            object.__setattr__(self, "value", exact(self.value))

    @property
    def evaluated(self) -> bool:
        return self.value is not None

    @property
    def se(self) -> float | None:
        """The standard error its interval implies (None without an interval): what a figure computed
        from this one inherits through `as_input`."""
        if self.interval is None:
            return None
        from generator.stats.intervals import standard_error

        return standard_error(self.interval)

    def substituted(self, show: Show) -> str:
        """The calculation with each input written by `show`."""
        return self.expression.text(show) if self.expression is not None else ""

    @property
    def symbolic(self) -> str:
        return self.expression.symbolic() if self.expression is not None else ""


def computed(indicator: str, formula: str, expression: Term, inputs: Iterable[Input] | None = None,
             reason: str = "", notes: Iterable[str] = ()) -> Figure:
    """The figure whose value is `expression`'s; not evaluated (with `reason`) when that has no value.
    `inputs` are the ones listed under the calculation; by default those the expression uses."""
    from generator.stats.propagation import carried_interval, evaluated  # it imports this module

    used = expression.refs()
    listed = tuple(dict.fromkeys(used)) if inputs is None else tuple(inputs)
    values: dict[int, Fraction] = {}  # every node's value: the error's gradient pass needs them again
    value = evaluated(expression, values)
    if value is None:
        return Figure(indicator, None, formula, None, listed, reason=reason, notes=tuple(notes))
    return Figure(indicator, value, formula, expression, listed, notes=tuple(notes),
                  interval=carried_interval(expression, value, used, values))


def not_evaluated(indicator: str, formula: str, reason: str, inputs: Iterable[Input] = (),
                  notes: Iterable[str] = ()) -> Figure:
    return Figure(indicator, None, formula, None, tuple(inputs), reason=reason, notes=tuple(notes))


def share(indicator: str, formula: str, part: Input, whole: Input, reason: str) -> Figure:
    """part / whole × 100 %; not evaluated when the whole is zero."""
    return computed(indicator, formula, Product(Quotient(Ref(part), Ref(whole)), Const(100)), reason=reason)


def ratio(indicator: str, formula: str, dividend: Input, divisor: Input, reason: str) -> Figure:
    """dividend / divisor; not evaluated when the divisor is zero."""
    return computed(indicator, formula, Quotient(Ref(dividend), Ref(divisor)), reason=reason)


def mean(indicator: str, formula: str, parts: Sequence[Input], reason: str,
         left_out: Iterable[str] = ()) -> Figure:
    """The arithmetic mean of the parts that have a value; `left_out` notes name the parts a composite
    had to leave out. Not evaluated when no part has a value."""
    evaluated = [p for p in parts if p.value is not None]
    notes = tuple(left_out)
    if not evaluated:
        return not_evaluated(indicator, formula, reason, parts, notes)
    return computed(indicator, formula, mean_term(refs(evaluated)), notes=notes)


def weighted_mean(indicator: str, formula: str, pairs: Sequence[tuple[Input, Input]], reason: str,
                  inputs: Iterable[Input] | None = None) -> Figure:
    """Σ value × weight / Σ weight over (value, weight) pairs whose value is given; not evaluated when
    the weights add up to zero."""
    given = [(v, w) for v, w in pairs if v.value is not None]
    if not given:
        return not_evaluated(indicator, formula, reason, inputs or ())
    dividend = Sum(*(Product(Ref(v), Ref(w)) for v, w in given)) if len(given) > 1 else \
        Product(Ref(given[0][0]), Ref(given[0][1]))
    divisor = Sum(*(Ref(w) for _, w in given)) if len(given) > 1 else Ref(given[0][1])
    return computed(indicator, formula, Quotient(dividend, divisor), inputs, reason=reason)


def capped(indicator: str, formula: str, expression: Term, cap: Fraction | int, notes: Iterable[str] = (),
           inputs: Iterable[Input] | None = None) -> Figure:
    """A product or sum that the act does not let exceed `cap` (e.g. 100 %): min(expression, cap).
    The note says when the cap applied."""
    figure = computed(indicator, formula, expression, inputs, notes=notes)
    if figure.value is not None and figure.value > cap:
        from generator.text_ru import decimal

        return Figure(indicator, exact(cap), formula, expression, figure.inputs,
                      notes=figure.notes + (f"значение ограничено наибольшим возможным ({decimal(cap)})",))
    return figure


def count_figure(indicator: str, formula: str, count: Input) -> Figure:
    """A count published as a figure (complaints, violations): the value is the count itself."""
    return computed(indicator, formula, Ref(count))


def as_input(figure: Figure, symbol: str, unit: str = "%") -> Input:
    """A figure used as an input of another: its exact value under a symbol, with its sampling error. It is
    labelled with the figure's code, which `named_inputs` replaces by the indicator's name from the
    methodology's YAML: the arithmetic does not know the act's words."""
    return Input(symbol, figure.indicator, figure.value, unit, figure.se)


def named_inputs(figure: Figure, names: Mapping[str, str]) -> Figure:
    """The figure whose inputs labelled with an indicator's code (`as_input`) are labelled with its name
    (`names`: code → name): the «Что это» column of a calculation is read by a citizen, not a program."""
    inputs = tuple(replace(i, label=names[i.label]) if i.label in names else i for i in figure.inputs)
    return figure if inputs == figure.inputs else replace(figure, inputs=inputs)


def change_figure(code: str, symbol: str, now: Figure, before: Figure | None, previous, unit: str = "%") -> Figure:
    """The change against the previous comparable period (`previous`, a Period, or None when there is
    none): in percentage points for shares, in the indicator's own unit otherwise."""
    base = symbol.removeprefix("Δ")
    formula = f"{symbol} = {base} (период) − {base} (прошлый период)"
    if previous is None:
        return not_evaluated(code, formula, "нет прошлого периода того же вида для сравнения")
    if before is None:
        return not_evaluated(code, formula, f"значения {previous.label_genitive} нет")
    inputs = (Input(f"{base} сейчас", "Значение за период", now.value, unit),
              Input(f"{base} ранее", f"Значение {previous.label_genitive}", before.value, unit))
    which = "в этом периоде" if now.value is None else previous.label_genitive
    return computed(code, formula, Difference(Ref(inputs[0]), Ref(inputs[1])),
                    reason=f"значение {which} не оценивается")
