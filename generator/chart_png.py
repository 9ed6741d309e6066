"""A chart's PNG beside its SVG (issue 13, «Скачать PNG»): at what scale, and as a palette PNG. The drawing
processes (generator/charts.py) make each from the chart's SVG with vl-convert's resvg."""
from __future__ import annotations

import io
import math
import re
from importlib import metadata

PNG_SCALE = 2  # a chart's PNG: twice its SVG's size, sharp on a slide or in print …
# … but only a chart of the latest period's pages, or of no period's (an organ's overview trend, the
# municipal trend on the home page): a
# chart of an older period gets its PNG at the size it is laid out for (OLDER_PERIOD_SCALE). Press work
# takes the latest period's pictures, and a PNG at 1× costs a third of the CPU of one at 2× (resvg and
# the palette: 11 ms against 30 ms; at 400 organs, about 2 800 of the 3 616 charts drawn cold). The site
# says which period a chart belongs to (SiteRenderer.chart, png_scale_of): never guessed from its name.
OLDER_PERIOD_SCALE = 1
# … but at most 4 megapixels: a rating of 400 bars is 400×26 600 px, 42 MP and 13 MB at twice its size.
# A tall chart gets the largest scale that fits, never under 1 (its labels are laid out to be read at 1).
MAX_PIXELS = 4_000_000
# The PNGs are palette PNGs of 256 colours: a chart has a few flat colours and their anti-aliased edges,
# and the file is a seventh of the RGBA one resvg writes. Every colour on 0.1 % of the sampled pixels or more
# is kept exactly (measured on the charts of 100 organs); an anti-aliased edge may be 15 units off at most.
# Part of the PNG's name in the cache, with all a PNG depends on besides its SVG (the cache key): the scale
# rule (the chart's largest scale: PNG_SCALE or OLDER_PERIOD_SCALE), the quantizer's version and PNG_RULES
# (raise it when palette_png's output changes), so no PNG made at another scale, by another rule or
# Pillow is served.
PNG_RULES = 2  # 2: zlib level PNG_COMPRESSION (3) instead of 6
PNG_COMPRESSION = 3
_PILLOW = metadata.version("pillow")  # read once: a look-up scans the installed packages (15 ms)


def png_format(largest: float = PNG_SCALE) -> str:
    return f"p256-{largest:g}x-{MAX_PIXELS}-r{PNG_RULES}-pil{_PILLOW}"


PNG_FORMAT = png_format(PNG_SCALE)  # a chart's of the latest period; a share image's (drawn at 1× whatever it says)
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)(?:px)?"[^>]*?\sheight="([0-9.]+)(?:px)?"')


def png_scale_of(period: str | None, latest: str) -> float:
    """The largest scale of the PNG of a chart that belongs to `period` (its name; None: to no period,
    or to several): PNG_SCALE for the latest period's and for none, OLDER_PERIOD_SCALE for an older one's.
    Decided when the chart is handed to the drawing, so a period that stops being the latest gets its
    smaller PNGs on the next build (the PNG's cache name holds the scale)."""
    return PNG_SCALE if period is None or period == latest else OLDER_PERIOD_SCALE


def png_scale(svg: str, largest: float = PNG_SCALE) -> float:
    """`largest`, or less for a chart that would have more than MAX_PIXELS at it; 1 at the least."""
    found = _SIZE.search(svg, 0, 2000)
    if not found:
        return largest
    area = float(found.group(1)) * float(found.group(2))
    return largest if area * largest ** 2 <= MAX_PIXELS else max(1.0, math.sqrt(MAX_PIXELS / area))


def palette_png(png: bytes) -> bytes:
    """The picture as a palette PNG (PNG_FORMAT): 256 colours by Pillow's fast octree (a few ms; median
    cut takes eight times as long); an opaque picture loses its alpha channel first (one less to index).
    Opaque is told by the alpha band alone: the extrema of all four bands take three times as long."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        opaque = image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == 255
        image = image.convert("RGB") if opaque or image.mode not in ("RGB", "RGBA") else image
        quantized = image.quantize(256, method=Image.Quantize.FASTOCTREE)
        if image.mode == "RGB":
            _keep_frequent_colours(image, quantized)
    out = io.BytesIO()
    # 3 takes half the time of 6 for a fifth more bytes (0,4 ms against 0,8 ms, 6,4 KB against 5,4 KB a chart
    # at 1×; 1,4 ms against 2,8 ms at 2×): at 400 organs 2,7 s of CPU for 7 MB of a 370 MB site
    quantized.save(out, "PNG", compress_level=PNG_COMPRESSION)
    return out.getvalue()


def _keep_frequent_colours(image, quantized, step: int = 4) -> None:
    """The octree gives each palette entry the mean of the colours it took in: a level's colour beside
    its anti-aliased edges would come out up to 13 units off. Each colour on at least 0.1 % of every
    `step`-th pixel of every `step`-th row gets its entry back exactly (the more frequent one where two
    share an entry). The sample is taken by Pillow (an affine map, nearest pixel: exactly [::step, ::step]),
    so only it is copied into numpy, not the whole picture (a third of the time)."""
    import numpy as np
    from PIL import Image

    width, height = image.size
    offset = (1 - step) / 2  # Pillow's nearest pixel of output x is the source's floor(step·(x + ½) + offset)
    sample = np.asarray(image.transform(((width + step - 1) // step, (height + step - 1) // step), Image.Transform.AFFINE,
                                        (step, 0, offset, 0, step, offset), Image.Resampling.NEAREST))
    packed = (sample[..., 0].astype(np.uint32) << 16 | sample[..., 1].astype(np.uint32) << 8 | sample[..., 2]).reshape(-1)
    values, first, counts = np.unique(packed, return_index=True, return_counts=True)
    palette, taken = quantized.getpalette(), set()
    for rank in np.argsort(-counts, kind="stable"):
        if counts[rank] * 1000 < packed.size:
            break
        row, column = divmod(int(first[rank]), sample.shape[1])
        index = quantized.getpixel((column * step, row * step))
        if index not in taken:
            taken.add(index)
            value = int(values[rank])
            palette[3 * index:3 * index + 3] = [value >> 16, value >> 8 & 255, value & 255]
    quantized.putpalette(palette)
