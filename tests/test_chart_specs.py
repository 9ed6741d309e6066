"""Charts: the specs written as plain data are the ones altair builds, and every SVG is drawn once,
by vl-convert, in a process pool or here, the same picture either way, then cached.

altair stays the authority on what a spec looks like: `altair_bar` and `altair_trend` are the
construction the site used before it wrote specs itself (generator/charts.py), kept here unchanged.
A new altair (its schema address, key order, data set names) shows up here first.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from fractions import Fraction

import altair as alt
import pandas as pd
import pytest
import vl_convert
from hypothesis import example, given
from hypothesis import strategies as st

from generator import charts, resources
from generator.charts import BAR_COLOUR, FONT, LINE_COLOURS, WIDTH, ChartError, _shown
from tests.strategies import examples


# ---- the reference: the altair construction ------------------------------------------------

def _plotted_before(value) -> float | None:
    return None if value is None else float(value)  # pandas and altair make NaN a gap

def _configured(chart: alt.Chart) -> dict:
    return (chart.configure(font=FONT).configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#222",
                                                      titleColor="#222")
            .configure_view(stroke=None).to_dict(validate=False))


def altair_bar(labels, values, value_title, maximum, unit) -> dict:
    labels = [charts._drawable(label) for label in labels]  # what vl-convert can lay out (see charts.py)
    frame = pd.DataFrame({"label": labels, "value": [_plotted_before(v) for v in values],
                          "text": [_shown(v, unit) for v in values]})
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("value:Q", title=value_title, scale=alt.Scale(domain=[0, float(maximum)])))
    bars = base.mark_bar(color=BAR_COLOUR)
    text = base.mark_text(align="left", dx=4, color="#222").encode(text="text:N")
    return _configured((bars + text).properties(width=WIDTH - 260, height=max(60, 26 * len(labels))))


def altair_trend(periods, series, maximum, unit) -> dict:
    records = [{"period": p, "indicator": name, "value": _plotted_before(v)}
               for name, values in series.items() for p, v in zip(periods, values) if v is not None]
    frame = pd.DataFrame(records)
    colour = alt.Color("indicator:N", title=None, sort=list(series),
                       scale=alt.Scale(domain=list(series), range=LINE_COLOURS[:len(series)]),
                       legend=alt.Legend(orient="bottom"))
    base = alt.Chart(frame).encode(
        x=alt.X("period:O", title="Период", sort=periods, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit or "балл", scale=alt.Scale(domain=[0, float(maximum)])), color=colour)
    shape = alt.Shape("indicator:N", sort=list(series), legend=None)
    return _configured((base.mark_line() + base.mark_point(filled=True, size=60).encode(shape=shape))
                       .properties(width=WIDTH - 120, height=220))


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
            draw(st.lists(figures, min_size=count, max_size=count)), draw(texts), draw(maxima), draw(units))


@st.composite
def trends(draw, texts=texts):
    periods = draw(st.lists(st.one_of(st.sampled_from(["2021", "2022", "2025-H1", "2025-Q3"]), texts),
                            min_size=1, max_size=8, unique=True))
    names = draw(st.lists(texts, min_size=1, max_size=3, unique=True))
    series = {name: draw(st.lists(figures, min_size=len(periods), max_size=len(periods))) for name in names}
    return periods, series, draw(maxima), draw(units)


@given(bars())
@example((["Альфа", "Бета"], [Fraction(797, 10), None], "Кпр, %", 100, "%"))
@example((["Только пропуски"] * 3, [None, None, None], "Балл", 5, ""))
@example(([f"Услуга {i}" for i in range(40)], [Fraction(i, 3) for i in range(40)], "В, баллы", 10, ""))
@examples(60)
def test_a_bar_chart_spec_is_what_altair_builds(chart):
    labels, values, value_title, maximum, unit = chart
    drawn = charts.bar_chart("charts/x.svg", "Заголовок", labels, values, value_title, "Орган", maximum, unit)
    same(drawn.spec, altair_bar(labels, values, value_title, maximum, unit))


@given(trends())
@example((["2024", "2025"], {"Кпр": [Fraction(1, 3), None], "В": [2, 3]}, 100, "%"))
@example((["2024", "2025"], {"Кпр": [None, None]}, 100, "%"))  # nothing to draw: an empty data set
@example(([str(y) for y in range(2018, 2026)], {"A": [1] * 8, "B": [None, 2] * 4, "C": [0.5] * 8}, 5, ""))
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
    return any(template is not None for template in charts._compiled.values()) and len(charts._compiled) == 1


def exact_in_15_digits(number) -> bool:
    return float(f"{float(number):.15g}") == float(number)


@given(bars(drawable), st.data())
@example((["Альфа", "Бета"], [Fraction(797, 10), None], "Кпр, %", 100, "%"), None)
@example(([f"Орган {i}" for i in range(30)], [Fraction(i * 31, 7) for i in range(30)], "Кэф, %", 100, "%"), None)
@examples(40)
def test_a_bar_chart_drawn_from_its_compiled_shape_is_what_vl_convert_draws(chart, data):
    """Two bar charts of one shape (same count, titles, scale), other labels and values: the second is
    drawn from the Vega compiled for the first, byte for byte vegalite_to_svg's SVG."""
    labels, values, value_title, maximum, unit = chart
    if data is None:
        other_labels, other_values = list(reversed(labels)), [None if v is None else v / 2 for v in values]
    else:
        other_labels = data.draw(st.lists(drawable, min_size=len(labels), max_size=len(labels)))
        other_values = data.draw(st.lists(figures, min_size=len(labels), max_size=len(labels)))
    first = charts.bar_chart("charts/a.svg", "А", labels, values, value_title, "Орган", maximum, unit).spec
    second = charts.bar_chart("charts/b.svg", "Б", other_labels, other_values, value_title, "Орган", maximum, unit).spec
    assert drawn_from_shapes(first, second) == [vl_convert.vegalite_to_svg(first), vl_convert.vegalite_to_svg(second)]
    assert compiled_once(first) or not exact_in_15_digits(maximum)


@given(trends(drawable), st.data())
@example((["2024", "2025"], {"Кпр": [Fraction(1, 3), None], "В": [2, 3]}, 100, "%"), None)
@example(([str(y) for y in range(2018, 2026)], {"A": [1] * 8, "B": [None, 2] * 4, "C": [0.5] * 8}, 5, ""), None)
@examples(40)
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
drawn = [svg.decode() for _, svg in charts._draw_chunk([(str(i), ("c.svg", s)) for i, s in enumerate(specs)])]
print(json.dumps({"svgs": drawn, "fontconfig": os.environ.get("FONTCONFIG_FILE")}))
"""


def test_charts_drawn_without_the_system_fonts_are_the_same_pictures(tmp_path):
    """The build draws with no system font listed (charts.NO_SYSTEM_FONTS: it is faster); vl-convert's
    own metrics make the same SVGs as a process that lists them all, and fontconfig's setting is
    given back to the process (WeasyPrint needs the system's fonts)."""
    import subprocess
    import sys

    specs = list(some_specs(6).values())
    specs.append(charts.trend_chart("t.svg", "Динамика", ["2021", "2022", "2023"],
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
               "print(len(charts._draw_chunk([('k', ('c.svg', json.load(sys.stdin)))])[0][1]))")
    done = subprocess.run([sys.executable, "-c", program], input=json.dumps(chart.spec), capture_output=True,
                          text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0 and int(done.stdout) > 1000, done.stderr
