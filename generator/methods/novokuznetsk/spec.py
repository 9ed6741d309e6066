"""The fields of novokuznetsk's methodology.yaml beyond those every methodology has."""
from __future__ import annotations

from generator.methods.spec import CodeMap, MethodologySpec, SatisfiedRule, Strict, SurveyCriterion


class Parameter(Strict):
    """One of parameters 2–8 of Приложение № 2: the answers an assessor gives and their points."""

    number: int
    name: str
    answers: CodeMap  # points ("5", "2", "0") → what they mean
    not_needed: str | None = None  # the answer that leaves the parameter out (no interagency work needed)


class NumberedName(Strict):
    number: int
    name: str


class NovokuznetskSpec(MethodologySpec):
    requirements: dict[str, str]  # parameter I: column of assessments.csv → requirement
    requirement_scores: CodeMap  # points of a requirement ("5" … "1") → what they mean
    not_evaluated: str  # the answer that leaves a requirement out
    parameters: dict[str, Parameter]
    satisfaction_parameter: NumberedName  # parameter 9
    satisfied: SatisfiedRule  # parameter 9 from the questionnaires
    criteria: dict[str, SurveyCriterion]
    channels: dict[str, str]  # how an answer was obtained: code → label
