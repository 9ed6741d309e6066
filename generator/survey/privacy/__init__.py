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

Modules: base (marks, a piece found, shared pattern fragments, the dictionary), patterns (layer 1),
phones (layer 2), names and dictionary (layer 3), scrub (the layers together).
"""
from generator.survey.privacy.base import (ACCOUNT, ADDRESS, BIRTH, CARD, DOCUMENT, EMAIL, MARKS, NAME, PHONE,
                                           PLATE, Found)
from generator.survey.privacy.scrub import find, has_personal_data, scrub

__all__ = ["ACCOUNT", "ADDRESS", "BIRTH", "CARD", "DOCUMENT", "EMAIL", "MARKS", "NAME", "PHONE", "PLATE", "Found",
           "find", "has_personal_data", "scrub"]
