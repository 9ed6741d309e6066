#!/usr/bin/env python3
"""Survey answers at scale: our `check` + compute of a period with a responses.csv of millions of
rows, beside DuckDB alone doing the aggregation the methodology needs on the same file.

    .venv/bin/python tools/bench_responses.py [ROWS] [--runs N] [--work DIR]   # 5 000 000 rows, 3 runs by default

--work DIR keeps the synthetic municipality in DIR and reuses it when DIR already holds one of ROWS rows
(writing 233 MB takes longer than a run); without it a temporary folder is used and removed.

The period is a synthetic Kaluga municipality (tools/make_region_data.py, 13 organs, 130 services)
whose 2025 feedback comes as raw answers: one row per respondent with the Kaluga columns — channel,
date, the three criteria scored 1–5 (some left empty), a few comments (some with commas, so quoted,
some with consent to publish). Seeded: the same bytes every time (numpy's PCG64).

Each side runs in a process of its own and its time includes the process's start-up:
(a) DuckDB: read the file and aggregate it per organ and channel (respondents, and per criterion who
    rated it, the sum of scores and the low scores) and pick the consented comments;
(b) ours: `check` of the data folder (load, validate, the methodology's checks, the review of
    comments) and `compute` of the period: Таблица 1, the pain map and every figure.
The issue's target: (b) ≤ 2 × (a), peak memory ≤ 2 GB. The two sides run one after the other N
times (other work on the machine slows both alike within a pair); every pair is printed, and the
median and the spread of the ratios.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region_data import generate  # noqa: E402

ORGANS = 13
PERIOD = "2025"
CHANNELS = ("in_person", "website", "phone", "pos", "mfc", "qr")
CRITERIA = ("work", "time", "information")
COMMENTS = ("Спасибо, всё быстро", "Долго ждал в очереди", "Сотрудник вежливый", "Неудобный сайт, не нашёл форму",
            "Всё понятно объяснили", "Звонил три раза, никто не ответил")


def write_responses(path: Path, services: list[str], rows: int, seed: int = 2026) -> None:
    """`rows` answers, written a million at a time: ~5 % of scores empty, 0,2 % with a comment."""
    rng = np.random.default_rng(seed)
    days = np.array([f"{d:02d}.{m:02d}.2025" for m in range(1, 13) for d in range(1, 29)], dtype=object)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("respondent,service_id,channel,date," + ",".join(CRITERIA) + ",comment,publish\n")
        for start in range(0, rows, 1_000_000):
            count = min(1_000_000, rows - start)
            columns = [np.arange(start + 1, start + count + 1).astype(str).astype(object),
                       np.asarray(services, dtype=object)[rng.integers(0, len(services), count)],
                       np.asarray(CHANNELS, dtype=object)[rng.integers(0, len(CHANNELS), count)],
                       days[rng.integers(0, len(days), count)]]
            for _ in CRITERIA:
                scores = rng.integers(1, 6, count).astype(str).astype(object)
                scores[rng.random(count) < 0.05] = ""
                columns.append(scores)
            comment = np.full(count, "", dtype=object)
            chosen = rng.random(count) < 0.002
            comment[chosen] = [f'"{text}"' if "," in text else text
                               for text in np.asarray(COMMENTS, dtype=object)[rng.integers(0, len(COMMENTS), chosen.sum())]]
            publish = np.full(count, "", dtype=object)
            publish[chosen] = np.where(rng.random(chosen.sum()) < 0.5, "да", "нет")
            columns += [comment, publish]
            lines = columns[0]
            for column in columns[1:]:
                lines = lines + "," + column
            out.write("\n".join(lines.tolist()) + "\n")


def make_period(work: Path, rows: int) -> Path:
    """The synthetic municipality with one period, 2025, its Таблица 1 given as raw answers; one written
    before into `work` for as many rows is reused (its marker is written last, after the answers)."""
    marker = work / f"written-{rows}"
    if marker.exists():
        return work / "data"
    if (work / "data").exists():
        shutil.rmtree(work / "data")
    data = generate(work / "data", ORGANS)
    for period in (data / "periods").iterdir():
        if period.name != PERIOD:
            shutil.rmtree(period)
    (data / "periods" / PERIOD / "feedback.csv").unlink()
    services = [line.split(",", 1)[0] for line in (data / "services.csv").read_text(encoding="utf-8").splitlines()[1:]]
    write_responses(data / "periods" / PERIOD / "responses.csv", services, rows)
    for old in work.glob("written-*"):
        old.unlink()
    marker.touch()
    return data


DUCKDB_AGGREGATION = """
WITH answers AS (SELECT * FROM read_csv(?)), services AS (SELECT * FROM read_csv(?))
SELECT organization_id, channel, count(*) AS respondents,
       {criteria}
FROM answers JOIN services USING (service_id)
GROUP BY ALL
"""
DUCKDB_COMMENTS = "SELECT respondent, service_id, comment FROM read_csv(?) WHERE publish = 'да' AND comment <> ''"


def duckdb_side(data: Path) -> dict:
    """(a): what the methodology needs from the answers, by DuckDB alone."""
    import duckdb

    answers, services = str(data / "periods" / PERIOD / "responses.csv"), str(data / "services.csv")
    criteria = ",\n       ".join(f"count({c}) AS {c}_rated, sum({c}) AS {c}_sum, count(*) FILTER ({c} <= 2) AS {c}_low"
                                  for c in CRITERIA)
    connection = duckdb.connect()
    groups = connection.execute(DUCKDB_AGGREGATION.format(criteria=criteria), [answers, services]).fetchall()
    comments = connection.execute(DUCKDB_COMMENTS, [answers]).fetchall()
    return {"groups": len(groups), "comments": len(comments)}


def our_side(data: Path) -> dict:
    """(b): check + compute, as `transparency check` starts (the big table's reading begun before the
    generator is imported: generator/prefetch.py) and `transparency build` goes on before rendering."""
    from generator.prefetch import prefetch

    prefetch(data)
    from generator.build import check
    from generator.compute import compute

    started = time.perf_counter()
    report, dataset = check(data)
    checked = time.perf_counter()
    if dataset is None or not report.ok:
        sys.exit(report.as_text()[-3000:])
    results = compute(dataset)
    return {"check": checked - started, "compute": time.perf_counter() - checked,
            "problems": len(report.problems), "assessments": len(results.assessments)}


def child(side: str, data: Path) -> dict:
    command = [sys.executable, __file__, f"--{side}", str(data)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr or done.stdout)
    result = json.loads(done.stdout.splitlines()[-1])
    result["total"] = time.perf_counter() - started
    return result


def processor_seconds() -> float:
    """User and system time of this process and its threads so far: what a run costs whatever else the
    machine is doing (the wall time of both sides stretches with the other work on a shared machine)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1])


def responses_benchmark(work: Path, rows: int = 5_000_000, runs: int = 3) -> dict:
    """Writes the period into `work`, runs both sides `runs` times and prints the comparison; returns
    the numbers of the median pair."""
    started = time.perf_counter()
    data = make_period(work, rows)
    size = (data / "periods" / PERIOD / "responses.csv").stat().st_size
    print(f"responses.csv: {rows:,} rows, {size / 1e6:.0f} MB, written in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    pairs = []
    for _ in range(runs):
        duck, ours = child("duckdb", data), child("ours", data)
        pairs.append((ours["total"] / duck["total"], duck, ours))
        print(f"  run: DuckDB {duck['total']:.1f} s, ours {ours['total']:.1f} s (check {ours['check']:.1f} + compute "
              f"{ours['compute']:.1f}), {pairs[-1][0]:.2f} ×; processor time {duck['cpu']:.1f} s against "
              f"{ours['cpu']:.1f} s, {ours['cpu'] / duck['cpu']:.2f} ×", file=sys.stderr, flush=True)
    ratio, duck, ours = sorted(pairs, key=lambda pair: pair[0])[len(pairs) // 2]
    ratios = sorted(pair[0] for pair in pairs)
    processor = sorted(pair[2]["cpu"] / pair[1]["cpu"] for pair in pairs)
    peak = max(pair[2]["peak"] for pair in pairs)
    print(f"\n| {rows:,} answers, median of {runs} runs | time (with start-up) | peak memory |\n|---|---|---|")
    print(f"| (a) DuckDB alone: read + aggregate | {duck['total']:.1f} s | {duck['peak'] / 1024:.0f} MB |")
    print(f"| (b) ours: check {ours['check']:.1f} s + compute {ours['compute']:.1f} s | {ours['total']:.1f} s "
          f"| {peak / 1024:.0f} MB |")
    print(f"\n(b) / (a) = {ratio:.2f}, {ratios[0]:.2f}–{ratios[-1]:.2f} over the runs (target ≤ 2); peak {peak / 1024:.0f} MB "
          f"(target ≤ 2048 MB); {ours['problems']} problems reported (warnings), {duck['groups']} organ × channel groups")
    print(f"processor time (user + system) ours / DuckDB's: median {processor[len(processor) // 2]:.2f}, "
          f"{processor[0]:.2f}–{processor[-1]:.2f}")
    return {"duckdb": duck, "ours": ours, "ratio": ratio, "ratios": ratios, "processor": processor}


def main() -> None:
    if sys.argv[1:2] in (["--duckdb"], ["--ours"]):
        result = (duckdb_side if sys.argv[1] == "--duckdb" else our_side)(Path(sys.argv[2]))
        print(json.dumps({**result, "peak": peak_kb(), "cpu": processor_seconds()}))
        return
    arguments = sys.argv[1:]
    runs = 3
    if "--runs" in arguments:
        at = arguments.index("--runs")
        runs = int(arguments[at + 1])
        del arguments[at:at + 2]
    work = None
    if "--work" in arguments:
        at = arguments.index("--work")
        work = Path(arguments[at + 1])
        del arguments[at:at + 2]
    rows = int(arguments[0].replace("_", "")) if arguments else 5_000_000
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
        responses_benchmark(work, rows, runs)
        return
    with tempfile.TemporaryDirectory(prefix="bench-responses-") as folder:
        responses_benchmark(Path(folder), rows, runs)


if __name__ == "__main__":
    main()
