"""The rating page's two sections on the survey error, after its bar chart: the range chart of places
(each subject's place and the places it could take, generator/compute_ranges.py) and the funnel plot
(each subject's survey figure against the number asked, with the limits chance alone leaves around
the mean of all respondents). Neither changes a figure, a level or a place."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.chart_places import FunnelSubject, funnel_chart, places_text, position_text, range_chart
from generator.charts import Chart
from generator.chart_specs import _shown
from generator.results import Assessment
from generator.stats.funnel import LEVELS, funnel_limits, funnel_sizes
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
    return {"places_chart": _range_section(site, method, period, ranked),
            "funnel": _funnel_section(site, method, period, ranked), "places_text": places_text}


def _name(assessment: Assessment) -> str:
    return assessment.service_name or assessment.organization.display_name


def _range_section(site, method, period, ranked: list[Assessment]) -> Chart | None:
    shown = [a for a in ranked if a.place_range is not None]
    if not shown:
        return None
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


def _funnel_section(site, method, period, ranked: list[Assessment]) -> Funnel | None:
    code = getattr(method, "survey_indicator", "")
    if not code:
        return None
    asked, left_out = [], []
    for assessment in ranked:
        figure = assessment.figures.get(code)
        if figure is None or figure.value is None:
            continue
        n = method.respondents(assessment)
        if n:
            asked.append((assessment, figure, int(n)))
        else:
            left_out.append(_name(assessment))
    if len(asked) < 2:
        return None
    kind, low, high = funnel_scale(method, code, [f for _, f, _ in asked])
    # the mean of all respondents: each subject weighs as many as were asked there (a pooled share)
    target = sum((f.value * n for _, f, n in asked), Fraction(0)) / sum(n for _, _, n in asked)
    subjects = []
    for assessment, figure, n in asked:
        limits = tuple(funnel_limits(target, [n], kind, LEVELS, low, high))
        position, level = _position(figure.value, limits)
        subjects.append(FunnelSubject(_name(assessment), n, figure.value, position, level, limits))
    sizes = funnel_sizes(min(n for _, _, n in asked), max(n for _, _, n in asked))
    indicator = method.indicators[code]
    unit = indicator.unit
    chart = site.chart(funnel_chart(
        f"charts/rating-{period.name}-funnel.svg",
        f"{indicator.symbol} и число опрошенных: {method.rated_plural}, {period.label}", subjects,
        funnel_limits(target, sizes, kind, LEVELS, low, high), target,
        f"{indicator.symbol}, {unit or 'баллы'}", method.rated_label, unit))
    note = "" if kind == "share" else (
        f"{indicator.symbol} — не доля ответивших в одном опросе, а средняя величина, поэтому границы взяты "
        f"самые широкие, какие допускает шкала от {decimal(low)} до {decimal(high)}{NBSP + '%' if unit == '%' else ''} "
        "при этом среднем: что выходит за них, выходит при любом разбросе ответов.")
    return Funnel(chart, _shown(target, unit),
                  tuple(f"{s.name} — {position_text(s)}" for s in subjects if s.level is not None),
                  note, tuple(left_out))

