"""The Russian open-data passport of every published table (Методические рекомендации по публикации
открытых данных, версия 3.0): `meta.csv` (property,value) and `structure.csv` per data set, written to
opendata/passport/<set>/ for the portals that read them."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from generator.config import SiteConfig
from generator.dataset import PeriodData
from generator.opendata_schema import ENGLISH, Table
from generator.text_ru import date

STANDARD = "http://opendata.gosmonitor.ru/standard/3.0"
FOLDER = "opendata/passport"
# the passport's characteristics as the recommendations name them, for the page; data-…/structure-…
# properties are the set's versions (the first is the current one)
LABELS = {
    "standardversion": "Версия методических рекомендаций",
    "identifier": "Идентификационный номер (код) набора данных",
    "title": "Наименование набора данных",
    "description": "Описание набора данных",
    "creator": "Владелец набора данных",
    "publishername": "Ответственное лицо",
    "publisherphone": "Телефон ответственного лица",
    "publishermbox": "Адрес электронной почты ответственного лица",
    "data": "Гиперссылка (URL) на набор",
    "format": "Формат данных",
    "structure": "Описание структуры набора данных",
    "created": "Дата первой публикации набора данных",
    "modified": "Дата последнего внесения изменений",
    "provenance": "Содержание последнего изменения",
    "valid": "Дата актуальности набора данных",
    "subject": "Ключевые слова, соответствующие содержанию набора данных",
    "previous": "Гиперссылки (URL) на предыдущие версии набора данных",
}
_DATES = {"created", "modified", "valid"}
KEYWORDS = "мониторинг качества, муниципальные услуги, открытые данные"


@dataclass(frozen=True)
class Version:
    """One publication of a set: the period's file, dated by the period's publication."""

    date: dt.date
    path: str  # in the site: opendata/2025/requests.csv
    label: str  # «2025 год»


@dataclass(frozen=True)
class DataSet:
    name: str  # the set's code: results, organizations, services, requests…
    title: str
    description: str
    table: Table
    versions: tuple[Version, ...]  # oldest first; the last is the current data
    created: dt.date  # the first publication


def period_date(period: PeriodData) -> dt.date:
    """When a period's data was published: period.yaml's `published`, else the period's last day."""
    if period.published is not None:
        return period.published
    p = period.period
    months = {"year": 12, "half": 6, "quarter": 3}[p.kind]
    month = p.start_month + months
    return dt.date(p.year, month, calendar.monthrange(p.year, month)[1])


def _phone(text: str) -> str:
    """+74994497426 as the recommendations write it; a phone written otherwise stays as written."""
    digits = re.sub(r"[\s()\-\u2011\u2012\u2013]", "", text)
    return digits if re.fullmatch(r"\+?[0-9]+", digits) else text


def _day(date: dt.date) -> str:
    return date.strftime("%Y%m%d")


def meta_rows(site: SiteConfig, data_set: DataSet) -> list[tuple[str, str]]:
    """The passport's property,value rows in the recommendations' order."""
    publisher, current = site.publisher, data_set.versions[-1]
    created = data_set.created
    url = site.site_url + f"{FOLDER}/{data_set.name}/"
    identifier = f"{publisher.inn}-{data_set.name}" if publisher.inn else f"monitoring-{data_set.name}"
    first = created == current.date
    rows = [("standardversion", STANDARD), ("identifier", identifier), ("title", data_set.title),
            ("description", data_set.description), ("creator", publisher.name),
            ("publishername", publisher.responsible or publisher.name),
            ("publisherphone", _phone(publisher.phone or "")), ("publishermbox", publisher.email or ""),
            ("format", "csv"), ("created", _day(created)), ("modified", _day(current.date)),
            ("provenance", ("Первая публикация" if first else "Добавлены данные") + f" за {current.label}"),
            ("valid", _day(current.date)), ("subject", KEYWORDS)]
    for version in reversed(data_set.versions):  # the current data first, then the earlier ones
        rows.append((f"data-{_day(version.date)}-structure-{_day(created)}", site.site_url + version.path))
    rows.append((f"structure-{_day(created)}", url + "structure.csv"))
    return rows


def structure_rows(table: Table) -> list[tuple[str, str, str, str]]:
    """field name, english description, russian description, format — one row per column."""
    return [(f["name"], ENGLISH.get(f["name"], f["name"].replace("_", " ")), f["title"], f["type"])
            for f in table.schema["fields"]]


def labelled(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The passport for a reader: each property under its Russian name, in the order of meta.csv."""
    out = []
    for prop, value in rows:
        kind = prop.split("-", 1)[0]
        if kind == "data" and any(label == LABELS["data"] for label, _ in out):
            kind = "previous"
        if kind in _DATES and re.fullmatch(r"[0-9]{8}", value):
            value = date(dt.datetime.strptime(value, "%Y%m%d").date())
        out.append((LABELS.get(kind, prop), value))
    return out
