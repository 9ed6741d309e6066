"""`transparency init DIR --methodology CODE --municipality "…"`: a new municipality's data folder.

It writes what a maintainer would otherwise put together by hand from scattered examples: site.yaml
with every field explained (site_yaml.py), the methodology's starter (one organ, two services, one
period with every table, from the plugin's own `starter_folder()` — a city's own plugin ships its
own), a README for the data repository and the CI files for GitHub and GitLab (files/). The result
passes `check` and builds as written. Nothing is ever overwritten: DIR must be absent or empty.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.diff.changes import markdown_escaped
from generator.init.site_yaml import site_yaml

FILES = Path(__file__).resolve().parent / "files"
# what init writes besides the starter: its name in files/ → where it goes in the data folder
EXTRA_FILES = {"README.md": "README.md", "monitoring.yml": ".github/workflows/monitoring.yml",
               "gitlab-ci.yml": ".gitlab-ci.yml"}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
KIND_WORDS = {"year": "год: 2025", "half": "полугодие: 2025-H1, 2025-H2", "quarter": "квартал: 2025-Q1 … 2025-Q4"}


class InitRefused(Exception):
    """init cannot start: the message (Russian) says why and what to do."""


class UnknownMethodology(Exception):
    """No installed methodology has the code asked for in --methodology; the message lists those installed."""


def methodology_named(code: str, methodologies=None):
    """The installed methodology of `code` (`init` and `templates` alike), or UnknownMethodology with a
    Russian message listing the installed ones; a broken plugin raises the registry's InputError."""
    if methodologies is None:
        from generator.methods import METHODOLOGIES as methodologies
    if code in methodologies:
        return methodologies[code]
    available = "\n".join(f"  {c} — {m.title}" for c, m in methodologies.items())
    raise UnknownMethodology(f"методики «{code}» нет среди установленных. Укажите в --methodology одну из них:\n"
                             f"{available}")


@dataclass
class Created:
    folder: Path
    period: str
    files: list[Path]


def create(folder: Path, code: str, municipality: str, methodologies=None) -> Created:
    """Write a new data folder for `municipality` monitored by the methodology `code`."""
    if methodologies is None:
        from generator.methods import METHODOLOGIES as methodologies
    method = methodology_named(code, methodologies)
    if not municipality.strip():
        raise InitRefused("наименование муниципального образования пустое: укажите его в --municipality, "
                          "например --municipality \"Городской округ Новоозёрск\"")
    _check_empty(folder)
    starter = method.starter_folder()
    periods = sorted(p for p in (starter / "periods").glob("*") if p.is_dir()) if starter.is_dir() else []
    if not periods:
        raise InitRefused(f"у методики «{code}» нет примера данных для начала работы (папки {starter}/ с "
                          "organizations.yaml, services.csv и periods/): создайте папку данных по образцу "
                          "из README или добавьте такую папку в пакет методики")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(starter, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (folder / "site.yaml").write_text(site_yaml(municipality, code, method.act, list(methodologies)), encoding="utf-8")
    for name, target in EXTRA_FILES.items():
        text = (FILES / name).read_text(encoding="utf-8")
        if name == "README.md":
            text = readme(text, method, municipality, periods[0])
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        (folder / target).write_text(text, encoding="utf-8")
    return Created(folder, periods[0].name, sorted(p for p in folder.rglob("*") if p.is_file()))


def _check_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitRefused(f"{folder} — это файл, а не папка: укажите новую или пустую папку")
    if folder.is_dir() and any(folder.iterdir()):
        raise InitRefused(f"папка {folder} не пуста: init ничего не перезаписывает. Укажите новую или пустую "
                          "папку (например, transparency init данные-города …)")


def readme(text: str, method, municipality: str, period: Path) -> str:
    """The data repository's README for this methodology: its tables, from its `inputs` schemas."""
    rows = []
    for schema in method.inputs:
        given = sorted(p.name for p in period.glob(f"{schema.name}.*")) or sorted(
            p.name + "/" for p in period.glob(schema.name) if p.is_dir())
        shown = given[0] if given else schema.filename
        note = "" if given else " (в примере нет)"
        need = "обязательно" if schema.required else "необязательно"
        rows.append(f"| `periods/{period.name}/{shown}` | {schema.title} — {schema.seed_table}; {need}{note} |")
    kinds = "; ".join(KIND_WORDS.get(k, k) for k in method.period_kinds)
    # the name is untrusted text in Markdown: one line, its marks and tags shown as typed, never a link
    values = {"municipality": markdown_escaped(" ".join(municipality.split())), "code": method.code,
              "act": markdown_escaped(" ".join(method.act.split())), "period": period.name,
              "period_kinds": kinds, "tables": "\n".join(rows)}
    # in one pass: a name containing «{{tables}}» stays that text
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)
