"""Raw HTML blocks that Python-Markdown only copies, set aside before its HTML parsers read them.

Our pages are mostly raw HTML (tables, calculations in <details>, paragraphs, lists) between
Markdown headings. Python-Markdown copies such a block verbatim into the page, but only after two
HTML parsers written in Python have walked every tag of it: mkdocs' (which collects the page's
anchors) and md_in_html's (which finds where the block ends): two thirds of a page's conversion.

`PassThrough` spares them the blocks whose fate is certain. `_SetAside` (before both parsers)
recognises, with regular expressions, each run of elements that md_in_html would stash as they are:
a block-level start tag at the very start of a line; well-formed tags with double-quoted attributes,
none named or valued `markdown`; no bare `<` or `&`; ending where md_in_html's stack of open tags
empties (over blank lines too, as md_in_html reads it); the next element of the run starting right
there or on the next line. The run is replaced by one marker. `_PutBack` runs md_in_html's own
parser on the shortened page; when it meets a marker as plain text at the top level (not inside a
raw block, a `markdown` block, a tag or a comment), it stashes each element and writes into the
document exactly what that parser writes for such a block, in the same order, so that everything
after it (the block parser, the toc, the postprocessors) gets the same input as without markers.
The anchors (`id`, `<a name>`) of the elements set aside are added to those mkdocs collected from
the rest of the page.

When in doubt, Markdown decides: a page with comments, declarations, processing instructions or
scripts is left as it is, the rest of a page after a block that is not recognised too, and a page
where a marker is met anywhere else than at the top level is converted again from its own text
(mkdocs' anchor parser too).
"""
from __future__ import annotations

import html
import re

from markdown import Extension
from markdown.extensions.md_in_html import HTMLExtractorExtra, HtmlBlockPreprocessor
from markdown.preprocessors import Preprocessor

SET_ASIDE, PUT_BACK, MKDOCS_ANCHORS = "transparency_set_aside", "html_block", "mkdocs_raw_html"
# after whitespace is normalised (30) and fenced code is stashed (25), before mkdocs' anchors (21)
SET_ASIDE_PRIORITY, PUT_BACK_PRIORITY = 22, 20

# \x02 and \x03 never reach the preprocessors from a page (Markdown removes them): no page can forge it
MARKER = "\x02transparency-block:{}\x03"
_MARKER = re.compile("\x02transparency-block:([0-9]+)\x03")
# What the HTML parsers handle in modes of their own (comments, declarations, processing instructions,
# script and style text, and what later Pythons read as raw text): a page with any of them is left whole.
_UNSURE = re.compile(r"<[!?]|<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b",
                     re.IGNORECASE)
_LINE_START = re.compile(r"^<([A-Za-z][A-Za-z0-9]*)", re.MULTILINE)
_START = re.compile(r"<([A-Za-z][A-Za-z0-9]*)")
# Tags as found, to follow md_in_html's stack of open tags: only sound on what _WELL_FORMED accepts
# (the rest of the tag whole, then whether it ends in `/`: twice as fast as a lazy `[^>]*?(/?)>`, which
# tries the end at every character, over the 140 MB of a 400-organ site's pages)
_SCAN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*+)([^>]*+)>")
# What md_in_html copies as it reads it: text without `<`, `&` only in complete character references,
# and tags whose attributes are a name alone or name="value" (without `"`, `<`, `>`, backticks or
# line breaks); an end tag has no attributes. (Possessive: a failing match never backtracks.)
_WELL_FORMED = re.compile(r"""(?:
    [^<&]++
  | &(?:[A-Za-z][-.A-Za-z0-9]*+|\#[0-9]++|\#[xX][0-9A-Fa-f]++);
  | </[A-Za-z][A-Za-z0-9]*+>
  | <[A-Za-z][A-Za-z0-9]*+(?:[ ]++[A-Za-z_:][-A-Za-z0-9_:.]*+(?:="[^"<>`\n]*+")?+)*+[ ]*+/?>
)*+""", re.VERBOSE)
# in well-formed HTML: a start tag that may name an anchor, its name and attributes
_TAG_WITH_ANCHOR = re.compile(r"<([A-Za-z][A-Za-z0-9]*)([^<>]*[ ](?:id|name)\b[^<>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?')
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^<>]*markdown", re.IGNORECASE)  # (in a tag: in a name or value)
# Looked for first, as the two above backtrack over every tag: a page without the word, or an element
# without ` id`/` name`, is passed in one quick scan (a third of the setting aside at 400 organs)
_MARKDOWN_WORD = re.compile("markdown", re.IGNORECASE)
_ID_OR_NAME = re.compile(r"[ ](?:id|name)\b", re.IGNORECASE)
# md_in_html's test of a blank line after a block (htmlparser.blank_line_re, at a position)
_BLANK_LINE_AFTER = re.compile(r"(?:[ ]*\n){2}")

# An element set aside: its HTML; whether it starts on the line after the previous one (else where
# that one ended, in its «tail»); whether a blank line follows it; the line breaks md_in_html writes
# before it (in a tail, one for each block-level start tag until the first line break inside it).
Element = tuple[str, bool, bool, int]


class PassThrough(Extension):
    """Added after md_in_html: sets aside the raw HTML blocks it would only copy (see the module)."""

    def extendMarkdown(self, md):
        if not isinstance(md.preprocessors[PUT_BACK] if PUT_BACK in md.preprocessors else None,
                          HtmlBlockPreprocessor):
            return  # without md_in_html (or with another raw HTML handler) nothing is set aside
        aside = _SetAside(md)
        md.preprocessors.register(aside, SET_ASIDE, SET_ASIDE_PRIORITY)
        md.preprocessors.register(_PutBack(md, aside), PUT_BACK, PUT_BACK_PRIORITY)


class _SetAside(Preprocessor):
    def __init__(self, md):
        super().__init__(md)
        self.lines: list[str] = []  # the page as it came
        self.runs: list[list[Element]] = []  # the elements each marker stands for
        self.anchors: set[str | None] = set()  # as mkdocs collects them from the elements set aside

    def run(self, lines: list[str]) -> list[str]:
        self.lines, self.runs, self.anchors = lines, [], set()
        if not self._alone_with_mkdocs():
            return lines
        text = "\n".join(lines)
        if _UNSURE.search(text):
            return lines
        kept, position = [], 0
        for match in _LINE_START.finditer(text):
            if match.start() < position or not self._opens_block(match.group(1)):
                continue
            run, end, sure = self._run_from(text, match.start())
            if run:
                kept += [text[position:match.start()], MARKER.format(len(self.runs))]
                self.runs.append(run)
                position = end
            if not sure:
                break  # where md_in_html's block ends is not known: the rest of the page is left to it
        if not self.runs:
            return lines
        kept.append(text[position:])
        return "".join(kept).split("\n")

    def _alone_with_mkdocs(self) -> bool:
        """Only mkdocs' anchor parser may stand between this and md_in_html: another preprocessor
        there would read the shortened page."""
        registry = self.md.preprocessors
        if not isinstance(registry[PUT_BACK], _PutBack):
            return False
        between = registry.get_index_for_name(PUT_BACK) - registry.get_index_for_name(SET_ASIDE) - 1
        return between == (MKDOCS_ANCHORS in registry)

    def _opens_block(self, tag: str) -> bool:
        # <hr> is md_in_html's one empty block tag: stashed on its own, never a block with content
        return self.md.is_block_level(tag) and tag.lower() != "hr"

    def _run_from(self, text: str, start: int) -> tuple[list[Element], int, bool]:
        """The elements from `start` that md_in_html would copy as they are, each starting where the
        previous one ends or on the next line; where the last ends; False if the run ends at an
        element that md_in_html reads some other way (or whose end is not known)."""
        run, position, end, on_new_line = [], start, start, False
        while True:
            element = self._element_from(text, position)
            if element is None:
                return run, end, False
            end, anchors = element
            in_tail = bool(run) and not on_new_line
            run.append((text[position:end], on_new_line, bool(_BLANK_LINE_AFTER.match(text, end)),
                        self._block_starts_before_line_break(text, position, end) if in_tail else 1))
            self.anchors |= anchors
            on_new_line = text.startswith("\n", end)
            follows = (_LINE_START if on_new_line else _START).match(text, end + on_new_line)
            if not (follows and self._opens_block(follows.group(1))):
                return run, end, True
            position = follows.start()

    def _block_starts_before_line_break(self, text: str, start: int, end: int) -> int:
        line_break = text.find("\n", start, end)
        return sum(1 for tag in _SCAN.finditer(text, start, end if line_break < 0 else line_break)
                   if not tag.group(1) and not tag.group(3).endswith("/") and self._opens_block(tag.group(2)))

    def _element_from(self, text: str, start: int) -> tuple[int, set] | None:
        """(end, anchors) of the element opening at `start`, if md_in_html's raw block is exactly
        that element and copies it unchanged: its stack of open tags (every tag but <hr> and
        self-closed ones; an end tag closes up to its own) empties at a closing tag, and it is
        well-formed, without a `markdown` attribute."""
        first = _SCAN.match(text, start)
        if first is None or first.group(1) or first.group(3).endswith("/"):
            return None  # not a start tag, or one alone
        stack: list[str] = []
        push, pop = stack.append, stack.pop
        for tag in _SCAN.finditer(text, start):
            closing, name, rest = tag.groups()
            name = name.lower()
            if not closing:
                if not rest.endswith("/") and name != "hr":
                    push(name)
            elif name in stack:
                while pop() != name:
                    pass
                if not stack:
                    end = tag.end()
                    break
        else:
            return None
        if not _WELL_FORMED.fullmatch(text, start, end) or (
                _MARKDOWN_WORD.search(text, start, end) and _MARKDOWN_ATTRIBUTE.search(text, start, end)):
            return None
        anchors, position = set(), start
        # the tags with ` id`/` name` in them, found from those words back to their `<` (the element is
        # well-formed: every `<` opens a tag), not by trying _TAG_WITH_ANCHOR at every tag
        while found := _ID_OR_NAME.search(text, position, end):
            opening = text.rfind("<", start, found.start())
            tag = _TAG_WITH_ANCHOR.match(text, opening, end) if opening >= 0 else None
            if tag is not None and tag.end() > found.start():
                anchors |= anchors_of(tag.group(1).lower(), tag.group(2))
                position = tag.end()
            else:
                position = found.end()
        return end, anchors


def anchors_of(tag: str, attrs: str) -> set[str | None]:
    """The anchors mkdocs' parser takes from a tag: `id`, and `name` of <a> (None for a bare name)."""
    found = set()
    for match in _ATTRIBUTE.finditer(attrs):
        name, has_value = match.group(1).lower(), "=" in match.group(0)
        if name == "id" or (name == "name" and tag == "a"):
            value = match.group(2) if has_value else None
            found.add(html.unescape(value) if value else value)
    return found


class _PutBack(HtmlBlockPreprocessor):
    """md_in_html's raw HTML preprocessor, reading the page with the markers of the blocks set aside."""

    def __init__(self, md, aside: _SetAside):
        super().__init__(md)
        self.aside = aside

    def run(self, lines: list[str]) -> list[str]:
        if not self.aside.runs:
            return super().run(lines)
        stash = self.md.htmlStash
        stashed = len(stash.rawHtmlBlocks)
        parser = _Replay(self.md, self.aside.runs)
        parser.feed("\n".join(lines))
        parser.close()
        if parser.faithful():
            if MKDOCS_ANCHORS in self.md.preprocessors:
                self.md.preprocessors[MKDOCS_ANCHORS].present_anchor_ids |= self.aside.anchors
            return "".join(parser.cleandoc).split("\n")
        # a marker was met inside something else: the page is read again as it came
        self.aside.runs = []
        del stash.rawHtmlBlocks[stashed:]
        stash.html_counter = stashed
        if MKDOCS_ANCHORS in self.md.preprocessors:
            self.md.preprocessors[MKDOCS_ANCHORS].run(self.aside.lines)
        return super().run(self.aside.lines)


class _Replay(HTMLExtractorExtra):
    """Writes for each marker what HTMLExtractor writes for a raw block met at the start of a line
    at the top level: a line break, the stashed block (with a line break when a blank line follows
    it), a blank line; between two blocks on adjacent lines, the line break between them."""

    def __init__(self, md, runs: list[list[Element]]):
        super().__init__(md)
        self.runs = runs
        self.replayed: list[int] = []
        self.strays = 0  # markers met at no top level

    def handle_data(self, data: str):
        if "\x02" not in data:
            return super().handle_data(data)
        parts = _MARKER.split(data)
        for n, part in enumerate(parts):
            if n % 2 == 0:
                if part:
                    super().handle_data(part)
            elif self._at_top_level() and int(part) < len(self.runs):
                self._replay(int(part))
            else:
                self.strays += 1
                super().handle_data(MARKER.format(part))

    def _at_top_level(self) -> bool:
        # (a marker always stands at the start of a line: where its first element started)
        return (not self.inraw and not self.mdstack and not self.intail and not self._cache
                and self.cdata_elem is None)

    def _replay(self, index: int) -> None:
        self.replayed.append(index)
        for block, on_new_line, blank_after, line_breaks in self.runs[index]:
            if on_new_line:
                super().handle_data("\n")
            stashed = self.md.htmlStash.store(block + "\n" if blank_after else block)
            self.cleandoc += ["\n"] * line_breaks + [stashed, "\n\n"]
            # what follows on its line is its tail; a line break inside it ended the tail it was in
            self.intail = not blank_after or (self.intail and "\n" not in block)

    def faithful(self) -> bool:
        return not self.strays and sorted(self.replayed) == list(range(len(self.runs)))
