"""Dzerzhinsk, 2009/2012: the checks across the tables of a quarter that the schemas cannot express."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.methods.dzerzhinsk.inputs import INSPECTION, parse_date
from generator.methods.dzerzhinsk.sheets import service_of
from generator.problems import Report
from generator.survey.responses import check_responses, period_bounds
from generator.text_ru import date as ru_date
from generator.text_ru import inflect



def check_periods(dataset: Dataset, periods: list[PeriodData], report: Report) -> None:
    """Dates of the sheets, their sections and services, the survey's dates, complaints for every sheet."""
    for period in periods:
        path = period.file("assessments")
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
                           f"акт проверки от {ru_date(act)} составлен вне {inflect(period.period.label, 'gent')}: "
                           "ведомость учитывается в квартале папки, в которой она лежит; проверьте дату или "
                           "перенесите строки в папку нужного квартала", severity="warning")
            try:
                parse_date(row["published"])
            except ValueError:
                report.add(path, int(row["_row"]), "published", "published-date-invalid",
                           f"«{row['published']}» — не дата: укажите дату размещения в виде ДД.ММ.ГГГГ "
                           "или оставьте ячейку пустой")
        check_sections(sheets, path, report)
        check_services(sheets, dataset, path, report)
        check_survey(period, first, last, report)
        with_sheets = list(dict.fromkeys(sheets["organization_id"]))
        counted = set(period.tables["complaints"]["organization_id"])
        for org_id in with_sheets:
            if org_id not in counted:
                # the name for the reader of the control page, the code for the row the maintainer adds
                organ = dataset.organizations.get(org_id)
                named = f"«{organ.display_name}» (код {org_id})" if organ is not None else f"«{org_id}»"
                report.add(period.file("complaints"), None, "organization_id", "complaints-missing",
                           f"нет строки о жалобах на организацию {named}, хотя её ведомость за квартал есть: "
                           "критерий «жалобы» для неё не оценивается; если жалоб не было, внесите строку с 0",
                           severity="warning")


def check_survey(period, first: dt.date, last: dt.date, report: Report) -> None:
    """Answers dated inside the quarter; the dates of п. 7.2 given when there was a survey."""
    name = period.period.name
    answered = period.given("responses")
    if answered:
        check_responses(period.tables["responses"], period.file("responses"), report, first, last)
    survey = period.survey
    if answered and survey is None:
        report.add(f"periods/{name}/period.yaml", None, "survey.completed", "survey-dates-missing",
                   f"за квартал есть анкеты опроса ({period.file_name('responses')}), но не указана дата завершения опроса и "
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


def check_services(sheets: pd.DataFrame, dataset: Dataset, path: str, report: Report) -> None:
    """A sheet's service (п. 1.2) is one of services.csv, provided by the organisation of the row."""
    if "service_id" not in sheets:
        return
    owner = dict(zip(dataset.services["service_id"], dataset.services["organization_id"]))
    for _, row in sheets.iterrows():
        service = service_of(row["service_id"])
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


def check_sections(sheets: pd.DataFrame, path: str, report: Report) -> None:
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
