"""The PNGs beside the charts and the share images: palette PNGs of 256 colours, a tall chart's capped
at MAX_PIXELS, each colour of note kept exactly; cached under a name of their own format."""
from __future__ import annotations

import io

from PIL import Image

from generator import charts
from generator.render.pictures import Headline, share_svg

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
