"""Input of the Ivanovo methodology: raw survey responses and the measures taken (measures.yaml)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from generator.methods.ivanovo.spec import IvanovoSpec
from generator.methods.spec import SatisfiedRule, SurveyCriterion, criteria_columns, load_spec
from generator.survey.responses import responses_schema

SPEC: IvanovoSpec = load_spec(IvanovoSpec, Path(__file__).resolve().parent / "methodology.yaml")
CRITERIA: dict[str, SurveyCriterion] = SPEC.criteria
CHANNELS: dict[str, str] = SPEC.channels
SATISFIED: SatisfiedRule = SPEC.satisfied

RESPONSES = responses_schema(criteria_columns(CRITERIA), CHANNELS, required_criterion=SATISFIED.criterion,
                             seed_table="опрос заявителей (сообщение от 23.04.2015: «опрошено более тысячи заявителей»)")

INPUTS = (RESPONSES,)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Measure(_Strict):
    text: str = Field(min_length=1, description="Что сделано, как в сообщении: «установлены 16 информационных стендов»")
    organ: str | None = Field(None, description="Идентификатор органа из organizations.yaml, если мера касается одного органа")


class Measures(_Strict):
    """periods/<period>/measures.yaml: the measures taken after the monitoring, for the news post."""

    published: dt.date | None = Field(None, description="Дата размещения новости (ГГГГ-ММ-ДД)")
    title: str | None = Field(None, description="Заголовок новости, если нужен свой")
    measures: list[Measure] = Field(default_factory=list, description="Принятые меры")
