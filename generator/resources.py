"""Where the generator's own files are.

In a checkout they are the top-level folders (`site_templates/`, `content/`, `mkdocs.yml`); in an
installed wheel they are copies inside the package (`generator/_shared/`, put there when the wheel
is built). The chart cache goes where the user says (TRANSPARENCY_CACHE_DIR), else beside a
checkout, else in the user's cache folder: never into an installed package.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _is_checkout(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "site_templates").is_dir()


SHARED = CHECKOUT if _is_checkout(CHECKOUT) else PACKAGE / "_shared"
TEMPLATES = SHARED / "site_templates"
ASSETS = TEMPLATES / "assets"
THEME_OVERRIDES = TEMPLATES / "overrides"
CONTENT = SHARED / "content"
MKDOCS_CONFIG = SHARED / "mkdocs.yml"


def cache_dir() -> Path:
    """The chart cache: TRANSPARENCY_CACHE_DIR, else `.cache/charts` of a checkout, else
    `$XDG_CACHE_HOME/transparency/charts`."""
    chosen = os.environ.get("TRANSPARENCY_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if _is_checkout(CHECKOUT):
        return CHECKOUT / ".cache" / "charts"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "transparency" / "charts"


WORKERS_VARIABLE = "TRANSPARENCY_WORKERS"


def workers_problem() -> str | None:
    """Why TRANSPARENCY_WORKERS cannot be used (checked with the data, before anything is built)."""
    limit = os.environ.get(WORKERS_VARIABLE, "").strip()
    if limit and not (limit.isascii() and limit.isdigit() and int(limit) >= 1):
        return (f"переменная окружения {WORKERS_VARIABLE} задаёт, сколько процессов строят сайт, и должна быть "
                f"целым числом не меньше 1, а указано «{limit}»: исправьте её или удалите (тогда по процессу "
                f"на ядро).")
    return None


def worker_count() -> int:
    """How many processes a build may use: TRANSPARENCY_WORKERS (1: all in this process), else one per
    core; a value that is not a whole number ≥ 1 is reported by `workers_problem` and not used."""
    limit = os.environ.get(WORKERS_VARIABLE, "").strip()
    if limit.isascii() and limit.isdigit() and int(limit) >= 1:
        return int(limit)
    return max(1, os.cpu_count() or 1)


PDF_VARIABLE = "TRANSPARENCY_PDF"
PDF_CHOICES = ("all", "latest", "none")  # which reports become PDFs (render/printing.py); site.yaml `pdf` too


def pdf_problem() -> str | None:
    """Why TRANSPARENCY_PDF cannot be used (checked with the data, before anything is built)."""
    chosen = os.environ.get(PDF_VARIABLE, "").strip()
    if chosen and chosen not in PDF_CHOICES:
        return (f"переменная окружения {PDF_VARIABLE} заменяет выбор PDF-отчётов из site.yaml и должна быть all "
                f"(все отчёты), latest (только за последний период) или none (без PDF), а указано «{chosen}»: "
                f"исправьте её или удалите (тогда — как в site.yaml).")
    return None


def pdf_choice(configured: str) -> str:
    """Which reports become PDFs: TRANSPARENCY_PDF, the operator's override (tests build the demos with
    none), else site.yaml's choice; a wrong value is reported by `pdf_problem` and not used."""
    chosen = os.environ.get(PDF_VARIABLE, "").strip()
    return chosen if chosen in PDF_CHOICES else configured


def in_threads(jobs: list) -> list:
    """The jobs' results in order, run on as many threads as the build may use cores
    (worker_count). For work on whole columns of millions of values: numpy and pyarrow let go of the
    interpreter while they work, so two columns are done at once on two cores."""
    workers = min(worker_count(), len(jobs))
    if workers <= 1:
        return [job() for job in jobs]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda job: job(), jobs))
