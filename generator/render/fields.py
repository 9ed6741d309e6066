"""The fields of the data files' models with their descriptions, for the page «Формат данных» and the
press kit's measures.yaml: the models (generator/config.py) are the one place they are described."""
from __future__ import annotations

import typing

from pydantic import BaseModel


def period_fields() -> list[tuple[str, str]]:
    """The fields of period.yaml with their descriptions, from the model (nested ones as `survey.completed`)."""
    from generator.config import PeriodConfig

    return model_fields(PeriodConfig)


def model_fields(model, prefix: str = "") -> list[tuple[str, str]]:
    rows = []
    for name, info in model.model_fields.items():
        rows.append((prefix + name, info.description + (" (обязательно)" if prefix and info.is_required() else "")))
        nested = [a for a in typing.get_args(info.annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        for sub in nested:
            rows += model_fields(sub, f"{prefix}{name}.")
    return rows
