"""Altair charts rendered at build time to static SVG (vl-convert), cached by spec hash.

Each chart travels with its text alternative and the rows of its data table, so a
page never shows a picture without the numbers behind it.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from generator.text_ru import number, percent

BAR_COLOUR = "#1f5fa8"  # 6.6:1 on white: a graphical object well above the 3:1 WCAG asks
LINE_COLOURS = ["#1f5fa8", "#b3410e", "#2e7d32"]
FONT = "sans-serif"
WIDTH = 560


@dataclass(frozen=True)
class Chart:
    path: str  # inside the site, e.g. "charts/rating-2025.svg"
    title: str
    alt: str  # the text alternative: what the chart says, in words
    columns: tuple[str, ...]  # headers of the data table shown with it
    rows: tuple[tuple[str, ...], ...]
    spec: dict

    def svg(self, cache_dir: Path | None) -> str:
        return render_svg(self.spec, cache_dir)


def render_svg(spec: dict, cache_dir: Path | None) -> str:
    import vl_convert as vlc

    key = hashlib.sha256((json.dumps(spec, sort_keys=True, ensure_ascii=False) + vlc.__version__)
                         .encode()).hexdigest()[:32]
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    if cached and cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vlc.vegalite_to_svg(spec)
    if cached:
        write_atomically(cached, svg)
    return svg


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


def _config(chart: alt.Chart) -> dict:
    return (chart.configure(font=FONT).configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#222",
                                                      titleColor="#222")
            .configure_view(stroke=None).to_dict(validate=False))  # specs are ours; validation costs ~50 ms each


def _plotted(value) -> float | None:
    """Altair draws floats; the exact value is only ever printed through `_shown`."""
    return None if value is None else float(value)


def _shown(value, unit: str) -> str:
    if unit == "%":
        return percent(value)
    return "не оценивается" if value is None else number(value, 2)


def bar_chart(path: str, title: str, labels: list[str], values: list[float], value_title: str,
              label_title: str, maximum: float = 100, unit: str = "%") -> Chart:
    """Horizontal bars from 0 to `maximum`, one bar per label, in the given order."""
    frame = pd.DataFrame({"label": labels, "value": [_plotted(v) for v in values],
                          "text": [_shown(v, unit) for v in values]})
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("value:Q", title=value_title, scale=alt.Scale(domain=[0, float(maximum)])))
    bars = base.mark_bar(color=BAR_COLOUR)
    text = base.mark_text(align="left", dx=4, color="#222").encode(text="text:N")
    chart = (bars + text).properties(width=WIDTH - 260, height=max(60, 26 * len(labels)))
    alt_text = f"{title}. " + "; ".join(f"{lab} — {_shown(v, unit)}" for lab, v in zip(labels, values)) + "."
    rows = tuple((lab, _shown(v, unit)) for lab, v in zip(labels, values))
    return Chart(path, title, alt_text, (label_title, value_title), rows, _config(chart))


def trend_chart(path: str, title: str, periods: list[str], series: dict[str, list[float | None]],
                maximum: float = 100, unit: str = "%") -> Chart:
    """Lines over periods, one per indicator; gaps where a value was not evaluated."""
    records = [{"period": p, "indicator": name, "value": _plotted(v)}
               for name, values in series.items() for p, v in zip(periods, values) if v is not None]
    frame = pd.DataFrame(records)
    colour = alt.Color("indicator:N", title=None, sort=list(series),
                       scale=alt.Scale(domain=list(series), range=LINE_COLOURS[:len(series)]),
                       legend=alt.Legend(orient="bottom"))
    base = alt.Chart(frame).encode(
        x=alt.X("period:O", title="Период", sort=periods, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit or "балл", scale=alt.Scale(domain=[0, float(maximum)])), color=colour)
    shape = alt.Shape("indicator:N", sort=list(series), legend=None)
    chart = (base.mark_line() + base.mark_point(filled=True, size=60).encode(shape=shape)).properties(
        width=WIDTH - 120, height=220)
    parts = []
    for name, values in series.items():
        points = ", ".join(f"{p}: {_shown(v, unit)}" for p, v in zip(periods, values))
        parts.append(f"{name} — {points}")
    alt_text = f"{title}. " + "; ".join(parts) + "."
    rows = tuple((p, *[_shown(series[n][i], unit) for n in series]) for i, p in enumerate(periods))
    return Chart(path, title, alt_text, ("Период", *series), rows, _config(chart))
