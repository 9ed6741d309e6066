"""The personal-data scrubber on generated comments: identifiers in Russian spellings, set in
ordinary Russian words, never survive `scrub`; scrubbing twice changes nothing; ordinary text is
kept as written; and the scrubbed text carries no markup character the comment did not have.

The words around an identifier come from a vocabulary of what citizens write about a service
(no places, streets or staff titles, which the scrubber reads as context on purpose).
"""
import re

from hypothesis import example, given
from hypothesis import strategies as st

from generator.survey.privacy import MARKS, find, scrub
from tests.strategies import examples

ORDINARY = ("очередь", "долго", "ждали", "документы", "приняли", "быстро", "спасибо", "талон", "вежливо",
            "справку", "выдали", "вовремя", "запись", "удобно", "нужно", "было", "прийти", "снова", "всё",
            "хорошо", "плохо", "услуга", "заявление", "ответ", "пришёл", "через", "неделю", "никто", "не",
            "отвечает", "сайт", "работает", "помогли", "разобраться", "объяснили", "подробно", "очень",
            "довольна", "доволен", "бланк", "заполнить", "копию", "паспорта", "принесли", "мне", "нам", "и",
            "в", "на", "по", "с", "за", "без", "отказали", "почему", "непонятно", "жалоба", "решили", "вопрос")
PUNCTUATION = ("", "", "", ",", ".", "!", "?", ":", " —")
MARKUP = "<>&*_`#|[]\\"


@st.composite
def ordinary_text(draw, min_size=1, max_size=12):
    """Words of a comment with punctuation after some; a sentence may start with a capital."""
    words = draw(st.lists(st.sampled_from(ORDINARY), min_size=min_size, max_size=max_size))
    out = []
    for index, word in enumerate(words):
        if index == 0 and draw(st.booleans()):
            word = word.capitalize()
        out.append(word + draw(st.sampled_from(PUNCTUATION)))
    return " ".join(out)


def embedded(identifier: st.SearchStrategy) -> st.SearchStrategy:
    """(text, identifier): the identifier (or the first of its pair) set between two runs of ordinary words."""
    def joined(parts):
        before, found, after = parts
        written = found if isinstance(found, str) else found[0]
        return " ".join(part for part in (before, written, after) if part), found

    return st.tuples(ordinary_text(0, 6), identifier, ordinary_text(0, 6)).map(joined)


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=count, max_size=count)


# ---- phones -------------------------------------------------------------------------

@st.composite
def phones(draw) -> str:
    """A Russian number as people write it: mobile or city code after +7 or 8, grouped or solid."""
    code = draw(st.one_of(digits(2).map(lambda d: "9" + d), st.sampled_from(["4932", "3843", "495", "812", "343"])))
    number = draw(digits(10 - len(code)))
    prefix = draw(st.sampled_from(["+7", "8", "+7 ", "8 ", "8-"]))
    groups = [number[:-4], number[-4:-2], number[-2:]]
    shape = draw(st.sampled_from(["spaces", "dashes", "brackets", "solid"]))
    if shape == "solid":
        return f"{prefix.strip(' -')}{code}{number}"
    if shape == "brackets":
        return f"{prefix}({code}) {'-'.join(groups)}"
    joiner = " " if shape == "spaces" else "-"
    return prefix + ("" if prefix.endswith(("-", " ")) else joiner) + joiner.join([code, *groups])


def leaked(identifier: str, text: str, run: int = 4) -> bool:
    """Does a run of `run` digits of the identifier survive in the text's digits?"""
    own, left = re.sub(r"\D", "", identifier), re.sub(r"\D", "", text)
    return any(own[i:i + run] in left for i in range(len(own) - run + 1))


@examples(60)
@given(embedded(phones()))
def test_a_phone_number_in_any_russian_spelling_never_survives(case):
    text, phone = case
    scrubbed = scrub(text)
    assert not leaked(phone, scrubbed), (text, scrubbed)


# ---- e-mails and cards ----------------------------------------------------------------

LOCAL = st.from_regex(r"[a-z][a-z0-9]{1,8}([._][a-z0-9]{1,6})?", fullmatch=True)
DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "example.org", "bk.ru", "list.ru", "rambler.ru", "inbox.ru")


@examples(40)
@given(embedded(st.tuples(LOCAL, st.sampled_from(DOMAINS)).map("@".join)))
def test_an_email_address_never_survives(case):
    text, address = case
    scrubbed = scrub(text)
    # the mark's own letters are no leak: «ai» of «ai@mail.ru» is in «[e-mail скрыт]»
    left = scrubbed.replace(MARKS["email"], " ")
    assert address.split("@")[0] not in left and address.split("@")[1] not in left, (text, scrubbed)


def luhn_completed(body: str) -> str:
    """`body` with the check digit that makes it pass the Luhn check, as every card number does."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


@st.composite
def cards(draw) -> str:
    number = luhn_completed(draw(st.sampled_from("2456")) + draw(digits(14)))
    joiner = draw(st.sampled_from(["", " ", "-"]))
    return joiner.join(number[i:i + 4] for i in range(0, 16, 4))


@examples(40)
@given(embedded(cards()))
def test_a_card_number_never_survives(case):
    text, card = case
    scrubbed = scrub(text)
    assert not leaked(card, scrubbed), (text, scrubbed)


# ---- names ----------------------------------------------------------------------------

PEOPLE = (("Анна", "Сергеевна", "Смирнова"), ("Иван", "Петрович", "Кузнецов"), ("Ольга", "Николаевна", "Морозова"),
          ("Сергей", "Иванович", "Соколов"), ("Татьяна", "Викторовна", "Попова"), ("Дмитрий", "Андреевич", "Лебедев"),
          ("Елена", "Владимировна", "Козлова"), ("Михаил", "Юрьевич", "Новиков"), ("Наталья", "Олеговна", "Волкова"),
          ("Алексей", "Павлович", "Фёдоров"))


@st.composite
def names(draw) -> tuple[str, tuple[str, ...]]:
    """A person as a comment names him: (the written name, the words that must not survive)."""
    first, patronymic, surname = draw(st.sampled_from(PEOPLE))
    shape = draw(st.sampled_from(["full", "first patronymic", "surname initials", "initials surname", "first surname"]))
    written = {"full": f"{surname} {first} {patronymic}", "first patronymic": f"{first} {patronymic}",
               "surname initials": f"{surname} {first[0]}. {patronymic[0]}.",
               "initials surname": f"{first[0]}. {patronymic[0]}. {surname}",
               "first surname": f"{first} {surname}"}[shape]
    return written, tuple(w for w in (first, patronymic, surname) if w in written)


@examples(40)
@given(embedded(names()))
def test_a_persons_name_never_survives(case):
    text, (written, words) = case
    scrubbed = scrub(text)
    for word in words:
        assert not re.search(rf"(?<!\w){word}(?!\w)", scrubbed), (text, scrubbed)


@examples(10)
@example(("Долго", ("Иван", "Петрович", "Кузнецов"), "Документы не принимал"))
@given(st.tuples(st.sampled_from(["Долго", "Очень", "Грубо", "Вежливо"]), st.sampled_from(PEOPLE),
                 st.sampled_from(["Документы не принимал", "Очередь большая", "Всё объяснила"])))
def test_a_surname_with_initials_between_capitalised_words_never_survives(case):
    before, (first, patronymic, surname), after = case
    text = f"{before} {surname} {first[0]}. {patronymic[0]}. {after}"
    assert not re.search(rf"(?<!\w){surname}(?!\w)", scrub(text)), (text, scrub(text))


# ---- everything at once -------------------------------------------------------------------

IDENTIFIERS = st.one_of(phones(), cards(), st.tuples(LOCAL, st.sampled_from(DOMAINS)).map("@".join),
                        names().map(lambda n: n[0]))


@st.composite
def comments(draw) -> str:
    """Ordinary words and identifiers, a word or more between two identifiers."""
    parts = [draw(ordinary_text(0, 3))]
    for identifier in draw(st.lists(IDENTIFIERS, max_size=4)):
        parts += [identifier, draw(ordinary_text(1, 3))]
    return " ".join(p for p in parts if p)


@examples(40)
@given(comments())
def test_scrubbing_twice_changes_nothing(text):
    once = scrub(text)
    assert scrub(once) == once, (text, once)


@examples(30)
@example("+7 912 345 67 89", "4276 1234 5678 9013")
@given(phones(), cards())
def test_a_phone_and_a_card_side_by_side_never_survive(phone, card):
    text = f"звоните {phone} {card}"
    scrubbed = scrub(text)
    assert not leaked(phone, scrubbed) and not leaked(card, scrubbed), (text, scrubbed)
    assert scrub(scrubbed) == scrubbed


@examples(60)
@given(ordinary_text())
def test_a_comment_without_personal_data_is_kept_as_written(text):
    assert scrub(text) == text and find(text) == []


MARKUP_TEXT = st.lists(st.one_of(ordinary_text(1, 4), IDENTIFIERS, st.sampled_from(list(MARKUP)),
                                 st.sampled_from(["<b>", "**", "[ссылка](http://x)", "&amp;", "`код`", "# "])),
                       min_size=1, max_size=6).map(" ".join)


@examples(40)
@given(MARKUP_TEXT)
def test_the_scrubbed_text_never_grows_a_markup_character(text):
    """Beyond the brackets of its own marks («[имя скрыто]»), scrubbing adds no <, >, &, *, _ … to a comment."""
    scrubbed = scrub(text)
    bare = scrubbed
    for mark in MARKS.values():
        bare = bare.replace(mark, "")
    for char in MARKUP:
        assert bare.count(char) <= text.count(char), (char, text, scrubbed)
