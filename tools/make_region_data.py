#!/usr/bin/env python3
"""A synthetic municipality of any size in the Kaluga format, for the region-scale benchmark.

    .venv/bin/python tools/make_region_data.py FOLDER [--organs 100] [--seed 2026]

N organs, 10 services each, 5 yearly periods (2021–2025). Deterministic: one random.Random(seed),
nothing depends on the clock, so the same seed always gives the same bytes. The rows are drawn
the way tools/make_demo_data.py draws the demo (its row functions are reused), so the figures
look like a real municipality's rather than uniform noise; names and services are taken from the
demo's lists with the organ's number, so the search index holds real Russian words.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_demo_data import (ORGANS, REQ_HEADER, SERVICES, feedback_rows, regulation_row,  # noqa: E402
                            request_row, write_csv, yn)

YEARS = (2021, 2022, 2023, 2024, 2025)
SERVICES_PER_ORGAN = 10
# Every demo service, with its base volume and flags; "5" (provided only from 2025) is kept.
SERVICE_POOL = [service for services in SERVICES.values() for service in services]


def organ_plan(rng: random.Random, number: int) -> dict:
    """One organ: a demo organ's name, sector and channels, its own quality path and services."""
    _, name, sector, _, _, channels, _, _ = ORGANS[number % len(ORGANS)]
    start = rng.uniform(0.1, 0.95)
    drift = rng.uniform(-0.08, 0.08)
    levels = [min(1.0, max(0.0, start + drift * y + rng.uniform(-0.04, 0.04))) for y in range(len(YEARS))]
    volume = rng.uniform(0.5, 1.5)
    organ_id = f"organ-{number + 1:03d}"
    services = [(f"{organ_id}-s{k + 1:02d}", f"{title} (№ {number + 1})", base, flags)
                for k, (_, title, base, flags) in enumerate(rng.sample(SERVICE_POOL, SERVICES_PER_ORGAN))]
    return {"id": organ_id, "name": f"{name} № {number + 1}", "sector": sector, "channels": channels,
            "levels": levels, "volume": volume, "services": services}


def write_static(folder: Path, plans: list[dict]) -> None:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    municipality = f"Условный муниципальный район ({len(plans)} органов, синтетические данные)"
    (folder / "site.yaml").write_text(
        f"municipality: {q(municipality)}\nsite_url: \"https://example.org/monitoring/\"\nmethodology: kaluga\n"
        f"publisher:\n  name: {q('Администрация условного муниципального района')}\n"
        f"  email: \"monitoring@example.org\"\n  phone: \"+7 (000) 000-00-00\"\n"
        f"  address: {q('000000, Условная область, ул. Примерная, д. 1 (вымышленный адрес)')}\n",
        encoding="utf-8")
    organs = [{"id": p["id"], "name": p["name"], "sector": p["sector"]} for p in plans]
    (folder / "organizations.yaml").write_text(
        "# Синтетические органы для замера скорости сборки (tools/make_region_data.py)\n"
        + yaml.safe_dump(organs, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    write_csv(folder / "services.csv", ["service_id", "organization_id", "name", "socially_significant"],
              [[sid, p["id"], name, yn("s" in flags)] for p in plans for sid, name, _, flags in p["services"]])


def write_period(folder: Path, rng: random.Random, plans: list[dict], y: int, draws: dict) -> None:
    requests, feedback, ratings, regulations = [], [], [], []
    for plan in plans:
        level = plan["levels"][y]
        channels = plan["channels"].split()
        feedback += feedback_rows(rng, plan["id"], channels, level)
        for sid, _, base, flags in plan["services"]:
            if "5" in flags and YEARS[y] < 2025:
                continue
            row = request_row(rng, sid, base, flags, draws[sid], level, max(plan["levels"][:y + 1]), plan["volume"])
            requests.append(row)
            if row[-1] == "да":
                regulations.append(regulation_row(rng, sid, flags, level))
            if row[9] and rng.random() < 0.85:
                csi = min(5.0, max(1.0, 1 + 3.9 * level + rng.gauss(0, 0.2)))
                ratings.append([sid, f"{csi:.2f}", max(1, round(row[9] * rng.uniform(0.05, 0.3)))])
    period = folder / "periods" / str(YEARS[y])
    write_csv(period / "requests.csv", REQ_HEADER, requests)
    write_csv(period / "feedback.csv", ["organization_id", "channel", "criterion", "respondents", "score"], feedback)
    write_csv(period / "epgu_ratings.csv", ["service_id", "csi", "ratings"], ratings)
    write_csv(period / "regulations.csv", ["service_id", "complies_210fz", "complies_other_acts", "amendment"],
              regulations)


def generate(folder: Path, organs: int, seed: int = 2026) -> Path:
    """Writes the municipality into folder (created; must not hold another data folder)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    plans = [organ_plan(rng, number) for number in range(organs)]
    write_static(folder, plans)
    draws = {sid: [rng.random() for _ in range(4)] for p in plans for sid, *_ in p["services"]}
    for y in range(len(YEARS)):
        write_period(folder, rng, plans, y, draws)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--organs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.folder, args.organs, args.seed)


if __name__ == "__main__":
    main()
