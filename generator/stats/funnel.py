"""A funnel plot's control limits: where a figure from n respondents falls, by chance alone, if the
subject's true figure were the municipal `target` — target ± z · σ / √n, clipped to the scale.

σ is the largest spread answers on the scale can have when their mean is the target:
σ² = (target − bottom) · (top − target) (Bhatia–Davis). For a share in percent (scale 0–100) that is
exactly the binomial p(1 − p), so the limits are the usual normal approximation; for a mean of 1–5
scores it is the conservative spread, as no raw answers are needed. A figure outside the 99,8 %
limits is very unlikely to differ from the target by chance; outside 95 %, unlikely.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from generator.stats.common import as_fraction, to_exact, z_value

LEVELS = (95, Fraction(998, 10))
KINDS = ("share", "mean")


@dataclass(frozen=True)
class FunnelPoint:
    """The `level` % limits [low, high] for a figure from `n` respondents."""
    n: int
    level: Fraction
    low: Fraction
    high: Fraction


def _scale(kind: str, low, high) -> tuple[Fraction, Fraction]:
    if kind == "share":
        return Fraction(0), Fraction(100)
    if kind == "mean":
        return as_fraction(low), as_fraction(high)
    raise ValueError(f"a funnel is of shares or means, not {kind!r}")


def _limits(target: Fraction, n: int, level, scale: tuple[Fraction, Fraction]) -> FunnelPoint:
    bottom, top = scale
    half = z_value(level) * math.sqrt(float((target - bottom) * (top - target)) / n)
    low = max(bottom, min(target, to_exact(float(target) - half)))
    high = min(top, max(target, to_exact(float(target) + half)))
    return FunnelPoint(n=n, level=as_fraction(level), low=low, high=high)


def funnel_limits(target, sizes: Iterable[int], kind: str = "share", levels=LEVELS, low=1, high=5
                  ) -> list[FunnelPoint]:
    """The limits around `target` for every distinct size (at least one respondent), each level,
    ordered by size, then level. `low`, `high`: the scale of a mean (ignored for shares)."""
    scale = _scale(kind, low, high)
    target = as_fraction(target)
    if not scale[0] <= target <= scale[1]:
        raise ValueError(f"a target {target} outside the scale")
    return [_limits(target, n, level, scale)
            for n in sorted({int(n) for n in sizes if int(n) >= 1})
            for level in sorted(as_fraction(level) for level in levels)]


def funnel_sizes(smallest: int, largest: int, count: int = 40) -> list[int]:
    """Sizes to draw the limits at: about `count` whole numbers from smallest to largest, evenly
    spread on a logarithmic axis (the limits change fastest at small n)."""
    smallest, largest = max(1, int(smallest)), max(1, int(largest))
    if largest <= smallest:
        return [smallest]
    ratio = (largest / smallest) ** (1 / (count - 1))
    return sorted({smallest, largest, *(round(smallest * ratio ** i) for i in range(count))})


def outside(value, n: int, target, kind: str = "share", level=95, low=1, high=5) -> str | None:
    """"above" or "below" when a figure from n respondents is outside the `level` % limits around
    target, None inside them (or for nobody asked)."""
    if int(n) < 1:
        return None
    scale = _scale(kind, low, high)
    limits = _limits(as_fraction(target), int(n), level, scale)
    value = as_fraction(value)
    if value > limits.high:
        return "above"
    if value < limits.low:
        return "below"
    return None


def asked_of(method, code: str, subjects: list) -> tuple[list[tuple[object, object, int]], list[str]]:
    """(subject, its figure, the number asked) of those the funnel draws; the names of those with the figure
    but no number asked."""
    asked, left_out = [], []
    for assessment in subjects:
        figure = assessment.figures.get(code) if code else None
        if figure is None or figure.value is None:
            continue
        n = method.respondents(assessment)
        if n:
            asked.append((assessment, figure, int(n)))
        else:
            left_out.append(assessment.service_name or assessment.organization.display_name)
    return asked, left_out


def has_funnel(method, subjects: list) -> bool:
    """Whether funnel_section draws one for `subjects`: a page linking to it from elsewhere asks this."""
    return len(asked_of(method, getattr(method, "survey_indicator", ""), subjects)[0]) >= 2
