"""region.yaml: a typed model (pydantic, extra="forbid") and its reading into problem records.

A region's data folder holds region.yaml and one folder per municipality (each a data folder of its
own, with site.yaml). Every problem is a record (file, row, column, a `region-*` code, a Russian
message saying how to fix it), and all of them are reported at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.config import SLUG, SLUG_HELP, Publisher, checked_url, shown
from generator.load.tables import UnreadableFile
from generator.load.yaml_files import read_yaml
from generator.problems import Report
from generator.region import REGION_FILE
from generator.validate.yaml_models import MESSAGES, location
SITE_FILE = "site.yaml"
# Names the portal's own files take at the top of the output: a municipality's folder may not take them.
RESERVED = frozenset({"assets", "search", "municipalities", "compare", "opendata", "index", "404", "sitemap"})

Slug = Annotated[str, Field(pattern=SLUG)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ComparableService(_Strict):
    """One service compared across municipalities (Novokuznetsk 2013, Приложение № 3)."""

    code: Slug = Field(description="Код сравниваемой услуги (имя страницы сравнения)")
    title: str = Field(min_length=1, description="Наименование услуги на странице сравнения")
    municipalities: dict[Slug, Slug] = Field(
        description="Папка муниципального образования → идентификатор этой услуги в его services.csv")


class RegionConfig(_Strict):
    region: str = Field(min_length=1, description="Наименование региона (субъекта Российской Федерации)")
    site_url: str = Field(description="Адрес, по которому будет опубликован портал региона")
    publisher: Publisher
    municipalities: list[Slug] = Field(min_length=1, description="Папки муниципальных образований, "
                                                                  "в том порядке, в каком они показаны на портале")
    services: list[ComparableService] = Field(default_factory=list,
                                              description="Услуги, сравниваемые между муниципальными образованиями")

    @field_validator("site_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = checked_url(value, "адрес портала", "https://example.org/region/")
        return value if value.endswith("/") else value + "/"


def municipality_folders(root: Path) -> list[str]:
    """The folders of the region that hold site.yaml, by name."""
    try:
        return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / SITE_FILE).is_file())
    except OSError:
        return []


# --- reading -----------------------------------------------------------------------------------

def load_region(root: Path, report: Report) -> RegionConfig | None:
    """region.yaml as a model, with every problem of it and of the folders it names in `report`."""
    try:
        raw = read_yaml(root / REGION_FILE, REGION_FILE)
    except UnreadableFile as error:
        report.add(REGION_FILE, None, None, "region-yaml-unreadable", f"файл не читается: {error}")
        return None
    except OSError as error:
        report.add(REGION_FILE, None, None, "region-yaml-unreadable",
                   f"файл не прочитать ({error.strerror}): дайте права на чтение файла region.yaml.")
        return None
    lines = Lines(root / REGION_FILE)
    try:
        config = RegionConfig.model_validate(raw.data if raw.data is not None else {})
    except ValidationError as error:
        for problem in error.errors():
            loc = problem["loc"]
            code = "region-url-invalid" if problem["type"] == "url_invalid" else "region-yaml-invalid"
            report.add(REGION_FILE, lines.of(loc), location(loc) or None, code, message(problem))
        return None
    check_folders(root, config, lines, report)
    check_services(config, lines, report)
    return config


def check_folders(root: Path, config: RegionConfig, lines: Lines, report: Report) -> None:
    seen: set[str] = set()
    resolved_root = root.resolve()
    for index, folder in enumerate(config.municipalities):
        where = (REGION_FILE, lines.of(("municipalities", index)), f"municipalities[{index}]")
        if folder in seen:
            report.add(*where, "region-municipality-duplicate",
                       f"папка «{folder}» указана в списке дважды: оставьте одну строку.")
            continue
        seen.add(folder)
        if folder in RESERVED:
            report.add(*where, "region-folder-reserved",
                       f"имя папки «{folder}» занято страницами портала ({', '.join(sorted(RESERVED))}): "
                       "переименуйте папку муниципального образования и исправьте список.")
            continue
        path = root / folder
        if path.is_dir() and not path.resolve().is_relative_to(resolved_root):
            report.add(*where, "region-folder-outside",
                       f"папка «{folder}» — ссылка на папку вне папки региона; такие ссылки не читаются: "
                       "положите саму папку муниципального образования в папку региона.")
        elif not (path / SITE_FILE).is_file():
            what = "нет файла site.yaml" if path.is_dir() else "такой папки нет"
            report.add(*where, "region-municipality-missing",
                       f"папка муниципального образования «{folder}» не найдена: {what}. Создайте папку "
                       "с данными муниципального образования (site.yaml, organizations.yaml, services.csv, periods/) "
                       "рядом с region.yaml или исправьте имя в списке.")
    for folder in municipality_folders(root):
        if folder not in seen:
            report.add(f"{folder}/{SITE_FILE}", None, None, "region-municipality-unlisted",
                       f"папка «{folder}» содержит данные муниципального образования, но её нет в списке "
                       "municipalities файла region.yaml: добавьте её в список или уберите папку из папки региона.")


def check_services(config: RegionConfig, lines: Lines, report: Report) -> None:
    codes: set[str] = set()
    listed = set(config.municipalities)
    for index, service in enumerate(config.services):
        at = ("services", index)
        if service.code in codes:
            report.add(REGION_FILE, lines.of((*at, "code")), f"services[{index}].code", "region-service-duplicate",
                       f"услуга с кодом «{service.code}» уже описана выше: дайте каждой сравниваемой услуге "
                       "свой код или объедините записи.")
        codes.add(service.code)
        for folder in service.municipalities:
            if folder not in listed:
                report.add(REGION_FILE, lines.of((*at, "municipalities", folder)),
                           f"services[{index}].municipalities.{folder}", "region-service-municipality-unknown",
                           f"муниципального образования «{folder}» нет в списке municipalities: исправьте имя "
                           "папки или добавьте её в список.")
        if len(service.municipalities) < 2:
            report.add(REGION_FILE, lines.of((*at, "municipalities")), f"services[{index}].municipalities",
                       "region-service-too-few",
                       f"услугу «{shown(service.title)}» сравнивать не с чем: укажите её идентификаторы хотя бы "
                       "в двух муниципальных образованиях или уберите её из services.")


# --- messages ----------------------------------------------------------------------------------

_MESSAGES = {**MESSAGES,
             "too_short": "список пуст: перечислите хотя бы одну папку муниципального образования"}


def model_at(loc: tuple) -> type[BaseModel]:
    """The model whose field the error names (for the list of fields it allows)."""
    if loc[:1] == ("publisher",):
        return Publisher
    if loc[:1] == ("services",) and len(loc) > 2:
        return ComparableService
    return RegionConfig


def message(error: dict) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        return (f"неизвестное поле: проверьте написание; допустимые поля: "
                f"{', '.join(model_at(loc[:-1]).model_fields)}")
    if kind == "string_pattern_mismatch":
        return f"недопустимое имя «{shown(str(error.get('input')))}»: используйте {SLUG_HELP}"
    if kind in ("url_invalid", "value_error"):
        return str(error.get("ctx", {}).get("message") or error.get("ctx", {}).get("error") or error["msg"])
    return _MESSAGES.get(kind, error["msg"])


class Lines:
    """The line of any value of region.yaml, found by its place (`("services", 0, "code")`)."""

    def __init__(self, path: Path):
        try:
            self.root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
        except (yaml.YAMLError, OSError, UnicodeError, RecursionError):
            self.root = None

    def of(self, loc: tuple) -> int | None:
        """The line of the deepest part of `loc` that is there (a missing field: its parent's line)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line
