"""Table schemas: the columns each file must have, their types and what they mean.

One schema drives validation, the "Формат данных" page and the open-data
dictionary, so the three cannot drift apart.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from generator.config import SLUG_HELP, SLUG_RE
from generator.validate import values

KIND_LABELS = {
    "id": "идентификатор",
    "ref": "ссылка на идентификатор",
    "int": "целое число ≥ 0",
    "number": "число",
    "bool": "да/нет",
    "enum": "значение из списка",
    "text": "текст",
}



@dataclass(frozen=True)
class Column:
    name: str
    title: str  # the seed table's header, accepted as an alias
    kind: str
    description: str
    aliases: tuple[str, ...] = ()
    required: bool = True  # a value must be given in every row
    minimum: float | None = None
    maximum: float | None = None
    choices: dict[str, str] = field(default_factory=dict)  # code → Russian label (enum)
    ref: str | None = None  # "organizations" or "services"
    # code → other ways people write it (enum), besides the shared ones of validate/spellings.py
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def headers(self) -> set[str]:
        return {normalize_header(h) for h in (self.name, self.title, *self.aliases)}

    def accepted_spellings(self, code: str) -> tuple[str, ...]:
        """What a cell may say for `code` besides the code and its label («сайт» for `website`)."""
        label = normalize_header(self.choices.get(code, ""))
        return tuple(s for s in values.enum_spellings(self.name, code, self.spellings)
                     if normalize_header(s) not in (label, normalize_header(code)))


@dataclass(frozen=True)
class RowCheck:
    """A rule across the cells of one row; `fails` sees parsed values."""

    code: str
    column: str
    fails: Callable[[dict], bool]
    message: Callable[[dict], str]


@dataclass(frozen=True)
class TableSchema:
    name: str  # file stem
    title: str  # what it is, in Russian
    seed_table: str  # the seed's table it mirrors
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    row_checks: tuple[RowCheck, ...] = ()
    required: bool = True  # must the file exist in every period
    per_period: bool = True
    # the table may instead come as one file per value of this column, in periods/<p>/<name>/<value>.csv|xlsx
    split_by: str | None = None
    # False for raw tables that may hold personal data (survey responses): never copied to open data
    open_data: bool = True
    # the table may also come as a sheet with one of these titles (lower case) in a workbook of another
    # table split the same way, e.g. «Предложения» in periods/<p>/survey/<organ>.xlsx
    sheet_titles: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def normalize_header(text: str) -> str:
    text = text.replace("\ufeff", "").replace("ё", "е").replace("Ё", "Е")
    return re.sub(r"\s+", " ", text).strip().lower()


# The largest magnitude a number in a table may have. Far above any count or sum of money of a
# municipality, and low enough that a sum over a million rows stays inside int64 (10^12 · 10^6 <
# 9,2 · 10^18): a typo of twenty digits must be an error, not a total wrapped round to a negative.
MAX_MAGNITUDE = 10**12
_MAX_DECIMALS = 30  # more is no measurement; a fraction with a denominator of 10^4000 only slows everything
_NUMBER = re.compile(r"[+-]?(?P<whole>[0-9]+)(?:[.,](?P<fraction>[0-9]+))?")


class NumberOutOfBounds(ValueError):
    """A number written correctly but too large or too precise to be meant; `reason` is Russian."""

    def __init__(self, text: str, reason: str):
        super().__init__(text)
        self.reason = reason


def parse_number(text: str) -> Fraction:
    """`1 024`, `1 024,5`, `81.5`, `81,5 %` → the exact number written (a fraction, never a float:
    `0,85` must stay 85/100 to land on a scale's edge); raises ValueError. Digits are ASCII only:
    Arabic-Indic or fullwidth digits are not read as numbers."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).rstrip("%")
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    if len(match["whole"].lstrip("0")) > len(str(MAX_MAGNITUDE)):  # checked before converting thousands of digits
        raise NumberOutOfBounds(text, _TOO_LARGE.format(text=text))
    if len(match["fraction"] or "") > _MAX_DECIMALS:
        raise NumberOutOfBounds(text, f"в числе {text} больше {_MAX_DECIMALS} знаков после запятой: "
                                      "округлите его")
    return Fraction(cleaned.replace(",", "."))


_TOO_LARGE = ("число {text} слишком велико: значения в таблицах не превышают 1 000 000 000 000; "
              "проверьте, не слились ли ячейки или цифры")


def parse_cell(column: Column, text: str) -> tuple[object, tuple[str, str] | None]:
    """Parse one non-empty cell: (value, None) or (None, (code, Russian message))."""
    kind = column.kind
    if kind in ("id", "ref"):
        if kind == "id" and not SLUG_RE.match(text):
            return None, ("id-bad-slug", f"идентификатор «{text}» недопустим: используйте {SLUG_HELP}")
        return text, None
    if kind == "text":
        return text, None
    if kind == "bool":
        value, _ = values.read(values.boolean_matcher(), text)
        if value is not None:
            return value, None
        return None, ("bad-boolean", f"«{text}» — не логическое значение: допустимые значения «да», «нет» "
                                     "(также «есть»/«отсутствует», true/false, 1/0)")
    if kind == "enum":
        return _parse_enum(column, text)
    return _parse_numeric(column, text)


def _parse_enum(column: Column, text: str) -> tuple[object, tuple[str, str] | None]:
    wanted = normalize_header(text).replace(" ", "_")
    for code, label in column.choices.items():
        if wanted in (normalize_header(code).replace(" ", "_"), normalize_header(label).replace(" ", "_")):
            return code, None
    code, several = values.read(values.enum_matcher(column.name, column.choices, column.spellings), text)
    if code is not None:
        return code, None
    if several:
        meant = ", ".join(_choice(column, c) for c in column.choices if c in several)
        return None, ("bad-enum", f"«{text}» подходит к нескольким значениям: {meant}; укажите одно из них")
    valid = ", ".join(_choice(column, c) for c in column.choices)
    if all(label == code for code, label in column.choices.items()):
        return None, ("bad-enum", f"«{text}» — недопустимое значение: допустимые значения {valid}")
    return None, ("bad-enum", f"«{text}» — недопустимое значение: укажите код или русское название одного "
                              f"из допустимых значений: {valid}")


def _choice(column: Column, code: str) -> str:
    label = column.choices[code]
    return f"«{code}» ({label})" if label != code else f"«{code}»"


def _parse_numeric(column: Column, text: str) -> tuple[object, tuple[str, str] | None]:
    if column.kind == "int" and text.isascii() and text.isdigit() and len(text) <= _PLAIN_COUNT_DIGITS:
        value = int(text)  # the usual count, without the general parser: a million-row table stays fast
    else:
        value, problem = _parse_written_number(column, text)
        if problem:
            return None, problem
    if abs(value) > MAX_MAGNITUDE:
        return None, ("value-out-of-range", _TOO_LARGE.format(text=text))
    low, high = column.minimum, column.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        code = "score-out-of-range" if column.kind == "number" else "value-out-of-range"
        return None, (code, f"значение {text} вне допустимого диапазона: ожидается число "
                            f"от {_num(low)} до {_num(high)}")
    return value, None


_PLAIN_COUNT_DIGITS = len(str(MAX_MAGNITUDE)) - 1  # digits of a count certainly within the bound


def _parse_written_number(column: Column, text: str) -> tuple[object, tuple[str, str] | None]:
    """Any spelling parse_number accepts; an int column's value must be a whole number ≥ 0."""
    try:
        value = parse_number(text)
    except NumberOutOfBounds as exc:
        return None, ("value-out-of-range", exc.reason)
    except ValueError:
        what = "целое число" if column.kind == "int" else "число"
        return None, ("not-a-number", f"«{text}» — не число: укажите {what} без букв и единиц измерения")
    if column.kind != "int":
        return value, None
    if value.denominator != 1:
        return None, ("not-an-integer", f"«{text}» — не целое число: количество указывается целым числом")
    if value < 0:
        return None, ("negative-count", f"количество не может быть отрицательным ({text}): "
                                        "укажите 0 или положительное число")
    return int(value), None


def _num(value: float | None) -> str:
    from generator.text_ru import number

    return "−∞" if value is None else number(value, 0 if Fraction(value).denominator == 1 else 2)
