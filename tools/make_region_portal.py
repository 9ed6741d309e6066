#!/usr/bin/env python3
"""A synthetic region for the portal benchmark: N municipalities of M organs each, in the Kaluga format.

    .venv/bin/python tools/make_region_portal.py FOLDER [--municipalities 30] [--organs 15] [--seed 2026]

Each municipality is tools/make_region_data.py's synthetic municipality (its own seed: seed + its
number), named and addressed as a part of the region; region.yaml lists them in order and compares
three services that every one of them has (the first services of its first three organs).
Deterministic: the same arguments always give the same bytes.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region_data import generate as generate_municipality  # noqa: E402

SITE_URL = "https://example.org/region/"
COMPARED = 3  # services compared across the region


def folder_name(number: int) -> str:
    return f"mo-{number:02d}"


def rename(site_yaml: Path, number: int) -> None:
    """The municipality's name and address as a part of the region (the rest of site.yaml is kept)."""
    q = lambda s: json.dumps(s, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    lines = site_yaml.read_text(encoding="utf-8").splitlines()
    lines = [f"municipality: {q(f'Условный муниципальный район № {number} (синтетические данные)')}"
             if line.startswith("municipality:") else
             f"site_url: {q(SITE_URL + folder_name(number) + '/')}" if line.startswith("site_url:") else line
             for line in lines]
    site_yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def region_yaml(municipalities: int, organs: int) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)
    folders = [folder_name(n) for n in range(1, municipalities + 1)]
    out = [f"region: {q(f'Условная область ({municipalities} муниципальных образований, синтетические данные)')}",
           f"site_url: {q(SITE_URL)}",
           "publisher:",
           f"  name: {q('Министерство цифрового развития условной области')}",
           "  email: \"region@example.org\"",
           "municipalities:", *(f"  - {f}" for f in folders)]
    compared = min(COMPARED, organs)
    if compared and municipalities > 1:
        out.append("services:")
        for k in range(1, compared + 1):
            out += [f"  - code: usluga-{k}", f"    title: {q(f'Первая услуга органа № {k}')}", "    municipalities:",
                    *(f"      {f}: organ-{k:03d}-s01" for f in folders)]
    return "\n".join(out) + "\n"


def generate(folder: Path, municipalities: int, organs: int, seed: int = 2026) -> Path:
    """Writes the region into folder (created; must not hold another data folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, municipalities + 1):
        generate_municipality(folder / folder_name(number), organs, seed + number)
        rename(folder / folder_name(number) / "site.yaml", number)
    (folder / "region.yaml").write_text(region_yaml(municipalities, organs), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--municipalities", type=int, default=30)
    parser.add_argument("--organs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.folder, args.municipalities, args.organs, args.seed)


if __name__ == "__main__":
    main()
