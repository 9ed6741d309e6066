"""The methodology plugin interface.

A methodology is a package — built in (`generator/methods/<code>/`) or installed from anywhere — that
holds three things:

- a subclass of `Methodology`, registered under its code in the entry-point group
  `transparency.methodologies` of its package's `pyproject.toml`
  (`kaluga = "generator.methods.kaluga:Kaluga"`); `generator.methods.METHODOLOGIES` finds it there;
- its YAML (`methodology.yaml` beside the class's module, or `data_file`/`folder()` say where): what an
  official reads in the act — title, scales, indicators, readings — parsed into `spec_model`, a subclass
  of `MethodologySpec` that adds the act's own fields; a key the model does not know is an error;
- its templates (`templates/` beside the YAML), found as `<code>/<name>`: `organ.md.j2` (and
  `service.md.j2`, `rating.md.j2`, `methodology.md.j2` where it has its own) extend the shared
  base template of that page kind (`pages/organ.md.j2` …) and fill its blocks.

What the generator gives it and expects back, in pipeline order:

1. `inputs`: the schemas of the tables of each period; the generator reads and checks them (types,
   references, keys) and hands over `PeriodData.tables` (schema name → typed DataFrame).
2. `check(dataset, periods, report)`: checks across tables the schemas cannot express; problems go
   into `report` as records (file, row, column, stable code, Russian message), never exceptions.
   Every code it reports is listed in its YAML `problem_codes`.
3. `compute_period(dataset, period_data) -> PeriodResult`: the assessments of one period — one per
   organ of `dataset.organizations` and, if it rates services, one per service — with their
   Figures (exact Fractions that keep their inputs) and ranks, and the city's figures.
4. The pages: every site has the pages of `COMMON_PAGE_KINDS`; `organ_page`, `service_page`,
   `rating_page` and `extra_pages` write the methodology's own (its `page_kinds` lists those it adds)
   through the SiteRenderer `site`.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import pandas as pd

from generator import text_ru
from generator.dataset import Dataset, PeriodData
from generator.methods.spec import IndicatorSpec, MethodologySpec, Reading, load_spec
from generator.problems import Report
from generator.results import Assessment, Figure, Results
from generator.scales import Scale
from generator.validate.schema import TableSchema

if TYPE_CHECKING:
    from generator.render.site import SiteRenderer


@dataclass(frozen=True)
class Indicator:
    code: str
    symbol: str
    name: str
    scale: str | None  # code of the scale that interprets it
    clause: str  # where the act defines it
    formula: str  # as printed on the methodology page
    unit: str = "%"
    plain: str = ""  # what it measures in one line of everyday Russian (the glossary)

    @classmethod
    def from_spec(cls, code: str, spec: IndicatorSpec) -> Indicator:
        return cls(code=code, **spec.model_dump())

    def in_words(self, case: str = "nominative", first: bool = False) -> str:
        """The symbol as a heading or caption names it: a symbol of one letter alone reads as a Russian word
        («Лучшие и отстающие по О», «И услуг»), so it follows «показатель»; a longer one (СО, ИКД) stands alone.
        `case`: nominative, genitive or dative, as the phrase governs the noun; `first`: it opens a caption."""
        if len(self.symbol) > 1:
            return self.symbol
        noun = _INDICATOR_NOUN[case]
        return f"{noun[:1].upper() + noun[1:] if first else noun} {self.symbol}"


# «показатель» in the cases the headings and captions need
_INDICATOR_NOUN = {"nominative": "показатель", "genitive": "показателя", "dative": "показателю"}


@dataclass
class PeriodResult:
    """What `compute_period` returns for one period."""

    assessments: list[Assessment]  # every organ, and every service it rates; ranks assigned
    municipal: dict[str, Figure] = field(default_factory=dict)  # the city's figures (home page, open data)



# The kinds of page every site has, whatever its methodology.
COMMON_PAGE_KINDS = ("home", "rating", "organs", "organ overview", "organ", "methodology", "open data",
                     "data format", "control", "finder", "compare", "press")

SpecT = TypeVar("SpecT", bound=MethodologySpec)


class Methodology(Generic[SpecT]):
    code: ClassVar[str] = ""  # in site.yaml, period.yaml and open data; the name of its entry point
    spec_model: ClassVar[type[MethodologySpec]] = MethodologySpec  # the model of its YAML
    data_file: ClassVar[str] = "methodology.yaml"  # in folder()
    inputs: ClassVar[tuple[TableSchema, ...]] = ()  # the tables of each period
    headline: ClassVar[str] = ""  # the indicator that ranks
    # the figures `rank` places by when its rule is not «by the headline» (Dzerzhinsk: the mean of three
    # criteria's places); the ranges of places follow that rule (generator/compute_ranges.py)
    rank_figures: ClassVar[tuple[str, ...]] = ()
    # figures whose change against the previous comparable period is published (`<code>_change`)
    change_indicators: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[tuple[str, ...]] = ()  # indicators on the home page, in ratings and trends; headline first
    period_kinds: ClassVar[tuple[str, ...]] = ("year", "half", "quarter")  # periods the act provides for
    rates_organs: ClassVar[bool] = True  # does the rating rank organs (organisations), rather than services?
    organ_noun: ClassVar[str] = "орган"  # what an organ page is about: «13 органов»
    rated_noun: ClassVar[str] = "орган"  # what the rating ranks; every form of it comes from text_ru
    municipal_trend_title: ClassVar[str] = ""
    tie_rule: ClassVar[str] = ""  # how ties are broken beyond «equal values share the smallest place», in Russian
    # pages it adds to those every site has (COMMON_PAGE_KINDS): "service", "news", "survey", "generalized"
    page_kinds: ClassVar[tuple[str, ...]] = ()
    uses_survey_dates: ClassVar[bool] = False  # does period.yaml's `survey:` (dates of a survey) mean anything?
    # the figure of a rated subject its funnel plot shows (its main survey figure); "" — no funnel plot
    survey_indicator: ClassVar[str] = ""
    # where the funnel plot is drawn: "rating" (each rating page) or "survey" (its own survey pages, for a
    # survey its rating leaves out)
    funnel_page: ClassVar[str] = "rating"
    # whether some of its figures come from asking people (they carry a survey error, and the methodology
    # page explains it), also without a funnel plot; a methodology with a survey_indicator does
    asks_people: ClassVar[bool] = False

    # ---- where its files are ------------------------------------------------------
    @classmethod
    def folder(cls) -> Path:
        """The folder of its YAML and templates: by default the folder of the module defining the class."""
        return Path(sys.modules[cls.__module__].__file__).resolve().parent

    @classmethod
    def templates_folder(cls) -> Path:
        return cls.folder() / "templates"

    @classmethod
    def starter_folder(cls) -> Path:
        """What `transparency init` copies into a new data folder: organizations.yaml, services.csv and one
        period folder (period.yaml and every table), small and passing `check`; a plugin without one
        cannot start a data folder."""
        return cls.folder() / "starter"

    def template(self, kind: str) -> str:
        """The template of a page kind ("organ", "service", "rating", "methodology"): its own
        (`<code>/<kind>.md.j2`) if it has one, else the shared base (`pages/<kind>.md.j2`)."""
        own = self.templates_folder() / f"{kind}.md.j2"
        return f"{self.code}/{kind}.md.j2" if own.is_file() else f"pages/{kind}.md.j2"

    # ---- what the act says (its YAML) ---------------------------------------------
    @cached_property
    def spec(self) -> SpecT:
        return load_spec(self.spec_model, self.folder() / self.data_file)  # type: ignore[return-value]

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def short_title(self) -> str:
        """For the menu: the municipality whose act it is."""
        return self.spec.short_title

    @property
    def site_title(self) -> str:
        """What the site is called: the act's own subject (some acts cover state services too)."""
        return self.spec.site_title

    @property
    def act(self) -> str:
        return self.spec.act

    @cached_property
    def scales(self) -> dict[str, Scale]:
        return {code: scale.to_scale(code) for code, scale in self.spec.scales.items()}

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {code: Indicator.from_spec(code, data) for code, data in self.spec.indicators.items()}

    @property
    def problem_codes(self) -> dict[str, str]:
        """Codes its own checks report (YAML `problem_codes:`), listed on the «Формат данных» page."""
        return self.spec.problem_codes

    @property
    def readings(self) -> list[Reading]:
        """How each gap or contradiction of the act is resolved, printed on the methodology page."""
        return self.spec.readings

    # ---- word forms: from the nouns, never written out by hand ------------------------
    @property
    def rated_label(self) -> str:
        """The rating's column header: «Орган», «Услуга»."""
        return text_ru.inflect(self.rated_noun, "sing", "nomn").capitalize()

    @property
    def rated_plural(self) -> str:
        """«органы», «услуги»."""
        return text_ru.inflect(self.rated_noun, "plur", "nomn")

    @property
    def rated_genitive(self) -> str:
        """«органов», «услуг»: «Кэф органов, 2025 год»."""
        return text_ru.inflect(self.rated_noun, "plur", "gent")

    @property
    def rating_title(self) -> str:
        """The act's name for its rating (YAML `rating_title`), else «Рейтинг органов»."""
        return self.spec.rating_title or f"Рейтинг {self.rated_genitive}"

    # ---- arithmetic shared by all -----------------------------------------------------
    def with_band(self, figure: Figure, scale: str | None = None) -> Figure:
        """The figure with its band: on `scale`, or on its indicator's scale. An indicator code
        with a suffix (`kud_phone`, `criterion_time`) takes the scale of its stem (`kud`, `criterion`)."""
        if scale is None:
            scale = self._scale_of(figure.indicator)
        if scale is None or figure.value is None:
            return figure
        return replace(figure, band=self.scales[scale].band_for(figure.value))

    @cached_property
    def _scales_of_codes(self) -> dict[str, str | None]:
        return {}  # figure code → its indicator's scale: every organ of every period asks again

    def _scale_of(self, code: str) -> str | None:
        if code not in self._scales_of_codes:
            stems = [c for c in self.indicators if code == c or code.startswith(c + "_")]
            indicator = self.indicators[max(stems, key=len)] if stems else None
            self._scales_of_codes[code] = indicator.scale if indicator else None
        return self._scales_of_codes[code]

    def respondents(self, assessment: Assessment) -> int | None:
        """How many people were asked about the assessment's subject in its period (the funnel plot's
        x axis); None when nobody was."""
        return None

    def indicator_of(self, assessment: Assessment, code: str) -> Indicator | None:
        """The indicator a figure of `assessment` stands for (whose formula it prints); a plugin whose
        code means another indicator at another level (an organ's mean of its services) says so here."""
        return self.indicators.get(code)

    def member_label(self, indicator: Indicator, member: str, assessment: Assessment | None) -> str:
        """The Russian name of one member of a family of figures (`kud_phone`: Куд of the channel `phone`;
        `assessment` is None for the municipality's figures), as the diff of two sites prints it: a
        plugin whose figures have members names them from its own YAML or data; by default the member's
        code as the data wrote it."""
        return member

    def part_label(self, assessment: Assessment, part: str) -> str:
        """The Russian name of a document whose figures are published apart (`Assessment.parts`); by
        default its stable id."""
        return part

    def open_data_table(self, dataset: Dataset, period_data: PeriodData, schema: TableSchema) -> pd.DataFrame:
        """The input table of a period as open data publishes it; a plugin may complete it with what it
        computed from raw answers (never the raw answers themselves)."""
        return period_data.tables[schema.name]

    # ---- the pipeline ----------------------------------------------------------------
    def check(self, dataset: Dataset, periods: list[PeriodData], report: Report) -> None:
        """Checks across the tables of `periods` that the schemas cannot express."""

    def compute(self, dataset: Dataset, periods: list[PeriodData]) -> Results:
        """Results for `periods` (the PeriodData computed under this methodology), one period at a time.
        Changes against earlier periods are added afterwards for every methodology alike (compute.py)."""
        assessments: list[Assessment] = []
        municipal: dict[str, dict[str, Figure]] = {}
        for period_data in periods:
            result = self.compute_period(dataset, period_data)
            municipal[period_data.period.name] = result.municipal
            assessments.extend(result.assessments)
        return Results([p.period for p in periods], assessments, {p.period.name: self.code for p in periods},
                       municipal)

    def compute_period(self, dataset: Dataset, period_data: PeriodData) -> PeriodResult:
        """The assessments of one period (organs and services, ranked) and its municipal figures."""
        raise NotImplementedError

    # ---- what the methodology contributes to the site ---------------------------
    def coverage(self, period_data: PeriodData, results: Results) -> list[str]:
        """Lines of the home page's coverage card for the latest period."""
        return []

    def rating_page(self, site: SiteRenderer, period) -> None:
        """Write rating/<period>.md: the shared page (or its own `rating.md.j2`) ranks everything ranked."""
        site.generic_rating(period, self.template("rating"))

    def organ_page(self, site: SiteRenderer, assessment: Assessment) -> None:
        """Write the page of one organ in one period: its `organ.md.j2` with the organ and the previous period."""
        site.page(assessment.page, self.template("organ"), method=self, organ=assessment,
                  previous=site.previous(assessment))

    def service_page(self, site: SiteRenderer, assessment: Assessment) -> None:
        """Write the page of one service in one period, for methodologies that rate services."""

    def extra_pages(self, site: SiteRenderer) -> None:
        """Pages of its own (news posts, sector ratings, …)."""

    def nav_items(self, site: SiteRenderer) -> list:
        return []

    def control_sections(self, site: SiteRenderer) -> list[str]:
        """Its sections of «Контроль публикации» (control.md), the page for those who publish the data
        (deadlines, late documents): each a rendered piece with its own `##` heading, made with
        `site.fragment("control.md", …)`. The rating and organ pages keep such alerts out."""
        return []
