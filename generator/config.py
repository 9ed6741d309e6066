"""Typed models of the YAML files a data maintainer writes (pydantic, extra="forbid")."""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG)
SLUG_HELP = "строчные латинские буквы, цифры и дефисы, например `obrazovanie` или `zhkh-2`"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Publisher(_Strict):
    name: str = Field(min_length=1, description="Орган, публикующий результаты мониторинга")
    email: str | None = Field(None, description="Адрес электронной почты для вопросов")
    phone: str | None = Field(None, description="Телефон")
    address: str | None = Field(None, description="Почтовый адрес")


class SiteConfig(_Strict):
    municipality: str = Field(min_length=1, description="Наименование муниципального образования")
    site_url: str = Field(description="Адрес, по которому будет опубликован сайт")
    methodology: str = Field(description="Код методики, по которой ведётся мониторинг")
    publisher: Publisher

    @field_validator("site_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("адрес сайта должен начинаться с http:// или https://")
        return value if value.endswith("/") else value + "/"


class Point(_Strict):
    """A point of service (точка оказания услуги), for methodologies that assess services there."""

    id: str = Field(pattern=SLUG, description="Идентификатор точки")
    name: str = Field(min_length=1, description="Наименование точки")
    address: str | None = Field(None, description="Адрес")


class Organization(_Strict):
    id: str = Field(pattern=SLUG, description="Идентификатор органа")
    name: str = Field(min_length=1, description="Полное наименование")
    sector: str = Field(min_length=1, description="Сфера деятельности")
    short_name: str | None = Field(None, description="Краткое наименование")
    website: str | None = Field(None, description="Страница органа на официальном сайте")
    points: list[Point] = Field(default_factory=list, description="Точки оказания услуг")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class SurveyDates(_Strict):
    """When a period's survey of recipients ended and when its results were posted (Dzerzhinsk, п. 7.2)."""

    completed: dt.date = Field(description="Дата завершения опроса и обобщения его результатов")
    published: dt.date | None = Field(None, description="Дата размещения результатов опроса на официальном сайте")


class PeriodConfig(_Strict):
    """periods/<period>/period.yaml: what differs for one period (optional file)."""

    methodology: str | None = Field(None, description="Код методики, если в этом периоде действовала другая")
    published: dt.date | None = Field(None, description="Дата публикации результатов периода на официальном сайте")
    survey: SurveyDates | None = Field(None, description="Опрос получателей услуг за период (методика dzerzhinsk: срок публикации итогов по п. 7.2)")
