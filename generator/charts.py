"""Charts as Vega-Lite specs, rendered at the end of a build to static SVG (vl-convert), cached by
spec hash.

Each chart travels with its text alternative and the rows of its data table, so a
page never shows a picture without the numbers behind it.

A spec is written as plain data: exactly the dict the altair construction kept in
tests/test_chart_specs.py gives (key order and data set name included), without building ~6 altair
objects per chart (~45 ms, as long as drawing it). That test holds the two together.
"""
from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from generator.resources import worker_count
from generator.text_ru import number, percent

BAR_COLOUR = "#1f5fa8"  # 6.6:1 on white: a graphical object well above the 3:1 WCAG asks
LINE_COLOURS = ["#1f5fa8", "#b3410e", "#2e7d32"]
FONT = "sans-serif"
WIDTH = 560
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # altair's alt.SCHEMA_URL (6.3)
# Fewer charts to draw than this are drawn in this process: each worker spends about a second starting
# Python and vl-convert's runtime, as long as 20–30 charts take to draw.
FEW = 24
# vl-convert lays text out by its own metrics: its SVGs are byte for byte the same with the system's
# fonts, other fonts or none. Yet it opens and maps every font fontconfig lists again for each label
# it measures (about 2 400 files a chart: two thirds of the drawing time, 19 s for a 400-bar chart).
# An empty fontconfig while it loads its font list, at its first drawing in a process, leaves them out.
NO_SYSTEM_FONTS = Path(__file__).with_name("chart_fonts") / "fonts.conf"
_WITHOUT_SYSTEM_FONTS = {"data": {"values": [{"a": "Ж"}]}, "mark": "point",  # measures a label: loads the list
                         "encoding": {"y": {"field": "a", "type": "nominal"}}}


@dataclass(frozen=True)
class Chart:
    path: str  # inside the site, e.g. "charts/rating-2025.svg"
    title: str
    alt: str  # the text alternative: what the chart says, in words
    columns: tuple[str, ...]  # headers of the data table shown with it
    rows: tuple[tuple[str, ...], ...]
    spec: dict


class ChartError(RuntimeError):
    """vl-convert could not draw a chart, or a drawing process died."""


# ---- specs ---------------------------------------------------------------------------------

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


def _dataset_name(rows: list[dict]) -> str:
    """altair's name for an inline data set (altair.vegalite.v6.api._dataset_name)."""
    if rows == [{}]:
        return "empty"
    return "data-" + hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _spec(layers: list[dict], rows: list[dict], width: int, height: int) -> dict:
    """A layered chart with the site's configuration, its rows as one named data set."""
    name = _dataset_name(rows)
    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
                   "axis": {"labelColor": "#222", "labelFontSize": 12, "titleColor": "#222", "titleFontSize": 12},
                   "font": FONT},
        "layer": layers, "data": {"name": name}, "height": height, "width": width,
        "$schema": SCHEMA_URL, "datasets": {name: rows}}


def bar_chart(path: str, title: str, labels: list[str], values: list[float], value_title: str,
              label_title: str, maximum: float = 100, unit: str = "%") -> Chart:
    """Horizontal bars from 0 to `maximum`, one bar per label, in the given order."""
    shown = [_shown(v, unit) for v in values]
    data = [{"label": lab, "value": _plotted(v), "text": text} for lab, v, text in zip(labels, values, shown)]

    def x():
        return {"field": "value", "scale": {"domain": [0, float(maximum)]}, "title": value_title,
                "type": "quantitative"}

    def y():
        return {"axis": {"labelLimit": 220}, "field": "label", "sort": None, "title": None, "type": "nominal"}

    layers = [{"mark": {"type": "bar", "color": BAR_COLOUR}, "encoding": {"x": x(), "y": y()}},
              {"mark": {"type": "text", "align": "left", "color": "#222", "dx": 4},
               "encoding": {"text": {"field": "text", "type": "nominal"}, "x": x(), "y": y()}}]
    spec = _spec(layers, data, WIDTH - 260, max(60, 26 * len(labels)))
    alt_text = f"{title}. " + "; ".join(f"{lab} — {text}" for lab, text in zip(labels, shown)) + "."
    rows = tuple(zip(labels, shown))
    return Chart(path, title, alt_text, (label_title, value_title), rows, spec)


def trend_chart(path: str, title: str, periods: list[str], series: dict[str, list[float | None]],
                maximum: float = 100, unit: str = "%") -> Chart:
    """Lines over periods, one per indicator; gaps where a value was not evaluated."""
    names = list(series)
    data = [{"period": p, "indicator": name, "value": _plotted(v)}
            for name, values in series.items() for p, v in zip(periods, values) if v is not None]

    def channels():
        return {"color": {"field": "indicator", "legend": {"orient": "bottom"},
                          "scale": {"domain": list(names), "range": LINE_COLOURS[:len(names)]},
                          "sort": list(names), "title": None, "type": "nominal"},
                "x": {"axis": {"labelAngle": 0}, "field": "period", "sort": list(periods), "title": "Период",
                      "type": "ordinal"},
                "y": {"field": "value", "scale": {"domain": [0, float(maximum)]}, "title": unit or "балл",
                      "type": "quantitative"}}

    points = channels()
    points = {"color": points.pop("color"),
              "shape": {"field": "indicator", "legend": None, "sort": list(names), "type": "nominal"}, **points}
    layers = [{"mark": {"type": "line"}, "encoding": channels()},
              {"mark": {"type": "point", "filled": True, "size": 60}, "encoding": points}]
    spec = _spec(layers, data, WIDTH - 120, 220)
    parts = []
    for name, values in series.items():
        said = ", ".join(f"{p}: {_shown(v, unit)}" for p, v in zip(periods, values))
        parts.append(f"{name} — {said}")
    alt_text = f"{title}. " + "; ".join(parts) + "."
    rows = tuple((p, *[_shown(series[n][i], unit) for n in series]) for i, p in enumerate(periods))
    return Chart(path, title, alt_text, ("Период", *series), rows, spec)


# ---- SVGs ----------------------------------------------------------------------------------

def cache_key(spec: dict, version: str) -> str:
    """The same spec drawn by the same vl-convert is the same picture."""
    return hashlib.sha256((json.dumps(spec, sort_keys=True, ensure_ascii=False) + version).encode()).hexdigest()[:32]


def render_svgs(specs: Mapping[str, dict], cache_dir: Path | None) -> dict[str, str]:
    """Chart path → its SVG, for every chart at once: a cached picture is read, each missing one is
    drawn once (in a process pool when there are many), then cached."""
    import vl_convert as vlc

    keys = {path: cache_key(spec, vlc.__version__) for path, spec in specs.items()}
    drawings: dict[str, str] = {}
    missing: dict[str, tuple[str, dict]] = {}  # key → the first chart of that spec
    for path, key in keys.items():
        if key in drawings or key in missing:
            continue
        cached = cache_dir / f"{key}.svg" if cache_dir else None
        if cached and cached.exists():
            drawings[key] = cached.read_text(encoding="utf-8")
        else:
            missing[key] = (path, specs[path])
    for key, svg in _drawn(missing):
        drawings[key] = svg
        if cache_dir:
            write_atomically(cache_dir / f"{key}.svg", svg)
    return {path: drawings[key] for path, key in keys.items()}


def _drawn(missing: dict[str, tuple[str, dict]]):
    """(key, SVG) of each missing chart, as each is drawn."""
    items = list(missing.items())
    if not items:
        return
    count = worker_count()
    if count == 1 or len(items) < FEW:
        yield from _draw_chunk(items)
        return
    size = max(8, math.ceil(len(items) / (count * 4)))  # a few chunks a worker: even loads, little overhead
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    # spawned, never forked: a forked copy of a process that has started vl-convert's runtime can hang
    pool = ProcessPoolExecutor(min(count, len(chunks)), mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = [pool.submit(_draw_chunk, chunk) for chunk in chunks]
        for future in as_completed(futures):
            try:
                drawn = future.result()
            except ChartError:
                raise
            except Exception as exc:  # a worker died (BrokenProcessPool) or could not start
                raise ChartError(f"процесс, рисовавший диаграммы, завершился с ошибкой: {exc!r}") from exc
            yield from drawn
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_font_list_loaded = False


def _converter():
    """vl_convert, its font list loaded without the system's fonts (NO_SYSTEM_FONTS) if this process
    has not drawn before; fontconfig's setting is put back at once (WeasyPrint's fonts need it)."""
    global _font_list_loaded
    import vl_convert as vlc

    if not _font_list_loaded:
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(NO_SYSTEM_FONTS)
        try:
            vlc.vegalite_to_svg(_WITHOUT_SYSTEM_FONTS)
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before
        _font_list_loaded = True
    return vlc


def _draw_chunk(chunk: list[tuple[str, tuple[str, dict]]]) -> list[tuple[str, str]]:
    vlc = _converter()
    drawn = []
    for key, (path, spec) in chunk:
        try:
            drawn.append((key, vlc.vegalite_to_svg(spec)))
        except Exception as exc:
            raise ChartError(f"vl-convert не нарисовал диаграмму {path}: {exc}") from None
    return drawn


def write_atomically(target: Path, text: str) -> None:
    """Written under a temporary name beside it, then renamed: a build running at the same time
    reads the whole chart or none (then renders it itself), never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
