"""The share of satisfied recipients of each service, from the questionnaires of a year.

Each period (a year) has periods/<year>/responses.csv, one row per respondent (the generator's survey
toolkit reads and checks it). A service's share Ду is the satisfied among those who rated it; services
are ranked by Ду; an organ's page shows the mean of its services' shares for reference.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.figures import Input, not_evaluated, share
from generator.methods import PeriodResult
from generator.methods.service_rating import ServiceRating
from generator.methods.spec import MethodologySpec, SatisfiedRule, SurveyCriterion, criteria_columns, load_spec
from generator.problems import Report
from generator.results import Assessment, Figure, Results, assign_ranks, reference_mean
from generator.survey.responses import check_responses, period_bounds, responses_schema, satisfied_share
from generator.text_ru import agree


class SatisfiedShareSpec(MethodologySpec):
    """methodology.yaml: the fields every methodology has, and this one's own."""

    minimum_answers: int  # fewer answers about a service: its share is not evaluated
    satisfied: SatisfiedRule
    criteria: dict[str, SurveyCriterion]
    channels: dict[str, str]


SPEC = load_spec(SatisfiedShareSpec, Path(__file__).resolve().parent / "methodology.yaml")
RESPONSES = responses_schema(criteria_columns(SPEC.criteria), SPEC.channels, SPEC.satisfied.criterion,
                             seed_table="анкеты получателей услуг за год")
FORMULA = "Ду = Кудовл / Копр × 100 %"


class SatisfiedShare(ServiceRating[SatisfiedShareSpec]):
    code = "satisfied_share"
    spec_model = SatisfiedShareSpec
    inputs = (RESPONSES,)
    headline = "share"
    summary = ("share",)
    period_kinds = ("year",)
    municipal_trend_title = "Доля удовлетворённых по всем анкетам города"
    organ_chart_title = "Доля удовлетворённых по услугам органа"
    trend_title = "Динамика доли удовлетворённых"

    def check(self, dataset: Dataset, periods: list[PeriodData], report: Report) -> None:
        for period_data in periods:
            answers, file = period_data.tables["responses"], period_data.file("responses")
            check_responses(answers, file, report, *period_bounds(period_data.period))
            for service_id, rows in answers.groupby("service_id", sort=True):
                if len(rows) < self.spec.minimum_answers:
                    report.add(file, int(rows["_row"].min()), "service_id", "satisfied-share-few-answers",
                               f"об услуге «{service_id}» за период {agree(len(rows), 'анкета')}, а для оценки "
                               f"нужно не меньше {self.spec.minimum_answers}: доля удовлетворённых по ней не "
                               "оценивается", severity="warning")

    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        answers = period_data.tables["responses"]
        names = dataset.service_names()
        services = []
        owners = dict(zip(dataset.services["service_id"], dataset.services["organization_id"]))
        rule = self.spec.satisfied
        for service_id, rows in answers.groupby("service_id", sort=True):
            happy, rated, _ = satisfied_share(rows, rule.criterion, rule.threshold)
            figure = self.with_band(self.share_of(rows, "по услуге"))
            services.append(Assessment(period_data.period, dataset.organizations[owners[service_id]], self.code,
                                       monitored=True, figures={"share": figure}, service_id=service_id,
                                       service_name=names[service_id], reason=figure.reason,
                                       detail={"satisfied": happy, "rated": rated}))
        assign_ranks(services, self.headline)
        organs = [self.organ(period_data, organization, services) for organization in dataset.organizations.values()]
        return PeriodResult(organs + services, {"share": self.with_band(self.share_of(answers, "по всем анкетам"))})

    def share_of(self, rows: pd.DataFrame, whose: str) -> Figure:
        rule = self.spec.satisfied
        happy, rated, _ = satisfied_share(rows, rule.criterion, rule.threshold)
        if rated < self.spec.minimum_answers:
            return not_evaluated("share", FORMULA, f"оценили {rated}, а нужно не меньше {self.spec.minimum_answers}")
        return share("share", FORMULA, Input("Кудовл", f"Оценили на {rule.threshold} или 5 ({whose})", happy),
                     Input("Копр", f"Оценили услугу в целом ({whose})", rated), "услугу никто не оценил")

    def organ(self, period_data: PeriodData, organization, services: list[Assessment]) -> Assessment:
        own = sorted((s for s in services if s.organization.id == organization.id), key=lambda s: s.service_name)
        organ = Assessment(period_data.period, organization, self.code, monitored=bool(own),
                           detail={"services": own})
        if not own:
            organ.reason = "по услугам органа за период нет анкет"
            return organ
        evaluated = [s for s in own if s.value("share") is not None]
        organ.figures["share"] = self.with_band(reference_mean(
            "share", "Ду орг = сумма Ду оценённых услуг / их количество", evaluated, "share",
            "ни одна услуга органа не оценена", "Ду", "%"))
        return organ

    def indicator_of(self, assessment: Assessment, code: str):
        """An organ's `share` is the reference mean of its services (Ду орг), not a service's Ду."""
        if code == "share" and assessment.service_id is None:
            return self.indicators["organ_share"]
        return self.indicators.get(code)

    def coverage(self, period_data: PeriodData, results: Results) -> list[str]:
        answers = period_data.tables["responses"]
        return [f"{agree(answers['service_id'].nunique(), 'услуга')}, {agree(len(answers), 'анкета')}"]
