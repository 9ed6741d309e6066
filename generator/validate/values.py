"""Values of lists as people write them: «сайт», «Официальный сайт Администрации», «на официальном сайте»
→ `website`. Each distinct text is looked up once; the dictionary forms of words (pymorphy3) are needed
only for a text that matches no spelling as written."""
from __future__ import annotations

import functools
import re

from generator.validate import spellings

_NOT_WORD = re.compile(r"[\W_]+")


def plain(text: str) -> str:
    """A value as spellings are compared: «Опрос по QR-коду» and «опрос по qr коду» are the same."""
    return " ".join(_NOT_WORD.sub(" ", text.lower().replace("ё", "е")).split())


def lemmas(text: str) -> tuple[str, ...]:
    """The dictionary forms of the words, in order, without prepositions and conjunctions (a particle such
    as «не» stays: it turns the meaning): «на официальном сайте» → (официальный, сайт)."""
    return tuple(filter(None, (_lemma(word) for word in plain(text).split())))


_LINKING = frozenset({"PREP", "CONJ"})


@functools.lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    from generator.text_ru import morph

    parse = morph().parse(word)[0]
    return "" if parse.tag.POS in _LINKING else parse.normal_form.replace("ё", "е")


def enum_spellings(column_name: str, code: str, own: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The spellings of a list value besides its code and label: the column's own, then the shared ones."""
    shared = spellings.ENUM.get(column_name, {}).get(code, ())
    return tuple(dict.fromkeys((*own.get(code, ()), *shared)))


class Matcher:
    """The values of one column, by every way they are written."""

    def __init__(self, named: dict[object, tuple[str, ...]]):
        # value → its code, label and spellings
        self.named = named
        self.exact: dict[str, set] = {}
        for value, texts in named.items():
            for text in texts:
                self.exact.setdefault(plain(text), set()).add(value)
        self._by_lemmas: dict[tuple[str, ...], set] | None = None

    def find(self, text: str) -> set:
        """The values `text` may mean: one, none, or several (ambiguous)."""
        found = self.exact.get(plain(text))
        if found:
            return found
        if not any(ch.isalpha() for ch in text):
            return set()
        return self.by_lemmas.get(lemmas(text), set())

    @property
    def by_lemmas(self) -> dict[tuple[str, ...], set]:
        if self._by_lemmas is None:
            self._by_lemmas = {}
            for value, texts in self.named.items():
                for text in texts:
                    self._by_lemmas.setdefault(lemmas(text), set()).add(value)
        return self._by_lemmas


@functools.lru_cache(maxsize=256)
def _enum_matcher(key: tuple) -> Matcher:
    return Matcher({code: texts for code, texts in key})


def enum_matcher(column_name: str, choices: dict[str, str], own: dict[str, tuple[str, ...]]) -> Matcher:
    key = tuple((code, (code, label, *enum_spellings(column_name, code, own))) for code, label in choices.items())
    return _enum_matcher(key)


@functools.cache
def boolean_matcher() -> Matcher:
    return Matcher(dict(spellings.BOOLEAN))


def read(matcher: Matcher, text: str) -> tuple[object, set]:
    """(value, set()) when the text means one value; (None, the values it may mean) otherwise."""
    found = matcher.find(text)
    if len(found) == 1:
        return next(iter(found)), set()
    return None, found
