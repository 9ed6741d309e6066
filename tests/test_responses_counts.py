"""The survey toolkit counts a column at a time (survey/counts.py) and gives what it gave row by row:
the reference definitions below are the former ones, compared on generated tables of answers as the
Python checks make them (scores int64, float64 with NaN, or objects) and as the engine makes them
(text columns as categoricals)."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.exact import exact
from generator.problems import Report
from generator.survey.responses import (aggregate_by_service, aggregate_feedback, check_responses, criterion_means,
                                        parse_date, publishable, satisfied, satisfied_share, scores_of, with_services)

SERVICES = pd.DataFrame({"service_id": ["s1", "s2", "s3"], "organization_id": ["o2", "o1", "o1"],
                         "name": ["Услуга 1", "Услуга 2", "Услуга 3"]})


# ---- the former, row-by-row definitions -------------------------------------------------------

def old_scores_of(frame, criterion):
    if frame.empty or criterion not in frame:
        return []
    return [score for score in map(exact, frame[criterion]) if score is not None]


def old_satisfied_share(frame, criterion, threshold):
    scores, edge = old_scores_of(frame, criterion), exact(threshold)
    happy = sum(1 for s in scores if s >= edge)
    return happy, len(scores), (Fraction(happy * 100, len(scores)) if scores else None)


def old_means(frame, criteria):
    out = {}
    for code in criteria:
        scores = old_scores_of(frame, code)
        out[code] = (len(scores), sum(scores, Fraction(0)) / len(scores) if scores else None)
    return out


def old_aggregate(responses, services, keys, criteria):
    columns = [*keys, "criterion", "respondents", "score"]
    if responses.empty:
        return pd.DataFrame(columns=columns)
    joined = responses.astype({k: object for k in ("service_id", "channel") if k in responses}).merge(
        services[["service_id", "organization_id"]], on="service_id", how="left")
    rows = []
    for key, group in joined.groupby(keys, sort=True):
        for criterion, column in criteria.items():
            count, mean = old_means(group, [column])[column]
            rows.append({**dict(zip(keys, key)), "criterion": criterion, "respondents": count, "score": mean})
    return pd.DataFrame(rows, columns=columns)


def old_publishable(frame):
    consent = frame["publish"].map(lambda v: v is True or v == 1)
    text = frame["comment"].map(lambda v: isinstance(v, str) and v.strip() != "")
    return (consent & text).astype(bool)


def old_check(frame, report, start, end):
    for _, row in frame.iterrows():
        when = parse_date(row["date"])
        if when is None:
            report.add("f", int(row["_row"]), "date", "response-date-invalid", str(row["date"]))
        elif not start <= when <= end:
            report.add("f", int(row["_row"]), "date", "response-date-outside-period", "", severity="warning")


# ---- generated answers --------------------------------------------------------------------

SCORE = st.sampled_from([None, 1, 2, 3, 4, 5])
ROW = st.fixed_dictionaries({
    "service_id": st.sampled_from(["s1", "s2", "s3", "s9"]), "channel": st.sampled_from(["a", "b", "c"]),
    "date": st.sampled_from(["01.02.2025", "2025-03-04", "вчера", "31.02.2025", "01.01.2024"]),
    "work": SCORE, "time": SCORE, "comment": st.sampled_from([None, "", "  ", "Хорошо"]),
    "publish": st.sampled_from([None, True, False])})


@settings(max_examples=60, deadline=None, derandomize=True)
@given(rows=st.lists(ROW, min_size=0, max_size=25), form=st.sampled_from(["inferred", "objects", "categorical"]),
       threshold=st.sampled_from([4, Fraction(7, 2), 1]))
def test_counted_a_column_at_a_time_as_row_by_row(rows, form, threshold):
    frame = pd.DataFrame(rows, columns=["service_id", "channel", "date", "work", "time", "comment", "publish"])
    frame["_row"] = range(2, len(frame) + 2)
    if form == "objects":
        for column in ("work", "time"):
            frame[column] = pd.Series([r["work" if column == "work" else "time"] for r in rows], dtype=object)
    elif form == "categorical":
        for column in ("service_id", "channel", "date"):
            frame[column] = pd.Categorical(frame[column], categories=sorted(set(frame[column]), reverse=True))
    assert scores_of(frame, "work") == old_scores_of(frame, "work")
    assert satisfied_share(frame, "work", threshold) == old_satisfied_share(frame, "work", threshold)
    assert criterion_means(frame, ["work", "time", "absent"]) == old_means(frame, ["work", "time", "absent"])
    if not frame.empty:
        assert satisfied(frame, "time", threshold).tolist() == [s is not None and s >= exact(threshold)
                                                                 for s in map(exact, frame["time"])]
    assert publishable(frame).tolist() == (old_publishable(frame).tolist() if not frame.empty else [])
    criteria = {"w": "work", "t": "time"}
    new, old = aggregate_feedback(frame, SERVICES, criteria), old_aggregate(frame, SERVICES, ["organization_id", "channel"], criteria)
    assert new.to_dict("records") == old.to_dict("records")
    new = aggregate_by_service(frame, SERVICES, ["work", "time"])
    old = old_aggregate(frame, SERVICES, ["organization_id", "service_id", "channel"], {"work": "work", "time": "time"})
    assert new.to_dict("records") == old.to_dict("records")
    joined = with_services(frame, SERVICES)
    expected = frame.join(SERVICES.set_index("service_id")[["organization_id", "name"]], on="service_id")
    assert joined.astype(object).where(joined.notna(), None).values.tolist() == \
        expected.astype(object).where(expected.notna(), None).values.tolist()
    new_report, old_report = Report(), Report()
    check_responses(frame, "f", new_report, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    old_check(frame, old_report, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(p.row, p.code, p.severity) for p in new_report.problems] == \
        [(p.row, p.code, p.severity) for p in old_report.problems]
