"""Stage 3: every period computed under the methodology in force for it, then what every act asks
of a rating alike: each rated unit's change against the previous comparable period."""
from __future__ import annotations

from dataclasses import replace

from generator.collector import without_cycle_collection
from generator.compute_ranges import add_place_ranges
from generator.dataset import Dataset
from generator.figures import change_figure
from generator.methods import METHODOLOGIES
from generator.results import Results
from generator.stats.changes import untested
from generator.stats.propagation import change_test


def compute(dataset: Dataset) -> Results:
    # The figures make millions of short-lived fractions (freed by reference counting) and keep a million
    # objects to the end of the build: each collection during compute would scan all those kept so far
    # again (400 organs: 7 s instead of 4,5 s), and the first one after it all of them once more (0,4 s).
    with without_cycle_collection(keep_old=True):
        in_use = dict.fromkeys(p.methodology for p in dataset.periods)
        results = Results.merge([
            METHODOLOGIES[code].compute(dataset, [p for p in dataset.periods if p.methodology == code])
            for code in in_use])
        add_changes(dataset, results)
        add_place_ranges(results)
        print_formulas_from_methodology(results)
    return results


def print_formulas_from_methodology(results: Results) -> None:
    """The formula a figure prints is the one its methodology's YAML states, which the methodology
    page prints too: one text, so the two pages cannot disagree. Figures of a family (`kud_phone`)
    and of documents keep the formula of their own calculation."""
    def restated(method, assessment, figures: dict) -> None:
        for code, figure in figures.items():
            indicator = method.indicator_of(assessment, code)
            if indicator is not None and indicator.formula and figure.formula != indicator.formula:
                figures[code] = replace(figure, formula=indicator.formula)

    for assessment in results.assessments:
        method = METHODOLOGIES[assessment.methodology]
        restated(method, assessment, assessment.figures)
        for figures in assessment.parts.values():
            restated(method, assessment, figures)


def change_code(indicator: str) -> str:
    return f"{indicator}_change"


def add_changes(dataset: Dataset, results: Results) -> None:
    """`<code>_change` of the methodology's changing figures (by default its headline) for every organ or
    service, and for the municipal figures: against the previous period of the same kind computed under the same
    methodology (figures of different acts are not comparable). A plugin that computes its own
    change figure keeps it."""
    by_key = {(a.period.name, a.organization.id, a.service_id): a for a in results.assessments}
    for assessment in results.assessments:
        method = METHODOLOGIES[assessment.methodology]
        previous = _comparable(dataset, results, assessment.period, assessment.methodology)
        before = by_key.get((previous.name, assessment.organization.id, assessment.service_id)) if previous else None
        _add_change(method, assessment.figures, before.figures if before else None, previous)
    for period in results.periods:
        code = results.methodology_of[period.name]
        previous = _comparable(dataset, results, period, code)
        _add_change(METHODOLOGIES[code], results.municipal.get(period.name, {}),
                    results.municipal.get(previous.name) if previous else None, previous,
                    lambda indicator: _sampled(results, [period, previous], indicator))


def _comparable(dataset: Dataset, results: Results, period, methodology: str):
    previous = dataset.previous(period)
    return previous if previous is not None and results.methodology_of.get(previous.name) == methodology else None


def _sampled(results: Results, periods: list, indicator: str) -> bool:
    """Whether a municipal mean of the two periods averages survey figures: some organ's or service's
    figure has a survey error. Its own interval may still be missing (a part's error is unknown)."""
    return any((f := a.figures.get(indicator)) is not None and f.interval is not None
               for period in periods if period is not None
               for a in (*results.for_period(period), *results.services_in(period)))


def _add_change(method, figures: dict, before: dict | None, previous, sampled=lambda indicator: False) -> None:
    """`sampled(code)`: whether the figures average survey figures even where they carry no interval (the
    municipal means): their change is then untested rather than exact."""
    for code in method.change_indicators or (method.headline,):
        if code not in figures or change_code(code) in figures:
            continue
        indicator = method.indicators[code]
        earlier = (before or {}).get(code)
        change = change_figure(change_code(code), f"Δ{indicator.symbol}", figures[code], earlier, previous,
                               indicator.unit)
        if change.value is not None and earlier is not None:
            test = change_test(earlier.interval, figures[code].interval, change.value)
            if test is None and sampled(code):
                test = untested(change.value)
            change = replace(change, test=test)
        figures[change_code(code)] = change
