"""How people write the values of lists (enum columns) and yes/no cells, besides the code and the Russian
label, which are always accepted.

A spelling is compared with a cell without case, ё/е, punctuation and extra spaces, and then by the
dictionary forms of its words (pymorphy3): «на официальном сайте» is «официальный сайт». A spelling that
fits two values of one column is accepted for neither (the cell gets the error listing the values).

ENUM is keyed by column and code, not by label: a methodology may reword a label, a code stays. The list
is shared by every methodology — «сайт» is a website whatever the methodology — and an entry counts only
in a column that has that code; a plugin adds its own words with `Column(spellings={code: (...)})`. Kept as
Python data rather than YAML: it ships with the code (no package data), and YAML 1.1 would read the
spellings `yes`, `no`, `n` as booleans.
"""
from __future__ import annotations

ENUM: dict[str, dict[str, tuple[str, ...]]] = {
    "channel": {
        "website": ("сайт", "официальный сайт", "сайт администрации", "интернет-сайт", "опрос на сайте"),
        "internet": ("сайт", "опрос на сайте", "интернет", "опросный модуль"),
        "phone": ("телефон", "по телефону", "опрос по телефону", "телефонный"),
        "in_person": ("личный приём", "на приёме", "лично", "очно"),
        "mfc": ("мфц", "в мфц"),
        "pos": ("пос", "платформа обратной связи"),
        "qr": ("qr", "qr-код", "по qr-коду"),
        "terminal": ("терминал",),
        "questionnaire": ("анкета", "анкеты"),
    },
    "criterion": {
        "work": ("работа", "качество работы", "работа органа"),
        "time": ("сроки", "сроки предоставления", "временные характеристики"),
        "information": ("информирование", "информация", "информированность", "качество информации"),
        "queue": ("очередь", "ожидание в очереди"),
        "politeness": ("вежливость", "компетентность"),
        "comfort": ("комфортность", "комфорт"),
    },
    "amendment": {
        "в_срок": ("в срок", "своевременно", "в течение месяца"),
        "с_опозданием": ("с опозданием", "несвоевременно", "с нарушением срока"),
        "не_внесены": ("не внесены", "не вносились"),
        "не_требовалось": ("не требовалось", "не требуются", "изменений не было"),
    },
}

# the yes/no cells: True → its spellings, False → its spellings
BOOLEAN: dict[bool, tuple[str, ...]] = {
    True: ("да", "д", "yes", "y", "true", "1", "есть", "имеется"),
    False: ("нет", "н", "no", "n", "false", "0", "отсутствует", "не имеется"),
}
