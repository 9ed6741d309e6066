"""Personal data out of citizens' comments before anything is published.

`scrub(text)` replaces every person name, phone number, e-mail, social account, home
address, document or card number, car plate and date of birth it recognises with a
neutral mark («[имя скрыто]», «[телефон скрыт]», …). Comments are never published raw:
only those the respondent agreed to publish, reviewed by a person (generator/review.py),
and only scrubbed.

The detection is layered, and a span found by any layer is removed — a missed name is
a published name, while an over-eager mark only costs a word of the comment:

1. identifiers with a fixed shape (regular expressions): e-mails, also written to dodge
   robots («petrova (at) yandex (dot) ru», «sidorov_88 собака gmail.com»); social
   accounts (@ivan_petrov, vk.com/…); СНИЛС; ИНН; passport; bank card numbers (13–19
   digits passing the Luhn check); car plates (А123ВС 77); dates of birth («д.р.
   12.03.1985», «1985 г.р.»); addresses — a street (ул., проспект, …) or a street-shaped
   word («Садовая 12-45», «Ленина 5 кв 12») WITH a house number, and a flat anywhere;
2. phone numbers: Google's `phonenumbers` (region RU) over a copy of the text where
   dots and long dashes between digits read as hyphens, plus patterns for local numbers
   (3456787, 32-45-67) and the earlier phone patterns as a floor;
3. person names: natasha's named-entity recogniser (its model ships inside the wheel,
   nothing is downloaded), pymorphy3's dictionary of first names, surnames and
   patronymics in every case and diminutive (Игоря, Зухре, Сашенька), Latin names read
   through a transliteration (Ivan Petrov), and the earlier name patterns as a floor
   (surname with initials, a capitalised word after a staff title, …).

What is deliberately kept: a street WITHOUT a house number («в отделе на ул. Ленина
очереди» names the office, not a home); a surname-shaped word that names a place or is
part of a name of a street or an institution («города Иванова», «Ивановская область»,
«ул. Гагарина», «школа имени Пушкина»); abbreviations in capitals (МФЦ, ЖКХ, ЗАГС);
dates of visits, prices, counts and room numbers.

natasha and pymorphy3 are loaded on first use and once per process (scrub is called for
every comment).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

NAME = "[имя скрыто]"
PHONE = "[телефон скрыт]"
EMAIL = "[e-mail скрыт]"
ADDRESS = "[адрес скрыт]"
ACCOUNT = "[аккаунт скрыт]"
DOCUMENT = "[номер документа скрыт]"
CARD = "[номер карты скрыт]"
PLATE = "[госномер скрыт]"
BIRTH = "[дата рождения скрыта]"
MARKS = {"name": NAME, "phone": PHONE, "email": EMAIL, "address": ADDRESS, "account": ACCOUNT,
         "document": DOCUMENT, "card": CARD, "plate": PLATE, "birth": BIRTH}

_UP = "А-ЯЁ"
_LO = "а-яё"
_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"  # a capitalised word, double-barrelled allowed
_NB = rf"(?<![{_UP}{_LO}A-Za-z0-9])"  # not inside a word
_NA = rf"(?![{_UP}{_LO}A-Za-z0-9])"
_INITIAL = rf"[{_UP}]\.\s?"
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, the long dashes and the minus sign people type

# patronymics in any case: Петрович, Петровича, Петровичу, Петровна, Петровны, Ильинична, Кузьмич …
_PATRONYMIC = rf"[{_UP}][{_LO}]+(?:ович|евич|вич|ьич|ич|овн|евн|ичн|инич)(?:а|у|ем|е|ом|ой|ы|ою|на|ны|не|ну|ной)?"
_SURNAME_SHAPE = (rf"[{_UP}][{_LO}]+(?:ов|ев|ёв|ин|ын|ский|цкий|ской|ая|ова|ева|ёва|ина|ына|ская|цкая|енко|ук|юк|ко|их|ых)"
                  rf"(?:а|у|ым|ой|ом|е|ы|ого|ому|ую)?")
_TITLES = (r"(?:специалист|сотрудник|сотрудниц|инспектор|оператор|консультант|начальник|руководител|заведующ|"
           r"регистратор|менеджер|работник|девушк|администратор|ведущ|главн|юрист|бухгалтер)[{lo}]*").format(lo=_LO)

# A word right before a name-shaped word that makes it a place or an institution's namesake, not a person.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:ул|пр|просп|пер|пл|наб|мкр|им|пос|пгт|гор)\.?|\b(?:г|с|д|ш|пр-т|б-р|р-н)\."
    r"|\b(?:улиц[аеыу]|проспект[ае]?|переул(?:ок|ке|ка)|бульвар[ае]?|шоссе|набережн(?:ая|ой|ую)|площад[ьи]|"
    r"проезд[ае]?|микрорайон[ае]?|город[ауе]?|городе|села|село|селе|посёлк[аеу]|поселк[аеу]|посёлок|поселок|"
    r"деревн[яиюе]|район[ае]?|област[ьи]|имени|станци[яиюе]|метро|парк[ае]?|сквер[ае]?|памятник[ае]?|музе[йяюе])"
    r")\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    kind: str  # name, phone, email, address, account, document, card, plate, birth
    start: int
    end: int
    text: str


# --- layer 1: identifiers with a fixed shape ---------------------------------------------

_STREET = (r"(?:ул\.?|улиц[аеыу]|пр\.|пр-т\.?|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке|ка)|б-р|бульвар[ае]?|"
           r"ш\.|шоссе|наб\.|набережн(?:ая|ой)|пл\.|площад[ьи]|мкр\.?|микрорайон[ае]?|проезд[ае]?)")
_HOUSE = (rf"(?:(?:д\.|дом[ае]?|№)\s*)?\d+[а-яё]?(?:\s?[/{_DASH}]\s?\d+[а-яё]?)?(?![\d.,]\d)"
          r"(?!\s*(?:этаж|эт\.|подъезд|окн|кабинет|каб\.|мин|час|чел|руб|р\.))"
          r"(?:,?\s*(?:корп\.?|корпус|к\.|стр\.|строение)\s*\d+)?(?:,?\s*(?:кв\.?|квартира|оф\.|офис)\s*№?\s*\d+)?")
_STREET_AFTER = r"(?:ул\.?|улица|пр\.|пр-т\.?|просп\.|проспект|пер\.|переулок|б-р|бульвар|ш\.|шоссе|проезд)"
_FLAT = r"(?:кв\.?|квартир[аеуы])\s*№?\s*\d+"

_SHAPED: list[tuple[str, re.Pattern]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    # e-mails written to dodge robots: «petrova (at) yandex (dot) ru», «sidorov_88 собака gmail.com»
    ("email", re.compile(
        r"(?<![\w.])[A-Za-z0-9][A-Za-z0-9._+-]*\s*(?:\(\s*(?:at|собака)\s*\)|\[\s*(?:at|собака)\s*\]|\{\s*at\s*\}|"
        r"\s(?:at|собака|собачка|эт)\s)\s*[A-Za-z0-9-]+"
        r"(?:\s*(?:\.|\(\s*(?:dot|точка)\s*\)|\[\s*(?:dot|точка)\s*\]|\s(?:dot|точка)\s)\s*[A-Za-z0-9-]+)+",
        re.IGNORECASE)),
    # an address read aloud: «ivanova собака мейл ру», «petrova собака яндекс точка ру»
    ("email", re.compile(
        r"(?<![\w.])[\w.-]+\s+(?:собака|собачка)\s+[\w-]+\s*(?:\.|точка|dot)?\s*(?:ру|ru|ком|com|нет|net|рф|орг|org)\b",
        re.IGNORECASE)),
    # social accounts: @ivan_petrov, vk.com/ivan.petrov, t.me/ivan
    ("account", re.compile(r"(?:https?://)?(?:www\.)?(?:vk\.com|vk\.ru|t\.me|ok\.ru|instagram\.com|facebook\.com|"
                           r"fb\.com|twitter\.com|x\.com|tiktok\.com|youtube\.com|dzen\.ru)/[\w.@-]+", re.IGNORECASE)),
    ("account", re.compile(r"(?<![\w.@])@[A-Za-z0-9_.]{3,}[A-Za-z0-9_]")),
    # dates of birth: «д.р. 12.03.1985», «дата рождения 12 марта 1985», «1985 г.р.»
    ("birth", re.compile(
        r"(?:д\.\s?р\.?|д/р|дата\s+рождения|родил(?:ся|ась|ись)|рожд(?:ения|\.))\s*:?\s*(?:в\s+)?"
        r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s+[а-яё]+\s+\d{4}(?:\s*г(?:ода|\.)?)?|\d{4}(?:\s*г(?:ода|\.)?)?)",
        re.IGNORECASE)),
    ("birth", re.compile(r"(?<![\d.])(?:\d{1,2}[./]\d{1,2}[./])?(?:19|20)?\d{2}\s*(?:г\.?\s?р\.?|года?\s+рождения)",
                         re.IGNORECASE)),
    # СНИЛС: 123-456-789 01 (also 12345678901 after the word)
    ("document", re.compile(rf"(?<![\d{_DASH}])\d{{3}}[{_DASH}\s]?\d{{3}}[{_DASH}\s]?\d{{3}}[{_DASH}\s]\d{{2}}"
                            rf"(?![\d{_DASH}])")),
    ("document", re.compile(r"снилс\w*\s*:?\s*№?\s*(?P<value>\d[\d\s-]{9,13}\d)", re.IGNORECASE)),
    # ИНН (10 digits of an organisation, 12 of a person), passport, ОМС policy
    ("document", re.compile(r"инн\s*:?\s*№?\s*(?P<value>\d{10}(?:\d{2})?)(?!\d)", re.IGNORECASE)),
    ("document", re.compile(r"(?<!\d)\d{12}(?!\d)")),
    ("document", re.compile(
        r"паспорт\w*\s*(?:рф\s*)?(?:сери[яи]\s*)?(?P<value>\d{2}\s?\d{2}\s*(?:№|номер|н\.)?\s*\d{6})(?!\d)",
        re.IGNORECASE)),
    ("document", re.compile(r"(?<![\d\-])\d{2}\s\d{2}\s\d{6}(?!\d)|(?<![\d\-])\d{4}\s№?\s?\d{6}(?!\d)")),
    ("document", re.compile(r"(?:полис\w*|омс)\s*:?\s*№?\s*(?P<value>\d[\d\s]{8,18}\d)", re.IGNORECASE)),
    # car plates: А123ВС 77, а123вс777 (Cyrillic letters that have a Latin twin, or the twins)
    ("plate", re.compile(r"(?<![\wА-Яа-яЁё])[АВЕКМНОРСТУХABEKMHOPCTYX]\s?\d{3}\s?[АВЕКМНОРСТУХABEKMHOPCTYX]{2}"
                         r"\s?\d{2,3}(?:\s?(?:rus|рус))?(?![\wА-Яа-яЁё])", re.IGNORECASE)),
    ("address", re.compile(
        _NB + _STREET + rf"\s*(?:[{_UP}0-9][\w\-]*)(?:\s+[{_UP}][\w\-]*)*,?\s*" + _HOUSE, re.IGNORECASE)),
    ("address", re.compile(
        _NB + rf"{_WORD}\s+{_STREET_AFTER},?\s*" + _HOUSE, re.IGNORECASE)),
    ("address", re.compile(_NB + r"(?:д\.|дом[ае]?)\s*\d+[а-яё]?,?\s*" + _FLAT, re.IGNORECASE)),
    ("address", re.compile(_NB + _FLAT, re.IGNORECASE)),
]

# «Садовая 12-45», «Ленина 5 кв 12», «на Садовой, 12/3»: a street-shaped word with a house AND a flat
_BARE_ADDRESS = re.compile(
    _NB + rf"(?P<street>{_WORD})(?:\s+(?:{_WORD}))?,?\s+\d{{1,3}}[а-яё]?"
    rf"(?:\s?[{_DASH}/]\s?\d{{1,4}}|,?\s*(?:кв\.?|квартира)\s*№?\s*\d{{1,4}})"
    rf"(?!\d)(?![.,:{_DASH}/]\d)")
# «живу на Садовой 12», «проживаю: Лесная 7»: a house number after a word of living
_LIVING_ADDRESS = re.compile(
    rf"(?:живу|проживаю|проживает|прописан[аы]?|адрес\w*)\s*:?\s*(?:на\s+|в\s+)?(?P<street>{_WORD})"
    rf"(?:\s+{_WORD})?,?\s+(?:д\.\s*)?\d+[а-яё]?(?:\s?[{_DASH}/]\s?\d+)?", re.IGNORECASE)

_CARD_GROUPS = re.compile(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{4}")
_CARD = re.compile(r"(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d\-])")


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _shaped(text: str) -> list[Found]:
    found = []
    for kind, pattern in _SHAPED:
        # a pattern with a «value» group keeps its keyword: «СНИЛС [номер документа скрыт]»
        group = "value" if "value" in pattern.groupindex else 0
        found += [Found(kind, m.start(group), m.end(group), m.group(group)) for m in pattern.finditer(text)]
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        # four groups of four digits are written only for a card (or a policy), so no Luhn check there
        if 13 <= len(digits) <= 19 and (_luhn(digits) or _CARD_GROUPS.fullmatch(match.group())):
            found.append(Found("card", match.start(), match.end(), match.group()))
    return found


def _bare_addresses(text: str) -> list[Found]:
    found = []
    for pattern in (_BARE_ADDRESS, _LIVING_ADDRESS):
        position = 0
        while match := pattern.search(text, position):
            start = match.start("street")
            if _street_shaped(match.group("street")):
                found.append(Found("address", start, match.end(), text[start:match.end()]))
                position = match.end()
            else:  # «Прописка Садовая, 10, кв. 3»: the street may be the next word
                position = start + 1
    return found


def _street_shaped(word: str) -> bool:
    """Streets are adjectives (Садовая, Лесной), surnames or nouns in the genitive (Ленина, Мира) or
    places; «Окно 12-14» or «Приём 9-13» are not."""
    parses = _morph().parse(word)
    if parses[0].normal_form in {"кабинет", "окно", "приём", "прием", "каб", "этаж", "стол", "очередь", "талон", "час",
                                 "минута", "день", "неделя", "месяц", "год", "место", "человек", "рубль", "класс"}:
        return False
    for parse in parses:
        tag = parse.tag
        if tag.POS in {"ADJF", "ADJS"} or tag.case == "gent" or {"Surn", "Name", "Geox"} & set(tag.grammemes):
            return True
    return False


# --- layer 2: phone numbers --------------------------------------------------------------

_PHONE_FLOOR = re.compile(
    rf"(?<![\d+])(?:\+\s?7|8|7)[\s{_DASH}.]*\(?\s*\d{{3,5}}\s*\)?(?:[\s{_DASH}.]*\d){{5,7}}(?!\d)"
    rf"|(?<!\d)\(\s?\d{{3,5}}\s?\)\s?\d{{1,3}}[\s{_DASH}]?\d{{2}}[\s{_DASH}]?\d{{2}}(?!\d)"
    rf"|(?<![\d.{_DASH}])\d{{1,3}}[{_DASH}]\d{{2}}[{_DASH}]\d{{2}}(?:[{_DASH}]\d{{2}})?(?![\d.{_DASH}])"
    # a local number written in one piece: 3456787 (six or seven digits, not money, not a year)
    r"|(?<![\d.,])\d{7}(?![\d.,]?\d)(?!\s*(?:руб|р\.|₽|тыс|млн|шт|чел|м|км|кг|%))")
_PHONE_CHARS = re.compile(rf"(?<=\d)[.{_DASH}](?=\d)")


def _phones(text: str) -> list[Found]:
    import phonenumbers

    # dots and long dashes between digits read as hyphens; the copy has the same length, so
    # the offsets found in it are offsets in the text
    plain = _PHONE_CHARS.sub("-", text)
    found = []
    for match in phonenumbers.PhoneNumberMatcher(plain, "RU", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = re.sub(r"\D", "", match.raw_string)
        if len(digits) >= 7 and not _looks_like_date(match.raw_string):
            found.append(Found("phone", match.start, match.end, text[match.start:match.end]))
    found += [Found("phone", m.start(), m.end(), m.group()) for m in _PHONE_FLOOR.finditer(text)
              if not _looks_like_date(m.group())]
    return found


def _looks_like_date(raw: str) -> bool:
    """23.04.2015, 2015-05-10: a date of a visit, not a phone (32-45-67 has no month 45)."""
    if match := re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/]\d{2}(?:\d{2})?", raw.strip()):
        day, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"\d{4}[.\-/](\d{1,2})[.\-/](\d{1,2})", raw.strip()):
        month, day = int(match[1]), int(match[2])
    else:
        return False
    return 1 <= day <= 31 and 1 <= month <= 12


# --- layer 3: person names ---------------------------------------------------------------

@functools.cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.cache
def _ner():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    from threadpoolctl import ThreadpoolController

    # the controller lists the loaded BLAS libraries once (reading files): not on every comment
    return Segmenter(), NewsNERTagger(NewsEmbedding()), ThreadpoolController()


# common first names: their forms in every case come from pymorphy3 (Name grammeme)
_FIRST_NAMES = (
    "Александр Алексей Анатолий Андрей Антон Аркадий Артём Артем Борис Вадим Валентин Валерий Василий Виктор "
    "Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь "
    "Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел Пётр Петр Сергей Станислав Степан "
    "Тимофей Фёдор Федор Юрий Ярослав "
    "Александра Алёна Алена Алла Анастасия Анна Антонина Валентина Валерия Варвара Галина Дарья Евгения Екатерина "
    "Елена Елизавета Марья Жанна Зинаида Зоя Инна Ирина Карина Кристина Лариса Лидия Людмила Маргарита Марина "
    "Мария Нина Наталья Наталия Оксана Ольга Полина Раиса Светлана Софья София Таисия Тамара Татьяна Ульяна Юлия Яна"
).split()


@functools.cache
def _floor_name_patterns() -> list[re.Pattern]:
    """The earlier name patterns, kept as a floor under the dictionary and the recogniser."""
    forms = set()
    for name in _FIRST_NAMES:
        for parse in _morph().parse(name):
            if "Name" in parse.tag:
                forms |= {f.word.replace("ё", "е") for f in parse.lexeme if "sing" in f.tag}
                forms |= {f.word for f in parse.lexeme if "sing" in f.tag}
        forms.add(name.lower())
    first = "(?:" + "|".join(sorted((f.capitalize() for f in forms), key=len, reverse=True)) + ")"
    return [
        # surname + initials: Иванов И. И., Петрова А., ПЕТРУШИНА А.В.
        re.compile(_NB + rf"(?:{_WORD}|[{_UP}]{{3,}}(?:-[{_UP}]{{3,}})?)\s+[{_UP}]\.(?:\s?[{_UP}]\.)?(?!\s?[{_UP}][{_LO}.])"),
        # initials + surname: И. И. Иванов, А.Петрова
        re.compile(_NB + _INITIAL + rf"(?:[{_UP}]\.\s?)?(?:{_WORD}|[{_UP}]{{3,}})"),
        # (surname) first name patronymic (surname), or a patronymic alone
        re.compile(_NB + rf"(?:{_SURNAME_SHAPE}\s+)?(?:{first}\s+)?{_PATRONYMIC}{_NA}(?:\s+{_SURNAME_SHAPE}{_NA})?"),
        # common first name with a surname-shaped word on either side, or alone
        re.compile(_NB + rf"(?:{_SURNAME_SHAPE}\s+)?{first}{_NA}(?:\s+{_SURNAME_SHAPE}{_NA})?"),
        # a staff title followed by a capitalised word: специалист Смирнова
        re.compile(_NB + rf"(?i:{_TITLES})\s+(?P<name>{_WORD}(?:\s+{_WORD})?)"),
        re.compile(_NB + rf"(?i:{_TITLES})(?:\s+[{_LO}]+){{1,2}}\s+(?P<name>{_SURNAME_SHAPE}){_NA}"),
    ]


def _floor_names(text: str) -> list[Found]:
    found = []
    for pattern in _floor_name_patterns():
        for match in pattern.finditer(text):
            group = "name" if "name" in pattern.groupindex else 0
            start, end = match.span(group)
            if start < end and not (group and _plain_words(match.group(group))):
                found.append(Found("name", start, end, match.group(group)))
    return found


def _plain_words(words: str) -> bool:
    """«Главное Управление»: after a staff title, capitalised words that the dictionary knows
    and that cannot be a name (a surname it does not know stays a name: «специалист Пупкинс»)."""
    for word in _TOKEN.findall(words):
        scores = _scores(word)
        if not _morph().word_is_known(word.lower()) or scores and (scores["Name"] or scores["Surn"] or scores["Patr"]):
            return False
    return True


def _recognised_names(text: str) -> list[Found]:
    """natasha's PER spans."""
    from natasha import Doc

    segmenter, tagger, threads = _ner()
    doc = Doc(text)
    doc.segment(segmenter)
    # the recogniser multiplies small matrices: BLAS threads only fight each other over
    # them (seven times slower on a busy two-core machine than one thread)
    with threads.limit(limits=1, user_api="blas"):
        doc.tag_ner(tagger)
    found = []
    for span in doc.spans:
        if span.type != "PER":
            continue
        start, stop = _without_verbs(text, span.start, span.stop)
        if start >= stop or not _could_be_a_person(text[start:stop]):
            continue
        if re.search("[A-Za-z]", text[start:stop]):
            # in Latin text the recogniser runs on into the words after a name («Ivan Petrov helped
            # a lot»): keep the span from its first to its last capitalised word
            words = [m for m in _TOKEN.finditer(span.text) if m.group()[0].isupper()]
            if not words:
                continue
            start, stop = start + words[0].start(), start + words[-1].end()
        found.append(Found("name", start, stop, text[start:stop]))
    return found


_TITLE_WORD = re.compile(_TITLES, re.IGNORECASE)
_NOT_NAME_POS = {"VERB", "INFN", "PRCL", "CONJ", "PREP", "INTJ", "ADVB", "NPRO", "PRED", "GRND", "PRTF", "PRTS"}


def _without_verbs(text: str, start: int, stop: int) -> tuple[int, int]:
    """A recognised span less the words at its edges that cannot be a part of a name: the
    recogniser takes a capitalised verb for one («Передайте Гульшат», «КОВАЛЁВ А.С. НЕ»)."""
    words = list(_TOKEN.finditer(text, start, stop))
    while words and _not_a_name(words[0].group()):
        words.pop(0)
    while words and _not_a_name(words[-1].group()):
        words.pop()
    if not words:
        return start, start
    first, last = words[0].start(), words[-1].end()
    # the dot of an initial at the end («Петрова С.А.») stays in the span
    return first, last + 1 if text[last:last + 1] == "." and len(words[-1].group()) == 1 else last


def _could_be_a_person(span: str) -> bool:
    """A recognised span in lower case only counts when the dictionary knows a name in it («инста» does not)."""
    for word in _TOKEN.findall(span):
        if word[0].isupper():
            return True
        scores = _scores(word) or {}
        if scores.get("Name", 0) + scores.get("Surn", 0) + scores.get("Patr", 0) >= 0.5:
            return True
    return False


def _not_a_name(word: str) -> bool:
    if word.isascii():
        return False
    if _TITLE_WORD.fullmatch(word):  # «Специалистка Полина»: the title is not a part of the name
        return True
    parses = _morph().parse(word.capitalize() if word.isupper() else word)
    if any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses):
        return False
    return parses[0].tag.POS in _NOT_NAME_POS


_TOKEN = re.compile(r"[A-Za-zА-ЯЁа-яё]+(?:-[A-Za-zА-ЯЁа-яё]+)?")
_LATIN = [("shch", "щ"), ("j", "дж"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("ya", "я"),
          ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ia", "ия"), ("iy", "ий"), ("yi", "ый"), ("y", "й")]
_LATIN_LETTERS = dict(zip("abvgdezijklmnoprstufhcwqx", "абвгдезийклмнопрстуфхцвкс"))
_LATIN_SURNAME = re.compile(r"[A-Z][a-z]+(?:ov|ova|ev|eva|in|ina|yn|ski|sky|skiy|skaya|enko|uk|yuk|ko|ikh|yan|dze|"
                            r"shvili|ich|yev|yeva|aev|aeva|iev|ieva|off)$")
# capitalised non-dictionary words ending like a diminutive of a name: Настенька, Серёженька, Танюшка
_DIMINUTIVE = re.compile(rf"[{_UP}][{_LO}]+(?:енька|енькa|онька|ечка|очка|ушка|юшка|уля|уся|юша|уша|ёк|ик)"
                         r"(?:[аиуеыою]|ой|ей|ем|ом)?$")
# lower-case words that are first names too, but mostly ordinary words («вера в людей», «тома дела»)
_LOWER_STOP = {"вера", "веры", "вере", "веру", "надежда", "надежды", "любовь", "роман", "романа", "слава", "лев",
               "роза", "мир", "лада", "ника", "марта", "мая", "августа", "майя", "ян", "ли", "ким", "лилия", "лилию",
               "маргарита", "виктория", "победа", "дина", "тома", "дали", "коле", "зоя", "жанна"}


def _transliterate(word: str) -> str:
    lower = word.lower()
    for latin, cyrillic in _LATIN:
        lower = lower.replace(latin, cyrillic)
    return "".join(_LATIN_LETTERS.get(c, c) for c in lower).capitalize()


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    name: float  # pymorphy3's probability that the word is a first name
    surname: float
    patronymic: float
    place: float
    capital: bool
    latin: bool
    free: bool  # capitalised for its own sake: not the first word of a sentence, not «8 Марта»
    unknown: bool = False  # capitalised and not in the dictionary: a rare name (Айдар) or a place


def _token(match: re.Match, text: str) -> _Token:
    word = match.group()
    latin = word.isascii()
    probe = _transliterate(word) if latin else word
    if not latin and word.isupper() and len(word) > 1:
        if _abbreviation(word):  # ИНН is not the genitive of Инна
            return _Token(match.start(), match.end(), 0, 0, 0, 0, False, latin, False)
        probe = probe.capitalize()  # ПЕТРУШИНА reads as Петрушина
    before = text[:match.start()].rstrip()
    free = bool(before) and before[-1] not in ".!?…\n\"«(" and not before[-1].isdigit()
    score = dict(_scores(probe) or {}) or None
    if score is None:  # an abbreviation: МФЦ, ЖКХ
        return _Token(match.start(), match.end(), 0, 0, 0, 0, False, latin, free)
    if latin and _LATIN_SURNAME.match(word):
        score["Surn"] = max(score["Surn"], 0.5)
    unknown = not latin and word[0].isupper() and not _morph().word_is_known(word.lower())
    if unknown and _DIMINUTIVE.match(word):
        score["Name"] = max(score["Name"], 0.9)
    return _Token(match.start(), match.end(), score["Name"], score["Surn"], score["Patr"], score["Geox"],
                  word[0].isupper(), latin, free, unknown)


@functools.lru_cache(maxsize=65536)
def _scores(word: str) -> dict[str, float] | None:
    """pymorphy3's probability that `word` is a first name, surname, patronymic or place; None
    for an abbreviation. Cached: the same words come back in comment after comment."""
    parses = _morph().parse(word)
    if "Abbr" in parses[0].tag or parses[0].tag.POS in {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}:
        return None  # МФЦ; «ИЗ» in a comment typed in capitals
    return {g: sum(p.score for p in parses if g in p.tag) for g in ("Name", "Surn", "Patr", "Geox")}


_ABBREVIATIONS = {"СНИЛС", "ИНН", "ОМС", "ДМС", "ПФР", "СФР", "ФСС", "ФНС", "ОГРН", "ЕГРН", "МФЦ", "ТСЖ", "ЕПГУ", "ГАИ",
                  "ОВД", "МВД", "УМВД", "ОПФР", "КУМИ", "ИФНС", "МСЭ", "УСЗН", "ЦЗН", "ДОУ", "СОШ", "ЖЭК", "ЖЭУ", "РЭУ"}


@functools.lru_cache(maxsize=4096)
def _abbreviation(word: str) -> bool:
    return word in _ABBREVIATIONS or any("Abbr" in p.tag for p in _morph().parse(word))


def _personal(token: _Token, text: str) -> bool:
    """Could be a part of a person's name: capitalised with any reading as a name, surname or
    patronymic; in lower case only a word that is almost surely one."""
    if token.place > max(token.name, token.surname, token.patronymic):  # «Ильинке», not «Айдару»
        return False
    if token.capital:
        # a capitalised Latin word may be a name the transliteration does not know («Olga»)
        return bool(token.name or token.surname or token.patronymic or token.latin)
    word = text[token.start:token.end].lower()
    # in lower case only words of the dictionary: a guess from the ending («инста») is too weak
    if token.latin or word in _LOWER_STOP or not _morph().word_is_known(word):
        return False
    return max(token.name, token.patronymic) >= 0.95 or token.surname > 0


# words after which a capitalised word not in the dictionary is a person: «Спасибо Айдару»
_THANKS = re.compile(r"(?:спасибо|благодар\w*|поблагодар\w*|передайте|отметить|премировать|наказать|уволить|"
                     r"жалоб\w* на|жалуюсь на|обращал\w* к|сотрудни\w*|специалист\w*)\s*$", re.IGNORECASE)


def _is_name(run: list[_Token], text: str) -> bool:
    given = max(max(t.name, t.patronymic) for t in run)
    if not run[0].capital:  # «анна сергеевна», «петрову ирину»
        return given >= 0.95
    if len(run) >= 2:  # «Вера Иванова», «Роман Сидоров», «Ivan Petrov», «John Smith»
        # two capitalised Latin words in a Russian comment are a name far more often than not; a
        # product name lost («Google Play») costs less than a person published
        return given > 0 or all(t.latin for t in run)
    token = run[0]
    if token.latin and not (token.name or token.surname):
        return False
    # a first name alone: when it most likely is one, or when the word is capitalised in the
    # middle of a sentence («Спасибо Свете»), where a common noun would be in lower case
    return given >= 0.5 or given > 0 and token.free or token.unknown and _THANKS.search(text[:token.start]) is not None


def _dictionary_names(text: str) -> list[Found]:
    """Names known to pymorphy3's dictionary (every case, diminutives) in runs of words
    written alike: a run holding a first name or patronymic is a name («Вера Иванова» even
    though «вера» is also a noun); a surname alone is not («города Иванова»)."""
    found: list[Found] = []
    run: list[_Token] = []
    for match in _TOKEN.finditer(text):
        token = _token(match, text)
        personal = _personal(token, text)
        joins = run and personal and token.capital == run[-1].capital and text[run[-1].end:token.start].strip() == ""
        if joins:
            run.append(token)
            continue
        if run and _is_name(run, text):
            found.append(Found("name", run[0].start, run[-1].end, text[run[0].start:run[-1].end]))
        run = [token] if personal else []
    if run and _is_name(run, text):
        found.append(Found("name", run[0].start, run[-1].end, text[run[0].start:run[-1].end]))
    return found


def _is_place(text: str, found: Found) -> bool:
    """«города Иванова», «ул. Гагарина», «школа имени Пушкина»: a namesake, not a person."""
    return bool(_PLACE_BEFORE.search(text[max(0, found.start - 30):found.start]))


def _names(text: str) -> list[Found]:
    candidates = _floor_names(text) + _recognised_names(text) + _dictionary_names(text)
    return [f for f in candidates if not _is_place(text, f)]


# --- all layers together -----------------------------------------------------------------

def find(text: str) -> list[Found]:
    """Every piece of personal data found, left to right, without overlaps.

    Shaped identifiers come first (a passport number is not a phone number); overlapping
    spans of one kind are joined, so a name found in part by one layer and in full by
    another is removed in full."""
    return list(_find(text)) if text else []


@functools.lru_cache(maxsize=4096)
def _find(text: str) -> tuple[Found, ...]:
    # cached: a build scrubs one comment for its page, its quotes and its open data
    taken: list[Found] = []
    for layer in (_shaped(text), _phones(text), _bare_addresses(text), _names(text)):
        for found in _joined(layer):
            overlapping = [t for t in taken if found.start < t.end and t.start < found.end]
            if not overlapping:
                taken.append(found)
            elif all(t.kind == found.kind for t in overlapping):
                # «Ленина 5 кв 12»: the flat found first, the street and house later — one address
                taken = [t for t in taken if t not in overlapping]
                taken.append(Found(found.kind, min(found.start, *(t.start for t in overlapping)),
                                   max(found.end, *(t.end for t in overlapping)), ""))
    return tuple(Found(f.kind, f.start, f.end, text[f.start:f.end]) for f in sorted(taken, key=lambda f: f.start))


def _joined(found: list[Found]) -> list[Found]:
    """Overlapping spans of the same kind joined into one; of different kinds, the first listed wins."""
    order = {kind: i for i, kind in enumerate(dict.fromkeys(f.kind for f in found))}
    out: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        last = out[-1] if out else None
        if last and item.start < last.end:
            if item.kind == last.kind:
                out[-1] = Found(last.kind, last.start, max(last.end, item.end), "")
            elif order[item.kind] < order[last.kind] and item.end - item.start > last.end - last.start:
                out[-1] = item
            continue
        out.append(item)
    return out


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
