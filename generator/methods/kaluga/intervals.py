"""Kaluga, 2025: how far Куд can be trusted — the 95 % intervals of its survey figures.

A criterion's score is a mean of 1–5 answers: a t-interval from the raw answers when responses.csv was
given, otherwise the conservative t-interval from its respondent count (the largest spread the scale
allows). A channel's CSI averages criteria that the same people rated, so their errors go together:
taken as perfectly correlated, the CSI's standard error is the mean of the criteria's — never less than
the truth. The portal's CSI pools every rating of every service: one conservative interval from the
number of ratings. Куд канала = CSI / 5 × 100 takes the CSI's interval scaled; the mean Куд over
channels (different people) and everything computed from it carry theirs by themselves
(generator.figures.computed).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from generator.stats.common import count_text, level_text, to_exact, z_value
from generator.stats.intervals import Interval, mean_conservative, mean_from_answers, scaled, standard_error
from generator.text_ru import number

LOW, HIGH = 1, 5  # the act's scale of a score (Таблица 1, графа 4; the portal's CSI)
TO_KUD = 20  # Куд = CSI / 5 × 100
LEVEL = 95


def criterion_interval(score: Fraction, respondents: int,
                       answers: Mapping[Fraction, int] | None = None) -> Interval | None:
    """A criterion's mean score: from its raw answers (score → count) when given, else conservative from
    the respondent count. One respondent shows no spread at all: the whole scale, so that the channel and
    everything averaged from it stay honest rather than look exact."""
    interval = mean_from_answers(answers, low=LOW, high=HIGH) if answers else \
        mean_conservative(score, respondents, LOW, HIGH)
    if interval is None and respondents == 1:
        return Interval(low=Fraction(LOW), high=Fraction(HIGH), level=Fraction(LEVEL), method="conservative",
                        how=f"один респондент: разброс оценок неизвестен, интервал — вся шкала {LOW}–{HIGH}",
                        value=score, n=1)
    return interval


def csi_interval(csi: Fraction, criteria: Sequence[Interval | None]) -> Interval | None:
    """A channel's CSI, the mean of its criteria: its standard error is the mean of theirs (the same
    respondents, errors taken as perfectly correlated); None when a criterion has none."""
    if not criteria or any(c is None for c in criteria):
        return None
    if len(criteria) == 1:
        return scaled(criteria[0], 1, how=f"{criteria[0].how}; Куд = CSI / 5 × 100 %")
    level = criteria[0].level
    half = z_value(level) * sum(standard_error(c) for c in criteria) / len(criteria)
    low = max(Fraction(LOW), min(csi, to_exact(float(csi) - half)))
    high = min(Fraction(HIGH), max(csi, to_exact(float(csi) + half)))
    raw = all(c.method == "t" for c in criteria)
    kind = "t-интервал Стьюдента по ответам" if raw else \
        f"консервативный t-интервал (наибольший разброс оценок шкалы {LOW}–{HIGH})"
    sizes = sorted({c.n for c in criteria})
    counted = count_text(sizes[0]) if len(sizes) == 1 else f"{count_text(sizes[0])}–{number(sizes[-1])}"
    how = (f"по каждому критерию — {kind}, {level_text(level)}, {counted}; CSI — среднее критериев, "
           "которые оценивают одни и те же респонденты: его погрешность — среднее погрешностей критериев "
           "(с запасом, как при полной связи оценок); Куд = CSI / 5 × 100 %")
    return Interval(low=low, high=high, level=level, method="t" if raw else "conservative", how=how,
                    value=csi, n=sizes[-1])


def epgu_interval(csi: Fraction, ratings: int) -> Interval | None:
    """The portal's CSI, weighted by ratings, is the mean of all its ratings: conservative from their number."""
    interval = criterion_interval(csi, ratings)  # one rating: the whole scale, never an exact channel
    if interval is None:
        return None
    return scaled(interval, 1, how=f"{interval.how}, по всем оценкам Портала госуслуг; Куд = CSI / 5 × 100 %")


def kud_interval(csi: Interval | None) -> Interval | None:
    """Куд канала = CSI / 5 × 100: the CSI's interval on the percent scale."""
    return scaled(csi, TO_KUD)
