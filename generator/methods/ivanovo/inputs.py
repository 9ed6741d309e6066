"""Input of the Ivanovo methodology: raw survey responses (measures.yaml is every methodology's: validate/measures.py)."""
from __future__ import annotations

from pathlib import Path

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
