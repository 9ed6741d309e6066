"""«Для прессы»: a press release per period, for every methodology, written from the figures.

What a release says comes from the methodology's spec and the period's results, never from its code:
the headline indicator (its name, unit and scale), what is rated (organs or services), the city's
figures (`results.municipal`), and the period's measures.yaml (measures taken, quotes marked for
publication). The same release is a page (press/<period>.md) and plain text to copy (press/<period>.txt).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator import text_ru
from generator.periods import Period
from generator.render.environment import one_line
from generator.render.verdict import change_words
from generator.survey.responses import period_bounds
from generator.validate.measures import Quote, published_measures

INDEX = "press/index.md"
FACTS = 5  # at most, besides the headline figure itself

# the past tense of the change verbs, by the gender (or number) of the indicator's noun
_VERBS = {"up": {"masc": "вырос", "femn": "выросла", "neut": "выросло", "plur": "выросли"},
          "down": {"masc": "снизился", "femn": "снизилась", "neut": "снизилось", "plur": "снизились"},
          "same": {"masc": "не изменился", "femn": "не изменилась", "neut": "не изменилось", "plur": "не изменились"},
          "was": {"masc": "составил", "femn": "составила", "neut": "составило", "plur": "составили"},
          "stayed": {"masc": "остался", "femn": "осталась", "neut": "осталось", "plur": "остались"}}


@dataclass
class Release:
    period: Period
    path: str  # press/<period>.md
    headline: str
    lead: str
    facts: list[str]
    measures: list[str]  # «текст (орган)»
    quotes: list[Quote]
    contact: list[str]  # «Пресс-служба: …», «Телефон: …», «Эл. почта: …»
    published: dt.date  # the data's date (measures.yaml, period.yaml), else the period's last day
    dated: bool  # was `published` given (else it is only the period's end)
    rating: str  # the rating page it comes from
    summary: str = ""  # one line for the feed
    caveat: str = ""  # what qualifies the headline's change («изменение в пределах погрешности»): the lead says it

    @property
    def text_path(self) -> str:
        return self.path.removesuffix(".md") + ".txt"


# ---- words ---------------------------------------------------------------------------------

def short_name(indicator) -> str:
    """The indicator's name without its parenthesised remarks: «Оценка качества и доступности услуги»."""
    return re.sub(r"\s*\([^)]*\)", "", indicator.name).strip()


def gender(name: str) -> str:
    """The gender (or «plur») of the phrase's head noun, which the verb agrees with."""
    for word in name.split(" "):
        nouns = [p for p in text_ru.morph().parse(word) if p.tag.POS == "NOUN" and "nomn" in p.tag]
        if nouns:
            tag = nouns[0].tag
            return "plur" if tag.number == "plur" else (tag.gender or "masc")
    return "masc"


def decimals_of(indicator) -> int:
    """As the pages print a value of this unit: percent with one decimal, counts whole, points with two."""
    return 1 if indicator.unit == "%" else (0 if indicator.unit == "count" else 2)


def value_text(value, indicator) -> str:
    if indicator.unit == "%":
        return text_ru.percent(value)
    return text_ru.number(value, decimals_of(indicator))


def change_headline(indicator, value, delta, test=None) -> str:
    """«Удовлетворённость качеством услуг выросла до 81,0 %»: the one place the change is put in words.
    A change that rounds to zero as printed is none; a change of a survey figure within the surveys' error
    (`test`, a ChangeTest, not significant) is no rise or fall either: «осталась на уровне 81,0 %
    (изменение в пределах погрешности)». Without a test (complete counts) the change is as it is.
    In one line, with its caveat in brackets: the feed's summary; a page's title is headline_and_caveat's."""
    headline, caveat = headline_and_caveat(indicator, value, delta, test)
    return f"{headline} ({caveat})" if caveat else headline


def headline_and_caveat(indicator, value, delta, test=None) -> tuple[str, str]:
    """change_headline's two parts: the headline with the figure, which a page's title shows (a line or two
    on a phone), and what qualifies the change («изменение в пределах погрешности»), which its lead says."""
    name, kind = short_name(indicator), gender(short_name(indicator))
    shown = value_text(value, indicator)
    if delta is None:
        return f"{name} {_VERBS['was'][kind]} {shown}", ""
    step = text_ru.rounded(delta, decimals_of(indicator))
    if step == 0:
        return f"{name} {_VERBS['same'][kind]} и {_VERBS['was'][kind]} {shown}", ""
    if test is not None and test.direction == "unknown":  # neither a rise nor «на уровне»: untested
        return f"{name} {_VERBS['was'][kind]} {shown}", test.wording
    if test is not None and not test.significant:
        return f"{name} {_VERBS['stayed'][kind]} на уровне {shown}", test.wording
    return f"{name} {_VERBS['up' if step > 0 else 'down'][kind]} до {shown}", ""


def names(subjects) -> str:
    """«А», «А и Б», «А, Б и В»: organs by their full names, a service in quotes with its organ in brackets."""
    shown = [f"«{a.service_name}» ({a.organization.display_name})" if a.service_id else a.organization.name
             for a in subjects]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " и " + shown[-1]


# ---- the release -----------------------------------------------------------------------------

def release(site, period: Period) -> Release:
    """The release of one period that has the city's headline figure (has_release)."""
    method = site.method_for(period)
    code = method.headline
    indicator = method.indicators[code]
    municipal = site.results.municipal.get(period.name, {})
    figure = municipal[code]
    period_data = next(p for p in site.dataset.periods if p.period == period)
    measures = published_measures(period_data)
    change = municipal.get(f"{code}_change")
    delta = change.value if change is not None else None
    if figure.value is None:
        headline, caveat = f"{short_name(indicator)}: {figure.reason or 'не оценивается'}", ""
    else:
        headline, caveat = headline_and_caveat(indicator, figure.value, delta, change.test if change is not None else None)
    ranked = ranked_by_headline(site, period, code)
    published = measures.published or period_data.published
    rating = f"rating/{period.name}.md"
    return Release(
        period=period, path=f"press/{period.name}.md", headline=measures.title or headline,
        lead=" ".join(filter(None, [caveat_sentence(caveat, indicator), lead(site, method, period, ranked)])),
        facts=facts(site, method, period, ranked, municipal),
        measures=[m.text + (f" ({site.dataset.organizations[m.organ].display_name})" if m.organ else "")
                  for m in measures.measures],
        quotes=measures.published_quotes, contact=contact(site.dataset.site),
        published=published or period_bounds(period)[1], dated=published is not None, rating=rating,
        summary=f"{headline} ({caveat})." if caveat else headline + ".", caveat=caveat)


def caveat_sentence(caveat: str, indicator) -> str:
    """«Удовлетворённость качеством услуг: изменение в пределах погрешности.»: the caveat of a headline's
    change, as the lead's first sentence, naming the figure it qualifies (the title is a line away)."""
    return _sentence(f"{short_name(indicator)}: {caveat}") if caveat else ""


def news(site, period: Period) -> tuple[str, str]:
    """A news post's title and lead (Ivanovo), from the period's press release: the title its headline (the
    key figure and its change, a line or two); the lead what qualifies the change, then the best of the
    rating."""
    item, method = release(site, period), site.method_for(period)
    code = method.headline
    ranked = ranked_by_headline(site, period, code)
    parts = [caveat_sentence(item.caveat, method.indicators[code])]
    if ranked:
        best = [a for a in ranked if a.value(code) == ranked[0].value(code)]
        parts.append(f"Лучший результат {period.label_genitive} — {names(best)}.")
    return item.headline, " ".join(p for p in parts if p)


def ranked_by_headline(site, period: Period, code: str) -> list:
    """The period's ranked subjects with a headline value, highest first."""
    return sorted((a for a in site.results.ranked(period) if a.value(code) is not None), key=lambda a: -a.value(code))


def lead(site, method, period: Period, ranked: list) -> str:
    code = method.headline
    indicator = method.indicators[code]
    parts = []
    if ranked:
        best = [a for a in ranked if a.value(code) == ranked[0].value(code)]
        worst = [a for a in ranked if a.value(code) == ranked[-1].value(code)]
        parts.append(f"По итогам мониторинга {period.label_genitive} лучший результат — {names(best)} ({indicator.symbol} {value_text(ranked[0].value(code), indicator)})"
                     + (f", самый низкий — {names(worst)} ({indicator.symbol} "
                        f"{value_text(ranked[-1].value(code), indicator)})." if worst[0] not in best else "."))
    assessed = f"В рейтинге — {text_ru.agree(len(ranked), method.rated_noun)}"
    asked = people_asked(site.results, method, period)
    if asked:
        # not text_ru.agree: pymorphy counts «5 людей», the counted form is «5 человек»
        assessed += (f", {text_ru.plural(asked, 'опрошен', 'опрошено', 'опрошено')} "
                     f"{text_ru.plural_count(asked, 'человек', 'человека', 'человек')}")
    parts.append(assessed + ".")
    return " ".join(parts)


def people_asked(results, method, period: Period) -> int:
    """How many people were asked in the period (0: nobody): the plugin's count (`respondents`) of every
    service, and of each organ none of whose services has one. Not the rated subjects' counts: an organ's
    is the sum of its services' (Baikonur), or of only the socially significant ones (Ivanovo), so
    the services count everyone once; where only organs are assessed (Kaluga, Dzerzhinsk) the organs'."""
    services = results.services_in(period)
    counted = {s.organization.id for s in services if method.respondents(s) is not None}
    return (sum(method.respondents(s) or 0 for s in services)
            + sum(method.respondents(o) or 0 for o in results.for_period(period)
                  if o.organization.id not in counted))


def facts(site, method, period: Period, ranked: list, municipal: dict) -> list[str]:
    """Three to five facts with numbers: the city's figure and its change, the other summary figures,
    the levels on the act's scale, the largest rise and fall, what was not assessed."""
    code = method.headline
    indicator = method.indicators[code]
    found = []
    figure = municipal[code]
    if figure.value is not None:
        line = f"{indicator.symbol} — {value_text(figure.value, indicator)} ({method.spec.municipal_caption})"
        if figure.interval is not None:
            line += f", с учётом погрешности опроса — {text_ru.interval_range(figure.interval, indicator.unit)}"
        change = municipal.get(f"{code}_change")
        previous = site.dataset.previous(period)
        if change is not None and change.value is not None and previous is not None:
            before = site.results.municipal[previous.name][code].value
            words = change_words(change.value, previous, indicator, method.spec.verdict.change_unit, change.test)
            line += f"; {words[:1].lower() + words[1:]} (было {value_text(before, indicator)})"
        found.append(_sentence(line))
    for other in method.summary:
        ind = method.indicators[other]
        if other != code and other in municipal and municipal[other].value is not None:
            found.append(f"{short_name(ind)} ({ind.symbol}) — {value_text(municipal[other].value, ind)} "
                         f"({method.spec.municipal_caption}).")
    found += levels(method, ranked)
    found += largest_changes(method, ranked)
    unrated = site.unrated(period)
    if unrated:
        found.append(f"Не получили оценки: {text_ru.agree(len(unrated), method.organ_noun)} "
                     "(причины указаны в рейтинге).")
    return found[:FACTS]


def levels(method, ranked: list) -> list[str]:
    """«По шкале методики: „Высокий“ — 4 органа, „Средний“ — 6 органов.»"""
    counts: dict[str, int] = {}
    for a in ranked:
        band = a.figures[method.headline].band
        if band is not None:
            counts[band.word] = counts.get(band.word, 0) + 1
    if len(counts) < 2:
        return []
    return ["По шкале методики: " + ", ".join(f"«{label}» — {text_ru.agree(n, method.rated_noun)}"
                                              for label, n in counts.items()) + "."]


def largest_changes(method, ranked: list) -> list[str]:
    """The largest rise and the largest fall of the headline figure against the previous period. A change
    of a survey figure counts only when its test finds it more than the surveys' error: a fact never calls
    noise a rise or a fall («Наибольший значимый рост»)."""
    code = method.headline
    indicator = method.indicators[code]
    subjects = [(a, a.figures[f"{code}_change"]) for a in ranked if f"{code}_change" in a.figures]
    tested = any(f.test is not None for _, f in subjects)
    # in a rating whose changes are tested, one without a test (its survey error unknown) is not «значимый»
    changes = [(a, f.value) for a, f in subjects if f.value is not None
               and (f.test is not None and f.test.significant if tested else True)]
    unit = "п.\u00a0п." if indicator.unit == "%" else method.spec.verdict.change_unit
    step = decimals_of(indicator)
    found = []
    rise = max(changes, key=lambda c: c[1], default=None)
    if rise and text_ru.rounded(rise[1], step) > 0:
        said = "Наибольший значимый рост" if tested else "Больше всего улучшил результат"
        found.append(_sentence(f"{said}: {names([rise[0]])}, {text_ru.signed(rise[1], step, unit)}"))
    fall = min(changes, key=lambda c: c[1], default=None)
    if fall and text_ru.rounded(fall[1], step) < 0:
        said = "Наибольшее значимое снижение" if tested else "Больше всего снизился результат"
        found.append(_sentence(f"{said}: {names([fall[0]])}, {text_ru.signed(fall[1], step, unit)}"))
    return found


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."  # «п. п.» ends with its own full stop


def contact(site_config) -> list[str]:
    """site.yaml `press:`, else the publisher's own contacts."""
    who = site_config.press or site_config.publisher
    lines = [f"Контакт для прессы: {who.name}"]
    if who.phone:
        lines.append(f"Телефон: {who.phone}")
    if who.email:
        lines.append(f"Эл. почта: {who.email}")
    return lines


def measures_fields() -> list[tuple[str, str]]:
    """The fields of measures.yaml with their descriptions, for «Формат данных»."""
    from generator.render.fields import model_fields
    from generator.validate.measures import Measures

    return model_fields(Measures)


# ---- the pages -------------------------------------------------------------------------------

def releases(site) -> list[Release]:
    """Every period's release, newest first."""
    return [release(site, p) for p in reversed(site.periods) if has_release(site, p)]


def has_release(site, period: Period) -> bool:
    return site.method_for(period).headline in site.results.municipal.get(period.name, {})


def nav_items(site) -> list:
    return [{"Для прессы": [{"Пресс-релизы": INDEX},
                            *({f"Пресс-релиз {p.label_genitive}": f"press/{p.name}.md"}
                              for p in reversed(site.periods) if has_release(site, p))]}]


def pages(site) -> list[Release]:
    """press/<period>.md and .txt for every period, and press/index.md; the releases, for the feed."""
    written = releases(site)
    for item in written:
        method = site.method_for(item.period)
        site.page(item.path, "pages/press.md.j2", method=method, release=item)
        site.bundle.add(item.text_path, plain_text(item, site.dataset.site.municipality))
    site.page(INDEX, "pages/press_index.md.j2", releases=written)
    return written


def plain_text(item: Release, municipality: str) -> str:
    """The release as text to paste into a newsroom's system: no markup, one paragraph a block."""
    lines = [f"ПРЕСС-РЕЛИЗ · {municipality}"]
    if item.dated:
        lines.append(text_ru.date(item.published))
    lines += ["", item.headline, "", item.lead, ""]
    lines += [f"— {fact}" for fact in item.facts]
    if item.measures:
        lines += ["", "Принятые меры:"] + [f"— {m}" for m in item.measures]
    for quote in item.quotes:
        lines += ["", f"«{quote.text}» — {quote.author}"]
    lines += [""] + item.contact
    return "\n".join(one_line(line) for line in lines) + "\n"  # a line stays one whatever the data holds
