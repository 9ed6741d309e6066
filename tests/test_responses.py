"""Raw survey responses: dates, the satisfied share and the Kaluga feedback aggregation, by hand."""
import datetime as dt

import pandas as pd

from generator.problems import Report
from generator.survey.responses import (
    aggregate_feedback,
    check_responses,
    criterion_means,
    parse_date,
    publishable,
    responses_schema,
    satisfied_share,
)


def test_dates_in_both_formats():
    assert parse_date("23.04.2015") == dt.date(2015, 4, 23)
    assert parse_date("2015-04-23") == dt.date(2015, 4, 23)
    assert parse_date("1.2.2015") == dt.date(2015, 2, 1)
    assert parse_date("31.02.2015") is None and parse_date("23/04/2015") is None and parse_date("") is None


def test_satisfied_share_counts_only_those_who_rated():
    frame = pd.DataFrame({"overall": [5, 4, 3, None, 2]})
    # rated: 5, 4, 3, 2 → satisfied (≥ 4): 2 of 4 = 50 %
    assert satisfied_share(frame, "overall", 4) == (2, 4, 50.0)
    assert satisfied_share(pd.DataFrame({"overall": []}), "overall", 4) == (0, 0, None)


def test_criterion_means():
    frame = pd.DataFrame({"a": [5, 4, None], "b": [None, None, None]})
    # a: (5 + 4) / 2 = 4,5 by 2 respondents; b: nobody rated
    assert criterion_means(frame, ["a", "b"]) == {"a": (2, 4.5), "b": (0, None)}


def test_publishable_needs_consent_and_text():
    frame = pd.DataFrame({"comment": ["хорошо", "", "плохо", None], "publish": [True, True, False, True]})
    assert publishable(frame).tolist() == [True, False, False, False]


def test_aggregate_into_kaluga_feedback_table():
    services = pd.DataFrame({"service_id": ["s1", "s2", "s3"], "organization_id": ["o1", "o1", "o2"]})
    responses = pd.DataFrame({
        "service_id": ["s1", "s2", "s1", "s3"],
        "channel": ["in_person", "in_person", "phone", "in_person"],
        "overall": [5, 3, 4, 2],
        "waiting": [4, None, 5, 1],
        "information": [None, None, None, 3],
    })
    table = aggregate_feedback(responses, services, {"work": "overall", "time": "waiting",
                                                     "information": "information"})
    rows = {(r.organization_id, r.channel, r.criterion): (r.respondents, r.score) for r in table.itertuples()}
    # o1 in person: s1 and s2 → work (5 + 3) / 2 = 4; time: only 4 → 4; information: nobody → 0, empty
    assert rows[("o1", "in_person", "work")] == (2, 4.0)
    assert rows[("o1", "in_person", "time")] == (1, 4.0)
    assert rows[("o1", "in_person", "information")][0] == 0 and pd.isna(rows[("o1", "in_person", "information")][1])
    assert rows[("o1", "phone", "work")] == (1, 4.0)
    assert rows[("o2", "in_person", "information")] == (1, 3.0)
    assert list(table.columns) == ["organization_id", "channel", "criterion", "respondents", "score"]
    assert aggregate_feedback(responses.iloc[0:0], services, {"work": "overall"}).empty


def test_check_dates():
    frame = pd.DataFrame({"date": ["23.04.2015", "2016-01-01", "вчера"], "_row": [2, 3, 4]})
    report = Report()
    check_responses(frame, "periods/2015/responses.csv", report, dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert [(p.row, p.code, p.severity) for p in report.sorted()] == [
        (3, "response-date-outside-period", "warning"), (4, "response-date-invalid", "error")]


def test_schema_has_a_score_column_per_criterion():
    schema = responses_schema({"work": {"label": "Работа"}, "time": {"label": "Сроки"}}, {"x": "Канал"},
                              required_criterion="work")
    names = [c.name for c in schema.columns]
    assert names == ["respondent", "service_id", "channel", "date", "work", "time", "comment", "publish"]
    assert schema.column("work").required and not schema.column("time").required
    assert schema.column("work").maximum == 5
