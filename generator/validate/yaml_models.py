"""Turn pydantic's complaints about a YAML file into Russian problem records."""
from __future__ import annotations

import typing

from pydantic import BaseModel, ValidationError

from generator.load.yaml_files import RawYaml
from generator.problems import Report

MESSAGES = {  # pydantic's error types, said with how to fix them (site.yaml, period.yaml, region.yaml)
    "missing": "обязательное поле не заполнено: добавьте его",
    "string_type": "ожидается текст: заключите значение в кавычки",
    "string_too_short": "значение не может быть пустым: заполните его",
    "dict_type": "ожидается набор полей «имя: значение»",
    "model_type": "ожидается набор полей «имя: значение»",
    "list_type": "ожидается список, каждый элемент с новой строки после «- »",
}


def location(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model of the nested object at `loc` (`rate_service[1]`), whose fields an unknown key is told."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        nested = [a for a in _types(info.annotation) if isinstance(a, type) and issubclass(a, BaseModel)] if info else []
        if not nested:
            return None
        model = nested[0]
    return model


def _types(annotation) -> list:
    """`list[Point] | None` → [Point, None, …]: every type the annotation names, nested ones too."""
    args = typing.get_args(annotation)
    return [annotation, *(t for a in args for t in _types(a))]


def russian_message(error: dict, model: type[BaseModel] | None) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields) if model else ""
        return f"неизвестное поле: проверьте написание; допустимые поля: {allowed}"
    if kind == "string_pattern_mismatch":
        from generator.config import SLUG_HELP

        return f"недопустимый идентификатор «{error.get('input')}»: используйте {SLUG_HELP}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return MESSAGES.get(kind, error["msg"])


CODES = {"url_invalid": "url-invalid", "license_invalid": "license-invalid"}  # pydantic error types that have a code of their own


def code_of(error: dict) -> str:
    return CODES.get(error["type"], "yaml-invalid")


def model_problems(raw: RawYaml, exc: ValidationError, model: type[BaseModel],
                   report: Report, list_of_items: bool = False) -> None:
    for error in exc.errors():
        loc = error["loc"]
        row = None
        if list_of_items and loc and isinstance(loc[0], int) and loc[0] < len(raw.item_lines):
            row = raw.item_lines[loc[0]]
        report.add(raw.path, row, location(loc) or None, code_of(error),
                   russian_message(error, model_at(model, loc[:-1]) or model))
