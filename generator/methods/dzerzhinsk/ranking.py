"""Dzerzhinsk, 2009/2012: the rating within a sector (п. 6.6) and the deadlines of publication (раздел VII)."""
from __future__ import annotations

import datetime as dt
from fractions import Fraction

from generator.exact import exact
from generator.figures import computed, mean_term, refs
from generator.methods.dzerzhinsk.spec import DzerzhinskSpec, Publication
from generator.periods import Period, parse_period
from generator.results import Figure, Input
from generator.text_ru import date as ru_date
from generator.text_ru import plural_count

CRITERIA = {"complaints": "Количество жалоб", "violations": "Количество выявленных нарушений",
            "summary": "Сводная оценка"}
RANK_SYMBOLS = {"complaints": "Рж", "violations": "Рн", "summary": "Рсо"}


def rank_mean_figure(ranks: dict[str, int | None]) -> Figure:
    """Р: the mean of the places by the criteria that are evaluated."""
    inputs = [Input(RANK_SYMBOLS[c], f"Место по критерию «{CRITERIA[c]}»", r) for c, r in ranks.items() if r is not None]
    left_out = tuple(f"Критерий «{CRITERIA[c]}» не оценивается и в средний ранг не входит"
                     for c, r in ranks.items() if r is None)
    return computed("rank_mean", "Р = (Рж + Рн + Рсо) / 3", mean_term(refs(inputs)), notes=left_out)


def competition_ranks(values: dict[str, Fraction | int | None], higher_is_better: bool) -> dict[str, int | None]:
    """1, 2, 2, 4: one place more than the number of strictly better values (compared exactly);
    None stays None."""
    known = {k: exact(v) for k, v in values.items() if v is not None}
    better = (lambda a, b: a > b) if higher_is_better else (lambda a, b: a < b)
    return {k: (None if k not in known else 1 + sum(1 for w in known.values() if better(w, known[k])))
            for k in values}


def rank_sector(entries: list[dict]) -> dict[str, dict]:
    """Per-criterion ranks, their mean, and the place: by the mean (lower is better), at an equal mean by
    the summary (higher is better); equal means and equal summaries share the smallest place (1, 2, 2, 4).
    `tie` says which: "shared" (an equal place), "broken" (an equal mean, ordered by the summary) or ""."""
    ranks = {"complaints": competition_ranks({e["id"]: e["complaints"] for e in entries}, False),
             "violations": competition_ranks({e["id"]: e["violations"] for e in entries}, False),
             "summary": competition_ranks({e["id"]: e["summary"] for e in entries}, True)}
    out = {}
    for e in entries:
        own = {c: ranks[c][e["id"]] for c in CRITERIA}
        given = [r for r in own.values() if r is not None]
        out[e["id"]] = {"ranks": own, "mean": Fraction(sum(given), len(given)), "summary": exact(e["summary"])}

    def order(row: dict) -> tuple:  # lower is better; a summary that is not evaluated comes last
        return row["mean"], row["summary"] is None, -(row["summary"] or 0)

    for row in out.values():
        row["place"] = 1 + sum(1 for other in out.values() if order(other) < order(row))
        same_mean = [o for o in out.values() if o is not row and o["mean"] == row["mean"]]
        row["tie"] = ("shared" if any(order(o) == order(row) for o in same_mean)
                      else "broken" if same_mean else "")
    return out


# ---- publication deadlines (раздел VII) ---------------------------------------------

def _month_after(period: Period) -> dt.date:
    month = period.start_month + 4
    return dt.date(period.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_deadline(period: Period, rule: Publication) -> dt.date:
    """The 20th of the month after the quarter (п. 7.2) plus three days for posting (п. 7.3)."""
    return _month_after(period).replace(day=rule.quarter_day) + dt.timedelta(days=rule.posting_days)


def inspection_deadline(act_date: dt.date, rule: Publication) -> dt.date:
    """20 calendar days after the act (п. 7.2) plus three days for posting (п. 7.3)."""
    return act_date + dt.timedelta(days=rule.inspection_days + rule.posting_days)


def survey_deadline(completed: dt.date, spec: DzerzhinskSpec) -> dt.date:
    """10 days after the survey ended and was summarised (п. 7.2) plus three days for posting (п. 7.3)."""
    return completed + dt.timedelta(days=spec.survey.publication_days + spec.publication.posting_days)


def publication_status(published: dt.date | None, deadline: dt.date) -> dict:
    if published is None:
        return {"code": "missing", "published": None, "deadline": deadline, "days_late": None,
                "text": f"дата публикации не указана (срок — {ru_date(deadline)})"}
    late = (published - deadline).days
    if late > 0:
        return {"code": "late", "published": published, "deadline": deadline, "days_late": late,
                "text": f"опубликовано {ru_date(published)} — с опозданием на "
                        f"{plural_count(late, 'день', 'дня', 'дней')} (срок — {ru_date(deadline)})"}
    return {"code": "on_time", "published": published, "deadline": deadline, "days_late": 0,
            "text": f"опубликовано {ru_date(published)} — в срок (срок — {ru_date(deadline)})"}


def missing_quarters(periods: list[Period]) -> list[Period]:
    """Quarters between the first and the last with data that have no folder."""
    quarters = sorted(p for p in periods if p.kind == "quarter")
    if len(quarters) < 2:
        return []
    present = {p.name for p in quarters}
    out = []
    year, number_ = quarters[0].year, quarters[0].number
    while (year, number_) < (quarters[-1].year, quarters[-1].number):
        name = f"{year}-Q{number_}"
        if name not in present:
            out.append(parse_period(name))
        year, number_ = (year + 1, 1) if number_ == 4 else (year, number_ + 1)
    return out
