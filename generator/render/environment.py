"""The jinja environment: HTML autoescaping everywhere, plus a Markdown-safe filter.

Pages are Markdown files whose headings are Markdown and whose bodies are raw HTML
blocks. Text from data files is untrusted: in HTML it is escaped by autoescape, in
a Markdown heading by `md`, which also neutralises Markdown's own syntax, and in
front matter by `yaml`, which makes it one YAML scalar, quoted where needed. Data is only ever a
value of a template, never its source, so `{{ … }}` in data is printed, not evaluated.

Templates are found in two places: each methodology's own `templates/` folder, under its code
(`kaluga/organ.md.j2`), and the shared folder (`pages/organ.md.j2`, `partials/macros.html.j2`). The
methodology's names are searched first and cannot reach into another methodology's folder or replace a
shared template: its pages `{% extends %}` the shared base of their kind and fill its blocks.
"""
from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup, escape

from generator import text_ru
from generator.exact import OPEN_DATA_DECIMALS
from generator.resources import TEMPLATES
from generator.stats.propagation import change_test  # is a change more than the surveys' error

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# Line and paragraph breaks (and other control characters): in a heading or a front-matter
# line they would end the line and let the rest of the text start Markdown or YAML of its own.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def one_line(text) -> str:
    """The text as a single line: every run of line breaks and control characters becomes a space."""
    return _LINE_BREAKING.sub(" ", str(text))


def md(text) -> Markup:
    """Escape for a Markdown inline context (a heading): one line, HTML first, then Markdown syntax.

    Quotes stay as they are (a heading is no attribute): an entity such as `&#34;` would have its
    `#` escaped for Markdown and reach the page title as the text «&#34;»."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(one_line(text), quote=False)))


def yaml_scalar(text) -> Markup:
    """A front-matter value (`key: {{ text|yaml }}`): one line, written by the YAML library as the
    value of a key, so it is quoted whenever it could end the value, add a key or close the front
    matter, and left plain otherwise. Not HTML-escaped here: the theme prints titles through the
    publishing step, which makes them safe (generator/publish/project.py)."""
    dumped = yaml.safe_dump({"v": one_line(text)}, allow_unicode=True, width=float("inf"))
    return Markup(dumped.removeprefix("v: ").removesuffix("\n"))


def page_url(source: str) -> str:
    """The built URL of a Markdown source path (use_directory_urls is off: works from file://)."""
    return re.sub(r"\.md$", ".html", source)


@functools.lru_cache(maxsize=1 << 16)  # every figure of a page links the same methodology page
def relative(from_source: str, to_target: str) -> str:
    """A link from one page to a page source (`.md`) or a file, relative so any subfolder works."""
    target = page_url(to_target)
    start = posixpath.dirname(page_url(from_source)) or "."
    return posixpath.relpath(target, start)


# ---- a figure's value as the pages print it -------------------------------------------------
# The macros `measure`, `value` and `input_value` (partials/macros.html.j2) print through these: every
# page prints dozens of figures, each with its inputs, and a jinja macro call costs several times
# what the formatting itself does once text_ru remembers it.

def measure(v, ind=None) -> Markup:
    """A value in its indicator's unit: percent (one decimal), a count, or points (two decimals)."""
    if ind and ind.unit == "%" or not ind:
        return escape(text_ru.percent(v))
    return escape(text_ru.number(v) if ind.unit == "count" else text_ru.number(v, 2))


def figure_value(f, missing="не оценивается", ind=None) -> Markup:
    """The figure's value in its unit, or `missing` when there is none."""
    return measure(f.value, ind) if f and f.value is not None else escape(missing)


def input_value(i) -> Markup:
    """An input of a calculation: a share in percent, anything else as a decimal."""
    if i.value is None:
        return Markup("—")
    return escape(text_ru.percent(i.value) if i.unit == "%" else text_ru.decimal(i.value))


def template_loader(methodology_templates: Mapping[str, Path]) -> ChoiceLoader:
    """`<code>/<name>` from the methodology's own folder, everything else from the shared one."""
    own = PrefixLoader({code: FileSystemLoader(str(folder)) for code, folder in methodology_templates.items()})
    return ChoiceLoader([own, FileSystemLoader(str(TEMPLATES))])


def make_environment(methodology_templates: Mapping[str, Path] | None = None) -> Environment:
    """`methodology_templates`: code → the methodology's templates folder (Methodology.templates_folder())."""
    # "{#" is Markdown's heading-id syntax, so jinja comments are written {## … ##}
    env = Environment(loader=template_loader(methodology_templates or {}), autoescape=True, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(
        md=md,
        yaml=yaml_scalar,
        pct=lambda v, missing="не оценивается": text_ru.percent(v, missing=missing),
        num=text_ru.number,
        decimal=text_ru.decimal,
        num1=lambda v: text_ru.number(v, 1) if v is not None else "—",
        signed=text_ru.signed,
        date=text_ru.date,
        yesno=lambda v: "да" if v else "нет",
    )
    env.globals.update(plural_count=text_ru.plural_count, plural=text_ru.plural, agree=text_ru.agree,
                       inflect=text_ru.inflect, measure_of=measure, value_of=figure_value, input_value_of=input_value,
                       interval_range=text_ru.interval_range, interval_margin=text_ru.interval_margin, p_value=text_ru.p_value,
                       change_test=change_test,
                       opendata_decimals=OPEN_DATA_DECIMALS)
    return env
