"""Prints how long a site takes to build, stage by stage, beside a bare mkdocs-material build.

Speed targets live here (issue 11), never in timed tests. Usage:

    make benchmark                # SIZE=demo: data/ (13 organs, 3 periods)
    make benchmark SIZE=100       # a synthetic municipality of 100 organs (tools/make_region_data.py)
    make benchmark SIZE=400
    make benchmark SIZE=rows      # only the million-row `check`
    .venv/bin/python tools/benchmark.py FOLDER   # any data folder

Three builds, each in a new process (as `transparency build` runs), with the chart cache in a
temporary folder: cold (empty cache), warm (cache filled) and «nothing changed» (the same again).
Then the last build's site project, exported, is built by `mkdocs build` in a process of its own,
timed alone: the «bare» mkdocs-material build of the same pages, which the warm build is compared
with. Every time includes its process's start-up; peak memory is the largest build process's.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator import PROJECT_ROOT
from generator.build import build_date, check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.publish import export, publish
from generator.render import render

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region_data import generate  # noqa: E402

RUNS = ("cold", "warm", "nothing changed")
STAGES = ("load + validate", "compute", "render (pages, charts)", "publish (mkdocs build, swap)")


def timed(label: str, action, timings: dict):
    started = time.perf_counter()
    value = action()
    timings[label] = time.perf_counter() - started
    return value


def run_once(data: Path, out: Path, cache: Path, project: Path | None) -> dict:
    """One build, stage by stage (this is what each child process runs); with project, the site
    project is then exported there, untimed, for the bare build."""
    timings: dict[str, float] = {}
    report, dataset = timed(STAGES[0], lambda: check(data), timings)
    if dataset is None or not report.ok:
        sys.exit(report.as_text())
    method = METHODOLOGIES[dataset.site.methodology]
    results = timed(STAGES[1], lambda: compute(dataset), timings)
    bundle = timed(STAGES[2], lambda: render(dataset, results, method, build_date(), cache), timings)
    timed(STAGES[3], lambda: publish(bundle, out), timings)
    if project is not None:
        export(bundle, project)
    return {"timings": timings, "charts": bundle.charts, "organs": bundle.organizations, "peak": peak_kb()}


def peak_kb() -> int:
    """This process's peak memory since its exec (VmHWM): unlike getrusage, it does not start from
    the size of the parent at the fork."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1])


def child_run(data: Path, out: Path, cache: Path, project: Path | None) -> dict:
    """A build in a new process, as `transparency build` would run it: nothing kept in memory from
    the build before. Its wall time includes the interpreter's start-up and imports."""
    command = [sys.executable, __file__, "--one-run", str(data), str(out), str(cache), str(project or "")]
    started = time.perf_counter()
    child = finished(subprocess.run(command, capture_output=True, text=True))
    run = json.loads(child.stdout.splitlines()[-1])
    run["timings"]["start-up (imports)"] = time.perf_counter() - started - sum(run["timings"].values())
    run["timings"]["total"] = time.perf_counter() - started
    return run


def finished(child: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """A failed build stops the benchmark with what the build said (the data's report)."""
    if child.returncode:
        sys.exit(child.stderr or child.stdout)
    return child


def bare_mkdocs(project: Path, site: Path) -> tuple[float, float]:
    """Seconds of `mkdocs build` of the exported project (with its start-up) and its peak memory in MB."""
    arguments = ["build", "--quiet", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    started = time.perf_counter()
    child = finished(subprocess.run([sys.executable, "-c", BARE_BUILD, *arguments], capture_output=True, text=True))
    return time.perf_counter() - started, int(child.stdout.split()[-1]) / 1024


BARE_BUILD = """import sys
from mkdocs.__main__ import cli
cli.main(args=sys.argv[1:], standalone_mode=False)
print(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')).split()[1])
"""


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def megabytes(size: float) -> str:
    return f"{size / 1e6:.1f} MB".replace(".", ",")


def seconds(value: float) -> str:
    if value >= 120:
        return f"{int(value // 60)} min {value % 60:.0f} s"
    return f"{value:.1f} s".replace(".", ",")


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}".replace(".", ",")


def benchmark(data: Path, label: str, work: Path) -> None:
    cache, out, project, bare_site = work / "charts", work / "site", work / "project", work / "bare-site"
    runs = {}
    for run in RUNS:
        runs[run] = child_run(data, out, cache, project if run == RUNS[-1] else None)
        print(f"  {run}: {runs[run]['timings']['total']:.1f} s, peak memory {runs[run]['peak'] / 1024:.0f} MB",
              file=sys.stderr, flush=True)
    bare, bare_peak = bare_mkdocs(project, bare_site)
    pages = sum(1 for _ in out.rglob("*.html"))
    bare_pages = sum(1 for _ in bare_site.rglob("*.html"))
    index = out / "search" / "search_index.json"
    total = {run: runs[run]["timings"]["total"] for run in RUNS}
    peak = max(run["peak"] for run in runs.values()) / 1024
    print("\n| size | pages | charts | cold build | warm build | nothing changed | bare mkdocs-material "
          "| warm / bare | peak memory | site | search index |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {label}, {runs['cold']['organs']} organs | {pages} | {runs['cold']['charts']} | {seconds(total['cold'])} "
          f"| {seconds(total['warm'])} | {seconds(total['nothing changed'])} | {seconds(bare)} "
          f"| {ratio(total['warm'], bare)} | {peak:.0f} MB "
          f"| {megabytes(folder_bytes(out))} | {megabytes(index.stat().st_size)} |")
    print("\n| stage | " + " | ".join(RUNS) + " |")
    print("|---|" + "---|" * len(RUNS))
    for stage in ("start-up (imports)", *STAGES, "total"):
        print(f"| {stage} | " + " | ".join(seconds(runs[run]["timings"][stage]) for run in RUNS) + " |")
    print(f"\nbare mkdocs-material: {bare_pages} HTML pages (the build's: {pages}), peak memory {bare_peak:.0f} MB; "
          f"each build and the bare one ran in a process of its own")


def big_table_check(rows: int = 1_000_000) -> None:
    """`check` of a municipality with `rows` services and one request row each (the issue's target:
    a million-row table checked in seconds, not minutes)."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(PROJECT_ROOT / "tests" / "fixtures" / "minimal", data)
        shutil.rmtree(data / "periods" / "2024")
        organs = ("alpha", "beta", "gamma")
        with open(data / "services.csv", "w", encoding="utf-8") as services:
            services.write("service_id,organization_id,name,socially_significant\n")
            services.writelines(f"s{i},{organs[i % 3]},Услуга {i},нет\n" for i in range(rows))
        with open(data / "periods" / "2025" / "requests.csv", "w", encoding="utf-8") as requests:
            requests.write("service_id,staff,requests,on_time,late,refusals,complaints,prebooking,electronic,"
                           "requests_epgu,mfc,requests_mfc,regulation_approved\n")
            requests.writelines(f"s{i},{i % 5},{i % 2000},{i % 1000},0,0,{i % 3},да,нет,0,да,{i % 500},да\n"
                                for i in range(rows))
        started = time.perf_counter()
        report, _ = check(data)
        spent = time.perf_counter() - started
    print(f"check of {rows:,} services + {rows:,} request rows: {spent:.1f} s, "
          f"{len(report.problems)} problems")


def main() -> None:
    if sys.argv[1:2] == ["--one-run"]:
        data, out, cache, project = sys.argv[2:6]
        print(json.dumps(run_once(Path(data), Path(out), Path(cache), Path(project) if project else None)))
        return
    size = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SIZE") or "demo"
    if size == "rows":
        big_table_check()
        return
    with tempfile.TemporaryDirectory(prefix="benchmark-") as folder:
        work = Path(folder)
        if size == "demo":
            data, label = PROJECT_ROOT / "data", "demo"
        elif size.isdigit():
            data, label = generate(work / "data", int(size)), "synthetic"
        elif Path(size).is_dir():
            data, label = Path(size), Path(size).name
        else:
            sys.exit(f"SIZE is demo, rows, a number of organs or a data folder, not {size!r}")
        benchmark(data, label, work)


if __name__ == "__main__":
    main()
