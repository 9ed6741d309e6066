"""The words citizens look for services by: the generator's list (generator/synonyms.yaml) with what
the data folder's optional synonyms.yaml adds to it or changes.

Each entry is a concept (`target`) and the words people call it by (`words`). A data folder's entry
with the same concept (letters compared without case and ё) replaces the generator's, and one with
`words: []` removes it: a municipality knows the words its people use. Every problem is a record,
`synonym-invalid`, with the line of the entry and the field.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from generator.load.yaml_files import RawYaml, read_yaml
from generator.load.tables import UnreadableFile
from generator.problems import Report
from generator.resources import PACKAGE

DEFAULT_FILE = PACKAGE / "synonyms.yaml"
FILE = "synonyms.yaml"  # in the data folder, optional
FIELDS = ("target", "words")
FORMAT = "каждая запись начинается с «- target:» (понятие) и содержит «words: [слово, слово]»"


@dataclass(frozen=True)
class SynonymGroup:
    target: str  # the concept, as written: «дошкольное образование»
    words: tuple[str, ...]  # what people call it: «детский сад», «садик», «ясли»

    @property
    def phrases(self) -> tuple[str, ...]:
        """The concept and its words: a service matching any of them is found by all of them."""
        return (self.target, *self.words)


def key(text: str) -> str:
    """A concept as entries are compared: «Дошкольное  образование» is «дошкольное образование»."""
    return " ".join(text.lower().replace("ё", "е").split())


def synonym_groups(raw: RawYaml | None, report: Report) -> tuple[SynonymGroup, ...]:
    """The generator's list with the data folder's file (`raw`, None when there is none) applied."""
    groups = {key(g.target): g for g in default_groups()}
    if raw is not None:
        for group in checked_groups(raw, report):
            if group.words:
                groups[key(group.target)] = group
            else:
                groups.pop(key(group.target), None)
    return tuple(groups.values())


@functools.cache
def default_groups() -> tuple[SynonymGroup, ...]:
    """generator/synonyms.yaml, read once per process (a test holds it free of problems)."""
    report = Report()
    try:
        raw = read_yaml(DEFAULT_FILE, "generator/synonyms.yaml")
    except (UnreadableFile, OSError):
        return ()
    return tuple(checked_groups(raw, report)) if report.ok else ()


def checked_groups(raw: RawYaml, report: Report) -> list[SynonymGroup]:
    """The valid entries of a synonyms file; each invalid one is recorded and left out."""
    if raw.data is None:
        return []
    if not isinstance(raw.data, list):
        report.add(raw.path, None, None, "synonym-invalid", f"ожидается список записей: {FORMAT}")
        return []
    groups: list[SynonymGroup] = []
    seen: dict[str, int | None] = {}
    for index, item in enumerate(raw.data):
        line = raw.item_lines[index] if index < len(raw.item_lines) else None
        group = checked_group(raw.path, line, item, report)
        if group is None:
            continue
        first = seen.setdefault(key(group.target), line)
        if first != line:
            report.add(raw.path, line, "target", "synonym-invalid",
                       f"понятие «{group.target}» уже описано в записи строки {first}: объедините слова в одну запись")
            continue
        groups.append(group)
    return groups


def checked_group(path: str, line: int | None, item: object, report: Report) -> SynonymGroup | None:
    if not isinstance(item, dict):
        report.add(path, line, None, "synonym-invalid", f"запись — не набор полей: {FORMAT}")
        return None
    problems = len(report.problems)
    for name in item:
        if name not in FIELDS:
            report.add(path, line, str(name), "synonym-invalid",
                       f"поле «{name}» не предусмотрено: у записи только поля target (понятие) и words (слова)")
    target = item.get("target")
    if not isinstance(target, str) or not target.strip():
        report.add(path, line, "target", "synonym-invalid",
                   "не указано понятие: напишите его текстом после «target:», например «дошкольное образование»")
    words = item.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        report.add(path, line, "words", "synonym-invalid",
                   "слова — список непустых строк в квадратных скобках через запятую, например "
                   "«words: [детский сад, садик]»; пустой список «[]» отменяет понятие")
    if len(report.problems) > problems:
        return None
    return SynonymGroup(" ".join(target.split()), tuple(dict.fromkeys(" ".join(w.split()) for w in words)))
