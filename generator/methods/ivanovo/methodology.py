"""Ivanovo, 2015: the share of satisfied applicants per service, its average over socially
significant services (Усз) and its change between periods; a news post per period.

Raw responses (periods/<p>/responses.csv) are read through generator.survey.responses; comments are
published only with consent and only after generator.survey.privacy.scrub.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pandas as pd
from generator.dataset import Dataset, PeriodData
from generator.methods.base import Methodology, PeriodResult
from generator.methods.ivanovo.inputs import CHANNELS, CRITERIA, INPUTS, SATISFIED
from generator.methods.ivanovo.spec import IvanovoSpec
from generator.methods.rows import part_of, split_by
from generator.survey.privacy import scrub
from generator.validate.measures import measures_of, published_measures  # noqa: F401 (measures_of: re-exported)
from generator.problems import Report
from generator.survey.responses import check_responses, criterion_means, period_bounds, publishable, satisfied_share
from generator.figures import count_figure, mean, not_evaluated, share
from generator.results import Assessment, Figure, Input, Results, assign_ranks
from generator.stats.intervals import wilson
from generator.text_ru import plural, plural_count

UNCHANGED = Fraction(5, 100)  # p.p.: a change that does not show at one decimal is «не изменился»
NOT_ASKED = "в периоде по услуге не опрошено ни одного заявителя"


class Ivanovo(Methodology[IvanovoSpec]):
    code = "ivanovo"
    spec_model = IvanovoSpec
    page_kinds = ("service", "news")
    inputs = INPUTS
    headline = "usz"
    change_indicators = ("usz", "sat")  # the news post speaks of both: the organ's level and each service
    summary = ("usz",)
    period_kinds = ("year", "half", "quarter")
    municipal_trend_title = "Средний уровень удовлетворённости социально значимыми услугами по периодам"
    survey_indicator = "usz"  # an organ's rated figure; a service's is its own share satisfied

    criteria = {code: criterion.label for code, criterion in CRITERIA.items()}
    channels = CHANNELS

    # ---- checks across tables -------------------------------------------------
    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        if not dataset.services["socially_significant"].any():
            report.add(dataset.services_file, None, "socially_significant", "no-socially-significant-services",
                       "ни одна услуга не отмечена как социально значимая: средний уровень удовлетворённости "
                       "не рассчитывается; отметьте такие услуги «да» в графе «socially_significant»",
                       severity="warning")
        for period in periods:
            start, end = period_bounds(period.period)
            check_responses(period.tables["responses"], period.file("responses"), report, start, end)

    # ---- computation ----------------------------------------------------------
    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        deidentify(period_data)
        responses = period_data.tables["responses"]
        period = period_data.period
        services = []
        answers = split_by(responses, "service_id")
        for service in dataset.services.sort_values("name").to_dict("records"):
            organization = dataset.organizations[service["organization_id"]]
            services.append(self.service(period, organization, service,
                                         part_of(answers, service["service_id"], responses)))
        by_organ: dict[str, list[Assessment]] = {}
        for service in services:
            by_organ.setdefault(service.organization.id, []).append(service)
        organs = [self.organ(period, organization, by_organ.get(organization.id, []))
                  for organization in dataset.organizations.values()]
        assign_ranks(organs, self.headline)
        municipal = {
            "usz": average_figure("Усз (по всем органам)", [s for s in services if s.detail["socially_significant"]]),
            "sat": share_figure(responses, SATISFIED.criterion, SATISFIED.threshold),
            "respondents": count_figure("respondents", "N = число анкет за период",
                                        Input("N", "Анкет за период", len(responses))),
            "services_asked": count_figure("services_asked", "Ку = число услуг с анкетами за период",
                                           Input("Ку", "Услуг с анкетами", responses["service_id"].nunique()))}
        return PeriodResult(organs + services, municipal)

    def service(self, period, organization, service: dict, rows: pd.DataFrame) -> Assessment:
        result = Assessment(period, organization, self.code, monitored=not rows.empty,
                            reason="" if not rows.empty else NOT_ASKED,
                            service_id=service["service_id"], service_name=service["name"])
        result.figures["sat"] = share_figure(rows, SATISFIED.criterion, SATISFIED.threshold)
        result.detail = {"socially_significant": bool(service["socially_significant"]),
                         "respondents": len(rows),
                         "criteria": criterion_means(rows, self.criteria),
                         "channels": {c: int((rows["channel"] == c).sum()) for c in self.channels
                                      if (rows["channel"] == c).any()}}
        return result

    def organ(self, period, organization, services: list[Assessment]) -> Assessment:
        respondents = sum(s.detail["respondents"] for s in services)
        significant = [s for s in services if s.detail["socially_significant"]]
        organ = Assessment(period, organization, self.code, monitored=respondents > 0,
                           detail={"services": services, "respondents": respondents,
                                   "significant": significant,
                                   "not_evaluated": [s for s in significant if s.value("sat") is None],
                                   "overall": overall_share(services)})
        if not services:
            organ.reason = "у органа нет услуг в перечне"
        elif respondents == 0:
            organ.reason = "в периоде заявители по услугам органа не опрашивались"
        organ.figures["usz"] = average_figure("Усз", significant)
        return organ

    def respondents(self, assessment: Assessment) -> int | None:
        """Копр behind the figure: a service's applicants who rated it; an organ's, summed over the socially
        significant services its Усз averages."""
        services = [assessment] if assessment.service_id else assessment.detail.get("significant", [])
        asked = sum(int(s.figures["sat"].inputs[1].value) for s in services if "sat" in s.figures)
        return asked or None

    # ---- pages ------------------------------------------------------------------
    def coverage(self, period_data, results: Results) -> list[str]:
        responses = period_data.tables["responses"]
        asked = responses["service_id"].nunique()
        return [f"{plural_count(asked, 'услуга', 'услуги', 'услуг')} с опросом, "
                f"{plural_count(len(responses), 'заявитель', 'заявителя', 'заявителей')} опрошено"]

    def organ_page(self, site, organ: Assessment) -> None:
        org_id, period = organ.organization.id, organ.period
        evaluated = [s for s in organ.detail["significant"] if s.value("sat") is not None]
        chart = None
        if evaluated:
            chart = site.bar_chart(
                f"charts/organs/{org_id}-{period.name}-sat.svg",
                f"Доля удовлетворённых по социально значимым услугам, {period.label}",
                [s.service_name for s in evaluated], [s.value("sat") for s in evaluated],
                "Доля удовлетворённых, %", "Услуга")
        history = [o for o in site.results.history(org_id) if o.period <= period]
        trend = site.trend(history, f"charts/organs/{org_id}-{period.name}-trend.svg",
                           f"Средний уровень удовлетворённости: {organ.organization.display_name}")
        site.page(organ.page, self.template("organ"), method=self, organ=organ, previous=site.previous(organ),
                  chart=chart, trend=trend, words=words)

    def service_page(self, site, service: Assessment) -> None:
        history = [s for s in site.results.history(service.organization.id, service.service_id)
                   if s.period <= service.period]
        site.page(service.page, self.template("service"), method=self, service=service, history=history,
                  words=words)

    def extra_pages(self, site) -> None:
        posts = self.news_posts(site)
        for post in posts:
            site.page(f"news/{post['period'].name}.md", f"{self.code}/news.md.j2", method=self, post=post,
                      words=words)
        if posts:
            site.page("news/index.md", f"{self.code}/news_index.md.j2", method=self, posts=posts)

    def nav_items(self, site) -> list:
        posts = [p for p in site.dataset.periods if p.methodology == self.code]
        if not posts:
            return []
        return [{"Новости": [{"Все новости": "news/index.md"},
                             *({f"Итоги мониторинга {p.period.label_genitive}": f"news/{p.period.name}.md"}
                               for p in reversed(posts))]}]

    def news_posts(self, site) -> list[dict]:
        """What each period's news post says, from the data (newest first)."""
        posts = []
        for period_data in site.dataset.periods:
            if period_data.methodology != self.code:
                continue
            period = period_data.period
            responses = period_data.tables["responses"]
            services = site.results.services_in(period)
            asked = [s for s in services if s.detail["respondents"] > 0]
            organs = [o for o in site.results.for_period(period) if o.monitored]
            # the rating's own list of organs without a place (site.unrated): the post says of each what the
            # rating says, never «monitored» alone for an organ the rating lists apart
            unrated = site.unrated(period)
            title, lead = site.news(period)
            measures = published_measures(period_data)  # checked with the other inputs (validate/measures.py)
            usz = site.results.municipal[period.name]["usz"]
            delta = site.results.municipal[period.name]["usz_change"]
            previous = site.dataset.previous(period)
            before = site.results.municipal.get(previous.name, {}).get("usz") if previous else None
            posts.append({
                "period": period, "measures": measures, "title": title,
                "lead": lead,  # the title's caveat and the best: a title of a line or two
                # the data's date, never the build's: a rebuild on another day gives the same page
                "published": measures.published or getattr(period_data, "published", None),
                "asked_services": asked, "organs": organs, "unrated": unrated, "respondents": len(responses),
                "significant": [s for s in services if s.detail["socially_significant"]],
                "not_evaluated": [s for s in services if s.detail["socially_significant"] and s.value("sat") is None],
                "usz": usz, "before": before, "delta": delta, "previous": previous,
                "direction": direction(delta.value),
                "quotes": quotes(responses, site.dataset.service_names(), self.spec.quotes_per_post),
            })
        return list(reversed(posts))


# ---- helpers ------------------------------------------------------------------

def deidentify(period_data) -> None:
    """Before anything is published: the raw comment moves to a private column; the public one holds
    the scrubbed text of consented comments only (open data copies the public columns)."""
    table = period_data.tables["responses"]
    if "_comment" in table.columns or table.empty:
        return
    table = table.copy()
    table["_comment"] = table["comment"]
    allowed = publishable(table)
    table["comment"] = [scrub(text) if ok else None for text, ok in zip(table["_comment"], allowed)]
    period_data.tables["responses"] = table


def share_figure(rows: pd.DataFrame, criterion: str, threshold) -> Figure:
    """Ду, with Wilson's interval: a share of the applicants asked (x of n)."""
    happy, total, _ = satisfied_share(rows, criterion, threshold)
    figure = share("sat", "Ду = Кудовл / Копр × 100 %",
                   Input("Кудовл", f"Заявителей, оценивших услугу на {threshold} или 5 баллов", happy),
                   Input("Копр", "Опрошено заявителей по услуге", total), NOT_ASKED)
    return replace(figure, interval=wilson(happy, total)) if figure.evaluated else figure


def average_figure(symbol: str, services: list[Assessment]) -> Figure:
    """Усз: the mean of the evaluated shares of socially significant services; says which were left out.
    Each service's applicants are a sample of their own: the shares' errors are carried as independent."""
    parts = [Input(s.service_name, "Доля удовлетворённых по услуге", s.value("sat"), "%", s.figures["sat"].se)
             for s in services]
    notes = tuple(f"«{p.symbol}» не оценивается ({NOT_ASKED}) и в среднее не входит"
                  for p in parts if p.value is None)
    formula = f"{symbol} = среднее долей удовлетворённых по социально значимым услугам"
    if not services:
        return not_evaluated("usz", formula, "нет социально значимых услуг")
    return mean("usz", formula, parts,
                "ни по одной социально значимой услуге в периоде не опрошено ни одного заявителя", notes)


def direction(delta: Fraction | None) -> str | None:
    """«возрос», «снизился», «не изменился» (change under 0,05 p.p.), or None when not comparable."""
    if delta is None:
        return None
    if abs(delta) < UNCHANGED:
        return "не изменился"
    return "возрос" if delta > 0 else "снизился"


def overall_share(services: list[Assessment]) -> tuple[int, int, Fraction | None]:
    """For reference: satisfied among all respondents of the organ (every service, weighted by people)."""
    happy = sum(s.figures["sat"].inputs[0].value for s in services)
    total = sum(s.figures["sat"].inputs[1].value for s in services)
    return happy, total, (Fraction(happy * 100, total) if total else None)


def quotes(responses: pd.DataFrame, names: dict[str, str], limit: int) -> list[dict]:
    """Consented comments, scrubbed (the public column already is), one per service, by questionnaire number."""
    if responses.empty:
        return []
    chosen, seen = [], set()
    for row in responses[publishable(responses)].sort_values("respondent").to_dict("records"):
        if row["service_id"] in seen:
            continue
        seen.add(row["service_id"])
        chosen.append({"text": scrub(row["comment"]), "service": names.get(row["service_id"], row["service_id"])})
        if len(chosen) == limit:
            break
    return chosen


def words(n: int, one: str, few: str, many: str) -> str:
    return plural(n, one, few, many)
