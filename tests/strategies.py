"""What the hypothesis tests of every methodology share: a data folder written from generated tables,
checked and computed through the public pipeline (`check` → `compute`), and the properties every
rating has whatever its act: each figure inside its scale and in the band whose edges hold it, places
one more than the strictly better, the printed calculation equal to the published value.

The methodology modules are not imported: the tests see only what a data maintainer gives and what
the site publishes, so a plugin may be rewritten inside without touching them.
"""
from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import settings
from hypothesis import strategies as st

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.results import Assessment, Results

Rows = list[list]  # a table: its header, then its rows


def examples(count: int) -> settings:
    """Few examples, no deadline, the same examples on every run: every example builds a data folder
    and runs the pipeline, and the suite must stay fast and never fail by chance. INVARIANTS_SCALE=20
    in the environment runs twenty times as many, drawn at random, to hunt for new failures."""
    scale = int(os.environ.get("INVARIANTS_SCALE", "1"))
    return settings(max_examples=count * scale, deadline=None, derandomize=scale == 1)


# ---- writing a data folder ---------------------------------------------------------

def decimal_text(value: Fraction, comma: bool) -> str:
    """A finite decimal as a maintainer types it: «4,56» or «4.56», no trailing zeros."""
    text = format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")
    assert Fraction(text) == value, f"{value} is not a short decimal"
    return text.replace(".", ",") if comma else text


def write_csv(path: Path, table: Rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def write_folder(root: Path, methodology: str, organizations: list[dict], services: Rows,
                 tables: dict[str, Rows], files: dict[str, str] | None = None) -> Path:
    """A data folder: site.yaml under `methodology`, organizations.yaml, services.csv and each
    table of `tables` at its path (`periods/2025-Q1/survey.csv`); `files` are written as they are."""
    root.mkdir(parents=True, exist_ok=True)
    site = {"municipality": "Условный город", "site_url": "https://example.org/", "methodology": methodology,
            "publisher": {"name": "Отдел мониторинга"}}
    (root / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    (root / "organizations.yaml").write_text(yaml.safe_dump(organizations, allow_unicode=True), encoding="utf-8")
    write_csv(root / "services.csv", services)
    for name, table in tables.items():
        write_csv(root / name, table)
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def computed_folder(folder: Path) -> Results:
    """The folder checked (no errors allowed; warnings are the data's business) and computed."""
    report, dataset = check(folder)
    assert dataset is not None and report.ok, report.as_text()
    return compute(dataset)


@contextmanager
def temporary_folder() -> Iterator[Path]:
    """A fresh folder per example: hypothesis runs many examples inside one test."""
    with tempfile.TemporaryDirectory(prefix="invariants-") as name:
        yield Path(name) / "data"


def run(methodology: str, organizations: list[dict], services: Rows, tables: dict[str, Rows],
        files: dict[str, str] | None = None) -> Results:
    with temporary_folder() as root:
        return computed_folder(write_folder(root, methodology, organizations, services, tables, files))


def shuffled(table: Rows, random) -> Rows:
    """The same table with its rows in another order (the header stays first)."""
    body = list(table[1:])
    random.shuffle(body)
    return [table[0], *body]


# ---- generated values --------------------------------------------------------------

def decimals(low: Fraction | int, high: Fraction | int, places: int = 2) -> st.SearchStrategy[Fraction]:
    """Exact decimals with at most `places` places between `low` and `high`."""
    scale = 10 ** places
    return st.integers(int(Fraction(low) * scale), int(Fraction(high) * scale)).map(lambda n: Fraction(n, scale))


# ---- what is published -------------------------------------------------------------

def key(assessment: Assessment) -> tuple:
    return assessment.period.name, assessment.organization.id, assessment.service_id


def published(results: Results) -> dict[tuple, dict]:
    """Every subject's figures (exact values and band codes) and place: what a reader can compare."""
    return {key(a): {"rank": a.rank, "monitored": a.monitored,
                     **{code: (f.value, f.band.code if f.band else None) for code, f in a.figures.items()},
                     **{f"{part}/{code}": f.value for part, figures in a.parts.items()
                        for code, f in figures.items()}}
            for a in results.assessments}


def own_figures(results: Results) -> dict[tuple, dict]:
    """Each subject's own figures, without what depends on the others (places, ranks of criteria)."""
    return {k: {c: v for c, v in figures.items() if c not in ("rank", "rank_mean")}
            for k, figures in published(results).items()}


def scale_of(methodology: str, band) -> object:
    return next(s for s in METHODOLOGIES[methodology].scales.values() if band in s.bands)


def assert_banded(methodology: str, assessments: Iterable[Assessment]) -> None:
    """A figure with a band: the band holds its exact value, and no other band of its scale does."""
    for a in assessments:
        for code, figure in a.figures.items():
            if figure.band is None:
                continue
            assert figure.value is not None, (key(a), code)
            scale = scale_of(methodology, figure.band)
            holders = [b.code for b in scale.bands if b.contains(figure.value)]
            assert holders == [figure.band.code], (key(a), code, figure.value, holders)


def assert_places(assessments: list[Assessment], better: Callable[[Assessment, Assessment], bool]) -> None:
    """Competition places (1, 2, 2, 4): a place is one more than the number of strictly better subjects,
    so equal ones share the smallest place. `better(x, y)`: x is strictly better than y."""
    for a in assessments:
        expected = 1 + sum(1 for other in assessments if other is not a and better(other, a))
        assert a.rank == expected, (key(a), a.rank, expected)


def _evaluate(text: str, values: dict[str, Fraction]) -> Fraction:
    """A printed calculation read back with Python's precedence: inputs by name, constants exact."""
    python = re.sub(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w.])",
                    lambda m: f"F('{m.group(0).replace(',', '.')}')",
                    text.replace("×", "*").replace("−", "-"))
    return eval(python, {"F": Fraction, **values})  # noqa: S307 — names, digits and operators built by the test


def assert_calculations(assessments: Iterable[Assessment], municipal: dict | None = None) -> None:
    """Every printed calculation, with its inputs' exact values, evaluates to the published value."""
    groups = [(key(a), a.figures) for a in assessments]
    groups += [(key(a) + (part,), figures) for a in assessments for part, figures in a.parts.items()]
    groups += [(("municipal", period), figures) for period, figures in (municipal or {}).items()]
    for where, figures in groups:
        for code, figure in figures.items():
            if figure.expression is None or figure.value is None:
                continue
            names: dict = {}
            printed = figure.substituted(lambda i: names.setdefault(i, f"v{len(names)}"))
            assert _evaluate(printed, {name: Fraction(i.value) for i, name in names.items()}) == figure.value, \
                (where, code, printed)
