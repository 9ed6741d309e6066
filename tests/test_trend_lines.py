"""Every line of a trend chart shows, also where two indicators have the same values (issue 12)."""
from __future__ import annotations

import json
import re

import vl_convert

from generator import chart_specs
from generator.periods import parse_period


def _drawn(series: dict) -> str:
    periods = [parse_period(p) for p in ("2025-Q1", "2025-Q3", "2025-Q4")]
    chart = chart_specs.trend_chart("t.svg", "Динамика", periods, series, maximum=1, unit="")
    return vl_convert.vegalite_to_svg(json.dumps(chart.spec))


def test_dzerzhinsk_trend_shows_the_line_equal_to_another():
    """Dzerzhinsk's organ trend drew О1 over СО where their values coincide (О2 not evaluated): СО was
    hidden. Each line has its own colour, dash, width and point shape; the one beneath is drawn wider, so
    it shows as a border, and the legend names both."""
    values = [0.94, 0.335, 0.875]
    svg = _drawn({"СО": values, "О1": list(values)})
    lines = re.findall(r'aria-roledescription="line mark"[^>]*stroke="([^"]+)" stroke-width="([^"]+)" '
                       r'stroke-dasharray="([^"]+)"', svg)
    assert len(lines) == 2
    (first_colour, first_width, first_dash), (second_colour, second_width, second_dash) = lines
    assert first_colour != second_colour and first_dash != second_dash
    assert float(first_width) > float(second_width)  # drawn first, under the other: wider, so it shows
    shapes = {re.search(r'indicator: (\S+)"', m).group(1): re.search(r' d="([^"]+)"', m).group(1)[:3]
              for m in re.findall(r'<path aria-label="[^"]*indicator: [^"]*"[^>]*aria-roledescription="point"[^>]*>', svg)}
    assert len(set(shapes.values())) == 2  # a circle and a square, not two circles
    assert re.findall(r"<text[^>]*>(СО|О1)</text>", svg) == ["СО", "О1"]  # the legend names each line


def test_trend_lines_each_have_a_dash_shape_and_width_of_their_own():
    spec = chart_specs.trend_chart("t.svg", "Д", [parse_period("2024"), parse_period("2025")],
                                   {"А": [1, 2], "Б": [1, 2], "В": [1, 2]}, maximum=5, unit="").spec
    line, point = (layer["encoding"] for layer in spec["layer"])
    for channel, encoding in (("strokeDash", line), ("strokeWidth", line), ("shape", point), ("size", point)):
        values = encoding[channel]["scale"]["range"]
        assert len(values) == 3 and len({json.dumps(v) for v in values}) == 3, channel


def test_trend_axis_writes_decimals_with_a_comma():
    """The score axis of Dzerzhinsk's trends read «0.2 … 1.0»: Russian writes «0,2»."""
    svg = _drawn({"СО": [0.94, 0.335, 0.875]})
    assert re.search(r">0,2</text>", svg) and not re.search(r">0\.2</text>", svg)
