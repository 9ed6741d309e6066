"""YAML reading that keeps the line of each list item, for error messages.

Only plain data is accepted: text, numbers, dates, lists and mappings. A key written twice is
refused (the YAML library would silently keep the last one), and so is any tag that asks for a
Python object.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.load.tables import UnreadableFile, decode

_YAML_PROBLEMS = {
    "mapping values are not allowed here": "двоеточие в неожиданном месте: лишний отступ или значение с двоеточием без кавычек",
    "could not find expected ':'": "после имени поля нет двоеточия",
    "found character '\\t' that cannot start any token": "символ табуляции: используйте для отступов пробелы",
    "expected <block end>, but found '-'": "элемент списка «- » с неверным отступом",
    "found undefined alias": "неизвестная ссылка «*»: заключите значение в кавычки",
    "expected <block end>, but found": "значение не на своём месте: вероятно, выше не закрыта кавычка или неверен отступ",
    "found duplicate anchor": "метка «&» указана дважды: заключите значение в кавычки",
    "found unhashable key": "имя поля — список или набор полей: имя поля должно быть текстом",
    "expected a single document": "в файле несколько документов (разделитель «---»): оставьте один",
}
_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '(?P<tag>[^']*)'")


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names the same key twice."""


class _DataLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first_lines: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *base` may override keys on purpose
                key = self.construct_object(key_node, deep=True)
                try:
                    line = first_lines.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:
                    continue  # an unhashable key: SafeLoader reports it itself
                if line != key_node.start_mark.line + 1:
                    raise DuplicateKey(None, None, f"поле «{key}» указано дважды (впервые в строке {line})",
                                       key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


@dataclass
class RawYaml:
    path: str
    data: object
    item_lines: list[int] = field(default_factory=list)  # line of each top-level list item
    node: yaml.Node | None = field(default=None, repr=False, compare=False)  # the parsed file, for line_of

    def line_of(self, loc: tuple) -> int | None:
        """The line of the value at `loc` (`("measures", 1, "organ")`, as pydantic names a place): of the
        deepest part of it that is in the file (a missing field: the line of the item it is missing from)."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(part)), None)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def read_yaml(path: Path, shown_as: str, encoding: str | None = None) -> RawYaml:
    text = decode(path.read_bytes(), encoding)
    loader = _DataLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _unreadable(exc) from exc
    except RecursionError as exc:  # thousands of nested brackets exhaust the parser's stack
        raise UnreadableFile("слишком глубокая вложенность списков или полей: в файлах данных достаточно "
                             "нескольких уровней; проверьте скобки [ ] и { }") from exc
    finally:
        loader.dispose()
    lines = []
    if isinstance(node, yaml.SequenceNode):
        lines = [item.start_mark.line + 1 for item in node.value]
    return RawYaml(shown_as, data, lines, node)


def _unreadable(exc: yaml.YAMLError) -> UnreadableFile:
    mark = getattr(exc, "problem_mark", None)
    where = f" (строка {mark.line + 1}, позиция {mark.column + 1})" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, DuplicateKey):
        return UnreadableFile(f"повтор поля{where}: {problem}; оставьте одно из значений",
                              code="yaml-duplicate-key")
    if tag := _UNKNOWN_TAG.match(problem):
        shown = tag["tag"].replace("tag:yaml.org,2002:", "!!")
        return UnreadableFile(f"недопустимый тег «{shown}»{where}: в файлах данных допускаются только текст, "
                              "числа, даты, списки и поля «имя: значение»; удалите тег или заключите значение "
                              "в кавычки", code="yaml-tag-not-allowed")
    problem = next((ru for en, ru in _YAML_PROBLEMS.items() if problem.startswith(en)), problem)
    return UnreadableFile(f"ошибка разметки YAML{where}: {problem}; проверьте отступы и двоеточия")
