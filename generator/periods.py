"""Reporting periods, named by their folder: `2025`, `2025-H1`, `2025-Q3`."""
from __future__ import annotations

import re
from dataclasses import dataclass

# [0-9], not \d: \d also takes Arabic-Indic or fullwidth digits, which no maintainer means; and
# fullmatch, not `$`, which lets a folder named "2023\n" through.
_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<kind>[QH])(?P<n>[0-9]))?")
# The years a monitoring period may fall in: 0000 or 9999 is a typo, and dates outside the
# calendar's range would break every date computed from the period.
YEARS = range(2000, 2101)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_UNITS = {"nominative": ("год", "полугодие", "квартал"), "instrumental": ("годом", "полугодием", "кварталом"),
          "prepositional": ("году", "полугодии", "квартале")}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    # months from the start of the year; used only for ordering
    start_month: int
    kind: str  # "year", "half", "quarter"
    number: int
    name: str

    def _phrase(self, case: str) -> str:
        year, half, quarter = _UNITS[case]
        if self.kind == "year":
            return f"{self.year} {year}"
        unit = half if self.kind == "half" else quarter
        return f"{_ROMAN[self.number]} {unit} {self.year} года"

    @property
    def label(self) -> str:
        """`2025 год`, `I полугодие 2025 года`, `III квартал 2025 года`."""
        return self._phrase("nominative")

    @property
    def label_instrumental(self) -> str:
        """`2024 годом`, `II кварталом 2025 года` — for «по сравнению с …»."""
        return self._phrase("instrumental")

    @property
    def label_prepositional(self) -> str:
        """`в 2024 году`, `в III квартале 2025 года` — for «лучше, чем …»."""
        return f"в {self._phrase('prepositional')}"

    @property
    def label_genitive(self) -> str:
        """`за 2025 год`, `за III квартал 2025 года`."""
        return f"за {self.label}"


def parse_period(name: str) -> Period | None:
    match = _PATTERN.fullmatch(name)
    if not match or not year_in_range(name):
        return None
    year = int(match["year"])
    if not match["kind"]:
        return Period(year, 0, "year", 0, name)
    number = int(match["n"])
    if match["kind"] == "H" and number in (1, 2):
        return Period(year, (number - 1) * 6, "half", number, name)
    if match["kind"] == "Q" and 1 <= number <= 4:
        return Period(year, (number - 1) * 3, "quarter", number, name)
    return None


def year_in_range(name: str) -> bool:
    """False for a well-formed name whose year is outside YEARS (`0000`, `9999-Q4`)."""
    match = _PATTERN.fullmatch(name)
    return match is None or int(match["year"]) in YEARS


PERIOD_NAME_HELP = "год (`2025`), полугодие (`2025-H1`, `2025-H2`) или квартал (`2025-Q1` … `2025-Q4`)"


MAX_AXIS = 40  # periods on a trend's axis at most once gaps are shown; more are not filled in


def _following(period: Period) -> Period | None:
    if period.kind == "year":
        return parse_period(str(period.year + 1))
    letter, count = ("Q", 4) if period.kind == "quarter" else ("H", 2)
    year, n = (period.year, period.number + 1) if period.number < count else (period.year + 1, 1)
    return parse_period(f"{year}-{letter}{n}")


def with_gaps(periods: list) -> list[tuple[object, int | None]]:
    """Each period (a Period, or a name) with its index in `periods`, and the periods of the same kind
    missing between two of them with None: a missing quarter keeps its place on the axis."""
    axis: list[tuple[object, int | None]] = []
    for index, period in enumerate(periods):
        before = axis[-1][0] if axis else None
        if isinstance(before, Period) and isinstance(period, Period) and before.kind == period.kind:
            missing, step = [], _following(before)
            while step is not None and step < period and len(missing) <= MAX_AXIS:
                missing.append(step)
                step = _following(step)
            if step == period and len(axis) + len(missing) < MAX_AXIS:
                axis.extend((gap, None) for gap in missing)
        axis.append((period, index))
    return axis
