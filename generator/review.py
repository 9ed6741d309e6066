"""A person decides which comments are published: the review workbook of a period.

`transparency comments --data DIR --period P` writes `periods/<P>/comments_review.xlsx` with one
row per comment whose author agreed to publish it: the period, the service, the number of the
questionnaire, the comment as written, the comment after generator.survey.privacy.scrub, and the
column «публиковать» (да/нет, a drop-down list, empty until someone decides). The workbook is
kept in the data folder beside responses.csv, so the decision travels with the data.

A comment is published only when all three hold:
- its author agreed (responses.csv, column publish);
- its row in the workbook says «да»;
- the comment in the workbook is still the comment in the data (a comment edited after the
  review has not been reviewed: what a person approved is not what would be published).

`approved_comments` gives the questionnaire numbers that may be published; `check_review` adds
to the report what a maintainer must do: consented comments not reviewed yet
(`comments-not-reviewed`), approvals of a comment that changed since
(`comment-review-outdated`), unreadable decisions and rows of unknown questionnaires.
They are warnings, not errors: none of them publishes anything — the comment just stays off
the site until a person approves it — and the rest of the period's results must not wait for
the review of its comments. Only a workbook that cannot be read at all is an error: then
nobody can tell what was decided, and the maintainer must repair or delete it.
Writing the workbook again keeps every decision whose comment has not changed.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator.problems import Report
from generator.survey.responses import consent, publishable

REVIEW_FILE = "comments_review.xlsx"
SHEET = "Отзывы"
DECISION = "публиковать"
HEADERS = ("Период", "Услуга", "Номер анкеты", "Отзыв, как написан", "Отзыв после удаления персональных данных",
           DECISION)
_YES, _NO = "да", "нет"
CONSENT = "_consent"  # the respondent's own consent, kept when `publish` is narrowed to approved comments
_WIDTHS = (10, 40, 12, 60, 60, 14)
# characters an .xlsx cannot hold (control characters other than tab and line breaks)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ReviewRow:
    row: int  # line in the workbook, for messages
    respondent: int | None
    original: str
    decision: bool | None  # True «да», False «нет», None not decided
    raw_decision: str  # what the cell holds, for the message when it is neither


@dataclass(frozen=True)
class Written:
    path: Path
    comments: int  # rows written
    decided: int  # of them, rows whose earlier decision was kept


class ReviewUnreadable(Exception):
    """The workbook cannot be read; the message says why, in Russian."""


def review_path(period_folder: Path) -> Path:
    return period_folder / REVIEW_FILE


def same_text(a: str | None, b: str | None) -> bool:
    """Equal up to spacing and line breaks, which a spreadsheet program may change."""
    return _normal(a) == _normal(b)


def _normal(text: str | None) -> str:
    return " ".join(_ILLEGAL.sub("", str(text or "")).split())


def consented(responses: pd.DataFrame) -> pd.DataFrame:
    """The rows whose comment its author agreed to publish, by questionnaire number (the consent as
    given, also after apply_review has narrowed `publish` to the approved comments)."""
    if responses is None or responses.empty or "respondent" not in responses:
        return pd.DataFrame(columns=["respondent", "service_id", "comment", "publish"])
    if CONSENT in responses:
        responses = responses.assign(publish=responses[CONSENT])
    return responses[publishable(responses)].sort_values("respondent")


# --- writing -----------------------------------------------------------------------------

def write_review(period_folder: Path, period: str, responses: pd.DataFrame,
                 service_names: dict[str, str]) -> Written:
    """Write (or rewrite) the review workbook of a period; earlier decisions on unchanged comments stay."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from generator.survey.privacy import scrub  # its dictionaries: only for the command that writes the workbook

    path = review_path(period_folder)
    earlier = _earlier_decisions(path)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    decided = 0
    for record in consented(responses).to_dict("records"):
        respondent = int(record["respondent"])
        original = _ILLEGAL.sub("", str(record["comment"]))
        kept = earlier.get(respondent)
        decision = kept.raw_decision if kept and same_text(kept.original, original) and kept.decision is not None else ""
        decided += bool(decision)
        service = service_names.get(record["service_id"], record["service_id"])
        sheet.append([period, service, respondent, original, scrub(original), decision])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # a comment starting with «=» is text, not a formula for the spreadsheet program to run
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = sheet.max_row - 1
    choice = DataValidation(type="list", formula1=f'"{_YES},{_NO}"', allow_blank=True, showDropDown=False,
                            errorTitle="Только «да» или «нет»",
                            error="Выберите «да» (публиковать отзыв после удаления персональных данных) или «нет»")
    sheet.add_data_validation(choice)
    choice.add(f"F2:F{max(2, rows + 1)}")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A2"
    _save_replacing(book, path)
    return Written(path, rows, decided)


def _earlier_decisions(path: Path) -> dict[int, ReviewRow]:
    if not path.exists():
        return {}
    try:
        return {row.respondent: row for row in read_review(path) if row.respondent is not None}
    except ReviewUnreadable:
        return {}  # a broken workbook is replaced; its decisions could not be read anyway


def _save_replacing(book, path: Path) -> None:
    """Written beside the old workbook and swapped in: a failed save leaves the old one whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".comments_review-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# --- reading -----------------------------------------------------------------------------

def read_review(path: Path) -> list[ReviewRow]:
    """The rows of a review workbook; ReviewUnreadable when it is not one."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises anything from zipfile to KeyError on a broken file
        raise ReviewUnreadable(f"файл не читается как книга Excel ({type(exc).__name__}): "
                               "удалите его и создайте заново командой transparency comments") from exc
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(v or "").strip().lower() for v in next(lines, ())]
        columns = _columns(header)
        rows = []
        for number, values in enumerate(lines, start=2):
            values = list(values) + [None] * len(HEADERS)
            if not any(v not in (None, "") for v in values):
                continue
            raw = str(values[columns["decision"]] or "").strip()
            rows.append(ReviewRow(number, _respondent(values[columns["respondent"]]),
                                  str(values[columns["original"]] or ""), _decision(raw), raw))
        return rows
    finally:
        book.close()


def _columns(header: list[str]) -> dict[str, int]:
    wanted = {"respondent": HEADERS[2].lower(), "original": HEADERS[3].lower(), "decision": DECISION}
    missing = [title for title in wanted.values() if title not in header]
    if missing:
        raise ReviewUnreadable("в первой строке нет столбцов " + ", ".join(f"«{m}»" for m in missing)
                               + ": создайте файл заново командой transparency comments (принятые решения "
                                 "перенесите из старого файла)")
    return {key: header.index(title) for key, title in wanted.items()}


def _respondent(value) -> int | None:
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _decision(raw: str) -> bool | None:
    word = raw.lower()
    if word in ("да", "yes", "1", "true"):
        return True
    if word in ("нет", "no", "0", "false"):
        return False
    return None


# --- what may be published, and what the maintainer must do ------------------------------

def approved_comments(period_folder: Path, responses: pd.DataFrame) -> set[int]:
    """The questionnaire numbers whose comment may be published: consent, «да» in the review
    workbook, and the reviewed comment still the comment in the data."""
    path = review_path(period_folder)
    if not path.exists():
        return set()
    try:
        reviewed = {row.respondent: row for row in read_review(path) if row.respondent is not None}
    except ReviewUnreadable:
        return set()
    approved = set()
    for record in consented(responses).to_dict("records"):
        row = reviewed.get(int(record["respondent"]))
        if row and row.decision is True and same_text(row.original, record["comment"]):
            approved.add(int(record["respondent"]))
    return approved


def check_review(period_folder: Path, shown_folder: str, responses: pd.DataFrame, report: Report) -> None:
    """Add to `report` what stands between the consented comments of a period and the site.
    `shown_folder` is the period folder as messages show it (periods/2025)."""
    file = f"{shown_folder}/{REVIEW_FILE}"
    comments = consented(responses)
    path = review_path(period_folder)
    command = f"transparency comments --period {Path(shown_folder).name}"
    if not path.exists():
        if len(comments):
            report.add(file, None, None, "comments-not-reviewed",
                       f"{_count(len(comments))} с согласием на публикацию ещё никто не проверил, поэтому на сайт "
                       f"они не попадут: создайте файл проверки командой «{command}», прочитайте отзывы и "
                       f"поставьте «{_YES}» в столбце «{DECISION}» тем, что можно публиковать",
                       severity="warning")
        return
    try:
        rows = read_review(path)
    except ReviewUnreadable as exc:
        report.add(file, None, None, "comments-review-unreadable", str(exc))
        return
    by_number = {row.respondent: row for row in rows if row.respondent is not None}
    current = {int(r["respondent"]): r["comment"] for r in comments.to_dict("records")}
    waiting = []
    for number, comment in current.items():
        row = by_number.get(number)
        if row is None or row.decision is None and not row.raw_decision:
            waiting.append(number)
        elif not same_text(row.original, comment):
            report.add(file, row.row, HEADERS[3], "comment-review-outdated",
                       f"отзыв анкеты № {number} изменился после проверки, и пока его не проверят заново, он не "
                       f"публикуется: выполните «{command}» (решения по неизменённым отзывам сохранятся) и "
                       f"решите заново по этой строке", severity="warning")
    if waiting:
        report.add(file, None, DECISION, "comments-not-reviewed",
                   f"{_count(len(waiting))} с согласием на публикацию не проверены (анкеты № "
                   f"{_numbers(waiting)}) и на сайт не попадут: "
                   + ("добавьте их в файл командой «" + command + "» и " if any(n not in by_number for n in waiting)
                      else "")
                   + f"поставьте «{_YES}» или «{_NO}» в столбце «{DECISION}»", severity="warning")
    for row in rows:
        if row.respondent is None:
            report.add(file, row.row, HEADERS[2], "comment-review-respondent-invalid",
                       "номер анкеты не читается: не меняйте столбец «Номер анкеты», по нему строка связана "
                       "с анкетой в responses; решение этой строки не учитывается", severity="warning")
        elif row.decision is None and row.raw_decision:
            report.add(file, row.row, DECISION, "comment-review-decision-invalid",
                       f"«{row.raw_decision}» — не решение: поставьте «{_YES}» (публиковать) или «{_NO}»; "
                       "пока отзыв не публикуется", severity="warning")
        elif row.respondent not in current and row.decision:
            report.add(file, row.row, HEADERS[2], "comment-review-unknown-respondent",
                       f"анкеты № {row.respondent} с отзывом и согласием на публикацию в данных периода нет, "
                       "отзыв не публикуется: проверьте номер анкеты или удалите строку", severity="warning")


def _count(number: int) -> str:
    from generator.text_ru import plural_count

    return plural_count(number, "отзыв", "отзыва", "отзывов").capitalize()


def _numbers(numbers: list[int], shown: int = 10) -> str:
    text = ", ".join(str(n) for n in sorted(numbers)[:shown])
    return text + (f" и ещё {len(numbers) - shown}" if len(numbers) > shown else "")


# --- wiring: the whole dataset, and the command ------------------------------------------

def apply_review(dataset, report: Report) -> None:
    """For every period with raw responses: report what the review still needs (check_review) and
    narrow `publish` to the approved comments, so every later `publishable(...)` — the pages, the
    quotes, the pain map — publishes only what a person approved. Call once, right after validation."""
    for period in dataset.periods:
        table = period.tables.get("responses")
        if table is None or table.empty or "publish" not in table:
            continue
        folder = Path(dataset.root) / "periods" / period.period.name
        check_review(folder, f"periods/{period.period.name}", table, report)
        approved = approved_comments(folder, table)
        given = table[CONSENT] if CONSENT in table else table["publish"]
        # a new frame sharing the other columns (copy-on-write): no copy of millions of answers
        period.tables["responses"] = table.assign(**{CONSENT: given,
                                                     "publish": consent(given) & table["respondent"].isin(approved)})


def review_command(data_dir: Path, period: str, say=print) -> int:
    """`transparency comments --data DIR --period P`: check the data, then write (or refresh) the
    review workbook of the period. Exit code 1 when the data cannot be read or the period is unknown."""
    from generator.build import check

    report, dataset = check(Path(data_dir))
    # a broken review workbook is what this command repairs: it does not stop it
    if dataset is None or any(p.code != "comments-review-unreadable" for p in report.errors):
        say(report.as_text())
        say("Файл проверки отзывов не создан: сначала исправьте ошибки в данных.")
        return 1
    found = next((p for p in dataset.periods if p.period.name == period), None)
    if found is None:
        known = ", ".join(p.period.name for p in dataset.periods) or "нет ни одного"
        say(f"Периода «{period}» в папке {Path(data_dir) / 'periods'} нет; есть: {known}. "
            "Укажите папку периода в --period.")
        return 1
    written = write_review(Path(dataset.root) / "periods" / period, period, found.tables.get("responses"),
                           dataset.service_names())
    if not written.comments:
        say(f"В периоде {period} нет отзывов с согласием на публикацию: проверять нечего "
            f"(файл {written.path} создан пустым).")
        return 0
    say(f"Файл проверки отзывов: {written.path}\n"
        f"Отзывов с согласием на публикацию: {written.comments}; решение уже принято по {written.decided}.\n"
        f"Прочитайте в нём каждый отзыв рядом с текстом после удаления персональных данных и поставьте "
        f"«{_YES}» в столбце «{DECISION}» тем, что можно публиковать, «{_NO}» — остальным. "
        "На сайт попадут только отзывы с «да». Сохраните файл на месте и соберите сайт заново.")
    return 0
