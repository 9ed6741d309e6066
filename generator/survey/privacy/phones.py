"""Layer 2 of the scrubber: phone numbers in any spelling."""
from __future__ import annotations

import re

from generator.survey.privacy.base import DASH, Found

_PHONE_FLOOR = re.compile(
    rf"(?<![\d+])(?:\+\s?7|8|7)[\s{DASH}.]*\(?\s*\d{{3,5}}\s*\)?(?:[\s{DASH}.]*\d){{5,7}}(?!\d)"
    rf"|(?<!\d)\(\s?\d{{3,5}}\s?\)\s?\d{{1,3}}[\s{DASH}]?\d{{2}}[\s{DASH}]?\d{{2}}(?!\d)"
    rf"|(?<![\d.{DASH}])\d{{1,3}}[{DASH}]\d{{2}}[{DASH}]\d{{2}}(?:[{DASH}]\d{{2}})?(?![\d.{DASH}])"
    # a local number written in one piece: 3456787 (six or seven digits, not money, not a year)
    r"|(?<![\d.,])\d{7}(?![\d.,]?\d)(?!\s*(?:руб|р\.|₽|тыс|млн|шт|чел|м|км|кг|%))")
_PHONE_CHARS = re.compile(rf"(?<=\d)[.{DASH}](?=\d)")


def phone_numbers(text: str) -> list[Found]:
    """phonenumbers' matches (region RU) and the floor patterns, less what reads as a date."""
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
