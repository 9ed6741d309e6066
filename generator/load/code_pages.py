"""Which Cyrillic code page a file that is not UTF-8 was saved in.

A municipality's tables come from Excel on Windows: UTF-8 or Windows-1251. KOI8-R, CP866 and Mac
Cyrillic still turn up from old systems, but rarely. So the file is read as Windows-1251, as an
official opening it would, unless that reading shows what no Russian text holds and another code
page reads cleaner. A statistical detector (charset-normalizer) has too little to go on in a short
table: it read «Наименование муниципальной услуги,№ п/п» saved in Windows-1251 as Mac Cyrillic,
«Ќаименование…», «є п/п» — the two code pages share the small letters and differ in the capitals.
"""
from __future__ import annotations

import re

# the order is the preference when two readings are equally clean: Windows-1251 first
CYRILLIC_CODE_PAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
_SAMPLE = 1 << 16  # bytes judged: a reading that is wrong is wrong from the first capital letter

# What a wrong code page makes of Russian text: letters and signs Russian does not use (Ќ, є, ╨, ¤),
# a capital right after a small letter («нБЙНЕОПЧБОЙЕ», KOI8-R read as Windows-1251), a typographic
# sign glued to a letter («…слуга», Mac Cyrillic read as Windows-1251), Cyrillic glued to Latin.
_ODD = re.compile(r"[^\x00-\x7fА-Яа-яЁё«»„“”‘’–—…№§°±×·•€™©®\s]|[а-яё][А-ЯЁ]|[…•–—™€§°±×·©®][А-Яа-яЁё]"
                  r"|[А-Яа-яЁё][A-Za-z]|[A-Za-z][А-Яа-яЁё]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def likeliest_reading(data: bytes) -> str | None:
    """The text of `data` in the Cyrillic code page that reads it most like Russian, Windows-1251
    on a tie; None when every reading is mostly garbage (the file is in some other encoding)."""
    for code_page in code_pages_to_try(data):
        try:
            return data.decode(code_page)
        except UnicodeDecodeError:
            continue  # a byte past the sample this code page does not have
    return None


def code_pages_to_try(data: bytes) -> list[str]:
    """The code pages `likeliest_reading` tries on the whole of `data`, cleanest reading of its
    beginning first; empty when the cleanest is a quarter garbage (not Russian in any code page).
    Judged on the sample alone, so a big file can be transcoded a piece at a time (load/big_csv.py)."""
    readings = []
    for order, code_page in enumerate(CYRILLIC_CODE_PAGES):
        try:
            sample = data[:_SAMPLE].decode(code_page)
        except UnicodeDecodeError:
            continue  # Windows-1251 has no character for byte 0x98
        readings.append((len(_ODD.findall(sample)), order, code_page, sample))
    chosen = []
    for odd, _, code_page, sample in sorted(readings):
        if odd * 4 > len(_NOT_ASCII.findall(sample)):
            break  # this reading is a quarter garbage: not Russian in this nor any later code page
        chosen.append(code_page)
    return chosen
