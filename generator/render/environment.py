"""The jinja environment: HTML autoescaping everywhere, plus a Markdown-safe filter.

Pages are Markdown files whose headings are Markdown and whose bodies are raw HTML
blocks. Text from data files is untrusted: in HTML it is escaped by autoescape, in
a Markdown heading by `md`, which also neutralises Markdown's own syntax.
"""
from __future__ import annotations

import posixpath
import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator import PROJECT_ROOT, text_ru
from generator.exact import OPEN_DATA_DECIMALS

TEMPLATES = PROJECT_ROOT / "site_templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(text) -> Markup:
    """Escape for a Markdown inline context (a heading): HTML first, then Markdown syntax."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(text)))))


def page_url(source: str) -> str:
    """The built URL of a Markdown source path (use_directory_urls is off: works from file://)."""
    return re.sub(r"\.md$", ".html", source)


def relative(from_source: str, to_target: str) -> str:
    """A link from one page to a page source (`.md`) or a file, relative so any subfolder works."""
    target = page_url(to_target)
    start = posixpath.dirname(page_url(from_source)) or "."
    return posixpath.relpath(target, start)


def make_environment() -> Environment:
    # "{#" is Markdown's heading-id syntax, so jinja comments are written {## … ##}
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      comment_start_string="{##", comment_end_string="##}",
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(
        md=md,
        pct=lambda v, missing="не оценивается": text_ru.percent(v, missing=missing),
        num=text_ru.number,
        decimal=text_ru.decimal,
        num1=lambda v: text_ru.number(v, 1) if v is not None else "—",
        signed=text_ru.signed,
        date=text_ru.date,
        yesno=lambda v: "да" if v else "нет",
    )
    env.globals.update(plural_count=text_ru.plural_count, plural=text_ru.plural,
                       opendata_decimals=OPEN_DATA_DECIMALS)
    return env
