"""periods/<period>/measures.yaml, for every methodology: the measures taken after the monitoring and the
quotes the administration publishes with its results (the press release, Ivanovo's news post).

Checked with the other inputs (validate()); the checked model replaces the raw YAML in the period's
`extras`, so the pages read what was checked."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.load.yaml_files import RawYaml
from generator.problems import Report
from generator.validate.yaml_models import location, russian_message

FILE = "measures.yaml"
_YES = {"да", "yes", "true", "1"}
_NO = {"нет", "no", "false", "0", ""}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Measure(_Strict):
    text: str = Field(min_length=1, description="Что сделано, как в сообщении: «установлены 16 информационных стендов»")
    organ: str | None = Field(None, description="Идентификатор органа из organizations.yaml, если мера касается одного органа")


class Quote(_Strict):
    author: str = Field(min_length=1, description="Кто сказал: имя и должность, как их можно напечатать")
    text: str = Field(min_length=1, description="Текст цитаты")
    publish: bool = Field(False, description="Согласие на публикацию: да или нет (без «да» цитата не публикуется)")

    @field_validator("publish", mode="before")
    @classmethod
    def _yes_no(cls, value):
        if isinstance(value, bool) or value is None:
            return bool(value)
        word = str(value).strip().lower()
        if word in _YES | _NO:
            return word in _YES
        raise ValueError(f"«{value}» — не «да» и не «нет»: укажите publish: да, чтобы опубликовать цитату")


class Measures(_Strict):
    """periods/<period>/measures.yaml: the measures taken after the monitoring and quotes for the press."""

    published: dt.date | None = Field(None, description="Дата публикации пресс-релиза и новости (ГГГГ-ММ-ДД)")
    title: str | None = Field(None, description="Свой заголовок пресс-релиза и новости, если нужен")
    measures: list[Measure] = Field(default_factory=list, description="Принятые меры")
    quotes: list[Quote] = Field(default_factory=list, description="Цитаты: author, text, publish (да/нет)")

    @property
    def published_quotes(self) -> list[Quote]:
        return [q for q in self.quotes if q.publish]


def measures_of(period_data, organizations: set[str] | None, report: Report,
                source: RawYaml | None = None) -> Measures | None:
    """measures.yaml of the period, checked; problems as records (None if absent or broken), each with
    its line when `source` (the file as read) is given. `organizations`: the ids an `organ` may name
    (None: organizations.yaml unreadable, not checked)."""
    raw = period_data.extras.get("measures")
    if raw is None or isinstance(raw, Measures):
        return raw
    file = f"periods/{period_data.period.name}/{FILE}"
    line_of = source.line_of if source is not None else (lambda loc: None)
    try:
        measures = Measures.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        for error in exc.errors():
            message = russian_message(error, _model_at(error["loc"]))
            if error["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type"):
                message = f"«{error.get('input')}» — не дата: укажите дату в виде ГГГГ-ММ-ДД, например 2015-04-23"
            report.add(file, line_of(error["loc"]), location(error["loc"]) or None, "measures-invalid", message)
        return None
    for index, measure in enumerate(measures.measures):
        if organizations is not None and measure.organ and measure.organ not in organizations:
            report.add(file, line_of(("measures", index, "organ")), f"measures[{index}].organ", "measures-unknown-organ",
                       f"органа «{measure.organ}» нет в organizations.yaml: исправьте идентификатор или удалите поле")
    return measures


def check_measures(periods: list, organizations: set[str] | None, report: Report,
                   sources: dict[str, dict[str, RawYaml]] | None = None) -> None:
    """Every period's measures.yaml checked; the checked model takes the raw YAML's place. `sources`:
    the period folders' YAML files as read (RawDataset.period_yaml), for the line of each problem."""
    for period_data in periods:
        if "measures" in period_data.extras:
            source = (sources or {}).get(period_data.period.name, {}).get("measures")
            measures = measures_of(period_data, organizations, report, source)
            if measures is not None:
                period_data.extras["measures"] = measures


def published_measures(period_data) -> Measures:
    """The period's checked measures.yaml, or an empty one."""
    found = period_data.extras.get("measures")
    return found if isinstance(found, Measures) else Measures()


def _model_at(loc: tuple):
    if loc and loc[0] in ("measures", "quotes") and len(loc) > 2:
        return Measure if loc[0] == "measures" else Quote
    return Measures
