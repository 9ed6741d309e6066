"""The checked, typed input that every later stage reads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.config import Organization, SiteConfig, SurveyDates
from generator.periods import Period


@dataclass(frozen=True)
class TableOrigin:
    """Where a table came from, as the maintainer named it, for messages: its file
    (`periods/2025/responses.xlsx`; the folder `periods/2025-Q1/survey/` of a table given one file per
    organ; the CSV it would be, `periods/2025/responses.csv`, when it was not given) and its sheet when
    it is a workbook's sheet other than the first («Предложения»)."""

    path: str  # relative to the data folder
    sheet: str | None = None
    given: bool = True

    @property
    def shown(self) -> str:
        """As a message names it: `periods/2025-Q1/survey/uzhkh.xlsx, лист «Предложения»`."""
        return f"{self.path}, лист «{self.sheet}»" if self.sheet else self.path


@dataclass
class PeriodData:
    period: Period
    methodology: str  # code of the methodology in force for the period
    tables: dict[str, pd.DataFrame]  # schema name → typed table (may be empty)
    extras: dict[str, object] = field(default_factory=dict)  # YAML files of the period
    published: dt.date | None = None  # when the period's results were published (period.yaml)
    survey: SurveyDates | None = None  # when its survey ended and its results were posted (period.yaml)
    origins: dict[str, TableOrigin] = field(default_factory=dict)  # schema name → where its table came from

    def given(self, name: str) -> bool:
        """Was the table `name` given for the period (as a file, a folder of files or sheets)?"""
        origin = self.origins.get(name)
        return origin is not None and origin.given

    def file(self, name: str) -> str:
        """The table's file as messages name it: `periods/2025/responses.xlsx` as given, or the CSV it
        would be (`periods/2025/responses.csv`) when it was not."""
        origin = self.origins.get(name)
        return origin.shown if origin is not None else f"periods/{self.period.name}/{name}.csv"

    def file_name(self, name: str) -> str:
        """The table's file without its folder, for the text of a message: `responses.xlsx`."""
        return self.file(name).rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Dataset:
    root: Path
    site: SiteConfig
    organizations: dict[str, Organization]  # in the order of organizations.yaml
    services: pd.DataFrame  # services.csv, typed
    periods: list[PeriodData]  # oldest first
    services_file: str = "services.csv"  # as given (services.xlsx), for messages
    # words citizens look for services by (validate/synonyms.py: the generator's list and synonyms.yaml)
    synonyms: tuple = ()

    def service_names(self) -> dict[str, str]:
        return dict(zip(self.services["service_id"], self.services["name"]))

    def previous(self, period: Period) -> Period | None:
        same_kind = [p.period for p in self.periods if p.period.kind == period.kind and p.period < period]
        return same_kind[-1] if same_kind else None
