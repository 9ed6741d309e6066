"""Personal data out of citizens' comments before anything is published.

`scrub(text)` replaces every person name, phone number, e-mail and home address it
recognises with a neutral mark («[имя скрыто]», «[телефон скрыт]», …). Comments are
never published raw: only those the respondent agreed to publish, and only scrubbed.

What is removed, and what is deliberately kept:

- e-mails — always;
- phone numbers — +7/8 followed by ten digits in any grouping (spaces, brackets,
  dashes), a city code in brackets with a local number, and local numbers written
  with dashes (32-45-67, 2-12-34-56);
- addresses — a street (ул., улица, пр., проспект, пер., бульвар, шоссе, …) WITH a
  house number, together with its building and flat; a flat number (кв. 12) anywhere.
  A street WITHOUT a house number is kept: in a comment it names the office where the
  service is given («в отделе на ул. Ленина очереди»), not where the person lives,
  and in a service's name it is part of the name;
- names — a surname with initials (Иванов И. И., Петрова А., И. И. Иванов), a first
  name with a patronymic (Иван Петрович, with a surname before or after it), a
  patronymic on its own (Петровна), a common first name with a surname-shaped word
  (Анна Смирнова), and a capitalised word right after a staff title («специалист
  Смирнова», «инспектору Кузнецовой»). A surname alone is kept («города Иванова»,
  «Ивановская область»): it cannot be told from a place name without a dictionary.
  Abbreviations in capitals (МФЦ, ЖКХ, ЗАГС) never look like names and are kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NAME = "[имя скрыто]"
PHONE = "[телефон скрыт]"
EMAIL = "[e-mail скрыт]"
ADDRESS = "[адрес скрыт]"
MARKS = {"name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS}

_UP = "А-ЯЁ"
_LO = "а-яё"
_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"  # a capitalised word, double-barrelled allowed
_NB = rf"(?<![{_UP}{_LO}A-Za-z0-9])"  # not inside a word
_NA = rf"(?![{_UP}{_LO}A-Za-z0-9])"
_INITIAL = rf"[{_UP}]\.\s?"

# patronymics in any case: Петрович, Петровича, Петровичу, Петровна, Петровны, Ильинична, Кузьмич …
_PATRONYMIC = rf"[{_UP}][{_LO}]+(?:ович|евич|вич|ьич|ич|овн|евн|ичн|инич)(?:а|у|ем|е|ом|ой|ы|ою|на|ны|не|ну|ной)?"
_SURNAME_SHAPE = (rf"[{_UP}][{_LO}]+(?:ов|ев|ёв|ин|ын|ский|цкий|ской|ая|ова|ева|ёва|ина|ына|ская|цкая|енко|ук|юк|ко|их|ых)"
                  rf"(?:а|у|ым|ой|ом|е|ы|ого|ому|ую)?")

# common first names (nominative and oblique forms are generated below); ambiguous words
# such as Вера, Надежда, Любовь, Роман, Лев are left out: they are caught with a patronymic
_FIRST_NAMES = (
    "Александр Алексей Анатолий Андрей Антон Аркадий Артём Артем Борис Вадим Валентин Валерий Василий Виктор "
    "Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь "
    "Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Пётр Петр Сергей Станислав Степан "
    "Тимофей Фёдор Федор Юрий Ярослав "
    "Александра Алёна Алена Алла Анастасия Анна Антонина Валентина Валерия Варвара Галина Дарья Евгения Екатерина "
    "Елена Елизавета Марья Дарья Жанна Зинаида Зоя Инна Ирина Карина Кристина Лариса Лидия Людмила Маргарита Марина Мария Нина "
    "Наталья Наталия Оксана Мария Ольга Полина Раиса Светлана Софья София Таисия Тамара Татьяна Ульяна Юлия Яна"
).split()


def _name_forms(name: str) -> set[str]:
    forms = {name}
    if name.endswith(("а", "я")):
        stem = name[:-1]
        forms |= {stem + e for e in ("ы", "и", "е", "у", "ю", "ой", "ей", "ою")}
    elif name.endswith("й"):
        stem = name[:-1]
        forms |= {stem + e for e in ("я", "ю", "ем", "е")}
    else:
        forms |= {name + e for e in ("а", "у", "ом", "е")}
    return forms


_FIRST = "(?:" + "|".join(sorted({f for n in _FIRST_NAMES for f in _name_forms(n)}, key=len, reverse=True)) + ")"
_TITLES = (r"(?:специалист|сотрудник|сотрудниц|инспектор|оператор|консультант|начальник|руководител|заведующ|"
           r"регистратор|менеджер|работник|девушк|администратор|ведущ|главн|юрист|бухгалтер)[{lo}]*").format(lo=_LO)


@dataclass(frozen=True)
class Found:
    kind: str  # name, phone, email, address
    start: int
    end: int
    text: str


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    ("phone", re.compile(
        r"(?<![\d+])(?:\+\s?7|8)[\s\-]*\(?\s*\d{3,5}\s*\)?(?:[\s\-]*\d){5,7}(?!\d)"
        r"|(?<!\d)\(\s?\d{3,5}\s?\)\s?\d{1,3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)"
        r"|(?<![\d.\-])\d{1,3}-\d{2}-\d{2}(?:-\d{2})?(?![\d.\-])")),
    ("address", re.compile(
        _NB + r"(?:ул\.|улиц[аеыу]|пр\.|пр-т\.?|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке|ка)|б-р|бульвар[ае]?|"
        r"ш\.|шоссе|наб\.|набережн(?:ая|ой)|пл\.|площад[ьи]|мкр\.?|микрорайон[ае]?|проезд[ае]?)\s*"
        rf"(?:[{_UP}0-9][\w\-]*)(?:\s+[{_UP}][\w\-]*)*"
        r",?\s*(?:(?:д\.|дом[ае]?|№)\s*)?\d+[а-яё]?(?:/\d+)?(?![\d.])"
        r"(?:,?\s*(?:корп\.|корпус|к\.|стр\.|строение)\s*\d+)?(?:,?\s*(?:кв\.?|квартира|оф\.|офис)\s*\d+)?",
        re.IGNORECASE)),
    ("address", re.compile(_NB + r"(?:кв\.?|квартир[аеуы])\s*№?\s*\d+", re.IGNORECASE)),
    # surname + initials: Иванов И. И., Петрова А.
    ("name", re.compile(_NB + _WORD + rf"\s+[{_UP}]\.(?:\s?[{_UP}]\.)?(?!\s?[{_UP}])")),
    # initials + surname: И. И. Иванов, А.Петрова
    ("name", re.compile(_NB + _INITIAL + rf"(?:[{_UP}]\.\s?)?" + _WORD)),
    # (surname) first name patronymic (surname), or a patronymic alone
    ("name", re.compile(_NB + rf"(?:{_SURNAME_SHAPE}\s+)?(?:{_FIRST}\s+)?{_PATRONYMIC}{_NA}(?:\s+{_SURNAME_SHAPE}{_NA})?")),
    # common first name with a surname-shaped word on either side, or alone
    ("name", re.compile(_NB + rf"(?:{_SURNAME_SHAPE}\s+)?{_FIRST}{_NA}(?:\s+{_SURNAME_SHAPE}{_NA})?")),
    # a staff title followed by a capitalised word: специалист Смирнова
    ("name", re.compile(_NB + rf"(?i:{_TITLES})\s+(?P<name>{_WORD}(?:\s+{_WORD})?)")),
    ("name", re.compile(_NB + rf"(?i:{_TITLES})(?:\s+[{_LO}]+){{1,2}}\s+(?P<name>{_SURNAME_SHAPE}){_NA}")),
]


def find(text: str) -> list[Found]:
    """Every piece of personal data found, left to right, without overlaps."""
    taken: list[Found] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            group = "name" if "name" in pattern.groupindex else 0
            start, end = match.span(group)
            if start == end or any(start < f.end and f.start < end for f in taken):
                continue
            taken.append(Found(kind, start, end, match.group(group)))
    return sorted(taken, key=lambda f: f.start)


def scrub(text: str | None) -> str:
    """The text with every piece of personal data replaced by its mark."""
    if not text:
        return ""
    out, last = [], 0
    for found in find(text):
        out.append(text[last:found.start])
        out.append(MARKS[found.kind])
        last = found.end
    out.append(text[last:])
    return "".join(out)


def has_personal_data(text: str | None) -> bool:
    return bool(text) and bool(find(text))
