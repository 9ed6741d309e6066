"""Raw survey responses: one row per respondent, shared by every methodology that asks people.

`responses_schema(criteria, channels)` builds the TableSchema of periods/<p>/responses.csv
for a methodology's own criteria and channels; `check_responses` adds the checks a
schema cannot express (dates, consent without a comment); `satisfied_share`,
`criterion_means` and `aggregate_feedback` turn the rows into the aggregated tables
that are computed and published — the raw rows (with their comments) never are.

Columns: respondent (number of the questionnaire), service_id, channel, date (dd.mm.yyyy or ISO yyyy-mm-dd), one score column per
criterion (whole points 1–5; empty = the respondent did not rate it), comment
(optional), publish (да/нет: the respondent agreed to publish the comment; empty = нет).
"""
from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import pandas as pd

from generator.exact import exact
from generator.problems import Report
from generator.validate.schema import Column, TableSchema

__all__ = ["SCORE_MAX", "SCORE_MIN", "aggregate_by_service", "aggregate_feedback", "check_responses", "criterion_means",
           "parse_date", "period_bounds", "publishable", "responses_schema", "satisfied", "satisfied_share", "scores_of"]

SCORE_MIN, SCORE_MAX = 1, 5

_DATE_RU = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(text: str | None) -> dt.date | None:
    """`23.04.2015` or `2015-04-23` → date; anything else (or an impossible date) → None."""
    if text is None:
        return None
    text = str(text).strip()
    if match := _DATE_RU.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def responses_schema(criteria: dict[str, dict], channels: dict[str, str], required_criterion: str | None = None,
                     seed_table: str = "анкета опроса заявителей",
                     extra_columns: tuple[Column, ...] = ()) -> TableSchema:
    """The schema of responses.csv. `criteria`: code → {"label": …, "aliases": [...]}; the
    `required_criterion` must be rated in every row (the one that decides «satisfied»).
    `extra_columns` follow service_id: what a methodology asks beyond the common columns
    (e.g. the point of service where the respondent was asked)."""
    score_columns = tuple(
        Column(code, f"{spec['label']} (1–5)", "int",
               f"Оценка респондента по критерию «{spec['label']}», целое число от 1 до 5; пусто — не оценивал",
               aliases=tuple(spec.get("aliases", ())), minimum=SCORE_MIN, maximum=SCORE_MAX,
               required=code == required_criterion)
        for code, spec in criteria.items())
    return TableSchema(
        name="responses",
        title="Ответы заявителей на вопросы анкеты (одна строка — один респондент)",
        seed_table=seed_table,
        columns=(
            Column("respondent", "Номер анкеты", "int",
                   "Номер анкеты (ответа) в периоде; по нему находят повторно введённую анкету",
                   aliases=("номер анкеты", "анкета", "№")),
            Column("service_id", "Муниципальная услуга", "ref", "Идентификатор услуги из services.csv",
                   aliases=("услуга", "идентификатор услуги"), ref="services"),
            *extra_columns,
            Column("channel", "Способ опроса", "enum", "Как получен ответ", aliases=("канал", "способ опроса"),
                   choices=channels),
            Column("date", "Дата опроса", "text", "Дата ответа: ДД.ММ.ГГГГ (23.04.2015) или ГГГГ-ММ-ДД",
                   aliases=("дата",)),
            *score_columns,
            Column("comment", "Комментарий заявителя", "text",
                   "Отзыв своими словами. Не публикуется как есть: на сайт попадают только отзывы с согласием "
                   "на публикацию, после удаления персональных данных; анкеты в открытые данные не попадают",
                   aliases=("комментарий", "отзыв"), required=False),
            Column("publish", "Согласие на публикацию отзыва", "bool",
                   "Согласен ли респондент на публикацию отзыва (да/нет; пусто — нет)",
                   aliases=("публиковать", "согласие на публикацию"), required=False),
        ),
        key=("respondent",),
        open_data=False,  # one row per respondent: never published raw
    )


def period_bounds(period) -> tuple[dt.date, dt.date]:
    """The first and the last day of a period (year, half-year or quarter), for check_responses."""
    months = {"year": 12, "half": 6, "quarter": 3}[period.kind]
    start = dt.date(period.year, period.start_month + 1, 1)
    after = period.start_month + months  # months from January to the first month after the period
    end = dt.date(period.year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def check_responses(frame: pd.DataFrame, file: str, report: Report, start: dt.date | None = None,
                    end: dt.date | None = None) -> None:
    """Dates readable and inside [start, end]; consent given for an empty comment is pointless."""
    for _, row in frame.iterrows():
        line = int(row["_row"]) if "_row" in row else None
        when = parse_date(row["date"])
        if when is None:
            report.add(file, line, "date", "response-date-invalid",
                       f"«{row['date']}» — не дата: укажите дату опроса в виде ДД.ММ.ГГГГ (23.04.2015) "
                       "или ГГГГ-ММ-ДД (2015-04-23)")
        elif start and end and not start <= when <= end:
            from generator.text_ru import date

            report.add(file, line, "date", "response-date-outside-period",
                       f"дата опроса {date(when)} вне отчётного периода ({date(start)}–{date(end)}): "
                       "проверьте дату или перенесите ответ в папку своего периода; ответ учитывается "
                       "в периоде, в папке которого находится", severity="warning")


def publishable(frame: pd.DataFrame) -> pd.Series:
    """Rows whose comment may be published: consent given and a comment written."""
    consent = frame["publish"].map(lambda v: v is True or v == 1) if "publish" in frame else False
    text = frame["comment"].map(lambda v: isinstance(v, str) and v.strip() != "") if "comment" in frame else False
    return consent & text


def scores_of(frame: pd.DataFrame, criterion: str) -> list[Fraction]:
    """The exact scores given for `criterion` (empty cells left out)."""
    if frame.empty or criterion not in frame:
        return []
    return [score for score in map(exact, frame[criterion]) if score is not None]


def satisfied(frame: pd.DataFrame, criterion: str, threshold) -> pd.Series:
    """A respondent is satisfied when his `criterion` score is at least `threshold` (exactly)."""
    edge = exact(threshold)
    return frame[criterion].map(exact).map(lambda score: score is not None and score >= edge).astype(bool)


def satisfied_share(frame: pd.DataFrame, criterion: str, threshold) -> tuple[int, int, Fraction | None]:
    """(satisfied, respondents who rated `criterion`, exact share in percent or None when nobody did)."""
    scores = scores_of(frame, criterion)
    edge = exact(threshold)
    happy = sum(1 for s in scores if s >= edge)
    return happy, len(scores), (Fraction(happy * 100, len(scores)) if scores else None)


def criterion_means(frame: pd.DataFrame, criteria) -> dict[str, tuple[int, Fraction | None]]:
    """criterion → (respondents who rated it, exact mean score or None)."""
    out = {}
    for code in criteria:
        scores = scores_of(frame, code)
        out[code] = (len(scores), sum(scores, Fraction(0)) / len(scores) if scores else None)
    return out


def aggregate_feedback(responses: pd.DataFrame, services: pd.DataFrame, criteria: dict[str, str]) -> pd.DataFrame:
    """Responses → the feedback table of Kaluga (Таблица 1): organization_id, channel, criterion,
    respondents, score. `criteria` maps the feedback table's criterion code to the responses column
    that rates it (e.g. {"work": "overall", "time": "waiting", "information": "information"}).
    A criterion nobody rated in a channel gets respondents 0 and an empty score."""
    columns = ["organization_id", "channel", "criterion", "respondents", "score"]
    if responses.empty:
        return pd.DataFrame(columns=columns)
    joined = responses.merge(services[["service_id", "organization_id"]], on="service_id", how="left")
    rows = []
    for (organization, channel), group in joined.groupby(["organization_id", "channel"], sort=True):
        for criterion, column in criteria.items():
            count, mean = criterion_means(group, [column])[column]
            rows.append({"organization_id": organization, "channel": channel, "criterion": criterion,
                         "respondents": count, "score": mean})
    return pd.DataFrame(rows, columns=columns)


def aggregate_by_service(responses: pd.DataFrame, services: pd.DataFrame, criteria) -> pd.DataFrame:
    """Responses → one row per service × channel × criterion: organization_id, service_id, channel,
    criterion, respondents (who rated it), score (their mean; empty when nobody did)."""
    columns = ["organization_id", "service_id", "channel", "criterion", "respondents", "score"]
    if responses.empty:
        return pd.DataFrame(columns=columns)
    joined = responses.merge(services[["service_id", "organization_id"]], on="service_id", how="left")
    rows = []
    for (organization, service, channel), group in joined.groupby(["organization_id", "service_id", "channel"],
                                                                  sort=True):
        for criterion in criteria:
            count, mean = criterion_means(group, [criterion])[criterion]
            rows.append({"organization_id": organization, "service_id": service, "channel": channel,
                         "criterion": criterion, "respondents": count, "score": mean})
    return pd.DataFrame(rows, columns=columns)
