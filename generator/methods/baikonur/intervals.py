"""Baikonur, 2021: how far the survey figures can be trusted — the 95 % interval of each criterion's mean
Оj and of the service's score О.

Оj weights the channels' means by their respondents, so it is the mean of every answer to the criterion
about the service: from the raw answers (responses.csv) its t-interval is computed from them; from the
organs' workbooks (means and counts only) the conservative one, with the largest spread a 1–5 scale
allows. О averages criteria answered by the same applicants, whose errors move together: they are added
as fully correlated (σ of О = the mean of the criteria's σ), wider than treating them as independent.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from generator.results import Figure
from generator.stats.intervals import mean_conservative, mean_from_answers
from generator.stats.propagation import carried
from generator.survey.responses import SCORE_MAX, SCORE_MIN, score_counts_of

SAME_RESPONDENTS = ("; критерии оценивали одни и те же заявители, их погрешности сложены как полностью связанные "
                    "(σ оценки О — среднее σ критериев): осторожная оценка")


def with_criterion_interval(figure: Figure, criterion: str, answers: pd.DataFrame | None, asked: int) -> Figure:
    """Оj with its interval: from the service's raw answers when the quarter has them (`answers`), else
    from the `asked` respondents who rated it (Σ nc) alone."""
    if not figure.evaluated:
        return figure
    if answers is not None:
        interval = mean_from_answers(score_counts_of(answers, criterion), low=SCORE_MIN, high=SCORE_MAX)
    else:
        interval = mean_conservative(figure.value, asked, low=SCORE_MIN, high=SCORE_MAX)
    return replace(figure, interval=interval)


def with_correlated_interval(score: Figure) -> Figure:
    """О with the interval of its criteria taken as fully correlated (see the module's note); the delta
    method of `computed` would take them as independent. A criterion without one (a single answer) has an
    unknown error, so О then has no interval either."""
    if not score.evaluated or score.interval is None:
        return score
    if any(i.value is not None and i.se is None for i in score.inputs):
        return replace(score, interval=None)  # a criterion of one answer: its error is unknown, not zero
    parts = [i for i in score.inputs if i.value is not None]
    sigma = sum(i.se for i in parts) / len(parts)
    interval = carried(score.value, sigma)
    return on_scale(replace(score, interval=replace(interval, how=interval.how + SAME_RESPONDENTS)))


def on_scale(figure: Figure) -> Figure:
    """A mean of scores whose carried interval (value ± 1,96 σ) would pass an end of the 1–5 scale, clipped to it:
    no mean of 1–5 scores lies outside, whatever the sample."""
    interval = figure.interval
    if interval is None or SCORE_MIN <= interval.low and interval.high <= SCORE_MAX:
        return figure
    return replace(figure, interval=replace(interval, low=max(interval.low, SCORE_MIN),
                                            high=min(interval.high, SCORE_MAX)))


def all_known(figure: Figure, parts: list[Figure]) -> Figure:
    """A mean of services' О without its interval when one of them has none (its error is unknown, not zero)."""
    if figure.interval is not None and any(p.value is not None and p.interval is None for p in parts):
        return replace(figure, interval=None)
    return figure
