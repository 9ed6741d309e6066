"""Layer 1 of the scrubber: identifiers with a fixed shape (e-mails, social accounts, СНИЛС, ИНН,
passports, policies, card numbers, car plates, dates of birth) and home addresses."""
from __future__ import annotations

import re

from generator.survey.privacy.base import DASH, NB, UP, WORD, Found, morph

_STREET = (r"(?:ул\.?|улиц[аеыу]|пр\.|пр-т\.?|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке|ка)|б-р|бульвар[ае]?|"
           r"ш\.|шоссе|наб\.|набережн(?:ая|ой)|пл\.|площад[ьи]|мкр\.?|микрорайон[ае]?|проезд[ае]?)")
_HOUSE = (rf"(?:(?:д\.|дом[ае]?|№)\s*)?\d+[а-яё]?(?:\s?[/{DASH}]\s?\d+[а-яё]?)?(?![\d.,]\d)"
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
    ("document", re.compile(rf"(?<![\d{DASH}])\d{{3}}[{DASH}\s]?\d{{3}}[{DASH}\s]?\d{{3}}[{DASH}\s]\d{{2}}"
                            rf"(?![\d{DASH}])")),
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
        NB + _STREET + rf"\s*(?:[{UP}0-9][\w\-]*)(?:\s+[{UP}][\w\-]*)*,?\s*" + _HOUSE, re.IGNORECASE)),
    ("address", re.compile(
        NB + rf"{WORD}\s+{_STREET_AFTER},?\s*" + _HOUSE, re.IGNORECASE)),
    ("address", re.compile(NB + r"(?:д\.|дом[ае]?)\s*\d+[а-яё]?,?\s*" + _FLAT, re.IGNORECASE)),
    ("address", re.compile(NB + _FLAT, re.IGNORECASE)),
]

# «Садовая 12-45», «Ленина 5 кв 12», «на Садовой, 12/3»: a street-shaped word with a house AND a flat
_BARE_ADDRESS = re.compile(
    NB + rf"(?P<street>{WORD})(?:\s+(?:{WORD}))?,?\s+\d{{1,3}}[а-яё]?"
    rf"(?:\s?[{DASH}/]\s?\d{{1,4}}|,?\s*(?:кв\.?|квартира)\s*№?\s*\d{{1,4}})"
    rf"(?!\d)(?![.,:{DASH}/]\d)")
# «живу на Садовой 12», «проживаю: Лесная 7»: a house number after a word of living
_LIVING_ADDRESS = re.compile(
    rf"(?:живу|проживаю|проживает|прописан[аы]?|адрес\w*)\s*:?\s*(?:на\s+|в\s+)?(?P<street>{WORD})"
    rf"(?:\s+{WORD})?,?\s+(?:д\.\s*)?\d+[а-яё]?(?:\s?[{DASH}/]\s?\d+)?", re.IGNORECASE)

_CARD_GROUPS = re.compile(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{4}")
# digits joined by single spaces or hyphens: a card number is a stretch of whole groups of such a run
_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d)*")
_DIGIT_GROUP = re.compile(r"\d+")


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def shaped_identifiers(text: str) -> list[Found]:
    """E-mails, accounts, document numbers, plates, dates of birth, addresses by a street word (card
    numbers are card_numbers': they are weighed against the phone numbers around them)."""
    found = []
    for kind, pattern in _SHAPED:
        # a pattern with a «value» group keeps its keyword: «СНИЛС [номер документа скрыт]»
        group = "value" if "value" in pattern.groupindex else 0
        found += [Found(kind, m.start(group), m.end(group), m.group(group)) for m in pattern.finditer(text)]
    return found


def card_numbers(text: str) -> list[Found]:
    """Every reading of a card number: 13–19 digits passing the Luhn check, or four groups of four
    (written only for a card or a policy, so no Luhn check there), made of whole groups of a run of
    digits and not joined to the digits around by a hyphen. Readings overlap: in «+7 912 345 67 89
    4276 1234 5678 9013» the card starts at «4276», not at the 7 of the phone (scrub.py chooses)."""
    found = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _DIGIT_GROUP.finditer(run.group())]
        for first, (start, _) in enumerate(groups):
            if text[start - 1:start] == "-":
                continue
            digits = 0
            for group_start, end in groups[first:]:
                digits += end - group_start
                if digits > 19:
                    break
                if digits >= 13 and text[end:end + 1] != "-" and _is_card(text[start:end]):
                    found.append(Found("card", start, end, text[start:end]))
    return found


def _is_card(written: str) -> bool:
    return _luhn(re.sub(r"\D", "", written)) or _CARD_GROUPS.fullmatch(written) is not None


def bare_addresses(text: str) -> list[Found]:
    """Addresses without a street word: a street-shaped word with a house and a flat, or after «живу»."""
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
    parses = morph().parse(word)
    if parses[0].normal_form in {"кабинет", "окно", "приём", "прием", "каб", "этаж", "стол", "очередь", "талон", "час",
                                 "минута", "день", "неделя", "месяц", "год", "место", "человек", "рубль", "класс"}:
        return False
    for parse in parses:
        tag = parse.tag
        if tag.POS in {"ADJF", "ADJS"} or tag.case == "gent" or {"Surn", "Name", "Geox"} & set(tag.grammemes):
            return True
    return False
