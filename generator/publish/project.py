"""The site project: a plain folder that any site engine builds, with no plugin of ours.

    mkdocs.yml   the theme settings of the generator's own mkdocs.yml, plus site_name, site_url,
                 copyright and nav from the data (site_dir: site)
    docs/        the hand-written pages of content/, then every generated page, chart, open-data
                 file and asset
    overrides/   the theme's overrides

The theme prints site_name, copyright, nav titles and page titles without escaping them (in the
header, the footer, the menu and <title>), so everything from the data that lands there is made
safe here, before it is written: site_name, copyright and nav titles are HTML-escaped in
mkdocs.yml, and every page gets the title the theme will print in its front matter, with the
characters that could open markup replaced by look-alikes (the title is also printed after
`striptags`, which would undo an escape).
"""
from __future__ import annotations

import hashlib
import html
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import escape

from generator.publish.pdf import make_pdfs
from generator.resources import CONTENT, MKDOCS_CONFIG, THEME_OVERRIDES

if TYPE_CHECKING:
    from generator.render import SiteBundle

CONFIG_NAME = "mkdocs.yml"
DOCS, OVERRIDES, SITE = "docs", "overrides", "site"
PLUGIN = "transparency"  # the mkdocs plugin of a checkout: the project needs none

CONFIG_HEADER = """\
# The site project written by the generator of the municipal service-quality monitoring site
# (transparency). Build it with `mkdocs build -f mkdocs.yml` or `zensical build -f mkdocs.yml`:
# the site lands in site/. site_name, copyright and nav are already escaped for the theme, which
# prints them as HTML; page titles are made safe in the pages' front matter.
"""

# libyaml's safe loader where PyYAML has it (its wheels do): the same objects, ten times faster on the
# front matter of thousands of pages (an organ's services as tags).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# And its emitter, ten times faster than PyYAML's own, which it was ported from: the two write the same
# text for keys and strings of `_PLAIN_TEXT` (tests/test_front_matter.py); other text (an empty key,
# NEL and the line separators, characters beyond the BMP: an emoji) is written by PyYAML's, as before.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_PLAIN_TEXT = re.compile(r"[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
# A level-1 heading of letters, digits, spaces and punctuation that no Markdown extension of the
# site touches: its text is the title as it stands, without rendering it (most pages' headings).
_PLAIN_HEADING = re.compile(r"# ((?:[^\W_]|[«»„“”.,;:()№%—–?’/])(?:[^\W_]|[ «»„“”.,;:()№%—–?’/])*?(?:[^\W_]|[«»„“”.,;:()№%—–?’/]))")
_TITLE_UNSAFE = str.maketrans({"<": "‹", ">": "›", '"': "”", "&": "＆"})
# How mkdocs (and Zensical, which reads the same pages) finds the front matter of a page.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def write_project(bundle: SiteBundle, folder: Path, hand_written: bool = True) -> Path:
    """Writes the project into folder (new or empty); returns its mkdocs.yml. Without hand_written,
    the pages of content/ are left out (a region's portal: they describe one municipality's site).
    The files the bundle streamed into docs/ while it was rendered (`DocsWriter`) are there already;
    the hash of every file of docs/ is in bundle.digests afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = folder / DOCS
    for path, content in docs_files(bundle, hand_written).items():
        bundle.digests[path] = write_file(docs / path, content)
    bundle.digests.update(make_pdfs(docs, bundle.pdfs, bundle.site_url))  # beside their pages, before any engine runs
    copy_tree(THEME_OVERRIDES, folder / OVERRIDES)
    config = folder / CONFIG_NAME
    config.write_text(config_text(bundle), encoding="utf-8")
    return config


def copy_tree(source: Path, target: Path) -> None:
    """Contents only: the modes of an installed package (read-only folders) are not copied, so
    the temporary folder can always be removed."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        copied = target / path.relative_to(source)
        copied.parent.mkdir(parents=True, exist_ok=True)
        copied.write_bytes(path.read_bytes())


# --- mkdocs.yml -------------------------------------------------------------------------------

def base_config() -> dict:
    """The generator's own mkdocs.yml: the theme, Markdown extensions, plugins and validation."""
    return yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))


def site_settings(bundle: SiteBundle) -> dict:
    """What the data decides, escaped for a theme that prints it as HTML."""
    return {"site_name": theme_text(bundle.site_name), "site_url": bundle.site_url,
            "copyright": theme_text(bundle.copyright)}


def project_config(bundle: SiteBundle) -> dict:
    base, settings = base_config(), site_settings(bundle)
    config = {**settings, **{key: value for key, value in base.items() if key not in settings}}
    config.update(docs_dir=DOCS, site_dir=SITE)
    config["theme"] = {**base["theme"], "custom_dir": OVERRIDES}
    config["plugins"] = [plugin for plugin in base.get("plugins", [])
                         if (plugin if isinstance(plugin, str) else next(iter(plugin))) != PLUGIN]
    config["nav"] = theme_nav(bundle.nav)
    if bundle.theme_extra:  # the data's date for the sitemap, the footer's «Контроль публикации» (overrides/)
        config["extra"] = {**base.get("extra", {}), **bundle.theme_extra}
    return config


def config_text(bundle: SiteBundle) -> str:
    return CONFIG_HEADER + yaml.dump(project_config(bundle), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                     width=float("inf"))


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a block (`not_in_nav: |`), as a person would."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def theme_text(text: str) -> str:
    """Text from the data for a place where the theme prints a config value as HTML, unescaped."""
    return str(escape(text))


def theme_nav(nav: list) -> list:
    """The nav with every title escaped (the theme prints nav titles unescaped)."""
    return [{theme_text(title): theme_nav(target) if isinstance(target, list) else target
             for title, target in item.items()} if isinstance(item, dict) else item
            for item in nav]


def nav_titles(nav: list) -> dict[str, str]:
    """page → its title in the nav (as given, not escaped); mkdocs names a page so when it is listed."""
    titles: dict[str, str] = {}
    for item in nav:
        for title, target in (item.items() if isinstance(item, dict) else []):
            if isinstance(target, list):
                titles = {**nav_titles(target), **titles}
            else:
                titles.setdefault(target, title)
    return titles


# --- docs/ ------------------------------------------------------------------------------------

def docs_files(bundle: SiteBundle, hand_written: bool = True) -> dict[str, str | bytes]:
    """Every file of docs/ not yet written: the hand-written pages, then the generated files (those
    the bundle has not streamed); each page titled."""
    files: dict[str, str | bytes] = {}
    for source in sorted(p for p in CONTENT.rglob("*") if p.is_file() and hand_written):
        path = source.relative_to(CONTENT).as_posix()
        files[path] = source.read_text(encoding="utf-8") if path.endswith(".md") else source.read_bytes()
    files.update(bundle.files)
    for path in bundle.streamed:  # written as rendered (a generated file replaces a hand-written one)
        files.pop(path, None)
    return titled_pages(files, nav_titles(bundle.nav))


def write_file(target: Path, content: str | bytes, folders: set[Path] | None = None) -> str:
    """Writes a file of docs/ (text as UTF-8, as it stands: no newline translation); returns its sha256.
    A file already there is replaced, never written into: it may be a hard link to the published site
    (`linked_if_same`). `folders`: those known to exist already."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    try:
        file = open(target, "xb")
    except FileExistsError:
        target.unlink()
        file = open(target, "xb")
    with file:
        file.write(data)
    return hashlib.sha256(data).hexdigest()


def linked_if_same(source: Path, target: Path, data: bytes) -> bool | None:
    """target made a second name of source (a file of the published site) if source holds exactly `data`:
    nothing is written, and removing the old site after the swap frees nothing (no build writes into a
    file once written: each writes its files anew). Linked first and read after, so a site another build
    swaps in meanwhile cannot slip in other bytes. False: not linked (source differs or is gone, target
    exists); None: this file system has no hard links from source to target."""
    try:
        os.link(source, target)
    except (FileNotFoundError, FileExistsError):
        return False
    except OSError:
        return None
    try:
        with open(target, "rb") as file:
            if file.read(len(data) + 1) == data:
                return True
    except OSError:
        pass
    target.unlink()
    return False


class DocsWriter:
    """Writes a bundle's files into a site project's docs/ as they are rendered, each page titled as
    write_project would title it, so a large site is never held in memory whole (SiteBundle.add).
    The nav must be known before the first page: it decides the titles. With `published` (the site the
    build replaces, and the sha256 of its files by their paths): a file other than a page that the site
    has already, the same byte for byte, is linked from it, not written (most charts of a rebuild)."""

    def __init__(self, docs: Path, published: Path | None = None, published_files: dict[str, str] | None = None):
        self.docs = docs
        self.published, self.published_files = published, published_files or {}
        self._nav: list | None = None
        self._titles: dict[str, str] = {}
        self._folders: set[Path] = set()

    def __call__(self, path: str, content: str | bytes, nav: list) -> str:
        self._follow(nav)
        if path.endswith(".md") and isinstance(content, str):
            content = titled(content, self._titles.get(path))
        target = self.docs / path
        if self.published is not None and path in self.published_files:  # never a page: the site has its HTML
            data = content.encode("utf-8") if isinstance(content, str) else content
            sha = hashlib.sha256(data).hexdigest()
            if self.published_files[path] == sha:
                self._folder(target.parent)
                linked = linked_if_same(self.published / path, target, data)
                if linked:
                    return sha
                if linked is None:  # another file system: everything is written
                    self.published = None
        return write_file(target, content, self._folders)

    def _follow(self, nav: list) -> None:
        """The titles of `nav`, worked out again only when the nav is another."""
        if nav is not self._nav:
            self._nav, self._titles = nav, nav_titles(nav)

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)


class BuildWriter(DocsWriter):
    """The DocsWriter of the build's own project (in the build's temporary folder, removed with it), whose
    pages the render cache keeps (render/reuse.py): a page written here is linked beside its record
    (`keep`), and the next build links it back (`place`) instead of titling and writing it again. Never
    an exported project's: its pages are there to be edited, and an edit in place would reach the cache."""

    def keep(self, path: str, target: Path) -> str | None | bool:
        """docs/path as written, hard-linked as `target` (named by its sha256); the title the nav gave it,
        or False when it cannot be kept."""
        try:
            os.link(self.docs / path, target)
        except FileExistsError:  # kept by an earlier build already: the same bytes
            pass
        except OSError:
            return False
        return self._titles.get(path)

    def place(self, path: str, kept: Path, title: str | None, nav: list) -> bool:
        """docs/path as a hard link to the page an earlier build kept, when the nav gives it the same title:
        the title is all this writer adds to the page's text, the record's (render/reuse.py)."""
        self._follow(nav)
        if self._titles.get(path) != title:
            return False
        target = self.docs / path
        self._folder(target.parent)
        try:
            os.link(kept, target)
        except OSError:  # gone from the cache, or no hard links: titled and written
            return False
        return True


def titled_pages(files: dict[str, str | bytes], in_nav: dict[str, str]) -> dict[str, str | bytes]:
    return {path: titled(content, in_nav.get(path)) if path.endswith(".md") and isinstance(content, str)
            else content for path, content in files.items()}


def titled(page: str, nav_title: str | None) -> str:
    """The page with `title:` in its front matter: the title the theme will print, made safe. It is
    the one mkdocs would choose: the page's title in the nav, else its front matter's, else its
    first heading's."""
    found = _FRONT_MATTER.match(page)
    meta = (yaml.load(found.group(1), Loader=_FAST_LOADER) if found else None) or {}
    body = page[found.end():].lstrip("\n") if found else page
    if nav_title is not None:
        title = safe_text(nav_title)
    elif meta.get("title") is not None:
        title = safe_title(str(meta["title"]))
    else:
        heading = first_heading(body)
        if heading is None:
            return page
        title = safe_title(heading)
    meta = {"title": title, **{key: value for key, value in meta.items() if key != "title"}}
    return "---\n" + front_matter(meta) + "---\n\n" + body


def front_matter(meta: dict) -> str:
    """The front matter's YAML, one key a line, as written by PyYAML's safe dumper."""
    if _FAST_DUMPER is not None and _plain(meta):
        return yaml.dump(meta, Dumper=_FAST_DUMPER, allow_unicode=True, sort_keys=False, width=2 ** 31 - 1)
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=float("inf"))


def _plain(value) -> bool:
    """Whether libyaml's emitter writes the value as PyYAML's does: mappings with keys of plain text,
    lists, plain text, numbers, booleans and None."""
    if isinstance(value, str):
        return _PLAIN_TEXT.fullmatch(value) is not None
    if isinstance(value, dict):
        return all(isinstance(key, str) and key and _plain(key) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (bool, int, float))


def safe_text(text: str) -> str:
    """Plain text that cannot open markup where it is printed unescaped, and reads the same where
    it is escaped: the characters that could are replaced by look-alikes."""
    return text.translate(_TITLE_UNSAFE)


def safe_title(title: str) -> str:
    """A title as mkdocs gives it (HTML text, entities escaped) made safe_text."""
    return safe_text(html.unescape(title))


def first_heading(body: str) -> str | None:
    """The text of the page's first element when it is a level-1 heading (what mkdocs takes as the
    title), as HTML text; None otherwise. Only the first block is rendered."""
    first_block = body.lstrip("\n").split("\n\n", 1)[0]
    if not first_block.startswith("#") and "\n=" not in first_block:
        return None
    if (plain := _PLAIN_HEADING.fullmatch(first_block)) and "  " not in first_block:  # Markdown joins spaces
        return plain.group(1)  # nothing in it for Markdown to change (tests/test_export.py holds the two together)
    parser = _markdown()
    grab = _FirstHeading(parser)
    parser.treeprocessors.register(grab, "transparency_first_heading", 1)  # where mkdocs takes it
    parser.convert(first_block)
    return grab.title


class _FirstHeading(Treeprocessor):
    title: str | None = None

    def run(self, root):
        from mkdocs.utils.rendering import get_heading_text  # the text exactly as mkdocs takes it

        first = next(iter(root), None)
        if first is not None and first.tag == "h1":
            self.title = get_heading_text(first, self.md)


@lru_cache(maxsize=1)
def _extensions() -> tuple[list, dict]:
    listed = base_config().get("markdown_extensions", [])
    names = [e if isinstance(e, str) else next(iter(e)) for e in listed]
    options = {name: value for e in listed if isinstance(e, dict) for name, value in e.items() if value}
    return names, options


def _markdown() -> Markdown:
    names, options = _extensions()
    return Markdown(extensions=names, extension_configs=options)
