"""The mkdocs build spares its slow HTML parsers what they would only copy, and the site is the same.

- Markdown with the pass-through (publish/passthrough.py) gives the HTML and the anchors it gives
  without it, on ordinary pages and on odd ones (a `markdown` attribute, inline HTML starting a
  paragraph, comments, a block without a blank line after it, nested and misnested tags, code,
  Markdown tables, scripts…), and on generated page bodies;
- the search plugin, shown only the head of a report (shards.for_search), gives the same summarised
  index as when shown the whole page;
- a small project built by mkdocs both ways gives the same files, search summaries included.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from hypothesis import given, strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor

from generator.publish import passthrough, search, shards
from tests.strategies import examples

ROOT = Path(__file__).resolve().parents[1]
FAST = examples(100)  # the same 100 every run; INVARIANTS_SCALE=20 hunts with 2 000 at random

ODD_PAGES = {
    "ordinary": '<p class="tp-lead">Отчёт <a href="x.html">все периоды</a></p>\n\n<div class="tp-summary">\n'
                '<p>Место: <strong>1</strong> из 2</p>\n</div>\n\n## Введение {#intro}\n\n<p>a</p>\n<p>b</p>\n'
                '<ol class="x">\n<li>один</li>\n<li>два</li>\n</ol>\n',
    "markdown attribute": '<div markdown="1">\n\n*курсив* и **жирный**\n\n</div>\n\n<p>после</p>\n\n'
                          '<details markdown="block"><summary>S</summary>\n\n- пункт\n\n</details>\n',
    "inline first": "<span>строка</span> и *курсив*\n\n<p>x</p>\n\n<a id=\"q\">ссылка</a> текст\n",
    "comments": "<!-- комментарий -->\n\n<div>x</div>\n\n<p>a <!-- b --> c</p>\n\n"
                "текст <!-- \n\n<div>внутри</div>\n\n -->\n\n<p>после</p>\n",
    "no blank line after": "<div>x</div>\nтекст сразу после\n\n<p>y</p>\nи ещё\n<p>z</p>",
    "tails": "<div>x</div> хвост *курсив*\n\n<div>a</div><p>b</p>\n\n<div>c</div><span>d</span>\n\n"
             "<div>f</div><div>g</div>\n<p>h</p>\n",
    "blocks in a tail": "<span>\n<div></div><div><div></div></div></span>\n\n"
                        "<div>a</div><div><p>b</p><div>\n<div>c</div></div></div><details><div>x</div></details>\n",
    "a reference in a tail": "<div>e</div>&amp;\n\n<div>f</div>\n",
    "nested same tags": "<div><div>a</div><div>b</div></div>\n\n<div>\n<div>\n<p>c</p>\n</div>\n</div>\n",
    "misnested": "<div><p>a</div>\n\n<div><span><div>b</span></div>\n</div>\n\n<p>c</p>\n\n<p>d</span></p>\n",
    "unclosed": "<div>\n<p>a</p>\n\nтекст\n\n<p>b</p>\n",
    "code": "<pre><code>&lt;div&gt; x</code></pre>\n\n```\n<div>в коде</div>\n```\n\n    <div>отступ</div>\n\n"
            "`<p>` в строке\n\n<pre>\n<div>\n\n</pre>\n",
    "markdown table": "| a | b |\n|---|---|\n| <span>1</span> | 2 |\n\n<table><tr><td>3</td></tr></table>\n\n"
                      "| c |\n|---|\n| <div>4</div> |\n",
    "references": "<p>a &amp; b &#169; &#x41; &nbsp; &hellip;</p>\n\n<p>bare & amp</p>\n\n<p>&#123</p>\n\n<p>&#xZZ;</p>\n",
    "stray brackets": "<p>a < b</p>\n\n<p>c > d</p>\n\n<p>e </ f</p>\n\n<p></></p>\n",
    "anchors": '<div id="one"><a name="two">x</a><a id="three"></a><span name="no"></span></div>\n\n'
               '<div id="">пусто</div>\n\n<a name>y</a>\n\n<div id="a&amp;b">z</div>\n\n[к якорю](#one)\n',
    "empty tags": '<hr>\n\n<div><br/><img src="a.png" alt="x" /><hr></div>\n\n<p>a<br>b</p>\n\n<hr/>\n<div>c</div>\n',
    "indented": "   <div>отступ три</div>\n\n  <div>\n<p>внутри</p>\n\n</div>\n\n<p>после</p>\n",
    "script and style": '<script>var a = "<div>";</script>\n\n<div>x</div>\n\n<style>p{}</style>\n\n<p>y</p>\n',
    "letter case": '<DIV CLASS="x"><P>a</P></DIV>\n\n<Div>b</dIV>\n\n<details><SUMMARY>c</summary></DETAILS>\n',
    "attributes": "<div title='single'>a</div>\n\n<div data-x=bare>b</div>\n\n<div title=\"a>b\">c</div>\n\n"
                  '<div\nclass="x">d</div>\n\n<div  class="x"  >e</div>\n\n<div hidden>f</div>\n',
    "headings inside": '<div><h2 id="raw">Сырой</h2></div>\n\n## После {#after}\n\n<h3>x</h3>\n\n<h2 id="y">y</h2>\n',
    "blank lines inside": "<div>\n\n<p>a</p>\n\n</div>\n\n<details><summary>s</summary>\n\n<p>b</p>\n\n</details>\n",
    "lists": "- пункт\n\n<div>x</div>\n\n1. один\n<div>y</div>\n\n- пункт\n\n    <div>в пункте</div>\n",
    "declarations": "<?php echo 1; ?>\n\n<div>x</div>\n\n<!DOCTYPE html>\n\n<![CDATA[ z ]]>\n",
    "doubtful block on the next line": '<p>a</p>\n<p title="markdown">b</p>\n\n<p>c</p>\n<div>d</div>\n',
    "markdown word": "<p>Markdown и markdown</p>\n\n<p title=\"markdown\">после</p>\n\n<p>ещё</p>\n",
    "at the very start": "<div>x</div>",
}


def mkdocs_markdown_settings() -> tuple[list, dict]:
    """The Markdown extensions mkdocs converts the site's pages with (the site's mkdocs.yml, and
    mkdocs' own toc, tables and fenced_code first)."""
    class Lenient(yaml.SafeLoader):
        pass

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Lenient)
    names, options = ["toc", "tables", "fenced_code"], {}
    for entry in config["markdown_extensions"]:
        name, settings_ = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        options[name] = settings_ or {}
    return names, options


EXTENSIONS, OPTIONS = mkdocs_markdown_settings()


def converted(text: str, with_passthrough: bool) -> tuple[str, set, int]:
    """(HTML, anchors mkdocs found, blocks set aside) as mkdocs' Page.render converts a page."""
    md = markdown.Markdown(extensions=EXTENSIONS + ([passthrough.PassThrough()] if with_passthrough else []),
                           extension_configs=OPTIONS)
    anchors = _RawHTMLPreprocessor()
    anchors._register(md)
    html = md.convert(text)
    aside = md.preprocessors[passthrough.SET_ASIDE] if with_passthrough else None
    return html, anchors.present_anchor_ids, len(aside.runs) if aside else 0


def preprocessed(text: str, with_passthrough: bool) -> tuple[list[str], list[str]]:
    """What the block parser gets: the lines after every preprocessor, and the stashed HTML."""
    md = markdown.Markdown(extensions=EXTENSIONS + ([passthrough.PassThrough()] if with_passthrough else []),
                           extension_configs=OPTIONS)
    _RawHTMLPreprocessor()._register(md)
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    stash = [block if isinstance(block, str) else etree.tostring(block, encoding="unicode")
             for block in md.htmlStash.rawHtmlBlocks]
    return lines, stash


def same_both_ways(text: str) -> int:
    """The same HTML and anchors, and even the same input to the block parser; how many runs of
    blocks were set aside."""
    plain_html, plain_anchors, _ = converted(text, False)
    html, anchors, set_aside = converted(text, True)
    assert html == plain_html
    assert anchors == plain_anchors
    assert preprocessed(text, True) == preprocessed(text, False)
    return set_aside


@pytest.mark.parametrize("name", ODD_PAGES)
def test_odd_pages_convert_the_same(name):
    same_both_ways(ODD_PAGES[name])


def test_the_pass_through_takes_what_it_may():
    """Not a test that passes by doing nothing: our pages' blocks are set aside, doubtful ones not."""
    assert same_both_ways(ODD_PAGES["ordinary"]) == 3
    assert same_both_ways(ODD_PAGES["tails"]) == 4
    assert same_both_ways(ODD_PAGES["a reference in a tail"]) == 0  # kept for the next block: read again
    assert same_both_ways(ODD_PAGES["comments"]) == 0  # a page with a comment is left whole
    assert same_both_ways(ODD_PAGES["script and style"]) == 0
    assert same_both_ways(ODD_PAGES["markdown attribute"]) == 0  # the first block is doubtful: no more
    assert same_both_ways(ODD_PAGES["doubtful block on the next line"]) == 1
    assert same_both_ways(ODD_PAGES["markdown word"]) == 1  # not the one with «markdown» in a tag, nor after


def test_a_page_of_the_demo_site_is_set_aside_and_the_same(tmp_path):
    from generator.cli import main

    assert main(["export", "--data", str(ROOT / "tests" / "fixtures" / "minimal"), "--out", str(tmp_path),
                 "--quiet"]) == 0
    pages = sorted((tmp_path / "docs").rglob("*.md"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8").split("---\n", 2)[-1]
        same_both_ways(text)
    report = next(p for p in pages if p.parent.parent.name == "organs")
    assert same_both_ways(report.read_text(encoding="utf-8").split("---\n", 2)[-1]) > 3


# --- generated page bodies ---------------------------------------------------------------------

TAGS = ["div", "p", "details", "summary", "table", "tr", "td", "span", "a", "ol", "li", "pre", "code",
        "section", "h2", "figure", "strong"]
ATTRIBUTES = ['', ' class="x"', ' id="i"', ' name="n"', ' markdown="1"', ' id=""', " hidden", ' title="a&amp;b"',
              " data-x=bare", ' title="a>b"']
TEXTS = ["текст", "a &amp; b", "a & b", "a < b", "c > d", "*курсив*", "\n", "\n\n", " ", "&#169;", "`код`",
         "<br>", "<hr>", "<img src=\"a.png\"/>", "<!-- к -->", "## нет"]


@st.composite
def elements(draw, depth=0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.sampled_from(ATTRIBUTES)) if draw(st.integers(0, 3)) == 0 else ""
    inner = draw(st.lists(st.one_of(st.sampled_from(TEXTS), elements(depth + 1) if depth < 3 else st.just("x")),
                          max_size=4))
    ending = draw(st.sampled_from([f"</{tag}>"] * 8 + ["", "</div>", f"</{tag.upper()}>"]))
    return f"<{tag}{attrs}>{''.join(inner)}{ending}"


BLOCKS = st.one_of(
    elements(),
    st.sampled_from(["# Заголовок", "## Раздел {#r}", "### Под", "текст абзаца", "- пункт", "1. один",
                     "| a |\n|---|\n| 1 |", "    отступ", "```\n<div>\n```", "   <div>три</div>", "<hr>",
                     "<span>в строке</span> текст", "<!--\n\n-->"]),
)
SEPARATORS = st.sampled_from(["\n\n", "\n\n", "\n", "", " ", "\n\n\n"])


@FAST
@given(st.lists(st.tuples(BLOCKS, SEPARATORS), max_size=8))
def test_generated_pages_convert_the_same(blocks):
    same_both_ways("".join(block + separator for block, separator in blocks))


# --- the search plugin shown the head of a report ----------------------------------------------

def summarised_entries(content: str, url: str) -> list[dict]:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["ru"], separator="", pipeline=[], fields={})
    index.add_entry_from_context(SimpleNamespace(meta={}, toc=[], url=url, content=content, title="Страница"))
    return search.summarised({"docs": index.entries})["docs"]


HTML_PIECES = st.sampled_from([
    '<h1 id="t">Заголовок</h1>', "<h1>Без якоря</h1>", '<h2 id="s">Раздел</h2>', '<h2 id="">Пустой</h2>',
    "<h2>Без якоря</h2>", "<h3 id=\"u\">Под</h3>", "<H2 ID=\"v\">Большие</H2>", '<h2 id="w" class="c">С классом</h2>',
    "<h2 id>Голый</h2>", '<h2 title="a>b" id="">Угол</h2>', "<p>абзац текста, довольно длинный</p>", "<p>незакрытый",
    "<div>", "</div>", '<div class="x"><h2 id="n">Вложенный</h2><p>в нём</p></div>', "<ol><li>пункт</li></ol>",
    "<table><tr><td>ячейка</td></tr></table>", '<details data-search-exclude><p>скрыто</p></details>',
    "<span>строка</span>", "<br>", "<!-- <h2 id=\"c\">в комментарии</h2> -->", "\n", " текст ",
])


@FAST
@given(st.lists(HTML_PIECES, max_size=14), st.sampled_from(["organs/a/2024.html", "rating/2024.html", "about.html"]))
def test_the_search_index_is_the_same_from_the_head_of_a_page(pieces, url):
    content = "".join(pieces)
    whole = shards._TABLE.sub("", content)
    assert summarised_entries(shards.for_search(content, url), url) == summarised_entries(whole, url)


def test_a_report_is_read_only_up_to_its_second_section():
    content = '<h1 id="t">Отчёт</h1><p>начало</p><h2 id="a">Раздел</h2><p>' + "много " * 1000 + "</p>"
    assert shards.for_search(content, "organs/a/2024.html") == '<h1 id="t">Отчёт</h1><p>начало</p><h2 id="a">'
    assert shards.for_search(content, "about.html") == content


# --- a small project built by mkdocs both ways -------------------------------------------------

def write_project(folder: Path) -> Path:
    docs = folder / "docs"
    for n, (name, body) in enumerate(ODD_PAGES.items()):
        for place in (docs, docs / "folder"):
            place.mkdir(parents=True, exist_ok=True)
            (place / f"page-{n}.md").write_text(f"# {name}\n\n{body}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Главная\n\n<p>текст</p>\n", encoding="utf-8")
    config = {"site_name": "Проверка", "use_directory_urls": False,
              "theme": {"name": "material", "language": "ru"},
              "markdown_extensions": [{name: OPTIONS[name]} if OPTIONS.get(name) else name for name in EXTENSIONS],
              "plugins": [{"search": {"lang": "ru"}}]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder / "mkdocs.yml"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_project_built_both_ways_gives_the_same_site(tmp_path, monkeypatch):
    config = write_project(tmp_path / "project")
    with_it = shards.build_shard(str(config), str(tmp_path / "with"), None, True)
    assert with_it.problem is None
    monkeypatch.setattr(shards, "SET_ASIDE_RAW_HTML", False)
    monkeypatch.setattr(shards, "for_search", lambda content, url: shards._TABLE.sub("", content))
    without = shards.build_shard(str(config), str(tmp_path / "without"), None, True)
    assert without.problem is None
    one, other = files(tmp_path / "with"), files(tmp_path / "without")
    index = "search/search_index.json"
    assert one.keys() == other.keys()
    assert [name for name in one if one[name] != other[name] and name != index] == []
    assert search.summarised(json.loads(one[index])) == search.summarised(json.loads(other[index]))
    assert one[index] != other[index]  # the reports' sections were not read: the summaries are the same
