"""The rating page's two sections on the survey error, after its bar chart: the range chart of places
(each subject's place and the places it could take, generator/compute_ranges.py) and the funnel plot
(each subject's survey figure against the number asked, with the limits chance alone leaves around
the mean of all respondents; a methodology whose survey is not in its rating draws it on its own survey
page). Neither changes a figure, a level or a place."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.chart_places import FunnelSubject, funnel_chart, places_text, position_text, range_chart
from generator.charts import Chart
from generator.chart_specs import _shown
from generator.results import Assessment
from generator.stats.funnel import LEVELS, asked_of, funnel_limits, funnel_sizes
from generator.text_ru import NBSP, decimal


@dataclass(frozen=True)
class Funnel:
    chart: Chart
    target: str  # the mean of all respondents, as printed: «81,0 %»
    outside: tuple[str, ...]  # «Управление «Альфа» — выше границы 99,8 %», in the order of places
    scale_note: str  # how the limits were drawn when the figure is not a share of one survey; else ""
    left_out: tuple[str, ...]  # subjects with the figure but no count of respondents: not drawn


def place_sections(site, period, ranked: list[Assessment]) -> dict:
    """What the rating template's sections «Возможные места» and «Воронка» need (None: no section)."""
    method = site.method_for(period)
    ranged = [a.place_range for a in ranked if a.place_range is not None]
    return {"places_chart": _range_section(site, method, period, ranked),
            # every range the place alone, in a rating by survey figures: said in words, not drawn
            "places_certain": bool(ranged) and all(low == high for low, high in ranged) and not method.rank_figures,
            "funnel": funnel_section(site, method, period, ranked) if method.funnel_page == "rating" else None,
            "places_text": places_text}


def _name(assessment: Assessment) -> str:
    return assessment.service_name or assessment.organization.display_name


def _range_section(site, method, period, ranked: list[Assessment]) -> Chart | None:
    shown = [a for a in ranked if a.place_range is not None]
    if all(low == high for low, high in (a.place_range for a in shown)):
        return None  # no range wider than the place itself (or none at all): a chart of dots says nothing
    return site.chart(range_chart(
        f"charts/rating-{period.name}-places.svg", f"Место и возможные места {method.rated_genitive}, {period.label}",
        [_name(a) for a in shown], [a.rank for a in shown], [a.place_range for a in shown], method.rated_label))


def funnel_scale(method, code: str, figures: list) -> tuple[str, Fraction, Fraction]:
    """(kind, low, high) of stats.funnel: "share" when every figure is a share of one survey (Wilson);
    otherwise "mean" on the indicator's scale, whose largest possible spread gives the widest limits."""
    if all(f.interval is not None and f.interval.method == "wilson" for f in figures):
        return "share", Fraction(0), Fraction(100)
    indicator = method.indicators.get(code)
    scale = method.scales.get(indicator.scale) if indicator is not None and indicator.scale else None
    high = scale.maximum if scale is not None else Fraction(100)
    low = min((b.lower for b in scale.bands if b.lower is not None), default=Fraction(0)) if scale else Fraction(0)
    values = [f.value for f in figures]
    return "mean", min(low, *values), max(high, *values)


def _position(value: Fraction, limits) -> tuple[str, Fraction | None]:
    """Against the widest limits it is outside of: ("above" | "below" | "inside", their level)."""
    for point in sorted(limits, key=lambda p: p.level, reverse=True):
        if value > point.high:
            return "above", point.level
        if value < point.low:
            return "below", point.level
    return "inside", None


def funnel_section(site, method, period, subjects: list[Assessment], path: str = "") -> Funnel | None:
    """The funnel plot of the method's survey figure (`survey_indicator`) of `subjects`, in their order
    (None: no survey figure, or fewer than two subjects with a number asked). `path`: where its chart goes,
    by default beside the rating's (`charts/rating-<period>-funnel.svg`); a page of its own gives its own."""
    code = getattr(method, "survey_indicator", "")
    asked, left_out = asked_of(method, code, subjects)
    if len(asked) < 2:
        return None
    kind, low, high = funnel_scale(method, code, [f for _, f, _ in asked])
    # the mean of all respondents: each subject weighs as many as were asked there (a pooled share)
    target = sum((f.value * n for _, f, n in asked), Fraction(0)) / sum(n for _, _, n in asked)
    drawn = []
    for assessment, figure, n in asked:
        limits = tuple(funnel_limits(target, [n], kind, LEVELS, low, high))
        position, level = _position(figure.value, limits)
        drawn.append(FunnelSubject(_name(assessment), n, figure.value, position, level, limits))
    sizes = funnel_sizes(min(n for _, _, n in asked), max(n for _, _, n in asked))
    indicator = method.indicators[code]
    unit = indicator.unit
    chart = site.chart(funnel_chart(
        path or f"charts/rating-{period.name}-funnel.svg",
        f"{indicator.in_words(first=True)} и число опрошенных: {method.rated_plural}, {period.label}", drawn,
        funnel_limits(target, sizes, kind, LEVELS, low, high), target,
        f"{indicator.symbol}, {unit or 'баллы'}", method.rated_label, unit, (low, high)))
    note = "" if kind == "share" else (
        f"{indicator.in_words(first=True)} — не доля ответивших в одном опросе, а средняя величина, поэтому границы взяты "
        f"самые широкие, какие допускает шкала от {decimal(low)} до {decimal(high)}{NBSP + '%' if unit == '%' else ''} "
        "при этом среднем: что выходит за них, выходит при любом разбросе ответов.")
    return Funnel(chart, _shown(target, unit),
                  tuple(f"{s.name} — {position_text(s)}" for s in drawn if s.level is not None),
                  note, tuple(left_out))
