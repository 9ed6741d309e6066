"""Input tables of the Baikonur methodology: an organ's survey results and proposals (п. 5.3, приложение № 3).

Each organ sends its results as an Excel workbook; the table may be given as one workbook per
organ, periods/<quarter>/survey/<organization_id>.xlsx (the organ column is then filled from
the file name), or as one periods/<quarter>/survey.csv with an organ column. The organ's proposals
are a sheet «Предложения» of the same workbook (or proposals.csv).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.methods.baikonur.spec import BaikonurSpec, Channel
from generator.methods.spec import load_spec
from generator.survey.responses import responses_schema
from generator.text_ru import decimal
from generator.validate.schema import Column, RowCheck, TableSchema

SPEC: BaikonurSpec = load_spec(BaikonurSpec, Path(__file__).resolve().parent / "methodology.yaml")
CHANNELS: dict[str, Channel] = SPEC.channels
CRITERIA: dict[str, str] = SPEC.criteria


def _empty(value) -> bool:
    """Row checks see parsed cells: an exact fraction, or None where the cell is empty."""
    return value is None


# In an organ's own workbook (survey/<organ>.xlsx, its sheet «Предложения») the organ comes from the file name.
_ORGAN = Column("organization_id", "Исполнительный орган", "ref",
                "Идентификатор органа из organizations.yaml; в книге органа (survey/<орган>.xlsx) столбец можно "
                "не заполнять — он берётся из имени файла", aliases=("орган", "код органа"), ref="organizations")

SURVEY = TableSchema(
    name="survey",
    title="Результаты опросов заявителей о качестве предоставления государственных услуг",
    seed_table="Приложение № 3 (п. 5.3 Порядка)",
    columns=(
        _ORGAN,
        Column("service_id", "Код услуги", "ref", "Идентификатор услуги из services.csv",
               aliases=("услуга", "идентификатор услуги"), ref="services"),
        Column("service_name", "Наименование услуги", "text",
               "Наименование услуги, как в реестре (справочно; в расчёте не используется)",
               aliases=("наименование государственной услуги",), required=False),
        Column("channel", "Способ опроса", "enum",
               "Вид опроса по п. 5.2 Порядка: " + "; ".join(f"«{c.label}» (п. {c.clause[3:]})"
                                                           for c in CHANNELS.values()),
               aliases=("вид опроса", "канал"), choices={k: c.label for k, c in CHANNELS.items()}),
        Column("criterion", "Критерий качества", "enum",
               "Критерий оценки: " + "; ".join(f"«{v}»" for v in CRITERIA.values()),
               aliases=("критерий", "критерий оценки"), choices=dict(CRITERIA)),
        Column("respondents", "Количество опрошенных", "int",
               "Число заявителей, оценивших услугу по критерию этим способом (0 — ответов не было)",
               aliases=("опрошено", "число опрошенных", "количество оценок")),
        Column("score", "Средний балл", "number",
               "Средняя оценка заявителей по пятибалльной шкале (от 1 до 5); пусто, если опрошенных нет",
               aliases=("средняя оценка", "оценка"), required=False, minimum=1, maximum=5),
    ),
    key=("organization_id", "service_id", "channel", "criterion"),
    split_by="organization_id",
    required=False,
    row_checks=(
        RowCheck("baikonur-score-without-respondents", "score",
                 lambda r: r["respondents"] == 0 and not _empty(r["score"]),
                 lambda r: (f"указан средний балл {decimal(r['score'])}, но опрошенных 0: средний балл без ответов "
                            "не существует — укажите число опрошенных или оставьте балл пустым")),
        RowCheck("baikonur-respondents-without-score", "score",
                 lambda r: r["respondents"] > 0 and _empty(r["score"]),
                 lambda r: (f"опрошено {r['respondents']}, но средний балл не указан: укажите средний балл "
                            "от 1 до 5 или 0 опрошенных, если ответов не было")),
    ),
)

# The alternative to the survey workbooks: one row per respondent, aggregated by the generator.
RESPONSES = replace(responses_schema({code: {"label": label} for code, label in CRITERIA.items()},
                                     {k: c.label for k, c in CHANNELS.items()},
                                     seed_table="анкеты заявителей (сводятся в результаты опросов)"), required=False)

# п. 5.3: the organ sends its proposals with its results, in the same Excel form: a sheet «Предложения»
# of survey/<organ>.xlsx, or proposals/<organ>.xlsx, or one proposals.csv with an organ column.
PROPOSALS = TableSchema(
    name="proposals",
    title="Предложения по улучшению условий предоставления услуг",
    seed_table="п. 5.3 Порядка (представляются вместе с результатами опросов)",
    columns=(
        _ORGAN,
        Column("proposal", "Предложение", "text",
               "Предложение по улучшению условий предоставления услуг, направленное на повышение "
               "удовлетворённости заявителей (одно предложение — одна строка)",
               aliases=("предложение", "предложения", "предложение по улучшению")),
    ),
    key=("organization_id", "proposal"),
    split_by="organization_id",
    required=False,
    sheet_titles=("предложения", "proposals"),
)

INPUTS = (SURVEY, RESPONSES, PROPOSALS)
