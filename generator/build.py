"""build(): load → validate → compute (and the results' digests) → render → publish, in that order and nothing else.

Everything is loaded and checked before anything is written; the site is built in a
temporary folder and swapped in at the end, so a failed build leaves the published
site exactly as it was.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.compute import compute
from generator.dataset import Dataset
from generator.digests import Digests, result_digests
from generator.load import load_folder
from generator.methods import METHODOLOGIES, PluginError
from generator.problems import InputError, Report
from generator.charts import ChartError
from generator.collector import held_out_of_collections, without_cycle_collection
from generator.resources import PDF_VARIABLE, WORKERS_VARIABLE, cache_dir, pdf_problem, workers_problem
from generator.results import Results
from generator.review import apply_review
from generator.validate import validate

if TYPE_CHECKING:  # rendering is imported when a site is rendered: `transparency check` never is
    from generator.render import SiteBundle

Progress = Callable[[str], None]


@dataclass
class Prepared:
    dataset: Dataset
    results: Results | None
    bundle: SiteBundle | None  # None: nothing had changed since the published site was built
    report: Report  # warnings only: errors stop before this exists
    converted: int | None = None  # pages the engine converted (the others were as already published)
    # of each unit of the results and of the rest every page sees: pages whose inputs did not change are
    # taken from the render cache (generator/digests.py, render/reuse.py)
    digests: Digests | None = None

    @property
    def unchanged(self) -> bool:
        return self.results is None


def check(data_dir: Path) -> tuple[Report, Dataset | None]:
    """Stages 1–2 only: the report of everything wrong with the data folder."""
    report = Report()
    # reading tables allocates millions of small lists and no reference cycle (a million-row table: three
    # times slower with the collector on)
    with without_cycle_collection():
        raw = load_folder(data_dir, report)
        try:
            dataset = validate(raw, report, METHODOLOGIES)
        except PluginError as exc:  # an installed methodology is broken: said in the report, not a traceback
            report.extend(exc.report.problems)
            return report, None
    if dataset is not None:
        apply_review(dataset, report)  # only comments a person approved may be published
    return report, dataset


def checked_with_settings(data_dir: Path, out_dir: Path | None, engine: str | None) -> tuple[Report, Dataset | None]:
    """The data's report with the build's own settings checked too: the output folder, the engine,
    TRANSPARENCY_WORKERS and TRANSPARENCY_PDF."""
    report, dataset = check(data_dir)
    if out_dir is not None:
        from generator.publish import check_output_folder

        check_output_folder(out_dir, data_dir, report)
    if engine is not None:
        from generator.publish import engine_problem

        if problem := engine_problem(engine):
            report.add("--engine", None, None, *problem)
    if problem := workers_problem():
        report.add(WORKERS_VARIABLE, None, None, "workers-invalid", problem)
    if problem := pdf_problem():
        report.add(PDF_VARIABLE, None, None, "pdf-invalid", problem)
    return report, dataset


def prepare(data_dir: Path, progress: Progress = lambda _: None, out_dir: Path | None = None,
            engine: str | None = None) -> Prepared:
    """Stages 1–4, all in memory; raises InputError with the whole report.

    With out_dir, the folder the site is to replace is checked with the data, and with engine, the
    site engine, so a refused output folder or a missing engine is reported together with every
    data problem and before anything is computed."""
    prepared = computed(data_dir, progress, out_dir, engine)
    progress("Подготовка страниц и диаграмм")
    render_into(prepared, None)
    return prepared


def computed(data_dir: Path, progress: Progress = lambda _: None, out_dir: Path | None = None,
             engine: str | None = None) -> Prepared:
    """Stages 1–3 (see prepare); the bundle is rendered later (render_into)."""
    progress("Загрузка и проверка данных")
    report, dataset = checked_with_settings(data_dir, out_dir, engine)
    if dataset is None or not report.ok:
        raise InputError(report)
    progress("Расчёт показателей по методике " + ", ".join(
        f"«{code}»" for code in dict.fromkeys(p.methodology for p in dataset.periods)))
    results = compute(dataset)
    return Prepared(dataset, results, None, report, digests=result_digests(dataset, results))


def render_into(prepared: Prepared, writer) -> SiteBundle:
    """Stage 4: the pages and charts, each written by `writer` as soon as it is made (into the build's
    own temporary folder: everything was checked before), or kept in the bundle (writer None)."""
    from generator.render import render

    dataset, report = prepared.dataset, prepared.report
    methodology = METHODOLOGIES[dataset.site.methodology]
    try:
        prepared.bundle = render(dataset, prepared.results, methodology, cache_dir(),
                                 warnings=report.warnings, writer=writer, digests=prepared.digests)
    except ChartError as error:
        report.add("диаграммы", None, None, "chart-failed",
                   f"{error}. Сайт не собран, прежний сайт сохранён. Повторите сборку; если ошибка повторится, "
                   f"сообщите разработчикам генератора и приложите это сообщение.")
        raise InputError(report) from error
    return prepared.bundle


def inputs_fingerprint(data_dir: Path, engine: str) -> str:
    """Of everything a build reads: the data, the generator with every installed methodology, its
    templates, pages and settings, and the engine. Not the day: no page prints the build date (the
    footer and the sitemap date the data), so a rebuild the next day finds nothing changed."""
    from generator.publish.incremental import fingerprint
    from generator.resources import CONTENT, MKDOCS_CONFIG, PACKAGE, TEMPLATES

    methods = sorted({m.folder() for m in METHODOLOGIES.values()})
    return fingerprint([data_dir, PACKAGE, TEMPLATES, CONTENT, MKDOCS_CONFIG, *methods],
                       engine)


def build(data_dir: Path, out_dir: Path, progress: Progress = lambda _: None,
          engine: str = "mkdocs") -> tuple[Prepared, float]:
    """The whole pipeline; returns what was built and how many seconds it took. When nothing it
    reads has changed since the site in out_dir was built (and the site is intact), the data is
    still checked (its warnings are said again), and nothing else is done."""
    from generator.diff.snapshot import snapshot_text
    from generator.publish import publish, recover_output_folder, unchanged

    started = time.perf_counter()
    recover_output_folder(out_dir)
    inputs = inputs_fingerprint(data_dir, engine)
    if engine == "mkdocs" and unchanged(Path(os.path.abspath(out_dir)), inputs):
        progress("Проверка данных (с прошлой сборки ничего не изменилось)")
        report, dataset = checked_with_settings(data_dir, out_dir, engine)
        if dataset is None or not report.ok:  # the data was good; a setting of this run may not be
            raise InputError(report)
        return Prepared(dataset, None, None, report), time.perf_counter() - started
    prepared = computed(data_dir, progress, out_dir, engine)
    progress("Подготовка страниц и диаграмм")
    # kept in the site: the next build says what it changed against it (generator/diff)
    figures = snapshot_text(prepared.dataset, prepared.results, prepared.report.warnings)
    with held_out_of_collections():
        prepared.converted = publish(rendering(prepared, lambda: progress(f"Сборка сайта ({engine})")),
                                     out_dir, engine, inputs, figures)
    return prepared, time.perf_counter() - started


def rendering(prepared: Prepared, then: Callable[[], None] = lambda: None):
    """What publish() calls with the writer into its temporary folder: the pages are written as they
    are rendered, never all held in memory."""
    def render_now(writer) -> SiteBundle:
        bundle = render_into(prepared, writer)
        then()
        return bundle

    return render_now


def export(data_dir: Path, out_dir: Path, progress: Progress = lambda _: None) -> tuple[Prepared, float]:
    """Stages 1–4, then the site project (pages, assets, theme overrides, mkdocs.yml) replaces
    out_dir instead of the site built from it."""
    from generator.publish import export as export_project, recover_output_folder

    started = time.perf_counter()
    recover_output_folder(out_dir)
    prepared = computed(data_dir, progress, out_dir)
    progress("Подготовка страниц и диаграмм")
    with held_out_of_collections():
        export_project(rendering(prepared, lambda: progress("Запись проекта сайта")), out_dir)
    return prepared, time.perf_counter() - started
