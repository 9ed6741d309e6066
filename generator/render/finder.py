"""«Найти услугу»: every service of services.csv by sector and organ, where its figures are, and the
words citizens look for it by (validate/synonyms.py).

A service is found by a synonym group's words when its name or its organ's sector holds one of the
group's phrases: every word of the phrase, in any of its forms (pymorphy3's dictionary form) and in
any order — «дошкольное образование» is in «… программы дошкольного образования», «детский сад» in
«… в местах в детских садах». Prepositions and conjunctions do not count («на», «и»).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.text_ru import morph

WORD = re.compile(r"[0-9a-zа-я]+")  # of a text lowered, ё written е
NOT_COUNTED = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})


def normalised(text: str) -> str:
    """As the finder's script compares words: lower case, ё as е."""
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str | None:
    """The dictionary form of a (normalised) word, or None for a word that does not count."""
    parse = morph().parse(word)[0]
    if parse.tag.POS in NOT_COUNTED:
        return None
    return normalised(parse.normal_form)


def lemmas(text: str) -> frozenset[str]:
    return frozenset(filter(None, (lemma(w) for w in WORD.findall(normalised(text)))))


class Synonyms:
    """The phrases each text is found by, from the dataset's synonym groups."""

    def __init__(self, groups):
        self.groups = [(group, [ls for ls in map(lemmas, group.phrases) if ls]) for group in groups]

    def groups_for(self, *texts: str) -> list:
        """Every group one of whose phrases is in one of `texts` (all its words in the same text)."""
        found = [lemmas(text) for text in texts]
        return [group for group, sets in self.groups if any(s <= text for s in sets for text in found)]

    def words_for(self, *texts: str) -> list[str]:
        """The phrases of `groups_for(*texts)`, as written."""
        return list(dict.fromkeys(phrase for group in self.groups_for(*texts) for phrase in group.phrases))


@dataclass
class FinderService:
    name: str
    page: str | None  # its own page (methodologies that assess services), else None: its organ's is the place
    when: str  # the period of its own page when it is not its organ's: «оценка за …»; else ""
    concepts: str  # the indexes in Finder.concepts of the groups it is looked for by: "3 7"


@dataclass
class FinderOrgan:
    organization: object  # config.Organization
    page: str  # its latest report, else its page of all periods
    period: object | None  # Period of that report (None: the organ's page)
    services: list[FinderService]

    @property
    def where(self) -> str:
        return "Страница органа" if self.period is None else f"Отчёт органа {self.period.label_genitive}"

    @property
    def own_pages(self) -> bool:
        return any(s.page for s in self.services)


@dataclass
class Finder:
    """The page's content: sector → its organs, each with its services; the synonym groups the
    services name, each once (its phrases written as the script compares them)."""
    sectors: dict[str, list[FinderOrgan]]
    concepts: list[list[str]]

    @property
    def concepts_json(self) -> Markup:
        """The table for the page's <script type="application/json">: UTF-8 (a third of \\u escapes'
        size), and no «<», «>» or «&» that could end the script (words come from a data folder)."""
        text = json.dumps(self.concepts, ensure_ascii=False, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    @property
    def total(self) -> int:
        return sum(len(o.services) for organs in self.sectors.values() for o in organs)


def finder_page(site, synonyms: Synonyms) -> Finder:
    """Sectors and organs in the order of organizations.yaml, services in the order of services.csv.
    `site` is the SiteRenderer, after every other page is made (links go only to pages that exist).
    A service's groups are those of its name and its organ's sector; the page names each group once
    and a service by its indexes (a table, not every phrase again on each of hundreds of services)."""
    services = site.dataset.services
    by_organ: dict[str, list[tuple[str, str]]] = {}
    for organ, service_id, name in zip(services["organization_id"], services["service_id"], services["name"]):
        by_organ.setdefault(organ, []).append((service_id, name))
    index: dict[object, int] = {}  # a synonym group → its place in concepts
    concepts: list[list[str]] = []
    sectors: dict[str, list[FinderOrgan]] = {}
    for organization in site.dataset.organizations.values():
        if organization.id not in by_organ:
            continue
        page, period = organ_figures(site, organization.id)
        found = []
        for service_id, name in by_organ[organization.id]:
            groups = synonyms.groups_for(name, organization.sector)
            for group in groups:
                if group not in index:
                    index[group] = len(concepts)
                    concepts.append(list(dict.fromkeys(map(normalised, group.phrases))))
            own = own_page(site, organization.id, service_id)
            when = "" if own is None or own[1] == period else f"оценка {own[1].label_genitive}"
            found.append(FinderService(name, own[0] if own else None, when, " ".join(str(index[g]) for g in groups)))
        sectors.setdefault(organization.sector, []).append(FinderOrgan(organization, page, period, found))
    return Finder(sectors, concepts)


def own_page(site, organization_id: str, service_id: str):
    """(page, its period) of the service's latest page, if its methodology made one; else None."""
    for assessment in reversed(site.results.history(organization_id, service_id)):
        if assessment.page in site.bundle.files:
            return assessment.page, assessment.period
    return None


def organ_figures(site, organization_id: str):
    """(page, its period): the organ's latest report, else (its page of all periods, None)."""
    for assessment in reversed(site.results.history(organization_id)):
        if assessment.page in site.bundle.files:
            return assessment.page, assessment.period
    return f"organs/{organization_id}/index.md", None


def organ_search_tags(dataset, synonyms: Synonyms) -> dict[str, list[str]]:
    """organ id → the tags of its page: its services' names, then a tag for each concept they are
    looked for by, its phrases together («дошкольное образование · детский сад · садик · ясли»: the
    theme shows every tag of a result; a tag a phrase would be dozens). Escaped: the theme's search
    prints tags as HTML."""
    names: dict[str, list[str]] = {}
    for organ, name in zip(dataset.services["organization_id"], dataset.services["name"]):
        names.setdefault(organ, []).append(name)
    sectors = {o.id: o.sector for o in dataset.organizations.values()}
    return {organ: [str(escape(tag)) for tag in dict.fromkeys([*found, *(
        " · ".join(g.phrases) for g in synonyms.groups_for(*found, sectors.get(organ, "")))])]
        for organ, found in names.items()}
