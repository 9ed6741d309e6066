"""Numbers, percentages, plurals, dates and periods written the Russian way (babel)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from generator.exact import round_half_away

LOCALE = Locale("ru")
NBSP = "\u00a0"


def number(value, decimals: int = 0) -> str:
    """`1 024`, `81,0` — thousands separated by a non-breaking space, decimal comma."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded(value, decimals), format=pattern, locale=LOCALE, decimal_quantization=False)


def rounded(value, decimals: int) -> Decimal:
    """The one rounding rule of every printed figure: half away from zero, on the exact value
    (81,05 → 81,1; 4,3125 → 4,313), as official reports do."""
    return round_half_away(value, decimals)


def decimal(value, decimals: int = 3) -> str:
    """Up to three decimals, without trailing zeros: `4,367`, `0,75`, `1`, `10 580`."""
    return format_decimal(rounded(value, decimals), format="#,##0." + "#" * decimals, locale=LOCALE)


def percent(value, decimals: int = 1, missing: str = "не оценивается") -> str:
    """`81,0 %`: value already in percent; rounded only here, for print."""
    if value is None:
        return missing
    return f"{number(value, decimals)}{NBSP}%"


def signed(value, decimals: int = 1, unit: str = "") -> str:
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
