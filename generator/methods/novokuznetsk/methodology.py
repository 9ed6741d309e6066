"""Novokuznetsk district, 2013: Соку of a service at each point of service and its integrated score И.

Приложение № 2 scores a service at one point: parameter I (the mean of the evaluated
requirements of the regulation, 1–5) and parameters 2–9 (0/2/5 answers and a score from
the share of satisfied applicants); Соку is the mean of the scored parameters, and
И the mean of Соку over the points where the service was assessed. Приложение № 1 (the
organ's report on applications) and Приложение № 3 (comparison with another
municipality) are published as they are given.

The share of satisfied applicants of parameter 9 is typed in (assessments.csv) or counted from the
questionnaires of recipients (responses.csv, п. 1.3), one source per point; the raw answers are
never published, only the counts per point and consented comments scrubbed of personal data.
The text columns of Приложение № 2 (requirement, actual conditions, deviation) come from
conditions.csv and are shown beside the scores.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.figures import not_evaluated
from generator.methods.base import PeriodResult
from generator.methods.novokuznetsk.checks import (check_applications, check_conditions_assessed,
                                                   check_documents_lists, check_points, check_satisfaction_source,
                                                   points_of)
from generator.methods.novokuznetsk.figures import (cell, comparison_rows, condition_texts, integrated_score,
                                                    all_known, on_scale, point_score, points_interval,
                                                    pooled_share, requirement_score,
                                                    satisfaction_score, surveyed_share, typed_share)
from generator.methods.novokuznetsk.inputs import CHANNELS, INPUTS, PARAMETERS, REQUIREMENTS, SATISFIED
from generator.methods.novokuznetsk.spec import NovokuznetskSpec
from generator.methods.rows import part_of, split_by
from generator.methods.service_rating import ServiceRating
from generator.survey.privacy import scrub
from generator.problems import Report
from generator.survey.responses import check_responses, period_bounds, publishable, satisfied_share
from generator.results import Assessment, Figure, Results, assign_ranks, reference_mean
from generator.text_ru import plural_count


class Novokuznetsk(ServiceRating[NovokuznetskSpec]):
    code = "novokuznetsk"
    spec_model = NovokuznetskSpec
    page_kinds = ("service",)
    inputs = INPUTS
    headline = "index"
    summary = ("index",)
    # Д is asked per point of service, and И mixes П9 with the inspector's scores: the funnel plot shows Дусл,
    # the share satisfied over all the service's questionnaires — a reference figure outside the act's arithmetic
    survey_indicator = "pooled_share"
    asks_people = True  # параметр 9 and its Д: the recipients' questionnaires, with their intervals
    period_kinds = ("half",)
    municipal_trend_title = "Среднее И оценённых услуг по полугодиям"
    organ_chart_title = "И услуг органа"
    trend_title = "Динамика И"
    requirements = REQUIREMENTS
    parameters = PARAMETERS
    channels = CHANNELS
    satisfied_threshold = SATISFIED.threshold

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        services = dataset.services.set_index("service_id") if dataset.services is not None else None
        lookup = points_of(dataset, services)
        for period in periods:
            tables = period.tables
            for name in ("assessments", "conditions", "responses"):
                check_points(tables[name], period.file(name), lookup, report)
            if not tables["responses"].empty:
                check_responses(tables["responses"], period.file("responses"), report,
                                *period_bounds(period.period))
            check_satisfaction_source(period, lookup, report)
            check_conditions_assessed(period, lookup, report)
            check_applications(tables["applications"], period.file("applications"), report)
            check_documents_lists(tables["comparison"], period.file("comparison"), report)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        services = dataset.services.set_index("service_id")
        tables = period_data.tables
        rated: list[Assessment] = []
        surveys = self.surveys(tables["responses"])
        owners, names = services["organization_id"].to_dict(), services["name"].to_dict()
        of_service = {name: split_by(tables[name], "service_id") for name in ("conditions", "comparison")}
        for service_id, rows in tables["assessments"].groupby("service_id", sort=True):
            organization = dataset.organizations[owners[service_id]]
            own = {name: part_of(parts, service_id, tables[name]) for name, parts in of_service.items()}
            rated.append(self.service(period_data.period, organization, service_id, names[service_id], rows,
                                      own, surveys))
        assign_ranks(rated, self.headline)
        rated_of: dict[str, list[Assessment]] = {}
        for assessment in rated:
            rated_of.setdefault(assessment.organization.id, []).append(assessment)
        organs = [self.organ(period_data.period, organization, rated_of.get(organization.id, []),
                             tables["applications"], services)
                  for organization in dataset.organizations.values()]
        municipal = {"index": self.with_band(on_scale(all_known(reference_mean(
            "index", "Иср = сумма И услуг / количество оценённых услуг", rated, "index", "нет ни одной оценённой услуги",
            "И"), [a.figures["index"] for a in rated])))}
        return PeriodResult(organs + rated, municipal)

    def open_data_table(self, dataset, period_data, schema):
        """assessments.csv carries Д of every point, also where it was counted from the questionnaires."""
        table = period_data.tables[schema.name]
        if schema.name != "assessments":
            return table
        return with_surveyed_shares(table, self.surveys(period_data.tables["responses"]))

    def member_label(self, indicator, member: str, assessment) -> str:
        """A figure of one point of service (`p9_main`) by the point's name in organizations.yaml."""
        points = {p.id: p.name for p in assessment.organization.points} if assessment is not None else {}
        return points.get(member, member)

    def indicator_of(self, assessment, code: str):
        """An organ's `index` is the reference mean Иср of its services, not a service's И."""
        if code == "index" and assessment.service_id is None:
            return self.indicators["index_mean"]
        return self.indicators.get(code)

    def surveys(self, responses: pd.DataFrame) -> dict[tuple[str, str], dict]:
        """(service, point) → what the questionnaires say there: the counts of parameter 9 and the
        consented comments, scrubbed. The raw rows go no further than this."""
        out = {}
        for key, rows in responses.groupby(["service_id", "point_id"], sort=True):
            happy, rated, share = satisfied_share(rows, SATISFIED.criterion, SATISFIED.threshold)
            if share is None:
                continue  # nobody rated the service there: the typed share (or its absence) decides
            consented = rows[publishable(rows)].sort_values("respondent")
            out[key] = {"respondents": len(rows), "rated": rated, "satisfied": happy, "share": share,
                        "channels": {c: int((rows["channel"] == c).sum()) for c in CHANNELS
                                     if (rows["channel"] == c).any()},
                        "comments": [scrub(text) for text in consented["comment"]]}
        return out

    def service(self, period, organization, service_id, name, rows: pd.DataFrame, tables: dict,
                surveys: dict) -> Assessment:
        """The service's assessment from its rows of the assessments table; `tables`: its rows of
        `conditions` and `comparison`."""
        point_names = {p.id: p.name for p in organization.points}
        order = [p.id for p in organization.points]
        rows = rows.assign(_order=rows["point_id"].map(order.index)).sort_values("_order")
        conditions = tables["conditions"]
        sheets = [self.point_sheet(row, point_names[row["point_id"]], surveys.get((service_id, row["point_id"])),
                                   conditions[conditions["point_id"] == row["point_id"]])
                  for row in rows.to_dict("records")]
        figures: dict[str, Figure] = {}
        for sheet in sheets:
            for code in ("p1", "p9_share", "p9", "soku"):  # a code per point, so each figure has its own anchor
                sheet[code] = replace(sheet[code], indicator=f"{code}_{sheet['point_id']}")
                figures[f"{code}_{sheet['point_id']}"] = sheet[code]
        figures["index"] = self.with_band(integrated_score([(s["point_name"], s["soku"]) for s in sheets]))
        pooled = pooled_share([(s["point_name"], s["survey"]) for s in sheets], SATISFIED.threshold)
        if pooled is not None:  # a period without questionnaires has no Дусл at all, not one «не оценивается»
            figures["pooled_share"] = pooled
        compared = tables["comparison"].sort_values("other_municipality")
        return Assessment(period, organization, self.code, monitored=True, figures=figures,
                          service_id=service_id, service_name=name,
                          detail={"sheets": sheets, "comparisons": [comparison_rows(r) for r in
                                                                    compared.to_dict("records")]})

    def point_sheet(self, row: dict, point_name: str, survey: dict | None, conditions: pd.DataFrame) -> dict:
        requirements = {code: cell(row[code]) for code in REQUIREMENTS}
        p1 = requirement_score(requirements, REQUIREMENTS)
        answers = {code: cell(row[code]) for code in PARAMETERS}
        if survey:
            share_figure = surveyed_share(survey["satisfied"], survey["rated"], SATISFIED.threshold)
        else:
            share_figure = typed_share(cell(row["p9_satisfied_share"]))
        # the row of parameter 9's scale that Д falls in, found on the exact share
        share_figure = self.with_band(share_figure)
        points = self.satisfaction_points(share_figure.band)
        p9 = satisfaction_score(share_figure, points, points_interval(
            share_figure, points, lambda share: self.satisfaction_points(self.scales["satisfaction"].band_for(share))))
        soku = point_score(p1, answers, p9, PARAMETERS)
        return {"point_id": row["point_id"], "point_name": point_name, "requirements": requirements,
                "answers": answers, "p1": p1, "p9_share": share_figure, "p9": p9,
                "satisfied_share": share_figure.value, "survey": survey,
                "conditions": condition_texts(conditions),
                "satisfaction_band": share_figure.band, "soku": soku, "website": cell(row.get("p4_website")) or ""}

    def respondents(self, assessment: Assessment) -> int | None:
        """The recipients who answered the question of parameter 9 by questionnaire, over the service's
        points (Копр summed: the denominator of Дусл); None where every share was typed in."""
        counted = [s["survey"]["rated"] for s in assessment.detail.get("sheets", []) if s.get("survey")]
        return sum(counted) if counted else None

    def satisfaction_points(self, band) -> int:
        row = next(r for r in self.spec.scales["satisfaction"].bands if r.code == band.code)
        return int(row.points)

    def organ(self, period, organization, own_services: list[Assessment], applications: pd.DataFrame,
              services: pd.DataFrame) -> Assessment:
        own_ids = set(services.index[services["organization_id"] == organization.id])
        report = applications[applications["service_id"].isin(own_ids)].copy()
        report["name"] = [services.loc[s, "name"] for s in report["service_id"]]
        report_rows = [{**r, **{k: cell(r[k]) or "" for k in ("refusal_reasons", "problems", "measures")}}
                       for r in report.sort_values("name").to_dict("records")]
        totals = {k: int(report[k].sum()) for k in ("received", "considered", "refusals")}
        result = Assessment(period, organization, self.code, monitored=bool(own_services or report_rows),
                            detail={"services": sorted(own_services, key=lambda a: a.service_name),
                                    "report": report_rows, "totals": totals,
                                    "total_requests": totals["received"]})
        if not result.monitored:
            result.reason = "за период нет ни оценки услуг (приложение № 2), ни отчёта (приложение № 1)"
            return result
        evaluated = [a for a in own_services if a.value("index") is not None]
        if evaluated:
            result.figures["index"] = self.with_band(on_scale(all_known(reference_mean(
                "index", "Иср = сумма И услуг / количество оценённых услуг", evaluated, "index",
                "нет ни одной оценённой услуги", "И"), [a.figures["index"] for a in evaluated])))
        else:
            result.figures["index"] = not_evaluated("index", "И органа = среднее И его услуг",
                                                    "ни одна услуга органа за период не оценивалась")
        return result

    def coverage(self, period_data, results: Results) -> list[str]:
        assessments = period_data.tables["assessments"]
        lines = [f"{plural_count(assessments['service_id'].nunique(), 'услуга', 'услуги', 'услуг')}, "
                 f"{plural_count(len(assessments), 'оценка в точке оказания', 'оценки в точках оказания', 'оценок в точках оказания')}"]
        responses = period_data.tables["responses"]
        if not responses.empty:
            lines.append(f"{plural_count(len(responses), 'анкета получателя услуги', 'анкеты получателей услуг', 'анкет получателей услуг')}")
        return lines


def with_surveyed_shares(assessments: pd.DataFrame, surveys: dict) -> pd.DataFrame:
    """assessments.csv as open data publishes it: where Д was counted from the questionnaires, the graph
    p9_satisfied_share (left empty by the organ) carries the exact computed share. Where both are given the
    checks have already stopped the build; the questionnaires would win, as in the calculation."""
    keys = zip(assessments["service_id"], assessments["point_id"])
    shares = [surveys[key]["share"] if key in surveys else cell(typed)
              for key, typed in zip(keys, assessments["p9_satisfied_share"])]
    return assessments.assign(p9_satisfied_share=pd.Series(shares, index=assessments.index, dtype=object))
