"""Problems found in the input, kept as records rather than raised.

A data maintainer gets every problem at once, each with the file, row and column
where it is, a stable code to search for, and a Russian message that says how to
fix it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    code: str
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец «{self.column}»")
        return ", ".join(parts)

    def as_text(self) -> str:
        mark = "ошибка" if self.severity == "error" else "предупреждение"
        return f"{self.location()}: [{self.code}] {mark}: {self.message}"


@dataclass
class Report:
    """Everything found wrong with one data folder."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, row: int | None, column: str | None, code: str,
            message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(file, row, column, code, message, severity))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.code))

    def as_text(self) -> str:
        lines = [p.as_text() for p in self.sorted()]
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        from generator.text_ru import plural_count

        if not self.problems:
            return "Проверка пройдена: ошибок нет."
        return (f"Найдено: {plural_count(len(self.errors), 'ошибка', 'ошибки', 'ошибок')}, "
                f"{plural_count(len(self.warnings), 'предупреждение', 'предупреждения', 'предупреждений')}.")

    def as_json(self) -> str:
        return json.dumps(
            {"ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
             "problems": [asdict(p) for p in self.sorted()]},
            ensure_ascii=False, indent=2)


class InputError(Exception):
    """Raised when the input has errors; carries the whole report."""

    def __init__(self, report: Report):
        super().__init__(report.as_text())
        self.report = report
