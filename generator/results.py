"""The tidy table of figures: every published number with its inputs, formula and band."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.config import Organization
from generator.periods import Period
from generator.scales import Band


@dataclass(frozen=True)
class Input:
    symbol: str
    label: str
    value: float | int | None
    unit: str = ""  # "%" for shares, "" for counts and scores


@dataclass(frozen=True)
class Figure:
    """One computed value. `value` is None when the methodology says it is not evaluated."""

    indicator: str
    value: float | None
    formula: str = ""  # with symbols: "Dму = Кзу / Кз × 100 %"
    expression: str = ""  # the right-hand side with {symbol} placeholders, filled from inputs
    inputs: tuple[Input, ...] = ()
    band: Band | None = None
    reason: str = ""  # why not evaluated
    notes: tuple[str, ...] = ()

    @property
    def evaluated(self) -> bool:
        return self.value is not None

    def substituted(self, fmt) -> str:
        """The expression with each {symbol} replaced by its input value formatted by `fmt`."""
        values = {i.symbol: i for i in self.inputs}
        return re.sub(r"\{([^}]+)\}", lambda m: fmt(values[m.group(1)]), self.expression)


@dataclass
class OrganResult:
    period: Period
    organization: Organization
    methodology: str
    monitored: bool
    reason: str = ""  # why not monitored
    figures: dict[str, Figure] = field(default_factory=dict)
    detail: dict = field(default_factory=dict)  # methodology-specific tables for the organ page
    rank: int | None = None

    def value(self, indicator: str) -> float | None:
        figure = self.figures.get(indicator)
        return figure.value if figure else None


@dataclass
class Results:
    methodology: str
    headline: str  # the indicator organs are ranked by
    periods: list[Period]
    organs: list[OrganResult]
    municipal: dict[str, dict[str, Figure]] = field(default_factory=dict)  # period name → figures

    def for_period(self, period: Period) -> list[OrganResult]:
        return [o for o in self.organs if o.period == period]

    def ranked(self, period: Period) -> list[OrganResult]:
        return sorted((o for o in self.for_period(period) if o.monitored),
                      key=lambda o: (o.rank or 10**9, o.organization.name))

    def get(self, period: Period | None, organization_id: str) -> OrganResult | None:
        if period is None:
            return None
        return next((o for o in self.organs if o.period == period and o.organization.id == organization_id), None)

    def history(self, organization_id: str) -> list[OrganResult]:
        return [o for o in self.organs if o.organization.id == organization_id]


def assign_ranks(organs: list[OrganResult], indicator: str) -> None:
    """Rank monitored organs by `indicator`, best first; equal values share a rank (1, 2, 2, 4)."""
    rated = sorted((o for o in organs if o.monitored and o.value(indicator) is not None),
                   key=lambda o: -o.value(indicator))
    for position, organ in enumerate(rated, start=1):
        previous = rated[position - 2] if position > 1 else None
        same = previous is not None and previous.value(indicator) == organ.value(indicator)
        organ.rank = previous.rank if same else position
