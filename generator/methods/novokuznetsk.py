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

from generator.dataset import Dataset
from generator.figures import Quotient, Ref, Sum, computed, mean, not_evaluated, refs
from generator.figures import share as share_in_percent
from generator.methods.base import Methodology, table_file
from generator.methods.novokuznetsk_inputs import (
    CHANNELS,
    COMPARISON_ROWS,
    INPUTS,
    LIST_SEPARATOR,
    NOT_EVALUATED,
    NOT_NEEDED,
    PARAMETERS,
    REQUIREMENTS,
    SATISFIED,
)
from generator.privacy import scrub
from generator.problems import Report
from generator.responses import check_responses, period_bounds, publishable, satisfied_share
from generator.results import Assessment, Figure, Input, Results, assign_ranks, reference_mean
from generator.text_ru import decimal, percent, plural, plural_count


class Novokuznetsk(Methodology):
    code = "novokuznetsk"
    page_kinds = ("service",)
    data_file = "novokuznetsk.yaml"
    inputs = INPUTS
    headline = "index"
    summary = ("index",)
    period_kinds = ("half",)
    rates_organs = False
    rated_label = "Услуга"
    rated_plural = "услуги"
    rated_genitive = "услуг"
    rating_title = "Рейтинг услуг"
    municipal_trend_title = "Среднее И оценённых услуг по полугодиям"
    requirements = REQUIREMENTS
    parameters = PARAMETERS
    channels = CHANNELS
    satisfied_threshold = SATISFIED["threshold"]

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        services = dataset.services.set_index("service_id") if dataset.services is not None else None
        lookup = points_of(dataset, services)
        for period in periods:
            folder = f"periods/{period.period.name}/"
            tables = period.tables
            for name in ("assessments", "conditions", "responses"):
                check_points(tables[name], table_file(period, name), lookup, report)
            if not tables["responses"].empty:
                check_responses(tables["responses"], table_file(period, "responses"), report,
                                *period_bounds(period.period))
            check_satisfaction_source(tables, folder, lookup, report)
            check_conditions_assessed(tables, folder, lookup, report)
            check_applications(tables["applications"], table_file(period, "applications"), report)
            check_documents_lists(tables["comparison"], table_file(period, "comparison"), report)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data) -> tuple[list[Assessment], dict[str, Figure]]:
        services = dataset.services.set_index("service_id")
        tables = period_data.tables
        rated: list[Assessment] = []
        surveys = self.surveys(tables["responses"])
        for service_id, rows in tables["assessments"].groupby("service_id", sort=True):
            info = services.loc[service_id]
            organization = dataset.organizations[info["organization_id"]]
            rated.append(self.service(period_data.period, organization, service_id, info["name"], rows,
                                      tables, surveys))
        assign_ranks(rated, self.headline)
        organs = [self.organ(period_data.period, organization, rated, tables["applications"], services)
                  for organization in dataset.organizations.values()]
        municipal = {"index": self.with_band(reference_mean(
            "index", "Иср = сумма И услуг / количество оценённых услуг", rated, "index", "нет ни одной оценённой услуги",
            "И"))}
        return organs + rated, municipal

    def open_data_table(self, dataset, period_data, schema):
        """assessments.csv carries Д of every point, also where it was counted from the questionnaires."""
        table = period_data.tables[schema.name]
        if schema.name != "assessments":
            return table
        return with_surveyed_shares(table, self.surveys(period_data.tables["responses"]))

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
            happy, rated, share = satisfied_share(rows, SATISFIED["criterion"], SATISFIED["threshold"])
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
        point_names = {p.id: p.name for p in organization.points}
        order = [p.id for p in organization.points]
        rows = rows.assign(_order=rows["point_id"].map(order.index)).sort_values("_order")
        conditions = tables["conditions"][tables["conditions"]["service_id"] == service_id]
        sheets = [self.point_sheet(row, point_names[row["point_id"]], surveys.get((service_id, row["point_id"])),
                                   conditions[conditions["point_id"] == row["point_id"]])
                  for row in rows.to_dict("records")]
        figures: dict[str, Figure] = {}
        for sheet in sheets:
            for code in ("p1", "p9_share", "p9", "soku"):  # a code per point, so each figure has its own anchor
                sheet[code] = replace(sheet[code], indicator=f"{code}_{sheet['point_id']}")
                figures[f"{code}_{sheet['point_id']}"] = sheet[code]
        figures["index"] = self.with_band(integrated_score([(s["point_name"], s["soku"]) for s in sheets]))
        comparison = tables["comparison"]
        compared = comparison[comparison["service_id"] == service_id].sort_values("other_municipality")
        return Assessment(period, organization, self.code, monitored=True, figures=figures,
                          service_id=service_id, service_name=name,
                          detail={"sheets": sheets, "comparisons": [comparison_rows(r) for r in
                                                                    compared.to_dict("records")]})

    def point_sheet(self, row: dict, point_name: str, survey: dict | None, conditions: pd.DataFrame) -> dict:
        requirements = {code: _cell(row[code]) for code in REQUIREMENTS}
        p1 = requirement_score(requirements, REQUIREMENTS)
        answers = {code: _cell(row[code]) for code in PARAMETERS}
        if survey:
            share_figure = surveyed_share(survey["satisfied"], survey["rated"], SATISFIED["threshold"])
        else:
            share_figure = typed_share(_cell(row["p9_satisfied_share"]))
        # the row of parameter 9's scale that Д falls in, found on the exact share
        share_figure = self.with_band(share_figure)
        p9 = satisfaction_score(share_figure, self.satisfaction_points(share_figure.band))
        soku = point_score(p1, answers, p9, PARAMETERS)
        return {"point_id": row["point_id"], "point_name": point_name, "requirements": requirements,
                "answers": answers, "p1": p1, "p9_share": share_figure, "p9": p9,
                "satisfied_share": share_figure.value, "survey": survey,
                "conditions": condition_texts(conditions),
                "satisfaction_band": share_figure.band, "soku": soku, "website": _cell(row.get("p4_website")) or ""}

    def satisfaction_points(self, band) -> int:
        row = next(r for r in self.spec["scales"]["satisfaction"]["bands"] if r["code"] == band.code)
        return int(row["points"])

    def organ(self, period, organization, rated: list[Assessment], applications: pd.DataFrame,
              services: pd.DataFrame) -> Assessment:
        own_services = [a for a in rated if a.organization.id == organization.id]
        own_ids = set(services.index[services["organization_id"] == organization.id])
        report = applications[applications["service_id"].isin(own_ids)].copy()
        report["name"] = [services.loc[s, "name"] for s in report["service_id"]]
        report_rows = [{**r, **{k: _cell(r[k]) or "" for k in ("refusal_reasons", "problems", "measures")}}
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
            result.figures["index"] = self.with_band(reference_mean(
                "index", "Иср = сумма И услуг / количество оценённых услуг", evaluated, "index",
                "нет ни одной оценённой услуги", "И"))
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

    def organ_page(self, site, organ: Assessment) -> None:
        from generator.charts import bar_chart

        services = [s for s in organ.detail["services"] if s.value("index") is not None]
        chart = None
        if services:
            chart = site.chart(bar_chart(
                f"charts/organs/{organ.organization.id}-{organ.period.name}-index.svg",
                f"И услуг органа, {organ.period.label}", [s.service_name for s in services],
                [s.value("index") for s in services], "И, баллы", "Услуга", maximum=self.scales["index"].maximum, unit=""))
        site.page(organ.page, "pages/novokuznetsk/organ.md.j2", method=self, organ=organ,
                  previous=site.previous(organ), chart=chart)

    def service_page(self, site, service: Assessment) -> None:
        history = [a for a in site.results.history(service.organization.id, service.service_id)
                   if a.period <= service.period and a.methodology == self.code]
        trend = None
        if len(history) > 1:
            from generator.charts import trend_chart

            trend = site.chart(trend_chart(
                f"charts/services/{service.service_id}-{service.period.name}-trend.svg",
                f"Динамика И: {service.service_name}", [a.period.name for a in history],
                {"И": [a.value("index") for a in history]}, maximum=self.scales["index"].maximum, unit=""))
        site.page(service.page, "pages/novokuznetsk/service.md.j2", method=self, service=service,
                  previous=site.previous(service), history=history, trend=trend,
                  comparison_rows=COMPARISON_ROWS, total=len(site.results.ranked(service.period)))


def with_surveyed_shares(assessments: pd.DataFrame, surveys: dict) -> pd.DataFrame:
    """assessments.csv as open data publishes it: where Д was counted from the questionnaires, the graph
    p9_satisfied_share (left empty by the organ) carries the exact computed share. Where both are given the
    checks have already stopped the build; the questionnaires would win, as in the calculation."""
    keys = zip(assessments["service_id"], assessments["point_id"])
    shares = [surveys[key]["share"] if key in surveys else _cell(typed)
              for key, typed in zip(keys, assessments["p9_satisfied_share"])]
    return assessments.assign(p9_satisfied_share=pd.Series(shares, index=assessments.index, dtype=object))


# ---- checks across tables ---------------------------------------------------------

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


def check_satisfaction_source(tables: dict, folder: str, lookup, report: Report) -> None:
    """Parameter 9 of each assessed point comes from exactly one source: the typed share or the answers."""
    responses = tables["responses"]
    rated = responses[pd.to_numeric(responses[SATISFIED["criterion"]], errors="coerce").notna()]
    surveyed = rated.groupby(["service_id", "point_id"]).size().to_dict() if not rated.empty else {}
    for _, row in tables["assessments"].iterrows():
        key, share = (row["service_id"], row["point_id"]), _cell(row["p9_satisfied_share"])
        where = f"услуги «{key[0]}» в точке «{key[1]}»"
        if key in surveyed and share is not None:
            count = plural_count(surveyed[key], "анкета", "анкеты", "анкет")
            report.add(folder + "assessments.csv", int(row["_row"]), "p9_satisfied_share",
                       "novokuznetsk-share-given-twice",
                       f"доля удовлетворённых для {where} дана дважды: в графе p9_satisfied_share ({percent(share)}) "
                       f"и анкетами responses.csv ({count}): оставьте одно — очистите ячейку, чтобы доля "
                       "считалась по анкетам, или уберите анкеты этой точки из responses.csv")
        elif key not in surveyed and share is None:
            report.add(folder + "assessments.csv", int(row["_row"]), "p9_satisfied_share",
                       "novokuznetsk-share-missing",
                       f"нет доли удовлетворённых для {where} (параметр 9): укажите её в графе "
                       "p9_satisfied_share (в процентах, 0–100) или добавьте анкеты получателей этой услуги "
                       "в этой точке в responses.csv")
    _warn_unassessed(rated, _assessed(tables), folder + "responses.csv", lookup, report,
                     "novokuznetsk-responses-unused", "анкеты не учитываются (параметр 9 рассчитывается только "
                     "для оценённых точек): добавьте строку оценки или проверьте услугу и точку в анкетах",
                     ("анкета", "анкеты", "анкет"))


def check_conditions_assessed(tables: dict, folder: str, lookup, report: Report) -> None:
    _warn_unassessed(tables["conditions"], _assessed(tables), folder + "conditions.csv", lookup, report,
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
        if row["refusals"] > 0 and not _cell(row["refusal_reasons"]):
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
            count, names = _cell(row[f"documents_{side}"]), document_names(row[f"documents_list_{side}"])
            if count is None or not names or count == len(names):
                continue
            report.add(file, int(row["_row"]), f"documents_list_{side}", "novokuznetsk-documents-count-mismatch",
                       f"в графе documents_{side} указано документов: {int(count)}, а в перечне documents_list_{side} "
                       f"{plural(len(names), 'назван', 'названо', 'названо')} "
                       f"{plural_count(len(names), 'документ', 'документа', 'документов')}: исправьте число или "
                       "перечень (наименования разделяются знаком «;»); отклонение (+/−) считается по числу",
                       severity="warning")


# ---- the arithmetic of Приложение № 2 ----------------------------------------------

def _cell(value):
    """An optional cell as read: None when it was left empty."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _points(answer) -> int | None:
    """A cell of the sheet as points: None for «не оценивается» / «не требуется» / empty."""
    if answer is None or answer in (NOT_EVALUATED, NOT_NEEDED) or (isinstance(answer, float) and pd.isna(answer)):
        return None
    return int(answer)


def requirement_score(requirements: dict[str, object], names: dict[str, str]) -> Figure:
    """Parameter I: the sum of the evaluated requirements' scores / their number (exact)."""
    inputs = tuple(Input(f"Т{n}", names[code], _points(value)) for n, (code, value)
                   in enumerate(requirements.items(), start=1))
    left_out = tuple(f"Требование «{i.label}» не оценивается и в расчёт не входит" for i in inputs
                     if i.value is None)
    return mean("p1", "П1 = сумма баллов оцениваемых требований / количество оцениваемых требований", inputs,
                "не оценено ни одно требование административного регламента", left_out=left_out)


SHARE_SYMBOL = "Д"
SHARE_LABEL = "Доля заявителей, удовлетворённых услугой"


def typed_share(share) -> Figure:
    """Д as the organ typed it in assessments.csv (graph p9_satisfied_share): an input, not a calculation,
    so the figure has no expression and the page prints no «Расчёт» line for it."""
    given = Input(SHARE_SYMBOL, f"{SHARE_LABEL} (указана в assessments.csv)", share, "%")
    formula = "Д — доля удовлетворённых заявителей, указанная органом в assessments.csv"
    if given.value is None:
        return not_evaluated("p9_share", formula, "доля удовлетворённых не указана", (given,))
    return Figure("p9_share", given.value, formula, None, (given,))


def surveyed_share(satisfied: int, rated: int, threshold) -> Figure:
    """Д = Кудовл / Копр × 100 % from the questionnaires of one point (п. 1.3)."""
    happy = Input("Кудовл", f"Получателей, оценивших услугу не ниже {decimal(threshold)} баллов из 5 "
                            "(по анкетам responses.csv)", satisfied)
    asked = Input("Копр", "Получателей, ответивших на вопрос об удовлетворённости (по анкетам responses.csv)", rated)
    return share_in_percent("p9_share", "Д = Кудовл / Копр × 100 %", happy, asked,
                 "ни один получатель не ответил на вопрос об удовлетворённости")


def satisfaction_score(share_figure: Figure, points: int) -> Figure:
    """Parameter 9: the points of the scale row the share of satisfied applicants Д falls in.
    A look-up, not a calculation: the figure has no expression; its note names the row and, when Д was
    counted from the questionnaires, writes out that count from the very expression that computed Д."""
    given = Input(SHARE_SYMBOL, SHARE_LABEL, share_figure.value, "%")
    formula = "П9 = балл строки шкалы параметра 9 для доли удовлетворённых Д"
    row = f"строка «{share_figure.band.label}»"
    if share_figure.expression is None:  # typed in assessments.csv
        note = f"Д = {decimal(share_figure.value, 1)} % — {row}"
        return Figure("p9", points, formula, None, (given,), notes=(note,))
    note = (f"Д = {share_figure.substituted(_shown)} = {percent(share_figure.value)} по анкетам responses.csv — "
            f"{row}")
    return Figure("p9", points, formula + ", где Д = Кудовл / Копр × 100 %", None,
                  (*share_figure.inputs, given), notes=(note,))


def _shown(item: Input) -> str:
    """An input as a calculation note writes it (the same rule as the pages: exact, rounded only here)."""
    return percent(item.value) if item.unit == "%" else decimal(item.value)


def point_score(p1: Figure, answers: dict[str, object], p9: Figure, parameters: dict[str, dict]) -> Figure:
    """Соку: the sum of the scored parameters / their number (parameter I counts as one)."""
    inputs = [Input("П1", "Параметр I: соответствие процедуры административному регламенту", p1.value)]
    notes = []
    if p1.value is None:
        notes.append("Параметр I не оценивается (не оценено ни одно требование) и в расчёт не входит")
    for code, data in parameters.items():
        value = _points(answers[code])
        inputs.append(Input(f"П{data['number']}", data["name"], value))
        if value is None:
            notes.append(f"Параметр {data['number']} не оценивается (межведомственное взаимодействие не требуется) "
                         "и в расчёт не входит")
    inputs.append(Input("П9", "Удовлетворённость получателей услуги", p9.value))
    return mean("soku", "Соку = сумма баллов по оцениваемым параметрам / количество оцениваемых параметров", inputs,
                "не оценён ни один параметр", left_out=notes)


def integrated_score(points: list[tuple[str, Figure]]) -> Figure:
    """И = Соку at one point; (СокуМ1 + … + СокуМi) / Км over the Км points otherwise."""
    if len(points) == 1:
        name, soku = points[0]
        return computed("index", "И = Соку (услуга исследована в одной точке оказания)",
                        Ref(Input("Соку", f"Соку в точке «{name}»", soku.value)))
    inputs = tuple(Input(f"СокуМ{n}", f"Соку в точке «{name}»", soku.value)
                   for n, (name, soku) in enumerate(points, start=1))
    count = Input("Км", "Количество исследуемых точек оказания", len(points))
    return computed("index", "И = (СокуМ1 + … + СокуМi) / Км", Quotient(Sum(*refs(inputs)), Ref(count)),
                    (*inputs, count), reason="Соку не оценено ни в одной точке")


def comparison_rows(row: dict) -> dict:
    """Приложение № 3 for one other municipality: the seed's rows, with the deviation of the numeric ones;
    the documents row also carries the names of the documents, when listed."""
    lines = []
    for name, title, kind in COMPARISON_ROWS:
        own, other = _cell(row.get(f"{name}_own")), _cell(row.get(f"{name}_other"))
        deviation = own - other if kind != "text" and own is not None and other is not None else None
        line = {"code": name, "title": title, "kind": kind, "own": own, "other": other, "deviation": deviation,
                "own_names": [], "other_names": []}
        if name == "documents":
            line.update(title=DOCUMENTS_TITLE, own_names=document_names(row.get("documents_list_own")),
                        other_names=document_names(row.get("documents_list_other")))
        lines.append(line)
    return {"other": row["other_municipality"], "lines": lines}


DOCUMENTS_TITLE = "Документы, необходимые для предоставления муниципальной услуги (наименование и количество)"


def document_names(text) -> list[str]:
    """«Заявление; Паспорт; » → ["Заявление", "Паспорт"]: the names of a documents list, blanks dropped."""
    text = _cell(text)
    return [name.strip() for name in str(text).split(LIST_SEPARATOR) if name.strip()] if text else []


def condition_texts(conditions: pd.DataFrame) -> dict[str, dict]:
    """requirement → its texts of Приложение № 2 at one point (required, actual, deviation); a requirement
    without a row is absent, so its cells stay empty."""
    return {row["requirement"]: {"required": row["required"], "actual": row["actual"],
                                 "deviation": _cell(row["deviation"]) or ""}
            for row in conditions.to_dict("records")}
