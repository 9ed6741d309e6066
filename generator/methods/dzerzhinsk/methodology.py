"""Dzerzhinsk, 2009/2012: conformity of the quality of services to the standards, per organisation and quarter.

An organisation's quarter is judged on one assessment sheet (ведомость): the inspection's (form 2)
if there was one, else the organisation's own quarterly sheet (form 3). Section scores are means of
the sheet's compliance values (0–1), the summary is the mean of sections 1 and 2 (п. 3.16), any
indicator below 0,5 means the standard is violated (п. 3.22, 4.7), and organisations are ranked
within their sector by complaints, violations and summary (п. 6.6).
"""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.exact import exact
from generator.methods.base import Methodology, PeriodResult
from generator.methods.dzerzhinsk.checks import check_periods
from generator.methods.dzerzhinsk.inputs import INPUTS, INSPECTION, INSPECTION_KINDS, SECTIONS, SOURCES
from generator.methods.dzerzhinsk.ranking import (CRITERIA, inspection_deadline, missing_quarters, publication_status,
                                                  quarter_deadline, rank_mean_figure, rank_sector, survey_deadline)
from generator.methods.dzerzhinsk.sheets import (complaints_figure, counting_sheet, found_violations,
                                                 quarter_violation, service_of, sheet_figures, split_sheets)
from generator.methods.dzerzhinsk.spec import DzerzhinskSpec, Publication
from generator.methods.dzerzhinsk.survey import survey_detail, survey_share_figure
from generator.methods.rows import part_of, split_by
from generator.periods import Period, with_gaps
from generator.problems import Report
from generator.results import Assessment, Figure, Results, reference_mean
from generator.stats.funnel import has_funnel
from generator.text_ru import date as ru_date
from generator.text_ru import number, percent, plural_count


class Dzerzhinsk(Methodology[DzerzhinskSpec]):
    code = "dzerzhinsk"
    spec_model = DzerzhinskSpec
    page_kinds = ("service", "survey")
    inputs = INPUTS
    headline = "summary"
    summary = ("summary", "s1")  # О2 is left out: self-reports (form 3) have no section 2, its mean would mislead
    period_kinds = ("quarter",)
    organ_noun = rated_noun = "организация"
    uses_survey_dates = True  # period.yaml `survey:` — the 10-day rule of п. 7.2
    survey_indicator = "survey_share"  # раздел V: the one figure from respondents (the sheets are inspections)
    funnel_page = "survey"  # Ду is published apart from the rating (п. 6.6 ranks by the sheets and complaints)
    municipal_trend_title = "Средние оценки организаций по кварталам"
    sources = SOURCES
    inspection_kinds = INSPECTION_KINDS
    sections = SECTIONS
    criteria = CRITERIA
    rank_figures = tuple(CRITERIA)  # п. 6.6: places by complaints, violations and the summary, not by the headline

    @property
    def threshold(self) -> Fraction:
        return exact(self.spec.violation_threshold)

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list[PeriodData], report: Report) -> None:
        check_periods(dataset, periods, report)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        publication = self.spec.publication
        names = dataset.service_names()
        sheets = period_data.tables["assessments"]
        complaints = period_data.tables["complaints"]
        organisations, services = [], []
        sheets_of, complaints_of = split_by(sheets, "organization_id"), split_by(complaints, "organization_id")
        for org in dataset.organizations.values():
            own = part_of(sheets_of, org.id, sheets)
            organisation = self.organisation(period_data, org, own, part_of(complaints_of, org.id, complaints),
                                             publication)
            organisations.append(organisation)
            services += self.services(period_data, organisation, own, publication, names)
        for sector in dict.fromkeys(a.organization.sector for a in organisations):
            self.rank(period_data.period, [a for a in organisations if a.organization.sector == sector])
        municipal = self.municipal(organisations)
        if period_data.given("responses"):
            self.add_survey(dataset, period_data, organisations, municipal)
        return PeriodResult(organisations + services, municipal)

    def organisation(self, period_data, organization, rows: pd.DataFrame, complaints: pd.DataFrame,
                     publication: Publication) -> Assessment:
        sheets = self.sheets_of(period_data, rows, publication)
        counted = counting_sheet(sheets)
        count = int(complaints["complaints"].iloc[0]) if not complaints.empty else None
        result = Assessment(period_data.period, organization, self.code, monitored=False,
                            detail={"sheets": sheets, "counted": counted, "complaints": count,
                                    "total_requests": 0})
        if counted is None:
            result.reason = "за квартал нет ведомости оценки (ни акта проверки, ни ведомости самооценки)"
            return result
        result.monitored = True
        result.figures = {**self.quarter_figures(sheets), "complaints": complaints_figure(count)}
        result.parts = {s["id"]: s["figures"] for s in sheets}
        result.detail.update(self.conclusion_detail(result, sheets))
        return result

    def services(self, period_data, organisation: Assessment, rows: pd.DataFrame, publication: Publication,
                 names: dict[str, str]) -> list[Assessment]:
        """П. 1.2, 6.5: each service named in the organisation's sheets gets its own figures, from the rows of
        its service in each sheet (the sheet's rows without a service count only for the organisation)."""
        if "service_id" not in rows or rows.empty:
            return []
        named = rows[rows["service_id"].map(service_of).notna()]
        out = []
        for service_id, part in named.groupby("service_id", sort=True):
            sheets = self.sheets_of(period_data, part, publication)
            counting_sheet(sheets)
            service = Assessment(period_data.period, organisation.organization, self.code, monitored=True,
                                 service_id=service_id, service_name=names.get(service_id, service_id),
                                 figures=self.quarter_figures(sheets), parts={s["id"]: s["figures"] for s in sheets},
                                 detail={"sheets": sheets, "counted": sheets[0], "total_requests": 0})
            service.detail.update(self.conclusion_detail(service, sheets))
            out.append(service)
        return out

    def sheets_of(self, period_data, rows: pd.DataFrame, publication: Publication) -> list[dict]:
        """The sheets of `rows`, each with its own figures (п. 3.16, 3.21, 4.6) and, for an inspection,
        the 20-day publication rule of п. 7.2."""
        sheets = split_sheets(rows, self.threshold)
        for sheet in sheets:
            sheet["figures"] = sheet_figures(sheet["rows"], self.threshold, self.scales["summary"])
            if sheet["source"] == INSPECTION:
                deadline = inspection_deadline(sheet["act_date"], publication)
                published = sheet["published"] or period_data.published
                sheet["publication"] = publication_status(published, deadline)
                sheet["publication"]["own_date"] = sheet["published"] is not None
        return sheets

    def quarter_figures(self, sheets: list[dict]) -> dict[str, Figure]:
        """The counted sheet's scores; violations found in the quarter's inspections; the conclusion."""
        counted = next(s for s in sheets if s["counted"])
        figures = {code: f for code, f in counted["figures"].items() if code not in ("positions_below", "violated")}
        figures["violations"] = found_violations(sheets, self.threshold)
        figures["violated"] = quarter_violation(sheets, figures["violations"], self.threshold)
        return figures

    @staticmethod
    def conclusion_detail(assessment: Assessment, sheets: list[dict]) -> dict:
        inspected = any(s["source"] == INSPECTION for s in sheets)
        counted = next(s for s in sheets if s["counted"])
        return {"violated": assessment.value("violated") == 1, "inspected": inspected,
                "violations_where": "в ведомостях проверок квартала" if inspected else "в ведомости самооценки",
                "below": (assessment.value("violations") if inspected
                          else counted["figures"]["positions_below"].value)}

    def part_label(self, assessment: Assessment, part: str) -> str:
        """A sheet's figures (`inspection-2025-09-10`) by the sheet's kind and act date, as its page names it."""
        sheet = next((s for s in assessment.detail.get("sheets", ()) if s["id"] == part), None)
        if sheet is None:
            return part
        kind = "ведомость проверки" if sheet["source"] == INSPECTION else "ведомость самооценки"
        return f"{kind} от {ru_date(sheet['act_date'])}"

    def respondents(self, assessment: Assessment) -> int | None:
        """Копр of the organisation's Ду: who rated the service as a whole (the share's denominator)."""
        figure = assessment.figures.get("survey_share")
        return int(figure.inputs[1].value) if figure is not None and figure.evaluated else None

    def rank(self, period: Period, organisations: list[Assessment]) -> None:
        rated = [a for a in organisations if a.monitored]
        entries = [{"id": a.organization.id, "complaints": a.value("complaints"),
                    "violations": a.value("violations"), "summary": a.value("summary")} for a in rated]
        ranking = rank_sector(entries)
        for a in rated:
            row = ranking[a.organization.id]
            a.rank = row["place"]
            a.detail["criterion_ranks"] = row["ranks"]
            a.detail["sector_size"] = len(rated)
            a.detail["tie"] = row["tie"]
            a.figures["rank_mean"] = rank_mean_figure(row["ranks"])

    def add_survey(self, dataset: Dataset, period_data, organisations: list[Assessment], municipal: dict) -> None:
        """Section V: each organisation's share of satisfied respondents, and the city's over all answers."""
        responses = period_data.tables["responses"]
        owner = dict(zip(dataset.services["service_id"], dataset.services["organization_id"]))
        names = dataset.service_names()
        by_organisation = split_by(responses, responses["service_id"].map(owner))
        for organisation in organisations:
            own = part_of(by_organisation, organisation.organization.id, responses)
            organisation.figures["survey_share"] = survey_share_figure(own, "по услугам организации")
            organisation.detail["survey"] = survey_detail(own, names)
        municipal["survey_share"] = survey_share_figure(responses, "по всем организациям")

    def municipal(self, organisations: list[Assessment]) -> dict[str, Figure]:
        """Reference means over the organisations with a sheet (the act defines no city-wide figure)."""
        monitored = [a for a in organisations if a.monitored]
        out = {}
        for code in self.summary:
            figure = reference_mean(code, f"{self.indicators[code].symbol} (среднее по организациям)", monitored,
                                    code, "нет ни одной организации с ведомостью")
            out[code] = self.with_band(figure) if code == "summary" else figure
        return out

    # ---- pages ------------------------------------------------------------------
    def coverage(self, period_data, results: Results) -> list[str]:
        sheets = period_data.tables["assessments"]
        count = len(sheets.drop_duplicates(["organization_id", "source", "act_date"]))
        violated = [a for a in results.for_period(period_data.period) if a.monitored and a.detail.get("violated")]
        lines = [plural_count(count, "ведомость", "ведомости", "ведомостей") + " оценки за квартал",
                 "Нарушение стандарта (оценка ниже 0,5): "
                 + plural_count(len(violated), "организация", "организации", "организаций")]
        survey = results.municipal.get(period_data.period.name, {}).get("survey_share")
        if survey is not None and survey.value is not None:
            asked = plural_count(survey.inputs[1].value, "получатель", "получателя", "получателей")
            lines.append(f"Опрос получателей услуг: {asked}, удовлетворены {percent(survey.value)}")
        return lines

    def rating_page(self, site, period) -> None:
        in_period = site.results.for_period(period)
        sectors: dict[str, list[Assessment]] = {}
        for organization in site.dataset.organizations.values():
            sectors.setdefault(organization.sector, [])
        for a in in_period:
            sectors[a.organization.sector].append(a)
        tables = {sector: sorted([a for a in rows if a.monitored], key=lambda a: (a.rank, a.organization.name))
                  for sector, rows in sectors.items()}
        unmonitored = [a for a in in_period if not a.monitored]
        period_data = next(p for p in site.dataset.periods if p.period == period)
        site.page(f"rating/{period.name}.md", self.template("rating"), method=self, period=period,
                  tables=tables, unmonitored=unmonitored, survey=self.survey_status(period_data),
                  survey_funnel=has_funnel(self, in_period), quarters=with_gaps(site.periods))

    def organ_page(self, site, organ: Assessment) -> None:
        org_id, period = organ.organization.id, organ.period
        history = [a for a in site.results.history(org_id) if a.period <= period]
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Динамика оценок: {organ.organization.display_name}") if len(history) > 1 else None
        site.page(organ.page, self.template("organ"), method=self, organ=organ, history=history,
                  trend=trend, previous=site.previous(organ), services=site.results.services_in(period, org_id),
                  service_names=site.dataset.service_names(),
                  peers=len([a for a in site.results.for_period(period)
                             if a.monitored and a.organization.sector == organ.organization.sector]))

    def service_page(self, site, service: Assessment) -> None:
        """П. 1.2, 6.5: one service of an organisation in one quarter, from its rows of the sheets."""
        organisation = site.results.get(service.period, service.organization.id)
        site.page(service.page, self.template("service"), method=self, service=service,
                  organ=organisation, previous=site.previous(service))

    def survey_status(self, period_data) -> dict | None:
        """The 10-day rule of п. 7.2 for the quarter's survey; None when there was no survey."""
        if not period_data.given("responses"):
            return None
        survey = period_data.survey
        if survey is None:
            return {"code": "undated", "published": None, "deadline": None, "days_late": None,
                    "text": "дата завершения опроса не указана, срок публикации не определить"}
        deadline = survey_deadline(survey.completed, self.spec)
        return {**publication_status(survey.published, deadline), "completed": survey.completed}

    def control_sections(self, site) -> list[str]:
        """П. 7.2, 7.3: the deadlines of each quarter's results, its survey and its inspection sheets,
        and the quarters without data — for those who publish, on «Контроль публикации»."""
        quarters = []
        for period_data in reversed([p for p in site.dataset.periods if p.methodology == self.code]):
            period = period_data.period
            deadline = quarter_deadline(period, self.spec.publication)
            late_sheets = [(a, s) for a in site.results.for_period(period) for s in a.detail.get("sheets", [])
                           if s["source"] == INSPECTION and s["publication"]["code"] != "on_time"]
            quarters.append({"period": period, "deadline": deadline, "late_sheets": late_sheets,
                             "status": publication_status(period_data.published, deadline),
                             "survey": self.survey_status(period_data)})
        if not quarters:
            return []
        return [site.fragment("control.md", f"{self.code}/control_sections.md.j2", method=self, quarters=quarters,
                              gaps=missing_quarters([p.period for p in site.dataset.periods]))]

    def survey_periods(self, site) -> list:
        return [p for p in site.dataset.periods
                if p.methodology == self.code and p.given("responses")]

    def extra_pages(self, site) -> None:
        surveyed = self.survey_periods(site)
        for period_data in surveyed:
            period = period_data.period
            organisations = [a for a in site.results.for_period(period) if a.detail.get("survey", {}).get("respondents")]
            organisations.sort(key=lambda a: (-a.value("survey_share"), a.organization.name))
            chart = site.bar_chart(
                f"charts/surveys/{period.name}.svg", f"Доля удовлетворённых качеством услуг, {period.label}",
                [a.organization.display_name for a in organisations],
                [a.value("survey_share") for a in organisations], "Доля удовлетворённых, %", "Организация")
            site.page(f"surveys/{period.name}.md", f"{self.code}/survey.md.j2", method=self, period=period,
                      organisations=organisations, chart=chart, status=self.survey_status(period_data),
                      city=site.results.municipal[period.name]["survey_share"],
                      # Ду is not in the rating (п. 6.6), so its funnel plot is here, not on the rating page
                      funnel=site.funnel(self, period, organisations, f"charts/surveys/{period.name}-funnel.svg"),
                      silent=[a for a in site.results.for_period(period) if a not in organisations],
                      surveyed=[p.period for p in surveyed])
        if surveyed:
            site.page("surveys/index.md", f"{self.code}/survey_index.md.j2", method=self,
                      rows=[(p.period, self.survey_status(p), site.results.municipal[p.period.name]["survey_share"])
                            for p in reversed(surveyed)])

    def nav_items(self, site) -> list:
        surveyed = self.survey_periods(site)
        if not surveyed:
            return []
        return [{"Опросы получателей услуг": ["surveys/index.md",
                                              *({p.period.label: f"surveys/{p.period.name}.md"}
                                                for p in reversed(surveyed))]}]

    def score(self, value: float | None) -> str:
        """`0,87`: a 0–1 value with two decimals, as the act writes its bounds."""
        return "не оценивается" if value is None else number(value, 2)
