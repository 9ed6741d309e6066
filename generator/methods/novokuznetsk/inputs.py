"""Input tables of the Novokuznetsk methodology (Приложения № 1, 2 and 3 of the 2013 Programme)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.methods.novokuznetsk.spec import NovokuznetskSpec, Parameter
from generator.methods.spec import SatisfiedRule, SurveyCriterion, criteria_columns, load_spec
from generator.survey.responses import responses_schema
from generator.validate.schema import Column, RowCheck, TableSchema

SPEC: NovokuznetskSpec = load_spec(NovokuznetskSpec, Path(__file__).resolve().parent / "methodology.yaml")
REQUIREMENTS: dict[str, str] = SPEC.requirements
PARAMETERS: dict[str, Parameter] = SPEC.parameters
CRITERIA: dict[str, SurveyCriterion] = SPEC.criteria
CHANNELS: dict[str, str] = SPEC.channels
SATISFIED: SatisfiedRule = SPEC.satisfied
NOT_EVALUATED = "не_оценивается"
NOT_NEEDED = "не_требуется"
LIST_SEPARATOR = ";"  # between the names of documents in documents_list_own / _other

_SERVICE = Column("service_id", "Наименование муниципальной услуги", "ref",
                  "Идентификатор услуги из services.csv", aliases=("услуга", "идентификатор услуги"),
                  ref="services")
_POINT = Column("point_id", "Точка оказания услуги", "ref",
                "Идентификатор точки оказания из списка points органа, предоставляющего услугу (organizations.yaml)",
                aliases=("точка", "точка оказания", "идентификатор точки"))


def _requirement(name: str, title: str) -> Column:
    choices = {**SPEC.requirement_scores, NOT_EVALUATED: SPEC.not_evaluated}
    return Column(name, title, "enum",
                  "Балльная оценка требования параметра I: 1–5; «не оценивается» или пустая ячейка — "
                  "требование не оценивалось", aliases=(f"{name} балл",), required=False, choices=choices)


def _parameter(name: str, data: Parameter) -> Column:
    choices = dict(data.answers)
    extra = ""
    if data.not_needed is not None:
        choices[NOT_NEEDED] = data.not_needed
        extra = "; «не требуется» — услуга не требует межведомственного взаимодействия, параметр не оценивается"
    answers = ", ".join(f"{points} — {label}" for points, label in data.answers.items())
    return Column(name, f"{data.number}. {data.name}", "enum",
                  f"Параметр {data.number}: балл ({answers}){extra}",
                  aliases=(data.name, f"параметр {data.number}"), choices=choices)


ASSESSMENTS = TableSchema(
    name="assessments",
    title="Оценка основных и дополнительных параметров качества предоставления муниципальных услуг",
    seed_table="Приложение № 2",
    columns=(
        _SERVICE,
        _POINT,
        *(_requirement(name, title) for name, title in REQUIREMENTS.items()),
        *(_parameter(name, data) for name, data in PARAMETERS.items()),
        Column("p9_satisfied_share", "9. Удовлетворенность получателей оказанием муниципальной услуги, ее качество "
               "и доступностью в целом", "number",
               "Параметр 9: доля заявителей, удовлетворённых услугой, в процентах (0–100); балл определяется по шкале. "
               "Оставьте пустой, если по этой точке переданы анкеты responses.csv: тогда доля считается по ним "
               "(в открытых данных графа содержит и рассчитанную по анкетам долю)",
               aliases=("доля удовлетворённых", "доля удовлетворенных заявителей", "параметр 9"),
               minimum=0, maximum=100, required=False),
        Column("p4_website", "Наименование сайта", "text",
               "Для параметра 4: сайт, на котором размещена информация об услуге", aliases=("сайт",),
               required=False),
    ),
    key=("service_id", "point_id"),
)

APPLICATIONS = TableSchema(
    name="applications",
    title="Отчёт о результатах предоставления муниципальной услуги",
    seed_table="Приложение № 1",
    columns=(
        _SERVICE,
        Column("received", "Количество принятых заявлений на предоставление муниципальной услуги", "int",
               "Заявления, принятые за период", aliases=("принято заявлений",)),
        Column("considered", "Количество рассмотренных заявлений по предоставлению муниципальной услуги", "int",
               "Заявления, рассмотренные за период (включая поступившие ранее)", aliases=("рассмотрено заявлений",)),
        Column("refusals", "Количество отказов в предоставлении муниципальной услуги", "int",
               "Отказы в предоставлении услуги из числа рассмотренных заявлений", aliases=("отказы",)),
        Column("refusal_reasons", "Причины отказов в предоставлении муниципальной услуги", "text",
               "Причины отказов, словами", aliases=("причины отказов",), required=False),
        Column("problems", "Проблемы, возникающие при предоставлении муниципальной услуги", "text",
               "Проблемы, словами", aliases=("проблемы",), required=False),
        Column("measures", "Принятые меры по упрощению порядка предоставления муниципальной услуги", "text",
               "Меры по сокращению процедур, сроков и пакета документов", aliases=("принятие меры по упрощению порядка "
                                                                                  "предоставления муниципальной услуги",
                                                                                  "меры по упрощению"),
               required=False),
    ),
    key=("service_id",),
    required=False,
    row_checks=(
        RowCheck("refusals-exceed-considered", "refusals",
                 lambda r: r["refusals"] > r["considered"],
                 lambda r: (f"отказов ({r['refusals']}) больше, чем рассмотрено заявлений ({r['considered']}): "
                            "отказ — один из исходов рассмотрения, исправьте одно из чисел")),
    ),
)


def _pair(name: str, title: str, kind: str, description: str) -> tuple[Column, Column]:
    return (Column(f"{name}_own", f"{title} — Новокузнецкий муниципальный район", kind,
                   f"{description}: в Новокузнецком районе", required=False),
            Column(f"{name}_other", f"{title} — другое муниципальное образование", kind,
                   f"{description}: в муниципальном образовании, с которым проводится сравнение", required=False))


COMPARISON_ROWS = (
    ("regulation", "Реквизиты нормативного правового акта об утверждении административного регламента", "text"),
    ("provision", "Предоставление муниципальной услуги", "text"),
    ("organ", "Орган, предоставляющий муниципальную услугу", "text"),
    ("recipients", "Категории получателей муниципальной услуги", "text"),
    ("documents", "Документы, необходимые для предоставления муниципальной услуги (количество)", "int"),
    ("term_days", "Общий (максимальный) срок предоставления муниципальной услуги, дней", "int"),
    ("fee", "Размер платы, взимаемой с получателя муниципальной услуги, руб.", "number"),
)

DOCUMENTS_LIST = (
    Column("documents_list_own", "Документы, необходимые для предоставления муниципальной услуги (наименование) — "
           "Новокузнецкий муниципальный район", "text",
           "Перечень документов в Новокузнецком районе: наименования через «;»", required=False),
    Column("documents_list_other", "Документы, необходимые для предоставления муниципальной услуги (наименование) — "
           "другое муниципальное образование", "text",
           "Перечень документов в муниципальном образовании, с которым проводится сравнение: наименования через «;»",
           required=False),
)

COMPARISON = TableSchema(
    name="comparison",
    title="Результаты проведения сравнительного анализа предоставления муниципальной услуги",
    seed_table="Приложение № 3",
    columns=(
        _SERVICE,
        Column("other_municipality", "Наименование органа местного самоуправления, в котором предоставляется "
               "аналогичная услуга", "text", "Муниципальное образование (орган), с которым проводится сравнение",
               aliases=("муниципальное образование для сравнения",)),
        *(column for name, title, kind in COMPARISON_ROWS
          for column in _pair(name, title, kind, title.split(",")[0])),
        *DOCUMENTS_LIST,
    ),
    key=("service_id", "other_municipality"),
    required=False,
)

CONDITIONS = TableSchema(
    name="conditions",
    title="Требования к оказанию муниципальной услуги и фактические условия оказания (параметр I)",
    seed_table="Приложение № 2, графы «Требования к оказанию муниципальной услуги», «Фактические условия оказания», "
               "«Отклонение реальных значений от требований административного регламента»",
    columns=(
        _SERVICE,
        _POINT,
        Column("requirement", "Наименование оцениваемого параметра", "enum",
               "Требование параметра I: код столбца assessments.csv или его наименование в приложении № 2",
               aliases=("требование", "параметр"), choices=REQUIREMENTS),
        Column("required", "Требования к оказанию муниципальной услуги", "text",
               "Что требует административный регламент (например, «не более 15 минут»)",
               aliases=("требования", "требования регламента")),
        Column("actual", "Фактические условия оказания", "text",
               "Как услуга оказывается на деле в этой точке (например, «до 40 минут в дни приёма»)",
               aliases=("фактические условия", "фактически")),
        Column("deviation", "Отклонение реальных значений от требований административного регламента", "text",
               "Отклонение от требования регламента — при возможности количественной оценки (сноска приложения № 2)",
               aliases=("отклонение",), required=False),
    ),
    key=("service_id", "point_id", "requirement"),
    required=False,
)

# Parameter 9 from the questionnaires (п. 1.3): one row per respondent, with the point where he was asked.
RESPONSES = replace(responses_schema(
    criteria_columns(CRITERIA), CHANNELS, required_criterion=SATISFIED.criterion,
    seed_table="анкетирование получателей услуг (п. 1.3 перечня мероприятий), для параметра 9 приложения № 2",
    extra_columns=(replace(_POINT, description="Точка оказания, в которой опрошен получатель (для анкеты на сайте — "
                                               "в которой он получал услугу): из списка points органа, "
                                               "предоставляющего услугу"),)), required=False)

INPUTS = (ASSESSMENTS, CONDITIONS, RESPONSES, APPLICATIONS, COMPARISON)
