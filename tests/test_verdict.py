"""The verdict at the top of organ and service pages (render/verdict.py), the plain words of every
methodology's YAML, and changes said in words: built from the exact figures, never a second calculation."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.periods import parse_period
from generator.render.environment import measure
from generator.render.site import SiteRenderer
from generator.render.verdict import headline_of, make_verdict
from generator.text_ru import change_in_words
from tests.helpers import FIXTURES

BUILT_IN = ("kaluga", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk")


# ---- words -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("2024", "в 2024 году"), ("2025-H1", "в I полугодии 2025 года"), ("2025-Q3", "в III квартале 2025 года")])
def test_a_period_is_named_in_the_prepositional(name, words):
    assert parse_period(name).label_prepositional == words


def test_a_change_is_better_worse_or_none_as_printed():
    before = parse_period("2024")
    assert change_in_words(Fraction(32, 10), before, "п.\u00a0п.") == "лучше, чем в 2024 году: +3,2\u00a0п.\u00a0п."
    assert change_in_words(Fraction(-1), parse_period("2025-Q3"), "балла", 2) == \
        "хуже, чем в III квартале 2025 года: \u22121,00\u00a0балла"
    # rounds to zero where it is printed: no «лучше» beside «+0,0»
    assert change_in_words(Fraction(1, 100), before, "п.\u00a0п.", 1) == "без изменений по сравнению с 2024 годом"
    assert change_in_words(Fraction(-2), before).startswith("хуже, чем в 2024 году")


@pytest.mark.parametrize("code", BUILT_IN)
def test_every_band_of_a_level_scale_and_every_indicator_has_plain_words(code):
    method = METHODOLOGIES[code]
    for indicator in method.indicators.values():
        assert indicator.plain, f"{code}: indicator {indicator.code} has no `plain:` explanation"
    # the scales of the figures a verdict or a home card names; a scale of one band sets no levels (Ivanovo)
    scales = {method.indicators[c].scale for c in (method.headline, *method.summary)} - {None}
    for scale in (method.scales[s] for s in scales if len(method.scales[s].bands) > 1):
        for band in scale.bands:
            assert band.plain and len(band.plain.split()) <= 3, f"{code}: {scale.code}/{band.code}: «{band.plain}»"


@pytest.mark.parametrize("code", BUILT_IN)
def test_components_named_in_the_yaml_are_figures_the_methodology_computes(code):
    """A typo in `verdict:` would silently name no strongest or weakest part."""
    method = METHODOLOGIES[code]
    spec = method.spec.verdict
    stems = set(method.indicators)
    for part in (*spec.organ_components, *spec.service_components, *filter(None, [spec.service_headline])):
        assert part in stems or any(part.startswith(s + "_") for s in stems), f"{code}: {part}"


# ---- the verdict from the figures ----------------------------------------------------------------

def _site(name: str) -> SiteRenderer:
    report, dataset = check(FIXTURES / name)
    assert report.ok, report.as_text()
    results = compute(dataset)
    method = METHODOLOGIES[dataset.site.methodology]
    return SiteRenderer(dataset, results, method, dt.date(2026, 11, 23), None)


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_the_verdict_says_what_the_figures_say(fixture):
    site = _site(fixture)
    seen = 0
    for subject in site.results.assessments:
        method = site.method_for(subject.period)
        verdict = make_verdict(site, method, subject)
        if not subject.monitored:
            assert verdict is None
            continue
        seen += 1
        figure = subject.figures.get(headline_of(method, subject))
        if figure is not None and figure.value is not None:
            assert str(verdict.value) == str(measure(figure.value, method.indicator_of(subject, figure.indicator)
                                                     or method.indicators[figure.indicator]))
            assert verdict.level == (figure.band.plain if figure.band else "")
        else:
            assert str(verdict.value) == "не оценивается"
        if subject.rank:
            assert verdict.place.startswith(f"{subject.rank} из ")
        else:
            assert verdict.place == ""
        change = subject.figures.get(f"{headline_of(method, subject)}_change")
        if change is not None and change.value is not None:
            assert verdict.change.split(",")[0] in ("Лучше", "Хуже") or verdict.change.startswith("Без изменений")
            assert verdict.change.startswith("Лучше") == (change.value > 0 and not verdict.change.startswith("Без"))
        else:
            assert verdict.change.startswith("Сравнить не с чем")
        assert bool(verdict.strongest) == bool(verdict.weakest)
    assert seen


def test_the_strongest_and_the_weakest_part_are_the_highest_and_lowest_of_the_named_components():
    site = _site("minimal")
    method = METHODOLOGIES["kaluga"]
    names = method.spec.verdict.organ_components
    for organ in (a for a in site.results.organs if a.monitored):
        verdict = make_verdict(site, method, organ)
        values = {names[c]: organ.value(c) for c in names if organ.value(c) is not None}
        if len(set(values.values())) < 2:
            assert not verdict.strongest
            continue
        assert {p.name for p in verdict.strongest} == {n for n, v in values.items() if v == max(values.values())}
        assert {p.name for p in verdict.weakest} == {n for n, v in values.items() if v == min(values.values())}


def test_places_per_sector_count_the_sector():
    site = _site("dzerzhinsk")
    method = METHODOLOGIES["dzerzhinsk"]
    for organ in (a for a in site.results.organs if a.rank):
        peers = [a for a in site.results.ranked(organ.period)
                 if a.service_id is None and a.organization.sector == organ.organization.sector]
        assert make_verdict(site, method, organ).place == \
            f"{organ.rank} из {len(peers)} в сфере «{organ.organization.sector}»"
