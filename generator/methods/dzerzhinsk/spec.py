"""The fields of dzerzhinsk's methodology.yaml beyond those every methodology has."""
from __future__ import annotations

from generator.methods.spec import CodeMap, MethodologySpec, Number, SatisfiedRule, Strict, SurveyCriterion


class Publication(Strict):
    """Раздел VII: when results are due on the city's site."""

    quarter_day: int  # п. 7.2: forms 3 and 4 by this day of the month after the quarter
    inspection_days: int  # п. 7.2: form 2 within this many calendar days of the act
    posting_days: int  # п. 7.3: the press office posts within this many days


class Survey(Strict):
    """Раздел V: the survey of recipients on the city's site."""

    channels: dict[str, str]
    criteria: dict[str, SurveyCriterion]
    satisfied: SatisfiedRule
    publication_days: int  # п. 7.2: results within this many days of the survey's end


class DzerzhinskSpec(MethodologySpec):
    violation_threshold: Number  # п. 3.22, 4.7: a position below it means the standard is violated
    sources: dict[str, str]  # the kinds of assessment sheet: code → form
    inspection_kinds: dict[str, str]
    sections: CodeMap  # the sections of a sheet ("1.1", "1.2", "2") → title
    publication: Publication
    survey: Survey
