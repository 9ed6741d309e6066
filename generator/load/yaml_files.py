"""YAML reading that keeps the line of each list item, for error messages."""
from __future__ import annotations

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
}


@dataclass
class RawYaml:
    path: str
    data: object
    item_lines: list[int] = field(default_factory=list)  # line of each top-level list item


def read_yaml(path: Path, shown_as: str) -> RawYaml:
    text = decode(path.read_bytes())
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (строка {mark.line + 1}, позиция {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        problem = next((ru for en, ru in _YAML_PROBLEMS.items() if problem.startswith(en)), problem)
        raise UnreadableFile(f"ошибка разметки YAML{where}: {problem}; проверьте отступы и двоеточия") from exc
    lines = []
    if isinstance(node, yaml.SequenceNode):
        lines = [item.start_mark.line + 1 for item in node.value]
    return RawYaml(shown_as, data, lines)
