"""The ranges of places of every rating: for each ranked organ or service, the places it could take
given the sampling error of the figure it is ranked by (generator/stats/places.py, its default
"pairwise" way: the one that holds the true place in at least 95 % of simulated surveys). The place
itself stays as the act defines it; the range only accompanies it, and always holds it.

A rating is ranked by one figure (`rank_indicator`: the headline),
higher first, equal values sharing the smallest place (results.assign_ranks), all subjects of a period
together or, where the act places them within each sector (`ranks_within_sectors`), each sector apart.

A range is published only where it can be honest:
- the places of the group are exactly what that one figure gives. Dzerzhinsk places by the mean of
  three criteria's places, which no single figure reproduces: its ratings get no range (nothing in
  them is a sample either: inspection sheets and complaints are complete records);
- at least one subject of the group has an interval; otherwise every place is certain and a range
  would only repeat it, so the field stays None.
"""
from __future__ import annotations

from collections.abc import Iterable

from generator.methods import METHODOLOGIES
from generator.results import Assessment, Results
from generator.stats.places import Subject, actual_places, place_ranges


def rank_indicator(method) -> str:
    """The figure a methodology's places are assigned by: its headline (a rating ranked by another rule
    gets no ranges, see ranges_of)."""
    return method.headline


def add_place_ranges(results: Results) -> None:
    """`place_range` of every ranked assessment of every period (None where no range is honest)."""
    for period in results.periods:
        method = METHODOLOGIES[results.methodology_of[period.name]]
        for group in rating_groups(results.ranked(period), method.spec.ranks_within_sectors):
            for assessment, found in ranges_of(group, rank_indicator(method)):
                assessment.place_range = found


def rating_groups(ranked: list[Assessment], within_sectors: bool) -> list[list[Assessment]]:
    """The subjects ranked against each other: all of the period, or each sector apart."""
    if not within_sectors:
        return [ranked] if ranked else []
    sectors: dict[str, list[Assessment]] = {}
    for assessment in ranked:
        sectors.setdefault(assessment.organization.sector, []).append(assessment)
    return [sectors[s] for s in sorted(sectors)]


def _key(assessment: Assessment) -> tuple[str, str]:
    return assessment.organization.id, assessment.service_id or ""


def ranges_of(group: Iterable[Assessment], indicator: str) -> list[tuple[Assessment, tuple[int, int] | None]]:
    """Each subject with its range of places in its group, ranked by `indicator`; all None when the
    group's places do not follow from that figure or no figure of it has an interval."""
    group = sorted(group, key=_key)  # the same subjects in any order give the same ranges
    figures = [a.figures.get(indicator) for a in group]
    nothing = [(a, None) for a in group]
    if any(f is None or f.value is None for f in figures) or all(f.interval is None for f in figures):
        return nothing
    if actual_places([f.value for f in figures]) != [a.rank for a in group]:
        return nothing  # ranked by another rule (a tie-break, the mean of places): no single figure to vary
    found = place_ranges([Subject(_key(a), f.value, f.se) for a, f in zip(group, figures)])
    return [(a, found[_key(a)]) for a in group]
