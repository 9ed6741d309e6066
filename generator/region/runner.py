"""Runs the municipalities' builds: in processes of this machine (spawned, so nothing of this process
leaks into them), or on a dask.distributed cluster whose scheduler is at an address.

Whatever fails — a worker process killed, the cluster unreachable, a task lost — becomes a problem
record of that municipality; the caller publishes nothing unless every one succeeded.
"""
from __future__ import annotations

import multiprocessing
import re
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from generator import text_ru
from generator.problems import Problem, Report
from generator.resources import worker_count
from generator.region.summary import Outcome
from generator.region.worker import Task, build_municipality

PROCESSES = "processes"
# tcp://host:8786, tls://…, or host:port (dask adds tcp://); a name or an address, no spaces
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|inproc|ucx|ws|wss)://)?[\w.\-\[\]:]+:\d{1,5}$")
CONNECT_SECONDS = 20

Progress = Callable[[str], None]


def scheduler_problem(scheduler: str) -> tuple[str, str] | None:
    """Why --scheduler cannot be used; checked before anything is built."""
    if scheduler == PROCESSES:
        return None
    if not _ADDRESS.match(scheduler):
        return ("region-scheduler-invalid",
                f"«{scheduler[:80]}» — не адрес планировщика Dask: укажите --scheduler processes (процессы этого "
                "компьютера, по умолчанию) или адрес вида tcp://host:8786.")
    try:
        import distributed  # noqa: F401
    except ImportError:
        return ("region-scheduler-missing",
                "для сборки на кластере Dask нужен пакет distributed: установите его командой "
                "pip install 'dask[distributed]' либо соберите портал без --scheduler (процессами этого компьютера).")
    return None


def run(tasks: list[Task], scheduler: str, progress: Progress = lambda _: None) -> list[Outcome]:
    """Every task's outcome, in the order of the tasks."""
    if scheduler == PROCESSES:
        outcomes = in_processes(tasks, progress)
    else:
        outcomes = on_cluster(tasks, scheduler, progress)
    return [outcomes[task.folder] for task in tasks]


def finished(outcome: Outcome, done: int, total: int, progress: Progress) -> None:
    state = "собран" if outcome.summary is not None else "не собран"
    progress(f"{outcome.folder}: сайт {state} ({done} из {total}, {text_ru.number(outcome.seconds, 1)} с)")


def in_processes(tasks: list[Task], progress: Progress) -> dict[str, Outcome]:
    workers = max(1, min(len(tasks), worker_count()))
    outcomes: dict[str, Outcome] = {}
    # spawn: a fresh interpreter, whatever this process holds (threads, open files, locks)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(build_municipality, task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 — the process died (killed, out of memory)
                outcome = lost(task, error)
            outcomes[task.folder] = outcome
            finished(outcome, len(outcomes), len(tasks), progress)
    return outcomes


def on_cluster(tasks: list[Task], address: str, progress: Progress) -> dict[str, Outcome]:
    from distributed import Client
    from distributed import as_completed as cluster_completed

    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        return {task.folder: unreachable(task, address, error) for task in tasks}
    outcomes: dict[str, Outcome] = {}
    try:
        run_id = uuid.uuid4().hex[:8]  # two builds on one cluster never share a task
        futures = client.map(build_municipality, tasks, key=[f"transparency-{run_id}-{task.folder}" for task in tasks],
                             pure=False)
        by_key = {future.key: task for future, task in zip(futures, tasks)}
        for future in cluster_completed(futures, loop=client.loop):
            task = by_key[future.key]
            try:
                outcome = future.result()
            except Exception as error:  # noqa: BLE001 — the worker was lost or the task could not run there
                outcome = lost(task, error)
            outcomes[task.folder] = outcome
            finished(outcome, len(outcomes), len(tasks), progress)
    finally:
        client.close()
    return outcomes


def lost(task: Task, error: BaseException) -> Outcome:
    return Outcome(task.folder, [Problem(
        f"{task.folder}/", None, None, "region-worker-failed",
        f"процесс, собиравший сайт муниципального образования, завершился, не вернув результата "
        f"({type(error).__name__}: {str(error)[:200]}); чаще всего ему не хватило памяти. Освободите память "
        "или соберите портал на кластере (--scheduler), затем соберите снова.")])


def unreachable(task: Task, address: str, error: BaseException) -> Outcome:
    return Outcome(task.folder, [Problem(
        "--scheduler", None, None, "region-scheduler-unreachable",
        f"планировщик Dask по адресу {address} не отвечает ({type(error).__name__}: {str(error)[:200]}): "
        "запустите его (dask scheduler) и рабочие процессы (dask worker АДРЕС) или соберите портал "
        "без --scheduler.")])


def problems_of(outcomes: list[Outcome]) -> Report:
    """All the outcomes' problems in one report; one record per problem, said once."""
    report = Report()
    report.extend(dict.fromkeys(p for outcome in outcomes for p in outcome.problems))
    return report
