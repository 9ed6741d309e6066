"""Input tables of the Kaluga methodology (seed tables 1, 2, 3 and 5)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.methods.kaluga.spec import KalugaSpec
from generator.methods.spec import load_spec
from generator.survey.responses import responses_schema
from generator.validate.schema import Column, RowCheck, TableSchema

SPEC: KalugaSpec = load_spec(KalugaSpec, Path(__file__).resolve().parent / "methodology.yaml")
CHANNELS: dict[str, str] = SPEC.channels
CRITERIA: dict[str, str] = SPEC.criteria
AMENDMENTS: dict[str, str] = {code: row.label for code, row in SPEC.amendments.items()}

_SERVICE = Column("service_id", "Наименование муниципальной услуги", "ref",
                  "Идентификатор услуги из services.csv", aliases=("услуга", "идентификатор услуги"),
                  ref="services")


def _count(name: str, title: str, description: str, *aliases: str) -> Column:
    return Column(name, title, "int", description, aliases=aliases)


def _flag(name: str, title: str, description: str, *aliases: str) -> Column:
    return Column(name, title, "bool", description, aliases=aliases)


REQUESTS = TableSchema(
    name="requests",
    title="Анализ объёма запросов, поступивших на предоставление муниципальных услуг",
    seed_table="Таблица 3",
    columns=(
        _SERVICE,
        _count("staff", "Количество муниципальных служащих, участвующих в предоставлении услуги",
               "Служащие, участвующие в предоставлении услуги (графа 3)", "служащие"),
        _count("requests", "Количество запросов на предоставление услуги",
               "Все заявления на услугу за период, включая поступившие через Портал госуслуг и МФЦ (графа 4)",
               "количество заявлений", "заявления"),
        _count("on_time", "Рассмотрено в установленные сроки", "Заявления, рассмотренные в срок (графа 5)"),
        _count("late", "Рассмотрено с нарушением сроков", "Заявления, рассмотренные с нарушением срока (графа 6)"),
        _count("refusals", "Количество отказов в приеме документов или в предоставлении услуги",
               "Отказы в приёме документов или в предоставлении услуги (графа 7)", "отказы"),
        _count("complaints", "Количество поступивших жалоб на предоставление муниципальных услуг",
               "Жалобы на решения и действия (бездействие) при предоставлении услуги (графа 9)", "жалобы"),
        _flag("prebooking", "Наличие возможности предварительной записи (да/нет)",
              "Есть ли предварительная запись на подачу документов (графа 8)", "предварительная запись"),
        _flag("electronic", "Перевод услуги в электронный вид (да/нет)",
              "Переведена ли услуга в электронный вид (графа 10)", "электронный вид"),
        _count("requests_epgu", "Количество заявлений на предоставление услуги, поступивших через Единый портал государственных услуг",
               "Заявления через Портал госуслуг (графа 11)", "заявления через епгу", "заявления через портал"),
        _flag("mfc", "Предоставление услуги через ГБУ КО «МФЦ Калужской области» (да/нет)",
              "Предоставляется ли услуга через МФЦ (графа 12)", "предоставление через мфц", "мфц"),
        _count("requests_mfc", "Количество заявлений на предоставление услуги, поступивших через ГБУ КО «МФЦ Калужской области»",
               "Заявления через МФЦ (графа 13)", "заявления через мфц"),
        _flag("regulation_approved", "Утверждён административный регламент (да/нет)",
              "Утверждён ли административный регламент услуги (для Dар и таблицы 3.1)",
              "административный регламент утверждён", "регламент"),
    ),
    key=("service_id",),
    row_checks=(
        RowCheck("on-time-late-exceed-requests", "late",
                 lambda r: r["on_time"] + r["late"] > r["requests"],
                 lambda r: (f"рассмотрено в срок ({r['on_time']}) и с нарушением срока ({r['late']}) вместе "
                            f"больше, чем поступило заявлений ({r['requests']}): исправьте одно из чисел")),
        RowCheck("channel-requests-exceed-requests", "requests_mfc",
                 lambda r: r["requests_epgu"] + r["requests_mfc"] > r["requests"],
                 lambda r: (f"заявлений через Портал госуслуг ({r['requests_epgu']}) и через МФЦ "
                            f"({r['requests_mfc']}) вместе больше, чем всего заявлений ({r['requests']}): "
                            "графа 4 должна включать заявления всех каналов")),
        RowCheck("refusals-exceed-requests", "refusals",
                 lambda r: r["refusals"] > r["requests"],
                 lambda r: f"отказов ({r['refusals']}) больше, чем заявлений ({r['requests']}): исправьте одно из чисел"),
    ),
)

FEEDBACK = TableSchema(
    name="feedback",
    title="Анализ степени удовлетворённости клиентов качеством предоставления муниципальных услуг",
    seed_table="Таблица 1",
    columns=(
        Column("organization_id", "Орган", "ref", "Идентификатор органа из organizations.yaml",
               aliases=("орган",), ref="organizations"),
        Column("channel", "Канал обратной связи", "enum", "Источник (канал) обратной связи", aliases=("канал",),
               choices=CHANNELS),
        Column("criterion", "Критерий удовлетворенности", "enum", "Критерий удовлетворённости (графа 2)",
               aliases=("критерий",), choices=CRITERIA),
        _count("respondents", "Количество респондентов", "Число респондентов, оценивших критерий (графа 3)",
               "респонденты"),
        Column("score", "Итог (значение коэффициента Уф)", "number",
               "Средняя оценка критерия респондентами по шкале от 1 до 5 (графа 4)",
               aliases=("оценка", "средняя оценка"), minimum=1, maximum=5, required=False),
    ),
    key=("organization_id", "channel", "criterion"),
    required=False,  # feedback.csv or responses.csv: Kaluga.check asks for one of them
    row_checks=(
        RowCheck("value-missing", "score", lambda r: r["respondents"] > 0 and r["score"] is None,
                 lambda r: "не заполнена средняя оценка, хотя респонденты есть: укажите число от 1 до 5"),
    ),
)

EPGU_RATINGS = TableSchema(
    name="epgu_ratings",
    title="Оценка качества оказания услуг на Едином портале госуслуг",
    seed_table="Таблица 2",
    columns=(
        _SERVICE,
        Column("csi", "Индекс CSI", "number", "Индекс удовлетворённости по оценкам на Портале госуслуг, от 1 до 5",
               aliases=("csi",), minimum=1, maximum=5),
        _count("ratings", "Количество оценок", "Число оценок на Портале госуслуг", "оценки"),
    ),
    key=("service_id",),
    required=False,
)

REGULATIONS = TableSchema(
    name="regulations",
    title="Определение коэффициента качества работы с административными регламентами",
    seed_table="Таблица 5",
    columns=(
        _SERVICE,
        _flag("complies_210fz", "Соответствие административного регламента Федеральному закону от 27.07.2010 № 210-ФЗ",
              "Соответствует ли регламент 210-ФЗ", "соответствие 210-фз"),
        _flag("complies_other_acts", "Соответствие административного регламента иным нормативным правовым актам",
              "Соответствует ли регламент иным актам, регулирующим порядок предоставления услуги",
              "соответствие иным актам"),
        Column("amendment", "Своевременное внесение изменений в административный регламент", "enum",
               "Своевременность внесения изменений после изменения законодательства",
               aliases=("внесение изменений",), choices=AMENDMENTS),
    ),
    key=("service_id",),
)

# The alternative to feedback.csv: one row per respondent, aggregated into Таблица 1 by the generator.
RESPONSES = replace(responses_schema({code: {"label": label} for code, label in CRITERIA.items()}, CHANNELS,
                                     seed_table="анкеты клиентов (сводятся в таблицу 1)"), required=False)

INPUTS = (REQUESTS, FEEDBACK, RESPONSES, EPGU_RATINGS, REGULATIONS)
