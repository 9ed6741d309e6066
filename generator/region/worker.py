"""One municipality of a region, built where a worker runs it: in a process of this machine or on a
Dask worker. The function and its arguments are plain and picklable; whatever happens, it returns
problem records, never raises a traceback across to the process that builds the portal."""
from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.problems import InputError, Problem
from generator.region.config import REGION_FILE
from generator.region.summary import Outcome, Wanted, summarize

SITE = "site"


@dataclass(frozen=True)
class Task:
    folder: str  # the municipality's folder in the region (its subsite's folder in the output)
    data_dir: Path  # absolute; a cluster's workers must see it at the same path
    into: Path | None  # build here (same machine); None: build in a temporary folder, return an archive
    engine: str = "mkdocs"
    services: tuple[Wanted, ...] = ()  # the comparable services of region.yaml it takes part in


def build_municipality(task: Task) -> Outcome:
    """load → validate → compute → render → engine build of one municipality's whole site."""
    started = time.perf_counter()
    try:
        outcome = _build(task)
    except InputError as error:  # its data, or its engine, said no: the records are the answer
        outcome = Outcome(task.folder, [inside(task.folder, p) for p in error.report.problems])
    except Exception as error:  # noqa: BLE001 — a defect of the generator, said as a record, not a traceback
        outcome = Outcome(task.folder, [Problem(
            f"{task.folder}/", None, None, "region-municipality-failed",
            f"сайт муниципального образования не собран из-за внутренней ошибки генератора "
            f"({type(error).__name__}: {str(error)[:300]}). Соберите его отдельно командой transparency build "
            f"--data {task.data_dir} и сообщите разработчикам о сообщении об ошибке.")])
    outcome.seconds = time.perf_counter() - started
    return outcome


def _build(task: Task) -> Outcome:
    from generator.build import prepare
    from generator.publish import build_site
    from generator.publish import stamp  # the stamp a single build's site carries too

    with one_process_per_site():
        prepared = prepare(task.data_dir, engine=task.engine)
        warnings = [inside(task.folder, p) for p in prepared.report.problems]
        unknown = unknown_services(prepared.dataset, task)
        if unknown:
            return Outcome(task.folder, warnings + unknown)
        with place(task) as site:
            build_site(prepared.bundle, site, task.engine)
            stamp(site)
            summary = summarize(prepared, task.services, task.folder)
            archive = None if task.into is not None else packed(site)
    return Outcome(task.folder, warnings, summary, archive)


def unknown_services(dataset, task: Task) -> list[Problem]:
    known = set(dataset.services["service_id"])
    return [Problem(REGION_FILE, item.line, f"services.{item.code}.municipalities.{task.folder}",
                    "region-service-unknown",
                    f"услуги «{item.service_id}» нет в {task.folder}/{dataset.services_file}: укажите идентификатор "
                    f"(service_id) этой услуги из services муниципального образования «{task.folder}».")
            for item in task.services if item.service_id not in known]


def inside(folder: str, problem: Problem) -> Problem:
    """A problem of a municipality's data, its file named from the region's folder."""
    return Problem(f"{folder}/{problem.file}", problem.row, problem.column, problem.code, problem.message,
                   problem.severity)


@contextmanager
def place(task: Task) -> Iterator[Path]:
    """Where the site is built: task.into/site (the engine's project beside it), or a temporary folder."""
    if task.into is not None:
        task.into.mkdir(parents=True, exist_ok=True)
        yield task.into / SITE
        return
    folder = Path(tempfile.mkdtemp(prefix=f"transparency-{task.folder}-"))
    try:
        yield folder / SITE
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_inside = 0  # builds of this process inside one_process_per_site (a Dask worker runs tasks in threads)
_inside_lock = threading.Lock()
_before: str | None = None


@contextmanager
def one_process_per_site() -> Iterator[None]:
    """The region already builds one municipality per process: a municipality's own charts and pages
    stay in its process (a Dask worker may not start processes of its own). Set by the first of the
    builds running at once in this process, put back by the last, so none sees it change under it."""
    global _inside, _before
    with _inside_lock:
        if _inside == 0:
            _before = os.environ.get("TRANSPARENCY_WORKERS")
            os.environ["TRANSPARENCY_WORKERS"] = "1"
        _inside += 1
    try:
        yield
    finally:
        with _inside_lock:
            _inside -= 1
            if _inside == 0:
                if _before is None:
                    os.environ.pop("TRANSPARENCY_WORKERS", None)
                else:
                    os.environ["TRANSPARENCY_WORKERS"] = _before


def packed(site: Path) -> bytes:
    """The built site as a gzip'd tar, for a worker that does not share the output's file system."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        for path in sorted(site.rglob("*")):
            archive.add(path, arcname=path.relative_to(site).as_posix(), recursive=False)
    return buffer.getvalue()


def unpacked(archive: bytes, target: Path) -> None:
    """An archive of `packed` into target (new); the data filter refuses links and paths out of it."""
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as opened:
        opened.extractall(target, filter="data")
