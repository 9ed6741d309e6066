"""The tidy table of figures: every published number with its inputs, formula and band."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from generator.config import Organization
from generator.periods import Period
from generator.figures import Figure, Input, mean  # Figure, Input re-exported: the plugins' vocabulary


@dataclass
class Assessment:
    """What a methodology says about one organ, or one service of it, in one period."""

    period: Period
    organization: Organization
    methodology: str
    monitored: bool
    reason: str = ""  # why not monitored
    figures: dict[str, Figure] = field(default_factory=dict)
    detail: dict = field(default_factory=dict)  # methodology-specific tables for the page
    rank: int | None = None
    # the places it could take given the sampling error of its ranking figures, (lowest, highest), holding `rank`
    # (generator/compute_ranges.py); None where the error of the figure it is ranked by is unknown
    place_range: tuple[int, int] | None = None
    service_id: str | None = None  # set when the subject is a service
    service_name: str = ""
    # figures of the documents inside the period that the act also wants published, by a stable id
    # (Dzerzhinsk: each assessment sheet, "inspection-2025-08-14" / "self-2025-09-30"); open data
    # prints the id in the `part` column
    parts: dict[str, dict[str, Figure]] = field(default_factory=dict)

    def value(self, indicator: str) -> Fraction | None:
        figure = self.figures.get(indicator)
        return figure.value if figure else None

    @property
    def subject_name(self) -> str:
        return self.service_name or self.organization.name

    @property
    def page(self) -> str:
        """The Markdown source of this assessment's page."""
        if self.service_id:
            return f"services/{self.service_id}/{self.period.name}.md"
        return f"organs/{self.organization.id}/{self.period.name}.md"


@dataclass
class Results:
    periods: list[Period]
    assessments: list[Assessment]
    methodology_of: dict[str, str]  # period name → code of the methodology it was computed under
    municipal: dict[str, dict[str, Figure]] = field(default_factory=dict)  # period name → figures
    # the assessments by period and by subject, for the look-ups every page makes (see _index)
    _indexed: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> tuple[dict, dict]:
        """(period → its assessments, (organ id, service id) → its assessments), each in the order of
        `assessments`. Why: every page looks up its subject's history, previous period and the
        period's ranking; scanning every assessment for each would make a site of a few hundred organs
        quadratic. Rebuilt when `assessments` is another list or has another length (the list is filled
        once, by the methodology's compute or Results.merge, before the first look-up; keying on every
        assessment's id cost 9 s of a 400-organ build, 20 000 look-ups × 22 000 ids)."""
        if (self._indexed is None or self._indexed[0][0] is not self.assessments
                or self._indexed[0][1] != len(self.assessments)):
            by_period: dict[Period, list[Assessment]] = {}
            by_subject: dict[tuple[str, str | None], list[Assessment]] = {}
            for a in self.assessments:
                by_period.setdefault(a.period, []).append(a)
                by_subject.setdefault((a.organization.id, a.service_id), []).append(a)
            self._indexed = ((self.assessments, len(self.assessments)), by_period, by_subject, {})
        return self._indexed[1], self._indexed[2]

    @property
    def organs(self) -> list[Assessment]:
        return [a for a in self.assessments if a.service_id is None]

    @property
    def services(self) -> list[Assessment]:
        return [a for a in self.assessments if a.service_id is not None]

    def for_period(self, period: Period) -> list[Assessment]:
        return [o for o in self._index()[0].get(period, ()) if o.service_id is None]

    def services_in(self, period: Period, organization_id: str | None = None) -> list[Assessment]:
        return [s for s in self._index()[0].get(period, ()) if s.service_id is not None
                and (organization_id is None or s.organization.id == organization_id)]

    def ranked(self, period: Period) -> list[Assessment]:
        """Everything that got a rank in the period (organs or services, as the methodology rates)."""
        return sorted((a for a in self._index()[0].get(period, ()) if a.rank is not None),
                      key=lambda a: (a.rank, a.subject_name))

    def count_ranked(self, period: Period) -> int:
        """len(ranked(period)) without sorting: every organ page prints «место N из M», so it is counted
        once per period (with the index: the places are given in compute, before any page looks)."""
        by_period, counted = self._index()[0], self._indexed[3]
        if period not in counted:
            counted[period] = sum(1 for a in by_period.get(period, ()) if a.rank is not None)
        return counted[period]

    def get(self, period: Period | None, organization_id: str, service_id: str | None = None) -> Assessment | None:
        if period is None:
            return None
        return next((a for a in self._index()[1].get((organization_id, service_id), ()) if a.period == period), None)

    def history(self, organization_id: str, service_id: str | None = None) -> list[Assessment]:
        return list(self._index()[1].get((organization_id, service_id), ()))

    @classmethod
    def merge(cls, parts: list["Results"]) -> "Results":
        periods = sorted({p for part in parts for p in part.periods})
        merged = cls(periods, [], {}, {})
        for part in parts:
            merged.assessments.extend(part.assessments)
            merged.methodology_of.update(part.methodology_of)
            merged.municipal.update(part.municipal)
        merged.assessments.sort(key=lambda a: a.period)
        return merged


def reference_mean(code: str, formula: str, assessments: list[Assessment], indicator: str, reason: str,
                   symbol: str = "", unit: str = "") -> Figure:
    """A reference mean of `indicator` over the assessments that have it — an organ's or the
    municipality's average, which the acts do not define: each organ or service weighs the same.
    Parts are named `symbol`1, `symbol`2, … or, without a symbol, by the organ's short name."""
    rated = [a for a in assessments if a.value(indicator) is not None]
    parts = [Input(f"{symbol}{n}" if symbol else a.organization.display_name, a.subject_name, a.value(indicator), unit,
                   a.figures[indicator].se)  # each subject's own respondents: its survey error is carried
             for n, a in enumerate(rated, start=1)]
    return mean(code, formula, parts, reason)


def assign_ranks(assessments: list[Assessment], indicator: str) -> None:
    """Rank monitored subjects by `indicator`, best first; equal values share a rank (1, 2, 2, 4)."""
    rated = sorted((o for o in assessments if o.monitored and o.value(indicator) is not None),
                   key=lambda o: -o.value(indicator))
    for position, organ in enumerate(rated, start=1):
        previous = rated[position - 2] if position > 1 else None
        same = previous is not None and previous.value(indicator) == organ.value(indicator)
        organ.rank = previous.rank if same else position
