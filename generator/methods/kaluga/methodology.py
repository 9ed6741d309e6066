"""Kaluga, 2025: Куд, Кпр (Кмнк, Уs, Уар) and Кэф of each organ of the administration.

The organ's rows of the seed tables go to the arithmetic (figures.py); this module checks the
tables, assembles an organ's assessment and writes its report page.
"""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.figures import Figure
from generator.methods.base import Methodology, PeriodResult
from generator.methods.kaluga.figures import (EPGU, access_figures, channel_csi, efficiency_figure, practice_figures,
                                              regulation_figures, satisfaction_figures, standards_figures)
from generator.methods.kaluga.inputs import AMENDMENTS, CHANNELS, CRITERIA, INPUTS
from generator.methods.kaluga.recommendations import recommendations
from generator.methods.kaluga.spec import KalugaSpec
from generator.problems import Report
from generator.survey.responses import aggregate_feedback, check_responses, scores_of
from generator.results import Assessment, Results, assign_ranks, reference_mean
from generator.text_ru import plural_count


class Kaluga(Methodology[KalugaSpec]):
    code = "kaluga"
    spec_model = KalugaSpec
    page_kinds = ()
    inputs = INPUTS
    headline = "kef"
    summary = ("kef", "kud", "kpr")
    municipal_trend_title = "Средние Кэф, Куд и Кпр органов по периодам"
    criteria = CRITERIA
    amendments = AMENDMENTS

    @property
    def channels(self) -> dict[str, str]:
        return {**CHANNELS, EPGU: self.spec.epgu_channel}

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        for period in periods:
            self.check_feedback_source(period, report)
            requests = period.tables["requests"]
            provided, requests_file = set(requests["service_id"]), period.file_name("requests")
            for name in ("epgu_ratings", "regulations"):
                table = period.tables[name]
                for _, row in table[~table["service_id"].isin(provided)].iterrows():
                    report.add(period.file(name), int(row["_row"]), "service_id",
                               "service-not-in-period",
                               f"услуги «{row['service_id']}» нет в {requests_file} за этот период, строка не учитывается: "
                               f"добавьте услугу в {requests_file} или удалите строку", severity="warning")
            inconsistent = requests[(~requests["electronic"].astype(bool)) & (requests["requests_epgu"] > 0)]
            for _, row in inconsistent.iterrows():
                report.add(period.file("requests"), int(row["_row"]), "electronic",
                           "epgu-requests-not-electronic",
                           f"услуга не отмечена как переведённая в электронный вид, но через Портал госуслуг "
                           f"поступило {row['requests_epgu']} заявлений: проверьте графу «electronic»",
                           severity="warning")

    def check_feedback_source(self, period, report: Report) -> None:
        """Таблица 1 comes either aggregated (feedback.csv) or as raw answers (responses.csv)."""
        folder = f"periods/{period.period.name}/"
        has_feedback, has_responses = (period.given(n) for n in ("feedback", "responses"))
        if has_feedback and has_responses:
            report.add(period.file("responses"), None, None, "feedback-given-twice",
                       f"оценки клиентов даны дважды — сводной таблицей {period.file_name('feedback')} и анкетами "
                       f"{period.file_name('responses')}: оставьте один из файлов")
        elif not has_feedback and not has_responses:
            report.add(folder + "feedback.csv", None, None, "file-missing",
                       "нет оценок клиентов за период: добавьте feedback.csv (таблица 1) или responses.csv "
                       "(анкеты, по строке на респондента)")
        elif has_responses:
            check_responses(period.tables["responses"], period.file("responses"), report)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        services = dataset.services.set_index("service_id")
        tables = {k: v.join(services[["organization_id", "name"]], on="service_id")
                  if "service_id" in v.columns else v for k, v in period_data.tables.items()}
        if not period_data.tables["responses"].empty:
            tables["feedback"] = aggregate_feedback(period_data.tables["responses"], dataset.services,
                                                    {c: c for c in self.criteria})
        organs = [self.organ(period_data.period, org, tables) for org in dataset.organizations.values()]
        assign_ranks(organs, self.headline)
        return PeriodResult(organs, self.municipal(organs))

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
        elif total < self.spec.minimum_requests:
            result.reason = (f"поступило {plural_count(total, 'заявление', 'заявления', 'заявлений')}, "
                             f"менее {self.spec.minimum_requests} (п. 4.4 Порядка)")
        else:
            result.monitored = True
            result.figures, extra = self.figures(own)
            result.detail.update(extra)
        return result

    def figures(self, own: dict[str, pd.DataFrame]) -> tuple[dict[str, Figure], dict]:
        requests = own["requests"]
        satisfaction = satisfaction_figures(own["feedback"], own["epgu_ratings"], self.channels)
        access = access_figures(requests)
        standards, prebooking = standards_figures(requests, self.spec.prebooking_minimum_requests)
        regulation, regulation_rows = regulation_figures(requests, own["regulations"], self.spec.amendments)
        figures = {**satisfaction, **access, **standards, **regulation}
        figures.update(practice_figures(figures, int(requests["requests"].sum()), self.spec.raising_factor))
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
        org_id, period = organ.organization.id, organ.period
        history = [o for o in site.results.history(org_id) if o.period <= period]
        channels = [f for code, f in organ.figures.items() if code.startswith("kud_")]
        feedback_chart = None
        if organ.monitored and channels:
            feedback_chart = site.bar_chart(
                f"charts/organs/{org_id}-{period.name}-kud.svg", f"Куд по каналам обратной связи, {period.label}",
                [self.channel_label(f.indicator) for f in channels], [f.value for f in channels],
                "Куд, %", "Канал обратной связи")
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Динамика показателей: {organ.organization.display_name}") if len(history) > 1 else None
        site.page(organ.page, self.template("organ"), method=self, organ=organ,
                  previous=site.previous(organ), history=history, feedback_chart=feedback_chart, trend=trend,
                  channels=channels, recommendations=self.recommendations(organ) if organ.monitored else [])

    def channel_label(self, indicator: str) -> str:
        return self.channels.get(indicator.removeprefix("kud_"), indicator)


# ---- helpers ------------------------------------------------------------------

def _rows_of(table: pd.DataFrame, organization_id: str) -> pd.DataFrame:
    return table[table["organization_id"] == organization_id].reset_index(drop=True)


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
    from generator.survey.privacy import scrub
    from generator.survey.responses import publishable

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
