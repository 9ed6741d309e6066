"""Part of layer 3 of the scrubber: names that pymorphy3's dictionary knows (every case,
diminutives, Latin spellings read through a transliteration), found in runs of words written alike."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.survey.privacy.base import LO, UP, Found, morph

TOKEN = re.compile(r"[A-Za-zА-ЯЁа-яё]+(?:-[A-Za-zА-ЯЁа-яё]+)?")
_LATIN = [("shch", "щ"), ("j", "дж"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("ya", "я"),
          ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ia", "ия"), ("iy", "ий"), ("yi", "ый"), ("y", "й")]
_LATIN_LETTERS = dict(zip("abvgdezijklmnoprstufhcwqx", "абвгдезийклмнопрстуфхцвкс"))
_LATIN_SURNAME = re.compile(r"[A-Z][a-z]+(?:ov|ova|ev|eva|in|ina|yn|ski|sky|skiy|skaya|enko|uk|yuk|ko|ikh|yan|dze|"
                            r"shvili|ich|yev|yeva|aev|aeva|iev|ieva|off)$")
# capitalised non-dictionary words ending like a diminutive of a name: Настенька, Серёженька, Танюшка
_DIMINUTIVE = re.compile(rf"[{UP}][{LO}]+(?:енька|енькa|онька|ечка|очка|ушка|юшка|уля|уся|юша|уша|ёк|ик)"
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
    score = dict(word_scores(probe) or {}) or None
    if score is None:  # an abbreviation: МФЦ, ЖКХ
        return _Token(match.start(), match.end(), 0, 0, 0, 0, False, latin, free)
    if latin and _LATIN_SURNAME.match(word):
        score["Surn"] = max(score["Surn"], 0.5)
    unknown = not latin and word[0].isupper() and not morph().word_is_known(word.lower())
    if unknown and _DIMINUTIVE.match(word):
        score["Name"] = max(score["Name"], 0.9)
    return _Token(match.start(), match.end(), score["Name"], score["Surn"], score["Patr"], score["Geox"],
                  word[0].isupper(), latin, free, unknown)


@functools.lru_cache(maxsize=65536)
def word_scores(word: str) -> dict[str, float] | None:
    """pymorphy3's probability that `word` is a first name, surname, patronymic or place; None
    for an abbreviation. Cached: the same words come back in comment after comment."""
    parses = morph().parse(word)
    if "Abbr" in parses[0].tag or parses[0].tag.POS in {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}:
        return None  # МФЦ; «ИЗ» in a comment typed in capitals
    return {g: sum(p.score for p in parses if g in p.tag) for g in ("Name", "Surn", "Patr", "Geox")}


_ABBREVIATIONS = {"СНИЛС", "ИНН", "ОМС", "ДМС", "ПФР", "СФР", "ФСС", "ФНС", "ОГРН", "ЕГРН", "МФЦ", "ТСЖ", "ЕПГУ", "ГАИ",
                  "ОВД", "МВД", "УМВД", "ОПФР", "КУМИ", "ИФНС", "МСЭ", "УСЗН", "ЦЗН", "ДОУ", "СОШ", "ЖЭК", "ЖЭУ", "РЭУ"}


@functools.lru_cache(maxsize=4096)
def _abbreviation(word: str) -> bool:
    return word in _ABBREVIATIONS or any("Abbr" in p.tag for p in morph().parse(word))


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
    if token.latin or word in _LOWER_STOP or not morph().word_is_known(word):
        return False
    return max(token.name, token.patronymic) >= 0.95 or token.surname > 0


# words after which a capitalised word not in the dictionary is a person: «Спасибо Айдару»
THANKS = re.compile(r"(?:спасибо|благодар\w*|поблагодар\w*|передайте|отметить|премировать|наказать|уволить|"
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
    return given >= 0.5 or given > 0 and token.free or token.unknown and THANKS.search(text[:token.start]) is not None


def dictionary_names(text: str) -> list[Found]:
    """Names known to pymorphy3's dictionary (every case, diminutives) in runs of words
    written alike: a run holding a first name or patronymic is a name («Вера Иванова» even
    though «вера» is also a noun); a surname alone is not («города Иванова»)."""
    found: list[Found] = []
    run: list[_Token] = []
    for match in TOKEN.finditer(text):
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
