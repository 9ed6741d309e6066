"""Prints how long a site takes to build, stage by stage, beside a bare mkdocs-material build.

Speed targets live here (issue 11), never in timed tests. Usage:

    make benchmark                # SIZE=demo: data/ (13 organs, 3 periods)
    make benchmark SIZE=100       # a synthetic municipality of 100 organs (tools/make_region_data.py)
    make benchmark SIZE=400
    make benchmark SIZE=rows      # only the million-row `check`
    make benchmark SIZE=responses # 5 million survey answers: check + compute beside DuckDB alone
    make benchmark SIZE=region    # a region's portal: 30 municipalities of 15 organs, in processes
    .venv/bin/python tools/benchmark.py FOLDER   # any data folder
    .venv/bin/python tools/benchmark.py 100 --no-render-cache   # every page rendered in every run

Four builds, each in a new process (as `transparency build` runs), with the chart cache in a
temporary folder: cold (empty cache, new output folder), warm (cache filled, new output folder: every
page converted), «nothing changed» (the same again into the warm build's folder) and «one number
changed» (one figure of one requests.csv, built over that folder: only the pages that read it are
rendered — the others are taken from the render cache, render/reuse.py — and only what changed is
converted). Then the warm build's site project, exported, is built by `mkdocs build` in a process of
its own: the «bare» mkdocs-material build of the same pages, which the warm build is compared with.
Every time includes its process's start-up; peak memory is that of a build's process and all its
workers together (sampled every 50 ms). Last, the search of the built site is timed in Chromium on a
phone (tools/bench_search.py; with the test dependencies and `make chromium`).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Only the standard library at the top: the build's drawing and mkdocs workers are spawned, and a spawned
# worker imports the main module again (as __mp_main__). With the generator, pandas and mkdocs imported
# here each worker held 100 MB more than under `transparency build`, and the cold peak counted 1,24 GB
# for a build that takes 0,97 GB. The build's modules are imported in the functions that use them.
sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = ("cold", "warm", "nothing changed", "one number changed")
STAGES = ("inputs fingerprint", "load + validate", "compute", "digests", "render (pages, charts)",
          "publish (mkdocs build, swap)")
# `--no-render-cache`: every page rendered in every run, as before the render cache (render/reuse.py)
NO_RENDER_CACHE = "--no-render-cache"


def timed(label: str, action, timings: dict):
    started = time.perf_counter()
    value = action()
    timings[label] = time.perf_counter() - started
    return value


class TreeMemory(threading.Thread):
    """The peak of the memory held at once by this process and every process it starts (chart and
    page workers): the sum of their resident sizes, read from /proc every 50 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak_kb = max(self.peak_kb, sum(rss_kb(pid) for pid in tree(os.getpid())))
            time.sleep(0.05)

    def stop(self) -> int:
        self.running = False
        self.join()
        return max(self.peak_kb, peak_kb())


def tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return int(next((line for line in status if line.startswith("VmRSS")), "VmRSS: 0").split()[1])
    except OSError:
        return 0


def run_once(data: Path, out: Path, project: Path | None, reusing: bool = True) -> dict:
    """One build, stage by stage, as `transparency build` runs it (this is what each child process
    runs); with project, the site project is then exported there, untimed, for the bare build."""
    from generator.build import check, inputs_fingerprint
    from generator.collector import held_out_of_collections
    from generator.compute import compute
    from generator.digests import result_digests
    from generator.methods import METHODOLOGIES
    from generator.publish import export, publish, unchanged
    from generator.render import render
    from generator.resources import cache_dir

    memory = TreeMemory()
    memory.start()
    timings: dict[str, float] = {}
    inputs = timed(STAGES[0], lambda: inputs_fingerprint(data.resolve(), "mkdocs"), timings)
    if unchanged(out.resolve(), inputs):
        timed(STAGES[1], lambda: check(data), timings)
        timings.update({stage: 0.0 for stage in STAGES[2:]})
        return {"timings": timings, "charts": 0, "organs": 0, "peak": memory.stop(), "pages built": 0,
                "pages rendered": 0}
    report, dataset = timed(STAGES[1], lambda: check(data), timings)
    if dataset is None or not report.ok:
        sys.exit(report.as_text())
    method = METHODOLOGIES[dataset.site.methodology]
    results = timed(STAGES[2], lambda: compute(dataset), timings)
    digests = timed(STAGES[3], lambda: result_digests(dataset, results), timings) if reusing else None
    timings.setdefault(STAGES[3], 0.0)
    bundles = []

    def rendering(writer):  # as `transparency build` does: each page written into the build's folder as rendered
        bundles.append(timed(STAGES[4], lambda: render(dataset, results, method, cache_dir(), warnings=report.warnings,
                                                      writer=writer, digests=digests), timings))
        return bundles[-1]

    with held_out_of_collections():  # as build() publishes
        converted = timed(STAGES[5], lambda: publish(rendering, out, "mkdocs", inputs), timings)
    timings[STAGES[5]] -= timings[STAGES[4]]  # the pages were rendered inside publish()
    peak = memory.stop()
    untimed = 0.0
    if project is not None:  # rendered once more (charts cached), untimed: the project for the bare build
        export_started = time.perf_counter()
        export(lambda writer: render(dataset, results, method, cache_dir(),
                                     warnings=report.warnings, writer=writer, digests=digests), project)
        untimed = time.perf_counter() - export_started
    bundle = bundles[-1]
    return {"timings": timings, "charts": bundle.charts, "organs": bundle.organizations, "peak": peak,
            "pages built": converted, "pages rendered": bundle.pages - len(bundle.reused), "untimed": untimed}


def peak_kb() -> int:
    """This process's peak memory since its exec (VmHWM): unlike getrusage, it does not start from
    the size of the parent at the fork."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1])


def child_run(data: Path, out: Path, cache: Path, project: Path | None, reusing: bool = True) -> dict:
    """A build in a new process, as `transparency build` would run it: nothing kept in memory from
    the build before. Its wall time includes the interpreter's start-up and imports."""
    command = [sys.executable, __file__, "--one-run", str(data), str(out), str(project or ""),
               *(() if reusing else (NO_RENDER_CACHE,))]
    started = time.perf_counter()
    child = finished(subprocess.run(command, capture_output=True, text=True,
                                    env={**os.environ, "TRANSPARENCY_CACHE_DIR": str(cache)}))
    run = json.loads(child.stdout.splitlines()[-1])
    spent = time.perf_counter() - started - run.pop("untimed", 0.0)  # the export for the bare build is not the build's
    run["timings"]["start-up (imports)"] = spent - sum(run["timings"].values())
    run["timings"]["total"] = spent
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


def change_one_number(data: Path) -> None:
    """One figure of one requests.csv (the last period's first service) one more."""
    table = sorted(data.glob("periods/*/requests.csv"))[-1]
    lines = table.read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    column = header.index("complaints")
    first[column] = str(int(first[column]) + 1)
    table.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")


def benchmark(data: Path, label: str, work: Path, reusing: bool = True) -> None:
    from generator.resources import worker_count

    cache, project, bare_site = work / "charts", work / "project", work / "bare-site"
    if not data.is_relative_to(work):  # the data is changed by the last run: a copy
        data = Path(shutil.copytree(data, work / "data"))
    runs = {}
    for run in RUNS:
        out = work / ("site-cold" if run == "cold" else "site")  # warm: a new folder, nothing to reuse
        if run == RUNS[-1]:
            change_one_number(data)
        runs[run] = child_run(data, out, cache, project if run == "warm" else None, reusing)
        print(f"  {run}: {runs[run]['timings']['total']:.1f} s, peak memory {runs[run]['peak'] / 1024:.0f} MB, "
              f"{runs[run]['pages rendered']} pages rendered, {runs[run]['pages built']} converted",
              file=sys.stderr, flush=True)
    out = work / "site"
    bare, bare_peak = bare_mkdocs(project, bare_site)
    pages = sum(1 for _ in out.rglob("*.html"))
    bare_pages = sum(1 for _ in bare_site.rglob("*.html"))
    index = out / "search" / "search_index.json"
    total = {run: runs[run]["timings"]["total"] for run in RUNS}
    peak = max(run["peak"] for run in runs.values()) / 1024
    print("\n| size | pages | charts | cold build | warm build | nothing changed | one number changed "
          "| bare mkdocs-material | warm / bare | peak memory | site | search index |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {label}, {runs['cold']['organs']} organs | {pages} | {runs['cold']['charts']} | {seconds(total['cold'])} "
          f"| {seconds(total['warm'])} | {seconds(total['nothing changed'])} | {seconds(total[RUNS[-1]])} "
          f"({runs[RUNS[-1]]['pages rendered']} pages rendered, {runs[RUNS[-1]]['pages built']} converted) | {seconds(bare)} | {ratio(total['warm'], bare)} | {peak:.0f} MB "
          f"| {megabytes(folder_bytes(out))} | {megabytes(index.stat().st_size)} |")
    print("\n| stage | " + " | ".join(RUNS) + " |")
    print("|---|" + "---|" * len(RUNS))
    for stage in ("start-up (imports)", *STAGES, "total"):
        print(f"| {stage} | " + " | ".join(seconds(runs[run]["timings"][stage]) for run in RUNS) + " |")
    print_search(data, out)
    print(f"\nbare mkdocs-material: {bare_pages} HTML pages (the build's: {pages}), peak memory {bare_peak:.0f} MB; "
          f"each build and the bare one ran in a process of its own; peak memory is of a build's process and its "
          f"workers together; {os.cpu_count()} processors, TRANSPARENCY_WORKERS={worker_count()}")


def print_search(data: Path, site: Path) -> None:
    """The search's answer time on a phone, for the organ in the middle of organizations.yaml."""
    import yaml
    from bench_search import search_seconds

    organs = yaml.safe_load((data / "organizations.yaml").read_text(encoding="utf-8"))
    organ = organs[len(organs) // 2]["name"]
    times = search_seconds(site, organ)
    if times is None:
        print("\nsearch: not measured (no Chromium or playwright: make chromium)")
        return
    print(f"\nsearch on a phone (Chromium, 360 × 740, the last two words of «{organ}» typed a letter every 60 ms), "
          "from the last letter to the organ among the results: "
          + ", ".join(f"{label} {value:.2f} s" for label, value in times.items()))


def big_table_check(rows: int = 1_000_000) -> None:
    """`check` of a municipality with `rows` services and one request row each (the issue's target:
    a million-row table checked in seconds, not minutes)."""
    from generator import PROJECT_ROOT
    from generator.build import check

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
    reusing = NO_RENDER_CACHE not in sys.argv
    arguments = [a for a in sys.argv[1:] if a != NO_RENDER_CACHE]
    if arguments[:1] == ["--one-run"]:
        data, out, project = arguments[1:4]
        print(json.dumps(run_once(Path(data), Path(out), Path(project) if project else None, reusing)))
        return
    size = arguments[0] if arguments else os.environ.get("SIZE") or "demo"
    if size == "rows":
        big_table_check()
        return
    if size in ("region", "responses"):
        with tempfile.TemporaryDirectory(prefix="benchmark-") as folder:
            if size == "region":
                from bench_region import region_benchmark

                region_benchmark(Path(folder))
            else:
                from bench_responses import responses_benchmark

                responses_benchmark(Path(folder))
        return
    from generator import PROJECT_ROOT
    from make_region_data import generate

    with tempfile.TemporaryDirectory(prefix="benchmark-") as folder:
        work = Path(folder)
        if size == "demo":
            data, label = PROJECT_ROOT / "data", "demo"
        elif size.isdigit():
            data, label = generate(work / "data", int(size)), "synthetic"
        elif Path(size).is_dir():
            data, label = Path(size), Path(size).name
        else:
            sys.exit(f"SIZE is demo, rows, responses, region, a number of organs or a data folder, not {size!r}")
        benchmark(data, label, work, reusing)


if __name__ == "__main__":
    main()
