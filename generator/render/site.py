"""Page builders: one method per page type, each choosing a template and its context."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from functools import partial
from pathlib import Path

from markupsafe import Markup

from generator import opendata
from generator import charts
from generator.charts import Chart
from generator.dataset import Dataset
from generator.digests import Digests
from generator.methods import Methodology
from generator.periods import Period
from generator.resources import ASSETS
from generator.render.compare import comparison_page, page_path as compare_path
from generator.render import feed, press
from generator.render import reuse, second_process
from generator.render import printing
from generator.render.environment import make_environment, relative
from generator.render.fields import period_fields
from generator.render.finder import Synonyms, finder_page, organ_search_tags
from generator.render.pictures import Pictures
from generator.render.places import funnel_section, place_sections
from generator.render.theme import CONTROL_PAGE, theme_extra, updated_line
from generator.render.verdict import change_words, make_verdict
from generator.render.bundle import SiteBundle, give_memory_back
from generator.results import Assessment, Results
from generator.problems import PROBLEM_CODES, Problem
from generator.validate.common import SERVICES
from generator.validate.schema import KIND_LABELS



FINDER_PAGE = "services.md"  # «Найти свою услугу», the service finder: the home page links it when present


def render(dataset: Dataset, results: Results, methodology: Methodology, cache_dir: Path | None = None, keep_specs: bool = False, warnings: list[Problem] = (),
           writer=None, digests: Digests | None = None) -> SiteBundle:
    """`warnings`: the check report's warnings, printed on the «Контроль публикации» page; `writer`:
    where each file goes as soon as it is made (SiteBundle.writer), else the bundle keeps them;
    `digests` (generator/digests.py, with a cache_dir): pages whose inputs did not change since they were
    rendered are taken from the render cache (render/reuse.py)."""
    site = SiteRenderer(dataset, results, methodology, cache_dir, keep_specs, warnings, digests)
    site.bundle.writer = writer
    return site.build()


def change(current: Assessment | None, previous: Assessment | None, indicator: str) -> Fraction | None:
    if current is None or previous is None:
        return None
    now, before = current.value(indicator), previous.value(indicator)
    return None if now is None or before is None else now - before


class SiteRenderer:
    def __init__(self, dataset, results, methodology, cache_dir, keep_specs: bool = False,
                 warnings: list[Problem] = (), digests: Digests | None = None):
        from generator.methods import METHODOLOGIES

        self.dataset, self.results, self.main = dataset, results, methodology
        self.cache_dir = cache_dir
        self._services_by_organ: dict[str, list[str]] | None = None
        self.synonyms = Synonyms(dataset.synonyms)  # the words citizens look for services by
        self._sector_counts: dict[tuple, dict[str, int]] = {}
        self.keep_specs = keep_specs
        self.warnings = sorted(warnings)
        self.specs: dict[str, dict] = {}  # chart path → spec, kept only with keep_specs
        self.drawing: charts.Drawing | None = None  # the charts, drawn while the pages render (build())
        self.chart_period: str | None = None  # the period the pages being rendered belong to (charts_of)
        self.periods: list[Period] = results.periods
        self.latest = self.periods[-1]
        used = dict.fromkeys([methodology.code, *(results.methodology_of[p.name] for p in self.periods)])
        self.methods = {code: METHODOLOGIES[code] for code in used}
        self.env = make_environment({code: m.templates_folder() for code, m in self.methods.items()})
        self.env.globals["change_words"] = change_words  # «лучше, чем в 2024 году: +3,2 п. п.»
        # the site's own methodology keeps methodology.md; another one used in some period gets its own page
        self.method_pages = {code: "methodology.md" if code == methodology.code else f"methodology-{code}.md"
                             for code in self.methods}
        site = dataset.site
        self.bundle = SiteBundle(
            site_name=f"{methodology.site_title} — {site.municipality}",
            site_url=site.site_url,
            copyright=f"{site.municipality}. Публикует: {site.publisher.name}. {updated_line(dataset)}",
            nav=[], theme_extra=theme_extra(dataset))
        self.pictures = Pictures(self)  # share images and badges (render/pictures.py)
        self.reuse = reuse.Reuse(self, digests, cache_dir)  # pages whose inputs did not change: from the cache

    # ---- plumbing ---------------------------------------------------------------
    def method_for(self, period: Period):
        return self.methods[self.results.methodology_of[period.name]]

    def page(self, path: str, template: str, method=None, **context) -> None:
        subject = context.get("service") or context.get("organ")
        if isinstance(subject, Assessment) and subject.page == path:  # an organ's or a service's own page
            context.setdefault("verdict", make_verdict(self, method or self.main, subject))
        text = printing.decorated(self, path, self.fragment(path, template, method, **context), method)
        self.bundle.add(path, self.pictures.shared(path, context, method or self.main, text))

    def fragment(self, path: str, template: str, method=None, **context) -> str:
        """A template rendered as a part of the page `path` (its links relative to it), with what every page sees."""
        method = method or self.main
        context.update(
            link=partial(relative, path), site=self.dataset.site, method=method, periods=self.periods,
            latest=self.latest, results=self.results, page_path=path,
            organizations=self.dataset.organizations, method_page=self.method_pages[method.code],
            change=change, methods=self.methods)
        return self.env.get_template(template).render(**context)

    @contextmanager
    def charts_of(self, period: Period | None) -> Iterator[None]:
        """The charts made meanwhile belong to `period` (None: to no one period): the pages of a period
        are rendered inside it. A chart of an older period gets a smaller PNG (charts.png_scale_of)."""
        before, self.chart_period = self.chart_period, period.name if period is not None else None
        try:
            yield
        finally:
            self.chart_period = before

    def chart(self, chart: Chart) -> Chart:
        """Handed to the drawing at once; its SVG comes at the end of build(). It belongs to the period
        of the pages being rendered (charts_of): an organ's trend up to an older period is that period's
        page's picture; the overview's and the home's trends are made outside any period."""
        self.add_chart(chart.path, chart.spec, self.chart_period)
        return chart

    def add_chart(self, path: str, spec: dict, period: str | None = None) -> None:
        """What a chart adds to the site (a page taken from the render cache adds its charts so too, with
        the period each belongs to: render/reuse.py records it)."""
        self.bundle.files[path] = ""  # its place among the files
        self.drawing.add(path, spec, charts.png_scale_of(period, self.latest.name))
        if self.keep_specs:
            self.specs[path] = spec
        self.bundle.charts += 1

    def funnel(self, method, period, subjects: list[Assessment], path: str):  # on a methodology's own page
        return funnel_section(self, method, period, subjects, path)

    def bar_chart(self, path: str, title: str, labels: list[str], values: list, value_title: str,
                  label_title: str, maximum=100, unit: str = "%", scale=None) -> Chart:
        """A bar chart of the site (charts.bar_chart), for methodologies: they draw through the site;
        bars are coloured by their level on `scale`, if given."""
        return self.chart(charts.bar_chart(path, title, labels, values, value_title, label_title, maximum, unit,
                                           scale))

    def trend_chart(self, path: str, title: str, periods: list[Period], series: dict[str, list],
                    maximum=100, unit: str = "%") -> Chart:
        """A trend chart of the site (charts.trend_chart), for methodologies."""
        return self.chart(charts.trend_chart(path, title, periods, series, maximum, unit))

    def news(self, period: Period) -> tuple[str, str]:
        """For a methodology's news post: its title (the key figure and its change) and its lead (what
        qualifies the change, and the best), from the period's press release (render/press.py)."""
        return press.news(self, period)

    def previous(self, assessment: Assessment) -> Assessment | None:
        """The same subject in the previous period, if it was assessed under the same methodology."""
        before = self.results.get(self.dataset.previous(assessment.period), assessment.organization.id,
                                  assessment.service_id)
        return before if before and before.methodology == assessment.methodology else None

    def ranked_in_sector(self, period: Period, sector: str, services: bool) -> int:
        """How many organs (or services) got a place in the sector: where places are per sector
        (Dzerzhinsk), «2 из 4» counts the sector. Counted once per period for all its pages."""
        key = (period, services)
        if key not in self._sector_counts:
            counts: dict[str, int] = {}
            for a in self.results.ranked(period):
                if (a.service_id is not None) == services:
                    counts[a.organization.sector] = counts.get(a.organization.sector, 0) + 1
            self._sector_counts[key] = counts
        return self._sector_counts[key].get(sector, 0)

    def place_in_sector(self, assessment: Assessment) -> str:
        """«3-е место из 4 в сфере «Образование»»: a place the act gives within a sector, never to be read
        as a place in the whole city."""
        sector = assessment.organization.sector
        peers = self.ranked_in_sector(assessment.period, sector, assessment.service_id is not None)
        return f"{assessment.rank}-е место из {peers} в сфере «{sector}»"

    def unrated(self, period: Period) -> list[Assessment]:
        """Organs without a place: not monitored, or monitored without a headline figure. The rating
        lists them apart with their reasons, and the home page counts the same ones."""
        method = self.method_for(period)
        return [o for o in self.results.for_period(period)
                if not o.monitored or (method.rates_organs and o.rank is None)]

    def comparable(self, period: Period) -> list[Period]:
        """The periods up to `period` computed under the same methodology (trends compare like with like)."""
        code = self.results.methodology_of[period.name]
        return [p for p in self.periods if p <= period and self.results.methodology_of[p.name] == code]

    # ---- the site ---------------------------------------------------------------
    def build(self) -> SiteBundle:
        self.bundle.nav = self.nav()  # first: a page written as it is rendered is titled by it
        with charts.Drawing(self.cache_dir) as self.drawing:
            self.all_pages()
            gc.collect()
            give_memory_back()  # what rendering the pages left behind, while the last charts are drawn
            for path, drawn in self.drawing.files():  # each chart's SVG and PNG, the share images
                self.bundle.add(path, drawn)
        self.drawing = None
        self.bundle.specs, self.specs = self.specs, {}
        self.bundle.pdfs = printing.pdf_pages(self)  # made from these pages when they are published
        return self.bundle

    def all_pages(self) -> None:
        # self.reuse.page: a page whose declared reads did not change is replayed from the render cache
        # (render/reuse.py); the ratings first: they draw the period's picture its organs' pages point to
        for period in self.periods:
            method = self.method_for(period)
            with self.charts_of(period):
                self.reuse.page(f"rating/{period.name}.md", reuse.rating_reads(self, method, period),
                                partial(method.rating_page, self, period))
                self.reuse.page(compare_path(period), reuse.up_to(self, period), partial(self.comparison, period))
        # the organs' pages, of a large site partly in a second process (joined before the home page)
        with second_process.in_two(self, list(self.dataset.organizations.values()), self.organ_pages):
            self.pages_but_organs()  # these may not look at bundle.files: the organs' pages may not be in yet
        self.service_finder()  # after the organ and service pages: it links only pages that exist
        self.home()  # last of the pages: it links the finder only if the site has one
        for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            self.bundle.add(f"assets/{asset.relative_to(ASSETS).as_posix()}", asset.read_text(encoding="utf-8"))
        if self.nav() != self.bundle.nav:  # set before the first page (build()): it titles the pages written
            raise RuntimeError("the nav of the site changed while its pages were rendered")

    def organ_pages(self, organization) -> None:
        history = self.results.history(organization.id)
        self.reuse.page(f"organs/{organization.id}/index.md", reuse.overview_reads(history),
                        partial(self.organ_overview, organization))
        for organ in history:
            method = self.method_for(organ.period)
            with self.charts_of(organ.period):
                self.reuse.page(organ.page, reuse.organ_reads(self, method, organ), partial(method.organ_page, self, organ))

    def pages_but_organs(self) -> None:
        for service in self.results.services:
            with self.charts_of(service.period):
                self.method_for(service.period).service_page(self, service)
        for method in self.methods.values():
            method.extra_pages(self)
            self.page(self.method_pages[method.code], method.template("methodology"), method=method)
        self.organ_index()
        inputs = [schema for m in self.methods.values() for schema in m.inputs]
        self.page("data-format.md", "pages/data_format.md.j2", common=[SERVICES], inputs=inputs,
                  kind_labels=KIND_LABELS, period_fields=period_fields(), measures_fields=press.measures_fields(),
                  problem_codes={**PROBLEM_CODES, **{k: v for m in self.methods.values() for k, v in m.problem_codes.items()}})
        self.open_data()
        self.control()
        self.bundle.add(feed.PATH, feed.feed(self, press.pages(self)))  # «Для прессы» and feed.xml

    def nav(self) -> list:
        ratings = [{p.label: f"rating/{p.name}.md"} for p in reversed(self.periods)]
        methods = [{m.short_title: self.method_pages[code]} for code, m in self.methods.items()]
        extra = [item for m in self.methods.values() for item in m.nav_items(self)]
        return [
            {"Главная": "index.md"},
            {"Рейтинги": ratings},
            {"Органы администрации": "organs/index.md"},
            {"Найти услугу": FINDER_PAGE},
            *extra,
            *press.nav_items(self),
            {"Методика": methods[0][self.main.short_title] if len(methods) == 1 else methods},
            {"Открытые данные": "opendata.md"},
            {"О мониторинге": "about.md"},
            # for those who prepare and publish the data, not for the citizen: kept out of the main menu
            {"Для специалистов": [{"Формат данных": "data-format.md"}, {"Контроль публикации": CONTROL_PAGE}]},
        ]

    def home(self) -> None:
        period = self.latest
        method = self.method_for(period)
        previous = self.dataset.previous(period)
        if previous and self.results.methodology_of[previous.name] != method.code:
            previous = None
        ranked = self.results.ranked(period)
        municipal = self.results.municipal[period.name]
        before = self.results.municipal.get(previous.name) if previous else None
        comparable = self.comparable(period)
        headline = method.indicators[method.headline]
        trend = self.trend_chart(
            "charts/municipal-trend.svg", method.municipal_trend_title, comparable,
            {method.indicators[c].symbol: [self.results.municipal[p.name][c].value for p in comparable]
             for c in method.summary},
            maximum=method.scales[headline.scale].maximum, unit=headline.unit) if len(comparable) > 1 else None
        in_period = self.results.for_period(period)
        by_value = sorted(ranked, key=lambda a: -a.value(method.headline))  # ranks may be per sector
        top = by_value[:3]
        bottom = [o for o in by_value[-3:] if o not in top]
        self.page("index.md", "pages/home.md.j2", method=method, period=period, previous=previous, top=top,
                  finder=FINDER_PAGE if FINDER_PAGE in self.bundle.files else None,
                  levelled=any(o.figures[method.headline].band for o in top + bottom),
                  place_in_sector=self.place_in_sector if method.spec.ranks_within_sectors else None,
                  bottom=bottom, municipal=municipal, before=before, trend=trend,
                  monitored=[o for o in in_period if o.monitored], unmonitored=self.unrated(period),
                  coverage=method.coverage(self.dataset.periods[-1], self.results))

    def generic_rating(self, period: Period, template: str = "pages/rating.md.j2", **extra) -> None:
        """rating/<period>.md: everything ranked, with changes and a chart; a methodology may use its
        own template and add to the context (`extra`)."""
        method = self.method_for(period)
        ranked = self.results.ranked(period)
        rows = []
        for subject in ranked:
            before = self.previous(subject)
            rows.append({"organ": subject, "before": before, "delta": change(subject, before, method.headline),
                         "rank_change": (before.rank - subject.rank) if before and before.rank else None})
        headline = method.indicators[method.headline]
        chart = self.bar_chart(
            f"charts/rating-{period.name}.svg", f"{headline.in_words(first=True)} {method.rated_genitive}, {period.label}",
            [o.service_name or o.organization.display_name for o in ranked], [o.value(method.headline) for o in ranked],
            f"{headline.symbol}, {headline.unit or 'баллы'}", method.rated_label,
            maximum=method.scales[headline.scale].maximum, unit=headline.unit, scale=method.scales[headline.scale])
        unmonitored = self.unrated(period)  # listed apart, each with its reason
        previous = self.dataset.previous(period)
        self.page(f"rating/{period.name}.md", template, method=method, period=period, rows=rows,
                  chart=chart, unmonitored=unmonitored, **place_sections(self, period, ranked), **extra,
                  previous=previous if previous and self.results.methodology_of[previous.name] == method.code else None)

    def comparison(self, period: Period) -> None:  # compare/<period>.md, in render/compare.py
        comparison_page(self, period)

    def organ_index(self) -> None:
        sectors: dict[str, list] = {}
        for organization in self.dataset.organizations.values():
            history = self.results.history(organization.id)
            sectors.setdefault(organization.sector, []).append((organization, history[-1] if history else None))
        self.page("organs/index.md", "pages/organs.md.j2", method=self.method_for(self.latest), sectors=sectors)

    def organ_overview(self, organization) -> None:
        history = self.results.history(organization.id)
        trend = self.trend(history, f"charts/organs/{organization.id}-trend.svg",
                           f"Динамика показателей: {organization.display_name}")
        newest = history[-1] if history else None  # the overview opens with its verdict (issue 12)
        self.page(f"organs/{organization.id}/index.md", "pages/organ_overview.md.j2",
                  method=self.method_for(self.latest), organization=organization, history=history, trend=trend,
                  newest=newest, verdict=make_verdict(self, self.method_for(newest.period), newest) if newest else None,
                  widget=self.pictures.badge(organization, history), search_tags=self.search_tags(organization.id))

    def search_tags(self, organization_id: str) -> list[str]:
        """The organ's services and the words they are looked for by, as the tags of its page: the
        search index keeps no table (render/finder.py: organ_search_tags)."""
        if self._services_by_organ is None:
            self._services_by_organ = organ_search_tags(self.dataset, self.synonyms)
        return self._services_by_organ.get(organization_id, [])

    def service_finder(self) -> None:
        """«Найти услугу»: every service of services.csv by sector, each linked to where its figures
        are (after the organ and service pages: links go to pages that exist)."""
        self.page(FINDER_PAGE, "pages/services.md.j2", method=self.method_for(self.latest),
                  finder=finder_page(self, self.synonyms))

    def trend(self, history: list[Assessment], path: str, title: str) -> Chart | None:
        """Summary indicators over the periods of the latest one's methodology; None if fewer than two."""
        if not history:
            return None
        method = self.methods[history[-1].methodology]
        same = [a for a in history if a.methodology == method.code]
        if sum(1 for a in same if a.monitored) < 2:
            return None
        return self.trend_chart(
            path, title, [a.period for a in same],
            {method.indicators[c].symbol: [a.value(c) for a in same] for c in method.summary},
            maximum=method.scales[method.indicators[method.headline].scale].maximum,
            unit=method.indicators[method.headline].unit)

    def control(self) -> None:
        """«Контроль публикации»: what those who publish must see and citizens need not — each
        methodology's sections (deadlines) and the check report's warnings. Linked from every footer."""
        # rendered by this environment, which escaped what they print
        sections = [Markup(part) for m in self.methods.values() for part in m.control_sections(self)]
        self.page(CONTROL_PAGE, "pages/control.md.j2", sections=sections, warnings=self.warnings)

    def open_data(self) -> None:
        files = opendata.export(self.dataset, self.results, list(self.methods.values()))
        for path, content in files.items():
            self.bundle.add(path, content)
        self.page("opendata.md", "pages/opendata.md.j2", files=sorted(files), common=[SERVICES],
                  inputs=[s for m in self.methods.values() for s in m.inputs if s.open_data],
                  results_columns=opendata.RESULT_COLUMNS, organization_columns=opendata.ORGANIZATION_COLUMNS,
                  **opendata.page_context(files, self.dataset.site.license))
