"""What every layer of the scrubber shares: the marks that replace personal data, a piece found,
the letters and fragments its patterns are made of, and pymorphy3's dictionary (loaded once)."""
from __future__ import annotations

import functools
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

UP = "А-ЯЁ"
LO = "а-яё"
WORD = rf"[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?"  # a capitalised word, double-barrelled allowed
NB = rf"(?<![{UP}{LO}A-Za-z0-9])"  # not inside a word
NA = rf"(?![{UP}{LO}A-Za-z0-9])"
DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, the long dashes and the minus sign people type


@dataclass(frozen=True)
class Found:
    kind: str  # name, phone, email, address, account, document, card, plate, birth
    start: int
    end: int
    text: str


@functools.cache
def morph():
    """pymorphy3's analyzer: loading its dictionaries takes a second, so once per process."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
