"""What a reader gets from a generated site, written as plain text the goldens store and compare.

A page (Markdown with raw HTML) is converted with the site's own Markdown extensions and written as
an outline of its HTML tree: one element or text per line, children indented, attributes sorted,
classes sorted, text with its whitespace collapsed and quoted as JSON (so a text «<b>» never looks
like an element). Layout that the reader never sees (indentation, blank lines, line breaks inside
an element, attribute order) is gone; a figure, label, link, table cell or heading stays.

A chart is its Vega-Lite spec as canonical JSON, each named data set put back where it is used.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import cache
from html.parser import HTMLParser

import markdown
import yaml

from generator.resources import MKDOCS_CONFIG

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# HTML's own whitespace only: a no-break space (between a figure and its unit) is text the reader sees
SPACES = re.compile(r"[ \t\n\r\f]+")


def collapsed(text: str) -> str:
    return SPACES.sub(" ", text).strip(" ")


class _Node:
    def __init__(self, tag: str, attrs: list[tuple[str, str | None]]):
        self.tag, self.attrs, self.children = tag, attrs, []


class _Tree(HTMLParser):
    """A forgiving tree builder: an end tag closes up to its open element; a stray one is ignored."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("", [])
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        text = collapsed(data)
        if text:
            self.open[-1].children.append(text)


def _start_tag(node: _Node) -> str:
    attrs = []
    for name, value in sorted(node.attrs):
        if value is None:
            attrs.append(name)
            continue
        value = " ".join(sorted(SPACES.split(collapsed(value)))) if name == "class" else collapsed(value)
        attrs.append(f"{name}={json.dumps(value, ensure_ascii=False)}")
    return "<" + " ".join([node.tag, *attrs]) + ">"


def _lines(node: _Node, depth: int) -> list[str]:
    indent = "  " * depth
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(indent + json.dumps(child, ensure_ascii=False))
        elif len(child.children) == 1 and isinstance(child.children[0], str):
            out.append(f"{indent}{_start_tag(child)} {json.dumps(child.children[0], ensure_ascii=False)}")
        else:
            out.append(indent + _start_tag(child))
            out += _lines(child, depth + 1)
    return out


@cache
def _markdown() -> markdown.Markdown:
    """The Markdown extensions and settings of the site's mkdocs.yml (what mkdocs renders pages with)."""

    class _Lenient(yaml.SafeLoader):
        pass

    _Lenient.add_multi_constructor("", lambda loader, suffix, node: None)  # mkdocs' !!python/… tags
    config = yaml.load(MKDOCS_CONFIG.read_text(encoding="utf-8"), Loader=_Lenient)
    names, settings = [], {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def page_outline(text: str) -> str:
    """A page as its reader gets it: its front matter, then the outline of its HTML."""
    meta, body = split_front_matter(text)
    converter = _markdown()
    converter.reset()
    tree = _Tree()
    tree.feed(converter.convert(body))
    tree.close()
    head = [f"front matter: {json.dumps(meta, ensure_ascii=False, sort_keys=True)}"] if meta else []
    return "\n".join(head + _lines(tree.root, 0)) + "\n"


def spec_json(spec: dict) -> str:
    """A Vega-Lite spec as canonical JSON; data sets named by hash are put back where they are used,
    so a changed value reads as one changed line, not as a renamed data set."""
    datasets = spec.get("datasets", {})

    def inline(value):
        if isinstance(value, dict):
            if set(value) == {"name"} and value["name"] in datasets:
                return {"values": datasets[value["name"]]}
            return {k: inline(v) for k, v in value.items() if not (k == "datasets" and value is spec)}
        if isinstance(value, list):
            return [inline(v) for v in value]
        return value

    return json.dumps(inline(spec), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def short_diff(expected: str, actual: str, label: str, limit: int = 40) -> str:
    """A unified diff of two normalised forms, cut to `limit` lines."""
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                      f"golden/{label}", f"rendered/{label}", n=2, lineterm=""))
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more lines of diff"]
    return "\n".join(lines)
