"""PDF reports: each page render/printing.py chose (an organ's report of a period, a period's rating)
made into a PDF beside it in the site project (organs/<id>/<period>.pdf), so every engine publishes it
as a file of the site and an incremental build keeps it like any other.

A PDF is made by WeasyPrint from the page's own Markdown, converted with the Markdown extensions of the
site (EXTENSIONS) and printed with the site's stylesheets (transparency.css, then print.css: the same
print rules a browser applies). Nothing is fetched: WeasyPrint may read only files of the project's
docs/ (the charts, the stylesheets) and the bundled fonts; a link of the page points to the published
site. The fonts are those of generator/pdf_fonts/ only (a fontconfig of its own), so a PDF looks the
same on every machine.

Making one takes one to two seconds of layout, so PDFs are made in a pool of processes and kept in the
chart cache's `pdf/` folder by the hash of everything they are made of: a build that changed nothing in
a report copies its PDF. A stale PDF is worse than a slow one, so the key is not a guess at what a
document reads but a record of it, in two steps:
- `<document key>.json` (document_key): the page's path and its HTML exactly as WeasyPrint receives it
  (which holds the print header, every figure and name, and the links), this module's FORMAT, the
  bytes of the bundled fonts and fonts.conf, and the versions of WeasyPrint, of every package it
  requires (pydyf writes the file, fontTools subsets the fonts, Pyphen hyphenates, …) and of the
  system's Pango and HarfBuzz (they lay out and shape the text). It lists the files of docs/ that
  WeasyPrint asked for when it made the PDF: the stylesheets, the charts, whatever a stylesheet
  imports; one it asked for and did not find is listed too.
- `<content key>.pdf` (content_key): the document key with the path and bytes of each listed file as
  they are now. Which files WeasyPrint reads follows from the document and the bytes of what it read,
  so equal keys mean equal inputs; a changed stylesheet or chart gives another key, a miss, a new PDF.
Both are written under a temporary name and renamed, the PDF first: two builds at once never read half
a file, and a list written by the other build only leads to a PDF made from the same bytes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import html
import json
import multiprocessing
import os
import posixpath
import re
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from generator.publish.folder import PublishError
from generator.problems import Report
from generator.resources import PDF_VARIABLE, cache_dir, worker_count

FONTS = Path(__file__).resolve().parent.parent / "pdf_fonts"
FONT_CONFIG = FONTS / "fonts.conf"
FORMAT = "2"  # changes whenever what a PDF is made of changes in a way the key does not see
# As mkdocs.yml's markdown_extensions (tests/test_pdf.py compares them).
EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")
STYLESHEETS = ("assets/transparency.css", "assets/print.css")
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"#:]*?)(#[^"]*)?"')
FONT_FACES = "".join(
    f'@font-face {{ font-family: "DejaVu Sans Condensed"; font-weight: {weight}; '
    f'src: url("{(FONTS / name).as_uri()}"); }}\n'
    for weight, name in (("normal", "DejaVuSansCondensed.ttf"), ("bold", "DejaVuSansCondensed-Bold.ttf")))


def make_pdfs(docs: Path, pages: list[str], site_url: str) -> dict[str, str]:
    """The PDF of each page (a Markdown path inside docs/) written beside it; returns each PDF's path
    with its sha256. Raises PublishError (pdf-failed) when WeasyPrint cannot make one."""
    if not pages:
        return {}
    store = cache_dir() / "pdf"
    digests: dict[str, str] = {}  # a chart or stylesheet shown by many pages is read once
    jobs, missing = [], []
    for page in pages:
        document = html_document(docs, page, site_url)
        target = docs / (posixpath.splitext(page)[0] + ".pdf")
        job = (page, document, str(docs / page), str(target), str(store / document_key(page, document)))
        cached = cached_pdf(docs, job[4], digests)
        if cached is None:
            missing.append(job)
        else:
            target.write_bytes(cached.read_bytes())
        jobs.append(job)
    workers = min(worker_count(), len(missing))
    try:
        if worker_count() == 1:  # TRANSPARENCY_WORKERS=1: everything in this process
            with bundled_fonts_here():
                for job in missing:
                    _print(job)
        elif missing:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=_bundled_fonts_only) as pool:
                list(pool.map(_print, missing, chunksize=max(1, len(missing) // (workers * 8))))
    except Exception as error:  # WeasyPrint's own error, or a process of the pool died
        report = Report()
        report.add("PDF", None, None, "pdf-failed",
                   f"PDF-отчёт не сделан: {error}. Сайт не собран, прежний сайт сохранён. Повторите сборку; если "
                   f"ошибка повторится, укажите в site.yaml «pdf: none» (и уберите переменную окружения "
                   f"{PDF_VARIABLE}, если она задана: она главнее site.yaml) и сообщите разработчикам генератора.")
        raise PublishError(report) from error
    return {posixpath.splitext(page)[0] + ".pdf": hashlib.sha256(Path(target).read_bytes()).hexdigest()
            for page, _, _, target, _ in jobs}


def html_document(docs: Path, page: str, site_url: str) -> str:
    """The page as a document of its own: its Markdown converted as the engine converts it, the
    site's stylesheets and the bundled fonts, every link made absolute (into the published site)."""
    from markdown import Markdown

    text = (docs / page).read_text(encoding="utf-8")
    front = _FRONT_MATTER.match(text)
    title = ""
    if front:
        meta = yaml.safe_load(front.group(1))
        title = str(meta.get("title") or "") if isinstance(meta, dict) else ""
        text = text[front.end():]
    body = Markdown(extensions=list(EXTENSIONS)).convert(text)
    body = _HREF.sub(lambda m: m.group(1) + html.escape(published(page, m.group(2), site_url) + (m.group(3) or ""))
                     + '"', body)
    up = "../" * page.count("/")
    links = "".join(f'<link rel="stylesheet" href="{up}{sheet}">' for sheet in STYLESHEETS)
    return (f'<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'{links}<style>{FONT_FACES}</style></head>\n<body class="tp-pdf"><article class="md-typeset">\n'
            f'{body}\n</article></body></html>\n')


def published(page: str, href: str, site_url: str) -> str:
    """A link of the page as it is on the published site (the PDF is read away from it)."""
    if not href:  # a link to a place on the same page
        return site_url + posixpath.splitext(page)[0] + ".html"
    return site_url + posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href)))


def document_key(page: str, document: str) -> str:
    """The first half of a PDF's key: the page, its HTML and what makes a PDF of it (see the module's text)."""
    hashed = hashlib.sha256(f"{FORMAT}\n{_makers()}\n{page}\n".encode())
    hashed.update(document.encode())
    return hashed.hexdigest()[:32]


def content_key(first: str, docs: Path, files: list[str], digests: dict[str, str] | None = None) -> str:
    """The whole key: the document key with each file WeasyPrint read (a path inside docs/) as it is now."""
    digests = {} if digests is None else digests
    hashed = hashlib.sha256(first.encode())
    for path in files:
        if path not in digests:
            file = docs / path
            digests[path] = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else "-"
        hashed.update(f"\0{path}\0{digests[path]}".encode())
    return hashed.hexdigest()[:32]


def cached_pdf(docs: Path, entry: str, digests: dict[str, str]) -> Path | None:
    """The cached PDF made from the same bytes, if there is one (entry: the cache's path without suffix)."""
    try:
        files = json.loads(Path(f"{entry}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not made yet, or a list from an older generator
        return None
    if not (isinstance(files, list) and all(isinstance(path, str) for path in files)):
        return None
    pdf = Path(entry).with_name(content_key(Path(entry).name, docs, files, digests) + ".pdf")
    return pdf if pdf.is_file() else None


@functools.cache
def _makers() -> str:
    """What makes the PDF besides its inputs: WeasyPrint and the packages it requires, the system's Pango
    and HarfBuzz, the bundled fonts and their fontconfig."""
    names = ["weasyprint"] + sorted({re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0].lower()
                                     for requirement in metadata.requires("weasyprint") or []
                                     if "extra ==" not in requirement})
    parts = [f"{name} {_version(name)}" for name in names]
    parts += [f"pango {_library_version('pango-1.0', 'pango_version_string')}",
              f"harfbuzz {_library_version('harfbuzz', 'hb_version_string')}"]
    fonts = hashlib.sha256()
    for font in sorted(FONTS.iterdir()):
        if font.is_file():
            fonts.update(font.name.encode() + b"\0" + font.read_bytes())
    return "\n".join(parts + [f"fonts {fonts.hexdigest()}"])


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def _library_version(library: str, function: str) -> str:
    """A C library's version as it reports it ("-" when it is not found: WeasyPrint then fails on its own)."""
    try:
        found = getattr(ctypes.CDLL(ctypes.util.find_library(library) or library), function)
    except (OSError, AttributeError):
        return "-"
    found.restype = ctypes.c_char_p
    return found().decode()


@contextmanager
def bundled_fonts_here():
    """This process's fontconfig reads the bundled fonts only, if WeasyPrint first loads it now."""
    before = os.environ.get("FONTCONFIG_FILE")
    _bundled_fonts_only()
    try:
        yield
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before


def _bundled_fonts_only() -> None:
    """A PDF process's first step: fontconfig reads the bundled fonts only (before WeasyPrint loads it)."""
    os.environ["FONTCONFIG_FILE"] = str(FONT_CONFIG)


def _print(job: tuple[str, str, str, str, str]) -> None:
    """Makes one PDF into the cache, with the list of the files it read, and beside its page."""
    from weasyprint import HTML

    page, document, base, target, entry = job
    docs = Path(base).parents[page.count("/")].resolve()
    read: set[str] = set()
    pdf = HTML(string=document, base_url=base, url_fetcher=_local_only(docs, read)).write_pdf()
    files = sorted(read)
    Path(entry).parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(Path(entry).with_name(content_key(Path(entry).name, docs, files) + ".pdf"), pdf)
    _write_atomically(Path(f"{entry}.json"), json.dumps(files, ensure_ascii=False).encode())
    Path(target).write_bytes(pdf)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _local_only(docs: Path, read: set[str] | None = None):
    """WeasyPrint's fetcher limited to the project's docs/ and the bundled fonts: nothing from the network.
    Each file of docs/ asked for is added to `read` (a path inside docs/), found or not."""
    from weasyprint.urls import URLFetcher

    allowed = (docs, FONTS)

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(folder) for folder in allowed):
                raise ValueError(f"не файл сайта: {url}")
            if read is not None and path.is_relative_to(docs):
                read.add(path.relative_to(docs).as_posix())
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols={"file"}, allow_redirects=False)
