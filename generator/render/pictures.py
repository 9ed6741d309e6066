"""Pictures to reuse (issue 13): a share image for the pages, the description a link preview shows, and
an SVG badge per organ for its own site (Baikonur п. 5.2.3) with the snippet to paste.

A share image is 1200×630: the page's subject, its headline figure and level, coloured by the level,
and the site's name under them. Its SVG is made here and handed to the chart drawing (charts.Drawing),
which makes it PNG in its processes and caches it by content, like a chart. Drawing one takes ~30 ms,
so a build does not draw one for every page: the home, every rating and every page of the latest
period get their own; a page of an earlier period shows its period's rating picture, any other page the
home's. The page names its picture and description in its front matter (`tp_image`, `tp_description`),
which overrides/main.html prints, escaped, as og:/twitter: tags.

Text from the data lands in SVG (escaped as XML) and in YAML front matter (dumped by yaml), never in
markup unescaped. Widths are estimated from DejaVu Sans's proportions, on the wide side: a long name
is cut with «…» rather than overflow.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape as attribute
from xml.sax.saxutils import escape

import yaml
from markupsafe import Markup

from generator.chart_specs import TONE_COLOURS, UNBANDED, _drawable
from generator.render.environment import measure
from generator.render.verdict import make_verdict

SHARE, BADGES = "share", "badges"
FONT_STACK = "DejaVu Sans, Verdana, Arial, sans-serif"  # the PNGs have DejaVu Sans (chart_fonts/dejavu)
INK, PAPER, MUTED = "#1a1a1a", "#ffffff", "#444444"  # 17:1 and 9.7:1 on white
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
# attr_list at the end of a heading ({#headline}, {: .class}); never braces the data's text had, which
# the `md` filter escaped (\{№5\})
_ATTRIBUTES = re.compile(r"\s*(?<!\\)\{:?\s*[#.][^{}]*\}\s*$")
_ESCAPED = re.compile(r"\\(.)")
_FRONT = re.compile(r"\A---[ \t]*\n")


@dataclass(frozen=True)
class Headline:
    """What a picture says: the subject and its headline figure with the level (or why there is none)."""

    subject: str
    figure: str  # «Кэф 81,0 %», or «не оценивался»
    level: str  # «Хорошо»; "" without a level
    tone: str  # good / fair / poor; "" for a figure outside any level (grey)
    period: str  # «2025 год»

    @property
    def colour(self) -> str:
        return TONE_COLOURS.get(self.tone, UNBANDED[1])

    def sentence(self) -> str:
        """The page's description: one sentence from its verdict."""
        level = f" — {self.level.lower()}" if self.level else ""
        return f"{self.subject}, {self.period}: {self.figure}{level}."


def _plain(value) -> str:
    return Markup(value).striptags() if isinstance(value, Markup) else str(value)


def assessment_headline(site, method, assessment) -> Headline:
    """An organ's or a service's headline in its period, from its verdict (render/verdict.py)."""
    verdict = make_verdict(site, method, assessment)
    name = assessment.service_name or assessment.organization.display_name
    if verdict is None:
        return Headline(name, "не оценивался", "", "", assessment.period.label)
    return Headline(name, f"{verdict.symbol} {_plain(verdict.value)}", verdict.level,
                    verdict.tone if verdict.level else "", assessment.period.label)


def municipal_headline(site, period) -> Headline:
    """The municipality's headline figure of the period."""
    method = site.method_for(period)
    indicator = method.indicators[method.headline]
    figure = site.results.municipal.get(period.name, {}).get(method.headline)
    subject = site.dataset.site.municipality
    if figure is None or figure.value is None:
        return Headline(subject, f"{indicator.symbol}: не оценивается", "", "", period.label)
    band = figure.band
    return Headline(subject, f"{indicator.symbol} {_plain(measure(figure.value, indicator))}",
                    band.word if band else "", band.tone if band else "", period.label)


def _unmarked(heading: str) -> str:
    """A heading's text as a reader sees it: without its attribute list (`{#headline}`) and the backslashes
    that kept Markdown syntax from acting (`\\(` from the `md` filter); HTML entities stay for striptags."""
    return _ESCAPED.sub(r"\1", _ATTRIBUTES.sub("", heading))


class Pictures:
    """The share images and badges of one site (SiteRenderer.pictures)."""

    def __init__(self, site):
        self.site = site
        self.site_name = site.bundle.site_name
        self.title = site.main.site_title  # the foot of a share image: its subject names the municipality
        self.site_url = site.dataset.site.site_url.rstrip("/") + "/"
        self.drawn: set[str] = set()

    # ---- share images -------------------------------------------------------------------
    def shared(self, path: str, context: dict, method, text: str) -> str:
        """The page's text with its picture and description in its front matter."""
        image, headline = self._picture_of(path, context, method)
        if headline is not None:
            description = headline.sentence()
        else:
            heading = _HEADING.search(text)
            title = Markup(_unmarked(heading.group(1))).striptags() if heading else ""
            description = f"{title} — {self.site_name}." if title else f"{self.site_name}."
        return with_front_matter(text, {"tp_image": image, "tp_description": description})

    def _picture_of(self, path: str, context: dict, method) -> tuple[str, Headline | None]:
        site = self.site
        subject = context.get("service") or context.get("organ")
        if path == "index.md":
            headline = municipal_headline(site, site.latest)
            return self.draw("index.png", headline), headline
        if path.startswith("rating/") and path.count("/") == 1 and "period" in context:
            headline = municipal_headline(site, context["period"])
            return self.draw(path.removesuffix(".md") + ".png", headline), headline
        if getattr(subject, "page", None) == path:
            headline = assessment_headline(site, method, subject)
            if subject.period == site.latest:
                return self.draw(path.removesuffix(".md") + ".png", headline), headline
            return self.period_picture(subject.period), headline
        history = context.get("history")
        if path.endswith("/index.md") and context.get("organization") is not None and history:
            latest = history[-1]  # the overview shows the organ's latest page's picture
            headline = assessment_headline(site, site.method_for(latest.period), latest)
            if latest.period == site.latest:
                return self.draw(latest.page.removesuffix(".md") + ".png", headline), headline
            return self.period_picture(latest.period), headline
        return f"{SHARE}/index.png", None

    def period_picture(self, period) -> str:
        return self.draw(f"rating/{period.name}.png", municipal_headline(self.site, period))

    def draw(self, name: str, headline: Headline) -> str:
        """share/<name>: handed to the drawing once; the path of the picture inside the site."""
        path = f"{SHARE}/{name}"
        if path not in self.drawn:
            self.drawn.add(path)
            self.site.drawing.add(path, share_svg(headline, self.title))
        return path

    # ---- badges --------------------------------------------------------------------------
    def badge(self, organization, history) -> dict | None:
        """badges/<organ>.svg, and what the organ's overview shows of it (the snippet to paste)."""
        if not history:
            return None
        latest = history[-1]
        headline = assessment_headline(self.site, self.site.method_for(latest.period), latest)
        headline = Headline(organization.display_name, headline.figure, headline.level, headline.tone,
                            headline.period)
        svg, width, height = badge_svg(headline)
        path = f"{BADGES}/{organization.id}.svg"
        self.site.bundle.add(path, svg)
        alt = badge_title(headline)
        page = f"{self.site_url}organs/{organization.id}/"
        snippet = (f'<a href="{attribute(page)}"><img src="{attribute(self.site_url + path)}" '
                   f'alt="{attribute(alt)}" width="{width}" height="{height}"></a>')
        return {"path": path, "alt": alt, "width": width, "height": height, "snippet": snippet}


def with_front_matter(text: str, fields: dict) -> str:
    """`fields` added to the page's front matter (one is made when it has none)."""
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=float("inf"))
    found = _FRONT.match(text)
    if found:
        return text[:found.end()] + dumped + text[found.end():]
    return "---\n" + dumped + "---\n\n" + text


# ---- drawing ---------------------------------------------------------------------------------

def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the text's width in DejaVu Sans, a little wide."""
    total = 0.0
    for char in text:
        if char in " .,:;'!|iIl":
            total += 0.34
        elif char.isdigit():
            total += 0.64
        elif char.isupper() or char in "%—шщжмюфыШЩЖМЮФЫ":
            total += 0.8
        else:
            total += 0.62
    return total * size * (1.1 if bold else 1.0)


def fitted(text: str, size: float, width: float, lines: int, bold: bool = False) -> list[str]:
    """The text in at most `lines` lines of `width`, broken between words; what does not fit ends with «…»."""
    words, result, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if text_width(candidate, size, bold) <= width or not line:
            line = candidate
        else:
            result.append(line)
            line = word
    result.append(line)
    if len(result) > lines:
        result = result[:lines]
        result[-1] += " …"
    shown = []
    for item in result:
        while text_width(item, size, bold) > width and len(item) > 1:
            item = item[:-2].rstrip() + "…"
        shown.append(item)
    return shown


def _text(x: float, y: float, text: str, size: int, fill: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:g}" y="{y:g}" font-family="{FONT_STACK}" font-size="{size}"{weight} '
            f'fill="{fill}">{escape(_drawable(text))}</text>')


def _line(x: float, y: float, text: str, size: int, fill: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<tspan x="{x:g}" y="{y:g}" font-size="{size}"{weight} fill="{fill}">{escape(_drawable(text))}</tspan>'


def share_svg(headline: Headline, site_name: str) -> str:
    """The 1200×630 share image: a frame in the level's colour; the subject (≤ 2 lines), the figure and
    the level in words (in the level's colour); the period and the site's name at the foot.
    The lines are the tspans of one text: resvg spends ~5 ms on each text element it lays out (its
    font set up again), a fifth of the picture's drawing; the pixels are the same."""
    colour, inner = headline.colour, 1040
    lines = [_line(80, 130 + 62 * i, line, 48, INK, bold=True)
             for i, line in enumerate(fitted(headline.subject, 48, inner, 2, bold=True))]
    lines.append(_line(80, 330, fitted(headline.figure, 88, inner, 1, bold=True)[0], 88, colour, bold=True))
    if headline.level:
        lines.append(_line(80, 405, fitted(headline.level, 48, inner, 1, bold=True)[0], 48, colour, bold=True))
    lines.append(_line(80, 540, fitted(f"{headline.period} · {site_name}", 28, inner, 1)[0], 28, MUTED))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">'
            f'<rect width="1200" height="630" fill="{colour}"/>'
            '<rect x="40" y="40" width="1120" height="550" rx="24" fill="#ffffff"/>'
            f'<text font-family="{FONT_STACK}">' + "".join(lines) + "</text></svg>")


def badge_title(headline: Headline) -> str:
    level = f"{headline.level.lower()}, " if headline.level else ""
    return (f"{headline.subject}: {level}{headline.figure}, {headline.period} — "
            f"результаты мониторинга качества услуг")


def badge_svg(headline: Headline) -> tuple[str, int, int]:
    """The organ's badge: its name, the level in the level's colour with the figure, the period; a
    <title> says it all in words. (SVG, width, height)."""
    name = fitted(headline.subject, 14, 320, 1, bold=True)[0]
    status = headline.figure + (f" · {headline.level}" if headline.level else "")
    lines = [(name, 14, INK, True), (status, 14, headline.colour, True), (headline.period, 12, MUTED, False)]
    width = int(max(text_width(text, size, bold) for text, size, _, bold in lines) + 34)
    height = 72
    body = [f'<title id="t">{escape(badge_title(headline))}</title>',
            f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="6" fill="{PAPER}" '
            f'stroke="{headline.colour}"/>',
            f'<rect x="0" y="0" width="8" height="{height}" rx="3" fill="{headline.colour}"/>']
    for i, (text, size, fill, bold) in enumerate(lines):
        body.append(_text(18, 22 + i * 20, text, size, fill, bold))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">' + "".join(body) + "</svg>\n")
    return svg, width, height
