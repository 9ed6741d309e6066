"""Layer 3 of the scrubber: person names — natasha's recogniser, the dictionary (dictionary.py) and
the earlier name patterns as a floor; a name-shaped word that names a place is kept."""
from __future__ import annotations

import functools
import re

from generator.survey.privacy.base import LO, NA, NB, UP, WORD, Found, morph
from generator.survey.privacy.dictionary import THANKS, TOKEN, dictionary_names, word_scores

_INITIAL = rf"[{UP}]\.\s?"

# patronymics in any case: Петрович, Петровича, Петровичу, Петровна, Петровны, Ильинична, Кузьмич …
_PATRONYMIC = rf"[{UP}][{LO}]+(?:ович|евич|вич|ьич|ич|овн|евн|ичн|инич)(?:а|у|ем|е|ом|ой|ы|ою|на|ны|не|ну|ной)?"
_SURNAME_SHAPE = (rf"[{UP}][{LO}]+(?:ов|ев|ёв|ин|ын|ский|цкий|ской|ая|ова|ева|ёва|ина|ына|ская|цкая|енко|ук|юк|ко|их|ых)"
                  rf"(?:а|у|ым|ой|ом|е|ы|ого|ому|ую)?")
_TITLES = (r"(?:специалист|сотрудник|сотрудниц|инспектор|оператор|консультант|начальник|руководител|заведующ|"
           r"регистратор|менеджер|работник|девушк|администратор|ведущ|главн|юрист|бухгалтер)[{lo}]*").format(lo=LO)

# A word right before a name-shaped word that makes it a place or an institution's namesake, not a person.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:ул|пр|просп|пер|пл|наб|мкр|им|пос|пгт|гор)\.?|\b(?:г|с|д|ш|пр-т|б-р|р-н)\."
    r"|\b(?:улиц[аеыу]|проспект[ае]?|переул(?:ок|ке|ка)|бульвар[ае]?|шоссе|набережн(?:ая|ой|ую)|площад[ьи]|"
    r"проезд[ае]?|микрорайон[ае]?|город[ауе]?|городе|села|село|селе|посёлк[аеу]|поселк[аеу]|посёлок|поселок|"
    r"деревн[яиюе]|район[ае]?|област[ьи]|имени|станци[яиюе]|метро|парк[ае]?|сквер[ае]?|памятник[ае]?|музе[йяюе])"
    r")\s*$", re.IGNORECASE)


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
        for parse in morph().parse(name):
            if "Name" in parse.tag:
                forms |= {f.word.replace("ё", "е") for f in parse.lexeme if "sing" in f.tag}
                forms |= {f.word for f in parse.lexeme if "sing" in f.tag}
        forms.add(name.lower())
    first = "(?:" + "|".join(sorted((f.capitalize() for f in forms), key=len, reverse=True)) + ")"
    return [
        # (surname) first name patronymic (surname), or a patronymic alone
        re.compile(NB + rf"(?:{_SURNAME_SHAPE}\s+)?(?:{first}\s+)?{_PATRONYMIC}{NA}(?:\s+{_SURNAME_SHAPE}{NA})?"),
        # common first name with a surname-shaped word on either side, or alone
        re.compile(NB + rf"(?:{_SURNAME_SHAPE}\s+)?{first}{NA}(?:\s+{_SURNAME_SHAPE}{NA})?"),
        # a staff title followed by a capitalised word: специалист Смирнова
        re.compile(NB + rf"(?i:{_TITLES})\s+(?P<name>{WORD}(?:\s+{WORD})?)"),
        re.compile(NB + rf"(?i:{_TITLES})(?:\s+[{LO}]+){{1,2}}\s+(?P<name>{_SURNAME_SHAPE}){NA}"),
    ]


# surname + initials: Иванов И. И., Петрова А., ПЕТРУШИНА А.В. (not before a third initial)
_SURNAME_INITIALS = re.compile(NB + rf"(?P<surname>{WORD}|[{UP}]{{3,}}(?:-[{UP}]{{3,}})?)\s+[{UP}]\.(?:\s?[{UP}]\.)?"
                               rf"(?!\s?[{UP}]\.)(?=\s?(?P<next>{WORD})?)")
# initials + surname: И. И. Иванов, А.Петрова
_INITIALS_SURNAME = re.compile(NB + rf"(?P<initials>{_INITIAL}(?:[{UP}]\.\s?)?)(?P<surname>{WORD}|[{UP}]{{3,}})")


def _initials_names(text: str) -> list[Found]:
    """Surnames with initials. Initials between two capitalised words belong to the one that can be a
    surname: «Долго Кузнецов И. П. Документы не принимал» hides «Кузнецов И. П.», «Передал И. П.
    Кузнецову» hides «И. П. Кузнецову»; when neither can (pymorphy3 knows «Документы» as a common
    noun), the initials alone are hidden, and when both can, both are."""
    found = []
    for match in _SURNAME_INITIALS.finditer(text):
        if match.group("next") is None or _can_be_surname(match.group("surname")):
            found.append(Found("name", match.start(), match.end(), match.group()))
    for match in _INITIALS_SURNAME.finditer(text):
        if _can_be_surname(match.group("surname")):
            found.append(Found("name", match.start(), match.end(), match.group()))
        else:
            initials = match.group("initials").rstrip()
            found.append(Found("name", match.start(), match.start() + len(initials), initials))
    return found


def _can_be_surname(word: str) -> bool:
    """A capitalised word the dictionary reads as a name, surname or patronymic, or does not know."""
    probe = word.capitalize() if word.isupper() else word
    scores = word_scores(probe)
    if scores is None:  # «Всё», МФЦ
        return False
    return bool(scores["Name"] or scores["Surn"] or scores["Patr"]) or not morph().word_is_known(probe.lower())


def _floor_names(text: str) -> list[Found]:
    found = _initials_names(text)
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
    for word in TOKEN.findall(words):
        scores = word_scores(word)
        if not morph().word_is_known(word.lower()) or scores and (scores["Name"] or scores["Surn"] or scores["Patr"]):
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
        if span.type == "PER":
            # a name holds no digits: the recogniser may run on over a number into the words after it
            # («В. 2000000000000006 Талон»), and over the zeros written on a mark (scrub.py)
            for piece in _NO_DIGITS.finditer(text, span.start, span.stop):
                found += _recognised_piece(text, piece.start(), piece.end())
    return found


_NO_DIGITS = re.compile(r"\D+")


def _recognised_piece(text: str, start: int, stop: int) -> list[Found]:
    start, stop = _without_verbs(text, start, stop)
    if start >= stop or not _could_be_a_person(text[start:stop]) or _lone_ordinary_word(text, start, stop):
        return []
    if re.search("[A-Za-z]", text[start:stop]):
        # in Latin text the recogniser runs on into the words after a name («Ivan Petrov helped
        # a lot»): keep the span from its first to its last capitalised word
        words = [m for m in TOKEN.finditer(text, start, stop) if m.group()[0].isupper()]
        if not words:
            return []
        start, stop = words[0].start(), words[-1].end()
    return [Found("name", start, stop, text[start:stop])]


_TITLE_WORD = re.compile(_TITLES, re.IGNORECASE)
_NOT_NAME_POS = {"VERB", "INFN", "PRCL", "CONJ", "PREP", "INTJ", "ADVB", "NPRO", "PRED", "GRND", "PRTF", "PRTS"}


def _without_verbs(text: str, start: int, stop: int) -> tuple[int, int]:
    """A recognised span less the words at its edges that cannot be a part of a name: the
    recogniser takes a capitalised verb for one («Передайте Гульшат», «КОВАЛЁВ А.С. НЕ»)."""
    words = list(TOKEN.finditer(text, start, stop))
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
    for word in TOKEN.findall(span):
        if word[0].isupper():
            return True
        scores = word_scores(word) or {}
        if scores.get("Name", 0) + scores.get("Surn", 0) + scores.get("Patr", 0) >= 0.5:
            return True
    return False


# a person reading of a word less likely than this is pymorphy3's noise, not a name (Слава has 0.05)
_NOISE = 0.01


def _lone_ordinary_word(text: str, start: int, stop: int) -> bool:
    """A recognised span that is one capitalised word the dictionary knows only as an ordinary word
    («Бланк», «Талон»), or one initial («В.»), with no other part of a name beside it: the recogniser
    takes such a word at the start of a sentence for a name. Beside an initial or a capitalised name
    word («Соловей А.», «Анна Соловей»), or after thanks or a complaint («Спасибо Соловью»), it stays
    a name."""
    word = text[start:stop].removesuffix(".")
    if not TOKEN.fullmatch(word) or word.isascii() or not word[0].isupper():
        return False
    if len(word) > 1 and not _ordinary(word):
        return False
    before = list(TOKEN.finditer(text, 0, start))
    after = TOKEN.search(text, stop)
    neighbours = [m for m in (before[-1] if before else None, after) if m is not None
                  and re.fullmatch(r"[\s.,]*", text[m.end():start] if m.end() <= start else text[stop:m.start()])]
    if any(m.group()[0].isupper() and (len(m.group()) == 1 or not _ordinary(m.group())) for m in neighbours):
        return False
    return THANKS.search(text[:start]) is None


def _ordinary(word: str) -> bool:
    """Known to the dictionary, with no reading as a name, surname or patronymic above noise."""
    probe = word.capitalize() if word.isupper() else word
    scores = word_scores(probe)
    if scores is None:  # a preposition or an abbreviation: «В.» may be an initial
        return False
    return morph().word_is_known(probe.lower()) and scores["Name"] + scores["Surn"] + scores["Patr"] < _NOISE


def _not_a_name(word: str) -> bool:
    if word.isascii():
        return False
    if _TITLE_WORD.fullmatch(word):  # «Специалистка Полина»: the title is not a part of the name
        return True
    parses = morph().parse(word.capitalize() if word.isupper() else word)
    if any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses):
        return False
    return parses[0].tag.POS in _NOT_NAME_POS


# «с.», «д.» are also the preposition «с» and «дом» before a sentence that starts with a name
_ONE_LETTER_PLACE = re.compile(r"\b[гсдш]\.\s*$", re.IGNORECASE)
_HAS_PATRONYMIC = re.compile(NB + _PATRONYMIC + NA)


def _is_place(text: str, found: Found) -> bool:
    """«города Иванова», «ул. Гагарина», «школа имени Пушкина»: a namesake, not a person. A name with
    a patronymic is a person wherever it stands, and after a one-letter abbreviation («с.», «д.») only
    one word can be a village's name («с. Анна Смирнова» is a person)."""
    before = text[max(0, found.start - 30):found.start]
    if not _PLACE_BEFORE.search(before) or _HAS_PATRONYMIC.search(found.text):
        return False
    return not (_ONE_LETTER_PLACE.search(before) and len(TOKEN.findall(found.text)) > 1)


def person_names(text: str) -> list[Found]:
    """Every layer's names, less those a place word right before makes a namesake («ул. Гагарина»)."""
    candidates = _floor_names(text) + _recognised_names(text) + dictionary_names(text)
    return [f for f in candidates if not _is_place(text, f)]
