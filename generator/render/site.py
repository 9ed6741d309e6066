"""Page builders: one method per page type, each choosing a template and its context."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator import PROJECT_ROOT, opendata
from generator.charts import Chart, bar_chart, trend_chart
from generator.dataset import Dataset
from generator.methods import Methodology
from generator.periods import Period
from generator.render.environment import make_environment, relative
from generator.results import OrganResult, Results
from generator.text_ru import date as ru_date
from generator.problems import PROBLEM_CODES
from generator.validate.common import SERVICES
from generator.validate.schema import KIND_LABELS

ASSETS = PROJECT_ROOT / "site_templates" / "assets"


@dataclass
class SiteBundle:
    site_name: str
    site_url: str
    copyright: str
    nav: list
    files: dict[str, str | bytes] = field(default_factory=dict)
    charts: int = 0

    @property
    def pages(self) -> int:
        return sum(1 for p in self.files if p.endswith(".md"))

    @property
    def organizations(self) -> int:
        return len({p.split("/")[1] for p in self.files if p.startswith("organs/") and p.count("/") == 2})


def render(dataset: Dataset, results: Results, methodology: Methodology, build_date: dt.date,
           cache_dir: Path | None = None) -> SiteBundle:
    return SiteRenderer(dataset, results, methodology, build_date, cache_dir).build()


def change(current: OrganResult | None, previous: OrganResult | None, indicator: str) -> float | None:
    if current is None or previous is None:
        return None
    now, before = current.value(indicator), previous.value(indicator)
    return None if now is None or before is None else now - before


class SiteRenderer:
    def __init__(self, dataset, results, methodology, build_date, cache_dir):
        self.dataset, self.results, self.method = dataset, results, methodology
        self.build_date, self.cache_dir = build_date, cache_dir
        self.env = make_environment()
        self.periods: list[Period] = results.periods
        self.latest = self.periods[-1]
        site = dataset.site
        self.bundle = SiteBundle(
            site_name=f"Мониторинг качества муниципальных услуг — {site.municipality}",
            site_url=site.site_url,
            copyright=(f"{site.municipality}. Публикует: {site.publisher.name}. "
                       f"Сведения обновлены {ru_date(build_date)}."),
            nav=[])

    # ---- plumbing ---------------------------------------------------------------
    def page(self, path: str, template: str, **context) -> None:
        context.update(
            link=partial(relative, path), site=self.dataset.site, method=self.method, periods=self.periods,
            latest=self.latest, build_date=self.build_date, results=self.results, page_path=path,
            organizations=self.dataset.organizations)
        self.bundle.files[path] = self.env.get_template(template).render(**context)

    def chart(self, chart: Chart) -> Chart:
        self.bundle.files[chart.path] = chart.svg(self.cache_dir)
        self.bundle.charts += 1
        return chart

    def previous(self, organ: OrganResult) -> OrganResult | None:
        return self.results.get(self.dataset.previous(organ.period), organ.organization.id)

    # ---- the site ---------------------------------------------------------------
    def build(self) -> SiteBundle:
        for period in self.periods:
            self.rating(period)
        for organization in self.dataset.organizations.values():
            self.organ_overview(organization)
            for organ in self.results.history(organization.id):
                self.organ_period(organ)
        self.organ_index()
        self.home()
        self.page("methodology.md", "pages/methodology.md.j2")
        self.page("data-format.md", "pages/data_format.md.j2", common=[SERVICES], inputs=self.method.inputs,
                  kind_labels=KIND_LABELS, problem_codes=PROBLEM_CODES)
        self.open_data()
        for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            self.bundle.files[f"assets/{asset.relative_to(ASSETS).as_posix()}"] = asset.read_text(encoding="utf-8")
        self.bundle.nav = self.nav()
        return self.bundle

    def nav(self) -> list:
        ratings = [{p.label: f"rating/{p.name}.md"} for p in reversed(self.periods)]
        return [
            {"Главная": "index.md"},
            {"Рейтинги органов": ratings},
            {"Органы администрации": "organs/index.md"},
            {"Методика": "methodology.md"},
            {"Открытые данные": "opendata.md"},
            {"Формат данных": "data-format.md"},
            {"О мониторинге": "about.md"},
        ]

    def home(self) -> None:
        period = self.latest
        previous = self.dataset.previous(period)
        ranked = self.results.ranked(period)
        municipal = self.results.municipal[period.name]
        before = self.results.municipal.get(previous.name) if previous else None
        trend = self.chart(trend_chart(
            "charts/municipal-trend.svg", "Средние Кэф, Куд и Кпр органов по периодам",
            [p.name for p in self.periods],
            {self.method.indicators[c].symbol: [self.results.municipal[p.name][c].value for p in self.periods]
             for c in ("kef", "kud", "kpr")}))
        in_period = self.results.for_period(period)
        requests = self.dataset.periods[-1].tables["requests"]
        top = ranked[:3]
        bottom = [o for o in ranked[-3:] if o not in top]
        self.page("index.md", "pages/home.md.j2", period=period, previous=previous, top=top, bottom=bottom,
                  municipal=municipal, before=before, trend=trend,
                  monitored=[o for o in in_period if o.monitored],
                  unmonitored=[o for o in in_period if not o.monitored],
                  service_count=len(requests), request_count=int(requests["requests"].sum()))

    def rating(self, period: Period) -> None:
        ranked = self.results.ranked(period)
        rows = []
        for organ in ranked:
            before = self.previous(organ)
            rows.append({"organ": organ, "before": before, "delta": change(organ, before, "kef"),
                         "rank_change": (before.rank - organ.rank) if before and before.rank and organ.rank else None})
        chart = self.chart(bar_chart(
            f"charts/rating-{period.name}.svg", f"Кэф органов, {period.label}",
            [o.organization.display_name for o in ranked], [o.value("kef") for o in ranked],
            "Кэф, %", "Орган"))
        unmonitored = [o for o in self.results.for_period(period) if not o.monitored]
        self.page(f"rating/{period.name}.md", "pages/rating.md.j2", period=period, rows=rows, chart=chart,
                  unmonitored=unmonitored, previous=self.dataset.previous(period))

    def organ_index(self) -> None:
        sectors: dict[str, list] = {}
        for organization in self.dataset.organizations.values():
            history = self.results.history(organization.id)
            sectors.setdefault(organization.sector, []).append((organization, history[-1] if history else None))
        self.page("organs/index.md", "pages/organs.md.j2", sectors=sectors)

    def organ_overview(self, organization) -> None:
        history = self.results.history(organization.id)
        trend = self.organ_trend(organization, history)
        self.page(f"organs/{organization.id}/index.md", "pages/organ_overview.md.j2", organization=organization,
                  history=history, trend=trend)

    def organ_trend(self, organization, history: list[OrganResult]) -> Chart | None:
        rated = [o for o in history if o.monitored]
        if len(rated) < 2:
            return None
        return self.chart(trend_chart(
            f"charts/organs/{organization.id}-trend.svg", f"Динамика показателей: {organization.display_name}",
            [o.period.name for o in history],
            {self.method.indicators[c].symbol: [o.value(c) for o in history] for c in ("kef", "kud", "kpr")}))

    def organ_period(self, organ: OrganResult) -> None:
        org_id, period = organ.organization.id, organ.period
        history = [o for o in self.results.history(org_id) if o.period <= period]
        feedback_chart = None
        channels = [f for code, f in organ.figures.items() if code.startswith("kud_")]
        if organ.monitored:
            if channels:
                feedback_chart = self.chart(bar_chart(
                    f"charts/organs/{org_id}-{period.name}-kud.svg",
                    f"Куд по каналам обратной связи, {period.label}",
                    [self.method.channel_label(f.indicator) for f in channels], [f.value for f in channels],
                    "Куд, %", "Канал обратной связи"))
        trend = self.organ_trend(organ.organization, history) if len(history) > 1 else None
        previous = self.previous(organ)
        self.page(f"organs/{org_id}/{period.name}.md", self.method.organ_template, organ=organ,
                  previous=previous, history=history, feedback_chart=feedback_chart, trend=trend, channels=channels,
                  recommendations=self.method.recommendations(organ) if organ.monitored else [],
                  change=change)

    def open_data(self) -> None:
        files = opendata.export(self.dataset, self.results, self.method)
        self.bundle.files.update(files)
        self.page("opendata.md", "pages/opendata.md.j2", files=sorted(files), common=[SERVICES],
                  inputs=self.method.inputs, results_columns=opendata.RESULT_COLUMNS,
                  organization_columns=opendata.ORGANIZATION_COLUMNS)
