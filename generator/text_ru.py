"""Numbers, percentages, plurals, dates and periods written the Russian way (babel)."""
from __future__ import annotations

import datetime as dt
import numbers
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

LOCALE = Locale("ru")
NBSP = "\u00a0"


def number(value: float | int, decimals: int = 0) -> str:
    """`1 024`, `81,0` — thousands separated by a non-breaking space, decimal comma."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded(value, decimals), format=pattern, locale=LOCALE, decimal_quantization=False)


def rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    """Round half up, as official reports do (81,05 → 81,1), from the shortest decimal form."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, numbers.Integral):  # also numpy integers, whose repr is not a number
        exact = Decimal(int(value))
    else:
        exact = Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimal(value: float | int) -> str:
    """Up to three decimals, without trailing zeros: `4,367`, `0,75`, `1`, `10 580`."""
    return format_decimal(value, format="#,##0.###", locale=LOCALE)


def percent(value: float | None, decimals: int = 1, missing: str = "не оценивается") -> str:
    """`81,0 %`: value already in percent; rounded only here, for print."""
    if value is None:
        return missing
    return f"{number(value, decimals)}{NBSP}%"


def signed(value: float, decimals: int = 1, unit: str = "") -> str:
    """A change: `+2,3 п. п.`, `−1,0 п. п.`, `0,0 п. п.` (true minus sign)."""
    shown = rounded(value, decimals)
    text = number(abs(shown), decimals)
    sign = "+" if shown > 0 else ("\u2212" if shown < 0 else "")
    return f"{sign}{text}{NBSP + unit if unit else ''}"


def plural(n: int, one: str, few: str, many: str) -> str:
    form = LOCALE.plural_form(abs(n))
    return {"one": one, "few": few}.get(form, many)


def plural_count(n: int, one: str, few: str, many: str) -> str:
    """`1 024 заявителя`, `21 услуга`, `5 органов`."""
    return f"{number(n)}{NBSP}{plural(n, one, few, many)}"


def date(value: dt.date) -> str:
    """`23.11.2026`."""
    return _babel_date(value, "dd.MM.yyyy", locale=LOCALE)
