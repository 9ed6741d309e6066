"""Kaluga, 2025: Куд, Кпр (Кмнк, Уs, Уар) and Кэф of each organ of the administration.

Each seed table is read once per period and split by organ (rows.py); the organ's rows go to the
arithmetic (figures.py); this module checks the tables, assembles an organ's assessment and writes its
report page.
"""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from generator.dataset import Dataset, PeriodData
from generator.figures import Figure, named_inputs
from generator.methods.base import Methodology, PeriodResult
from generator.methods.kaluga.figures import (EPGU, access_figures, channel_csi, efficiency_figure, practice_figures,
                                              regulation_figures, satisfaction_figures, standards_figures)
from generator.methods.kaluga.inputs import AMENDMENTS, CHANNELS, CRITERIA, INPUTS
from generator.methods.kaluga.recommendations import recommendations
from generator.methods.kaluga.spec import KalugaSpec
from generator.methods.rows import Rows, ordered, records, rows_by_organ, split_by, total
from generator.problems import Report
from generator.survey.responses import (Answers, answers_by_organ, check_responses, publishable, score_counts_of,
                                         with_services)
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
    survey_indicator = "kud"  # the one figure from respondents; Кпр and its parts are complete counts
    criteria = CRITERIA
    amendments = AMENDMENTS

    @property
    def channels(self) -> dict[str, str]:
        return {**CHANNELS, EPGU: self.spec.epgu_channel}

    def member_label(self, indicator, member: str, assessment) -> str:
        """Куд of a channel (`kud_phone`) by the channel's name in the act."""
        return self.channels.get(member, member) if indicator.code == "kud" else member

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
        tables = {k: with_services(v, services) if "service_id" in v.columns else v
                  for k, v in period_data.tables.items() if k != "responses"}
        by_organ = {name: _rows_by_organ(name, table) for name, table in tables.items()}
        by_organ["responses"] = {}
        if not period_data.tables["responses"].empty:  # Таблица 1 and each organ's answers, counted at once
            feedback, by_organ["responses"] = answers_by_organ(period_data.tables["responses"], dataset.services,
                                                               {c: c for c in self.criteria})
            by_organ["feedback"] = _rows_by_organ("feedback", feedback)
        organs = [self.assess(period_data.period, org, {name: rows.get(org.id, []) for name, rows in by_organ.items()})
                  for org in dataset.organizations.values()]
        assign_ranks(organs, self.headline)
        return PeriodResult(organs, self.municipal(organs))

    def organ(self, period, organization, tables: dict[str, pd.DataFrame]) -> Assessment:
        """The organ's assessment from whole tables (with `organization_id`), as compute_period makes it."""
        return self.assess(period, organization,
                           {name: _rows_by_organ(name, table).get(organization.id, []) for name, table in tables.items()})

    def assess(self, period, organization, own: dict[str, list[dict]]) -> Assessment:
        """The organ's assessment from its own rows of each table."""
        requests = own["requests"]
        requested = total(requests, "requests")
        result = Assessment(period, organization, self.code, monitored=False,
                            detail={"requests": requests, "total_requests": requested,
                                    "service_rows": ordered(requests, "name"),
                                    "summary": organ_summary(requests)})
        if not requests:
            result.reason = "нет сведений о предоставлении услуг за период"
        elif requested < self.spec.minimum_requests:
            result.reason = (f"поступило {plural_count(requested, 'заявление', 'заявления', 'заявлений')}, "
                             f"менее {self.spec.minimum_requests} (п. 4.4 Порядка)")
        else:
            result.monitored = True
            result.figures, extra = self.figures(own)
            result.detail.update(extra)
        return result

    def figures(self, own: dict[str, list[dict]]) -> tuple[dict[str, Figure], dict]:
        requests = own["requests"]
        satisfaction = satisfaction_figures(own["feedback"], own["epgu_ratings"], self.channels, own.get("responses"))
        access = access_figures(requests)
        standards, prebooking = standards_figures(requests, self.spec.prebooking_minimum_requests)
        regulation, regulation_rows = regulation_figures(requests, own["regulations"], self.spec.amendments)
        figures = {**satisfaction, **access, **standards, **regulation}
        figures.update(practice_figures(figures, total(requests, "requests"), self.spec.raising_factor))
        figures["kef"] = efficiency_figure(figures["kud"], figures["kpr"])
        names = {code: indicator.name for code, indicator in self.indicators.items()}
        banded = {code: self.with_band(named_inputs(f, names)) for code, f in figures.items()}
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

    def respondents(self, assessment: Assessment) -> int | None:
        """Those asked in every channel of its Куд: a channel's respondents (the most of any criterion) or
        the portal's ratings."""
        asked = sum(int(f.inputs[1].value) for code, f in assessment.figures.items()
                    if code.startswith("kud_") and not code.endswith("_change") and f.evaluated)
        return asked or None

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
                "Куд, %", "Канал обратной связи", scale=self.scales[self.indicators["kud"].scale])
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Динамика показателей: {organ.organization.display_name}") if len(history) > 1 else None
        site.page(organ.page, self.template("organ"), method=self, organ=organ,
                  previous=site.previous(organ), history=history, feedback_chart=feedback_chart, trend=trend,
                  channels=channels, recommendations=self.recommendations(organ) if organ.monitored else [])

    def channel_label(self, indicator: str) -> str:
        return self.channels.get(indicator.removeprefix("kud_"), indicator)


# ---- helpers ------------------------------------------------------------------

def _rows_by_organ(name: str, table: pd.DataFrame) -> dict[str, list[dict]]:
    """The table's records by organ, in one pass over the table."""
    if name == "responses":  # millions of rows: kept a frame per organ, counted a column at a time (pain_map)
        return split_by(table, "organization_id")
    return rows_by_organ(table)


def organ_summary(requests: Rows) -> list[tuple[str, int]]:
    """Таблица 3.1: the organ's totals, derived from its rows of Таблица 3."""
    requests = records(requests)
    return [
        ("Количество оказываемых муниципальных услуг", len(requests)),
        ("Количество услуг, переведённых в электронный вид", total(requests, "electronic")),
        ("Количество услуг, переданных для предоставления в МФЦ", total(requests, "mfc")),
        ("Количество услуг с возможностью предварительной записи на подачу документов", total(requests, "prebooking")),
        ("Количество муниципальных служащих, оказывающих услуги", total(requests, "staff")),
        ("Количество заявлений, поступивших на предоставление услуг за период", total(requests, "requests")),
        ("Количество электронных заявлений, поступивших через Портал госуслуг", total(requests, "requests_epgu")),
        ("Количество заявлений, поступивших через МФЦ", total(requests, "requests_mfc")),
        ("Количество заявлений, рассмотренных в установленный срок", total(requests, "on_time")),
        ("Количество жалоб, поступивших на предоставление услуг", total(requests, "complaints")),
        ("Количество утверждённых административных регламентов", total(requests, "regulation_approved")),
    ]


# ---- the «карта болей» (п. 3.2.4), when raw answers were given ---------------------

LOW_SCORE = 2  # a score of 1 or 2 of 5: the client is dissatisfied with that criterion


def pain_map(responses: Rows | pd.DataFrame | Answers | None, criteria: dict[str, str]) -> dict | None:
    """Where clients hurt: the share of low scores per criterion, and their consented comments
    (personal data removed). None when only the aggregated Таблица 1 was given."""
    if responses is None:
        return None
    if isinstance(responses, Answers):  # an organ's answers counted (compute_period)
        return _pain_map_of(responses.score_counts, responses.respondents, responses.comments, criteria)
    if not isinstance(responses, pd.DataFrame):  # an organ's answers as records
        if not responses:  # an organ nobody answered about: no frame to build for it
            return None
        responses = pd.DataFrame(records(responses))
    if responses.empty:
        return None
    consented = responses[publishable(responses)]
    return _pain_map_of(lambda code: score_counts_of(responses, code), len(responses),
                        list(zip(consented["comment"], consented["name"])), criteria)


def _pain_map_of(score_counts, respondents: int, comments: list, criteria: dict[str, str]) -> dict | None:
    """pain_map from integer counts per score (`score_counts(criterion)`), no record per respondent;
    `comments`: (text, service) of the consented ones, the first eight shown."""
    if not respondents:
        return None
    rows = []
    for code, label in criteria.items():
        counts = score_counts(code)
        rated, low = sum(counts.values()), sum(n for score, n in counts.items() if score <= LOW_SCORE)
        rows.append({"criterion": label, "rated": rated, "low": low,
                     "share": Fraction(low * 100, rated) if rated else None})
    rows.sort(key=lambda r: -(r["share"] or 0))
    shown = comments[:8]
    if shown:  # the scrubber's dictionaries are loaded only when there is a comment to scrub
        from generator.survey.privacy import scrub

        shown = [{"text": scrub(text), "service": service} for text, service in shown]
    return {"criteria": rows, "comments": shown, "respondents": respondents}


def feedback_rows(feedback: Rows, channels: dict[str, str], criteria: dict[str, str]) -> list[dict]:
    """Таблица 1 as a reader scans it: a row per channel, a cell per criterion."""
    feedback = records(feedback)
    rows = []
    for channel in channels:
        own = [r for r in feedback if r["channel"] == channel]
        if not own:
            continue
        cells = {}
        for criterion in criteria:
            match = next((r for r in own if r["criterion"] == criterion), None)
            cells[criterion] = None if match is None else {"respondents": int(match["respondents"]),
                                                            "score": match["score"]}
        rows.append({"channel": channel, "label": channels[channel], "cells": cells, "csi": channel_csi(own)})
    return rows
