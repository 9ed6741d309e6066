"""Kaluga, 2025: Куд, Кпр (Кмнк, Уs, Уар) and Кэф of each organ of the administration.

Every function takes the organ's rows of the seed tables and returns Figures that
keep their inputs, so a page can print the whole calculation.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pandas as pd

from generator.dataset import Dataset
from generator.methods.base import Methodology, table_file
from generator.methods.kaluga_inputs import AMENDMENTS, CHANNELS, CRITERIA, INPUTS
from generator.exact import exact
from generator.figures import (Const, Difference, Figure, Input, Product, Quotient, Ref, Sum, as_input, computed,
                               mean, not_evaluated, share)
from generator.problems import Report
from generator.responses import aggregate_feedback, check_responses, scores_of
from generator.results import Assessment, Results, assign_ranks, reference_mean
from generator.text_ru import plural_count

EPGU = "epgu"


class Kaluga(Methodology):
    code = "kaluga"
    page_kinds = ()
    data_file = "kaluga.yaml"
    inputs = INPUTS
    headline = "kef"
    summary = ("kef", "kud", "kpr")
    municipal_trend_title = "Средние Кэф, Куд и Кпр органов по периодам"
    criteria = CRITERIA
    amendments = AMENDMENTS

    @property
    def channels(self) -> dict[str, str]:
        return {**CHANNELS, EPGU: self.spec["epgu_channel"]}

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        for period in periods:
            self.check_feedback_source(period, report)
            requests = period.tables["requests"]
            provided = set(requests["service_id"])
            for name in ("epgu_ratings", "regulations"):
                table = period.tables[name]
                for _, row in table[~table["service_id"].isin(provided)].iterrows():
                    report.add(table_file(period, name), int(row["_row"]), "service_id",
                               "service-not-in-period",
                               f"услуги «{row['service_id']}» нет в requests.csv за этот период, строка не учитывается: "
                               "добавьте услугу в requests.csv или удалите строку", severity="warning")
            inconsistent = requests[(~requests["electronic"].astype(bool)) & (requests["requests_epgu"] > 0)]
            for _, row in inconsistent.iterrows():
                report.add(table_file(period, "requests"), int(row["_row"]), "electronic",
                           "epgu-requests-not-electronic",
                           f"услуга не отмечена как переведённая в электронный вид, но через Портал госуслуг "
                           f"поступило {row['requests_epgu']} заявлений: проверьте графу «electronic»",
                           severity="warning")

    def check_feedback_source(self, period, report: Report) -> None:
        """Таблица 1 comes either aggregated (feedback.csv) or as raw answers (responses.csv)."""
        folder = f"periods/{period.period.name}/"
        has_feedback, has_responses = (period.tables[n].attrs.get("given", False) for n in ("feedback", "responses"))
        if has_feedback and has_responses:
            report.add(table_file(period, "responses"), None, None, "feedback-given-twice",
                       "оценки клиентов даны дважды — сводной таблицей feedback.csv и анкетами responses.csv: "
                       "оставьте один из файлов")
        elif not has_feedback and not has_responses:
            report.add(folder + "feedback.csv", None, None, "file-missing",
                       "нет оценок клиентов за период: добавьте feedback.csv (таблица 1) или responses.csv "
                       "(анкеты, по строке на респондента)")
        elif has_responses:
            check_responses(period.tables["responses"], table_file(period, "responses"), report)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data) -> tuple[list[Assessment], dict[str, Figure]]:
        services = dataset.services.set_index("service_id")
        tables = {k: v.join(services[["organization_id", "name"]], on="service_id")
                  if "service_id" in v.columns else v for k, v in period_data.tables.items()}
        if not period_data.tables["responses"].empty:
            tables["feedback"] = aggregate_feedback(period_data.tables["responses"], dataset.services,
                                                    {c: c for c in self.criteria})
        organs = [self.organ(period_data.period, org, tables) for org in dataset.organizations.values()]
        assign_ranks(organs, self.headline)
        return organs, self.municipal(organs)

    def organ(self, period, organization, tables) -> Assessment:
        own = {name: _rows_of(table, organization.id) for name, table in tables.items()}
        requests = own["requests"]
        total = int(requests["requests"].sum())
        result = Assessment(period, organization, self.code, monitored=False,
                             detail={"requests": requests, "total_requests": total,
                                     "service_rows": requests.sort_values("name").to_dict("records"),
                                     "summary": organ_summary(requests)})
        if requests.empty:
            result.reason = "нет сведений о предоставлении услуг за период"
        elif total < self.spec["minimum_requests"]:
            result.reason = (f"поступило {plural_count(total, 'заявление', 'заявления', 'заявлений')}, "
                             f"менее {self.spec['minimum_requests']} (п. 4.4 Порядка)")
        else:
            result.monitored = True
            result.figures, extra = self.figures(own)
            result.detail.update(extra)
        return result

    def figures(self, own: dict[str, pd.DataFrame]) -> tuple[dict[str, Figure], dict]:
        requests = own["requests"]
        satisfaction = satisfaction_figures(own["feedback"], own["epgu_ratings"], self.channels)
        access = access_figures(requests)
        standards, prebooking = standards_figures(requests, self.spec["prebooking_minimum_requests"])
        regulation, regulation_rows = regulation_figures(requests, own["regulations"], self.spec["amendments"])
        figures = {**satisfaction, **access, **standards, **regulation}
        figures.update(practice_figures(figures, int(requests["requests"].sum()), self.spec["raising_factor"]))
        figures["kef"] = efficiency_figure(figures["kud"], figures["kpr"])
        banded = {code: self.with_band(f) for code, f in figures.items()}
        return banded, {"prebooking": prebooking, "regulations": regulation_rows,
                        "pain_map": pain_map(own.get("responses"), self.criteria),
                        "feedback": feedback_rows(own["feedback"], self.channels, self.criteria),
                        "epgu_ratings": own["epgu_ratings"]}

    def municipal(self, organs: list[Assessment]) -> dict[str, Figure]:
        """Reference averages over monitored organs (the act defines no municipal figure)."""
        monitored = [o for o in organs if o.monitored]
        return {code: self.with_band(reference_mean(
                    code, f"{self.indicators[code].symbol} (среднее по органам) = Σ {self.indicators[code].symbol} "
                    "органов / их число", monitored, code, "нет ни одного органа, по которому проводился мониторинг",
                    unit="%"))
                for code in ("kef", "kud", "kpr")}

    def recommendations(self, organ: Assessment) -> list[str]:
        return recommendations(organ, self.channels)

    # ---- pages ------------------------------------------------------------------
    def coverage(self, period_data, results: Results) -> list[str]:
        requests = period_data.tables["requests"]
        return [f"{plural_count(len(requests), 'услуга', 'услуги', 'услуг')}, "
                f"{plural_count(int(requests['requests'].sum()), 'заявление', 'заявления', 'заявлений')}"]

    def organ_page(self, site, organ: Assessment) -> None:
        from generator.charts import bar_chart

        org_id, period = organ.organization.id, organ.period
        history = [o for o in site.results.history(org_id) if o.period <= period]
        channels = [f for code, f in organ.figures.items() if code.startswith("kud_")]
        feedback_chart = None
        if organ.monitored and channels:
            feedback_chart = site.chart(bar_chart(
                f"charts/organs/{org_id}-{period.name}-kud.svg", f"Куд по каналам обратной связи, {period.label}",
                [self.channel_label(f.indicator) for f in channels], [f.value for f in channels],
                "Куд, %", "Канал обратной связи"))
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Динамика показателей: {organ.organization.display_name}") if len(history) > 1 else None
        site.page(organ.page, "pages/kaluga/organ.md.j2", method=self, organ=organ,
                  previous=site.previous(organ), history=history, feedback_chart=feedback_chart, trend=trend,
                  channels=channels, recommendations=self.recommendations(organ) if organ.monitored else [])

    def channel_label(self, indicator: str) -> str:
        return self.channels.get(indicator.removeprefix("kud_"), indicator)


# ---- helpers ------------------------------------------------------------------

def _rows_of(table: pd.DataFrame, organization_id: str) -> pd.DataFrame:
    return table[table["organization_id"] == organization_id].reset_index(drop=True)


def _as_input(figure: Figure, symbol: str) -> Input:
    return as_input(figure, symbol, "%")


def _composite(code: str, formula: str, parts: list[tuple[str, Figure]]) -> Figure:
    """The mean of the evaluated parts of a composite; it says which parts it had to leave out."""
    left_out = [f"{symbol} не оценивается и в расчёт не входит" for symbol, f in parts if f.value is None]
    return mean(code, formula, [_as_input(f, symbol) for symbol, f in parts], "нет ни одной оцененной составляющей",
                left_out)


def organ_summary(requests: pd.DataFrame) -> list[tuple[str, int]]:
    """Таблица 3.1: the organ's totals, derived from its rows of Таблица 3."""
    return [
        ("Количество оказываемых муниципальных услуг", len(requests)),
        ("Количество услуг, переведённых в электронный вид", int(requests["electronic"].sum())),
        ("Количество услуг, переданных для предоставления в МФЦ", int(requests["mfc"].sum())),
        ("Количество услуг с возможностью предварительной записи на подачу документов", int(requests["prebooking"].sum())),
        ("Количество муниципальных служащих, оказывающих услуги", int(requests["staff"].sum())),
        ("Количество заявлений, поступивших на предоставление услуг за период", int(requests["requests"].sum())),
        ("Количество электронных заявлений, поступивших через Портал госуслуг", int(requests["requests_epgu"].sum())),
        ("Количество заявлений, поступивших через МФЦ", int(requests["requests_mfc"].sum())),
        ("Количество заявлений, рассмотренных в установленный срок", int(requests["on_time"].sum())),
        ("Количество жалоб, поступивших на предоставление услуг", int(requests["complaints"].sum())),
        ("Количество утверждённых административных регламентов", int(requests["regulation_approved"].sum())),
    ]


# ---- the «карта болей» (п. 3.2.4), when raw answers were given ---------------------

LOW_SCORE = 2  # a score of 1 or 2 of 5: the client is dissatisfied with that criterion


def pain_map(responses: pd.DataFrame | None, criteria: dict[str, str]) -> dict | None:
    """Where clients hurt: the share of low scores per criterion, and their consented comments
    (personal data removed). None when only the aggregated Таблица 1 was given."""
    from generator.privacy import scrub
    from generator.responses import publishable

    if responses is None or responses.empty:
        return None
    rows = []
    for code, label in criteria.items():
        scores = scores_of(responses, code)
        low = sum(1 for score in scores if score <= LOW_SCORE)
        rows.append({"criterion": label, "rated": len(scores), "low": low,
                     "share": Fraction(low * 100, len(scores)) if len(scores) else None})
    rows.sort(key=lambda r: -(r["share"] or 0))
    consented = responses[publishable(responses)]
    comments = [{"text": scrub(t), "service": n} for t, n in zip(consented["comment"], consented["name"])][:8]
    return {"criteria": rows, "comments": comments, "respondents": len(responses)}


# ---- satisfaction (п. 3.2) ------------------------------------------------------

def satisfaction_coefficient(csi: Input) -> Figure:
    """Куд(%) = CSI / 5 × 100 % (п. 3.2.2), exactly."""
    return computed("kud", "Куд канала = CSI / 5 × 100 %", Product(Quotient(Ref(csi), Const(5)), Const(100)))


def channel_csi(feedback: pd.DataFrame) -> Fraction | None:
    """CSI of one channel: the mean of its criteria scores (criteria nobody rated are skipped)."""
    scores = [score for score, asked in zip(map(exact, feedback["score"]), feedback["respondents"])
              if asked > 0 and score is not None]
    return sum(scores, Fraction(0)) / len(scores) if scores else None


def epgu_csi(ratings: pd.DataFrame) -> Fraction | None:
    """CSI of the federal portal: per-service CSI weighted by the number of ratings."""
    weight = int(ratings["ratings"].sum())
    if not weight:
        return None
    return sum((exact(csi) * int(n) for csi, n in zip(ratings["csi"], ratings["ratings"])), Fraction(0)) / weight


def feedback_rows(feedback: pd.DataFrame, channels: dict[str, str], criteria: dict[str, str]) -> list[dict]:
    """Таблица 1 as a reader scans it: a row per channel, a cell per criterion."""
    rows = []
    for channel in channels:
        own = feedback[feedback["channel"] == channel]
        if own.empty:
            continue
        cells = {}
        for criterion in criteria:
            match = own[own["criterion"] == criterion]
            cells[criterion] = None if match.empty else {"respondents": int(match["respondents"].iloc[0]),
                                                          "score": match["score"].iloc[0]}
        rows.append({"channel": channel, "label": channels[channel], "cells": cells, "csi": channel_csi(own)})
    return rows


def satisfaction_figures(feedback: pd.DataFrame, epgu: pd.DataFrame, channels: dict[str, str]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for channel in channels:
        if channel == EPGU:
            csi = epgu_csi(epgu)
            inputs = (Input("CSI", "CSI Портала госуслуг, взвешенный по числу оценок", csi),
                      Input("оценок", "Число оценок", int(epgu["ratings"].sum())))
        else:
            rows = feedback[feedback["channel"] == channel]
            csi = channel_csi(rows)
            inputs = (Input("CSI", "Средняя оценка критериев канала", csi),
                      Input("респондентов", "Число респондентов (наибольшее по критериям)",
                            int(rows["respondents"].max()) if not rows.empty else 0))
        if csi is None:
            continue  # a channel without ratings is not part of Куд
        figures[f"kud_{channel}"] = replace(satisfaction_coefficient(inputs[0]), indicator=f"kud_{channel}",
                                             inputs=inputs)
    parts = [Input(channels[f.indicator.removeprefix("kud_")], "Куд канала", f.value, "%") for f in figures.values()]
    figures["kud"] = mean("kud", "Куд = среднее Куд по каналам обратной связи", parts,
                          "нет оценок ни по одному каналу обратной связи")
    return figures


# ---- availability through channels (п. 3.3.3.1) ---------------------------------

def access_figures(requests: pd.DataFrame) -> dict[str, Figure]:
    total = Input("Кз", "Заявлений за период", int(requests["requests"].sum()))
    services = Input("Ку", "Услуг органа", len(requests))
    converted = Input("К", "Услуг в электронном виде и (или) через МФЦ",
                      int((requests["electronic"] | requests["mfc"]).sum()))
    d_u = share("d_u", "Dу = К / Ку × 100 %", converted, services, "у органа нет услуг")
    no_requests = "за период не поступило заявлений"
    d_el = share("d_el", "Dэл = Кэл / Кз × 100 %",
                 Input("Кэл", "Заявлений через Портал госуслуг", int(requests["requests_epgu"].sum())), total, no_requests)
    d_mfc = share("d_mfc", "Dмфц = Кмфц / Кз × 100 %",
                  Input("Кмфц", "Заявлений через МФЦ", int(requests["requests_mfc"].sum())), total, no_requests)
    d_z = computed("d_z", "Dз = Dэл + Dмфц", Sum(Ref(_as_input(d_el, "Dэл")), Ref(_as_input(d_mfc, "Dмфц"))),
                   reason=no_requests)
    kmnk = _composite("kmnk", "Кмнк = (Dу + Dз) / 2", [("Dу", d_u), ("Dз", d_z)])
    return {"d_u": d_u, "d_el": d_el, "d_mfc": d_mfc, "d_z": d_z, "kmnk": kmnk}


# ---- standards (п. 3.3.3.2) -----------------------------------------------------

def prebooking_subject(requests: pd.DataFrame, minimum_requests: int) -> pd.Series:
    """Services Dпз applies to: not electronic and with at least `minimum_requests` requests."""
    return (~requests["electronic"]) & (requests["requests"] >= minimum_requests)


def prebooking_exemption(row, minimum_requests: int) -> str:
    if row["electronic"]:
        return "услуга предоставляется в электронном виде"
    if row["requests"] < minimum_requests:
        return f"поступило менее {minimum_requests} заявлений"
    return ""


def standards_figures(requests: pd.DataFrame, minimum_requests: int) -> tuple[dict[str, Figure], pd.DataFrame]:
    total = Input("Кз", "Заявлений за период", int(requests["requests"].sum()))
    no_requests = "за период не поступило заявлений"
    d_mu = share("d_mu", "Dму = Кзу / Кз × 100 %",
                 Input("Кзу", "Рассмотрено в установленный срок", int(requests["on_time"].sum())), total, no_requests)
    d_zh = share("d_zh", "Dж = Кж / Кз × 100 %", Input("Кж", "Жалоб", int(requests["complaints"].sum())),
                 total, no_requests)
    subject = prebooking_subject(requests, minimum_requests)
    d_pz = share("d_pz", "Dпз = Кпз / Ку′ × 100 %",
                 Input("Кпз", "Услуг с предварительной записью среди тех, к которым показатель применяется",
                       int((requests["prebooking"] & subject).sum())),
                 Input("Ку′", "Услуг, к которым показатель применяется", int(subject.sum())),
                 "все услуги органа предоставляются в электронном виде или получили менее "
                 f"{minimum_requests} заявлений (п. 3.3.3.2 «в»)")
    us = standards_level(d_mu, d_pz, d_zh)
    prebooking = requests[["service_id", "name", "requests", "electronic", "prebooking"]].copy()
    prebooking["exemption"] = [prebooking_exemption(r, minimum_requests) for _, r in requests.iterrows()]
    return {"d_mu": d_mu, "d_zh": d_zh, "d_pz": d_pz, "us": us}, prebooking


def standards_level(d_mu: Figure, d_pz: Figure, d_zh: Figure) -> Figure:
    """Уs = (Dму + Dпз + (100 − Dж)) / 3, or without Dпз when it is not evaluated."""
    formula = "Уs = (Dму + Dпз + (100 % − Dж)) / 3"
    parts = [_as_input(f, symbol) for symbol, f in (("Dму", d_mu), ("Dпз", d_pz)) if f.value is not None]
    if d_zh.value is None or not parts:
        return not_evaluated("us", formula, "за период не поступило заявлений")
    terms = [Ref(p) for p in parts] + [Difference(Const(100), Ref(_as_input(d_zh, "Dж")))]
    notes = () if d_pz.value is not None else ("Dпз не оценивается и в расчёт не входит: " + d_pz.reason,)
    return computed("us", formula, Quotient(Sum(*terms), Const(len(terms))), notes=notes)


# ---- administrative regulations (п. 3.3.3.3) -----------------------------------

def regulation_quality(complies_210fz: bool, complies_other: bool, amendment_points) -> Fraction:
    """Quality of one regulation: mean of П1 (compliance) and П2 (timeliness), П2 only where applicable."""
    p1 = Fraction(1 if complies_210fz and complies_other else 0)
    return p1 if amendment_points is None else (p1 + exact(amendment_points)) / 2


def regulation_figures(requests: pd.DataFrame, regulations: pd.DataFrame,
                       amendments: dict) -> tuple[dict[str, Figure], pd.DataFrame]:
    services = Input("Ку", "Услуг органа", len(requests))
    approved = Input("Кар", "Утверждённых административных регламентов", int(requests["regulation_approved"].sum()))
    d_ar = share("d_ar", "Dар = Кар / Ку × 100 %", approved, services, "у органа нет услуг")
    rows = regulations[regulations["service_id"].isin(set(requests["service_id"]))].copy()
    rows["p1"] = (rows["complies_210fz"] & rows["complies_other_acts"]).astype(int)
    points = [exact(amendments[a]["points"]) for a in rows["amendment"]]  # None: П2 not applicable
    rows["p2"] = pd.Series(points, index=rows.index, dtype=object)
    rows["quality"] = [regulation_quality(a, b, c) for a, b, c in
                       zip(rows["complies_210fz"], rows["complies_other_acts"], points)]
    count = Input("N", "Услуг, оценённых в таблице 5", len(rows))
    total = Input("Σ", "Сумма оценок услуг", sum(rows["quality"], Fraction(0)))
    kkr = share("kkr", "Ккр = Σ оценок услуг / N × 100 %", total, count, "таблица 5 по услугам органа не заполнена")
    uar = _composite("uar", "Уар = (Dар + Ккр) / 2", [("Dар", d_ar), ("Ккр", kkr)])
    return {"d_ar": d_ar, "kkr": kkr, "uar": uar}, rows


# ---- practice and efficiency (п. 3.3.4, 4.1) ------------------------------------

def raising_factor(total_requests: int, practice_raw: Fraction, rule: dict) -> tuple[Fraction | None, str]:
    """The factor of table 1.5.1 for Кз requests, or None with the reason it does not apply."""
    if practice_raw > exact(rule["not_applied_above"]):
        return None, f"Кпр более {rule['not_applied_above']} % — повышающий коэффициент не применяется (п. 3.3.4.3)"
    for row in rule["rows"]:
        above = total_requests > row["from"] if row.get("from_exclusive") else total_requests >= row["from"]
        below = "to" not in row or total_requests <= row["to"]
        if above and below:
            return exact(row["factor"]), f"поступило {row['text']} (таблица 1.5.1)"
    return None, "поступило менее 8 тыс. заявлений — повышающий коэффициент не предусмотрен (таблица 1.5.1)"


def practice_figures(figures: dict[str, Figure], total_requests: int, rule: dict) -> dict[str, Figure]:
    raw = _composite("kpr_raw", "Кпр = (Кмнк + Уs + Уар) / 3",
                     [(s, figures[c]) for c, s in (("kmnk", "Кмнк"), ("us", "Уs"), ("uar", "Уар"))])
    if raw.value is None:
        return {"kpr_raw": raw, "kpr": replace(raw, indicator="kpr")}
    factor, why = raising_factor(total_requests, raw.value, rule)
    before = Input("Кпр до коэффициента", "Кпр до применения повышающего коэффициента", raw.value, "%")
    requests = Input("Кз", "Заявлений за период", total_requests)
    if factor is None:
        kpr = computed("kpr", "Кпр = Кпр до коэффициента", Ref(before), (before, requests), notes=(why,))
    else:
        coefficient = Input("коэффициент", "Повышающий коэффициент", factor)
        kpr = computed("kpr", "Кпр = Кпр до коэффициента × повышающий коэффициент",
                       Product(Ref(before), Ref(coefficient)), (before, requests, coefficient), notes=(why,))
    return {"kpr_raw": raw, "kpr": kpr}


def efficiency_figure(kud: Figure, kpr: Figure) -> Figure:
    """Кэф = (Куд + Кпр) / 2 (п. 4.1.1)."""
    return _composite("kef", "Кэф = (Куд + Кпр) / 2", [("Куд", kud), ("Кпр", kpr)])


# ---- recommendations (раздел 6 отчёта, п. 4.1.3) ---------------------------------

def _names(frame: pd.DataFrame, limit: int = 5) -> str:
    names = [f"«{n}»" for n in frame["name"]]
    extra = len(names) - limit
    return ", ".join(names[:limit]) + (f" и ещё {extra}" if extra > 0 else "")


def recommendations(organ: Assessment, channels: dict[str, str]) -> list[str]:
    """Concrete advice from the organ's weakest indicators, weakest first."""
    figures, requests = organ.figures, organ.detail["requests"]
    candidates: list[tuple[float, str]] = []

    def gap(code: str) -> float:
        value = figures[code].value if code in figures else None
        return 0.0 if value is None else 100 - value

    for code, figure in figures.items():
        if code.startswith("kud_") and figure.value is not None and figure.value < 80:
            candidates.append((100 - figure.value, (
                f"Проанализировать отзывы, полученные по каналу «{channels[code.removeprefix('kud_')]}», и "
                "устранить причины неудовлетворённости клиентов; развивать систему обратной связи (п. 4.1.3 «а»).")))
    not_converted = requests[~(requests["electronic"] | requests["mfc"])]
    if not not_converted.empty:
        candidates.append((gap("d_u"), "Перевести в электронный вид или передать для предоставления в МФЦ "
                                       f"услуги: {_names(not_converted)}."))
    if figures["d_z"].value is not None and figures["d_z"].value < 40:
        candidates.append((100 - figures["d_z"].value, "Информировать заявителей о возможности подать заявление "
                                                        "через Портал госуслуг и МФЦ: доля таких заявлений ниже 40 %."))
    late = requests[requests["late"] > 0].sort_values("late", ascending=False)
    if not late.empty:
        candidates.append((gap("d_mu") * 3, "Устранить нарушения сроков рассмотрения заявлений, прежде всего по "
                                            f"услугам: {_names(late, 3)}."))
    complained = requests[requests["complaints"] > 0].sort_values("complaints", ascending=False)
    if not complained.empty and gap("d_zh") < 100:
        candidates.append((100 - gap("d_zh") + 1, "Разобрать причины жалоб и принять меры по их устранению "
                                                   f"(больше всего жалоб по услугам: {_names(complained, 3)})."))
    prebooking = organ.detail["prebooking"]
    missing = prebooking[(prebooking["exemption"] == "") & ~prebooking["prebooking"]]
    if not missing.empty:
        candidates.append((gap("d_pz"), f"Организовать предварительную запись на подачу документов по услугам: "
                                        f"{_names(missing)}."))
    unapproved = requests[~requests["regulation_approved"]]
    if not unapproved.empty:
        candidates.append((gap("d_ar"), f"Утвердить административные регламенты услуг: {_names(unapproved)}."))
    regulations = organ.detail["regulations"]
    non_compliant = regulations[regulations["p1"] < 1]
    if not non_compliant.empty:
        candidates.append((gap("kkr"), "Привести административные регламенты в соответствие с действующим "
                                       f"законодательством: {_names(non_compliant)}."))
    slow = regulations[regulations["amendment"].isin(["с_опозданием", "не_внесены"])]
    if not slow.empty:
        candidates.append((gap("kkr") / 2, "Вносить изменения в административные регламенты в течение месяца "
                                           f"после изменения законодательства: {_names(slow)}."))
    candidates.sort(key=lambda c: -c[0])
    advice = [text for _, text in candidates[:6]]
    return advice or ["Существенных резервов по показателям методики не выявлено: поддерживать достигнутый уровень "
                      "и продолжать сбор обратной связи (п. 4.1.3 «б»)."]
