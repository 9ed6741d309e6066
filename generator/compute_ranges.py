"""The ranges of places of every rating: for each ranked organ or service, the places it could take
given the sampling error of the figures it is ranked by (generator/stats/places.py, its default
"pairwise" way: the one that holds the true place in at least 95 % of simulated surveys, also when
many subjects are nearly equal, where the seeded simulation does not). The place itself stays as the
act defines it; the range only accompanies it, and always holds it.

The subjects ranked against each other are all of a period or, where the act places them within each
sector (`ranks_within_sectors`), each sector apart. Each group is ranged by its methodology's own rule:

- by one figure (the headline), higher first, equal values sharing the smallest place
  (results.assign_ranks): ranged by that figure and its standard error. A group with no interval at all gets no
  range (None): its figures' error is unknown (a survey without its count of respondents), and a range
  would only repeat the place;
- by a rule of its own over several figures (`rank_figures`: Dzerzhinsk places by the mean of three
  criteria's places, ties broken by the summary score): when none of those figures has sampling error
  (complaints, violations found and the inspection sheets are complete records), the place is certain
  and the range is the place alone. Were one of them a survey figure with an interval, the rule would
  have to be applied to the figures' possible values, which the plugin does not provide: no range is
  made up (None).

A group whose places do not follow from its headline (a rule the methodology does not declare) gets no
range either.
"""
from __future__ import annotations

from collections.abc import Iterable

from generator.methods import METHODOLOGIES
from generator.results import Assessment, Results
from generator.stats.places import Subject, actual_places, place_ranges

Found = list[tuple[Assessment, tuple[int, int] | None]]


def add_place_ranges(results: Results) -> None:
    """`place_range` of every ranked assessment of every period (None where no range is honest)."""
    for period in results.periods:
        method = METHODOLOGIES[results.methodology_of[period.name]]
        for group in rating_groups(results.ranked(period), method.spec.ranks_within_sectors):
            for assessment, found in ranges_of(group, method):
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


def ranges_of(group: Iterable[Assessment], method) -> Found:
    """Each subject of one rating group with its range of places (None where none is honest)."""
    group = sorted(group, key=_key)  # the same subjects in any order give the same ranges
    if method.rank_figures:
        return _by_own_rule(group, method.rank_figures)
    return _by_headline(group, method.headline)


def _by_own_rule(group: list[Assessment], codes: tuple[str, ...]) -> Found:
    """Figures without sampling error place for certain: the act's place is the only one possible."""
    if any(a.figures[c].interval is not None for a in group for c in codes if c in a.figures):
        return [(a, None) for a in group]
    return [(a, (a.rank, a.rank)) for a in group]


def _by_headline(group: list[Assessment], indicator: str) -> Found:
    figures = [a.figures.get(indicator) for a in group]
    nothing = [(a, None) for a in group]
    if any(f is None or f.value is None for f in figures) or all(f.interval is None for f in figures):
        return nothing
    if actual_places([f.value for f in figures]) != [a.rank for a in group]:
        return nothing  # placed by a rule the methodology does not declare: no figure to range it by
    found = place_ranges([Subject(_key(a), f.value, f.se) for a, f in zip(group, figures)])
    return [(a, found[_key(a)]) for a in group]
