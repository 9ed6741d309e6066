"""The two charts of a rating's honesty about its survey error, as Vega-Lite specs (written as plain
data, sized and lettered as generator/chart_specs.py sizes every chart: ≥ 12 px on a 360 px phone):

- the range chart: each subject's place as a dot and the places it could take as a line, in the order
  of the places (generator/compute_ranges.py);
- the funnel plot: each subject's survey figure against the number asked, with the 95 % and 99,8 %
  limits around the mean of all respondents (generator/stats/funnel.py).

Each comes with its text alternative and data table, as every chart of the site.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from generator.chart_specs import (BAR_COLOUR, LABEL_LINE, LINE_HEIGHT, LINES, TONE_COLOURS, Chart, _distinct,
                                   _shown, _spec, wrapped)
from generator.stats.funnel import FunnelPoint
from generator.text_ru import interval_range, number

LIMIT_COLOUR = "#5f6368"  # the limits: grey lines (5.9:1 on white), dashed; the mean is a solid dark line
DECIMAL_COMMA = "replace(datum.label, '.', ',')"  # «4,5», as every number of the site
LEVEL_NAMES = {Fraction(95): "95 %", Fraction(998, 10): "99,8 %"}
# where a subject lies, as the chart's legend and the table say it; shapes too, not colour alone
POSITIONS = {"inside": ("в пределах границ", BAR_COLOUR, "circle"),
             "above": ("выше границы", TONE_COLOURS["good"], "triangle-up"),
             "below": ("ниже границы", TONE_COLOURS["poor"], "triangle-down")}


def places_text(place_range: tuple[int, int]) -> str:
    """«3–7»; «6» when only one place is possible."""
    low, high = place_range
    return str(low) if low == high else f"{low}\u2013{high}"


def range_chart(path: str, title: str, labels: list[str], places: list[int],
                ranges: list[tuple[int, int]], label_title: str) -> Chart:
    """A row per subject in the given order (of places): a line over the possible places, a dot on the place."""
    drawn = _distinct([wrapped(label, LABEL_LINE) for label in labels])
    data = [{"label": lab, "place": place, "low": low, "high": high}
            for lab, place, (low, high) in zip(drawn, places, ranges)]
    lines = max((label.count("\n") + 1 for label in drawn), default=1)
    count = max((high for _, high in ranges), default=1)

    def x(field: str) -> dict:
        return {"axis": {"format": "d", "tickMinStep": 1}, "field": field,
                "scale": {"domain": [0.5, count + 0.5], "nice": False},
                "title": "Место (1 — лучшее)", "type": "quantitative"}

    y = {"axis": {"labelExpr": LINES, "labelLimit": 0}, "field": "label", "sort": None, "title": None,
         "type": "nominal"}
    layers = [{"mark": {"type": "rule", "color": BAR_COLOUR, "strokeWidth": 4},
               "encoding": {"x": x("low"), "x2": {"field": "high"}, "y": y}},
              {"mark": {"type": "point", "color": "#222", "filled": True, "opacity": 1, "size": 90},
               "encoding": {"x": x("place"), "y": y}}]
    spec = _spec(layers, data, {"step": LINE_HEIGHT * lines + 12}, {"left": 5, "top": 5, "right": 15, "bottom": 5})
    texts = [places_text(r) for r in ranges]
    said = [f"{lab} — место {place}, возможные места {text}" for lab, place, text in zip(labels, places, texts)]
    alt_text = f"{title}. " + "; ".join(said) + "."
    rows = tuple((lab, str(place), text) for lab, place, text in zip(labels, places, texts))
    return Chart(path, title, alt_text, (label_title, "Место", "Возможные места"), rows, spec)


@dataclass(frozen=True)
class FunnelSubject:
    name: str
    n: int  # respondents
    value: Fraction
    position: str  # "inside", "above", "below": against the widest limits it is outside of
    level: Fraction | None  # the widest level whose limits it is outside of (99,8 before 95); None inside
    limits: tuple[FunnelPoint, ...]  # its limits at its own n, one per level (narrowest level first)


def position_text(subject: FunnelSubject) -> str:
    """«выше границы 99,8 %», «ниже границы 95 %», «нет»."""
    if subject.level is None:
        return "нет"
    return f"{POSITIONS[subject.position][0]} {LEVEL_NAMES.get(subject.level, number(subject.level, 1) + ' %')}"


MARGIN = Fraction(1, 20)  # of the drawn values' span, above and below them: no point sits on the frame
LEAST_SPAN = Fraction(1, 50)  # of the scale: the room given when every drawn value is the same


def funnel_domain(values, scale: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    """The value axis of a funnel plot: the drawn values (points, limits, target) and a margin of MARGIN of
    their span, inside the scale. A fixed axis (0–100, 1–5) leaves the limits, a few points either side of
    the mean, a sliver; an axis past the scale (below 0 %) would show values no survey can give."""
    bottom, top = scale
    values = [Fraction(v) for v in values]
    low, high = min(values), max(values)
    margin = max((high - low) * MARGIN, (top - bottom) * LEAST_SPAN / 2)
    # outwards to hundredths, so the spec holds short numbers and still every value
    return (max(bottom, Fraction(math.floor((low - margin) * 100), 100)),
            min(top, Fraction(math.ceil((high + margin) * 100), 100)))


def funnel_chart(path: str, title: str, subjects: list[FunnelSubject], limits: list[FunnelPoint], target: Fraction,
                 value_title: str, label_title: str, unit: str,
                 scale: tuple[Fraction, Fraction] = (Fraction(0), Fraction(100))) -> Chart:
    """Points (respondents, figure) coloured and shaped by where they lie; a line of each level's lower and
    upper limits; a rule at the target. The value axis fits them within `scale` (funnel_domain)."""
    data: list[dict] = [{"kind": "target", "value": float(target)}]
    for point in limits:
        level = LEVEL_NAMES.get(point.level, number(point.level, 1) + " %")
        for side, value in (("low", point.low), ("high", point.high)):
            data.append({"kind": "limit", "n": point.n, "value": float(value), "level": level, "line": f"{level} {side}"})
    data += [{"kind": "subject", "n": s.n, "value": float(s.value), "position": POSITIONS[s.position][0]}
             for s in subjects]
    present = [key for key in POSITIONS if any(s.position == key for s in subjects)]

    def kind(name: str) -> list[dict]:
        return [{"filter": f"datum.kind === '{name}'"}]

    x = {"axis": {"format": "d"}, "field": "n", "title": "Опрошено, человек", "type": "quantitative"}
    low, high = funnel_domain([target, *(s.value for s in subjects), *(p.low for p in limits),
                               *(p.high for p in limits)], scale)
    y = {"axis": {"labelExpr": DECIMAL_COMMA}, "field": "value",
         "scale": {"domain": [float(low), float(high)], "nice": False, "zero": False}, "title": value_title,
         "type": "quantitative"}
    legend = {"direction": "vertical", "orient": "bottom"}
    layers = [
        {"transform": kind("limit"), "mark": {"type": "line", "color": LIMIT_COLOUR, "strokeWidth": 2},
         "encoding": {"detail": {"field": "line", "type": "nominal"},
                      "strokeDash": {"field": "level",
                                     "legend": {**legend, "symbolSize": 400, "symbolStrokeWidth": 2,
                                                "symbolType": "stroke", "title": "Границы"},
                                     "scale": {"domain": list(LEVEL_NAMES.values()), "range": [[8, 4], [2, 3]]},
                                     "type": "nominal"},
                      "x": x, "y": y}},
        {"transform": kind("target"), "mark": {"type": "rule", "color": "#222", "strokeWidth": 1.5},
         "encoding": {"y": y}},
        {"transform": kind("subject"), "mark": {"type": "point", "filled": True, "opacity": 1, "size": 90},
         "encoding": {"color": {"field": "position", "legend": {**legend, "title": "Положение"},
                                "scale": {"domain": [POSITIONS[k][0] for k in present],
                                          "range": [POSITIONS[k][1] for k in present]},
                                "type": "nominal"},
                      "shape": {"field": "position", "legend": None,
                                "scale": {"domain": [POSITIONS[k][0] for k in present],
                                          "range": [POSITIONS[k][2] for k in present]},
                                "type": "nominal"},
                      "x": x, "y": y}}]
    spec = _spec(layers, data, 260, {"left": 5, "top": 5, "right": 15, "bottom": 5})
    outside = [s for s in subjects if s.level is not None]
    said = ("за пределами границ: " + ", ".join(f"{s.name} ({position_text(s)})" for s in outside) if outside
            else "все в пределах границ 95 %")
    alt_text = f"{title}. Среднее по всем опрошенным — {_shown(target, unit)}; {said}."
    columns = (label_title, "Опрошено", value_title,
               *(f"Границы {LEVEL_NAMES.get(p.level, number(p.level, 1) + ' %')}" for p in subjects[0].limits),
               "За пределами 95 % / 99,8 %")
    rows = tuple((s.name, number(s.n), _shown(s.value, unit), *(interval_range(p, unit, of_figure=False) for p in s.limits),
                  position_text(s)) for s in subjects)
    numeric = (False, True, True, *(False for _ in subjects[0].limits), False)
    return Chart(path, title, alt_text, columns, rows, spec, numeric)

