"""The site's charts as Vega-Lite specs, sized for a phone as much as for a laptop.

A spec is written as plain data: exactly the dict the altair construction kept in
tests/test_chart_specs.py gives (key order and data set name included), without building ~6 altair
objects per chart (~45 ms, as long as drawing it). That test holds the two together.

Every picture is WIDTH px wide whatever its labels (autosize fit-x), so its type can be chosen for
the narrowest screen: a 360 px phone shows it about 328 px wide, FONT_SIZE × 328 / WIDTH ≥ 12 px.
Each chart travels with its text alternative and the rows of its data table, so a page never shows
a picture without the numbers (and levels) behind it.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass

from generator.periods import Period, with_gaps
from generator.text_ru import number, percent

BAR_COLOUR = "#1f5fa8"  # 6.6:1 on white: a graphical object well above the 3:1 WCAG asks
LINE_COLOURS = ["#1f5fa8", "#b3410e", "#2e7d32"]
# the levels' colours of transparency.css (--tp-good, --tp-fair, --tp-poor): 7–9:1 on white
TONE_COLOURS = {"good": "#1b5e20", "fair": "#6d4c00", "poor": "#8e1b1b"}
# A bar's colour by its level, best first: each level of a scale its own colour (three tones gave five
# levels two colours), every one at least 3:1 against white (WCAG 1.4.11: 3,2–11,9:1); the legend names them.
LEVEL_COLOURS = ("#1b5e20", "#689f38", "#9e7700", "#e65100", "#c62828", "#8e1b1b", "#4a148c", "#37474f")
UNBANDED = ("вне шкалы", "#5f6368")  # a value no band of the scale holds (5.9:1)
FONT = "sans-serif"
WIDTH = 400
FONT_SIZE = 15
LINE_HEIGHT = 18
LABEL_LINE = 22  # characters in a line of a name beside a bar
LEGEND_LINE = 40  # characters in a line of a level's name in the legend
VALUE_ROOM = 60  # px right of the bars for «100,0 %»
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # altair's alt.SCHEMA_URL (6.3)
LINES = "split(datum.label, '\\n')"  # Vega draws a label given as an array of lines on those lines


@dataclass(frozen=True)
class Chart:
    path: str  # inside the site, e.g. "charts/rating-2025.svg"
    title: str
    alt: str  # the text alternative: what the chart says, in words
    columns: tuple[str, ...]  # headers of the data table shown with it
    rows: tuple[tuple[str, ...], ...]
    spec: dict
    numeric: tuple[bool, ...] = ()  # per column: a number (right-aligned); empty: all but the first


# ---- words ---------------------------------------------------------------------------------

def _plotted(value) -> float | None:
    """Drawn as a float (the exact value is only ever printed through `_shown`); a gap where there
    is none, as altair writes NaN and infinity."""
    if value is None:
        return None
    drawn = float(value)
    return drawn if math.isfinite(drawn) else None


def _shown(value, unit: str) -> str:
    if unit == "%":
        return percent(value)
    return "не оценивается" if value is None else number(value, 2)


# What vl-convert cannot lay out: a control character or a noncharacter (U+FFFE, U+FDD0…) in a label
# aborts its whole process, and a surrogate cannot be handed to it. Names come from the data, so such a
# character is drawn as U+FFFD; the page's table and text alternative keep the name as it was written.
_UNDRAWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef]|[\ufffe\uffff]"
                         + "".join(f"|[{chr(plane * 0x10000 + 0xfffe)}{chr(plane * 0x10000 + 0xffff)}]"
                                   for plane in range(1, 17)))


def _drawable(text: str) -> str:
    return _UNDRAWABLE.sub("\ufffd", text)


def wrapped(text: str, width: int) -> str:
    """The drawable text in lines of at most `width` characters, broken between words (a longer word
    is broken inside), joined by newlines: names are wrapped, never cut."""
    lines: list[str] = []
    for word in _drawable(text).split():
        while len(word) > width:
            lines.append(word[:width])
            word = word[width:]
        if lines and len(lines[-1]) + 1 + len(word) <= width and word:
            lines[-1] += " " + word
        elif word:
            lines.append(word)
    return "\n".join(lines)


def _distinct(labels: list[str]) -> list[str]:
    """Two bars of the same name stay two bars: a repeated label gets zero-width spaces appended."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        out.append(label + "\u200b" * seen.get(label, 0))
        seen[label] = seen.get(label, 0) + 1
    return out


def level_name(band) -> str:
    """A level in words: the scale's plain word if it has one, else the act's wording."""
    return getattr(band, "plain", None) or band.label


def axis_label(period: Period) -> str:
    """«2025», «III кв.␤2025», «I пол.␤2025»: short, on two lines; the data table says it in full."""
    if period.kind == "year":
        return str(period.year)
    roman = ("I", "II", "III", "IV")[period.number - 1]
    return f"{roman} {'кв.' if period.kind == 'quarter' else 'пол.'}\n{period.year}"




def _period_words(period) -> tuple[str, str]:
    """(on the axis, in the table and the text alternative)."""
    if isinstance(period, Period):
        return axis_label(period), period.label
    return _drawable(str(period)), str(period)


# ---- specs ---------------------------------------------------------------------------------

def _dataset_name(rows: list[dict]) -> str:
    """altair's name for an inline data set (altair.vegalite.v6.api._dataset_name)."""
    if rows == [{}]:
        return "empty"
    return "data-" + hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _spec(layers: list[dict], rows: list[dict], height, padding: dict | None = None) -> dict:
    """A layered chart with the site's configuration, WIDTH px wide in all, its rows as one named data set."""
    name = _dataset_name(rows)
    text = {"labelColor": "#222", "labelFontSize": FONT_SIZE}
    spec = {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
                   "axis": {**text, "labelLineHeight": LINE_HEIGHT, "titleColor": "#222", "titleFontSize": FONT_SIZE},
                   "font": FONT,
                   "legend": {**text, "labelLimit": 0, "titleColor": "#222", "titleFontSize": FONT_SIZE}},
        "layer": layers, "autosize": {"contains": "padding", "type": "fit-x"}, "data": {"name": name},
        "height": height}
    if padding:
        spec["padding"] = padding
    spec.update({"width": WIDTH, "$schema": SCHEMA_URL, "datasets": {name: rows}})
    return spec


def level_colour(band) -> str:
    """Up to six levels spread over green … dark red, best first (two: green and red); a seventh and an
    eighth level (Novokuznetsk's «ниже шкалы») take purple and blue-grey."""
    last = len(LEVEL_COLOURS) - 3
    if band.levels <= last + 1:
        return LEVEL_COLOURS[int(band.level * last / max(band.levels - 1, 1) + 0.5)]
    return LEVEL_COLOURS[min(band.level, len(LEVEL_COLOURS) - 1)]


def _levels(values: list, scale) -> tuple[list[str | None], dict[str, str]] | None:
    """Each value's level in words (None where there is no value) and the colour of each level present,
    best first; None if the scale sets no levels (none given, or a single band)."""
    if scale is None or len(scale.bands) < 2:
        return None
    named = [None if v is None else scale.band_for(v) for v in values]
    colours = {level_name(b): level_colour(b) for b in scale.bands if b in named}
    if any(v is not None and b is None for v, b in zip(values, named)):
        colours[UNBANDED[0]] = UNBANDED[1]
    return [None if v is None else (level_name(b) if b else UNBANDED[0]) for v, b in zip(values, named)], colours


def bar_chart(path: str, title: str, labels: list[str], values: list[float], value_title: str,
              label_title: str, maximum: float = 100, unit: str = "%", scale=None) -> Chart:
    """Horizontal bars from 0 to `maximum`, one bar per label, in the given order, names wrapped;
    coloured by their band on `scale` with the levels named in a legend, if the scale sets levels."""
    shown = [_shown(v, unit) for v in values]
    levels = _levels(values, scale)
    drawn = _distinct([wrapped(label, LABEL_LINE) for label in labels])
    # a value not evaluated is a bar of no length, its text saying so: every name keeps its place
    data = [{"label": lab, "value": _plotted(v) or 0.0, "text": text} for lab, v, text in zip(drawn, values, shown)]
    lines = max((label.count("\n") + 1 for label in drawn), default=1)

    def x():
        return {"field": "value", "scale": {"domain": [0, float(maximum)]}, "title": value_title,
                "type": "quantitative"}

    def y():
        return {"axis": {"labelExpr": LINES, "labelLimit": 0}, "field": "label", "sort": None, "title": None,
                "type": "nominal"}

    bars = {"mark": {"type": "bar", "color": BAR_COLOUR}, "encoding": {"x": x(), "y": y()}}
    if levels:
        for row, level in zip(data, levels[0]):
            row["level"] = None if level is None else wrapped(level, LEGEND_LINE)
        bars = {"mark": {"type": "bar"}, "encoding": {
            "color": {"field": "level", "legend": {"direction": "vertical", "labelExpr": LINES, "orient": "bottom"},
                      "scale": {"domain": [wrapped(n, LEGEND_LINE) for n in levels[1]],
                                "range": list(levels[1].values())},
                      "title": "Уровень", "type": "nominal"}, **bars["encoding"]}}
    layers = [bars, {"mark": {"type": "text", "align": "left", "color": "#222", "dx": 4, "fontSize": FONT_SIZE},
                     "encoding": {"text": {"field": "text", "type": "nominal"}, "x": x(), "y": y()}}]
    spec = _spec(layers, data, {"step": LINE_HEIGHT * lines + 12},
                 {"left": 5, "top": 5, "right": VALUE_ROOM, "bottom": 5})
    said = [f"{lab} — {text}" + (f" ({level})" if level else "")
            for lab, text, level in zip(labels, shown, levels[0] if levels else [None] * len(labels))]
    alt_text = f"{title}. " + "; ".join(said) + "."
    if levels:
        rows = tuple((lab, text, level or "—") for lab, text, level in zip(labels, shown, levels[0]))
        return Chart(path, title, alt_text, (label_title, value_title, "Уровень"), rows, spec, (False, True, False))
    return Chart(path, title, alt_text, (label_title, value_title), tuple(zip(labels, shown)), spec)


# Each line of a trend its own dash, point shape and width, not colour alone: two indicators of equal value
# (Dzerzhinsk's СО and О1 while О2 is not evaluated) draw one line over the other. The first is drawn
# widest with the largest points and each next one narrower on top, so the one beneath still shows as a
# border around it. The legend names each line by its colour and point shape (dash and width stay out of
# it: Vega would draw them on the legend's point symbols).
LINE_DASHES = [[1, 0], [8, 4], [2, 3]]
LINE_WIDTHS = [6, 3, 1.5]
POINT_SHAPES = ["circle", "square", "triangle-up"]
POINT_SIZES = [170, 70, 25]
DECIMAL_COMMA = "replace(datum.label, '.', ',')"  # «0,2», not «0.2»: Vega formats numbers the English way
OWN_LEGENDS = {"legend": {"size": "independent", "strokeDash": "independent", "strokeWidth": "independent"}}


def _per_line(names: list[str], values: list, legend: dict | None = None) -> dict:
    """A channel of the lines' field with its own range (one value per line); a legend only when asked."""
    channel = {"field": "indicator", "legend": legend, "scale": {"domain": list(names), "range": values[:len(names)]},
               "sort": list(names)}
    return {**channel, "title": None, "type": "nominal"} if legend else {**channel, "type": "nominal"}


def trend_chart(path: str, title: str, periods: list, series: dict[str, list[float | None]],
                maximum: float = 100, unit: str = "%") -> Chart:
    """Lines over periods (Period objects; a name is shown as written), one per indicator, broken
    where a value was not evaluated and at a period missing between two (kept on the axis). Each line
    has its own dash, point shape and width (LINE_DASHES…), so lines of equal values all show."""
    names = list(series)
    axis = with_gaps(periods)
    words = [_period_words(p) for p, _ in axis]
    ticks = [short if len(axis) <= 6 else short.replace("\n", " ") for short, _ in words]
    data = [{"period": tick, "indicator": name, "value": None if i is None else _plotted(values[i])}
            for name, values in series.items() for tick, (_, i) in zip(ticks, axis)]

    def channels():
        return {"color": {"field": "indicator", "legend": {"orient": "bottom"},
                          "scale": {"domain": list(names), "range": LINE_COLOURS[:len(names)]},
                          "sort": list(names), "title": None, "type": "nominal"},
                "x": {"axis": {"labelAngle": 0 if len(axis) <= 6 else -90, "labelExpr": LINES},
                      "field": "period", "scale": {"domain": ticks}, "sort": ticks, "title": None,
                      "type": "ordinal"},
                "y": {"axis": {"labelExpr": DECIMAL_COMMA}, "field": "value", "scale": {"domain": [0, float(maximum)]},
                      "title": unit or "балл", "type": "quantitative"}}

    lines = channels()
    lines = {"color": lines.pop("color"), "strokeDash": _per_line(names, LINE_DASHES),
             "strokeWidth": _per_line(names, LINE_WIDTHS), **lines}
    points = channels()
    points = {"color": points.pop("color"),
              "shape": _per_line(names, POINT_SHAPES, {"orient": "bottom"}),
              "size": _per_line(names, POINT_SIZES), **points}
    layers = [{"mark": {"type": "line", "invalid": "break-paths-show-domains"}, "encoding": lines},
              {"mark": {"type": "point", "filled": True, "opacity": 1}, "encoding": points}]
    # where altair writes `resolve`: before the width (the SVG cache hashes the spec's text)
    spec = {key: value for name, part in _spec(layers, data, 220).items()
            for key, value in ([("resolve", OWN_LEGENDS)] if name == "width" else []) + [(name, part)]}

    def cell(values, index):
        return "нет данных" if index is None else _shown(values[index], unit)

    parts = [f"{name} — " + ", ".join(f"{full}: {cell(values, i)}" for (_, full), (_, i) in zip(words, axis))
             for name, values in series.items()]
    alt_text = f"{title}. " + "; ".join(parts) + "."
    rows = tuple((full, *[cell(series[n], i) for n in series]) for (_, full), (_, i) in zip(words, axis))
    return Chart(path, title, alt_text, ("Период", *series), rows, spec)
