"""Pictures to reuse (issue 13): a PNG of every chart linked under it, a share image and a description
per page with og:/twitter: tags, and an SVG badge per organ with the snippet to paste."""
from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import yaml

from generator import charts
from generator.build import check
from generator.cli import main
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.render.pictures import Headline, badge_svg, share_svg, with_front_matter
from generator.render.site import render
from tests.helpers import FIXTURES

HOSTILE = '<script>alert("x")</script> & Ко'
SVG = "{http://www.w3.org/2000/svg}"


def _bundle(folder: Path, cache: Path):
    report, dataset = check(folder)
    assert report.ok, report.as_text()
    return render(dataset, compute(dataset), METHODOLOGIES[dataset.site.methodology], cache)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _front_matter(page: str) -> dict:
    found = re.match(r"---\n(.*?\n)---\n", page, re.DOTALL)
    return yaml.safe_load(found.group(1)) if found else {}


@pytest.mark.parametrize("fixture", ["minimal", "baikonur", "dzerzhinsk", "ivanovo", "novokuznetsk"])
def test_every_chart_has_a_png_linked_under_it_and_every_page_a_share_image(fixture, tmp_path):
    files = _bundle(FIXTURES / fixture, tmp_path / "cache").files
    svgs = [p for p in files if p.startswith("charts/") and p.endswith(".svg")]
    assert svgs
    pages = {p: c for p, c in files.items() if p.endswith(".md")}
    widths = []
    for svg in svgs:
        png = files[charts.png_path(svg)]
        width, height = _png_size(png)
        widths.append(width)
        assert width >= charts.WIDTH - 1 and height > 0  # at least its size: an older period's chart (test_png.py)
        name = svg.rsplit("/", 1)[1]
        showing = [c for c in pages.values() if f'{name}" alt=' in c]
        assert showing and all(f'{name[:-4]}.png" download>Скачать PNG</a>' in c for c in showing), svg
    assert max(widths) >= 2 * charts.WIDTH - 2  # the latest period's and the trends: twice their size
    for path, page in pages.items():
        meta = _front_matter(page)
        assert meta.get("tp_image") in files and meta["tp_description"].endswith("."), path
        assert _png_size(files[meta["tp_image"]]) == (1200, 630)


def test_a_page_of_the_latest_period_has_its_own_picture_and_sentence(tmp_path):
    files = _bundle(FIXTURES / "minimal", tmp_path / "cache").files
    latest = sorted(p for p in files if re.fullmatch(r"organs/alpha/[^/]+\.md", p) and "index" not in p)[-1]
    meta = _front_matter(files[latest])
    assert meta["tp_image"] == "share/" + latest[:-3] + ".png"
    assert meta["tp_description"].startswith("Альфа, ") and "%" in meta["tp_description"]
    assert _front_matter(files["organs/alpha/index.md"])["tp_image"] == meta["tp_image"]  # the overview: the same


def test_pictures_and_front_matter_keep_a_hostile_name_as_text():
    headline = Headline(HOSTILE, "Кэф 81,0 %", "Хорошо", "good", "2025 год")
    root = ET.fromstring(share_svg(headline, "Мониторинг"))
    assert HOSTILE.split()[0] in "".join(root.itertext())
    page = with_front_matter("---\ntags: [\"a\"]\n---\n\n# Т\n", {"tp_description": HOSTILE + ": x"})
    assert _front_matter(page) == {"tags": ["a"], "tp_description": HOSTILE + ": x"}
    assert with_front_matter("# Т\n", {"tp_image": "share/index.png"}).startswith("---\ntp_image: share/index.png\n---\n\n# Т")


def test_a_badge_names_the_organ_its_level_and_figure_in_text_of_12_px_at_least():
    svg, width, height = badge_svg(Headline(HOSTILE, "Кэф 58,3 %", "Средне", "fair", "2025 год"))
    root = ET.fromstring(svg)  # parses: the name is escaped
    title = root.find(f"{SVG}title").text
    assert title.startswith(HOSTILE) and "средне" in title and "Кэф 58,3 %" in title and "2025 год" in title
    texts = list(root.iter(f"{SVG}text"))
    assert [t.text for t in texts][1:] == ["Кэф 58,3 % · Средне", "2025 год"]
    assert all(float(t.get("font-size")) >= 12 for t in texts)
    assert root.get("role") == "img" and (int(root.get("width")), int(root.get("height"))) == (width, height)


def test_the_built_site_has_head_tags_with_absolute_addresses_escaped_and_the_widget(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    organs = yaml.safe_load((data / "organizations.yaml").read_text(encoding="utf-8"))
    organs[0]["short_name"] = HOSTILE
    (data / "organizations.yaml").write_text(yaml.safe_dump(organs, allow_unicode=True), encoding="utf-8")
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "site"), "--quiet"]) == 0
    site = tmp_path / "site"
    head = (site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert '<meta property="og:image" content="https://example.org/test/share/index.png">' in head
    assert '<meta property="og:locale" content="ru_RU">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert re.search(r'<meta name="description" content="Тестовый городской округ, [^"]+\.">', head)
    organ_id = organs[0]["id"]
    overview = (site / "organs" / organ_id / "index.html").read_text(encoding="utf-8")
    organ_head = overview.split("</head>")[0]
    assert "<script>alert" not in organ_head and "&lt;script&gt;alert(&#34;x&#34;)" in organ_head
    assert "Виджет для сайта органа" in overview
    snippet = unescape(re.search(r'<pre class="tp-widget__code"[^>]*><code>(.*?)</code></pre>', overview, re.S).group(1))
    assert snippet.startswith(f'<a href="https://example.org/test/organs/{organ_id}/"><img src='
                              f'"https://example.org/test/badges/{organ_id}.svg" alt="')
    assert "&lt;script&gt;" in snippet  # the name stays text in the pasted HTML too
    ET.parse(site / "badges" / f"{organ_id}.svg")
    assert _png_size((site / "share" / "index.png").read_bytes()) == (1200, 630)


def test_a_description_from_a_heading_reads_as_the_reader_sees_it():
    from markupsafe import Markup

    from generator.render.pictures import _unmarked

    heading = r"Кэф остался на уровне 81,0 % \(изменение в пределах погрешности\) {#headline}"
    assert Markup(_unmarked(heading)).striptags() == "Кэф остался на уровне 81,0 % (изменение в пределах погрешности)"
    assert Markup(_unmarked("Управление &laquo;Альфа&raquo; &amp; \\*партнёры\\*")).striptags() == \
        "Управление «Альфа» & *партнёры*"


def test_braces_the_datas_heading_ends_with_are_kept_only_the_attribute_list_goes():
    """A title ending in «{№5}» was cut to «Школа \\» in the share card and the meta description: the
    attribute-list pattern took the braces the `md` filter had escaped."""
    from generator.render.environment import make_environment
    from generator.render.pictures import _unmarked

    md = make_environment({}).filters["md"]
    assert _unmarked(md("Школа {№5}")) == "Школа {№5}"
    assert _unmarked(md("x {#id}")) == "x {#id}"
    assert _unmarked(md("Итоги") + " {#headline}") == "Итоги"
    assert _unmarked(md("Итоги") + " {: .tp-x }") == "Итоги"


def test_the_png_cache_name_changes_with_what_a_png_depends_on_besides_its_svg():
    from importlib import metadata

    for part in (f"{charts.PNG_SCALE}x", str(charts.MAX_PIXELS), f"r{charts.PNG_RULES}", metadata.version("pillow")):
        assert part in charts.PNG_FORMAT
