"""Raw survey responses: one row per respondent, shared by every methodology that asks people.

`responses_schema(criteria, channels)` builds the TableSchema of periods/<p>/responses.csv
for a methodology's own criteria and channels; `check_responses` adds the checks a
schema cannot express (dates, consent without a comment); `satisfied_share`,
`criterion_means` and `aggregate_feedback` turn the rows into the aggregated tables
that are computed and published — the raw rows (with their comments) never are; `answers_by_organ`
counts millions of them once into Таблица 1 and each organ's `Answers` (survey/counts.py).

Columns: respondent (number of the questionnaire), service_id, channel, date (dd.mm.yyyy or ISO yyyy-mm-dd), one score column per
criterion (whole points 1–5; empty = the respondent did not rate it), comment
(optional), publish (да/нет: the respondent agreed to publish the comment; empty = нет).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from generator.exact import exact
from generator.problems import Report
from generator.survey.counts import Tally, exact_scores, numbered, score_counts
from generator.validate.schema import Column, TableSchema

__all__ = ["SCORE_MAX", "SCORE_MIN", "Answers", "aggregate_by_service", "aggregate_feedback", "answers_by_organ",
           "check_responses", "consent", "criterion_means", "parse_date", "period_bounds", "publishable",
           "responses_schema", "satisfied", "satisfied_share", "score_counts_of", "scores_of", "with_services"]

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
    """Dates readable and inside [start, end]; each distinct date is read once, the rows reported in order."""
    if frame.empty:
        return
    codes, dates = numbered(frame["date"])
    when = [parse_date(text) for text in dates]
    invalid = np.array([day is None for day in when] + [True])[codes]  # a missing date (-1) is no date
    outside = np.array([day is not None and bool(start and end) and not start <= day <= end for day in when]
                       + [False])[codes]
    lines = frame["_row"] if "_row" in frame else None
    for index in np.flatnonzero(invalid | outside):
        line = int(lines.iat[index]) if lines is not None else None
        if invalid[index]:
            report.add(file, line, "date", "response-date-invalid",
                       f"«{frame['date'].iat[index]}» — не дата: укажите дату опроса в виде ДД.ММ.ГГГГ (23.04.2015) "
                       "или ГГГГ-ММ-ДД (2015-04-23)")
        else:
            from generator.text_ru import date

            report.add(file, line, "date", "response-date-outside-period",
                       f"дата опроса {date(when[codes[index]])} вне отчётного периода ({date(start)}–{date(end)}): "
                       "проверьте дату или перенесите ответ в папку своего периода; ответ учитывается "
                       "в периоде, в папке которого находится", severity="warning")


def consent(values: pd.Series) -> pd.Series:
    """Consent given (True, or 1) in a `publish` column, for the whole column at once; None, False
    and anything else are no consent."""
    if values.dtype == object or values.dtype == bool:  # as isin([True]), by equality instead of hashing
        return (values == True).astype(bool)  # noqa: E712
    return values.isin([True]).astype(bool)


def publishable(frame: pd.DataFrame) -> pd.Series:
    """Rows whose comment may be published: consent given and a comment written. Only the rows with
    consent (a few of millions) have their comment looked at."""
    given = consent(frame["publish"]).to_numpy(copy=True) if "publish" in frame else np.zeros(len(frame), dtype=bool)
    if "comment" in frame:
        chosen = np.flatnonzero(given)
        texts = frame["comment"].iloc[chosen].tolist()
        given[chosen] = [isinstance(text, str) and text.strip() != "" for text in texts]
    else:
        given[:] = False
    return pd.Series(given, index=frame.index)


def scores_of(frame: pd.DataFrame, criterion: str) -> list[Fraction]:
    """The exact scores given for `criterion` (empty cells left out), in the rows' order."""
    if frame.empty or criterion not in frame:
        return []
    codes, scores = exact_scores(frame[criterion])
    return np.asarray(scores + [None], dtype=object)[codes[codes >= 0]].tolist()


def score_counts_of(frame: pd.DataFrame, criterion: str) -> dict[Fraction, int]:
    """Exact score → how many respondents gave it for `criterion`: what a share or a mean is made of."""
    if frame.empty or criterion not in frame:
        return {}
    return score_counts(frame[criterion])


def satisfied(frame: pd.DataFrame, criterion: str, threshold) -> pd.Series:
    """A respondent is satisfied when his `criterion` score is at least `threshold` (exactly)."""
    edge = exact(threshold)
    codes, scores = exact_scores(frame[criterion])
    happy = np.array([score >= edge for score in scores] + [False], dtype=bool)[codes]
    return pd.Series(happy, index=frame.index, name=criterion)


def satisfied_share(frame: pd.DataFrame, criterion: str, threshold) -> tuple[int, int, Fraction | None]:
    """(satisfied, respondents who rated `criterion`, exact share in percent or None when nobody did)."""
    counts = score_counts_of(frame, criterion)
    edge = exact(threshold)
    happy, rated = sum(n for s, n in counts.items() if s >= edge), sum(counts.values())
    return happy, rated, (Fraction(happy * 100, rated) if rated else None)


def criterion_means(frame: pd.DataFrame, criteria) -> dict[str, tuple[int, Fraction | None]]:
    """criterion → (respondents who rated it, exact mean score or None)."""
    out = {}
    for code in criteria:
        counts = score_counts_of(frame, code)
        rated = sum(counts.values())
        out[code] = (rated, sum((s * n for s, n in counts.items()), Fraction(0)) / rated if rated else None)
    return out


def with_services(frame: pd.DataFrame, services: pd.DataFrame, columns=("organization_id", "name")) -> pd.DataFrame:
    """frame.join(services[columns], on="service_id"): each row with its service's columns (NaN for an
    unknown service). A categorical service_id (a big table, validate/engine.py) is looked up once per
    service and gives categorical columns, so that selecting an organ's rows is integer work."""
    table = services.set_index("service_id") if "service_id" in services.columns else services
    table = table[list(columns)]
    ids = frame["service_id"]
    if not isinstance(ids.dtype, pd.CategoricalDtype):
        return frame.join(table, on="service_id")
    row_codes = ids.cat.codes.to_numpy(dtype=np.int64)
    found = table.reindex(ids.cat.categories)
    added = {}
    for column in columns:
        codes, uniques = numbered(found[column].reset_index(drop=True))
        added[column] = pd.Categorical.from_codes(np.append(codes, -1)[row_codes], uniques)
    return frame.assign(**added)


def aggregate_feedback(responses: pd.DataFrame, services: pd.DataFrame, criteria: dict[str, str]) -> pd.DataFrame:
    """Responses → the feedback table of Kaluga (Таблица 1): organization_id, channel, criterion,
    respondents, score. `criteria` maps the feedback table's criterion code to the responses column
    that rates it (e.g. {"work": "overall", "time": "waiting", "information": "information"}).
    A criterion nobody rated in a channel gets respondents 0 and an empty score."""
    return _aggregate(responses, services, ["organization_id", "channel"], criteria)


def aggregate_by_service(responses: pd.DataFrame, services: pd.DataFrame, criteria) -> pd.DataFrame:
    """Responses → one row per service × channel × criterion: organization_id, service_id, channel,
    criterion, respondents (who rated it), score (their mean; empty when nobody did)."""
    return _aggregate(responses, services, ["organization_id", "service_id", "channel"], {c: c for c in criteria})


def _aggregate(responses: pd.DataFrame, services: pd.DataFrame, keys: list[str], criteria: dict[str, str]) -> pd.DataFrame:
    """A row per group of `keys` (sorted; rows of an unknown service left out) and criterion: who rated
    it and the exact mean, from integer counts per group and score (survey/counts.py)."""
    if responses.empty:
        return pd.DataFrame(columns=[*keys, "criterion", "respondents", "score"])
    joined = with_services(responses, services, ("organization_id",))
    return _rows_of(Tally(joined, keys, list(dict.fromkeys(criteria.values()))), keys, criteria)


def _rows_of(tally: Tally, keys: list[str], criteria: dict[str, str]) -> pd.DataFrame:
    rows = []
    for index, key in enumerate(tally.names):
        for criterion, column in criteria.items():
            rated, total = tally.rated_and_sum(index, column)
            rows.append({**dict(zip(keys, key)), "criterion": criterion, "respondents": rated,
                         "score": total / rated if rated else None})
    return pd.DataFrame(rows, columns=[*keys, "criterion", "respondents", "score"])


@dataclass(frozen=True)
class Answers:
    """An organ's raw answers, counted: what its pages show of them — how many answered, how many
    gave each score per channel and over all channels, the comments that may be published (in the
    file's order) — without a row per respondent."""

    respondents: int
    by_channel: dict  # channel → score column → exact score → count
    overall: dict  # score column → exact score → count
    comments: list  # (comment, service name) of the rows publishable() chooses

    def __len__(self) -> int:
        return self.respondents

    def score_counts(self, column: str, channel=None) -> dict[Fraction, int]:
        """score_counts_of the organ's answers (in `channel`, when given)."""
        return (self.overall if channel is None else self.by_channel.get(channel, {})).get(column, {})


def answers_by_organ(responses: pd.DataFrame, services: pd.DataFrame,
                     criteria: dict[str, str]) -> tuple[pd.DataFrame, dict[str, Answers]]:
    """aggregate_feedback(responses, services, criteria) and each organ's Answers, from one count of
    the answers: millions of rows are counted once, never split into a table per organ."""
    if responses.empty:
        return aggregate_feedback(responses, services, criteria), {}
    joined = with_services(responses, services, ("organization_id",))
    columns = list(dict.fromkeys(criteria.values()))
    by_channel = Tally(joined, ["organization_id", "channel"], columns)
    # every row has its channel (a required column): an organ's answers are those of its channels
    by_organ = by_channel.by_first_key() if not joined["channel"].isna().any() else \
        Tally(joined, ["organization_id"], columns)
    channels: dict[str, dict] = {}
    for index, (organ, channel) in enumerate(by_channel.names):
        channels.setdefault(organ, {})[channel] = {c: by_channel.score_counts(index, c) for c in by_channel.counts}
    comments: dict[str, list] = {}
    consented = with_services(responses[publishable(responses).to_numpy()], services)  # a few of millions
    for organ, comment, name in zip(consented["organization_id"], consented["comment"], consented["name"]):
        if not pd.isna(organ):
            comments.setdefault(organ, []).append((comment, name))
    answers = {organ: Answers(int(by_organ.rows[index]), channels.get(organ, {}),
                              {c: by_organ.score_counts(index, c) for c in by_organ.counts}, comments.get(organ, []))
               for index, (organ,) in enumerate(by_organ.names)}
    return _rows_of(by_channel, ["organization_id", "channel"], criteria), answers
