"""The checked, typed input that every later stage reads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.config import Organization, SiteConfig, SurveyDates
from generator.periods import Period


@dataclass
class PeriodData:
    period: Period
    methodology: str  # code of the methodology in force for the period
    tables: dict[str, pd.DataFrame]  # schema name → typed table (may be empty)
    extras: dict[str, object] = field(default_factory=dict)  # YAML files of the period
    published: dt.date | None = None  # when the period's results were published (period.yaml)
    survey: SurveyDates | None = None  # when its survey ended and its results were posted (period.yaml)


@dataclass
class Dataset:
    root: Path
    site: SiteConfig
    organizations: dict[str, Organization]  # in the order of organizations.yaml
    services: pd.DataFrame  # services.csv, typed
    periods: list[PeriodData]  # oldest first

    def service_names(self) -> dict[str, str]:
        return dict(zip(self.services["service_id"], self.services["name"]))

    def previous(self, period: Period) -> Period | None:
        same_kind = [p.period for p in self.periods if p.period.kind == period.kind and p.period < period]
        return same_kind[-1] if same_kind else None
