"""Prints how long the demo site takes to build and how much memory it uses.

Speed targets live here, never in timed tests. Usage: make benchmark
Runs the stages in-process twice (a cold chart cache, then a warm one) and prints
the seconds of each stage and the peak resident memory.
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator import PROJECT_ROOT
from generator.build import check
from generator.resources import cache_dir
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.publish import publish
from generator.render import render
from generator.build import build_date


def timed(label: str, action, timings: dict):
    started = time.perf_counter()
    value = action()
    timings[label] = time.perf_counter() - started
    return value


def run_once(data: Path, out: Path) -> dict[str, float]:
    timings: dict[str, float] = {}
    report, dataset = timed("load + validate", lambda: check(data), timings)
    if dataset is None:
        sys.exit(report.as_text())
    method = METHODOLOGIES[dataset.site.methodology]
    results = timed("compute", lambda: compute(dataset), timings)
    bundle = timed("render (pages, charts)", lambda: render(dataset, results, method, build_date(), cache_dir()),
                   timings)
    timed("publish (mkdocs build, swap)", lambda: publish(bundle, out), timings)
    timings["total"] = sum(timings.values())
    return timings


def big_table_check(rows: int = 1_000_000) -> None:
    """`check` of a municipality with `rows` services and one request row each (the issue's target:
    a million-row table checked in seconds, not minutes)."""
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
        seconds = time.perf_counter() - started
    print(f"check of {rows:,} services + {rows:,} request rows: {seconds:.1f} s, "
          f"{len(report.problems)} problems")


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "data"
    shutil.rmtree(cache_dir(), ignore_errors=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        for run in ("cold chart cache", "warm chart cache"):
            timings = run_once(data, out)
            print(f"{run}:")
            for stage, seconds in timings.items():
                print(f"  {stage:32} {seconds:6.2f} s")
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"site: {pages} HTML pages, {size / 1e6:.1f} MB; peak memory {peak:.0f} MB")
    big_table_check()


if __name__ == "__main__":
    main()
