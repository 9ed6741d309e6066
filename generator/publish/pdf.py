"""PDF reports: each page render/printing.py chose (an organ's report of a period, a period's rating)
made into a PDF beside it in the site project (organs/<id>/<period>.pdf), so every engine publishes it
as a file of the site and an incremental build keeps it like any other.

A PDF is made by WeasyPrint from the page's own Markdown, converted with the Markdown extensions of the
site (EXTENSIONS) and printed with the site's stylesheets (transparency.css, then print.css: the same
print rules a browser applies). Nothing is fetched: WeasyPrint may read only files of the project's
docs/ (the charts, the stylesheets) and the bundled fonts; a link of the page points to the published
site. The fonts are those of generator/pdf_fonts/ only (a fontconfig of its own), so a PDF looks the
same on every machine.

Making one takes one to two seconds of layout, so PDFs are made in a pool of processes and kept in a
cache by the hash of everything they are made of (the document, every file it shows, WeasyPrint's
version and this module's FORMAT): a build that changed nothing in a report copies its PDF.
"""
from __future__ import annotations

import hashlib
import html
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
from generator.resources import cache_dir, worker_count

FONTS = Path(__file__).resolve().parent.parent / "pdf_fonts"
FONT_CONFIG = FONTS / "fonts.conf"
FORMAT = "1"  # changes whenever what a PDF is made of changes in a way the key does not see
# As mkdocs.yml's markdown_extensions (tests/test_pdf.py compares them).
EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc")
STYLESHEETS = ("assets/transparency.css", "assets/print.css")
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"#:]*?)(#[^"]*)?"')
_SRC = re.compile(r'\bsrc="([^":]+)"')
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
    jobs = []
    for page in pages:
        document = html_document(docs, page, site_url)
        target = docs / (posixpath.splitext(page)[0] + ".pdf")
        jobs.append((page, document, str(docs / page), str(target), str(store / f"{key(docs, page, document)}.pdf")))
    missing = [job for job in jobs if not Path(job[4]).is_file()]
    for job in jobs:
        if job not in missing:
            Path(job[3]).write_bytes(Path(job[4]).read_bytes())
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
                   f"ошибка повторится, укажите в site.yaml «pdf: none» и сообщите разработчикам генератора.")
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


def key(docs: Path, page: str, document: str) -> str:
    """Of everything the PDF is made of: the document and every file it shows."""
    hashed = hashlib.sha256(f"{FORMAT}\n{metadata.version('weasyprint')}\n{document}".encode())
    folder = posixpath.dirname(page)
    shown = [posixpath.normpath(posixpath.join(folder, unquote(src))) for src in _SRC.findall(document)]
    for path in sorted({*shown, *STYLESHEETS}):
        file = docs / path
        hashed.update(path.encode() + b"\0" + (file.read_bytes() if file.is_file() else b"-"))
    for font in sorted(FONTS.iterdir()):
        hashed.update(font.name.encode() + str(font.stat().st_size).encode())
    return hashed.hexdigest()[:32]


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
    """Makes one PDF into the cache (under a temporary name, renamed: two builds never read half a
    PDF) and beside its page."""
    from weasyprint import HTML

    page, document, base, target, cached = job
    docs = Path(base).parents[page.count("/")].resolve()
    pdf = HTML(string=document, base_url=base, url_fetcher=_local_only(docs)).write_pdf()
    Path(cached).parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(f"{cached}.{os.getpid()}.tmp")
    temporary.write_bytes(pdf)
    os.replace(temporary, cached)
    Path(target).write_bytes(pdf)


def _local_only(docs: Path):
    """WeasyPrint's fetcher limited to the project's docs/ and the bundled fonts: nothing from the network."""
    from weasyprint.urls import URLFetcher

    allowed = (docs, FONTS)

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(folder) for folder in allowed):
                raise ValueError(f"не файл сайта: {url}")
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols={"file"}, allow_redirects=False)
