"""Dzerzhinsk, 2009/2012: conformity of the quality of services to the standards, per organisation and quarter.

An organisation's quarter is judged on one assessment sheet (ведомость): the inspection's (form 2)
if there was one, else the organisation's own quarterly sheet (form 3). Section scores are means of
the sheet's compliance values (0–1), the summary is the mean of sections 1 and 2 (п. 3.16), any
indicator below 0,5 means the standard is violated (п. 3.22, 4.7), and organisations are ranked
within their sector by complaints, violations and summary (п. 6.6).
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from dataclasses import replace

import pandas as pd

from generator.dataset import Dataset
from generator.methods.base import Methodology, table_file
from generator.methods.dzerzhinsk_inputs import (INPUTS, INSPECTION, INSPECTION_KINDS, SECTIONS,
                                                 SOURCES, SURVEY, parse_date)
from generator.periods import Period, parse_period
from generator.privacy import scrub
from generator.problems import Report
from generator.responses import check_responses, criterion_means, period_bounds, publishable, satisfied_share
from generator.exact import exact
from generator.figures import (Const, Ref, Sum, computed, count_figure, mean, mean_term, not_evaluated, refs,
                               share)
from generator.results import Assessment, Figure, Input, Results, reference_mean
from generator.scales import Scale
from generator.text_ru import date as ru_date
from generator.text_ru import decimal, number, percent, plural_count

CRITERIA = {"complaints": "Количество жалоб", "violations": "Количество выявленных нарушений",
            "summary": "Сводная оценка"}
RANK_SYMBOLS = {"complaints": "Рж", "violations": "Рн", "summary": "Рсо"}


class Dzerzhinsk(Methodology):
    code = "dzerzhinsk"
    page_kinds = ("service", "survey")
    data_file = "dzerzhinsk.yaml"
    inputs = INPUTS
    headline = "summary"
    summary = ("summary", "s1")  # О2 is left out: self-reports (form 3) have no section 2, its mean would mislead
    period_kinds = ("quarter",)
    rated_label = "Организация"
    organ_forms = ("организация", "организации", "организаций")
    rated_plural = "организации"
    rated_genitive = "организаций"
    rating_title = "Рейтинг организаций"
    uses_survey_dates = True  # period.yaml `survey:` — the 10-day rule of п. 7.2
    municipal_trend_title = "Средние оценки организаций по кварталам"
    sources = SOURCES
    inspection_kinds = INSPECTION_KINDS
    sections = SECTIONS
    criteria = CRITERIA

    @property
    def threshold(self) -> Fraction:
        return exact(self.spec["violation_threshold"])

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        for period in periods:
            path = table_file(period, "assessments")
            sheets = period.tables["assessments"]
            first, last = period_bounds(period.period)
            for _, row in sheets.iterrows():
                try:
                    act = parse_date(row["act_date"])
                except ValueError:
                    report.add(path, int(row["_row"]), "act_date", "act-date-invalid",
                               f"«{row['act_date']}» — не дата: укажите дату акта (ведомости) в виде ДД.ММ.ГГГГ, "
                               "например 18.09.2025 (проверьте, что такой день есть в календаре)")
                    act = None
                if act is not None and row["source"] == INSPECTION and not first <= act <= last:
                    report.add(path, int(row["_row"]), "act_date", "act-date-outside-period",
                               f"акт проверки от {ru_date(act)} составлен вне {period.period.label.replace('квартал', 'квартала', 1)}: "
                               "ведомость учитывается в квартале папки, в которой она лежит; проверьте дату или "
                               "перенесите строки в папку нужного квартала", severity="warning")
                try:
                    parse_date(row["published"])
                except ValueError:
                    report.add(path, int(row["_row"]), "published", "published-date-invalid",
                               f"«{row['published']}» — не дата: укажите дату размещения в виде ДД.ММ.ГГГГ "
                               "или оставьте ячейку пустой")
            self._check_sections(sheets, path, report)
            self._check_services(sheets, dataset, path, report)
            self._check_survey(period, first, last, report)
            with_sheets = list(dict.fromkeys(sheets["organization_id"]))
            counted = set(period.tables["complaints"]["organization_id"])
            for org_id in with_sheets:
                if org_id not in counted:
                    report.add(table_file(period, "complaints"), None, "organization_id", "complaints-missing",
                               f"нет строки о жалобах на организацию «{org_id}», хотя её ведомость за квартал есть: "
                               "критерий «жалобы» для неё не оценивается; если жалоб не было, внесите строку с 0",
                               severity="warning")

    @staticmethod
    def _check_survey(period, first: dt.date, last: dt.date, report: Report) -> None:
        """Answers dated inside the quarter; the dates of п. 7.2 given when there was a survey."""
        name = period.period.name
        answered = period.tables["responses"].attrs.get("given", False)
        if answered:
            check_responses(period.tables["responses"], table_file(period, "responses"), report, first, last)
        survey = period.survey
        if answered and survey is None:
            report.add(f"periods/{name}/period.yaml", None, "survey.completed", "survey-dates-missing",
                       "за квартал есть анкеты опроса (responses.csv), но не указана дата завершения опроса и "
                       "обобщения его результатов: срок публикации итогов (10 дней, п. 7.2) не проверить; "
                       "добавьте в period.yaml раздел «survey: {completed: 2025-09-30, published: 2025-10-08}» "
                       "(даты в виде ГГГГ-ММ-ДД)", severity="warning")
        if survey is not None and not answered:
            report.add(f"periods/{name}/period.yaml", None, "survey", "survey-dates-without-responses",
                       "указаны даты опроса, но анкет за квартал нет (нет файла responses.csv): итоги опроса "
                       "не публикуются; добавьте анкеты или удалите раздел survey", severity="warning")
        if survey is not None and survey.published is not None and survey.published < survey.completed:
            report.add(f"periods/{name}/period.yaml", None, "survey.published", "survey-published-before-completed",
                       f"итоги опроса размещены {ru_date(survey.published)}, раньше завершения опроса "
                       f"({ru_date(survey.completed)}): исправьте одну из дат")

    @staticmethod
    def _check_services(sheets: pd.DataFrame, dataset: Dataset, path: str, report: Report) -> None:
        """A sheet's service (п. 1.2) is one of services.csv, provided by the organisation of the row."""
        if "service_id" not in sheets:
            return
        owner = dict(zip(dataset.services["service_id"], dataset.services["organization_id"]))
        for _, row in sheets.iterrows():
            service = _service(row["service_id"])
            if service is None:
                continue
            if service not in owner:
                report.add(path, int(row["_row"]), "service_id", "dzerzhinsk-service-unknown",
                           f"услуги «{service}» нет в services.csv: укажите код услуги из services.csv "
                           "или оставьте ячейку пустой, если индикатор относится к организации в целом")
            elif owner[service] != row["organization_id"]:
                report.add(path, int(row["_row"]), "service_id", "dzerzhinsk-service-of-other-organization",
                           f"услугу «{service}» по services.csv предоставляет организация «{owner[service]}», "
                           f"а не «{row['organization_id']}»: исправьте код услуги или организацию строки")

    @staticmethod
    def _check_sections(sheets: pd.DataFrame, path: str, report: Report) -> None:
        """Form 2 has both sections (п. 3.13): an inspection sheet without one is probably incomplete."""
        inspections = sheets[sheets["source"] == INSPECTION]
        for (org_id, act_date), rows in inspections.groupby(["organization_id", "act_date"], sort=False):
            sections = set(rows["section"])
            missing = [s for s, present in (("1", bool(sections & {"1.1", "1.2"})), ("2", "2" in sections))
                       if not present]
            if missing:
                report.add(path, int(rows["_row"].iloc[0]), "section", "sheet-section-missing",
                           f"в ведомости проверки организации «{org_id}» от {act_date} нет раздела "
                           f"{', '.join(missing)}: форма № 2 включает оба раздела (п. 3.13); "
                           "без него сводная оценка считается по одному разделу", severity="warning")

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data) -> tuple[list[Assessment], dict[str, Figure]]:
        publication = self.spec["publication"]
        names = dataset.service_names()
        sheets = period_data.tables["assessments"]
        complaints = period_data.tables["complaints"]
        organisations, services = [], []
        for org in dataset.organizations.values():
            own = sheets[sheets["organization_id"] == org.id]
            organisation = self.organisation(period_data, org, own,
                                             complaints[complaints["organization_id"] == org.id], publication)
            organisations.append(organisation)
            services += self.services(period_data, organisation, own, publication, names)
        for sector in dict.fromkeys(a.organization.sector for a in organisations):
            self.rank(period_data.period, [a for a in organisations if a.organization.sector == sector])
        municipal = self.municipal(organisations)
        if period_data.tables["responses"].attrs.get("given", False):
            self.add_survey(dataset, period_data, organisations, municipal)
        return organisations + services, municipal

    def organisation(self, period_data, organization, rows: pd.DataFrame, complaints: pd.DataFrame,
                     publication: dict) -> Assessment:
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

    def services(self, period_data, organisation: Assessment, rows: pd.DataFrame, publication: dict,
                 names: dict[str, str]) -> list[Assessment]:
        """П. 1.2, 6.5: each service named in the organisation's sheets gets its own figures, from the rows of
        its service in each sheet (the sheet's rows without a service count only for the organisation)."""
        if "service_id" not in rows or rows.empty:
            return []
        named = rows[rows["service_id"].map(_service).notna()]
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

    def sheets_of(self, period_data, rows: pd.DataFrame, publication: dict) -> list[dict]:
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
        for organisation in organisations:
            own = responses[responses["service_id"].map(owner) == organisation.organization.id]
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
        deadline = quarter_deadline(period, self.spec["publication"])
        status = publication_status(period_data.published, deadline)
        late_sheets = [(a, s) for a in in_period for s in a.detail["sheets"]
                       if s["source"] == INSPECTION and s["publication"]["code"] != "on_time"]
        gaps = missing_quarters([p.period for p in site.dataset.periods])
        site.page(f"rating/{period.name}.md", "pages/dzerzhinsk/rating.md.j2", method=self, period=period,
                  tables=tables, unmonitored=unmonitored, status=status, deadline=deadline,
                  published=period_data.published, late_sheets=late_sheets, gaps=gaps,
                  survey=self.survey_status(period_data))

    def organ_page(self, site, organ: Assessment) -> None:
        org_id, period = organ.organization.id, organ.period
        history = [a for a in site.results.history(org_id) if a.period <= period]
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Динамика оценок: {organ.organization.display_name}") if len(history) > 1 else None
        period_data = next(p for p in site.dataset.periods if p.period == period)
        deadline = quarter_deadline(period, self.spec["publication"])
        site.page(organ.page, "pages/dzerzhinsk/organ.md.j2", method=self, organ=organ, history=history,
                  trend=trend, previous=site.previous(organ), deadline=deadline,
                  status=publication_status(period_data.published, deadline),
                  survey=self.survey_status(period_data), services=site.results.services_in(period, org_id),
                  service_names=site.dataset.service_names(),
                  peers=len([a for a in site.results.for_period(period)
                             if a.monitored and a.organization.sector == organ.organization.sector]))

    def service_page(self, site, service: Assessment) -> None:
        """П. 1.2, 6.5: one service of an organisation in one quarter, from its rows of the sheets."""
        organisation = site.results.get(service.period, service.organization.id)
        site.page(service.page, "pages/dzerzhinsk/service.md.j2", method=self, service=service,
                  organ=organisation, previous=site.previous(service))

    def survey_status(self, period_data) -> dict | None:
        """The 10-day rule of п. 7.2 for the quarter's survey; None when there was no survey."""
        if not period_data.tables["responses"].attrs.get("given", False):
            return None
        survey = period_data.survey
        if survey is None:
            return {"code": "undated", "published": None, "deadline": None, "days_late": None,
                    "text": "дата завершения опроса не указана, срок публикации не определить"}
        deadline = survey_deadline(survey.completed, self.spec)
        return {**publication_status(survey.published, deadline), "completed": survey.completed}

    def survey_periods(self, site) -> list:
        return [p for p in site.dataset.periods
                if p.methodology == self.code and p.tables["responses"].attrs.get("given", False)]

    def extra_pages(self, site) -> None:
        from generator.charts import bar_chart

        surveyed = self.survey_periods(site)
        for period_data in surveyed:
            period = period_data.period
            organisations = [a for a in site.results.for_period(period) if a.detail.get("survey", {}).get("respondents")]
            organisations.sort(key=lambda a: (-a.value("survey_share"), a.organization.name))
            chart = site.chart(bar_chart(
                f"charts/surveys/{period.name}.svg", f"Доля удовлетворённых качеством услуг, {period.label}",
                [a.organization.display_name for a in organisations],
                [a.value("survey_share") for a in organisations], "Доля удовлетворённых, %", "Организация"))
            site.page(f"surveys/{period.name}.md", "pages/dzerzhinsk/survey.md.j2", method=self, period=period,
                      organisations=organisations, chart=chart, status=self.survey_status(period_data),
                      city=site.results.municipal[period.name]["survey_share"],
                      silent=[a for a in site.results.for_period(period) if a not in organisations],
                      surveyed=[p.period for p in surveyed])
        if surveyed:
            site.page("surveys/index.md", "pages/dzerzhinsk/survey_index.md.j2", method=self,
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


# ---- the survey (раздел V) ------------------------------------------------------

def survey_share_figure(rows: pd.DataFrame, whose: str) -> Figure:
    """Ду = satisfied / respondents who rated the service as a whole × 100 (not evaluated without answers)."""
    rule = SURVEY["satisfied"]
    happy, total, _ = satisfied_share(rows, rule["criterion"], rule["threshold"])
    return share("survey_share", "Ду = Кудовл / Копр × 100 %",
                 Input("Кудовл", f"Получателей, оценивших качество услуги в целом на {rule['threshold']} или 5 баллов",
                       happy),
                 Input("Копр", f"Ответивших на вопрос о качестве услуги в целом ({whose})", total),
                 f"анкет {whose} за квартал нет")


def survey_detail(rows: pd.DataFrame, names: dict[str, str]) -> dict:
    """What the organisation's page prints: per service respondents, share and mean per question; quotes."""
    rule = SURVEY["satisfied"]
    services = []
    for service_id, part in rows.groupby("service_id", sort=True):
        happy, total, share = satisfied_share(part, rule["criterion"], rule["threshold"])
        services.append({"id": service_id, "name": names.get(service_id, service_id), "respondents": len(part),
                         "satisfied": happy, "rated": total, "share": share,
                         "means": criterion_means(part, SURVEY["criteria"])})
    return {"respondents": len(rows), "services": services, "means": criterion_means(rows, SURVEY["criteria"]),
            "quotes": survey_quotes(rows, names)}


def survey_quotes(rows: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """Consented comments only, with personal data removed, in questionnaire order."""
    if rows.empty:
        return []
    chosen = rows[publishable(rows)].sort_values("respondent")
    return [{"text": scrub(r["comment"]), "service": names.get(r["service_id"], r["service_id"])}
            for r in chosen.to_dict("records")]


# ---- sheets -------------------------------------------------------------------

def sheet_id(source: str, act_date: dt.date) -> str:
    """The stable id of a sheet in open data (`part`): inspection-2025-09-10, self-2025-10-02."""
    return f"{'inspection' if source == INSPECTION else 'self'}-{act_date.isoformat()}"


def _service(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def split_sheets(rows: pd.DataFrame, threshold: Fraction) -> list[dict]:
    """The sheets in `rows`: inspections first (latest act first), then self-reports. Rows are grouped by
    the act's date as a date, so «10.09.2025» and «2025-09-10» are one sheet."""
    if rows.empty:
        return []
    dated = rows.assign(_act=[parse_date(a) for a in rows["act_date"]])
    sheets = []
    for (source, act), part in dated.groupby(["source", "_act"], sort=False):
        published = [parse_date(p) for p in part["published"] if parse_date(p) is not None]
        kinds = [k for k in part["inspection_kind"] if isinstance(k, str)]
        items = [{"section": r["section"], "indicator": r["indicator"], "compliance": exact(r["compliance"]),
                  "violated": exact(r["compliance"]) < threshold, "row": int(r["_row"]),
                  "service_id": _service(r.get("service_id"))}
                 for _, r in part.iterrows()]
        items.sort(key=lambda r: (list(SECTIONS).index(r["section"]), r["row"]))
        sheets.append({"id": sheet_id(source, act), "source": source, "act_date": act,
                       "kind": kinds[0] if kinds else None, "published": max(published) if published else None,
                       "rows": items, "violations": sum(1 for r in items if r["violated"]), "counted": False})
    sheets.sort(key=lambda s: (s["source"] != INSPECTION, -s["act_date"].toordinal()))
    return sheets


def counting_sheet(sheets: list[dict]) -> dict | None:
    """The inspection prevails over the self-report; of several inspections the latest act counts."""
    if not sheets:
        return None
    sheets[0]["counted"] = True  # split_sheets puts the latest inspection, or else the latest self-report, first
    return sheets[0]


def _items(rows: list[dict], sections: tuple[str, ...]) -> list[Input]:
    inputs, counters = [], {}
    for r in rows:
        if r["section"] in sections:
            counters[r["section"]] = counters.get(r["section"], 0) + 1
            inputs.append(Input(f"{r['section']}.{counters[r['section']]}", r["indicator"], exact(r["compliance"])))
    return inputs


def sheet_figures(rows: list[dict], threshold=Fraction(1, 2), scale: Scale | None = None) -> dict[str, Figure]:
    """О1.1, О1.2, О1, О2, СО (banded on `scale`) and the violation conclusion of one sheet
    (п. 3.16, 3.21, 3.22, 4.6, 4.7); rows carry section, indicator, compliance."""
    threshold = exact(threshold)
    s11 = mean("s1_1", "О1.1 = среднее соблюдения индикаторов подраздела 1.1", _items(rows, ("1.1",)),
               "в ведомости нет индикаторов подраздела 1.1")
    s12 = mean("s1_2", "О1.2 = среднее соблюдения индикаторов подраздела 1.2", _items(rows, ("1.2",)),
               "в ведомости нет индикаторов подраздела 1.2")
    s1 = mean("s1", "О1 = среднее соблюдения всех индикаторов подразделов 1.1 и 1.2",
              _items(rows, ("1.1", "1.2")), "в ведомости нет индикаторов раздела 1")
    s2 = mean("s2", "О2 = среднее соблюдения требований раздела 2", _items(rows, ("2",)),
              "в ведомости нет требований раздела 2")
    sections = (("О1", "Оценка раздела 1", s1), ("О2", "Оценка раздела 2", s2))
    left_out = tuple(f"{symbol} не оценивается ({f.reason}) и в сводную оценку не входит"
                     for symbol, _, f in sections if not f.evaluated)
    summary = mean("summary", "СО = (О1 + О2) / 2", [Input(symbol, name, f.value) for symbol, name, f in sections],
                   "в ведомости нет ни одного индикатора", left_out)
    if scale is not None:
        summary = replace(summary, band=scale.band_for(summary.value))
    below = sum(1 for r in rows if exact(r["compliance"]) < threshold)
    positions = count_figure("positions_below", f"Нп = число позиций ведомости с соблюдением < {decimal(threshold)}",
                             Input("Нп", f"Позиций с оценкой ниже {decimal(threshold)}", below))
    return {"s1_1": s11, "s1_2": s12, "s1": s1, "s2": s2, "summary": summary, "positions_below": positions,
            "violated": violation_conclusion(positions.inputs[0], threshold)}


def violation_conclusion(count_input: Input, threshold: Fraction, where: str = "в ведомости") -> Figure:
    """В = 1 (стандарт нарушен) when a position is below the threshold (п. 3.22, 4.7), else 0.
    A conclusion, not arithmetic: no calculation line, the note says why."""
    count = int(count_input.value)
    note = (f"Стандарт нарушен: {plural_count(count, 'позиция', 'позиции', 'позиций')} {where} с оценкой ниже "
            f"{decimal(threshold)} (п. 3.22, 4.7)" if count else
            f"Стандарт не нарушен: позиций с оценкой ниже {decimal(threshold)} {where} нет")
    return Figure("violated", Fraction(1 if count else 0),
                  f"В = 1 (стандарт нарушен), если хотя бы одна позиция ниже {decimal(threshold)}, иначе 0",
                  None, (count_input,), notes=(note,))


def found_violations(sheets: list[dict], threshold=Fraction(1, 2)) -> Figure:
    """Н for the ranking (п. 6.6): positions below the threshold on the inspection sheets of the quarter
    («в ходе проведения плановых и внеплановых контрольных мероприятий»). A self-report is not an
    inspection: its positions below 0,5 get the violation conclusion on its sheet but are not counted here."""
    threshold = exact(threshold)
    formula = f"Н = Нп1 + Нп2 + … — позиции с соблюдением < {decimal(threshold)} во всех ведомостях проверок квартала"
    inspections = [s for s in sheets if s["source"] == INSPECTION]
    if not inspections:
        return computed("violations", formula, Const(0), inputs=(), notes=(
            "Проверок (контрольных мероприятий) за квартал не было: выявленных нарушений 0. Позиции ниже "
            f"{decimal(threshold)} в ведомости самооценки дают вывод о нарушении стандарта (п. 4.7), но "
            "выявленными в ходе контрольных мероприятий нарушениями (п. 6.6) не являются.",))
    inputs = [Input(f"Нп{index}", sheet_label(s), sum(1 for r in s["rows"] if exact(r["compliance"]) < threshold))
              for index, s in enumerate(inspections, start=1)]
    return computed("violations", formula, Sum(*refs(inputs)) if len(inputs) > 1 else Ref(inputs[0]))


def quarter_violation(sheets: list[dict], found: Figure, threshold=Fraction(1, 2)) -> Figure:
    """The quarter's conclusion of п. 3.22, 4.7: violated if an inspection found a position below the
    threshold, or, without inspections, if the self-report that counts has one."""
    if any(s["source"] == INSPECTION for s in sheets):
        count = Input("Н", "Нарушений, выявленных в ходе проверок квартала", int(found.value))
        return violation_conclusion(count, exact(threshold), "в ведомостях проверок квартала")
    counted = next(s for s in sheets if s["counted"])
    return counted["figures"]["violated"]


def sheet_label(sheet: dict) -> str:
    if sheet["source"] == INSPECTION:
        kind = f"{INSPECTION_KINDS[sheet['kind']].split(' (')[0]} " if sheet.get("kind") else ""
        return f"Ведомость по итогам проверки ({kind}акт от {ru_date(sheet['act_date'])})".replace("( ", "(")
    return f"Ведомость самооценки организации от {ru_date(sheet['act_date'])}"


def complaints_figure(count: int | None) -> Figure:
    formula = "Ж = число жалоб за квартал"
    if count is None:
        return not_evaluated("complaints", formula,
                             "нет сведений о жалобах на организацию за квартал (строки нет в complaints.csv)")
    return count_figure("complaints", formula, Input("Ж", "Жалоб на организацию за квартал", count))


# ---- ranking (п. 6.6) ------------------------------------------------------------

def rank_mean_figure(ranks: dict[str, int | None]) -> Figure:
    """Р: the mean of the places by the criteria that are evaluated."""
    inputs = [Input(RANK_SYMBOLS[c], f"Место по критерию «{CRITERIA[c]}»", r) for c, r in ranks.items() if r is not None]
    left_out = tuple(f"Критерий «{CRITERIA[c]}» не оценивается и в средний ранг не входит"
                     for c, r in ranks.items() if r is None)
    return computed("rank_mean", "Р = (Рж + Рн + Рсо) / 3", mean_term(refs(inputs)), notes=left_out)


def competition_ranks(values: dict[str, Fraction | int | None], higher_is_better: bool) -> dict[str, int | None]:
    """1, 2, 2, 4: one place more than the number of strictly better values (compared exactly);
    None stays None."""
    known = {k: exact(v) for k, v in values.items() if v is not None}
    better = (lambda a, b: a > b) if higher_is_better else (lambda a, b: a < b)
    return {k: (None if k not in known else 1 + sum(1 for w in known.values() if better(w, known[k])))
            for k in values}


def rank_sector(entries: list[dict]) -> dict[str, dict]:
    """Per-criterion ranks, their mean, and the place: by the mean (lower is better), at an equal mean by
    the summary (higher is better); equal means and equal summaries share the smallest place (1, 2, 2, 4).
    `tie` says which: "shared" (an equal place), "broken" (an equal mean, ordered by the summary) or ""."""
    ranks = {"complaints": competition_ranks({e["id"]: e["complaints"] for e in entries}, False),
             "violations": competition_ranks({e["id"]: e["violations"] for e in entries}, False),
             "summary": competition_ranks({e["id"]: e["summary"] for e in entries}, True)}
    out = {}
    for e in entries:
        own = {c: ranks[c][e["id"]] for c in CRITERIA}
        given = [r for r in own.values() if r is not None]
        out[e["id"]] = {"ranks": own, "mean": Fraction(sum(given), len(given)), "summary": exact(e["summary"])}

    def order(row: dict) -> tuple:  # lower is better; a summary that is not evaluated comes last
        return row["mean"], row["summary"] is None, -(row["summary"] or 0)

    for row in out.values():
        row["place"] = 1 + sum(1 for other in out.values() if order(other) < order(row))
        same_mean = [o for o in out.values() if o is not row and o["mean"] == row["mean"]]
        row["tie"] = ("shared" if any(order(o) == order(row) for o in same_mean)
                      else "broken" if same_mean else "")
    return out


# ---- publication deadlines (раздел VII) ---------------------------------------------

def _month_after(period: Period) -> dt.date:
    month = period.start_month + 4
    return dt.date(period.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_deadline(period: Period, rule: dict) -> dt.date:
    """The 20th of the month after the quarter (п. 7.2) plus three days for posting (п. 7.3)."""
    return _month_after(period).replace(day=rule["quarter_day"]) + dt.timedelta(days=rule["posting_days"])


def inspection_deadline(act_date: dt.date, rule: dict) -> dt.date:
    """20 calendar days after the act (п. 7.2) plus three days for posting (п. 7.3)."""
    return act_date + dt.timedelta(days=rule["inspection_days"] + rule["posting_days"])


def survey_deadline(completed: dt.date, spec: dict) -> dt.date:
    """10 days after the survey ended and was summarised (п. 7.2) plus three days for posting (п. 7.3)."""
    return completed + dt.timedelta(days=spec["survey"]["publication_days"] + spec["publication"]["posting_days"])


def publication_status(published: dt.date | None, deadline: dt.date) -> dict:
    if published is None:
        return {"code": "missing", "published": None, "deadline": deadline, "days_late": None,
                "text": f"дата публикации не указана (срок — {ru_date(deadline)})"}
    late = (published - deadline).days
    if late > 0:
        return {"code": "late", "published": published, "deadline": deadline, "days_late": late,
                "text": f"опубликовано {ru_date(published)} — с опозданием на "
                        f"{plural_count(late, 'день', 'дня', 'дней')} (срок — {ru_date(deadline)})"}
    return {"code": "on_time", "published": published, "deadline": deadline, "days_late": 0,
            "text": f"опубликовано {ru_date(published)} — в срок (срок — {ru_date(deadline)})"}


def missing_quarters(periods: list[Period]) -> list[Period]:
    """Quarters between the first and the last with data that have no folder."""
    quarters = sorted(p for p in periods if p.kind == "quarter")
    if len(quarters) < 2:
        return []
    present = {p.name for p in quarters}
    out = []
    year, number_ = quarters[0].year, quarters[0].number
    while (year, number_) < (quarters[-1].year, quarters[-1].number):
        name = f"{year}-Q{number_}"
        if name not in present:
            out.append(parse_period(name))
        year, number_ = (year + 1, 1) if number_ == 4 else (year, number_ + 1)
    return out
