"""Is a change between two periods more than the survey's error? A pooled two-proportion z-test for
shares, Welch's t-test for means of scores; two-sided, at the 5 % level.

Arguments go in the order of time: the earlier period first, the later second; the difference is
later minus earlier, so a positive difference is a rise.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from generator.stats.common import as_fraction, normal_two_sided, t_two_sided
from generator.stats.intervals import largest_sd

SIGNIFICANCE = 0.05  # a change is significant when its two-sided p-value is below this

WORDING = {
    "up": "рост значим",
    "down": "снижение значимо",
    "none": "изменение в пределах погрешности",
    "zero": "без изменений",
    # one period's figure has a survey error and the other's is unknown (a share typed without its count):
    # the change can be neither called real nor put within the error
    "unknown": "значимость изменения не проверена: погрешность опроса оценена не для всех данных",
}


# the same verdicts in a table's cell
SHORT = {"none": "в пределах погрешности", "unknown": "значимость не проверена"}


@dataclass(frozen=True)
class ChangeTest:
    """The verdict on one change: `difference` (later − earlier, in the figure's own units —
    percentage points for shares), its two-sided p-value, and the Russian words for it."""
    difference: Fraction
    p_value: float
    significant: bool
    direction: str  # "up" | "down" | "none" (within the error) | "unknown" (untested, see `untested`)
    wording: str

    @property
    def short(self) -> str:
        """The wording in a rating's column of changes, as narrow as the column must be at 1366 px (the
        methodology page lists these forms)."""
        return SHORT.get(self.direction, self.wording)


def untested(difference: Fraction) -> ChangeTest:
    """A change of a survey figure that cannot be tested: never significant, never «в пределах погрешности»
    (`direction` "unknown"); p is NaN and is never printed."""
    if difference == 0:
        return ChangeTest(difference, 1.0, False, "none", WORDING["zero"])
    return ChangeTest(difference, math.nan, False, "unknown", WORDING["unknown"])


def _verdict(difference: Fraction, p_value: float) -> ChangeTest:
    if difference == 0:
        return ChangeTest(difference, 1.0, False, "none", WORDING["zero"])
    significant = round(p_value, 9) < SIGNIFICANCE  # as figures are: the last bits of a float never decide
    direction = ("up" if difference > 0 else "down") if significant else "none"
    return ChangeTest(difference, p_value, significant, direction, WORDING[direction])


def two_proportions(share1, n1: int, share2, n2: int) -> ChangeTest | None:
    """The pooled two-proportion z-test of a share (in percent, as the site's figures are) from n1
    respondents in the earlier period against n2 in the later; None when a period has nobody.

    z = (p2 − p1) / √(p(1 − p)(1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2), x = share · n / 100 (a
    share computed from a percentage may give a non-whole x; it is used as it is)."""
    share1, share2, n1, n2 = as_fraction(share1), as_fraction(share2), int(n1), int(n2)
    if n1 <= 0 or n2 <= 0:
        return None
    for share in (share1, share2):
        if not 0 <= share <= 100:
            raise ValueError(f"a share outside 0–100 %: {share}")
    difference = share2 - share1
    pooled = (share1 * n1 + share2 * n2) / 100 / (n1 + n2)
    variance = pooled * (1 - pooled) * (Fraction(1, n1) + Fraction(1, n2))
    if variance == 0:  # both 0 % or both 100 %: no change at all
        return _verdict(difference, 1.0)
    z = float(difference / 100) / math.sqrt(variance)
    return _verdict(difference, normal_two_sided(z))


def welch(mean1, sd1, n1: int, mean2, sd2, n2: int) -> ChangeTest | None:
    """Welch's t-test of two means (sample standard deviations sd1, sd2 from n1 and n2 answers),
    with the Welch–Satterthwaite degrees of freedom; None when a period has fewer than two answers.
    Two samples without any spread differ for certain when their means differ (p = 0)."""
    mean1, mean2, n1, n2 = as_fraction(mean1), as_fraction(mean2), int(n1), int(n2)
    if n1 < 2 or n2 < 2:
        return None
    difference = mean2 - mean1
    v1, v2 = float(sd1) ** 2 / n1, float(sd2) ** 2 / n2
    if v1 + v2 == 0:
        return _verdict(difference, 1.0 if difference == 0 else 0.0)
    t = float(difference) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    return _verdict(difference, t_two_sided(t, df))


def welch_conservative(mean1, n1: int, mean2, n2: int, low=1, high=5) -> ChangeTest | None:
    """Welch's test when only the respondent counts are known: each period's standard deviation is
    the largest its scale allows (`intervals.largest_sd`): the test errs towards «в пределах
    погрешности», never towards a rise or a fall the answers would not bear."""
    if int(n1) < 2 or int(n2) < 2:
        return None
    return welch(mean1, largest_sd(int(n1), low, high), n1, mean2, largest_sd(int(n2), low, high), n2)
