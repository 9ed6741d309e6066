"""The verdict at the top of an organ's or a service's page: what a citizen wants to know first, said in
plain words and built from the same exact figures as the report below it (the level of the headline
figure, its value, the place, the change and the strongest and weakest part).

What a methodology compares is data in its YAML: `plain:` beside each band of a scale (the level in
everyday words), and `verdict:` (the parts of the whole: figures named in words, or an organ's services,
or a service's points of service, where the headline is their mean; the unit of a change in points; the
headline of a service page when it is not the rating's). Nothing here knows a methodology."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.chart_places import places_text
from generator.render.environment import measure
from generator.results import Assessment
from generator.text_ru import change_in_words, error_moves_nothing, interval_margin, rounded, signed


@dataclass(frozen=True)
class Part:
    """A component of the headline figure, named in words, with its value as printed."""

    name: str
    value: Markup


@dataclass(frozen=True)
class Verdict:
    level: str  # the band in one or two words («Хорошо»); "" where the scale sets no levels
    act_level: str  # the band as the act words it, where that differs from `level`; else ""
    tone: str  # good / fair / poor: the colour of the level (the word is always written too)
    symbol: str  # the headline indicator as the act writes it («Кэф»)
    value: Markup  # the headline value as printed, or «не оценивается»
    meaning: str  # what the headline measures, in one plain line
    place: str  # «6 из 13», «2 из 4 в сфере «Образование»», "" when not ranked
    change: str  # the change in words, or why there is nothing to compare, as a sentence
    strongest: tuple[Part, ...] = ()  # the best part(s); empty where the methodology names no parts
    weakest: tuple[Part, ...] = ()
    margin: str = ""  # «± 3,0 п. п.»: the survey's error beside the value; "" for a figure of complete counts
    # «за 2025 год»: the verdict opens the page, above the lead that names the period, so it names it too
    period: str = ""


def headline_of(method, assessment: Assessment) -> str:
    """The figure a page's verdict is about: a service page may name its own (Ivanovo rates organs by Усз
    and each service has its Ду)."""
    own = method.spec.verdict.service_headline if assessment.service_id else None
    return own or method.headline


def indicator_for(method, assessment: Assessment, code: str):
    """The indicator of a figure code; a family member (`criterion_time`, `kud_phone`) takes its stem's."""
    found = method.indicator_of(assessment, code)
    if found is not None:
        return found
    stems = [c for c in method.indicators if code.startswith(c + "_")]
    return method.indicators[max(stems, key=len)] if stems else None


def change_words(delta, previous, indicator, change_unit: str = "", test=None) -> str:
    """A change in words, from a capital: percentage points for shares, the methodology's word for points
    (`change_unit`), a count as is; rounded as the value itself is printed. With the survey's `test`
    (ChangeTest) a change within the error is never «лучше» or «хуже»: «+0,4 п. п. по сравнению с 2024 годом —
    изменение в пределах погрешности»; a significant one says so: «Лучше, чем в 2024 году: +3,2 п. п. — рост значим»."""
    unit = getattr(indicator, "unit", "%")
    word, decimals = ("п.\u00a0п.", 1) if unit == "%" else (("", 0) if unit == "count" else (change_unit, 2))
    if test is not None and rounded(delta, decimals) != 0 and not test.significant:
        return f"{signed(delta, decimals, word)} по сравнению с {previous.label_instrumental} — {test.wording}"
    words = change_in_words(delta, previous, word, decimals)
    words = words[:1].upper() + words[1:]
    return f"{words} — {test.wording}" if test is not None and rounded(delta, decimals) != 0 else words


def make_verdict(site, method, assessment: Assessment) -> Verdict | None:
    """None for a subject that was not monitored: its page says why instead."""
    if not assessment.monitored:
        return None
    code = headline_of(method, assessment)
    figure = assessment.figures.get(code)
    indicator = indicator_for(method, assessment, code)
    band = figure.band if figure else None
    value = measure(figure.value, indicator) if figure and figure.value is not None else Markup("не оценивается")
    strongest, weakest = _extremes(method, assessment)
    # the plain word, the act's wording where the scale gives none; no level where the scale sets none
    # (a single band, Ivanovo's «Уровень не устанавливается»)
    level = band.word if band and band.levels > 1 else ""
    return Verdict(
        level=level, act_level=band.label if level and band.label != level else "",
        tone=band.tone if band else "fair",
        symbol=indicator.symbol if indicator else code, value=value,
        meaning=indicator.plain if indicator else "",
        place=_place(site, method, assessment), change=_change(site, method, assessment, code, indicator),
        strongest=strongest, weakest=weakest, margin=_margin(figure, indicator, method),
        period=assessment.period.label_genitive)


def _margin(figure, indicator, method) -> str:
    """The short «± …» beside the large value (the page's figure box below gives the exact range)."""
    if figure is None or figure.value is None or figure.interval is None:
        return ""
    if error_moves_nothing(figure.interval, getattr(indicator, "unit", "%")):
        return ""  # the figure box says the survey's error cannot move it
    return interval_margin(figure.interval, getattr(indicator, "unit", "%"), method.spec.verdict.change_unit)


def _place(site, method, assessment: Assessment) -> str:
    if not assessment.rank:
        return ""
    return _place_of(site, method, assessment) + _possible_places(assessment)


def _place_of(site, method, assessment: Assessment) -> str:
    if not method.spec.ranks_within_sectors:
        return f"{assessment.rank} из {site.results.count_ranked(assessment.period)}"
    sector = assessment.organization.sector
    peers = site.ranked_in_sector(assessment.period, sector, assessment.service_id is not None)
    return f"{assessment.rank} из {peers} в сфере «{sector}»"


def _possible_places(assessment: Assessment) -> str:
    """« (возможные места: 3–7)»: the places the survey's error leaves open (compute_ranges.py); nothing
    when it leaves only the place itself, or the rating has no survey figure to vary."""
    found = assessment.place_range
    if found is None or found[0] == found[1]:
        return ""
    return f" (возможные места: {places_text(found)})"


def _change(site, method, assessment: Assessment, code: str, indicator) -> str:
    """From the published change figure (`<code>_change`): its exact value, or its reason for being empty."""
    change = assessment.figures.get(f"{code}_change")
    if change is None:
        return "Сравнить не с чем: изменение по этому показателю не рассчитывается."
    if change.value is None:
        return f"Сравнить не с чем: {change.reason}."
    previous = site.dataset.previous(assessment.period)
    words = change_words(change.value, previous, indicator, method.spec.verdict.change_unit, change.test)
    return words if words.endswith(".") else words + "."  # «п. п.» ends with its own full stop


def _parts(method, assessment: Assessment) -> list[tuple[str, object, object]]:
    """(name, exact value, indicator) of every part with a value: the figures the YAML names, an organ's
    services (`organ_services`) or a service's points of service (`service_points`)."""
    spec = method.spec.verdict
    figures = assessment.figures
    names = dict(spec.service_components if assessment.service_id else spec.organ_components)
    if assessment.service_id and spec.service_points:
        names.update({f"{spec.service_points}_{p.id}": p.name for p in assessment.organization.points})
    found = [(name, figures[code].value, indicator_for(method, assessment, code))
             for code, name in names.items() if code in figures and figures[code].value is not None]
    if not assessment.service_id and spec.organ_services:
        for service in assessment.detail.get(spec.organ_services) or ():
            code = headline_of(method, service)
            figure = service.figures.get(code)
            if figure is not None and figure.value is not None:
                found.append((service.service_name, figure.value, indicator_for(method, service, code)))
    return found


def _extremes(method, assessment: Assessment) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """The parts with the highest and the lowest value; none when fewer than two parts have a value or
    all are equal (nothing stands out)."""
    valued = _parts(method, assessment)
    if len(valued) < 2:
        return (), ()
    high, low = max(v for _, v, _ in valued), min(v for _, v, _ in valued)
    if high == low:
        return (), ()

    def parts(target) -> tuple[Part, ...]:
        return tuple(Part(name, measure(v, ind)) for name, v, ind in valued if v == target)

    return parts(high), parts(low)
