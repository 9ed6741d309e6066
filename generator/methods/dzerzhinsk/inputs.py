"""Input tables of the Dzerzhinsk methodology: the assessment sheets (forms 2 and 3) and complaints."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from generator.methods.dzerzhinsk.spec import DzerzhinskSpec, Survey
from generator.methods.spec import criteria_columns, load_spec
from generator.survey.responses import responses_schema
from generator.validate.schema import Column, TableSchema

SPEC: DzerzhinskSpec = load_spec(DzerzhinskSpec, Path(__file__).resolve().parent / "methodology.yaml")
SOURCES: dict[str, str] = SPEC.sources
INSPECTION_KINDS: dict[str, str] = SPEC.inspection_kinds
SECTIONS: dict[str, str] = SPEC.sections
SURVEY: Survey = SPEC.survey
INSPECTION, SELF_REPORT = "проверка", "самооценка"

_ORGANIZATION = Column("organization_id", "Организация", "ref",
                       "Идентификатор организации (юридического лица) из organizations.yaml",
                       aliases=("организация", "наименование организации", "юридическое лицо"),
                       ref="organizations")

ASSESSMENTS = TableSchema(
    name="assessments",
    title="Ведомости оценки соответствия качества фактически предоставляемых муниципальных услуг стандартам",
    seed_table="Приложения № 2 (по итогам проверки) и № 3 (ежеквартальная отчётность) к Положению",
    columns=(
        _ORGANIZATION,
        # checked in Dzerzhinsk.check(), not as a `ref`: the column is optional and its cells may be empty
        Column("service_id", "Услуга", "text",
               "Код услуги из services.csv, к которой относится индикатор, если организация предоставляет "
               "несколько услуг (оценка по каждой услуге, п. 1.2, 6.5); услуга должна принадлежать организации "
               "строки; пусто — индикатор организации в целом", aliases=("услуга", "код услуги"), required=False),
        Column("source", "Источник ведомости", "enum",
               "«проверка» — ведомость по итогам контрольного мероприятия (форма № 2), «самооценка» — "
               "ежеквартальная ведомость организации (форма № 3)", aliases=("источник", "вид ведомости"),
               choices=SOURCES),
        Column("inspection_kind", "Вид контрольного мероприятия", "enum",
               "Для проверок: «плановая» или «внеплановая» (п. 3.1); для самооценки не заполняется",
               aliases=("вид проверки",), choices=INSPECTION_KINDS, required=False),
        Column("act_date", "Дата акта проверки", "text",
               "Для проверок — дата подписания акта проверки, для самооценки — дата ведомости "
               "(ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); все строки одной ведомости имеют одну дату", aliases=("дата акта", "дата ведомости", "дата")),
        Column("section", "Раздел (подраздел) ведомости", "enum",
               "«1.1» — индикаторы оперативного характера, «1.2» — индикаторы годового характера, "
               "«2» — требования стандарта (п. 3.13)", aliases=("раздел", "подраздел"), choices={k: k for k in SECTIONS}),
        Column("indicator", "Наименование индикатора (требования)", "text",
               "Индикатор качества или требование стандарта, как в ведомости",
               aliases=("индикатор", "показатель", "требование", "наименование показателя")),
        Column("compliance", "Соблюдение индикатора", "number",
               "Оценка соблюдения индикатора (требования) от 0 до 1 (п. 3.14, 4.3)",
               aliases=("соблюдение", "оценка", "значение"), minimum=0, maximum=1),
        Column("published", "Дата размещения на официальном сайте", "text",
               "Для проверок: когда ведомость размещена на сайте (ДД.ММ.ГГГГ); если не заполнено, "
               "берётся дата публикации квартала из period.yaml", aliases=("дата размещения", "опубликовано"),
               required=False),
    ),
    key=("organization_id", "source", "act_date", "service_id", "section", "indicator"),
)
# Dates are "text" in the schema (it has no date kind); they are parsed and checked in
# Dzerzhinsk.check() (codes act-date-invalid, act-date-outside-period, published-date-invalid).

COMPLAINTS = TableSchema(
    name="complaints",
    title="Количество жалоб на нарушение требований стандартов",
    seed_table="Форма учёта сведений (приложение № 4), критерий «количество жалоб» п. 6.6",
    columns=(
        _ORGANIZATION,
        Column("complaints", "Количество жалоб", "int",
               "Жалобы, обращения получателей на качество услуг организации, поступившие за квартал (раздел II)",
               aliases=("жалобы", "количество жалоб на нарушение требований стандарта")),
    ),
    key=("organization_id",),
)

# Section V: answers to the survey form on the city's site, one row per respondent (optional).
RESPONSES = replace(responses_schema(criteria_columns(SURVEY.criteria), SURVEY.channels, SURVEY.satisfied.criterion,
                                     seed_table="анкеты опроса получателей муниципальных услуг (раздел V Положения)"),
                    required=False)

INPUTS = (ASSESSMENTS, COMPLAINTS, RESPONSES)

_DATE_FORMATS = (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$"))


def parse_date(text) -> dt.date | None:
    """`2025-09-18` or `18.09.2025` → date; None if empty; raises ValueError if malformed."""
    if text is None or (isinstance(text, float) and text != text) or str(text).strip() == "":
        return None
    text = str(text).strip()
    iso, ru = _DATE_FORMATS
    if m := iso.match(text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := ru.match(text):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(text)
