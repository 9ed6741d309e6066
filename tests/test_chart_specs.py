"""Charts: the specs written as plain data are the ones altair builds, and every SVG is drawn once,
by vl-convert, in a process pool or here, the same picture either way, then cached.

altair stays the authority on what a spec looks like: `altair_bar` and `altair_trend` are the
construction the site would use if it built its specs with altair (generator/chart_specs.py writes
them itself); a change to a chart is made in both.
A new altair (its schema address, key order, data set names) shows up here first.
"""
from __future__ import annotations

import json
import re
import os
from pathlib import Path
from fractions import Fraction

import altair as alt
import pandas as pd
import pytest
import vl_convert
from hypothesis import example, given
from hypothesis import strategies as st

from generator import chart_specs
from generator import charts, resources
from generator.chart_specs import BAR_COLOUR, FONT, FONT_SIZE, LINE_COLOURS, LINE_HEIGHT, WIDTH, _shown
from generator.charts import ChartError
from generator.periods import parse_period, with_gaps
from generator.scales import Scale
from tests.strategies import examples


# ---- the reference: the altair construction ------------------------------------------------

def _plotted_before(value) -> float | None:
    return None if value is None else float(value)  # pandas and altair make NaN a gap

def _configured(chart: alt.Chart) -> dict:
    return (chart.configure(font=FONT)
            .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor="#222", titleColor="#222",
                            labelLineHeight=LINE_HEIGHT)
            .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor="#222", titleColor="#222",
                              labelLimit=0)
            .configure_view(stroke=None).to_dict(validate=False))


FIT = alt.AutoSizeParams(type="fit-x", contains="padding")
LINES = "split(datum.label, '\\n')"


def altair_bar(labels, values, value_title, maximum, unit, scale=None) -> dict:
    drawn = chart_specs._distinct([chart_specs.wrapped(label, chart_specs.LABEL_LINE) for label in labels])  # names in lines
    levels = chart_specs._levels(values, scale)
    frame = pd.DataFrame({"label": drawn, "value": [_plotted_before(v) or 0.0 for v in values],
                          "text": [_shown(v, unit) for v in values]})
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelExpr=LINES, labelLimit=0)),
        x=alt.X("value:Q", title=value_title, scale=alt.Scale(domain=[0, float(maximum)])))
    bars = base.mark_bar(color=BAR_COLOUR)
    if levels:
        frame["level"] = [None if level is None else chart_specs.wrapped(level, chart_specs.LEGEND_LINE) for level in levels[0]]
        base = alt.Chart(frame).encode(y=base.encoding.y, x=base.encoding.x)
        bars = base.mark_bar().encode(color=alt.Color(
            "level:N", title="Уровень", legend=alt.Legend(orient="bottom", direction="vertical", labelExpr=LINES),
            scale=alt.Scale(domain=[chart_specs.wrapped(n, chart_specs.LEGEND_LINE) for n in levels[1]],
                            range=list(levels[1].values()))))
    text = base.mark_text(align="left", dx=4, color="#222", fontSize=FONT_SIZE).encode(text="text:N")
    lines = max(label.count("\n") + 1 for label in drawn)
    return _configured((bars + text).properties(
        width=WIDTH, height=alt.Step(LINE_HEIGHT * lines + 12), autosize=FIT,
        padding={"left": 5, "top": 5, "right": chart_specs.VALUE_ROOM, "bottom": 5}))


def altair_trend(periods, series, maximum, unit) -> dict:
    axis = with_gaps(periods)
    ticks = [chart_specs._period_words(p)[0] for p, _ in axis]
    ticks = ticks if len(axis) <= 6 else [t.replace("\n", " ") for t in ticks]
    records = [{"period": t, "indicator": name, "value": None if i is None else _plotted_before(values[i])}
               for name, values in series.items() for t, (_, i) in zip(ticks, axis)]
    frame = pd.DataFrame(records)
    colour = alt.Color("indicator:N", title=None, sort=list(series),
                       scale=alt.Scale(domain=list(series), range=LINE_COLOURS[:len(series)]),
                       legend=alt.Legend(orient="bottom"))
    base = alt.Chart(frame).encode(
        x=alt.X("period:O", title=None, sort=ticks, scale=alt.Scale(domain=ticks),
                axis=alt.Axis(labelAngle=0 if len(axis) <= 6 else -90, labelExpr=LINES)),
        y=alt.Y("value:Q", title=unit or "балл", scale=alt.Scale(domain=[0, float(maximum)]),
                axis=alt.Axis(labelExpr=chart_specs.DECIMAL_COMMA)), color=colour)
    names = list(series)

    def per_line(values):
        return alt.Scale(domain=names, range=values[:len(names)])

    shape = alt.Shape("indicator:N", sort=names, scale=per_line(chart_specs.POINT_SHAPES), title=None,
                      legend=alt.Legend(orient="bottom"))
    lines = base.mark_line(invalid="break-paths-show-domains").encode(
        strokeDash=alt.StrokeDash("indicator:N", sort=names, scale=per_line(chart_specs.LINE_DASHES), legend=None),
        strokeWidth=alt.StrokeWidth("indicator:N", sort=names, scale=per_line(chart_specs.LINE_WIDTHS), legend=None))
    points = base.mark_point(filled=True, opacity=1).encode(
        shape=shape, size=alt.Size("indicator:N", sort=names, scale=per_line(chart_specs.POINT_SIZES), legend=None))
    return _configured((lines + points).properties(width=WIDTH, height=220, autosize=FIT)
                       .resolve_legend(size="independent", strokeDash="independent", strokeWidth="independent"))


def same(spec: dict, reference: dict) -> None:
    """Equal as JSON text: key order, and 1.0 against 1, count too (the SVG cache hashes the text)."""
    assert json.dumps(spec, ensure_ascii=False) == json.dumps(reference, ensure_ascii=False)


# ---- generated charts ----------------------------------------------------------------------

TRICKY = ["Орган «Альфа»", 'кавычки "двойные" и \'одинарные\'', "<b>партнёры</b> & Co", "a < b > c",
          "Комитет по управлению муниципальным имуществом и земельными отношениями администрации "
          "городского округа «Город Новоозёрск» (отдел приватизации)", " ", "", "2025", "null", "NaN"]
texts = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40),
                  st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВ «»\"'<>&;-—", max_size=160))
units = st.sampled_from(["%", "", "балл", "баллы"])
PERIODS = [parse_period(f"{year}{part}") for year in range(2019, 2027) for part in ("", "-H1", "-H2", "-Q1", "-Q2", "-Q3", "-Q4")]


def _scale(bands: list[tuple[str, str, float | None, float | None]]) -> Scale:
    return Scale.from_data("s", {"title": "Т", "bands": [{"code": c, "label": label, "from": low, "to": high}
                                                        for c, label, low, high in bands]})


SEVEN = _scale([("a", "Очень высокий уровень качества и доступности предоставления муниципальных услуг", 95, 100),
                ("b", "Высокий", 85, 95), ("c", "Выше среднего", 70, 85), ("d", "Средний", 50, 70),
                ("e", "Вызывающий беспокойство", 30, 50), ("f", "Низкий", 15, 30), ("g", "Очень низкий", 0, 15)])
OPEN = _scale([("top", "Отлично", 5.5, None), ("mid", "Хорошо", 4, 5.5), ("low", "Ниже шкалы", None, 4)])
ONE = _scale([("one", "Уровень не устанавливается", 0, 100)])
scales = st.sampled_from([None, SEVEN, OPEN, ONE])
maxima = st.one_of(st.sampled_from([100, 5, 10, 1]), st.fractions(min_value=1, max_value=1000, max_denominator=8))
figures = st.one_of(st.none(), st.integers(0, 100), st.fractions(min_value=0, max_value=100, max_denominator=10 ** 6),
                    st.floats(min_value=-5, max_value=105, allow_nan=False, allow_infinity=False))


# what vl-convert can draw: some control characters and code points (NUL among them) make it abort the
# process, whichever way it draws
drawable = st.one_of(st.sampled_from(TRICKY), st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЯ abcxyzABC0123456789«»\"'<>&;:.,()/%№-—–\\*_#", max_size=160))


@st.composite
def bars(draw, texts=texts):
    count = draw(st.integers(1, 40))
    return (draw(st.lists(texts, min_size=count, max_size=count)),
            draw(st.lists(figures, min_size=count, max_size=count)), draw(texts), draw(maxima), draw(units),
            draw(scales))


@st.composite
def trends(draw, texts=texts):
    periods = draw(st.one_of(
        st.lists(st.sampled_from(PERIODS), min_size=1, max_size=12, unique=True).map(sorted),
        st.lists(st.one_of(st.sampled_from(["2021", "2022", "2025-H1", "2025-Q3"]), texts),  # names as written
                 min_size=1, max_size=8, unique=True)))
    names = draw(st.lists(texts, min_size=1, max_size=3, unique=True))
    series = {name: draw(st.lists(figures, min_size=len(periods), max_size=len(periods))) for name in names}
    return periods, series, draw(maxima), draw(units)


@given(bars())
@example((["Альфа", "Бета"], [Fraction(797, 10), None], "Кпр, %", 100, "%", SEVEN))
@example((["Только пропуски"] * 3, [None, None, None], "Балл", 5, "", OPEN))
@example(([f"Услуга {i}" for i in range(40)], [Fraction(i, 3) for i in range(40)], "В, баллы", 10, "", None))
@examples(60)
def test_a_bar_chart_spec_is_what_altair_builds(chart):
    labels, values, value_title, maximum, unit, scale = chart
    drawn = charts.bar_chart("charts/x.svg", "Заголовок", labels, values, value_title, "Орган", maximum, unit, scale)
    same(drawn.spec, altair_bar(labels, values, value_title, maximum, unit, scale))


@given(trends())
@example(([parse_period("2024"), parse_period("2025")], {"Кпр": [Fraction(1, 3), None], "В": [2, 3]}, 100, "%"))
@example((["2024", "2025"], {"Кпр": [None, None]}, 100, "%"))  # nothing to draw
@example(([parse_period(str(y)) for y in range(2018, 2026)], {"A": [1] * 8, "B": [None, 2] * 4, "C": [0.5] * 8},
          5, ""))
@example(([parse_period(p) for p in ("2024-Q4", "2025-Q1", "2025-Q3")], {"A": [1, 2, 3]}, 5, ""))  # a gap
@examples(60)
def test_a_trend_chart_spec_is_what_altair_builds(chart):
    periods, series, maximum, unit = chart
    drawn = charts.trend_chart("charts/t.svg", "Динамика", periods, series, maximum, unit)
    same(drawn.spec, altair_trend(periods, series, maximum, unit))


# ---- SVGs ----------------------------------------------------------------------------------

def some_specs(count: int) -> dict[str, dict]:
    return {f"charts/c{i}.svg": charts.bar_chart(f"charts/c{i}.svg", "Т", [f"Орган {j}" for j in range(i % 5 + 1)],
                                                 [Fraction(j * 17 + i, 3) for j in range(i % 5 + 1)],
                                                 "Кпр, %", "Орган").spec
            for i in range(count)}


def test_svgs_drawn_in_a_pool_are_the_ones_drawn_here_and_are_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "2")
    specs = some_specs(charts.FEW + 4)
    specs["charts/again.svg"] = specs["charts/c0.svg"]  # the same chart twice is drawn once
    svgs = charts.render_svgs(specs, tmp_path)
    assert svgs == {path: vl_convert.vegalite_to_svg(spec).encode() for path, spec in specs.items()}
    assert len(list(tmp_path.glob("*.svg"))) == charts.FEW + 4 and not list(tmp_path.glob(".*"))

    def not_drawn(*_):
        raise AssertionError("drawn again")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", not_drawn)  # this process: read from the cache
    assert charts.render_svgs(specs, tmp_path) == svgs


def test_one_worker_draws_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "1")
    monkeypatch.setattr(charts, "ProcessPoolExecutor", None)  # a pool would fail to start
    specs = some_specs(charts.FEW + 1)
    assert charts.render_svgs(specs, None) == {path: vl_convert.vegalite_to_svg(s).encode() for path, s in specs.items()}


def test_a_chart_vl_convert_cannot_draw_fails_the_build_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "2")
    specs = some_specs(charts.FEW + 4)
    specs["charts/broken.svg"] = {**specs["charts/c1.svg"], "layer": [{"mark": {"type": "no-such-mark"}}]}
    with pytest.raises(ChartError, match="charts/broken.svg"):
        charts.render_svgs(specs, tmp_path)


def test_a_drawing_process_that_dies_while_the_pages_render_fails_the_build_as_a_record(monkeypatch):
    """vl-convert aborts its process on a NUL character (names from the data are cleaned of them, an
    axis title is not); charts keep coming after the worker died."""
    monkeypatch.setenv("TRANSPARENCY_WORKERS", "2")
    specs = {"charts/nul.svg": charts.bar_chart("charts/nul.svg", "Т", ["А"], [1], "Кпр\x00, %", "Орган").spec,
             **some_specs(charts.FEW + 10 * charts.BATCH)}
    with pytest.raises(ChartError, match="процесс, рисовавший диаграммы, завершился с ошибкой"):
        charts.render_svgs(specs, None)


@pytest.mark.parametrize("value", ["0", "два", "-1", "1.5", "٣"])
def test_a_wrong_number_of_workers_is_a_record_and_nothing_is_built(value, monkeypatch, tmp_path, capsys):
    from generator.cli import main

    monkeypatch.setenv("TRANSPARENCY_WORKERS", value)
    assert resources.workers_problem() is not None
    assert resources.worker_count() == max(1, os.cpu_count() or 1)  # never used, but never a crash
    data = Path(__file__).parent / "fixtures" / "minimal"
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "TRANSPARENCY_WORKERS: [workers-invalid] ошибка" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_a_chart_that_cannot_be_drawn_is_a_record_and_the_site_stays(monkeypatch, tmp_path, capsys):
    from generator.cli import main

    def broken(drawing):
        raise ChartError("vl-convert не нарисовал диаграмму charts/rating-2025.svg: сбой")

    monkeypatch.setattr("generator.render.site.charts.Drawing.finish", broken)
    data = Path(__file__).parent / "fixtures" / "minimal"
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "[chart-failed] ошибка: vl-convert не нарисовал диаграмму charts/rating-2025.svg" in err
    assert "Traceback" not in err and not (tmp_path / "site").exists()


# ---- one compilation per shape: the same SVGs ------------------------------------------------

def drawn_from_shapes(*specs: dict) -> list[str]:
    """Drawn as a drawing process draws them, one after another, a shape compiled by its first chart."""
    charts._compiled.clear()
    vlc = charts._converter()
    return [charts._svg(vlc, spec) for spec in specs]


def compiled_once(spec: dict) -> bool:
    """Whether the last drawing kept the spec's shape compiled (else it drew the whole way each time)."""
    shape = json.dumps({**spec, "data": None, "datasets": None}, ensure_ascii=False)
    return charts._compiled.get(shape) is not None


def exact_in_15_digits(number) -> bool:
    return float(f"{float(number):.15g}") == float(number)


@given(bars(drawable), st.data())
@example((["Альфа", "Бета"], [Fraction(797, 10), None], "Кпр, %", 100, "%", SEVEN), None)
@example(([f"Орган {i}" for i in range(30)], [Fraction(i * 31, 7) for i in range(30)], "Кэф, %", 100, "%", None), None)
@examples(15)  # each example draws four SVGs
def test_a_bar_chart_drawn_from_its_compiled_shape_is_what_vl_convert_draws(chart, data):
    """Two bar charts of one shape (same count, titles, scale), other labels and values: the second is
    drawn from the Vega compiled for the first, byte for byte vegalite_to_svg's SVG."""
    labels, values, value_title, maximum, unit, scale = chart
    if data is None:
        other_labels, other_values = list(reversed(labels)), [None if v is None else v / 2 for v in values]
    else:
        other_labels = data.draw(st.lists(drawable, min_size=len(labels), max_size=len(labels)))
        other_values = data.draw(st.lists(figures, min_size=len(labels), max_size=len(labels)))
    first = charts.bar_chart("charts/a.svg", "А", labels, values, value_title, "Орган", maximum, unit, scale).spec
    second = charts.bar_chart("charts/b.svg", "Б", other_labels, other_values, value_title, "Орган", maximum, unit,
                              scale).spec
    assert drawn_from_shapes(first, second) == [vl_convert.vegalite_to_svg(first), vl_convert.vegalite_to_svg(second)]
    assert compiled_once(first) or not exact_in_15_digits(maximum)


@given(trends(drawable), st.data())
@example(([parse_period("2024"), parse_period("2025")], {"Кпр": [Fraction(1, 3), None], "В": [2, 3]}, 100, "%"), None)
@example(([parse_period(str(y)) for y in range(2018, 2026)], {"A": [1] * 8, "B": [None, 2] * 4, "C": [0.5] * 8}, 5,
          ""), None)
@examples(15)  # each example draws four SVGs
def test_a_trend_chart_drawn_from_its_compiled_shape_is_what_vl_convert_draws(chart, data):
    """The same for trends: same periods, indicators and scale, other values and gaps (an empty data
    set among them)."""
    periods, series, maximum, unit = chart
    if data is None:
        others = {name: [None] * len(periods) for name in series}  # nothing to draw
    else:
        others = {name: data.draw(st.lists(figures, min_size=len(periods), max_size=len(periods)))
                  for name in series}
    first = charts.trend_chart("charts/a.svg", "А", periods, series, maximum, unit).spec
    second = charts.trend_chart("charts/b.svg", "Б", periods, others, maximum, unit).spec
    assert drawn_from_shapes(first, second) == [vl_convert.vegalite_to_svg(first), vl_convert.vegalite_to_svg(second)]
    assert compiled_once(first) or not exact_in_15_digits(maximum)


def test_a_shape_is_compiled_once_and_its_charts_drawn_from_it(monkeypatch):
    specs = [charts.bar_chart(f"charts/c{i}.svg", "Т", ["А", "Б", "В"], [i, 2 * i, None], "Кпр, %", "Орган").spec
             for i in range(5)]
    expected = [vl_convert.vegalite_to_svg(spec) for spec in specs]
    compiled = []
    vlc = charts._converter()
    monkeypatch.setattr(vlc, "vegalite_to_vega", lambda spec, _compile=vlc.vegalite_to_vega: compiled.append(1)
                        or _compile(spec))
    monkeypatch.setattr(vlc, "vegalite_to_svg", None)  # never drawn the whole way
    assert drawn_from_shapes(*specs) == expected and len(compiled) == 1


DRAW_WITH_SYSTEM_FONTS = """
import json, sys, vl_convert
print(json.dumps([vl_convert.vegalite_to_svg(spec) for spec in json.load(sys.stdin)]))
"""

DRAW_AS_THE_BUILD_DOES = """
import json, os, sys
from generator import charts
specs = json.load(sys.stdin)
drawn = [svg.decode() for _, _, svg, _png in charts._draw_chunk([(str(i), f"{i}.png", ("c.svg", s, charts.PNG_SCALE))
                                                                     for i, s in enumerate(specs)])]
print(json.dumps({"svgs": drawn, "fontconfig": os.environ.get("FONTCONFIG_FILE")}))
"""


def test_charts_drawn_without_the_system_fonts_are_the_same_pictures(tmp_path):
    """The build draws with no system font listed (charts.NO_SYSTEM_FONTS: it is faster); vl-convert's
    own metrics make the same SVGs as a process that lists them all, and fontconfig's setting is
    given back to the process (WeasyPrint needs the system's fonts)."""
    import subprocess
    import sys

    specs = list(some_specs(6).values())
    specs.append(charts.trend_chart("t.svg", "Динамика", [parse_period(p) for p in ("2021", "2022", "2023")],
                                    {"Куд": [Fraction(1, 3), None, 50], "Кэф": [10, 20, 30]}).spec)
    specs.append(charts.bar_chart("b.svg", "Т", ["Управление дорожного хозяйства и транспорта администрации города"],
                                  [Fraction(2, 3)], "Кпр, %", "Орган").spec)  # a label cut to its width

    def run(program: str, env: dict) -> object:
        done = subprocess.run([sys.executable, "-c", program], input=json.dumps(specs), capture_output=True,
                              text=True, env=env, cwd=Path(__file__).parent.parent, check=True)
        return json.loads(done.stdout)

    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    system = run(DRAW_WITH_SYSTEM_FONTS, env)
    built = run(DRAW_AS_THE_BUILD_DOES, env)
    assert built == {"svgs": system, "fontconfig": None}
    assert run(DRAW_AS_THE_BUILD_DOES, {**env, "FONTCONFIG_FILE": "/etc/fonts/fonts.conf"})["fontconfig"] == \
        "/etc/fonts/fonts.conf"


def test_a_name_vl_convert_cannot_lay_out_is_drawn_with_a_replacement_character():
    """A control character or a noncharacter in a label aborts vl-convert's whole process (found by
    the hypothesis tests): such names, which only the data can bring, are drawn with U+FFFD; the data
    table keeps the name as written. Drawn in a process of its own: an abort must not take pytest."""
    import subprocess
    import sys

    names = ["Орган\x00", "Орган\x01\n2", "Орган\ufffe", "Орган\uffff", "Орган\ufdd0", "Орган\U0001fffe",
             "Орган\x85", "Орган\ud800"]
    chart = charts.bar_chart("c.svg", "Т", names, [Fraction(1, 2)] * len(names), "Кпр, %", "Орган")
    assert [row[0] for row in chart.rows] == names
    drawn_labels = [row["label"] for row in chart.spec["datasets"][chart.spec["data"]["name"]]]
    assert drawn_labels[:2] == ["Орган\ufffd", "Орган\ufffd\ufffd2"] and all("\ufffd" in n for n in drawn_labels)
    program = ("import json, sys\nfrom generator import charts\n"
               "print(len(charts._draw_chunk([('k', 'k.png', ('c.svg', json.load(sys.stdin), 2))])[0][2]))")
    done = subprocess.run([sys.executable, "-c", program], input=json.dumps(chart.spec), capture_output=True,
                          text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0 and int(done.stdout) > 1000, done.stderr


# ---- what a reader sees: names in lines, levels named, periods in words, gaps kept ------------

@given(st.one_of(st.sampled_from(TRICKY), texts))
@examples(100)
def test_a_name_is_wrapped_into_lines_never_cut(name):
    lines = chart_specs.wrapped(name, chart_specs.LABEL_LINE).split("\n")
    assert all(len(line) <= chart_specs.LABEL_LINE for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(charts._drawable(name).split())


def test_bars_are_coloured_by_level_and_each_level_is_named_in_the_legend_and_the_table():
    chart = charts.bar_chart("c.svg", "Кпр органов", ["Управление дорожного хозяйства и транспорта администрации города",
                                                      "Б", "В", "Г", "Г"], [Fraction(199, 2), 60, None, 10, 90],
                             "Кпр, %", "Орган", scale=SEVEN)
    rows = chart.spec["datasets"][chart.spec["data"]["name"]]
    assert [r["label"] for r in rows] == ["Управление дорожного\nхозяйства и транспорта\nадминистрации города",
                                          "Б", "В", "Г", "Г\u200b"]  # wrapped, never cut; two «Г» stay two bars
    assert rows[2]["value"] == 0.0 and rows[2]["text"] == "не оценивается" and rows[2]["level"] is None
    colour = chart.spec["layer"][0]["encoding"]["color"]
    assert colour["title"] == "Уровень" and colour["legend"]["labelExpr"] == chart_specs.LINES
    # the levels present, best first, in lines, each level its own colour (levels 0, 1, 3 and 6 of seven)
    assert [d.replace("\n", " ") for d in colour["scale"]["domain"]] == [
        SEVEN.bands[0].label, "Высокий", "Средний", "Очень низкий"]
    assert colour["scale"]["range"] == ["#1b5e20", "#689f38", "#e65100", "#4a148c"]
    assert chart.columns == ("Орган", "Кпр, %", "Уровень") and chart.numeric == (False, True, False)
    assert [row[2] for row in chart.rows] == [SEVEN.bands[0].label, "Средний", "—", "Очень низкий", "Высокий"]
    assert "Б — 60,0\u00a0% (Средний)" in chart.alt and "В — не оценивается;" in chart.alt


def test_no_two_levels_of_any_scale_share_a_colour():
    """Three tones gave a seven-level scale's bars three colours: «Отлично» and «Хорошо» alike."""
    from generator.methods import METHODOLOGIES

    for method in METHODOLOGIES.values():
        for name, scale in method.scales.items():
            colours = [chart_specs.level_colour(band) for band in scale.bands]
            assert len(set(colours)) == len(colours), (method.code, name, colours)
            if len(colours) > 1:
                assert colours[0] == "#1b5e20", (method.code, name)  # the best is always the same green


@pytest.mark.parametrize("scale", [None, ONE])
def test_bars_on_no_scale_or_a_scale_without_levels_are_one_colour_without_a_legend(scale):
    chart = charts.bar_chart("c.svg", "Т", ["А", "Б"], [10, 90], "Ду, %", "Услуга", scale=scale)
    assert chart.spec["layer"][0]["mark"] == {"type": "bar", "color": BAR_COLOUR}
    assert "color" not in chart.spec["layer"][0]["encoding"] and chart.columns == ("Услуга", "Ду, %")


def test_a_value_outside_every_band_is_named_so():
    chart = charts.bar_chart("c.svg", "Т", ["А"], [150], "Кпр, %", "Орган", maximum=200, scale=SEVEN)
    assert chart.rows == (("А", "150,0\u00a0%", chart_specs.UNBANDED[0]),)


def test_periods_are_in_words_and_a_missing_one_keeps_its_place_as_a_gap():
    periods = [parse_period(p) for p in ("2024-Q4", "2025-Q1", "2025-Q3")]
    chart = charts.trend_chart("t.svg", "Динамика", periods, {"Куд": [70, None, 80]})
    x = chart.spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == x["sort"] == ["IV кв.\n2024", "I кв.\n2025", "II кв.\n2025", "III кв.\n2025"]
    rows = chart.spec["datasets"][chart.spec["data"]["name"]]
    assert [r["value"] for r in rows] == [70.0, None, None, 80.0]
    assert chart.spec["layer"][0]["mark"]["invalid"] == "break-paths-show-domains"  # the line breaks at a gap
    assert chart.rows == (("IV квартал 2024 года", "70,0\u00a0%"), ("I квартал 2025 года", "не оценивается"),
                          ("II квартал 2025 года", "нет данных"), ("III квартал 2025 года", "80,0\u00a0%"))
    svg = vl_convert.vegalite_to_svg(chart.spec)
    line = re.search(r'aria-roledescription="line mark" d="([^"]*)"', svg)[1]
    assert line.count("M") == 2  # two pieces: 70 alone is a point, the line starts again at 80


@pytest.mark.parametrize("names, axis", [
    (["2023", "2025"], ["2023", "2024", "2025"]),
    (["2024-H2", "2025-H2"], ["II пол.\n2024", "I пол.\n2025", "II пол.\n2025"]),
    (["2024", "2025-Q1"], ["2024", "I кв.\n2025"]),  # kinds differ: nothing is filled in
    (["2001", "2099"], ["2001", "2099"]),  # more than the axis can hold: not filled in
])
def test_the_axis_of_periods(names, axis):
    ticks = [chart_specs._period_words(p)[0] for p, _ in with_gaps([parse_period(n) for n in names])]
    assert ticks == axis
