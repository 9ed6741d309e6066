"""A region's portal: region.yaml and the output folder are checked first; then every municipality
is built (load → validate → compute → render → engine) in a worker; then the portal. Nothing is
published unless every municipality and the portal succeed: the whole output — the portal at its top,
each municipality's full site in its folder — is swapped in at once through the publishing stage's
replace_folder, with its checks (never destroying anything that is not a site this generator built).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import check
from generator.problems import InputError, Report
from generator.publish import check_output_folder, engine_problem, recover_output_folder, replace_folder
from generator.publish.engines import build_project
from generator.publish.project import SITE, write_project
from generator.region.config import (REGION_FILE, RESERVED, SITE_FILE, Lines, RegionConfig, load_region,
                                     municipality_folders)
from generator.region.portal import portal_bundle
from generator.region.runner import PROCESSES, problems_of, run, scheduler_problem
from generator.region.summary import Summary, Wanted
from generator.region.worker import Task, inside, unknown_services, unpacked

Progress = Callable[[str], None]


@dataclass
class RegionBuilt:
    summaries: list[Summary]
    report: Report = field(default_factory=Report)  # warnings only
    pages: int = 0  # of the portal itself


def wanted_services(root: Path, config: RegionConfig | None) -> dict[str, tuple[Wanted, ...]]:
    """folder → the comparable services it takes part in, with their lines in region.yaml."""
    if config is None:
        return {}
    lines = Lines(root / REGION_FILE)
    wanted: dict[str, list[Wanted]] = {}
    for index, service in enumerate(config.services):
        for folder, service_id in service.municipalities.items():
            line = lines.of(("services", index, "municipalities", folder))
            wanted.setdefault(folder, []).append(Wanted(service.code, service_id, line))
    return {folder: tuple(items) for folder, items in wanted.items()}


def buildable(root: Path, folder: str) -> bool:
    """Listed folders whose problems region.yaml's checks have not already reported."""
    return folder not in RESERVED and (root / folder / SITE_FILE).is_file() and \
        (root / folder).resolve().is_relative_to(root.resolve())


def check_region(root: Path) -> Report:
    """region.yaml and every municipality's data, all problems at once, each municipality's files
    named from the region's folder (`kaluga/periods/2025/requests.csv`)."""
    report = Report()
    config = load_region(root, report)
    wanted = wanted_services(root, config)
    folders = dict.fromkeys(config.municipalities if config is not None else municipality_folders(root))
    for folder in (f for f in folders if buildable(root, f)):
        found, dataset = check(root / folder)
        report.extend(inside(folder, problem) for problem in found.problems)
        if dataset is not None:
            report.extend(unknown_services(dataset, Task(folder, root / folder, None, services=wanted.get(folder, ()))))
    return report


def build_region(root: Path, out_dir: Path, scheduler: str = PROCESSES, engine: str = "mkdocs",
                 progress: Progress = lambda _: None) -> tuple[RegionBuilt, float]:
    """The whole portal into out_dir; raises InputError with every problem found."""
    started = time.perf_counter()
    root = root.resolve()
    recover_output_folder(out_dir)
    progress("Проверка region.yaml и папки для сайта")
    report = Report()
    config = load_region(root, report)
    check_output_folder(out_dir, root, report)
    for option, problem in (("--scheduler", scheduler_problem(scheduler)), ("--engine", engine_problem(engine))):
        if problem:
            report.add(option, None, None, *problem)
    if config is None or not report.ok:
        raise InputError(report)
    built: list[RegionBuilt] = []
    replace_folder(out_dir, lambda target: built.append(assemble(config, root, target, scheduler, engine, progress)))
    return built[0], time.perf_counter() - started


def assemble(config: RegionConfig, root: Path, target: Path, scheduler: str, engine: str,
             progress: Progress) -> RegionBuilt:
    """Fills target (in the build's temporary folder) with the portal and every municipality's site."""
    workdir = target.parent
    wanted = wanted_services(root, config)
    tasks = [Task(folder, root / folder, workdir / "parts" / folder if scheduler == PROCESSES else None, engine,
                  wanted.get(folder, ())) for folder in config.municipalities]
    where = "в процессах этого компьютера" if scheduler == PROCESSES else f"на кластере Dask {scheduler}"
    progress(f"Сборка сайтов муниципальных образований ({len(tasks)}) {where}")
    outcomes = run(tasks, scheduler, progress)
    report = problems_of(outcomes)
    if not report.ok:
        raise InputError(report)
    summaries = [outcome.summary for outcome in outcomes]
    progress(f"Сборка портала ({engine})")
    bundle = portal_bundle(config, summaries)
    project = workdir / "portal"
    build_project(engine, write_project(bundle, project, hand_written=False))  # content/ is one municipality's
    (project / SITE).rename(target)
    for task, outcome in zip(tasks, outcomes):
        if outcome.archive is not None:
            unpacked(outcome.archive, target / task.folder)
        else:
            (task.into / SITE).rename(target / task.folder)
    return RegionBuilt(summaries, report, bundle.pages)
