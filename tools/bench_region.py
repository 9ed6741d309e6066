"""The region benchmark (issue 11): a portal of 30 municipalities of 15 organs each, built with
processes of this machine, as `transparency build --data REGION --out OUT` runs it.

    .venv/bin/python tools/bench_region.py        # the same as `region_benchmark` in a temporary folder

`region_benchmark(work)` generates the region (tools/make_region_portal.py) into work, builds it once in
a new process with an empty chart cache, and prints the wall time (with the process's start-up), the
peak memory of the whole build — the build's process and its workers together, sampled every 0,2 s —
and of its largest process, the pages and the size of the output.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region_portal import generate  # noqa: E402

MUNICIPALITIES, ORGANS = 30, 15
SAMPLE_SECONDS = 0.2


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """Bytes resident in the process and its descendants together, and in the largest of them."""
    sizes = []
    for member in [process, *process.children(recursive=True)]:
        try:
            sizes.append(member.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return sum(sizes), max(sizes, default=0)


def timed_build(region: Path, out: Path, cache: Path) -> dict:
    command = [sys.executable, "-m", "generator", "build", "--data", str(region), "--out", str(out), "--quiet"]
    environment = {**os.environ, "TRANSPARENCY_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    child = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak_total = peak_largest = 0
    while child.poll() is None:
        try:
            total, largest = tree_rss(watched)
        except psutil.NoSuchProcess:
            break
        peak_total, peak_largest = max(peak_total, total), max(peak_largest, largest)
        time.sleep(SAMPLE_SECONDS)
    said, complained = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode:
        sys.exit(complained or said)
    return {"seconds": seconds, "peak_total": peak_total, "peak_largest": peak_largest, "said": said.strip()}


def folder_stats(folder: Path) -> tuple[int, int]:
    """Bytes and HTML pages of the output."""
    paths = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in paths), sum(1 for p in paths if p.suffix == ".html")


def region_benchmark(work: Path, municipalities: int = MUNICIPALITIES, organs: int = ORGANS) -> dict:
    """Builds a region of `municipalities` × `organs` in work/ once, with processes; prints and returns the figures."""
    started = time.perf_counter()
    region = generate(work / "region", municipalities, organs)
    generated = time.perf_counter() - started
    print(f"region: {municipalities} municipalities × {organs} organs, generated in {generated:.1f} s",
          file=sys.stderr, flush=True)
    run = timed_build(region, work / "portal", work / "charts")
    size, pages = folder_stats(work / "portal")
    result = {**run, "municipalities": municipalities, "organs": organs, "workers": os.cpu_count() or 1,
              "html_pages": pages, "bytes": size}
    print(f"region portal, {municipalities}×{organs} organs, processes ({result['workers']} cores): "
          f"wall {run['seconds']:.1f} s (cold chart cache, with start-up), "
          f"peak memory {run['peak_total'] / 2**20:.0f} MB in all processes together "
          f"(largest process {run['peak_largest'] / 2**20:.0f} MB), "
          f"{pages} HTML pages, {size / 1e6:.1f} MB")
    print(run["said"])
    return result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-region-") as folder:
        region_benchmark(Path(folder))


if __name__ == "__main__":
    main()
