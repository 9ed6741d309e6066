"""Two tables of figures (snapshot.py) compared: one Russian line per change a reader would see.

Periods, organs and services that came or went first; then, period by period and subject by subject,
every figure whose printed value or band changed and every changed place («2025 год · Управление
образования: Кэф 81,0 % → 84,3 % (уровень «…» → «…»); место 6 → 4 из 13»); then the warnings that
appeared or disappeared (compared by code, file and message: a warning that only moved rows is the same).
"""
from __future__ import annotations

import re

from generator import text_ru
from generator.periods import parse_period
from generator.problems import Problem

MISSING = "нет"


def changes(old: dict, new: dict) -> list[str]:
    return [*_periods(old, new), *_named(old["organs"], new["organs"], "орган"),
            *_named(_services(old), _services(new), "услуга"), *_figures(old, new), *_warnings(old, new)]


def _periods(old: dict, new: dict) -> list[str]:
    before, after = dict(old["periods"]), dict(new["periods"])
    return ([f"Новый период: {label}" for name, label in after.items() if name not in before]
            + [f"Убран период: {label}" for name, label in before.items() if name not in after])


def _services(table: dict) -> list[list[str]]:
    organs = dict(table["organs"])
    return [[service, f"«{name}» ({organs.get(organ, organ)})"] for service, organ, name in table["services"]]


_NOUNS = {"орган": ("Новый орган", "Убран орган", "Переименован орган"),
          "услуга": ("Новая услуга", "Убрана услуга", "Переименована услуга")}


def _named(old: list, new: list, noun: str) -> list[str]:
    added, removed, renamed = _NOUNS[noun]
    before, after = dict(old), dict(new)
    lines = [f"{added}: {name}" for key, name in after.items() if key not in before]
    lines += [f"{removed}: {name}" for key, name in before.items() if key not in after]
    lines += [f"{renamed}: {before[key]} → {name}" for key, name in after.items()
              if key in before and before[key] != name]
    return lines


def _chronological(names) -> list[str]:
    return sorted(names, key=lambda name: (parse_period(name) is None, parse_period(name) or name, name))


def _figures(old: dict, new: dict) -> list[str]:
    """Subject by subject in the periods both sides have (a new or removed period is one line above)."""
    labels = dict(new["periods"])
    names = {**old["subjects"], **new["subjects"]}
    lines = []
    for period in _chronological(set(labels) & {name for name, _ in old["periods"]}):
        before, after = old["figures"].get(period, {}), new["figures"].get(period, {})
        places_before, places_after = old["places"].get(period, {}), new["places"].get(period, {})
        for subject in dict.fromkeys([*after, *before]):
            if subject not in before:
                said = ["впервые в периоде", *(_headline(new, period, subject) or ["показателей нет"])]
            elif subject not in after:
                said = ["убран из периода; было: " + "; ".join(_headline(old, period, subject) or [MISSING])]
            else:
                said = [text for code in dict.fromkeys([*after[subject], *before[subject]])
                        if (text := _figure(before[subject].get(code), after[subject].get(code)))]
                said += _place(places_before.get(subject), places_after.get(subject))
            if said:
                lines.append(f"{labels[period]} · {names.get(subject, subject)}: " + "; ".join(said))
    return lines


def _headline(table: dict, period: str, subject: str) -> list[str]:
    """What a subject that came or went shows: its headline figure and its place."""
    figure = table["figures"][period][subject].get(table["headline"].get(period))
    place = table["places"].get(period, {}).get(subject)
    shown = [f"{figure[0]} {figure[1]}" + (f" (уровень «{figure[2]}»)" if figure[2] else "")] if figure else []
    return shown + ([f"место {place[0]} из {place[1]}"] if place else [])


def _band(band: str) -> str:
    return f"«{band}»" if band else MISSING


def _figure(before: list | None, after: list | None) -> str:
    if before == after:
        return ""
    if before is None:
        return f"{after[0]} не было → {after[1]}" + (f" (уровень «{after[2]}»)" if after[2] else "")
    if after is None:
        return f"{before[0]} {before[1]} → {MISSING}"
    label, value = after[0], before[1] if before[1] == after[1] else f"{before[1]} → {after[1]}"
    band = f" (уровень {_band(before[2])} → {_band(after[2])})" if before[2] != after[2] else ""
    return f"{label} {value}{band}" if value != before[1] or band else ""


def _place(before: list | None, after: list | None) -> list[str]:
    if before == after:
        return []
    if before is None:
        return [f"место: не было → {after[0]} из {after[1]}"]
    if after is None:
        return [f"место {before[0]} из {before[1]} → {MISSING}"]
    if before[1] == after[1]:
        return [f"место {before[0]} → {after[0]} из {after[1]}"]
    return [f"место {before[0]} из {before[1]} → {after[0]} из {after[1]}"]


def _warning_keys(table: dict) -> dict[tuple, Problem]:
    return {(code, file, message): Problem(file, row, column, code, message, "warning")
            for code, file, row, column, message in table["warnings"]}


def _warnings(old: dict, new: dict) -> list[str]:
    before, after = _warning_keys(old), _warning_keys(new)
    return ([f"Новое предупреждение: {p.as_text()}" for key, p in after.items() if key not in before]
            + [f"Больше нет предупреждения: {p.as_text()}" for key, p in before.items() if key not in after])


# ---- the list as printed ------------------------------------------------------------------

def as_text(lines: list[str]) -> str:
    if not lines:
        return "Изменений нет: сайт покажет те же показатели, места и предупреждения."
    return "\n".join([f"Что изменится на сайте ({text_ru.agree(len(lines), 'изменение')}):", *lines])


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~!])")


def markdown_escaped(text: str) -> str:
    """Text from the data as plain text in Markdown (a pull request comment renders Markdown and HTML)."""
    return _MARKDOWN.sub(r"\\\1", text.replace("&", "&amp;"))


def as_markdown(lines: list[str]) -> str:
    if not lines:
        return "**Изменений нет:** сайт покажет те же показатели, места и предупреждения."
    items = [f"- {markdown_escaped(line)}" for line in lines]
    return "\n".join([f"**Что изменится на сайте** ({text_ru.agree(len(lines), 'изменение')}):", "", *items])


def short_list(lines: list[str], more: str, limit: int = 10) -> list[str]:
    """At most `limit` lines; the rest counted in one more line ending with `more` (how to see them all)."""
    if len(lines) <= limit:
        return lines
    rest = len(lines) - limit + 1
    return [*lines[:limit - 1], f"… и ещё {text_ru.agree(rest, 'изменение')}; {more}"]
