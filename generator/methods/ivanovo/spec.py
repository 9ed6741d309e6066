"""The fields of ivanovo's methodology.yaml beyond those every methodology has."""
from __future__ import annotations

from generator.methods.spec import MethodologySpec, SatisfiedRule, SurveyCriterion


class IvanovoSpec(MethodologySpec):
    satisfied: SatisfiedRule
    criteria: dict[str, SurveyCriterion]  # the questions of the questionnaire (responses.csv)
    channels: dict[str, str]  # how a respondent was asked: code → label
    quotes_per_post: int  # consented comments quoted in a period's news post
