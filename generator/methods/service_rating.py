"""The pages of a methodology whose rating ranks services, not organs (Baikonur, Novokuznetsk, and any
plugin that rates services): an organ's page lists its services with a bar chart of their headline
figure, and each service has a page with the trend of that figure.

A plugin that subclasses ServiceRating puts `{"services": [its service assessments]}` into each organ's
`detail`, names its charts (`organ_chart_title`, `trend_title`) and writes `organ.md.j2` and
`service.md.j2`; what else its templates need comes from `organ_context` and `service_context`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from generator.methods.base import Methodology, SpecT
from generator.results import Assessment

if TYPE_CHECKING:
    from generator.render.site import SiteRenderer


class ServiceRating(Methodology[SpecT]):
    rates_organs = False
    rated_noun = "услуга"
    page_kinds = ("service",)
    organ_chart_title: ClassVar[str] = ""  # «Оценка О услуг органа»; the period is added
    trend_title: ClassVar[str] = ""  # «Динамика оценки О»; the service is added

    def organ_page(self, site: SiteRenderer, organ: Assessment) -> None:
        headline = self.indicators[self.headline]
        services = [s for s in organ.detail["services"] if s.value(self.headline) is not None]
        chart = site.bar_chart(
            f"charts/organs/{organ.organization.id}-{organ.period.name}-{self.headline}.svg",
            f"{self.organ_chart_title}, {organ.period.label}", [s.service_name for s in services],
            [s.value(self.headline) for s in services], f"{headline.symbol}, {headline.unit or 'баллы'}", "Услуга",
            maximum=self.scales[headline.scale].maximum, unit=headline.unit,
            scale=self.scales[headline.scale]) if services else None
        site.page(organ.page, self.template("organ"), method=self, organ=organ, previous=site.previous(organ),
                  chart=chart, **self.organ_context(site, organ))

    def organ_context(self, site: SiteRenderer, organ: Assessment) -> dict:
        """What the plugin's organ template needs beyond organ, previous and chart."""
        return {}

    def service_page(self, site: SiteRenderer, service: Assessment) -> None:
        headline = self.indicators[self.headline]
        history = [a for a in site.results.history(service.organization.id, service.service_id)
                   if a.period <= service.period and a.methodology == self.code]
        trend = None
        if sum(1 for a in history if a.value(self.headline) is not None) > 1:  # a trend needs two points
            trend = site.trend_chart(
                f"charts/services/{service.service_id}-{service.period.name}-trend.svg",
                f"{self.trend_title}: {service.service_name}", [a.period for a in history],
                {headline.symbol: [a.value(self.headline) for a in history]},
                maximum=self.scales[headline.scale].maximum, unit=headline.unit)
        site.page(service.page, self.template("service"), method=self, service=service,
                  previous=site.previous(service), history=history, trend=trend,
                  total=site.results.count_ranked(service.period), **self.service_context(site, service))

    def service_context(self, site: SiteRenderer, service: Assessment) -> dict:
        """What the plugin's service template needs beyond service, previous, history, trend and total."""
        return {}
