"""Problems found in the input, kept as records rather than raised.

A data maintainer gets every problem at once, each with the file, row and column
where it is, a stable code to search for, and a Russian message that says how to
fix it.
"""
from __future__ import annotations

import hashlib
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

    def location(self, rows: list[int] | None = None) -> str:
        """Where it is; `rows`: every row of a group of the same problem (see Report.grouped)."""
        place = self.place(rows)
        if not place:
            return self.file
        return f"{self.file}: {place}" if self.file.endswith(".yaml") and self.column else f"{self.file}, {place}"

    def place(self, rows: list[int] | None = None) -> str:
        """Where it is inside its file: «строки 2–5, столбец «score»», «[0].id (строка 1)»; "" for the whole file."""
        rows = rows or ([self.row] if self.row is not None else [])
        where = f"строк{'а' if len(rows) == 1 else 'и'} {row_ranges(rows)}" if rows else ""
        if self.file.endswith(".yaml") and self.column:
            return self.column + (f" ({where})" if where else "")
        return ", ".join(filter(None, (where, f"столбец «{self.column}»" if self.column else "")))

    def as_text(self, rows: list[int] | None = None) -> str:
        mark = "ошибка" if self.severity == "error" else "предупреждение"
        return f"{self.location(rows)}: [{self.code}] {mark}: {self.message}"

    @property
    def same_kind(self) -> tuple:
        """What a problem repeated on many rows has the same: everything but the row."""
        return (self.file, self.column, self.code, self.message, self.severity)


_RANGES_SHOWN = 20  # a list of rows longer than this is cut, with how many rows are left out


def row_ranges(rows: list[int]) -> str:
    """`2–50, 53, 60–61` (rows sorted; consecutive ones as a range); a long list ends «… и ещё 40»."""
    ranges: list[list[int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    shown = [f"{a}–{b}" if b > a else str(a) for a, b in ranges[:_RANGES_SHOWN]]
    left = sum(b - a + 1 for a, b in ranges[_RANGES_SHOWN:])
    return ", ".join(shown) + (f" и ещё {left}" if left else "")


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
        """By place; the notes on what could not be checked last, after the problems that caused them."""
        return sorted(self.problems, key=lambda p: (p.code in NOT_CHECKED_CODES, p.file, p.row or 0,
                                                    p.column or "", p.code))

    def grouped(self) -> list[tuple[Problem, list[int]]]:
        """The same problem on many rows of a file once, with all its rows, at the place of its first:
        for people (text, CI annotations). The JSON keeps one record per row, for programs."""
        groups: dict[tuple, tuple[Problem, list[int]]] = {}
        for problem in self.sorted():
            key = problem.same_kind if problem.row is not None else (id(problem),)
            _, rows = groups.setdefault(key, (problem, []))
            if problem.row is not None:
                rows.append(problem.row)
        return list(groups.values())

    def as_text(self) -> str:
        lines = [problem.as_text(rows) for problem, rows in self.grouped()]
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

    def as_github(self, folder: str) -> str:
        """GitHub Actions workflow commands, one per group of the same problem (GitHub shows only the first
        ten errors of a step), then the text report for the log, where the commands are not shown.
        `folder`: the data folder relative to the repository root, prefixed to every file."""
        lines = []
        for problem, rows in self.grouped():
            properties = [f"file={_github_property(_repository_path(folder, problem.file))}"]
            if rows:
                properties.append(f"line={min(rows)}")
            properties.append(f"title={_github_property(problem.code)}")
            where = f"{problem.place(rows)}: " if rows or problem.column else ""
            lines.append(f"::{problem.severity} {','.join(properties)}::{_github_data(where + problem.message)}")
        return "\n".join([*lines, self.as_text()])

    def as_gitlab(self, folder: str) -> str:
        """GitLab Code Quality report (a JSON list), one entry per group of the same problem."""
        entries = []
        for problem, rows in self.grouped():
            path = _repository_path(folder, problem.file)
            where = f"{problem.place(rows)}: " if rows or problem.column else ""
            description = where + problem.message
            # the problem, not its rows: fixing one row of forty keeps the same entry in GitLab's widget
            identity = "\x1f".join((path, problem.code, problem.column or "", problem.message))
            entries.append({"description": description, "check_name": problem.code,
                            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                            "severity": "major" if problem.severity == "error" else "minor",
                            "location": {"path": path, "lines": {"begin": min(rows) if rows else 1}}})
        return json.dumps(entries, ensure_ascii=False, indent=2)


def _repository_path(folder: str, file: str) -> str:
    """A problem's file as the repository names it: `data/periods/2025/requests.csv`."""
    folder = folder.replace("\\", "/").strip("/")
    joined = f"{folder}/{file}" if folder not in ("", ".") else file
    return joined.rstrip("/") or "."


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit escapes it (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end a property."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


# Notes that a check was skipped because of a problem reported elsewhere in the report.
NOT_CHECKED_CODES = frozenset({"references-not-checked", "tables-not-checked"})


class InputError(Exception):
    """Raised when the input has errors; carries the whole report."""

    def __init__(self, report: Report):
        super().__init__(report.as_text())
        self.report = report


# Every code the checks can report, with what it means; printed on the "Формат данных" page.
PROBLEM_CODES = {
    "data-folder-missing": "папка с данными не найдена",
    "file-missing": "нет обязательного файла",
    "file-unreadable": "файл не читается: не таблица, неизвестная кодировка, ошибка разметки YAML",
    "file-duplicate": "одна таблица дана дважды (CSV и XLSX)",
    "link-outside-data": "ссылка на файл или папку вне папки данных (не читается)",
    "link-loop": "ссылка на папку, внутри которой она лежит (не читается)",
    "encoding-unknown": "в site.yaml указана неподдерживаемая кодировка (encoding)",
    "quote-unclosed": "в ячейке CSV не закрыта кавычка: следующие строки попали в одну ячейку",
    "row-length-mismatch": "в строке CSV не столько ячеек, сколько столбцов в заголовке",
    "sheet-hidden": "скрытый лист книги Excel с данными (не читается)",
    "yaml-duplicate-key": "поле YAML-файла указано дважды",
    "yaml-tag-not-allowed": "в YAML-файле недопустимый тег (например, !!python/…)",
    "references-not-checked": "ссылки на органы или услуги не проверены, потому что их перечень не прочитан (предупреждение)",
    "tables-not-checked": "таблицы периодов не проверены, потому что методика неизвестна (предупреждение)",
    "file-unknown": "файл не используется методикой (предупреждение)",
    "sheet-unknown": "лист книги Excel не используется методикой (предупреждение)",
    "survey-dates-unused": "в period.yaml даты опроса, которые методика не использует (предупреждение)",
    "table-given-twice": "одна и та же таблица органа дана и отдельным файлом, и листом книги",
    "synonym-invalid": "запись synonyms.yaml (слова для поиска услуг) заполнена неверно: нужны понятие target и список слов words",
    "license-invalid": "лицензия открытых данных (license в site.yaml) записана неверно или не из списка известных без названия и адреса",
    "url-invalid": "адрес сайта (site_url), страницы органа (website) или площадки для оценки услуг (rate_service) — не полный адрес http:// или https://",
    "yaml-invalid": "поле YAML-файла заполнено неверно или не предусмотрено",
    "methodology-unknown": "в site.yaml указана неизвестная методика",
    "period-missing": "нет ни одного отчётного периода",
    "period-name-invalid": "имя папки периода не похоже на период",
    "period-year-out-of-range": "год периода вне допустимого диапазона 2000–2100",
    "period-kind-not-allowed": "методика периода не предусматривает периоды такой длительности",
    "measures-invalid": "measures.yaml (меры и цитаты для пресс-релиза) заполнен неверно",
    "measures-unknown-organ": "в measures.yaml указан орган, которого нет в organizations.yaml",
    "header-not-first-row": "над заголовками столбцов есть другие строки (название таблицы): удалите их",
    "column-missing": "нет обязательного столбца",
    "column-duplicate": "столбец встречается дважды",
    "column-unknown": "столбец не используется (предупреждение)",
    "value-missing": "не заполнено обязательное значение",
    "not-a-number": "в числовом столбце не число",
    "not-an-integer": "количество записано не целым числом",
    "negative-count": "отрицательное количество",
    "value-out-of-range": "число вне допустимого диапазона",
    "score-out-of-range": "оценка или индекс вне шкалы 1–5",
    "bad-boolean": "не «да»/«нет»",
    "bad-enum": "значение не из списка допустимых",
    "id-bad-slug": "недопустимый идентификатор",
    "id-duplicate": "повтор идентификатора или записи",
    "id-unknown": "ссылка на неизвестный орган или услугу",
    "on-time-late-exceed-requests": "рассмотрено в срок и с нарушением срока больше, чем поступило заявлений",
    "channel-requests-exceed-requests": "заявлений через Портал госуслуг и МФЦ больше, чем всего заявлений",
    "refusals-exceed-requests": "отказов больше, чем заявлений",
    "service-not-in-period": "строка об услуге, которой нет в requests.csv периода (предупреждение)",
    "epgu-requests-not-electronic": "заявления через Портал госуслуг у услуги не в электронном виде (предупреждение)",
    # the review of citizens' comments (periods/<период>/comments_review.xlsx)
    "comments-not-reviewed": "отзывы с согласием на публикацию ещё не проверены человеком и не публикуются "
                             "(предупреждение): выполните transparency comments --period <период>",
    "comment-review-outdated": "отзыв изменился после проверки и не публикуется до новой проверки (предупреждение)",
    "comment-review-decision-invalid": "в столбце «публиковать» не «да» и не «нет» (предупреждение)",
    "comment-review-respondent-invalid": "в файле проверки отзывов не читается номер анкеты (предупреждение)",
    "comment-review-unknown-respondent": "в файле проверки отзывов анкета, которой нет в данных (предупреждение)",
    "comments-review-unreadable": "файл проверки отзывов не читается",
    # the folder for the site (transparency build --out)
    "output-is-data-folder": "папка для сайта — это папка с данными",
    "output-inside-data-folder": "папка для сайта внутри папки с данными",
    "output-contains-data-folder": "папка для сайта содержит папку с данными",
    "output-is-system-folder": "папка для сайта — корень диска, домашняя папка или папка проекта",
    "output-is-a-file": "вместо папки для сайта (или на пути к ней) — файл",
    "output-folder-foreign": "папка для сайта не пуста и не содержит сайт, собранный генератором",
    "output-not-writable": "нет прав на запись в папку для сайта",
    "output-not-readable": "папку для сайта не прочитать",
    "output-path-invalid": "путь к папке для сайта недопустим",
    "output-disk-full": "на диске нет места: сайт не записан, прежний сайт сохранён",
    "output-file-too-large": "превышен предельный размер файла: сайт не записан, прежний сайт сохранён",
    "output-write-failed": "сайт не записан из-за ошибки файловой системы, прежний сайт сохранён",
    # the site engine (transparency build --engine)
    "site-engine-missing": "программа сборки сайта, указанная в --engine, не установлена",
    "site-engine-failed": "программа сборки сайта (mkdocs или Zensical) не собрала сайт, прежний сайт сохранён",
    # how the build runs
    "workers-invalid": "переменная окружения TRANSPARENCY_WORKERS — не целое число не меньше 1",
    "pdf-invalid": "переменная окружения TRANSPARENCY_PDF — не all, latest или none",
    "chart-failed": "диаграмма не нарисована (программа vl-convert или её процесс дали ошибку), прежний сайт сохранён",
    "pdf-failed": "PDF-отчёт не сделан (программа WeasyPrint или её процесс дали ошибку), прежний сайт сохранён",
}
