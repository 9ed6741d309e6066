"""What a municipality's build tells the portal: plain, picklable values (they travel from a worker
process or a Dask worker back to the process that builds the portal), never the site's own objects."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from generator.render.environment import page_url
from generator.scales import Band


@dataclass(frozen=True)
class Shown:
    """A figure as the portal prints it: in its own unit, with its band, under its methodology."""

    code: str  # the indicator's code (open data)
    symbol: str
    name: str
    unit: str  # "%", "" (points) or "count", as the methodology's indicator says
    value: Fraction | None
    band: Band | None = None
    reason: str = ""  # why there is no value


@dataclass(frozen=True)
class Wanted:
    """A comparable service of region.yaml as one municipality names it."""

    code: str  # the comparison's code
    service_id: str  # in the municipality's services.csv
    line: int | None  # in region.yaml, for the problem record


@dataclass(frozen=True)
class ServiceFigure:
    """One municipality's figure for a comparable service, in its latest period."""

    code: str
    service_id: str
    service_name: str
    organ: str
    subject: str  # "service": the service's own assessment; "organization": its organ's (the act rates organs)
    figure: Shown
    page: str  # the page of the assessment inside the municipality's site (.html); "" if there is none


@dataclass(frozen=True)
class Method:
    code: str
    title: str
    short_title: str
    act: str


@dataclass
class Summary:
    folder: str
    municipality: str
    site_title: str
    publisher: str
    method: Method  # the methodology of the latest period
    period: str  # the latest period's name
    period_label: str
    periods: tuple[str, ...]  # every period's label, oldest first
    headline: Shown | None  # the municipality's headline figure for the latest period
    figures: tuple[Shown, ...]  # its summary figures for the latest period, headline first
    organs: int
    monitored: int
    pages: int
    services: tuple[ServiceFigure, ...] = ()
    result_rows: tuple[dict, ...] = ()  # its opendata/results.csv, for the region-wide file
    rating_page: str = ""
    method_page: str = "methodology.html"
    published: dt.date | None = None  # the latest period's publication date (period.yaml), if given


def shown(figure, indicator) -> Shown:
    """A Figure of the results with its Indicator, as plain values."""
    return Shown(indicator.code, indicator.symbol, indicator.name, indicator.unit, figure.value if figure else None,
                 figure.band if figure else None, (figure.reason if figure else "") or "")


def summarize(prepared, wanted: tuple[Wanted, ...], folder: str) -> Summary:
    """The summary of a municipality from what `generator.build.prepare` gave."""
    from generator.methods import METHODOLOGIES
    from generator.opendata import result_rows

    dataset, results = prepared.dataset, prepared.results
    latest = results.periods[-1]
    method = METHODOLOGIES[results.methodology_of[latest.name]]
    municipal = results.municipal.get(latest.name, {})
    figures = tuple(shown(municipal.get(code), method.indicators[code]) for code in method.summary)
    organs = results.for_period(latest)
    names = dataset.service_names()
    organ_of = dict(zip(dataset.services["service_id"], dataset.services["organization_id"]))
    services = []
    for item in wanted:
        if item.service_id not in names:
            continue
        organ_id = organ_of[item.service_id]
        own = results.get(latest, organ_id, item.service_id)
        organ = results.get(latest, organ_id)
        # the service's own figure where the methodology has one; the organ's where it rates organs only
        if own is not None and method.headline in own.figures or not method.rates_organs:
            subject, kind = own, "service"
        else:
            subject, kind = organ, "organization"
        services.append(ServiceFigure(item.code, item.service_id, names[item.service_id],
                                      dataset.organizations[organ_id].name, kind,
                                      figure_of(subject, organ, method, latest),
                                      page_url(subject.page) if subject is not None else ""))
    method_page = ("methodology.md" if method.code == dataset.site.methodology else f"methodology-{method.code}.md")
    return Summary(
        folder=folder, municipality=dataset.site.municipality, site_title=prepared.bundle.site_name,
        publisher=dataset.site.publisher.name,
        method=Method(method.code, method.title, method.short_title, method.act),
        period=latest.name, period_label=latest.label, periods=tuple(p.label for p in results.periods),
        headline=figures[0] if figures else None, figures=figures,
        organs=len(dataset.organizations), monitored=sum(1 for o in organs if o.monitored),
        pages=prepared.bundle.pages, services=tuple(services), result_rows=tuple(result_rows(results)),
        rating_page=page_url(f"rating/{latest.name}.md"), method_page=page_url(method_page),
        published=dataset.periods[-1].published)


def figure_of(subject, organ, method, period) -> Shown:
    """The headline figure of the assessment, or why there is none."""
    indicator = method.indicators[method.headline]
    if subject is not None and subject.monitored:
        return shown(subject.figures.get(method.headline), indicator)
    if subject is not None:
        reason = subject.reason
    elif organ is not None and not organ.monitored:
        reason = organ.reason  # the organ gave nothing for the period: that is why the service has no figure
    else:
        reason = f"{period.label_genitive} услуга не оценивалась"
    return Shown(indicator.code, indicator.symbol, indicator.name, indicator.unit, None, reason=reason)


@dataclass
class Outcome:
    """What one municipality's worker returns: its problems (records, never an exception), and when it
    was built, its summary and, from a cluster, its site as an archive."""

    folder: str
    problems: list = field(default_factory=list)
    summary: Summary | None = None
    archive: bytes | None = None
    seconds: float = 0.0
