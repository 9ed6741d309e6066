"""The labelled corpus (tests/privacy_corpus/): every identifier in it disappears, and the
places, organs and office streets of ordinary comments survive.

Precision on the whole corpus is printed by tools/privacy_benchmark.py, not asserted here:
it is a quality figure to watch, while a leaked identifier is a defect."""
from generator.survey.privacy import find, scrub
from tests.privacy_corpus.corpus import leaks, load

CORPUS = load()


def test_corpus_is_large_and_varied():
    with_data = [c for c in CORPUS if c.identifiers]
    without = [c for c in CORPUS if not c.identifiers]
    assert len(CORPUS) >= 300
    assert len(with_data) >= 180 and len(without) >= 100


def test_every_identifier_disappears():
    leaked = {}
    for comment in CORPUS:
        spans = [(f.start, f.end) for f in find(comment.text)]
        if words := leaks(comment, spans):
            leaked[comment.source] = (comment.text, words)
    assert not leaked, "\n".join(f"{where}: {text!r} — осталось {words}" for where, (text, words) in leaked.items())


def test_scrubbed_text_holds_no_identifier():
    for comment in CORPUS:
        cleaned = scrub(comment.text)
        for start, end in comment.identifiers:
            assert comment.text[start:end] not in cleaned, comment.source


MUST_KEEP = [
    ("Администрация города Иванова, Ивановская область", ["города Иванова", "Ивановская область"]),
    ("МФЦ на ул. Ленина работает хорошо, Управление образования тоже", ["МФЦ", "ул. Ленина", "Управление образования"]),
    ("В отделе на улице Марины Расковой очередь", ["улице Марины Расковой"]),
    ("Школа имени Пушкина получила новые учебники", ["имени Пушкина"]),
    ("Детский сад № 15 на ул. Гагарина — хорошие воспитатели", ["№ 15", "ул. Гагарина"]),
    ("Приём 9-13, кабинет 12, окно 5", ["9-13", "кабинет 12", "окно 5"]),
    ("Был 12.03.2024 в 10:30, ждал 40 минут", ["12.03.2024", "10:30", "40 минут"]),
    ("Госпошлина 350 рублей, оплатил через терминал", ["350 рублей"]),
    ("Размер субсидии 3 450 рублей в месяц, спасибо", ["3 450 рублей"]),
    ("Распоряжение от 15.04.2014 № 117-р", ["15.04.2014", "№ 117-р"]),
    ("Управление Росреестра по Ивановской области ответило быстро", ["Росреестра", "Ивановской области"]),
    ("Надежда на лучшее есть, но пока всё медленно", ["Надежда"]),
]


def test_places_organs_and_office_streets_are_kept():
    for text, keep in MUST_KEEP:
        cleaned = scrub(text)
        for part in keep:
            assert part in cleaned, f"{text!r} → {cleaned!r}: пропало «{part}»"
