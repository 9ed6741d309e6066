"""The methodology plugin interface.

A methodology is one module plus a YAML file beside it. The YAML holds what an
official reads in the act — indicators, scales, channels, readings taken — and the
module holds the arithmetic. To add one: copy kaluga.py and kaluga.yaml, change
them, register the class in methods/__init__.py, and copy its test.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from generator.dataset import Dataset
from generator.problems import Report
from generator.results import Results
from generator.scales import Scale
from generator.validate.schema import TableSchema


@dataclass(frozen=True)
class Indicator:
    code: str
    symbol: str
    name: str
    scale: str | None  # code of the scale that interprets it
    clause: str  # where the act defines it
    formula: str  # as printed on the methodology page
    unit: str = "%"


def table_file(period_data, name: str) -> str:
    """The file a period's table came from, as the maintainer named it (`periods/2025/requests.xlsx`),
    for messages; the CSV name when the table was not given."""
    return period_data.tables[name].attrs.get("path") or f"periods/{period_data.period.name}/{name}.csv"


# The kinds of page every site has, whatever its methodology.
COMMON_PAGE_KINDS = ("home", "rating", "organs", "organ overview", "organ", "methodology", "open data",
                     "data format")


class Methodology:
    code: str = ""
    data_file: str = ""  # YAML beside the module
    inputs: tuple[TableSchema, ...] = ()  # the tables of each period
    headline: str = ""  # the indicator that ranks
    # figures whose change against the previous comparable period is published (`<code>_change`)
    change_indicators: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()  # indicators on the home page, in ratings and trends; headline first
    period_kinds: tuple[str, ...] = ("year", "half", "quarter")  # periods the act provides for
    rates_organs: bool = True  # does the rating rank organs (organisations), rather than services?
    rated_label: str = "Орган"  # what the rating ranks, as a column header
    rated_plural: str = "органы"
    rated_genitive: str = "органов"
    rating_title: str = "Рейтинг органов"
    organ_forms: tuple[str, str, str] = ("орган", "органа", "органов")  # for «13 органов»
    municipal_trend_title: str = ""
    tie_rule: str = ""  # how the rating breaks ties beyond «equal values share the smallest place», in Russian
    # pages it adds to those every site has (COMMON_PAGE_KINDS): "service", "news", "survey", "generalized"
    page_kinds: tuple[str, ...] = ()
    uses_survey_dates: bool = False  # does period.yaml's `survey:` (dates of a survey) mean anything to it?

    @cached_property
    def spec(self) -> dict:
        return yaml.safe_load((Path(__file__).parent / self.data_file).read_text(encoding="utf-8"))

    @property
    def title(self) -> str:
        return self.spec["title"]

    @property
    def short_title(self) -> str:
        """For the menu: the municipality whose act it is."""
        return self.spec["short_title"]

    @property
    def site_title(self) -> str:
        """What the site is called: the act's own subject (some acts cover state services too)."""
        return self.spec.get("site_title", "Мониторинг качества муниципальных услуг")

    @property
    def act(self) -> str:
        return self.spec["act"]

    @cached_property
    def scales(self) -> dict[str, Scale]:
        return {code: Scale.from_data(code, data) for code, data in self.spec["scales"].items()}

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {code: Indicator(code=code, **data) for code, data in self.spec["indicators"].items()}

    @property
    def problem_codes(self) -> dict[str, str]:
        """Codes its own checks report (YAML `problem_codes:`), listed on the «Формат данных» page."""
        return self.spec.get("problem_codes", {})

    @property
    def readings(self) -> list[dict]:
        """How each gap or contradiction of the act is resolved, printed on the methodology page."""
        return self.spec.get("readings", [])

    def with_band(self, figure, scale: str | None = None):
        """The figure with its band: on `scale`, or on its indicator's scale. An indicator code
        with a suffix (`kud_phone`, `criterion_time`) takes the scale of its stem (`kud`, `criterion`)."""
        from dataclasses import replace

        if scale is None:
            stems = [c for c in self.indicators if figure.indicator == c or figure.indicator.startswith(c + "_")]
            indicator = self.indicators[max(stems, key=len)] if stems else None
            scale = indicator.scale if indicator else None
        if scale is None or figure.value is None:
            return figure
        return replace(figure, band=self.scales[scale].band_for(figure.value))

    def indicator_of(self, assessment, code: str) -> Indicator | None:
        """The indicator a figure of `assessment` stands for (whose formula it prints); a plugin whose
        code means another indicator at another level (an organ's mean of its services) says so here."""
        return self.indicators.get(code)

    def open_data_table(self, dataset: Dataset, period_data, schema: TableSchema):
        """The input table of a period as open data publishes it; a plugin may complete it with what it
        computed from raw answers (never the raw answers themselves)."""
        return period_data.tables[schema.name]

    def check(self, dataset: Dataset, periods: list, report: Report) -> None:
        """Checks across the tables of `periods` that the schemas cannot express."""

    def compute(self, dataset: Dataset, periods: list) -> Results:
        """Results for `periods` (the PeriodData computed under this methodology), one period at a time.
        Changes against earlier periods are added afterwards for every methodology alike (compute.py)."""
        assessments, municipal = [], {}
        for period_data in periods:
            in_period, municipal[period_data.period.name] = self.compute_period(dataset, period_data)
            assessments.extend(in_period)
        return Results([p.period for p in periods], assessments, {p.period.name: self.code for p in periods},
                       municipal)

    def compute_period(self, dataset: Dataset, period_data) -> tuple[list, dict]:
        """The assessments of one period (organs and services, ranked) and its municipal figures."""
        raise NotImplementedError

    # ---- what the methodology contributes to the site ---------------------------
    def coverage(self, period_data, results: Results) -> list[str]:
        """Lines of the home page's coverage card for the latest period."""
        return []

    def rating_page(self, site, period) -> None:
        """Write rating/<period>.md; the common page ranks everything that got a rank."""
        site.generic_rating(period)

    def organ_page(self, site, assessment) -> None:
        """Write the page of one organ in one period (site is the SiteRenderer)."""
        raise NotImplementedError

    def service_page(self, site, assessment) -> None:
        """Write the page of one service in one period, for methodologies that rate services."""

    def extra_pages(self, site) -> None:
        """Pages of its own (news posts, sector ratings, …)."""

    def nav_items(self, site) -> list:
        return []
