"""Novokuznetsk district, 2013: the checks across the tables of a half-year that the schemas cannot
express (points of service of the right organ, one source of parameter 9, consistent counts)."""
from __future__ import annotations

import pandas as pd

from generator.dataset import Dataset
from generator.methods.novokuznetsk.figures import cell, document_names
from generator.methods.novokuznetsk.inputs import SATISFIED
from generator.problems import Report
from generator.text_ru import percent, plural, plural_count


def points_of(dataset: Dataset, services: pd.DataFrame | None):
    """service_id → (the organ providing it, its points), or None when the service or organ is unknown
    (already reported by the reference checks)."""
    def lookup(service_id: str):
        if services is None or service_id not in services.index:
            return None
        organization = dataset.organizations.get(services.loc[service_id, "organization_id"])
        return (organization, [p.id for p in organization.points]) if organization else None
    return lookup


def check_points(table: pd.DataFrame, file: str, lookup, report: Report) -> None:
    """Every point_id is a point of the organ that provides the row's service."""
    for _, row in table.iterrows():
        found = lookup(row["service_id"])
        if found is None or row["point_id"] in found[1]:
            continue
        organization, points = found
        valid = ", ".join(f"«{p}»" for p in points)
        report.add(file, int(row["_row"]), "point_id", "point-not-of-organization",
                   f"точки «{row['point_id']}» нет среди точек оказания органа «{organization.id}», "
                   f"предоставляющего услугу «{row['service_id']}»"
                   + (f": укажите одну из точек {valid} или добавьте точку органу в organizations.yaml"
                      if points else ": у органа нет точек оказания — добавьте их (points) в organizations.yaml"))


def _own_point(row, lookup) -> bool:
    found = lookup(row["service_id"])
    return found is not None and row["point_id"] in found[1]


def _assessed(tables: dict) -> set[tuple[str, str]]:
    return set(zip(tables["assessments"]["service_id"], tables["assessments"]["point_id"]))


def check_satisfaction_source(period, lookup, report: Report) -> None:
    """Parameter 9 of each assessed point comes from exactly one source: the typed share or the answers."""
    tables, answers = period.tables, period.file_name("responses")
    responses = tables["responses"]
    rated = responses[pd.to_numeric(responses[SATISFIED.criterion], errors="coerce").notna()]
    surveyed = rated.groupby(["service_id", "point_id"]).size().to_dict() if not rated.empty else {}
    for _, row in tables["assessments"].iterrows():
        key, share = (row["service_id"], row["point_id"]), cell(row["p9_satisfied_share"])
        where = f"услуги «{key[0]}» в точке «{key[1]}»"
        if key in surveyed and share is not None:
            count = plural_count(surveyed[key], "анкета", "анкеты", "анкет")
            report.add(period.file("assessments"), int(row["_row"]), "p9_satisfied_share",
                       "novokuznetsk-share-given-twice",
                       f"доля удовлетворённых для {where} дана дважды: в графе p9_satisfied_share ({percent(share)}) "
                       f"и анкетами {answers} ({count}): оставьте одно — очистите ячейку, чтобы доля "
                       f"считалась по анкетам, или уберите анкеты этой точки из {answers}")
        elif key not in surveyed and share is None:
            report.add(period.file("assessments"), int(row["_row"]), "p9_satisfied_share",
                       "novokuznetsk-share-missing",
                       f"нет доли удовлетворённых для {where} (параметр 9): укажите её в графе "
                       "p9_satisfied_share (в процентах, 0–100) или добавьте анкеты получателей этой услуги "
                       f"в этой точке в {answers}")
    _warn_unassessed(rated, _assessed(tables), period.file("responses"), lookup, report,
                     "novokuznetsk-responses-unused", "анкеты не учитываются (параметр 9 рассчитывается только "
                     "для оценённых точек): добавьте строку оценки или проверьте услугу и точку в анкетах",
                     ("анкета", "анкеты", "анкет"))


def check_conditions_assessed(period, lookup, report: Report) -> None:
    tables = period.tables
    _warn_unassessed(tables["conditions"], _assessed(tables), period.file("conditions"), lookup, report,
                     "novokuznetsk-conditions-unused", "тексты не будут показаны (они приводятся рядом с баллами "
                     "оценки): добавьте строку оценки или проверьте услугу и точку", ("строка", "строки", "строк"))


def _warn_unassessed(table: pd.DataFrame, assessed: set, file: str, lookup, report: Report, code: str,
                     consequence: str, forms: tuple[str, str, str]) -> None:
    """One warning per service × point that has rows here but no row in assessments.csv (at its first row)."""
    if table.empty:
        return
    for (service_id, point_id), rows in table.groupby(["service_id", "point_id"], sort=True):
        if (service_id, point_id) in assessed or not _own_point(rows.iloc[0], lookup):
            continue  # a point of another organ is already an error
        report.add(file, int(rows["_row"].min()), "point_id", code,
                   f"{plural_count(len(rows), *forms)} по услуге «{service_id}» в точке «{point_id}», но в "
                   f"assessments.csv нет оценки этой услуги в этой точке — {consequence}", severity="warning")


def check_applications(applications: pd.DataFrame, file: str, report: Report) -> None:
    for _, row in applications.iterrows():
        if row["refusals"] > 0 and not cell(row["refusal_reasons"]):
            report.add(file, int(row["_row"]), "refusal_reasons", "refusal-reasons-missing",
                       f"указано отказов: {row['refusals']}, но не указаны их причины: заполните графу "
                       "«Причины отказов» (приложение № 1)", severity="warning")
        if row["considered"] > row["received"]:
            report.add(file, int(row["_row"]), "considered", "considered-exceed-received",
                       f"рассмотрено заявлений ({row['considered']}) больше, чем принято за период "
                       f"({row['received']}): это возможно, только если рассматривались заявления "
                       "прошлого периода — проверьте числа", severity="warning")


def check_documents_lists(comparison: pd.DataFrame, file: str, report: Report) -> None:
    """The number of documents and their list, when both are given, must agree (else one of them is stale)."""
    for _, row in comparison.iterrows():
        for side in ("own", "other"):
            count, names = cell(row[f"documents_{side}"]), document_names(row[f"documents_list_{side}"])
            if count is None or not names or count == len(names):
                continue
            report.add(file, int(row["_row"]), f"documents_list_{side}", "novokuznetsk-documents-count-mismatch",
                       f"в графе documents_{side} указано документов: {int(count)}, а в перечне documents_list_{side} "
                       f"{plural(len(names), 'назван', 'названо', 'названо')} "
                       f"{plural_count(len(names), 'документ', 'документа', 'документов')}: исправьте число или "
                       "перечень (наименования разделяются знаком «;»); отклонение (+/−) считается по числу",
                       severity="warning")
