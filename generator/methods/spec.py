"""A methodology's YAML as a typed model: what an official reads in the act (title, scales,
indicators, accepted readings) in fields the code and the templates read by name.

`MethodologySpec` holds the fields every methodology has; a plugin subclasses it with the fields
of its own act (`raising_factor`, `survey`, …). Models are strict: a key the model does not know is
an error, so a typo in the YAML is reported, not ignored. `load_spec` reads and checks a file and
raises `SpecError` with a Russian message naming the file and the field.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from generator.exact import exact
from generator.scales import Scale

# A number as YAML gives it (1, 0.5); the arithmetic makes it exact (exact()), digit for digit as written.
Number = int | float


def _text_keys(value: Any) -> Any:
    """Keys written as numbers (`1.1:`, `5:`) are codes, read as their text."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


class Strict(BaseModel):
    """Unknown keys are errors; models are read-only once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BandSpec(Strict):
    """One row of a scale: [from, to) by default; `null` leaves a side open."""

    code: str
    label: str
    from_: Number | None = Field(alias="from")
    to: Number | None
    from_exclusive: bool = False  # «более», «>»
    to_inclusive: bool | None = None  # default: only the top row includes its upper bound
    points: int | None = None  # the points the row gives, where the act scores by the scale
    plain: str = ""  # the level in one or two everyday words («Хорошо»), for the verdict; the label stays the act's


class ScaleSpec(Strict):
    title: str  # «Таблица 1.1. Интерпретация …»: the seed table's name first
    source: str = ""
    note: str = ""  # how the act's wording was read, printed under the scale
    unit: str = "%"
    maximum: Number | None = None  # the end of chart axes; default: the top row's upper bound
    bands: list[BandSpec] = Field(min_length=1)  # best first

    def to_scale(self, code: str) -> Scale:
        return Scale.from_data(code, self.model_dump(by_alias=True, exclude_unset=True))

    @model_validator(mode="after")
    def _contiguous(self) -> ScaleSpec:
        """Every value between the lowest and highest bound falls in exactly one row (said in Russian
        here; Scale checks the same when it is built)."""
        def closed_top(index: int) -> bool:
            band = self.bands[index]
            return band.to_inclusive if band.to_inclusive is not None else index == 0

        for upper, lower in zip(range(len(self.bands) - 1), range(1, len(self.bands))):
            low, high = self.bands[lower], self.bands[upper]
            if exact(low.to) != exact(high.from_) or closed_top(lower) == (not high.from_exclusive):
                raise ValueError(f"строки «{low.label}» и «{high.label}» оставляют разрыв или перекрываются: "
                                 "верхняя граница строки должна совпадать с нижней границей строки выше, "
                                 "и эта граница должна входить ровно в одну из них")
        return self


class IndicatorSpec(Strict):
    symbol: str  # as the act writes it: «Куд»
    name: str
    scale: str | None  # the scale that interprets it
    clause: str  # where the act defines it
    formula: str  # as printed on the methodology page
    unit: str = "%"  # "%", "" (points) or "count"
    plain: str = ""  # what it measures, in one line of everyday Russian, printed beside its value


class VerdictSpec(Strict):
    """What the verdict at the top of an organ's or a service's page compares besides the headline figure."""

    change_unit: str = ""  # after a change of a figure in points («балла»); a change in percent is in «п. п.»
    # figure code → its name in plain words: the parts of the whole whose strongest and weakest are named
    organ_components: dict[str, str] = Field(default_factory=dict)
    service_components: dict[str, str] = Field(default_factory=dict)
    service_headline: str = ""  # the figure a service page's verdict is about, if not the rating's headline
    # where an organ's headline is the mean over its services: the key of their list in the organ's
    # detail; each is a part, by its own headline figure
    organ_services: str = ""
    # where a service's headline is the mean over its points of service: the figure each point has
    # (`<code>_<point id>`); each point is a part
    service_points: str = ""
    parts: str = ""  # for the methodology page, one line: what the parts are, or why none are named


class Reading(Strict):
    """How a gap or contradiction of the act is resolved; printed on the methodology page."""

    topic: str
    text: str


CodeMap = Annotated[dict[str, str], BeforeValidator(_text_keys)]


# ---- pieces of a questionnaire (responses.csv), shared by the acts that survey respondents ------------

class SurveyCriterion(Strict):
    """A question of the questionnaire: a score column of responses.csv."""

    label: str
    aliases: list[str] = Field(default_factory=list)  # other headers the column may have


class SatisfiedRule(Strict):
    """Who counts as satisfied: a score of at least `threshold` (of 5) on `criterion`."""

    criterion: str
    threshold: int


def criteria_columns(criteria: dict[str, SurveyCriterion]) -> dict[str, dict]:
    """The criteria as generator.survey.responses.responses_schema takes them."""
    return {code: criterion.model_dump() for code, criterion in criteria.items()}


class MethodologySpec(Strict):
    """The fields every methodology's YAML has."""

    title: str
    short_title: str  # for the menu: the municipality whose act it is
    site_title: str = "Мониторинг качества муниципальных услуг"  # the act's own subject
    act: str  # the act and its date
    period: str  # how often the act monitors, as it says
    rating_title: str | None = None  # the act's name for its rating; default «Рейтинг <кого>»
    municipal_caption: str = "среднее по органам"  # under each figure of the home page's cards
    municipal_note: str = ""  # why the city-wide figures are only for reference, if they are
    ranks_within_sectors: bool = False  # places are given within each sector, not city-wide
    scales: dict[str, ScaleSpec] = Field(min_length=1)
    indicators: dict[str, IndicatorSpec] = Field(min_length=1)
    problem_codes: dict[str, str] = Field(default_factory=dict)  # codes its own checks report
    readings: list[Reading] = Field(default_factory=list)
    verdict: VerdictSpec = Field(default_factory=VerdictSpec)

    @model_validator(mode="after")
    def _scales_exist(self) -> MethodologySpec:
        for code, indicator in self.indicators.items():
            if indicator.scale is not None and indicator.scale not in self.scales:
                raise ValueError(f"у показателя «{code}» указана шкала «{indicator.scale}», которой нет в "
                                 f"разделе scales (есть: {', '.join(self.scales)})")
        return self


class SpecError(Exception):
    """A methodology's YAML that cannot be used: where (file, field) and why, in Russian — the first
    error as `field` and `message`, every error in `errors` as (field, message) pairs."""

    def __init__(self, file: Path, errors: list[tuple[str | None, str]]):
        self.file, self.errors = file, errors
        self.field, self.message = errors[0]
        super().__init__("; ".join(f"{file}: {field + ': ' if field else ''}{message}" for field, message in errors))


_MESSAGES = {
    "missing": "обязательное поле не заполнено",
    "extra_forbidden": "поле не предусмотрено моделью методики: проверьте написание",
    "string_type": "ожидается текст",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число",
    "float_type": "ожидается число",
    "float_parsing": "ожидается число",
    "bool_type": "ожидается «true» или «false»",
    "bool_parsing": "ожидается «true» или «false»",
    "dict_type": "ожидается набор полей «имя: значение»",
    "model_type": "ожидается набор полей «имя: значение»",
    "list_type": "ожидается список записей, каждая начинается с «- »",
    "too_short": "список или набор не может быть пустым",
}


_UNION_MEMBERS = {"int", "float", "str", "bool"}  # pydantic names the union member it tried in `loc`


def _field(loc: tuple) -> str:
    """`scales.kud.bands[0].from`: where in the file the error is."""
    text = ""
    for part in loc:
        if isinstance(part, str) and text and (part in _UNION_MEMBERS or "[" in part):
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text.replace("from_", "from")


def _message(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return _MESSAGES.get(error["type"], error["msg"])


# libyaml's parser where PyYAML has it: the same objects, ten times sooner (every command reads every
# installed methodology's spec)
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load_spec(model: type[MethodologySpec], path: Path) -> MethodologySpec:
    """The YAML at `path` checked against `model`; SpecError naming the file and field if it does not fit.
    Cached: a plugin's inputs and its class read the same file once."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_LOADER)
    except OSError as exc:
        raise SpecError(path, [(None, f"файл методики не читается ({exc.strerror or exc})")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (строка {mark.line + 1})" if mark else ""
        raise SpecError(path, [(None, f"ошибка разметки YAML{where}")]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SpecError(path, [(_field(error["loc"]) or None, _message(error)) for error in exc.errors()]) from None
