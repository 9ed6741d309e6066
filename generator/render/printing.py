"""What a printed report needs on its page: the header that print.css puts in the margins
(municipality, period, date of publication; on a period's rating, the municipal headline figure, as
the home page shows it) and the link «Скачать отчёт (PDF)» to the PDF made from the page
(generator/publish/pdf.py). Which pages get a PDF follows site.yaml `pdf` (all, latest, none), or the
environment's TRANSPARENCY_PDF over it, and the page's path only, so the copy that renders organs' pages
in a second process (which inherits the environment) decides as this one does.
"""
from __future__ import annotations

import posixpath
import re
import typing

from generator.render.environment import relative
from generator.resources import pdf_choice
from generator.text_ru import date as ru_date

if typing.TYPE_CHECKING:
    from generator.render.site import SiteRenderer

# An organ's report of one period and a period's rating: the pages that become PDFs.
PRINTED = re.compile(r"(?P<kind>organs/[^/]+|rating)/(?P<period>[^/]+)\.md")
TEMPLATE = "partials/print_meta.html.j2"
_HEADING = re.compile(r"^# .*$", re.MULTILINE)


def pdf_path(page: str) -> str:
    return posixpath.splitext(page)[0] + ".pdf"


def printed(site: SiteRenderer, page: str) -> bool:
    """Whether `page` gets a PDF (and so its link)."""
    match = PRINTED.fullmatch(page)
    mode = pdf_choice(site.dataset.site.pdf)
    if match is None or mode == "none" or match["period"] not in {p.name for p in site.periods}:
        return False
    return mode == "all" or match["period"] == site.latest.name


def pdf_pages(site: SiteRenderer) -> list[str]:
    """The pages of the site that get a PDF, in the order of the files."""
    return [page for page in site.bundle.files if printed(site, page)]


def decorated(site: SiteRenderer, page: str, text: str, method) -> str:
    """The page's Markdown with the print header and the PDF link after its title (a page without a
    level-1 heading is left as it is)."""
    if not printed(site, page):
        return text
    heading = _HEADING.search(text)
    if heading is None:
        return text
    name = PRINTED.fullmatch(page)["period"]
    period = next(p for p in site.periods if p.name == name)
    method = method or site.main
    published = next((p.published for p in site.dataset.periods if p.period == period), None)
    rating = page.startswith("rating/")
    municipal = site.results.municipal.get(period.name, {}) if rating else {}
    part = site.fragment(page, TEMPLATE, method, period=period, pdf=relative(page, pdf_path(page)),
                         published=ru_date(published) if published else None,
                         headline=municipal.get(method.headline))
    return text[:heading.end()] + "\n\n" + part.strip() + "\n" + text[heading.end():]
