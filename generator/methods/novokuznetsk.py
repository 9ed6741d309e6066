"""Novokuznetsk district, 2013: Соку of a service at each point of service and its integrated score И.

Приложение № 2 scores a service at one point: parameter I (the mean of the evaluated
requirements of the regulation, 1–5) and parameters 2–9 (0/2/5 answers and a score from
the share of satisfied applicants); Соку is the mean of the scored parameters, and
И the mean of Соку over the points where the service was assessed. Приложение № 1 (the
organ's report on applications) and Приложение № 3 (comparison with another
municipality) are published as they are given.
"""
from __future__ import annotations

from dataclasses import replace
from statistics import fmean

import pandas as pd

from generator.dataset import Dataset
from generator.methods.base import Methodology
from generator.methods.novokuznetsk_inputs import (
    COMPARISON_ROWS,
    INPUTS,
    NOT_EVALUATED,
    NOT_NEEDED,
    PARAMETERS,
    REQUIREMENTS,
)
from generator.problems import Report
from generator.results import Assessment, Figure, Input, Results, assign_ranks
from generator.text_ru import decimal, plural_count



class Novokuznetsk(Methodology):
    code = "novokuznetsk"
    data_file = "novokuznetsk.yaml"
    inputs = INPUTS
    headline = "index"
    summary = ("index",)
    period_kinds = ("half",)
    rated_label = "Услуга"
    rated_plural = "услуги"
    rated_genitive = "услуг"
    rating_title = "Рейтинг услуг"
    municipal_trend_title = "Среднее И оценённых услуг по полугодиям"

    @property
    def requirements(self) -> dict[str, str]:
        return REQUIREMENTS

    @property
    def parameters(self) -> dict[str, dict]:
        return PARAMETERS

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        services = dataset.services.set_index("service_id") if dataset.services is not None else None
        for period in periods:
            path = f"periods/{period.period.name}/assessments.csv"
            for _, row in period.tables["assessments"].iterrows():
                if services is None or row["service_id"] not in services.index:
                    continue
                organization = dataset.organizations.get(services.loc[row["service_id"], "organization_id"])
                if organization is None:
                    continue
                points = [p.id for p in organization.points]
                if row["point_id"] not in points:
                    valid = ", ".join(f"«{p}»" for p in points)
                    report.add(path, int(row["_row"]), "point_id", "point-not-of-organization",
                               f"точки «{row['point_id']}» нет среди точек оказания органа «{organization.id}», "
                               f"предоставляющего услугу «{row['service_id']}»"
                               + (f": укажите одну из точек {valid} или добавьте точку органу в organizations.yaml"
                                  if points else ": у органа нет точек оказания — добавьте их (points) "
                                                 "в organizations.yaml"))
            applications = period.tables["applications"]
            for _, row in applications.iterrows():
                if row["refusals"] > 0 and not _cell(row["refusal_reasons"]):
                    report.add(f"periods/{period.period.name}/applications.csv", int(row["_row"]),
                               "refusal_reasons", "refusal-reasons-missing",
                               f"указано отказов: {row['refusals']}, но не указаны их причины: заполните графу "
                               "«Причины отказов» (приложение № 1)", severity="warning")
                if row["considered"] > row["received"]:
                    report.add(f"periods/{period.period.name}/applications.csv", int(row["_row"]),
                               "considered", "considered-exceed-received",
                               f"рассмотрено заявлений ({row['considered']}) больше, чем принято за период "
                               f"({row['received']}): это возможно, только если рассматривались заявления "
                               "прошлого периода — проверьте числа", severity="warning")

    # ---- computation ----------------------------------------------------------
    def compute(self, dataset: Dataset, periods: list) -> Results:
        services = dataset.services.set_index("service_id")
        assessments: list[Assessment] = []
        municipal = {}
        for period_data in periods:
            tables = period_data.tables
            rated: list[Assessment] = []
            for service_id, rows in tables["assessments"].groupby("service_id", sort=True):
                info = services.loc[service_id]
                organization = dataset.organizations[info["organization_id"]]
                rated.append(self.service(period_data.period, organization, service_id, info["name"], rows,
                                          tables["comparison"]))
            assign_ranks(rated, self.headline)
            organs = [self.organ(period_data.period, organization, rated, tables["applications"], services)
                      for organization in dataset.organizations.values()]
            assessments.extend(organs + rated)
            municipal[period_data.period.name] = {"index": self.with_band(mean_index(
                "index", "Иср", [a for a in rated if a.value("index") is not None]))}
        return Results([p.period for p in periods], assessments, {p.period.name: self.code for p in periods},
                       municipal)

    def service(self, period, organization, service_id, name, rows: pd.DataFrame, comparison) -> Assessment:
        point_names = {p.id: p.name for p in organization.points}
        order = [p.id for p in organization.points]
        rows = rows.assign(_order=rows["point_id"].map(order.index)).sort_values("_order")
        sheets = [self.point_sheet(row, point_names[row["point_id"]]) for row in rows.to_dict("records")]
        figures: dict[str, Figure] = {}
        for sheet in sheets:
            for code in ("p1", "p9", "soku"):  # a code per point, so each figure has its own anchor
                sheet[code] = replace(sheet[code], indicator=f"{code}_{sheet['point_id']}")
                figures[f"{code}_{sheet['point_id']}"] = sheet[code]
        figures["index"] = self.with_band(integrated_score([(s["point_name"], s["soku"]) for s in sheets]))
        compared = comparison[comparison["service_id"] == service_id].sort_values("other_municipality")
        return Assessment(period, organization, self.code, monitored=True, figures=figures,
                          service_id=service_id, service_name=name,
                          detail={"sheets": sheets, "comparisons": [comparison_rows(r) for r in
                                                                    compared.to_dict("records")]})

    def point_sheet(self, row: dict, point_name: str) -> dict:
        requirements = {code: _cell(row[code]) for code in REQUIREMENTS}
        p1 = requirement_score(requirements, REQUIREMENTS)
        answers = {code: _cell(row[code]) for code in PARAMETERS}
        band = self.scales["satisfaction"].band_for(row["p9_satisfied_share"])
        p9 = satisfaction_score(row["p9_satisfied_share"], band, self.satisfaction_points(band))
        soku = point_score(p1, answers, p9, PARAMETERS)
        return {"point_id": row["point_id"], "point_name": point_name, "requirements": requirements,
                "answers": answers, "p1": p1, "p9": p9, "satisfied_share": row["p9_satisfied_share"],
                "satisfaction_band": band, "soku": soku, "website": _cell(row.get("p4_website")) or ""}

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
            result.figures["index"] = self.with_band(mean_index("index", "Иср", evaluated))
        else:
            result.figures["index"] = Figure("index", None, "И органа = среднее И его услуг",
                                             reason="ни одна услуга органа за период не оценивалась")
        return result

    def coverage(self, period_data, results: Results) -> list[str]:
        assessments = period_data.tables["assessments"]
        return [f"{plural_count(assessments['service_id'].nunique(), 'услуга', 'услуги', 'услуг')}, "
                f"{plural_count(len(assessments), 'оценка в точке оказания', 'оценки в точках оказания', 'оценок в точках оказания')}"]

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
    """Parameter I: the sum of the evaluated requirements' scores / their number."""
    inputs = tuple(Input(f"Т{n}", names[code], _points(value)) for n, (code, value)
                   in enumerate(requirements.items(), start=1))
    evaluated = [i for i in inputs if i.value is not None]
    left_out = tuple(f"Требование «{i.label}» не оценивается и в расчёт не входит" for i in inputs
                     if i.value is None)
    formula = "П1 = сумма баллов оцениваемых требований / количество оцениваемых требований"
    if not evaluated:
        return Figure("p1", None, formula, "", inputs, reason="не оценено ни одно требование административного "
                                                               "регламента", notes=left_out)
    expression = "(" + " + ".join(f"{{{i.symbol}}}" for i in evaluated) + f") / {len(evaluated)}"
    return Figure("p1", fmean(i.value for i in evaluated), formula, expression, tuple(evaluated), notes=left_out)


def satisfaction_score(share: float, band, points: int) -> Figure:
    """Parameter 9: the points of the scale row the share of satisfied applicants falls in."""
    return Figure("p9", float(points), "П9 = балл строки шкалы параметра 9 для доли удовлетворённых Д",
                  "", (Input("Д", "Доля заявителей, удовлетворённых услугой", share, "%"),),
                  notes=(f"Д = {decimal(round(share, 1))} % — строка «{band.label}»",))


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
    scored = [i for i in inputs if i.value is not None]
    formula = "Соку = сумма баллов по оцениваемым параметрам / количество оцениваемых параметров"
    expression = "(" + " + ".join(f"{{{i.symbol}}}" for i in scored) + f") / {len(scored)}"
    return Figure("soku", sum(i.value for i in scored) / len(scored), formula, expression, tuple(scored),
                  notes=tuple(notes))


def integrated_score(points: list[tuple[str, Figure]]) -> Figure:
    """И = Соку at one point; the mean of Соку over the Км points otherwise."""
    if len(points) == 1:
        name, soku = points[0]
        return Figure("index", soku.value, "И = Соку (услуга исследована в одной точке оказания)", "{Соку}",
                      (Input("Соку", f"Соку в точке «{name}»", soku.value),))
    inputs = tuple(Input(f"СокуМ{n}", f"Соку в точке «{name}»", soku.value)
                   for n, (name, soku) in enumerate(points, start=1))
    count = Input("Км", "Количество исследуемых точек оказания", len(points))
    expression = "(" + " + ".join(f"{{{i.symbol}}}" for i in inputs) + ") / {Км}"
    return Figure("index", fmean(i.value for i in inputs), "И = (СокуМ1 + … + СокуМi) / Км", expression,
                  (*inputs, count))


def mean_index(code: str, symbol: str, assessments: list[Assessment]) -> Figure:
    """A reference mean of И over services (the act defines no total for an organ or the district)."""
    inputs = tuple(Input(f"И{n}", a.service_name, a.value("index")) for n, a in enumerate(assessments, start=1))
    formula = f"{symbol} = сумма И услуг / количество оценённых услуг"
    if not inputs:
        return Figure(code, None, formula, reason="нет ни одной оценённой услуги")
    expression = "(" + " + ".join(f"{{{i.symbol}}}" for i in inputs) + f") / {len(inputs)}"
    if len(inputs) == 1:
        expression = "{И1}"
    return Figure(code, fmean(i.value for i in inputs), formula, expression, inputs)


def comparison_rows(row: dict) -> dict:
    """Приложение № 3 for one other municipality: the seed's rows, with the deviation of the numeric ones."""
    lines = []
    for name, title, kind in COMPARISON_ROWS:
        own, other = row.get(f"{name}_own"), row.get(f"{name}_other")
        own = None if own is None or (isinstance(own, float) and pd.isna(own)) else own
        other = None if other is None or (isinstance(other, float) and pd.isna(other)) else other
        deviation = own - other if kind != "text" and own is not None and other is not None else None
        lines.append({"code": name, "title": title, "kind": kind, "own": own, "other": other,
                      "deviation": deviation})
    return {"other": row["other_municipality"], "lines": lines}
