"""The PNGs beside the charts and the share images: palette PNGs of 256 colours, a tall chart's capped
at MAX_PIXELS, each colour of note kept exactly; cached under a name of their own format."""
from __future__ import annotations

import io
import shutil
from fractions import Fraction
from pathlib import Path

from PIL import Image

from generator import chart_specs, charts
from generator.render.pictures import Headline, share_svg

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
BARS = ["#1b5e20", "#6d4c00", "#b71c1c", "#9e9e9e"]


def _chart_svg(width: int, height: int) -> str:
    """Bars in four colours, a grid and labels on white: like vl-convert's charts."""
    bars = "".join(f'<rect x="120" y="{10 + 14 * i}" width="{40 + 7 * (i % 37)}" height="10" fill="{BARS[i % 4]}"/>'
                   f'<text x="115" y="{19 + 14 * i}" text-anchor="end" font-family="sans-serif" font-size="10" '
                   f'fill="#000">Орган № {i}</text>' for i in range((height - 20) // 14))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="white"/>{bars}</svg>')


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_a_chart_is_drawn_twice_its_size_until_it_would_pass_the_pixel_cap_and_never_under_its_size():
    assert charts.png_scale(_chart_svg(400, 300)) == charts.PNG_SCALE
    tall = charts.png_scale(_chart_svg(400, 4000))
    assert 1 < tall < 2 and round(400 * 4000 * tall ** 2) <= charts.MAX_PIXELS
    assert charts.png_scale(_chart_svg(400, 26595)) == 1  # 400 bars: as large as its SVG, legible
    assert charts.png_scale("<svg/>") == charts.PNG_SCALE  # no size to go by


def test_a_palette_png_has_the_same_size_and_keeps_every_colour_of_note_exactly():
    vlc = charts._converter()
    rgba = bytes(vlc.svg_to_png(_chart_svg(400, 300), scale=2))
    small = charts.palette_png(rgba)
    before, after = _image(rgba).convert("RGB"), _image(small)
    assert after.mode == "P" and after.size == before.size == (800, 600)
    assert len(small) * 3 < len(rgba)
    frequent = [colour for count, colour in before.getcolors(1 << 16) if count >= before.width * before.height // 200]
    kept = [colour for _, colour in after.convert("RGB").getcolors(1 << 16)]
    assert {"#%02x%02x%02x" % c for c in frequent} >= set(BARS) and set(frequent) <= set(kept)


def test_a_share_image_is_a_1200_by_630_palette_png(tmp_path):
    svg = share_svg(Headline("Архивный отдел", "Кэф 69,2 %", "Средне", "fair", "2025 год"), "Мониторинг")
    with charts.Drawing(tmp_path) as drawing:
        drawing.add("share/index.png", svg)
        files = dict(drawing.files())
    image = _image(files["share/index.png"])
    assert image.size == (1200, 630) and image.mode == "P"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".png"] == [
        f"{charts.cache_key({'png': svg}, drawing.version)}.{charts.PNG_FORMAT}.png"]


def test_the_frequent_colours_are_sampled_from_every_fourth_pixel_of_every_fourth_row():
    """_keep_frequent_colours samples by Pillow's affine map instead of copying the whole picture into
    numpy: the same pixels, for odd sizes too (the palette PNGs stay byte for byte as before)."""
    import numpy as np

    for width, height in ((800, 600), (803, 601), (5, 3), (1, 1)):
        image = Image.frombytes("RGB", (width, height), bytes((i * 7 + i // 3) % 256 for i in range(width * height * 3)))
        seen = []
        real = np.unique

        def spying(values, **kwargs):
            seen.append(values.copy())
            return real(values, **kwargs)

        np.unique = spying
        try:
            charts._keep_frequent_colours(image, image.quantize(256, method=Image.Quantize.FASTOCTREE))
        finally:
            np.unique = real
        every = np.asarray(image)[::4, ::4].astype(np.uint32)
        assert np.array_equal(seen[0], (every[..., 0] << 16 | every[..., 1] << 8 | every[..., 2]).reshape(-1))


def test_a_png_at_another_scale_is_another_file_in_the_cache(tmp_path):
    """The same chart at 2× (the latest period's) and at 1× (an older period's): two PNGs, one SVG, each
    cached under a name that holds its scale, so neither is ever served for the other."""
    spec = charts.bar_chart("c.svg", "Т", ["Орган"], [Fraction(1, 2)], "Кпр, %", "Орган").spec
    for _ in range(2):  # drawn, then read from the cache
        with charts.Drawing(tmp_path) as drawing:
            drawing.add("charts/latest.svg", spec, charts.png_scale_of("2025", "2025"))
            drawing.add("charts/older.svg", spec, charts.png_scale_of("2024", "2025"))
            files = dict(drawing.files())
        assert files["charts/latest.svg"] == files["charts/older.svg"]
        latest, older = _image(files["charts/latest.png"]), _image(files["charts/older.png"])
        assert latest.size == (2 * older.size[0], 2 * older.size[1]) and older.size[0] == chart_specs.WIDTH
    key = charts.cache_key(spec, drawing.version)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{key}.svg", f"{key}.{charts.png_format(2)}.png", f"{key}.{charts.png_format(1)}.png"])
    assert charts.png_scale_of(None, "2025") == charts.PNG_SCALE  # a chart of no one period


def _png_widths(files: dict) -> dict[str, int]:
    return {path: _image(content).size[0] for path, content in files.items()
            if path.startswith("charts/") and path.endswith(".png")}


def test_an_older_periods_charts_get_pngs_at_their_size_and_the_latest_periods_and_overviews_twice(tmp_path,
                                                                                                     monkeypatch):
    """The rule of the PNGs' scale on a built site: a chart of an earlier period's page (its bars, the organ's
    trend up to that period) is as wide as laid out, the latest period's and the overview's trend twice; once a newer
    period comes, the period that was the latest gets the smaller PNGs; a build that replays the pages'
    records draws the same PNGs as one with nothing to reuse, byte for byte."""
    from tests.test_incremental import rendered

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    monkeypatch.setenv("TRANSPARENCY_CACHE_DIR", str(tmp_path / "cache"))
    widths = _png_widths(rendered(data).files)
    kinds = {"charts/organs/alpha-2024-kud.png": 1, "charts/organs/alpha-2025-kud.png": 2,
             "charts/rating-2024.png": 1, "charts/rating-2025.png": 2, "charts/organs/alpha-trend.png": 2,
             "charts/organs/alpha-2025-trend.png": 2}
    assert {path: widths[path] / chart_specs.WIDTH for path in kinds} == kinds
    shutil.copytree(data / "periods" / "2025", data / "periods" / "2026")  # 2025 is no longer the latest
    newer = rendered(data)
    widths = _png_widths(newer.files)
    assert widths["charts/organs/alpha-2025-kud.png"] == chart_specs.WIDTH
    assert widths["charts/organs/alpha-2026-kud.png"] == 2 * chart_specs.WIDTH
    assert widths["charts/organs/alpha-2025-trend.png"] == chart_specs.WIDTH  # on 2025's page, now an older one
    assert widths["charts/organs/alpha-2026-trend.png"] == widths["charts/organs/alpha-trend.png"] == 2 * chart_specs.WIDTH
    again = rendered(data)  # the pages replayed from their records: each chart with its period
    assert again.reused and again.files == newer.files
    monkeypatch.setenv("TRANSPARENCY_CACHE_DIR", str(tmp_path / "cold-cache"))
    assert rendered(data, reusing=False).files == again.files
