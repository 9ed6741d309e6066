"""Baikonur, 2021: the availability rating of services and the generalised table per service.

Organs survey applicants through four channels (п. 5.2: phone calls, terminals, the survey
module of the official site, paper questionnaires) on the five federal criteria and send the
results as Excel workbooks each quarter (п. 5.3). Per service the results are generalised
over the channels (п. 5.4): a criterion's mean is the respondent-weighted mean of the
channels' means, the service's score О the mean of its rated criteria; the availability
rating (п. 5.1) ranks services by О.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.exact import exact
from generator.figures import Ref, Sum, computed, count_figure, mean, refs, weighted_mean
from generator.methods.baikonur.inputs import CHANNELS, CRITERIA, INPUTS
from generator.methods.baikonur.intervals import (all_known, on_scale, with_correlated_interval,
                                                  with_criterion_interval)
from generator.methods.baikonur.spec import BaikonurSpec
from generator.methods.base import PeriodResult
from generator.methods.rows import split_by
from generator.methods.service_rating import ServiceRating
from generator.problems import Report
from generator.survey.responses import aggregate_by_service, check_responses
from generator.results import Assessment, Figure, Input, Results, assign_ranks, reference_mean
from generator.text_ru import plural_count


class Baikonur(ServiceRating[BaikonurSpec]):
    code = "baikonur"
    spec_model = BaikonurSpec
    page_kinds = ("service", "generalized")
    inputs = INPUTS
    headline = "score"
    summary = ("score",)
    survey_indicator = "score"  # every figure of a service comes from its applicants' answers
    period_kinds = ("quarter",)
    municipal_trend_title = "Средняя оценка О оценённых услуг по кварталам"
    organ_chart_title = "Оценка О услуг органа"
    trend_title = "Динамика оценки О"

    channels = CHANNELS
    criteria = CRITERIA

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        services = dataset.services.set_index("service_id") if dataset.services is not None else None
        for period in periods:
            name = period.period.name
            if "proposals" in period.extras:
                report.add(f"periods/{name}/proposals.yaml", None, None, "baikonur-proposals-yaml",
                           "предложения органов принимаются в той же форме, что и результаты опросов (п. 5.3): "
                           "перенесите их на лист «Предложения» книги органа survey/<орган>.xlsx (столбец "
                           "«Предложение», по строке на предложение) или в proposals.csv и удалите proposals.yaml")
            if not self.survey_source_ok(period, report):
                continue
            survey = self.survey_of(period, dataset)
            for _, row in survey.iterrows():
                if services is None or row["service_id"] not in services.index:
                    continue
                owner = services.loc[row["service_id"], "organization_id"]
                if owner != row["organization_id"]:
                    report.add(_survey_path(dataset, name, row["organization_id"]), int(row["_row"]), "service_id",
                               "baikonur-service-of-other-organ",
                               f"услугу «{row['service_id']}» по services.csv предоставляет орган «{owner}», а не "
                               f"«{row['organization_id']}»: перенесите строку в книгу органа «{owner}» или "
                               "исправьте код услуги")
            reported = set(survey["organization_id"])
            for organization in dataset.organizations.values():
                if organization.id not in reported and _has_services(dataset, organization.id):
                    report.add(f"periods/{name}/survey/", None, None, "baikonur-report-missing",
                               f"орган «{organization.name}» не представил результаты опросов за {period.period.label} "
                               f"(п. 5.3 Порядка): добавьте книгу survey/{organization.id}.xlsx; до тех пор орган "
                               "отмечается на сайте как не представивший сведения", severity="warning")

    def survey_source_ok(self, period, report: Report) -> bool:
        """Results come as survey workbooks or as raw answers (responses.csv), not both."""
        given = [n for n in ("survey", "responses") if period.given(n)]
        if len(given) == 2:
            report.add(period.file("responses"), None, None, "feedback-given-twice",
                       f"результаты опросов даны дважды — книгами survey и анкетами {period.file_name('responses')}: "
                       "оставьте одно")
            return False
        if "responses" in given:
            check_responses(period.tables["responses"], period.file("responses"), report)
        return True

    def survey_of(self, period, dataset: Dataset) -> pd.DataFrame:
        """The survey table: as given, or aggregated from raw answers."""
        responses = period.tables["responses"]
        if responses.empty:
            return period.tables["survey"]
        return aggregate_by_service(responses, dataset.services, self.criteria)

    def open_data_table(self, dataset: Dataset, period_data, schema) -> pd.DataFrame:
        """The table of `schema` that open data publishes for the quarter. A quarter given as raw answers
        publishes the survey table its figures were computed from (the answers aggregated per organ ×
        service × channel × criterion, exact means); the answers themselves are never published."""
        if schema.name != "survey" or period_data.tables["responses"].empty:
            return period_data.tables[schema.name]
        survey = self.survey_of(period_data, dataset)
        names = dataset.services.set_index("service_id")["name"]
        return survey.assign(service_name=survey["service_id"].map(names))[[c.name for c in schema.columns]]

    def member_label(self, indicator, member: str, assessment) -> str:
        """Оj of a criterion (`criterion_time`) by the criterion's federal name."""
        return self.criteria.get(member, member) if indicator.code == "criterion" else member

    def indicator_of(self, assessment, code: str):
        """An organ's `score` is the reference mean Оорг of its services, not a service's О."""
        if code == "score" and assessment.service_id is None:
            return self.indicators["organ_score"]
        return self.indicators.get(code)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        services = dataset.services.set_index("service_id")
        survey = self.survey_of(period_data, dataset)
        asked: dict[str, dict[str, int]] = {}  # service → channel → people asked
        for (service_id, channel), people in self.people_asked(period_data, survey).items():
            asked.setdefault(service_id, {})[channel] = people
        owners, names = services["organization_id"].to_dict(), services["name"].to_dict()
        answers = split_by(period_data.tables["responses"], "service_id")  # {} when the workbooks are given
        rated: list[Assessment] = []
        for service_id, rows in survey.groupby("service_id", sort=True):
            organization = dataset.organizations[owners[service_id]]
            rated.append(self.service(period_data.period, organization, service_id, names[service_id], rows,
                                      asked.get(service_id, {}), answers.get(service_id) if answers else None))
        assign_ranks(rated, self.headline)
        proposals = proposals_by_organ(period_data.tables["proposals"])
        rated_of: dict[str, list[Assessment]] = {}
        for assessment in rated:
            rated_of.setdefault(assessment.organization.id, []).append(assessment)
        reported = set(survey["organization_id"]) if not survey.empty else set()
        organs = [self.organ(period_data.period, organization, rated_of.get(organization.id, []),
                             organization.id in reported, services, proposals)
                  for organization in dataset.organizations.values()]
        return PeriodResult(organs + rated, self.municipal_figures(rated))

    def people_asked(self, period_data, survey: pd.DataFrame) -> dict[tuple[str, str], int]:
        """(service, channel) → how many applicants were asked — people, not answers.

        Raw answers: one questionnaire per applicant, so the questionnaires. A survey table counts the
        applicants per criterion; each applicant fills one questionnaire, so the channel asked as many
        as its most answered criterion (one who skipped a criterion is still counted under the others;
        summing the criteria would count every applicant up to five times)."""
        responses = period_data.tables["responses"]
        if not responses.empty:
            return {(s, c): len(group) for (s, c), group in responses.groupby(["service_id", "channel"])}
        if survey.empty:
            return {}
        return {(s, c): int(group["respondents"].max())
                for (s, c), group in survey.groupby(["service_id", "channel"])}

    def service(self, period, organization, service_id, name, rows: pd.DataFrame,
                asked: dict[str, int], answers: pd.DataFrame | None = None) -> Assessment:
        """`answers`: the service's raw answers, when the quarter was given as responses.csv."""
        matrix = {(r["channel"], r["criterion"]): (int(r["respondents"]), exact(r["score"]))
                  for r in rows.to_dict("records")}
        figures: dict[str, Figure] = {}
        for code, title in CRITERIA.items():
            cells = [(CHANNELS[c].label, *matrix[(c, code)]) for c in CHANNELS if (c, code) in matrix]
            figure = criterion_mean(f"criterion_{code}", title, cells, self.indicators["criterion"].formula)
            answered = sum(n for _, n, o in cells if n > 0 and o is not None)
            figures[f"criterion_{code}"] = self.with_band(with_criterion_interval(figure, code, answers, answered))
        figures["score"] = self.with_band(service_score(
            [(CRITERIA[c], figures[f"criterion_{c}"]) for c in CRITERIA]))
        reported = {c: any((c, k) in matrix for k in CRITERIA) for c in CHANNELS}
        respondents = {c: asked.get(c, 0) for c in CHANNELS}
        figures["respondents"] = people_asked_figure(
            [(CHANNELS[c].label, respondents[c]) for c in CHANNELS if reported[c]])
        result = Assessment(period, organization, self.code, monitored=True, figures=figures,
                            service_id=service_id, service_name=name,
                            detail={"matrix": matrix, "respondents": respondents, "reported": reported,
                                    "total_respondents": figures["respondents"].value})
        if figures["score"].value is None:
            result.reason = figures["score"].reason
        return result

    def respondents(self, assessment: Assessment) -> int | None:
        """The applicants asked about the service (about the organ's services, for an organ)."""
        figure = assessment.figures.get("respondents")
        return int(figure.value) if figure is not None and figure.evaluated and figure.value > 0 else None

    def organ(self, period, organization, rated: list[Assessment], reported: bool, services: pd.DataFrame,
              proposals: dict) -> Assessment:
        """The organ from its rated services; `reported`: did it give survey results for the quarter."""
        own = sorted(rated, key=lambda a: a.service_name)
        own_ids = list(services.index[services["organization_id"] == organization.id])
        missing = sorted((services.loc[s, "name"] for s in own_ids if s not in {a.service_id for a in own}))
        result = Assessment(period, organization, self.code, monitored=reported,
                            detail={"services": own, "missing": missing,
                                    "proposals": proposals.get(organization.id, [])})
        if not reported:
            result.reason = ("результаты опросов за квартал в Управление не представлены (п. 5.3 Порядка)"
                             if own_ids else "орган не предоставляет услуг, включённых в перечень")
            return result
        evaluated = [a for a in own if a.value("score") is not None]
        result.figures["score"] = self.with_band(on_scale(all_known(reference_mean(
            "score", "Оорг = сумма О оценённых услуг / количество оценённых услуг", evaluated, "score",
            "нет ни одной оценённой услуги", "О"), [a.figures["score"] for a in evaluated])))
        result.figures["respondents"] = total_asked("respondents", "Nорг", own)
        return result

    def municipal_figures(self, services: list[Assessment]) -> dict[str, Figure]:
        """The city's figures of the quarter: the reference mean of О, the applicants asked, the
        services rated."""
        evaluated = [a for a in services if a.value("score") is not None]
        return {"score": self.with_band(on_scale(all_known(reference_mean(
                    "score", "Оср = сумма О оценённых услуг / количество оценённых услуг", evaluated, "score",
                    "нет ни одной оценённой услуги", "О"), [a.figures["score"] for a in evaluated]))),
                "respondents": total_asked("respondents", "Nср", services),
                "services_rated": count_figure(
                    "services_rated", "Nусл = количество услуг, получивших оценку О",
                    Input("Nусл", "Услуг с оценкой О", len(evaluated), "count"))}

    def coverage(self, period_data, results: Results) -> list[str]:
        services = [a for a in results.services_in(period_data.period) if a.methodology == self.code]
        asked = sum(a.value("respondents") or 0 for a in services)
        return [f"{plural_count(len(services), 'услуга', 'услуги', 'услуг')}, "
                f"{plural_count(int(asked), 'опрошенный заявитель', 'опрошенных заявителя', 'опрошенных заявителей')}"]

    def rating_page(self, site, period) -> None:
        """The common rating, plus the services left out of it (no answers in the quarter)."""
        unrated = sorted((s for s in site.results.services_in(period) if s.value("score") is None),
                         key=lambda s: s.service_name)
        site.generic_rating(period, self.template("rating"), unrated=unrated)

    def organ_context(self, site, organ: Assessment) -> dict:
        # the organ's `score` already prints the formula of Оорг (indicator_of), not the service's О
        return {"organ_score": organ.figures.get("score"), "total": site.results.count_ranked(organ.period)}

    def extra_pages(self, site) -> None:
        periods = [p for p in site.periods if site.results.methodology_of[p.name] == self.code]
        for period in periods:
            sectors: dict[str, list] = {}
            for organ in site.results.for_period(period):
                sectors.setdefault(organ.organization.sector, []).append(organ)
            site.page(f"generalized/{period.name}.md", f"{self.code}/generalized.md.j2", method=self,
                      period=period, sectors=dict(sorted(sectors.items())))
        site.page("generalized/index.md", f"{self.code}/generalized_index.md.j2", method=self,
                  generalized=list(reversed(periods)))

    def nav_items(self, site) -> list:
        periods = [p for p in site.periods if site.results.methodology_of[p.name] == self.code]
        if not periods:
            return []
        return [{"Обобщённые сведения": ["generalized/index.md",
                                         *({p.label: f"generalized/{p.name}.md"} for p in reversed(periods))]}]


# ---- the arithmetic --------------------------------------------------------------

def proposals_by_organ(table: pd.DataFrame) -> dict[str, list[str]]:
    """organ → its proposals, in the order of its sheet."""
    out: dict[str, list[str]] = {}
    for row in table.sort_values("_row", kind="stable").to_dict("records") if not table.empty else []:
        out.setdefault(row["organization_id"], []).append(row["proposal"])
    return out


def _has_services(dataset: Dataset, organization_id: str) -> bool:
    return dataset.services is not None and bool((dataset.services["organization_id"] == organization_id).any())


def _survey_path(dataset: Dataset, period_name: str, organization_id: str) -> str:
    """The file the row came from: the organ's workbook (or CSV), else the period's survey table."""
    folder = dataset.root / "periods" / period_name
    for candidate in (f"survey/{organization_id}.xlsx", f"survey/{organization_id}.csv"):
        if (folder / candidate).exists():
            return f"periods/{period_name}/{candidate}"
    return f"periods/{period_name}/survey.xlsx" if (folder / "survey.xlsx").exists() else f"periods/{period_name}/survey.csv"


def criterion_mean(code: str, title: str, cells: list[tuple[str, int, Fraction | None]],
                   formula: str = "Оj = Σ (oc × nc) / Σ nc по способам опроса c, по которым есть ответы") -> Figure:
    """Оj: the mean score of one criterion over the channels, weighted by their respondents (п. 5.4).
    The plugin passes the formula of baikonur.yaml, which the methodology page prints too."""
    answered = [(label, n, o) for label, n, o in cells if n > 0 and o is not None]
    silent = tuple(f"Способ «{label}»: опрошенных нет, в расчёт не входит" for label, n, o in cells
                   if not (n > 0 and o is not None))
    pairs = [(Input(f"o{i}", f"Средний балл: {label}", o), Input(f"n{i}", f"Опрошено: {label}", n, "count"))
             for i, (label, n, o) in enumerate(answered, start=1)]
    figure = weighted_mean(code, formula, pairs, f"по критерию «{title}» за квартал нет ни одного ответа",
                           inputs=[i for pair in pairs for i in reversed(pair)])
    return replace(figure, notes=silent)


def service_score(criteria: list[tuple[str, Figure]]) -> Figure:
    """О: the mean of the rated criteria's means; a criterion without answers is left out."""
    rated = [(title, f) for title, f in criteria if f.value is not None]
    left_out = [f"Критерий «{title}» не оценён (нет ответов) и в расчёт не входит"
                for title, f in criteria if f.value is None]
    parts = [Input(f"О{i}", title, f.value, se=f.se) for i, (title, f) in enumerate(rated, start=1)]
    return with_correlated_interval(mean("score", "О = (О1 + … + Оk) / k по оценённым критериям", parts,
                                         "за квартал нет ни одного ответа заявителей по услуге", left_out=left_out))


def people_asked_figure(channels: list[tuple[str, int]]) -> Figure:
    """Nопр: the applicants asked about a service, over the channels the organ used."""
    formula = "Nопр = сумма опрошенных заявителей по способам опроса"
    counts = [Input(f"n{i}", f"Опрошено: {label}", n, "count") for i, (label, n) in enumerate(channels, start=1)]
    if not counts:
        return count_figure("respondents", formula, Input("Nопр", "Опрошено заявителей", 0, "count"))
    return computed("respondents", formula, Sum(*refs(counts)) if len(counts) > 1 else Ref(counts[0]))


def total_asked(code: str, symbol: str, services: list[Assessment]) -> Figure:
    """The applicants asked about the given services, summed (each service asks its own applicants)."""
    formula = f"{symbol} = сумма опрошенных заявителей по услугам"
    counts = [Input(f"n{i}", a.service_name, a.value("respondents"), "count")
              for i, a in enumerate(services, start=1)]
    if not counts:
        return count_figure(code, formula, Input(symbol, "Опрошено заявителей", 0, "count"))
    return computed(code, formula, Sum(*refs(counts)) if len(counts) > 1 else Ref(counts[0]))
