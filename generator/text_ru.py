"""Numbers, percentages, plurals, dates and periods written the Russian way (babel), and word forms
(pymorphy3): a plugin names a noun once and gets every case and number of it."""
from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from generator.exact import round_half_away

LOCALE = Locale("ru")
NBSP = "\u00a0"


_REMEMBERED = 1 << 16  # values a formatter remembers; then it starts again
_MISSING = object()


def _memoised(formatter):
    """A pure formatter remembered by its arguments and their types. Why: a site prints the same
    exact values again and again (a figure in its box, its trail, the ratings, the trends), and babel
    takes tens of microseconds for each. The type is part of the key, as 0,15 typed as a float and the
    fraction equal to its binary value are equal but print differently; an unhashable argument is
    formatted without being remembered. A fraction is keyed by its numerator and denominator: its own
    hash takes a modular inverse each time (half the cost of a look-up, a million look-ups a large site)."""
    remembered: dict = {}

    @functools.wraps(formatter)
    def format_(*args, **kwargs):
        try:
            key = tuple(map(_key, args))
            if kwargs:
                key += tuple((name, _key(value)) for name, value in kwargs.items())
            found = remembered.get(key, _MISSING)
        except TypeError:
            return formatter(*args, **kwargs)
        if found is _MISSING:
            if len(remembered) >= _REMEMBERED:
                remembered.clear()
            found = remembered[key] = formatter(*args, **kwargs)
        return found

    return format_


def _key(value) -> tuple:
    kind = type(value)
    return (kind, value.numerator, value.denominator) if kind is Fraction else (kind, value)


@_memoised
def number(value, decimals: int = 0) -> str:
    """`1 024`, `81,0` — thousands separated by a non-breaking space, decimal comma."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded(value, decimals), format=pattern, locale=LOCALE, decimal_quantization=False)


def rounded(value, decimals: int) -> Decimal:
    """The one rounding rule of every printed figure: half away from zero, on the exact value
    (81,05 → 81,1; 4,3125 → 4,313), as official reports do."""
    return round_half_away(value, decimals)


@_memoised
def decimal(value, decimals: int = 3) -> str:
    """Up to three decimals, without trailing zeros: `4,367`, `0,75`, `1`, `10 580`."""
    return format_decimal(rounded(value, decimals), format="#,##0." + "#" * decimals, locale=LOCALE)


def percent(value, decimals: int = 1, missing: str = "не оценивается") -> str:
    """`81,0 %`: value already in percent; rounded only here, for print."""
    if value is None:
        return missing
    return f"{number(value, decimals)}{NBSP}%"


@_memoised
def signed(value, decimals: int = 1, unit: str = "") -> str:
    """A change: `+2,3 п. п.`, `−1,0 п. п.`, `0,0 п. п.` (true minus sign)."""
    shown = rounded(value, decimals)
    text = number(abs(shown), decimals)
    sign = "+" if shown > 0 else ("\u2212" if shown < 0 else "")
    return f"{sign}{text}{NBSP + unit if unit else ''}"


@_memoised
def plural(n: int, one: str, few: str, many: str) -> str:
    form = LOCALE.plural_form(abs(n))
    return {"one": one, "few": few}.get(form, many)


def plural_count(n: int, one: str, few: str, many: str) -> str:
    """`1 024 заявителя`, `21 услуга`, `5 органов`."""
    return f"{number(n)}{NBSP}{plural(n, one, few, many)}"


def date(value: dt.date) -> str:
    """`23.11.2026`."""
    return _babel_date(value, "dd.MM.yyyy", locale=LOCALE)


# ---- word forms (pymorphy3) ----------------------------------------------------------

# the parts of speech that agree with the noun they stand before («опрошенный заявитель»)
_AGREEING = {"ADJF", "PRTF", "NUMR"}


@functools.cache
def morph():
    """The one MorphAnalyzer of the process (loading the dictionaries takes a while)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _parse(word: str, parts: set[str]):
    """The reading of `word` as one of `parts`, in the nominative if it can be: a phrase is named in
    its dictionary form («год» is also an accusative, «орган» also a musical instrument)."""
    parses = [p for p in morph().parse(word) if p.tag.POS in parts]
    nominative = [p for p in parses if "nomn" in p.tag]
    return (nominative or parses or [None])[0]


def _as_written(form: str, original: str) -> str:
    """The new form with the capitals of the original word («Орган» → «Органы»)."""
    if original.isupper() and len(original) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


@_memoised  # pure, and a site inflects the same few names thousands of times (pymorphy3: ~0,3 ms a word)
def inflect(phrase: str, *grammemes: str) -> str:
    """The phrase in another case and number: `inflect("орган", "plur", "gent")` → «органов»,
    `inflect("III квартал 2025 года", "gent")` → «III квартала 2025 года». The words up to its first
    noun (the head and the adjectives before it) change; what follows the head depends on it and stays."""
    words = phrase.split(" ")
    for index, word in enumerate(words):
        noun = _parse(word, {"NOUN"})
        if noun is not None:
            words[index] = _as_written(noun.inflect(set(grammemes)).word, word)
            return " ".join(words)
        agreeing = _parse(word, _AGREEING)
        if agreeing is not None:
            words[index] = _as_written(agreeing.inflect(set(grammemes)).word, word)
    raise ValueError(f"no noun in «{phrase}»")


@_memoised
def agree(count: int, noun: str) -> str:
    """`13 органов`, `1 организация`, `2 услуги`: the count with the noun in the form it requires."""
    parsed = _parse(noun, {"NOUN"})
    if parsed is None:
        raise ValueError(f"«{noun}» is not a noun")
    return f"{number(count)}{NBSP}{_as_written(parsed.make_agree_with_number(abs(count)).word, noun)}"


# ---- changes in words ---------------------------------------------------------------

def change_in_words(delta, previous, unit: str = "", decimals: int = 1) -> str:
    """`лучше, чем в 2024 году: +3,2 п. п.`, `хуже, чем в III квартале 2025 года: −1,0 балла`,
    `без изменений по сравнению с 2024 годом`. A change that rounds to zero where it is printed is no
    change: a reader is not told «лучше» beside «+0,0»."""
    shown = rounded(delta, decimals)
    if shown == 0:
        return f"без изменений по сравнению с {previous.label_instrumental}"
    # every headline a verdict is about is better when higher (the methodologies' YAML, `verdict:`)
    return f"{'лучше' if shown > 0 else 'хуже'}, чем {previous.label_prepositional}: {signed(delta, decimals, unit)}"


# ---- confidence intervals ----------------------------------------------------------------

def _unit_decimals(unit: str) -> int:
    """As the pages print a value of this unit (render/environment.py `measure`): percent with one
    decimal, a count whole, points with two."""
    return 1 if unit == "%" else (0 if unit == "count" else 2)


def error_moves_nothing(interval, unit: str = "%") -> bool:
    """Both ends of the interval print as the same number: the survey's error cannot move the value as
    printed (Novokuznetsk's П9 within one row of its scale)."""
    decimals = _unit_decimals(unit)
    return number(interval.low, decimals) == number(interval.high, decimals)


def interval_range(interval, unit: str = "%", of_figure: bool = True) -> str:
    """`от 77,9 до 83,8 %`, `от 4,12 до 4,48`: the ends rounded by the one rule, to the decimals of the
    value beside them. Rounding cannot put an end past the printed value: it keeps the order."""
    decimals = _unit_decimals(unit)
    low, high = number(interval.low, decimals), number(interval.high, decimals)
    if of_figure and error_moves_nothing(interval, unit):  # a score the survey's error cannot move (Novokuznetsk's П9 within one row of its scale)
        return f"{low}{NBSP + '%' if unit == '%' else ''} (погрешность опроса не меняет значения)"
    return f"от {low} до {high}{NBSP}%" if unit == "%" else f"от {low} до {high}"


def interval_margin(interval, unit: str = "%", points: str = "") -> str:
    """`± 3,0 п. п.`, `± 0,18 балла`: half the interval's width in the figure's own decimals — the
    short form for a value printed large; a Wilson interval is a little lopsided, which only the
    range form (`interval_range`) shows. `points`: the word after a change in points («балла»)."""
    decimals = _unit_decimals(unit)
    word = "п.\u00a0п." if unit == "%" else points
    return f"±{NBSP}{number(interval.half_width, decimals)}{NBSP + word if word else ''}"


def p_value(p: float) -> str:
    """`p = 0,031`, `p < 0,001`: the two-sided p-value of a test of change, as a calculation trail
    prints it."""
    if p < 0.001:
        return f"p{NBSP}<{NBSP}0,001"
    shown = number(Decimal(repr(p)), 3)
    if shown == "0,050":  # rounding must not put a significant p and one that is not on the same figure
        # decided as stats/changes.py decides significance: on p rounded to 9 decimals
        return f"p{NBSP}<{NBSP}0,05" if round(p, 9) < 0.05 else f"p{NBSP}≥{NBSP}0,05"
    return f"p{NBSP}={NBSP}{shown}"
