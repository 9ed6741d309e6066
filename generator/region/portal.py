"""The portal's pages: the municipalities with each one's headline, a page per municipality, a
comparison per comparable service, and the region-wide open data — written from the summaries the
municipalities' builds returned, in memory, as a SiteBundle the site engine builds like any site.

Figures of different methodologies measure different things in different units: the portal prints
each municipality's figure with its own unit, band and methodology, and ranks only within one
methodology and one period (equal exact values share the smallest place, as in every rating).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from generator.opendata import RESULT_COLUMNS, to_csv
from generator.region.config import RegionConfig
from generator.region.summary import ServiceFigure, Summary
from generator.render import SiteBundle
from generator.render.environment import make_environment, relative
from generator.resources import ASSETS
from generator.text_ru import date as ru_date

SITE_TITLE = "Мониторинг качества муниципальных услуг"

REGION_RESULT_COLUMNS = {
    "municipality": "Папка муниципального образования на портале (его сайт — в одноимённой папке портала)",
    "municipality_name": "Наименование муниципального образования",
    **RESULT_COLUMNS,
}
COMPARISON_COLUMNS = {
    "service_code": "Код сравниваемой услуги (region.yaml, services)",
    "service_title": "Наименование сравниваемой услуги на портале",
    "municipality": "Папка муниципального образования на портале",
    "municipality_name": "Наименование муниципального образования",
    "service_id": "Идентификатор услуги в данных муниципального образования",
    "service_name": "Наименование услуги, как его даёт муниципальное образование",
    "organization": "Орган, предоставляющий услугу",
    "subject": "Что оценено: service — сама услуга; organization — орган, предоставляющий услугу "
               "(методика оценивает органы, а не услуги)",
    "period": "Отчётный период (последний период муниципального образования)",
    "methodology": "Код методики, по которой рассчитан показатель",
    "indicator": "Код итогового показателя методики",
    "value": RESULT_COLUMNS["value"],
    "band": RESULT_COLUMNS["band"],
    "band_label": RESULT_COLUMNS["band_label"],
    "place": "Место среди муниципальных образований с той же методикой и тем же периодом (равные точные "
             "значения делят наименьшее место); пусто, если показатель не оценивается",
    "of": "Сколько муниципальных образований с той же методикой и тем же периодом оценено",
}


@dataclass(frozen=True)
class Compared:
    """One municipality's row of a comparison."""

    summary: Summary
    figure: ServiceFigure
    place: int | None
    of: int  # how many of its methodology and period were evaluated


@dataclass(frozen=True)
class Comparison:
    code: str
    title: str
    groups: tuple[tuple[str, tuple[Compared, ...]], ...]  # methodology code → its rows, in the region's order

    @property
    def page(self) -> str:
        return f"compare/{self.code}.md"

    @property
    def rows(self) -> list[Compared]:
        return [row for _, rows in self.groups for row in rows]


def places(entries: list[tuple[Summary, ServiceFigure]]) -> dict[str, tuple[int | None, int]]:
    """folder → (place, how many evaluated) within its methodology and period; best (highest) first."""
    groups: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for summary, item in entries:
        if item.figure.value is not None:
            groups.setdefault((summary.method.code, summary.period), []).append((summary.folder, item.figure.value))
    placed: dict[str, tuple[int | None, int]] = {summary.folder: (None, 0) for summary, _ in entries}
    for members in groups.values():
        ordered = sorted(members, key=lambda member: -member[1])
        place = 0
        for position, (folder, value) in enumerate(ordered, start=1):
            if position == 1 or value != ordered[position - 2][1]:
                place = position
            placed[folder] = (place, len(ordered))
    return placed


def comparisons(config: RegionConfig, summaries: list[Summary]) -> list[Comparison]:
    by_folder = {s.folder: s for s in summaries}
    out = []
    for service in config.services:
        entries = [(by_folder[folder], item) for folder in config.municipalities if folder in service.municipalities
                   for item in by_folder[folder].services if item.code == service.code]
        placed = places(entries)
        groups: dict[str, list[Compared]] = {}
        for summary, item in entries:
            groups.setdefault(summary.method.code, []).append(Compared(summary, item, *placed[summary.folder]))
        out.append(Comparison(service.code, service.title,
                              tuple((code, tuple(rows)) for code, rows in groups.items())))
    return out


# --- open data -----------------------------------------------------------------------------------

def region_results(summaries: list[Summary]) -> str:
    rows = [{"municipality": s.folder, "municipality_name": s.municipality, **row}
            for s in summaries for row in s.result_rows]
    return to_csv(rows, REGION_RESULT_COLUMNS)


def comparison_csv(compared: list[Comparison]) -> str:
    rows = []
    for comparison in compared:
        for row in comparison.rows:
            figure, summary = row.figure.figure, row.summary
            rows.append({
                "service_code": comparison.code, "service_title": comparison.title, "municipality": summary.folder,
                "municipality_name": summary.municipality, "service_id": row.figure.service_id,
                "service_name": row.figure.service_name, "organization": row.figure.organ,
                "subject": row.figure.subject, "period": summary.period, "methodology": summary.method.code,
                "indicator": figure.code, "value": figure.value, "band": figure.band.code if figure.band else "",
                "band_label": figure.band.label if figure.band else "", "place": row.place,
                "of": row.of if row.place is not None else None})
    return to_csv(rows, COMPARISON_COLUMNS)


# --- pages ---------------------------------------------------------------------------------------

def municipality_page(folder: str) -> str:
    return f"municipalities/{folder}.md"


def updated(summaries: list[Summary]) -> dt.date | None:
    """The portal's date: the latest publication date of the municipalities' data, never the build date
    (a rebuild on another day gives the same portal); None when no period.yaml gives one."""
    return max((s.published for s in summaries if s.published is not None), default=None)


def portal_bundle(config: RegionConfig, summaries: list[Summary]) -> SiteBundle:
    """Every file of the portal's docs/, its nav and its settings."""
    env = make_environment({})
    compared = comparisons(config, summaries)
    date = updated(summaries)
    bundle = SiteBundle(
        site_name=f"{SITE_TITLE} — {config.region}", site_url=config.site_url,
        copyright=f"{config.region}. Публикует: {config.publisher.name}."
                  + (f" Сведения обновлены {ru_date(date)}." if date else ""),
        nav=[])

    def page(path: str, template: str, **context) -> None:
        bundle.files[path] = env.get_template(template).render(
            link=partial(relative, path), region=config, summaries=summaries, comparisons=compared,
            municipality_page=municipality_page, updated=date, **context)

    page("index.md", "region/home.md.j2")
    for summary in summaries:
        page(municipality_page(summary.folder), "region/municipality.md.j2", summary=summary,
             taking_part=[c for c in compared if any(r.summary is summary for r in c.rows)])
    for comparison in compared:
        page(comparison.page, "region/comparison.md.j2", comparison=comparison)
    bundle.files["opendata/region-results.csv"] = region_results(summaries)
    bundle.files["opendata/comparison.csv"] = comparison_csv(compared)
    page("opendata.md", "region/opendata.md.j2", results_columns=REGION_RESULT_COLUMNS,
         comparison_columns=COMPARISON_COLUMNS)
    for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
        bundle.files[f"assets/{asset.relative_to(ASSETS).as_posix()}"] = asset.read_text(encoding="utf-8")
    bundle.nav = [
        {"Главная": "index.md"},
        {"Муниципальные образования": [{s.municipality: municipality_page(s.folder)} for s in summaries]},
        *([{"Сравнение услуг": [{c.title: c.page} for c in compared]}] if compared else []),
        {"Открытые данные": "opendata.md"},
    ]
    return bundle
