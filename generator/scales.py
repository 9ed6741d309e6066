"""Interpretation scales ("bands") as data: one table drives both the label a figure
gets and the rows the methodology page prints, so they cannot drift apart."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from generator.exact import exact
from generator.text_ru import decimal


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    lower: Fraction | None  # None: open on that side (e.g. «> 5,5» has no upper bound)
    upper: Fraction | None
    lower_inclusive: bool
    upper_inclusive: bool
    level: int  # 0 is the best band of its scale
    levels: int  # how many bands the scale has
    plain: str = ""  # the level in one or two everyday words («Хорошо»); the label is the act's wording

    @property
    def word(self) -> str:
        """The level as cards, verdicts and chart legends show it: the plain word, the act's wording where
        the scale gives none."""
        return self.plain or self.label

    @property
    def named(self) -> str:
        """The level wherever the act's wording is shown: «Хорошо (высокий уровень удовлетворённости)» —
        the plain word first, the act's wording beside it, so a reader who has seen «Хорошо» on a card
        knows it is the same level; the act's wording alone when it already holds the plain word («Хорошо»,
        «Вызывающий беспокойство (ниже среднего) уровень»), after a dash when it has brackets of its own."""
        if not self.plain or self.plain.casefold() in self.label.casefold():
            return self.label
        act = f"{self.label[:1].lower()}{self.label[1:]}"
        return f"{self.plain} — {act}" if "(" in act else f"{self.plain} ({act})"

    def contains(self, value: Fraction | int) -> bool:
        """Exact: a value on an edge belongs to the band whose side is closed there."""
        value = exact(value)
        above = self.lower is None or (value >= self.lower if self.lower_inclusive else value > self.lower)
        below = self.upper is None or (value <= self.upper if self.upper_inclusive else value < self.upper)
        return above and below

    @property
    def tone(self) -> str:
        """good / fair / poor: a CSS hint only; the label is always written out too."""
        if self.level < self.levels / 3:
            return "good"
        return "poor" if self.level >= 2 * self.levels / 3 else "fair"

    def interval(self, symbol: str, unit: str = "%") -> str:
        """`95 % ≤ Куд ≤ 100 %`, `И > 5,5` style: exact bounds, as the scale is applied."""
        suffix = f"\u00a0{unit}" if unit else ""
        if self.upper is None:
            return f"{symbol} {'≥' if self.lower_inclusive else '>'} {_bound(self.lower)}{suffix}"
        if self.lower is None:
            return f"{symbol} {'≤' if self.upper_inclusive else '<'} {_bound(self.upper)}{suffix}"
        low = f"{_bound(self.lower)}{suffix} {'≤' if self.lower_inclusive else '<'} "
        high = f" {'≤' if self.upper_inclusive else '<'} {_bound(self.upper)}{suffix}"
        return f"{low}{symbol}{high}"


def _limit(value) -> Fraction | None:
    """`null` in a scale's YAML means the band is open on that side (e.g. «> 5,5»)."""
    return exact(value)


def _bound(value: Fraction) -> str:
    return decimal(value)


@dataclass(frozen=True)
class Scale:
    """Bands best first. In YAML: `from`/`to` ([from, to) by default), `from_exclusive: true`
    for «более»/«>», `to_inclusive` (default only for the top band), `null` for an open side."""

    code: str
    title: str  # e.g. "Таблица 1.1"
    source: str  # where in the act it is
    bands: tuple[Band, ...]  # best first
    unit: str = "%"
    note: str = ""  # how the seed's wording was read, printed under the scale
    maximum: Fraction = Fraction(100)  # the highest value a figure can take: the end of chart axes

    @property
    def table(self) -> str:
        """`Таблица 1.1` — the short name of the seed table."""
        return self.title.split(". ")[0]

    def band_for(self, value: Fraction | None) -> Band | None:
        if value is None:
            return None
        return next((b for b in self.bands if b.contains(value)), None)

    @classmethod
    def from_data(cls, code: str, data: dict) -> "Scale":
        rows = data["bands"]
        bands = tuple(
            Band(code=row["code"], label=row["label"], lower=_limit(row["from"]),
                 upper=_limit(row["to"]),
                 lower_inclusive=not row.get("from_exclusive", False),
                 upper_inclusive=row.get("to_inclusive", index == 0),
                 level=index, levels=len(rows), plain=row.get("plain", ""))
            for index, row in enumerate(rows))
        top = bands[0].upper
        maximum = exact(data.get("maximum", top if top is not None else bands[0].lower))
        scale = cls(code, data["title"], data.get("source", ""), bands, data.get("unit", "%"), data.get("note", ""),
                    maximum)
        scale.check_contiguous()
        return scale

    def check_contiguous(self) -> None:
        """Every value between the lowest and highest bound falls in exactly one band."""
        ascending = list(reversed(self.bands))
        for low, high in zip(ascending, ascending[1:]):
            if low.upper != high.lower or low.upper_inclusive == high.lower_inclusive:
                raise ValueError(f"scale {self.code}: bands «{low.label}» and «{high.label}» "
                                 "leave a gap or overlap")
