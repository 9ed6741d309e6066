"""Charts drawn to static SVG and PNG (vl-convert) while the pages render, cached by spec hash; other
pictures (share images: render/pictures.py) made PNG from their SVG by the same drawing processes.

The specs, with each chart's text alternative and data table, are made in generator/chart_specs.py
(its names are kept here too: the site and the methodologies draw through `charts`).
"""
from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from generator.chart_specs import (BAR_COLOUR, FONT, LINE_COLOURS, SCHEMA_URL, WIDTH, Chart,  # noqa: F401
                                   _drawable, _shown, bar_chart, trend_chart)
from generator.chart_png import (MAX_PIXELS, OLDER_PERIOD_SCALE, PNG_FORMAT, PNG_RULES, PNG_SCALE,  # noqa: F401
                                 _keep_frequent_colours, palette_png, png_format, png_scale, png_scale_of)
from generator.resources import worker_count

# Fewer charts to draw than this are drawn in this process: each worker spends about a second starting
# Python and vl-convert's runtime, as long as 20–30 charts take to draw.
FEW = 24
BATCH = 16  # charts sent to a drawing process at once while the pages render: about half a second of its work
# vl-convert lays text out by its own metrics: its SVGs are byte for byte the same with the system's
# fonts, other fonts or none. Yet it opens and maps every font fontconfig lists again for each label
# it measures (about 2 400 files a chart: two thirds of the drawing time, 19 s for a 400-bar chart).
# An empty fontconfig while it loads its font list, at its first drawing in a process, leaves them out.
NO_SYSTEM_FONTS = Path(__file__).with_name("chart_fonts") / "fonts.conf"
# The PNGs' own fonts, bundled: a chart's PNG keeps vl-convert's built-in sans-serif (the one its SVG is
# laid out by); the pictures of render/pictures.py name "DejaVu Sans". The SVGs do not change with them.
PNG_FONTS = Path(__file__).with_name("chart_fonts") / "dejavu"
_WITHOUT_SYSTEM_FONTS = {"data": {"values": [{"a": "Ж"}]}, "mark": "point",  # measures a label: loads the list
                         "encoding": {"y": {"field": "a", "type": "nominal"}}}


class ChartError(RuntimeError):
    """vl-convert could not draw a chart, or a drawing process died."""


# ---- SVGs ----------------------------------------------------------------------------------

def cache_key(spec: dict, version: str) -> str:
    """The same spec drawn by the same vl-convert is the same picture."""
    return hashlib.sha256((json.dumps(spec, sort_keys=True, ensure_ascii=False) + version).encode()).hexdigest()[:32]


def png_path(path: str) -> str:
    """Where a chart's PNG is: beside its SVG (charts/rating-2025.svg → charts/rating-2025.png)."""
    return path.removesuffix(".svg") + ".png"


def render_svgs(specs: Mapping[str, dict], cache_dir: Path | None) -> dict[str, bytes]:
    """Chart path → its SVG (UTF-8), for charts handed over all at once."""
    with Drawing(cache_dir) as drawing:
        for path, spec in specs.items():
            drawing.add(path, spec)
        return drawing.finish()


def _png_name(key: str, largest: float) -> str:
    """A PNG's name in the cache, but for its suffix: the key of its SVG and how it is made."""
    return f"{key}.{png_format(largest)}"


def _cached_png(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}.png"


def _cached(cache_dir: Path | None, key: str, name: str, chart: bool) -> bool:
    return bool(cache_dir) and _cached_png(cache_dir, name).exists() and (not chart or (cache_dir / f"{key}.svg").exists())


class Drawing:
    """The charts of a build, drawn while its pages are rendered: each chart is handed over as soon as
    its spec is made (`add`); a cached picture is read, each missing one is drawn once, then cached.
    The missing ones go in batches to a pool of drawing processes, started once FEW are missing, so
    the pool draws while this process renders templates; `finish` waits for the last of them.
    Fewer than FEW in all, or TRANSPARENCY_WORKERS=1: drawn in this process by `finish`.
    An SVG is kept as its UTF-8 bytes, as the file will hold it: its Russian labels make a str of
    it twice as big, and a large site holds 50 MB of them while its pages are written. A PNG (about
    as big as its SVG) is kept as its cache file where there is a cache, read only when it is handed on.
    `add` takes a chart (its Vega-Lite spec: SVG and PNG, at most at `largest` scale: png_scale_of) or a
    picture (its SVG text: a PNG of it, at its size). A PNG is known by its name in the cache (_png_name):
    the same spec at two scales is two PNGs, one SVG."""

    def __init__(self, cache_dir: Path | None):
        import vl_convert as vlc

        self.cache_dir, self.version, self.workers = cache_dir, vlc.__version__, worker_count()
        self.keys: dict[str, tuple[str, str]] = {}  # chart path → key, PNG's name
        self.drawings: dict[str, bytes] = {}  # key → SVG
        self.pngs: dict[str, bytes | Path] = {}  # PNG's name → PNG, or its cache file
        self.pictures: dict[str, str] = {}  # PNG path of a picture → PNG's name
        self.known: set[str] = set()  # PNGs' names read, waiting or sent: each is drawn once
        self.waiting: list[tuple[str, str, tuple[str, dict | str, float]]] = []  # (key, PNG's name, its first chart)
        self.futures: list = []
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def add(self, path: str, spec: dict | str, largest: float = PNG_SCALE) -> None:
        chart = isinstance(spec, dict)
        key = cache_key(spec if chart else {"png": spec}, self.version)
        name = _png_name(key, largest if chart else PNG_SCALE)  # a picture's: as it always was
        if chart:
            self.keys[path] = key, name
        else:
            self.pictures[path] = name
        if name in self.known:
            return
        self.known.add(name)
        if _cached(self.cache_dir, key, name, chart):
            if chart:
                self.drawings[key] = (self.cache_dir / f"{key}.svg").read_bytes()
            self.pngs[name] = _cached_png(self.cache_dir, name)
            return
        self.waiting.append((key, name, (path, spec, largest)))
        if self.workers > 1 and len(self.waiting) >= (BATCH if self.pool else max(FEW, BATCH)):
            self._send(BATCH)

    @property
    def mostly_cached(self) -> bool:
        """No drawing process started and at most half of the charts so far had to be drawn: the
        cache is warm (a second page process, render/second_process.py, adds its charts only at its end)."""
        missing = len(self.known) - sum(1 for key in self.known if key in self.pngs)
        return self.pool is None and 2 * missing <= len(self.known)

    def finish(self) -> dict[str, bytes]:
        """Chart path → its SVG, for every chart added; the pool is closed."""
        self._wait()
        return {path: self.drawings[key] for path, (key, _) in self.keys.items()}

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file drawn, once all are: each chart's SVG and PNG, each picture's PNG; the pool is closed."""
        for path, svg in self.finish().items():
            yield path, svg
            yield png_path(path), self._png(self.keys[path][1])
        for path, name in self.pictures.items():
            yield path, self._png(name)

    def _png(self, name: str) -> bytes:
        png = self.pngs[name]
        return png.read_bytes() if isinstance(png, Path) else png

    def _wait(self) -> None:
        try:
            if self.waiting and self.pool is None and (self.workers == 1 or len(self.waiting) < FEW):
                self._keep(_draw_chunk(self.waiting, self.cache_dir))
            elif self.waiting:
                self._send(max(1, math.ceil(len(self.waiting) / self.workers)))  # the rest: shared evenly
            self.waiting = []
            for future in as_completed(self.futures):
                try:
                    self._keep(future.result())
                except ChartError:
                    raise
                except Exception as exc:  # a worker died (BrokenProcessPool) or could not start
                    raise ChartError(f"процесс, рисовавший диаграммы, завершился с ошибкой: {exc!r}") from exc
        finally:
            self.close()

    def _keep(self, drawn: list[tuple[str, str, bytes | None, bytes | None]]) -> None:
        for key, name, svg, png in drawn:
            if svg is not None:
                self.drawings[key] = svg
            self.pngs[name] = _cached_png(self.cache_dir, name) if self.cache_dir else png

    def close(self) -> None:
        """Stops the pool (also when the pages failed): what it has not started is dropped."""
        self.futures = []
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _send(self, size: int) -> None:
        if self.pool is None:
            # spawned, never forked: a forked copy of a process that has started vl-convert's runtime can
            # hang; a worker is started when a batch finds none idle, up to the number allowed
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        for i in range(0, len(self.waiting), size):
            try:
                self.futures.append(self.pool.submit(_draw_chunk, self.waiting[i:i + size], self.cache_dir))
            except Exception as exc:  # a worker died before (BrokenProcessPool)
                raise ChartError(f"процесс, рисовавший диаграммы, завершился с ошибкой: {exc!r}") from exc
        self.waiting = []


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
            vlc.register_font_directory(str(PNG_FONTS))
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before
        _font_list_loaded = True
    return vlc


def _draw_chunk(chunk: list[tuple[str, str, tuple[str, dict | str, float]]],
                cache_dir: Path | None = None) -> list[tuple[str, str, bytes | None, bytes | None]]:
    """(key, PNG's name, SVG, PNG) of each chart (its PNG at most at its largest scale), (key, name, None,
    PNG) of each picture given as SVG text; each cached as soon as it is drawn (the PNG first: a chart is
    cached once its SVG is). With a cache the PNG is not sent back (None): it is read from the cache when
    the site is written, and the futures holding these results would otherwise keep every PNG of the
    site in the build's memory (400 MB at 400 organs)."""
    vlc = _converter()
    drawn = []
    for key, name, (path, spec, largest) in chunk:
        try:
            svg = _svg(vlc, spec) if isinstance(spec, dict) else None
            png = palette_png(vlc.svg_to_png(spec, scale=1) if svg is None
                              else vlc.svg_to_png(svg, scale=png_scale(svg, largest)))
        except Exception as exc:
            raise ChartError(f"vl-convert не нарисовал диаграмму {path}: {exc}") from None
        svg = svg.encode("utf-8") if svg is not None else None
        if cache_dir:
            write_atomically(_cached_png(cache_dir, name), png)
            if svg is not None:
                write_atomically(cache_dir / f"{key}.svg", svg)
        drawn.append((key, name, svg, None if cache_dir else png))
    return drawn


# ---- one compilation per shape ---------------------------------------------------------------
# Compiling Vega-Lite to Vega is a fifth of a chart's drawing, and a build's charts have few shapes:
# the same spec but for its data set (the bars of an organ's period, an organ's trend). A drawing
# process compiles a shape once and puts each chart's rows into the compiled Vega; the SVG is byte for
# byte vegalite_to_svg's (tests/test_chart_specs.py). A shape whose compiled Vega holds anything it
# cannot be sure of (see `_template`) is drawn the whole way each time.
SHAPES = 64  # shapes a drawing process keeps compiled; a build has about ten
_compiled: dict[str, tuple[dict, str] | None] = {}  # shape → (its Vega without rows, its data set's name)


def _svg(vlc, spec: dict) -> str:
    name = (spec.get("data") or {}).get("name")
    datasets = spec.get("datasets")
    if not (isinstance(name, str) and name.startswith("data-") and isinstance(datasets, dict)
            and list(datasets) == [name]):  # "empty" could stand for a word of the Vega
        return vlc.vegalite_to_svg(spec)
    shape = json.dumps({**spec, "data": None, "datasets": None}, ensure_ascii=False)  # key order counts
    if shape not in _compiled:
        if len(_compiled) >= SHAPES:
            _compiled.clear()
        _compiled[shape] = _template(vlc.vegalite_to_vega(spec), name, datasets[name])
    if _compiled[shape] is None:
        return vlc.vegalite_to_svg(spec)
    vega, compiled_name = _compiled[shape]
    return vlc.vega_to_svg(_filled(vega, compiled_name, name, datasets[name]))


def _template(vega: dict, name: str, rows: list) -> tuple[dict, str] | None:
    """The compiled Vega without its rows, if the rows are in it once, as given, and it holds no float
    vl-convert may have read a unit off (it reads the compiled Vega back from JSON text, exactly only
    up to 15 significant digits); else None."""
    found = []

    def walk(node) -> bool:  # False: a float it may have misread
        if isinstance(node, dict):
            if node.get("name") == name and "values" in node:
                found.append(node["values"])
                return all(walk(v) for k, v in node.items() if k != "values")
            return all(walk(v) for v in node.values())
        if isinstance(node, list):
            return all(walk(v) for v in node)
        return not isinstance(node, float) or float(f"{node:.15g}") == node

    if not walk(vega) or len(found) != 1 or not _same_rows(found[0], rows):
        return None
    return _filled(vega, name, name, None), name


def _same_rows(compiled: list, rows: list) -> bool:
    """The rows as the compiled Vega holds them: the same, but for a last digit of a float."""
    def same(a, b) -> bool:
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and bool not in (type(a), type(b)):
            return math.isclose(a, b, rel_tol=1e-15, abs_tol=0.0)
        return type(a) is type(b) and a == b

    return len(compiled) == len(rows) and all(
        isinstance(c, dict) and list(c) == list(r) and all(same(c[k], r[k]) for k in r)
        for c, r in zip(compiled, rows))


def _filled(node, old: str, new: str, rows):
    """A copy of compiled Vega with the data set `old` renamed `new`, its values `rows`."""
    if isinstance(node, dict):
        named = node.get("name") == old and "values" in node
        return {key.replace(old, new): rows if named and key == "values" else _filled(value, old, new, rows)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(value, old, new, rows) for value in node]
    return node.replace(old, new) if isinstance(node, str) else node


def write_atomically(target: Path, content: bytes) -> None:
    """Written under a temporary name beside it, then renamed: a build running at the same time
    reads the whole chart or none (then renders it itself), never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
